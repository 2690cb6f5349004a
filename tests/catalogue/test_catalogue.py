from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from actions.catalogue.catalogue import (
    CORRECTIONS,
    ImportError_,
    import_names,
    import_records,
    load_names,
    main,
)

from .conftest import FIXTURES, REPO_DATA

DAMAGED = Path(__file__).resolve().parent / "fixtures" / "steps_in_documents.json"


def test_index_group_is_kept_per_record() -> None:
    groups = {r.code: r.group for r in import_records(FIXTURES)}
    assert groups["1.014061"] == "cu_tru_can_cuoc_cong_an"  # added to the index 2026-12-01
    assert groups["1.001193"] == "ho_tich"
    assert groups["2.000815"] == "chung_thuc"


def test_new_police_rows_are_read_from_the_raw_records() -> None:
    # Their index time/fee columns are empty; the raw record has them.
    card = next(r for r in import_records(FIXTURES) if r.code == "1.014061")
    assert card.agency_kind == "commune_police"
    assert [c.time_limit_text for c in card.channels] == ["7 ngày làm việc", "7 ngày làm việc"]
    assert card.documents and card.steps


def test_shipped_corrections_fix_the_residence_headings() -> None:
    residence = next(r for r in import_records(FIXTURES, CORRECTIONS) if r.code == "1.004222")
    first = residence.documents[0]
    assert "phương tiện" in first.name
    assert first.case_group == "Đăng ký thường trú tại phương tiện"
    assert first.case_title == "Tại phương tiện"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            'case_headings:\n  "1.004222":\n    - {table: 1, was: Khác, heading: X}\n',
            r"1\.004222 table 1: expected heading 'Khác'",
        ),
        (
            'case_headings:\n  "1.004222":\n    - {table: 40, was: Khác, heading: X}\n',
            r"table 40: expected heading 'Khác', found None",
        ),
        (
            'case_headings:\n  "9.999999":\n    - {table: 1, was: A, heading: B}\n',
            r"codes not in the index: 9\.999999",
        ),
    ],
)
def test_stale_corrections_stop_the_import(tmp_path: Path, content: str, message: str) -> None:
    corrections = tmp_path / "corrections.yml"
    corrections.write_text(content, encoding="utf-8")
    with pytest.raises(ImportError_, match=message):
        import_records(FIXTURES, corrections)


def test_names_cover_every_raw_record_not_only_the_index() -> None:
    names = {n.code: n for n in import_names(FIXTURES)}
    assert len(names) == len(list(FIXTURES.glob("raw/*/*.json")))
    tobacco = names["1.013481"]  # not ward-relevant: absent from the index
    assert tobacco.ministry == "bo-tai-chinh"
    assert tobacco.name.startswith("Báo cáo mất, cháy, hỏng tem điện tử")
    assert tobacco.detail_url.startswith("https://dichvucong.gov.vn/")
    assert names["1.001193"].field == "Hộ tịch"


def test_import_cli_writes_the_names_file(tmp_path: Path) -> None:
    source = tmp_path / "tthc"
    shutil.copytree(FIXTURES, source)
    out = tmp_path / "procedures" / "national.json"
    assert main(["--source", str(source), "--out", str(out)]) == 0
    names_file = out.with_name("national_names.json")
    first = names_file.read_bytes()
    assert main(["--source", str(source), "--out", str(out)]) == 0
    assert names_file.read_bytes() == first  # deterministic
    names = load_names(names_file)
    assert [n.code for n in names] == sorted(n.code for n in names)
    assert set(json.loads(first)[0]) == {
        "code",
        "name",
        "ministry",
        "level",
        "field",
        "agency",
        "detail_url",
    }


def test_corrections_apply_to_documents_recovered_from_the_page(tmp_path: Path) -> None:
    # The crawl left this record's tables only in the page text: a correction names their
    # headings as the page has them.
    source = tmp_path / "tthc"
    raw = source / "raw" / "bo-tai-chinh"
    raw.mkdir(parents=True)
    shutil.copy(DAMAGED, raw / "9.900001.json")
    (source / "ward_relevant_index.csv").write_text(
        "ma_thu_tuc,nhom_phuong\n9.900001,xa_hoi_nguoi_co_cong_bhxh\n", encoding="utf-8"
    )
    corrections = tmp_path / "corrections.yml"
    was = (
        "2. Đối với thân nhân của người hưởng đã chết (Trường hợp không quy định là bản chính"
        " thì có thể nộp bản sao hợp lệ)."
    )
    corrections.write_text(
        f'case_headings:\n  "9.900001":\n    - table: 2\n      was: "{was}"\n'
        "      heading: Đối với thân nhân của người đang hưởng trợ cấp đã chết\n",
        encoding="utf-8",
    )
    (rec,) = import_records(source, corrections)
    # The second table's papers (its rows "a) …", "b) …" lose their numbers) carry the heading.
    assert {d.case_group for d in rec.documents if d.case_group} == {
        "Đối với thân nhân của người đang hưởng trợ cấp đã chết"
    }


def test_every_shipped_record_has_papers() -> None:
    # The 21 social-insurance records the crawl left with the steps in their documents field
    # had none before their tables were read from the page text.
    records = json.loads((REPO_DATA / "procedures" / "national.json").read_text(encoding="utf-8"))
    without = [r["code"] for r in records if not any(not d["is_note"] for d in r["documents"])]
    assert without == []
