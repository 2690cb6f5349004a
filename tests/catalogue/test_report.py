from __future__ import annotations

import pytest

from actions.catalogue.overrides import AgencyOffice
from actions.catalogue.raw import parse_record
from actions.catalogue.report import check, check_offices, main, run
from actions.catalogue.schema import CatalogueRecord, ChannelRecord, DocumentRecord

from .conftest import raw_record


def problems(record: CatalogueRecord) -> set[str]:
    return {f.problem for f in check(record)}


def record(code: str, group: str = "g") -> CatalogueRecord:
    return parse_record(raw_record(code), group)


@pytest.mark.parametrize(
    ("code", "present", "absent"),
    [
        # "5" the steps do not explain; fee set by the provincial council.
        ("1.004884", {"bare_time_limit", "fee_set_by_province"}, {"time_limit_derived"}),
        # "1" explained by the 15h rule: derived, no longer a bare time limit.
        ("1.001193", {"time_limit_derived"}, {"bare_time_limit"}),
        # No fee information on any channel.
        ("1.014061", {"fee_unknown", "no_fee_info"}, {"fee_set_by_province"}),
        ("1.001939", {"agency_other"}, set()),
        ("1.004222", {"duplicate_case_heading"}, set()),
    ],
)
def test_findings(code: str, present: set[str], absent: set[str]) -> None:
    found = problems(record(code))
    assert present <= found
    assert not absent & found


def test_form_not_parsed() -> None:
    rec = CatalogueRecord(
        code="9.1",
        name="Thủ tục thử",
        channels=[ChannelRecord(kind="in_person", fee_text="Miễn phí", fee_amount_vnd=0)],
        documents=[DocumentRecord(name="Đơn theo mẫu quy định của Bộ", quantity_original=1)],
    )
    assert "form_not_parsed" in problems(rec)
    named = rec.model_copy(
        update={"documents": [rec.documents[0].model_copy(update={"form_name": "Đơn"})]}
    )
    assert "form_not_parsed" not in problems(named)


def test_unconfirmed_office_fields() -> None:
    offices = {
        "ubnd_one_stop": AgencyOffice(
            name="Một cửa", address="Số 1", opening_hours="8h", confirmed=["name", "opening_hours"]
        ),
        "commune_police": AgencyOffice(
            name="Công an",
            address="Số 2",
            phone="1",
            opening_hours="8h",
            confirmed=["name", "address", "phone", "opening_hours"],
        ),
    }
    found = check_offices(offices)
    assert [(f.code, f.problem, f.detail) for f in found] == [
        ("office.ubnd_one_stop", "unconfirmed_office_field", "address, phone")
    ]
    assert run([], offices) == found


def test_cli_counts_every_finding(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    for problem in (
        "bare_time_limit",
        "time_limit_derived",
        "fee_unknown",
        "fee_set_by_province",
        "form_not_parsed",
        "unconfirmed_office_field",
    ):
        assert f"\n  {problem} " in out
    assert "office.ubnd_one_stop:\n  - unconfirmed_office_field" in out
