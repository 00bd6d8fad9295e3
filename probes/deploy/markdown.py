"""The "Deployment paths" section of the Markdown probe report (``--deploy --format md``)."""

from __future__ import annotations

from kb.texts import t
from probes.deploy.rows import deploy_row
from probes.report import ProbeReport


def _cell(text: object) -> str:
    """One table cell: no pipes or line breaks from converter messages."""
    return str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")[:200]


def _or_dash(value: object) -> str:
    return "—" if value is None else str(value)


def _words(key: str, lang: str | None, both: bool) -> str:
    """A catalog text in ``lang``; with ``lang=None`` "English / 中文" if ``both``, else English
    (the bilingual document names only the title and some columns twice)."""
    if lang in ("en", "zh"):
        return t(key, lang)
    return f"{t(key, 'en')} / {t(key, 'zh')}" if both else t(key, "en")


# The table's columns: (catalog key, named in both languages by the bilingual document), or a
# unit written the same in every language.
_COLUMNS: tuple[tuple[str, bool] | str, ...] = (
    ("deploy_md_path", True),
    ("bench_kind_model", False),  # "model", the same words as the benchmarks' kind
    ("deploy_md_targets", False),
    ("probe_md_status", True),
    "KiB",
    "int8 KiB",
    ("deploy_md_latency", False),
    "eager ms",
    ("deploy_md_max_abs_diff", False),
    ("probe_md_note", False),
)


def deployment_markdown(r: ProbeReport, lang: str | None = None) -> list[str]:
    """Lines of the section; empty when the probe ran without ``--deploy``.

    ``lang`` "en"/"zh" writes one language, ``None`` the bilingual headings (probes/markdown.py).
    """
    if r.deployment_paths is None:
        return []
    columns = [c if isinstance(c, str) else _words(c[0], lang, c[1]) for c in _COLUMNS]
    one = "zh" if lang == "zh" else "en"  # sentences: English in the bilingual document
    lines = [
        "",
        f"## {_words('deploy_title', lang, True)}",
        "",
        f"| {' | '.join(columns)} |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in map(deploy_row, r.deployment_paths):
        size, int8 = (None if k is None else f"{k:.1f}" for k in (row.size_kib, row.int8_kib))
        cells = (size, int8, row.latency_ms, row.eager_ms, row.max_abs_diff)
        lines.append(
            f"| {_cell(row.path)} | {row.model} | {', '.join(row.targets)} | {row.status} | "
            f"{' | '.join(map(_or_dash, cells))} | {_cell(row.note)} |"
        )
    if not r.deployment_paths:
        lines.append(f"| {t('deploy_md_no_path', one)} | | | | | | | | | |")
    for model, d in sorted(r.deploy_cross_framework_diff.items()):
        lines.append("\n" + t("deploy_md_cross_diff", one, model=model, d=d))
    return lines
