"""Target machine, recommendation (what-if), profile, language, KB and export pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NoReturn

import pytest
from streamlit.testing.v1 import AppTest

from kb.schema import KnowledgeBase
from tests.app.conftest import DATA, new_app, open_profile_box
from tests.lookup import question

REPORT = (DATA / "probe-this-machine.json").read_bytes()
# A GPU server written to the ProbeReport schema from recorded real nvidia-smi output (personas).
H100 = (Path(__file__).resolve().parents[1] / "fixtures/personas/h100_box.probe.json").read_bytes()


def plain(markdown: str) -> str:
    """The text a reader sees: the app backslash-escapes user text inside Markdown."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _upload(at: AppTest, name: str, data: bytes, key: str) -> None:
    uploader = next(u for u in at.file_uploader if u.key == key)
    uploader.upload(name, data, "application/json").run()


# --- target machine ------------------------------------------------------------------------


def test_good_probe_upload_becomes_the_target_machine() -> None:
    at = new_app()
    at.switch_page("app_pages/target_machine.py").run()
    _upload(at, "gpu-box.json", REPORT, "w_probe_upload")
    _no_errors(at)
    assert at.session_state["active_machine"] == "upload:gpu-box.json"
    assert any(plain(s.value).startswith("Added gpu-box.json") for s in at.success)
    at.switch_page("app_pages/recommendation.py").run()
    _no_errors(at)
    assert any(plain(c.value).startswith("Recommendation for: gpu-box.json") for c in at.caption)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"schema_version": 1, "host": ', "truncated JSON"),
        (json.dumps({**json.loads(REPORT), "schema_version": 99}).encode(), "schema_version"),
        (b"[1, 2]", "JSON object"),
        (b"x" * (5 * 1024 * 1024 + 1), "allowed: at most"),
    ],
    ids=["truncated", "newer-schema", "not-an-object", "too-large"],
)
def test_bad_probe_upload_is_refused_and_answers_kept(data: bytes, expected: str) -> None:
    at = new_app({"a_stage": "research"}).run()
    at.switch_page("app_pages/target_machine.py").run()
    _upload(at, "bad.json", data, "w_probe_upload")
    assert not at.exception
    assert at.error, "a clear message is shown"
    message = plain(at.error[0].value)
    assert "was not added" in message and "bad.json" in message and expected in message
    assert "Traceback" not in message
    assert at.session_state["answers"] == {"stage": "research"}
    assert at.session_state["machines"] == {}


def test_two_machines_side_by_side() -> None:
    at = new_app()
    at.switch_page("app_pages/target_machine.py").run()
    _upload(at, "box-a.json", REPORT, "w_probe_upload")
    _upload(at, "box-b.json", H100, "w_probe_upload")
    _no_errors(at)
    chosen = [str(s.value).split(" — ")[0] for s in at.selectbox]
    # left and right show both machines; the second upload did not take over the target
    assert chosen == ["box-a.json", "box-b.json"]
    assert at.session_state["active_machine"] == "upload:box-a.json"
    assert len([m for m in at.metric if m.label == "Recommended"]) == 2
    shown = " ".join(str(df.value.to_dict()) for df in at.dataframe)
    assert "NVIDIA H100" in shown and "AMD EPYC" in shown
    # choose "no specific machine" for the recommendation
    at.radio(key="w_target_target_page").set_value("Answers only (no machine)").run()
    assert at.session_state["active_machine"] is None


# --- recommendation and what-if --------------------------------------------------------------


# The decision card, what-if and export opt-in tests live in tests/app/test_recommendation.py.


def test_recommendation_page_shows_reasons_and_evidence(kb: KnowledgeBase) -> None:
    at = new_app({"a_stage": "production"})
    at.switch_page("app_pages/recommendation.py").run()
    _no_errors(at)
    assert at.get("vega_lite_chart"), "contribution chart"
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["layer"][0]["mark"]["type"] == "bar"
    assert at.dataframe, "per-criterion table"
    headers = [s.value for s in at.subheader]
    assert "What would change the answer" in headers
    assert "Eliminated or penalised" in headers
    links = [m.value for m in at.markdown if "](http" in m.value]
    assert links, "evidence links with dates"


# --- profile import / export ------------------------------------------------------------------


def test_profile_round_trip_through_upload(kb: KnowledgeBase) -> None:
    from app_pages.common.services import dump_profile, make_profile

    data = dump_profile(
        make_profile("edge camera", {"stage": "prototype", "deploy_targets": ["edge_device"]}),
        "yaml",
    )
    at = open_profile_box(new_app({"a_stage": "research"}).run())
    _upload(at, "team.yaml", data, "w_profile_upload")
    _no_errors(at)
    assert at.session_state["answers"] == {"stage": "prototype", "deploy_targets": ["edge_device"]}
    assert next(p for p in at.pills if p.key == "q_stage").value == "prototype"
    assert at.text_area[0].value == "edge camera"
    assert at.query_params["a_deploy_targets"] == "edge_device"


def test_bad_profile_is_refused_and_answers_kept() -> None:
    at = open_profile_box(new_app({"a_stage": "research"}).run())
    _upload(at, "team.yaml", b"answers:\n  stage: nope\n", "w_profile_upload")
    assert at.error
    message = plain(at.error[0].value)
    assert "team.yaml" in message and "stage" in message and "allowed" in message
    assert at.session_state["answers"] == {"stage": "research"}


# --- language ---------------------------------------------------------------------------------


def test_language_switch_changes_chrome_and_kb_texts(kb: KnowledgeBase) -> None:
    at = new_app().run()
    at.segmented_control(key="w_lang").set_value("zh").run()
    _no_errors(at)
    assert at.title[0].value == "描述你的项目"
    labels = [p.label for p in at.pills]
    assert question(kb, "stage").text.zh in labels
    assert at.query_params["lang"] == "zh"
    for page in ("recommendation", "this_machine", "target_machine", "knowledge_base", "export"):
        at.switch_page(f"app_pages/{page}.py").run()
        _no_errors(at)
        title = at.title[0].value
        assert any("\u4e00" <= ch <= "\u9fff" for ch in title), (page, title)


def test_language_survives_reload() -> None:
    at = new_app({"lang": "zh"}).run()
    assert at.title[0].value == "描述你的项目"


# --- knowledge base and export -----------------------------------------------------------------


def test_kb_browser_filters_by_article_section(kb: KnowledgeBase) -> None:
    at = new_app()
    at.switch_page("app_pages/knowledge_base.py").run()
    _no_errors(at)
    all_rows = len(at.dataframe[0].value)
    assert all_rows == len(kb.criteria)
    section = next(s for s in kb.article_sections if s.criteria)
    said = [m for m in at.markdown if "The article said" in m.value]
    assert len(said) == len(kb.stale_claims)
    at.multiselect(key="w_kb_sections").set_value([section.id]).run()
    _no_errors(at)
    assert 0 < len(at.dataframe[0].value) <= all_rows
    said = [m for m in at.markdown if "The article said" in m.value]
    assert len(said) == len([c for c in kb.stale_claims if section.id in c.article_sections])


def test_export_offers_every_registered_format_and_the_profile(kb: KnowledgeBase) -> None:
    from recommender.export import EXPORTERS

    at = new_app({"a_stage": "production"})
    at.switch_page("app_pages/export.py").run()
    _no_errors(at)
    keys = {b.key for b in at.get("download_button")}
    assert {f"dl_{fmt}" for fmt in EXPORTERS} <= keys
    assert {"dl_export_profile_yaml", "dl_export_profile_json"} <= keys


def test_every_exporter_renders_the_app_recommendation(kb: KnowledgeBase) -> None:
    from app_pages.common.services import make_profile, recommend
    from app_pages.export import _renderer
    from recommender.export import EXPORTERS

    rec = recommend(kb, make_profile("<b>x</b>", {"stage": "production"}), None)
    for fmt, exporter in EXPORTERS.items():
        data = _renderer(fmt, rec, "zh")()  # through the export worker process
        assert data == exporter.render(rec, kb, "zh") or fmt == "pdf", fmt
        assert len(data) > 100, fmt


def test_user_text_is_never_rendered_as_html() -> None:
    source = "".join(p.read_text() for p in Path("app_pages").rglob("*.py"))
    source += Path("app.py").read_text()
    assert "unsafe_allow_html=" not in source
    assert "unsafe_allow_javascript" not in source
    assert "st.html(" not in source


def test_a_failing_page_shows_a_friendly_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from app_pages.common import views

    def boom(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("internal detail that must not reach the user")

    monkeypatch.setattr(views, "render_summary", boom)
    at = new_app().run()
    assert not at.exception
    assert len(at.error) == 1
    assert "Something went wrong on this page" in at.error[0].value
    assert "internal detail" not in at.error[0].value


def test_broken_kb_names_the_problem_and_keeps_the_frame(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A really broken copy of the KB (no snapshot of it can exist): the loader's file:line."""
    import shutil

    import kb as kb_pkg

    broken = tmp_path / "data"
    shutil.copytree(kb_pkg.DEFAULT_DIR, broken)
    criteria = broken / "criteria.yaml"
    text = criteria.read_text(encoding="utf-8")
    assert "    default_weight: 0.6\n" in text
    criteria.write_text(text.replace("    default_weight: 0.6\n", "    default_weight: -1\n", 1))
    line = 1 + text[: text.index("    default_weight: 0.6\n")].count("\n")
    monkeypatch.setattr(kb_pkg, "DEFAULT_DIR", broken)
    at = new_app().run()
    assert not at.exception
    assert "knowledge base could not be loaded" in at.error[0].value
    assert f"criteria.yaml:{line}" in at.code[0].value
    assert at.segmented_control(key="w_lang").value == "en"  # the language switch still works


def test_app_pages_holds_the_pages_and_common_what_they_share() -> None:
    """Every script directly in app_pages/ is a page the frame registers (and nothing else is);
    shared modules live in app_pages/common/ and never import a page (a page runs on import)."""
    import ast

    from app_pages.common.frame import PAGES

    root = Path(__file__).resolve().parents[2]
    registered = {path for path, *_ in PAGES}
    scripts = {
        p.relative_to(root).as_posix()
        for p in (root / "app_pages").glob("*.py")
        if p.name != "__init__.py"
    }
    assert scripts == registered
    pages = {Path(s).stem for s in scripts}
    for path in sorted((root / "app_pages" / "common").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            hits = {n for n in names if n.startswith("app_pages.")} & {
                f"app_pages.{p}" for p in pages
            }
            assert not hits, f"{path.name} imports the page {hits}"
