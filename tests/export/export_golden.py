"""Golden reports for reference personas: how they are built (shared by the test and regen).

The personas are the recommender's (tests/fixtures/personas); `now`, seed and draws are fixed so
the same KB and code give the same bytes. Goldens change only through regen_golden.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

import kb as kb_pkg
from kb.schema import KnowledgeBase
from probes.report_io import parse_report
from recommender import recommend
from recommender.export import EXPORTERS
from recommender.models import Profile, Recommendation
from recommender.profile_io import dump_profile, parse_profile

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = ROOT / "tests" / "fixtures" / "golden"
PERSONAS_DIR = ROOT / "tests" / "fixtures" / "personas"
# Chosen to cover: a clear winner, a TensorFlow-leaning case, a probed GPU machine, an LLM team on
# an H100 box, and a hard constraint (microcontrollers).
PERSONAS = (
    "mobile_vision_app",
    "tf_legacy_server_tabular",
    "windows_nvidia_gamer",
    "llm_hf_finetune",
    "microcontroller_kws",
)
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
SEED = 0
DRAWS = 2000


def build(
    name: str, knowledge: KnowledgeBase | None = None
) -> tuple[Recommendation, KnowledgeBase]:
    """The persona's recommendation, through the same parsing path a user's files take."""
    knowledge = knowledge or kb_pkg.load()
    path = PERSONAS_DIR / f"{name}.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw = dump_profile(Profile.model_validate(data["profile"]), "yaml")
    profile = parse_profile(raw, path.name, knowledge)
    probe = None
    if data.get("probe"):
        probe_path = PERSONAS_DIR / data["probe"]
        probe = parse_report(probe_path.read_bytes(), probe_path.name)
    rec = recommend(knowledge, profile, probe, draws=DRAWS, seed=SEED, now=NOW)
    return rec, knowledge


def outputs(name: str, knowledge: KnowledgeBase | None = None) -> dict[str, bytes]:
    """File name -> bytes of every golden file for one persona."""
    rec, knowledge = build(name, knowledge)
    return {
        f"{name}.en.md": EXPORTERS["md"].render(rec, knowledge, "en"),
        f"{name}.zh.md": EXPORTERS["md"].render(rec, knowledge, "zh"),
        f"{name}.json": EXPORTERS["json"].render(rec, knowledge, "en"),
    }
