"""Every shipped card agrees with its record; the checker catches each kind of drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.cards.check import check_all, check_card, record_digest
from actions.cards.schema import Card
from actions.cards.store import card_files, read_card
from actions.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"
SHIPPED = card_files(DATA / "cards")

RECORD: dict[str, Any] = {
    "code": "9.000001",
    "name": "Đăng ký thử",
    "agency": "Công an cấp Xã",
    "conditions": "Người đăng ký có chỗ ở hợp pháp.",
    "channels": [
        {"kind": "in_person", "time_limit_text": "7 ngày làm việc", "fee_text": "20.000 đồng",
         "fee_amount_vnd": 20000, "fee_note": None},
        {"kind": "online", "time_limit_text": "7 ngày làm việc", "fee_text": "10.000 đồng",
         "fee_amount_vnd": 10000, "fee_note": None},
    ],
    "documents": [
        {"case_group": None, "name": "Tờ khai thay đổi thông tin cư trú (mẫu CT01)",
         "form_name": None},
        {"case_group": "Nhà thuê", "name": "Hợp đồng thuê nhà được công chứng", "form_name": None},
    ],
    "steps": ["Bước 1: nộp hồ sơ tại Công an cấp xã."],
    "legal_bases": [],
    "results": [],
}  # fmt: skip


def src(field: str, quote: str) -> dict[str, str]:
    return {"field": field, "quote": quote}


def card(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": "9.000001",
        "record_digest": record_digest(RECORD),
        "title": "Đăng ký thử",
        "office": "commune_police",
        "online": True,
        "online_source": src("cach_thuc_thuc_hien", "Trực tuyến"),
        "time": {"value": 7, "unit": "working_day", "text": "7 ngày làm việc",
                 "source": src("cach_thuc_thuc_hien", "7 ngày làm việc")},
        "fee": {"kind": "amount", "text": "20.000 đồng", "amounts_vnd": [20000],
                "source": src("cach_thuc_thuc_hien", "20.000 đồng")},
        "forms": [{"code": "CT01", "name": "Tờ khai",
                   "source": src("thanh_phan_ho_so", "mẫu CT01")}],
        "cases": [{"id": "rented", "title": "Nhà thuê", "papers": [
            {"name": "Hợp đồng thuê nhà", "kind": "original_or_copy",
             "source": src("thanh_phan_ho_so", "Hợp đồng thuê nhà được công chứng")}]}],
    }  # fmt: skip
    values.update(overrides)
    return values


def problems_of(values: dict[str, Any], wards: dict[str, Any] | None = None) -> list[str]:
    return [p.what for p in check_card(Card.model_validate(values), RECORD, wards or {})]


def test_a_faithful_card_passes() -> None:
    assert problems_of(card()) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"record_digest": "sha256:0000"}, "record changed"),
        (
            {"cases": [{"id": "a", "title": "A", "papers": [{"name": "Sổ hộ khẩu",
              "source": src("thanh_phan_ho_so", "Sổ hộ khẩu")}]}]},
            "'Sổ hộ khẩu' is not in thanh_phan_ho_so",
        ),
        (
            {"fee": {"kind": "amount", "text": "50.000 đồng", "amounts_vnd": [50000],
                     "source": src("cach_thuc_thuc_hien", "20.000 đồng")}},
            "fee 50000 is not in the record",
        ),
        (
            {"fee": {"kind": "free", "text": "Miễn phí",
                     "source": src("cach_thuc_thuc_hien", "20.000 đồng")}},
            "fee 'free' but the record lists",
        ),
        (
            {"forms": [{"code": "CT02", "name": "Tờ khai",
                        "source": src("thanh_phan_ho_so", "Tờ khai")}]},
            "form CT02 is not in the documents",
        ),
        (
            {"time": {"value": 3, "unit": "working_day", "text": "3 ngày làm việc",
                      "source": src("cach_thuc_thuc_hien", "3 ngày làm việc")}},
            "'3 ngày làm việc' is not in cach_thuc_thuc_hien",
        ),
        (
            {"fee": {"kind": "amount", "text": "5.000 đồng", "amounts_vnd": [5000],
                     "source": {"ward_override": "00235"}}},
            "ward 00235 has no override",
        ),
    ],
)  # fmt: skip
def test_drift_is_caught(change: dict[str, Any], expected: str) -> None:
    found = problems_of(card(**change))
    assert any(expected in p for p in found), found


def test_a_ward_override_may_state_the_fee() -> None:
    fee = {"kind": "amount", "text": "5.000 đồng", "amounts_vnd": [5000],
           "source": {"ward_override": "00235"}}  # fmt: skip
    wards = {"00235": {"procedures": {"9.000001": {"channels": []}}}}
    assert problems_of(card(fee=fee), wards) == []


def test_schema_refuses_an_unsourced_fact() -> None:
    with pytest.raises(ValueError):
        Card.model_validate(card(fee={"kind": "free", "text": "Miễn phí", "source": {}}))


def test_several_cases_need_a_question() -> None:
    case = card()["cases"][0]
    with pytest.raises(ValueError):
        Card.model_validate(card(cases=[case, {**case, "id": "other"}]))


def test_the_checker_reads_a_data_folder(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "national.json").write_text(json.dumps([RECORD]), "utf-8")
    (tmp_path / "cards").mkdir()
    bad = card(record_digest="sha256:stale")
    (tmp_path / "cards" / "x.yml").write_text(yaml.safe_dump(bad, allow_unicode=True), "utf-8")
    count, problems = check_all(tmp_path)
    assert count == 1 and [p.what for p in problems] == [
        "record changed since review: re-check, --stamp"
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_card_agrees_with_its_record(path: Path) -> None:
    from actions.cards.check import records, ward_overrides

    shipped = read_card(path)
    problems = check_card(shipped, records(DATA).get(shipped.code), ward_overrides(DATA))
    assert [str(p) for p in problems] == []


def test_cards_are_nfc() -> None:
    import unicodedata

    for path in SHIPPED:
        text = path.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, path


def two_cases(rented_words: list[str], own_words: list[str]) -> dict[str, Any]:
    rented = {**card()["cases"][0], "words": rented_words}
    own = {**rented, "id": "own", "title": "Nhà của mình", "words": own_words}
    return card(case_question="Nhà nào?", cases=[rented, own])


@pytest.mark.parametrize(
    ("rented_words", "own_words", "expected"),
    [
        (["ở trọ", "thuê nhà"], ["nhà của mình"], None),
        (["ở trọ", "nhà của mình"], ["nhà của mình"], "case own word 'nhà của mình' is ambiguous"),
        (["ở trọ"], ["có sổ đỏ"], None),
        (["không có sổ đỏ"], ["có sổ đỏ"], None),
        (["ở trọ"], ["đăng ký thử"], "the title alone reads as case own"),
        (["ở trọ"], ["nha\u0300 ri\u00eang"], "is not NFC"),
    ],
)
def test_case_words_are_checked_for_ambiguity(
    rented_words: list[str], own_words: list[str], expected: str | None
) -> None:
    found = problems_of(two_cases(rented_words, own_words))
    if expected is None:
        assert found == []
    else:
        assert any(expected in p for p in found), found
