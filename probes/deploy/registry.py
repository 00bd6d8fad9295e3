"""The registry of deployment paths: one ``DeployPathSpec`` per table of ``paths.toml``.

A spec says which framework a path starts from, which KB toolchains (kb/data/toolchains.yaml) it
exercises, which ``--deploy`` targets it serves and how to install its tools. The coordinator
imports no ML framework: the work happens in the worker subprocess.

The path declared as ``[<id>]`` in ``probes/deploy/paths.toml`` is run by
``probes/workers/deploy_<id>.py`` (a subprocess with a hard timeout); the id ties the declaration,
the worker and the report entries together (tests/probes/test_deploy_units.py checks the names).
The declarations are data, so a new path is one table there and one worker.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, ValidationError
from pydantic.dataclasses import dataclass

PATHS_FILE = Path(__file__).with_name("paths.toml")

TARGETS = ("mobile", "browser", "edge", "mcu", "server")
# ``--deploy`` target → the deploy_targets options it covers (kb/data/questions.yaml)
TARGET_OPTIONS: dict[str, tuple[str, ...]] = {
    "mobile": ("mobile", "android", "ios"),
    "browser": ("browser", "browser_training"),
    "edge": ("edge_device", "jetson", "edge_tpu", "hailo"),
    "mcu": ("microcontroller", "mcu_vendor"),
    "server": ("cloud_server", "on_prem_server"),
}


@dataclass(frozen=True, config=ConfigDict(extra="forbid", strict=True))
class DeployPathSpec:
    id: str  # the table's name in paths.toml and, prefixed with deploy_, its worker's
    framework: str  # pytorch | tensorflow
    label: str
    label_zh: str
    targets: tuple[str, ...]  # a subset of TARGETS
    toolchains: tuple[str, ...]  # ids in kb/data/toolchains.yaml
    install: str  # the command that installs the path's tools; a "  # note" may follow it
    steps: tuple[str, ...]  # what a user runs after the install to take a model down the path
    # False where the install is the framework itself: the install step a machine needs (CPU or
    # CUDA build) is chosen elsewhere (recommender/install.py), so the path does not repeat it.
    install_is_a_step: bool = True
    runs_here_note: str | None = None  # why a converted artefact is not run on this machine

    @property
    def worker(self) -> str:
        """The module run as ``python -m`` for this path."""
        return f"probes.workers.deploy_{self.id}"

    @property
    def commands(self) -> tuple[str, ...]:
        """The steps a user repeats (shown when the path works): the install line, then steps."""
        install = self.install.split("  #", 1)[0].strip()
        return (install, *self.steps) if self.install_is_a_step else self.steps


_PATHS: dict[str, DeployPathSpec] = {}


def load_paths(text: str) -> list[DeployPathSpec]:
    """The paths declared in ``text`` (paths.toml), in its order; a table that does not fit
    ``DeployPathSpec`` is a ValueError naming the path and the key."""
    paths = []
    for path_id, table in tomllib.loads(text).items():
        if not isinstance(table, dict):
            raise ValueError(f"deployment path {path_id!r}: a table, not {table!r}")
        fields: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in table.items()
        }
        try:
            paths.append(DeployPathSpec(id=path_id, **fields))
        except (TypeError, ValidationError) as exc:
            raise ValueError(f"deployment path {path_id!r}: {exc}") from exc
    return paths


def register(spec: DeployPathSpec) -> DeployPathSpec:
    """Add a path; ids are unique and targets must be known."""
    if spec.id in _PATHS and _PATHS[spec.id] != spec:
        raise ValueError(f"deployment path {spec.id!r} registered twice")
    unknown = set(spec.targets) - set(TARGETS)
    if unknown:
        raise ValueError(f"{spec.id}: unknown targets {sorted(unknown)}")
    _PATHS[spec.id] = spec
    from probes import workers_run

    workers_run.WORKER_MODULES.setdefault(f"deploy:{spec.id}", spec.worker)
    return spec


def registered() -> dict[str, DeployPathSpec]:
    return dict(_PATHS)


def target_from_option(option: str) -> str | None:
    """The ``--deploy`` target of a questionnaire option (``android`` → ``mobile``)."""
    return next((t for t, opts in TARGET_OPTIONS.items() if option in opts), None)
