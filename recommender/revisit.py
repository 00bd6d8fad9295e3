"""When to decide again: new releases, answers that would flip the result, missing facts.

Triggers are written for the person who keeps the decision record, so they name releases,
questions and answer labels — never command-line flags or ids (``recommender/labels.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.schema import KnowledgeBase
from kb.texts import Bilingual, pair
from probes.report import ProbeReport
from recommender.facts import version_key
from recommender.labels import fw_name, option_label, question_text


@dataclass(frozen=True)
class Counterfactual:
    """An answer the user did not give that would change who leads (or rule the leader out)."""

    question: str
    option: str
    multi: bool
    new_leader: str | None  # None: nobody survives


def next_release(version: str) -> str:
    """'2.21.0' -> '2.22': the next minor release to watch for."""
    key = version_key(version)
    major = key[0] if key else 0
    minor = key[1] if len(key) > 1 else 0
    return f"{major}.{minor + 1}"


# No probe report: ask for one in words a team lead can pass on, not as a command line.
PROBE_TRIGGER: Bilingual = pair("revisit_run_probe")


def revisit_triggers(
    kb: KnowledgeBase,
    watched: list[str],
    counterfactuals: list[Counterfactual],
    probe: ProbeReport | None,
    stale_count: int,
) -> list[Bilingual]:
    """When to re-run: new releases, answers that would flip the result, missing facts."""
    out: list[Bilingual] = []
    for fw in watched:
        nxt = next_release(kb.frameworks[fw].latest_version)
        out.append(pair("revisit_release", name=fw_name(kb, fw), version=nxt))
    for cf in counterfactuals:
        if kb.question(cf.question) is None:
            continue
        if cf.new_leader is None:
            then = pair("revisit_all_ruled_out")
        else:
            then = pair("revisit_would_lead", name=fw_name(kb, cf.new_leader))
        out.append(
            pair(
                "revisit_if_added" if cf.multi else "revisit_if_answer",
                question=question_text(kb, cf.question),
                option=option_label(kb, cf.question, cf.option),
                then=then,
            )
        )
    if probe is None:
        out.append(PROBE_TRIGGER)
    if stale_count:
        out.append(pair("revisit_stale", n=stale_count))
    return out
