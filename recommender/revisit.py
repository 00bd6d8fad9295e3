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
        name = fw_name(kb, fw)
        out.append((f"Re-run when {name} {nxt} ships.", f"{name} {nxt} 发布后请重新运行。"))
    for cf in counterfactuals:
        if kb.question(cf.question) is None:
            continue
        q_en, q_zh = question_text(kb, cf.question)
        label_en, label_zh = option_label(kb, cf.question, cf.option)
        if cf.new_leader is None:
            then_en, then_zh = pair("revisit_all_ruled_out")
        else:
            lead = fw_name(kb, cf.new_leader)
            then_en, then_zh = f"{lead} would lead", f"{lead} 将领先"
        if cf.multi:
            out.append(
                (
                    f"Re-run if you add “{label_en}” to “{q_en}” ({then_en}).",
                    f"如果在“{q_zh}”中加上“{label_zh}”，请重新运行（{then_zh}）。",
                )
            )
        else:
            out.append(
                (
                    f"Re-run if your answer to “{q_en}” becomes “{label_en}” ({then_en}).",
                    f"如果“{q_zh}”的答案变为“{label_zh}”，请重新运行（{then_zh}）。",
                )
            )
    if probe is None:
        out.append(PROBE_TRIGGER)
    if stale_count:
        out.append(
            (
                f"Re-run after the knowledge base is refreshed: {stale_count} evidence items "
                "behind this decision are older than its freshness limit.",
                f"知识库更新后请重新运行：本决策依据中有 {stale_count} 条证据已超过时效期限。",
            )
        )
    return out
