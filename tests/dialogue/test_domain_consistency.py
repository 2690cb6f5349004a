"""The actions registered in code and the domain agree, and every response used exists."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from rasa_sdk.executor import ActionExecutor

ACTIONS_DIR = Path(__file__).resolve().parents[2] / "actions"


def registered_actions() -> set[str]:
    executor = ActionExecutor()
    executor.register_package("actions")
    return set(executor.actions)


def test_every_custom_action_is_declared_in_the_domain(domain: dict[str, Any]) -> None:
    assert registered_actions() == set(domain["actions"])


def test_every_response_named_in_code_exists(domain: dict[str, Any]) -> None:
    used = set()
    for path in ACTIONS_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith("utter_")
                and not node.value.endswith("_")
            ):
                used.add(node.value)
    missing = used - set(domain["responses"])
    assert not missing, f"responses used in actions/ but missing from bot/domain: {missing}"


def test_every_channel_kind_has_a_label(domain: dict[str, Any]) -> None:
    for kind in ("in_person", "online", "post"):
        assert f"utter_label_channel_{kind}" in domain["responses"]
