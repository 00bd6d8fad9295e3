"""Must-haves that rule out every framework read as a conflict, not as a close call.

A project that depends on one library only TensorFlow has and another only PyTorch has gets no
framework. The published JSON keeps ``verdict: too_close`` with no winner (docs/contracts.md);
what people read says the requirements conflict, names what dropping each one would leave, and
makes choosing which to drop the next step. The picks are found in the KB (single picks that
rule out exactly one framework), so the test follows the data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kb
from recommender import recommend
from recommender.cli import main as cli_main
from recommender.export import get_exporter
from recommender.export.card import decision_card
from recommender.models import Profile, Recommendation
from tests.recommender.rec_kbfactory import NOW

REAL = kb.load()
DRAWS = 400


def _rec(picks: list[str]) -> Recommendation:
    return recommend(REAL, Profile(answers={"toolchains": picks}), draws=DRAWS, now=NOW)


def _only_for() -> dict[str, list[str]]:
    """Toolchain picks that alone rule out every framework but one: framework -> picks."""
    out: dict[str, list[str]] = {}
    question = REAL.question("toolchains")
    assert question is not None
    for option in question.options:
        if option.id == "none":
            continue
        rec = _rec([option.id])
        left = set(rec.scores) - rec.ruled_out()
        if len(left) == 1:
            out.setdefault(left.pop(), []).append(option.id)
    return out


ONLY_FOR = _only_for()


@pytest.fixture(scope="module")
def pair_of_picks() -> tuple[str, str]:
    """One pick only PyTorch meets, one only TensorFlow meets."""
    if not (ONLY_FOR.get("pytorch") and ONLY_FOR.get("tensorflow")):
        pytest.fail(f"the KB has no opposing single-framework toolchains: {ONLY_FOR}")
    return ONLY_FOR["pytorch"][0], ONLY_FOR["tensorflow"][0]


def test_the_json_contract_is_kept_and_the_conflict_is_told_apart(
    pair_of_picks: tuple[str, str],
) -> None:
    rec = _rec(list(pair_of_picks))
    assert rec.winner is None and rec.leader is None
    assert rec.verdict == "too_close"  # the published enum (docs/contracts.md)
    assert rec.ruled_out_all() and rec.shown_verdict == "conflict"
    dumped = json.loads(rec.model_dump_json())
    assert dumped["verdict"] == "too_close" and "shown_verdict" not in dumped


def test_a_close_call_is_not_a_conflict() -> None:
    rec = _rec([])
    assert not rec.ruled_out_all()
    assert rec.shown_verdict == rec.verdict


def test_each_dropped_requirement_is_a_what_if_naming_who_is_left(
    pair_of_picks: tuple[str, str],
) -> None:
    torch_only, tf_only = pair_of_picks
    rec = _rec([torch_only, tf_only])
    dropped = {w.option: w for w in rec.what_ifs if w.removed}
    # dropping the PyTorch-only pick leaves TensorFlow, and the other way round
    assert dropped[torch_only].new_leader == "tensorflow"
    assert dropped[tf_only].new_leader == "pytorch"
    for w in dropped.values():
        assert w.changes_leader and not w.rules_out_leader
        assert "only option left" in w.sentence_en and "唯一" in w.sentence_zh
    assert rec.next_steps_en[0].startswith("Decide which requirement to drop")
    assert rec.next_steps_zh[0].startswith("决定放弃哪一项要求")


def test_when_no_single_drop_is_enough_the_card_says_so() -> None:
    torch_only, tf_only = ONLY_FOR["pytorch"], ONLY_FOR["tensorflow"]
    if len(torch_only) < 2 or len(tf_only) < 2:
        pytest.skip("needs two single-framework picks on each side")
    rec = _rec([*torch_only[:2], *tf_only[:2]])
    assert rec.shown_verdict == "conflict"
    assert not [w for w in rec.what_ifs if w.changes_leader]
    card = decision_card(rec, REAL, "en")
    assert card.what_ifs == []
    assert card.what_ifs_none.startswith("Dropping one requirement is not enough")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_card_and_report_read_as_a_conflict(pair_of_picks: tuple[str, str], lang: str) -> None:
    rec = _rec(list(pair_of_picks))
    card = decision_card(rec, REAL, lang)
    assert card.verdict == "conflict" and card.verdict_symbol == "⊘"
    words = {
        "en": ("Requirements conflict", "No framework meets every requirement", "too close"),
        "zh": ("要求相互冲突", "没有框架能满足全部必需条件", "难分高下"),
    }[lang]
    assert card.verdict_label == words[0] and card.headline == words[1]
    assert card.give_up == [] and card.give_up_none  # the requirement one drops
    assert card.install_command is None and card.install_options == []
    report = get_exporter("md").render(rec, REAL, lang).decode()
    head = report.split("\n# ")[0]  # the decision card, before the appendix
    assert words[1] in head and words[2] not in head.lower()


def test_cli_closing_line_names_the_conflict(
    pair_of_picks: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"answers": {"toolchains": list(pair_of_picks)}}))
    out = tmp_path / "r.md"
    code = cli_main(["--profile", str(profile), "--format", "md", "--out", str(out)])
    assert code == 0
    assert "(no framework meets every requirement)" in capsys.readouterr().err


# --- an exclusive answer chosen beside others ("Not deployed" with "Android app") -----------


def _exclusive_pairs() -> list[tuple[str, str, str]]:
    """(question, exclusive option, another option) for every multi question that has one."""
    out = []
    for q in REAL.questions:
        for ex in (o for o in q.options if o.exclusive):
            out += [(q.id, ex.id, o.id) for o in q.options if not o.exclusive][:3]
    return out


@pytest.mark.parametrize(("qid", "exclusive", "other"), _exclusive_pairs())
def test_a_contradicted_exclusive_answer_is_set_aside_and_said(
    qid: str, exclusive: str, other: str
) -> None:
    both = recommend(REAL, Profile(answers={qid: [exclusive, other]}), draws=DRAWS, now=NOW)
    alone = recommend(REAL, Profile(answers={qid: [other]}), draws=DRAWS, now=NOW)
    assert both.effective_answers[qid] == [other]
    # the same decision as without the contradicted answer ...
    assert both.scores == alone.scores and both.verdict == alone.verdict
    # ... and a warning, in both languages, that names what was set aside and what was kept
    label = REAL.question(qid).option(exclusive).label  # type: ignore[union-attr]
    said = [w for w in both.warnings if w.startswith(f"“{label.en}” was set aside")]
    assert len(said) == 1 and REAL.question(qid).option(other).label.en in said[0]  # type: ignore[union-attr]
    assert any(w.startswith(f"“{label.zh}”已搁置") for w in both.warnings_zh)
    assert not [w for w in alone.warnings if "set aside" in w]


def test_an_exclusive_answer_alone_is_kept() -> None:
    for qid, exclusive, _ in _exclusive_pairs():
        rec = recommend(REAL, Profile(answers={qid: [exclusive]}), draws=DRAWS, now=NOW)
        assert rec.effective_answers[qid] == [exclusive]
        assert not [w for w in rec.warnings if "set aside" in w]


# --- answers of different questions that do not fit together (rules.yaml "note") -----------


def _note_rules() -> list[str]:
    return [r.id for r in REAL.rules if any(e.kind == "note" for e in r.effects)]


def _profile_for(rule_id: str) -> dict[str, str | list[str]]:
    """Answers that satisfy every condition of a note rule (its conditions are on answers)."""
    rule = next(r for r in REAL.rules if r.id == rule_id)
    answers: dict[str, str | list[str]] = {}
    for cond in rule.when:
        qid = cond.fact.removeprefix("answers.")
        q = REAL.question(qid)
        assert q is not None and cond.fact.startswith("answers."), cond.fact
        value = cond.contains or cond.equals or (cond.any_of or [""])[0]
        assert isinstance(value, str), cond
        answers[qid] = [value] if q.kind == "multi" else value
    return answers


@pytest.mark.parametrize("rule_id", _note_rules())
def test_a_note_warns_in_both_languages_and_changes_nothing_else(rule_id: str) -> None:
    answers = _profile_for(rule_id)
    rule = next(r for r in REAL.rules if r.id == rule_id)
    note = next(e for e in rule.effects if e.kind == "note")
    rec = recommend(REAL, Profile(answers=answers), draws=DRAWS, now=NOW)
    assert note.reason.en in rec.warnings and note.reason.zh in rec.warnings_zh
    without = REAL.model_copy(update={"rules": [r for r in REAL.rules if r.id != rule_id]})
    plain = recommend(without, Profile(answers=answers), draws=DRAWS, now=NOW)
    assert plain.scores == rec.scores and plain.verdict == rec.verdict
    assert plain.win_probability == rec.win_probability
    assert note.reason.en not in plain.warnings


def test_the_shipped_notes_cover_tpu_and_apple_gpu_on_the_wrong_os() -> None:
    assert {"tpu_training_runs_on_linux", "apple_gpu_needs_macos"} <= set(_note_rules())
    fits = recommend(REAL, Profile(answers={"hardware": ["tpu"], "os": "linux"}), draws=DRAWS)
    assert not [w for w in fits.warnings if "do not fit together" in w]
