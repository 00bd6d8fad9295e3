"""Adding a framework is a data change: a JAX file in a copy of the KB loads with no code change."""

from __future__ import annotations

from pathlib import Path

import yaml

import kb


def _jax_yaml(criteria: list[str]) -> str:
    ratings = {
        crit: {
            "low": 4.0,
            "mode": 6.0,
            "high": 8.0,
            "confidence": "low",
            "rationale": {
                "en": f"Test rating of JAX for {crit}, written by the third-framework test.",
                "zh": f"第三框架测试为 JAX 在 {crit} 上写的测试评分。",
            },
            "evidence": [
                {
                    "source": "cloud_tpu_reference",
                    "claim": "JAX is Google's primary TPU framework.",
                    "as_of": "2026-11-26",
                }
            ],
        }
        for crit in criteria
    }
    doc = {
        "id": "jax",
        "name": "JAX",
        "steward": "Google",
        "description": {
            "en": "Composable transformations of NumPy programs.",
            "zh": "可组合的 NumPy 程序变换。",
        },
        "packages": ["jax", "jaxlib"],
        "homepage": "https://docs.jax.dev",
        "latest_version": "0.12.0",
        "ratings": ratings,
    }
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    return text.replace("'2026-11-26'", "2026-11-26")


def test_third_framework_loads_without_code_change(kb_copy: Path) -> None:
    shipped = kb.load()
    assert set(kb.load(kb_copy).frameworks) == {"pytorch", "tensorflow"}
    (kb_copy / "frameworks" / "jax.yaml").write_text(
        _jax_yaml(sorted(shipped.criteria)), encoding="utf-8"
    )
    base = kb.load(kb_copy)  # same directory, new content: the cache must not answer
    assert set(base.frameworks) == {"jax", "pytorch", "tensorflow"}
    assert base.rating("jax", "tpu_support").mode == 6.0
    assert base.content_hash != shipped.content_hash


def test_third_framework_missing_a_rating_is_named(kb_copy: Path) -> None:
    criteria = sorted(kb.load().criteria)
    (kb_copy / "frameworks" / "jax.yaml").write_text(_jax_yaml(criteria[1:]), encoding="utf-8")
    try:
        kb.load(kb_copy)
    except kb.KBError as exc:
        assert any(
            p.startswith("frameworks/jax.yaml:") and f"'{criteria[0]}' is not rated" in p
            for p in exc.problems
        )
    else:
        raise AssertionError("a framework missing a rating must not load")
