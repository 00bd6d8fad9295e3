"""AppTest: the explicit target, the session store across a 'reload', truncation and undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Node

from tests.app.conftest import DATA, new_app, open_group_of, open_profile_box

REPORT = (DATA / "probe-this-machine.json").read_bytes()  # no accelerator
H100 = (Path(__file__).resolve().parents[1] / "fixtures/personas/h100_box.probe.json").read_bytes()
TARGET = "w_target_target_page"


def _upload(at: AppTest, name: str, data: bytes) -> None:
    uploader = next(u for u in at.file_uploader if u.key == "w_probe_upload")
    uploader.upload(name, data, "application/json").run()


def _walk(node: Node) -> Iterator[Node]:
    """Every element of the page in drawing order (AppTest's tree, flattened)."""
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def _chip(at: AppTest) -> list[str]:
    """The text inside the mismatch chip's container (empty when there is no chip)."""
    box = [el for el in _walk(at.main) if getattr(el, "key", None) == "target_mismatch"]
    return [str(getattr(el, "value", "")) for b in box for el in _walk(b)]


def _target_page(query: dict[str, str] | None = None) -> AppTest:
    at = new_app(query)
    at.switch_page("app_pages/target_machine.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_first_machine_becomes_the_target_visibly_and_a_second_one_does_not() -> None:
    at = _target_page()
    assert at.radio(key=TARGET).value == "Answers only (no machine)"
    _upload(at, "a.json", REPORT)
    assert at.session_state["active_machine"] == "upload:a.json"
    assert "As your first machine it is now the target" in at.success[0].value
    _upload(at, "b.json", H100)
    assert at.session_state["active_machine"] == "upload:a.json"
    assert "the recommendation is still for: a\\.json" in at.success[0].value
    assert str(at.radio(key=TARGET).value).startswith("a.json")
    assert [o.split(" — ")[0] for o in at.radio(key=TARGET).options] == [
        "Answers only (no machine)",
        "a.json",
        "b.json",
    ]


def test_a_target_the_user_chose_is_never_taken_over() -> None:
    at = _target_page()
    _upload(at, "a.json", REPORT)
    at.radio(key=TARGET).set_value("Answers only (no machine)").run()
    assert at.session_state["active_machine"] is None
    _upload(at, "b.json", H100)
    assert at.session_state["active_machine"] is None
    assert at.radio(key=TARGET).value == "Answers only (no machine)"


def test_the_same_name_with_other_content_is_a_second_choice() -> None:
    at = _target_page()
    _upload(at, "box.json", REPORT)
    _upload(at, "box.json", REPORT)  # the same file again: nothing added
    _upload(at, "box.json", H100)
    assert list(at.session_state["machines"]) == ["upload:box.json", "upload:box.json (2)"]


def test_the_mismatch_chip_uses_the_install_rule() -> None:
    at = _target_page({"a_hardware": "cpu_only"})
    _upload(at, "gpu.json", H100)
    chip = _chip(at)
    assert any("orange-badge" in x and "disagree" in x for x in chip), chip
    assert any("NVIDIA" in x and "CPU only" in x for x in chip), chip  # install.py's sentence
    at.radio(key=TARGET).set_value("Answers only (no machine)").run()
    assert _chip(at) == []


def test_a_reload_restores_the_full_description_and_machines_from_the_store() -> None:
    text = "".join(f"{i:04d} bridge crack photos; " for i in range(200))[:3900]
    at = new_app().run()
    at.text_area(key="w_desc").input(text).run()
    at.switch_page("app_pages/target_machine.py").run()
    _upload(at, "gpu.json", H100)
    sid = at.session_state["sid"]
    assert at.query_params["sid"] == [sid] or at.query_params["sid"] == sid
    again = new_app({"sid": sid})  # a reload: a new session with only the URL
    again.switch_page("app_pages/target_machine.py").run()
    assert again.session_state["description"] == text
    assert list(again.session_state["machines"]) == ["upload:gpu.json"]
    assert again.session_state["active_machine"] == "upload:gpu.json"
    # an unknown or malformed id restores nothing and gets a fresh id
    for bad in ("0" * 32, "../../etc/passwd"):
        fresh = new_app({"sid": bad}).run()
        assert fresh.session_state["description"] == ""
        assert fresh.session_state["sid"] != bad


def test_a_long_text_is_cut_with_a_notice_and_clear_is_undoable() -> None:
    at = new_app({"a_stage": "research"}).run()
    at.text_area(key="w_desc").input("y" * 4500).run()
    assert at.session_state["description"] == "y" * 4000
    assert any("Your text had 4500 characters" in w.value for w in at.warning)
    open_profile_box(at).button(key="reset_answers").click().run()
    assert at.session_state["answers"] == {} and at.session_state["description"] == ""
    at.button(key="undo_clear_button").click().run()
    assert at.session_state["answers"] == {"stage": "research"}
    assert at.session_state["description"] == "y" * 4000


def test_the_at_most_three_notice_is_next_to_its_question() -> None:
    at = open_group_of(new_app().run(), "priorities")
    priorities = next(p for p in at.button_group if p.key == "q_priorities")
    priorities.set_value(["ease_of_learning", "debugging", "training_speed", "ecosystem"]).run()
    assert at.session_state["answers"]["priorities"] == [
        "ease_of_learning",
        "debugging",
        "training_speed",
    ]
    # the warning comes right after the priorities widget in the page order, not under the title
    order = [
        (el.type, getattr(el, "key", None), getattr(el, "value", None)) for el in _walk(at.main)
    ]
    keys = [k for _, k, _ in order]
    warn_at = next(i for i, (t, _, v) in enumerate(order) if t == "warning" and "at most" in str(v))
    assert keys.index("q_priorities") == warn_at - 1


def test_a_probe_adds_this_machine_without_taking_over_a_chosen_target(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys
    import time

    from app_pages.common import probe_runner

    replay = Path(__file__).resolve().parent / "replay_probe.py"

    def command(tier: str, out: Path) -> list[str]:
        return [sys.executable, str(replay), "--tier", tier, "--progress-json", "--out", str(out)]

    monkeypatch.setattr(probe_runner, "probe_command", command)
    at = _target_page()
    _upload(at, "gpu.json", H100)
    at.radio(key=TARGET).set_value("Answers only (no machine)").run()  # an explicit choice
    at.switch_page("app_pages/this_machine.py").run()
    next(b for b in at.button if b.key == "run_probe").click().run()
    deadline = time.monotonic() + 20
    while "local" not in at.session_state["machines"] and time.monotonic() < deadline:
        time.sleep(0.2)
        at.run()
    assert "local" in at.session_state["machines"]
    assert at.session_state["active_machine"] is None  # still "answers only"
    assert any(b.key == "use_local" for b in at.button)  # offered, not imposed


def test_a_tab_too_big_for_the_store_is_told_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from app_pages.common import state
    from app_pages.common.session_store import SessionStore

    small = SessionStore(max_entry_bytes=1000)  # a probe report alone is ~2.5 kB
    monkeypatch.setattr(state, "shared_store", lambda: small)
    at = _target_page()
    assert not at.sidebar.get("alert") and not [w for w in at.sidebar.warning]
    _upload(at, "gpu.json", H100)
    at.run()
    assert any("too large to be kept across a reload" in w.value for w in at.sidebar.warning)
    kept = small.get(at.session_state["sid"])  # the last copy that fitted: without the machine
    assert kept is not None and kept.machines == {}
