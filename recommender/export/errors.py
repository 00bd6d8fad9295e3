"""Errors of the export package (one-line messages meant for users)."""

from __future__ import annotations


class ExportError(Exception):
    """A report cannot be produced or read; the message says why in one line."""
