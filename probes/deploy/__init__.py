"""Deployment-path probes (``python -m probes --deploy``): one module per path, registered here.

Importing this package registers every path (docs/deployment-paths.md); ``run_deploy`` takes the
reference models through the paths that serve the requested targets, each in its own worker
subprocess with a hard timeout, and returns report entries. No ML framework is imported here.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from probes.deploy.registry import (
    TARGETS,
    DeployPathSpec,
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

# Each path module declares one SPEC (pure data); the registry checks it against the module name.
_PATH_NAMES = (
    "pt_coreml",
    "pt_executorch",
    "pt_litert",
    "pt_onnx",
    "tf_litert",
    "tf_onnx",
    "tf_savedmodel",
    "tf_tfjs",
)
_PATH_MODULES: tuple[ModuleType, ...] = tuple(
    importlib.import_module(f"{__name__}.{name}") for name in _PATH_NAMES
)
for _path in _PATH_MODULES:
    register(_path.SPEC, _path.__name__)

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
