"""kb/summary.py: the toolchain count and the unconfirmed evidence per file in `kb check`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import kb
from kb.summary import evidence_by_file, summary_lines

TODAY = date(2026, 11, 28)
# A confirmed evidence item in toolchains.yaml (TF Serving's README, quoted).
CONFIRMED = '"TensorFlow Serving provides out-of-the-box integration with TensorFlow models'


def test_summary_prints_toolchains_and_unconfirmed_per_file() -> None:
    base = kb.load()
    lines = summary_lines(base, TODAY)
    assert f"toolchains     {len(base.toolchains)}" in lines
    per_file = evidence_by_file(base)
    # Every file that holds evidence is listed, frameworks one file each.
    assert {"frameworks/pytorch.yaml", "frameworks/tensorflow.yaml", "hardware.yaml"} <= set(
        per_file
    )
    assert "sources.yaml" not in per_file  # sources carry no evidence
    for rel, (total, unconfirmed) in per_file.items():
        assert 0 <= unconfirmed <= total
        assert f"  {rel}: {unconfirmed} of {total}" in lines
    unconfirmed_all = sum(u for _, u in per_file.values())
    total_all = sum(t for t, _ in per_file.values())
    assert f"unconfirmed    {unconfirmed_all} of {total_all} evidence items" in lines
    # The ratings' evidence is part of the per-file totals.
    rating_evidence = sum(
        len(r.evidence) for fw in base.frameworks.values() for r in fw.ratings.values()
    )
    framework_total = sum(t for rel, (t, _) in per_file.items() if rel.startswith("frameworks/"))
    assert framework_total == rating_evidence


def test_unconfirming_one_item_moves_only_its_file(
    kb_copy: Path, edit: Callable[[Path, str, str], None]
) -> None:
    before = evidence_by_file(kb.load(kb_copy))
    # The quote becomes the reason it is unconfirmed: one confirmed item turns unconfirmed.
    edit(kb_copy / "toolchains.yaml", "quote: " + CONFIRMED, "unconfirmed: " + CONFIRMED)
    after = evidence_by_file(kb.load(kb_copy))
    assert after["toolchains.yaml"] == (
        before["toolchains.yaml"][0],
        before["toolchains.yaml"][1] + 1,
    )
    assert {k: v for k, v in after.items() if k != "toolchains.yaml"} == {
        k: v for k, v in before.items() if k != "toolchains.yaml"
    }
