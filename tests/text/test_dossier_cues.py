"""When a message talks about a dossier already filed: a code or dossier-status words, never
"hồ sơ" used for the papers of a procedure."""

from __future__ import annotations

import pytest

from actions.text.dossier_cues import mentions_dossier


@pytest.mark.parametrize(
    "text",
    [
        # "hồ sơ" as the papers a procedure needs, over several procedures and wordings
        "bộ hồ sơ xin giấy phép xây dựng nộp mấy bản, hết bao nhiêu tiền",
        "hồ sơ đăng ký thường trú gồm những gì",
        "ho so dang ky ho kinh doanh can nhung giay to gi",
        "làm hồ sơ trợ cấp xã hội cho mẹ thì nộp ở đâu",
        "nộp hồ sơ cấp sổ đỏ lần đầu mất phí không",
        "chuẩn bị hồ sơ nhận con nuôi mất bao lâu",
        "hồ sơ chứng thực di chúc có cần người làm chứng không",
        "mang hồ sơ khai tử tới đâu nộp",
        # "tình trạng" of a marriage, "bước nào" of the steps, "tra cứu" of something else
        "giấy xác nhận tình trạng hôn nhân xin ở đâu",
        "đăng ký giám hộ gồm những bước nào",
        "tra cứu phạt nguội xe máy ở đâu",
        "đăng ký kết hôn năm 19 tuổi được chưa",
        "sáng nộp chứng thực thì chiều lấy được không",
        "có sự cố mất nước thì báo cho ai",
    ],
)
def test_papers_and_procedure_questions_mention_no_dossier(text: str) -> None:
    assert not mentions_dossier(text)


@pytest.mark.parametrize(
    "text",
    [
        "hồ sơ đăng ký khai tử của bố tôi đến đâu rồi",
        "tra cứu hồ sơ giúp mình",
        "tra cứu ạ",
        "kiểm tra giúp em tình trạng hồ sơ cấp đổi sổ đỏ",
        "ho so xin giay phep xay dung nop tuan truoc xong chua",
        "phiếu hẹn ghi thứ Sáu mà chưa thấy gọi",
        "đơn xin trợ cấp của mẹ em duyệt chưa ạ",
        "hồ sơ hộ kinh doanh bị trả lại, phải làm sao",
        "tiến độ giải quyết hồ sơ nhận cha con thế nào",
        "hồ sơ tạm trú của tôi vẫn đang xử lý mãi",
        "H26-251017-0012",
        "mã 000.00.27.H26-251017-0012 của tôi",
    ],
)
def test_dossier_status_questions_mention_a_dossier(text: str) -> None:
    assert mentions_dossier(text)
