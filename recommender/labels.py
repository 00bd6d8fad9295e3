"""Names people read for the knowledge base's ids: questions, options, rules and criteria.

Reports, warnings and CLI messages must never show ``team_experience=pytorch`` or
``questions.yaml:deploy_targets=microcontroller``: those are ids for the code. Every function
here returns ``(English, Chinese)`` built from the KB's own bilingual labels; an id the KB does not
know (an answer from an older profile, say) is returned as given, because there is no better
name for it — callers that show user input still escape it.
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.schema import KnowledgeBase
from kb.texts import CATALOG, Bilingual, pair, t

# Operating systems as people write them (probe reports and answers use the ids).
OS_NAMES = {"linux": "Linux", "windows": "Windows", "macos": "macOS", "other": "other"}
QUESTION_PREFIX = "questions.yaml:"
RULE_PREFIX = "rules.yaml:"


def question_text(kb: KnowledgeBase, qid: str) -> Bilingual:
    """The question as the questionnaire asks it, or its id when the KB has no such question."""
    q = kb.question(qid)
    return (q.text.en, q.text.zh) if q else (qid, qid)


def option_label(kb: KnowledgeBase, qid: str, option: str) -> Bilingual:
    """The label of one answer option ("Prototype" / "原型"), never followed by its id."""
    q = kb.question(qid)
    opt = q.option(option) if q else None
    return (opt.label.en, opt.label.zh) if opt else (option, option)


def _topic(text: str) -> str:
    """A question without its trailing "?" / "？", so it reads as a topic after a quote mark."""
    return text.rstrip("?？:： ")


def quoted_list(labels: Sequence[Bilingual]) -> Bilingual:
    """ "“NVIDIA GPU”, “AMD GPU (ROCm)”" / "“NVIDIA GPU”、“AMD GPU (ROCm)”"; "—" when empty."""
    en = ", ".join(f"“{en}”" for en, _ in labels) or "—"
    zh = "、".join(f"“{zh}”" for _, zh in labels) or "—"
    return en, zh


def answer_phrase(kb: KnowledgeBase, qid: str, options: Sequence[str]) -> Bilingual:
    """ "“Which accelerators will you use” = “NVIDIA GPU”, “AMD GPU (ROCm)”" in both languages."""
    q_en, q_zh = question_text(kb, qid)
    en, zh = quoted_list([option_label(kb, qid, o) for o in options])
    return f"“{_topic(q_en)}” = {en}", f"“{_topic(q_zh)}”＝{zh}"


def ignored_answer(kb: KnowledgeBase, item: str) -> Bilingual:
    """An answer the KB does not know (``question=option``), named as well as the KB allows."""
    qid, _, option = item.partition("=")
    if kb.question(qid) is None:
        return f"“{qid}” = “{option}”", f"“{qid}”＝“{option}”"
    return answer_phrase(kb, qid, [option])


def rule_source(kb: KnowledgeBase, rule: str) -> Bilingual:
    """Where a veto, requirement or penalty came from, as a reader recognises it.

    ``questions.yaml:q=o`` is the user's answer (or, with no option, leaving ``q`` unanswered);
    ``rules.yaml:id`` is a KB rule, named by its description. Anything else is shown as given.
    """
    if rule.startswith(QUESTION_PREFIX) and "=" in rule:
        qid, option = rule.removeprefix(QUESTION_PREFIX).split("=", 1)
        if not option:
            q_en, q_zh = question_text(kb, qid)
            return pair("label_left_unanswered", topic=(_topic(q_en), _topic(q_zh)))
        return pair("label_your_answer", answer=answer_phrase(kb, qid, [option]))
    if rule.startswith(RULE_PREFIX):
        rid = rule.removeprefix(RULE_PREFIX)
        found = next((r for r in kb.rules if r.id == rid), None)
        if found is not None:
            return found.description.en, found.description.zh
    return rule, rule


def must_label(kb: KnowledgeBase, rule: str) -> Bilingual:
    """A must-have named in a sentence: the chosen option's label, or the rule's description."""
    if rule.startswith(QUESTION_PREFIX) and "=" in rule:
        qid, option = rule.removeprefix(QUESTION_PREFIX).split("=", 1)
        if option:
            en, zh = option_label(kb, qid, option)
            return f"“{en}”", f"“{zh}”"
    en, zh = rule_source(kb, rule)
    if rule.startswith(RULE_PREFIX) and (en, zh) != (rule, rule):
        return pair("label_the_rule", rule=(en.rstrip("."), zh.rstrip("。")))
    return en, zh


def criterion_title(kb: KnowledgeBase, cid: str) -> Bilingual:
    """The criterion's title ("Mobile deployment"), or its id when the KB does not know it."""
    crit = kb.criteria.get(cid)
    return (crit.title.en, crit.title.zh) if crit else (cid, cid)


def fw_name(kb: KnowledgeBase, fw: str | None) -> str:
    """A framework's display name ("PyTorch"); "—" for none."""
    if fw is None:
        return "—"
    return kb.frameworks[fw].name if fw in kb.frameworks else fw


def framework_status(status: str) -> Bilingual:
    """A probe's framework status (probes/report.py ``FrameworkStatus``) in words, as reports
    word it (kb/texts.py ``report_fw_status_*``); an unknown status is shown as given."""
    key = f"report_fw_status_{status}"
    return (t(key, "en"), t(key, "zh")) if key in CATALOG else (status, status)
