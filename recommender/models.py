"""Runtime contracts of the decision: the profile that goes in, the recommendation that comes out.

Both are versioned JSON. A ``Recommendation`` exported to JSON loads back losslessly, so two runs
can be diffed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

RECOMMENDATION_SCHEMA_VERSION = 1
PROFILE_SCHEMA_VERSION = 1
MAX_DESCRIPTION_CHARS = 4000

Verdict = Literal["clear", "lean", "too_close"]
# The verdict as people read it: the published JSON keeps the three values above (a conflict is
# "too_close" with no winner, docs/contracts.md); the card, app, reports and CLI tell a conflict
# of must-haves apart from a close call.
ShownVerdict = Literal["clear", "lean", "too_close", "conflict"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Profile(Strict):
    """What the user told us: free text plus answers keyed by question id."""

    schema_version: int = PROFILE_SCHEMA_VERSION
    description: str = ""
    answers: dict[str, str | list[str]] = {}


class WeightSource(Strict):
    """One reason a criterion weight moved: which answer, by what factor, why."""

    question: str
    option: str
    factor: float
    reason_en: str
    reason_zh: str


class CriterionWeight(Strict):
    criterion: str
    default_weight: float
    raw_weight: float  # default × all factors, before renormalisation
    weight: float  # renormalised, sums to 1 over criteria
    sources: list[WeightSource] = []


class Elimination(Strict):
    framework: str
    rule: str  # e.g. "questions.yaml:deploy_targets=microcontroller" or "rules.yaml:tpu_required"
    kind: Literal["veto", "require", "penalty"]
    reason_en: str
    reason_zh: str
    points: float | None = None  # for penalties


class EvidenceRef(Strict):
    source: str
    title: str
    url: str
    claim: str
    as_of: str  # ISO date
    stale: bool = False  # older than the KB freshness limit


class FrameworkValue(Strict):
    framework: str
    value: float  # rating used, 0–10
    low: float
    high: float
    contribution: float  # weight × value / 10 × 100, points of the 0–100 total
    measured: bool = False  # replaced by a probe measurement on this machine
    note: str | None = None  # what the probe measured, in English
    note_zh: str | None = None  # the same in Chinese (absent in recommendations before 0.2)


class Contribution(Strict):
    criterion: str
    title_en: str
    title_zh: str
    weight: float
    values: list[FrameworkValue]
    evidence: dict[str, list[EvidenceRef]] = {}  # framework -> evidence


class FlipPoint(Strict):
    criterion: str
    current_weight: float
    flip_weight: float | None  # None = never flips within [0, 1]
    rating_change: float | None = None  # change of the winner's rating that would tie
    # Change of the runner-up's rating that would tie (used when the winner's change is impossible).
    runner_up_rating_change: float | None = None
    sentence_en: str
    sentence_zh: str


class WhatIf(Strict):
    """One answer or cost that differs from today's, and who would lead then, by how much."""

    question: str
    option: str
    new_leader: str | None  # None: every framework ruled out
    margin: float  # the new leader's lead, points
    changes_leader: bool
    # Who the tool would then recommend: the new leader, or the runner-up when it leads on what
    # the answers make relevant (docs/decision-model.md §3, "the relevant side leads"); and
    # whether that differs from today's recommendation (the card's "What would change it").
    new_winner: str | None = None
    changes_winner: bool = False
    rules_out_leader: bool = False  # the change makes today's leader fail a must-have
    removed: bool = False  # the option is taken away (a must-have dropped), not added
    # 0: a cost you can act on (no existing code, rewritten anyway); 1: an unanswered question
    # or hardware that was not probed; 2: a different answer than the one given.
    plausibility: int
    sentence_en: str
    sentence_zh: str


class SwitchingSummary(Strict):
    """The sized, uncertain switching cost and where it stops mattering."""

    framework: str  # who pays (the framework one would move to)
    points: float  # mode, points of the 0–100 scale
    low: float  # 10th percentile of the sampled cost
    high: float  # 90th percentile
    person_weeks: list[float] | None = None  # low, mode, high
    break_even_points: float | None = None  # porting cost at which the two tie
    break_even_person_weeks: float | None = None
    sentence_en: str
    sentence_zh: str
    assumptions_en: list[str] = []
    assumptions_zh: list[str] = []


class Consequence(Strict):
    kind: Literal["good", "neutral", "bad"]
    text_en: str
    text_zh: str


class ProbeSummary(Strict):
    machine: str  # one-line description, e.g. "Linux x86_64, 2 cores, no GPU"
    collected_at: str
    os: str
    arch: str
    python: str
    cpu: str | None = None
    accelerators: list[str] = []
    frameworks: dict[str, str] = {}  # id -> "ok 2.21.0" / "missing"
    benchmarks: list[dict[str, str | float | None]] = []
    # the host stayed too busy for usable pairs: machine evidence was not used
    host_busy: bool | None = None
    rerun_advice: str | None = None  # the probe's own advice (en / zh), e.g. "re-run on an idle…"


class Recommendation(Strict):
    schema_version: int = RECOMMENDATION_SCHEMA_VERSION
    generated_at: datetime
    winner: str | None
    runner_up: str | None = None
    # Top scorer even when the verdict is too_close (winner is then None); flips are leader vs
    # runner-up.
    leader: str | None = None
    verdict: Verdict
    scores: dict[str, float]  # framework -> 0–100
    margin: float  # winner − runner-up, points
    win_probability: dict[str, float]
    eliminated: list[Elimination] = []
    weights: list[CriterionWeight] = []
    contributions: list[Contribution] = []
    flip_points: list[FlipPoint] = []
    warnings: list[str] = []
    warnings_zh: list[str] = []  # same warnings, same order, in Simplified Chinese
    drivers: list[str] = []  # criterion ids, heaviest first
    because_en: str = ""
    because_zh: str = ""
    consequences: list[Consequence] = []
    revisit_triggers_en: list[str] = []
    revisit_triggers_zh: list[str] = []
    install_command: str | None = None
    # Why this command (release, build) and whose hardware it is for (recommender/install.py).
    install_notes_en: list[str] = []
    install_notes_zh: list[str] = []
    stale_claims: list[str] = []  # ids of stale-claim records that bear on this decision
    monte_carlo_draws: Annotated[int, Field(ge=0)] = 0
    seed: int = 0
    kb_version: str
    kb_hash: str
    profile: Profile
    probe: ProbeSummary | None = None
    # The answers actually used: the profile's, plus probe pre-fills and documented defaults.
    effective_answers: dict[str, list[str]] = {}
    answer_origin: dict[str, Literal["answered", "prefilled", "default"]] = {}
    # Issue 11: honest verdicts and truthful explanations.
    relevant_margin: float | None = None  # lead from touched criteria, constraints and costs
    # Why the verdict is no stronger, when a rule held it back (the leader pays costs itself, the
    # lead is general ratings only, the dependencies are neutral, one dependency decides, one
    # plausible answer flips it); None when the thresholds alone decided (docs/decision-model.md
    # section 3).
    verdict_reason_en: str | None = None
    verdict_reason_zh: str | None = None
    untouched_weight: float = 0.0  # share of the weight on criteria no answer moved
    what_ifs: list[WhatIf] = []  # ranked by plausibility, then by effect
    switching: SwitchingSummary | None = None
    next_steps_en: list[str] = []
    next_steps_zh: list[str] = []
    deploy_install_commands: list[str] = []

    def ruled_out(self) -> set[str]:
        """The frameworks a must-have removed (a veto or an unmet requirement, not a penalty)."""
        return {e.framework for e in self.eliminated if e.kind in ("veto", "require")}

    def ruled_out_all(self) -> bool:
        """Every framework fails a must-have: the requirements conflict, which is not a close
        call (nothing is ahead; dropping a requirement, not more evidence, decides)."""
        return self.leader is None and bool(self.scores) and set(self.scores) <= self.ruled_out()

    @property
    def shown_verdict(self) -> ShownVerdict:
        return "conflict" if self.ruled_out_all() else self.verdict
