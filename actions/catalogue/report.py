"""Validation report over the shipped catalogue: what is missing or suspicious, per procedure.

python -m actions.catalogue.report [--format text|csv] [--catalogue PATH]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from actions.catalogue.catalogue import load_catalogue
from actions.catalogue.raw import LOWER, UPPER
from actions.catalogue.schema import CatalogueRecord
from actions.settings import get_settings

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
    "bare_time_limit": "thời hạn là số không có đơn vị",
    "no_time_limit": "không có thời hạn",
    "no_fee_info": "không có thông tin phí, lệ phí",
    "suspicious_fee": "mức phí đáng ngờ (< 1.000 đồng)",
    "damaged_text": "văn bản nghi bị hỏng khi thu thập",
    "header_leftover": "còn sót tiêu đề bảng",
    "short_field": "trường quá ngắn",
    "no_legal_basis": "không có căn cứ pháp lý",
    "legal_basis_unsplit": "căn cứ pháp lý không tách được số hiệu",
    "no_results": "không có kết quả",
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
    if record.channels and all(ch.time_limit_value is None for ch in record.channels):
        add("no_time_limit")
    if record.channels and all(ch.fee_text is None for ch in record.channels):
        add("no_fee_info")
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


def run(records: Sequence[CatalogueRecord]) -> list[Finding]:
    return [f for r in sorted(records, key=lambda r: r.code) for f in check(r)]


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
    lines.append(f"Procedures checked: {total}; with problems: {len({f.code for f in findings})}")
    for problem in PROBLEMS:
        lines.append(f"  {problem:22s} {counts.get(problem, 0):4d}  {PROBLEMS[problem]}")
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
    args = parser.parse_args(argv)
    path = args.catalogue or get_settings().data_dir / "procedures" / "national.json"
    records = load_catalogue(path)
    findings = run(records)
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["code", "problem", "detail"])
        writer.writerows((f.code, f.problem, f.detail) for f in findings)
    else:
        print(render_text(findings, len(records)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
