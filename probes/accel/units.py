"""Memory sizes as vendor tools print them, in GB."""

from __future__ import annotations

import re
from typing import Any


def num_gb(value: Any, unit_hint: str = "B") -> float | None:
    """Turn amd-smi / rocm-smi memory values ('196592 MB', {'value':.., 'unit':..}, bytes) to GB."""
    if isinstance(value, dict):
        return num_gb(value.get("value"), str(value.get("unit", unit_hint)))
    if value is None:
        return None
    text = str(value).strip()
    m = re.match(r"^([0-9.]+)\s*([A-Za-z]*)$", text)
    if not m:
        return None
    number = float(m.group(1))
    unit = (m.group(2) or unit_hint).upper()
    scale = {"B": 1, "KB": 1024, "MB": 1024**2, "MIB": 1024**2, "GB": 1024**3, "GIB": 1024**3}
    return round(number * scale.get(unit, 1) / 1024**3, 1)
