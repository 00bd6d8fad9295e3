"""``--out`` of both command lines: only regular files, written atomically, SIGTERM-safe."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kb.atomic_write import OutputError, check_target, write_atomically
from tests.hostile.hostile_files import GOOD_PROFILE, ROOT, assert_one_clean_line, run_cli


def _targets(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    real = tmp_path / "real.txt"
    real.write_bytes(b"precious")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    folder = tmp_path / "folder"
    folder.mkdir()
    return {"device": Path("/dev/null"), "fifo": fifo, "symlink": link, "folder": folder}


def _cli(tool: str, tmp_path: Path, out: Path) -> list[str]:
    if tool == "probes":
        return ["probes", "--no-bench", "--quiet", "--out", str(out)]
    profile = tmp_path / "p.yaml"
    profile.write_bytes(GOOD_PROFILE)
    return ["recommender", "--profile", str(profile), "--format", "md", "--out", str(out)]


@pytest.mark.parametrize("kind", ["device", "fifo", "symlink", "folder"])
@pytest.mark.parametrize("tool", ["recommender", "probes"])
def test_out_refuses_non_regular_targets(tmp_path: Path, tool: str, kind: str) -> None:
    target = _targets(tmp_path)[kind]
    before = os.lstat(target)
    err = assert_one_clean_line(run_cli(_cli(tool, tmp_path, target), timeout=30), str(target))
    assert "allowed: a new file or an existing regular file" in err
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert (tmp_path / "real.txt").read_bytes() == b"precious"


def test_write_atomically_replaces_a_regular_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]
    assert stat.S_IMODE(target.stat().st_mode) & 0o044  # umask applies, not mkstemp's 0600


def test_check_target_refuses_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="folder does not exist"):
        check_target(tmp_path / "nope" / "r.md")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_during_write_keeps_old_file_and_leaves_no_temp(tmp_path: Path, sig: int) -> None:
    """A real process is stopped while its bytes are on the way to disk (inside fsync)."""
    target = tmp_path / "report.json"
    target.write_bytes(b"previous report")
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from kb import atomic_write
        real_fsync = os.fsync
        def slow_fsync(fd):
            real_fsync(fd)
            print("writing", flush=True)
            time.sleep(30)
        atomic_write.os.fsync = slow_fsync
        atomic_write.write_atomically({str(target)!r}, b"x" * 5_000_000)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"writing\n"
    temps = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(temps) == 1 and temps[0].stat().st_size == 5_000_000  # caught mid-write
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 128 + sig, err
    assert b"Traceback" not in err
    assert target.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_probes_cli_writes_atomically(tmp_path: Path) -> None:
    out = tmp_path / "probe.json"
    out.write_bytes(b"old")
    result = run_cli(["probes", "--no-bench", "--quiet", "--out", str(out)], timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["probe.json"]
