"""The hand-made hostile inputs of issue 14, built byte by byte, and a CLI runner that measures.

Each file is small in the repository (it is generated here) and exactly as hostile as the one the
security review used: the alias bomb is 597 bytes, the nesting 500 levels, the integer 4,301
digits. ``run_cli`` reports the child's own CPU time and peak RSS (``os.wait4``), so the bounds
hold on a busy machine where wall time mostly measures the interpreter's start. A small launcher
process forks the CLI, so the RSS is the CLI's and not a copy of the pytest process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "tests" / "fixtures" / "probes" / "reports"
GOOD_PROBE = REPORTS / "cpu_2vcpu_both_quick.json"
GOOD_PROFILE = b"description: hostile-file tests\nanswers:\n  os: linux\n"
MAX_CPU_S = 2.0
MAX_RSS_MB = 200.0
CONTROL = ("\x1b", "\u202e", "\u2066", "\x00", "\x07")


def _alias_bomb() -> bytes:
    """The classic billion-laughs document, padded with a comment to the reported 597 bytes."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    body = "\n".join(lines) + "\n"
    pad = 597 - len(body) - len("# \n")
    return (f"# {'x' * pad}\n" + body).encode()


def _probe_with(path: tuple[str, ...], value: object) -> bytes:
    raw = json.loads(GOOD_PROBE.read_bytes())
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return json.dumps(raw).encode()


# name -> bytes of a profile (YAML unless the name ends in .json); each must be refused.
PROFILES: dict[str, bytes] = {
    "alias_bomb.yaml": _alias_bomb(),
    "deep_500.yaml": b"answers: " + b"[" * 500 + b"]" * 500 + b"\n",
    "deep_500_block.yaml": "".join(f"{'  ' * i}k{i}:\n" for i in range(500)).encode(),
    "deep_500.json": b'{"answers": ' + b"[" * 500 + b"]" * 500 + b"}",
    "int_4301.yaml": b"schema_version: " + b"9" * 4301 + b"\n",
    "int_4301.json": b'{"schema_version": ' + b"9" * 4301 + b"}",
    "bad_int.yaml": b"schema_version: !!int abc\n",
    "bad_timestamp.yaml": b"description: !!timestamp 2025-13-45\n",
    "nul.yaml": b"description: a\x00b\nanswers: {}\n",
    "bell.json": b'{"description": "a\x07b"}',
    "value_1mb.yaml": b"description: " + b"x" * (1024 * 1024) + b"\n",
    "ansi_key.yaml": b"answers:\n  \x1b[31mos: linux\n",
    "ansi_key.json": b'{"answers": {"\\u001b[31m\\u202eos": "linux"}}',
    "bidi_key.yaml": "answers:\n  \u202eos\u202c: linux\n".encode(),
    "duplicate_key.yaml": b"answers:\n  os: linux\n  os: windows\n",
    "duplicate_key.json": b'{"answers": {"os": "linux", "os": "windows"}}',
    "nan.json": b'{"schema_version": NaN}',
    "long_description.yaml": b"description: " + b"y" * 200_000 + b"\n",
    "python_tag.yaml": b"description: !!python/object/apply:os.system ['true']\n",
}

# name -> bytes of a probe report; each must be refused.
PROBES: dict[str, bytes] = {
    "deep_500.json": b'{"schema_version": 1, "x": ' + b"[" * 500 + b"]" * 500 + b"}",
    "int_4301.json": b'{"schema_version": ' + b"9" * 4301 + b"}",
    "nan_ram.json": _probe_with(("memory", "total_gb"), float("nan")),
    "inf_ram.json": _probe_with(("memory", "total_gb"), float("inf")),
    "negative_cores.json": _probe_with(("cpu", "logical_cores"), -4),
    "bad_date.json": _probe_with(("collected_at",), "2025-13-45"),
    "nul.json": b'{"schema_version": 1,\x00 "x": 1}',
    "ansi_key.json": b'{"schema_version": "\\u001b[2J\\u202eevil"}',
    "duplicate_key.json": b'{"schema_version": 1, "schema_version": 1}',
    "alias_bomb.yaml": _alias_bomb(),
    "value_1mb.json": b'{"schema_version": "' + b"z" * (1024 * 1024) + b'"}',
}


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    cpu_s: float
    rss_mb: float


# Linux charges a child with the RSS it had between fork and exec, i.e. a copy of the (large)
# pytest process. A small launcher forks the CLI instead and reports the CLI's own rusage.
_LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    json.dump([os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss], report)
"""


def run_cli(args: list[str], timeout: float = 60, stdin: int | None = None) -> Result:
    """``python -m <args>`` with the CLI's own CPU time and peak RSS (``os.wait4``)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as folder,
    ):
        report = Path(folder) / "rusage.json"
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(report), *args],
            cwd=ROOT,
            stdout=out,
            stderr=err,
            stdin=stdin,
            start_new_session=True,
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise AssertionError(f"python -m {' '.join(args)[:200]} ran past {timeout} s") from None
        returncode, cpu_s, maxrss_kib = json.loads(report.read_text())
        out.seek(0)
        err.seek(0)
        return Result(
            returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            cpu_s,
            maxrss_kib / 1024,  # KiB on Linux
        )


def assert_one_clean_line(result: Result, must_name: str) -> str:
    """Exit 2, one stderr line naming the file, no traceback, no raw control character, bounded."""
    err = result.stderr
    assert result.returncode == 2, (result.returncode, err[-2000:])
    assert err.endswith("\n") and err.count("\n") == 1, err[-2000:]
    assert "Traceback" not in err
    assert must_name in err, err
    assert not any(c in err for c in CONTROL), ascii(err)
    assert len(err) <= 700, len(err)
    assert result.cpu_s <= MAX_CPU_S, f"{result.cpu_s:.2f} s CPU"
    assert result.rss_mb <= MAX_RSS_MB, f"{result.rss_mb:.0f} MB"
    return err
