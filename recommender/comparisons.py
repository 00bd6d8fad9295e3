"""Whether a probe's framework comparison may be used: one rule for the scores and the report.

The value matrix (recommender/evidence.py) turns judged comparisons into ratings; the report's
benchmark table (recommender/probe_summary.py) shows the same comparisons. Both ask
:func:`comparison_status`, so a comparison the scores ignore is never shown as "X faster".
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Literal

from probes.report import Comparison, ProbeReport

# off_topic: not between two of the frameworks decided on, or no usable ratio (leave it out);
# unreliable: the probe itself could not judge it (busy host, noisy sides);
# unstable: a benchmark row behind it was flagged unstable; judged: use it.
ComparisonStatus = Literal["off_topic", "unreliable", "unstable", "judged"]


def comparison_status(
    probe: ProbeReport, comp: Comparison, frameworks: Collection[str]
) -> ComparisonStatus:
    """How far ``comp`` may be trusted when deciding between ``frameworks``."""
    if comp.a not in frameworks or comp.b not in frameworks or comp.a == comp.b:
        return "off_topic"
    if not (comp.ratio > 0 and math.isfinite(comp.ratio)):
        return "off_topic"
    if comp.unreliable:
        return "unreliable"
    sides = [
        b
        for b in probe.benchmarks
        if b.workload == comp.workload and b.framework in (comp.a, comp.b)
    ]
    if any(b.unstable and b.device == comp.device for b in sides):
        return "unstable"
    return "judged"
