"""What the server skips at start (app_pages/common/server_start.py): the custom-component scan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_the_real_scan_finds_no_component_package_so_skipping_it_loses_nothing() -> None:
    seen = _run(
        "import json, importlib.metadata as md\n"
        "from streamlit.components.v2.manifest_scanner import scan_component_manifests\n"
        "print(json.dumps({'found': [str(p) for _, p in scan_component_manifests()],"
        " 'distributions': len(list(md.distributions()))}))\n"
    )
    assert seen["found"] == []
    assert isinstance(seen["distributions"], int) and seen["distributions"] > 20  # it did scan


def test_the_server_start_reads_no_package_metadata_for_components() -> None:
    seen = _run(
        "import json, importlib.metadata as md\n"
        "from app_pages.common import server_start\n"
        "skipped = server_start.skip_component_scan()\n"
        "reads = []\n"
        "def counted(*a, **k):\n"
        "    reads.append(1)\n"
        "    return iter(())\n"
        "md.distributions = counted\n"
        "from streamlit.components.v2.component_manager import BidiComponentManager\n"
        "manager = BidiComponentManager()\n"
        "manager.discover_and_register_components(start_file_watching=False)\n"
        "print(json.dumps({'skipped': skipped, 'reads': len(reads)}))\n"
    )
    assert seen == {"skipped": True, "reads": 0}
