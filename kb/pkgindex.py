"""Newest releases of packages, from the package index pip is configured with.

Why pip's configuration: the user's machine may sit behind a mirror, a proxy index or an
offline wheel directory, and ``pip install`` would use exactly those. So nothing here names a
host: the locations come from ``pip config list`` (config files and ``PIP_*`` variables:
``index-url``, ``extra-index-url``, ``find-links``, ``no-index``) and, when no index is
configured, from pip's own default. Indexes are read as PEP 691 JSON or PEP 503 HTML simple
pages over ``urllib`` (``http(s)://`` and ``file://``); find-links as a directory of files or an
HTML page of links. Requests run in parallel with a short timeout.

A location that cannot be reached is reported as such; only when *no* location answered is the
result "offline" (``IndexResult.offline``), which the CLI turns into its own exit code.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import Request, url2pathname, urlopen

ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
# Config sections in pip's order of precedence: environment first, then command sections.
_SECTION_RANK = {":env:": 0, "index": 1, "install": 2, "download": 3, "global": 4}
_ARCHIVES = (".tar.gz", ".tar.bz2", ".tar.xz", ".zip", ".tgz")
_FINAL = re.compile(r"^v?(\d+(?:\.\d+)*)(?:[._-]?post[._-]?(\d+))?(?:\+[A-Za-z0-9.]+)?$", re.I)


@dataclass(frozen=True)
class IndexConfig:
    """Where pip looks for packages: simple-index base URLs and find-links locations."""

    index_urls: tuple[str, ...]
    find_links: tuple[str, ...] = ()
    source: str = "pip config"  # how the locations were found, for messages

    @property
    def locations(self) -> tuple[str, ...]:
        return (*self.index_urls, *self.find_links)


@dataclass
class PackageLookup:
    """What the index said about one package."""

    package: str
    versions: set[str] = field(default_factory=set)
    reached: list[str] = field(default_factory=list)  # locations that answered (even "not here")
    errors: list[str] = field(default_factory=list)  # "location: reason" for those that did not

    @property
    def latest(self) -> str | None:
        finals = [v for v in self.versions if parse_final(v) is not None]
        return max(finals, key=lambda v: parse_final(v) or ()) if finals else None


@dataclass(frozen=True)
class IndexResult:
    config: IndexConfig
    lookups: dict[str, PackageLookup]

    @property
    def offline(self) -> bool:
        return not any(lk.reached for lk in self.lookups.values())

    def errors(self) -> list[str]:
        return sorted({e for lk in self.lookups.values() for e in lk.errors})


# --- versions and file names ----------------------------------------------------------------


def normalize(name: str) -> str:
    """PEP 503 name normalisation: ``Tf_Keras`` -> ``tf-keras``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_final(version: str) -> tuple[int, ...] | None:
    """Release tuple of a final (or post) release, trailing zeros dropped; None for pre/dev."""
    m = _FINAL.match(version.strip())
    if m is None:
        return None
    release = [int(x) for x in m.group(1).split(".")]
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    return (*release, -1) if m.group(2) is None else (*release, -1, int(m.group(2)))


def version_from_filename(filename: str, package: str) -> str | None:
    """The version in a wheel or sdist file name, if the file is ``package``'s."""
    name = unquote(filename.split("#", 1)[0].rsplit("/", 1)[-1])
    if name.endswith(".whl"):
        parts = name[:-4].split("-")
        if len(parts) >= 5 and normalize(parts[0]) == normalize(package):
            return parts[1]
        return None
    for ext in _ARCHIVES:
        if name.endswith(ext):
            stem, _, version = name[: -len(ext)].rpartition("-")
            return version if stem and normalize(stem) == normalize(package) else None
    return None


class _Links(HTMLParser):
    """Anchors of a PEP 503 page: (href, text, yanked)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, bool]] = []
        self._open: tuple[str, bool] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            a = dict(attrs)
            self._open = (a.get("href") or "", "data-yanked" in a)
            self._text = ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._open[0], self._text.strip(), self._open[1]))
            self._open = None


def versions_in_page(body: bytes, content_type: str, package: str) -> set[str]:
    """Versions of ``package`` listed in a simple-index page (JSON or HTML), yanked ones out."""
    if "json" in content_type:
        data = json.loads(body)
        names = [f.get("filename", "") for f in data.get("files", []) if not f.get("yanked")]
    else:
        parser = _Links()
        parser.feed(body.decode("utf-8", errors="replace"))
        # The href's last segment is the file (PEP 503); the link text is only a label.
        names = [n for href, text, yanked in parser.links if not yanked for n in (href, text)]
    return {v for n in names if (v := version_from_filename(n, package)) is not None}


# --- pip's configuration ------------------------------------------------------------------


def _pip_default_index() -> str | None:
    """pip's own default index (pip knows it; this module names no host)."""
    try:
        from pip._internal.models.index import PyPI

        return str(PyPI.simple_url)
    except Exception:  # pip missing or reorganised: no default, the caller reports it
        return None


def parse_pip_config(text: str) -> dict[str, str]:
    """``pip config list`` output -> {option: value}, pip's precedence applied."""
    best: dict[str, tuple[int, str]] = {}
    for line in text.splitlines():
        m = re.match(r"^(?P<section>[^=]*?)\.(?P<key>[\w-]+)=(?P<value>.*)$", line.strip())
        if m is None:
            continue
        try:
            value = str(ast.literal_eval(m.group("value")))
        except (ValueError, SyntaxError):
            value = m.group("value").strip("'\"")
        rank = _SECTION_RANK.get(m.group("section"), 5)
        key = m.group("key").replace("_", "-")
        if key not in best or rank < best[key][0]:
            best[key] = (rank, value)
    return {k: v for k, (_, v) in best.items()}


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def config_from_options(options: dict[str, str], default_index: str | None) -> IndexConfig:
    """Locations pip would use, from its effective options (see :func:`parse_pip_config`)."""
    finds = tuple((options.get("find-links") or "").split())
    if _truthy(options.get("no-index")):
        return IndexConfig((), finds)
    first = options.get("index-url") or default_index
    extra = tuple((options.get("extra-index-url") or "").split())
    return IndexConfig(tuple(u for u in (first, *extra) if u), finds)


def pip_config(python: str | None = None, timeout: float = 20.0) -> IndexConfig:
    """The index locations pip (of ``python``, default this interpreter) is configured with."""
    try:
        done = subprocess.run(
            [python or sys.executable, "-m", "pip", "config", "list"],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        )
        text = done.stdout if done.returncode == 0 else ""
    except (OSError, subprocess.TimeoutExpired):
        text = ""
    return config_from_options(parse_pip_config(text), _pip_default_index())


# --- reading locations ----------------------------------------------------------------------


class _Unreachable(Exception):
    """The location itself did not answer (network, missing directory, server error)."""


def _local_path(location: str) -> Path | None:
    parts = urlsplit(location)
    if parts.scheme == "file":
        return Path(url2pathname(unquote(parts.path)))
    if parts.scheme in ("",) or (len(parts.scheme) == 1 and os.name == "nt"):
        return Path(location)
    return None


def _fetch(url: str, timeout: float) -> tuple[bytes, str] | None:
    """Body and content type; None when the server says the page does not exist."""
    try:
        with urlopen(Request(url, headers={"Accept": ACCEPT}), timeout=timeout) as resp:
            return resp.read(), resp.headers.get("Content-Type", "text/html")
    except HTTPError as exc:
        if exc.code in (404, 410):
            return None
        raise _Unreachable(f"HTTP {exc.code}") from exc
    except (URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise _Unreachable(str(reason)) from exc


def _from_index(base: str, package: str, timeout: float) -> set[str]:
    local = _local_path(base)
    if local is not None:
        if not local.is_dir():
            raise _Unreachable(f"no such index directory {local}")
        page = local / normalize(package)
        if (page / "index.html").is_file():
            return versions_in_page((page / "index.html").read_bytes(), "text/html", package)
        if page.is_dir():
            return {v for f in page.iterdir() if (v := version_from_filename(f.name, package))}
        return set()
    found = _fetch(urljoin(base.rstrip("/") + "/", normalize(package) + "/"), timeout)
    return set() if found is None else versions_in_page(found[0], found[1], package)


def _from_find_links(location: str, package: str, timeout: float) -> set[str]:
    local = _local_path(location)
    if local is not None:
        if local.is_dir():
            return {v for f in local.iterdir() if (v := version_from_filename(f.name, package))}
        if local.is_file():
            return versions_in_page(local.read_bytes(), "text/html", package)
        raise _Unreachable(f"no such find-links location {local}")
    found = _fetch(location, timeout)
    return set() if found is None else versions_in_page(found[0], found[1], package)


def latest_versions(
    packages: Iterable[str], config: IndexConfig, timeout: float = 5.0, workers: int = 16
) -> IndexResult:
    """Ask every configured location about every package, in parallel."""
    names = list(dict.fromkeys(packages))
    lookups = {p: PackageLookup(p) for p in names}
    jobs = [(p, loc, True) for p in names for loc in config.index_urls]
    jobs += [(p, loc, False) for p in names for loc in config.find_links]

    def run(job: tuple[str, str, bool]) -> tuple[str, str, set[str] | str]:
        package, location, is_index = job
        try:
            read = _from_index if is_index else _from_find_links
            return package, location, read(location, package, timeout)
        except _Unreachable as exc:
            return package, location, str(exc)
        except Exception as exc:  # a malformed page: that location failed, not the command
            return package, location, f"{type(exc).__name__}: {exc}"

    if jobs:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as pool:
            for package, location, outcome in pool.map(run, jobs):
                lookup = lookups[package]
                if isinstance(outcome, str):
                    lookup.errors.append(f"{location}: {outcome}")
                else:
                    lookup.reached.append(location)
                    lookup.versions |= outcome
    return IndexResult(config, lookups)
