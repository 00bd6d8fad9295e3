"""Language polish the user sees: no internal ids, one language per screen, zh punctuation."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Element

from app_pages.common.html_lang import script
from tests.app.conftest import new_app

INTERNAL = re.compile(r"questions\.yaml|rules\.yaml|toolchains\.yaml")


def _texts(at: AppTest) -> list[str]:
    out = []
    for kind in ("markdown", "caption", "warning", "info", "error", "success", "subheader"):
        out += [str(el.value) for el in at.get(kind) if isinstance(el, Element)]
    return out


def test_eliminations_speak_without_rule_ids() -> None:
    at = new_app({"a_deploy_targets": "microcontroller", "a_stage": "production"})
    at.switch_page("app_pages/recommendation.py").run()
    assert not at.exception
    texts = _texts(at)
    assert any("—" in w for w in (str(x.value) for x in at.warning)), "an elimination is shown"
    assert [x for x in texts if INTERNAL.search(x)] == []


def test_chinese_labels_take_a_full_width_colon() -> None:
    at = new_app({"lang": "zh", "a_stage": "production"}).run()
    assert not at.exception
    labels = [x for x in _texts(at) if x.startswith(("推荐", "结论", "获胜概率"))]
    assert labels, _texts(at)[:10]
    assert not [x for x in labels if re.match(r"^[\u4e00-\u9fff（）]+: ", x)], labels


def test_the_html_lang_script_writes_only_fixed_codes() -> None:
    assert 'lang = "zh-Hans"' in script("zh")
    assert 'lang = "en"' in script("en")
    assert 'lang = "en"' in script("<script>alert(1)</script>")  # unknown -> en, never echoed


def test_framework_statuses_are_words_in_both_languages() -> None:
    from typing import get_args

    from app_pages.common.machine_view import framework_rows
    from kb.texts import CATALOG, framework_status
    from probes.report import FrameworkStatus
    from probes.report_io import parse_report
    from tests.app.conftest import DATA

    statuses = set(get_args(FrameworkStatus))
    assert all(f"fw_status_{s}" in CATALOG for s in statuses)  # each has words
    assert framework_status("missing", "zh") == "未安装"
    report = parse_report((DATA / "probe-this-machine.json").read_bytes(), "probe.json")
    for lang in ("en", "zh"):
        shown = {str(v) for row in framework_rows(report, lang) for v in row.values()}
        assert not shown & statuses, shown  # no bare "ok" / "missing"


def test_the_recommender_cli_closes_in_the_report_language(tmp_path: Path) -> None:
    import subprocess
    import sys

    profile = tmp_path / "team.yaml"
    profile.write_text("answers:\n  stage: production\n", "utf-8")
    lines = {}
    for lang in ("en", "zh"):
        out = tmp_path / f"advice-{lang}.md"
        done = subprocess.run(
            [
                *(sys.executable, "-m", "recommender", "--profile", str(profile)),
                *("--format", "md", "--out", str(out), "--lang", lang, "--draws", "500"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        lines[lang] = done.stderr.strip().splitlines()[-1]
    assert lines["en"].startswith("recommender: wrote ") and "PyTorch" in lines["en"]
    assert lines["zh"].startswith("recommender：已写入 ") and not re.search(
        r"wrote|lean|clear|too close|pytorch", lines["zh"]
    ), lines["zh"]


def test_a_machine_line_in_chinese_has_no_half_width_comma_after_chinese() -> None:
    from pathlib import Path

    from app_pages.common.views import machine_summary
    from probes.report_io import parse_report

    path = Path(__file__).resolve().parents[1] / "fixtures/personas/h100_box.probe.json"
    report = parse_report(path.read_bytes(), "h100.json")
    zh, en = machine_summary(report, "zh"), machine_summary(report, "en")
    assert "核" in zh and "内存" in zh and not re.search(r"[\u4e00-\u9fff],", zh), zh
    assert ", " in en and "，" not in en


def _lang_scripts(at: AppTest) -> list[str]:
    return [el.proto.srcdoc for el in at.get("iframe")]


def test_the_html_lang_iframe_is_drawn_only_once_there_is_a_language_to_set() -> None:
    at = new_app().run()
    assert not at.exception
    assert _lang_scripts(at) == []  # the shell already says lang="en": no second document
    at.segmented_control(key="w_lang").set_value("zh").run()
    assert _lang_scripts(at) == [script("zh")]
    at.segmented_control(key="w_lang").set_value("en").run()
    assert _lang_scripts(at) == [script("en")]  # switching back must reset the attribute
    assert _lang_scripts(new_app({"lang": "zh"}).run()) == [script("zh")]
