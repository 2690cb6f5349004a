"""Citizen cards: the curated, sourced answer layer over a national record.

A card (``data/cards/<group>/<code>.yml``) is what a good counter clerk knows about one
procedure: the everyday names and the situations that lead to it, its cases, and for each
case the few papers to bring. Every fact carries a ``source``: a quote from a field of the
record it was written from (checked by ``actions.cards.check``), or a ward override.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: The record fields a fact may quote, named as the national portal names them.
RecordField = Literal[
    "ten_thu_tuc",
    "thanh_phan_ho_so",
    "cach_thuc_thuc_hien",
    "trinh_tu_thuc_hien",
    "yeu_cau_dieu_kien",
    "can_cu_phap_ly",
    "ket_qua_xu_ly",
    "co_quan_thuc_hien",
]
OfficeKind = Literal["ubnd_one_stop", "commune_police", "land_registration", "other"]
PaperKind = Literal["original", "copy", "original_or_copy", "show"]
FeeKind = Literal["free", "amount", "set_by_province", "unknown"]
TimeUnit = Literal["working_day", "day", "hour", "same_day", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where a fact comes from: a record field and the words quoted from it, or a ward."""

    field: RecordField | None = None
    quote: str | None = None
    #: Statistics-office code of the ward whose override file states the fact.
    ward_override: str | None = None
    #: A legal text (e.g. "Điều 8 Luật Hôn nhân và gia đình 2014") named in the record.
    legal: str | None = None

    @model_validator(mode="after")
    def _one_origin(self) -> Source:
        if self.ward_override is None and (self.field is None or not self.quote):
            raise ValueError("a source is a record field with a quote, or a ward override")
        return self


class Paper(_Strict):
    name: str
    kind: PaperKind = "original"
    source: Source


class Form(_Strict):
    #: The form's code ("CT01", "TK1-TS"); many civil-status forms have none, only a name.
    code: str | None = None
    name: str
    source: Source


class Case(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    #: A button title: short (≤ 40 characters), in the citizen's words.
    title: str = Field(max_length=40)
    #: How citizens state this case in their own words ("ở trọ", "đẻ ở nhà"): a question
    #: holding one of them is answered for this case without asking. Citizen words, not
    #: record facts, so they carry no source; ``actions.cards.check`` keeps them unambiguous.
    words: tuple[str, ...] = ()
    papers: tuple[Paper, ...] = Field(min_length=1, max_length=7)
    note: str | None = None


class TimeLimit(_Strict):
    value: float | None = None
    unit: TimeUnit
    #: What the citizen reads, e.g. "Trong ngày (sau 15 giờ: ngày làm việc tiếp theo)".
    text: str
    source: Source


class Fee(_Strict):
    kind: FeeKind
    #: What the citizen reads, e.g. "8.000 đồng/bản" or "Do HĐND tỉnh quy định".
    text: str
    amounts_vnd: tuple[int, ...] = ()
    source: Source

    @model_validator(mode="after")
    def _amounts_for_amount(self) -> Fee:
        if (self.kind == "amount") != bool(self.amounts_vnd):
            raise ValueError("a fee of kind 'amount' lists its amounts_vnd, others none")
        return self


class Condition(_Strict):
    text: str
    source: Source


class Card(_Strict):
    code: str
    #: The record digest the card was last reviewed against (``check --stamp``).
    record_digest: str
    title: str
    #: A line said before the first answer, where the situation calls for it (a death:
    #: "Em xin chia buồn cùng gia đình anh/chị.").
    opening: str | None = None
    everyday_names: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()
    office: OfficeKind
    online: bool
    online_source: Source | None = None
    time: TimeLimit
    fee: Fee
    forms: tuple[Form, ...] = ()
    conditions: tuple[Condition, ...] = ()
    #: Asked, with the cases as buttons, before papers when there are several cases.
    case_question: str | None = None
    cases: tuple[Case, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _cases_need_a_question(self) -> Card:
        if len(self.cases) > 1 and not self.case_question:
            raise ValueError("a card with several cases asks case_question")
        ids = [c.id for c in self.cases]
        if len(ids) != len(set(ids)):
            raise ValueError("case ids are unique")
        if self.online and self.online_source is None:
            raise ValueError("online filing needs its online_source")
        return self

    def case(self, case_id: str | None) -> Case | None:
        if len(self.cases) == 1:
            return self.cases[0]
        return next((c for c in self.cases if c.id == case_id), None)
