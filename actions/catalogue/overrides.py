"""Ward override files ``data/wards/<ward_code>.yml``: office info, corrections, local procedures.

Overrides live apart from the imported national catalogue, so a re-import never loses them;
they are applied when the database is built (:mod:`actions.catalogue.build_db`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from actions.catalogue.cleaning import nfc
from actions.catalogue.schema import (
    AgencyKind,
    CatalogueRecord,
    ChannelRecord,
    DocumentRecord,
    LegalBasisRecord,
)


class OverrideError(ValueError):
    """An override file is invalid; the message names the file and the offending key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


OfficeField = Literal["name", "address", "phone", "opening_hours", "email", "website"]
#: What a citizen needs to find an office; the report lists those missing or unconfirmed.
CONTACT_FIELDS: tuple[OfficeField, ...] = ("name", "address", "phone", "opening_hours")
_ALL_FIELDS: tuple[OfficeField, ...] = (*CONTACT_FIELDS, "email", "website")


class AgencyOffice(_Strict):
    """One office of the ward (one agency kind). A value reaches citizens only once ward staff
    list it in ``confirmed``: until then it is a candidate for them to check, and citizens read
    "chưa cập nhật" (placeholders must never look real)."""

    name: str | None = None
    address: str | None = None
    phone: str | None = None
    opening_hours: str | None = None
    email: str | None = None
    website: str | None = None
    confirmed: list[OfficeField] = Field(default_factory=list)

    def served(self, field_name: OfficeField) -> str | None:
        value: str | None = getattr(self, field_name)
        return value if value and field_name in self.confirmed else None

    def unconfirmed(self) -> list[OfficeField]:
        """Contact fields a citizen cannot be given yet (missing, or not confirmed)."""
        return [f for f in CONTACT_FIELDS if self.served(f) is None]


class OfficeInfo(AgencyOffice):
    """The legacy ``office:`` section: the ward's name and its People's Committee one-stop desk
    (the web page reads it). The desk may instead be ``offices.ubnd_one_stop``."""

    #: How citizens name the ward in a sentence ("phường Đống Đa").
    ward_name: str

    def has_contact(self) -> bool:
        return any(getattr(self, f) for f in _ALL_FIELDS) or bool(self.confirmed)


class TextFix(_Strict):
    """Replace ``find`` by ``replace`` in one text field (``steps`` = every step)."""

    field: Literal["name", "steps", "conditions", "agency", "target_group", "results"] = "steps"
    find: str
    replace: str


class ProcedurePatch(_Strict):
    """Partial replacement of a national record; every given field replaces the national one."""

    name: str | None = None
    field: str | None = None
    group: str | None = None
    level: str | None = None
    agency: str | None = None
    #: Which of the ward's offices receives it, when the ward's practice differs.
    agency_kind: AgencyKind | None = None
    target_group: str | None = None
    conditions: str | None = None
    decision_number: str | None = None
    source_url: str | None = None
    online_url: str | None = None
    results: list[str] | None = None
    ward_note: str | None = None
    channels: list[ChannelRecord] | None = None
    documents: list[DocumentRecord] | None = None
    steps: list[str] | None = None
    legal_bases: list[LegalBasisRecord] | None = None
    text_fixes: list[TextFix] = Field(default_factory=list)
    aliases_add: list[str] = Field(default_factory=list)


class LocalProcedure(CatalogueRecord):
    """A procedure the ward adds (not in the national crawl); code like "LOCAL-00235-001"."""

    is_local: bool = True
    aliases: list[str] = Field(default_factory=list)


class WardOverrides(_Strict):
    office: OfficeInfo | None = None
    offices: dict[AgencyKind, AgencyOffice] = Field(default_factory=dict)
    procedures: dict[str, ProcedurePatch] = Field(default_factory=dict)
    local_procedures: list[LocalProcedure] = Field(default_factory=list)


@dataclass
class AppliedCatalogue:
    records: list[CatalogueRecord]
    aliases: dict[str, list[str]]
    office: OfficeInfo | None = None
    offices: dict[str, AgencyOffice] = field(default_factory=dict)
    overridden: list[str] = field(default_factory=list)
    local: list[str] = field(default_factory=list)


def _nfc_tree(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_tree(v) for v in value]
    if isinstance(value, dict):
        return {(nfc(k) if isinstance(k, str) else str(k)): _nfc_tree(v) for k, v in value.items()}
    return value


DESK: AgencyKind = "ubnd_one_stop"


def resolve_offices(overrides: WardOverrides, source: str) -> dict[str, AgencyOffice]:
    """The ward's offices by agency kind; the legacy ``office:`` section is the one-stop desk."""
    offices: dict[str, AgencyOffice] = {str(k): v for k, v in overrides.offices.items()}
    legacy = overrides.office
    if legacy is not None and legacy.has_contact():
        desk = AgencyOffice.model_validate(legacy.model_dump(exclude={"ward_name"}))
        given = offices.get(DESK)
        if given is None:
            offices[DESK] = desk
        else:
            for name in _ALL_FIELDS:
                ours, theirs = getattr(desk, name), getattr(given, name)
                if ours is not None and ours != theirs:
                    raise OverrideError(
                        f"{source}: office.{name} disagrees with offices.{DESK}.{name}"
                    )
                if ours is not None and (name in desk.confirmed) != (name in given.confirmed):
                    raise OverrideError(
                        f"{source}: office.{name} and offices.{DESK}.{name}: confirmed differs"
                    )
    return {kind: offices[kind] for kind in sorted(offices)}


def _key(loc: Iterable[int | str]) -> str:
    return ".".join(str(part) for part in loc)


def parse_overrides(data: Mapping[str, Any] | None, source: str) -> WardOverrides:
    """Validate an already-loaded override mapping; errors name ``source`` and the key."""
    try:
        return WardOverrides.model_validate(_nfc_tree(dict(data or {})))
    except ValidationError as exc:
        problems = "; ".join(
            f"{_key(err['loc'])}: "
            + ("unknown field" if err["type"] == "extra_forbidden" else err["msg"])
            for err in exc.errors()
        )
        raise OverrideError(f"{source}: {problems}") from None


def load_overrides(path: Path) -> WardOverrides:
    """Read and validate one ward file; a missing file means "no overrides"."""
    if not path.exists():
        return WardOverrides()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise OverrideError(f"{path}: invalid YAML: {exc}") from None
    if data is not None and not isinstance(data, dict):
        raise OverrideError(f"{path}: top level must be a mapping")
    return parse_overrides(data, str(path))


def ward_file(data_dir: Path, ward_code: str) -> Path:
    return data_dir / "wards" / f"{ward_code}.yml"


def load_aliases(path: Path) -> dict[str, list[str]]:
    """Curated aliases ``{code: [alias, ...]}`` from ``data/procedures/aliases.yml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    raw = data.get("aliases", {}) if isinstance(data, dict) else {}
    if not isinstance(raw, dict):
        raise OverrideError(f"{path}: 'aliases' must be a mapping of code -> list")
    out: dict[str, list[str]] = {}
    for code, words in raw.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise OverrideError(f"{path}: aliases.{code}: expected a list of strings")
        out[str(code)] = [nfc(w).strip() for w in words if w.strip()]
    return out


def _apply_fix(record: CatalogueRecord, fix: TextFix, where: str) -> CatalogueRecord:
    current = getattr(record, fix.field)
    texts = current if isinstance(current, list) else [current or ""]
    if not any(fix.find in text for text in texts):
        raise OverrideError(
            f"{where}.text_fixes: {fix.find!r} not found in {fix.field} (already fixed upstream?)"
        )
    fixed = [text.replace(fix.find, fix.replace) for text in texts]
    return record.model_copy(update={fix.field: fixed if isinstance(current, list) else fixed[0]})


def _add_unique(target: list[str], words: Iterable[str]) -> None:
    seen = {w.casefold() for w in target}
    for word in words:
        if word.casefold() not in seen:
            target.append(word)
            seen.add(word.casefold())


def apply_overrides(
    records: Iterable[CatalogueRecord],
    aliases: Mapping[str, list[str]],
    overrides: WardOverrides,
    source: str = "ward overrides",
) -> AppliedCatalogue:
    """National records + curated aliases + one ward's overrides -> what goes into the DB."""
    by_code = {r.code: r for r in records}
    merged_aliases: dict[str, list[str]] = {}
    for code, words in aliases.items():
        if code not in by_code:
            raise OverrideError(f"aliases: {code}: unknown procedure code")
        _add_unique(merged_aliases.setdefault(code, []), words)
    overridden: list[str] = []
    for code, patch in overrides.procedures.items():
        where = f"{source}: procedures.{code}"
        if code not in by_code:
            raise OverrideError(f"{where}: unknown procedure code")
        record = by_code[code]
        update = patch.model_dump(exclude_unset=True, exclude={"text_fixes", "aliases_add"})
        record = CatalogueRecord.model_validate({**record.model_dump(), **update})
        for fix in patch.text_fixes:
            record = _apply_fix(record, fix, where)
        by_code[code] = record
        _add_unique(merged_aliases.setdefault(code, []), patch.aliases_add)
        overridden.append(code)
    local: list[str] = []
    for index, proc in enumerate(overrides.local_procedures):
        if proc.code in by_code:
            raise OverrideError(
                f"{source}: local_procedures.{index}: code {proc.code} already exists"
            )
        by_code[proc.code] = CatalogueRecord.model_validate(
            {**proc.model_dump(exclude={"aliases"}), "is_local": True}
        )
        _add_unique(merged_aliases.setdefault(proc.code, []), proc.aliases)
        local.append(proc.code)
    return AppliedCatalogue(
        records=[by_code[c] for c in sorted(by_code)],
        aliases=merged_aliases,
        office=overrides.office,
        offices=resolve_offices(overrides, source),
        overridden=sorted(overridden),
        local=local,
    )
