"""The app, the recommender, the KB and the probe coordinator must never import an ML framework.

Importing TensorFlow costs seconds and ~600 MB, and torch + TensorFlow in one process can crash;
so framework code lives only in ``probes/workers/`` and runs in subprocesses. Two checks: a static
scan of every import statement, and a real import of every other module in a fresh interpreter.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = {"torch", "tensorflow", "jax", "keras", "tf_keras", "jaxlib"}
DYNAMIC_IMPORTERS = {"import_module", "__import__"}
PACKAGES = ["kb", "probes", "recommender", "app_pages"]


def _in_worker(path: Path) -> bool:
    rel = path.relative_to(ROOT).as_posix()
    return rel.startswith("probes/workers/")


def _project_modules() -> list[Path]:
    files = [ROOT / "app.py"]
    for package in PACKAGES:
        files.extend(sorted((ROOT / package).rglob("*.py")))
    return [f for f in files if f.exists() and not _in_worker(f)]


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Attribute, ast.Name))
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in DYNAMIC_IMPORTERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


def test_no_framework_import_statement_outside_workers() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_roots(path) & FRAMEWORKS)
        for path in _project_modules()
        if _imported_roots(path) & FRAMEWORKS
    }
    assert offenders == {}, f"framework imports outside probes/workers/: {offenders}"


def test_importing_every_non_worker_module_loads_no_framework() -> None:
    modules = []
    for path in _project_modules():
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts
        if parts[-1] == "__main__" or parts[0] in {"app", "app_pages"}:
            continue  # entry points and page scripts run UI code on import: covered statically
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(parts))
    script = (
        "import importlib, json, sys\n"
        f"mods = {modules!r}\n"
        "failed = {}\n"
        "for m in mods:\n"
        "    try:\n"
        "        importlib.import_module(m)\n"
        "    except Exception as exc:\n"
        "        failed[m] = repr(exc)\n"
        f"loaded = sorted(n for n in sys.modules if n.split('.')[0] in {sorted(FRAMEWORKS)!r})\n"
        "print(json.dumps({'loaded': loaded, 'failed': failed}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["failed"] == {}, f"modules failed to import: {result['failed']}"
    assert result["loaded"] == [], f"framework modules loaded in-process: {result['loaded'][:10]}"
