"""Deployment-path probes (``python -m probes --deploy``): one table per path in ``paths.toml``.

Importing this package registers every path (docs/deployment-paths.md); ``run_deploy`` takes the
reference models through the paths that serve the requested targets, each in its own worker
subprocess with a hard timeout, and returns report entries. No ML framework is imported here.
"""

from __future__ import annotations

from probes.deploy.registry import (
    PATHS_FILE,
    TARGETS,
    DeployPathSpec,
    load_paths,
    register,
    registered,
    target_from_option,
)
from probes.deploy.runner import (
    DeployRun,
    DeploySettings,
    cross_framework_diff,
    entries_from_run,
    paths_for,
    run_deploy,
)

for _spec in load_paths(PATHS_FILE.read_text("utf-8")):
    register(_spec)

__all__ = [
    "TARGETS",
    "DeployPathSpec",
    "DeployRun",
    "DeploySettings",
    "cross_framework_diff",
    "entries_from_run",
    "paths_for",
    "registered",
    "run_deploy",
    "target_from_option",
]
