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
    AgencyKind,
    CatalogueRecord,
    ChannelRecord,
    DocumentRecord,
    LegalBasisRecord,
)
from actions.text import fold

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
TIME_UNIT_TEXT = {unit: text for unit, text in TIME_UNITS.values()}
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
# Bare-number time limits are explained by the steps text: the clause that says when the result
# is returned ("nếu tiếp nhận hồ sơ sau 15 giờ thì … trả kết quả … trong ngày làm việc tiếp theo",
# "Trong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, …").
_CLAUSE_SPLIT = re.compile(r"\n|(?<=[.;])\s+")
_AFTER_15H = re.compile(r"sau 15 giờ.*?trong ngày làm việc tiếp theo", re.IGNORECASE)
_SAME_DAY = re.compile(
    r"\b(?:ngay )?trong ngày (?:tiếp nhận|nhận)(?: được| đủ)? hồ sơ", re.IGNORECASE
)
_WITHIN = re.compile(
    r"^(?:[-+*•]\s*)?(?:[a-zđ]\)\s*)?(?:Trong|Chậm nhất)(?: thời hạn| thời gian)?(?: không quá)?"
    r" (?P<n>\d{1,3}) (?P<unit>ngày làm việc|ngày)\b,? (?:kể )?từ (?:ngày|khi|thời điểm)"
    r" (?:nhận|tiếp nhận)(?: được| đủ)? hồ sơ",
    re.IGNORECASE,
)
_COUNCIL = re.compile(
    r"(?:Hội đồng nhân dân|HĐND)(?: cấp)? (?:tỉnh|thành phố)|"
    r"(?:Hội đồng nhân dân|HĐND)[^.;]{0,40}(?:quyết định|quy định)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.;]*(?:\([^)]*\)[^.;]*)*[.;]?")
# The portal shows "Miễn phí" over a note that has the fee paid ("Thông tư số 60/2023/TT-BTC …
# quy định mức thu … lệ phí đăng ký …", "Áp dụng mức thu theo mức phí quy định tại Thông tư số
# 48/2022/TT-BTC", "Thực hiện như phương thức thanh toán lệ phí …", "Trả phí cho đơn vị …"):
# the fee is not free, its amount is in the legal text. Matched on the folded note; a note that
# starts by waiving the fee ("Miễn lệ phí …", "Không thu lệ phí …") keeps it free, and so does a
# bare pointer to the fee law ("Theo quy định của Luật phí và lệ phí …"), said of free
# procedures (land-dispute mediation) as much as of others.
_FEE_CHARGED = re.compile(r"\bmuc (?:thu|phi)\b|\b(?:thanh toan|nop|tra) (?:le )?phi\b")
_FEE_WAIVED = re.compile(r"^(?:mien|khong thu)\b")
# The legal text a note names for the fee: "Thông tư số 60/2023/TT-BTC", "Nghị định số
# 92/2024/NĐ-CP".
_FEE_LAW = re.compile(
    r"(?:Thông tư|Nghị định|Nghị quyết|Quyết định)(?: số)? "
    r"\d+(?:\.\d+)?/\d{4}/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*"
)


def fee_charged_by_note(note: str | None) -> bool:
    """True when a fee note has the citizen pay although the fee cell says "Miễn phí"."""
    folded = fold(note or "").strip(" -+(")
    return bool(folded) and not _FEE_WAIVED.match(folded) and bool(_FEE_CHARGED.search(folded))


def fee_law(note: str | None) -> str | None:
    """The first legal text a fee note names ("Thông tư số 60/2023/TT-BTC"), or None."""
    match = _FEE_LAW.search(note or "")
    return match.group(0) if match else None


def _clauses(text: str) -> list[str]:
    return [c.strip(" -+*•") for c in _CLAUSE_SPLIT.split(clean_block(text)) if c.strip(" -+*•")]


def derive_time_limit(value: float, steps_text: str) -> tuple[str, str] | None:
    """(unit, quoted clause) explaining a bare table number from the steps, or None.

    Only a clause that states the same number of days counted from receiving the dossier (or,
    for "1", the same-day rule with its 15h cut-off) is taken: a clause about another deadline
    (verification, posting a notice) must not lend its unit to the procedure.
    """
    clauses = _clauses(steps_text)
    if value == 1:
        for clause in clauses:
            match = _AFTER_15H.search(clause)
            if match:
                start = clause.lower().rfind("nếu", 0, match.start())
                return "working_day", clause[max(start, 0) : match.end()].strip(" ,;")
        for clause in clauses:
            if _SAME_DAY.search(clause):
                return "working_day", clause.rstrip(" ;")
    for clause in clauses:
        match = _WITHIN.match(clause)
        # A clause about verifying the file ("… trao đổi … để xác minh") times that step only.
        if match and float(match.group("n")) == value and "xác minh" not in clause.lower():
            unit = "working_day" if match.group("unit").lower() == "ngày làm việc" else "day"
            return unit, re.sub(r"^[a-zđ]\)\s*", "", clause).rstrip(" ;")
    return None


def classify_fee(
    fee_text: str | None, amount: int | None, note: str | None
) -> tuple[str, str | None, str | None]:
    """(fee_kind, fee_text, fee_note): a council-set fee is not shown as "Miễn phí".

    The portal shows "Miễn phí" (or nothing) for civil-status fees whose note says the provincial
    People's Council sets them; the council sentence then becomes the fee text.
    """
    council = None
    for text in (note or "", fee_text or ""):
        hit = _COUNCIL.search(text)
        if hit:
            council = next(
                (
                    m.group(0).strip(" -;")
                    for m in _SENTENCE.finditer(text)
                    if m.start() <= hit.start() < m.end()
                ),
                None,
            )
            break
    if council and (amount is None or amount == 0):
        rest = (note or "").replace(council, "").strip(" -;.") if note else ""
        rest = clean_inline(rest)
        return "set_by_province", council.rstrip(" ."), rest or None
    if amount == 0 and fee_charged_by_note(note):
        # "unknown" with the legal text as fee_text: the answer names it and sends the citizen
        # to staff for the amount (utter_label_fee_by_legal_text).
        return "unknown", fee_law(note), note
    if amount == 0:
        return "free", fee_text, note
    if fee_text is not None:
        return "amount", fee_text, note
    return "unknown", None, note


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
        # "50 VNĐ" whose note says "50.000đ/giấy thông hành", but not "25.000.000đ".
        said = re.compile(rf"(?<![\d.]){re.escape(format_vnd(scaled))}\s*(?:đồng|đ)(?![\d.])")
        if said.search(note):
            amount = scaled
            fee_text = f"{format_vnd(scaled)} đồng{suffix}"
    return fee_text, amount, note, rest


_FEE_UNIT = re.compile(r"(?:đồng|USD)(/.+)$")


def parse_channels(text: str, steps_text: str = "") -> list[ChannelRecord]:
    body = clean_block(text)
    if body.startswith(CHANNEL_HEADER):
        body = body[len(CHANNEL_HEADER) :]
    rows = list(_ROW.finditer(body))
    channels: list[ChannelRecord] = []
    for i, row in enumerate(rows):
        end = rows[i + 1].start() if i + 1 < len(rows) else len(body)
        fee_cell = body[row.end() : end]
        fee_text, amount, note, rest = parse_fee(fee_cell)
        value: float | None = None
        unit: str | None = None
        time_text: str | None = None
        source: str | None = None
        quote: str | None = None
        if row.group("value"):
            value = float(row.group("value").replace(",", "."))
            source = "table"
            if row.group("unit"):
                unit, unit_text = TIME_UNITS[row.group("unit").lower()]
                time_text = f"{format_number(value)} {unit_text}"
            elif (derived := derive_time_limit(value, steps_text)) is not None:
                unit, quote = derived
                source = "derived_from_steps"
                time_text = f"{format_number(value)} {TIME_UNIT_TEXT[unit]}"
            else:  # bare number the steps do not explain: keep it, do not invent a unit
                time_text = row.group("value")
        description = or_none(rest.strip(" \t\n-;"))
        if description is not None and len(description) < 3:
            description = None
        kind, fee_text, note = classify_fee(fee_text, amount, note)
        unit_match = _FEE_UNIT.search(fee_text or "") if kind == "amount" else None
        source_text = clean_inline(fee_cell[: len(fee_cell) - len(rest)]) or None
        channels.append(
            ChannelRecord(
                kind=CHANNEL_KINDS[row.group("kind")],
                time_limit_value=value,
                time_limit_unit=unit,
                time_limit_text=time_text,
                time_limit_source=source,
                time_limit_quote=quote,
                fee_kind=kind,
                fee_text=fee_text,
                fee_amount_vnd=amount if kind in ("free", "amount") else None,
                fee_unit_text=unit_match.group(1) if unit_match else None,
                fee_note=note,
                fee_source_text=source_text,
                description=description,
            )
        )
    return _same_fee_law(channels)


def _same_fee_law(channels: list[ChannelRecord]) -> list[ChannelRecord]:
    """A bare "Miễn phí" row of a record whose other rows pay under a legal text pays too.

    "Trực tuyến … Miễn phí(… áp dụng theo quy định tại Thông tư số 64/2025/TT-BTC … quy định
    mức thu …)" then "Trực tiếp … Miễn phí": one procedure, one fee; the row without a note
    lost it, it is not free.
    """
    laws = [c for c in channels if c.fee_kind == "unknown" and c.fee_text and c.fee_note]
    if not laws:
        return channels
    out = []
    for channel in channels:
        if channel.fee_kind == "free" and channel.fee_note is None and channel.fee_amount_vnd == 0:
            channel = channel.model_copy(
                update={"fee_kind": "unknown", "fee_text": laws[0].fee_text, "fee_amount_vnd": None}
            )
        out.append(channel)
    return out


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


# A document names its form: "theo mẫu CT01", "(Mẫu TK1-TS)", "Mẫu số 01 ban hành kèm theo Nghị
# định số 154/2024/NĐ-CP". The code must contain a digit ("mẫu do doanh nghiệp…" is no code).
_FORM_CODE = re.compile(
    rf"\b[Mm]ẫu(?: số)?\s+(?P<code>(?=[0-9A-ZĐ{UPPER}a-z./\-]*\d)[0-9A-ZĐa-z][0-9A-ZĐa-zđ./\-]*"
    r"(?<![./\-]))"
    r"(?P<issued>,? ban hành kèm theo (?:[^()]*?)(?:\d+/\d{4}/[A-ZĐ0-9\-]+))?"
)
# What joins a document's name to the form it names: "… (mẫu", "… theo Mẫu", "… theo đúng mẫu".
_FORM_LINK = re.compile(r"[\s(]*(?:,?\s*theo(?: đúng)?)?[\s(]*$", re.IGNORECASE)
# "Tờ khai … theo mẫu" without a code, "Mẫu hộ tịch điện tử tương tác …": the document is itself
# the form.
_FORM_ITSELF = re.compile(r"^(?:Mẫu (?!số)\w|Tờ khai\b)", re.IGNORECASE)
_FORM_PLAIN = re.compile(r"\btheo (?:đúng )?mẫu\b(?! do\b)", re.IGNORECASE)


def mentions_form(name: str) -> bool:
    """True when the text names a form, whether or not :func:`extract_form` can read it."""
    return bool(_FORM_CODE.search(name) or _FORM_PLAIN.search(name) or _FORM_ITSELF.match(name))


_QUANTITY_WORDS = re.compile(r"(?:Bản (?:chính|sao|chụp)(?: hoặc bản (?:chính|sao|chụp))?)?", re.I)


def extract_form(name: str) -> tuple[str | None, str | None]:
    """(form_name, form_code) named in a document's text, or (None, None)."""
    match = _FORM_CODE.search(name)
    if match:
        phrase = clean_inline(match.group(0)).rstrip(" ,;.")
        code = match.group("code")
        phrase = phrase[:1].upper() + phrase[1:]
        # "Tờ khai … (mẫu CT01 …)", "Đơn đề nghị theo Mẫu số 01a": the form is the document
        # itself, so its name leads; elsewhere the mention is all there is ("… xác nhận tại Tờ
        # khai … theo Mẫu số 01 …" in a long sentence).
        core = _FORM_LINK.sub("", name[: match.start()]).strip(" ,;.")
        # "Bản chính Mẫu 2-CBH …": the words before the form say how many, not what.
        if _QUANTITY_WORDS.fullmatch(core):
            core = ""
        if core and len(core) <= 100 and ";" not in core and core.count("(") == core.count(")"):
            return f"{core} ({phrase})", code
        return phrase, code
    if _FORM_PLAIN.search(name) or _FORM_ITSELF.match(name):
        core = re.split(r"\s*(?:\(|;|,? theo )", name, maxsplit=1)[0].strip(" ,;.")
        return (core or None), None
    return None, None


# Table headings that are no case: the papers to submit, the papers to show, the notes.
_SHOW_HEADING = re.compile(r"xuat trinh")
_MAIN_HEADING = re.compile(
    r"^(?:giay to phai nop|thanh phan(?: ho so)?\b|ho so cua\b|ho so\b.*\bgom\b:?$|"
    r"nguoi yeu cau\b.*\bnop\b.*\bgom\b)"
)
_NOTE_HEADING = re.compile(r"^(?:luu y|ghi chu)\b")
_CASE_PREFIX = re.compile(
    r"^(?:[-+*•]\s*)?(?:\(\d+(?:\.\d+)*\)\s*|\([ivx]+\)\s*|[a-zđ][).]\s*|\d+\.\s+)?"
)
# The social-insurance tables carry a rule about copies, said over a table, glued to a case
# heading in parentheses, or as a row with a quantity cell: "Trường hợp không quy định là bản
# chính thì có thể nộp bản sao hợp lệ. …". It applies to every paper: a note, never a case.
_COPY_RULE_WORDS = r"truong hop khong quy dinh (?:ro )?(?:la )?ban chinh thi\b"
_COPY_RULE = re.compile(_COPY_RULE_WORDS)
# The rule in parentheses ending a case heading, matched on the folded heading (same offsets).
_COPY_RULE_TAIL = re.compile(rf"\s*\(({_COPY_RULE_WORDS}[^()]*)\)[\s.:]*$")


def is_copy_rule(text: str) -> bool:
    """True for the general rule about copies ("Trường hợp không quy định là bản chính thì …")."""
    return bool(_COPY_RULE.match(fold(_CASE_PREFIX.sub("", text)).lstrip("( ")))


def split_copy_rule(heading: str) -> tuple[str | None, str | None]:
    """(the case heading without it, the copy rule) when the rule ends the heading."""
    match = _COPY_RULE_TAIL.search(fold(heading))
    if match is None:
        return heading, None
    return _clean_heading(heading[: match.start()]), heading[match.start(1) : match.end(1)]


_TITLE_CUTS = (
    " quy định tại",
    " theo quy định",
    ", hồ sơ gồm",
    " hồ sơ gồm",
    " thì hồ sơ",
    " thì cần",
    " cần có",
    " (",
)
CASE_TITLE_CHARS = 40


def case_title(heading: str, procedure_name: str = "") -> str:
    """A case heading short enough for a button: no "Trường hợp", no legal references."""
    title = _CASE_PREFIX.sub("", heading).strip(" :")
    folded = fold(title)
    for prefix in ("truong hop ", "doi voi "):
        if folded.startswith(prefix) and len(title) > len(prefix) + 3:
            title = title[len(prefix) :]
            break
    if procedure_name and fold(title).startswith(fold(procedure_name) + " "):
        rest = title[len(procedure_name) :].strip(" ,:")
        if len(rest) >= 8:
            title = rest
    for cut in _TITLE_CUTS:
        at = title.find(cut)
        if at >= 8:
            title = title[:at]
    title = title.strip(" ,;:.")
    if len(title) > CASE_TITLE_CHARS:
        title = title[: CASE_TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
    return title[:1].upper() + title[1:]


def _heading_kind(heading: str | None) -> str:
    """One of main, show, note, explain, case for a table heading.

    explain: a sentence about the table's papers, not a case ("Trong phiếu nêu rõ mục đích …
    và ý kiến đồng ý của chủ thể thông tin cần khai thác."); its papers are the main ones.
    """
    if heading is None:
        return "main"
    if is_copy_rule(heading):
        return "explain"
    bare = _CASE_PREFIX.sub("", heading)
    folded = fold(bare).strip(" :")
    if _NOTE_HEADING.match(folded):
        return "note"
    if folded.startswith(("truong hop", "doi voi")):
        return "case"
    if folded.startswith("trong ") or (heading.endswith(".") and bare == heading):
        return "explain"
    if _SHOW_HEADING.search(folded):
        return "show"
    if _MAIN_HEADING.match(folded):
        return "main"
    return "case"


# The portal's own row numbers before a paper's name: "4. Biên bản …", "(1) Đơn …", "a) Sổ
# BHXH", "1.2. Trường hợp …", "(iii) …". The chat numbers the papers itself ("1. 4. Biên bản").
# A number is a row number only when "." or ")" and a space follow it: "02 ảnh 4x6" and
# "3.000.000 đồng" keep theirs.
_ROW_NUMBER = re.compile(r"^(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(?[a-zđ]\)|\([ivx]{1,4}\))\s+(?=\S)")


def strip_row_number(name: str) -> str:
    """``name`` without a leading row number of the portal's table."""
    return _ROW_NUMBER.sub("", name, count=1)


def _document(
    name: str, group: str | None, qty: re.Match[str] | None, procedure_name: str = ""
) -> DocumentRecord | None:
    name, form = _split_form(clean_inline(name))
    name = name.strip(" ;")
    if not name:
        return None
    counts = {"chính": 0, "sao": 0}
    if qty is not None:
        counts[qty.group(2)] += int(qty.group(1))
        if qty.group(3):
            counts[qty.group(4)] += int(qty.group(3))
    bare = strip_row_number(re.sub(r"^[-+*•]\s*", "", name))
    zero = counts["chính"] == 0 and counts["sao"] == 0
    heading = _heading_kind(group)
    is_note = zero and (
        len(bare) >= 100 or bool(_NOTE_START.match(name)) or bare.endswith(":") or heading == "note"
    )
    if is_copy_rule(bare):  # its quantity cell counts no paper
        is_note, counts = True, {"chính": 0, "sao": 0}
    name = bare if bare else name
    code: str | None = None
    if not is_note:
        named, code = extract_form(name)
        # The text's own words ("Tờ khai … (Mẫu CT01 …)") beat a template file name, which the
        # crawl often mangled ("MuCT01banhnhkmtheoThngts53.doc").
        form = named if named and (code or not form) else form
    if is_note:
        role = "note"
    elif heading == "show" or fold(name).startswith("xuat trinh"):
        role = "show"
    else:
        role = "submit"
    case = (
        clean_inline(_CASE_PREFIX.sub("", group)).strip(" :")
        if heading == "case" and group
        else None
    )
    return DocumentRecord(
        case_group=case,
        case_title=case_title(case, procedure_name) if case else None,
        role=role,
        name=name,
        form_name=form,
        form_code=code,
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


def table_headings(text: str) -> list[str | None]:
    """The heading of each document table, in order (for corrections and the report)."""
    body = clean_block(text).replace("\n", " ")
    pieces = body.split(DOCUMENT_HEADER)
    if len(pieces) == 1:
        return []
    headings = [_clean_heading(pieces[0])]
    for chunk in pieces[1:-1]:
        headings.append(_clean_heading(_split_rows(chunk)[1]))
    return headings


def parse_documents(
    text: str, procedure_name: str = "", heading_fixes: Mapping[int, str] | None = None
) -> list[DocumentRecord]:
    """Documents of the flattened tables; ``heading_fixes`` replaces the heading of table N
    (1-based) where the crawl got it wrong (see data/procedures/corrections.yml)."""
    body = clean_block(text).replace("\n", " ")
    if is_placeholder(body):
        return []
    fixes = heading_fixes or {}
    pieces = body.split(DOCUMENT_HEADER)
    documents: list[DocumentRecord] = []
    if len(pieces) == 1:  # no table header at all
        rows, tail = _split_rows(body)
        for name, qty in rows + ([(tail, None)] if clean_inline(tail) else []):
            doc = _document(name, None, qty, procedure_name)
            if doc:
                documents.append(doc)
        return documents
    copy_rule_said = False

    def add(doc: DocumentRecord | None) -> None:
        nonlocal copy_rule_said
        if doc is None:
            return
        if doc.role == "note" and is_copy_rule(doc.name):
            if copy_rule_said:  # repeated over each table: once is enough
                return
            copy_rule_said = True
        documents.append(doc)

    group = fixes.get(1, _clean_heading(pieces[0]))
    for index, chunk in enumerate(pieces[1:], start=1):
        if group is not None:
            group, rule = split_copy_rule(group)
            if rule is not None:
                add(DocumentRecord(name=rule, role="note"))
        if group is not None and _heading_kind(group) == "explain":
            add(DocumentRecord(name=group, role="note"))
            group = None
        rows, tail = _split_rows(chunk)
        for name, qty in rows:
            add(_document(name, group, qty, procedure_name))
        if index < len(pieces) - 1:
            group = fixes.get(index + 1, _clean_heading(tail))
        elif clean_inline(tail):
            add(_document(tail, group, None, procedure_name))
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
# The law gives civil status and certification at commune level to the People's Committee,
# whatever other bodies (notaries, embassies, the civil-status database) the record also lists.
COMMITTEE_GROUPS = frozenset({"ho_tich", "chung_thuc"})
_POLICE = re.compile(r"\bcong an (?:cap )?(?:xa|phuong)\b")
_LAND_OFFICE = re.compile(r"\bvan phong dang ky dat dai\b")
_COMMUNE_BODY = re.compile(
    r"\b(?:uy ban nhan dan|ubnd)(?: cap)? (?:xa|phuong)\b|\bbo phan mot cua\b|"
    r"\btrung tam phuc vu hanh chinh cong (?:cap )?(?:xa|phuong)\b|\bcap xa\b"
)


def default_agency(group: str) -> str:
    return "Công an cấp xã" if group == POLICE_GROUP else "Ủy ban nhân dân cấp xã"


def classify_agency(agency: str | None, address: str | None, group: str, level: str) -> AgencyKind:
    """Which of the ward's offices receives the dossier.

    Residence and căn cước procedures (the index's police group) go to the commune police, not
    the one-stop desk; a record naming the land registration office first goes there; a record
    naming a commune body, or none, is the one-stop desk's (Nghị định 118/2025/NĐ-CP: commune
    dossiers are received there); anything else is another body, named in ``agency``.
    """
    text = fold(" ".join(t for t in (agency, address) if t))
    items = [i.strip() for i in re.split(r"[,;]", fold(agency or "")) if i.strip()]
    if _POLICE.search(text) or (group == POLICE_GROUP and not text):
        return "commune_police"
    if items and _LAND_OFFICE.search(items[0]):
        return "land_registration"
    if not text or _COMMUNE_BODY.search(text) or group in COMMITTEE_GROUPS:
        return "ubnd_one_stop"
    if _LAND_OFFICE.search(text):
        return "land_registration"
    if group == POLICE_GROUP:
        return "other"
    return "ubnd_one_stop" if "cap xa" in fold(level) and not agency else "other"


# ------------------------------------------------------------- page sections (raw_text)

# The detail page's section headings, in page order, as the crawl glued them into ``raw_text``.
STEPS_HEADING = "Trình Tự Thực Hiện"
CHANNELS_HEADING = "Cách Thức Thực Hiện"
DOCUMENTS_HEADING = "Thành phần hồ sơ"
LEGAL_HEADING = "Căn cứ pháp lý"
AGENCY_HEADING = "Cơ quan thực hiện"
CONDITIONS_HEADING = "Yêu cầu, điều kiện thực hiện"


def _after_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def page_steps(raw: Mapping[str, Any]) -> str | None:
    """The steps section of the page text (between its heading and the channels')."""
    page = str(raw.get("raw_text") or "")
    start = page.find(STEPS_HEADING)
    end = page.find(CHANNELS_HEADING, start) if start >= 0 else -1
    return page[start + len(STEPS_HEADING) : end] if end >= 0 else None


def page_documents(raw: Mapping[str, Any]) -> str | None:
    """The documents section of the page text: after the channels table, up to the legal basis.

    The steps may say "Thành phần hồ sơ" (where the crawl cut them) and so may a channel's
    description: the search starts after the channels table, as its own field holds it. It
    ends at the legal-basis heading that the legal-basis field follows (else the first one).
    """
    page = str(raw.get("raw_text") or "")
    channels = page.find(CHANNELS_HEADING)
    if channels < 0:
        return None
    pos = _after_space(page, channels + len(CHANNELS_HEADING))
    table = str(raw.get("cach_thuc_thuc_hien") or "").strip()
    if table and page.startswith(table, pos):
        pos += len(table)
    start = page.find(DOCUMENTS_HEADING, pos)
    if start < 0:
        return None
    start += len(DOCUMENTS_HEADING)
    legal = str(raw.get("can_cu_phap_ly") or "").strip()
    ends = [m.start() for m in re.finditer(re.escape(LEGAL_HEADING), page) if m.start() >= start]
    anchored = [
        end
        for end in ends
        if legal and page.startswith(legal, _after_space(page, end + len(LEGAL_HEADING)))
    ]
    end = next(iter(anchored or ends), None)
    return page[start:end] if end is not None else None


def page_agency(raw: Mapping[str, Any]) -> str | None:
    """The agency section of the page text: the last "Cơ quan thực hiện" heading before the
    conditions' (the steps may say "Cơ quan thực hiện chứng thực …", the page chrome
    "Chọn cơ quan thực hiện" comes later)."""
    page = str(raw.get("raw_text") or "")
    channels = page.find(CHANNELS_HEADING)
    end = page.find(CONDITIONS_HEADING, max(channels, 0))
    if channels < 0 or end < 0:
        return None
    start = page.rfind(AGENCY_HEADING, channels, end)
    return page[start + len(AGENCY_HEADING) : end] if start >= 0 else None


def _is_documents_table(text: str) -> bool:
    return DOCUMENT_HEADER in clean_inline(text)


def repair_sections(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The raw record, with the documents (and steps) the crawl misplaced taken from the page.

    Some steps refer to "mục 5.3 (Thành phần hồ sơ)"; the crawl cut the page there, so the
    steps field stops mid-sentence, the documents field holds the rest of the steps, and the
    documents table is only in ``raw_text``. A documents field that is no table and is empty
    or the end of the page's steps is replaced by the page's documents section, when that is
    a table; the steps field, if it is the start of the page's steps, by the whole section.
    """
    out = _repair_agency(raw)
    field = str(raw.get("thanh_phan_ho_so") or "")
    if _is_documents_table(field):
        return out
    section = page_documents(raw)
    if section is None or not _is_documents_table(section):
        return out
    steps = clean_inline(page_steps(raw))
    tail = clean_inline(field)
    if not (is_placeholder(field) or (tail and steps.endswith(tail))):
        return out
    out["thanh_phan_ho_so"] = section
    steps_field = clean_inline(str(raw.get("trinh_tu_thuc_hien") or ""))
    if len(steps) > len(steps_field) and steps.startswith(steps_field):
        out["trinh_tu_thuc_hien"] = page_steps(raw)
    return out


def _repair_agency(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The raw record, with steps the crawl cut at "Cơ quan thực hiện" made whole.

    A step reading "+ Cơ quan thực hiện chứng thực tiến hành …" was taken for the agency
    heading: the steps field stops there and the agency field holds the rest of the steps.
    When the steps field is the start of the page's steps and the agency field their end, the
    steps are the whole section and the agency the page's own agency section.
    """
    out = dict(raw)
    steps = clean_inline(page_steps(raw))
    steps_field = clean_inline(str(raw.get("trinh_tu_thuc_hien") or ""))
    tail = clean_inline(str(raw.get("co_quan_thuc_hien") or ""))
    agency = page_agency(raw)
    if not (steps_field and tail and agency is not None and len(steps) > len(steps_field)):
        return out
    if steps.startswith(steps_field) and steps.endswith(tail) and clean_inline(agency) != tail:
        out["trinh_tu_thuc_hien"] = page_steps(raw)
        out["co_quan_thuc_hien"] = agency
    return out


def parse_record(
    raw: Mapping[str, Any], group: str, heading_fixes: Mapping[int, str] | None = None
) -> CatalogueRecord:
    """Turn one raw crawled record into a clean catalogue record of ward group ``group``."""
    raw = repair_sections(raw)

    def field(key: str) -> str:
        return clean_inline(str(raw.get(key) or ""))

    steps_raw = str(raw.get("trinh_tu_thuc_hien") or "")
    channels = parse_channels(str(raw.get("cach_thuc_thuc_hien") or ""), steps_raw)
    named_agency = or_none(raw.get("co_quan_thuc_hien")) or or_none(
        raw.get("co_quan_co_tham_quyen")
    )
    agency = or_none(raw.get("co_quan_thuc_hien")) or or_none(raw.get("dia_chi_tiep_nhan"))
    kind = classify_agency(
        agency, or_none(raw.get("dia_chi_tiep_nhan")), group, field("cap_thuc_hien")
    )
    conditions = clean_block(str(raw.get("yeu_cau_dieu_kien") or ""))
    url = field("detail_url")
    name = field("ten_thu_tuc")
    return CatalogueRecord(
        code=field("ma_thu_tuc"),
        name=name,
        field=field("linh_vuc"),
        group=group,
        level=field("cap_thuc_hien"),
        agency=(named_agency or default_agency(group)).rstrip("."),
        agency_kind=kind,
        target_group=or_none(raw.get("doi_tuong_thuc_hien")) or "",
        conditions=None if is_placeholder(conditions) else conditions,
        decision_number=field("so_quyet_dinh"),
        source_url=url,
        online_url=url if url and any(c.kind == "online" for c in channels) else None,
        results=parse_results(str(raw.get("ket_qua_xu_ly") or "")),
        channels=channels,
        documents=parse_documents(
            str(raw.get("thanh_phan_ho_so") or ""), name, heading_fixes=heading_fixes
        ),
        steps=parse_steps(steps_raw),
        legal_bases=parse_legal_bases(str(raw.get("can_cu_phap_ly") or "")),
    )
