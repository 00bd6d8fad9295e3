"""What the server skips at start (app_pages/common/server_start.py): the custom-component scan."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
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


def _magic_expressions(path: Path) -> list[int]:
    """Lines of expression statements Streamlit's magic would have written to the page: neither
    a call, a docstring, a yield nor an await (streamlit/runtime/scriptrunner/magic.py)."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
        and isinstance(node.body[0].value.value, str)
    }
    in_class_body = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for child in node.body
    }  # magic rewrites the methods of a class, not its body
    shown = (ast.Call, ast.Yield, ast.YieldFrom, ast.Await)
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and not isinstance(node.value, shown)
        and id(node.value) not in docstrings
        and id(node) not in in_class_body
    ]


def test_magic_is_off_and_no_page_relied_on_it() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["runner"]["magicEnabled"] is False
    # the scripts Streamlit runs (app.py, the pages); modules they import are never rewritten
    scripts = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
    assert len(scripts) > 5
    found = {str(p.relative_to(ROOT)): lines for p in scripts if (lines := _magic_expressions(p))}
    assert found == {}


def test_the_magic_check_sees_a_bare_expression(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        '"""Doc."""\nimport streamlit as st\nst.title("x")\nvalue = 3\nvalue\n'
        'class A:\n    """Doc."""\n    def f(self):\n        x = 1\n        x\n'
    )
    assert _magic_expressions(page) == [5, 10]
