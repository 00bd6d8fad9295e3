"""Reports old and new: v1 (sequential) fixtures still load; a real paired report renders its
intervals, model-level throughput and, when the host was busy, the re-run advice first."""

from __future__ import annotations

import pytest

from app_pages.common.machine_view import benchmark_rows, comparison_rows
from probes.markdown import render_markdown
from probes.memory import parse_meminfo
from probes.report import ProbeReport
from probes.report_io import dump_report, parse_report
from tests.probes.conftest import FIXTURES

REPORTS = FIXTURES / "reports"
OLD = ["cpu_2vcpu_both_quick.json", "cpu_2vcpu_both_quick_calm.json", "h200_torch_only_deep.json"]
PAIRED = "cpu_2vcpu_both_quick_paired_busy.json"  # recorded under load average ~9


def load(name: str) -> ProbeReport:
    path = REPORTS / name
    return parse_report(path.read_bytes(), name)


@pytest.mark.parametrize("name", OLD)
def test_v1_sequential_reports_still_load_and_render(name: str) -> None:
    report = load(name)
    assert report.schema_version == 1
    assert all(b.kind == "kernel" and b.items_per_s is None for b in report.benchmarks)
    assert all(c.method == "sequential" and c.ci_low is None for c in report.comparisons)
    assert report.rerun_advice is None and report.host_busy is None
    text = render_markdown(report)
    assert ("## Comparisons / 对比" in text) == bool(report.comparisons)
    assert "95% CI" not in text and "Re-run on an idle machine" not in text
    assert parse_report(dump_report(report), name) == report


def test_a_real_paired_report_shows_intervals_and_model_throughput() -> None:
    report = load(PAIRED)
    assert report.bench_settings and report.bench_settings.method == "paired"
    models = [b for b in report.benchmarks if b.kind == "model"]
    assert {b.unit for b in models} == {"images/s", "tokens/s"}
    text = render_markdown(report)
    for c in report.comparisons:
        assert c.ci_low is not None and c.ci_high is not None
        assert f"95% CI {c.ci_low:.2f}–{c.ci_high:.2f}" in text
    assert "images/s" in text and "tokens/s" in text and "| model |" in text
    rows = benchmark_rows(report, "en", "model")
    assert len(rows) == len(models) and all("/s" in str(r["Throughput"]) for r in rows)
    comp = comparison_rows(report, "zh")
    assert len(comp) == len(report.comparisons)
    assert all("[" in str(r["95% 区间（比值）"]) for r in comp)


def test_busy_host_advice_comes_first_in_markdown_and_app_rows() -> None:
    """The recorded run: others used ~80 % of the CPUs, so nothing was judged."""
    report = load(PAIRED)
    assert report.host_busy is True and report.rerun_advice
    assert "idle machine" in report.rerun_advice and "空闲" in report.rerun_advice
    text = render_markdown(report)
    assert text.index("Re-run on an idle machine / 请在空闲的机器上重新运行") < text.index(
        "## Host"
    )
    assert report.rerun_advice in text
    assert all(c.unreliable and c.verdict == "tie" for c in report.comparisons)
    rows = comparison_rows(report, "en")
    assert {r["Result"] for r in rows} == {"not judged: host busy"}
    calm = report.model_copy(update={"host_busy": False, "rerun_advice": None})
    assert "Re-run on an idle machine" not in render_markdown(calm)


def test_meminfo_without_psutil() -> None:
    text = (
        "MemTotal:       16384 kB\nMemAvailable:    8192 kB\nSwapTotal: 0 kB\nHugePages_Total: 0\n"
    )
    info = parse_meminfo(text)
    assert info["MemTotal"] == 16384 * 1024 and info["MemAvailable"] == 8192 * 1024
    assert info["SwapTotal"] == 0 and info["HugePages_Total"] == 0
