"""Honest scope: matters other agencies handle are named as such, never answered with the
nearest ward procedure; ward procedures still win when they are what is asked."""

from __future__ import annotations

import pytest

from actions.procedures.finder import Found, HandledElsewhere, ProcedureFinder
from actions.scope.store import Matter, NationalProcedure, Scope, load_scope
from actions.settings import PROJECT_ROOT
from tests.fakes import InMemoryProcedureRepository, make_procedure

WARD = [
    make_procedure("1.010386", "Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp xã)"),
    make_procedure("1.004194", "Đăng ký tạm trú", aliases=["tạm trú"]),
    make_procedure("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản"),
    make_procedure("1.001612", "Đăng ký thành lập hộ kinh doanh", aliases=["mở quán"]),
]
SCOPE = Scope(
    matters=(
        Matter("passport", ("làm hộ chiếu", "cấp hộ chiếu", "hộ chiếu phổ thông"), "XNC", "", "L"),
        Matter("company", ("thành lập công ty", "đăng ký doanh nghiệp"), "Sở Tài chính", "", "L"),
    ),
    national=(
        NationalProcedure("1.008498", "Đăng ký thuế lần đầu đối với người nộp thuế là cá nhân",
                          "Thuế cơ sở", "Cấp tỉnh", "https://example.invalid/1"),
        NationalProcedure("1.004194", "Đăng ký tạm trú", "Công an", "Cấp xã", "u"),
    ),
)  # fmt: skip


def find(text: str, remembered: str | None = None) -> object:
    finder = ProcedureFinder(InMemoryProcedureRepository(WARD), SCOPE)
    return finder.find(text, remembered_code=remembered)


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("làm hộ chiếu cần giấy tờ gì", "elsewhere:passport"),
        ("cấp hộ chiếu mất bao lâu", "elsewhere:passport"),
        ("lam ho chieu o dau", "elsewhere:passport"),
        ("tôi muốn thành lập công ty", "elsewhere:company"),
        ("đăng ký thuế lần đầu cho cá nhân", "national:1.008498"),
    ],
)
def test_out_of_scope_is_named_as_such(question: str, key: str) -> None:
    result = find(question)
    assert isinstance(result, HandledElsewhere) and result.matter.key == key


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("báo mất hộ chiếu", "1.010386"),
        ("đăng ký tạm trú cần gì", "1.004194"),
        ("mở quán cần giấy tờ gì", "1.001612"),
        ("chứng thực bản sao bao nhiêu tiền", "2.000815"),
    ],
)
def test_ward_procedures_still_win(question: str, code: str) -> None:
    result = find(question)
    assert isinstance(result, Found) and result.procedure.code == code


def test_a_ward_procedure_is_never_offered_as_national_elsewhere() -> None:
    entries = SCOPE.entries(["1.004194"])
    assert "national:1.004194" not in {e.code for e in entries}


def test_a_follow_up_about_another_matter_is_not_the_remembered_procedure() -> None:
    result = find("thế còn làm hộ chiếu thì sao", remembered="1.004194")
    assert isinstance(result, HandledElsewhere)


def test_the_shipped_list_loads_and_every_matter_cites_law() -> None:
    scope = load_scope(PROJECT_ROOT / "data")
    assert len(scope.matters) >= 15
    assert all(m.legal and m.handled_by for m in scope.matters)
    assert len({m.id for m in scope.matters}) == len(scope.matters)


def test_the_request_is_found_in_a_long_story() -> None:
    story = (
        "Chào anh chị, em là sinh viên năm hai, quê ở Nghệ An, ra Hà Nội học được hơn một "
        "năm rồi, trước giờ toàn ở ký túc xá nên không phải làm gì. Giờ em chuyển ra ngoài "
        "ở cùng mấy bạn cùng lớp, chủ nhà bảo phải đi khai báo. Em phải đăng ký tạm trú thế nào ạ?"
    )
    result = find(story)
    assert isinstance(result, Found) and result.procedure.code == "1.004194"


def test_sentences_come_last_first() -> None:
    from actions.procedures.finder import sentences

    assert sentences("Một hai ba. Bốn năm sáu? Bảy tám") == [
        "Bảy tám",
        "Bốn năm sáu?",
        "Một hai ba.",
    ]
