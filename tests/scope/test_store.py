"""Who handles what the ward does not: the record's agency, else the reviewed agency of its
field said as such, else an honest "the record names none"; everyday words for national
records; the shipped list never claims a ward procedure."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.phrasebook import Phrasebook
from actions.procedures.finder import HandledElsewhere, ProcedureFinder
from actions.scope.store import (
    NAME_CHARS,
    FieldAgency,
    NationalProcedure,
    Scope,
    load_scope,
)
from actions.settings import PROJECT_ROOT
from tests.fakes import InMemoryProcedureRepository, make_procedure

DATA = PROJECT_ROOT / "data"
MESSAGE_CHARS = 700
TAX = FieldAgency("cơ quan thuế", "Luật Quản lý thuế 2019")


def phrases() -> Phrasebook:
    responses: dict[str, Any] = {}
    for path in sorted((PROJECT_ROOT / "bot" / "domain").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return Phrasebook(responses)


def national(agency: str = "", field_agency: FieldAgency | None = None, name: str = "") -> Any:
    return NationalProcedure(
        "1.007277",
        name or "Khai lệ phí trước bạ nhà, đất",
        agency,
        "Cấp tỉnh, Cấp xã",
        "https://example.invalid/1",
        field="Thuế",
        field_agency=field_agency,
    )


@pytest.mark.parametrize(
    ("procedure", "response", "says"),
    [
        (national("Thuế cơ sở"), "utter_national_elsewhere", "do Thuế cơ sở thực hiện"),
        (national("", TAX), "utter_national_elsewhere_by_field", "nên do cơ quan thuế giải quyết"),
        (national(""), "utter_national_elsewhere_no_agency", "chưa ghi cơ quan thực hiện"),
    ],
)
def test_the_reply_says_who_handles_it_or_that_the_record_does_not(
    procedure: NationalProcedure, response: str, says: str
) -> None:
    name, values = procedure.reply("phường Đống Đa")
    text = phrases().text(name, **values)
    assert name == response
    assert says in text and "{" not in text
    assert "https://example.invalid/1" in text and "phường Đống Đa" in text


def test_a_field_agency_is_never_said_to_come_from_the_record() -> None:
    name, values = national("", TAX).reply("phường X")
    text = phrases().text(name, **values)
    assert "CSDL quốc gia không ghi cơ quan thực hiện" in text
    assert "Theo CSDL quốc gia, thủ tục này do" not in text
    assert "Căn cứ: Luật Quản lý thuế 2019" in text


def test_a_very_long_official_name_is_cut_at_a_word() -> None:
    long_name = "Khai thuế " + "đối với tổ chức cá nhân " * 30
    name, values = national("Thuế cơ sở", name=long_name).reply("phường X")
    assert len(values["name"]) <= NAME_CHARS + 1 and values["name"].endswith("…")
    assert len(phrases().text(name, **values)) <= MESSAGE_CHARS


def test_everyday_words_find_a_national_record_the_ward_does_not_carry() -> None:
    record = NationalProcedure(
        "1.002759", "Cấp lại, đổi, điều chỉnh thông tin trên sổ BHXH, thẻ BHYT",
        "Bảo hiểm xã hội cấp huyện", "Cấp huyện", "u",
        aliases=("sổ bảo hiểm xã hội bị sai",),
    )  # fmt: skip
    ward = [make_procedure("1.004859", "Thay đổi, cải chính, bổ sung thông tin hộ tịch")]
    finder = ProcedureFinder(InMemoryProcedureRepository(ward), Scope((), (record,)))
    result = finder.find("sổ bảo hiểm xã hội của tôi bị sai thì sửa ở đâu")
    assert isinstance(result, HandledElsewhere) and result.matter.key == "national:1.002759"


def write_scope(root: Path, elsewhere: dict[str, Any], names: list[dict[str, str]]) -> Path:
    (root / "scope").mkdir()
    (root / "procedures").mkdir()
    (root / "scope" / "elsewhere.yml").write_text(yaml.safe_dump(elsewhere), encoding="utf-8")
    (root / "procedures" / "national_names.json").write_text(json.dumps(names), "utf-8")
    return root


RECORDS = [
    {"code": "1.000001", "name": "Khai thuế A", "field": "Thuế", "agency": "", "level": "x"},
    {"code": "1.000002", "name": "Khai thuế B", "field": "Thuế", "agency": "Thuế cơ sở"},
    {"code": "1.000003", "name": "Công bố bến", "field": "Đường thủy", "agency": ""},
]


def test_the_field_agency_applies_only_where_the_record_names_none(tmp_path: Path) -> None:
    elsewhere = {
        "matters": [],
        "field_agencies": {"Thuế": {"handled_by": "cơ quan thuế", "legal": "L"}},
        "national_aliases": {"1.000001": ["thuế a"]},
    }
    scope = load_scope(write_scope(tmp_path, elsewhere, RECORDS))
    by_code = {p.code: p for p in scope.national}
    assert by_code["1.000001"].field_agency == FieldAgency("cơ quan thuế", "L")
    assert by_code["1.000001"].aliases == ("thuế a",)
    assert by_code["1.000002"].field_agency is None
    assert by_code["1.000003"].field_agency is None


def test_an_alias_of_a_code_the_import_no_longer_has_fails_loudly(tmp_path: Path) -> None:
    elsewhere = {"matters": [], "national_aliases": {"9.999999": ["gone"]}}
    with pytest.raises(ValueError, match=r"9\.999999"):
        load_scope(write_scope(tmp_path, elsewhere, RECORDS))


# --- the shipped data


def ward_codes() -> set[str]:
    records = json.loads((DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    return {r["code"] for r in records}


def test_the_shipped_aliases_never_name_a_ward_procedure() -> None:
    scope = load_scope(DATA)
    aliased = {p.code for p in scope.national if p.aliases}
    assert aliased and not aliased & ward_codes()
    related = {code for m in scope.matters for code in m.ward_procedures}
    assert related <= ward_codes()


def test_the_shipped_text_is_nfc_and_every_matter_names_agency_and_law() -> None:
    raw = (DATA / "scope" / "elsewhere.yml").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    for matter in load_scope(DATA).matters:
        assert matter.handled_by and matter.legal and matter.names, matter.id


def test_the_registration_tax_of_a_home_names_the_tax_office() -> None:
    """Its record names no agency (the portal says "Không có thông tin")."""
    record = next(p for p in load_scope(DATA).national if p.code == "1.007277")
    name, values = record.reply("phường Đống Đa")
    assert name == "utter_national_elsewhere_by_field"
    assert "cơ quan thuế" in phrases().text(name, **values)


def test_every_shipped_national_reply_fits_a_chat_message() -> None:
    book = phrases()
    carried = ward_codes()
    replies = [
        p.reply("phường Đống Đa") for p in load_scope(DATA).national if p.code not in carried
    ]
    assert len(replies) > 250
    longest = max(len(book.text(name, **values)) for name, values in replies)
    assert longest <= MESSAGE_CHARS


def test_every_shipped_matter_reply_fits_a_chat_message_with_its_buttons_line() -> None:
    book = phrases()
    for matter in load_scope(DATA).matters:
        text = book.text(
            "utter_handled_elsewhere_related",
            matter=matter.names[0],
            handled_by=matter.handled_by,
            how=matter.how,
            legal=matter.legal,
        )
        assert len(text) <= MESSAGE_CHARS and "{" not in text, matter.id
