"""Profile files: safe loading, one-line errors naming file, field and allowed values."""

from __future__ import annotations

import re
from typing import Literal

import pytest

from kb.schema import KnowledgeBase
from recommender.models import Profile
from recommender.profile_io import ProfileError, dump_profile, parse_profile

GOOD = b"""description: phone app
answers:
  deploy_targets: [mobile, browser]
  os: linux
  priorities: [ecosystem]
"""


def test_parse_yaml(small_kb: KnowledgeBase) -> None:
    p = parse_profile(GOOD, "team.yaml", small_kb)
    assert p.description == "phone app"
    assert p.answers == {
        "deploy_targets": ["mobile", "browser"],
        "os": "linux",
        "priorities": ["ecosystem"],
    }


def test_parse_json_and_scalar_for_multi_is_coerced(small_kb: KnowledgeBase) -> None:
    p = parse_profile(b'{"answers": {"deploy_targets": "mobile"}}', "p.json", small_kb)
    assert p.answers == {"deploy_targets": ["mobile"]}


def test_null_answer_means_unanswered(small_kb: KnowledgeBase) -> None:
    assert parse_profile(b"answers:\n  os: null\n", "p.yaml", small_kb).answers == {}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_round_trip(small_kb: KnowledgeBase, fmt: Literal["yaml", "json"]) -> None:
    p = Profile(description="多语言 text: yes", answers={"os": "linux", "deploy_targets": ["none"]})
    assert parse_profile(dump_profile(p, fmt), f"x.{fmt}", small_kb) == p


@pytest.mark.parametrize(
    ("data", "needles"),
    [
        (
            b"answers:\n  colour: red\n",
            ["team.yaml:2", "answers.colour", "unknown question", "allowed: deploy_targets"],
        ),
        (
            b"answers:\n  os: beos\n",
            ["team.yaml:2", "answers.os", '"beos"', "allowed: one of linux, windows, macos"],
        ),
        (b"answers:\n  os: [linux]\n", ["answers.os", "a list was given", "allowed: one of linux"]),
        (
            b"answers:\n  priorities: [training_speed, ecosystem, ease_of_learning,"
            b" deployment_breadth]\n",
            ["answers.priorities", "4 choices", "at most 3"],
        ),
        (
            b"answers:\n  deploy_targets: [mobile, moon]\n",
            ["answers.deploy_targets", '"moon"', "any of cloud_server"],
        ),
        (b"answers:\n  os: no\n", ["answers.os", '"no"']),
        (b"answers:\n  os: true\n", ["answers.os", "true"]),
        (
            b"answer:\n  os: linux\n",
            [
                "team.yaml:1",
                "answer: unknown field",
                "allowed: schema_version, description, answers",
            ],
        ),
        (b"- a\n- b\n", ["top level is list", "allowed: a mapping"]),
        (b"answers: [1, 2\n", ["malformed YAML"]),
        (b"schema_version: 9\n", ["schema_version: 9 is newer", "up to 1"]),
        (b"answers: 3\n", ["answers: allowed: a mapping"]),
        (b"description: [1]\n", ["description: allowed: free text"]),
        (b"", ["file is empty"]),
        (b"\xff\xfe\x00", ["not UTF-8"]),
        (b"!!python/object:os.system {}\n", ["not plain data", "allowed: text"]),
    ],
)
def test_errors_are_one_line_and_name_field_and_allowed(
    small_kb: KnowledgeBase, data: bytes, needles: list[str]
) -> None:
    with pytest.raises(ProfileError) as err:
        parse_profile(data, "team.yaml", small_kb)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("team.yaml")
    for needle in needles:
        assert needle in message
    # the same refusal in Chinese: same place, no English scaffolding (issue 13)
    zh = err.value.text("zh")
    assert "\n" not in zh and zh.startswith("team.yaml")
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    assert "allowed" not in zh and "unknown" not in zh and "is not" not in zh, zh


def test_truncated_json(small_kb: KnowledgeBase) -> None:
    with pytest.raises(ProfileError, match=r"p\.json:1:\d+: truncated JSON"):
        parse_profile(b'{"answers": {"os": "lin', "p.json", small_kb)


def test_size_limit(small_kb: KnowledgeBase) -> None:
    data = b"description: " + b"x" * (1024 * 1024) + b"\n"
    with pytest.raises(ProfileError, match="at most 1 MB"):
        parse_profile(data, "big.yaml", small_kb)
