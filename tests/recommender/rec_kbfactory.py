"""Small, hand-made knowledge bases and probe reports for the recommender's unit tests.

The shipped KB changes as evidence is refreshed; unit tests need numbers that stay put, so they
build their own through the same pydantic models the loader produces.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from kb.schema import KnowledgeBase
from probes.report import ProbeReport

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

# framework -> criterion -> (low, mode, high) rating
Ratings = Mapping[str, Mapping[str, tuple[float, float, float]]]

CRITERIA = ["speed", "mobile", "ecosystem", "learning"]

# framework -> criterion -> (low, mode, high)
RATINGS: Ratings = {
    "pytorch": {
        "speed": (6, 7, 8),
        "mobile": (5, 6, 7),
        "ecosystem": (8, 9, 10),
        "learning": (7, 8, 9),
    },
    "tensorflow": {
        "speed": (6, 7, 8),
        "mobile": (7, 8, 9),
        "ecosystem": (5, 6, 7),
        "learning": (6, 7, 8),
    },
}


def _text(en: str) -> dict[str, str]:
    return {"en": en, "zh": f"{en}（中文）"}


def _ev(as_of: str = "2026-06-01") -> list[dict[str, Any]]:
    return [{"source": "src_a", "claim": "a claim with a source", "as_of": as_of}]


def _rating(low: float, mode: float, high: float, confidence: str = "medium") -> dict[str, Any]:
    return {
        "low": low,
        "mode": mode,
        "high": high,
        "confidence": confidence,
        "rationale": _text(f"rated {mode}"),
        "evidence": _ev(),
    }


def _framework(fw: str, ratings: Mapping[str, tuple[float, float, float]]) -> dict[str, Any]:
    names = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}
    return {
        "id": fw,
        "name": names.get(fw, fw.title()),
        "steward": "someone",
        "description": _text(fw),
        "packages": [fw],
        "homepage": "https://example.org",
        "latest_version": {"pytorch": "2.15.0", "tensorflow": "2.21.0"}.get(fw, "1.0.0"),
        "ratings": {c: _rating(*r) for c, r in ratings.items()},
    }


def _weight(criterion: str, factor: float) -> dict[str, Any]:
    return {"kind": "weight", "criterion": criterion, "factor": factor, "reason": _text("why")}


def _veto(fw: str) -> dict[str, Any]:
    return {"kind": "veto", "framework": fw, "reason": _text(f"{fw} cannot do it")}


def _penalty(fw: str, points: float) -> dict[str, Any]:
    return {"kind": "penalty", "framework": fw, "points": points, "reason": _text("costly")}


def _opt(oid: str, *effects: dict[str, Any]) -> dict[str, Any]:
    return {"id": oid, "label": _text(oid.replace("_", " ")), "effects": list(effects)}


def questions() -> list[dict[str, Any]]:
    return [
        {
            "id": "deploy_targets",
            "kind": "multi",
            "group": "deployment",
            "text": _text("Where will the model run?"),
            "help": _text("help"),
            "options": [
                _opt("cloud_server"),
                _opt("mobile", _weight("mobile", 3.0)),
                _opt("browser", _weight("mobile", 2.0)),
                _opt("microcontroller", _weight("mobile", 3.0), _veto("pytorch")),
                _opt("none"),
            ],
            "default": [],
        },
        {
            "id": "priorities",
            "kind": "multi",
            "group": "priorities",
            "text": _text("What matters most?"),
            "help": _text("help"),
            "options": [
                _opt("training_speed", _weight("speed", 2.0)),
                _opt("ecosystem", _weight("ecosystem", 2.0)),
                _opt("ease_of_learning", _weight("learning", 2.0)),
                _opt("deployment_breadth", _weight("mobile", 2.0)),
            ],
            "max_choices": 3,
        },
        {
            "id": "os",
            "kind": "single",
            "group": "machine",
            "text": _text("Which OS?"),
            "help": _text("help"),
            "options": [_opt("linux"), _opt("windows"), _opt("macos")],
            "prefill_from": "host.os",
        },
        {
            "id": "hardware",
            "kind": "multi",
            "group": "machine",
            "text": _text("Which hardware?"),
            "help": _text("help"),
            "options": [
                _opt("nvidia"),
                _opt("amd"),
                _opt("apple_silicon"),
                _opt("tpu", _penalty("pytorch", 4.0)),
                _opt("cpu_only"),
            ],
            "prefill_from": "accelerators.vendors",
        },
        {
            "id": "team_experience",
            "kind": "single",
            "group": "team",
            "text": _text("What does the team know?"),
            "help": _text("help"),
            "options": [
                _opt("tensorflow", _weight("learning", 0.5)),
                _opt("pytorch", _weight("learning", 0.5)),
                _opt("neither"),
            ],
            "default": ["neither"],
        },
    ]


def rules() -> list[dict[str, Any]]:
    return [
        {
            "id": "windows_nvidia_tf",
            "description": _text("TF GPU on native Windows only through WSL2"),
            "when": [
                {"fact": "answers.os", "equals": "windows"},
                {"fact": "answers.hardware", "contains": "nvidia"},
            ],
            "effects": [_penalty("tensorflow", 6.0)],
        },
        {
            "id": "python_unsupported_tf",
            "description": _text("probed Python not supported by the latest TF"),
            "when": [{"fact": "compat.tensorflow.python_supported", "equals": False}],
            "effects": [_veto("tensorflow")],
        },
    ]


def compatibility() -> list[dict[str, Any]]:
    ev = _ev()
    return [
        {
            "framework": "tensorflow",
            "version": "2.21",
            "python": ["3.10", "3.11", "3.12", "3.13"],
            "os": ["linux", "windows", "macos"],
            "install": [
                {"platform": "linux_cuda", "command": "pip install 'tensorflow[and-cuda]'"},
                {"platform": "linux_cpu", "command": "pip install tensorflow-cpu"},
                {"platform": "macos_arm64", "command": "pip install tensorflow"},
            ],
            "evidence": ev,
        },
        {
            "framework": "tensorflow",
            "version": "2.20",
            "python": ["3.9", "3.10", "3.11", "3.12", "3.13"],
            "os": ["linux", "windows", "macos"],
            "evidence": ev,
        },
        {
            "framework": "pytorch",
            "version": "2.14",
            "python": ["3.10", "3.11", "3.12", "3.13", "3.14"],
            "os": ["linux", "windows", "macos"],
            "install": [
                {"platform": "linux_cuda", "command": "pip install torch"},
                {
                    "platform": "linux_cpu",
                    "command": "pip install torch --index-url https://download.pytorch.org/whl/cpu",
                },
                {"platform": "windows_cuda", "command": "pip install torch --index-url cu130"},
                {"platform": "macos_arm64", "command": "pip install torch"},
            ],
            "evidence": ev,
        },
    ]


def kb_dict(
    ratings: Ratings | None = None,
    *,
    default_weights: dict[str, float] | None = None,
) -> dict[str, Any]:
    ratings = copy.deepcopy(ratings or RATINGS)
    crits = list(next(iter(ratings.values())))
    return {
        "kb_version": "test-1",
        "content_hash": "0" * 16,
        "meta": {
            "schema_version": 1,
            "kb_version": "test-1",
            "title": _text("test kb"),
            "freshness_limit_days": 365,
            "rating_scale": _text("0-10"),
        },
        "sources": {
            "src_a": {
                "id": "src_a",
                "title": "Source A",
                "url": "https://example.org/a",
                "publisher": "Example",
                "accessed": "2026-11-01",
            }
        },
        "criteria": {
            c: {
                "id": c,
                "group": "g",
                "title": _text(c.title()),
                "description": _text(c),
                "default_weight": (default_weights or {}).get(c, 1.0),
                "measured_by": ["matmul", "conv"] if c == "speed" else [],
            }
            for c in crits
        },
        "frameworks": {fw: _framework(fw, r) for fw, r in ratings.items()},
        "article_sections": [],
        "stale_claims": [
            {
                "id": "torchserve_dead",
                "frameworks": ["pytorch"],
                "criteria": ["mobile"],
                "article_sections": ["§1"],
                "article_said": _text("said"),
                "holds_now": _text("now"),
                "since": "2025-03-01",
                "evidence": _ev(),
            }
        ],
        "questions": questions(),
        "rules": rules(),
        "compatibility": compatibility(),
        "accelerators": [],
        "cpu_peaks": [],
    }


def make_kb(
    ratings: Ratings | None = None,
    **kwargs: Any,
) -> KnowledgeBase:
    return KnowledgeBase.model_validate(kb_dict(ratings, **kwargs))


def relabel(kb: KnowledgeBase, a: str, b: str) -> KnowledgeBase:
    """The same KB with the ratings of frameworks a and b swapped (vetoes keep their ids)."""
    data = kb.model_dump(mode="json")
    frameworks = data["frameworks"]
    frameworks[a]["ratings"], frameworks[b]["ratings"] = (
        frameworks[b]["ratings"],
        frameworks[a]["ratings"],
    )
    return KnowledgeBase.model_validate(data)


def probe(
    *,
    os: str = "linux",
    arch: str = "x86_64",
    python: str = "3.11.7",
    vendors: list[str] | None = None,
    comparisons: list[dict[str, Any]] | None = None,
    benchmarks: list[dict[str, Any]] | None = None,
    frameworks: dict[str, dict[str, Any]] | None = None,
) -> ProbeReport:
    return ProbeReport.model_validate(
        {
            "collected_at": NOW.isoformat(),
            "tier": "standard",
            "host": {"os": os, "os_name": os.title(), "arch": arch},
            "python": {"version": python, "implementation": "CPython"},
            "cpu": {"model": "Test CPU", "logical_cores": 2, "usable_cores": 2},
            "memory": {"total_gb": 8.0},
            "accelerators": [
                {"vendor": v, "name": f"{v} device", "source": "test"} for v in (vendors or [])
            ],
            "frameworks": frameworks
            or {
                "pytorch": {"status": "ok", "version": "2.13.0"},
                "tensorflow": {"status": "ok", "version": "2.21.0"},
            },
            "benchmarks": benchmarks or [],
            "comparisons": comparisons or [],
        }
    )


def today() -> date:
    return NOW.date()
