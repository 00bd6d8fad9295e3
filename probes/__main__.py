"""``python -m probes``: see probes/cli.py. A ``--no-bench`` run starts its framework info
workers before importing the rest (probes/early.py): their imports are its critical path."""

import sys

from probes.early import end_unused, start_info_workers, stop_on_signals

stop_on_signals()  # before any worker exists: a SIGTERM from now on unwinds and ends them
try:
    start_info_workers(sys.argv[1:])
    from probes.cli import main

    code = main()
except KeyboardInterrupt:  # a signal before the CLI took over
    code = 130
finally:
    end_unused()
sys.exit(code)
