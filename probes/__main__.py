"""``python -m probes``: see probes/cli.py."""

import sys

from probes.cli import main

sys.exit(main())
