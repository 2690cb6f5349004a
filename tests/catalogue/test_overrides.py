from __future__ import annotations

from pathlib import Path

import pytest

from actions.catalogue.catalogue import load_catalogue
from actions.catalogue.overrides import (
    OverrideError,
    apply_overrides,
    load_aliases,
    load_overrides,
    parse_overrides,
)
from actions.catalogue.raw import parse_record
from actions.catalogue.schema import CatalogueRecord

from .conftest import REPO_DATA, raw_record


@pytest.fixture
def records() -> list[CatalogueRecord]:
    return [parse_record(raw_record(c), "ho_tich") for c in ("1.001193", "1.000656")]


def test_patch_replaces_fields_and_adds_aliases(records: list[CatalogueRecord]) -> None:
    overrides = parse_overrides(
        {
            "procedures": {
                "1.001193": {
                    "ward_note": "Ghi chú",
                    "channels": [{"kind": "in_person", "fee_text": "Miễn lệ phí"}],
                    "aliases_add": ["gks", "khai sinh"],
                }
            }
        },
        "x.yml",
    )
    applied = apply_overrides(records, {"1.001193": ["khai sinh"]}, overrides)
    ks = next(r for r in applied.records if r.code == "1.001193")
    assert ks.ward_note == "Ghi chú"
    assert [c.fee_text for c in ks.channels] == ["Miễn lệ phí"]
    assert ks.steps == records[0].steps  # untouched fields keep national data
    assert applied.aliases["1.001193"] == ["khai sinh", "gks"]  # deduplicated
    assert applied.overridden == ["1.001193"]


def test_text_fix(records: list[CatalogueRecord]) -> None:
    overrides = parse_overrides(
        {
            "procedures": {
                "1.001193": {
                    "text_fixes": [
                        {"find": "khai tâm Phục vụ", "replace": "khai sinh tại Trung tâm Phục vụ"}
                    ]
                }
            }
        },
        "x.yml",
    )
    ks = apply_overrides(records, {}, overrides).records[1]
    assert "đăng ký khai sinh tại Trung tâm Phục vụ hành chính công" in ks.steps[0]


def test_stale_text_fix_is_an_error(records: list[CatalogueRecord]) -> None:
    overrides = parse_overrides(
        {
            "procedures": {
                "1.001193": {"text_fixes": [{"find": "chuỗi không tồn tại", "replace": "x"}]}
            }
        },
        "wards/00235.yml",
    )
    with pytest.raises(OverrideError, match=r"wards/00235.yml: procedures.1.001193.text_fixes"):
        apply_overrides(records, {}, overrides, source="wards/00235.yml")


def test_unknown_field_names_file_and_key() -> None:
    with pytest.raises(OverrideError) as err:
        parse_overrides({"procedures": {"1.001193": {"fee": "x"}}}, "wards/00235.yml")
    assert "wards/00235.yml" in str(err.value)
    assert "procedures.1.001193.fee: unknown field" in str(err.value)


def test_unknown_top_level_key() -> None:
    # "offices" became a section (offices by agency kind); a typo is still refused.
    with pytest.raises(OverrideError, match="ofices: unknown field"):
        parse_overrides({"ofices": {}}, "f.yml")


def test_unknown_code_names_file_and_key(records: list[CatalogueRecord]) -> None:
    overrides = parse_overrides({"procedures": {"9.999999": {"ward_note": "x"}}}, "f.yml")
    with pytest.raises(OverrideError, match=r"f.yml: procedures.9.999999: unknown procedure code"):
        apply_overrides(records, {}, overrides, source="f.yml")


def test_unknown_alias_code(records: list[CatalogueRecord]) -> None:
    with pytest.raises(OverrideError, match=r"9\.999999"):
        apply_overrides(records, {"9.999999": ["x"]}, parse_overrides({}, "f.yml"))


def test_local_procedure_added(records: list[CatalogueRecord]) -> None:
    overrides = parse_overrides(
        {
            "local_procedures": [
                {"code": "LOCAL-1", "name": "Mai táng phí", "aliases": ["mai táng"]}
            ]
        },
        "f.yml",
    )
    applied = apply_overrides(records, {}, overrides)
    local = next(r for r in applied.records if r.code == "LOCAL-1")
    assert local.is_local
    assert applied.local == ["LOCAL-1"]
    assert applied.aliases["LOCAL-1"] == ["mai táng"]


def test_local_procedure_cannot_shadow_national(records: list[CatalogueRecord]) -> None:
    overrides = parse_overrides({"local_procedures": [{"code": "1.001193", "name": "x"}]}, "f")
    with pytest.raises(OverrideError, match="already exists"):
        apply_overrides(records, {}, overrides)


def test_missing_file_means_no_overrides(tmp_path: Path) -> None:
    assert load_overrides(tmp_path / "none.yml").procedures == {}


def test_invalid_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text("procedures: [", encoding="utf-8")
    with pytest.raises(OverrideError, match=r"bad\.yml"):
        load_overrides(path)


def test_shipped_ward_file_applies_to_shipped_catalogue() -> None:
    records = load_catalogue(REPO_DATA / "procedures" / "national.json")
    aliases = load_aliases(REPO_DATA / "procedures" / "aliases.yml")
    overrides = load_overrides(REPO_DATA / "wards" / "00235.yml")
    applied = apply_overrides(records, aliases, overrides)
    assert applied.office is not None and "Đống Đa" in applied.office.name
    ks = next(r for r in applied.records if r.code == "1.001193")
    assert ks.channels[0].fee_text == "Miễn lệ phí khi đăng ký đúng hạn"
    assert "khai sinh tại Trung tâm Phục vụ" in ks.steps[0]
    assert "gks" in applied.aliases["1.001193"]
    assert any(code.startswith("LOCAL-00235-") for code in applied.local)
    assert len(aliases) >= 40


# ----------------------------------------------------------------------------- offices


def test_unconfirmed_office_values_are_not_served() -> None:
    overrides = parse_overrides(
        {
            "offices": {
                "commune_police": {
                    "name": "Công an phường Thử",
                    "address": "Số 1 (chưa kiểm tra)",
                    "confirmed": ["name"],
                }
            }
        },
        "x.yml",
    )
    police = overrides.offices["commune_police"]
    assert police.served("name") == "Công an phường Thử"
    assert police.served("address") is None
    assert police.unconfirmed() == ["address", "phone", "opening_hours"]


def test_legacy_office_section_is_the_one_stop_desk(records: list[CatalogueRecord]) -> None:
    overrides = parse_overrides(
        {"office": {"ward_name": "phường Thử", "name": "Bộ phận Một cửa", "phone": "1"}}, "x.yml"
    )
    applied = apply_overrides(records, {}, overrides)
    desk = applied.offices["ubnd_one_stop"]
    assert desk.name == "Bộ phận Một cửa"
    assert desk.unconfirmed() == ["name", "address", "phone", "opening_hours"]  # none confirmed


@pytest.mark.parametrize(
    ("office", "message"),
    [
        ({"ward_name": "p", "name": "Khác", "confirmed": ["name"]}, r"office\.name disagrees"),
        ({"ward_name": "p", "name": "Một cửa"}, r"office\.name and offices\..*confirmed differs"),
    ],
)
def test_office_and_offices_must_agree(
    records: list[CatalogueRecord], office: dict[str, object], message: str
) -> None:
    overrides = parse_overrides(
        {
            "office": office,
            "offices": {"ubnd_one_stop": {"name": "Một cửa", "confirmed": ["name"]}},
        },
        "x.yml",
    )
    with pytest.raises(OverrideError, match=message):
        apply_overrides(records, {}, overrides)


@pytest.mark.parametrize(
    ("offices", "message"),
    [
        ({"tax_office": {"name": "x"}}, r"offices\.tax_office"),
        ({"commune_police": {"confirmed": ["fax"]}}, r"offices\.commune_police\.confirmed\.0"),
    ],
)
def test_unknown_office_kind_or_field(offices: dict[str, object], message: str) -> None:
    with pytest.raises(OverrideError, match=message):
        parse_overrides({"offices": offices}, "x.yml")


def test_shipped_offices_do_not_confirm_the_placeholders() -> None:
    applied = apply_overrides(
        load_catalogue(REPO_DATA / "procedures" / "national.json"),
        {},
        load_overrides(REPO_DATA / "wards" / "00235.yml"),
    )
    desk = applied.offices["ubnd_one_stop"]
    assert desk.served("phone") is None and desk.served("address") is None
    assert {"address", "phone"} <= set(desk.unconfirmed())
    assert set(applied.offices) == {"ubnd_one_stop", "commune_police", "land_registration"}


def test_patch_can_route_a_procedure_to_another_office(records: list[CatalogueRecord]) -> None:
    overrides = parse_overrides(
        {"procedures": {"1.000656": {"agency_kind": "commune_police"}}}, "x.yml"
    )
    applied = apply_overrides(records, {}, overrides)
    assert next(r for r in applied.records if r.code == "1.000656").agency_kind == "commune_police"
