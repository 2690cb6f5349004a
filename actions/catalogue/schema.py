"""Clean catalogue records: the shape of ``data/procedures/national.json`` and of local records."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ChannelKind = Literal["in_person", "online", "post"]
TimeUnit = Literal["working_day", "day", "hour", "month"]
#: Where a channel's time limit comes from: the portal's channel table, or the procedure's steps
#: text when the table gives a bare number (the quoted sentence is kept in ``time_limit_quote``).
#: ``None``: given by the ward (override file) or unknown.
TimeLimitSource = Literal["table", "derived_from_steps"]
#: ``set_by_province``: the provincial People's Council (HĐND cấp tỉnh) sets the amount, so the
#: national record cannot say it (the portal often shows "Miễn phí" there anyway).
FeeKind = Literal["free", "amount", "set_by_province", "unknown"]
#: ``submit``: papers handed in; ``show``: papers shown at the desk (xuất trình) and handed back;
#: ``note``: explanations, not papers.
DocumentRole = Literal["submit", "show", "note"]
#: Who receives the dossier: the People's Committee's one-stop desk, the commune police (residence,
#: căn cước), the land registration office branch, or another body named in ``agency``.
AgencyKind = Literal["ubnd_one_stop", "commune_police", "land_registration", "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChannelRecord(_Strict):
    kind: ChannelKind
    time_limit_value: float | None = None
    time_limit_unit: TimeUnit | None = None
    time_limit_text: str | None = None
    time_limit_source: TimeLimitSource | None = None
    #: The sentence of the steps text the unit was derived from (``derived_from_steps`` only).
    time_limit_quote: str | None = None
    fee_kind: FeeKind | None = None
    fee_text: str | None = None
    fee_amount_vnd: int | None = None
    #: The per-unit part of an amount ("/trường hợp", "/trang"), also contained in ``fee_text``.
    fee_unit_text: str | None = None
    fee_note: str | None = None
    #: The portal's fee cell as crawled (cleaned), for staff and for re-checking the parse.
    fee_source_text: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _default_fee_kind(self) -> ChannelRecord:
        # Ward files give fee_text/fee_amount_vnd only: infer the kind the same way.
        if self.fee_kind is None:
            if self.fee_amount_vnd == 0:
                self.fee_kind = "free"
            elif self.fee_amount_vnd is not None or self.fee_text:
                self.fee_kind = "amount"
            else:
                self.fee_kind = "unknown"
        return self


class DocumentRecord(_Strict):
    #: The case ("Trường hợp …") the document belongs to; ``None``: the main papers, which
    #: apply to everyone.
    case_group: str | None = None
    #: ``case_group`` shortened for a button title.
    case_title: str | None = None
    role: DocumentRole | None = None
    name: str
    #: The form to fill in: a template file, or the form the text names ("theo mẫu CT01").
    form_name: str | None = None
    #: The form's code when the text gives one ("CT01", "TK1-TS", "Mẫu số 01").
    form_code: str | None = None
    quantity_original: int = 0
    quantity_copy: int = 0
    is_note: bool = False

    @model_validator(mode="after")
    def _role_and_note_agree(self) -> DocumentRecord:
        if self.role is None:
            self.role = "note" if self.is_note else "submit"
        self.is_note = self.role == "note"
        return self


class LegalBasisRecord(_Strict):
    number: str | None = None
    title: str


class CatalogueRecord(_Strict):
    code: str
    name: str
    field: str = ""
    #: The ward index's ``nhom_phuong`` group (or the ward's own for local procedures).
    group: str = ""
    level: str = ""
    agency: str = ""
    agency_kind: AgencyKind = "ubnd_one_stop"
    target_group: str = ""
    conditions: str | None = None
    decision_number: str = ""
    source_url: str = ""
    online_url: str | None = None
    results: list[str] = Field(default_factory=list)
    ward_note: str | None = None
    is_local: bool = False
    channels: list[ChannelRecord] = Field(default_factory=list)
    documents: list[DocumentRecord] = Field(default_factory=list)
    steps: list[str] = Field(default_factory=list)
    legal_bases: list[LegalBasisRecord] = Field(default_factory=list)


class NationalName(_Strict):
    """One national procedure, ward-relevant or not: enough to recognise it and point to it."""

    code: str
    name: str
    ministry: str
    level: str = ""
    field: str = ""
    agency: str = ""
    detail_url: str = ""
