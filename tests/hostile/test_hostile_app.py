"""Hostile uploads in the app (Streamlit AppTest, the real pages in-process).

A refused file shows one message next to its uploader and the answers stay; probe strings with
Markdown links and images reach the pages only as escaped, inert text.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import new_app, open_profile_box
from tests.hostile.hostile_files import CONTROL, GOOD_PROBE, PROBES, PROFILES

EVIL = "[click](https://evil.example/x) ![pixel](https://evil.example/p.png) www.evil.example"
# Markdown that would become a link or an image: an unescaped "](" or "![" or a bare URL.
LIVE = re.compile(r"(?<!\\)\]\(|(?<!\\)!\[|https?://|www\.evil")


def _upload(at: AppTest, key: str, name: str, data: bytes) -> None:
    uploader = next(u for u in at.file_uploader if u.key == key)
    uploader.upload(name, data, "application/octet-stream").run()


def _texts(at: AppTest) -> list[str]:
    out: list[str] = []
    for group in (at.markdown, at.caption, at.warning, at.error, at.info, at.success):
        out += [str(e.value) for e in group]
    return out


def _refused(at: AppTest, name: str) -> str:
    assert not at.exception, [e.value for e in at.exception]
    assert at.error, "a clear message is shown"
    message = str(at.error[0].value)
    assert name.replace(".", "\\.").replace("_", "\\_") in message or name in message, message
    assert "Traceback" not in message
    assert not any(c in message for c in CONTROL), ascii(message)
    assert len(message) < 1500
    return message


HOSTILE_PROBES = ["deep_500.json", "int_4301.json", "nan_ram.json", "ansi_key.json", "nul.json"]
HOSTILE_PROFILES = ["alias_bomb.yaml", "deep_500.yaml", "int_4301.yaml", "bad_int.yaml", "nul.yaml"]


@pytest.mark.parametrize("name", HOSTILE_PROBES)
def test_hostile_probe_upload_is_a_message_and_answers_stay(name: str) -> None:
    at = new_app({"a_stage": "research"}).run()
    at.switch_page("app_pages/target_machine.py").run()
    _upload(at, "w_probe_upload", name, PROBES[name])
    _refused(at, name)
    assert at.session_state["answers"] == {"stage": "research"}
    assert at.session_state["machines"] == {}


@pytest.mark.parametrize("name", HOSTILE_PROFILES)
def test_hostile_profile_upload_is_a_message_and_answers_stay(name: str) -> None:
    at = open_profile_box(new_app({"a_stage": "research"}).run())
    _upload(at, "w_profile_upload", name, PROFILES[name])
    _refused(at, name)
    assert at.session_state["answers"] == {"stage": "research"}


def test_an_unexpected_failure_in_an_upload_callback_stays_in_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fault injection: the parser itself fails with a bug, not a ReportError."""
    import app_pages.common.services as services

    def broken(_data: bytes, _name: str) -> Any:
        raise RuntimeError("a bug in the parser")

    monkeypatch.setattr(services, "parse_report", broken)
    at = new_app({"a_stage": "research"}).run()
    at.switch_page("app_pages/target_machine.py").run()
    _upload(at, "w_probe_upload", "box.json", GOOD_PROBE.read_bytes())
    assert not at.exception, [e.value for e in at.exception]
    assert any("went wrong" in str(e.value) or "出错" in str(e.value) for e in at.error), [
        e.value for e in at.error
    ]
    assert at.title[0].value  # the page itself still rendered
    assert at.session_state["answers"] == {"stage": "research"}


def _evil_report() -> bytes:
    raw = json.loads(GOOD_PROBE.read_bytes())
    raw["frameworks"]["pytorch"]["mismatch"] = "mismatch " + EVIL
    raw["frameworks"]["tensorflow"]["status"] = "crashed"
    raw["frameworks"]["tensorflow"]["reason"] = "reason " + EVIL
    raw["host"]["os_name"] = "Linux " + EVIL
    raw["cpu"]["model"] = "cpu " + EVIL
    raw["rerun_advice"] = "advice " + EVIL
    raw["warnings"] = ["warning " + EVIL]
    for item in raw["comparisons"] + raw["benchmarks"]:
        item["workload"] = item["workload"] + EVIL
    raw["accelerators"] = [{"vendor": "nvidia", "name": "gpu " + EVIL, "source": "nvml"}]
    return json.dumps(raw).encode()


@pytest.mark.parametrize(
    "page",
    ["app_pages/target_machine.py", "app_pages/recommendation.py", "app_pages/describe.py"],
)
def test_probe_strings_render_inert_on_every_page(page: str) -> None:
    at = new_app().run()
    at.switch_page("app_pages/target_machine.py").run()
    _upload(at, "w_probe_upload", "evil.json", _evil_report())
    assert list(at.session_state["machines"]) == ["upload:evil.json"], [e.value for e in at.error]
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    texts = _texts(at)
    assert any("evil" in t for t in texts) or page == "app_pages/describe.py"
    live = [t for t in texts if "evil" in t and LIVE.search(t)]
    assert live == []
