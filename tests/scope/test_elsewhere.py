"""The shipped list of matters other agencies handle, asked the way citizens ask: each
gets the agency that handles it, never the nearest ward procedure (tests/procedures/
test_scope_calibration.py has the ward questions that must stay ward procedures)."""

from __future__ import annotations

import pytest

from actions.procedures.finder import HandledElsewhere
from tests.procedures.test_scope_calibration import finder


@pytest.mark.parametrize(
    ("question", "key"),
    [
        # household business taxes (registering the business is the ward's)
        ("nhà tôi bán tạp hóa, thuế khoán năm nay nộp cho ai", "elsewhere:household_business_tax"),
        ("khai thuế cho cửa hàng quần áo theo quý ở đâu", "elsewhere:household_business_tax"),
        ("nộp thuế khoán cho hộ kinh doanh ở đâu", "elsewhere:household_business_tax"),
        # a wrong or lost social-insurance book: national record 1.002759 (BHXH)
        ("sổ bhxh của em bị ghi sai năm sinh thì sửa ở đâu", "national:1.002759"),
        ("cấp lại sổ bảo hiểm xã hội bị mất", "national:1.002759"),
        # notaries and their fees
        ("văn phòng công chứng gần nhất mở cửa mấy giờ", "elsewhere:notary"),
        ("phí công chứng tính thế nào", "elsewhere:notary"),
        # passports, however they are called
        ("làm passport cho con gái 5 tuổi", "elsewhere:passport"),
        ("hộ chiếu cho bé cần mang gì", "elsewhere:passport"),
        ("lam ho chieu cho con o dau", "elsewhere:passport"),
        # vehicle inspection
        ("đăng kiểm xe ô tô lần đầu ở đâu", "elsewhere:vehicle_inspection"),
        ("xe máy có phải đi đăng kiểm không", "elsewhere:vehicle_inspection"),
        # bank loans, schools, labour disputes
        ("vay ngân hàng mua nhà cần giấy tờ gì", "elsewhere:bank_loan"),
        ("chuyển trường cho con lên lớp 6", "elsewhere:school"),
        ("công ty nợ lương hai tháng thì khiếu nại ở đâu", "elsewhere:labour_dispute"),
        ("tranh chấp lao động giải quyết ở đâu", "elsewhere:labour_dispute"),
        # the hospital's birth notice, diplomas, taxes of land and homes
        ("mất giấy chứng sinh của con thì xin lại ở đâu", "elsewhere:birth_notice"),
        ("mất bằng tốt nghiệp cấp 3 thì làm sao", "elsewhere:diploma"),
        ("lệ phí trước bạ khi mua nhà nộp ở đâu", "national:1.007277"),
        ("cho thuê căn hộ thì khai thuế ở đâu", "national:1.007689"),
        ("thuế đất phi nông nghiệp nộp ở đâu", "national:1.007695"),
        ("sang tên sổ đỏ nộp thuế bao nhiêu", "elsewhere:land_title_transfer"),
        # pensions (BHXH), not the ward's social allowance
        ("tôi sắp nghỉ hưu thì làm thủ tục gì", "elsewhere:social_insurance"),
        # the rest of the list
        ("xin giấy khám sức khỏe để đi làm", "elsewhere:health_certificate"),
        ("bị phạt nguội thì nộp phạt ở đâu", "elsewhere:traffic_fine"),
        ("đi xuất khẩu lao động nhật bản đăng ký ở đâu", "elsewhere:labour_export"),
        ("đăng ký nhãn hiệu cho sản phẩm", "elsewhere:trademark"),
        ("hợp pháp hóa lãnh sự bằng đại học", "elsewhere:consular_legalisation"),
        ("nhập quốc tịch việt nam cho chồng người nước ngoài", "elsewhere:nationality"),
        ("làm đơn yêu cầu thi hành án dân sự", "elsewhere:civil_judgment_enforcement"),
        ("sang tên hợp đồng điện sau khi mua nhà", "elsewhere:electricity_water"),
        ("hàng gửi từ nước ngoài bị giữ ở hải quan", "elsewhere:customs"),
        ("đổi sổ đỏ cũ sang mẫu mới ở đâu", "elsewhere:land_certificate_exchange"),
        ("đấu giá biển số ô tô thế nào", "elsewhere:plate_auction"),
        ("xin phù hiệu xe taxi ở đâu", "elsewhere:transport_licence"),
        # typed without diacritics
        ("nop thue khoan o dau", "elsewhere:household_business_tax"),
        ("dang kiem xe may o dau", "elsewhere:vehicle_inspection"),
        ("le phi truoc ba nha dat", "national:1.007277"),
    ],
)
def test_a_matter_handled_elsewhere_gets_who_handles_it(question: str, key: str) -> None:
    result = finder().find(question)
    assert isinstance(result, HandledElsewhere), (question, result)
    assert result.matter.key == key
