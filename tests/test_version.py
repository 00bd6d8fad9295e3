"""One version, written once (kb/_version.py): the package metadata, probe reports and the
changelog all follow it, and no second copy of a version number appears in the code."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest

from kb._version import __version__
from probes.api import TOOL_VERSION

ROOT = Path(__file__).resolve().parents[1]
# A name ending in "version" bound to a dotted release number, e.g. TOOL_VERSION = "0.2.0".
SECOND_COPY = re.compile(r"""(?i)\b\w*version\w*\s*(?::\s*str\s*)?=\s*["']\d+\.\d+\.\d+""")


def test_version_is_a_release_number() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__), __version__


def test_pyproject_reads_the_version_from_kb_version() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python >= 3.11
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" not in project["project"], "the version is written in kb/_version.py only"
    assert "version" in project["project"]["dynamic"]
    dynamic = project["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "kb._version.__version__"}


def test_probe_reports_carry_the_same_version() -> None:
    assert __version__ == TOOL_VERSION


def test_installed_metadata_agrees() -> None:
    """The editable install's metadata (pip install -e ., as `make test` does) says the same."""
    try:
        installed = importlib.metadata.version("framework-advisor")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("framework-advisor is not installed (running from a bare checkout)")
    assert installed == __version__, (
        "stale metadata: .venv/bin/python -m pip install --no-deps -e . (and regenerate or remove "
        "a framework_advisor.egg-info left in the checkout by pip download, e.g. .ci/make-lock)"
    )


def test_changelog_names_the_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"## [{__version__}]" in text


def test_no_second_copy_of_the_version() -> None:
    files = [ROOT / "pyproject.toml", ROOT / "app.py"]
    for package in ("kb", "probes", "recommender", "app_pages"):
        files += sorted((ROOT / package).rglob("*.py"))
    copies = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in files
        if path.name != "_version.py"
        for m in SECOND_COPY.finditer(path.read_text("utf-8"))
    ]
    assert not copies, copies


def test_the_check_would_see_a_second_copy() -> None:
    assert SECOND_COPY.search('TOOL_VERSION = "0.2.0"')
    assert SECOND_COPY.search('version = "0.1.0"')
    assert SECOND_COPY.search('__version__: str = "1.2.3"')
    assert not SECOND_COPY.search('python_version = "3.11"')
    assert not SECOND_COPY.search("TOOL_VERSION = __version__")
