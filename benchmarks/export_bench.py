"""How long the four report formats take for one recommendation (target: 3 s in total).

Cold = first render in a fresh process (imports, font discovery, template compile); warm = the
median of later renders. Uses the real knowledge base and recommender when they load, else the
exporter tests' hand-built sample (the output says which).
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_S = 3.0
REPEATS = 5

started = time.perf_counter()
from kb.schema import KnowledgeBase  # noqa: E402
from recommender.export import EXPORTERS  # noqa: E402
from recommender.models import Profile, Recommendation  # noqa: E402

IMPORT_S = time.perf_counter() - started


def subject() -> tuple[Recommendation, KnowledgeBase, str]:
    try:
        import kb
        from recommender import recommend

        knowledge = kb.load()
        profile = Profile(
            description="Image classifier for a phone app, trained on one NVIDIA GPU; 视觉项目.",
            answers={
                "stage": "production",
                "domains": ["vision"],
                "deploy_targets": ["mobile", "cloud_server"],
                "priorities": ["inference_speed", "deployment_breadth"],
            },
        )
        now = datetime(2026, 11, 26, tzinfo=UTC)
        return recommend(knowledge, profile, now=now), knowledge, "real KB + recommend()"
    except Exception as exc:  # the KB may be mid-edit; the exporters can still be measured
        from tests.export.export_sample import sample_kb, sample_recommendation

        reason = str(exc).splitlines()[0][:80]
        return sample_recommendation(), sample_kb(), f"hand-built sample ({reason})"


def main() -> int:
    rec, knowledge, what = subject()
    print(
        f"machine: {platform.platform()}, {platform.machine()}, Python {platform.python_version()}"
    )
    print(f"subject: {what}; {len(rec.contributions)} criteria")
    print(f"import recommender.export: {IMPORT_S:.2f} s")
    print(f"{'format':<6} {'lang':<4} {'cold s':>8} {'warm s':>8} {'bytes':>9}")
    totals = {"en": [0.0, 0.0], "zh": [0.0, 0.0]}
    for lang in ("en", "zh"):
        for key, exporter in EXPORTERS.items():
            t0 = time.perf_counter()
            data = exporter.render(rec, knowledge, lang)
            cold = time.perf_counter() - t0
            warm_runs = []
            for _ in range(REPEATS):
                t0 = time.perf_counter()
                exporter.render(rec, knowledge, lang)
                warm_runs.append(time.perf_counter() - t0)
            warm = statistics.median(warm_runs)
            totals[lang][0] += cold
            totals[lang][1] += warm
            print(f"{key:<6} {lang:<4} {cold:>8.3f} {warm:>8.3f} {len(data):>9}")
    for lang, (cold, warm) in totals.items():
        verdict = "within" if cold + IMPORT_S <= TARGET_S else "OVER"
        print(
            f"all four formats, {lang}: cold {cold:.2f} s (+ import {IMPORT_S:.2f} s), "
            f"warm {warm:.2f} s — {verdict} the {TARGET_S:.0f} s target"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
