"""KB lookups for tests: the question or option itself, or the test fails naming the missing id.

``KnowledgeBase.question`` and ``Question.option`` return None for an unknown id, which the
package handles; a test that relies on the id wants a clear failure instead of an AttributeError
on None, and a value typed as present.
"""

from __future__ import annotations

import functools

from kb.schema import KnowledgeBase, Option, Question


def question(kb: KnowledgeBase, question_id: str) -> Question:
    found = kb.question(question_id)
    assert found is not None, f"the KB has no question {question_id!r}"
    return found


def option(kb: KnowledgeBase, question_id: str, option_id: str) -> Option:
    found = question(kb, question_id).option(option_id)
    assert found is not None, f"question {question_id!r} has no option {option_id!r}"
    return found


@functools.cache
def group_of(question_id: str) -> str:
    """The question group of ``question_id`` in the shipped KB (read once per test process): the
    Describe page draws one group's tab at a time."""
    import kb as kb_pkg

    return question(kb_pkg.load(), question_id).group
