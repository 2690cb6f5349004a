"""Grievances and deaths told, read from the words (with or without diacritics)."""

from __future__ import annotations

import pytest

from actions.text.complaint_cues import sounds_like_complaint, tells_of_death


@pytest.mark.parametrize(
    "text",
    [
        # Dissatisfaction said outright, about several procedures.
        "Xin trích lục kết hôn mà phải đợi từ sáng tới trưa, bực mình hết sức",
        "xin giay phep kinh doanh ma ho cu lam kho dan, that vong qua",
        # The conduct of staff, a judgement of the service.
        "Cô cán bộ tư pháp thái độ lồi lõm, hỏi gì cũng gắt gỏng",
        "chuyển hộ khẩu gì mà làm việc kiểu gì không biết",
        "gọi đường dây nóng phường từ sáng không ai bắt máy",
        # Guidance that changes every time.
        "Làm thủ tục tặng cho đất, mỗi cán bộ chỉ một kiểu, chẳng biết nghe ai",
        # Unfairness, money under the table.
        "Bình xét trợ cấp xã hội năm nay thiếu công bằng, nhà có điều kiện lại được",
        "muốn nhanh thì phải có phong bì cho cán bộ địa chính, thế có được không",
        # The assistant itself.
        "trợ lý ảo trả lời linh tinh, chả liên quan gì",
        # Going back and forth, told twice or with the waiting.
        "Đăng ký hộ kinh doanh mà tôi phải đi đi lại lại, lần nào cũng bảo sai mẫu",
        "nop ho so tam tru 4 lan roi, lan nao cung bi tra ve",
        "Đi lại mấy lần rồi mà hồ sơ chuyển mục đích sử dụng đất vẫn quá hạn",
    ],
)
def test_grievances_are_told(text: str) -> None:
    assert sounds_like_complaint(text)


@pytest.mark.parametrize(
    "text",
    [
        "đăng ký tạm trú quá hạn thì có bị phạt không",
        "tôi có thể nộp hồ sơ mấy lần nếu bị trả về",
        "xin giấy xác nhận không tiền án tiền sự ở đâu",
        "chứng chỉ hành nghề dược xin ở phường được không",
        "công chứng bản dịch hộ chiếu chi phí bao nhiêu",
        "bố em mới mất, nhà em xin tiền mai táng với tiền tuất cần giấy gì",
        # Weak cues beside a question: the situation of that question.
        "Chủ đầu tư hẹn mãi, đã 4 năm chưa có sổ hồng, cư dân tự nộp hồ sơ cần giấy tờ gì",
        "làm lại căn cước mất bao lâu",
        "cán bộ một cửa làm việc mấy giờ",
    ],
)
def test_questions_are_no_grievance(text: str) -> None:
    assert not sounds_like_complaint(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bố chồng em vừa mất tối qua, làm khai tử cần gì ạ",
        "me toi moi mat tuan truoc, lam thu tuc cat khau the nao",
        "Nhà đang có tang, muốn dựng rạp ra ngõ có phải xin phép không",
        "Ông ngoại tôi qua đời năm ngoái, giờ chia đất thì chứng thực văn bản ở đâu",
        "Anh trai tôi bị tai nạn lao động chết ở công trường, gia đình được hưởng chế độ gì",
        "chồng tôi mất vì ung thư, sổ hộ kinh doanh đứng tên anh ấy thì đổi sao",
    ],
)
def test_a_death_told_is_told(text: str) -> None:
    assert tells_of_death(text)


@pytest.mark.parametrize(
    "text",
    [
        "đăng ký khai tử lệ phí bao nhiêu",
        "mẹ tôi mất giấy khai sinh, làm lại thế nào",
        "con tôi mất căn cước hôm qua",
        "chồng tôi mất việc, xin trợ cấp thất nghiệp ở đâu",
        "làm sổ đỏ mất bao lâu",
        "chị mất mấy ngày thì có giấy ạ",
        "hồ sơ tử tuất gồm những gì",
    ],
)
def test_a_procedure_named_or_a_thing_lost_is_no_death(text: str) -> None:
    assert not tells_of_death(text)


@pytest.mark.parametrize(
    "text", ["em bị móc túi mất ví với căn cước rồi", "bo toi danh roi mat the bhyt o cho"]
)
def test_a_thing_lost_by_a_relative_is_no_death(text: str) -> None:
    assert not tells_of_death(text)


@pytest.mark.parametrize(
    "text",
    [
        # "gắt gỏng" after any word, with or without accents.
        "nhân viên tiếp dân gắt gỏng với người già",
        "chi can bo o quay so 3 gat gong qua troi",
        # Sent away whatever one asks.
        "ra phường hỏi gì cũng bảo về tự tra trên mạng",
        "hoi cai gi cung noi len mang ma xem",
    ],
)
def test_a_curt_or_dismissive_clerk_is_a_grievance(text: str) -> None:
    assert sounds_like_complaint(text)


@pytest.mark.parametrize(
    "text",
    [
        "mùa gặt xong thì đăng ký chuyển đổi cây trồng ở đâu",
        "hỏi gì cũng được, cho em hỏi làm căn cước cần gì",
    ],
)
def test_harvests_and_open_questions_are_no_grievance(text: str) -> None:
    assert not sounds_like_complaint(text)
