"""What-if sentences never say "would lead by 0.0 points": a lead that rounds to 0 is a tie."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import kb
from recommender import recommend
from recommender.models import Profile
from tests.recommender.rec_kbfactory import NOW

REAL = kb.load()
PERSONAS = sorted((Path(__file__).parents[1] / "fixtures" / "expert_personas").glob("*.yaml"))
# Found while reviewing reports: adding "Microcontroller" to this project leaves the two level.
LEVEL: dict[str, str | list[str]] = {
    "stage": "learning",
    "deploy_targets": ["ios"],
    "toolchains": ["coreml"],
}


def _profiles() -> list[tuple[str, dict[str, str | list[str]]]]:
    out: list[tuple[str, dict[str, str | list[str]]]] = [("level", LEVEL)]
    for path in PERSONAS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append((path.stem, data["profile"]["answers"]))
    return out


@pytest.mark.parametrize(("name", "answers"), _profiles(), ids=lambda x: str(x)[:40])
def test_no_what_if_claims_a_lead_of_nothing(
    name: str, answers: dict[str, str | list[str]]
) -> None:
    rec = recommend(REAL, Profile(answers=answers), draws=300, now=NOW)
    for w in rec.what_ifs:
        assert not re.search(r"\bby 0\.0 points", w.sentence_en), (name, w.sentence_en)
        assert "领先 0.0 分" not in w.sentence_zh, (name, w.sentence_zh)
        if round(w.margin, 1) == 0 and w.new_leader and "only option" not in w.sentence_en:
            assert "the two would be level" in w.sentence_en
            assert "两者将持平" in w.sentence_zh


def test_the_level_case_is_still_level() -> None:
    """Keeps the case above meaningful: if the KB moves it, pick another level case."""
    rec = recommend(REAL, Profile(answers=LEVEL), draws=300, now=NOW)
    assert any("the two would be level" in w.sentence_en for w in rec.what_ifs)
