"""Which kinds of answer a message asks for: cue patterns with gaps, exceptions, yes/no shapes."""

from __future__ import annotations

import pytest

from actions.text import topic_cues
from actions.text.topic_cues import CuePatternError, compile_pattern, cued_topics, folded_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Several questions in one long, situational message, each worded its own way.
        (
            "Tháng sau chúng em cưới, giờ muốn đăng ký kết hôn thì lên đâu làm, "
            "phải mang theo những giấy gì và mấy hôm thì xong ạ",
            ["papers", "duration", "submission"],
        ),
        (
            "mẹ tôi muốn làm lại thẻ căn cước, nộp cho ai, có tốn đồng nào không",
            ["fee", "submission"],
        ),
        (
            "con tôi mới sinh, làm khai sinh ở chỗ nào, bao giờ thì lấy được giấy",
            ["duration", "submission"],
        ),
        ("bao giờ nhận được sổ đỏ, phí trước bạ bao nhiêu", ["fee", "duration"]),
        (
            "đổi tên cho con có cần mang sổ hộ khẩu không, làm ở phường nào",
            ["papers", "submission"],
        ),
        (
            "xin trích lục hộ tịch thì ra phường hay lên quận, hồ sơ gồm những gì",
            ["papers", "submission"],
        ),
        ("chứng thực hợp đồng có cần bản gốc không, lệ phí thế nào", ["papers", "fee"]),
        ("tách khẩu thì nộp những gì, có lâu không", ["papers", "duration"]),
        # Teencode and no diacritics: the folding makes them the same words.
        ("dky tam tru can mang j, mat bn tien", ["papers", "fee"]),
        ("lam so ho khau o dau, bh co", ["duration", "submission"]),
        ("đki kết hôn có mất tiền ko, mấy ngày có giấy", ["fee", "duration"]),
        ("tờ khai điền như thế nào, nộp qua mạng được không", ["submission", "forms"]),
        ("xin giấy phép kinh doanh thì đủ điều kiện gì, theo mẫu nào", ["conditions", "forms"]),
        # Eligibility in yes/no shape, beside another question.
        (
            "mở tiệm tạp hóa có bắt buộc phải đăng ký không, nếu có thì cần giấy gì",
            ["papers", "conditions"],
        ),
        (
            "bố tôi 70 tuổi có được nhận trợ cấp hằng tháng không, làm hồ sơ ở đâu",
            ["conditions", "submission"],
        ),
        # The price of one unit, and "lấy / thu bao nhiêu" at the desk, are fee questions.
        ("chứng thực bản sao ở phường lấy bao nhiêu một trang", ["fee"]),
        ("sao y giấy tờ thì thu bao nhiêu", ["fee"]),
        # Whether a paper is handed in (again); which paper to fill in.
        ("xin cấp lại giấy có phải nộp lại giấy cũ không", ["papers"]),
        ("đăng ký lại khai sinh thì phải khai tờ gì", ["forms"]),
    ],
)
def test_cues_find_every_question(text: str, expected: list[str]) -> None:
    assert cued_topics(text) == expected


@pytest.mark.parametrize(
    ("text", "not_asked"),
    [
        # Time words after "mất / hết bao nhiêu": a duration question, not a fee one.
        ("làm sổ đỏ hết bao nhiêu ngày", "fee"),
        # "phí" inside a name: non-agricultural land, African swine fever.
        ("chuyển sang đất phi nông nghiệp thế nào, nộp ở đâu", "fee"),
        ("lợn bị dịch tả châu Phi thì xin hỗ trợ thế nào", "fee"),
        # "giấy tờ khai tử" folds to "giay to khai tu": no "tờ khai" (form).
        ("ông tôi mất, nhà cần làm giấy tờ khai tử", "forms"),
        # Where a filed dossier stands, where to get a form, who "tôi" is: no office question.
        ("hồ sơ cấp sổ của tôi đến đâu rồi", "submission"),
        ("hồ sơ của tôi đâu", "submission"),
        ("mẫu đơn xin xác nhận tải ở đâu", "submission"),
        # Office hours, not which office.
        ("chủ nhật phường có làm việc không, cần mang giấy tờ gì", "submission"),
        # Which channel, not eligibility.
        ("gia hạn tạm trú trên VNeID có được không, phí bao nhiêu", "conditions"),
        # What to do (the overview), not papers.
        ("mở quán cà phê thì phải làm những giấy tờ gì", "papers"),
        ("xây nhà cần làm thủ tục gì", "papers"),
        # How long a paper stays valid is not how long the procedure takes.
        ("giấy xác nhận độc thân có thời hạn bao lâu, cần giấy gì", "duration"),
        # When one may file is not how long it takes; how soon is not whether one may.
        ("khi nào có thể nộp hồ sơ cấp đổi, nộp ở đâu", "duration"),
        ("chứng thực xong có lấy ngay được không, phí bao nhiêu", "conditions"),
        # Money received is no fee.
        ("sinh con được bao nhiêu tiền thai sản, nộp hồ sơ ở đâu", "fee"),
        # A paper to obtain: papers, not eligibility.
        ("có cần xin giấy xác nhận cư trú không, nộp ở đâu", "conditions"),
        # Bringing someone along is no paper.
        ("làm căn cước cho con có cần mang cháu đi cùng không, làm ở đâu", "papers"),
        # How many copies, or how many days, is no price.
        ("chứng thực cần lấy bao nhiêu bản sao", "fee"),
        ("thủ tục này lấy bao nhiêu ngày", "fee"),
        ("có phải nộp hồ sơ trực tiếp không", "papers"),
    ],
)
def test_cues_do_not_add_a_topic_not_asked(text: str, not_asked: str) -> None:
    assert not_asked not in cued_topics(text)


@pytest.mark.parametrize(
    "text",
    ["em ở trọ thì có phải khai báo tạm trú không", "nhà dựng rạp đám cưới có phải xin phép không"],
)
def test_a_yes_no_question_alone_is_left_to_the_intent(text: str) -> None:
    # Alone it is the overview question; beside another question, it is eligibility.
    assert cued_topics(text) == []
    assert cued_topics(text, primary="papers") == ["conditions"]
    assert cued_topics(text + ", mất bao lâu") == ["conditions", "duration"]


def test_a_secondary_cue_does_not_count_beside_its_own_topic() -> None:
    # The intent already asks it: nothing else is asked.
    assert cued_topics("có phải xin phép không", primary="conditions") == []


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("can ~3 gi", "cần mang theo những gì", True),
        ("can ~3 gi", "cần mang theo hai bản những gì", False),  # the gap is bounded
        ("mang (theo)? giay", "mang giấy", True),
        ("mang (theo)? giay", "mang theo giấy", True),
        ("(ve|len) (dau|cho nao)", "lên chỗ nào", True),
        ("mau ct*", "mẫu CT01", True),
        ("o dau", "chỗ đầu tiên", False),  # whole words only
        ("bao gio", "bh", True),  # pattern words are teencode-expanded like the text
    ],
)
def test_pattern_syntax(pattern: str, text: str, matches: bool) -> None:
    assert bool(compile_pattern(pattern).search(folded_text(text))) is matches


@pytest.mark.parametrize("pattern", ["(a|b", "a)", "()", "(a|)", "pre fix*x* (", "~2"])
def test_bad_patterns_fail_at_load(pattern: str) -> None:
    with pytest.raises(CuePatternError):
        compile_pattern(pattern)


def test_every_topic_of_the_lexicon_is_known_and_compiles() -> None:
    topic_cues._topics.cache_clear()
    topics = topic_cues._topics()
    assert set(topics) == set(topic_cues.TOPIC_ORDER)
    assert all(spec.cues for spec in topics.values())


@pytest.mark.parametrize(
    "text",
    [
        # A requirement to meet: "có phải có … không", "bắt buộc phải có … không".
        "mở tiệm cắt tóc có bắt buộc phải có biển hiệu riêng không",
        "đăng ký tạm trú có phải có mặt chủ nhà không",
        # Consequences of not doing it, or of doing it late.
        "quên khai báo tạm trú cho khách thì có bị phạt không",
        "quá hạn khai tử một tháng thì có sao không",
        # Whether staff come to the citizen.
        "người già yếu thì cán bộ có đến tận nhà chứng thực được không",
    ],
)
def test_more_eligibility_shapes_count_beside_another_question(text: str) -> None:
    assert topic_cues.asks_eligibility(text)
    assert "conditions" in cued_topics(text, primary="papers")
    assert cued_topics(text) == []  # alone, still left to the intent


@pytest.mark.parametrize(
    "text",
    [
        # Having a paper is a papers question, not eligibility.
        "có cần có bản sao giấy khai sinh không",
        "có phải có giấy xác nhận của tổ dân phố không",
        # Which channel, not whether.
        "nộp qua dịch vụ công được không",
        # No yes/no question at all.
        "đăng ký tạm trú cần giấy tờ gì",
    ],
)
def test_not_eligibility(text: str) -> None:
    assert not topic_cues.asks_eligibility(text)
    assert "conditions" not in cued_topics(text, primary="papers")


@pytest.mark.parametrize(
    ("text", "eligibility"),
    [("điều kiện nhận trợ cấp là gì", True), ("người khuyết tật có được nhận trợ cấp không", True)],
)
def test_asks_eligibility_counts_strong_and_secondary_cues(text: str, eligibility: bool) -> None:
    assert topic_cues.asks_eligibility(text) is eligibility


@pytest.mark.parametrize(
    ("text", "left"),
    [
        # The question's own words go; what names the matter stays.
        ("bn ngày thì xong", "thi xong"),
        ("giấy khai sinh cần bản chính hay bản sao", "giay khai sinh can ban sao"),
        ("tạm trú nộp online được không", "tam tru khong"),
        ("đổi căn cước", "doi can cuoc"),
    ],
)
def test_without_cues_keeps_what_names_the_matter(text: str, left: str) -> None:
    assert topic_cues.without_cues(text) == left


@pytest.mark.parametrize(
    ("text", "how"),
    [
        ("tách hộ thì thủ tục thế nào ạ", True),
        ("muốn xóa tạm trú thì làm sao", True),
        ("cấp phép vỉa hè cần làm những giấy tờ gì", True),
        ("cho hỏi về tách hộ", False),
        ("tách hộ", False),
    ],
)
def test_asks_how(text: str, how: bool) -> None:
    assert topic_cues.asks_how(text) is how


@pytest.mark.parametrize(
    ("text", "asking"),
    [
        # The story before the question asks nothing; the question clauses are kept.
        (
            "Hồi trước công an bảo nhà tôi không đủ điều kiện nhập khẩu. Giờ làm lại cần gì?",
            ["Giờ làm lại cần gì?"],
        ),
        (
            "Ông tôi chưa bao giờ có giấy khai sinh, giờ làm thì nộp ở đâu",
            ["giờ làm thì nộp ở đâu"],
        ),
        # "xe máy", "lần đầu", "bản sao" are no question words.
        (
            "Tôi bán xe máy cũ, cấp sổ lần đầu năm 2010, có bản sao rồi, sang tên mất bao lâu",
            ["sang tên mất bao lâu"],
        ),
        # A question after "và" is a clause of its own; "được … và … không" is one.
        (
            "mở tiệm tạp hóa ở nhà được không và cần giấy gì",
            ["mở tiệm tạp hóa ở nhà được không", "và cần giấy gì"],
        ),
        (
            "gia đình có được nhận tiền mai táng và trợ cấp không",
            ["gia đình có được nhận tiền mai táng và trợ cấp không"],
        ),
        # No clause asks: the whole message stands.
        ("lệ phí khai sinh", ["lệ phí khai sinh"]),
    ],
)
def test_question_clauses(text: str, asking: list[str]) -> None:
    assert topic_cues.question_clauses(text) == asking


@pytest.mark.parametrize(
    ("text", "primary", "expected"),
    [
        # A story's words are not what is asked: "điều kiện", "bao giờ" in the story.
        (
            "Công an bảo chưa đủ điều kiện tách hộ. Giờ tách hộ cần mang gì?",
            "papers",
            ["papers"],
        ),
        (
            "Bố tôi chưa bao giờ có sổ hộ khẩu, giờ đăng ký thường trú cần giấy gì",
            "papers",
            ["papers"],
        ),
        # A yes/no of obligation beside another question asks whether one must or may.
        (
            "chứng thực hợp đồng mua bán cần mang gì, hai bên có phải cùng đến không",
            "papers",
            ["papers", "conditions"],
        ),
        (
            "mất bao lâu thì có giấy phép, có bắt buộc chủ nhà ký tên không",
            "duration",
            ["conditions", "duration"],
        ),
        (
            "ủy quyền cho con lĩnh lương hưu thay được không, nộp ở đâu",
            "submission",
            ["conditions", "submission"],
        ),
        # A yes/no about a paper beside another question asks the papers.
        (
            "đăng ký tạm trú mất mấy ngày, có phải nộp lại cuốn sổ cũ không",
            "duration",
            ["papers", "duration"],
        ),
        (
            "lệ phí bao nhiêu, mỗi người có phải viết một tờ riêng không",
            "fee",
            ["papers", "fee"],
        ),
        # …but the paper, office or time the yes/no is about is that topic.
        (
            "làm khai tử cần gì, có cần giấy báo tử của bệnh viện không",
            "papers",
            ["papers"],
        ),
        (
            "chuyển nhượng đất mất bao lâu, có bắt buộc lên tận văn phòng đăng ký không",
            "duration",
            ["duration", "submission"],
        ),
        (
            "đính chính sổ đỏ phí bao nhiêu, sáng nộp chiều lấy được không",
            "fee",
            ["fee", "duration"],
        ),
    ],
)
def test_the_question_clauses_decide(text: str, primary: str, expected: list[str]) -> None:
    assert cued_topics(text, primary=primary) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Alone, a yes/no about an office or a time is the intent's own reading.
        "có bắt buộc phải lên tận ủy ban không",
        "đăng ký hộ kinh doanh có lấy luôn trong ngày được không",
        "gửi hồ sơ qua bưu điện được không",
    ],
)
def test_a_lone_yes_no_is_not_made_a_conditions_question(text: str) -> None:
    assert "conditions" not in cued_topics(text, primary="submission")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A deadline the citizen must keep: the conditions, and the time words' duration.
        ("báo tạm vắng phải báo trước mấy ngày", ["conditions", "duration"]),
        ("sinh con thì trong bao lâu kể từ ngày sinh phải khai sinh", ["conditions", "duration"]),
        ("nghỉ bán hàng bao lâu thì phải báo tạm ngừng kinh doanh", ["conditions", "duration"]),
        # A minimum to meet.
        ("lập tổ hợp tác cần ít nhất mấy người", ["conditions"]),
        # A paper in the words citizens use for one; a form when it is filled in.
        ("đi làm căn cước cho bà thì cầm theo tờ gì", ["papers"]),
        ("xin hỗ trợ thiệt hại thì soạn sẵn gì mang lên", ["papers"]),
        ("nộp đơn gì để xin trợ cấp", ["papers"]),
        ("khai báo lưu trú thì dùng mẫu phiếu nào", ["forms"]),
        ("làm căn cước phải điền phiếu gì", ["forms"]),
        # Which office, in other words: an agency, whom to ask or tell.
        ("hỗ trợ học nghề thì nộp cho cơ quan nào", ["submission"]),
        ("đào đường lắp ống nước phải xin phép ai", ["submission"]),
        # Ready the same day.
        ("chứng thực chữ ký làm trong ngày được không", ["duration"]),
        ("giấy phép kinh doanh sáng nộp hồ sơ thì chiều lấy được không", ["duration"]),
    ],
)
def test_more_ways_of_asking(text: str, expected: list[str]) -> None:
    assert cued_topics(text) == expected


@pytest.mark.parametrize(
    ("text", "not_asked"),
    [
        # A cue is read within one clause: no "phải xin phép … không" across the comma.
        ("muốn chặt cây thì phải xin phép ai, có mẫu đơn sẵn không", "conditions"),
        # "tôi" is no evening, "sáng thứ Bảy" no time to wait.
        ("sáng thứ Bảy tôi qua nộp hồ sơ có ai tiếp không", "duration"),
        ("hồ sơ của tôi xong chưa", "duration"),
        # Doing it at once is no "ready at once".
        ("làm giấy báo tử cần gì và có phải làm ngay không", "duration"),
    ],
)
def test_the_new_ways_do_not_add_a_topic(text: str, not_asked: str) -> None:
    assert not_asked not in cued_topics(text, primary="forms")


# Round 7: the second question of a message, in the words citizens use for it.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Ready the same day, worded every way.
        (
            "đăng ký khai sinh cho bé cần giấy tờ gì, nộp xong có lấy luôn trong ngày không",
            ["papers", "duration"],
        ),
        (
            "chứng thực hợp đồng có lấy được ngay trong ngày không, phí bao nhiêu",
            ["fee", "duration"],
        ),
        ("xin xác nhận cư trú lấy luôn trong ngày dc ko, cần mang gì", ["papers", "duration"]),
        # Paying, in the words for paying; "đồng nào" after "đóng".
        ("chứng thực 20 trang thì tính tiền thế nào, làm ở đâu", ["fee", "submission"]),
        ("bảo hiểm y tế hộ gia đình mỗi năm đóng bao nhiêu, đăng ký ở đâu", ["fee", "submission"]),
        ("cấp lại giấy phép kinh doanh có phải đóng đồng nào không", ["fee"]),
        # Whom to file with, how to send it, a yes/no that names the office.
        ("hòa giải tranh chấp ranh giới đất thì viết đơn gửi ai", ["submission"]),
        ("hỗ trợ giống cây trồng thì nông dân đăng ký với ai", ["submission"]),
        ("khách ở lại qua đêm thì báo qua đâu, có mất phí không", ["fee", "submission"]),
        ("khai báo tạm vắng qua điện thoại hay app", ["submission"]),
        ("xin xác nhận hộ nghèo làm ở phường hả", ["submission"]),
        ("đăng ký khai tử thì báo bằng cách nào cho nhanh", ["submission"]),
        # The papers: "hồ sơ có những gì", a photo handed in.
        ("thành lập tổ hợp tác thì hồ sơ có những gì", ["papers"]),
        (
            "xin phép sửa nhà có phải nộp ảnh chụp hiện trạng không, mất bao lâu",
            ["papers", "duration"],
        ),
        # The form: which one to use, which annex, where to get it.
        ("khai báo lưu trú cho khách nước ngoài dùng phiếu gì", ["forms"]),
        ("đơn xin hỗ trợ học nghề theo mẫu phụ lục mấy", ["forms"]),
        ("giấy đề nghị xét trợ cấp lấy mẫu ở đâu", ["forms"]),
        # Whether one may or must, beside another question.
        (
            "em trai tôi có thể ủy quyền cho tôi nhận lương hưu thay không, nộp ở đâu",
            ["conditions", "submission"],
        ),
        ("nhà chỉ còn mình tôi, ai làm thay được, cần giấy gì", ["papers", "conditions"]),
        (
            "cho người quen ở nhờ vài đêm có cần báo công an không, báo qua đâu",
            ["conditions", "submission"],
        ),
        # Whether the ward may do it: the office and the conditions are both answered.
        (
            "chứng thực di chúc ở ủy ban xã được không, mất mấy ngày",
            ["conditions", "duration", "submission"],
        ),
        ("đăng ký khai tử ở phường có được không, cần gì", ["papers", "conditions", "submission"]),
        # Still in time: a deadline (the conditions) and the time it takes.
        (
            "mất thẻ căn cước từ tuần trước, giờ báo mất còn kịp không, cần gì",
            ["papers", "conditions", "duration"],
        ),
    ],
)
def test_the_second_question_is_read(text: str, expected: list[str]) -> None:
    assert cued_topics(text) == expected


@pytest.mark.parametrize(
    ("text", "not_asked"),
    [
        # "mặt tiền" (the street front) folds onto "mất tiền"; "sửa chữa" ends in "chưa".
        ("nhà mặt tiền đường lớn muốn cơi nới thêm tầng, xin phép ở đâu", "fee"),
        ("muốn cải tạo lại mặt tiền nên phải xin phép sửa chữa, nộp ở đâu", "fee"),
        # How many sets is no price.
        ("hồ sơ thành lập hợp tác xã nộp bao nhiêu bộ, cần những gì", "fee"),
        # "lên tận nơi" is at home, no office to file at.
        ("có cán bộ nào xuống tận nơi làm khai tử cho ông tôi không, cần gì", "submission"),
        # Bringing a paper along ("cầm theo tờ gì") is no form.
        ("đi làm căn cước cho bà thì cầm theo tờ gì, mất bao lâu", "forms"),
    ],
)
def test_look_alike_words_ask_nothing(text: str, not_asked: str) -> None:
    assert not_asked not in cued_topics(text)


def test_a_word_ending_in_a_yes_no_word_does_not_ask() -> None:
    # "sửa chữa" and "bệnh viện nhi" end in "chưa" and "nhỉ" once folded.
    assert topic_cues.question_clauses("nhà đang sửa chữa, xin phép cần giấy gì") == [
        "xin phép cần giấy gì"
    ]
    assert topic_cues.question_clauses("cháu sinh ở bệnh viện nhi, làm khai sinh ở đâu") == [
        "làm khai sinh ở đâu"
    ]


def test_whether_the_ward_may_alone_is_the_office_question() -> None:
    # Beside another question it adds the conditions; alone it is no eligibility question.
    assert not topic_cues.asks_eligibility("làm ở phường được không")
    assert cued_topics("làm ở phường được không") == ["submission"]
    assert cued_topics("làm ở phường được không", primary="papers") == ["conditions", "submission"]


def test_a_yes_no_beside_a_how_question_counts() -> None:
    text = "nhà thuê của nhà nước có được mua lại không, thủ tục thế nào"
    assert cued_topics(text) == ["conditions"]
    assert topic_cues.answer_topics(text, "overview") == ["papers", "conditions"]


# Round 8: the asking clause's own wording. Each row: a message, the topic the NLU read
# (often not one of those asked), and the topics the reply must answer.
@pytest.mark.parametrize(
    ("text", "primary", "asked"),
    [
        # Whether the ward may do it, beside a yes/no about a paper: a third question, so
        # the conditions count beside the office.
        (
            "Lên phường đăng ký kết hôn được không, "
            "giấy xác nhận độc thân của bên Hàn có cần dịch không?",
            "submission",
            {"submission", "conditions", "papers"},
        ),
        (
            "Ra xã làm giám hộ cho cháu được không, "
            "biên bản họp gia đình có phải ký đủ cả nhà không?",
            "submission",
            {"submission", "conditions", "papers"},
        ),
        # "Phường có nhận/làm … không": whether the ward takes it, and where.
        (
            "ủy ban có nhận chứng thực bản dịch tiếng Nhật không, tính tiền thế nào",
            "fee",
            {"conditions", "submission", "fee"},
        ),
        (
            "xã có làm đăng ký giám hộ cho người già không, hồ sơ gồm những gì",
            "papers",
            {"conditions", "submission", "papers"},
        ),
        # Which form, in the words of a means: "bằng phiếu gì", "theo mẫu nào", "dùng tờ gì".
        (
            "báo tạm vắng cho con trai đi làm xa bằng phiếu gì, gửi ở đâu",
            "submission",
            {"forms", "submission"},
        ),
        (
            "khai báo lưu trú cho khách thuê dùng tờ nào, nộp cho ai",
            "submission",
            {"forms", "submission"},
        ),
        # Whether a form is given ready to fill: "có mẫu sẵn không".
        (
            "đơn xin xác nhận hộ cận nghèo có mẫu sẵn không, mất mấy ngày",
            "duration",
            {"forms", "duration"},
        ),
        (
            "tờ khai đăng ký hộ kinh doanh ở phường có mẫu không, lệ phí bao nhiêu",
            "fee",
            {"forms", "fee"},
        ),
        # "bao tiền" (how much) is a question and a fee, diacritics or not.
        (
            "đổi giấy phép lái xe cũ thì mất mấy ngày, mà hết bao tiền",
            "duration",
            {"duration", "fee"},
        ),
        (
            "lam lai so ho khau cho bo me can giay gi, mat bao tien",
            "papers",
            {"papers", "fee"},
        ),
        # A "…phải … ạ?" asks whether one must, though no yes/no word ends it.
        (
            "con em 14 tuổi thì phải đi làm căn cước ạ? làm mất bao lâu",
            "duration",
            {"conditions", "duration"},
        ),
        (
            "nhà thuê trọ thì chủ nhà phải khai báo tạm trú cho mình à? nộp ở đâu",
            "submission",
            {"conditions", "submission"},
        ),
        # A maximum to keep ("tối đa mấy lần", "nhiều nhất bao nhiêu người") is a condition.
        (
            "gia hạn tạm trú cần mang gì, được gia hạn tối đa mấy lần",
            "papers",
            {"papers", "conditions"},
        ),
        (
            "tổ hợp tác nhiều nhất bao nhiêu thành viên, đăng ký nộp ở đâu",
            "submission",
            {"conditions", "submission"},
        ),
        # A signature or stamp on a paper is about the papers, not which form.
        (
            "đăng ký thường trú có cần chủ nhà ký vào tờ khai không, mất mấy ngày",
            "duration",
            {"papers", "duration"},
        ),
    ],
)
def test_every_asked_topic_is_answered(text: str, primary: str, asked: set[str]) -> None:
    assert asked <= {primary, *topic_cues.answer_topics(text, primary)}


@pytest.mark.parametrize(
    ("text", "primary", "not_asked"),
    [
        # Office hours are no office to file at, nor whether the ward may.
        ("phường có làm việc vào sáng thứ bảy không", "submission", "conditions"),
        ("bộ phận một cửa có làm việc buổi trưa không, nộp ở đâu", "submission", "conditions"),
        # "bao" of "báo" (to report) asks nothing: "báo tử" is the procedure.
        ("bố em mất hôm qua, đi báo tử cần mang gì", "papers", "fee"),
        # A days limit is the duration, not a maximum to meet.
        ("gia hạn giấy phép xây dựng tối đa mấy ngày thì có", "duration", "conditions"),
        # A form named in a how question is no "has a ready form" question.
        ("điền tờ khai đăng ký kết hôn ở đâu, mất mấy ngày", "duration", "papers"),
    ],
)
def test_the_round_8_cues_do_not_add_a_topic(text: str, primary: str, not_asked: str) -> None:
    assert not_asked not in topic_cues.answer_topics(text, primary)


@pytest.mark.parametrize(
    ("text", "primary"),
    [
        ("xin trợ cấp khuyết tật cho bố cần giấy gì, xã có xác nhận cho nhà em không", "papers"),
        ("sao y học bạ mất bao nhiêu tiền, phường có chứng thực bản tiếng Anh không", "fee"),
    ],
)
def test_whether_the_ward_certifies_beside_another_question(text: str, primary: str) -> None:
    assert "conditions" in topic_cues.answer_topics(text, primary)


@pytest.mark.parametrize(
    ("text", "primary", "asked"),
    [
        # A yes/no of its own beside the office question: whether one must, and where.
        (
            "đăng ký tạm vắng cho con đi học xa có bắt buộc không, làm ở công an xã được không",
            "submission",
            {"conditions", "submission"},
        ),
        (
            "sang tên xe cho con có bắt buộc không, nộp ở phường được không",
            "submission",
            {"conditions", "submission"},
        ),
        # Where a form is filed is the office, not where to get the form.
        ("tờ khai tạm trú nộp ở đâu, mất mấy ngày", "duration", {"submission", "duration"}),
        ("biểu mẫu đăng ký cư trú gửi chỗ nào, có mất phí không", "fee", {"submission", "fee"}),
    ],
)
def test_a_yes_no_or_a_filed_form_beside_the_office(
    text: str, primary: str, asked: set[str]
) -> None:
    assert asked <= {primary, *topic_cues.answer_topics(text, primary)}


@pytest.mark.parametrize(
    "text", ["mẫu tờ khai CT01 lấy ở đâu", "tờ khai đăng ký kết hôn tải ở đâu", "mẫu đơn này ở đâu"]
)
def test_where_to_get_a_form_is_no_office(text: str) -> None:
    assert "submission" not in topic_cues.answer_topics(text, "forms")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # The words a cue's gap skips name the matter: the finder needs them.
        ("nhận sổ đỏ khi nào", "so do"),
        ("phường có làm đăng ký giám hộ cho người già không", "dang ky giam ho"),
        ("xã có chứng thực hợp đồng tặng cho nhà không", "hop dong tang cho nha"),
    ],
)
def test_without_cues_keeps_the_words_of_a_gap(text: str, kept: str) -> None:
    assert kept in topic_cues.without_cues(text)


# Round 9: the kinds of question a second clause asks that no cue read. Each kind over
# several procedures, in words of their own.
@pytest.mark.parametrize(
    ("text", "primary", "asked"),
    [
        # An age limit, however asked ("mấy tuổi", "dưới bao nhiêu tuổi").
        ("làm căn cước cho con thì cần giấy gì, bé phải đủ mấy tuổi?", "papers", {"conditions"}),
        ("nhận trợ cấp người cao tuổi thì từ mấy tuổi, nộp ở đâu", "overview", {"conditions"}),
        # A number of people to have.
        ("lập tổ hợp tác thì phải có bao nhiêu thành viên, hồ sơ gồm gì", "papers", {"conditions"}),
        ("đăng ký kết hôn cần mấy người làm chứng, nộp ở đâu", "submission", {"conditions"}),
        # A deadline to keep, asked after the act, or as "hạn chót", "chậm nhất".
        ("tạm vắng thì phải khai báo trong mấy ngày, dùng mẫu nào?", "forms", {"conditions"}),
        ("xe mua lại thì phải sang tên trong vòng bao lâu, cần giấy gì", "papers", {"conditions"}),
        ("đăng ký khai tử hạn chót là khi nào, có mất phí không", "fee", {"conditions"}),
        (
            "con mới sinh thì chậm nhất bao giờ phải đi khai sinh, làm mất mấy ngày",
            "duration",
            {"conditions"},
        ),
        # A thing used in place of another, a visit home, an act named as "việc …".
        (
            "cấp đổi thẻ mất bao lâu, trong lúc chờ dùng giấy hẹn thay thẻ được không",
            "duration",
            {"conditions"},
        ),
        (
            "bà tôi nằm liệt giường, phường có cử cán bộ đến nhà chứng thực giấy ủy quyền được"
            " không, phí bao nhiêu",
            "fee",
            {"conditions"},
        ),
        ("việc chuyển nhượng xe có cần công chứng không, mất bao lâu", "duration", {"conditions"}),
        # Two yes/no clauses: whether one may, then a paper.
        (
            "mẹ tôi ốm, tôi đi nộp hộ được không, có cần giấy ủy quyền không?",
            "conditions",
            {"papers"},
        ),
        ("bố tôi làm thay được không, có cần sổ hộ khẩu không", "papers", {"conditions"}),
        # An amount to confirm, a loan's price, a tax worked out.
        ("gia hạn tạm trú phí 20 nghìn đúng không, làm ở đâu", "submission", {"fee"}),
        ("làm sổ hộ nghèo vay vốn lãi suất bao nhiêu, vay với ai", "submission", {"fee"}),
        ("phí trước bạ xe máy tính thế nào, nộp ở đâu", "submission", {"fee"}),
        # A ready form to print, a paper the file holds, who must pay, several at once.
        (
            "đăng ký hộ kinh doanh làm ở đâu, có mẫu giấy đề nghị để in ra không",
            "submission",
            {"forms"},
        ),
        ("xin phép sửa nhà thì hồ sơ có cần bản vẽ thiết kế không", "overview", {"papers"}),
        (
            "hợp đồng thuê nhà thì phí chứng thực bên nào phải trả, làm ở đâu",
            "submission",
            {"conditions"},
        ),
        (
            "đăng ký kết hôn và nhập khẩu cho vợ có gộp chung hồ sơ được không, mất bao lâu",
            "duration",
            {"conditions"},
        ),
        (
            "cấp lại giấy khai sinh với trích lục kết hôn nộp chung một bộ hồ sơ được không,"
            " phí thế nào",
            "fee",
            {"conditions"},
        ),
        # "tình trạng hôn nhân" is a certificate, not a dossier's status.
        ("giấy xác nhận tình trạng hôn nhân xin ở đâu, cần giấy gì", "papers", {"submission"}),
        # When the result can be picked up, in a clause of its own.
        ("sáng nay nộp rồi, chiều lấy được không, cần mang gì", "papers", {"duration"}),
        ("nộp hôm nay thì thứ sáu nhận được không, lệ phí bao nhiêu", "fee", {"duration"}),
    ],
)
def test_every_clause_of_round_9_is_answered(text: str, primary: str, asked: set[str]) -> None:
    assert asked <= set(topic_cues.answer_topics(text, primary))


@pytest.mark.parametrize(
    ("text", "primary", "not_asked"),
    [
        # A copy in place of the original is the papers, not a condition.
        ("cần mang giấy gì, bản photo có dùng thay bản gốc được không", "papers", "conditions"),
        # An age or a number told, not asked; copies are no people.
        ("con tôi 2 tuổi, làm căn cước mất mấy ngày", "duration", "conditions"),
        ("nhà tôi 5 người, tách hộ mất mấy ngày", "duration", "conditions"),
        ("chứng thực bản sao cần bao nhiêu bản", "papers", "conditions"),
        # "việc …" with a paper to bring stays a papers question.
        ("việc đăng ký có cần mang bản gốc không, mất bao lâu", "duration", "conditions"),
        # A dossier's status is still no office to file at.
        ("hồ sơ của tôi đang ở tình trạng xử lý ở đâu", "duration", "submission"),
        # Whether the file is filed in person is the office, not the papers.
        ("hồ sơ có phải nộp trực tiếp không, nộp ở đâu", "submission", "papers"),
        # Picking up for someone else is no time.
        ("mai tôi lấy thay cho mẹ được không, cần giấy gì", "papers", "duration"),
    ],
)
def test_the_round_9_cues_do_not_add_a_topic(text: str, primary: str, not_asked: str) -> None:
    assert not_asked not in topic_cues.answer_topics(text, primary)


@pytest.mark.parametrize(
    ("text", "primary"),
    [
        # A lone yes/no of obligation or permission about a person or an act, read as
        # another kind of answer: whether one may or must leads, the intent's kind follows.
        ("bố tôi có cần đi cùng không", "papers"),
        ("con tôi 16 tuổi có được tự đi làm căn cước không", "submission"),
        ("đã nộp hồ sơ xin giấy phép rồi, giờ muốn rút lại giữa chừng được không", "submission"),
        ("đăng ký khai tử cho ông thì cháu nội đi khai thay được không", "duration"),
    ],
)
def test_a_must_or_may_about_a_person_leads(text: str, primary: str) -> None:
    assert topic_cues.answer_topics(text, primary) == ["conditions", primary]


@pytest.mark.parametrize(
    ("text", "primary"),
    [
        # An office, a channel or a time named: the intent read the question.
        ("gia hạn tạm trú làm ở phường luôn được không", "submission"),
        ("tôi ở tỉnh khác, gửi hồ sơ qua bưu điện được không", "submission"),
        ("có xong ngay trong buổi chiều không", "duration"),
    ],
)
def test_a_must_or_may_about_an_office_or_time_stays_the_intent(text: str, primary: str) -> None:
    assert topic_cues.answer_topics(text, primary)[0] == primary
