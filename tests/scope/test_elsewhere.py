"""The shipped list of matters other agencies handle, asked the way citizens ask: each
gets the agency that handles it, never the nearest ward procedure (tests/procedures/
test_scope_calibration.py has the ward questions that must stay ward procedures)."""

from __future__ import annotations

import json

import pytest
import yaml

from actions.cards.store import load_cards
from actions.procedures.finder import Found, HandledElsewhere
from actions.scope.store import load_scope
from actions.text.folding import normalise_tokens
from tests.procedures.test_scope_calibration import DATA, finder


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


@pytest.mark.parametrize(
    ("question", "matter"),
    [
        # banks: a deceased's savings, cards (the ward registers the death, certifies heirs)
        ("ông ngoại mất rồi, sổ tiết kiệm ở ngân hàng đứng tên ông thì con cháu rút thế nào",
         "deceased_bank_deposit"),
        ("em đánh rơi thẻ atm, phải báo ai", "bank_card"),
        ("tôi làm mất sổ tiết kiệm thì báo ở đâu", "bank_card"),
        # hospitals: the death notice, discharge papers, vaccination at the health station
        ("bệnh viện chưa trả giấy báo tử cho gia đình thì xin ở đâu", "hospital_death_notice"),
        ("xin lại giấy ra viện bị mất", "medical_records"),
        ("lịch tiêm chủng cho bé 2 tháng tuổi", "vaccination"),
        # pensions and health-insurance benefits (BHXH)
        ("lương hưu bị chậm mấy tháng nay", "social_insurance"),
        ("tháng này lương hưu của mẹ tôi chưa về tài khoản", "social_insurance"),
        ("anh tôi làm công ty 30 năm, hồ sơ hưởng lương hưu nộp ở đâu", "social_insurance"),
        ("khám trái tuyến ở bệnh viện tỉnh được hưởng bao nhiêu", "health_insurance_benefits"),
        ("bảo hiểm y tế chi trả bao nhiêu khi mổ ruột thừa", "health_insurance_benefits"),
        # justice: legal aid, child support, visiting detainees, bailiffs, suing over land
        ("tôi là hộ nghèo, muốn được trợ giúp pháp lý miễn phí", "legal_aid"),
        ("chồng cũ không chịu cấp dưỡng cho con 2 năm nay", "child_support"),
        ("muốn thăm người nhà bị tạm giam ở công an tỉnh", "detainee_visit"),
        ("mua đất qua vi bằng có làm sổ được không", "bailiff"),
        ("khởi kiện tranh chấp đất đai ra tòa", "court_case"),
        # the court declares a person missing or dead, and annuls an unlawful marriage
        ("anh tôi mất liên lạc 6 năm, gia đình muốn yêu cầu tuyên bố mất tích thì làm đơn ở đâu",
         "court_declaration"),
        ("vợ tôi kết hôn khi chưa ly hôn chồng trước, muốn hủy kết hôn trái pháp luật",
         "marriage_annulment"),
        # a project's investment policy is the province's
        ("doanh nghiệp muốn xin chấp thuận chủ trương đầu tư dự án nhà xưởng",
         "investment_project"),
        # utilities, telecoms, post
        ("bị cúp điện cả ngày gọi ai", "electricity_water"),
        ("lắp nước máy cho nhà mới xây thì đăng ký với ai", "electricity_water"),
        ("cột điện nghiêng sát nhà, muốn di dời cột điện thì báo ai", "electricity_water"),
        ("muốn lắp wifi cho nhà mới thì đăng ký ở đâu", "telecom"),
        ("bưu kiện gửi về quê bị thất lạc", "parcel_post"),
        # licences of other agencies
        ("đăng ký quyền tác giả cho cuốn truyện tôi viết", "copyright"),
        ("đăng ký tàu cá cho thuyền 12 mét", "fishing_vessel"),
        ("thi chứng chỉ môi giới bất động sản ở đâu", "real_estate_broker"),
        ("muốn mở phòng khám nha khoa thì xin phép ở đâu", "medical_practice"),
        ("mở nhà thuốc tây cần giấy gì", "pharmacy"),
        ("mở cây xăng ở xã cần giấy phép gì", "petrol_station"),
        ("xin giấy phép kinh doanh vũ trường", "dance_hall"),
        ("công ty tôi xây nhà xưởng trong khu công nghiệp thì xin giấy phép ở đâu",
         "industrial_zone_construction"),
        ("thẩm duyệt phòng cháy chữa cháy cho nhà xưởng", "fire_safety"),
        # schools, student loans, scholarships
        ("con đỗ đại học muốn vay vốn sinh viên", "social_policy_loan"),
        ("con tôi muốn vay vốn ưu đãi cho sinh viên năm nhất", "social_policy_loan"),
        ("nhà tôi là hộ nghèo, con học lớp 9 có được xin học bổng không", "scholarship"),
        ("con bị khuyết tật muốn xin học trường chuyên biệt", "school"),
        # the rest
        ("đăng ký hỏa táng cho bố ở đâu", "cremation_cemetery"),
        ("xe máy bị tai nạn muốn đòi bồi thường bảo hiểm", "commercial_insurance"),
        ("xin visa du lịch hàn quốc cần giấy gì", "foreign_visa"),
        ("chồng người Úc muốn gia hạn thị thực ở Việt Nam", "work_permit_foreigner"),
        ("căn hộ chung cư mua 5 năm chưa có sổ hồng, chủ đầu tư chậm làm sổ hồng",
         "apartment_certificate"),
        # a developer's flat: its words decide against the ward's first land registration
        ("căn hộ của chủ đầu tư bàn giao 3 năm rồi, tôi muốn tự đi làm sổ đỏ được không",
         "apartment_certificate"),
        ("con đi du học nhật xin visa du học ở đâu", "foreign_visa"),
        ("bán xăng lẻ ở quê có phải xin giấy phép không", "petrol_station"),
        ("xin trích lục bản đồ địa chính thửa đất nhà tôi", "land_information"),
        ("xin chứng chỉ hành nghề giám sát xây dựng", "construction_practice"),
        ("xin biên bản tai nạn giao thông để làm bảo hiểm", "traffic_accident"),
        ("đăng ký sang tên thừa kế mảnh đất của ông", "land_title_transfer"),
        # typed without diacritics
        ("ong ngoai mat, rut so tiet kiem cua ong o ngan hang the nao", "deceased_bank_deposit"),
        ("vay von sinh vien o dau", "social_policy_loan"),
        ("lap internet cap quang", "telecom"),
    ],
)  # fmt: skip
def test_more_matters_other_agencies_handle(question: str, matter: str) -> None:
    result = finder().find(question)
    assert isinstance(result, HandledElsewhere), (question, result)
    assert getattr(result.matter, "id", None) == matter


@pytest.mark.parametrize(
    ("question", "key"),
    [
        # foreigners' cards and visa exemptions (the immigration office)
        ("người nước ngoài xin thẻ thường trú ở đâu", "elsewhere:work_permit_foreigner"),
        ("Việt kiều xin giấy miễn thị thực ở đâu", "elsewhere:work_permit_foreigner"),
        # convictions expunged, nationality renounced
        ("muốn xóa án tích cho em trai thì làm thế nào", "elsewhere:criminal_record_expungement"),
        ("xin thôi quốc tịch việt nam để nhập quốc tịch Đức", "elsewhere:nationality"),
        # civil status abroad, intercountry adoption
        ("đăng ký khai sinh cho con tại đại sứ quán việt nam ở Nhật cần gì",
         "elsewhere:civil_status_abroad"),
        ("thủ tục nuôi con nuôi có yếu tố nước ngoài nộp ở đâu", "elsewhere:intercountry_adoption"),
        ("xin visa đoàn tụ cho chồng sang Úc", "elsewhere:foreign_visa"),
        # a court's copy of its judgment: the national record, with the court as agency
        ("xin trích lục bản án dân sự của tòa", "national:3.000165"),
        # taxes and customs of a household business
        ("lệ phí môn bài hộ kinh doanh đóng ở đâu", "elsewhere:household_business_tax"),
        ("cửa hàng của tôi muốn làm thủ tục hải quan để gửi hàng đi Mỹ", "elsewhere:customs"),
        # buildings the ward does not license, lifts it does not inspect
        ("xin giấy phép xây dựng tòa nhà văn phòng 12 tầng", "elsewhere:large_construction_permit"),
        ("chung cư cần kiểm định thang máy hằng năm thì liên hệ ai",
         "elsewhere:equipment_inspection"),
        # pupils' health insurance (the school), pensions (BHXH), bank valuations
        ("đóng bảo hiểm y tế học sinh cho con ở đâu", "elsewhere:student_health_insurance"),
        ("điều kiện hưởng lương hưu là gì", "elsewhere:social_insurance"),
        ("ngân hàng thẩm định giá tài sản thế chấp mất bao lâu", "elsewhere:bank_loan"),
        # land: a new-form certificate, a house added to an issued one (the land office)
        ("đổi sổ đỏ sang mẫu mới ở đâu", "elsewhere:land_certificate_exchange"),
        ("bổ sung tài sản gắn liền với đất vào sổ đỏ đã cấp", "elsewhere:land_title_transfer"),
    ],
)  # fmt: skip
def test_round_six_matters_name_the_competent_agency(question: str, key: str) -> None:
    result = finder().find(question)
    assert isinstance(result, HandledElsewhere), (question, result)
    assert result.matter.key == key


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # the ward's side of the same life events
        ("đăng ký khai tử cho bố cần giấy báo tử không", "1.000656"),
        ("chứng thực văn bản phân chia di sản thừa kế", "2.001406"),
        ("chứng thực bản sao sổ tiết kiệm", "2.000815"),
        # pension and insurance procedures the catalogue carries
        ("chuyển nơi nhận lương hưu về quê", "1.001742"),
        ("giải quyết hưởng lương hưu cho cán bộ xã", "2.000605"),
        ("ủy quyền lĩnh thay trợ cấp thất nghiệp", "1.001601"),
        ("rút bảo hiểm xã hội một lần", "1.001613"),
        ("mua bảo hiểm y tế hộ gia đình cho cả nhà", "1.001939"),
        ("Nằm viện vì mổ, hưởng chế độ ốm đau có cần giấy ra viện không", "1.001667"),
        # households, land, building, business
        ("công nhận hộ nghèo năm nay", "1.011607"),
        ("chủ tịch phường giải quyết tranh chấp đất đai", "1.013967"),
        ("xin giấy phép xây dựng nhà ở riêng lẻ", "1.013225"),
        ("vay vốn mua nhà ở xã hội", "1.014632"),
        ("mở quán cà phê cần đăng ký hộ kinh doanh thế nào", "1.001612"),
        ("đăng ký hộ kinh doanh cho nhà thuốc", "1.001612"),
        ("xin cấp sổ đỏ cho căn hộ tập thể cũ của gia đình", "1.013978"),
        ("mua nhà ở xã hội của chủ đầu tư cần giấy tờ gì", "1.014632"),
        ("cung cấp thông tin quy hoạch", "1.014159"),
        ("đính chính sổ đỏ bị sai diện tích", "1.012796"),
        ("chứng thực bản sao giấy tờ để xin visa", "2.000815"),
        # a paper of a ward procedure is no matter of its own
        ("đăng ký kết hôn với người nước ngoài có cần giấy khám sức khỏe không", "2.000806"),
    ],
)
def test_the_ward_side_of_those_matters_stays_the_wards(question: str, code: str) -> None:
    result = finder().find(question)
    assert isinstance(result, Found), (question, result)
    assert result.procedure.code == code


@pytest.mark.parametrize(
    ("question", "key"),
    [
        # licences of ministries and provincial departments (law, veterinary, education,
        # tourism)
        ("Em tốt nghiệp luật, muốn xin chứng chỉ hành nghề luật sư thì nộp hồ sơ ở đâu?",
         "elsewhere:lawyer_licence"),
        ("Tôi muốn mở phòng khám thú y nhỏ thì cần chứng chỉ gì, xin ở đâu?",
         "elsewhere:veterinary_practice"),
        ("Mình muốn mở trung tâm ngoại ngữ cho trẻ em thì xin giấy phép ở đâu?",
         "elsewhere:education_licence"),
        ("Cô giáo muốn đăng ký dạy thêm tại nhà cho học sinh thì xin phép ở đâu?",
         "elsewhere:education_licence"),
        ("Muốn làm hướng dẫn viên du lịch thì thẻ hướng dẫn viên cấp ở đâu?",
         "elsewhere:tourism_licence"),
        # travel documents: the businessperson's card, a passport lost abroad
        ("Công ty cử em đi hội nghị ở Singapore, em muốn làm thẻ đi lại doanh nhân APEC thì"
         " nộp ở đâu?", "elsewhere:abtc_card"),
        ("Giám đốc bảo em xin thẻ ABTC lần đầu để đi đàm phán ở Nhật, nộp ở đâu?",
         "elsewhere:abtc_card"),
        ("Em trai tôi đang đi làm bên Đài Loan thì gặp nạn, cần bảo hộ công dân ở nước ngoài"
         " thì liên hệ ai?", "elsewhere:passport_abroad"),
        # foreigners' and overseas Vietnamese's homes
        ("Người nước ngoài có được đứng tên mua căn hộ chung cư ở Việt Nam không?",
         "elsewhere:foreigner_housing"),
        ("Việt kiều Pháp muốn mua một căn nhà ở quận thì đứng tên sổ hồng được không, thủ tục"
         " ở đâu?", "elsewhere:foreigner_housing"),
        # banking, tuition
        ("Chuyển nhầm tiền vào tài khoản người lạ thì đòi lại thế nào?",
         "elsewhere:bank_account"),
        ("Ngân hàng khóa tài khoản của tôi vì chưa cập nhật sinh trắc học, giờ làm sao?",
         "elsewhere:bank_account"),
        ("Con em học lớp 3 thuộc hộ cận nghèo, muốn miễn học phí thì nộp đơn ở đâu?",
         "elsewhere:tuition_support"),
        # a judgment enforced
        ("Tòa xử tôi thắng kiện rồi mà bên kia chây ì, muốn cưỡng chế thi hành án thì nộp"
         " đơn ở đâu?",
         "elsewhere:civil_judgment_enforcement"),
    ],
)  # fmt: skip
def test_round_eight_matters_name_the_competent_agency(question: str, key: str) -> None:
    result = finder().find(question)
    assert isinstance(result, HandledElsewhere), (question, result)
    assert result.matter.key == key


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # the ward's side of those matters
        ("Con tôi được miễn học phí, cần giấy xác nhận hộ nghèo của phường thì xin thế nào?",
         "1.011606"),
        ("Tôi mất hộ chiếu ở Hà Nội, trình báo mất ở công an phường thế nào?", "1.010386"),
        ("chứng thực bản sao hộ chiếu ở phường mất bao nhiêu tiền một trang", "2.000815"),
        ("vợ tôi người Trung Quốc, có hộ chiếu rồi, làm đăng ký kết hôn mất mấy ngày",
         "2.000806"),
    ],
)  # fmt: skip
def test_the_ward_side_of_round_eight_matters_stays_the_wards(question: str, code: str) -> None:
    result = finder().find(question)
    assert isinstance(result, Found), (question, result)
    assert result.procedure.code == code


@pytest.mark.parametrize(
    ("question", "key"),
    [
        # forensic injury assessment, animal quarantine, donating a body, a certificate
        # of Vietnamese origin, the clinic on a health-insurance card
        ("Em bị xe máy đâm gãy tay, bên bảo hiểm đòi kết quả giám định tỷ lệ thương tật"
         " thì đi giám định ở đâu?", "elsewhere:injury_assessment"),
        ("Nhà nuôi bò muốn bán sang Lào Cai thì kiểm dịch vận chuyển động vật ở đâu?",
         "elsewhere:animal_quarantine"),
        ("Bà tôi muốn đăng ký hiến giác mạc sau khi mất thì liên hệ đâu?",
         "elsewhere:body_donation"),
        ("Cháu sinh ở Canada muốn xin chứng nhận là người gốc Việt Nam thì nộp ở đâu?",
         "elsewhere:vietnamese_origin"),
        ("Thay đổi nơi khám chữa bệnh ban đầu của bảo hiểm y tế vào lúc nào, ở đâu?",
         "elsewhere:health_insurance_clinic"),
    ],
)  # fmt: skip
def test_round_nine_matters_name_the_competent_agency(question: str, key: str) -> None:
    result = finder().find(question)
    assert isinstance(result, HandledElsewhere), (question, result)
    assert result.matter.key == key


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # the ward's side of those matters
        ("Đăng ký tham gia bảo hiểm y tế hộ gia đình ở phường cần giấy gì?", "1.001939"),
        ("Người thân mất ở bệnh viện, có giấy báo tử rồi thì đăng ký khai tử cần gì?",
         "1.000656"),
    ],
)  # fmt: skip
def test_the_ward_side_of_round_nine_matters_stays_the_wards(question: str, code: str) -> None:
    result = finder().find(question)
    assert isinstance(result, Found), (question, result)
    assert result.procedure.code == code


def test_override_groups_are_catalogue_groups() -> None:
    """A misspelt group would silently never override anything."""
    records = json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    groups = {r["group"] for r in records}
    used = {g for m in load_scope(DATA).matters for g in m.overrides_groups}
    assert used and used <= groups, used - groups


# Phrases of ward procedures that name the other agency's side on purpose: a card's
# situation that moves on to a company, notarising (not certifying), the tax a household
# business files, a nationality regained abroad.
OTHER_SIDE = {
    "chuyển sang thành lập doanh nghiệp hoặc đi làm công việc khác",
    "công chứng giấy tờ",
    "cần giấy chứng nhận đăng ký hộ kinh doanh để khai thuế, vay vốn",
    "vừa được trở lại quốc tịch Việt Nam",
}


def ward_phrases() -> set[str]:
    """Every official name, alias and card phrase (everyday name, situation) of the
    ward's catalogue: the words a citizen uses for a ward procedure."""
    records = json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    aliases = yaml.safe_load((DATA / "procedures" / "aliases.yml").read_text(encoding="utf-8"))
    aliases = aliases.get("aliases", aliases)
    cards = load_cards(DATA / "cards")
    phrases = {r["name"] for r in records}
    phrases |= {a for names in aliases.values() for a in names}
    for record in records:
        card = cards.get(record["code"])
        if card is not None:
            phrases |= {*card.everyday_names, *card.situations}
    return phrases


def test_no_ward_procedures_words_are_taken_by_the_reviewed_list() -> None:
    """Words of a matter that also describe a ward procedure ("kiện tranh chấp đất ở
    phường" is the ward chairman's land-dispute procedure, not a lawsuit) would send
    citizens away from the ward."""
    scope = load_scope(DATA)
    words = {w for m in scope.matters for w in m.overrides_words}

    def may_be_taken(phrase: str) -> bool:
        # The two ways to "handled elsewhere" (ProcedureFinder.find), the cheap test first:
        # a full find of every phrase would take half a minute.
        folded = f" {' '.join(normalise_tokens(phrase))} "
        return finder().out_of_scope(phrase) is not None or any(f" {w} " in folded for w in words)

    candidates = [p for p in ward_phrases() if may_be_taken(p)]
    taken = {p for p in candidates if isinstance(finder().find(p), HandledElsewhere)}
    assert taken <= OTHER_SIDE, sorted(taken - OTHER_SIDE)
