"""Validation report over the shipped catalogue: what is missing or suspicious, per procedure.

python -m actions.catalogue.report [--format text|csv] [--catalogue PATH]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from actions.catalogue.catalogue import load_catalogue
from actions.catalogue.overrides import AgencyOffice, load_overrides, resolve_offices, ward_file
from actions.catalogue.raw import LOWER, UPPER, mentions_form
from actions.catalogue.schema import CatalogueRecord
from actions.settings import get_settings
from actions.text import fold

# A lower-case word run into a capitalised word mid-sentence ("khai tâm Phục vụ" lost
# "sinh tại Trung"; "BCAhông tư" lost "T"): crawl damage where the page had links.
_RUN_IN = re.compile(rf"\b[{LOWER}]{{2,}}[{UPPER}][{LOWER}]+")
_KNOWN_DAMAGE = re.compile(r"khai tâm Phục vụ|tại Trung\s*$|tại Trung\n", re.MULTILINE)
_HEADER_WORDS = (
    "Tên giấy tờ",
    "Mẫu đơn, tờ khai",
    "Số lượng",
    "Hình thức nộp",
    "Tên văn bản pháp lý",
    "Mã văn bản",
    "Chọn cơ quan thực hiện",
    "Từ khóa",
    "Không có thông tin",
)
_DANGLING = re.compile(rf"\b(tại|của|và|theo) [{UPPER}][{LOWER}]*$")

PROBLEMS = {
    "no_documents": "không có thành phần hồ sơ",
    "no_steps": "không có trình tự thực hiện",
    "no_channels": "không có cách thức thực hiện",
    "bare_time_limit": "thời hạn là số không có đơn vị, trình tự không giải thích được",
    "time_limit_derived": "đơn vị thời hạn suy ra từ trình tự thực hiện (cần rà soát)",
    "no_time_limit": "không có thời hạn",
    "no_fee_info": "không có thông tin phí, lệ phí",
    "fee_unknown": "có cách nộp không rõ phí, lệ phí",
    "fee_set_by_province": "lệ phí do HĐND cấp tỉnh quy định (phường cần ghi mức thu)",
    "form_not_parsed": "giấy tờ nhắc đến mẫu nhưng không tách được tên mẫu",
    "duplicate_case_heading": "tiêu đề trường hợp lặp lại (nghi thu thập sai tiêu đề)",
    "agency_other": "cơ quan tiếp nhận không phải của phường",
    "suspicious_fee": "mức phí đáng ngờ (< 1.000 đồng)",
    "damaged_text": "văn bản nghi bị hỏng khi thu thập",
    "header_leftover": "còn sót tiêu đề bảng",
    "short_field": "trường quá ngắn",
    "no_legal_basis": "không có căn cứ pháp lý",
    "legal_basis_unsplit": "căn cứ pháp lý không tách được số hiệu",
    "no_results": "không có kết quả",
    "unconfirmed_office_field": "thông tin cơ quan chưa được phường xác nhận",
}


@dataclass(frozen=True)
class Finding:
    code: str
    problem: str
    detail: str


def _texts(record: CatalogueRecord) -> Iterable[tuple[str, str]]:
    yield "name", record.name
    for i, step in enumerate(record.steps, 1):
        yield f"steps[{i}]", step
    for i, doc in enumerate(record.documents, 1):
        yield f"documents[{i}]", doc.name
    for i, res in enumerate(record.results, 1):
        yield f"results[{i}]", res
    for i, basis in enumerate(record.legal_bases, 1):
        yield f"legal_bases[{i}]", basis.title


_FORM_WORD = re.compile(r"\bmau\b")


def _names_a_form(name: str) -> bool:
    # Wider than the importer's own test, so that forms it cannot read still show up here.
    return mentions_form(name) or bool(_FORM_WORD.search(fold(name)))


def check(record: CatalogueRecord) -> list[Finding]:
    out: list[Finding] = []

    def add(problem: str, detail: str = "") -> None:
        out.append(Finding(record.code, problem, detail))

    if not [d for d in record.documents if not d.is_note]:
        add("no_documents")
    if not record.steps:
        add("no_steps")
    if not record.channels:
        add("no_channels")
    for ch in record.channels:
        if ch.time_limit_value is not None and ch.time_limit_unit is None:
            add("bare_time_limit", f"{ch.kind}: {ch.time_limit_text}")
            break
    for ch in record.channels:
        if ch.time_limit_source == "derived_from_steps":
            add("time_limit_derived", f"{ch.kind}: {ch.time_limit_text} ← {ch.time_limit_quote}")
            break
    if record.channels and all(ch.time_limit_value is None for ch in record.channels):
        add("no_time_limit")
    if record.channels and all(ch.fee_text is None for ch in record.channels):
        add("no_fee_info")
    unknown = [ch.kind for ch in record.channels if ch.fee_kind == "unknown"]
    if unknown:
        add("fee_unknown", ", ".join(unknown))
    if any(ch.fee_kind == "set_by_province" for ch in record.channels):
        add("fee_set_by_province")
    for i, doc in enumerate(record.documents, 1):
        if not doc.is_note and doc.form_name is None and _names_a_form(doc.name):
            add("form_not_parsed", f"documents[{i}]: {doc.name[:80]}")
            break
    headings = [d.case_group for d in record.documents if d.case_group]
    runs = [h for i, h in enumerate(headings) if i == 0 or headings[i - 1] != h]
    repeated = sorted({h for h in runs if runs.count(h) > 1})
    if repeated:
        add("duplicate_case_heading", repeated[0][:80])
    if record.agency_kind == "other":
        add("agency_other", record.agency[:80])
    for ch in record.channels:
        if ch.fee_amount_vnd is not None and 0 < ch.fee_amount_vnd < 1000:
            add("suspicious_fee", f"{ch.kind}: {ch.fee_text}")
            break
    if not record.legal_bases:
        add("no_legal_basis")
    elif any(b.number is None for b in record.legal_bases):
        add("legal_basis_unsplit")
    if not record.results:
        add("no_results")
    for where, text in _texts(record):
        match = _KNOWN_DAMAGE.search(text) or _RUN_IN.search(text) or _DANGLING.search(text)
        if match:
            add("damaged_text", f"{where}: …{text[max(0, match.start() - 20) : match.end() + 20]}…")
            break
    for where, text in _texts(record):
        header = next((h for h in _HEADER_WORDS if h in text), None)
        if header:
            add("header_leftover", f"{where}: {header!r}")
            break
    for name, value in (("name", record.name), ("agency", record.agency)):
        if len(value.strip()) < 8:
            add("short_field", f"{name}: {value!r}")
    for i, step in enumerate(record.steps, 1):
        if len(step) < 10:
            add("short_field", f"steps[{i}]: {step!r}")
            break
    return out


def check_offices(offices: Mapping[str, AgencyOffice]) -> list[Finding]:
    """One finding per office whose contact fields citizens cannot be given yet."""
    return [
        Finding(f"office.{kind}", "unconfirmed_office_field", ", ".join(office.unconfirmed()))
        for kind, office in sorted(offices.items())
        if office.unconfirmed()
    ]


def run(
    records: Sequence[CatalogueRecord], offices: Mapping[str, AgencyOffice] | None = None
) -> list[Finding]:
    found = [f for r in sorted(records, key=lambda r: r.code) for f in check(r)]
    return found + check_offices(offices or {})


def render_text(findings: Sequence[Finding], total: int) -> str:
    lines: list[str] = []
    current = None
    for f in findings:
        if f.code != current:
            current = f.code
            lines.append(f"{f.code}:")
        lines.append(
            f"  - {f.problem} ({PROBLEMS[f.problem]})" + (f": {f.detail}" if f.detail else "")
        )
    counts = Counter(f.problem for f in findings)
    lines.append("")
    procedures = {f.code for f in findings if not f.code.startswith("office.")}
    lines.append(f"Procedures checked: {total}; with findings: {len(procedures)}")
    for problem in PROBLEMS:
        lines.append(f"  {problem:24s} {counts.get(problem, 0):4d}  {PROBLEMS[problem]}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validation report over the catalogue.")
    parser.add_argument("--format", choices=("text", "csv"), default="text")
    parser.add_argument(
        "--catalogue",
        type=Path,
        default=None,
        help="catalogue JSON (default: <data_dir>/procedures/national.json)",
    )
    parser.add_argument("--ward", default=None, help="ward code whose offices are checked")
    args = parser.parse_args(argv)
    settings = get_settings()
    path = args.catalogue or settings.data_dir / "procedures" / "national.json"
    records = load_catalogue(path)
    ward = ward_file(settings.data_dir, args.ward or settings.code)
    overrides = load_overrides(ward)
    findings = run(records, resolve_offices(overrides, str(ward)))
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["code", "problem", "detail"])
        writer.writerows((f.code, f.problem, f.detail) for f in findings)
    else:
        print(render_text(findings, len(records)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
