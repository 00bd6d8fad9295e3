"""The CLI contract: valid JSON on stdout or --out, markdown, JSON progress, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from probes.report_io import parse_report

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "probes", "--no-bench", *args],
        cwd=REPO,
        capture_output=True,
        timeout=timeout,
        env={"PATH": "/usr/bin:/bin", "FA_PROBES_FRAMEWORKS": "none"},
    )


def test_json_to_stdout_with_progress_json() -> None:
    res = _run("--progress-json")
    assert res.returncode == 0, res.stderr.decode()
    report = parse_report(res.stdout, "stdout")
    assert report.tier == "none"
    assert report.host.os in ("linux", "macos", "windows", "other")
    assert report.cpu.logical_cores and report.cpu.logical_cores >= 1
    events = [json.loads(line) for line in res.stderr.decode().splitlines() if line.strip()]
    assert events, "progress events expected"
    for ev in events:
        assert set(ev) == {"step", "done", "total", "elapsed_s", "eta_s"}
    assert events[-1]["done"] == events[-1]["total"]


def test_progress_json_lines_only_with_out(tmp_path: Path) -> None:
    res = _run("--progress-json", "--out", str(tmp_path / "r.json"))
    assert res.returncode == 0
    for line in res.stderr.decode().splitlines():
        json.loads(line)  # every stderr line is machine-readable
    parse_report((tmp_path / "r.json").read_bytes(), "r.json")


def test_out_file_markdown(tmp_path: Path) -> None:
    out = tmp_path / "box.md"
    res = _run("--format", "md", "--out", str(out), "--quiet")
    assert res.returncode == 0
    assert res.stdout == b""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Machine probe / 机器探测")
    assert "## Accelerators / 加速器" in text


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert _run("--tier", "huge").returncode == 2
    res = _run("--out", str(tmp_path / "missing" / "x.json"))
    assert res.returncode == 2
    assert b"folder does not exist" in res.stderr


def test_lang_zh_progress_messages_and_markdown_are_chinese(tmp_path: Path) -> None:
    """issue 13: no Chinese in English progress, no English in Chinese progress."""
    out = tmp_path / "box.md"
    res = _run("--lang", "zh", "--format", "md", "--out", str(out))
    assert res.returncode == 0, res.stderr.decode()
    err = res.stderr.decode().splitlines()
    assert err[0].startswith("[0/") and "硬件清单" in err[0] and "秒" in err[0]
    assert err[-1] == f"probes：报告已写入 {out}"
    assert not [line for line in err if " / " in line or " s left" in line]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 机器探测\n") and "## 加速器" in text and "Accelerators" not in text


def test_lang_en_has_no_chinese(tmp_path: Path) -> None:
    out = tmp_path / "box.md"
    res = _run("--lang", "en", "--format", "md", "--out", str(out))
    assert res.returncode == 0
    for text in (res.stderr.decode(), out.read_text(encoding="utf-8")):
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text


def test_bad_arguments_in_chinese_exit_2(tmp_path: Path) -> None:
    res = _run("--lang", "zh", "--tier", "huge")
    assert res.returncode == 2
    assert res.stderr.decode().strip() == (
        "probes：参数 --tier：无效的选项 'huge'（可选：'quick', 'standard', 'deep'）"
    )
    res = _run("--lang", "zh", "--out", str(tmp_path / "missing" / "x.json"))
    assert res.returncode == 2 and "文件夹不存在" in res.stderr.decode()
