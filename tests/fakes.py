"""Fakes over mocks: an in-memory catalogue speaking the repository protocol."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from actions.procedures.models import (
    LegalBasis,
    Procedure,
    ProcedureAlias,
    ProcedureStep,
    RequiredDocument,
    SubmissionChannel,
    WardOffice,
)
from actions.procedures.repository import OfficeView, ProcedureRepository, SearchEntry


def make_procedure(
    code: str,
    name: str,
    *,
    aliases: Sequence[str] = (),
    channels: Sequence[SubmissionChannel] = (),
    documents: Sequence[RequiredDocument] = (),
    steps: Sequence[str] = (),
    legal: Sequence[tuple[str | None, str]] = (),
    field: str = "Hộ tịch",
    group: str = "ho_tich",
    is_local: bool = False,
    online_url: str | None = None,
) -> Procedure:
    return Procedure(
        code=code,
        name=name,
        field=field,
        group=group,
        level="Cấp xã",
        agency="Ủy ban nhân dân cấp xã",
        target_group="Công dân Việt Nam",
        conditions=None,
        decision_number="1/QĐ-BTP",
        source_url=f"https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{code}",
        online_url=online_url,
        results="",
        ward_note=None,
        is_local=is_local,
        channels=list(channels),
        documents=list(documents),
        steps=[ProcedureStep(position=i, text=t) for i, t in enumerate(steps)],
        legal_bases=[LegalBasis(position=i, number=n, title=t) for i, (n, t) in enumerate(legal)],
        aliases=[ProcedureAlias(alias=a) for a in aliases],
    )


def channel(
    kind: str, *, time: str | None = None, fee: str | None = None, **extra: object
) -> SubmissionChannel:
    return SubmissionChannel(kind=kind, time_limit_text=time, fee_text=fee, **extra)


def document(name: str, *, original: int = 1, copy: int = 0, **extra: object) -> RequiredDocument:
    extra.setdefault("is_note", False)
    return RequiredDocument(name=name, quantity_original=original, quantity_copy=copy, **extra)


OFFICE = WardOffice(
    ward_code="00235",
    ward_name="phường Đống Đa",
    name="Bộ phận Một cửa phường Đống Đa",
    address="Số 1 phố Thử Nghiệm",
    opening_hours="8h00–17h00",
    phone="024 0000 0000",
)


class InMemoryProcedureRepository:
    def __init__(self, procedures: Sequence[Procedure], office: WardOffice | None = OFFICE) -> None:
        self._procedures = {p.code: p for p in procedures}
        self._office = office
        #: The ward's offices by agency kind; tests set it when they need more than the desk.
        self.offices: dict[str, OfficeView] = {}

    def get_by_code(self, code: str) -> Procedure | None:
        return self._procedures.get(code)

    def list_search_entries(self) -> list[SearchEntry]:
        return [
            SearchEntry(p.code, p.name, p.field, p.group, tuple(a.alias for a in p.aliases))
            for p in sorted(self._procedures.values(), key=lambda p: p.code)
        ]

    def catalogue_version(self) -> str:
        return f"{id(self)}-{len(self._procedures)}"

    def get_office(self, ward_code: str) -> WardOffice | None:
        return self._office if self._office and self._office.ward_code == ward_code else None

    def get_offices(self, ward_code: str) -> dict[str, OfficeView]:
        return dict(self.offices) if self._office and self._office.ward_code == ward_code else {}


def provider(repository: ProcedureRepository):  # type: ignore[no-untyped-def]
    """A catalogue provider handing out ``repository``, as the action server's does."""

    @contextmanager
    def _open() -> Iterator[ProcedureRepository]:
        yield repository

    return _open
