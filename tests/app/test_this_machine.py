"""This-machine page: the probe child, progress, busy slot, cancel, pre-fill (replayed report)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from app_pages.common import probe_runner
from kb.schema import KnowledgeBase
from tests.app.conftest import new_app, open_group_of
from tests.lookup import question

REPLAY = Path(__file__).resolve().parent / "replay_probe.py"
PAGE = "app_pages/this_machine.py"


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    def command(tier: str, out: Path) -> list[str]:
        return [sys.executable, str(REPLAY), "--tier", tier, "--progress-json", "--out", str(out)]

    monkeypatch.setattr(probe_runner, "probe_command", command)
    return monkeypatch


def _button(at: AppTest, key: str) -> Button:
    return next(b for b in at.button if b.key == key)


def _wait_until(at: AppTest, predicate: Callable[[AppTest], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at.run()  # the fragment's timer does not fire in AppTest; a rerun polls the child
        if predicate(at):
            return
        time.sleep(0.2)
    raise AssertionError("condition not reached")


def test_probe_runs_fills_tables_and_prefills(
    replay: pytest.MonkeyPatch, kb: KnowledgeBase
) -> None:
    at = new_app()
    at.switch_page(PAGE).run()
    assert not at.exception
    _button(at, "run_probe").click().run()
    _wait_until(at, lambda a: "local" in a.session_state["machines"])
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state["active_machine"] == "local"
    assert any("Probe finished" in s.value for s in at.success)
    assert at.dataframe, "result tables are shown"
    assert any("Pre-filled from the probe" in i.value for i in at.info)
    # the os question now shows the probed OS, marked as pre-filled, without being an answer
    open_group_of(at.switch_page("app_pages/describe.py").run(), "os")
    os_pill = next(p for p in at.pills if p.key == "q_os")
    assert os_pill.value == "linux"
    assert any("Pre-filled from the probe" in c.value for c in at.caption)
    assert "os" not in at.session_state["answers"]
    # the recommendation says which answers came from the probe
    at.switch_page("app_pages/recommendation.py").run()
    used = next(df.value for df in at.dataframe if "From" in df.value.columns)
    origin = dict(zip(used["Question"], used["From"], strict=True))
    assert origin[question(kb, "os").text.en] == "pre-filled from the probe"
    assert origin[question(kb, "stage").text.en] == "neutral default"


def test_second_session_is_told_busy(replay: pytest.MonkeyPatch) -> None:
    from app_pages.common.probe_state import probe_slot

    slot = probe_slot()
    assert slot.acquire("another-tab")
    try:
        at = new_app()
        at.switch_page(PAGE).run()
        _button(at, "run_probe").click().run()
        assert any("Another browser tab is probing" in w.value for w in at.warning)
        assert "local" not in at.session_state["machines"]
    finally:
        slot.release("another-tab")


def test_cancel_kills_the_child(replay: pytest.MonkeyPatch) -> None:
    replay.setenv("REPLAY_MODE", "hang")
    at = new_app()
    at.switch_page(PAGE).run()
    _button(at, "run_probe").click().run()
    from app_pages.common.probe_state import probe_slot

    assert probe_slot().busy
    _button(at, "cancel_probe").click().run()
    _wait_until(at, lambda a: any("cancelled" in i.value for i in a.info))
    assert not probe_slot().busy
    assert "local" not in at.session_state["machines"]


def test_failed_probe_says_what_to_do(replay: pytest.MonkeyPatch) -> None:
    replay.setenv("REPLAY_MODE", "fail")
    at = new_app()
    at.switch_page(PAGE).run()
    _button(at, "run_probe").click().run()
    _wait_until(at, lambda a: bool(a.error))
    assert "exit code 3" in at.error[0].value
    assert "simulated" in at.error[0].value


def test_progress_lines_fold_into_steps() -> None:
    text = "\n".join(
        [
            '{"step": "inventory", "done": 0, "total": 4, "elapsed_s": 0.0, "eta_s": null}',
            "2026-01-01 I tensorflow/core oneDNN custom operations are on",
            '{"step": "tensorflow", "done": 1, "total": 4, "elapsed_s": 1.0, "eta_s": 9.5}',
            '{"step": "pytorch", "done": 2, "total": 4, "elapsed_s": 2.0, "eta_s": 5}',
            '{"step": "pyt',
        ]
    )
    progress = probe_runner.parse_progress(text)
    assert progress.steps == ["inventory", "tensorflow", "pytorch"]
    assert progress.fraction == 0.5 and progress.eta_s == 5.0


def test_timeout_kills_the_process_group(replay: pytest.MonkeyPatch) -> None:
    replay.setenv("REPLAY_MODE", "hang")
    run = probe_runner.ProbeRun("quick", timeout_s=0.5)
    try:
        deadline = time.monotonic() + 10
        while run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert run.poll() == "timeout"
        assert run.proc.poll() is not None
    finally:
        run.close()


def test_run_finishing_while_on_another_page_is_collected(replay: pytest.MonkeyPatch) -> None:
    from app_pages.common.probe_state import probe_slot

    at = new_app()
    at.switch_page(PAGE).run()
    _button(at, "run_probe").click().run()
    at.switch_page("app_pages/describe.py").run()
    assert any("probe of this machine is running" in i.value for i in at.sidebar.info)
    _wait_until(at, lambda a: "local" in a.session_state["machines"])
    assert not probe_slot().busy, "the slot is freed without visiting the probe page"
    assert not at.sidebar.info
