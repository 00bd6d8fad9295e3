"""The registry of deployment paths: one ``DeployPathSpec`` per module of ``probes/deploy/``.

A spec says which framework a path starts from, which KB toolchains (kb/data/toolchains.yaml) it
exercises, which ``--deploy`` targets it serves, which worker module runs it and how to install
its tools. The coordinator imports no ML framework: the work happens in the worker subprocess.
"""

from __future__ import annotations

from dataclasses import dataclass

TARGETS = ("mobile", "browser", "edge", "mcu", "server")
# ``--deploy`` target → the deploy_targets options it covers (kb/data/questions.yaml)
TARGET_OPTIONS: dict[str, tuple[str, ...]] = {
    "mobile": ("mobile", "android", "ios"),
    "browser": ("browser", "browser_training"),
    "edge": ("edge_device", "jetson", "edge_tpu", "hailo"),
    "mcu": ("microcontroller", "mcu_vendor"),
    "server": ("cloud_server", "on_prem_server"),
}


@dataclass(frozen=True)
class DeployPathSpec:
    id: str
    framework: str  # pytorch | tensorflow
    label: str
    label_zh: str
    targets: tuple[str, ...]  # a subset of TARGETS
    toolchains: tuple[str, ...]  # ids in kb/data/toolchains.yaml
    worker: str  # module run as ``python -m``
    install: str  # the command that installs the path's tools
    commands: tuple[str, ...]  # the steps a user repeats (shown when the path works)
    runs_here_note: str | None = None  # why a converted artefact is not run on this machine


_PATHS: dict[str, DeployPathSpec] = {}


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
