"""Which answers one message gets: the intent's topic, then the others its words ask."""

from __future__ import annotations

import pytest

from actions.procedures.answers import Topic
from actions.procedures.aspects import MAX_TOPICS, topics_asked
from bot.evaluation.topic_cues_report import answered_topics

T = Topic


@pytest.mark.parametrize(
    ("text", "primary", "expected"),
    [
        # A multi-question message classified as one topic gets the others too.
        (
            "đăng ký giám hộ thì lên đâu nộp, cần chuẩn bị những gì",
            T.SUBMISSION,
            [T.SUBMISSION, T.PAPERS],
        ),
        # Steps and legal basis take the other questions along.
        ("các bước xin cấp lại sổ thế nào, mất mấy ngày", T.STEPS, [T.STEPS, T.DURATION]),
        (
            "căn cứ pháp lý của thủ tục này là gì, phí bao nhiêu",
            T.LEGAL_BASIS,
            [T.LEGAL_BASIS, T.FEE],
        ),
        # A yes/no eligibility shape read as another topic that no word asks: whether one
        # must leads, the intent's reading follows…
        ("nhà trọ có bắt buộc phải đăng ký không", T.PAPERS, [T.CONDITIONS, T.PAPERS]),
        # …and read as an overview question, whether one must leads, then the overview.
        ("nhà trọ có bắt buộc phải đăng ký không", T.OVERVIEW, [T.CONDITIONS, T.OVERVIEW]),
        # An overview question that names kinds of answer gets those answers instead.
        ("làm lại sổ hộ khẩu ở chỗ nào, bao lâu thì có", T.OVERVIEW, [T.DURATION, T.SUBMISSION]),
        # Follow-ups continue the previous answer.
        ("chi tiết hơn, mất bao lâu", T.MORE_DETAILS, [T.MORE_DETAILS]),
        # "How do I go about it" is answered with what to bring, then the overview.
        ("muốn đăng ký giám hộ cho cháu thì thủ tục ra sao", T.OVERVIEW, [T.PAPERS, T.OVERVIEW]),
        ("hộ nghèo muốn thoát nghèo làm sao ạ", T.OVERVIEW, [T.PAPERS, T.OVERVIEW]),
        ("cấp phép đào đường thì cần làm những giấy tờ gì", T.OVERVIEW, [T.PAPERS, T.OVERVIEW]),
        # …but not a bare mention, nor a "how" that names its kind of answer.
        ("cho hỏi về đăng ký giám hộ", T.OVERVIEW, [T.OVERVIEW]),
        ("lệ phí đăng ký giám hộ thế nào", T.OVERVIEW, [T.FEE]),
        ("tờ khai giám hộ điền như thế nào", T.FORMS, [T.FORMS]),
        # A "how" beside another question adds the papers after the intent's own answer;
        # the steps answer a "how" themselves.
        ("lập tổ hợp tác thì đăng ký thế nào, bao lâu", T.DURATION, [T.DURATION, T.PAPERS]),
        ("các bước đăng ký giám hộ thế nào", T.STEPS, [T.STEPS]),
        # A "how" read as eligibility, without an eligibility word, gets the papers first…
        ("con đẻ ở nhà thì làm khai sinh kiểu gì", T.CONDITIONS, [T.PAPERS, T.CONDITIONS]),
        # …an eligibility question stays one.
        ("điều kiện làm giám hộ thế nào", T.CONDITIONS, [T.CONDITIONS]),
    ],
)
def test_topics_asked(text: str, primary: Topic, expected: list[Topic]) -> None:
    assert topics_asked(text, primary) == expected


def test_at_most_max_topics_answers() -> None:
    text = "cần giấy gì, lệ phí bao nhiêu, mất bao lâu, nộp ở đâu, mẫu đơn nào"
    assert len(topics_asked(text, T.PAPERS)) == MAX_TOPICS


@pytest.mark.parametrize("primary", list(Topic))
@pytest.mark.parametrize(
    "text",
    [
        "có phải xin phép không, mất bao lâu",
        "có phải xin phép không",
        "cần mang giấy gì, lên phường hay lên quận, có tốn đồng nào không",
        "mẫu tờ khai tải ở đâu",
        "tách hộ thì thủ tục thế nào, mất bao lâu",
        "con đẻ ở nhà thì làm khai sinh kiểu gì",
    ],
)
def test_the_report_counts_what_the_action_answers(text: str, primary: Topic) -> None:
    # bot/evaluation/topic_cues_report.py runs without the action environment and mirrors
    # topics_asked; they must not drift apart.
    intent = "ask_procedure" if primary is T.OVERVIEW else f"ask_{primary.value}"
    assert answered_topics(text, intent) == [t.value for t in topics_asked(text, primary)]


@pytest.mark.parametrize(
    ("text", "primary", "expected"),
    [
        # Read as an overview, a yes/no of whether one must or may gets the conditions first.
        ("cho thuê phòng trọ có phải báo công an không", T.OVERVIEW, [T.CONDITIONS, T.OVERVIEW]),
        ("bà nội 90 tuổi có được làm căn cước không", T.OVERVIEW, [T.CONDITIONS, T.OVERVIEW]),
        # The second question of a message gets its answer, whatever the intent read.
        (
            "đăng ký hộ kinh doanh cần những gì, vợ chồng có phải cùng ký không",
            T.PAPERS,
            [T.PAPERS, T.CONDITIONS],
        ),
        (
            "Nhà tôi mới xây xong. Công an bảo chưa đủ điều kiện. Giờ nhập khẩu cho con nộp ở đâu",
            T.SUBMISSION,
            [T.SUBMISSION],
        ),
    ],
)
def test_the_questions_asked_are_answered(text: str, primary: Topic, expected: list[Topic]) -> None:
    assert topics_asked(text, primary) == expected


@pytest.mark.parametrize(
    ("text", "primary", "expected"),
    [
        # The words ask another kind of answer than the intent read, and not the intent's:
        # what the words ask leads, the intent's reading follows.
        (
            "kết hôn với người nước ngoài ở ủy ban xã mất mấy ngày",
            T.SUBMISSION,
            [T.DURATION, T.SUBMISSION],
        ),
        ("đăng ký hộ kinh doanh cần mang những giấy tờ gì", T.SUBMISSION, [T.PAPERS, T.SUBMISSION]),
        ("tổ hợp tác cần tối thiểu mấy thành viên", T.PAPERS, [T.CONDITIONS, T.PAPERS]),
        ("giấy chứng nhận hộ cận nghèo lấy mẫu đơn ở đâu", T.SUBMISSION, [T.FORMS, T.SUBMISSION]),
        ("muốn xin giấy phép chặt cây thì làm thế nào", T.SUBMISSION, [T.PAPERS, T.SUBMISSION]),
        # A yes/no of may or must is the conditions intent's own question: it stays first.
        ("xin miễn tiền sử dụng đất được không", T.CONDITIONS, [T.CONDITIONS, T.FEE]),
        (
            "có phải lên phường làm chấm dứt giám hộ không",
            T.CONDITIONS,
            [T.CONDITIONS, T.SUBMISSION],
        ),
        # The words ask the intent's topic too: the intent leads, as before.
        ("nộp hồ sơ hộ nghèo ở đâu, mất bao lâu", T.SUBMISSION, [T.SUBMISSION, T.DURATION]),
        # Too many: a topic asked only in yes/no shape gives way to one asked in words.
        (
            "làm hợp đồng tặng cho nhà ở phường được không, cần giấy gì, phí bao nhiêu",
            T.SUBMISSION,
            [T.SUBMISSION, T.PAPERS, T.FEE],
        ),
    ],
)
def test_the_words_and_the_intent_are_both_signals(
    text: str, primary: Topic, expected: list[Topic]
) -> None:
    assert topics_asked(text, primary) == expected


@pytest.mark.parametrize(
    ("text", "primary", "expected"),
    [
        # Two yes/no clauses without a cue word: whether one may, then a paper.
        (
            "chị gái tôi nhận kết quả thay được không, có cần sổ hộ khẩu không",
            T.CONDITIONS,
            [T.CONDITIONS, T.PAPERS],
        ),
        # A deadline and a form: the deadline is a condition, its time words a duration.
        (
            "mất giấy phép lái xe thì phải trình báo trong mấy ngày, đơn theo mẫu nào",
            T.DURATION,
            [T.DURATION, T.CONDITIONS, T.FORMS],
        ),
        # A lone yes/no about a person read as the office: whether one may leads.
        ("ông tôi 85 tuổi có phải tự đi ký không", T.SUBMISSION, [T.CONDITIONS, T.SUBMISSION]),
    ],
)
def test_every_yes_no_and_deadline_is_answered(
    text: str, primary: Topic, expected: list[Topic]
) -> None:
    assert topics_asked(text, primary) == expected
