"""What a question weighs its request against is an aside, not the request."""

from __future__ import annotations

import pytest

from actions.scope.asides import without_asides


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        # Another place the citizen might have to go instead.
        (
            "Chứng thực di chúc ở phường được không hay phải ra văn phòng công chứng?",
            "Chứng thực di chúc ở phường được không ?",
        ),
        (
            "chung thuc hop dong thue nha o phuong thay vi ra phong cong chung",
            "chung thuc hop dong thue nha o phuong",
        ),
        (
            "Làm hợp đồng thế chấp ở phường chứ không ra công chứng, cần gì?",
            "Làm hợp đồng thế chấp ở phường , cần gì?",
        ),
        # A yes/no question about what the request needs, as its own clause.
        (
            "Đăng ký khai sinh cho con, có phải dịch thuật giấy tờ không?",
            "Đăng ký khai sinh cho con,?",
        ),
        ("nhan con nuoi o phuong, co can toa an quyet dinh khong", "nhan con nuoi o phuong,"),
        # A paper the request may need, inside its clause.
        ("đăng ký khai tử có cần giấy báo tử của bệnh viện không ạ", "đăng ký khai tử ạ"),
    ],
)
def test_asides_are_set_aside(question: str, asked: str) -> None:
    assert without_asides(question) == asked


@pytest.mark.parametrize(
    "question",
    [
        # The question itself, not an aside of it: nothing else is asked.
        "hộ kinh doanh có phải đóng thuế không",
        "xe máy có phải đi đăng kiểm không",
        "làm căn cước cho con ở đâu",
        "đăng ký tạm trú hay thường trú cho sinh viên",
    ],
)
def test_a_question_without_asides_is_its_own_request(question: str) -> None:
    assert without_asides(question) == question
