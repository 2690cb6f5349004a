"""The request of a question decides between a ward procedure and another agency's matter
(actions/scope/request.py): a ward procedure that explains only the story is not what is
asked, and a matter named only in what already happened is not either. Questions written
for these tests, over several procedures; the shipped catalogue, cards and scope."""

from __future__ import annotations

import pytest

from actions.procedures.finder import Found, HandledElsewhere
from actions.scope.request import request_focus
from tests.procedures.test_scope_calibration import finder


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        # from the word of wanting on, in the last clause that has one
        (
            "Giấy khai sinh của cháu làm xong rồi, giờ muốn xin visa cho cháu",
            "muốn xin visa cho cháu",
        ),
        ("nhà em có sổ đỏ, em cần trích lục bản đồ", "cần trích lục bản đồ"),
        # "cần …" with a question word asks about the request: the question clauses
        ("Làm căn cước cho con cần những gì?", "làm căn cước cho con cần những gì"),
        # no word of wanting: the clauses that ask, the story before them left out
        (
            "Căn cước em mới đổi, bao lâu thì ngân hàng giải ngân?",
            "bao lâu thì ngân hàng giải ngân",
        ),
        # what was asked for already is the story
        (
            "Em đã xin giấy xác nhận cư trú rồi, bao lâu thì ngân hàng giải ngân?",
            "bao lâu thì ngân hàng giải ngân",
        ),
        # "quyết định" is no word of wanting
        ("em có quyết định ly hôn muốn đổi họ cho con", "muốn đổi họ cho con"),
    ],
)
def test_the_request_is_what_the_citizen_wants_or_asks(question: str, focus: str) -> None:
    assert request_focus(question).lower() == focus


@pytest.mark.parametrize(
    ("question", "key"),
    [
        # the story names a ward procedure (birth, marriage, residence, death, identity
        # card); the request another agency's matter
        (
            "Giấy khai sinh của cháu làm xong rồi, giờ muốn xin visa du lịch Nhật cho cháu"
            " thì nộp ở đâu?",
            "elsewhere:foreign_visa",
        ),
        (
            "giay khai sinh cua chau lam xong roi, gio muon xin visa du lich nhat cho chau"
            " thi nop o dau",
            "elsewhere:foreign_visa",
        ),
        (
            "Vợ chồng em đăng ký kết hôn hồi tháng trước, bây giờ muốn vay ngân hàng mua nhà"
            " thì cần thủ tục gì?",
            "elsewhere:bank_loan",
        ),
        (
            "Em đăng ký tạm trú ở phường được hai năm, giờ chồng em muốn nhập quốc tịch Việt"
            " Nam thì làm ở đâu?",
            "elsewhere:nationality",
        ),
        (
            "Bố mất để lại mảnh đất, khai tử cho bố xong rồi, giờ anh em muốn sang tên sổ đỏ"
            " thừa kế thì làm ở đâu?",
            "elsewhere:land_title_transfer",
        ),
        (
            "Căn cước của em mới đổi tháng trước, bao lâu thì ngân hàng giải ngân khoản vay"
            " mua nhà?",
            "elsewhere:bank_loan",
        ),
        (
            "Tụi em mới đăng ký kết hôn tháng trước, giờ vợ em muốn xin visa sang Mỹ đoàn tụ"
            " thì làm ở đâu?",
            "elsewhere:foreign_visa",
        ),
        (
            "Em đăng ký tạm trú ở phường rồi, giờ muốn học lái xe máy thi bằng lái thì đăng ký"
            " ở đâu?",
            "elsewhere:driving_licence",
        ),
    ],
)
def test_a_request_another_agency_handles_is_not_answered_with_the_storys_procedure(
    question: str, key: str
) -> None:
    result = finder().find(question)
    assert isinstance(result, HandledElsewhere), (question, result)
    assert result.matter.key == key


@pytest.mark.parametrize(
    "question",
    [
        # another agency's matter only in what already happened; the request is the ward's
        "Chồng tôi đã đi xuất khẩu lao động ở Đài Loan, giờ tôi muốn tách hộ ra ở riêng với"
        " con thì làm thế nào?",
        "Bố tôi đã đóng bảo hiểm xã hội ở công ty 20 năm, nay bố mất, gia đình muốn làm giấy"
        " khai tử cho bố thì cần gì?",
        "Anh trai em đã được cấp bằng lái xe ô tô, nay muốn đăng ký khai sinh cho con thì nộp"
        " ở đâu?",
        # the request asks a detail of the ward procedure ("bị phạt", "điều kiện",
        # "ngoài giờ"), words some matter's name shares
        "Con sinh được ba tháng mà chưa làm khai sinh, giờ đi đăng ký có bị phạt không?",
        "Muốn xin công nhận hộ cận nghèo thì điều kiện gì?",
        "Chứng thực hợp đồng mua bán nhà cần những gì, làm ngoài giờ được không?",
    ],
)
def test_a_ward_request_stays_the_wards(question: str) -> None:
    result = finder().find(question)
    assert isinstance(result, Found), (question, result)


def test_the_story_set_aside_the_request_gets_the_same_procedure() -> None:
    story = (
        "Chồng tôi đã đi xuất khẩu lao động ở Đài Loan, giờ tôi muốn tách hộ ra ở riêng với"
        " con thì làm thế nào?"
    )
    alone = finder().find("tôi muốn tách hộ ra ở riêng với con thì làm thế nào?")
    told = finder().find(story)
    assert isinstance(alone, Found) and isinstance(told, Found)
    assert told.procedure.code == alone.procedure.code


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        # a place name's syllable is no word of wanting ("Nam Định", "Cần Thơ")
        (
            "Tôi muốn đăng ký tạm trú cho mẹ, mẹ tôi quê ở Nam Định",
            "muốn đăng ký tạm trú cho mẹ",
        ),
        (
            "Chồng tôi người Cần Thơ, đã đăng ký kết hôn rồi, giờ làm khai sinh cho con ở đâu?",
            "giờ làm khai sinh cho con ở đâu",
        ),
        # "định cư" is no intent either
        (
            "Tôi muốn xin trích lục khai sinh cho con, hai vợ chồng định cư ở Úc",
            "muốn xin trích lục khai sinh cho con",
        ),
        # every request a message makes, not only the last
        (
            "Con tôi mới sinh, tôi muốn làm khai sinh cho cháu, và muốn nhập khẩu cho cháu luôn",
            "muốn làm khai sinh cho cháu, muốn nhập khẩu cho cháu luôn",
        ),
        # "xin X thì xin ở đâu": X is the request, the question word comes after "thì"
        (
            "Giờ xin giấy xác nhận cư trú thì xin ở công an phường nào?",
            "xin giấy xác nhận cư trú thì xin ở công an phường nào",
        ),
        # a paper the question asks whether to bring is no request
        (
            "Đăng ký thường trú cho mẹ có phải nộp kèm sổ đỏ không?",
            "đăng ký thường trú cho mẹ",
        ),
        (
            "Tôi mới sinh cháu, làm khai sinh cho bé có cần mang theo giấy đăng ký kết hôn không?",
            "làm khai sinh cho bé",
        ),
        (
            "Con tôi vừa đủ 14 tuổi, muốn làm căn cước cho cháu, chỉ cần giấy khai sinh thôi à?",
            "muốn làm căn cước cho cháu",
        ),
        # what will be done before ("khai tử xong thì …") is no request
        (
            "Ông tôi vừa mất, khai tử xong thì có phải xóa thường trú cho ông không?",
            "có phải xóa thường trú cho ông không",
        ),
    ],
)
def test_the_request_clause_is_found_in_many_wordings(question: str, focus: str) -> None:
    assert request_focus(question).lower() == focus
