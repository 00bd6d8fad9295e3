"""Errors of the export package (one-line messages meant for users)."""

from __future__ import annotations

from kb.safe_input import InputError


class ExportError(InputError):
    """A report cannot be produced or read; the message says why in one line.

    ``str()`` is English; ``.text("zh")`` the Chinese line when one was given (kb/safe_input.py).
    """
