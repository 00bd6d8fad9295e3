"""The decision card: the part of a recommendation a team lead reads in 30 seconds.

One pure function builds it from a ``Recommendation`` and the KB, so the app, the HTML, the PDF
and the Markdown report show the same verdict, reasons, trade-offs, what-ifs, install command and
next steps. Nothing is re-decided here: the reasons are the decision model's own ranking (each
criterion's points gap between leader and runner-up, penalties and must-haves included, the same
ranking ``recommender/narrative.py`` words in ``because``), and the what-ifs are the model's
ranked list. Install commands come from ``recommender/install.py`` over the KB's compatibility
table.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from kb.schema import KnowledgeBase
from kb.texts import pick, t
from recommender.install import choose_install
from recommender.models import Recommendation, ShownVerdict
from recommender.narrative import net_charges
from recommender.uncertainty import shown_probability

TOP_REASONS = 3
TOP_GIVE_UP = 3
TOP_WHAT_IFS = 3
MIN_POINTS = 0.05  # a gap smaller than this is no reason

# Install targets a user can pick, with the answers that describe such a machine. The command
# for each comes from ``choose_install`` over the KB, never from this table.
InstallTarget = Literal["cuda", "rocm", "cpu", "apple", "tpu"]
INSTALL_TARGETS: dict[InstallTarget, tuple[str, str]] = {
    "cuda": ("nvidia", "linux"),
    "rocm": ("amd", "linux"),
    "cpu": ("cpu_only", "linux"),
    "apple": ("apple_silicon", "macos"),
    "tpu": ("tpu", "linux"),
}
_HARDWARE_TARGET: dict[str, InstallTarget] = {
    "nvidia": "cuda",
    "amd": "rocm",
    "apple_silicon": "apple",
    "tpu": "tpu",
    "cpu_only": "cpu",
}

# Verdict badge: words and a symbol carry the meaning, the colour only repeats it. The colours
# give white text a contrast of at least 4.5:1 (WCAG AA).
BADGE: dict[ShownVerdict, tuple[str, str]] = {
    "clear": ("✔", "#1A7F37"),
    "lean": ("➚", "#8A4B00"),
    "too_close": ("≈", "#5A5A5A"),
    "conflict": ("⊘", "#B42318"),  # every framework fails a must-have (shown_verdict)
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CardReason(_Model):
    """One reason: whose strength (or whose penalty / must-have) and how many points."""

    kind: Literal["criterion", "penalty", "must_have"]
    favours: str  # framework display name the reason speaks for
    text: str  # already in the card's language, names the framework
    points: float | None = None  # points of the 0–100 scale; None for a must-have
    criterion: str | None = None  # criterion id of a "criterion" reason (the app links its card)


class InstallOption(_Model):
    target: InstallTarget
    label: str
    command: str | None
    notes: list[str] = []


class NextStep(_Model):
    text: str
    url: str | None = None


class DecisionCard(_Model):
    lang: str
    verdict: ShownVerdict  # "conflict" when every framework fails a must-have
    verdict_label: str  # the words of the badge, e.g. "Clear choice"
    verdict_symbol: str
    verdict_color: str
    framework: str | None  # display name of the recommended (or leading) framework
    headline: str
    score_line: str
    verdict_reason: str | None = None  # why the verdict is no stronger (Recommendation)
    reasons: list[CardReason]
    give_up: list[str]
    give_up_none: str  # what the card says when ``give_up`` is empty
    what_ifs: list[str]
    what_ifs_none: str  # what the card says when ``what_ifs`` is empty
    install_framework: str | None
    install_target: InstallTarget | None  # pre-selected: the recommendation's own install choice
    install_command: str | None  # the recommendation's command (probe-fitted where it was)
    install_options: list[InstallOption]
    next_steps: list[NextStep]


def _names(rec: Recommendation, kb: KnowledgeBase) -> dict[str, str]:
    ids = list(rec.scores) + [e.framework for e in rec.eliminated]
    return {f: (kb.frameworks[f].name if f in kb.frameworks else f) for f in ids}


def ranked_points(rec: Recommendation, kb: KnowledgeBase, lang: str) -> list[CardReason]:
    """Every criterion gap and penalty between leader and runner-up, signed for the leader.

    Positive points speak for the leader, negative ones for the runner-up; sorted strongest first.
    """
    # the recommended framework against the other one (the runner-up the relevant criteria
    # favour can be recommended over the top scorer: docs/decision-model.md section 3)
    lead = rec.winner or rec.leader
    run = rec.runner_up if rec.runner_up != lead else rec.leader
    if run is None:  # a single survivor: compare with the best framework a must-have ruled out
        others = sorted((f for f in rec.scores if f != lead), key=lambda f: -rec.scores[f])
        run = others[0] if others else None
    if lead is None or run is None:
        return []
    names = _names(rec, kb)
    out: list[CardReason] = []
    for c in rec.contributions:
        vals = {v.framework: v.contribution for v in c.values}
        if lead not in vals or run not in vals:
            continue
        gap = vals[lead] - vals[run]
        who = names[lead] if gap >= 0 else names[run]
        title = pick(c.title_en, c.title_zh, lang)
        out.append(
            CardReason(
                kind="criterion",
                favours=who,
                text=t("card_strength", lang, fw=who, criterion=title),
                points=round(gap, 1),
                criterion=c.criterion,
            )
        )
    # a charge both pay for the same answer speaks for neither side (recommender/narrative.py)
    for charge in net_charges(rec.eliminated, lead, run):
        if abs(charge.net) < 0.05:
            continue
        payer = charge.payer
        reason = pick(payer.reason_en, payer.reason_zh, lang).rstrip(".。")
        out.append(
            CardReason(
                kind="penalty",
                favours=names[lead] if charge.net > 0 else names[run],
                text=t("card_penalty", lang, fw=names.get(payer.framework, payer.framework),
                       reason=reason),
                points=round(charge.net, 1),
            )
        )  # fmt: skip
    return sorted(out, key=lambda r: -abs(r.points or 0.0))


def _reasons(rec: Recommendation, kb: KnowledgeBase, lang: str) -> list[CardReason]:
    names = _names(rec, kb)
    lead = rec.winner or rec.leader
    musts = [
        CardReason(
            kind="must_have",
            favours=names.get(lead, lead) if lead else "—",
            text=pick(e.reason_en, e.reason_zh, lang).rstrip(".。"),
        )
        for e in rec.eliminated
        if e.kind in ("veto", "require") and e.framework != lead
    ]
    pros = [r for r in ranked_points(rec, kb, lang) if (r.points or 0) > MIN_POINTS]
    return (musts + pros)[:TOP_REASONS]


def _give_up(rec: Recommendation, kb: KnowledgeBase, lang: str) -> list[str]:
    """Where the runner-up is stronger, then the decision model's own 'bad' consequences."""
    cons = [r for r in ranked_points(rec, kb, lang) if (r.points or 0) < -MIN_POINTS]
    out = [reason_line(r, lang) for r in cons[:TOP_GIVE_UP]]
    out += [pick(c.text_en, c.text_zh, lang) for c in rec.consequences if c.kind == "bad"]
    return out[:TOP_GIVE_UP]


def _what_ifs(rec: Recommendation, lang: str) -> list[str]:
    """The model's ranked what-ifs, those that change the advice first (order kept otherwise).

    When the recommendation is the runner-up the relevant criteria favour (``winner`` is not the
    top scorer), a what-if that would only make it the top scorer too confirms the advice rather
    than changing it, so it is left out here (the appendix still lists every what-if)."""
    items = rec.what_ifs
    if rec.winner is not None and rec.leader is not None and rec.winner != rec.leader:
        items = [w for w in items if w.changes_winner or w.new_leader != rec.winner]
    ranked = sorted(items, key=lambda w: not w.changes_winner)
    return [pick(w.sentence_en, w.sentence_zh, lang) for w in ranked[:TOP_WHAT_IFS]]


def install_options(
    kb: KnowledgeBase, framework: str | None, os_answer: str | None, lang: str
) -> list[InstallOption]:
    """One KB install command per target, for ``framework`` (CPU keeps the user's OS)."""
    if framework is None:
        return []
    out = []
    for target, (hardware, target_os) in INSTALL_TARGETS.items():
        if target == "cpu" and os_answer in ("linux", "windows", "macos"):
            target_os = os_answer
        choice = choose_install(kb, framework, None, {"hardware": [hardware], "os": [target_os]})
        out.append(
            InstallOption(
                target=target,
                label=t(f"target_{target}", lang),
                command=choice.command if choice else None,
                notes=[pick(en, zh, lang) for en, zh in choice.reasons] if choice else [],
            )
        )
    return out


def _preselect(rec: Recommendation, options: list[InstallOption]) -> InstallTarget | None:
    """The target whose command is the recommendation's own; the answers break a tie."""
    hardware = rec.effective_answers.get("hardware", [])
    said = [_HARDWARE_TARGET[h] for h in hardware if h in _HARDWARE_TARGET]
    same = [o.target for o in options if o.command and o.command == rec.install_command]
    for target in said:
        if target in same:
            return target
    if "cpu" in same:  # the answered accelerator has no build here: the CPU build stands in
        return "cpu"
    if same:
        return same[0]
    return said[0] if said else ("cpu" if options else None)


def _next_steps(
    rec: Recommendation, kb: KnowledgeBase, fid: str | None, lang: str
) -> list[NextStep]:
    steps = rec.next_steps_zh if lang == "zh" and rec.next_steps_zh else rec.next_steps_en
    out = []
    for text in steps:
        url = next((tc.homepage for tc in kb.toolchains.values() if f"→ {tc.name}" in text), None)
        out.append(NextStep(text=text, url=url))
    if fid is not None and fid in kb.frameworks:
        fw = kb.frameworks[fid]
        out.append(NextStep(text=t("card_docs", lang, fw=fw.name), url=fw.homepage))
    return out


def _zh_notes(rec: Recommendation) -> list[str]:
    """The Chinese install notes, or the English ones where a report has none."""
    if len(rec.install_notes_zh) == len(rec.install_notes_en):
        return rec.install_notes_zh
    return rec.install_notes_en


def decision_card(rec: Recommendation, kb: KnowledgeBase, lang: str) -> DecisionCard:
    """The card for ``rec`` in ``lang``."""
    names = _names(rec, kb)
    shown = rec.shown_verdict
    symbol, color = BADGE[shown]
    chosen = rec.winner or rec.leader
    fw = names.get(chosen, chosen) if chosen else None
    if rec.winner:
        headline = t("card_headline", lang, fw=fw)
    elif rec.leader:
        headline = t("card_headline_close", lang, fw=fw)
    elif shown == "conflict":
        headline = t("card_headline_conflict", lang)
    else:
        headline = t("report_no_winner", lang)
    conflict = shown == "conflict"
    parts = []
    out = rec.ruled_out()
    ranked = sorted(rec.scores.items(), key=lambda kv: (kv[0] in out, -kv[1]))
    for f, s in ranked:
        label = f"{names.get(f, f)} {s:.1f}"
        if f in out:
            label += t("paren", lang, x=t("kind_veto", lang))
        parts.append(label)
    score_line = " · ".join(parts)
    # P(win) is the share of draws the total score puts first: said for the top scorer only
    if chosen == rec.leader and chosen in rec.win_probability and len(ranked) - len(out) > 1:
        score_line += " · " + t(
            "card_ahead_in", lang, p=shown_probability(rec.win_probability[chosen])
        )
    os_values = rec.effective_answers.get("os") or []
    os_answer = os_values[0] if os_values else None
    options = install_options(kb, chosen, os_answer, lang)
    target = _preselect(rec, options)
    if rec.install_command and target is not None:
        # the recommendation's own command, with its own notes (a CPU build standing in for an
        # accelerator the KB has no build for says so)
        notes = zip(rec.install_notes_en, _zh_notes(rec), strict=True)
        own = [pick(en, zh, lang) for en, zh in notes]
        options = [
            o.model_copy(update={"command": rec.install_command, "notes": own or o.notes})
            if o.target == target
            else o
            for o in options
        ]
    return DecisionCard(
        lang=lang,
        verdict=shown,
        verdict_label=t(f"badge_{shown}", lang),
        verdict_symbol=symbol,
        verdict_color=color,
        framework=fw,
        headline=headline,
        score_line=score_line,
        verdict_reason=pick(rec.verdict_reason_en, rec.verdict_reason_zh or "", lang)
        if rec.verdict_reason_en
        else None,
        reasons=_reasons(rec, kb, lang),
        # with conflicting must-haves, what is given up is the requirement one drops
        give_up=[] if conflict else _give_up(rec, kb, lang),
        give_up_none=t("card_give_up_conflict" if conflict else "card_nothing_given_up", lang),
        what_ifs=_what_ifs(rec, lang),
        what_ifs_none=t("card_no_what_ifs_conflict" if conflict else "card_no_what_ifs", lang),
        install_framework=fw,
        install_target=target,
        install_command=rec.install_command,
        install_options=options,
        next_steps=_next_steps(rec, kb, chosen, lang),
    )


def reason_line(r: CardReason, lang: str) -> str:
    """A reason as one line with the points it is worth to the framework it speaks for."""
    if r.points is None:
        return r.text
    return r.text + t("paren", lang, x=t("report_points", lang, value=f"+{abs(r.points):.1f}"))
