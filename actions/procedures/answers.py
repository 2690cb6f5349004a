"""Compose short, chat-sized answers about one procedure from the knowledge base.

Each answer is a domain response name plus the values that fill it; list lines are
built from the domain's line templates (see ``actions.phrasebook``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from actions.phrasebook import Phrasebook
from actions.procedures.models import (
    LegalBasis,
    Procedure,
    RequiredDocument,
    SubmissionChannel,
    WardOffice,
)
from actions.procedures.repository import OfficeView
from actions.text import content_segments, fold, fold_tokens, normalise_tokens

# A chat answer is read on a phone: show the few documents to bring, not the whole file.
MAX_DOCUMENTS = 8
MAX_DETAILS = 8
# Steps: a summary of at most 6 short lines; the full text on request (STEPS_FULL).
MAX_STEPS = 6
MAX_LEGAL = 6
DOCUMENT_CHARS = 130
DETAIL_CHARS = 320
STEP_CHARS = 110
STEP_FULL_CHARS = 650
NAME_CHARS = 110
#: Forms named in an overview: the first few, each short (the forms answer lists them all).
SUMMARY_FORMS = 3
SUMMARY_FORM_CHARS = 90
NOTE_CHARS = 260
#: Deadline conditions a time answer quotes.
MAX_DEADLINES = 2
CHANNEL_ORDER = {"in_person": 0, "online": 1, "post": 2}
DESK_KIND = "ubnd_one_stop"
_RULES_PATH = Path(__file__).with_name("presentation.yml")


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with _RULES_PATH.open(encoding="utf-8") as handle:
        rules: dict[str, Any] = yaml.safe_load(handle)
    return rules


def presentation_rules() -> dict[str, Any]:
    """The cutting rules of presentation.yml (read once)."""
    return _rules()


def _has_any(text: str, patterns: Sequence[str]) -> bool:
    folded = fold(text)
    return any(p in folded for p in patterns)


def is_conditional(document: RequiredDocument) -> bool:
    """True for notes and for papers needed only in some cases."""
    if document.is_note:
        return True
    folded = fold(document.name).lstrip("-+• ")
    rules = _rules()
    return folded.startswith(tuple(rules["conditional_document_prefixes"])) or any(
        p in folded for p in rules["conditional_document_phrases"]
    )


def document_core(name: str) -> str:
    """The document itself, without the exceptions that follow it."""
    folded = fold(name)
    cuts = [folded.find(c) for c in _rules()["document_name_cuts"]]
    cut = min((i for i in cuts if i >= 5), default=len(name))
    return name[:cut].rstrip(" ;,.")


def form_mention(document: RequiredDocument) -> str | None:
    """How the document's own text names its form ("Mẫu số 06", "mẫu CT01"), or ``None``."""
    code = document.form_code
    if not code:
        return None
    folded, at = fold(document.name), document.name.find(code)
    if at < 0:
        return None
    for word in _rules()["form_code_words"]:
        start = folded.rfind(word, 0, at)
        if start >= 0 and start + len(word) == at:
            return document.name[start : at + len(code)]
    return None


def document_name(document: RequiredDocument) -> str:
    """The document as a papers line names it: its core, cut to chat length, keeping the
    form it names ("… (Mẫu ĐKX11 ban hành kèm theo Thông tư …)" cut at its parenthesis
    would lose ĐKX11, the one thing the counter asks for)."""
    name = shorten(document_core(document.name), DOCUMENT_CHARS)
    mention = form_mention(document)
    if mention is None or fold(mention) in fold(name):
        return name
    core = shorten(document_core(document.name), DOCUMENT_CHARS - len(mention) - 3)
    return f"{core} ({mention})"


def is_application(name: str) -> bool:
    """True for the paper the citizen writes or fills in to apply ("Đơn đề nghị …",
    "Giấy đề nghị …", "Tờ khai …"), by its first words (presentation.yml)."""
    folded = fold(name).lstrip("-+•* ")
    return folded.startswith(tuple(_rules()["application_paper_prefixes"]))


def relevant_channels(channels: Sequence[SubmissionChannel]) -> list[SubmissionChannel]:
    """Channels in a stable order, without rows for filing abroad when a domestic one exists."""
    markers = _rules()["overseas_channel_markers"]
    domestic = {c.kind for c in channels if not _has_any(c.description or "", markers)}
    kept = [
        c for c in channels if not (c.kind in domestic and _has_any(c.description or "", markers))
    ]
    return sorted(kept, key=lambda c: CHANNEL_ORDER.get(c.kind, 9))


#: Folded words that say which body an agency is ("uy ban", "cong an", "van phong").
AGENCY_HEAD_WORDS = 2
AGENCY_CHARS = 120


def deciding_agency(agency: str, office_name: str) -> str | None:
    """The record's agency when the office the citizen files at does not name it already:
    the ward's desk ("Trung tâm Phục vụ hành chính công phường …") receives the file, the
    People's Committee ("Ủy ban nhân dân cấp xã") decides it, and "làm ở đâu" asks both.
    ``None`` when the office is that body ("Công an cấp Xã" filed at "Công an phường …")."""
    head = fold_tokens(agency)[:AGENCY_HEAD_WORDS]
    if not head:
        return None
    office = fold_tokens(office_name)
    if any(office[i : i + len(head)] == head for i in range(len(office))):
        return None
    return shorten(agency, AGENCY_CHARS)


def display_name(name: str) -> str:
    """A procedure name short enough for a chat header."""
    if len(name) <= NAME_CHARS:
        return name
    head = name.split(";", 1)[0]
    return head if 20 <= len(head) <= NAME_CHARS else shorten(name, NAME_CHARS)


# A line of the portal's "Yêu cầu, điều kiện" that starts an item of its own: a bullet
# ("-", "+", "•") or a numbered or lettered item ("1.", "2)", "a)", "b.").
_ITEM_START = re.compile(r"^(?:[-+•*]|\d{1,2}[.)]|[a-zđ][.)])\s")
_SENTENCE_END = (".", ":", ";", "!", "?")
_BULLETS = "-+•* "
# A legal text's number ("27/2022/NĐ-CP", "47/2014/QH13"), however the record words it.
_LEGAL_NUMBER = re.compile(r"\d+/\d{4}/[\w-]+")


def condition_items(conditions: str) -> list[str]:
    """The items of a record's conditions. The portal wraps long items mid-sentence, so a
    line continues the previous one unless it starts an item, or the previous one ended a
    sentence and this one starts with a capital. A line that is only a number is a page
    number of the PDF the text was copied from."""
    items: list[str] = []
    for raw in conditions.split("\n"):
        line = " ".join(raw.split())
        if not line.strip(_BULLETS) or line.isdigit():
            continue
        wrapped = bool(items) and (not items[-1].endswith(_SENTENCE_END) or line[0].islower())
        if wrapped and not _ITEM_START.match(line):
            items[-1] = f"{items[-1]} {line}"
        else:
            items.append(line.lstrip(_BULLETS) if line[0] in _BULLETS else line)
    return items


def cited_basis(conditions: str, bases: Sequence[LegalBasis]) -> LegalBasis | None:
    """The legal basis the conditions cite by number, else the record's first one."""
    cited = {fold(n) for n in _LEGAL_NUMBER.findall(conditions)}
    for basis in bases:
        numbers = _LEGAL_NUMBER.findall(f"{basis.number or ''} {basis.title}")
        if cited & {fold(n) for n in numbers}:
            return basis
    return bases[0] if bases else None


@lru_cache(maxsize=1)
def _deadline_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _rules()["deadline_condition_patterns"])


def deadline_phrase(text: str) -> str | None:
    """The folded words of ``text`` that set a deadline for the citizen ("trong 15 ngay ke
    tu …", "cham nhat 03 ngay lam viec truoc"), ``None`` when it sets none."""
    folded = fold(text)
    hit = next((m for p in _deadline_patterns() if (m := p.search(folded))), None)
    return hit.group(0) if hit else None


def deadline_conditions(conditions: Sequence[str], said: str = "") -> list[str]:
    """The conditions that say by when the citizen must act, except those whose deadline
    ``said`` (the time text already shown) states."""
    folded_said = fold(said)
    return [
        c
        for c in conditions
        if (phrase := deadline_phrase(c)) is not None and phrase not in folded_said
    ]


def place_conditions(conditions: Sequence[str]) -> list[str]:
    """The conditions that say where the file goes ("nộp cho Cơ quan đăng ký kinh doanh
    cấp xã …")."""
    markers = _rules()["place_condition_markers"]
    return [c for c in conditions if any(m in fold(c) for m in markers)]


def copy_notes(texts: Sequence[str]) -> list[str]:
    """The texts (conditions, notes) that say which copy of the papers to bring: a copy with
    the original shown, a certified copy, the electronic one, no certification needed."""
    markers = _rules()["copy_note_markers"]
    return [t for t in texts if any(m in fold(t) for m in markers)]


def described_kinds(channels: Sequence[SubmissionChannel]) -> list[str]:
    """The channel kinds the record's rows support: a row whose description names another
    way of filing and not its own (an online row reading "Nộp hồ sơ trực tiếp tại …") is
    dropped; a row without description keeps its kind."""
    markers: dict[str, list[str]] = _rules()["channel_description_markers"]
    kinds: list[str] = []
    for channel in channels:
        text = fold(channel.description or "")
        named = {k for k, words in markers.items() if any(w in text for w in words)}
        # The in-person row stays whatever it reads: the desk always takes the file.
        if named and channel.kind in markers and channel.kind not in named | {"in_person"}:
            continue
        kinds.append(channel.kind)
    return list(dict.fromkeys(kinds))


#: Lines a record answer adds about the documents its question names, at most.
MAX_NAMED = 2
#: Word pairs a question shares with a document, frequent ones counted, that name it.
NAMED_PAIRS = 2


def word_pairs(text: str) -> set[tuple[str, str]]:
    """The pairs of neighbouring content words of ``text``, folded ("uy quyen", "chung thuc")."""
    return {
        pair for segment in content_segments(normalise_tokens(text)) for pair in pairwise(segment)
    }


def named_documents(
    procedure: Procedure,
    text: str,
    frequent: frozenset[tuple[str, str]] = frozenset(),
    shown: Sequence[RequiredDocument] = (),
) -> list[RequiredDocument]:
    """The documents of ``procedure`` (papers, cases and notes) the question names, other
    than ``shown``: a word pair of the document ("ủy quyền", "chứng sinh") other than the
    ``frequent`` pairs of all cards and the procedure's own name, or two pairs, frequent
    ones included ("văn bản ủy quyền có phải chứng thực"). Most shared pairs first."""
    if not text or text.startswith("/"):
        return []
    said = word_pairs(text) - word_pairs(procedure.name)
    asked = said - frequent
    if not said:
        return []
    skipped = {id(d) for d in shown}
    found: list[tuple[int, int, RequiredDocument]] = []
    for position, document in enumerate(procedure.documents):
        if id(document) in skipped:
            continue
        pairs = word_pairs(document.name)
        hits = len(pairs & asked)
        if not hits and len(pairs & said) >= NAMED_PAIRS:
            hits = len(pairs & said)
        if hits:
            found.append((-hits, position, document))
    return [document for _, _, document in sorted(found, key=lambda f: f[:2])]


class Topic(str, Enum):
    OVERVIEW = "overview"
    PAPERS = "papers"
    MORE_DETAILS = "more_details"
    FEE = "fee"
    DURATION = "duration"
    SUBMISSION = "submission"
    STEPS = "steps"
    FORMS = "forms"
    LEGAL_BASIS = "legal_basis"
    CONDITIONS = "conditions"
    STEPS_FULL = "steps_full"


@dataclass(frozen=True)
class Reply:
    response: str
    values: dict[str, str] = field(default_factory=dict)


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary, dropping a long parenthetical first."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    paren = text.find(" (")
    if 0 < paren <= limit and text.rfind(")") > paren:
        head = text[:paren].rstrip(" ,;:")
        tail = text[text.rfind(")") + 1 :].strip()
        candidate = f"{head} {tail}".strip() if tail else head
        if len(candidate) <= limit:
            return candidate
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"


class AnswerComposer:
    """Turns a ``Procedure`` into the reply for one topic."""

    def __init__(
        self,
        phrases: Phrasebook,
        office: WardOffice | None = None,
        ward_name: str = "",
        offices: Mapping[str, OfficeView] | None = None,
    ) -> None:
        self._p = phrases
        self._office = office
        self._ward_name = ward_name
        #: The ward's offices by agency kind (repository.get_offices); without them only the
        #: one-stop desk (``office``) is known and other agencies are named from the record.
        self._offices = dict(offices or {})

    def named_lines(
        self,
        topic: Topic,
        procedure: Procedure,
        text: str,
        frequent: frozenset[tuple[str, str]] = frozenset(),
    ) -> list[str]:
        """Lines for the documents the question names that the ``topic`` answer does not show:
        "giấy ủy quyền có phải chứng thực không" asked with the fee gets the authorisation
        paper's own words ("… không phải chứng thực"), which a list of papers cut to chat
        length, or another topic's answer, leaves out."""
        if topic is Topic.MORE_DETAILS:
            return []
        # A listed paper whose line lost its exceptions to the cut is not shown in full.
        shown = [
            d
            for d in (self.shown_documents(procedure) if topic is Topic.PAPERS else [])
            if document_name(d) == " ".join(d.name.split())
        ]
        return [
            self._p.text("utter_line_bullet", text=shorten(d.name, DETAIL_CHARS))
            for d in named_documents(procedure, text, frequent, shown)[:MAX_NAMED]
        ]

    @staticmethod
    def shown_documents(procedure: Procedure) -> list[RequiredDocument]:
        """The documents a papers answer lists (its first main papers)."""
        return [d for d in procedure.documents if not is_conditional(d)][:MAX_DOCUMENTS]

    def compose(self, topic: Topic, procedure: Procedure) -> Reply:
        builders: dict[Topic, Callable[[Procedure], Reply]] = {
            Topic.OVERVIEW: self._overview,
            Topic.PAPERS: self._papers,
            Topic.MORE_DETAILS: self._more_details,
            Topic.FEE: self._fee,
            Topic.DURATION: self._duration,
            Topic.SUBMISSION: self._submission,
            Topic.STEPS: self._steps,
            Topic.FORMS: self._forms,
            Topic.LEGAL_BASIS: self._legal_basis,
            Topic.CONDITIONS: self._conditions,
            Topic.STEPS_FULL: self._steps_full,
        }
        return builders[topic](procedure)

    # -- shared pieces -------------------------------------------------------------

    def _base(self, procedure: Procedure) -> dict[str, str]:
        if procedure.is_local or not procedure.source_url:
            source = self._p.text("utter_source_local", ward_name=self._ward_name)
        else:
            source = self._p.text("utter_source", url=procedure.source_url)
        return {"procedure_name": display_name(procedure.name), "source": source}

    def _missing(self, procedure: Procedure) -> Reply:
        return Reply("utter_answer_missing_info", self._base(procedure))

    def _channel_label(self, kind: str) -> str:
        name = f"utter_label_channel_{kind}"
        return self._p.text(name) if self._p.has(name) else kind

    def _join(self, items: Sequence[str]) -> str:
        return self._p.text("utter_label_list_separator").join(items)

    def _per_channel(
        self,
        channels: Sequence[SubmissionChannel],
        value: Callable[[SubmissionChannel], str],
        note_markers: Sequence[str] = (),
    ) -> list[str]:
        """One line per distinct value (channels sharing a value share a line), then the
        channel descriptions that explain it (fee rules, the 15h cut-off, ...)."""
        grouped: dict[str, list[str]] = {}
        notes: dict[str, None] = {}
        for channel in relevant_channels(channels):
            labels = grouped.setdefault(value(channel), [])
            label = self._channel_label(channel.kind)
            if label not in labels:
                labels.append(label)
            if note_markers and channel.description and _has_any(channel.description, note_markers):
                notes[channel.description] = None
        lines = [
            self._p.text("utter_line_channel_value", channel=self._join(labels), value=text)
            for text, labels in grouped.items()
        ]
        lines += [self._p.text("utter_line_fee_note", note=shorten(n, NOTE_CHARS)) for n in notes]
        return lines

    def _fee_text(self, channel: SubmissionChannel) -> str:
        # An unknown fee with a text: the legal text that sets it, not an amount (the portal's
        # "Miễn phí" over "Thông tư số 60/2023/TT-BTC … quy định mức thu …").
        if channel.fee_kind == "unknown" and channel.fee_text:
            # A model trained before the template existed sends a domain without it.
            if self._p.has("utter_label_fee_by_legal_text"):
                return self._p.text("utter_label_fee_by_legal_text", law=channel.fee_text)
            return self._p.text("utter_label_no_fee_info")
        return channel.fee_text or self._p.text("utter_label_no_fee_info")

    def _duration_text(self, channel: SubmissionChannel) -> str:
        if channel.time_limit_unit is None and channel.time_limit_value is not None:
            value = f"{channel.time_limit_value:g}"
            return self._p.text("utter_label_duration_unit_missing", value=value)
        return channel.time_limit_text or self._p.text("utter_label_no_fee_info")

    def _document_line(self, number: int, document: RequiredDocument) -> str:
        counts = []
        if document.quantity_original:
            counts.append(self._p.text("utter_label_original", n=document.quantity_original))
        if document.quantity_copy:
            counts.append(self._p.text("utter_label_copy", n=document.quantity_copy))
        quantity = (
            self._p.text("utter_line_document_quantity", count=self._join(counts)) if counts else ""
        )
        return self._p.text(
            "utter_line_document",
            number=number,
            name=document_name(document),
            quantity=quantity,
        )

    # -- topics ----------------------------------------------------------------------

    def _overview(self, procedure: Procedure) -> Reply:
        lines = []
        if procedure.agency:
            lines.append(self._p.text("utter_line_summary_agency", agency=procedure.agency))
        channels = relevant_channels(procedure.channels)
        if channels:
            labels = self._join(list(dict.fromkeys(self._channel_label(c.kind) for c in channels)))
            lines.append(self._p.text("utter_line_summary_channels", channels=labels))
            first = channels[0]
            lines.append(
                self._p.text("utter_line_summary_duration", duration=self._duration_text(first))
            )
            lines.append(self._p.text("utter_line_summary_fee", fee=self._fee_text(first)))
        if forms_line := self._summary_forms(procedure):
            lines.append(forms_line)
        values = self._base(procedure) | {"summary_lines": "\n".join(lines)}
        return Reply("utter_answer_overview", values)

    def _summary_forms(self, procedure: Procedure) -> str | None:
        """The forms to fill in, one summary line: the main paper's form is what a citizen
        asks for most after the papers ("khai tờ gì"), and an overview is what a question
        the NLU cannot place gets."""
        forms = list(dict.fromkeys(d.form_name for d in procedure.documents if d.form_name))
        if not forms:
            return None
        named = self._join([shorten(f, SUMMARY_FORM_CHARS) for f in forms[:SUMMARY_FORMS]])
        # The forms line of the card answers: an overview reads the same with or without a card.
        return self._p.text("utter_card_line_forms", forms=named)

    def _papers(self, procedure: Procedure) -> Reply:
        documents = [d for d in procedure.documents if not is_conditional(d)]
        details = [d for d in procedure.documents if is_conditional(d)]
        if not documents:
            return self._more_details(procedure) if details else self._missing(procedure)
        lines: list[str] = []
        groups = {d.case_group for d in documents}
        current: str | None = None
        for number, document in enumerate(documents[:MAX_DOCUMENTS], start=1):
            if len(groups) > 1 and document.case_group and document.case_group != current:
                current = document.case_group
                lines.append(self._p.text("utter_line_document_group", group=shorten(current, 120)))
            lines.append(self._document_line(number, document))
        if len(documents) > MAX_DOCUMENTS:
            lines.append(
                self._p.text("utter_line_more_documents", count=len(documents) - MAX_DOCUMENTS)
            )
        # The record's note on copies and originals ("… nộp bản sao kèm bản chính để đối
        # chiếu", "không phải nộp bản giấy") is part of what to bring, not a detail.
        for note in copy_notes([d.name for d in procedure.documents if d.is_note])[:1]:
            lines.append(self._p.text("utter_line_fee_note", note=shorten(note, NOTE_CHARS)))
        values = self._base(procedure) | {"document_lines": "\n".join(lines)}
        if details:
            values["detail_count"] = str(len(details))
            return Reply("utter_answer_papers_with_details", values)
        return Reply("utter_answer_papers", values)

    def _more_details(self, procedure: Procedure) -> Reply:
        details = [d for d in procedure.documents if is_conditional(d)]
        if not details:
            return Reply("utter_answer_no_more_details", self._base(procedure))
        lines = [
            self._p.text("utter_line_bullet", text=shorten(d.name, DETAIL_CHARS))
            for d in details[:MAX_DETAILS]
        ]
        if len(details) > MAX_DETAILS:
            lines.append(self._p.text("utter_line_more_details", count=len(details) - MAX_DETAILS))
        return Reply(
            "utter_answer_more_details", self._base(procedure) | {"detail_lines": "\n".join(lines)}
        )

    def _fee(self, procedure: Procedure) -> Reply:
        if not procedure.channels:
            return self._missing(procedure)
        lines = self._per_channel(
            procedure.channels, self._fee_text, _rules()["fee_description_markers"]
        )
        notes = dict.fromkeys(c.fee_note for c in procedure.channels if c.fee_note)
        lines += [self._p.text("utter_line_fee_note", note=shorten(n, NOTE_CHARS)) for n in notes]
        return Reply("utter_answer_fee", self._base(procedure) | {"fee_lines": "\n".join(lines)})

    def _duration(self, procedure: Procedure) -> Reply:
        if not procedure.channels:
            return self._missing(procedure)
        lines = self._per_channel(
            procedure.channels, self._duration_text, _rules()["duration_description_markers"]
        )
        # A unit derived from the steps text comes with the sentence that says it.
        quotes = dict.fromkeys(
            c.time_limit_quote for c in relevant_channels(procedure.channels) if c.time_limit_quote
        )
        lines += [
            self._p.text("utter_line_fee_note", note=shorten(q[:1].upper() + q[1:], NOTE_CHARS))
            for q in quotes
        ]
        # What the citizen must do by when ("trong 10 ngày kể từ …") is part of "how long".
        said = " ".join(lines)
        items = condition_items(procedure.conditions) if procedure.conditions else []
        lines += [
            self._p.text("utter_line_fee_note", note=shorten(item, NOTE_CHARS))
            for item in deadline_conditions(items, said)[:MAX_DEADLINES]
        ]
        return Reply(
            "utter_answer_duration", self._base(procedure) | {"duration_lines": "\n".join(lines)}
        )

    def _office_line(self, procedure: Procedure) -> str | None:
        """Where to file in person: the ward's office of the procedure's agency kind (residence
        and căn cước: the commune police), with "chưa cập nhật" for what is not confirmed."""
        kind = procedure.agency_kind or DESK_KIND
        name: str | None
        if kind in self._offices:
            office = self._offices[kind]
            name, address, hours = office.name, office.address, office.opening_hours
        elif kind == DESK_KIND and self._office is not None:
            name, address = self._office.name, self._office.address
            hours = self._office.opening_hours
        else:
            name, address, hours = None, None, None
        name = name or procedure.agency
        if not name:
            return None
        if not address and not hours:
            return self._p.text("utter_line_office_agency", office_name=name)
        missing = self._p.text("utter_label_not_updated")
        return self._p.text(
            "utter_line_office",
            office_name=name,
            address=address or missing,
            opening_hours=hours or missing,
        )

    def _submission(self, procedure: Procedure) -> Reply:
        if not procedure.channels:
            return self._missing(procedure)
        kinds = [c.kind for c in relevant_channels(procedure.channels)]
        lines = [
            self._p.text("utter_line_bullet", text=self._channel_label(kind))
            for kind in dict.fromkeys(kinds)
        ]
        office_line = self._office_line(procedure) if "in_person" in kinds else None
        if office_line:
            lines.append(office_line)
            if agency := deciding_agency(procedure.agency, office_line):
                lines.append(self._p.text("utter_line_summary_agency", agency=agency))
        if "online" in kinds and procedure.online_url:
            lines.append(self._p.text("utter_line_online_link", url=procedure.online_url))
        return Reply(
            "utter_answer_submission", self._base(procedure) | {"channel_lines": "\n".join(lines)}
        )

    def _steps(self, procedure: Procedure) -> Reply:
        if not procedure.steps:
            return self._missing(procedure)
        lines = [
            self._p.text("utter_line_numbered", number=i, text=shorten(s.text, STEP_CHARS))
            for i, s in enumerate(procedure.steps[:MAX_STEPS], start=1)
        ]
        return Reply("utter_answer_steps", self._base(procedure) | {"step_lines": "\n".join(lines)})

    def _forms(self, procedure: Procedure) -> Reply:
        forms = list(dict.fromkeys(d.form_name for d in procedure.documents if d.form_name))
        if not forms:
            # No numbered form: the application the record lists ("Đơn đề nghị …") is what
            # the citizen fills in, and what "đơn theo mẫu nào" asks for.
            forms = list(
                dict.fromkeys(
                    document_name(d)
                    for d in procedure.documents
                    if not d.is_note and is_application(d.name)
                )
            )
        if not forms:
            return Reply("utter_answer_no_forms", self._base(procedure))
        lines = [self._p.text("utter_line_form", form=shorten(f, DOCUMENT_CHARS)) for f in forms]
        return Reply("utter_answer_forms", self._base(procedure) | {"form_lines": "\n".join(lines)})

    def _legal_basis(self, procedure: Procedure) -> Reply:
        if not procedure.legal_bases:
            return self._missing(procedure)
        lines = [
            self._p.text(
                "utter_line_legal_basis",
                number=b.number or "",
                title=shorten(b.title, DOCUMENT_CHARS),
            )
            if b.number
            else self._p.text("utter_line_bullet", text=shorten(b.title, DOCUMENT_CHARS))
            for b in procedure.legal_bases[:MAX_LEGAL]
        ]
        return Reply(
            "utter_answer_legal_basis", self._base(procedure) | {"legal_lines": "\n".join(lines)}
        )

    def _conditions(self, procedure: Procedure) -> Reply:
        """Eligibility as the record states it, with the legal text it rests on: the one the
        conditions themselves cite, else the record's first (number and title, so that the
        citizen can look it up). A record that states none says so, no more."""
        if not procedure.conditions:
            return Reply("utter_answer_no_conditions", self._base(procedure))
        lines = [
            self._p.text("utter_line_bullet", text=shorten(item, DETAIL_CHARS))
            for item in condition_items(procedure.conditions)
        ][:MAX_DETAILS]
        basis = cited_basis(procedure.conditions, procedure.legal_bases)
        if basis is None:
            legal = self._p.text("utter_label_not_updated")
        elif basis.number and not _LEGAL_NUMBER.findall(basis.title):
            # The title alone when it already carries its number ("Thông tư 10/2014/TT-BCA …").
            legal = shorten(f"{basis.number} — {basis.title}", DOCUMENT_CHARS)
        else:
            legal = shorten(basis.title, DOCUMENT_CHARS)
        values = self._base(procedure) | {"condition_lines": "\n".join(lines), "legal": legal}
        return Reply("utter_answer_conditions", values)

    def _steps_full(self, procedure: Procedure) -> Reply:
        """Every step, each as long as a chat message allows (the action cuts the reply
        into several messages)."""
        if not procedure.steps:
            return self._missing(procedure)
        lines = [
            self._p.text("utter_line_numbered", number=i, text=shorten(s.text, STEP_FULL_CHARS))
            for i, s in enumerate(procedure.steps, start=1)
        ]
        return Reply(
            "utter_answer_steps_full", self._base(procedure) | {"step_lines": "\n".join(lines)}
        )
