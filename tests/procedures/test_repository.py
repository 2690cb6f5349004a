from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from actions.catalogue.build_db import (
    load_sources,
    replace_catalogue,
    upgrade_connection_to_head,
)
from actions.procedures.repository import (
    OfficeView,
    SearchEntry,
    SqlAlchemyProcedureRepository,
)
from actions.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"


def _build(engine: Engine) -> None:
    with engine.begin() as conn:
        upgrade_connection_to_head(conn)
    with Session(engine) as session, session.begin():
        replace_catalogue(session, load_sources(DATA, "00235"), "00235")


def test_get_by_code_usable_after_session_closes(engine: Engine) -> None:
    _build(engine)
    with Session(engine) as session:
        proc = SqlAlchemyProcedureRepository(session).get_by_code("1.001193")
    assert proc is not None
    assert proc.name == "Thủ tục đăng ký khai sinh"
    assert [c.kind for c in proc.channels] == ["in_person", "online", "post"]
    assert [d.position for d in proc.documents] == sorted(d.position for d in proc.documents)
    assert proc.steps[0].text.startswith("Nếu lựa chọn hình thức nộp hồ sơ trực tiếp")
    assert any(b.number == "123/2015/NĐ-CP" for b in proc.legal_bases)
    assert "gks" in [a.alias for a in proc.aliases]


def test_get_by_code_unknown(engine: Engine) -> None:
    _build(engine)
    with Session(engine) as session:
        assert SqlAlchemyProcedureRepository(session).get_by_code("0.000000") is None


def test_list_search_entries(engine: Engine) -> None:
    _build(engine)
    with Session(engine) as session:
        entries = SqlAlchemyProcedureRepository(session).list_search_entries()
    assert len(entries) >= 282
    ks = next(e for e in entries if e.code == "1.001193")
    assert isinstance(ks, SearchEntry)
    assert (ks.field, ks.group) == ("Hộ tịch", "ho_tich")
    assert "giấy khai sinh" in ks.aliases


def test_get_office(engine: Engine) -> None:
    _build(engine)
    with Session(engine) as session:
        repo = SqlAlchemyProcedureRepository(session)
        office = repo.get_office("00235")
        assert repo.get_office("99999") is None
    assert office is not None
    assert office.name == "Trung tâm Phục vụ hành chính công phường Đống Đa"


def test_catalogue_version_changes_when_the_catalogue_is_rebuilt(engine: Engine) -> None:
    _build(engine)
    with Session(engine) as session:
        first = SqlAlchemyProcedureRepository(session).catalogue_version()
        assert first == SqlAlchemyProcedureRepository(session).catalogue_version()
    with Session(engine) as session, session.begin():
        replace_catalogue(session, load_sources(DATA, "00235"), "00235")
    with Session(engine) as session:
        second = SqlAlchemyProcedureRepository(session).catalogue_version()
    assert second != first
    assert first and second


def test_get_offices_by_agency_kind(engine: Engine) -> None:
    _build(engine)
    with Session(engine) as session:
        repo = SqlAlchemyProcedureRepository(session)
        offices = repo.get_offices("00235")
        assert repo.get_offices("99999") == {}
    assert set(offices) == {"commune_police", "land_registration", "ubnd_one_stop"}
    police = offices["commune_police"]
    assert isinstance(police, OfficeView)
    assert (police.name, police.address, police.phone) == ("Công an phường Đống Đa", None, None)
    assert police.unconfirmed == ("address", "phone", "opening_hours")
    desk = offices["ubnd_one_stop"]
    assert desk.phone is None and desk.address is None  # placeholders not confirmed
    with pytest.raises(FrozenInstanceError):
        desk.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("code", "kind"),
    [("1.004194", "commune_police"), ("1.014061", "commune_police"), ("1.001193", "ubnd_one_stop")],
)
def test_procedure_agency_kind(engine: Engine, code: str, kind: str) -> None:
    _build(engine)
    with Session(engine) as session:
        proc = SqlAlchemyProcedureRepository(session).get_by_code(code)
    assert proc is not None and proc.agency_kind == kind


def test_documents_and_channels_carry_the_new_fields(engine: Engine) -> None:
    _build(engine)
    with Session(engine) as session:
        proc = SqlAlchemyProcedureRepository(session).get_by_code("1.004884")
    assert proc is not None
    assert {c.fee_kind for c in proc.channels} == {"set_by_province"}
    assert {d.role for d in proc.documents} >= {"submit", "note"}
    assert any(d.form_name for d in proc.documents)
