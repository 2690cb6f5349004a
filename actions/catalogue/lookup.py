"""Staff lookup: print the best-matching procedures in full.

    python -m actions.catalogue.lookup "khai sinh" [--limit 3] [--url URL]

Reads the built database (run ``python -m actions.catalogue.build_db`` first), so ward
overrides are shown as citizens will see them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from sqlalchemy.orm import Session

from actions.db import make_engine
from actions.procedures.models import Procedure
from actions.procedures.repository import SearchEntry, SqlAlchemyProcedureRepository
from actions.settings import get_settings

KIND_LABELS = {"in_person": "Trực tiếp", "online": "Trực tuyến", "post": "Dịch vụ bưu chính"}


def rank(entries: Sequence[SearchEntry], query: str, limit: int = 3) -> list[SearchEntry]:
    """Entries best first for ``query`` (delegates to the shared resolver)."""
    from actions.procedures.resolver import ProcedureResolver

    return [match.entry for match in ProcedureResolver(entries).rank(query, limit)]


def _quantity(original: int, copy: int) -> str:
    parts = [f"{original} bản chính" if original else "", f"{copy} bản sao" if copy else ""]
    return ", ".join(p for p in parts if p) or "—"


def format_procedure(proc: Procedure) -> str:
    lines = [
        f"[{proc.code}] {proc.name}" + ("  (thủ tục do phường bổ sung)" if proc.is_local else ""),
        f"Lĩnh vực: {proc.field}    Nhóm: {proc.group}    Cấp: {proc.level}",
        f"Cơ quan thực hiện: {proc.agency}    Nơi tiếp nhận: {proc.agency_kind}",
        f"Đối tượng: {proc.target_group}",
    ]
    if proc.conditions:
        lines.append(f"Điều kiện: {proc.conditions}")
    if proc.ward_note:
        lines.append(f"Ghi chú của phường: {proc.ward_note}")
    lines.append("Cách thức nộp:")
    for ch in proc.channels:
        time_text = ch.time_limit_text or "không rõ"
        if ch.time_limit_unit is None and ch.time_limit_value is not None:
            time_text += " (không ghi đơn vị)"
        elif ch.time_limit_source == "derived_from_steps":
            time_text += " (đơn vị suy ra từ trình tự)"
        lines.append(
            f"  - {KIND_LABELS.get(ch.kind, ch.kind)}: thời hạn {time_text}; "
            f"phí/lệ phí [{ch.fee_kind}]: {ch.fee_text or 'không có thông tin'}"
        )
        if ch.time_limit_quote:
            lines.append(f"      Trình tự: “{ch.time_limit_quote}”")
        if ch.fee_note:
            lines.append(f"      Ghi chú phí: {ch.fee_note}")
        if ch.fee_source_text and ch.fee_source_text != ch.fee_text:
            lines.append(f"      Dữ liệu gốc: {ch.fee_source_text}")
        if ch.description:
            lines.append(f"      {ch.description}")
    lines.append("Thành phần hồ sơ:")
    group: str | None = "\0"
    for doc in proc.documents:
        if doc.case_group != group:
            group = doc.case_group
            title = f" [nút: {doc.case_title}]" if doc.case_title else ""
            lines.append(f"  * {group or 'Hồ sơ chung'}{title}")
        if doc.is_note:
            lines.append(f"      (lưu ý) {doc.name}")
        else:
            form = f" [mẫu: {doc.form_name}]" if doc.form_name else ""
            shown = " (xuất trình)" if doc.role == "show" else ""
            lines.append(
                f"    - {doc.name}{form}{shown} — "
                f"{_quantity(doc.quantity_original, doc.quantity_copy)}"
            )
    lines.append("Trình tự thực hiện:")
    lines.extend(f"  {i}. {step.text}" for i, step in enumerate(proc.steps, start=1))
    lines.append("Căn cứ pháp lý:")
    lines.extend(f"  - {b.number or '—'}: {b.title}" for b in proc.legal_bases)
    lines.append("Kết quả: " + "; ".join(r for r in proc.results.split("\n") if r))
    if proc.aliases:
        lines.append("Từ khóa: " + ", ".join(a.alias for a in proc.aliases))
    if proc.source_url:
        lines.append(f"Nguồn: CSDL quốc gia về TTHC — {proc.source_url}")
    return "\n".join(lines)


def lookup(session: Session, query: str, limit: int = 3) -> list[Procedure]:
    repo = SqlAlchemyProcedureRepository(session)
    found = []
    for entry in rank(repo.list_search_entries(), query, limit):
        proc = repo.get_by_code(entry.code)
        if proc is not None:
            found.append(proc)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Look up procedures in full.")
    parser.add_argument("query")
    parser.add_argument("--limit", type=int, default=3)
    parser.add_argument("--url", default=None, help="SQLAlchemy URL (default: settings)")
    args = parser.parse_args(argv)
    engine = make_engine(args.url or get_settings().procedures_db_url)
    try:
        with Session(engine) as session:
            procedures = lookup(session, args.query, args.limit)
    finally:
        engine.dispose()
    if not procedures:
        print("Không tìm thấy thủ tục phù hợp.")
        return 1
    print(("\n\n" + "=" * 78 + "\n\n").join(format_procedure(p) for p in procedures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
