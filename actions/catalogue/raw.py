"""Parse one raw national record (dichvucong.gov.vn crawl) into a clean :class:`CatalogueRecord`.

The crawl flattened HTML tables by concatenating cells; each parser below re-splits one table
on its header words and on the known value shapes (channel names, "N Ngày làm việc", money,
"N bản chính", document numbers). See /work/shared/data/README.md, "Known defects".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from actions.catalogue.cleaning import (
    clean_block,
    clean_inline,
    format_number,
    format_vnd,
    is_placeholder,
    or_none,
    parse_amount,
)
from actions.catalogue.schema import (
    CatalogueRecord,
    ChannelRecord,
    DocumentRecord,
    LegalBasisRecord,
)

# Vietnamese letters as explicit classes: the Unicode block interleaves upper and lower case, so a
# range like "À-Ỹ" would match "ệ" too.
UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
LOWER = "a-zđàáâãèéêìíòóôõùúýăĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"

# ---------------------------------------------------------------- channels (cach_thuc_thuc_hien)

CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
CHANNEL_KINDS = {"Trực tiếp": "in_person", "Trực tuyến": "online", "Dịch vụ bưu chính": "post"}
TIME_UNITS = {
    "ngày làm việc": ("working_day", "ngày làm việc"),
    "ngày": ("day", "ngày"),
    "giờ": ("hour", "giờ"),
    "tháng": ("month", "tháng"),
}
_MONEY = r"(?:(?:Lệ phí|Phí)\s*:\s*)?[\d.,]+\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng|USD)"
_FEE_START = rf"(?:Miễn phí|Không có thông tin|{_MONEY})"
_ROW = re.compile(
    r"(?P<kind>Trực tuyến|Trực tiếp|Dịch vụ bưu chính)"
    r"(?:(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>Ngày làm việc|Ngày|Giờ|Tháng)?|Không có thông tin)"
    rf"(?={_FEE_START})"
)
_MONEY_RE = re.compile(
    r"^(?:(?:Lệ phí|Phí)\s*:\s*)?(?P<amount>[\d.,]+)\s*(?P<cur>Việt Nam Đồng|VNĐ|Đồng|đồng|USD)"
)
_EMPTY_FEE_PREFIX = re.compile(r"^\(*\s*(?:(?:Lệ phí|Phí)\s*:\s*)?Đồng\s*\(")
_TRIVIAL_NOTE = re.compile(r"^\(*\s*(không|không có|không quy định)\s*\.?\s*\)*$", re.IGNORECASE)
_AFTER_15H = re.compile(r"sau 15 giờ", re.IGNORECASE)
SAME_DAY_RULE = (
    "Theo trình tự thực hiện: nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết quả "
    "trong ngày làm việc tiếp theo."
)


def _balanced_paren(text: str) -> tuple[str, str] | None:
    """Split "(...)rest" at the matching parenthesis; None when ``text`` does not start with "("."""
    if not text.startswith("("):
        return None
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return text[1:i], text[i + 1 :]
    return text[1:], ""


def _strip_outer_parens(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and _balanced_paren(text) == (text[1:-1], ""):
        text = text[1:-1].strip()
    return text


def _clean_note(note: str) -> str | None:
    note = _EMPTY_FEE_PREFIX.sub("", clean_inline(note))
    note = _strip_outer_parens(note)
    if note.count(")") > note.count("(") and note.endswith(")"):
        note = note[:-1]
    note = note.strip(" -")
    if not note or _TRIVIAL_NOTE.match(note) or is_placeholder(note):
        return None
    return note


def parse_fee(text: str) -> tuple[str | None, int | None, str | None, str]:
    """Parse the fee cell and what follows it: (fee_text, fee_amount_vnd, fee_note, rest)."""
    if text.startswith("Miễn phí"):
        fee_text: str | None = "Miễn phí"
        amount: int | None = 0
        rest = text[len("Miễn phí") :]
        suffix = ""
    elif text.startswith("Không có thông tin"):
        fee_text, amount, rest, suffix = None, None, text[len("Không có thông tin") :], ""
    else:
        match = _MONEY_RE.match(text)
        if match is None:
            return None, None, None, text
        value = parse_amount(match.group("amount"))
        currency = match.group("cur")
        rest = text[match.end() :]
        suffix = ""
        amount = None if currency == "USD" else value
        fee_text = f"{format_vnd(value)} {'USD' if currency == 'USD' else 'đồng'}"
    note: str | None = None
    split = _balanced_paren(rest.lstrip())
    if split is not None:
        inner, rest = split
        inner_clean = clean_inline(inner)
        if inner_clean.startswith("/") and len(inner_clean) <= 40:
            suffix = inner_clean
        else:
            note = _clean_note(inner)
    if fee_text is not None and suffix:
        fee_text += suffix
    # Crawl damage: "700 VNĐ" whose note says "700.000 đồng/cơ sở" lost its thousands.
    if amount is not None and 0 < amount < 1000 and note:
        scaled = amount * 1000
        if f"{format_vnd(scaled)} đồng" in note:
            amount = scaled
            fee_text = f"{format_vnd(scaled)} đồng{suffix}"
    return fee_text, amount, note, rest


def parse_channels(text: str, steps_text: str = "") -> list[ChannelRecord]:
    body = clean_block(text)
    if body.startswith(CHANNEL_HEADER):
        body = body[len(CHANNEL_HEADER) :]
    rows = list(_ROW.finditer(body))
    channels: list[ChannelRecord] = []
    mentions_after_15h = bool(_AFTER_15H.search(steps_text))
    for i, row in enumerate(rows):
        end = rows[i + 1].start() if i + 1 < len(rows) else len(body)
        fee_text, amount, note, rest = parse_fee(body[row.end() : end])
        value: float | None = None
        unit: str | None = None
        time_text: str | None = None
        if row.group("value"):
            value = float(row.group("value").replace(",", "."))
            if row.group("unit"):
                unit, unit_text = TIME_UNITS[row.group("unit").lower()]
                time_text = f"{format_number(value)} {unit_text}"
            else:  # bare number: keep it, do not invent a unit
                time_text = row.group("value")
        description = or_none(rest.strip(" \t\n-;"))
        if description is not None and len(description) < 3:
            description = None
        if unit is None and value is not None and mentions_after_15h:
            description = SAME_DAY_RULE if description is None else f"{SAME_DAY_RULE} {description}"
        channels.append(
            ChannelRecord(
                kind=CHANNEL_KINDS[row.group("kind")],
                time_limit_value=value,
                time_limit_unit=unit,
                time_limit_text=time_text,
                fee_text=fee_text,
                fee_amount_vnd=amount,
                fee_note=note,
                description=description,
            )
        )
    return channels


# --------------------------------------------------------------- documents (thanh_phan_ho_so)

DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# One quantity cell: "1 bản chính", "0 bản chính,1 bản sao". Quantities are single digits; a
# preceding digit belongs to the name ("Mẫu 03" + "1 bản chính" was crawled as "031 bản chính").
_QTY = re.compile(r"(\d) bản (chính|sao)(?:\s*,\s*(\d) bản (chính|sao))?")
# After a real quantity cell comes the next row (capital letter, bullet, "(i)", "a)") or the end.
_ROW_START = re.compile(rf"$|\s*(?:[-+*•(\d\"“]|[{UPPER}]|[a-zđ][).]\s)")
_FORM_FILE = re.compile(r"\.(?:docx?|pdf|xlsx?|rtf)$", re.IGNORECASE)
_NOTE_START = re.compile(
    r"^(?:[-+*]\s*)?(?:\(\w+\)\s*)?(trường hợp|lưu ý|đối với|người tiếp nhận|cơ quan|"
    r"việc |cá nhân có quyền|ghi chú|bao gồm)",
    re.IGNORECASE,
)


def _split_form(name: str) -> tuple[str, str | None]:
    """Split a trailing template file name ("…theo mẫuTờ khai.docx") off a document name."""
    if not _FORM_FILE.search(name):
        return name, None
    candidates = [0]
    for match in re.finditer(r"[.;:)”]\s*(?=\S)", name[:-5]):
        if not (
            match.group(0).startswith(".")
            and match.start() > 0
            and name[match.start() - 1].isdigit()
            and match.end() < len(name)
            and name[match.end()].isdigit()
        ):
            candidates.append(match.end())
    for match in _LEGAL_NUMBER.finditer(name):
        candidates.append(match.end())
    for match in re.finditer(rf"(?<=[{LOWER}])(?=[{UPPER}][{LOWER} ])", name):
        if re.search(r"[^\x00-\x7f]", name[max(0, match.start() - 6) : match.start()]):
            candidates.append(match.start())
    start = max(c for c in candidates if c < len(name) - 5)
    form = clean_inline(name[start:]).lstrip("0123456789. ")
    rest = re.sub(r"\s*\d+\.?$", "", clean_inline(name[:start])).rstrip(" ;")
    if not rest:  # the whole cell is a file name
        return clean_inline(name), None
    return rest, form or None


def _clean_heading(text: str) -> str | None:
    heading = clean_inline(text).strip(" -*:\t")
    if not heading or set(heading) <= {"-"}:
        return None
    return heading


def _document(name: str, group: str | None, qty: re.Match[str] | None) -> DocumentRecord | None:
    name, form = _split_form(clean_inline(name))
    name = name.strip(" ;")
    if not name:
        return None
    counts = {"chính": 0, "sao": 0}
    if qty is not None:
        counts[qty.group(2)] += int(qty.group(1))
        if qty.group(3):
            counts[qty.group(4)] += int(qty.group(3))
    bare = re.sub(r"^[-+*•]\s*", "", name)
    zero = counts["chính"] == 0 and counts["sao"] == 0
    is_note = zero and (
        len(bare) >= 100
        or bool(_NOTE_START.match(name))
        or bare.endswith(":")
        or (group or "").lower().startswith("lưu ý")
    )
    return DocumentRecord(
        case_group=group,
        name=bare if bare else name,
        form_name=form,
        quantity_original=counts["chính"],
        quantity_copy=counts["sao"],
        is_note=is_note,
    )


def _split_rows(chunk: str) -> tuple[list[tuple[str, re.Match[str] | None]], str]:
    """Rows "(name, quantity match)" of one table body, and the trailing text after the last row."""
    rows: list[tuple[str, re.Match[str] | None]] = []
    pos = 0
    for match in _QTY.finditer(chunk):
        if match.start() < pos or not _ROW_START.match(chunk, match.end()):
            continue
        rows.append((chunk[pos : match.start()], match))
        pos = match.end()
    return rows, chunk[pos:]


def parse_documents(text: str) -> list[DocumentRecord]:
    body = clean_block(text).replace("\n", " ")
    if is_placeholder(body):
        return []
    pieces = body.split(DOCUMENT_HEADER)
    documents: list[DocumentRecord] = []
    if len(pieces) == 1:  # no table header at all
        rows, tail = _split_rows(body)
        for name, qty in rows + ([(tail, None)] if clean_inline(tail) else []):
            doc = _document(name, None, qty)
            if doc:
                documents.append(doc)
        return documents
    group = _clean_heading(pieces[0])
    for index, chunk in enumerate(pieces[1:], start=1):
        rows, tail = _split_rows(chunk)
        for name, qty in rows:
            doc = _document(name, group, qty)
            if doc:
                documents.append(doc)
        if index < len(pieces) - 1:
            group = _clean_heading(tail)
        elif clean_inline(tail):
            doc = _document(tail, group, None)
            if doc:
                documents.append(doc)
    return documents


# ---------------------------------------------------------------- legal basis (can_cu_phap_ly)

LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
# Issuer suffixes tried before the generic upper-case run, so that an all-caps title glued
# after a number ("…NĐ-CPTHÔNG TƯ…") does not swallow its first letters.
_ISSUERS = (
    "TTg|CP|BTP|BTC|BCA|BXD|BNNMT|BNNPTNT|BTNMT|BKHĐT|BLĐTBXH|BYT|BNV|BQP|BCT|BGTVT|"
    r"NHNN|HĐND|UBND|UBTVQH\d{0,2}|BHXH|TANDTC|VKSNDTC|QH\d{2}"
)
_SEGMENT = rf"(?:(?:{_ISSUERS})|[A-ZĐ]+(?:\d{{1,2}}(?![\d/]))?(?![{LOWER}]))"
_LEGAL_NUMBER = re.compile(
    r"(?:(?:Thông tư|Nghị định|Quyết định|Luật|Nghị quyết)(?: số)? )?"
    rf"\d+(?:\.\d+)?/(?:\d{{4}}/)?{_SEGMENT}(?:-{_SEGMENT})*"
)
# "…TT-BCA57/2021/TT-BCA": a title ending with its own number, glued to the number cell.
_DOUBLED = re.compile(r"(\d+(?:\.\d+)?/\d{4}/[A-ZĐ][A-ZĐ0-9\-]*?)(?=\1)")
# "Luật Cư trú 202068/2020/QH14", "ngày 29/6/202443/2024/QH15": a year ending a title, glued
# to the number cell.
_YEAR_GLUE = re.compile(r"(?<=[\s/])((?:19|20)\d{2})(?=\d{1,4}(?:\.\d+)?/\d{4}/)")
_TITLE_START = re.compile(rf"$|\s*[{UPPER}\"“(]")
# After a known issuer even a lower-case title may follow ("…/NĐ-CPquy định chi tiết…").
_ENDS_WITH_ISSUER = re.compile(rf"-(?:{_ISSUERS})$")
_GLUE = "\ue000"  # private-use marker; not whitespace


def parse_legal_bases(text: str) -> list[LegalBasisRecord]:
    body = clean_inline(text)
    if body.startswith(LEGAL_HEADER):
        body = body[len(LEGAL_HEADER) :]
    if is_placeholder(body):
        return []
    body = _YEAR_GLUE.sub(rf"\1{_GLUE}", _DOUBLED.sub(rf"\1{_GLUE}", body))
    out: list[LegalBasisRecord] = []
    pos = 0
    for match in _LEGAL_NUMBER.finditer(body):
        if match.start() <= pos:
            continue
        # The number cell is glued to its title ("Luật Hộ tịch123/2015/NĐ-CP") and is followed
        # by the next title (capital letter) or the end.
        glued = not body[match.start() - 1].isspace()
        next_title = bool(_TITLE_START.match(body, match.end())) or (
            bool(_ENDS_WITH_ISSUER.search(match.group(0))) and body[match.end()].isalpha()
        )
        if not glued or not next_title:
            continue
        title = clean_inline(body[pos : match.start()].replace(_GLUE, ""))
        if title:
            out.append(LegalBasisRecord(number=clean_inline(match.group(0)), title=title))
            pos = match.end()
    tail = clean_inline(body[pos:].replace(_GLUE, ""))
    if tail:
        found = _LEGAL_NUMBER.search(tail)
        out.append(LegalBasisRecord(number=found.group(0) if found else None, title=tail))
    return out


# ----------------------------------------------------------------- results (ket_qua_xu_ly)

_CHROME_MARKERS = ("Từ khóa", "Chọn cơ quan thực hiện", "Mô tảKhông có thông tin")
# "Mã: KQ.G15.000031", "Mã: 000.00.00.G11-KQ35", even "Mã: dsfas"; the next result name follows
# glued, starting with a capital letter.
_RESULT_CODE = re.compile(rf"Mã\s*:\s*[A-Za-z0-9.\-]*?[0-9a-z](?=[{UPPER}]|\s|$)")


def parse_results(text: str) -> list[str]:
    body = clean_block(text)
    cut = min((body.find(m) for m in _CHROME_MARKERS if m in body), default=len(body))
    body = body[:cut]
    results: list[str] = []
    for part in _RESULT_CODE.split(body):
        cleaned = clean_inline(part).strip(" ;,")
        if cleaned and not is_placeholder(cleaned) and cleaned not in results:
            results.append(cleaned)
    return results


# ------------------------------------------------------------------ steps (trinh_tu_thuc_hien)

_SUB_START = re.compile(r"^[+*]\s*")
_STEP_START = re.compile(r"^(?:[-–•]\s*|Bước\s*\d+|\d+\.\s|[a-zđ]\)\s)", re.IGNORECASE)


def parse_steps(text: str) -> list[str]:
    # "…để xử lýBước 10 Duyệt hồ sơ": a step heading glued to the previous step.
    body = re.sub(r"(?<=\S)(?=Bước\s*\d+\s*[:.]?\s)", "\n", clean_block(text))
    if is_placeholder(body):
        return []
    lines = body.split("\n")
    # "- " bullets (or "Bước N") start steps; "+"/"*" are sub-points unless they are all there is.
    start = _STEP_START if any(_STEP_START.match(line) for line in lines) else _SUB_START
    steps: list[str] = []
    for line in lines:
        starts = bool(start.match(line))
        if start is _SUB_START:
            line = re.sub(r"^[+*]\s*", "", line)
        line = re.sub(r"^[-–•]\s*", "", line).strip()
        if not line:
            continue
        if starts or not steps:
            steps.append(line)
        else:
            steps[-1] = f"{steps[-1]}\n{line}"
    return steps


# ------------------------------------------------------------------------------ the record

POLICE_GROUP = "cu_tru_can_cuoc_cong_an"


def default_agency(group: str) -> str:
    return "Công an cấp xã" if group == POLICE_GROUP else "Ủy ban nhân dân cấp xã"


def parse_record(raw: Mapping[str, Any], group: str) -> CatalogueRecord:
    """Turn one raw crawled record into a clean catalogue record of ward group ``group``."""

    def field(key: str) -> str:
        return clean_inline(str(raw.get(key) or ""))

    steps_raw = str(raw.get("trinh_tu_thuc_hien") or "")
    channels = parse_channels(str(raw.get("cach_thuc_thuc_hien") or ""), steps_raw)
    agency = (
        or_none(raw.get("co_quan_thuc_hien"))
        or or_none(raw.get("co_quan_co_tham_quyen"))
        or default_agency(group)
    )
    conditions = clean_block(str(raw.get("yeu_cau_dieu_kien") or ""))
    url = field("detail_url")
    return CatalogueRecord(
        code=field("ma_thu_tuc"),
        name=field("ten_thu_tuc"),
        field=field("linh_vuc"),
        group=group,
        level=field("cap_thuc_hien"),
        agency=agency.rstrip("."),
        target_group=or_none(raw.get("doi_tuong_thuc_hien")) or "",
        conditions=None if is_placeholder(conditions) else conditions,
        decision_number=field("so_quyet_dinh"),
        source_url=url,
        online_url=url if url and any(c.kind == "online" for c in channels) else None,
        results=parse_results(str(raw.get("ket_qua_xu_ly") or "")),
        channels=channels,
        documents=parse_documents(str(raw.get("thanh_phan_ho_so") or "")),
        steps=parse_steps(steps_raw),
        legal_bases=parse_legal_bases(str(raw.get("can_cu_phap_ly") or "")),
    )
