"""Clean catalogue records: the shape of ``data/procedures/national.json`` and of local records."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ChannelKind = Literal["in_person", "online", "post"]
TimeUnit = Literal["working_day", "day", "hour", "month"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChannelRecord(_Strict):
    kind: ChannelKind
    time_limit_value: float | None = None
    time_limit_unit: TimeUnit | None = None
    time_limit_text: str | None = None
    fee_text: str | None = None
    fee_amount_vnd: int | None = None
    fee_note: str | None = None
    description: str | None = None


class DocumentRecord(_Strict):
    case_group: str | None = None
    name: str
    form_name: str | None = None
    quantity_original: int = 0
    quantity_copy: int = 0
    is_note: bool = False


class LegalBasisRecord(_Strict):
    number: str | None = None
    title: str


class CatalogueRecord(_Strict):
    code: str
    name: str
    field: str = ""
    group: str = ""
    level: str = ""
    agency: str = ""
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
