from __future__ import annotations

import unicodedata

import pytest

from actions.catalogue.raw import (
    SAME_DAY_RULE,
    parse_channels,
    parse_documents,
    parse_fee,
    parse_legal_bases,
    parse_record,
    parse_results,
    parse_steps,
)
from actions.catalogue.schema import CatalogueRecord

from .conftest import raw_record


def record(code: str, group: str = "g") -> CatalogueRecord:
    return parse_record(raw_record(code), group)


# ------------------------------------------------------------------------------ channels

CHANNELS = {
    # code: [(kind, value, unit, time_text, fee_text, fee_amount)]
    "1.001193": [
        ("online", 1.0, None, "1", "Miễn phí", 0),
        ("post", 1.0, None, "1", "Miễn phí", 0),
        ("in_person", 1.0, None, "1", "Miễn phí", 0),
    ],
    "1.004194": [
        ("online", 3.0, "working_day", "3 ngày làm việc", "7.000 đồng", 7000),
        ("in_person", 3.0, "working_day", "3 ngày làm việc", "10.000 đồng", 10000),
    ],
    "2.000815": [
        ("in_person", None, None, None, "2.000 đồng/trang", 2000),
        ("in_person", None, None, None, "10 USD/bản", None),
    ],
    "1.001612": [
        ("online", None, None, None, "150.000 đồng", 150000),
        ("post", None, None, None, "150.000 đồng", 150000),
        ("in_person", None, None, None, "50.000 đồng", 50000),
    ],
    "1.013225": [
        ("online", 20.0, "day", "20 ngày", "Miễn phí", 0),
        ("post", 20.0, "day", "20 ngày", "Miễn phí", 0),
        ("in_person", 15.0, "day", "15 ngày", "Miễn phí", 0),
    ],
    "1.013978": [
        ("online", 17.0, "working_day", "17 ngày làm việc", "Miễn phí", 0),
        ("post", 20.0, "working_day", "20 ngày làm việc", "Miễn phí", 0),
        ("in_person", 27.0, "working_day", "27 ngày làm việc", "Miễn phí", 0),
    ],
    # "700 VNĐ" whose note says "700.000 đồng/cơ sở": the lost thousands are restored.
    "2.001827": [("online", 15.0, "day", "15 ngày", "700.000 đồng", 700000)] * 1,
}


@pytest.mark.parametrize("code", sorted(CHANNELS))
def test_channels(code: str) -> None:
    got = [
        (
            c.kind,
            c.time_limit_value,
            c.time_limit_unit,
            c.time_limit_text,
            c.fee_text,
            c.fee_amount_vnd,
        )
        for c in record(code).channels
    ]
    assert got[: len(CHANNELS[code])] == CHANNELS[code]


def test_bare_number_keeps_value_and_uses_steps_rule() -> None:
    for channel in record("1.001193").channels:
        assert channel.time_limit_unit is None
        assert channel.time_limit_text == "1"
        assert channel.description == SAME_DAY_RULE


def test_fee_note_and_description_are_separated() -> None:
    online = record("1.004194").channels[0]
    assert online.fee_note is not None and online.fee_note.startswith("Đăng ký tạm trú (cá nhân")
    assert online.description is not None
    assert online.description.startswith("Nộp hồ sơ trực tuyến qua các cổng")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10,000 Việt Nam Đồng(/trường hợp)", ("10.000 đồng/trường hợp", 10000, None, "")),
        ("Miễn phí", ("Miễn phí", 0, None, "")),
        ("Miễn phí(Không quy định.)", ("Miễn phí", 0, None, "")),
        ("Không có thông tin", (None, None, None, "")),
        ("8,000 VNĐ", ("8.000 đồng", 8000, None, "")),
        (
            "Miễn phí((Mức lệ phí do HĐND tỉnh quyết định.))Nộp tại xã",
            ("Miễn phí", 0, "Mức lệ phí do HĐND tỉnh quyết định.", "Nộp tại xã"),
        ),
    ],
)
def test_parse_fee(text: str, expected: tuple[object, ...]) -> None:
    assert parse_fee(text) == expected


def test_channel_without_rows_is_empty() -> None:
    assert parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tả") == []


# ----------------------------------------------------------------------------- documents

DOCUMENTS = {
    # code: (total, notes, things to bring)
    "1.001193": (33, 25, 8),
    "1.000656": (27, 19, 8),
    "1.004194": (9, 2, 7),
    "2.000815": (1, 0, 1),
    "1.013225": (53, 0, 53),
}


@pytest.mark.parametrize("code", sorted(DOCUMENTS))
def test_document_counts(code: str) -> None:
    docs = record(code).documents
    notes = sum(d.is_note for d in docs)
    assert (len(docs), notes, len(docs) - notes) == DOCUMENTS[code]


def test_khai_sinh_documents_grouped_by_case() -> None:
    docs = record("1.001193").documents
    groups = list(dict.fromkeys(d.case_group for d in docs))
    assert groups == ["Giấy tờ phải nộp", "Giấy tờ phải xuất trình", "Lưu ý", None]
    birth = next(d for d in docs if d.name.startswith("Giấy chứng sinh"))
    assert (birth.quantity_original, birth.quantity_copy, birth.is_note) == (1, 0, False)
    form = next(d for d in docs if d.name.startswith("Tờ khai đăng ký khai sinh"))
    assert form.quantity_original == 1 and not form.is_note
    assert all(not d.name.startswith(("- ", "+ ")) for d in docs)
    assert all(d.is_note for d in docs if d.case_group == "Lưu ý")


def test_original_and_copy_quantities() -> None:
    docs = record("1.013978").documents
    assert any(d.quantity_original == 1 and d.quantity_copy == 1 for d in docs)


def test_form_file_split_off_the_name() -> None:
    docs = record("2.001827").documents
    assert [d.form_name for d in docs] == [
        "Phụ lục I Đơn đề nghị.docx",
        "Phụ lục II Bản thuyết minh.docx",
    ]
    assert not any(d.name.endswith(".docx") for d in docs)


def test_documents_without_header() -> None:
    docs = parse_documents("Đơn đề nghị1 bản chính- Bản sao sổ hộ khẩu1 bản sao")
    assert [(d.name, d.quantity_original, d.quantity_copy) for d in docs] == [
        ("Đơn đề nghị", 1, 0),
        ("Bản sao sổ hộ khẩu", 0, 1),
    ]


def test_placeholder_documents() -> None:
    assert parse_documents("Không có thông tin") == []


# --------------------------------------------------------------------------- legal basis

LEGAL = {
    "1.001193": ["85/2019/TT-BTC", "104/2022/NĐ-CP", "123/2015/NĐ-CP", "08/2025/TT-BTP"],
    "1.004194": [
        "53/2025/TT-BCA",
        "66/2023/TT-BCA",
        "75/2022/TT-BTC",
        "57/2021/TT-BCA",
        "66.7/2025/NQ-CP",
        "68/2020/QH14",
    ],
    "2.000815": [
        "264/2016/TT-BTC",
        "23/2015/NĐ-CP",
        "257/2016/TT-BTC",
        "280/2025/NĐ-CP",
        "01/2020/TT-BTP",
        "226/2016/TT-BTC",
    ],
    "1.013225": ["140/2025/NĐ-CP", "105/2025/NĐ-CP", "14/2026/NĐ-CP", "175/2024/NĐ-CP"],
    "2.001263": [
        "66.7/2025/NQ-CP",
        "120/2025/NĐ-CP",
        "18/2026/NĐ-CP",
        "104/2022/NĐ-CP",
        "07/2023/TT-BTP",
        "06/2025/NĐ-CP",
        "10/2020/TT-BTP",
    ],
}


@pytest.mark.parametrize("code", sorted(LEGAL))
def test_legal_basis_numbers(code: str) -> None:
    numbers = [b.number for b in record(code).legal_bases]
    assert numbers[: len(LEGAL[code])] == LEGAL[code]


def test_legal_basis_titles() -> None:
    bases = record("1.001193").legal_bases
    assert bases[2].title.startswith("Nghị định số 123/2015/NĐ-CP ngày 15/11/2015")
    assert bases[2].title.endswith("Luật Hộ tịch")
    luat = next(b for b in bases if b.number == "60/2014/QH13")
    assert luat.title == "Luật 60/2014/QH13"
    assert not any(b.title.startswith("Tên văn bản") for b in bases)


def test_legal_basis_glued_year() -> None:
    bases = parse_legal_bases("Tên văn bản pháp lýMã văn bảnLuật Cư trú 202068/2020/QH14")
    assert [(b.number, b.title) for b in bases] == [("68/2020/QH14", "Luật Cư trú 2020")]


# ------------------------------------------------------------------------------- results

RESULTS = {
    "1.001193": ["Giấy khai sinh"],
    "1.000656": ["Trích lục khai tử"],
    "2.000815": ["Bản sao được chứng thực từ bản chính"],
    "1.001612": [
        "Thông báo bằng văn bản nội dung cần sửa đổi, bổ sung của Cơ quan đăng ký kinh doanh"
        " cấp xã",
        "Giấy chứng nhận đăng ký hộ kinh doanh",
    ],
}


@pytest.mark.parametrize("code", sorted(RESULTS))
def test_results_without_chrome(code: str) -> None:
    assert record(code).results == RESULTS[code]


def test_results_chrome_and_codes_removed() -> None:
    text = (
        "Giấy chứng nhận đăng ký xeMã: KQ.G01.000014Biển số xeMã: KQ.G01.000015Từ khóa"
        "Không có thông tinMô tảKhông có thông tinChọn cơ quan thực hiệnTỉnh/ Thành phố"
        "Nộp hồ sơ"
    )
    assert parse_results(text) == ["Giấy chứng nhận đăng ký xe", "Biển số xe"]


# --------------------------------------------------------------------------------- steps


def test_steps_split_on_dash_bullets() -> None:
    steps = record("1.001193").steps
    assert len(steps) == 11
    assert steps[0].startswith("Nếu lựa chọn hình thức nộp hồ sơ trực tiếp")
    assert "(i) Trường hợp hồ sơ đầy đủ" in steps[2]  # continuation lines stay in their step
    assert not any(s.startswith("- ") for s in steps)


def test_steps_plus_bullets_when_no_dash() -> None:
    steps = record("2.000815").steps
    assert len(steps) == 10
    assert steps[0].startswith("Người yêu cầu chứng thực phải xuất trình bản chính")


def test_steps_glued_buoc() -> None:
    assert parse_steps("Bước 1: Nộp hồ sơ để xử lýBước 2: Nhận kết quả") == [
        "Bước 1: Nộp hồ sơ để xử lý",
        "Bước 2: Nhận kết quả",
    ]


# -------------------------------------------------------------------------------- record


def test_record_fields() -> None:
    rec = record("1.001193", "ho_tich")
    assert rec.code == "1.001193"
    assert rec.name == "Thủ tục đăng ký khai sinh"
    assert (rec.field, rec.group, rec.level) == ("Hộ tịch", "ho_tich", "Cấp xã")
    assert rec.agency == "Ủy ban nhân dân cấp xã"  # placeholder replaced by the group default
    assert rec.conditions is None  # "Không có thông tin"
    assert rec.decision_number == "163/QĐ-BTP"
    assert rec.online_url == rec.source_url
    assert rec.source_url.startswith("https://dichvucong.gov.vn/")


def test_police_default_agency_and_nbsp_cleaned() -> None:
    assert record("1.004194", "cu_tru_can_cuoc_cong_an").agency == "Công an cấp Xã"
    assert "\xa0" not in record("1.000656").agency


@pytest.mark.parametrize("code", ["1.001193", "1.004194", "2.001263", "1.013978"])
def test_all_text_is_nfc_and_has_no_placeholders(code: str) -> None:
    dumped = record(code).model_dump_json()
    assert unicodedata.normalize("NFC", dumped) == dumped
    assert "Không có thông tin" not in dumped
    assert "Chọn cơ quan thực hiện" not in dumped
    assert "\u200e" not in dumped
