"""Builds the decision record (MADR-shaped) from a Recommendation and the knowledge base.

This is the only place that decides *what* a report says; the format modules decide *how*.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.schema import KnowledgeBase
from kb.texts import check_lang, pick, t
from recommender.labels import OS_NAMES, framework_status, rule_source
from recommender.models import CriterionWeight, EvidenceRef, Recommendation, WeightSource
from recommender.probe_summary import machine_text
from recommender.uncertainty import shown_probability

from .bench_table import benchmark_table
from .card import decision_card, reason_line
from .charts import contribution_chart, criteria_chart, impact_chart
from .document import (
    Badge,
    Block,
    Bullets,
    Cell,
    Chart,
    Code,
    Document,
    Heading,
    Notice,
    Para,
    Quote,
    Span,
    Table,
    plain,
    safe_url,
)
from .sanitize import Cleaner, CleanNote

TOP_DRIVERS = 5


def _is_override(source: WeightSource) -> bool:
    """The recommender records a what-if slider as a weight source with question "override"."""
    return source.question == "override" and not source.option


def framework_names(rec: Recommendation, kb: KnowledgeBase) -> dict[str, str]:
    ids = list(rec.scores) + [e.framework for e in rec.eliminated]
    ids += [v.framework for c in rec.contributions for v in c.values]
    return {fid: (kb.frameworks[fid].name if fid in kb.frameworks else fid) for fid in ids}


def _pct(x: float) -> str:
    return f"{x * 100:.0f} %"


def _num(x: float) -> str:
    return f"{x:.1f}"


def note_text(note: CleanNote, lang: str) -> str:
    if note.kind == "truncated":
        return t("note_truncated", lang, field=note.field, length=note.length, limit=note.limit)
    return t("note_cleaned", lang, field=note.field, count=note.count)


class _Builder:
    def __init__(self, rec: Recommendation, kb: KnowledgeBase, lang: str) -> None:
        self.rec, self.kb, self.lang = rec, kb, lang
        self.clean = Cleaner()
        self.names = framework_names(rec, kb)
        self.blocks: list[Block] = []

    # the decision card (first) ------------------------------------------------------------
    def card(self) -> None:
        lang = self.lang
        c = decision_card(self.rec, self.kb, lang)
        self.add(Heading(2, t("card", lang)))
        self.add(
            Badge(c.verdict_symbol, c.verdict_label, c.verdict_color, c.headline, c.score_line)
        )
        if c.verdict_reason:
            self.add(Para((Span(c.verdict_reason),)))

        def label(key: str, **kw: object) -> Para:
            return Para((Span(t(key, lang, **kw) + t("colon", lang).rstrip(), bold=True),))

        self.add(label("why"))
        because = pick(self.rec.because_en, self.rec.because_zh, lang)
        if c.reasons:
            self.add(Bullets(tuple((Span(reason_line(r, lang)),) for r in c.reasons)))
        elif because:
            self.add(Para((Span(because),)))
        self.add(label("card_give_up"))
        if c.give_up:
            self.add(Bullets(tuple((Span(x),) for x in c.give_up)))
        else:
            self.add(Para((Span(c.give_up_none),)))
        self.add(label("card_what_ifs"))
        if c.what_ifs:
            self.add(Bullets(tuple((Span(x),) for x in c.what_ifs)))
        else:
            self.add(Para((Span(c.what_ifs_none),)))
        chosen = next((o for o in c.install_options if o.target == c.install_target), None)
        if c.install_command and chosen is not None:
            self.add(label("report_card_install", fw=c.install_framework, target=chosen.label))
            self.add(Code(self.clean.clean(c.install_command, "install_command", 2000)))
            for note in chosen.notes:  # e.g. a CPU build standing in for an accelerator
                self.add(Para((Span(note),)))
        else:
            self.add(Para((Span(t("card_no_install", lang)),)))
        if c.next_steps:
            self.add(label("card_next"))
            self.add(Bullets(tuple((Span(n.text, safe_url(n.url)),) for n in c.next_steps)))
            for cmd in self.rec.deploy_install_commands:
                self.add(Code(self.clean.clean(cmd, "install_command", 2000)))

    def install_others(self) -> None:
        """The KB's command for each kind of hardware, for the framework on the card."""
        lang = self.lang
        c = decision_card(self.rec, self.kb, lang)
        rows = [
            (plain(o.label), plain(o.command or "—"), plain(t("list_sep", lang).join(o.notes)))
            for o in c.install_options
        ]
        if rows:
            self.h(3, "card_install_other")
            headers = (t("group_hardware", lang), t("report_install", lang), t("note", lang))
            self.add(Table(headers, tuple(rows)))

    # helpers -------------------------------------------------------------------------------
    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def h(self, level: int, key: str) -> None:
        self.add(Heading(level, t(key, self.lang)))

    def fw(self, fid: str | None) -> str:
        return self.names.get(fid, fid) if fid else "—"

    def criterion_title(self, cid: str) -> str:
        for c in self.rec.contributions:
            if c.criterion == cid:
                return pick(c.title_en, c.title_zh, self.lang)
        crit = self.kb.criteria.get(cid)
        return crit.title.get(self.lang) if crit else cid

    def answer_label(self, qid: str, option: str) -> str:
        """The option's label in the report's language; its id only when the KB lacks it."""
        q = self.kb.question(qid)
        opt = q.option(option) if q else None
        if opt is not None:
            return opt.label.get(self.lang)
        return self.clean.line(option, f"profile.answers.{qid}", 200)

    def rule_text(self, rule: str) -> str:
        """Where an elimination or penalty came from, as the reader's answer or a KB rule."""
        en, zh = rule_source(self.kb, rule)
        return self.clean.line(pick(en, zh, self.lang), "eliminated.rule", 300)

    def found_text(self, state: str) -> str:
        """A probed framework's "ok 2.13.0" as "works 2.13.0" / "可用 2.13.0"."""
        status, _, version = state.partition(" ")
        en, zh = framework_status(status)
        shown = pick(en, zh, self.lang) + (f" {version}" if version else "")
        return self.clean.line(shown, "probe.frameworks")

    def question_text(self, qid: str) -> str:
        q = self.kb.question(qid)
        return q.text.get(self.lang) if q else self.clean.line(qid, "profile.answers", 200)

    # sections ------------------------------------------------------------------------------
    def context(self) -> None:
        lang, prof = self.lang, self.rec.profile
        self.h(2, "context")
        self.h(3, "report_description")
        desc = self.clean.description(prof.description)
        self.add(Quote(desc) if desc else Para((Span(t("no_description", lang)),)))
        self.h(3, "answers")
        # The answers actually used (with pre-fills and defaults) when the recommender gives
        # them; otherwise what the profile holds.
        used: dict[str, list[str]] = dict(self.rec.effective_answers)
        for qid, value in prof.answers.items():
            if qid not in used:
                used[qid] = [value] if isinstance(value, str) else list(value)
        if not used:
            self.add(Para((Span(t("no_answers", lang)),)))
            return
        origin = self.rec.answer_origin
        rows: list[tuple[Cell, ...]] = []
        for qid, values in used.items():
            shown = t("list_sep", lang).join(self.answer_label(qid, v) for v in values)
            shown = shown or t("none", lang)
            how = origin.get(qid, "answered" if qid in prof.answers else "default")
            said = t(f"report_origin_{how}", lang)
            rows.append((plain(self.question_text(qid)), plain(shown), plain(said)))
        headers = (t("question", lang), t("answer", lang), t("origin", lang))
        self.add(Table(headers, tuple(rows)))

    def drivers(self) -> None:
        lang = self.lang
        self.h(2, "drivers")
        by_id = {w.criterion: w for w in self.rec.weights}
        order: Iterable[CriterionWeight] = [by_id[d] for d in self.rec.drivers if d in by_id]
        if not order:
            order = sorted(self.rec.weights, key=lambda w: -w.weight)
        shown = list(order)[:TOP_DRIVERS]
        # A weight the user set by hand (what-if sliders) is always shown, heavy or not.
        shown += [
            w
            for w in sorted(self.rec.weights, key=lambda w: -w.weight)
            if w not in shown and any(_is_override(s) for s in w.sources)
        ]
        rows = []
        for w in shown:
            reasons = [
                t("override", lang) + " — " + pick(s.reason_en, s.reason_zh, lang)
                if _is_override(s)
                else self.question_text(s.question).rstrip("?？:：")
                + t("colon", lang)
                + f"{self.answer_label(s.question, s.option)} ×{s.factor:g} — "
                + pick(s.reason_en, s.reason_zh, lang)
                for s in w.sources
            ]
            rows.append(
                (
                    plain(self.criterion_title(w.criterion)),
                    plain(_pct(w.weight)),
                    plain(_pct(w.default_weight)),
                    tuple(
                        Span(r + ("\n" if i < len(reasons) - 1 else ""))
                        for i, r in enumerate(reasons)
                    )
                    or plain(t("default_only", lang)),
                )
            )
        if rows:
            headers = (t("criterion", lang), t("weight", lang), t("default_weight", lang))
            self.add(Table((*headers, t("set_by", lang)), tuple(rows), (False, True, True, False)))

    def options(self) -> None:
        lang, rec = self.lang, self.rec
        self.h(2, "options")
        rows = []
        for fid in self.names:
            kinds = {e.kind for e in rec.eliminated if e.framework == fid}
            state = t("in_running", lang)
            if kinds - {"penalty"}:  # a veto or an unmet requirement outranks any penalty
                state = t("kind_veto", lang)
            elif kinds:
                state = t("penalised", lang)
            score = rec.scores.get(fid)
            p = rec.win_probability.get(fid)
            rows.append(
                (
                    plain(self.fw(fid)),
                    plain(_num(score) if score is not None else "—"),
                    plain(shown_probability(p) if p is not None else "—"),
                    plain(state),
                )
            )
        headers = (t("framework", lang), t("score", lang), t("p_win", lang), t("state", lang))
        self.add(Table(headers, tuple(rows), (False, True, True, False)))

    def outcome(self) -> None:
        lang, rec = self.lang, self.rec
        self.h(2, "outcome")
        verdict = t(f"report_verdict_{rec.shown_verdict}", lang)
        chosen = t("chosen", lang, winner=self.fw(rec.winner)) if rec.winner else None
        none = "report_no_option" if rec.shown_verdict == "conflict" else "report_no_winner"
        head = chosen or t(none, lang)
        self.add(Para((Span(head, bold=True),)))
        facts = [f"{t('verdict', lang)}{t('colon', lang)}{verdict}"]
        if rec.winner and rec.winner in rec.win_probability:
            facts.append(
                f"{t('p_win', lang)}{t('colon', lang)}"
                f"{shown_probability(rec.win_probability[rec.winner])}"
            )
        margin = t("report_points", lang, value=_num(rec.margin))
        facts.append(f"{t('report_margin', lang)}{t('colon', lang)}{margin}")
        if not rec.winner and rec.leader:
            facts.append(f"{t('leader', lang)}{t('colon', lang)}{self.fw(rec.leader)}")
        if rec.runner_up:
            facts.append(f"{t('runner_up', lang)}{t('colon', lang)}{self.fw(rec.runner_up)}")
        self.add(Bullets(tuple((Span(f),) for f in facts)))
        because = pick(rec.because_en, rec.because_zh, lang)
        if because:
            head_span = Span(t("report_because", lang) + t("colon", lang), bold=True)
            self.add(Para((head_span, Span(because))))
        if rec.switching is not None:
            label = t("switching", lang)
            sentence = pick(rec.switching.sentence_en, rec.switching.sentence_zh, lang)
            self.add(Para((Span(label + t("colon", lang), bold=True), Span(sentence))))
            notes = rec.switching.assumptions_zh if lang == "zh" else rec.switching.assumptions_en
            if notes:
                self.add(Bullets(tuple((Span(n),) for n in notes)))
        if rec.consequences:
            self.h(3, "report_consequences")
            self.add(
                Bullets(
                    tuple(
                        (
                            Span(t(c.kind, lang) + t("colon", lang), bold=True),
                            Span(pick(c.text_en, c.text_zh, lang)),
                        )
                        for c in rec.consequences
                    )
                )
            )
        if rec.eliminated:
            self.h(3, "eliminations")
            rows = [
                (
                    plain(self.fw(e.framework)),
                    plain(
                        t("penalised" if e.kind == "penalty" else "kind_veto", lang)
                        + (t("paren", lang, x=f"−{e.points:g}") if e.points else "")
                    ),
                    plain(pick(e.reason_en, e.reason_zh, lang)),
                    plain(self.rule_text(e.rule)),
                )
                for e in rec.eliminated
            ]
            headers = (t("framework", lang), t("state", lang), t("reason", lang), t("origin", lang))
            self.add(Table(headers, tuple(rows)))

    def charts(self) -> None:
        if not self.rec.contributions:
            return
        self.h(2, "tab_charts")
        self.add(Chart(impact_chart(self.rec, self.lang, self.names)))
        self.add(Chart(contribution_chart(self.rec, self.lang, self.names)))
        self.add(Chart(criteria_chart(self.rec, self.lang, self.names)))

    def per_criterion(self) -> None:
        lang, rec = self.lang, self.rec
        if not rec.contributions:
            return
        self.h(2, "report_per_criterion")
        fids = list(dict.fromkeys(v.framework for c in rec.contributions for v in c.values))
        rating = t("report_rating", lang)
        headers = (
            t("criterion", lang),
            t("weight", lang),
            *(f"{self.fw(f)}{t('colon', lang)}{rating} / {t('contribution', lang)}" for f in fids),
            t("evidence", lang),
        )
        # Evidence is numbered once and listed under the table: a source cited for many
        # criteria (the seed article) appears once, and the table stays readable on paper.
        sources: dict[tuple[str, str, str, bool], int] = {}

        def number(r: EvidenceRef) -> int:
            return sources.setdefault((r.title, r.url, r.as_of, r.stale), len(sources) + 1)

        rows = []
        for c in rec.contributions:
            vals = {v.framework: v for v in c.values}
            cells: list[Cell] = [plain(pick(c.title_en, c.title_zh, lang)), plain(_pct(c.weight))]
            for f in fids:
                v = vals.get(f)
                if v is None:
                    cells.append(plain("—"))
                    continue
                text = f"{v.value:g} ({v.low:g}–{v.high:g}) / {v.contribution:.1f}"
                if v.measured:
                    text += f" — {t('measured', lang)}"
                note = pick(v.note or "", v.note_zh or v.note or "", lang)
                if note:
                    text += f" — {self.clean.line(note, 'contributions.note', 300)}"
                cells.append(plain(text))
            ev: list[Span] = []
            for f, refs in c.evidence.items():
                if not refs:
                    continue
                nums = ", ".join(f"[{number(r)}]" for r in refs)
                if ev:
                    ev.append(Span("\n"))
                ev.append(Span(self.fw(f) + t("colon", lang), bold=True))
                ev.append(Span(nums))
            cells.append(tuple(ev) or plain("—"))
            rows.append(tuple(cells))
        numeric = (False, True, *(True for _ in fids), False)
        self.add(Table(headers, tuple(rows), numeric))
        if sources:
            self.h(3, "report_sources")
            items = []
            for (title, url, as_of, stale), n in sources.items():
                marker = f" — {t('stale_marker', lang)}" if stale else ""
                items.append(
                    (Span(f"[{n}] "), Span(f"{title} ({as_of})", safe_url(url)), Span(marker))
                )
            self.add(Bullets(tuple(items)))

    def stale_claims(self) -> None:
        lang = self.lang
        self.h(2, "report_stale_claims")
        if not self.rec.stale_claims:
            self.add(Para((Span(t("no_stale", lang)),)))
            return
        known = {s.id: s for s in self.kb.stale_claims}
        for n, sid in enumerate(self.rec.stale_claims, start=1):
            sc = known.get(sid)
            if sc is None:
                self.add(Para((Span(t("unknown_claim", lang, id=sid)),)))
                continue
            sections = ("、" if lang == "zh" else ", ").join(sc.article_sections)
            self.add(Heading(3, t("stale_claim_heading", lang, n=n, sections=sections)))
            items: list[tuple[Span, ...]] = [
                (
                    Span(t("report_article_said", lang) + t("colon", lang), bold=True),
                    Span(sc.article_said.get(lang)),
                ),
                (
                    Span(t("holds_now", lang) + t("colon", lang), bold=True),
                    Span(sc.holds_now.get(lang)),
                ),
                (
                    Span(t("report_since", lang) + t("colon", lang), bold=True),
                    Span(sc.since.isoformat()),
                ),
            ]
            for ev in sc.evidence:
                src = self.kb.sources.get(ev.source)
                title = src.title if src else ev.source
                items.append(
                    (
                        Span(t("evidence", lang) + t("colon", lang), bold=True),
                        Span(
                            f"{title} ({ev.as_of.isoformat()})", safe_url(src.url if src else None)
                        ),
                        Span(f" — {ev.claim}"),
                    )
                )
            self.add(Bullets(tuple(items)))

    def machine(self) -> None:
        lang, p = self.lang, self.rec.probe
        self.h(2, "machine")
        if p is None:
            self.add(Para((Span(t("no_probe", lang)),)))
            return
        line = self.clean.line
        self.add(Para((Span(line(machine_text(p.machine, lang), "probe.machine")),)))
        rows = [
            (t("collected_at", lang), line(p.collected_at, "probe.collected_at")),
            (t("f_os", lang), line(OS_NAMES.get(p.os, p.os), "probe.os")),
            (t("f_arch", lang), line(p.arch, "probe.arch")),
            (t("f_python", lang), line(p.python, "probe.python")),
            (t("f_cpu", lang), line(p.cpu or "—", "probe.cpu")),
            (
                t("accelerators", lang),
                t("list_sep", lang).join(line(a, "probe.accelerators") for a in p.accelerators)
                or t("none", lang),
            ),
            (
                t("frameworks_found", lang),
                t("list_sep", lang).join(
                    f"{self.fw(k)}{t('colon', lang)}{self.found_text(v)}"
                    for k, v in p.frameworks.items()
                )
                or t("none", lang),
            ),
        ]
        self.add(Table(("", ""), tuple((plain(a), plain(b)) for a, b in rows)))
        self.h(3, "benchmarks")
        if not p.benchmarks:
            self.add(Para((Span(t("no_benchmarks", lang)),)))
            return
        self.add(Para((Span(t("bench_caption", lang)),)))
        table = benchmark_table(
            p.benchmarks,
            list(self.rec.scores),
            self.fw,
            lambda text: self.clean.line(text, "probe.benchmarks", 200),
            lang,
        )
        self.add(table)
        shares = [r.get("peak_share") for r in p.benchmarks]
        if any(isinstance(x, int | float) and x > 1.0 for x in shares):
            self.add(Para((Span(t("bench_over_peak", lang)),)))

    def flips(self) -> None:
        lang = self.lang
        self.h(2, "flip_points")
        sentences = [pick(f.sentence_en, f.sentence_zh, lang) for f in self.rec.flip_points]
        if sentences:
            self.add(Bullets(tuple((Span(s),) for s in sentences)))
        else:
            self.add(Para((Span(t("no_flips", lang)),)))

    def install(self) -> None:
        self.h(2, "report_install")
        cmd = self.rec.install_command
        if cmd:
            self.add(Code(self.clean.clean(cmd, "install_command", 2000)))
        else:
            self.add(Para((Span(t("no_install", self.lang)),)))
        self.install_others()

    def revisit(self) -> None:
        lang, rec = self.lang, self.rec
        self.h(2, "report_revisit")
        items = (
            rec.revisit_triggers_zh
            if lang == "zh" and rec.revisit_triggers_zh
            else rec.revisit_triggers_en
        )
        if items:
            self.add(Bullets(tuple((Span(i),) for i in items)))
        else:
            self.add(Para((Span(t("no_revisit", lang)),)))

    def provenance(self) -> None:
        lang, rec = self.lang, self.rec
        self.h(2, "provenance")
        rows = [
            (t("report_kb_version", lang), rec.kb_version),
            (t("kb_hash", lang), rec.kb_hash),
            (t("generated_at", lang), rec.generated_at.isoformat()),
            (t("schema_version", lang), str(rec.schema_version)),
            (t("monte_carlo", lang), f"{rec.monte_carlo_draws} / {rec.seed}"),
        ]
        self.add(Table(("", ""), tuple((plain(a), plain(b)) for a, b in rows)))

    def build(self) -> Document:
        lang, rec = self.lang, self.rec
        head: list[Block] = [
            Bullets(
                (
                    (
                        Span(t("status", lang) + t("colon", lang), bold=True),
                        Span(t("status_value", lang)),
                    ),
                    (
                        Span(t("date", lang) + t("colon", lang), bold=True),
                        Span(rec.generated_at.date().isoformat()),
                    ),
                )
            )
        ]
        # Answer first: the card, then the warnings about it, then everything else as an appendix.
        self.card()
        card_blocks, self.blocks = self.blocks, []
        for section in (
            self.context,
            self.drivers,
            self.options,
            self.outcome,
            self.charts,
            self.flips,
            self.per_criterion,
            self.stale_claims,
            self.machine,
            self.install,
            self.revisit,
            self.provenance,
        ):
            section()
        appendix = [Heading(1, t("appendix", lang)), *self.blocks]
        shown = rec.warnings
        if lang == "zh" and len(rec.warnings_zh) == len(rec.warnings):
            shown = rec.warnings_zh
        warnings = [self.clean.line(w, "warnings") for w in shown]
        after: list[Block] = []
        if self.clean.notes:
            after.append(Notice("note", tuple(note_text(n, lang) for n in self.clean.notes)))
        if warnings:
            after.append(Notice("warning", tuple(warnings)))
        blocks = card_blocks + head + after + appendix
        return Document(lang=lang, title=t("report_title", lang), blocks=blocks)


def build_document(rec: Recommendation, kb: KnowledgeBase, lang: str) -> Document:
    """The whole decision record for ``rec`` in ``lang`` (raises ValueError for unknown lang)."""
    check_lang(lang)
    return _Builder(rec, kb, lang).build()
