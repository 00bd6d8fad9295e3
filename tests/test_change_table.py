"""The README's "Where each kind of change goes" table holds for its registries.

In a copy of the packages, a framework, a report format and an accelerator vendor are each added
only where the table says, and each is picked up with no other edit: the framework by the KB,
``recommend()`` and the probe; the format by the recommender CLI's ``--format`` choices and its
output; the vendor by the KB's hardware table, the probe's collector registry and the inventory.
Each check runs in a fresh interpreter whose imports come from the copy (asserted), so a second,
forgotten list anywhere in the code would make it fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kb", "probes", "recommender")


def _readme_row(change: str) -> str:
    """The "where" cell of the README table's row whose first cell starts with ``change``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Where each kind of change goes", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith(change):
            return cells[1]
    raise AssertionError(f"README change table has no row starting {change!r}")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def _python(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python *args`` in the copy, with no PYTHONPATH or FA_* setting from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "FA_"))}
    return subprocess.run(
        [sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=60
    )


def _script(copy: Path, body: str) -> dict[str, Any]:
    """Run ``body`` (which sets ``out``) in the copy; ``out`` plus where each package came from."""
    code = textwrap.dedent(body) + textwrap.dedent(
        """
        import json, kb, probes, recommender
        out["from"] = [m.__file__ for m in (kb, probes, recommender)]
        print(json.dumps(out))
        """
    )
    done = _python(copy, "-c", code)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(str(f).startswith(str(copy)) for f in result["from"]), result["from"]
    return result


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r} found {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- a framework: KB YAML only --------------------------------------------------------------

FRAMEWORK_CHECK = """
    import kb
    from probes.api import run_probes
    from probes.frameworks import load_registry
    from recommender import recommend
    from recommender.export import EXPORTERS
    from recommender.profile_io import parse_profile

    base = kb.load()
    rec = recommend(base, parse_profile(b"answers: {stage: production}\\n", "p.yaml", base),
                    None, draws=200, seed=0)
    registry = load_registry()
    report = run_probes(no_bench=True, frameworks=("fakefw",))
    out = {
        "kb": list(base.frameworks),
        "scores": sorted(rec.scores),
        "p_win": sorted(rec.win_probability),
        "md_names_it": "FakeFW" in EXPORTERS["md"].render(rec, base, "en").decode(),
        "probe_ids": list(registry.ids),
        "packages": list(registry.package_names()),
        "problem": registry.problem,
        "probed": {k: [v.status, v.reason] for k, v in report.frameworks.items()},
    }
"""


def test_a_framework_is_one_kb_file(copy: Path) -> None:
    assert "kb/data/frameworks/" in _readme_row("a new framework")
    yaml = (copy / "kb/data/frameworks/pytorch.yaml").read_text(encoding="utf-8")
    yaml = re.sub(r"(?m)^id: pytorch$", "id: fakefw", yaml)
    yaml = re.sub(r"(?m)^name: PyTorch$", "name: FakeFW", yaml)
    yaml = re.sub(r"(?m)^packages: .*$", "packages: [fakefw-core, fakefw-cuda]", yaml)
    (copy / "kb/data/frameworks/fakefw.yaml").write_text(yaml, encoding="utf-8")

    after = _script(copy, FRAMEWORK_CHECK)
    assert after["problem"] is None
    assert "fakefw" in after["kb"]
    assert "fakefw" in after["scores"] and "fakefw" in after["p_win"]
    assert after["md_names_it"]
    assert after["probe_ids"] == after["kb"]
    assert {"fakefw-core", "fakefw-cuda"} <= set(after["packages"])
    # No worker exists for it: the probe reports it from package metadata, never imports it.
    status, reason = after["probed"]["fakefw"]
    assert status == "missing" and "fakefw-core" in reason


# --- a report format: one module + one registry line ------------------------------------------

TXT_MODULE = '''
"""A plain-text report (a stand-in format for tests/test_change_table.py)."""

from kb.schema import KnowledgeBase
from recommender.models import Recommendation


def render(rec: Recommendation, kb: KnowledgeBase, lang: str) -> bytes:
    return f"winner={rec.winner} verdict={rec.verdict} lang={lang}\\n".encode()
'''


def test_a_report_format_is_one_module_and_one_registry_line(copy: Path) -> None:
    where = _readme_row("a new report format")
    assert "recommender/export/" in where and "EXPORTERS" in where
    profile = copy / "team.yaml"
    profile.write_text("answers: {stage: production}\n", encoding="utf-8")
    argv = ["-m", "recommender", "--profile", str(profile), "--draws", "200", "--format", "txt"]
    refused = _python(copy, *argv, "--out", str(copy / "a.txt"))
    assert refused.returncode == 2 and "txt" in refused.stderr

    (copy / "recommender/export/txt.py").write_text(TXT_MODULE, encoding="utf-8")
    _edit(
        copy / "recommender/export/__init__.py",
        "EXPORTERS: dict[str, Exporter] = {\n",
        "EXPORTERS: dict[str, Exporter] = {\n"
        '    "txt": Exporter("txt", "txt", "text/plain", "Text", "纯文本", "txt"),\n',
    )

    usage = _python(copy, "-m", "recommender", "--help")
    assert usage.returncode == 0 and re.search(r"--format \{[a-z,]*\btxt\b", usage.stdout)
    done = _python(copy, *argv, "--out", str(copy / "a.txt"), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"winner=\w+ verdict=\w+ lang=zh\n", (copy / "a.txt").read_text())


# --- an accelerator vendor: its name, one collector module, one registry line ----------------

ACME_MODULE = '''
"""Acme accelerators through the vendor's tool (a stand-in for tests/test_change_table.py)."""

from probes.report import Accelerator, HostInfo
from probes.runner import Runner


def collect(runner: Runner, host: HostInfo) -> list[Accelerator]:
    res = runner(["acme-smi", "--list"], 5.0)
    if not res.ok:
        return []
    names = [line.strip() for line in res.stdout.splitlines() if line.strip()]
    return [
        Accelerator(vendor="acme", name=n, index=i, source="acme-smi") for i, n in enumerate(names)
    ]
'''

ACME_PEAK = """
  - id: acme_x1
    vendor: acme
    name: Acme X1
    match: [Acme X1]
    fp32_tflops: 42.0
    source: nvidia_datasheets
    evidence:
    - source: nvidia_datasheets
      claim: a stand-in row.
      as_of: 2026-11-28
      unconfirmed: a stand-in row for tests/test_change_table.py
"""

VENDOR_CHECK = """
    import kb
    from probes.inventory import collect_inventory, default_collectors
    from probes.report import Accelerator
    from probes.runner import CommandResult

    def runner(argv, timeout):
        if argv[0] == "acme-smi":
            return CommandResult(tuple(argv), 0, stdout="Acme X1\\n")
        return CommandResult(tuple(argv), None, status="unavailable")

    rows = [r for r in kb.load().accelerators if r.vendor == "acme"]
    inv = collect_inventory(runner)
    out = {
        "registry": [name for name, _ in default_collectors()],
        "kb_rows": [r.id for r in rows],
        "found": [[a.vendor, a.name, a.peak_fp32_tflops] for a in inv.accelerators],
        "json": Accelerator.model_validate_json(inv.accelerators[0].model_dump_json()).vendor
        if inv.accelerators else None,
    }
"""


def test_an_accelerator_vendor_is_its_name_one_module_and_one_registry_line(copy: Path) -> None:
    where = _readme_row("a new accelerator vendor")
    assert all(p in where for p in ("kb/schema.py", "probes/accel/", "probes/inventory.py"))
    hardware = copy / "kb/data/hardware.yaml"
    text = hardware.read_text(encoding="utf-8")
    hardware.write_text(text.replace("accelerators:\n", "accelerators:" + ACME_PEAK, 1))
    refused = _python(copy, "-c", "import kb; kb.load()")
    assert refused.returncode != 0 and ".vendor: value is not allowed" in refused.stderr

    _edit(copy / "kb/schema.py", '"apple", "google"]\n', '"apple", "google", "acme"]\n')
    (copy / "probes/accel/acme.py").write_text(ACME_MODULE, encoding="utf-8")
    inventory = copy / "probes/inventory.py"
    text = inventory.read_text(encoding="utf-8")
    head, tail = text.split("def default_collectors()", 1)
    body, rest = tail.split("    return [\n", 1)
    inventory.write_text(
        f"{head}def default_collectors(){body}    from probes.accel import acme\n\n    return [\n"
        f'        ("acme", acme.collect),\n{rest}',
        encoding="utf-8",
    )

    out = _script(copy, VENDOR_CHECK)
    assert "acme" in out["registry"]
    assert out["kb_rows"] == ["acme_x1"]
    assert out["found"] == [["acme", "Acme X1", 42.0]]  # collected, and matched to the KB peak
    assert out["json"] == "acme"
