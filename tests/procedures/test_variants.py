import pytest

from actions.procedures.variants import (
    act_marks,
    context_free,
    core_of_name,
    cued_marks,
    denies_name,
    fit,
    hinted_marks,
    listed_marks_of_name,
    marks_of_name,
    negated_words,
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
        ("Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên", {"from_14"}),
        # An act done abroad, recorded here ("ghi chú"), is a foreign variant too.
        (
            "Thủ tục ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết "
            "tại cơ quan có thẩm quyền của nước ngoài",
            {"foreign"},
        ),
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
        # A stated age from 14 up is the ordinary card's, not the under-14 one.
        ("con tôi 15 tuổi làm căn cước cho con", {"from_14"}),
        ("bé nhà tôi 6 tuổi", {"under_14"}),
        # Asking again for a copy is a copy, not the registration done again.
        ("xin lại bản sao giấy khai sinh cho con", {"copy"}),
        ("giấy khai sinh làm mất, xin cấp lại", {"again"}),
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


@pytest.mark.parametrize(
    ("question", "cued"),
    [
        # The age stated picks the range it falls in, whatever else is said.
        ("thằng cháu nhà tôi năm nay 17 tuổi", {"from_14"}),
        ("con gai em 14 tuoi", {"from_14"}),
        ("cháu mới được 10 tháng tuổi", {"under_14"}),
        ("con bé nhà em lên 9 tuổi", {"under_14"}),
        # "bé" alone says a small child; an age of 15 says otherwise.
        ("bé nhà tôi 15 tuổi rồi", {"from_14"}),
        # A number that is no age ("2 năm") says nothing.
        ("đóng bảo hiểm 20 năm rồi", set()),
    ],
)
def test_a_stated_age_cues_the_variant_of_its_range(question: str, cued: set[str]) -> None:
    assert cued_marks(question) == cued


def test_the_ordinary_case_s_marker_counts_as_no_special_case() -> None:
    none: frozenset[str] = frozenset()
    assert fit(frozenset({"from_14"}), none) == fit(none, none)
    assert fit(frozenset({"from_14"}), frozenset({"from_14"})) > fit(frozenset(), frozenset())
    assert fit(frozenset({"under_14"}), none) < fit(frozenset({"from_14"}), none)


@pytest.mark.parametrize(
    ("question", "cued", "hinted"),
    [
        # Unmarried parents may register the birth without the father: possible only.
        ("bố mẹ cháu chưa cưới, sinh cháu rồi thì khai sinh sao", set(), {"recognition"}),
        # The father to be named on the certificate: the combined procedure.
        ("chưa kết hôn, muốn khai tên bố vào khai sinh", {"recognition"}, {"recognition"}),
        ("anh ấy muốn đứng tên trong giấy khai sinh của con", {"recognition"}, set()),
    ],
)
def test_the_father_named_cues_recognition_unmarried_parents_hint_it(
    question: str, cued: set[str], hinted: set[str]
) -> None:
    assert cued_marks(question) == cued
    assert hinted_marks(question) == hinted


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("hai đứa chưa đăng ký kết hôn mà có con", True),
        ("khong dang ky ket hon thi lam khai sinh sao", True),
        ("đăng ký kết hôn cần gì", False),
        # Said once plainly: asked for, though denied elsewhere.
        ("chưa đăng ký kết hôn, giờ muốn đăng ký kết hôn", False),
        ("chưa kết hôn", False),  # a name is denied only when said whole
    ],
)
def test_a_name_said_only_after_a_negation_is_denied(text: str, denied: bool) -> None:
    assert denies_name(text, "Thủ tục đăng ký kết hôn") is denied


def test_a_special_case_said_outweighs_the_ordinary_case_s_age() -> None:
    cued = frozenset({"exchange", "from_14"})
    assert fit(frozenset({"exchange"}), cued) > fit(frozenset({"from_14"}), cued)
    assert fit(frozenset({"from_14"}), frozenset({"from_14"})) > fit(frozenset(), frozenset())


def test_a_negation_covers_the_few_words_after_it() -> None:
    assert negated_words("tụi em chưa cưới, giờ làm khai sinh") == {"chua", "cuoi", "gio"}
    assert negated_words("làm khai sinh cho con") == set()


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        # The act a name leads with, as its own marker.
        ("Dừng thực hiện thủ tục đăng ký hộ kinh doanh", {"withdraw"}),
        (
            "Thu hồi chứng nhận đăng ký xe, biển số xe thực hiện bằng dịch vụ công toàn trình",
            {"revoke"},
        ),
        ("Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp III, cấp IV", {"repair"}),
        ("Cấp điều chỉnh giấy phép xây dựng đối với công trình cấp III, cấp IV", {"update"}),
        ("Công nhận hộ nghèo, hộ cận nghèo thường xuyên hằng năm", {"off_cycle"}),
        (
            "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật",
            {"own_translator"},
        ),
    ],
)
def test_the_act_a_name_leads_with_is_its_marker(name: str, marks: set[str]) -> None:
    assert marks_of_name(name) == marks


@pytest.mark.parametrize(
    ("question", "mark", "cued"),
    [
        # Damage that destroys a paper asks for it again.
        ("sổ hộ khẩu cũ bị ngấm nước mục hết", "again", True),
        ("giấy phép bị mối xông không đọc được", "again", True),
        # A spouse named by their country.
        ("vợ Hàn của tôi muốn làm giấy tờ", "foreign", True),
        ("chồng Đài Loan của chị ấy", "foreign", True),
        # "Tày" folds onto "Tây": a Vietnamese ethnic group is no foreign element.
        ("bà ngoại cháu là người Tày ở Cao Bằng", "foreign", False),
        ("em muốn rút hồ sơ đã nộp", "withdraw", True),
        ("xe cũ hỏng rồi, muốn thu hồi biển số", "revoke", True),
        # Land taken by the State is no certificate handed back.
        ("nhà tôi bị thu hồi đất làm đường", "revoke", False),
        ("muốn cơi nới thêm gác xép", "repair", True),
        ("gia đình mới gặp nạn giữa năm, xin xét cận nghèo", "off_cycle", True),
        ("bản dịch do tôi tự dịch", "own_translator", True),
        ("muốn sửa thông tin quê quán trên hệ thống", "update", True),
        ("giấy chứng nhận cũ muốn đổi giấy mới", "exchange", True),
    ],
)
def test_the_citizen_s_words_cue_the_act(question: str, mark: str, cued: bool) -> None:
    assert (mark in cued_marks(question)) is cued


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # A paper held is context; the clause after it is the request.
        (
            "Nhà tôi đã có sổ đỏ rồi, giờ muốn nhập hộ khẩu cho con dâu",
            "giờ muốn nhập hộ khẩu cho con dâu",
        ),
        (
            "Căn hộ đứng tên vợ tôi, tôi muốn đăng ký tạm trú ở đó",
            "tôi muốn đăng ký tạm trú ở đó",
        ),
        # What the paper is for, mid-clause, up to where the clause turns to the question.
        (
            "Xin trích lục khai sinh để bổ sung hồ sơ xin việc thì nộp ở đâu",
            "xin trích lục khai sinh thì nộp ở đâu",
        ),
        # A goal stated first is the request itself.
        ("Để đăng ký hộ kinh doanh cần gì", "để đăng ký hộ kinh doanh cần gì"),
        # "để lại" is no purpose; a clause asking something is no context.
        ("Đất ông bà để lại, muốn làm sổ", "đất ông bà để lại, muốn làm sổ"),
        ("Đã có căn cước chưa, làm ở đâu", "đã có căn cước chưa, làm ở đâu"),
        # What went wrong with a paper decides the act: kept though it is done already.
        ("Thẻ căn cước bị mất rồi, làm ở đâu", "thẻ căn cước bị mất rồi, làm ở đâu"),
    ],
)
def test_context_is_set_apart_from_the_request(text: str, asked: str) -> None:
    assert context_free(text) == asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # Typed without accents or in teencode, context words are read by their folded form.
        (
            "nha toi da co so do roi, gio muon tach ho cho con trai",
            "gio muon tach ho cho con trai",
        ),
        ("e có sổ hồng r, h muốn nhập khẩu cho mẹ", "gio muốn nhập khẩu cho mẹ"),
        (
            "xin giay xac nhan doc than de lam ho so ket hon thi nop o dau",
            "xin giay xac nhan doc than thi nop o dau",
        ),
        # Unaccented "mới de" is "mới đẻ" (just born), no purpose; accented "dễ" is no "để".
        ("lam khai sinh cho con moi de thi can gi", "lam khai sinh cho con moi de thi can gi"),
        ("làm căn cước có dễ không", "làm căn cước có dễ không"),
        # A purpose right after asking what to do is the goal asked for.
        (
            "Gia đình phải làm thủ tục gì để được nhận tiền tuất",
            "gia đình phải làm thủ tục gì để được nhận tiền tuất",
        ),
        (
            "nha em can lam gi de duoc cap so do lan dau",
            "nha em can lam gi de duoc cap so do lan dau",
        ),
        # A death told in a clause of its own is the story; the request is elsewhere.
        (
            "Chồng tôi đã qua đời, giờ tôi muốn sang tên sổ đỏ cho con",
            "giờ tôi muốn sang tên sổ đỏ cho con",
        ),
        ("me em vua mat, nha muon dung rap tren via he", "nha muon dung rap tren via he"),
        ("Bố tôi mới mất, cần làm thủ tục gì", "cần làm thủ tục gì"),
        # A lost paper still decides the act.
        ("cccd bị mất r, làm lại ở đâu", "can cuoc cong dan bị mất roi, làm lại ở đâu"),
    ],
)
def test_context_is_read_with_or_without_accents(text: str, asked: str) -> None:
    assert context_free(text) == asked


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        (
            "Giải quyết chế độ, chính sách cho người tham gia lực lượng tham gia bảo vệ an ninh, "
            "trật tự ở cơ sở chưa tham gia bảo hiểm xã hội mà bị tai nạn, chết khi thực hiện "
            "nhiệm vụ",
            {"death"},
        ),
        (
            "Hỗ trợ khám chữa bệnh, trợ cấp tai nạn cho lực lượng xung kích phòng chống thiên tai "
            "cấp xã trong trường hợp chưa tham gia bảo hiểm y tế, bảo hiểm xã hội",
            {"injury"},
        ),
        ("Giải quyết hưởng chế độ tử tuất", {"death"}),
        # "Tai nạn" alone is in both siblings: it marks neither.
        ("Trợ cấp tai nạn cho người tham gia", set()),
    ],
)
def test_what_happened_to_the_person_marks_the_name(name: str, marks: set[str]) -> None:
    assert marks_of_name(name) == marks


@pytest.mark.parametrize(
    ("question", "mark", "cued"),
    [
        ("anh ấy bị tai nạn tử vong khi đang đi làm nhiệm vụ", "death", True),
        ("chu toi bi lu cuon, khong qua khoi", "death", True),
        ("nhà được nhận tiền mai táng không", "death", True),
        ("bị tai nạn gãy tay phải nằm viện hai tuần", "injury", True),
        ("đi cứu hộ bị thương, tiền viện phí ai trả", "injury", True),
        # Treated, then died: the death decides.
        ("nằm viện ba ngày thì qua đời", "injury", False),
        # "Mất" alone is also a lost paper or the time taken.
        ("làm mất căn cước, làm lại mất bao lâu", "death", False),
    ],
)
def test_a_death_or_an_injury_is_cued(question: str, mark: str, cued: bool) -> None:
    assert (mark in cued_marks(question)) is cued


@pytest.mark.parametrize(
    ("question", "mark", "cued"),
    [
        # A place word and a country, compared with the accents typed: the justice
        # officer ("cán bộ tư pháp") folds onto "từ Pháp", a drought ("tai hạn") onto "tại
        # Hàn"; neither is a foreign element. Typed without accents, it is the country.
        ("cán bộ tư pháp xã có làm kết hôn vào thứ bảy không", "foreign", False),
        ("nhà tôi bị thiệt hại do thiên tai hạn hán", "foreign", False),
        ("chồng tôi vừa từ Pháp về, muốn kết hôn", "foreign", True),
        ("vo toi sinh song tai Han Quoc", "foreign", True),
        # A country whose folded name is everyday words is a cue after a place word only.
        ("con rể tôi là người Ấn Độ", "foreign", True),
        ("ăn đồ gì cho khỏe", "foreign", False),
        ("mẹ cháu quốc tịch Ba Lan", "foreign", True),
        ("anh ấy có visa lao động ở đây", "foreign", True),
        # The officer coming to the citizen is the mobile registration; the citizen going
        # up to the ward is not.
        ("xã có cử cán bộ xuống làm giấy cho cụ không", "mobile", True),
        ("cán bộ có đến tận nhà không", "mobile", True),
        ("có phải lên tận phường không", "mobile", False),
        # Ending a registration, typed with either spelling.
        ("chuyển nhà rồi thì xoá tạm trú ở đâu", "remove", True),
        ("cắt khẩu cho ông ngoại", "remove", True),
        ("đăng ký tạm trú ở nhà mới", "remove", False),
        # Undoing a certified contract is amending it.
        ("hai bên muốn hủy bỏ giao dịch đã chứng thực", "amend", True),
        # Damage that makes a card unusable asks for it again.
        ("thẻ bị gãy đôi rồi", "again", True),
        ("giấy phép mờ hết chữ", "again", True),
    ],
)
def test_a_variant_is_cued_by_what_the_citizen_says(question: str, mark: str, cued: bool) -> None:
    assert (mark in cued_marks(question)) is cued


@pytest.mark.parametrize(
    ("question", "cued"),
    [
        # The register or the original gone, a few words apart in the citizen's story.
        ("hồi đó có làm nhưng sổ lưu ở ủy ban cũng không còn", True),
        ("bản chính của giấy đó đã bị mất từ lâu", True),
        ("sổ hộ tịch gốc năm ấy thất lạc", True),
        ("bản gốc nhà tôi không còn giữ", True),
        # Too far apart, or about what it costs: nothing lost.
        ("bản chính có mất phí không", False),
        ("sổ đỏ đứng tên bố tôi, giờ bố tôi muốn tặng cho con mà không còn", False),
    ],
)
def test_a_register_or_original_said_gone_cues_registering_again(question: str, cued: bool) -> None:
    assert ("again" in cued_marks(question)) is cued


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        ("Thủ tục đăng ký kết hôn lưu động", {"mobile"}),
        ("Thủ tục đăng ký khai tử lưu động", {"mobile"}),
        ("Xóa đăng ký tạm trú", {"remove"}),
        ("Xóa đăng ký thường trú", {"remove"}),
        ("Đăng ký tạm trú", set()),
    ],
)
def test_mobile_and_removal_siblings_carry_their_markers(name: str, marks: set[str]) -> None:
    assert marks_of_name(name) == marks


@pytest.mark.parametrize(
    ("question", "cued"),
    [
        # A one-word country typed without accents is a name only when capitalised:
        # "tai bi" is "tại bị", "nguoi lao" is "người lao (động)".
        ("ten hien tai bi ban be che", False),
        ("nguoi lao dong o cong ty", False),
        ("vo toi la nguoi Lao", True),
        ("chong em song tai Bi", True),
        # Accents typed say it, whatever the case.
        ("vợ tôi là người lào", True),
        # A country of several words is unambiguous.
        ("vo toi nguoi thai lan", True),
    ],
)
def test_a_country_without_accents_is_a_capitalised_name(question: str, cued: bool) -> None:
    assert ("foreign" in cued_marks(question)) is cued


def test_a_name_s_parenthesis_lists_cases_it_covers() -> None:
    listed = (
        "Thủ tục ghi vào Sổ hộ tịch việc hộ tịch khác của công dân Việt Nam đã được giải "
        "quyết tại cơ quan có thẩm quyền của nước ngoài (khai sinh; giám hộ; nhận cha, mẹ, "
        "con; khai tử)"
    )
    assert listed_marks_of_name(listed) == {"recognition"}
    assert listed_marks_of_name("Thủ tục đăng ký nhận cha, mẹ, con") == frozenset()
    # Listed, it is no special case held against the name.
    assert fit(marks_of_name(listed), frozenset({"foreign"}), listed_marks_of_name(listed)) == (
        1,
        0,
    )


def test_acts_are_told_from_states() -> None:
    assert {"remove", "amend", "terminate", "mobile"} <= act_marks()
    assert not {"foreign", "again", "under_14"} & act_marks()


@pytest.mark.parametrize(
    ("question", "cued", "not_cued"),
    [
        # An age bound ("dưới 14 tuổi", "chưa đủ 14") is no age of 14: it says below it.
        ("làm căn cước cho con dưới 14 tuổi cần gì", {"under_14"}, {"from_14"}),
        ("lam the can cuoc cho chau duoi 14 tuoi o dau", {"under_14"}, {"from_14"}),
        ("bé nhà tôi chưa đủ 14 tuổi thì làm thẻ thế nào", {"under_14"}, {"from_14"}),
        ("con tôi trên 14 tuổi rồi, làm căn cước ở đâu", {"from_14"}, {"under_14"}),
        ("cháu đã hơn 16 tuổi, làm căn cước cần gì", {"from_14"}, {"under_14"}),
        # A stated age still decides.
        ("con tôi 12 tuổi làm căn cước", {"under_14"}, {"from_14"}),
    ],
)
def test_an_age_bound_is_read_as_the_side_it_names(
    question: str, cued: set[str], not_cued: set[str]
) -> None:
    marks = cued_marks(question)
    assert cued <= marks
    assert not (not_cued & marks)


@pytest.mark.parametrize(
    "question",
    [
        # "mở" (open) folds onto "mổ" (surgery): opening a shop is no injury.
        "quán tạm nghỉ hai tháng, giờ muốn mở bán lại sớm",
        "tiệm em muốn mở cửa lại thì báo ai",
        "mo lai cua hang sau khi tam ngung thi lam gi",
    ],
)
def test_opening_a_shop_is_no_operation(question: str) -> None:
    assert "injury" not in cued_marks(question)


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        # Notifying an act is its own sibling of registering it.
        ("Thông báo thành lập/thay đổi tổ hợp tác", {"cooperative_group", "notify"}),
        ("Đăng ký thành lập tổ hợp tác", {"cooperative_group"}),
        # "trước thời hạn đã thông báo": a notice given, not the act of notifying.
        (
            "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ "
            "kinh doanh",
            {"suspend", "resume"},
        ),
        # Paying off a debt, not having it recorded.
        ("Thanh toán, xóa nợ tiền sử dụng đất đối với hộ gia đình, cá nhân được ghi nợ", {"pay"}),
        ("Ghi nợ tiền sử dụng đất của hộ gia đình, cá nhân", set()),
        # A law cited in a name ("Luật Hợp tác xã") is not the variant.
        (
            "Đăng ký thành lập tổ hợp tác; đăng ký tổ hợp tác trong trường hợp đã được thành "
            "lập trước ngày Luật Hợp tác xã có hiệu lực thi hành",
            {"cooperative_group"},
        ),
    ],
)
def test_acts_of_a_family_are_told_apart_by_their_names(name: str, marks: set[str]) -> None:
    assert marks_of_name(name) == marks


@pytest.mark.parametrize(
    ("question", "mark"),
    [
        ("tổ hợp tác mới lập thì phải báo với ủy ban xã thế nào", "notify"),
        ("thông báo thay đổi tổ trưởng tổ hợp tác nộp ở đâu", "notify"),
        ("muốn trả hết tiền sử dụng đất còn nợ thì làm gì", "pay"),
        ("nay có tiền rồi, muốn thanh toán khoản ghi nợ tiền đất", "pay"),
        ("tiệm đang tạm nghỉ, muốn kinh doanh trở lại sớm hơn", "resume"),
        ("hợp tác xã muốn hoạt động trở lại trước hạn", "resume"),
    ],
)
def test_the_citizen_s_act_words_cue_the_sibling(question: str, mark: str) -> None:
    assert mark in cued_marks(question)
