"""Golden Markdown and JSON reports of reference personas (tests/fixtures/golden).

A failure shows a unified diff. If the change is intended (KB data, recommender or report
wording), regenerate with ``.venv/bin/python tests/export/regen_golden.py`` and review the diff.
"""

from __future__ import annotations

import difflib

import pytest

from kb.schema import KnowledgeBase
from recommender.export import EXPORTERS
from recommender.export.json_export import load_recommendation
from tests.export.export_golden import GOLDEN_DIR, PERSONAS, outputs

MAX_DIFF_LINES = 80


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    import kb

    return kb.load()


def readable_diff(name: str, expected: bytes, actual: bytes) -> str:
    lines = list(
        difflib.unified_diff(
            expected.decode().splitlines(),
            actual.decode().splitlines(),
            f"golden/{name}",
            f"rendered/{name}",
            lineterm="",
            n=1,
        )
    )
    shown = lines[:MAX_DIFF_LINES]
    more = (
        f"\n… {len(lines) - MAX_DIFF_LINES} more diff lines" if len(lines) > MAX_DIFF_LINES else ""
    )
    return "\n".join(shown) + more


@pytest.mark.parametrize("persona", PERSONAS)
def test_golden_reports(persona: str, real_kb: KnowledgeBase) -> None:
    problems = []
    for filename, actual in outputs(persona, real_kb).items():
        path = GOLDEN_DIR / filename
        if not path.exists():
            problems.append(f"{filename}: no golden file")
            continue
        expected = path.read_bytes()
        if expected != actual:
            problems.append(readable_diff(filename, expected, actual))
    assert not problems, (
        "\n\n".join(problems)
        + "\n\nIf this change is intended, run: .venv/bin/python tests/export/regen_golden.py"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_golden_json_loads_back_losslessly(persona: str, real_kb: KnowledgeBase) -> None:
    path = GOLDEN_DIR / f"{persona}.json"
    if not path.exists():
        pytest.fail(f"{path.name}: no golden file; run tests/export/regen_golden.py")
    data = path.read_bytes()
    rec = load_recommendation(data, path.name)
    assert EXPORTERS["json"].render(rec, real_kb, "en") == data
