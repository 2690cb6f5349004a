from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.phrasebook import Phrasebook
from actions.procedures.answers import (
    AnswerComposer,
    Topic,
    deadline_phrase,
    deciding_agency,
    described_kinds,
    display_name,
    document_core,
    is_conditional,
    relevant_channels,
    shorten,
)
from actions.procedures.models import Procedure, WardOffice
from actions.procedures.repository import OfficeView
from tests.fakes import OFFICE, channel, document, make_procedure

DOMAIN = Path(__file__).resolve().parents[2] / "bot" / "domain"


def _responses() -> dict[str, object]:
    responses: dict[str, object] = {}
    for path in sorted(DOMAIN.glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return responses


@pytest.fixture(scope="module")
def composer() -> AnswerComposer:
    return AnswerComposer(Phrasebook(_responses()), OFFICE, "phường Đống Đa")


@pytest.mark.parametrize(
    ("name", "conditional"),
    [
        ("Giấy chứng sinh", False),
        ("Tờ khai đăng ký khai sinh theo mẫu", False),
        ("Trường hợp trẻ em bị bỏ rơi thì phải có biên bản", True),
        ("- Trường hợp ủy quyền: văn bản ủy quyền", True),
        ("Văn bản ủy quyền theo quy định trong trường hợp ủy quyền", True),
        ("Nếu là người nước ngoài: hộ chiếu", True),
        ("Giấy tờ chứng minh nơi cư trú (nếu có)", True),
    ],
)
def test_conditional_documents(name: str, conditional: bool) -> None:
    assert is_conditional(document(name)) is conditional


def test_notes_are_conditional() -> None:
    assert is_conditional(document("Giấy chứng sinh", original=0, is_note=True))


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp …", "Giấy chứng sinh"),
        ("Tờ khai (sau đây gọi tắt là tờ khai) theo mẫu", "Tờ khai"),
        ("Giấy chứng nhận kết hôn", "Giấy chứng nhận kết hôn"),
    ],
)
def test_document_core(name: str, core: str) -> None:
    assert document_core(name) == core


def test_overseas_rows_are_dropped_when_a_domestic_one_exists() -> None:
    rows = [
        channel("post", fee="2.000 đồng/trang"),
        channel("in_person", fee="10 USD/bản", description="Tại cơ quan đại diện: 10 USD/bản."),
        channel("in_person", fee="2.000 đồng/trang", description="Tại Ủy ban nhân dân cấp xã"),
    ]
    kept = relevant_channels(rows)
    assert [(c.kind, c.fee_text) for c in kept] == [
        ("in_person", "2.000 đồng/trang"),
        ("post", "2.000 đồng/trang"),
    ]


def test_long_names_are_shortened_for_headers() -> None:
    long = (
        "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV ("
        + "x " * 80
        + ") và nhà ở riêng lẻ"
    )
    assert (
        display_name(long)
        == "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ"
    )
    assert display_name("Đăng ký tạm trú") == "Đăng ký tạm trú"


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("một hai ba bốn năm sáu", 12) == "một hai ba…"


def test_papers_lists_what_to_bring_and_counts_special_cases(composer: AnswerComposer) -> None:
    procedure = make_procedure(
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        documents=[
            document("Tờ khai đăng ký khai sinh", form_name="Tờ khai đăng ký khai sinh"),
            document("Giấy chứng sinh; trường hợp không có thì …"),
            document("Trường hợp mang thai hộ phải có văn bản xác nhận"),
            document("Ghi chú về bản sao", original=0, is_note=True),
        ],
    )
    reply = composer.compose(Topic.PAPERS, procedure)
    assert reply.response == "utter_answer_papers_with_details"
    assert reply.values["document_lines"].splitlines() == [
        "1. Tờ khai đăng ký khai sinh (1 bản chính)",
        "2. Giấy chứng sinh (1 bản chính)",
        # The note on copies goes with the papers (and stays among the details).
        "ℹ️ Ghi chú về bản sao",
    ]
    assert reply.values["detail_count"] == "2"
    details = composer.compose(Topic.MORE_DETAILS, procedure)
    assert "mang thai hộ" in details.values["detail_lines"]


def test_fee_groups_channels_and_explains_the_rule(composer: AnswerComposer) -> None:
    procedure = make_procedure(
        "2.000815",
        "Chứng thực bản sao",
        channels=[
            channel(
                "in_person", fee="2.000 đồng/trang", description="Từ trang thứ 3: 1.000 đồng/trang"
            ),
            channel("post", fee="2.000 đồng/trang"),
            channel("online", fee=None),
        ],
    )
    lines = composer.compose(Topic.FEE, procedure).values["fee_lines"].splitlines()
    assert lines[0] == "• Trực tiếp, Qua bưu chính: 2.000 đồng/trang"
    assert lines[1].startswith("• Trực tuyến: chưa có thông tin")
    assert lines[2] == "ℹ️ Từ trang thứ 3: 1.000 đồng/trang"


def test_bare_number_time_limit_is_flagged(composer: AnswerComposer) -> None:
    procedure = make_procedure(
        "1.000656", "Thủ tục đăng ký khai tử", channels=[channel("in_person", time_limit_value=3.0)]
    )
    lines = composer.compose(Topic.DURATION, procedure).values["duration_lines"]
    assert lines.startswith("• Trực tiếp: 3 (dữ liệu quốc gia không ghi đơn vị")


def test_submission_names_the_office_and_the_online_link(composer: AnswerComposer) -> None:
    procedure = make_procedure(
        "1.004194",
        "Đăng ký tạm trú",
        channels=[channel("online"), channel("in_person")],
        online_url="https://dichvucong.gov.vn/x",
    )
    lines = composer.compose(Topic.SUBMISSION, procedure).values["channel_lines"].splitlines()
    assert lines[:2] == ["• Trực tiếp", "• Trực tuyến"]
    assert OFFICE.address in lines[2]
    # The desk receives the file, the People's Committee decides it.
    assert lines[3] == "• Cơ quan thực hiện: Ủy ban nhân dân cấp xã"
    assert lines[4].endswith("https://dichvucong.gov.vn/x")


@pytest.mark.parametrize("topic", list(Topic))
def test_every_topic_answers_an_empty_record_politely(
    composer: AnswerComposer, topic: Topic
) -> None:
    reply = composer.compose(topic, make_procedure("9.999999", "Thủ tục trống"))
    assert reply.response.startswith("utter_answer_")
    assert reply.values["procedure_name"] == "Thủ tục trống"


def test_local_procedures_cite_the_ward(composer: AnswerComposer) -> None:
    procedure = make_procedure("LOCAL-00235-001", "Hỗ trợ mai táng phí", is_local=True)
    assert composer.compose(Topic.OVERVIEW, procedure).values["source"] == (
        "Nguồn: Bộ phận Một cửa phường Đống Đa."
    )


def test_derived_time_limit_has_its_unit_and_sentence(composer: AnswerComposer) -> None:
    rule = "nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo"
    procedure = make_procedure(
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        channels=[
            channel(
                "in_person",
                time="1 ngày làm việc",
                time_limit_value=1.0,
                time_limit_unit="working_day",
                time_limit_source="derived_from_steps",
                time_limit_quote=rule,
            )
        ],
    )
    lines = composer.compose(Topic.DURATION, procedure).values["duration_lines"].splitlines()
    assert lines == ["• Trực tiếp: 1 ngày làm việc", "ℹ️ N" + rule[1:]]


def _police_procedure() -> Procedure:
    procedure = make_procedure(
        "1.004194", "Đăng ký tạm trú", channels=[channel("in_person")], group="cu_tru"
    )
    procedure.agency = "Công an cấp Xã"
    procedure.agency_kind = "commune_police"
    return procedure


def test_residence_is_filed_with_the_commune_police(composer: AnswerComposer) -> None:
    # Without the offices map: the record's agency, never the one-stop desk's address.
    lines = composer.compose(Topic.SUBMISSION, _police_procedure()).values["channel_lines"]
    assert OFFICE.address not in lines
    assert "📍 Nộp trực tiếp tại: Công an cấp Xã (địa chỉ chưa cập nhật" in lines


def test_offices_by_kind_say_what_is_not_updated() -> None:
    police = OfficeView("commune_police", "Công an phường Đống Đa", None, None, "8h00–17h00")
    composer = AnswerComposer(
        Phrasebook(_responses()), OFFICE, "phường Đống Đa", {"commune_police": police}
    )
    lines = composer.compose(Topic.SUBMISSION, _police_procedure()).values["channel_lines"]
    assert lines.splitlines()[-1] == (
        "📍 Nộp trực tiếp tại: Công an phường Đống Đa, chưa cập nhật (8h00–17h00)"
    )


def test_unconfirmed_desk_address_reads_not_updated() -> None:
    desk = WardOffice(
        ward_code="00235",
        ward_name="phường Đống Đa",
        name="Một cửa",
        address="",
        opening_hours="8h00–17h00",
        phone="",
    )
    composer = AnswerComposer(Phrasebook(_responses()), desk, "phường Đống Đa")
    procedure = make_procedure("1.001193", "Khai sinh", channels=[channel("in_person")])
    lines = composer.compose(Topic.SUBMISSION, procedure).values["channel_lines"]
    assert "📍 Nộp trực tiếp tại: Một cửa, chưa cập nhật (8h00–17h00)" in lines.splitlines()


def test_council_fee_is_not_shown_as_free(composer: AnswerComposer) -> None:
    council = "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định"
    procedure = make_procedure(
        "1.004884",
        "Đăng ký lại khai sinh",
        channels=[channel("in_person", fee=council, fee_kind="set_by_province")],
    )
    lines = composer.compose(Topic.FEE, procedure).values["fee_lines"]
    assert lines == f"• Trực tiếp: {council}"
    assert "Miễn phí" not in lines


def test_fee_set_by_a_legal_text_names_it_and_sends_to_staff(composer: AnswerComposer) -> None:
    law = "Thông tư số 60/2023/TT-BTC"
    procedure = make_procedure(
        "1.013067",
        "Đăng ký xe lần đầu",
        channels=[
            channel("in_person", fee=law, fee_kind="unknown"),
            channel("post", fee=None, fee_kind="unknown"),
        ],
    )
    lines = composer.compose(Topic.FEE, procedure).values["fee_lines"].splitlines()
    assert lines == [
        f"• Trực tiếp: theo {law}; anh/chị vui lòng hỏi cán bộ mức thu cụ thể",
        "• Qua bưu chính: chưa có thông tin, anh/chị vui lòng hỏi cán bộ",
    ]
    overview = composer.compose(Topic.OVERVIEW, procedure).values["summary_lines"]
    assert f"• Lệ phí: theo {law}" in overview


def test_fee_set_by_a_legal_text_without_its_template_is_not_shown_as_an_amount() -> None:
    # A domain from a model trained before the template: "ask staff", never the bare number.
    responses = {k: v for k, v in _responses().items() if k != "utter_label_fee_by_legal_text"}
    composer = AnswerComposer(Phrasebook(responses), OFFICE, "phường Đống Đa")
    procedure = make_procedure(
        "1.013067",
        "Đăng ký xe lần đầu",
        channels=[channel("in_person", fee="Thông tư số 60/2023/TT-BTC", fee_kind="unknown")],
    )
    lines = composer.compose(Topic.FEE, procedure).values["fee_lines"]
    assert lines == "• Trực tiếp: chưa có thông tin, anh/chị vui lòng hỏi cán bộ"


# -- conditions (eligibility) ----------------------------------------------------------


def _with_conditions(conditions: str | None, legal: list[tuple[str | None, str]]) -> Procedure:
    procedure = make_procedure("9.000001", "Đăng ký thử nghiệm", legal=legal)
    procedure.conditions = conditions
    return procedure


LEGAL = [
    ("Luật 10/2020/QH14", "Luật về việc thử nghiệm"),
    ("15/2021/NĐ-CP", "Nghị định hướng dẫn Luật về việc thử nghiệm"),
]


def test_conditions_lead_with_the_records_conditions_and_their_legal_number(
    composer: AnswerComposer,
) -> None:
    reply = composer.compose(Topic.CONDITIONS, _with_conditions("- Đủ 18 tuổi.", LEGAL))
    assert reply.response == "utter_answer_conditions"
    assert reply.values["condition_lines"] == "• Đủ 18 tuổi."
    # The citizen can look the law up by its number, not by a title alone.
    assert reply.values["legal"].startswith("Luật 10/2020/QH14")
    assert "Luật về việc thử nghiệm" in reply.values["legal"]


def test_a_legal_title_that_carries_its_number_is_not_numbered_twice(
    composer: AnswerComposer,
) -> None:
    legal = [("5/2019/TT-BCA", "Thông tư 5/2019/TT-BCA - Quy định việc thử nghiệm")]
    reply = composer.compose(Topic.CONDITIONS, _with_conditions("Đủ 18 tuổi.", legal))
    assert reply.values["legal"] == "Thông tư 5/2019/TT-BCA - Quy định việc thử nghiệm"


def test_conditions_cite_the_legal_text_they_name(composer: AnswerComposer) -> None:
    text = "Người đề nghị cư trú hợp pháp theo khoản 2 Điều 5 Nghị định số 15/2021/NĐ-CP."
    reply = composer.compose(Topic.CONDITIONS, _with_conditions(text, LEGAL))
    assert reply.values["legal"].startswith("15/2021/NĐ-CP")


def test_conditions_without_a_legal_basis_say_it_is_not_updated(
    composer: AnswerComposer,
) -> None:
    reply = composer.compose(Topic.CONDITIONS, _with_conditions("Đủ 18 tuổi.", []))
    assert reply.values["legal"] == "chưa cập nhật"


@pytest.mark.parametrize(
    ("conditions", "lines"),
    [
        # The portal wraps long items mid-sentence: one item, not three broken bullets.
        (
            "- Hộ gia đình có thu nhập bình quân\ndưới mức chuẩn của\ntỉnh.\n- Có hộ khẩu.",
            ["• Hộ gia đình có thu nhập bình quân dưới mức chuẩn của tỉnh.", "• Có hộ khẩu."],
        ),
        # A wrapped line starting in lower case continues even after a ";", and a bare
        # number (a page number of the PDF the portal copied) is no item.
        (
            "- Nhóm hộ được xã xác nhận; tổ hợp tác tự nguyện;\nnhóm hộ do thôn đại diện.\n5\n"
            "- Không gây ô nhiễm.",
            [
                "• Nhóm hộ được xã xác nhận; tổ hợp tác tự nguyện; nhóm hộ do thôn đại diện.",
                "• Không gây ô nhiễm.",
            ],
        ),
        # Lettered and plus items start their own bullets after a heading line.
        (
            "Trong các trường hợp sau:\na) Người cao tuổi;\nb) Người khuyết tật.",
            ["• Trong các trường hợp sau:", "• a) Người cao tuổi;", "• b) Người khuyết tật."],
        ),
        (
            "Không được dùng:\n+ Bản bị tẩy xóa.\n+ Bản bị hư hỏng.",
            ["• Không được dùng:", "• Bản bị tẩy xóa.", "• Bản bị hư hỏng."],
        ),
    ],
)
def test_condition_items_are_read_across_wrapped_lines(
    composer: AnswerComposer, conditions: str, lines: list[str]
) -> None:
    reply = composer.compose(Topic.CONDITIONS, _with_conditions(conditions, LEGAL))
    assert reply.values["condition_lines"].split("\n") == lines


def test_no_conditions_says_the_record_states_none_without_claiming_there_are_none(
    composer: AnswerComposer,
) -> None:
    reply = composer.compose(Topic.CONDITIONS, _with_conditions(None, LEGAL))
    assert reply.response == "utter_answer_no_conditions"
    text = Phrasebook(_responses()).text(reply.response, **reply.values)
    # Honest: the record states none; it is not the law saying there are none.
    assert "không nêu" in text
    assert "không đặt thêm điều kiện" not in text
    assert "anh/chị" in text
    assert len(text) <= 700


@pytest.mark.parametrize(
    ("documents", "named"),
    [
        # The form of the main paper, on the residence, civil-status and business records.
        (
            [document("Tờ khai thay đổi thông tin cư trú", form_name="Tờ khai CT01")],
            ["Tờ khai CT01"],
        ),
        (
            [
                document("Tờ khai đăng ký khai tử theo mẫu", form_name="Tờ khai đăng ký khai tử"),
                document("Giấy báo tử"),
            ],
            ["Tờ khai đăng ký khai tử"],
        ),
        (
            [
                document("Giấy đề nghị (Mẫu số 01)", form_name="Mẫu số 01"),
                document("Bản sao hợp đồng", form_name="Mẫu số 02"),
            ],
            ["Mẫu số 01", "Mẫu số 02"],
        ),
    ],
)
def test_an_overview_names_the_forms_to_fill_in(
    composer: AnswerComposer, documents: list[object], named: list[str]
) -> None:
    procedure = make_procedure(
        "1.000001",
        "Thủ tục thử",
        channels=[channel("in_person", time="5 ngày")],
        documents=documents,
    )
    lines = composer.compose(Topic.OVERVIEW, procedure).values["summary_lines"].split("\n")
    forms_line = next(line for line in lines if all(n in line for n in named))
    assert forms_line.startswith("📝 Mẫu:")


def test_an_overview_without_forms_names_none(composer: AnswerComposer) -> None:
    procedure = make_procedure(
        "1.000001", "Thủ tục thử", channels=[channel("in_person")], documents=[document("Đơn")]
    )
    assert "Mẫu" not in composer.compose(Topic.OVERVIEW, procedure).values["summary_lines"]


LONG_ISSUER = (
    "ban hành kèm theo Thông tư số 79/2024/TT-BCA ngày 15/11/2024 của Bộ trưởng Bộ Công an"
)


@pytest.mark.parametrize(
    ("name", "code", "kept"),
    [
        # A long parenthetical after the form: cutting it must not cut the form.
        (f"Giấy khai thu hồi đăng ký, biển số xe (Mẫu ĐKX11 {LONG_ISSUER})", "ĐKX11", "Mẫu ĐKX11"),
        (
            "Danh sách người được đề nghị công nhận là hòa giải viên (Mẫu số 06 tại Phụ lục ban "
            "hành kèm theo Nghị quyết liên tịch số 01/2014/NQLT-CP-UBTƯMTTQVN của Chính phủ)",
            "06",
            "Mẫu số 06",
        ),
        (
            "Tờ khai đề nghị hỗ trợ theo mẫu M01a ban hành kèm theo Nghị định số 67/2024/NĐ-CP "
            "ngày 25/6/2024 của Chính phủ về việc quy định chi tiết một số điều của luật",
            "M01a",
            "mẫu M01a",
        ),
        # Short enough: said as the record says it.
        (
            "Tờ khai thay đổi thông tin cư trú (mẫu CT01)",
            "CT01",
            "Tờ khai thay đổi thông tin cư trú (mẫu CT01)",
        ),
    ],
)
def test_a_papers_line_cut_to_length_keeps_the_form_it_names(
    composer: AnswerComposer, name: str, code: str, kept: str
) -> None:
    procedure = make_procedure(
        "1.000002", "Thủ tục thử", documents=[document(name, form_code=code), document("Đơn")]
    )
    lines = composer.compose(Topic.PAPERS, procedure).values["document_lines"].split("\n")
    assert kept in lines[0]
    assert len(lines[0]) <= 160


def test_a_papers_line_without_a_form_is_only_cut(composer: AnswerComposer) -> None:
    long_name = "Bản sao giấy tờ chứng minh quyền sử dụng đất " * 5
    procedure = make_procedure("1.000003", "Thủ tục thử", documents=[document(long_name)])
    line = composer.compose(Topic.PAPERS, procedure).values["document_lines"]
    assert "…" in line and "mẫu" not in line.casefold()


@pytest.mark.parametrize(
    ("conditions", "deadline"),
    [
        # Conditions of records without a card that tell the citizen by when to act.
        (
            "- Có đủ điều kiện.\n- Chậm nhất 05 ngày làm việc trước ngày tổ chức lễ hội.",
            "Chậm nhất 05",
        ),
        ("Người sử dụng đất nộp hồ sơ trong thời hạn 30 ngày kể từ ngày biến động.", "30 ngày"),
        ("Thông báo trước 23 giờ cùng ngày.", "trước 23 giờ"),
    ],
)
def test_the_time_answer_of_a_record_gives_its_deadline_conditions(
    composer: AnswerComposer, conditions: str, deadline: str
) -> None:
    procedure = make_procedure("9.1", "Thủ tục thử", channels=[channel("in_person", time="5 ngày")])
    procedure.conditions = conditions
    lines = composer.compose(Topic.DURATION, procedure).values["duration_lines"]
    assert deadline in lines


@pytest.mark.parametrize(
    "conditions",
    ["Công trình không quá 10 m³/ngày đêm.", "Giấy cấp trước ngày 01/7/2004 vẫn có giá trị."],
)
def test_a_number_without_a_time_unit_is_no_deadline(conditions: str) -> None:
    assert deadline_phrase(conditions) is None


@pytest.mark.parametrize(
    ("rows", "kinds"),
    [
        # Every row copies the in-person description: only in person is stated.
        (
            [
                ("in_person", "Nộp hồ sơ trực tiếp tại UBND cấp xã."),
                ("online", "Nộp hồ sơ trực tiếp tại UBND cấp xã."),
                ("post", "Nộp hồ sơ trực tiếp tại UBND cấp xã."),
            ],
            ["in_person"],
        ),
        # Rows that say their own way, or nothing, keep it.
        (
            [
                ("in_person", "Nộp trực tiếp tại Công an xã."),
                ("online", "Nộp trực tuyến qua Cổng dịch vụ công."),
                ("post", None),
            ],
            ["in_person", "online", "post"],
        ),
        # The in-person row stays whatever its text.
        (
            [("in_person", "Nộp qua dịch vụ bưu chính."), ("post", "Qua bưu chính.")],
            ["in_person", "post"],
        ),
    ],
)
def test_channels_are_the_ways_their_descriptions_support(
    rows: list[tuple[str, str | None]], kinds: list[str]
) -> None:
    assert described_kinds([channel(k, description=d) for k, d in rows]) == kinds


@pytest.mark.parametrize(
    ("agency", "office", "said"),
    [
        # Filed at a desk, decided by another body: the body is said.
        ("Ủy ban nhân dân cấp xã", "Trung tâm Phục vụ hành chính công phường Đống Đa", True),
        ("Chủ tịch UBND cấp xã", "Bộ phận Một cửa phường Đống Đa", True),
        ("Văn phòng đăng ký đất đai, Chi nhánh Văn phòng đăng ký đất đai", "Bộ phận Một cửa", True),
        # The office is that body, however it is typed: nothing to add.
        ("Công an cấp Xã", "Công an phường Đống Đa", False),
        ("Chi nhánh Văn phòng đăng ký đất đai", "Chi nhánh văn phòng đăng ký đất đai quận", False),
        ("Bảo hiểm xã hội cấp Tỉnh", "Bảo hiểm xã hội cấp Tỉnh, Bảo hiểm xã hội cấp huyện", False),
        ("", "Bộ phận Một cửa", False),
    ],
)
def test_the_deciding_body_is_named_when_the_office_is_not_it(
    agency: str, office: str, said: bool
) -> None:
    assert (deciding_agency(agency, office) is not None) is said


@pytest.mark.parametrize(
    ("code", "agency", "kind"),
    [
        ("1.004859", "Ủy ban nhân dân cấp xã", "ubnd_one_stop"),
        ("1.013225", "Uỷ ban Nhân dân cấp xã, phường, thị trấn", "ubnd_one_stop"),
        ("2.000908", "Chủ tịch Ủy ban nhân dân xã", "ubnd_one_stop"),
    ],
)
def test_a_record_office_answer_names_the_body_that_decides(
    composer: AnswerComposer, code: str, agency: str, kind: str
) -> None:
    procedure = make_procedure(code, "Thủ tục", channels=[channel("in_person")])
    procedure.agency, procedure.agency_kind = agency, kind
    lines = composer.compose(Topic.SUBMISSION, procedure).values["channel_lines"]
    assert f"• Cơ quan thực hiện: {agency}" in lines.splitlines()


def test_a_police_office_answer_does_not_repeat_the_police(composer: AnswerComposer) -> None:
    police = OfficeView("commune_police", "Công an phường Đống Đa", None, None, None)
    composer = AnswerComposer(
        Phrasebook(_responses()), OFFICE, "phường Đống Đa", {"commune_police": police}
    )
    lines = composer.compose(Topic.SUBMISSION, _police_procedure()).values["channel_lines"]
    assert "Cơ quan thực hiện" not in lines


@pytest.mark.parametrize(
    ("documents", "named"),
    [
        # No numbered form: the application the record lists is the form to fill in, whatever
        # the kind of paper (đơn, giấy đề nghị, tờ trình, văn bản đề nghị, giấy thông báo).
        (
            [document("Đơn đề nghị chuyển hình thức thuê đất"), document("Bản sao sổ đỏ")],
            ["Đơn đề nghị chuyển hình thức thuê đất"],
        ),
        (
            [document("Hợp đồng hợp tác"), document("Giấy đề nghị đăng ký thay đổi tổ hợp tác")],
            ["Giấy đề nghị đăng ký thay đổi tổ hợp tác"],
        ),
        (
            [document("Tờ trình đề nghị phê duyệt phương án"), document("Phương án kèm theo")],
            ["Tờ trình đề nghị phê duyệt phương án"],
        ),
        (
            [document("Văn bản đề nghị công nhận tổ trưởng"), document("Giấy thông báo giải thể")],
            ["Văn bản đề nghị công nhận tổ trưởng", "Giấy thông báo giải thể"],
        ),
    ],
)
def test_without_a_numbered_form_the_forms_answer_names_the_application(
    composer: AnswerComposer, documents: list[object], named: list[str]
) -> None:
    procedure = make_procedure("1.000002", "Thủ tục thử", documents=documents)
    reply = composer.compose(Topic.FORMS, procedure)
    assert reply.response == "utter_answer_forms"
    lines = reply.values["form_lines"].split("\n")
    assert [line.removeprefix("• ") for line in lines] == named


@pytest.mark.parametrize(
    "documents",
    [
        [document("Bản sao sổ đỏ"), document("Hợp đồng hợp tác")],
        # A note or a conditional paper that mentions an application is no application.
        [document("Trường hợp ủy quyền thì đơn đề nghị có chữ ký", is_note=True)],
    ],
)
def test_without_any_application_the_forms_answer_says_there_is_no_form(
    composer: AnswerComposer, documents: list[object]
) -> None:
    procedure = make_procedure("1.000002", "Thủ tục thử", documents=documents)
    assert composer.compose(Topic.FORMS, procedure).response == "utter_answer_no_forms"
