"""Cards say a form the way the record identifies it, and every time limit the record states.

Data rules over every shipped card whose record states the fact, not one card each:
- a form the record places in an annex ("Mẫu số 01 Phụ lục I của Nghị định …") is named with
  that annex: citizens ask "mẫu phụ lục mấy", and "Mẫu số 02" alone is ambiguous (every
  decree has its own Mẫu số 02);
- a form the record attaches only as a file named by its number ("Mau 2 ….docx",
  "PhulucTT 05 2024 BXD mau so 03 ….docx") is named with that number, for its own case;
- the period in which the office checks the file and says once what is missing ("trong thời
  hạn 07 ngày làm việc kể từ ngày tiếp nhận hồ sơ … thông báo 1 lần") is in the duration
  answer: "bao lâu thì biết hồ sơ có phải bổ sung không?";
- each time limit a channel of the record gives with its unit ("17 ngày làm việc" online,
  "20 ngày làm việc" by post) is in the duration answer: "nộp online mất mấy ngày?".
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from actions.cards.answers import CardComposer
from actions.cards.schema import Card
from actions.cards.store import card_files, read_card
from actions.procedures.answers import Topic
from actions.procedures.finder import Found
from actions.settings import PROJECT_ROOT
from tests.cards.shipped import shipped_composer
from tests.procedures.test_scope_calibration import finder

DATA = PROJECT_ROOT / "data"
SHIPPED = sorted((read_card(p) for p in card_files(DATA / "cards")), key=lambda c: c.code)
RECORDS: dict[str, dict[str, Any]] = {
    r["code"]: r
    for r in json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
}
#: "Mẫu số 01 Phụ lục I", "theo mẫu tại Phụ lục IV": the annex a form document is in.
ANNEX = re.compile(r"\bPhụ lục\s+([IVX]+|\d+)\b", re.IGNORECASE)
FORM = re.compile(r"\bmẫu\b", re.IGNORECASE)
#: A form file's number: "Mau 2", "mau so 03", "Mauso06", "Mau 01a".
FILE_FORM = re.compile(r"\bm(?:au|ẫu)\s*(?:s(?:o|ố))?\s*0*(\d+[a-z]?)\b", re.IGNORECASE)
#: The steps' period for checking the file and asking, once, for what is missing.
CHECK_PERIOD = re.compile(
    r"Trong thời hạn (\d+) ngày làm việc,? kể từ ngày tiếp nhận hồ sơ[^.]{0,250}?"
    r"thông báo (?:1|một) lần",
    re.IGNORECASE,
)
#: The groups whose time limits this rule covers (the others are listed for their owners).
TIME_GROUPS = ("land", "household_business", "social", "justice")


def _composer() -> CardComposer:
    return shipped_composer()


def _group(card: Card) -> str:
    return next(p.parent.name for p in card_files(DATA / "cards") if p.stem == card.code)


def _reply(topic: Topic, card: Card) -> str:
    return "\n".join(_composer().compose(topic, card, None, "").texts)


def _annexes() -> list[tuple[Card, str]]:
    out = []
    for card in SHIPPED:
        record = RECORDS.get(card.code) or {}
        annexes = {
            f"Phụ lục {m[1].upper()}"
            for d in record.get("documents") or ()
            if d.get("form_code") or FORM.search(d["name"])
            for m in ANNEX.finditer(d["name"])
        }
        out += [(card, annex) for annex in sorted(annexes)]
    return out


def _channel_times() -> list[tuple[Card, str]]:
    out = []
    for card in SHIPPED:
        if _group(card) not in TIME_GROUPS:
            continue
        record = RECORDS.get(card.code) or {}
        values = {
            ch["time_limit_value"]
            for ch in record.get("channels") or ()
            # A bare number (no unit) is explained by the steps, not said as it stands.
            # The table's own figure: a unit read from the steps is said in the steps' words.
            if ch.get("time_limit_value")
            and ch.get("time_limit_unit")
            and ch.get("time_limit_source") == "table"
        }
        out += [(card, f"{v:g}") for v in sorted(values)]
    return out


def _file_forms() -> list[tuple[Card, str]]:
    out = []
    for card in SHIPPED:
        record = RECORDS.get(card.code) or {}
        numbers = {
            m[1].lower()
            for d in record.get("documents") or ()
            if not d.get("form_code") and (m := FILE_FORM.search(d.get("form_name") or ""))
        }
        out += [(card, n) for n in sorted(numbers)]
    return out


def _check_periods() -> list[tuple[Card, str]]:
    out = []
    for card in SHIPPED:
        steps = "\n".join((RECORDS.get(card.code) or {}).get("steps") or ())
        out += [(card, d) for d in sorted({m[1] for m in CHECK_PERIOD.finditer(steps)})]
    return out


ANNEXES = _annexes()
CHECK_PERIODS = _check_periods()
FILE_FORMS = _file_forms()
CHANNEL_TIMES = _channel_times()


def test_the_annex_rule_covers_many_procedures() -> None:
    # Trees, building permits, food safety, fish cages, drug rehabilitation, groundwater...
    assert len({c.code for c, _ in ANNEXES}) >= 8


@pytest.mark.parametrize(("card", "annex"), ANNEXES, ids=lambda v: getattr(v, "code", v))
def test_a_form_in_an_annex_is_named_with_its_annex(card: Card, annex: str) -> None:
    reply = _reply(Topic.FORMS, card)
    assert annex.casefold() in reply.casefold(), f"{card.code}: {annex} not in {reply!r}"


def test_the_channel_time_rule_covers_many_procedures() -> None:
    assert len({c.code for c, _ in CHANNEL_TIMES}) >= 25


@pytest.mark.parametrize(("card", "days"), CHANNEL_TIMES, ids=lambda v: getattr(v, "code", v))
def test_each_channels_time_limit_is_in_the_duration_answer(card: Card, days: str) -> None:
    reply = _reply(Topic.DURATION, card)
    assert re.search(rf"(?<![\d.,])0?{re.escape(days)}(?![\d.,])", reply), (
        f"{card.code}: {days} not in {reply!r}"
    )


@pytest.mark.parametrize(("card", "number"), FILE_FORMS, ids=lambda v: getattr(v, "code", v))
def test_a_form_attached_as_a_numbered_file_is_named_with_its_number(
    card: Card, number: str
) -> None:
    reply = _reply(Topic.FORMS, card)
    assert re.search(rf"Mẫu số 0*{number}(?![\da-z])", reply), f"{card.code}: {number} in {reply!r}"


@pytest.mark.parametrize(
    ("case_id", "said", "not_said"),
    [
        ("loan_social_bank", "Mẫu số 06", "Mẫu số 07"),
        ("small_house", "Mẫu số 03", "Mẫu số 02"),
        ("subject_income_5_6_8", "Mẫu số 01a", "Mẫu số 05"),
    ],
)
def test_with_the_case_known_a_numbered_file_form_is_that_cases_own(
    case_id: str, said: str, not_said: str
) -> None:
    # Social housing (1.014632): each of its seven cases has its own numbered form.
    from actions.cards.answers import case_slot_value

    card = next(c for c in SHIPPED if c.code == "1.014632")
    composed = _composer().compose(Topic.FORMS, card, case_slot_value(card.code, case_id), "")
    reply = "\n".join(composed.texts)
    assert said in reply and not_said not in reply, reply
    assert all(len(t) <= 700 for t in composed.texts)


def test_the_check_period_rule_covers_several_procedures() -> None:
    # New building, alteration, amended permit, relocation...
    assert len({c.code for c, _ in CHECK_PERIODS}) >= 4


@pytest.mark.parametrize(("card", "days"), CHECK_PERIODS, ids=lambda v: getattr(v, "code", v))
def test_the_period_for_asking_for_missing_papers_is_in_the_duration_answer(
    card: Card, days: str
) -> None:
    reply = _reply(Topic.DURATION, card)
    assert re.search(rf"(?<!\d)0?{int(days)} ngày làm việc", reply), f"{card.code}: {reply!r}"


#: The facts added to single cards this round, each as the record states it.
RECORD_FACTS = [
    # Mediation: a party may go back on an agreed settlement within 10 days.
    ("1.012812", Topic.DURATION, "10 ngày kể từ ngày lập biên bản"),
    ("1.013232", Topic.DURATION, "07 ngày làm việc"),
    ("1.002693", Topic.FORMS, "Nghị định 258/2025/NĐ-CP"),
]


@pytest.mark.parametrize(("code", "topic", "said"), RECORD_FACTS)
def test_the_card_answers_the_records_fact(code: str, topic: Topic, said: str) -> None:
    card = next(c for c in SHIPPED if c.code == code)
    assert said in _reply(topic, card)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("1.012796", "giấy chứng nhận quyền sử dụng đất ghi sai tên bố tôi, muốn sửa lại"),
        ("1.012796", "sổ hồng in sai số căn cước của chồng tôi thì đính chính mất bao lâu"),
        ("1.012818", "sổ đỏ cấp nhầm sang phần đất nhà bên, giờ phải thu hồi thì làm thế nào"),
        ("1.001266", "thôi kinh doanh quán nước rồi thì làm thủ tục gì"),
        ("1.002693", "cây bằng lăng trên vỉa hè nghiêng ra đường, xin đốn thì nộp ở đâu"),
    ],
)
def test_everyday_words_find_the_procedure(code: str, text: str) -> None:
    result = finder().find(text)
    assert isinstance(result, Found) and result.procedure.code == code, result
