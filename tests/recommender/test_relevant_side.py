"""The answers decide what matters: a lead made of criteria nobody asked about does not decide.

When the runner-up leads on the criteria the answers made relevant, costs included, by more than
the too-close margin, and the top scorer's total lead is not clear, the runner-up is the lean
(docs/decision-model.md section 3). Before, such a project read "too close" although everything
it said pointed one way: "TensorFlow never wins on its merits" (issue 11).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from kb.schema import KnowledgeBase
from recommender import recommend
from recommender.export import get_exporter
from recommender.export.card import decision_card
from recommender.models import Profile, Recommendation
from recommender.uncertainty import CLEAR_MARGIN, CLOSE_MARGIN
from tests.recommender.rec_kbfactory import NOW

DRAWS = 400
# A new Android app whose model must run through LiteRT: TensorFlow reaches it natively, PyTorch
# only through the beta litert-torch path; nothing else was said that favours either.
ANDROID_LITERT = {
    "stage": "production",
    "domains": ["vision"],
    "deploy_targets": ["android"],
    "toolchains": ["litert"],
    "team_experience": "neither",
    "existing_code": "none",
}


def _rec(kb: KnowledgeBase, answers: Mapping[str, object]) -> Recommendation:
    return recommend(kb, Profile(answers=dict(answers)), draws=DRAWS, now=NOW)


def test_the_relevant_side_is_recommended_and_says_why(real_kb: KnowledgeBase) -> None:
    rec = _rec(real_kb, ANDROID_LITERT)
    assert rec.leader == "pytorch" and rec.margin < CLEAR_MARGIN  # the total score
    assert rec.relevant_margin is not None and rec.relevant_margin <= -CLOSE_MARGIN
    assert rec.winner == "tensorflow" and rec.verdict == "lean"
    assert rec.verdict_reason_en is not None and rec.verdict_reason_zh is not None
    assert rec.verdict_reason_en.startswith("Leaning TensorFlow: on what your answers made")
    assert rec.verdict_reason_zh.startswith("倾向 TensorFlow")
    assert rec.because_en.startswith(rec.verdict_reason_en)
    assert rec.install_command is not None and "tensorflow" in rec.install_command
    card = decision_card(rec, real_kb, "en")
    assert card.framework == "TensorFlow" and card.headline == "Use TensorFlow"
    assert "ahead in" not in card.score_line  # P(win) is about the total score's leader
    assert card.reasons and all(r.favours == "TensorFlow" for r in card.reasons)
    # what would only make TensorFlow the top scorer too does not change this advice
    assert not any("TensorFlow would" in w for w in card.what_ifs), card.what_ifs
    md = get_exporter("md").render(rec, real_kb, "en").decode()
    assert "Leaning TensorFlow: on what your answers made relevant" in md.split("# ")[2]


def test_the_rule_needs_a_relevant_lead_beyond_the_band(real_kb: KnowledgeBase) -> None:
    """Across many plain and edge profiles: the recommended framework differs from the top
    scorer only as a lean, with the relevant lead beyond the too-close margin against the top
    scorer and a total lead under the clear margin."""
    checked = 0
    for stage, target, team in itertools.product(
        ("research", "prototype", "production"),
        ("android", "ios", "cloud_server", "microcontroller", "edge_tpu", "browser"),
        ("neither", "tensorflow", "pytorch"),
    ):
        answers = {"stage": stage, "deploy_targets": [target], "team_experience": team}
        rec = _rec(real_kb, answers)
        if rec.winner is None or rec.winner == rec.leader:
            continue
        checked += 1
        assert rec.verdict == "lean", answers
        assert rec.relevant_margin is not None and rec.relevant_margin <= -CLOSE_MARGIN, answers
        assert rec.margin < CLEAR_MARGIN, answers
        assert rec.winner == rec.runner_up, answers
    assert checked >= 1, "no profile exercised the rule: the property checked nothing"
