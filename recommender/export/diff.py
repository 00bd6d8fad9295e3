"""Moved to :mod:`recommender.diff` (comparing two runs is not an export format).

Kept as an alias so ``from recommender.export.diff import ...`` keeps working until every
caller imports ``recommender.diff``; it adds nothing of its own.
"""

from recommender.diff import Change, Diff, diff, main, render_text

__all__ = ["Change", "Diff", "diff", "main", "render_text"]
