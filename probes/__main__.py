"""``python -m probes``: see probes/cli.py. A ``--no-bench`` run starts its framework info
workers before importing the rest (probes/early.py): their imports are its critical path."""

import sys

from probes.early import INTERRUPTED, end_unused, start_info_workers, stop_on_signals

stop_on_signals(at_once=True)  # before any worker exists: a stop signal ends them and us
try:
    start_info_workers(sys.argv[1:])
    from probes.cli import main

    code = main()  # from its own signal handling on, a stop signal unwinds (probes/early.py)
except KeyboardInterrupt:  # Ctrl-C before the CLI took over
    code = INTERRUPTED
finally:
    end_unused()
sys.exit(code)
