import pytest

from actions.procedures.variants import (
    core_of_name,
    cued_marks,
    fit,
    hinted_marks,
    marks_of_name,
    says_name,
)


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        ("Thủ tục đăng ký khai sinh", set()),
        ("Thủ tục đăng ký lại khai sinh", {"again"}),
        ("Thủ tục đăng ký khai sinh có yếu tố nước ngoài", {"foreign"}),
        (
            "Thủ tục đăng ký kết hôn có yếu tố nước ngoài tại khu vực biên giới",
            {"foreign", "border"},
        ),
        ("Cấp đổi thẻ căn cước", {"exchange"}),
        ("Cấp thẻ căn cước cho người dưới 14 tuổi", {"under_14"}),
        ("Gia hạn tạm trú", {"extend"}),
        ("Chấm dứt hoạt động hộ kinh doanh", {"terminate"}),
        ("Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con", {"recognition"}),
        ("Chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch", {"amend"}),
        ("Sửa lỗi sai sót trong giao dịch", {"correction"}),
    ],
)
def test_official_names_carry_their_markers(name: str, marks: set[str]) -> None:
    assert marks_of_name(name) == marks


@pytest.mark.parametrize(
    ("question", "cued"),
    [
        ("vợ tôi là người Hàn Quốc, làm khai sinh cho con", {"foreign"}),
        ("giấy phép bị thất lạc, xin cấp lại", {"again"}),
        ("quán em muốn tạm nghỉ hai tháng", {"suspend"}),
        ("dẹp quán rồi thì đóng hộ kinh doanh sao", {"terminate"}),
        # "sửa lại" is a correction, not a new registration ("làm lại").
        ("tên trên giấy khai sinh bị ghi nhầm, muốn sửa lại", {"correction"}),
        # "mất bao lâu" is about time, not a lost paper.
        ("làm khai sinh mất bao lâu", set()),
        # Adoption is not recognising one's own child.
        ("nhận con nuôi cần gì", set()),
        ("con tôi 15 tuổi làm căn cước cho con", set()),
        ("bé nhà tôi 6 tuổi", {"under_14"}),
    ],
)
def test_questions_cue_markers_in_citizens_words(question: str, cued: set[str]) -> None:
    assert cued_marks(question) == cued


def test_the_core_of_a_name_leaves_out_its_markers() -> None:
    assert core_of_name("Cấp đổi thẻ căn cước") == {"the", "can", "cuoc"}
    assert core_of_name("Thủ tục đăng ký lại kết hôn") == {"ket", "hon"}


def test_fit_prefers_cued_markers_then_fewer_uncued_ones() -> None:
    cued = frozenset({"again"})
    assert fit(frozenset({"again", "exchange"}), cued) > fit(frozenset(), cued)
    assert fit(frozenset(), frozenset()) > fit(frozenset({"exchange"}), frozenset())


def test_a_hint_makes_a_variant_possible_without_preferring_it() -> None:
    assert hinted_marks("làm căn cước cho con") == {"under_14"}
    assert cued_marks("làm căn cước cho con") == set()
    hinted = frozenset({"under_14"})
    assert fit(frozenset({"under_14"}), frozenset(), hinted) == fit(frozenset(), frozenset())


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("cho hỏi thủ tục gia hạn tạm trú", True),
        ("GIA HAN TAM TRU", True),
        ("tạm trú sắp hết hạn, gia hạn", False),
        ("hai đứa chưa đăng ký kết hôn", False),
    ],
)
def test_a_name_is_said_whole_and_not_denied(text: str, said: bool) -> None:
    name = "Đăng ký kết hôn" if "ket hon" in text or "kết hôn" in text else "Gia hạn tạm trú"
    assert says_name(text, name) is said
