"""Issue 11: toolchains as constraints, sized switching costs, honest verdicts, each fact once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kb
from kb.schema import KnowledgeBase, Option, PenaltyEffect, SwitchCostEffect, WeightEffect
from probes.report import ProbeReport
from recommender import recommend
from recommender.models import Profile, Recommendation
from recommender.uncertainty import CLEAR_MARGIN, shown_probability
from tests.lookup import question
from tests.recommender.rec_kbfactory import NOW, make_kb

REAL = kb.load()
FWS = list(REAL.frameworks)
SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _plain(option: Option) -> bool:
    """An option that touches no framework by id (no veto, penalty, cost or toolchain)."""
    return not option.toolchains and all(
        e.kind not in ("veto", "penalty", "require", "switch_cost", "shortfall")
        for e in option.effects
    )


def base_profiles(
    *, plain: bool = False, max_questions: int | None = None
) -> st.SearchStrategy[Profile]:
    parts: dict[str, st.SearchStrategy[str | list[str] | None]] = {}
    for q in REAL.questions:
        ids = [o.id for o in q.options if not plain or _plain(o)]
        if not ids:
            continue
        if q.kind == "single":
            parts[q.id] = st.one_of(st.none(), st.sampled_from(ids))
        else:
            parts[q.id] = st.one_of(
                st.none(),
                st.lists(st.sampled_from(ids), unique=True, max_size=min(3, q.max_choices or 3)),
            )

    def build(d: dict[str, str | list[str] | None]) -> Profile:
        answers = {k: v for k, v in d.items() if v is not None}
        if max_questions is not None:
            answers = dict(list(answers.items())[:max_questions])
        return Profile(answers=answers)

    return st.fixed_dictionaries(parts).map(build)


def _penalties(rec: Recommendation, skip: str | None = None) -> dict[str, float]:
    out = dict.fromkeys(FWS, 0.0)
    for e in rec.eliminated:
        if e.kind == "penalty" and e.points and not (skip and e.rule.startswith(skip)):
            out[e.framework] += e.points
    return out


def _out(rec: Recommendation) -> set[str]:
    return {e.framework for e in rec.eliminated if e.kind != "penalty"}


PICKS = [
    (q.id, o.id)
    for q in REAL.questions
    if q.id in ("deploy_targets", "toolchains")
    for o in q.options
    if o.id != "none"
]


@pytest.mark.parametrize("pick", PICKS, ids=[f"{q}={o}" for q, o in PICKS])
@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(profile=base_profiles())
def test_adding_a_target_or_toolchain_is_monotone(pick: tuple[str, str], profile: Profile) -> None:
    """Every pick: it never lowers a framework's penalties, never brings back a ruled-out one.

    The one documented exception: a pick whose option scales the code-porting cost (Keras 3:
    its model code runs on either backend) may lower exactly that cost, nothing else.
    """
    qid, oid = pick
    answers = dict(profile.answers)
    chosen = answers.get(qid, [])
    if not isinstance(chosen, list) or oid in chosen:
        return
    before = recommend(REAL, profile, draws=0, now=NOW)
    answers[qid] = [*chosen, oid]
    after = recommend(REAL, Profile(answers=answers), draws=0, now=NOW)
    assert _out(after) >= _out(before)
    option = question(REAL, qid).option(oid)
    assert option is not None
    scales_code = any(e.kind == "switch_scale" for e in option.effects)
    skip = "questions.yaml:existing_code=" if scales_code else None
    pb, pa = _penalties(before, skip), _penalties(after, skip)
    assert all(pa[fw] >= pb[fw] - 1e-9 for fw in FWS), (pick, pb, pa)
    if scales_code:  # and that cost only goes down
        cb, ca = _penalties(before), _penalties(after)
        assert all(ca[fw] - pa[fw] <= cb[fw] - pb[fw] + 1e-9 for fw in FWS), (pick, cb, ca)


@pytest.mark.parametrize("tid", [o.id for o in question(REAL, "toolchains").options])
def test_a_toolchain_pick_shifts_scores_by_its_costs_only(tid: str) -> None:
    """A toolchain pick has no weights: it rules out or costs exactly what the table says."""
    base = Profile(answers={"stage": "production", "domains": ["vision"]})
    before = recommend(REAL, base, draws=0, now=NOW)
    after = recommend(
        REAL, Profile(answers={**base.answers, "toolchains": [tid]}), draws=0, now=NOW
    )
    tc = REAL.toolchains[tid]
    costs = question(REAL, "toolchains").toolchain_costs
    for fw in FWS:
        support = tc.support.get(fw)
        if support is not None and support.level == "none" and tc.category == "converter":
            support = None  # a converter serves one framework; the others have their own route
        if support is not None and support.level == "none":
            assert fw in _out(after)
            continue
        want = 0.0
        if support is not None:
            status = costs.get(support.status or "", 0.0)
            if support.level == "conversion":
                want += costs.get("conversion", 0.0)
                # the conversion ends in the toolchain: its native path's state counts too
                status = max(
                    [status]
                    + [
                        costs.get(s.status or "", 0.0)
                        for s in tc.support.values()
                        if s.level == "native"
                    ]
                )
            want += status
        assert before.scores[fw] - after.scores[fw] == pytest.approx(want, abs=0.02)
        if want:
            reasons = [e.reason_en for e in after.eliminated if e.framework == fw]
            assert any(tc.name in r for r in reasons)


@SETTINGS
@given(profile=base_profiles(max_questions=2))
def test_empty_or_near_empty_profile_is_never_clear(profile: Profile) -> None:
    rec = recommend(REAL, profile, draws=300, now=NOW)
    survivors = len(FWS) - len(_out(rec))
    assert rec.verdict != "clear" or survivors == 1


def test_empty_profile_is_not_clear_and_says_why() -> None:
    rec = recommend(REAL, Profile(), draws=2000, now=NOW)
    assert rec.verdict != "clear"
    assert any("question(s) answered" in w for w in rec.warnings)


def _swap(base: KnowledgeBase, a: str, b: str) -> KnowledgeBase:
    data = base.model_dump(mode="json")
    fw = data["frameworks"]
    fw[a]["ratings"], fw[b]["ratings"] = fw[b]["ratings"], fw[a]["ratings"]
    for tc in data["toolchains"].values():
        sa, sb = tc["support"].get(a), tc["support"].get(b)
        tc["support"] = {k: v for k, v in tc["support"].items() if k not in (a, b)}
        if sb is not None:
            tc["support"][a] = sb
        if sa is not None:
            tc["support"][b] = sa
    return KnowledgeBase.model_validate(data)


SWAPPED = _swap(REAL, "pytorch", "tensorflow")


@SETTINGS
@given(profile=base_profiles(plain=True))
def test_swapping_frameworks_negates_the_margin_on_the_real_kb(profile: Profile) -> None:
    a = recommend(REAL, profile, draws=0, now=NOW)
    b = recommend(SWAPPED, profile, draws=0, now=NOW)
    diff_a = a.scores["pytorch"] - a.scores["tensorflow"]
    diff_b = b.scores["pytorch"] - b.scores["tensorflow"]
    assert diff_a == pytest.approx(-diff_b, abs=0.02)


def test_no_fact_counted_twice() -> None:
    """A rule's points never repeat what a rating (or the answer's own weights) already count.

    1. A penalty rule about the project (conditions on answers only) must not cite a source
       that the penalised framework's ratings cite. Rules on probe or compatibility facts speak
       about the target machine (this Python, this CPU), which no general rating covers.
    2. A penalty rule conditioned on an answer must not fire on an option that already weights
       a criterion (the rating then counts the fact; the rule may only make it weigh more).
    """
    for rule in REAL.rules:
        penalised = {
            e.framework for e in rule.effects if isinstance(e, (PenaltyEffect, SwitchCostEffect))
        }
        if not penalised:
            continue
        cited = {ev.source for ev in rule.evidence}
        if not all(c.fact.startswith("answers.") for c in rule.when):
            cited = set()
        for fw in penalised:
            rated = {ev.source for r in REAL.frameworks[fw].ratings.values() for ev in r.evidence}
            assert not cited & rated, f"{rule.id}: {sorted(cited & rated)} also rate {fw}"
        for cond in rule.when:
            if not cond.fact.startswith("answers."):
                continue
            q = REAL.question(cond.fact.split(".", 1)[1])
            assert q is not None
            values = [cond.equals, cond.contains, *(cond.any_of or [])]
            for value in [v for v in values if v is not None]:
                opt = q.option(str(value))
                weights = [e for e in (opt.effects if opt else []) if isinstance(e, WeightEffect)]
                assert not [w for w in weights if w.factor != 1.0], (
                    f"{rule.id}: answer {q.id}={value} already weights "
                    f"{[w.criterion for w in weights]}; the rule's points would count it again"
                )


def test_every_option_toolchain_is_in_the_table() -> None:
    for q in REAL.questions:
        for opt in q.options:
            for tid in opt.toolchains:
                if tid in REAL.toolchains:
                    continue
                # the table grows entry by entry; deploy targets may name one not yet written
                assert q.id == "deploy_targets", f"{q.id}.{opt.id}: unknown toolchain {tid}"


def _code(extra: dict[str, str]) -> Profile:
    return Profile(
        answers={
            "stage": "production",
            "domains": ["vision"],
            "existing_code": "tensorflow",
            "team_experience": "tensorflow",
            **extra,
        }
    )


def test_switching_cost_grows_with_size_and_falls_when_rewritten_anyway() -> None:
    costs = {}
    for size in ("small", "medium", "large"):
        rec = recommend(REAL, _code({"existing_code_size": size}), draws=0, now=NOW)
        assert rec.switching is not None and rec.switching.framework == "pytorch"
        costs[size] = rec.switching.points
        assert rec.switching.person_weeks is not None
    assert costs["small"] < costs["medium"] < costs["large"]
    rewrite = recommend(
        REAL,
        _code({"existing_code_size": "large", "existing_code_rewrite": "yes"}),
        draws=0,
        now=NOW,
    )
    assert rewrite.switching is not None
    assert rewrite.switching.points <= 0.3 * costs["large"]


def test_switching_summary_states_break_even_and_assumptions() -> None:
    rec = recommend(REAL, _code({"existing_code_size": "medium"}), draws=500, now=NOW)
    sw = rec.switching
    assert sw is not None
    assert sw.low < sw.points < sw.high
    assert sw.assumptions_en and len(sw.assumptions_en) == len(sw.assumptions_zh)
    if sw.break_even_points is not None:
        assert "Staying on TensorFlow is right while porting" in sw.sentence_en
        assert sw.break_even_person_weeks is not None
    else:
        assert "does not decide" in sw.sentence_en


def test_no_existing_code_is_always_a_what_if_when_there_is_code() -> None:
    rec = recommend(REAL, _code({}), draws=200, now=NOW)
    pairs = {(w.question, w.option) for w in rec.what_ifs}
    assert ("existing_code", "none") in pairs
    first = rec.what_ifs[0]
    assert first.plausibility == 0
    assert first.sentence_en.startswith("If ")


def test_unknown_code_size_is_wider_than_a_known_one() -> None:
    unknown = recommend(REAL, _code({}), draws=0, now=NOW).switching
    medium = recommend(REAL, _code({"existing_code_size": "medium"}), draws=0, now=NOW).switching
    assert unknown is not None and medium is not None
    assert unknown.high - unknown.low > medium.high - medium.low


def test_switching_spread_lowers_confidence() -> None:
    """Sampling the cost: a profile decided by the switching cost is less certain than its mode."""
    rec = recommend(REAL, _code({}), draws=3000, now=NOW)
    lead = rec.leader
    assert lead is not None
    assert rec.win_probability[lead] < 1.0


def test_single_survivor_names_the_must_have_and_who_would_lead_without_it() -> None:
    strong = {"speed": (8, 9, 10), "mobile": (8, 9, 10), "ecosystem": (8, 9, 10)}
    strong["learning"] = (8, 9, 10)
    weak = {c: (3, 4, 5) for c in strong}
    small = make_kb({"pytorch": strong, "tensorflow": weak})
    rec = recommend(
        small, Profile(answers={"deploy_targets": ["microcontroller"]}), draws=200, now=NOW
    )
    assert rec.winner == "tensorflow"
    assert "only option that meets" in rec.because_en
    assert "without it PyTorch would lead by" in rec.because_en
    assert "margin 0.0" not in rec.because_en


def test_mcu_target_is_graded_not_a_veto() -> None:
    rec = recommend(REAL, Profile(answers={"deploy_targets": ["microcontroller"]}), now=NOW)
    assert not _out(rec)
    mcu = [e for e in rec.eliminated if e.rule.endswith("deploy_targets=microcontroller")]
    assert all(e.kind == "penalty" for e in mcu)


def test_framework_hubs_do_not_push_either_way() -> None:
    base = Profile(answers={"stage": "production", "domains": ["vision"]})
    hubs = Profile(answers={**base.answers, "pretrained_models": "framework_hubs"})
    a = recommend(REAL, base, draws=0, now=NOW)
    b = recommend(REAL, hubs, draws=0, now=NOW)
    assert a.scores == b.scores


@pytest.mark.parametrize(
    ("p", "shown"),
    [(1.0, "> 99 %"), (0.996, "> 99 %"), (0.5, "50 %"), (0.004, "< 1 %"), (0.0, "0 %")],
)
def test_probability_display_never_says_100(p: float, shown: str) -> None:
    assert shown_probability(p) == shown


def test_veto_from_toolchain_names_the_toolchain() -> None:
    picks = [
        o.id
        for o in question(REAL, "toolchains").options
        if any(s.level == "none" for s in REAL.toolchains[o.id].support.values())
    ]
    assert picks, "the toolchain table has no must-have entry"
    tid = picks[0]
    rec = recommend(REAL, Profile(answers={"toolchains": [tid]}), draws=0, now=NOW)
    vetoes = [e for e in rec.eliminated if e.kind == "veto"]
    assert vetoes and all(REAL.toolchains[tid].name in e.reason_en for e in vetoes)
    assert all(e.rule == f"questions.yaml:toolchains={tid}" for e in vetoes)


def _probe_with(tf: dict[str, Any], vendors: list[str] | None = None) -> ProbeReport:
    from tests.recommender.rec_kbfactory import probe

    return probe(
        vendors=vendors,
        frameworks={"pytorch": {"status": "ok", "version": "2.13.0"}, "tensorflow": tf},
    )


def test_a_broken_install_is_a_setup_task_not_a_reason_to_switch() -> None:
    answers = Profile(answers={"stage": "production", "domains": ["tabular"], "os": "linux"})
    fine = recommend(REAL, answers, _probe_with({"status": "ok", "version": "2.21.0"}), now=NOW)
    broken = recommend(
        REAL,
        answers,
        _probe_with({"status": "import_error", "version": "2.21.0", "reason": "libcudart"}),
        now=NOW,
    )
    assert broken.scores == fine.scores
    assert _penalties(broken) == _penalties(fine)
    assert any(w.startswith("Setup task: the TensorFlow install") for w in broken.warnings)
    assert len(broken.warnings) == len(broken.warnings_zh)


def test_a_framework_blind_to_the_gpu_is_a_setup_task() -> None:
    rec = recommend(
        REAL,
        Profile(answers={"hardware": ["nvidia"]}),
        _probe_with({"status": "ok", "version": "2.21.0", "sees_accelerators": False}, ["nvidia"]),
        now=NOW,
    )
    assert any("does not see the accelerator" in w for w in rec.warnings)


def test_probe_contradicting_the_answers_is_warned_once() -> None:
    answers = {"stage": "production", "domains": ["vision"], "hardware": ["nvidia"], "os": "linux"}
    rec = recommend(REAL, Profile(answers=answers), _probe_with({"status": "ok"}), now=NOW)
    said = [w for w in rec.warnings if "nvidia" in w.lower() and "probe" in w]
    assert len(said) == 1, rec.warnings


def test_next_steps_name_the_port_and_the_deployment_path() -> None:
    answers = {
        "stage": "production",
        "domains": ["nlp"],
        "existing_code": "tensorflow",
        "existing_code_rewrite": "yes",
        "deploy_targets": ["android"],
        "toolchains": ["transformers"],
    }
    rec = recommend(REAL, Profile(answers=answers), draws=200, now=NOW)
    assert rec.leader == "pytorch"
    assert rec.next_steps_en[0].startswith("Port the existing code to PyTorch")
    assert any("Android" in s for s in rec.next_steps_en)
    assert len(rec.next_steps_en) == len(rec.next_steps_zh)
    assert rec.deploy_install_commands, "the toolchain table carries install commands"


def test_unanswered_questions_lower_certainty_in_the_monte_carlo() -> None:
    """The same answers leave less room for doubt than a profile that says less."""
    full = {
        "stage": "research",
        "domains": ["nlp"],
        "deploy_targets": ["none"],
        "scale": "single_gpu",
        "hardware": ["nvidia"],
        "os": "linux",
        "team_experience": "neither",
        "existing_code": "none",
        "pretrained_models": "hugging_face",
        "toolchains": ["transformers"],
    }
    few = {k: full[k] for k in ("stage", "domains", "pretrained_models")}
    rec_few = recommend(REAL, Profile(answers=few), draws=4000, now=NOW)
    rec_full = recommend(REAL, Profile(answers=full), draws=4000, now=NOW)
    assert rec_few.leader == "pytorch"
    assert rec_few.win_probability["pytorch"] < 1.0
    assert rec_few.win_probability["pytorch"] <= rec_full.win_probability["pytorch"]


def _tf_only_toolchains() -> list[str]:
    question = REAL.question("toolchains")
    assert question is not None
    picks = {t for o in question.options for t in o.toolchains if o.toolchains == [t]}
    return [
        t.id
        for t in REAL.toolchains.values()
        if t.id in picks
        and t.support.get("pytorch") is not None
        and t.support["pytorch"].level == "none"
        and t.category != "converter"
        and t.support.get("tensorflow") is not None
        and t.support["tensorflow"].level == "native"
    ]


def _tf_only_toolchain() -> str:
    return _tf_only_toolchains()[0]


def _lead_without(rec: Recommendation) -> float:
    found = re.search(r"without it PyTorch would lead by ([0-9.]+) points", rec.because_en)
    assert found, rec.because_en
    return float(found.group(1))


def test_a_replaceable_must_have_that_reverses_a_clear_lead_is_too_close() -> None:
    """Keep the dependency: TensorFlow is the only option; drop it: PyTorch leads by 10+ points.
    The dependency decides, not the evidence, and the report says so."""
    answers = {"stage": "research", "domains": ["nlp"], "toolchains": [_tf_only_toolchain()]}
    rec = recommend(REAL, Profile(answers=answers), draws=300, now=NOW)
    assert rec.leader == "tensorflow" and "pytorch" in _out(rec)
    assert _lead_without(rec) >= CLEAR_MARGIN
    assert rec.verdict == "too_close" and rec.winner is None and rec.install_command is None
    assert "the dependency decides" in rec.because_en and "起决定作用的是这项依赖" in rec.because_zh
    removal = [w for w in rec.what_ifs if w.removed]
    assert removal and removal[0].changes_leader and removal[0].new_leader == "pytorch"
    assert removal[0].sentence_en.startswith("If you did not depend on")
    assert all(w.new_leader is not None for w in rec.what_ifs)


def test_a_replaceable_must_have_against_a_small_lead_stays_lean() -> None:
    """Without the dependency the other framework would lead, but by less than a clear margin
    (the project has TensorFlow code to keep): the survivor is a lean."""
    answers = {
        "stage": "production",
        "domains": ["tabular"],
        "existing_code": "tensorflow",
        "toolchains": [_tf_only_toolchain()],
    }
    rec = recommend(REAL, Profile(answers=answers), draws=300, now=NOW)
    assert rec.leader == "tensorflow" and "pytorch" in _out(rec)
    assert 0 < _lead_without(rec) < CLEAR_MARGIN
    assert rec.verdict == "lean" and rec.winner == "tensorflow"
    assert "the dependency decides" not in rec.because_en


def test_two_dependencies_that_each_rule_the_other_out_are_not_a_coin_toss() -> None:
    """Two chosen dependencies that each leave PyTorch out: dropping one changes nothing, so the
    project without all of them is not the plausible alternative the "dependency decides" rule
    weighs — the survivor is a lean, not "too close" (docs/decision-model.md section 3)."""
    tf_only = _tf_only_toolchains()
    assert len(tf_only) >= 2, "the KB needs two TensorFlow-only toolchains for this test"
    one = {"stage": "research", "domains": ["nlp"], "toolchains": tf_only[:1]}
    two = {**one, "toolchains": tf_only[:2]}
    single = recommend(REAL, Profile(answers=one), draws=300, now=NOW)
    double = recommend(REAL, Profile(answers=two), draws=300, now=NOW)
    assert single.verdict == "too_close"
    assert double.leader == "tensorflow" and _lead_without(double) >= CLEAR_MARGIN
    assert double.verdict == "lean" and double.winner == "tensorflow"
    assert "the dependency decides" not in double.because_en


def test_switching_ranges_are_percentiles_not_products_of_extremes() -> None:
    sw = recommend(REAL, _code({"existing_code_size": "large"}), draws=0, now=NOW).switching
    assert sw is not None
    # the products of the ranges' ends (cost 8..25, large x1.3..x3.0) would be 10.4 .. 75
    assert 8 * 1.3 < sw.low < sw.points < sw.high < 25 * 3.0


def test_a_toolchain_named_twice_costs_once() -> None:
    """An Edge TPU target and an Edge TPU toolchain pick are one fact."""
    target = next(
        (q.id, o.id, o.toolchains[0])
        for q in REAL.questions
        if q.id == "deploy_targets"
        for o in q.options
        if len(o.toolchains) == 1 and o.toolchains[0] in REAL.toolchains
    )
    qid, oid, tid = target
    both = recommend(REAL, Profile(answers={qid: [oid], "toolchains": [tid]}), draws=0, now=NOW)
    name = REAL.toolchains[tid].name
    for fw in FWS:
        hits = [e for e in both.eliminated if e.framework == fw and name in e.reason_en]
        assert len(hits) <= 1, hits


def test_new_must_haves_are_one_what_if_after_the_levers() -> None:
    answers = {"stage": "production", "domains": ["vision"], "team_experience": "pytorch"}
    rec = recommend(REAL, Profile(answers=answers), draws=200, now=NOW)
    musts = [w for w in rec.what_ifs if w.rules_out_leader]
    by_question = [w.question for w in musts]
    assert len(by_question) == len(set(by_question)), "one grouped what-if per question"
    first_must = next(i for i, w in enumerate(rec.what_ifs) if w.rules_out_leader)
    assert all(w.rules_out_leader for w in rec.what_ifs[first_must:])
    grouped = next(w for w in musts if w.question == "toolchains")
    assert grouped.sentence_en.startswith("If you add any of")
    assert all(
        o in {x.id for x in question(REAL, "toolchains").options} for o in grouped.option.split(",")
    )
    # triggers name one option each, by its label (never the grouped id list)
    assert not any(grouped.option in t for t in rec.revisit_triggers_en)


def test_shared_evidence_copula_keeps_uniform_marginals_and_documented_correlation() -> None:
    import numpy as np

    from recommender.uncertainty import SHARED_EVIDENCE, SHARED_KB, correlated_uniforms

    u = correlated_uniforms(np.random.default_rng(1), 40000, 2, np.array([0, 0, 1]))
    hist = np.histogram(u, bins=5, range=(0, 1))[0] / u.size
    assert np.allclose(hist, 0.2, atol=0.01)
    same_group = np.corrcoef(u[:, 0, 0], u[:, 0, 1])[0, 1]
    other_group = np.corrcoef(u[:, 0, 0], u[:, 0, 2])[0, 1]
    other_framework = np.corrcoef(u[:, 0, 0], u[:, 1, 0])[0, 1]
    assert same_group == pytest.approx(SHARED_EVIDENCE**2 + SHARED_KB**2, abs=0.03)
    assert other_group == pytest.approx(SHARED_KB**2, abs=0.03)
    assert abs(other_framework) < 0.03


def test_windows_gpu_gap_does_not_weigh_on_a_cpu_only_project() -> None:
    """``os: windows`` raises OS support because TensorFlow has no native-Windows GPU build; on a
    CPU-only project that reason does not hold, so the raise is taken back (one fact, once) —
    and only there: with an NVIDIA GPU the raise stays (and the WSL2 rule adds to it)."""

    def os_weight(hardware: str) -> tuple[float, list[str]]:
        answers = {"os": "windows", "hardware": [hardware], "stage": "production"}
        rec = recommend(REAL, Profile(answers=answers), draws=0, now=NOW)
        w = next(x for x in rec.weights if x.criterion == "os_python_support")
        return w.raw_weight, [f"{s.question}={s.option}" for s in w.sources]

    cpu, cpu_sources = os_weight("cpu_only")
    gpu, gpu_sources = os_weight("nvidia")
    default = REAL.criteria["os_python_support"].default_weight
    assert "rule=windows_cpu_only_gpu_gap_moot" in cpu_sources
    assert "rule=windows_cpu_only_gpu_gap_moot" not in gpu_sources
    assert cpu == pytest.approx(default * 2.0 * 0.5)  # os=windows x2, taken back x0.5
    assert gpu == pytest.approx(default * 2.0 * 1.5)  # os=windows x2, WSL2 rule x1.5


def test_a_lead_the_leader_pays_for_is_a_lean_and_says_what_it_costs() -> None:
    """Otherwise clear, but the leader reaches a toolchain the project needs only by conversion:
    a trade-off, so "lean", with the charge named (docs/decision-model.md §3)."""
    tid = next(
        t.id
        for t in REAL.toolchains.values()
        if t.support.get("pytorch") is not None
        and t.support["pytorch"].level == "conversion"
        and t.support.get("tensorflow") is not None
        and t.support["tensorflow"].level == "native"
        and any(tid_opt.id == t.id for q in REAL.questions for tid_opt in q.options)
    )
    answers: dict[str, str | list[str]] = {
        "stage": "research",
        "domains": ["nlp"],
        "scale": "multi_gpu",
        "hardware": ["nvidia"],
        "team_experience": "pytorch",
        "existing_code": "none",
    }
    free = recommend(REAL, Profile(answers=answers), draws=500, now=NOW)
    assert free.leader == "pytorch" and free.verdict == "clear"
    assert not any("Not “clear”" in w for w in free.warnings)

    costly = recommend(REAL, Profile(answers={**answers, "toolchains": [tid]}), draws=500, now=NOW)
    assert costly.leader == "pytorch" and costly.verdict == "lean"
    charged = [e for e in costly.eliminated if e.framework == "pytorch" and e.kind == "penalty"]
    assert charged and sum(e.points or 0 for e in charged) >= 5
    (why,) = [w for w in costly.warnings if w.startswith("Not “clear”: PyTorch leads but costs")]
    assert charged[0].reason_en.rstrip(".") in why
    assert any(w.startswith("结论不是“明确”：PyTorch 领先") for w in costly.warnings_zh)
