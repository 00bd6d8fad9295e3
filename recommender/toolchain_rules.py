"""A toolchain the project depends on, as a constraint: must-have or graded, from the table's data.

An answer option names the toolchains it needs (``toolchains: [...]`` in ``questions.yaml``, as
alternatives: an iOS app can ship through Core ML, ExecuTorch or LiteRT). For every framework the
best alternative decides, using ``kb/data/toolchains.yaml``:

* no alternative reachable (``level: none`` everywhere it is known) → the framework is ruled out:
  the pick is a must-have;
* reachable only through a conversion path, or a path in ``beta`` / ``maintenance`` /
  ``deprecated`` state → a penalty of the question's ``toolchain_costs`` for that level and that
  status (summed), with the toolchain and the path in the reason; a conversion path also carries
  the state of the toolchain's native path (it ends there);
* a native, active path → nothing.

A framework the table says nothing about for a toolchain is unknown, not unsupported: no effect.
A ``converter`` (litert-torch, coremltools) exists to bring *one* framework's models to a target;
a framework it does not take reaches that target by its own route (another toolchain), so for a
converter ``level: none`` means "not applicable", not "ruled out".
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.schema import (
    Effect,
    FrameworkSupport,
    KnowledgeBase,
    Option,
    PenaltyEffect,
    Question,
    Toolchain,
    VetoEffect,
)
from kb.texts import pair, text


@dataclass(frozen=True)
class Reach:
    """How one framework reaches one toolchain, and what that costs under a question's table."""

    toolchain: Toolchain
    support: FrameworkSupport
    cost: float


def reach(question: Question, toolchain: Toolchain, framework: str) -> Reach | None:
    """The framework's path to a toolchain with its cost, or None when the table says nothing."""
    support = toolchain.support.get(framework)
    if support is None or (support.level == "none" and toolchain.category == "converter"):
        return None
    costs = question.toolchain_costs
    cost = 0.0
    if support.level == "conversion":
        cost += costs.get("conversion", 0.0)
    if support.level != "none" and support.status is not None:
        status = costs.get(support.status, 0.0)
        if support.level == "conversion":
            # A conversion path ends in the toolchain itself, so it shares the state of the
            # toolchain's native path (a compiler in maintenance is so for every way into it).
            native = [
                costs.get(s.status, 0.0)
                for s in toolchain.support.values()
                if s.level == "native" and s.status is not None
            ]
            status = max([status, *native])
        cost += status
    return Reach(toolchain, support, cost)


def best_reach(
    kb: KnowledgeBase, question: Question, option: Option, framework: str
) -> tuple[Reach | None, list[Reach]]:
    """Best reachable alternative (None if none is reachable) and every known alternative."""
    known = [
        r
        for tid in option.toolchains
        if tid in kb.toolchains
        for r in [reach(question, kb.toolchains[tid], framework)]
        if r is not None
    ]
    usable = [r for r in known if r.support.level != "none"]
    best = min(usable, key=lambda r: r.cost) if usable else None
    return best, known


def _path(r: Reach) -> tuple[str, str]:
    s = r.support
    if s.level == "native":
        how_en, how_zh = pair("toolchain_natively")
    else:
        how_en, how_zh = pair("toolchain_only_via", path=s.path)
    if s.status and s.status != "active":
        status_en, status_zh = pair(f"toolchain_status_{s.status}")
        return how_en + status_en, how_zh + status_zh
    return how_en, how_zh


def option_effects(
    kb: KnowledgeBase,
    question: Question,
    option: Option,
    frameworks: list[str],
    charged: set[tuple[str, str]] | None = None,
) -> list[Effect]:
    """Veto and penalty effects that one chosen option's toolchains imply for each framework.

    ``charged`` holds the (framework, toolchain) pairs already costed in this decision: an
    Edge TPU target and an Edge TPU toolchain pick are one fact, so the path costs once. It is
    updated in place.
    """
    if not option.toolchains:
        return []
    seen = charged if charged is not None else set()
    out: list[Effect] = []
    for fw in frameworks:
        name = kb.frameworks[fw].name if fw in kb.frameworks else fw
        best, known = best_reach(kb, question, option, fw)
        if not known:
            continue
        names = " / ".join(r.toolchain.name for r in known)
        if best is None:
            sep_en, sep_zh = pair("list_sep")
            notes_en = sep_en.join(r.support.note.en for r in known if r.support.note)
            notes_zh = sep_zh.join(r.support.note.zh for r in known if r.support.note)
            notes = pair("paren", x=(notes_en, notes_zh)) if notes_en else ""
            out.append(
                VetoEffect(
                    kind="veto",
                    framework=fw,
                    reason=text("toolchain_no_path", names=names, name=name, notes=notes),
                )
            )
        elif best.cost > 0 and (fw, best.toolchain.id) not in seen:
            seen.add((fw, best.toolchain.id))
            out.append(
                PenaltyEffect(
                    kind="penalty",
                    framework=fw,
                    points=min(50.0, best.cost),
                    reason=text(
                        "toolchain_reaches",
                        toolchain=best.toolchain.name,
                        name=name,
                        how=_path(best),
                    ),
                )
            )
    return out
