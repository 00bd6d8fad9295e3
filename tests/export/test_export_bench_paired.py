"""The report's benchmark table with paired probe results: the comparison's 95 % interval next
to its ratio (oriented like the ratio shown) and model steps in images/s or tokens/s."""

from __future__ import annotations

from kb.schema import KnowledgeBase
from recommender.export import EXPORTERS
from tests.export.export_sample import sample_recommendation


def test_interval_and_model_throughput_in_the_table(kb: KnowledgeBase) -> None:
    rec = sample_recommendation()
    assert rec.probe is not None
    rows = [
        {"workload": "cnn_train_eager", "framework": "pytorch", "variant": "eager",
         "median_s": 0.0125, "items_per_s": 2560.0, "unit": "images/s"},
        {"workload": "cnn_train_eager", "framework": "tensorflow", "variant": "eager",
         "median_s": 0.025, "items_per_s": 1280.0, "unit": "images/s"},
        # ratio shown as "times faster" (>= 1); the probe's b/a interval was 0.45-0.55
        {"workload": "cnn_train_eager", "device": "cpu", "a": "tensorflow", "b": "pytorch",
         "ratio": 2.0, "verdict": "faster", "faster": "pytorch", "ci_low": 0.45,
         "ci_high": 0.55},
        {"workload": "matmul_1024", "framework": "pytorch", "median_s": 0.01, "gflops": 200.0},
        {"workload": "matmul_1024", "framework": "tensorflow", "median_s": 0.0102,
         "gflops": 196.0},
        {"workload": "matmul_1024", "device": "cpu", "a": "pytorch", "b": "tensorflow",
         "ratio": 1.02, "verdict": "tie", "ci_low": 0.97, "ci_high": 1.06},
    ]  # fmt: skip
    probe = rec.probe.model_copy(update={"benchmarks": rows})
    text = EXPORTERS["md"].render(rec.model_copy(update={"probe": probe}), kb, "en").decode()
    cnn = next(
        line for line in text.splitlines() if line.startswith("| small CNN training step (eager) |")
    )
    assert "1,280 images/s, 25 ms" in cnn and "2,560 images/s, 12.5 ms" in cnn
    assert "2.00× (95 % CI 1.82–2.22)" in cnn and "PyTorch faster" in cnn
    mm = next(line for line in text.splitlines() if line.startswith("| matrix multiply 1024² |"))
    assert "1.02× (95 % CI 0.97–1.06)" in mm and "200.0" in mm
    zh = EXPORTERS["md"].render(rec.model_copy(update={"probe": probe}), kb, "zh").decode()
    assert "2.00×（95% 置信区间 1.82–2.22）" in zh
