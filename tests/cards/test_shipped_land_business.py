"""Land and household-business cards keep the record's paper names and cover whole families.

- A bracketed everyday gloss ("(sổ đỏ)") never splits the record's own name of a paper:
  "Bản gốc Giấy chứng nhận (sổ đỏ) đã cấp" loses "Giấy chứng nhận đã cấp", the words the
  record, the counter and the citizen's question use. Data rule over every card of the land,
  household business, social and justice groups.
- Sibling procedures of one family are carded together (a resettlement plot's land levy put
  on debt / paid off; renting / buying an old state dwelling; a tổ hợp tác's notice of ending /
  its registered termination), so that the carded one does not take the other's questions:
  each new card answers its record's facts and is found from everyday words. Sentences
  written for this test, several per procedure.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import pytest

from actions.cards.answers import case_from_words, case_slot_value
from actions.cards.schema import Card, Paper
from actions.cards.store import card_files, read_card
from actions.procedures.answers import Topic
from actions.procedures.finder import Found
from actions.settings import PROJECT_ROOT
from tests.cards.shipped import shipped_composer
from tests.procedures.test_scope_calibration import finder

DATA = PROJECT_ROOT / "data"
GROUPS = ("land", "household_business", "social", "justice")
CARDS = {
    (card := read_card(p)).code: card for p in card_files(DATA / "cards") if p.parent.name in GROUPS
}
RECORDS: dict[str, dict[str, Any]] = {
    r["code"]: r
    for r in json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
}
#: A record paper's trailing "(bản gốc)", "(bản chính)", "." — not part of its name.
TRAILER = re.compile(r"(?:\s*\((?:bản gốc|bản chính|bản sao)\))?\s*\.?\s*$", re.IGNORECASE)
GLOSS = re.compile(r"\s*\([^()]*\)")


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def split_by_gloss(paper: Paper, record_names: list[str]) -> list[str]:
    """The record names a gloss in the paper's name splits: there once the gloss is removed,
    not there as written."""
    name, bare = _norm(paper.name), _norm(GLOSS.sub("", paper.name))
    return [n for n in record_names if _norm(n) in bare and _norm(n) not in name]


def _record_names(code: str) -> list[str]:
    docs = (RECORDS.get(code) or {}).get("documents") or ()
    return [TRAILER.sub("", d["name"]) for d in docs if d["role"] == "submit" and d["name"]]


@pytest.mark.parametrize(
    ("name", "record", "split"),
    [
        ("Bản gốc Giấy chứng nhận (sổ đỏ) đã cấp", "Giấy chứng nhận đã cấp", True),
        ("Bản gốc Giấy chứng nhận đã cấp (sổ đỏ)", "Giấy chứng nhận đã cấp", False),
        (
            "Giấy chứng nhận (bìa đỏ) đăng ký hộ kinh doanh",
            "Giấy chứng nhận đăng ký hộ kinh doanh",
            True,
        ),
        ("Đơn đề nghị (Mẫu số 02)", "Đơn đề nghị thuê nhà", False),
    ],
)
def test_a_gloss_splitting_the_record_name_is_told(name: str, record: str, split: bool) -> None:
    source: dict[str, Any] = {"field": "thanh_phan_ho_so", "quote": record}
    paper = Paper.model_validate({"name": name, "source": source})
    assert bool(split_by_gloss(paper, [record])) is split


PAPERS = [(card, case.id, p) for card in CARDS.values() for case in card.cases for p in case.papers]


def test_the_gloss_rule_reads_many_papers() -> None:
    assert len(PAPERS) >= 150


@pytest.mark.parametrize(
    ("card", "case_id", "paper"),
    PAPERS,
    ids=lambda v: v.code if isinstance(v, Card) else (v if isinstance(v, str) else ""),
)
def test_no_gloss_splits_the_records_name_of_a_paper(
    card: Card, case_id: str, paper: Paper
) -> None:
    assert not split_by_gloss(paper, _record_names(card.code)), f"{card.code} {case_id}"


#: (code, topic, case id, said): the fact each new card answers as its record states it.
NEW_CARD_FACTS = [
    ("1.012995", Topic.PAPERS, None, "Đơn đề nghị ghi nợ tiền sử dụng đất"),
    ("1.012995", Topic.PAPERS, None, "Quyết định giao đất tái định cư"),
    ("1.012995", Topic.DURATION, None, "05 ngày làm việc"),
    ("1.012995", Topic.FEE, None, "Miễn phí"),
    ("1.012996", Topic.PAPERS, None, "Chứng từ nộp tiền sử dụng đất"),
    ("1.012996", Topic.PAPERS, None, "Bản gốc Giấy chứng nhận"),
    ("1.012996", Topic.DURATION, None, "01 ngày làm việc"),
    ("1.012892", Topic.FORMS, None, "Mẫu số 02"),
    ("1.012892", Topic.FORMS, None, "Phụ lục V"),
    ("1.012892", Topic.DURATION, None, "30 ngày"),
    ("1.012893", Topic.FORMS, None, "Mẫu số 03"),
    ("1.012893", Topic.DURATION, None, "45 ngày"),
    ("1.012893", Topic.PAPERS, None, "hợp đồng thuê nhà ở"),
    ("2.002228", Topic.PAPERS, "leader", "Giấy thông báo về việc chấm dứt hoạt động"),
    ("2.002228", Topic.PAPERS, "leader", "bầu tổ trưởng"),
    ("2.002228", Topic.PAPERS, "representative", "100 %"),
    ("2.002642", Topic.PAPERS, "decided", "Phương án giải quyết nợ"),
    ("2.002642", Topic.PAPERS, "debts_settled", "Thông báo chấm dứt hoạt động tổ hợp tác"),
    ("2.002642", Topic.DURATION, None, "07 ngày làm việc"),
    ("2.002642", Topic.DURATION, None, "03 ngày làm việc"),
    ("1.012818", Topic.PAPERS, None, "Giấy chứng nhận đã cấp"),
    ("1.012817", Topic.PAPERS, None, "Giấy chứng nhận đã cấp"),
]


@pytest.mark.parametrize(("code", "topic", "case_id", "said"), NEW_CARD_FACTS)
def test_the_card_answers_its_records_fact(
    code: str, topic: Topic, case_id: str | None, said: str
) -> None:
    card = CARDS.get(code)
    assert card is not None, f"no card for {code}"
    slot = case_slot_value(code, case_id) if case_id else None
    texts = shipped_composer().compose(topic, card, slot, "").texts
    assert said.casefold() in "\n".join(texts).casefold(), texts
    assert all(len(t) <= 700 for t in texts)


@pytest.mark.parametrize(
    ("code", "case_id", "text"),
    [
        ("2.002228", "leader", "tôi là tổ trưởng, tổ trưởng đi nộp thông báo chấm dứt"),
        ("2.002228", "representative", "tổ trưởng ốm, nhờ người khác đi nộp thay"),
        ("2.002642", "decided", "các thành viên vừa họp, tổ còn nợ tiền vật tư"),
        ("2.002642", "debts_settled", "tổ đã trả hết nợ cho các nhà cung cấp"),
    ],
)
def test_the_case_is_read_from_the_story(code: str, case_id: str, text: str) -> None:
    case = case_from_words(CARDS[code], text)
    assert case is not None and case.id == case_id, text


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("1.012995", "được giao lô đất tái định cư mà chưa đủ tiền, xin ghi nợ tiền sử dụng đất"),
        ("1.012995", "bị thu hồi đất làm đường, nhận đất tái định cư muốn nợ lại tiền đất"),
        ("1.012996", "đã nộp đủ tiền sử dụng đất còn nợ, muốn xóa nợ trên giấy chứng nhận"),
        ("1.012996", "thanh toán nợ tiền sử dụng đất rồi thì mang những gì đi xóa nợ"),
        ("1.012892", "ở nhà tập thể cũ nhà nước phân từ năm 1985, chưa có hợp đồng thuê nhà"),
        ("1.012893", "muốn mua lại căn hộ tập thể cũ của nhà nước mà gia đình đang thuê"),
        ("2.002228", "tổ trưởng lên phường nộp thông báo chấm dứt hoạt động của tổ hợp tác"),
        ("2.002642", "tổ hợp tác trồng nấm của xóm muốn giải tán thì làm thế nào"),
    ],
)
def test_everyday_words_find_the_new_card(code: str, text: str) -> None:
    result = finder().find(text)
    assert isinstance(result, Found) and result.procedure.code == code, result


@pytest.mark.parametrize(
    ("code", "text"),
    [
        # The families' carded neighbours keep their own questions.
        ("2.002637", "muốn thành lập tổ hợp tác nuôi ong thì cần giấy tờ gì"),
        ("1.004982", "giải thể hợp tác xã cần những giấy tờ gì"),
        ("1.013978", "làm sổ đỏ lần đầu cho mảnh đất ông bà để lại cần gì"),
        ("1.014632", "đăng ký mua nhà ở xã hội cần giấy tờ gì"),
        # A tenancy contract of a rented room is no old state dwelling.
        ("1.004194", "thuê phòng trọ có hợp đồng thuê nhà rồi thì đăng ký tạm trú cần gì"),
    ],
)
def test_the_neighbours_keep_their_questions(code: str, text: str) -> None:
    result = finder().find(text)
    assert isinstance(result, Found) and result.procedure.code == code, result
