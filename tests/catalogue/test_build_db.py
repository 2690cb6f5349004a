from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from actions.catalogue import build_db
from actions.catalogue.build_db import (
    load_sources,
    replace_catalogue,
    upgrade_connection_to_head,
)
from actions.catalogue.catalogue import import_records, to_json
from actions.catalogue.catalogue import main as import_main
from actions.procedures.models import (
    AgencyOfficeRow,
    Base,
    Procedure,
    RequiredDocument,
    SubmissionChannel,
    WardOffice,
)

from .conftest import FIXTURES, REPO_DATA

WARD = "00235"
WARD_FILE = """
office:
  ward_name: phường Thử
  name: Trung tâm Phục vụ hành chính công phường Thử
  address: Số 1
  opening_hours: Sáng thứ Hai
  phone: "000"
procedures:
  "1.001193":
    ward_note: Ghi chú của phường
    channels:
      - kind: in_person
        fee_text: Miễn lệ phí khi đăng ký đúng hạn
        fee_amount_vnd: 0
    aliases_add: [gks]
local_procedures:
  - code: LOCAL-00235-001
    name: Trợ cấp mai táng phí
    aliases: [mai táng phí]
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder built from the fixture raw records, like a fresh clone would ship."""
    (tmp_path / "procedures").mkdir()
    (tmp_path / "wards").mkdir()
    (tmp_path / "procedures" / "national.json").write_text(
        to_json(import_records(FIXTURES)), encoding="utf-8"
    )
    (tmp_path / "procedures" / "aliases.yml").write_text(
        'aliases:\n  "1.001193": [khai sinh]\n', encoding="utf-8"
    )
    (tmp_path / "wards" / f"{WARD}.yml").write_text(WARD_FILE, encoding="utf-8")
    return tmp_path


def build(engine: Engine, data_dir: Path) -> None:
    applied = load_sources(data_dir, WARD)
    with engine.begin() as conn:
        upgrade_connection_to_head(conn)
    with Session(engine) as session, session.begin():
        replace_catalogue(session, applied, WARD)


def count(engine: Engine, model: type[Base]) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_build_and_overrides_win(engine: Engine, data_dir: Path) -> None:
    build(engine, data_dir)
    assert count(engine, Procedure) == 18  # 17 national + 1 local
    with Session(engine) as session:
        ks = session.scalars(select(Procedure).where(Procedure.code == "1.001193")).one()
        assert ks.ward_note == "Ghi chú của phường"
        assert [c.fee_text for c in ks.channels] == ["Miễn lệ phí khi đăng ký đúng hạn"]
        assert [a.alias for a in ks.aliases] == ["khai sinh", "gks"]
        assert ks.results == "Giấy khai sinh"
        local = session.scalars(select(Procedure).where(Procedure.is_local)).one()
        assert local.code == "LOCAL-00235-001"
        office = session.scalars(select(WardOffice)).one()
        assert office.ward_code == WARD
        assert office.ward_name == "phường Thử"


def test_rebuild_is_idempotent_and_overrides_survive_reimport(
    engine: Engine, data_dir: Path
) -> None:
    build(engine, data_dir)
    docs = count(engine, RequiredDocument)
    # A developer re-imports the national data: the ward file is untouched.
    (data_dir / "procedures" / "national.json").write_text(
        to_json(import_records(FIXTURES)), encoding="utf-8"
    )
    build(engine, data_dir)
    assert count(engine, Procedure) == 18
    assert count(engine, RequiredDocument) == docs
    assert count(engine, WardOffice) == 1
    with Session(engine) as session:
        ks = session.scalars(select(Procedure).where(Procedure.code == "1.001193")).one()
        assert ks.ward_note == "Ghi chú của phường"


def test_migrations_match_models(engine: Engine) -> None:
    with engine.begin() as conn:
        upgrade_connection_to_head(conn)
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_shipped_catalogue_builds(engine: Engine) -> None:
    applied = load_sources(REPO_DATA, WARD)
    with engine.begin() as conn:
        upgrade_connection_to_head(conn)
    with Session(engine) as session, session.begin():
        replace_catalogue(session, applied, WARD)
    assert count(engine, Procedure) >= 281 + 1


def test_cli_on_sqlite_file(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'procedures.db'}"
    args = ["--url", url, "--data-dir", str(data_dir), "--ward", WARD]
    assert build_db.main(args) == 0
    assert build_db.main(args) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("18 procedures, 1 local, 1 overridden")


def test_import_cli_is_deterministic(tmp_path: Path) -> None:
    source = tmp_path / "tthc"
    shutil.copytree(FIXTURES, source)
    out = tmp_path / "national.json"
    assert import_main(["--source", str(source), "--out", str(out)]) == 0
    first = out.read_bytes()
    assert import_main(["--source", str(source), "--out", str(out)]) == 0
    assert out.read_bytes() == first
    codes = [r["code"] for r in json.loads(first)]
    assert codes == sorted(codes) and len(codes) == 17


def test_import_fails_on_missing_record(tmp_path: Path) -> None:
    source = tmp_path / "tthc"
    shutil.copytree(FIXTURES, source)
    next(source.glob("raw/*/1.001193.json")).unlink()
    with pytest.raises(RuntimeError, match=r"1\.001193"):
        import_records(source)


OFFICES_FILE = """
office:
  ward_name: phường Thử
  name: Trung tâm Phục vụ hành chính công phường Thử
  confirmed: [name]
offices:
  ubnd_one_stop:
    name: Trung tâm Phục vụ hành chính công phường Thử
    address: Số 1 phố Giả Định
    phone: "024 0000 0000"
    opening_hours: Sáng thứ Hai
    confirmed: [name, opening_hours]
  commune_police:
    name: Công an phường Thử
    phone: "069 123 456"
    confirmed: [name, phone]
"""


def test_offices_store_confirmed_values_only(engine: Engine, data_dir: Path) -> None:
    (data_dir / "wards" / f"{WARD}.yml").write_text(OFFICES_FILE, encoding="utf-8")
    build(engine, data_dir)
    with Session(engine) as session:
        rows = {r.kind: r for r in session.scalars(select(AgencyOfficeRow))}
        desk = session.scalars(select(WardOffice)).one()
    assert sorted(rows) == ["commune_police", "ubnd_one_stop"]
    one_stop = rows["ubnd_one_stop"]
    # The unconfirmed address and phone never reach the served tables.
    assert (one_stop.address, one_stop.phone) == (None, None)
    assert one_stop.opening_hours == "Sáng thứ Hai"
    assert one_stop.unconfirmed == "address,phone"
    assert (rows["commune_police"].phone, rows["commune_police"].unconfirmed) == (
        "069 123 456",
        "address,opening_hours",
    )
    assert (desk.name, desk.address, desk.phone) == (
        "Trung tâm Phục vụ hành chính công phường Thử",
        "",
        "",
    )


def test_shipped_ward_file_shows_no_placeholder(engine: Engine) -> None:
    with engine.begin() as conn:
        upgrade_connection_to_head(conn)
    with Session(engine) as session, session.begin():
        replace_catalogue(session, load_sources(REPO_DATA, WARD), WARD)
    with Session(engine) as session:
        desk = session.scalars(select(WardOffice)).one()
        rows = {r.kind: r for r in session.scalars(select(AgencyOfficeRow))}
        residence = session.scalars(select(Procedure).where(Procedure.code == "1.004194")).one()
    assert desk.phone == "" and desk.address == ""  # "024 0000 0000" and the guessed address
    assert "0000" not in (rows["ubnd_one_stop"].phone or "")
    assert rows["commune_police"].name == "Công an phường Đống Đa"
    assert residence.agency_kind == "commune_police"


def test_new_fields_reach_the_database(engine: Engine, data_dir: Path) -> None:
    build(engine, data_dir)
    with Session(engine) as session:
        ks = session.scalars(select(Procedure).where(Procedure.code == "1.004884")).one()
        channel = ks.channels[0]
        docs = session.scalars(
            select(RequiredDocument).where(RequiredDocument.form_code == "CT01")
        ).all()
        derived = session.scalars(
            select(SubmissionChannel).where(
                SubmissionChannel.time_limit_source == "derived_from_steps"
            )
        ).all()
    assert channel.fee_kind == "set_by_province" and channel.fee_amount_vnd is None
    assert channel.fee_source_text and channel.fee_source_text.startswith("Miễn phí(")
    assert docs and all(d.role == "submit" for d in docs)
    assert derived and all(c.time_limit_quote for c in derived)
