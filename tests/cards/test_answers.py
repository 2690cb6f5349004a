"""Card answers are cut into chat-sized messages at line boundaries."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from actions.cards.answers import case_for, split_message
from actions.cards.schema import Card, Paper
from actions.procedures.answers import Topic
from tests.dialogue.test_card_answers import CARD, CODE


@pytest.mark.parametrize("limit", [40, 100, 700])
def test_split_message_respects_the_limit_and_keeps_every_line(limit: int) -> None:
    text = "\n".join(f"{i}. " + "giấy tờ " * (i % 9) for i in range(1, 60))
    parts = split_message(text, limit)
    assert all(len(p) <= limit for p in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())


def test_a_short_text_is_one_message() -> None:
    assert split_message("a\nb") == ("a\nb",)


@pytest.mark.parametrize(
    ("slot", "expected"),
    [(None, None), (f"{CODE}#own_home", "own_home"), ("9.9#own_home", None), (f"{CODE}#x", None)],
)
def test_case_for_reads_only_this_procedures_case(slot: str | None, expected: str | None) -> None:
    case = case_for(CARD, slot)
    assert (case.id if case else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tôi muốn nhập khẩu vào nhà thuê thì cần gì", "rented_home"),
        ("nhập khẩu cần giấy tờ gì", None),
        ("", None),
    ],
)
def test_a_case_named_in_the_question_is_taken_from_its_words(
    text: str, expected: str | None
) -> None:
    from actions.cards.answers import case_from_words

    case = case_from_words(CARD, text)
    assert (case.id if case else None) == expected


def worded(words: dict[str, list[str]]) -> Card:
    cases = [c.model_copy(update={"words": tuple(words.get(c.id, ()))}) for c in CARD.cases]
    return CARD.model_copy(update={"cases": tuple(cases)})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đăng ký thường trú vào phòng trọ", "rented_home"),
        ("nhập khẩu vào căn hộ tôi đứng tên", "own_home"),
        # a phrase inside a longer one of another case, or negated, does not count
        ("nhà tôi không có sổ đỏ, nhập khẩu được không", "rented_home"),
        ("nhà có sổ đỏ đứng tên tôi", "own_home"),
        ("nhà chưa có sổ đỏ", None),
        # naming both cases states neither; words the cases lack state none
        ("nhà của mình hay phòng trọ đều được", None),
        ("nhập khẩu cần giấy tờ gì", None),
        # with words, a title word alone ("thuê") is no longer taken for the case
        ("nhập khẩu vào nhà thuê", None),
        # where phrases overlap, the longer reading wins
        ("tôi đứng tên hợp đồng thuê nhà", "rented_home"),
        # "<N" matches a stated number below N only
        ("nhập khẩu cho cháu 9 tuổi", "own_home"),
        ("nhập khẩu cho cháu 19 tuổi", None),
    ],
)
def test_a_case_is_read_from_its_words(text: str, expected: str | None) -> None:
    from actions.cards.answers import case_from_words

    card = worded(
        {
            "rented_home": ["phòng trọ", "không có sổ đỏ", "đứng tên hợp đồng thuê"],
            "own_home": ["tôi đứng tên", "có sổ đỏ", "nhà của mình", "cháu <14 tuổi"],
        }
    )
    case = case_from_words(card, text)
    assert (case.id if case else None) == expected


def _responses() -> dict[str, Any]:
    from actions.settings import PROJECT_ROOT

    responses: dict[str, Any] = {}
    for path in sorted((PROJECT_ROOT / "bot" / "domain").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses", {}))
    return responses


def _composer(responses: dict[str, Any] | None = None) -> Any:
    from actions.cards.answers import CardComposer, OfficeContact
    from actions.phrasebook import Phrasebook

    return CardComposer(
        Phrasebook(responses or _responses()),
        lambda _: OfficeContact("Bộ phận Một cửa"),
        "https://x",
    )


def _with_papers(*papers: list[tuple[str, str]]) -> Card:
    source = {"field": "thanh_phan_ho_so", "quote": "Tờ khai"}
    cases = [
        case.model_copy(
            update={
                "papers": tuple(
                    Paper.model_validate({"name": n, "kind": k, "source": source}) for n, k in ps
                )
            }
        )
        for case, ps in zip(CARD.cases, papers, strict=True)
    ]
    return CARD.model_copy(update={"cases": tuple(cases)})


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        # Shared in the first case's order; a paper of one case only is not shared.
        (
            [("Tờ khai", "original"), ("Căn cước", "show"), ("Sổ đỏ", "copy")],
            [("Căn cước", "show"), ("Hợp đồng thuê", "copy"), ("Tờ khai", "original")],
            ["Tờ khai", "Căn cước"],
        ),
        # The same paper asked in another form (original here, copy there) is not shared.
        ([("Tờ khai", "original")], [("Tờ khai", "copy")], []),
        ([("Sổ đỏ", "copy")], [("Hợp đồng thuê", "copy")], []),
    ],
)
def test_common_papers_are_those_every_case_lists(
    first: list[tuple[str, str]], second: list[tuple[str, str]], shared: list[str]
) -> None:
    from actions.cards.answers import common_papers

    assert [p.name for p in common_papers(_with_papers(first, second))] == shared


@pytest.mark.parametrize(
    ("first", "second", "said", "unsaid"),
    [
        (
            [("Tờ khai CT01", "original"), ("Sổ đỏ", "copy")],
            [("Tờ khai CT01", "original"), ("Hợp đồng thuê nhà", "copy")],
            ["Tờ khai CT01 — bản chính"],
            ["Sổ đỏ", "Hợp đồng thuê nhà"],
        ),
        ([("Sổ đỏ", "copy")], [("Hợp đồng thuê nhà", "copy")], [], ["Sổ đỏ", "Hợp đồng"]),
    ],
)
def test_the_case_question_comes_after_the_papers_every_case_needs(
    first: list[tuple[str, str]], second: list[tuple[str, str]], said: list[str], unsaid: list[str]
) -> None:
    reply = _composer().compose(Topic.PAPERS, _with_papers(first, second), None, "cần gì")
    text = "\n".join(reply.texts)
    assert reply.asked_case and len(reply.buttons) == 2
    assert text.rstrip().endswith(CARD.case_question or "?")
    assert all(s in text for s in said) and not any(u in text for u in unsaid)


def test_an_older_domain_without_the_template_still_gets_the_common_papers() -> None:
    responses = {k: v for k, v in _responses().items() if k != "utter_card_ask_case_common"}
    older = _composer(responses)
    card = _with_papers([("Tờ khai CT01", "original")], [("Tờ khai CT01", "original")])
    text = "\n".join(older.compose(Topic.PAPERS, card, None, "cần gì").texts)
    assert "Tờ khai CT01 — bản chính" in text and text.endswith(CARD.case_question or "?")


def _shipped() -> list[Card]:
    from actions.cards.store import load_cards
    from actions.settings import PROJECT_ROOT

    return sorted(load_cards(PROJECT_ROOT / "data" / "cards"), key=lambda c: c.code)


def _form_key(card: Card) -> list[str]:
    """What names each form of ``card`` in a reply: its code, else its name."""
    return [f.code or f.name for f in card.forms]


SHIPPED = _shipped()
WITH_FORMS = [c for c in SHIPPED if c.forms]
ASKING_WITH_FORMS = [c for c in WITH_FORMS if len(c.cases) > 1]


@pytest.mark.parametrize("card", ASKING_WITH_FORMS, ids=lambda c: c.code)
def test_the_case_question_names_the_forms_every_case_fills_in(card: Card) -> None:
    # "làm lại căn cước khai phiếu gì?": DC02 is the same whatever the case, so the
    # question that asks for the case already names it, once.
    reply = _composer().compose(Topic.PAPERS, card, None, "")
    text = "\n".join(reply.texts)
    assert reply.asked_case
    for key in _form_key(card):
        assert key in text
    assert text.count("📝") <= 1


@pytest.mark.parametrize("card", WITH_FORMS, ids=lambda c: c.code)
def test_a_card_overview_names_its_forms(card: Card) -> None:
    reply = _composer().compose(Topic.OVERVIEW, card, None, "")
    text = "\n".join(reply.texts)
    assert all(key in text for key in _form_key(card))
    assert all(len(t) <= 700 for t in reply.texts)


@pytest.mark.parametrize("code", ["1.010038", "1.014064", "3.000228", "1.004884"], ids=str)
def test_an_answer_of_several_topics_names_the_forms_once(code: str) -> None:
    card = next(c for c in SHIPPED if c.code == code)
    composer = _composer()
    texts = [
        t
        for topic in (Topic.PAPERS, Topic.OVERVIEW)
        for t in composer.compose(topic, card, None, "").texts
    ]
    assert "\n".join(texts).count("📝 Mẫu:") == 1


@pytest.mark.parametrize(
    ("code", "record_term"),
    [
        # A card paper says what the record calls it: the counter and the citizen's papers
        # use the record's words ("giấy tờ chứng nhận việc kết hôn" covers more than a
        # "giấy chứng nhận"; "chụp từ bản chính" is how a bare original is copied).
        ("2.002189", "giấy tờ chứng nhận việc kết hôn"),
        ("2.000815", "chụp từ bản chính"),
    ],
)
def test_card_papers_use_the_records_term(code: str, record_term: str) -> None:
    card = next(c for c in SHIPPED if c.code == code)
    names = " ".join(p.name for case in card.cases for p in case.papers).casefold()
    assert record_term.casefold() in names


@pytest.mark.parametrize(
    ("code", "case_id", "qualifier"),
    [
        ("1.002755", "household", "đồng ý của chủ sở hữu"),
        ("1.004222", "rented_home", "đồng ý của chủ hộ"),
        ("3.000228", "has_card", "số điện thoại"),
        ("1.010101", "standard", "thông tin cần khai thác"),
        ("2.000720", "details", "do chủ hộ ký"),
    ],
)
def test_the_forms_of_a_known_case_say_what_that_case_puts_on_them(
    code: str, case_id: str, qualifier: str
) -> None:
    from actions.cards.answers import case_slot_value

    card = next(c for c in SHIPPED if c.code == code)
    with_case = "\n".join(
        _composer().compose(Topic.FORMS, card, case_slot_value(code, case_id)).texts
    )
    assert qualifier in with_case
    if len(card.cases) > 1:
        assert qualifier not in "\n".join(_composer().compose(Topic.FORMS, card, None).texts)


def test_two_forms_that_are_one_paper_of_the_case_are_listed_once() -> None:
    card = next(c for c in SHIPPED if c.code == "1.001695")
    text = "\n".join(_composer().compose(Topic.FORMS, card, f"{card.code}#born_in_vietnam").texts)
    assert text.count("Tờ khai đăng ký nhận cha, mẹ, con") == 1


def _card(code: str) -> Card:
    return next(c for c in SHIPPED if c.code == code)


@pytest.mark.parametrize(
    ("code", "deadline"),
    [
        # What the citizen must do by when, from the card's conditions, in the time answer:
        # a death, a residence extension, a removal, a lost passport, a sold vehicle.
        ("1.000656", "Trong 15 ngày kể từ ngày người thân mất"),
        ("1.002755", "15 ngày trước ngày hết hạn"),
        ("1.003197", "Trong 07 ngày kể từ ngày"),
        ("1.010386", "02 ngày làm việc kể từ ngày phát hiện"),
        ("1.013076", "Trong 30 ngày kể từ ngày làm giấy tờ"),
        ("1.004194", "tối đa 60 ngày kể từ ngày đăng ký khai sinh"),
        ("1.001193", "trong vòng 60 ngày kể từ ngày sinh"),
    ],
)
def test_the_time_answer_gives_the_cards_deadline_conditions(code: str, deadline: str) -> None:
    reply = _composer().compose(Topic.DURATION, _card(code), None, "")
    assert deadline in "\n".join(reply.texts)
    assert all(len(t) <= 700 for t in reply.texts)


@pytest.mark.parametrize("code", ["2.000720", "1.012888", "2.002637"])
def test_a_deadline_the_time_text_already_gives_is_not_repeated(code: str) -> None:
    text = "\n".join(_composer().compose(Topic.DURATION, _card(code), None, "").texts)
    assert "ℹ️" not in text


@pytest.mark.parametrize(
    ("code", "not_a_deadline"),
    [
        # A number without a time unit, a date in the past: no deadline of the citizen's.
        ("1.001662", "không quá 10 m³"),
        ("2.000575", "cấp trước ngày Nghị định"),
    ],
)
def test_conditions_without_a_deadline_stay_out_of_the_time_answer(
    code: str, not_a_deadline: str
) -> None:
    text = "\n".join(_composer().compose(Topic.DURATION, _card(code), None, "").texts)
    assert not_a_deadline not in text


@pytest.mark.parametrize(
    ("code", "office"),
    [
        # The body the card's conditions name as receiving the file, with the desk's line.
        ("1.001612", "Cơ quan đăng ký kinh doanh cấp xã"),
        ("1.001266", "Cơ quan đăng ký kinh doanh cấp xã"),
        ("1.005280", "cơ quan đăng ký kinh doanh nơi hợp tác xã đặt trụ sở"),
        ("2.000908", "cơ quan, tổ chức đang quản lý sổ gốc"),
        ("1.014060", "Công an phường, xã bất kỳ trong cả nước"),
    ],
)
def test_the_office_answer_names_the_body_the_conditions_name(code: str, office: str) -> None:
    reply = _composer().compose(Topic.SUBMISSION, _card(code), None, "")
    assert office in "\n".join(reply.texts)
    assert all(len(t) <= 700 for t in reply.texts)


@pytest.mark.parametrize(
    ("code", "text", "note"),
    [
        # The situation told in the citizen's words, not the case's: the case's note that
        # speaks of it comes with the papers every case needs, before the case question.
        (
            "1.004873",
            "mình ly hôn 3 năm rồi, muốn xin giấy xác nhận độc thân thì cần mang gì",
            "Bản án/Quyết định ly hôn",
        ),
        (
            "1.000656",
            "ông tôi mất ở nhà, không rõ nơi cư trú cuối cùng, làm khai tử cần gì",
            "nơi tìm thấy người thân",
        ),
        (
            "1.004194",
            "vợ về ở với chồng thì đăng ký tạm trú cần gì",
            "không phải xuất trình giấy tờ chứng minh chỗ ở",
        ),
    ],
)
def test_a_case_note_the_question_speaks_of_comes_before_the_case_question(
    code: str, text: str, note: str
) -> None:
    from actions.cards.answers import CardComposer, OfficeContact, frequent_pairs
    from actions.phrasebook import Phrasebook

    composer = CardComposer(
        Phrasebook(_responses()),
        lambda _: OfficeContact("Bộ phận Một cửa"),
        "https://x",
        frequent=frequent_pairs(SHIPPED),
    )
    reply = composer.compose(Topic.PAPERS, _card(code), None, text)
    assert reply.asked_case
    assert note in "\n".join(reply.texts)
    assert all(len(t) <= 700 for t in reply.texts)


@pytest.mark.parametrize("card", [c for c in SHIPPED if len(c.cases) > 1], ids=lambda c: c.code)
def test_a_question_naming_only_the_procedure_gets_no_case_note(card: Card) -> None:
    from actions.cards.answers import frequent_pairs, spoken_notes

    frequent = frequent_pairs(SHIPPED)
    for name in (card.title, *card.everyday_names):
        assert spoken_notes(card, f"{name} cần giấy tờ gì", frequent) == []
        assert spoken_notes(card, f"trường hợp của tôi thì {name} cần những gì", frequent) == []


def _shipped_composer(agency: str = "") -> Any:
    from actions.cards.answers import CardComposer, OfficeContact, frequent_pairs
    from actions.phrasebook import Phrasebook

    return CardComposer(
        Phrasebook(_responses()),
        lambda _: OfficeContact("Bộ phận Một cửa"),
        "https://x",
        frequent=frequent_pairs(SHIPPED),
        **({"agency": agency} if agency else {}),
    )


@pytest.mark.parametrize(
    ("code", "topic", "text", "fact"),
    [
        # A paper only some cases list, named by two word pairs that are each common among
        # cards ("ủy quyền" + "chứng thực", "hợp đồng" + "công chứng"): the line that answers
        # the question comes before the case question, or with the other topic's answer.
        (
            "1.001193",
            Topic.PAPERS,
            "bố mẹ cháu nhờ tôi là cậu ruột đi làm giấy khai sinh, ủy quyền thì có phải "
            "mang đi chứng thực không",
            "không phải chứng thực",
        ),
        (
            "1.001193",
            Topic.FEE,
            "mình đi khai sinh giúp em gái, văn bản ủy quyền cần chứng thực không, "
            "lệ phí bao nhiêu",
            "không phải chứng thực",
        ),
        (
            "1.004884",
            Topic.PAPERS,
            "đăng ký lại khai sinh cho mẹ, tôi làm hộ thì văn bản ủy quyền có cần chứng thực không",
            "không phải chứng thực",
        ),
        (
            "2.000575",
            Topic.PAPERS,
            "xin cấp lại giấy chứng nhận hộ kinh doanh, nhờ con nộp thay thì giấy ủy quyền "
            "có phải công chứng không",
            "không bắt buộc công chứng",
        ),
        (
            "1.004222",
            Topic.DURATION,
            "nhập hộ khẩu vào nhà người quen thì hợp đồng phải công chứng không, bao lâu xong",
            "đã công chứng hoặc chứng thực",
        ),
    ],
)
def test_a_paper_the_question_names_by_common_word_pairs_is_answered(
    code: str, topic: Topic, text: str, fact: str
) -> None:
    reply = _shipped_composer().compose(topic, _card(code), None, text)
    said = "\n".join(reply.texts)
    assert fact in said
    assert all(len(t) <= 700 for t in reply.texts)


@pytest.mark.parametrize("card", [c for c in SHIPPED if len(c.cases) > 1], ids=lambda c: c.code)
def test_one_common_word_pair_names_no_paper(card: Card) -> None:
    from actions.cards.answers import frequent_pairs, spoken_papers

    # "ủy quyền" alone, "hợp đồng" alone: too common among cards to tie the question to a paper.
    for text in ("có cần ủy quyền không", "hợp đồng thế nào", "trường hợp của tôi"):
        assert spoken_papers(card, text, frequent_pairs(SHIPPED)) == []


@pytest.mark.parametrize(
    ("code", "agency", "said"),
    [
        # Filed at the ward's desk, decided by the People's Committee: "làm ở đâu" gets both.
        ("1.004859", "Ủy ban nhân dân cấp xã", "Ủy ban nhân dân cấp xã"),
        ("1.001193", "Ủy ban nhân dân cấp xã", "Ủy ban nhân dân cấp xã"),
        ("1.013225", "Uỷ ban Nhân dân cấp xã, phường, thị trấn", "Uỷ ban Nhân dân cấp xã"),
        ("1.001612", "Chủ tịch UBND cấp xã", "Chủ tịch UBND cấp xã"),
    ],
)
def test_the_office_answer_names_the_body_that_decides(code: str, agency: str, said: str) -> None:
    reply = _shipped_composer(agency).compose(Topic.SUBMISSION, _card(code), None, "")
    assert said in "\n".join(reply.texts)
    assert all(len(t) <= 700 for t in reply.texts)


@pytest.mark.parametrize(
    ("code", "agency"),
    [
        # The office named is that body already: no second line saying it again.
        ("1.004194", "Công an cấp Xã"),
        ("1.014064", "Công an cấp xã"),
    ],
)
def test_the_body_is_not_repeated_when_the_office_is_it(code: str, agency: str) -> None:
    from actions.cards.answers import CardComposer, OfficeContact
    from actions.phrasebook import Phrasebook

    composer = CardComposer(
        Phrasebook(_responses()),
        lambda _: OfficeContact("Công an phường Đống Đa"),
        "https://x",
        agency=agency,
    )
    text = "\n".join(composer.compose(Topic.SUBMISSION, _card(code), None, "").texts)
    assert Phrasebook(_responses()).text("utter_line_summary_agency", agency=agency) not in text


@pytest.mark.parametrize("topic", [Topic.PAPERS, Topic.OVERVIEW])
def test_the_body_that_decides_stays_out_of_other_answers(topic: Topic) -> None:
    card = _card("1.004859")
    from actions.phrasebook import Phrasebook

    reply = _shipped_composer("Ủy ban nhân dân cấp xã").compose(topic, card, None, "")
    line = Phrasebook(_responses()).text("utter_line_summary_agency", agency="Ủy ban nhân dân")
    assert line not in "\n".join(reply.texts)


@pytest.mark.parametrize(
    ("code", "topic", "text", "paper"),
    [
        # The question states the case in the citizen's words and asks another topic: the
        # answer names the paper only that case needs.
        ("1.001193", Topic.DURATION, "bé đẻ ở nhà thì làm khai sinh mất mấy ngày", "làm chứng"),
        (
            "1.001022",
            Topic.FEE,
            "nhận con mà chưa có kết quả ADN thì tốn bao nhiêu tiền",
            "cam đoan",
        ),
        ("1.004837", Topic.SUBMISSION, "tôi được cử làm giám hộ, nộp ở đâu", "Văn bản cử"),
        ("1.004222", Topic.FEE, "nhập khẩu vào phòng trọ đang thuê thì mất phí không", "Hợp đồng"),
    ],
)
def test_the_case_the_question_states_brings_its_own_paper(
    code: str, topic: Topic, text: str, paper: str
) -> None:
    reply = _shipped_composer().compose(topic, _card(code), None, text)
    assert paper in "\n".join(reply.texts)
    assert all(len(t) <= 700 for t in reply.texts)


@pytest.mark.parametrize(
    ("code", "topic", "case"),
    [
        ("1.001193", Topic.DURATION, "no_birth_certificate"),
        ("1.004222", Topic.FEE, "rented_home"),
    ],
)
def test_a_case_remembered_from_an_earlier_message_adds_no_paper(
    code: str, topic: Topic, case: str
) -> None:
    # The papers were given with that earlier answer; "còn lệ phí?" gets the fee.
    card = _card(code)
    plain = _shipped_composer().compose(topic, card, None, "").texts
    remembered = _shipped_composer().compose(topic, card, f"{code}#{case}", "").texts
    assert remembered == plain


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        # A negation reaches across "còn", "phải", "có", "từng": the phrase after it states
        # the case the citizen is not in, so the other phrase decides.
        ("1.004222", "tôi không còn nhà bố mẹ để về, đang thuê phòng trọ", "rented_home"),
        ("1.001193", "bé không phải sinh ở bệnh viện mà đẻ ở nhà", "no_birth_certificate"),
        ("1.004837", "cháu không còn ông ngoại, tôi được cử làm giám hộ", "appointed_guardian"),
        # Without a negation before it, the phrase still states its case.
        ("1.001193", "con có giấy chứng sinh rồi", "birth_certificate"),
        ("1.004222", "về ở nhà bố mẹ", "relative_home"),
    ],
)
def test_a_negation_before_a_linking_verb_negates_the_case_phrase(
    code: str, text: str, expected: str
) -> None:
    from actions.cards.answers import case_from_words

    case = case_from_words(_card(code), text)
    assert (case.id if case else None) == expected


@pytest.mark.parametrize(
    ("code", "application"),
    [
        # Cards without a numbered form: "đơn theo mẫu nào" gets the application paper
        # (land dispute mediation and settlement, a cooperative, a cooperative group).
        ("1.012812", "Đơn yêu cầu hòa giải"),
        ("1.013967", "Đơn yêu cầu giải quyết tranh chấp"),
        ("1.005280", "Giấy đề nghị đăng ký thành lập hợp tác xã"),
        ("2.002637", "Giấy đề nghị đăng ký thành lập tổ hợp tác"),
    ],
)
def test_a_card_without_a_numbered_form_names_its_application(code: str, application: str) -> None:
    card = _card(code)
    assert not card.forms
    said = "\n".join(_composer().compose(Topic.FORMS, card, None, "").texts)
    assert application in said
    assert "không có mẫu đơn" not in said


def test_the_application_of_the_known_case_only() -> None:
    card = _with_papers(
        [("Đơn đề nghị nhập khẩu vào nhà mình", "original")],
        [("Giấy đề nghị ở nhờ", "original"), ("Hợp đồng thuê nhà", "original_or_copy")],
    ).model_copy(update={"forms": ()})
    said = "\n".join(_composer().compose(Topic.FORMS, card, f"{CODE}#rented_home").texts)
    assert "Giấy đề nghị ở nhờ" in said
    assert "nhà mình" not in said
    assert "Hợp đồng" not in said
