"""Write the JSON Schema of every contract model next to the package that owns it.

Outside tools (and other languages) validate probe reports, profiles and recommendations against
these files, so they are checked in; ``tests/test_schemas.py`` fails when one is out of date.
Run ``python -m kb.schemas_gen`` (or ``make schemas``) after changing a contract model.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent

# (module, class, output path relative to the repository root)
CONTRACTS: list[tuple[str, str, str]] = [
    ("kb.schema", "KnowledgeBase", "kb/schemas/knowledge_base.schema.json"),
    ("probes.report", "ProbeReport", "probes/schemas/probe_report.schema.json"),
    ("recommender.models", "Profile", "recommender/schemas/profile.schema.json"),
    ("recommender.models", "Recommendation", "recommender/schemas/recommendation.schema.json"),
]


def render_schema(module: str, name: str) -> str:
    """The schema text exactly as it is checked in (stable key order, trailing newline)."""
    model = getattr(importlib.import_module(module), name)
    assert isinstance(model, type) and issubclass(model, BaseModel)
    schema = model.model_json_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    for module, name, rel in CONTRACTS:
        path = ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_schema(module, name), encoding="utf-8")
        print(f"wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
