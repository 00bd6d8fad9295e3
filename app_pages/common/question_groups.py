"""The Describe page's question groups as tabs: their titles and the tab widget's state keys.

Apart from the page script (which Streamlit runs, so importing it would draw the page) for the
tests that open a group's tab (tests/app/conftest.py).
"""

from __future__ import annotations

from kb.texts import t

GROUP = "describe_group"  # the open question group's id (kept when the language changes)


def group_title(group: str, lang: str) -> str:
    """A group's title from the catalog; an unknown group shows its id, capitalised."""
    key = f"group_{group}"
    title = t(key, lang)
    return title if title != key else group.replace("_", " ").capitalize()


def group_tab_key(lang: str) -> str:
    """One tab widget per language: its state is the open tab's label, which is in one language."""
    return f"w_group_tab_{lang}"
