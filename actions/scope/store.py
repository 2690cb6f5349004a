"""What the ward does not handle, and who does: the honest "việc này do … giải quyết".

Two sources, both shipped in ``data/``: the reviewed list of matters citizens bring to a
ward that other agencies handle (``data/scope/elsewhere.yml``), and every national
procedure name the importer saw (``data/procedures/national_names.json``), of which those
not in the ward's catalogue are answered with the agency the record names. A record that
names no agency is answered with the reviewed agency of its field (``field_agencies``), said
as such, or with an honest "the record names none".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from actions.procedures.repository import SearchEntry
from actions.text.folding import normalise_tokens

MATTER_PREFIX = "elsewhere:"
#: An agency field longer than this is crawl damage (page text), not an agency's name.
AGENCY_CHARS = 160
#: The portal's word for an empty field.
_EMPTY = "không có thông tin"
NATIONAL_PREFIX = "national:"
#: A longer official name is cut at a word in replies: the chat message stays short.
NAME_CHARS = 220


@dataclass(frozen=True)
class Matter:
    """A matter handled by another agency (the reviewed list)."""

    id: str
    names: tuple[str, ...]
    handled_by: str
    how: str
    legal: str
    ward_procedures: tuple[str, ...] = ()
    #: Words that name the other agency's side of a matter ("công ty", "sổ bảo hiểm xã
    #: hội"): with them, the matter beats any ward procedure of ``overrides_groups`` the
    #: question's other words match ("công ty tạm ngừng kinh doanh" is not a household
    #: business). Folded; matched on word boundaries.
    overrides_words: tuple[str, ...] = ()
    overrides_groups: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return MATTER_PREFIX + self.id

    def overrides(self, folded_text: str, group: str, folded_names: str = "") -> bool:
        """Whether ``folded_text`` (``" ".join(normalise_tokens(text))``) names this
        matter's side of a question about a ward procedure of ``group``, whose own names
        (``folded_names``) do not contain those words: a ward procedure that is itself
        about them ("văn phòng đại diện của hợp tác xã") stays the ward's."""
        if group not in self.overrides_groups:
            return False
        padded, names = f" {folded_text} ", f" {folded_names} "
        return any(f" {w} " in padded and f" {w} " not in names for w in self.overrides_words)


@dataclass(frozen=True)
class FieldAgency:
    """Who handles the procedures of a field (``linh_vuc``) when a record names no agency:
    reviewed, with the law that gives them the matter (``field_agencies``)."""

    handled_by: str
    legal: str


@dataclass(frozen=True)
class NationalProcedure:
    """A national procedure the ward's catalogue does not carry."""

    code: str
    name: str
    agency: str
    level: str
    url: str
    field: str = ""
    #: Everyday words citizens use for it (``national_aliases``): official names are long.
    aliases: tuple[str, ...] = ()
    #: Only set when the record names no agency and its field is reviewed.
    field_agency: FieldAgency | None = None

    @property
    def key(self) -> str:
        return NATIONAL_PREFIX + self.code

    @property
    def short_name(self) -> str:
        if len(self.name) <= NAME_CHARS:
            return self.name
        return self.name[:NAME_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:/(-") + "…"

    def reply(self, ward_name: str) -> tuple[str, dict[str, str]]:
        """The response that says who handles it, and its values: the agency the record
        names; else the reviewed agency of its field, said to come from the field; else
        that the record names none."""
        values = {
            "name": self.short_name,
            "agency": self.agency,
            "level": self.level or "không ghi",
            "field": self.field,
            "url": self.url,
            "ward_name": ward_name,
        }
        if self.agency:
            return "utter_national_elsewhere", values
        if self.field_agency is not None:
            values["handled_by"] = self.field_agency.handled_by
            values["legal"] = self.field_agency.legal
            return "utter_national_elsewhere_by_field", values
        return "utter_national_elsewhere_no_agency", values


OutOfScope = Matter | NationalProcedure


def is_out_of_scope(key: str) -> bool:
    return key.startswith((MATTER_PREFIX, NATIONAL_PREFIX))


@dataclass(frozen=True)
class Scope:
    matters: tuple[Matter, ...]
    national: tuple[NationalProcedure, ...]

    def entries(self, catalogue_codes: Iterable[str]) -> list[SearchEntry]:
        """Search entries for what is out of scope, given the codes the ward does carry."""
        carried = set(catalogue_codes)
        entries = [
            SearchEntry(m.key, m.names[0], "", "elsewhere", m.names[1:]) for m in self.matters
        ]
        entries += [
            SearchEntry(p.key, p.name, "", "national", p.aliases)
            for p in self.national
            if p.code not in carried
        ]
        return entries

    def get(self, key: str) -> OutOfScope | None:
        return self._by_key().get(key)

    def overriding(self, text: str, entry: SearchEntry) -> Matter | None:
        """The matter whose override words ``text`` says, against ward procedure ``entry``."""
        folded = " ".join(normalise_tokens(text))
        # The official name only: a card's situations may mention the other side
        # ("chuyển sang thành lập doanh nghiệp") without the procedure being about it.
        names = " ".join(normalise_tokens(entry.name))
        return next((m for m in self.matters if m.overrides(folded, entry.group, names)), None)

    def _by_key(self) -> Mapping[str, OutOfScope]:
        items: list[OutOfScope] = [*self.matters, *self.national]
        return {item.key: item for item in items}


def load_scope(data_dir: Path) -> Scope:
    raw = yaml.safe_load((data_dir / "scope" / "elsewhere.yml").read_text(encoding="utf-8"))
    matters = tuple(
        Matter(
            id=m["id"],
            names=tuple(m["names"]),
            handled_by=m["handled_by"],
            how=m.get("how", ""),
            legal=m["legal"],
            ward_procedures=tuple(m.get("ward_procedures") or ()),
            overrides_words=tuple(
                " ".join(normalise_tokens(w)) for w in (m.get("overrides") or {}).get("words", ())
            ),
            overrides_groups=tuple((m.get("overrides") or {}).get("groups", ())),
        )
        for m in raw["matters"]
    )
    fields = {
        name: FieldAgency(handled_by=f["handled_by"], legal=f["legal"])
        for name, f in (raw.get("field_agencies") or {}).items()
    }
    aliases = {
        str(code): tuple(names) for code, names in (raw.get("national_aliases") or {}).items()
    }
    names_file = data_dir / "procedures" / "national_names.json"
    national: tuple[NationalProcedure, ...] = ()
    if names_file.exists():
        national = tuple(
            _national(r, fields, aliases)
            for r in json.loads(names_file.read_text(encoding="utf-8"))
        )
    unknown = set(aliases) - {p.code for p in national}
    if national and unknown:
        # An alias of a code the import no longer has would silently match nothing.
        raise ValueError(f"national_aliases: codes not in national_names.json: {sorted(unknown)}")
    return Scope(matters, national)


def _national(
    record: Mapping[str, str],
    fields: Mapping[str, FieldAgency],
    aliases: Mapping[str, tuple[str, ...]],
) -> NationalProcedure:
    agency = _agency(record.get("agency") or "")
    field = " ".join((record.get("field") or "").split())
    return NationalProcedure(
        code=record["code"],
        name=" ".join(record["name"].split()),
        agency=agency,
        level=record.get("level") or "",
        url=record.get("detail_url") or record.get("url") or "",
        field=field,
        aliases=aliases.get(record["code"], ()),
        field_agency=None if agency else fields.get(field),
    )


def _agency(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > AGENCY_CHARS or text.casefold() == _EMPTY:
        return ""
    return text


@lru_cache(maxsize=2)
def cached_scope(data_dir: Path) -> Scope:
    return load_scope(data_dir)
