"""The machine page's "deployment paths" tables, one per target, from the recorded report."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_pages.common.deploy_table import deployment_rows, targets_in
from probes.report_io import parse_report
from tests.probes.conftest import FIXTURES

REPORT = FIXTURES / "reports" / "deploy_2vcpu_cpu.json"


def test_rows_per_target_in_both_languages() -> None:
    report = parse_report(REPORT.read_bytes(), REPORT.name)
    assert targets_in(report) == ["mobile", "browser", "edge", "mcu", "server"]
    server = deployment_rows(report, "en", "server")
    assert {r["Path"] for r in server} == {
        "PyTorch → ONNX (dynamo exporter) → ONNX Runtime",
        "TensorFlow → tf2onnx → ONNX → ONNX Runtime",
        "TensorFlow → SavedModel → reloaded (what TF Serving loads)",
    }
    [erfc] = [r for r in server if r["Status"] == "failed"]
    assert erfc["Error / ops / install"].startswith("Erfc: InvalidGraph")
    browser = deployment_rows(report, "zh", "browser")
    tfjs = [r for r in browser if r["路径"].startswith("TensorFlow → SavedModel → TF.js")]
    assert {r["状态"] for r in tfjs} == {"未安装"}
    assert all(r["错误 / 算子 / 安装"].startswith("pip install tensorflowjs") for r in tfjs)


def _page() -> None:
    from app_pages.common import machine_view
    from probes.report_io import parse_report
    from tests.probes.conftest import FIXTURES

    path = FIXTURES / "reports" / "deploy_2vcpu_cpu.json"
    machine_view.render_report(parse_report(path.read_bytes(), path.name), "en")


def test_machine_page_shows_a_table_per_target() -> None:
    at = AppTest.from_function(_page, default_timeout=60).run()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert "**Deployment paths**" in texts
    assert [x for x in texts if x.startswith("*") and not x.startswith("**")] == [
        "*mobile*",
        "*browser*",
        "*edge device*",
        "*microcontroller*",
        "*server*",
    ]
    assert any("max difference" in c.value for c in at.caption)
