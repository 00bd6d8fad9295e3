"""``recommender diff``: what changed and why, exit codes, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.schema import KnowledgeBase
from recommender.diff import diff, main, render_text
from recommender.export import EXPORTERS
from recommender.models import Recommendation
from tests.export.export_sample import sample_recommendation


def changed(rec: Recommendation) -> Recommendation:
    """The same decision after the user switched stage and the KB and machine changed."""
    weights = [w.model_copy() for w in rec.weights]
    weights[0] = weights[0].model_copy(update={"weight": 0.30, "sources": []})
    contributions = [c.model_copy(deep=True) for c in rec.contributions]
    contributions[1].values[0].value = 8.0
    assert rec.probe is not None
    frameworks = {"tensorflow": "missing", "pytorch": "ok 2.13.0"}
    probe = rec.probe.model_copy(update={"frameworks": frameworks})
    return rec.model_copy(
        update={
            "winner": "tensorflow",
            "runner_up": "pytorch",
            "verdict": "too_close",
            "scores": {"tensorflow": 72.0, "pytorch": 71.5},
            "margin": 0.5,
            "profile": rec.profile.model_copy(update={"answers": {"stage": "research"}}),
            "weights": weights,
            "contributions": contributions,
            "kb_hash": "sha256:cafe",
            "probe": probe,
            "flip_points": [],
        }
    )


def write(path: Path, rec: Recommendation, kb: KnowledgeBase) -> str:
    path.write_bytes(EXPORTERS["json"].render(rec, kb, "en"))
    return str(path)


def test_lists_changes_with_causes(rec: Recommendation) -> None:
    text = render_text(diff(rec, changed(rec)), "en")
    for line in (
        "Inputs:",
        "- answer deploy_targets: mobile, browser → (absent)",
        "- answer stage: production → research",
        "- knowledge base content hash: sha256:feedface → sha256:cafe",
        "- probe frameworks: tensorflow ok 2.21.0, pytorch ok 2.13.0 → tensorflow missing, "
        "pytorch ok 2.13.0",
        "Outcome:",
        "- winner: pytorch → tensorflow  (weights changed; ratings changed)",
        "- verdict: lean → too_close",
        "- score pytorch: 74.9 → 71.5",
        "- margin: 4.4 → 0.5",
        "- weight of Mobile and edge deployment: 46.0 % → 30.0 %  (because stage changed)",
        "- rating of tensorflow on Ecosystem and pretrained models: 6 → 8  "
        "(knowledge base changed)",
        "- flip point on Mobile and edge deployment: 71 % → (absent)",
    ):
        assert line in text, f"{line!r} not in:\n{text}"


def test_chinese_output(rec: Recommendation) -> None:
    text = render_text(diff(rec, changed(rec), "zh"), "zh")
    assert "胜出者: pytorch → tensorflow  (权重已更改；评分已更改)" in text
    assert "移动端与边缘部署 的权重: 46.0 % → 30.0 %  (因为 stage 的回答改变)" in text


def test_cli_identical_and_changed(
    tmp_path: Path, rec: Recommendation, kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "old.json", rec, kb)
    assert main([old, old]) == 0
    assert capsys.readouterr().out == "No differences.\n"
    new = write(tmp_path / "new.json", changed(rec), kb)
    assert main([old, new, "--lang", "zh"]) == 0
    assert "胜出者" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read (No such file or directory)"),
        (b"{", "truncated JSON"),
        (b'{"schema_version": 1}', "field “generated_at”: missing"),
    ],
)
def test_cli_bad_file_exits_2_with_one_line(
    tmp_path: Path,
    rec: Recommendation,
    kb: KnowledgeBase,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    message: str,
) -> None:
    good = write(tmp_path / "good.json", rec, kb)
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_bytes(content)
    assert main([good, str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"recommender: {bad}:") and message in err, err


def test_cli_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["only-one.json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "usage: python -m recommender diff OLD.json NEW.json" in err
    assert main(["a.json", "b.json", "--lang", "fr"]) == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_description_change_is_reported_without_its_text(kb: KnowledgeBase) -> None:
    a, b = sample_recommendation("secret plan A"), sample_recommendation("secret plan B!")
    text = render_text(diff(a, b), "en")
    assert "- project description: 13 chars → 14 chars" in text
    assert "secret" not in text


def test_real_recommendations_explain_weight_changes_by_answer() -> None:
    """Through the real KB and recommender: changing one answer is named as the cause."""
    import kb as kb_pkg
    from recommender import recommend
    from recommender.models import Profile
    from tests.export.export_golden import NOW

    knowledge = kb_pkg.load()
    answers: dict[str, str | list[str]] = {"stage": "production", "domains": ["vision"]}
    before = recommend(knowledge, Profile(answers=answers), draws=500, now=NOW)
    after = recommend(
        knowledge, Profile(answers={**answers, "stage": "research"}), draws=500, now=NOW
    )
    d = diff(before, after)
    assert [c.what for c in d.inputs] == ["answer stage"]
    weights = [c for c in d.outcome if c.what.startswith("weight of")]
    assert weights and all("because stage changed" in c.why for c in weights), weights


def test_terminal_escapes_from_a_crafted_file_are_not_printed(rec: Recommendation) -> None:
    evil = rec.model_copy(update={"warnings": ["\x1b[2J\x1b]0;pwned\x07 cleared"]})
    text = render_text(diff(rec, evil), "en")
    assert "\x1b" not in text and "\x07" not in text
    assert "[2J]0;pwned cleared" in text
