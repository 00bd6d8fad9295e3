"""``python -m recommender diff OLD.json NEW.json``: what changed between two runs, and why.

Inputs first (answers, knowledge base, probed machine), then outcomes (winner, verdict, scores,
margins, weights, ratings, flips), each outcome tagged with the input change that explains it
when the recommendation's own provenance (weight sources, measured flags) allows.

Not an exporter: it reads two exported recommendations back (through the JSON exporter's
loader) and compares them, so it lives beside the CLI rather than in ``recommender.export``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NoReturn

from kb.safe_input import UnsafeInputError, decode_text, load_json, one_line, read_file
from kb.texts import LANGS, pick, t
from recommender.export.errors import ExportError
from recommender.export.json_export import MAX_JSON_BYTES, load_recommendation
from recommender.export.sanitize import strip_controls
from recommender.models import FlipPoint, ProbeSummary, Recommendation

EPS_POINTS = 0.05  # score / contribution changes smaller than this are rounding, not change
EPS_WEIGHT = 0.0005
EPS_P_WIN = 0.005  # half a percentage point of P(win)
EPS_BENCH = 0.05  # benchmark changes under 5 % are run-to-run noise


@dataclass
class Change:
    what: str
    old: str
    new: str
    why: list[str] = field(default_factory=list)

    def line(self, lang: str) -> str:
        """One printable line; control characters (ANSI escapes from a crafted file) dropped."""
        sep = "；" if lang == "zh" else "; "
        why = f"  ({sep.join(self.why)})" if self.why else ""
        text = f"- {self.what}: {self.old} → {self.new}{why}"
        return strip_controls(text, keep_newlines=False)[0]


@dataclass
class Diff:
    inputs: list[Change] = field(default_factory=list)
    outcome: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.inputs and not self.outcome


def _fmt(value: object, lang: str) -> str:
    if value is None or value == [] or value == "":
        return t("diff_absent", lang)
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _answers(rec: Recommendation) -> dict[str, list[str]]:
    out = {q: list(v) for q, v in rec.effective_answers.items()}
    for q, v in rec.profile.answers.items():
        out.setdefault(q, [v] if isinstance(v, str) else list(v))
    return out


def _title(rec: Recommendation, cid: str, lang: str) -> str:
    for c in rec.contributions:
        if c.criterion == cid:
            return pick(c.title_en, c.title_zh, lang)
    return cid


def _answer_changes(old: Recommendation, new: Recommendation, lang: str) -> list[Change]:
    oa, na = _answers(old), _answers(new)
    return [
        Change(t("diff_answer", lang, q=q), _fmt(oa.get(q), lang), _fmt(na.get(q), lang))
        for q in sorted(set(oa) | set(na))
        if sorted(oa.get(q, [])) != sorted(na.get(q, []))
    ]


def _changed_questions(old: Recommendation, new: Recommendation) -> set[str]:
    oa, na = _answers(old), _answers(new)
    return {q for q in set(oa) | set(na) if sorted(oa.get(q, [])) != sorted(na.get(q, []))}


def _input_changes(old: Recommendation, new: Recommendation, lang: str) -> list[Change]:
    """Answers, description, knowledge base, probed machine, draws and seed."""
    out = _answer_changes(old, new, lang)
    if old.profile.description != new.profile.description:
        out.append(
            Change(
                t("diff_description", lang),
                f"{len(old.profile.description)} chars",
                f"{len(new.profile.description)} chars",
            )
        )
    if old.kb_version != new.kb_version:
        out.append(Change(t("diff_kb_version", lang), old.kb_version, new.kb_version))
    if old.kb_hash != new.kb_hash:
        out.append(Change(t("diff_kb_hash", lang), old.kb_hash, new.kb_hash))
    out += _probe_changes(old, new, lang)
    if (old.monte_carlo_draws, old.seed) != (new.monte_carlo_draws, new.seed):
        out.append(
            Change(
                t("monte_carlo", lang),
                f"{old.monte_carlo_draws} / {old.seed}",
                f"{new.monte_carlo_draws} / {new.seed}",
            )
        )
    return out


def _pct(x: float | None, lang: str) -> str:
    return f"{x * 100:.1f} %" if x is not None else t("diff_absent", lang)


def _weight_changes(old: Recommendation, new: Recommendation, lang: str) -> list[Change]:
    """Each weight that moved, explained by the questions its sources name (else any changed
    answer, else a changed knowledge base)."""
    changed_q = _changed_questions(old, new)
    ow = {w.criterion: w for w in old.weights}
    nw = {w.criterion: w for w in new.weights}
    out: list[Change] = []
    for c in sorted(set(ow) | set(nw)):
        a, b = ow.get(c), nw.get(c)
        wa, wb = (a.weight if a else None), (b.weight if b else None)
        if wa is not None and wb is not None and abs(wa - wb) < EPS_WEIGHT:
            continue
        qs = {(s.question, s.option, s.factor) for s in (a.sources if a else [])}
        qs ^= {(s.question, s.option, s.factor) for s in (b.sources if b else [])}
        why = [t("diff_because_answer", lang, q=q) for q in sorted({q for q, _, _ in qs})]
        if not why and changed_q:
            why = [t("diff_because_answer", lang, q=q) for q in sorted(changed_q)]
        if not why and old.kb_hash != new.kb_hash:
            why = [t("diff_because_kb", lang)]
        title = _title(new, c, lang) if b else _title(old, c, lang)
        out.append(Change(t("diff_weight", lang, c=title), _pct(wa, lang), _pct(wb, lang), why))
    return out


def _rating_changes(old: Recommendation, new: Recommendation, lang: str) -> list[Change]:
    """Each rating that moved, explained by a measurement or a changed knowledge base."""
    ov = {(c.criterion, v.framework): v for c in old.contributions for v in c.values}
    nv = {(c.criterion, v.framework): v for c in new.contributions for v in c.values}
    out: list[Change] = []
    for key in sorted(set(ov) & set(nv)):
        a, b = ov[key], nv[key]
        if abs(a.value - b.value) < 1e-9:
            continue
        why = []
        if a.measured or b.measured:
            why.append(t("diff_because_probe", lang))
        if old.kb_hash != new.kb_hash:
            why.append(t("diff_because_kb", lang))
        what = t("diff_rating", lang, fw=key[1], c=_title(new, key[0], lang))
        out.append(Change(what, f"{a.value:g}", f"{b.value:g}", why))
    return out


def _numbers_changes(
    what: str, old: dict[str, float], new: dict[str, float], eps: float, lang: str
) -> list[Change]:
    """One line per framework whose number moved by ``eps`` or more (or appeared/vanished)."""
    out = []
    for fw in sorted(set(old) | set(new)):
        a, b = old.get(fw), new.get(fw)
        if a is None or b is None or abs(a - b) >= eps:
            out.append(Change(t(what, lang, fw=fw), _fmt(a, lang), _fmt(b, lang)))
    return out


def _elimination_changes(old: Recommendation, new: Recommendation, lang: str) -> list[Change]:
    oe = {e.framework: e for e in old.eliminated}
    ne = {e.framework: e for e in new.eliminated}
    out = []
    for fw in sorted(set(oe) | set(ne)):
        ea, eb = oe.get(fw), ne.get(fw)
        if (ea and (ea.rule, ea.kind)) != (eb and (eb.rule, eb.kind)):
            out.append(
                Change(
                    t("diff_eliminated", lang, fw=fw),
                    f"{ea.kind} {ea.rule}" if ea else t("none", lang),
                    f"{eb.kind} {eb.rule}" if eb else t("none", lang),
                    [pick(eb.reason_en, eb.reason_zh, lang)] if eb else [],
                )
            )
    return out


def _headline_changes(
    old: Recommendation, new: Recommendation, lang: str, causes: list[str]
) -> list[Change]:
    """Winner, verdict, scores, margin, P(win) and eliminations, in that order."""
    out: list[Change] = []
    if old.winner != new.winner:
        out.append(
            Change(t("diff_winner", lang), _fmt(old.winner, lang), _fmt(new.winner, lang), causes)
        )
    if old.shown_verdict != new.shown_verdict:  # "conflict": every framework ruled out
        out.append(Change(t("diff_verdict", lang), old.shown_verdict, new.shown_verdict, causes))
    out += _numbers_changes("diff_score", old.scores, new.scores, EPS_POINTS, lang)
    if abs(old.margin - new.margin) >= EPS_POINTS:
        out.append(Change(t("diff_margin", lang), _fmt(old.margin, lang), _fmt(new.margin, lang)))
    out += _numbers_changes("diff_p_win", old.win_probability, new.win_probability, EPS_P_WIN, lang)
    return out + _elimination_changes(old, new, lang)


def _flip_changes(old: Recommendation, new: Recommendation, lang: str) -> list[Change]:
    of = {p.criterion: p for p in old.flip_points}
    nf = {p.criterion: p for p in new.flip_points}

    def show(p: FlipPoint | None) -> str:
        if p is None:
            return t("diff_absent", lang)
        return (
            f"{p.flip_weight * 100:.0f} %" if p.flip_weight is not None else t("diff_never", lang)
        )

    out = []
    for c in sorted(set(of) | set(nf)):
        fa, fb = of.get(c), nf.get(c)
        va = (fa.flip_weight if fa else None, fa is not None)
        vb = (fb.flip_weight if fb else None, fb is not None)
        if va == vb:
            continue
        why = [pick(fb.sentence_en, fb.sentence_zh, lang)] if fb else []
        out.append(Change(t("diff_flip", lang, c=_title(new, c, lang)), show(fa), show(fb), why))
    return out


def _notes_changes(old: Recommendation, new: Recommendation, lang: str) -> list[Change]:
    """Stale claims that matter, and warnings gone or new."""
    out = []
    if sorted(old.stale_claims) != sorted(new.stale_claims):
        out.append(
            Change(
                t("diff_stale", lang), _fmt(old.stale_claims, lang), _fmt(new.stale_claims, lang)
            )
        )
    absent = t("diff_absent", lang)
    out += [
        Change(t("diff_warnings", lang), w, absent) for w in old.warnings if w not in new.warnings
    ]
    out += [
        Change(t("diff_warnings", lang), absent, w) for w in new.warnings if w not in old.warnings
    ]
    return out


def diff(old: Recommendation, new: Recommendation, lang: str = "en") -> Diff:
    """Compare two recommendations; pure, so the app can show the same list."""
    inputs = _input_changes(old, new, lang)
    weights = _weight_changes(old, new, lang)
    ratings = _rating_changes(old, new, lang)
    causes = []
    if weights:
        causes.append(t("diff_because_weights", lang))
    if ratings:
        causes.append(t("diff_because_ratings", lang))
    if not causes and not inputs:
        causes.append(t("diff_because_inputs", lang))
    outcome = [
        *_headline_changes(old, new, lang, causes),
        *weights,
        *ratings,
        *_flip_changes(old, new, lang),
        *_notes_changes(old, new, lang),
    ]
    return Diff(inputs=inputs, outcome=outcome)


def _probe_changes(old: Recommendation, new: Recommendation, lang: str) -> list[Change]:
    a, b = old.probe, new.probe
    if a is None and b is None:
        return []
    if a is None or b is None:
        absent = t("diff_absent", lang)
        return [
            Change(t("diff_probe", lang), a.machine if a else absent, b.machine if b else absent)
        ]
    out: list[Change] = []
    for name in ("machine", "os", "arch", "python", "cpu", "accelerators", "frameworks"):
        va, vb = getattr(a, name), getattr(b, name)
        if va != vb:
            if isinstance(va, dict):
                va = ", ".join(f"{k} {v}" for k, v in va.items())
                vb = ", ".join(f"{k} {v}" for k, v in vb.items())
            out.append(Change(t("diff_probe_field", lang, f=name), _fmt(va, lang), _fmt(vb, lang)))
    ga, gb = _gflops(a), _gflops(b)
    for key in sorted(set(ga) | set(gb)):
        x, y = ga.get(key), gb.get(key)
        if x is None or y is None or abs(x - y) > EPS_BENCH * max(abs(x), abs(y), 1e-9):
            what = t("diff_bench", lang, w=key[0], fw=key[1])
            out.append(Change(what, _fmt(x, lang), _fmt(y, lang)))
    return out


def _gflops(probe: ProbeSummary) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    for row in probe.benchmarks:
        g = row.get("gflops")
        if isinstance(g, int | float) and "framework" in row:
            out[(str(row.get("workload")), str(row.get("framework")))] = float(g)
    return out


def render_text(d: Diff, lang: str) -> str:
    if d.empty:
        return t("diff_same", lang) + "\n"
    out: list[str] = []
    for key, items in (("diff_inputs", d.inputs), ("diff_outcome", d.outcome)):
        if items:
            out.append(f"{t(key, lang)}:")
            out += [c.line(lang) for c in items]
    return "\n".join(out) + "\n"


def _read(path: str, field: str) -> Recommendation:
    """A bounded regular file, checked for JSON bombs before pydantic sees it (kb/safe_input)."""
    what = "a Recommendation JSON exported by Framework Advisor"
    name = one_line(path, 200)
    try:
        data = read_file(path, limit=MAX_JSON_BYTES, field=field)
        load_json(decode_text(data, name, what), name, what)
    except UnsafeInputError as exc:
        raise ExportError(str(exc)) from None
    try:
        return load_recommendation(data, name)
    except ExportError as exc:  # pydantic's location may quote a crafted key: escape, bound
        raise ExportError(one_line(str(exc), 600)) from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ExportError(f"diff: {message}; {t('diff_usage', 'en')}")


def main(argv: Sequence[str] | None = None) -> int:
    """Print the differences; 0 on success (differences or not), 2 on bad input (one line)."""
    parser = _Parser(prog="python -m recommender diff", add_help=True)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--lang", default="en", choices=list(LANGS))
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        old, new = _read(args.old, "OLD"), _read(args.new, "NEW")
    except ExportError as exc:
        print(f"recommender: {one_line(str(exc), 600)}", file=sys.stderr)
        return 2
    sys.stdout.write(render_text(diff(old, new, args.lang), args.lang))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
