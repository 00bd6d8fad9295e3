"""``python -m recommender``: exit codes, one-line errors, nothing written on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from recommender.cli import main
from tests.recommender.rec_kbfactory import probe

PROFILE = "description: web team\nanswers:\n  stage: production\n  deploy_targets: [browser]\n"


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "team.yaml").write_text(PROFILE, encoding="utf-8")
    report = probe(vendors=["nvidia"]).model_dump_json()
    (tmp_path / "box.json").write_text(report, encoding="utf-8")
    (tmp_path / "cut.json").write_text(report[: len(report) // 2], encoding="utf-8")
    newer = json.loads(report)
    newer["schema_version"] = 99
    (tmp_path / "newer.json").write_text(json.dumps(newer), encoding="utf-8")
    return {p.stem: p for p in tmp_path.iterdir()}


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def test_json_report_with_probe(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "advice.json"
    assert (
        run(
            "--profile",
            files["team"],
            "--probe",
            files["box"],
            "--format",
            "json",
            "--out",
            out,
            "--draws",
            "500",
        )
        == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in (
        "schema_version",
        "winner",
        "verdict",
        "scores",
        "win_probability",
        "eliminated",
        "contributions",
        "flip_points",
        "warnings",
        "kb_version",
        "kb_hash",
        "profile",
        "probe",
    ):
        assert key in data
    assert data["probe"]["accelerators"] == ["nvidia device"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".advice")]  # no temp left


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--profile", "{bad}"], ["bad.yaml", "answers.stage", "allowed: one of"]),
        (["--profile", "{team}", "--probe", "{cut}"], ["cut.json", "truncated JSON"]),
        (["--profile", "{team}", "--probe", "{newer}"], ["newer.json", "schema_version"]),
        (["--profile", "{team}", "--lang", "fr"], ["--lang", "'fr'", "en", "zh"]),
        (
            ["--profile", "{team}", "--probe", "{missing}"],
            ["missing.json", "--probe", "cannot read"],
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    files: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    needles: list[str],
) -> None:
    (tmp_path / "bad.yaml").write_text("answers:\n  stage: [production]\n", encoding="utf-8")
    paths = {**files, "bad": tmp_path / "bad.yaml", "missing": tmp_path / "missing.json"}
    out = tmp_path / "advice.md"
    argv = [a.format(**{k: str(v) for k, v in paths.items()}) for a in args]
    assert main([*argv, "--format", "md", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [p.name for p in files.values()] + ["bad.yaml"]
    )


def test_unknown_format_and_missing_folder(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--profile", files["team"], "--format", "docx", "--out", tmp_path / "a.docx") == 2
    assert "--format" in capsys.readouterr().err
    assert run("--profile", files["team"], "--format", "md", "--out", tmp_path / "no" / "a.md") == 2
    assert "--out" in capsys.readouterr().err


def test_existing_out_is_untouched_on_bad_input(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "keep.md"
    out.write_text("previous report", encoding="utf-8")
    assert (
        run("--profile", files["team"], "--probe", files["cut"], "--format", "md", "--out", out)
        == 2
    )
    assert out.read_text(encoding="utf-8") == "previous report"


def test_real_subprocess_markdown_in_chinese(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "advice.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "recommender",
            "--profile",
            str(files["team"]),
            "--lang",
            "zh",
            "--format",
            "md",
            "--out",
            str(out),
            "--draws",
            "300",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    text = out.read_text(encoding="utf-8")
    assert "决策" in text


def test_diff_is_dispatched(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["diff", str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    assert code != 0  # missing files are bad input for whoever implements diff
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        ([], ["缺少必需的参数", "--profile"]),
        (
            ["--profile", "{bad}", "--format", "md", "--out", "{out}"],
            ["answers.stage", "只能选一项"],
        ),
        (["--profile", "{team}", "--probe", "{cut}", "--format", "md", "--out", "{out}"], ["截断"]),
        (["--profile", "{team}", "--format", "docx", "--out", "{out}"], ["--format", "无效的选项"]),
        (["--profile", "{missing}", "--format", "md", "--out", "{out}"], ["无法读取"]),
        (["--profile", "{team}", "--format", "md", "--out", "{folder}"], ["这是文件夹"]),
        (["--profile", "{team}", "--format", "md", "--out", "{out}", "--draws", "-1"], ["0 到"]),
    ],
)
@pytest.mark.parametrize("spelling", ["--lang zh", "--lang=zh"])
def test_lang_zh_makes_every_error_chinese(
    files: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    needles: list[str],
    spelling: str,
) -> None:
    """issue 13: "every user-visible string in the chosen language (CLI --lang too)"."""
    (tmp_path / "bad.yaml").write_text("answers:\n  stage: [production]\n", encoding="utf-8")
    paths = {
        **files,
        "bad": tmp_path / "bad.yaml",
        "missing": tmp_path / "missing.yaml",
        "out": tmp_path / "advice.md",
        "folder": tmp_path,
    }
    argv = [a.format(**{k: str(v) for k, v in paths.items()}) for a in args]
    assert main([*spelling.split(), *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("recommender：")
    for needle in needles:
        assert needle in err, err
    for english in ("allowed", "argument", "required", "cannot", "is not", "invalid"):
        assert english not in err, err
    assert not (tmp_path / "advice.md").exists()


def test_lang_is_read_from_the_flag_not_the_locale(
    files: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert main(["--profile", str(files["team"])]) == 2
    assert capsys.readouterr().err.startswith("recommender: the following arguments are required")
