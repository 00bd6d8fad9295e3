"""Render one report format in a child process.

Run as ``python -m app_pages.common.export_worker FMT LANG``.

Reads a ``Recommendation`` as JSON on stdin and writes the report bytes to stdout. The app runs
exports here rather than in the server because the PDF exporter loads CJK fonts (~150 MB) that
would otherwise stay resident in the long-lived server process after the first download.
"""

from __future__ import annotations

import sys
import threading

# At most this many export children at once for the whole server (a PDF child holds ~150 MB of
# fonts). Kept here, in an imported module, because page scripts are re-executed on every run.
MAX_CONCURRENT = 2
SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        usage = "usage: python -m app_pages.common.export_worker FORMAT LANG < rec.json"
        print(usage, file=sys.stderr)
        return 2
    fmt, lang = argv
    from kb import snapshot
    from recommender.export import EXPORTERS
    from recommender.models import Recommendation

    if fmt not in EXPORTERS:
        print(f"format {fmt!r}; allowed: {', '.join(EXPORTERS)}", file=sys.stderr)
        return 2
    rec = Recommendation.model_validate_json(sys.stdin.buffer.read())
    data = EXPORTERS[fmt].render(rec, snapshot.load(), lang)
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
