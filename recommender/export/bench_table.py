"""The benchmark table: one row per workload, one column per framework, then ratio and verdict.

``ProbeSummary.benchmarks`` is a loose list of dicts (measurement rows with ``framework``, and
optionally comparison rows with ``ratio``/``verdict``/``faster``). We pivot it so a reader sees
TensorFlow and PyTorch side by side. A faster/tie verdict is only shown when the probe judged it
against measured noise; a ratio we derive from medians alone is shown, but not judged. Paired
comparisons (probe schema: ``ci_low``/``ci_high``) show their 95 % interval next to the ratio;
model-level rows (``items_per_s`` + ``unit``) read in images/s or tokens/s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kb.texts import t
from probes.steps import workload_name

from .document import Table, plain

Row = dict[str, str | float | None]
UNITS = ("images/s", "tokens/s", "samples/s")


@dataclass
class _Group:
    workload: str
    device: str
    variant: str
    by_fw: dict[str, Row] = field(default_factory=dict)
    comparison: Row | None = None
    mixed: bool = False  # frameworks ran different variants (e.g. nchw vs nhwc): shown per cell


def _merge_variants(
    groups: dict[tuple[str, str, str], _Group],
) -> dict[tuple[str, str, str], _Group]:
    """Put one workload on one row when each framework ran it once, even in different variants
    (torch NCHW vs TF NHWC, numpy's BLAS anchor); keep rows apart when a framework ran several."""
    by_workload: dict[tuple[str, str], list[_Group]] = {}
    for g in groups.values():
        by_workload.setdefault((g.workload, g.device), []).append(g)
    out: dict[tuple[str, str, str], _Group] = {}
    for (workload, device), parts in by_workload.items():
        fws = [fw for g in parts for fw in g.by_fw]
        if len(parts) > 1 and len(fws) == len(set(fws)):
            merged = _Group(workload, device, "", mixed=True)
            for g in parts:
                merged.by_fw.update(g.by_fw)
            out[(workload, device, "")] = merged
        else:
            out.update({(g.workload, g.device, g.variant): g for g in parts})
    return out


def _num(row: Row | None, key: str) -> float | None:
    value = row.get(key) if row else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def benchmark_table(
    rows: list[Row],
    decision_frameworks: list[str],
    name: Callable[[str], str],
    clean: Callable[[str], str],
    lang: str,
) -> Table:
    """Pivot benchmark rows; ``clean`` sanitises strings from the (untrusted) probe report."""
    groups: dict[tuple[str, str, str], _Group] = {}
    comparisons: list[Row] = []
    frameworks: list[str] = []
    for row in rows:
        fw = row.get("framework")
        workload = clean(str(row.get("workload") or "—"))
        if not fw:
            if row.get("ratio") is not None:
                comparisons.append(row)
            continue
        fw = clean(str(fw))
        key = (
            workload,
            clean(str(row.get("device") or "cpu")),
            clean(str(row.get("variant") or "")),
        )
        group = groups.setdefault(key, _Group(*key))
        group.by_fw.setdefault(fw, row)
        if fw not in frameworks:
            frameworks.append(fw)
    groups = _merge_variants(groups)
    seen = list(frameworks)  # decision frameworks first, then others (numpy) in order seen
    frameworks.sort(key=lambda f: (f not in decision_frameworks, seen.index(f)))
    for comp in comparisons:
        workload = clean(str(comp.get("workload") or ""))
        matches = [g for g in groups.values() if g.workload == workload]
        if matches:
            matches[0].comparison = comp
        else:
            groups[(workload, "", "")] = _Group(workload, "", "", comparison=comp)

    headers = (
        t("c_workload", lang),
        t("c_device", lang),
        t("bench_variant", lang),
        *(name(f) for f in frameworks),
        t("bench_ratio", lang),
        t("bench_verdict", lang),
    )
    out = []
    for g in groups.values():
        shown = workload_name(g.workload, lang)  # "matrix multiply 1024²", not "matmul_1024"
        cells = [plain(shown), plain(g.device or "—"), plain(g.variant or "—")]
        for f in frameworks:
            measured = g.by_fw.get(f)
            text = _measurement(measured)
            if g.mixed and measured is not None and measured.get("variant"):
                text += f" · {clean(str(measured['variant']))}"
            cells.append(plain(text))
        ratio, verdict = _judgement(g, decision_frameworks, name, clean, lang)
        cells += [plain(ratio), plain(verdict)]
        out.append(tuple(cells))
    numeric = (False, False, False, *(True for _ in frameworks), True, False)
    return Table(headers, tuple(out), numeric)


def _measurement(row: Row | None) -> str:
    if row is None:
        return "—"
    gflops, share, median = _num(row, "gflops"), _num(row, "peak_share"), _num(row, "median_s")
    rate, unit = _num(row, "items_per_s"), row.get("unit")
    if rate is not None and isinstance(unit, str) and unit in UNITS:
        # model-level steps read in the unit people use (images/s, tokens/s), plus ms per step
        step = f", {median * 1e3:.3g} ms" if median is not None else ""
        return f"{rate:,.0f} {unit}{step}"
    if gflops is not None:
        return f"{gflops:.1f}" + (f" ({share * 100:.0f} %)" if share is not None else "")
    return f"{median:.4g} s" if median is not None else "—"


def _judgement(
    g: _Group,
    decision: list[str],
    name: Callable[[str], str],
    clean: Callable[[str], str],
    lang: str,
) -> tuple[str, str]:
    comp = g.comparison
    if comp is not None:
        ratio = _num(comp, "ratio")
        text = f"{ratio:.2f}×" if ratio is not None else "—"
        interval = _interval(ratio, _num(comp, "ci_low"), _num(comp, "ci_high"), lang)
        if interval:
            text += interval if lang == "zh" else f" {interval}"
        verdict = clean(str(comp.get("verdict") or ""))
        if verdict == "tie":
            return text, t("report_tie", lang)
        if verdict == "unreliable":
            return text, t("bench_unreliable", lang)
        if verdict == "faster" and comp.get("faster"):
            return text, f"{name(clean(str(comp['faster'])))} {t('faster', lang)}"
        return text, "—"
    pair = [f for f in decision if f in g.by_fw][:2]
    if len(pair) < 2:
        return "—", "—"
    ta, tb = _num(g.by_fw[pair[0]], "median_s"), _num(g.by_fw[pair[1]], "median_s")
    if not ta or not tb:
        return "—", "—"
    fast = pair[0] if ta <= tb else pair[1]
    return f"{max(ta, tb) / min(ta, tb):.2f}×", t("not_judged", lang, fw=name(fast))


def _interval(ratio: float | None, low: float | None, high: float | None, lang: str) -> str:
    """The paired comparison's 95 % interval, oriented like the ratio shown (which may be
    the reciprocal of the probe's b/a ratio, so "≥ 1" reads as "times faster")."""
    if ratio is None or low is None or high is None or low <= 0 or high <= 0:
        return ""
    if not low <= ratio <= high:
        low, high = 1 / high, 1 / low
    if not low * 0.999 <= ratio <= high * 1.001:
        return ""
    return t("report_ci95", lang, low=low, high=high)
