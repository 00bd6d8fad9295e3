"""Flat, dotted facts about the decision, and the tests that KB rules run over them.

Rules in the knowledge base speak about ``answers.*``, ``probe.*`` and ``compat.*`` facts. We build
one flat dict so a rule never needs to know the shape of a ``ProbeReport``. A fact that is absent
or ``None`` is *unknown*, and an unknown fact never satisfies a condition: a probe that could not
read the OS must not trigger "native Windows" rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.schema import CompatRow, Condition, KnowledgeBase, Question
from probes.report import ProbeReport
from recommender.models import Profile

Scalar = str | int | float | bool
FactValue = Scalar | list[str]
Facts = dict[str, FactValue]

# Probe vendor names that mean a hardware answer option (the questionnaire uses its own ids).
VENDOR_TO_OPTION = {"apple": "apple_silicon", "google": "tpu", "intel": "intel_gpu"}


@dataclass(frozen=True)
class EffectiveAnswers:
    """Answers the recommender acts on, each with where it came from."""

    values: dict[str, list[str]]
    origin: dict[str, str]  # question id -> "answered" | "prefilled" | "default"
    ignored: tuple[str, ...] = ()  # "question=option" answers this KB does not know
    # "question=option": an exclusive option ("Not deployed") chosen beside options that
    # contradict it; it was set aside (kb/schema.py Question.contradicted)
    set_aside: tuple[str, ...] = ()


def version_key(version: str) -> tuple[int, ...]:
    """'2.21' -> (2, 21); non-numeric parts count as 0 so odd strings still sort."""
    parts = []
    for piece in version.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def latest_compat(kb: KnowledgeBase, framework: str) -> CompatRow | None:
    """The newest release row of a framework in the compatibility table (what you'd install)."""
    rows = [r for r in kb.compatibility if r.framework == framework]
    return max(rows, key=lambda r: version_key(r.version)) if rows else None


def _put(facts: Facts, key: str, value: object) -> None:
    """Store a known value; None (unknown) is simply left out."""
    if value is None:
        return
    if isinstance(value, (str, int, float, bool)):
        facts[key] = value
    elif isinstance(value, (list, tuple)):
        facts[key] = [str(v) for v in value if v is not None]


def probe_facts(probe: ProbeReport) -> Facts:
    """Flatten the parts of a probe report that rules may test."""
    facts: Facts = {}
    _put(facts, "probe.tier", probe.tier)
    for section in ("host", "python", "cpu", "memory"):
        model = getattr(probe, section)
        for key, value in model.model_dump().items():
            if key == "flags" and isinstance(value, dict):
                for flag, present in value.items():
                    _put(facts, f"probe.cpu.flags.{flag}", present)
            else:
                _put(facts, f"probe.{section}.{key}", value)
    parts = probe.python.version.split(".")
    if len(parts) >= 2:
        facts["probe.python.minor"] = f"{parts[0]}.{parts[1]}"
    facts["probe.accelerators.vendors"] = sorted({a.vendor for a in probe.accelerators})
    facts["probe.accelerators.names"] = [a.name for a in probe.accelerators]
    facts["probe.accelerators.count"] = len(probe.accelerators)
    for fw_id, fw in probe.frameworks.items():
        for key in ("status", "package", "version", "sees_accelerators", "mismatch", "reason"):
            _put(facts, f"probe.frameworks.{fw_id}.{key}", getattr(fw, key))
        for key, value in fw.build.items():
            _put(facts, f"probe.frameworks.{fw_id}.build.{key}", value)
        facts[f"probe.frameworks.{fw_id}.devices"] = sorted({d.kind for d in fw.devices})
    for package, version in probe.packages.items():
        _put(facts, f"probe.packages.{package}", version)
    return facts


def compat_facts(kb: KnowledgeBase, probe: ProbeReport | None) -> Facts:
    """Facts computed from the compatibility table, some of them against the probed machine."""
    facts: Facts = {}
    minor = None
    if probe is not None:
        parts = probe.python.version.split(".")
        minor = f"{parts[0]}.{parts[1]}" if len(parts) >= 2 else None
    for fw_id in kb.frameworks:
        rows = [r for r in kb.compatibility if r.framework == fw_id]
        latest = latest_compat(kb, fw_id)
        if latest is None:
            continue
        base = f"compat.{fw_id}"
        facts[f"{base}.latest_version"] = latest.version
        facts[f"{base}.python"] = list(latest.python)
        facts[f"{base}.os"] = list(latest.os)
        for level in ("windows_gpu", "mps", "xpu", "tpu"):
            facts[f"{base}.{level}"] = getattr(latest, level)
        # ROCm builds are often recorded later than a release (AMD hosts TensorFlow's; a new
        # PyTorch row may not have its matrix yet): "supported" means a recorded release has
        # them, and rocm_latest says which one, so rules can tell how far it trails.
        with_rocm = [r for r in rows if r.rocm]
        facts[f"{base}.rocm_supported"] = bool(with_rocm)
        if with_rocm:
            newest = max(with_rocm, key=lambda r: version_key(r.version))
            facts[f"{base}.rocm_latest"] = newest.version
        if minor is not None:
            facts[f"{base}.python_supported"] = minor in latest.python
            facts[f"{base}.python_supported_any"] = any(minor in r.python for r in rows)
        if probe is not None and probe.host.os != "other":
            facts[f"{base}.os_supported"] = probe.host.os in latest.os
    return facts


def _prefill(question: Question, facts: Facts) -> list[str] | None:
    """Turn a probe fact into option ids of a question, or None when it says nothing usable."""
    if not question.prefill_from:
        return None
    key = question.prefill_from
    value = facts.get(key if key.startswith("probe.") else f"probe.{key}")
    if value is None:
        return None
    raw = value if isinstance(value, list) else [str(value)]
    ids = {o.id for o in question.options}
    picked: list[str] = []
    for item in raw:
        option = VENDOR_TO_OPTION.get(str(item), str(item))
        if option in ids and option not in picked:
            picked.append(option)
    if not picked and isinstance(value, list) and not value and "cpu_only" in ids:
        picked = ["cpu_only"]  # the probe looked and found no accelerator
    if not picked:
        return None
    return picked[:1] if question.kind == "single" else picked


def effective_answers(
    kb: KnowledgeBase, profile: Profile, pfacts: Facts | None = None
) -> EffectiveAnswers:
    """The user's answers, then probe pre-fills, then each question's documented default."""
    values: dict[str, list[str]] = {}
    origin: dict[str, str] = {}
    known = {q.id for q in kb.questions}
    ignored = [f"{qid}={v}" for qid, v in profile.answers.items() if qid not in known]
    set_aside: list[str] = []
    for q in kb.questions:
        given = profile.answers.get(q.id)
        if given is not None:
            chosen = [given] if isinstance(given, str) else list(given)
            # A profile saved against an older KB may name options that no longer exist.
            ignored += [f"{q.id}={o}" for o in chosen if q.option(o) is None]
            known_chosen = [o for o in chosen if q.option(o) is not None]
            contradicted = q.contradicted(known_chosen)
            set_aside += [f"{q.id}={o}" for o in contradicted]
            values[q.id] = [o for o in known_chosen if o not in contradicted]
            origin[q.id] = "answered"
            continue
        pre = _prefill(q, pfacts or {})
        if pre is not None:
            values[q.id] = pre
            origin[q.id] = "prefilled"
        else:
            values[q.id] = list(q.default)
            origin[q.id] = "default"
    return EffectiveAnswers(
        values=values, origin=origin, ignored=tuple(ignored), set_aside=tuple(set_aside)
    )


def answer_facts(kb: KnowledgeBase, answers: EffectiveAnswers) -> Facts:
    """``answers.<id>`` facts. Defaults are not facts: the user never said them."""
    facts: Facts = {}
    for q in kb.questions:
        if answers.origin.get(q.id) == "default":
            continue
        chosen = answers.values.get(q.id)
        if chosen is None:
            continue
        if q.kind == "single":
            if chosen:
                facts[f"answers.{q.id}"] = chosen[0]
        else:
            facts[f"answers.{q.id}"] = list(chosen)
    return facts


def holds(condition: Condition, facts: Mapping[str, FactValue]) -> bool:
    """Does one condition hold? Unknown facts never do."""
    value = facts.get(condition.fact)
    if value is None:
        return False
    items: Sequence[object] = value if isinstance(value, list) else [value]
    if condition.equals is not None:
        if isinstance(value, list):
            return False
        return _same(value, condition.equals)
    if condition.any_of is not None:
        return any(_same(v, a) for v in items for a in condition.any_of)
    if condition.contains is not None:
        return any(_same(v, condition.contains) for v in items)
    return False


def _same(fact: object, wanted: object) -> bool:
    """Equality that treats YAML's ``3.10`` (a float) and a fact ``"3.10"`` alike, but not bools."""
    if isinstance(fact, bool) or isinstance(wanted, bool):
        return isinstance(fact, bool) and isinstance(wanted, bool) and fact == wanted
    if fact == wanted:
        return True
    return str(fact).lower() == str(wanted).lower()
