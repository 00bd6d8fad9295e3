"""Knowledge-base keyword search, and the link from every criterion reason to its card."""

from __future__ import annotations

import re

from app_pages.common.kb_search import card_text, search
from kb.schema import KnowledgeBase
from tests.app.conftest import new_app


def _mobile(kb: KnowledgeBase) -> str:
    return next(cid for cid, c in kb.criteria.items() if c.title.zh.startswith("移动端"))


def test_search_matches_every_word_in_either_language(kb: KnowledgeBase) -> None:
    mobile = _mobile(kb)
    assert search(kb, "") == set(kb.criteria)
    assert mobile in search(kb, "LiteRT")
    assert mobile in search(kb, "litert 移动端")  # case-insensitive, both languages at once
    assert search(kb, "litert zzzz-no-such-word") == set()
    narrow = search(kb, "LiteRT")
    assert 0 < len(narrow) < len(kb.criteria)
    assert all("litert" in card_text(kb, cid) for cid in narrow)


def test_a_reason_links_to_its_card_and_the_card_opens_alone(kb: KnowledgeBase) -> None:
    at = new_app({"a_stage": "production", "a_deploy_targets": "mobile"})
    at.switch_page("app_pages/recommendation.py").run()
    assert not at.exception
    card = next(m.value for m in at.markdown if "KB card" in m.value)
    ids = re.findall(r"\(knowledge_base\?kb=([a-z0-9_]+)&sid=([0-9a-f]{32})\)", card)
    assert ids and all(cid in kb.criteria for cid, _ in ids), card
    assert all(sid == at.session_state["sid"] for _, sid in ids)
    # following the link: that one card, opened; "show all" brings the rest back
    cid = ids[0][0]
    kb_page = new_app({"kb": cid, "sid": ids[0][1]})
    kb_page.switch_page("app_pages/knowledge_base.py").run()
    assert [e.proto.expanded for e in kb_page.expander] == [True]
    assert kb.criteria[cid].title.en in kb_page.info[0].value
    kb_page.button(key="kb_show_all").click().run()
    assert len(kb_page.expander) == len(kb.criteria)
    assert "kb" not in kb_page.query_params


def test_the_search_box_filters_the_cards(kb: KnowledgeBase) -> None:
    at = new_app()
    at.switch_page("app_pages/knowledge_base.py").run()
    assert len(at.expander) == len(kb.criteria)
    at.text_input(key="w_kb_search").input("LiteRT").run()
    assert len(at.expander) == len(search(kb, "LiteRT"))
    at.text_input(key="w_kb_search").input("zzzz-no-such-word").run()
    assert len(at.expander) == 0
    assert any("No criterion card" in c.value for c in at.caption)
