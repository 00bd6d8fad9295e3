"""How often the recommender agrees with an expert (issue 11's persona suite).

The suite (``tests/fixtures/expert_personas``, one YAML file per persona) was written and
committed before the tool was run on it; see ``docs/personas.md``. This module loads it, checks
every answer id against the knowledge base's questionnaire, runs ``recommend()`` on each profile
and compares the verdict with the expert's:

- **winner**: same framework, or both "too close" (winner ``None``);
- **winner + confidence**: same winner and same ``clear`` / ``lean`` / ``too_close``;
- **within the acceptable set**: the tool's verdict is one the expert listed as acceptable;
- **more confident than the expert**: ``clear`` where the expert said ``lean`` or ``too_close``,
  or ``lean`` where the expert said ``too_close`` (whatever the winner).

Issue 11's targets: winner >= 90 %, within acceptable >= 85 %, more confident <= 10 %.

Personas that use an id of the issue-11 questionnaire contract which the knowledge base does not
have yet are *pending*: listed, not counted. An id outside the KB and the contract is an error.

``python benchmarks/persona_agreement.py`` prints the per-persona table and the figures (exit 0;
exit 2 when a persona is malformed), then the held-out analysis: the same figures on two halves
of the suite split by a fixed rule (``half()``: the parity of the first byte of sha256(id), so
nobody chooses the halves), and per category (``category()``, a fixed rule on the answers) with
the figures on everything else beside them. A change designed on half A must hold on half B; a
category whose figures collapse when it is the one left out marks a fit to that category.
``tests/recommender/test_expert_personas.py`` asserts the
targets with the same functions.
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kb.schema import KnowledgeBase  # noqa: E402
from recommender import recommend  # noqa: E402
from recommender.models import Profile  # noqa: E402
from recommender.profile_io import ProfileError, dump_profile, parse_profile  # noqa: E402

PERSONA_DIR = ROOT / "tests" / "fixtures" / "expert_personas"
# Personas never used to shape the model: measured, with no target (docs/personas.md).
HELD_OUT_DIR = ROOT / "tests" / "fixtures" / "expert_personas_heldout"
CHECKED = date(2026, 11, 28)  # the day every source was read
EVALUATED_AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # fixed: evidence ages are dated
DRAWS = 10_000  # the product's default number of Monte Carlo draws
SEED = 0

Confidence = Literal["clear", "lean", "too_close"]
Framework = Literal["pytorch", "tensorflow"]
RANK: dict[str, int] = {"too_close": 0, "lean": 1, "clear": 2}

# Issue 11's fixed questionnaire contract. Ids listed here may be missing from questions.yaml while
# the recommender side is being built; a persona using them is pending until they exist.
CONTRACT_OPTIONS: dict[str, frozenset[str]] = {
    "toolchains": frozenset(
        [
            "transformers",
            "trl_peft",
            "vllm",
            "diffusers",
            "sentence_transformers",
            "ultralytics",
            "timm",
            "monai",
            "nemo",
            "espnet",
            "torchaudio",
            "rllib",
            "stable_baselines3",
            "tf_agents",
            "torchrec",
            "tf_recommenders",
            "keras_rs",
            "keras_hub",
            "keras3",
            "tfx",
            "tf_serving",
            "torchserve",
            "triton_server",
            "tensorrt",
            "onnx_runtime",
            "openvino",
            "litert",
            "litert_torch",
            "litert_js",
            "tfjs",
            "executorch",
            "coreml",
            "coral_edge_tpu",
            "hailo",
            "st_edge_ai",
            "tflite_micro",
            "pyg",
            "dgl",
            "lightning",
            "deepspeed",
            "megatron",
            "torchtitan",
            "jax_flax",
            "tensorflow_probability",
            "tensorboard",
        ]
    ),
    "deploy_targets": frozenset(
        ["android", "ios", "browser_training", "jetson", "edge_tpu", "hailo", "mcu_vendor"]
    ),
    "existing_code_size": frozenset(["small", "medium", "large"]),
    "existing_code_tests": frozenset(["well_tested", "partly_tested", "untested"]),
    "existing_code_rewrite": frozenset(["yes", "no", "unsure"]),
}


@dataclass(frozen=True)
class Targets:
    """Issue 11's acceptance thresholds, as fractions of the evaluated personas."""

    winner: float = 0.90
    acceptable: float = 0.85
    more_confident: float = 0.10


TARGETS = Targets()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Verdict(_Strict):
    """A winner and how sure: ``None`` winner exactly when the call is too close."""

    winner: Framework | None
    confidence: Confidence

    @model_validator(mode="after")
    def _too_close_has_no_winner(self) -> Verdict:
        if (self.winner is None) != (self.confidence == "too_close"):
            raise ValueError("winner is null exactly when confidence is too_close")
        return self

    def label(self) -> str:
        return "too close" if self.winner is None else f"{self.winner} {self.confidence}"


class Expected(Verdict):
    """The expert's verdict plus every verdict the expert would also accept."""

    acceptable: tuple[Verdict, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _own_verdict_is_acceptable(self) -> Expected:
        if self.verdict() not in self.acceptable:
            raise ValueError("the expected verdict must be one of the acceptable ones")
        return self

    def verdict(self) -> Verdict:
        return Verdict(winner=self.winner, confidence=self.confidence)


class Source(_Strict):
    """The documented situation behind a persona: where, what it says (verbatim), when read."""

    url: str = Field(pattern=r"^https?://\S+$")
    quote: str = Field(min_length=1, max_length=300)
    checked: date
    note: str | None = None


class PersonaProfile(_Strict):
    description: str = ""
    answers: dict[str, str | list[str]] = {}


class ExpertPersona(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str = Field(min_length=1)
    profile: PersonaProfile
    expected: Expected
    reason: str = Field(min_length=1, max_length=300, pattern=r"^[^\n]+$")  # one line
    source: Source
    more_sources: tuple[Source, ...] = ()


def load_personas(directory: Path = PERSONA_DIR) -> list[ExpertPersona]:
    """Every ``*.yaml`` in ``directory``, validated; the file stem must equal the persona id."""
    personas = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            persona = ExpertPersona.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except ValidationError as err:
            raise ValueError(f"{path.name}: {err}") from None
        if persona.id != path.stem:
            raise ValueError(f"{path.name}: id {persona.id!r} differs from the file name")
        personas.append(persona)
    return personas


Status = Literal["evaluated", "pending", "invalid"]


@dataclass(frozen=True)
class IdCheck:
    status: Status  # "evaluated" here means: every id is known, the persona can be run
    problems: tuple[str, ...]  # invalid: "<persona id>: unknown …"; pending: the missing ids


def check_ids(persona: ExpertPersona, kb: KnowledgeBase) -> IdCheck:
    """Are all question and option ids known to the KB (else: in the contract, or unknown)?"""
    pending: list[str] = []
    invalid: list[str] = []
    for qid, value in persona.profile.answers.items():
        contract = CONTRACT_OPTIONS.get(qid, frozenset())
        question = kb.question(qid)
        if question is None:
            (pending if qid in CONTRACT_OPTIONS else invalid).append(f"question {qid!r}")
            continue
        known = {o.id for o in question.options}
        for option in value if isinstance(value, list) else [value]:
            if option not in known:
                (pending if option in contract else invalid).append(f"{qid}: option {option!r}")
    if invalid:
        return IdCheck("invalid", tuple(f"{persona.id}: unknown {p}" for p in invalid))
    if pending:
        return IdCheck("pending", tuple(pending))
    return IdCheck("evaluated", ())


@dataclass(frozen=True)
class Result:
    """One persona's outcome: the expert's verdict against the tool's (None unless evaluated)."""

    persona: ExpertPersona
    status: Status
    got: Verdict | None = None
    p_win: float | None = None  # the tool's P(win) of its leader
    note: str = ""

    @property
    def expected(self) -> Expected:
        return self.persona.expected


def evaluate(persona: ExpertPersona, kb: KnowledgeBase) -> Result:
    """Validate the profile the way a user's file is validated, then ask the recommender."""
    check = check_ids(persona, kb)
    if check.status == "invalid":
        return Result(persona, "invalid", note="; ".join(check.problems))
    if check.status == "pending":
        return Result(persona, "pending", note="not in the KB yet: " + "; ".join(check.problems))
    raw = dump_profile(Profile(**persona.profile.model_dump()), "yaml")
    try:
        profile = parse_profile(raw, f"{persona.id}.yaml", kb)
    except ProfileError as err:
        return Result(persona, "invalid", note=f"{persona.id}: {err}")
    rec = recommend(kb, profile, None, draws=DRAWS, seed=SEED, now=EVALUATED_AT)
    winner = None if rec.verdict == "too_close" else rec.winner
    got = Verdict.model_validate({"winner": winner, "confidence": rec.verdict})
    p_win = max(rec.win_probability.values()) if rec.win_probability else None
    return Result(persona, "evaluated", got=got, p_win=p_win)


def same_winner(expected: Verdict, got: Verdict) -> bool:
    return expected.winner == got.winner


def same_verdict(expected: Verdict, got: Verdict) -> bool:
    return expected.winner == got.winner and expected.confidence == got.confidence


def acceptable(expected: Expected, got: Verdict) -> bool:
    return got in expected.acceptable


def more_confident(expected: Verdict, got: Verdict) -> bool:
    """The tool claims more certainty than the expert (clear > lean > too close)."""
    return RANK[got.confidence] > RANK[expected.confidence]


@dataclass(frozen=True)
class Figures:
    evaluated: int
    pending: int
    invalid: int
    winner: float
    verdict: float
    acceptable: float
    more_confident: float


def figures(results: Iterable[Result]) -> Figures:
    """Agreement shares over the evaluated personas (pending and invalid ones do not count)."""
    results = list(results)
    done = [(r.expected, r.got) for r in results if r.status == "evaluated" and r.got is not None]
    n = len(done)

    def share(hits: int) -> float:
        return hits / n if n else 0.0

    return Figures(
        evaluated=n,
        pending=sum(r.status == "pending" for r in results),
        invalid=sum(r.status == "invalid" for r in results),
        winner=share(sum(same_winner(e, g) for e, g in done)),
        verdict=share(sum(same_verdict(e, g) for e, g in done)),
        acceptable=share(sum(acceptable(e, g) for e, g in done)),
        more_confident=share(sum(more_confident(e, g) for e, g in done)),
    )


def missed_targets(fig: Figures, targets: Targets = TARGETS) -> list[str]:
    """The issue-11 targets this run misses, in words (empty when all are met)."""
    missed = []
    if fig.evaluated == 0:
        return ["no persona could be evaluated"]
    if fig.winner < targets.winner:
        missed.append(f"winner agreement {fig.winner:.0%} < {targets.winner:.0%}")
    if fig.acceptable < targets.acceptable:
        missed.append(f"within the acceptable set {fig.acceptable:.0%} < {targets.acceptable:.0%}")
    if fig.more_confident > targets.more_confident:
        share, limit = fig.more_confident, targets.more_confident
        missed.append(f"more confident than the expert {share:.0%} > {limit:.0%}")
    return missed


def half(persona_id: str) -> str:
    """``A`` or ``B``: the parity of the first byte of sha256(id) (fixed, chosen by no one)."""
    return "A" if hashlib.sha256(persona_id.encode()).digest()[0] % 2 == 0 else "B"


EDGE_TARGETS = frozenset(
    [
        "mobile",
        "edge",
        "mcu",
        "browser",
        "android",
        "ios",
        "browser_training",
        "jetson",
        "edge_tpu",
        "hailo",
        "mcu_vendor",
    ]
)


def category(persona: ExpertPersona) -> str:
    """A fixed rule on the answers (first that applies): where the model runs, what exists."""
    answers = persona.profile.answers

    def picks(qid: str) -> list[str]:
        value = answers.get(qid, [])
        return value if isinstance(value, list) else [value]

    if set(picks("deploy_targets")) & EDGE_TARGETS:
        return "edge/mobile/browser"
    if [o for o in picks("existing_code") if o != "none"]:
        return "existing code"
    if picks("toolchains"):
        return "libraries"
    return "general"


def held_out(results: Sequence[Result]) -> str:
    """Figures per half and per category (left out vs the rest), as printed lines."""
    lines = ["held-out analysis (same model, figures per subset):"]

    def row(label: str, subset: list[Result]) -> str:
        f = figures(subset)
        return (
            f"  {label:34} n={f.evaluated:2}  winner {f.winner:6.1%}  "
            f"acceptable {f.acceptable:6.1%}  more confident {f.more_confident:6.1%}"
        )

    for h in ("A", "B"):
        lines.append(row(f"half {h}", [r for r in results if half(r.persona.id) == h]))
    for cat in sorted({category(r.persona) for r in results}):
        inside = [r for r in results if category(r.persona) == cat]
        rest = [r for r in results if category(r.persona) != cat]
        lines.append(row(f"category {cat}", inside))
        lines.append(row(f"  all but {cat}", rest))
    return "\n".join(lines)


GOLDEN_DIR = ROOT / "tests" / "fixtures" / "personas"


def golden_agreement(knowledge: KnowledgeBase, directory: Path = GOLDEN_DIR) -> str:
    """A second held-out set: the reference personas another author wrote (their own format:
    ``expected.winner`` one id or a list, ``expected.verdict`` the accepted confidences). Counts
    the winner and whether the verdict is one the author accepted; over-confident means "clear"
    where the author accepted only lean / too close."""
    from probes.report_io import parse_report

    hits = accepted = over = n = 0
    misses = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        raw = dump_profile(Profile.model_validate(data["profile"]), "yaml")
        profile = parse_profile(raw, path.name, knowledge)
        probe = None
        if data.get("probe"):
            probe_path = directory / data["probe"]
            probe = parse_report(probe_path.read_bytes(), probe_path.name)
        rec = recommend(knowledge, profile, probe, draws=DRAWS, seed=SEED, now=EVALUATED_AT)
        winners = data["expected"]["winner"]
        winners = winners if isinstance(winners, list) else [winners]
        verdicts = data["expected"]["verdict"]
        n += 1
        hits += rec.winner in winners
        ok = rec.winner in winners and rec.verdict in verdicts
        accepted += ok
        over += RANK[rec.verdict] > max(RANK[v] for v in verdicts)
        if not ok:
            misses.append(f"{path.stem} ({rec.winner} {rec.verdict})")
    if not n:
        return "golden personas: none"
    return (
        f"  golden personas ({directory.relative_to(ROOT)}) n={n:2}  winner {hits / n:6.1%}  "
        f"accepted {accepted / n:6.1%}  more confident {over / n:6.1%}"
        + (f"\n    not accepted: {', '.join(misses)}" if misses else "")
    )


def _mark(flag: bool) -> str:
    return "yes" if flag else "NO"


def table(results: Sequence[Result]) -> str:
    """Fixed-width per-persona table: expected, tool, the three checks, P(win), pending notes."""
    head = (
        f"{'persona':36} {'expert':18} {'tool':18} {'P(win)':>6}  "
        f"{'winner':6} {'accept':6} {'overconf':8}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        exp = r.expected.verdict().label()
        if r.status != "evaluated" or r.got is None:
            lines.append(f"{r.persona.id:36} {exp:18} {r.status.upper():18}  {r.note}")
            continue
        p = f"{r.p_win:.2f}" if r.p_win is not None else "-"
        over = more_confident(r.expected, r.got)
        lines.append(
            f"{r.persona.id:36} {exp:18} {r.got.label():18} {p:>6}  "
            f"{_mark(same_winner(r.expected, r.got)):6} "
            f"{_mark(acceptable(r.expected, r.got)):6} {'OVER' if over else '-':8}"
        )
    return "\n".join(lines)


def summary(fig: Figures, targets: Targets = TARGETS) -> str:
    return "\n".join(
        [
            f"evaluated {fig.evaluated}, pending {fig.pending}, invalid {fig.invalid}",
            f"agreement on winner:              {fig.winner:6.1%}  "
            f"(target >= {targets.winner:.0%})",
            f"agreement on winner + confidence: {fig.verdict:6.1%}",
            f"within the expert's acceptable:   {fig.acceptable:6.1%}  "
            f"(target >= {targets.acceptable:.0%})",
            f"more confident than the expert:   {fig.more_confident:6.1%}  "
            f"(target <= {targets.more_confident:.0%})",
        ]
    )


def report(results: Sequence[Result]) -> str:
    fig = figures(results)
    missed = missed_targets(fig)
    verdict = "all targets met" if not missed else "targets missed: " + "; ".join(missed)
    return f"{table(results)}\n\n{summary(fig)}\n{verdict}"


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip() or "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    import kb

    parser = argparse.ArgumentParser(description="Agreement of the tool with expert personas.")
    parser.add_argument(
        "--held-out",
        action="store_true",
        help=f"the held-out set ({HELD_OUT_DIR.relative_to(ROOT)}) instead of the suite",
    )
    args = parser.parse_args(argv)
    knowledge = kb.load()
    if args.held_out:
        results = [evaluate(p, knowledge) for p in load_personas(HELD_OUT_DIR)]
        print(report(results))
        print(f"\ncommit {_commit()}, held-out set, draws {DRAWS}, seed {SEED}")
        return 2 if any(r.status == "invalid" for r in results) else 0
    results = [evaluate(p, knowledge) for p in load_personas()]
    print(report(results))
    print()
    print(held_out(results))
    print(golden_agreement(knowledge))
    print(
        f"\ncommit {_commit()}, kb {knowledge.kb_version} ({knowledge.content_hash[:12]}), "
        f"draws {DRAWS}, seed {SEED}, "
        f"evaluated at {EVALUATED_AT.date()}, {platform.python_version()} on {platform.machine()}"
    )
    return 2 if any(r.status == "invalid" for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
