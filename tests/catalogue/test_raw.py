from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from actions.catalogue.raw import (
    DOCUMENT_HEADER,
    case_title,
    classify_agency,
    derive_time_limit,
    extract_form,
    fee_charged_by_note,
    fee_law,
    parse_channels,
    parse_documents,
    parse_fee,
    parse_legal_bases,
    parse_record,
    parse_results,
    parse_steps,
    repair_sections,
    strip_row_number,
)
from actions.catalogue.schema import CatalogueRecord

from .conftest import FIXTURES, raw_record


def record(code: str, group: str = "g") -> CatalogueRecord:
    return parse_record(raw_record(code), group)


# ------------------------------------------------------------------------------ channels

CHANNELS = {
    # code: [(kind, value, unit, time_text, fee_text, fee_amount)]
    # Bare "1" in the table; the steps' 15h rule gives the unit.
    "1.001193": [
        ("online", 1.0, "working_day", "1 ngày làm việc", "Miễn phí", 0),
        ("post", 1.0, "working_day", "1 ngày làm việc", "Miễn phí", 0),
        ("in_person", 1.0, "working_day", "1 ngày làm việc", "Miễn phí", 0),
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
    # "Miễn phí(Theo quy định của Hội đồng nhân dân cấp tỉnh)": the council sets it.
    "1.013225": [
        ("online", 20.0, "day", "20 ngày", "Theo quy định của Hội đồng nhân dân cấp tỉnh", None),
        ("post", 20.0, "day", "20 ngày", "Theo quy định của Hội đồng nhân dân cấp tỉnh", None),
        ("in_person", 15.0, "day", "15 ngày", "Theo quy định của Hội đồng nhân dân cấp tỉnh", None),
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


def test_bare_number_unit_derived_from_the_steps_with_its_sentence() -> None:
    for channel in record("1.001193").channels:
        assert (channel.time_limit_unit, channel.time_limit_source) == (
            "working_day",
            "derived_from_steps",
        )
        assert channel.time_limit_quote == (
            "nếu tiếp nhận hồ sơ sau 15 giờ thì có Phiếu hẹn, trả kết quả cho người yêu cầu"
            " trong ngày làm việc tiếp theo"
        )
        assert channel.description is None  # no rule text made up by the importer


@pytest.mark.parametrize(
    ("code", "value", "unit", "source", "quote_start"),
    [
        # "Trong thời hạn 01 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ, …"
        ("1.001570", 1.0, "working_day", "derived_from_steps", "Trong thời hạn 01 ngày làm việc"),
        # The steps never say what "5" counts: kept bare, flagged.
        ("1.004884", 5.0, None, "table", None),
        # "… trả lời ngay tính hợp lệ …, trong thời hạn 01 ngày làm việc, kể từ ngày nhận được
        # hồ sơ nộp qua dịch vụ bưu chính": a deadline for checking the file, not the result.
        ("1.011471", 1.0, None, "table", None),
        ("1.004194", 3.0, "working_day", "table", None),
    ],
)
def test_time_limit_source(
    code: str, value: float, unit: str | None, source: str, quote_start: str | None
) -> None:
    channel = record(code).channels[0]
    assert (channel.time_limit_value, channel.time_limit_unit) == (value, unit)
    assert channel.time_limit_source == source
    if quote_start is None:
        assert channel.time_limit_quote is None
    else:
        assert channel.time_limit_quote is not None
        assert channel.time_limit_quote.startswith(quote_start)


@pytest.mark.parametrize(
    ("value", "steps", "expected"),
    [
        (
            1.0,
            "- Tiếp nhận.\n- Nếu nhận hồ sơ ngay trong ngày tiếp nhận hồ sơ thì trả.",
            "working_day",
        ),
        (
            3.0,
            "a) Trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ, UBND cấp.",
            "working_day",
        ),
        (15.0, "Trong thời hạn 15 ngày kể từ ngày nhận được hồ sơ hợp lệ, cơ quan cấp.", "day"),
        # Another number, another deadline, or a mid-sentence mention: no unit.
        (3.0, "Trong thời hạn 05 ngày làm việc kể từ ngày nhận hồ sơ, cơ quan cấp.", None),
        (3.0, "Trong thời hạn 03 ngày làm việc kể từ ngày nhận được yêu cầu xác minh.", None),
        (
            3.0,
            "Trong thời hạn 03 ngày làm việc kể từ ngày tiếp nhận hồ sơ, cơ quan đăng ký hộ tịch"
            " có văn bản trao đổi với nơi dự định đăng ký kết hôn trước đây để xác minh.",
            None,
        ),
        (1.0, "Cơ quan trả lời trong thời hạn 01 ngày làm việc, kể từ ngày nhận hồ sơ.", None),
    ],
)
def test_derive_time_limit(value: float, steps: str, expected: str | None) -> None:
    derived = derive_time_limit(value, steps)
    assert (derived[0] if derived else None) == expected


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


@pytest.mark.parametrize(
    ("code", "kind", "fee_text", "amount", "unit"),
    [
        # "Miễn phí" whose note says the provincial council sets the fee: not shown as free.
        (
            "1.004884",
            "set_by_province",
            "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương"
            " quyết định",
            None,
            None,
        ),
        (
            "1.001570",
            "set_by_province",
            "Mức lệ phí (nếu có) theo quy định của Hội đồng nhân dân cấp tỉnh",
            None,
            None,
        ),
        ("1.001939", "free", "Miễn phí", 0, None),
        ("2.000815", "amount", "2.000 đồng/trang", 2000, "/trang"),
        ("1.014061", "unknown", None, None, None),
        # "Miễn phí" over "Áp dụng mức thu theo mức phí quy định tại Thông tư số 48/2022/…":
        # the circular sets the fee, the cell's "free" is not the record's word.
        ("1.010101", "unknown", "Thông tư số 48/2022/TT-BTC", None, None),
        # "50 VNĐ" whose note says "50.000đ/giấy thông hành": the lost thousands restored.
        ("1.012680", "amount", "50.000 đồng", 50000, None),
    ],
)
def test_fee_kind(
    code: str, kind: str, fee_text: str | None, amount: int | None, unit: str | None
) -> None:
    channel = next(c for c in record(code).channels if c.kind == "in_person")
    assert (channel.fee_kind, channel.fee_text, channel.fee_amount_vnd, channel.fee_unit_text) == (
        kind,
        fee_text,
        amount,
        unit,
    )
    assert channel.fee_source_text  # the cell as crawled is kept


def test_council_fee_note_keeps_the_exemptions() -> None:
    channel = record("1.004884").channels[0]
    assert channel.fee_note is not None
    assert channel.fee_note.startswith("Miễn lệ phí cho người thuộc gia đình có công")
    assert "Hội đồng nhân dân" not in channel.fee_note
    assert channel.fee_source_text is not None
    assert channel.fee_source_text.startswith("Miễn phí(Mức lệ phí cụ thể")


CHANNELS_HEAD = "Hình thức nộpThời gianPhí, lệ phíMô tả"


@pytest.mark.parametrize(
    ("cell", "kind", "fee_text"),
    [
        # The note names the circular that sets the amount: not free, the circular kept.
        (
            "Miễn phí(Thông tư số 12/2024/TT-BTC ngày 01/02/2024 quy định mức thu, chế độ thu"
            " lệ phí cấp giấy phép. Thông tư số 03/2025/TT-BTC sửa đổi.)",
            "unknown",
            "Thông tư số 12/2024/TT-BTC",
        ),
        (
            "Miễn phí(Áp dụng mức phí quy định tại Nghị định số 45/2023/NĐ-CP.)",
            "unknown",
            "Nghị định số 45/2023/NĐ-CP",
        ),
        ("Miễn phí(Nộp lệ phí khi nhận kết quả.)", "unknown", None),
        ("Miễn phí(Người gửi trả phí chuyển phát cho bưu điện.)", "unknown", None),
        # Notes that waive the fee, or only point to the fee law, leave it free.
        (
            "Miễn phí(Không thu lệ phí đối với hộ nghèo theo Thông tư số 12/2024/TT-BTC.)",
            "free",
            "Miễn phí",
        ),
        (
            "Miễn phí(Miễn lệ phí. Phí cấp bản sao (nếu có yêu cầu) theo mức thu riêng.)",
            "free",
            "Miễn phí",
        ),
        ("Miễn phí(Theo quy định của Luật phí và lệ phí.)", "free", "Miễn phí"),
        (
            "Miễn phí(Phí cấp bản sao trích lục (nếu có yêu cầu) thực hiện theo Thông tư số"
            " 281/2016/TT-BTC.)",
            "free",
            "Miễn phí",
        ),
        ("Miễn phí", "free", "Miễn phí"),
    ],
)
def test_free_cell_over_a_note_that_charges_a_fee(
    cell: str, kind: str, fee_text: str | None
) -> None:
    (channel,) = parse_channels(f"{CHANNELS_HEAD}Trực tiếp3 Ngày làm việc{cell}")
    assert (channel.fee_kind, channel.fee_text) == (kind, fee_text)
    assert channel.fee_amount_vnd == (0 if kind == "free" else None)
    if kind == "unknown":
        assert channel.fee_note  # the note, with the legal text, still explains it


def test_a_row_without_note_pays_like_the_other_rows_of_its_record() -> None:
    note = "(Áp dụng mức thu tại Thông tư số 12/2024/TT-BTC.)"
    channels = parse_channels(
        f"{CHANNELS_HEAD}Trực tuyến5 NgàyMiễn phí{note}Trực tiếp5 NgàyMiễn phí"
    )
    assert [(c.kind, c.fee_kind, c.fee_text) for c in channels] == [
        ("online", "unknown", "Thông tư số 12/2024/TT-BTC"),
        ("in_person", "unknown", "Thông tư số 12/2024/TT-BTC"),
    ]
    # Without such a row, a bare "Miễn phí" is free.
    waived = parse_channels(
        f"{CHANNELS_HEAD}Trực tuyến5 NgàyMiễn phí(Không thu lệ phí.)Trực tiếp5 NgàyMiễn phí"
    )
    assert [c.fee_kind for c in waived] == ["free", "free"]


@pytest.mark.parametrize(
    ("note", "charged", "law"),
    [
        (
            "Quyết định số 7/2025/QĐ-UBND quy định mức thu phí thẩm định",
            True,
            "Quyết định số 7/2025/QĐ-UBND",
        ),
        ("- Thanh toán lệ phí qua cổng dịch vụ công", True, None),
        ("Không thu lệ phí theo khoản 2 Điều 22 Luật Hợp tác xã", False, None),
        ("Chưa quy định.", False, None),
        (None, False, None),
    ],
)
def test_fee_note_rules(note: str | None, charged: bool, law: str | None) -> None:
    assert fee_charged_by_note(note) is charged
    assert fee_law(note) == law


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


def test_khai_sinh_documents_roles() -> None:
    docs = record("1.001193").documents
    # "Giấy tờ phải nộp" / "Giấy tờ phải xuất trình" / "Lưu ý" are roles, not cases.
    assert {d.case_group for d in docs} == {None}
    birth = next(d for d in docs if d.name.startswith("Giấy chứng sinh"))
    assert (birth.quantity_original, birth.quantity_copy, birth.role) == (1, 0, "submit")
    passport = next(d for d in docs if d.name.startswith("Hộ chiếu/Thẻ căn cước"))
    assert passport.role == "show"
    form = next(d for d in docs if d.name.startswith("Tờ khai đăng ký khai sinh"))
    assert form.role == "submit" and not form.is_note
    assert form.form_name == "Tờ khai đăng ký khai sinh"
    assert all(not d.name.startswith(("- ", "+ ")) for d in docs)
    assert all(d.is_note == (d.role == "note") for d in docs)


def test_case_headings_and_titles() -> None:
    cases = list(dict.fromkeys(d.case_group for d in record("1.004194").documents))
    assert cases[:2] == [None, "Đăng ký tạm trú theo danh sách, hồ sơ gồm"] and len(cases) == 3
    docs = parse_record(raw_record("1.004222"), "g", {1: "Đăng ký thường trú tại phương tiện"})
    cases = list(dict.fromkeys(d.case_group for d in docs.documents))
    assert cases[0] == "Đăng ký thường trú tại phương tiện"
    assert cases.count("Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của mình") == 1
    vehicle = [d for d in docs.documents if "phương tiện" in d.name]
    assert vehicle and all(d.case_group == cases[0] for d in vehicle)
    titles = {d.case_group: d.case_title for d in docs.documents if d.case_group}
    assert titles[cases[0]] == "Tại phương tiện"
    assert all(t is not None and len(t) <= 40 for t in titles.values())


def test_a_sentence_over_a_table_is_a_note_not_a_case() -> None:
    docs = record("1.010101").documents
    assert docs[0].role == "note"
    assert docs[0].name.startswith("Trong phiếu nêu rõ mục đích")
    assert {d.case_group for d in docs} == {None}
    form = next(d for d in docs if d.form_code == "DC02")
    assert form.role == "submit"
    assert docs[-1].role == "show"  # "Xuất trình giấy tờ hợp lệ …"


def test_without_correction_the_crawl_heading_stays() -> None:
    docs = record("1.004222").documents
    first = docs[0]
    assert "phương tiện" in first.name
    assert first.case_group == "Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của mình"


@pytest.mark.parametrize(
    ("heading", "procedure", "title"),
    [
        ("* Trường hợp ủy quyền thực hiện thủ tục:", "", "Ủy quyền thực hiện thủ tục"),
        (
            "Đăng ký thường trú tại chỗ ở hợp pháp không thuộc quyền sở hữu của mình đối với"
            " những trường hợp quy định tại khoản 2 Điều 20 Luật Cư trú",
            "Đăng ký thường trú",
            "Tại chỗ ở hợp pháp không thuộc quyền…",
        ),
        ("(1.7) Đối với công trình nhà ở riêng lẻ", "", "Công trình nhà ở riêng lẻ"),
        ("(ii) Trường hợp thay đổi chủ hộ kinh doanh", "", "Thay đổi chủ hộ kinh doanh"),
        ("b. Trường hợp người yêu cầu là người thừa kế", "", "Người yêu cầu là người thừa kế"),
        ("Gia hạn tạm trú theo danh sách, hồ sơ gồm", "Gia hạn tạm trú", "Theo danh sách"),
    ],
)
def test_case_title(heading: str, procedure: str, title: str) -> None:
    assert case_title(heading, procedure) == title


@pytest.mark.parametrize(
    ("name", "form_name", "form_code"),
    [
        (
            "Tờ khai thay đổi thông tin cư trú (mẫu CT01 ban hành kèm theo Thông tư số"
            " 53/2025/TT-BCA).",
            "Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số"
            " 53/2025/TT-BCA)",
            "CT01",
        ),
        ("Tờ khai tham gia BHXH (Mẫu TK1-TS)", "Tờ khai tham gia BHXH (Mẫu TK1-TS)", "TK1-TS"),
        ("Đơn đề nghị theo Mẫu số 01a", "Đơn đề nghị (Mẫu số 01a)", "01a"),
        ("Tờ khai đăng ký khai sinh theo mẫu", "Tờ khai đăng ký khai sinh", None),
        (
            "Mẫu hộ tịch điện tử tương tác đăng ký khai tử (do người yêu cầu cung cấp)",
            "Mẫu hộ tịch điện tử tương tác đăng ký khai tử",
            None,
        ),
        ("Bản sao phiếu gửi hồ sơ theo mẫu do doanh nghiệp bưu chính phát hành", None, None),
        ("Giấy chứng sinh", None, None),
    ],
)
def test_extract_form(name: str, form_name: str | None, form_code: str | None) -> None:
    assert extract_form(name) == (form_name, form_code)


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("4. Biên bản họp thành viên", "Biên bản họp thành viên"),
        ("4) Biên bản họp thành viên", "Biên bản họp thành viên"),
        ("(2) Điều lệ", "Điều lệ"),
        ("a) Sổ đăng ký thành viên", "Sổ đăng ký thành viên"),
        ("đ) Giấy xác nhận", "Giấy xác nhận"),
        (
            "1.2. Trường hợp điều trị ngoại trú: giấy ra viện",
            "Trường hợp điều trị ngoại trú: giấy ra viện",
        ),
        ("(iii) Văn bản ủy quyền", "Văn bản ủy quyền"),
        # Numbers that belong to the name stay.
        ("02 ảnh chân dung cỡ 4x6", "02 ảnh chân dung cỡ 4x6"),
        ("3.000.000 đồng tiền ký quỹ", "3.000.000 đồng tiền ký quỹ"),
        ("01/2024/TT-BTP là căn cứ", "01/2024/TT-BTP là căn cứ"),
        ("Bản sao 2 mặt căn cước", "Bản sao 2 mặt căn cước"),
    ],
)
def test_strip_row_number(name: str, bare: str) -> None:
    assert strip_row_number(name) == bare


def test_paper_names_lose_the_portal_row_numbers() -> None:
    table = (
        f"{DOCUMENT_HEADER}4. Biên bản giám định lần trước1 bản chính"
        "(2) Đơn đề nghị (Mẫu số 07-AB)1 bản chính"
        "b) Sổ theo dõi0 bản chính,1 bản sao"
        "02 ảnh chân dung cỡ 4x61 bản chính"
    )
    docs = parse_documents(table)
    assert [(d.name, d.form_code) for d in docs] == [
        ("Biên bản giám định lần trước", None),
        ("Đơn đề nghị (Mẫu số 07-AB)", "07-AB"),
        ("Sổ theo dõi", None),
        ("02 ảnh chân dung cỡ 4x6", None),
    ]
    assert docs[1].form_name == "Đơn đề nghị (Mẫu số 07-AB)"


def test_documents_carry_their_forms() -> None:
    ids = record("1.014061").documents
    assert [d.form_code for d in ids][:2] == ["DC01", "DC02"]
    assert ids[0].form_name is not None and ids[0].form_name.startswith("Phiếu thu thập thông")
    residence = record("1.004194").documents
    ct01 = [d for d in residence if d.form_code == "CT01"]
    assert ct01 and all(d.form_name and d.form_name.startswith("Tờ khai") for d in ct01)


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


# ------------------------------------- documents the crawl left in raw_text (steps in the field)

DAMAGED = Path(__file__).resolve().parent / "fixtures" / "steps_in_documents.json"


def damaged_raw(**changes: str) -> dict[str, Any]:
    """The fixture record: its documents field holds the end of the steps text."""
    raw: dict[str, Any] = json.loads(DAMAGED.read_text(encoding="utf-8"))
    raw.update(changes)
    return raw


def test_documents_recovered_from_the_page_when_the_field_holds_the_steps() -> None:
    docs = parse_record(damaged_raw(), "g").documents
    got = [
        (d.role, d.case_title, d.name, d.quantity_original, d.quantity_copy, d.form_code)
        for d in docs
    ]
    assert got == [
        # The copy rule over the first table is a note, not a case; said once per record.
        (
            "note",
            None,
            "Trường hợp không quy định là bản chính thì có thể nộp bản sao hợp lệ. Trường hợp"
            " nộp hồ sơ trực tuyến: có thể nộp bản chính điện tử",
            0,
            0,
            None,
        ),
        ("submit", None, "Bản sao Giấy ra viện của lần điều trị gần nhất", 0, 1, None),
        ("submit", None, "Bản chính Đơn đề nghị hưởng trợ cấp (Mẫu số 14-HSB)", 1, 0, "14-HSB"),
        ("submit", None, "Hóa đơn, chứng từ thu phí giám định (nếu có).", 1, 1, None),
        (
            "submit",
            "Thân nhân của người hưởng đã chết",
            "Tờ khai của thân nhân (mẫu 09-HSB)",
            1,
            0,
            "09-HSB",
        ),
        ("submit", "Thân nhân của người hưởng đã chết", "Bản sao Giấy chứng tử", 0, 1, None),
    ]
    assert docs[4].case_group == "Đối với thân nhân của người hưởng đã chết"


def test_steps_recovered_whole_when_the_documents_field_holds_their_end() -> None:
    steps = parse_record(damaged_raw(), "g").steps
    assert steps == [
        "Bước 1. Lập hồ sơ Người hưởng lập hồ sơ theo quy định tại mục 4.3 (Thành phần hồ sơ);"
        " nộp cho cơ quan BHXH nơi cư trú.",
        "Bước 2. Cơ quan BHXH tiếp nhận và giải quyết trong thời hạn 05 ngày làm việc.",
        "Bước 3. Nhận kết quả Người hưởng nhận quyết định và tiền trợ cấp.",
    ]


def test_a_placeholder_documents_field_is_recovered_from_the_page_too() -> None:
    raw = damaged_raw(thanh_phan_ho_so="Không có thông tin", trinh_tu_thuc_hien="Bước 1. Nộp đơn.")
    rec = parse_record(raw, "g")
    assert [d.form_code for d in rec.documents if d.form_code] == ["14-HSB", "09-HSB"]
    # A steps field that is not the start of the page's steps is kept as crawled.
    assert rec.steps == ["Bước 1. Nộp đơn."]


@pytest.mark.parametrize(
    "changes",
    [
        # A plain list without a table header, which is no tail of the steps: the field stands.
        {"thanh_phan_ho_so": "Đơn đề nghị1 bản chính"},
        # The page has no documents table to recover: the field stands.
        {"raw_text": "Trình Tự Thực HiệnBước 1.Cách Thức Thực HiệnThành phần hồ sơKhông có"},
        {"raw_text": ""},
    ],
)
def test_documents_field_kept_unless_the_page_has_the_table(changes: dict[str, str]) -> None:
    raw = damaged_raw(**changes)
    assert repair_sections(raw)["thanh_phan_ho_so"] == raw["thanh_phan_ho_so"]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("raw/*/*.json")), ids=lambda p: p.stem)
def test_intact_records_are_not_repaired(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    repaired = repair_sections(raw)
    if raw["ma_thu_tuc"] == "1.001939":  # crawled with its steps in the documents field
        assert repaired["thanh_phan_ho_so"] != raw["thanh_phan_ho_so"]
    else:
        assert repaired == raw


def test_crawled_social_insurance_record_gets_its_papers_back() -> None:
    # 1.001939 (đăng ký đóng, cấp thẻ BHYT): the portal's documents field holds the end of
    # the steps; the tables are only in the page text.
    rec = record("1.001939")
    papers = [d for d in rec.documents if not d.is_note]
    assert len(papers) == 10
    assert {"TK1-TS", "D03-TS", "C66a-HD"} <= {d.form_code for d in papers}
    assert not any(
        d.name.startswith(("Bước", "a) Đối với người tham gia do tổ chức")) for d in papers
    )
    assert "Người tham gia" in {d.case_title for d in papers}
    assert rec.steps[0].startswith("Bước 1.") and len(rec.steps) >= 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The copy rule as a table's heading: a note, the table's papers are the main ones.
        (
            "Trường hợp không quy định là bản chính thì có thể nộp bản chính hoặc bản sao hợp lệ"
            f"{DOCUMENT_HEADER}Sổ BHXH1 bản chính",
            [("note", None, 0, 0), ("submit", None, 1, 0)],
        ),
        # Glued to a case heading: the case keeps its own words, the rule is a note.
        (
            "1. Đối với NLĐ (Trường hợp không quy định là bản chính thì có thể nộp bản sao"
            " hợp lệ)."
            f"{DOCUMENT_HEADER}Giấy ra viện0 bản chính,1 bản sao",
            [("note", None, 0, 0), ("submit", "Đối với NLĐ", 0, 1)],
        ),
        # As a row with a quantity cell: still a note.
        (
            f"{DOCUMENT_HEADER}Đơn đề nghị1 bản chính"
            "Trường hợp không quy định rõ bản chính thì có thể nộp bản sao hợp lệ"
            "0 bản chính,1 bản sao",
            [("submit", None, 1, 0), ("note", None, 0, 0)],
        ),
    ],
)
def test_copy_rule_is_a_note_not_a_case_or_a_paper(
    text: str, expected: list[tuple[str, str | None, int, int]]
) -> None:
    docs = parse_documents(text)
    got = [(d.role, d.case_group, d.quantity_original, d.quantity_copy) for d in docs]
    assert got == expected


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


def cut_at_agency_raw(**changes: str) -> dict[str, Any]:
    """A record whose steps say "Cơ quan thực hiện …": the crawl cut the steps there and put
    their end in the agency field (the page's own agency section says "Không có thông tin")."""
    steps = (
        "+ Người yêu cầu xuất trình bản chính.\n\n+ Cơ quan thực hiện chứng thực đối chiếu"
        " và ký.\n\n+ Trả kết quả trong ngày."
    )
    channels = f"{CHANNELS_HEAD}Trực tiếp1 Ngày làm việcMiễn phí"
    documents = f"{DOCUMENT_HEADER}Bản chính giấy tờ1 bản chính"
    legal = "Tên văn bản pháp lýMã văn bảnNghị định về chứng thực23/2015/NĐ-CP"
    raw: dict[str, Any] = {
        "ma_thu_tuc": "9.000001",
        "ten_thu_tuc": "Chứng thực thử",
        "trinh_tu_thuc_hien": steps[: steps.index("Cơ quan thực hiện")].rstrip(" "),
        "co_quan_thuc_hien": steps[steps.index("Cơ quan thực hiện") + len("Cơ quan thực hiện") :],
        "cach_thuc_thuc_hien": channels,
        "thanh_phan_ho_so": documents,
        "can_cu_phap_ly": legal,
        "raw_text": (
            f"Chứng thực thửTrình Tự Thực Hiện {steps}Cách Thức Thực Hiện{channels}"
            f"Thành phần hồ sơ{documents}Căn cứ pháp lý{legal}Cơ quan thực hiện"
            "Không có thông tinYêu cầu, điều kiện thực hiệnKhông.Kết quả xử lýBản sao"
            "Chọn cơ quan thực hiệnNộp hồ sơ"
        ),
    }
    raw.update(changes)
    return raw


def test_steps_cut_at_the_agency_heading_are_made_whole() -> None:
    rec = parse_record(cut_at_agency_raw(), "chung_thuc")
    assert rec.steps == [
        "Người yêu cầu xuất trình bản chính.",
        "Cơ quan thực hiện chứng thực đối chiếu và ký.",
        "Trả kết quả trong ngày.",
    ]
    # The agency field held steps; the page says the agency is not given: the group's default.
    assert rec.agency == "Ủy ban nhân dân cấp xã"


@pytest.mark.parametrize(
    "changes",
    [
        # A real agency, which is no end of the steps: kept.
        {"co_quan_thuc_hien": "Ủy ban nhân dân cấp xã"},
        # Steps that are not the start of the page's steps: kept as crawled.
        {"trinh_tu_thuc_hien": "+ Nộp đơn."},
        {"raw_text": ""},
    ],
)
def test_agency_field_kept_unless_it_holds_the_end_of_the_steps(changes: dict[str, str]) -> None:
    raw = cut_at_agency_raw(**changes)
    repaired = repair_sections(raw)
    assert (repaired["trinh_tu_thuc_hien"], repaired["co_quan_thuc_hien"]) == (
        raw["trinh_tu_thuc_hien"],
        raw["co_quan_thuc_hien"],
    )


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


@pytest.mark.parametrize(
    ("code", "group", "kind"),
    [
        ("1.004194", "cu_tru_can_cuoc_cong_an", "commune_police"),  # tạm trú
        ("1.014061", "cu_tru_can_cuoc_cong_an", "commune_police"),  # căn cước
        ("1.004222", "cu_tru_can_cuoc_cong_an", "commune_police"),  # thường trú
        ("1.001193", "ho_tich", "ubnd_one_stop"),
        ("2.000815", "chung_thuc", "ubnd_one_stop"),  # notaries listed too; the ward certifies
        ("1.013978", "dat_dai_xay_dung_nha_o", "land_registration"),
        ("1.001939", "xa_hoi_nguoi_co_cong_bhxh", "other"),  # Bảo hiểm xã hội
    ],
)
def test_agency_kind(code: str, group: str, kind: str) -> None:
    assert record(code, group).agency_kind == kind


@pytest.mark.parametrize(
    ("agency", "address", "group", "kind"),
    [
        (None, None, "cu_tru_can_cuoc_cong_an", "commune_police"),
        (None, "Công an cấp xã.", "ho_tich", "commune_police"),
        (
            "Chi nhánh Văn phòng đăng ký đất đai, Chủ tịch UBND cấp xã",
            None,
            "g",
            "land_registration",
        ),
        ("Chủ tịch UBND cấp xã, Chi nhánh Văn phòng đăng ký đất đai", None, "g", "ubnd_one_stop"),
        ("Sở Xây dựng, Khu Quản lý đường bộ", None, "g", "other"),
        ("Cục cảnh sát giao thông", None, "cu_tru_can_cuoc_cong_an", "other"),
    ],
)
def test_classify_agency(agency: str | None, address: str | None, group: str, kind: str) -> None:
    assert classify_agency(agency, address, group, "Cấp xã") == kind


@pytest.mark.parametrize("code", ["1.001193", "1.004194", "2.001263", "1.013978"])
def test_all_text_is_nfc_and_has_no_placeholders(code: str) -> None:
    dumped = record(code).model_dump_json()
    assert unicodedata.normalize("NFC", dumped) == dumped
    assert "Không có thông tin" not in dumped
    assert "Chọn cơ quan thực hiện" not in dumped
    assert "\u200e" not in dumped
