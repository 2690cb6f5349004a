"""What the ward does not handle, and who does: the honest "việc này do … giải quyết".

Two sources, both shipped in ``data/``: the reviewed list of matters citizens bring to a
ward that other agencies handle (``data/scope/elsewhere.yml``), and every national
procedure name the importer saw (``data/procedures/national_names.json``), of which those
not in the ward's catalogue are answered with the agency the record names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from actions.procedures.repository import SearchEntry

MATTER_PREFIX = "elsewhere:"
#: An agency field longer than this is crawl damage (page text), not an agency's name.
AGENCY_CHARS = 160
#: The portal's word for an empty field.
_EMPTY = "không có thông tin"
NATIONAL_PREFIX = "national:"


@dataclass(frozen=True)
class Matter:
    """A matter handled by another agency (the reviewed list)."""

    id: str
    names: tuple[str, ...]
    handled_by: str
    how: str
    legal: str
    ward_procedures: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return MATTER_PREFIX + self.id


@dataclass(frozen=True)
class NationalProcedure:
    """A national procedure the ward's catalogue does not carry."""

    code: str
    name: str
    agency: str
    level: str
    url: str

    @property
    def key(self) -> str:
        return NATIONAL_PREFIX + self.code


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
            SearchEntry(p.key, p.name, "", "national", ())
            for p in self.national
            if p.code not in carried
        ]
        return entries

    def get(self, key: str) -> OutOfScope | None:
        return self._by_key().get(key)

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
        )
        for m in raw["matters"]
    )
    names_file = data_dir / "procedures" / "national_names.json"
    national: tuple[NationalProcedure, ...] = ()
    if names_file.exists():
        national = tuple(
            NationalProcedure(
                code=r["code"],
                name=r["name"],
                agency=_agency(r.get("agency") or ""),
                level=r.get("level") or "",
                url=r.get("detail_url") or r.get("url") or "",
            )
            for r in json.loads(names_file.read_text(encoding="utf-8"))
        )
    return Scope(matters, national)


def _agency(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > AGENCY_CHARS or text.casefold() == _EMPTY:
        return ""
    return text


@lru_cache(maxsize=2)
def cached_scope(data_dir: Path) -> Scope:
    return load_scope(data_dir)
