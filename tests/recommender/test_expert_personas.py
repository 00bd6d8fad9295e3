"""Issue 11's expert persona suite against the shipped knowledge base.

The expectations in ``tests/fixtures/expert_personas`` were committed before the tool was run on
them (``docs/personas.md``). These tests check the suite itself, that every answer id is one the
questionnaire knows (or one of the issue-11 contract ids still being added: pending, not failing),
and that the recommender meets the issue's agreement targets: winner >= 90 %, within the expert's
acceptable set >= 85 %, more confident than the expert <= 10 %. On a miss the message is the
per-persona table that ``python benchmarks/persona_agreement.py`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from benchmarks import persona_agreement as pa
from kb.schema import KnowledgeBase


def v(winner: str | None, confidence: str) -> pa.Verdict:
    return pa.Verdict(winner=winner, confidence=confidence)


def expected(winner: str | None, confidence: str, *also: tuple[str | None, str]) -> pa.Expected:
    pairs = [v(winner, confidence), *(v(w, c) for w, c in also)]
    return pa.Expected(winner=winner, confidence=confidence, acceptable=pairs)


@pytest.fixture(scope="module")
def personas() -> list[pa.ExpertPersona]:
    return pa.load_personas()


@pytest.fixture(scope="module")
def results(personas: list[pa.ExpertPersona], real_kb: KnowledgeBase) -> list[pa.Result]:
    return [pa.evaluate(p, real_kb) for p in personas]


# --- the suite itself -------------------------------------------------------------------------


def test_suite_has_at_least_40_sourced_personas(personas: list[pa.ExpertPersona]) -> None:
    assert len(personas) >= 40
    assert len({p.id for p in personas}) == len(personas)
    for p in personas:
        for source in (p.source, *p.more_sources):
            assert source.checked == pa.CHECKED, f"{p.id}: source checked {source.checked}"


def test_suite_covers_every_verdict_kind(personas: list[pa.ExpertPersona]) -> None:
    kinds = {(p.expected.winner, p.expected.confidence) for p in personas}
    for kind in [
        ("pytorch", "clear"),
        ("pytorch", "lean"),
        ("tensorflow", "clear"),
        ("tensorflow", "lean"),
        (None, "too_close"),
    ]:
        assert kind in kinds, f"no persona expects {kind}"


def test_every_answer_id_is_known_or_pending(results: list[pa.Result]) -> None:
    """Unknown ids fail with the persona id; contract ids the KB lacks yet only mark pending."""
    invalid = [r.note for r in results if r.status == "invalid"]
    assert not invalid, "\n".join(invalid)


def test_the_held_out_set_loads_and_uses_known_ids(real_kb: KnowledgeBase) -> None:
    """The held-out personas (docs/personas.md) are measured, not targeted: only their form is
    checked here, so that ``benchmarks/persona_agreement.py --held-out`` can always run."""
    held = pa.load_personas(pa.HELD_OUT_DIR)
    assert len(held) >= 12
    suite = {p.id for p in pa.load_personas()}
    assert not suite & {p.id for p in held}, "a persona is in both sets"
    for p in held:
        for source in (p.source, *p.more_sources):
            assert source.checked == pa.CHECKED, f"{p.id}: source checked {source.checked}"
        result = pa.evaluate(p, real_kb)
        assert result.status == "evaluated", f"{p.id}: {result.note}"


def test_a_malformed_persona_file_is_refused_with_its_name(tmp_path: Path) -> None:
    good = (pa.PERSONA_DIR / "empty_profile.yaml").read_text(encoding="utf-8")
    (tmp_path / "empty_profile.yaml").write_text(good.replace("too_close", "clear", 1))
    with pytest.raises(ValueError, match=r"empty_profile\.yaml"):
        pa.load_personas(tmp_path)
    (tmp_path / "empty_profile.yaml").write_text(good)
    (tmp_path / "other_name.yaml").write_text(good)
    with pytest.raises(ValueError, match=r"other_name\.yaml: id 'empty_profile'"):
        pa.load_personas(tmp_path)


def test_id_check_separates_unknown_from_pending(real_kb: KnowledgeBase) -> None:
    base = pa.load_personas()[0].model_dump()

    def with_answers(answers: Mapping[str, object]) -> pa.ExpertPersona:
        return pa.ExpertPersona.model_validate({**base, "profile": {"answers": answers}})

    bogus = pa.check_ids(with_answers({"stage": "production", "colour": "blue"}), real_kb)
    assert bogus.status == "invalid" and base["id"] in bogus.problems[0]
    bad_option = pa.check_ids(with_answers({"stage": "someday"}), real_kb)
    assert bad_option.status == "invalid" and "'someday'" in bad_option.problems[0]
    known = pa.check_ids(with_answers({"stage": "production", "domains": ["vision"]}), real_kb)
    assert known.status == "evaluated"
    # A contract id is pending while the KB lacks it (here: a KB without the new questions and
    # with only the old deploy targets), and simply known once it is there.
    old_questions = []
    for q in real_kb.questions:
        if q.id in {"toolchains", "existing_code_size"}:
            continue
        if q.id == "deploy_targets":
            kept = [o for o in q.options if o.id not in pa.CONTRACT_OPTIONS["deploy_targets"]]
            q = q.model_copy(update={"options": kept})
        old_questions.append(q)
    old_kb = real_kb.model_copy(update={"questions": old_questions})
    answers = {"existing_code_size": "large", "deploy_targets": ["jetson", "cloud_server"]}
    pending = pa.check_ids(with_answers(answers), old_kb)
    assert pending.status == "pending"
    assert pending.problems == ("question 'existing_code_size'", "deploy_targets: option 'jetson'")
    # An id outside both the KB and the contract is an error even next to pending ones.
    mixed = {**answers, "deploy_targets": ["jetson", "no_such_target"]}
    invalid = pa.check_ids(with_answers(mixed), old_kb)
    assert invalid.status == "invalid"
    assert invalid.problems == (f"{base['id']}: unknown deploy_targets: option 'no_such_target'",)
    if real_kb.question("existing_code_size") is not None:
        assert pa.check_ids(with_answers(answers), real_kb).status == "evaluated"


# --- the agreement arithmetic -----------------------------------------------------------------


def test_more_confident_means_a_higher_confidence_than_the_expert() -> None:
    assert pa.more_confident(v("pytorch", "lean"), v("pytorch", "clear"))
    assert pa.more_confident(v(None, "too_close"), v("tensorflow", "lean"))
    assert pa.more_confident(v("tensorflow", "lean"), v("pytorch", "clear"))
    assert not pa.more_confident(v("pytorch", "clear"), v("pytorch", "clear"))
    assert not pa.more_confident(v("pytorch", "clear"), v(None, "too_close"))
    assert not pa.more_confident(v("tensorflow", "lean"), v("pytorch", "lean"))


def test_winner_verdict_and_acceptable_checks() -> None:
    exp = expected("tensorflow", "lean", ("tensorflow", "clear"))
    assert pa.same_winner(exp, v("tensorflow", "clear"))
    assert not pa.same_verdict(exp, v("tensorflow", "clear"))
    assert pa.acceptable(exp, v("tensorflow", "clear"))
    assert not pa.acceptable(exp, v(None, "too_close"))
    assert pa.same_winner(expected(None, "too_close"), v(None, "too_close"))
    with pytest.raises(ValueError):
        v(None, "clear")  # a clear verdict needs a winner
    with pytest.raises(ValueError):
        pa.Expected(winner="pytorch", confidence="clear", acceptable=[v("pytorch", "lean")])


def test_figures_count_only_evaluated_personas() -> None:
    base = pa.load_personas()[0]

    def result(
        exp: pa.Expected, got: pa.Verdict | None, status: pa.Status = "evaluated"
    ) -> pa.Result:
        persona = base.model_copy(update={"expected": exp})
        return pa.Result(persona, status, got=got)

    rows = [
        result(expected("pytorch", "lean", ("pytorch", "clear")), v("pytorch", "clear")),
        result(expected("pytorch", "clear"), v("pytorch", "clear")),
        result(expected(None, "too_close"), v("tensorflow", "lean")),
        result(expected("tensorflow", "lean"), v("tensorflow", "lean")),
        result(expected("pytorch", "clear"), None, status="pending"),
    ]
    fig = pa.figures(rows)
    assert (fig.evaluated, fig.pending, fig.invalid) == (4, 1, 0)
    assert fig.winner == pytest.approx(3 / 4)
    assert fig.verdict == pytest.approx(2 / 4)
    assert fig.acceptable == pytest.approx(3 / 4)
    assert fig.more_confident == pytest.approx(2 / 4)
    missed = pa.missed_targets(fig)
    assert len(missed) == 3 and missed[0].startswith("winner agreement 75%")
    assert pa.missed_targets(pa.figures([])) == ["no persona could be evaluated"]
    assert "PENDING" in pa.table(rows)


# --- the recommender against the experts --------------------------------------------------------


def test_agreement_meets_issue_11_targets(results: list[pa.Result]) -> None:
    """Issue 11's targets on all 69 personas (docs/decision-model.md section 7, round 5; the 14
    of round 5 were held out until the round-5 rules, which were fitted after seeing them)."""
    fig = pa.figures(results)
    missed = pa.missed_targets(fig)
    assert not missed, "\n" + pa.report(results)


def test_agreement_does_not_fall_below_what_was_reached(results: list[pa.Result]) -> None:
    """A floor at the figures reached (round 5, 69 personas: winner 94.2 %, acceptable 97.1 %,
    more confident 5.8 %; docs/decision-model.md section 7), tighter than the targets where they
    are beaten, so nothing slips back unnoticed (the Monte Carlo is seeded: the figures are
    exact)."""
    fig = pa.figures(results)
    assert fig.winner >= 0.94, "\n" + pa.report(results)
    assert fig.acceptable >= 0.97, "\n" + pa.report(results)
    assert fig.more_confident <= 0.06, "\n" + pa.report(results)


def test_held_out_split_is_fixed_and_covers_the_suite(personas: list[pa.ExpertPersona]) -> None:
    """The halves come from sha256(id), not from anyone's choice; categories cover every case."""
    import hashlib

    halves = {p.id: pa.half(p.id) for p in personas}
    assert set(halves.values()) == {"A", "B"}
    for pid, h in halves.items():
        assert (hashlib.sha256(pid.encode()).digest()[0] % 2 == 0) == (h == "A")
    cats = {pa.category(p) for p in personas}
    assert len(cats) >= 3
    assert all(pa.category(p) in cats for p in personas)
