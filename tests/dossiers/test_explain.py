"""Every status has its explanation in the domain, and lateness is derived from the dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from actions.dossiers.explain import days_late, explain
from actions.dossiers.statuses import Status, status_from_external
from actions.phrasebook import Phrasebook
from tests.dialogue.conftest import domain  # noqa: F401  (fixture)
from tests.dossiers.fakes import VIEW

OFFICE = {
    "office_name": "Trung tâm Phục vụ hành chính công phường Đống Đa",
    "address": "Số 2 phố Tôn Đức Thắng",
    "opening_hours": "8h00–17h00",
    "phone": "024 0000 0000",
}


@pytest.mark.parametrize("status", list(Status))
def test_every_status_has_an_explanation_that_renders(
    domain: dict[str, Any],  # noqa: F811
    status: Status,
) -> None:
    phrases = Phrasebook.from_domain(domain)
    assert phrases.has(status.response)
    view = replace(VIEW, status=status, citizen_note="Bổ sung tờ khai.", fee_due_vnd=50_000)
    replies = explain(view, date(2025, 10, 20), phrases, OFFICE)
    assert [r.response for r in replies][:2] == ["utter_dossier_summary", status.response]
    for reply in replies:
        text = phrases.text(reply.response, **reply.values)
        assert "{" not in text, (reply.response, text)
        assert "anh/chị" in text.lower() or reply.response == "utter_dossier_summary"


def test_fee_and_note_are_shown(domain: dict[str, Any]) -> None:  # noqa: F811
    phrases = Phrasebook.from_domain(domain)
    view = replace(VIEW, status=Status.FEE_REQUESTED, fee_due_vnd=1_250_000, finished_at=None)
    (_, status, *_) = explain(view, date(2025, 10, 20), phrases, OFFICE)
    assert "1.250.000 đồng" in phrases.text(status.response, **status.values)


@pytest.mark.parametrize(
    ("status", "finished", "today", "late"),
    [
        (Status.PROCESSED, datetime(2025, 10, 22), date(2025, 11, 20), None),
        (Status.PROCESSED, datetime(2025, 10, 27), date(2025, 11, 20), 3),
        (Status.PROCESSING, None, date(2025, 10, 24), None),
        (Status.PROCESSING, None, date(2025, 10, 29), 5),
        (Status.SUPPLEMENT_REQUESTED, None, date(2025, 10, 30), 6),
        (Status.CANCELLED, None, date(2025, 12, 30), None),
        (Status.REFUSED, datetime(2025, 11, 3), date(2025, 12, 30), None),
        (Status.WITHDRAWN, None, date(2025, 12, 30), None),
    ],
)
def test_overdue_is_derived(
    status: Status, finished: datetime | None, today: date, late: int | None
) -> None:
    view = replace(VIEW, status=status, finished_at=finished)
    assert days_late(view, today) == late


def test_late_open_dossier_gets_an_apology_line(domain: dict[str, Any]) -> None:  # noqa: F811
    phrases = Phrasebook.from_domain(domain)
    view = replace(VIEW, status=Status.PROCESSING, finished_at=None)
    replies = explain(view, date(2025, 10, 29), phrases, OFFICE)
    assert replies[-1].response == "utter_dossier_late_open"
    assert replies[-1].values["days"] == "5"


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (10, Status.RETURNED),
        ("5", Status.SUPPLEMENT_REQUESTED),
        ("refused", Status.REFUSED),
        ("Đã hủy", Status.CANCELLED),
        ("Chờ bổ sung hồ sơ", Status.SUPPLEMENT_REQUESTED),
        ("ĐANG XỬ LÝ", Status.PROCESSING),
    ],
)
def test_external_status_values(value: object, status: Status) -> None:
    assert status_from_external(value) is status


def test_national_codes_cover_one_to_ten() -> None:
    assert sorted(s.national_code for s in Status if s.national_code) == list(range(1, 11))
