"""Checked-in JSON Schemas must match the pydantic contracts they are generated from."""

from __future__ import annotations

import json

import pytest

from kb.schemas_gen import CONTRACTS, ROOT, render_schema


@pytest.mark.parametrize(("module", "name", "rel"), CONTRACTS, ids=[c[1] for c in CONTRACTS])
def test_checked_in_schema_is_current(module: str, name: str, rel: str) -> None:
    path = ROOT / rel
    assert path.exists(), f"{rel} is missing: run `make schemas`"
    assert path.read_text(encoding="utf-8") == render_schema(module, name), (
        f"{rel} is out of date with {module}.{name}: run `make schemas` and commit the result"
    )


@pytest.mark.parametrize(("module", "name", "rel"), CONTRACTS, ids=[c[1] for c in CONTRACTS])
def test_schema_is_versioned(module: str, name: str, rel: str) -> None:
    schema = json.loads(render_schema(module, name))
    assert "schema_version" in schema["properties"], f"{name} has no schema_version"
