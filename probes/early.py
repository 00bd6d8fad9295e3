"""``python -m probes --no-bench``: start the framework info workers first, before the
coordinator imports the knowledge base, pydantic and the report code.

The slowest worker's ``import tensorflow`` (about 4 s of one core on the 2-vCPU VM) is the whole
critical path of ``--no-bench``; the coordinator's own imports (about 0.35 s) used to come before
it. Started here they overlap it instead (docs/benchmarks.md §5.7). ``run_probes`` then adopts
every early worker its plan chooses (``adopt``) and the others are ended. This module
imports only what starting a worker needs (probes/workers_run.py, no pydantic).
"""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Mapping, Sequence

from probes import affinity
from probes.frameworks import WORKERS
from probes.workers_run import Spawned, spawn_worker, worker_env

# The info workers' command line; probes/api.py uses the same for workers it starts itself.
INFO_ARGS = ("--mode", "info", "--tf32", "off")
HELP = ("-h", "--help")


INTERRUPTED = 130  # the exit code of a probe stopped by a signal (128 + SIGINT, as for Ctrl-C)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _end_at_once(_signum: int, _frame: object) -> None:
    """Before the CLI has taken over, a stop signal ends the early workers and the process at
    once. Raising instead would land inside the CLI's imports, where pydantic-core builds its
    validators in Rust and turns an exception raised there into a SchemaError (a traceback and
    exit code 1) — or, in about one start in ten under load, into an exit by SIGINT; either way
    not the interrupted exit the app waits for (tests/probes/test_probe_faults.py). A worker
    started but not yet recorded ends by itself: it watches this process (FA_COORDINATOR_PID)."""
    end_unused()
    os._exit(INTERRUPTED)


def stop_on_signals(at_once: bool = False) -> None:
    """SIGTERM / SIGHUP stop the probe without orphaning the workers (they live in their own
    sessions, so Python's default SIGTERM action, which ends the process without unwinding,
    would leave them running). The app stops a probe with SIGTERM to our group, which can come
    before the CLI is even imported once workers start early. ``at_once`` (probes/__main__.py,
    until the CLI's imports are done): end the early workers and exit; afterwards (the CLI's
    ``_main``): a KeyboardInterrupt, so the run's ``finally`` blocks kill the worker groups."""
    handler = _end_at_once if at_once else _exit_on_signal
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)


def wanted(argv: Sequence[str]) -> bool:
    """Only a ``--no-bench`` run starts early (``--help`` starts nothing), and only when its
    ``--out`` target can be written: a run the CLI will refuse must not import TensorFlow first
    (the refusal is bounded in time and memory, tests/hostile/test_hostile_out.py)."""
    if "--no-bench" not in argv or any(a in HELP for a in argv):
        return False
    out = _out_target(argv)
    return out is None or _plain_target(out)


def _out_target(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--out":
            return argv[i + 1] if i + 1 < len(argv) else ""
        if arg.startswith("--out="):
            return arg.split("=", 1)[1]
    return None


def _plain_target(path: str) -> bool:
    """A regular file or a new name in an existing folder; anything else (a symlink, a folder, a
    device, a missing folder) is left to the CLI's refusal (kb/atomic_write.py check_target)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return bool(path) and os.path.isdir(os.path.dirname(os.path.abspath(path)))
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(info.st_mode)


def frameworks(environ: Mapping[str, str], known: Sequence[str] = tuple(WORKERS)) -> list[str]:
    """The ``known`` frameworks FA_PROBES_FRAMEWORKS names, in ``known``'s order; all of them
    when it is unset ("none" skips every worker: fast contract tests of the CLI). The one reading
    of that variable, here because this module must not import the registry's KB."""
    chosen = environ.get("FA_PROBES_FRAMEWORKS")
    names = chosen.split(",") if chosen else list(known)
    return [fw for fw in known if fw in names]


# Started by this process and not yet adopted: a process-wide fact, like the processes
# themselves, so ``run_probes`` (probes/api.py) can adopt them without a new argument.
_STARTED: dict[str, Spawned] = {}
# This process's CPUs before it kept off the slowest worker's (probes/affinity.py), until adopted.
_KEPT_OFF: list[int] | None = None


def start_info_workers(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    """Start the info workers a ``--no-bench`` ``argv`` will need; the frameworks started.
    One that cannot start is simply started again later (and its failure reported then)."""
    if not wanted(argv):
        return []
    env = worker_env(None)
    for fw in frameworks(environ):
        got = spawn_worker(fw, INFO_ARGS, env)
        if isinstance(got, Spawned):
            _STARTED[fw] = got
    _give_slowest_its_own_cpu()
    return list(_STARTED)


def _give_slowest_its_own_cpu() -> None:
    """The worker expected to import longest (``WorkerSpec.info_s``) is the run's critical path:
    on a machine with fewer CPUs than processes it gets one of its own (docs/benchmarks.md
    §5.11). These workers only import and report; none of them runs a benchmark."""
    global _KEPT_OFF
    if len(_STARTED) < 2:
        return  # one worker and this process: the scheduler gives each a CPU of its own
    slowest = max(_STARTED.values(), key=lambda s: WORKERS[s.framework].info_s)
    _KEPT_OFF = affinity.give_own_cpu(slowest.proc.pid, len(_STARTED) + 1)


def adopt(chosen: Sequence[str]) -> dict[str, Spawned]:
    """The early workers of the ``chosen`` frameworks, handed over once; the others ended."""
    mine = {fw: _STARTED.pop(fw) for fw in chosen if fw in _STARTED}
    end_unused()
    return mine


def end_unused() -> None:
    """Stop every early worker no run adopted (a usage error, a framework not chosen), and give
    this process back the CPUs it kept off: its inventory reads them (usable cores)."""
    global _KEPT_OFF
    affinity.restore(_KEPT_OFF)
    _KEPT_OFF = None
    while _STARTED:
        _, spawned = _STARTED.popitem()
        spawned.end()
