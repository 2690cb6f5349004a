from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.office import AnswerOfficeInfo, HandOverToStaff
from actions.procedures.models import WardOffice
from tests.fakes import InMemoryProcedureRepository, provider

from .conftest import make_tracker

# What the build writes for a desk whose address and phone staff have not confirmed.
UNCONFIRMED = WardOffice(
    ward_code="00235",
    ward_name="phường Đống Đa",
    name="Trung tâm Phục vụ hành chính công phường Đống Đa",
    address="",
    opening_hours="8h00–17h00",
    phone="",
)


@pytest.mark.parametrize("action", [AnswerOfficeInfo, HandOverToStaff])
def test_unconfirmed_contact_fields_read_not_updated(
    domain: dict[str, Any], action: type[AnswerOfficeInfo]
) -> None:
    dispatcher = CollectingDispatcher()
    repository = InMemoryProcedureRepository([], UNCONFIRMED)
    asyncio.run(action(provider(repository)).run(dispatcher, make_tracker(), domain))
    (message,) = dispatcher.messages
    assert message["address"] == "chưa cập nhật"
    assert message["phone"] == "chưa cập nhật"
    assert message["opening_hours"] == "8h00–17h00"
