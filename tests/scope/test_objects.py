"""The object of the request decides whose paper or act is asked for
(actions/scope/objects.py): another agency's paper after a story that names a ward
procedure is that agency's matter; a ward procedure's own result stays the ward's though
the story names another agency's words. Questions written for these tests, over several
procedures; the shipped catalogue, cards and scope."""

from __future__ import annotations

import pytest

from actions.procedures.finder import Found, HandledElsewhere
from actions.scope.objects import request_object
from tests.procedures.test_scope_calibration import finder


@pytest.mark.parametrize(
    ("request_words", "obj"),
    [
        # the first act with words after it, up to the end of its noun phrase
        ("giờ muốn đính chính giấy chứng sinh thì liên hệ ai", "đính chính giấy chứng sinh"),
        ("muốn khai thuế thu nhập cá nhân khi nhận nhà", "khai thuế thu nhập cá nhân"),
        ("muốn cấp lại thẻ abtc cho giám đốc", "cấp lại thẻ abtc"),
        # an adverb before the object says how, not what
        ("muốn lắp thêm đồng hồ nước ở tầng hai", "lắp đồng hồ nước"),
        # a paper's or another act's name is no act asked for
        ("bản chính giấy khai sinh có cần không", None),
        ("chồng cũ không chu cấp cho con", None),
        # when or where it is done is no object; nor what a paper is for
        ("làm ngoài giờ được không", None),
        ("muốn hủy trước thời hạn", None),
        ("cần bản sao giấy khai sinh để nộp hồ sơ nhập học", None),
    ],
)
def test_the_object_is_the_noun_phrase_after_the_act(request_words: str, obj: str | None) -> None:
    assert request_object(request_words) == obj


def test_an_object_of_one_word_is_the_fuller_phrase_the_story_names() -> None:
    story = "Bằng thạc sĩ của tôi in sai ngày sinh so với căn cước, giờ muốn sửa bằng thì sao?"
    assert request_object("giờ muốn sửa bằng", story) == "sửa Bằng thạc sĩ"


@pytest.mark.parametrize(
    ("question", "key"),
    [
        # the story names a civil-status act of the ward; the paper to change is not its
        (
            "Tôi vừa được phường cải chính họ trên giấy khai sinh, giờ muốn sửa tên trên bằng"
            " tốt nghiệp đại học cho khớp thì làm ở đâu?",
            "elsewhere:diploma",
        ),
        (
            "da cai chinh ho tich o phuong roi, gio muon sua ten tren bang tot nghiep thpt thi"
            " lam o dau",
            "elsewhere:diploma",
        ),
        (
            "Bệnh viện ghi nhầm giờ sinh của bé, giờ muốn đính chính giấy chứng sinh trước khi"
            " đi đăng ký khai sinh thì liên hệ ai?",
            "elsewhere:birth_notice",
        ),
        # a ward's residence words in the story; the service asked for is the utility's
        (
            "Tôi đã đăng ký tạm trú cho mấy công nhân thuê trọ, giờ muốn lắp thêm công tơ điện"
            " riêng cho từng phòng thì làm ở đâu?",
            "elsewhere:electricity_water",
        ),
        # a building permit in the story; the power supply is the utility's
        (
            "Nhà tôi được cấp giấy phép xây dựng rồi, giờ muốn xin cấp điện ba pha để chạy máy"
            " thì hỏi ai?",
            "elsewhere:electricity_water",
        ),
        # a reviewed matter the list lacked, after a story with a ward procedure's words
        (
            "Bố tôi đã đăng ký khai tử xong, trước khi mất ông dặn muốn hiến xác cho y học"
            " thì gia đình liên hệ ở đâu?",
            "elsewhere:body_donation",
        ),
        (
            "Chở một xe gà sang tỉnh bên cạnh bán thì xin giấy kiểm dịch động vật ở đâu?",
            "elsewhere:animal_quarantine",
        ),
        (
            "Em muốn đổi nơi đăng ký khám chữa bệnh ban đầu trên thẻ bảo hiểm y tế sang"
            " phòng khám gần công ty, làm thế nào?",
            "elsewhere:health_insurance_clinic",
        ),
    ],
)
def test_another_agencys_object_is_that_agencys_matter(question: str, key: str) -> None:
    result = finder().find(question)
    assert isinstance(result, HandledElsewhere), (question, result)
    assert result.matter.key == key


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # the story is another agency's (a court's divorce); the paper asked is the ward's
        (
            "Tòa xử cho tôi ly hôn từ năm ngoái, giờ muốn xin giấy xác nhận tình trạng hôn"
            " nhân để đăng ký kết hôn lại thì có cần mang quyết định ly hôn không?",
            "1.004873",
        ),
        # the hospital's papers are input papers of the ward's registrations
        (
            "Bệnh viện đã cấp giấy chứng sinh cho bé, giờ muốn làm giấy khai sinh thì mang"
            " những gì?",
            "1.001193",
        ),
        (
            "Bệnh viện đã cấp giấy báo tử cho bố tôi, giờ muốn đăng ký khai tử thì nộp ở đâu?",
            "1.000656",
        ),
        (
            "Mẹ tôi mất ở bệnh viện, bệnh viện cấp giấy báo tử rồi, giờ làm khai tử trực tuyến"
            " được không?",
            "1.000656",
        ),
    ],
)
def test_a_ward_result_asked_for_stays_the_wards(question: str, code: str) -> None:
    result = finder().find(question)
    assert isinstance(result, Found), (question, result)
    assert result.procedure.code == code
