"""Moved to kb/texts.py (one catalog for the app, the reports and the diff).

Kept only while app_pages/describe.py, being edited in parallel, still imports from here; new
code imports ``kb.texts``. Delete this file when nothing imports it (tests/kb/test_texts.py
lists importers).
"""

from __future__ import annotations

from kb.texts import t, tx

__all__ = ["t", "tx"]
