from __future__ import annotations

from datetime import date

import pytest

from actions.dossiers.codes import (
    format_code,
    is_valid_code,
    looks_like_code_attempt,
    parse_dossier_code,
    reception_date,
)

CODE = "000.00.27.H26-251017-0012"
UNIT = "000.00.27.H26"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CODE, CODE),
        ("Hồ sơ 000.00.27.H26-251017-0012 của tôi đến đâu rồi?", CODE),
        ("000.00.27.h26-251017-0012", CODE),
        ("000 00 27 h26 251017 0012", CODE),
        ("0000027H26-251017-0012", CODE),
        ("0000027H262510170012", CODE),
        ("000002 7h26 251017 0012 sao roi", CODE),
        ("mã hs 000.00.27.H26 251017 0012 xog chưa", CODE),
        ("000-00-27-H26-251017-0012", CODE),
        ("(000.00.27.H26-251017-0012).", CODE),
        ("TRA CUU HO SO 000.00.27.H26-251017-0012", CODE),
        ("000.A0.01.H26-210212-9090", "000.A0.01.H26-210212-9090"),
        ("000.00.06.H56-231027-0361 ở Thanh Hóa", "000.00.06.H56-231027-0361"),
        ("000.00.00.G01-240101-0001", "000.00.00.G01-240101-0001"),
        # QR code texts of receipts: a URL, JSON, key=value.
        ("https://dichvucong.hanoi.gov.vn/tra-cuu?maHoSo=000.00.27.H26-251017-0012&t=1", CODE),
        ('{"maHoSo":"000.00.27.H26-251017-0012","ngayHen":"24/10/2025"}', CODE),
        ("MaHS:000.00.27.H26-251017-0012;HoTen:NGUYEN VAN A", CODE),
        # Partial codes are completed with the ward's unit prefix.
        ("H26-251017-0012", CODE),
        ("h26 251017 0012 xong chua", CODE),
        ("hs h26-251017-0012 sao r", CODE),
    ],
)
def test_finds_the_code(text: str, expected: str) -> None:
    assert parse_dossier_code(text, default_unit=UNIT) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hồ sơ của tôi đến đâu rồi",
        "0912345678",
        "001090001234",
        "1234",
        "000.00.27.H26-251317-0012",  # month 13
        "000.00.27.H26-250230-0012",  # 30 February
        "000.00.27.X26-251017-0012",  # neither H nor G
        "000.00.27.H26-251017-012",  # 3-digit sequence
        "H56-251017-0012",  # partial code of another province
    ],
)
def test_rejects_what_is_not_a_code(text: str) -> None:
    assert parse_dossier_code(text, default_unit=UNIT) is None


def test_partial_code_needs_a_default_unit() -> None:
    assert parse_dossier_code("H26-251017-0012") is None


def test_format_and_reception_date() -> None:
    code = format_code(UNIT, date(2025, 10, 17), 12)
    assert code == CODE
    assert is_valid_code(code)
    assert reception_date(code) == date(2025, 10, 17)
    with pytest.raises(ValueError):
        format_code("H26", date(2025, 10, 17), 1)
    with pytest.raises(ValueError):
        format_code(UNIT, date(2025, 10, 17), 10000)


@pytest.mark.parametrize(
    ("text", "attempt"), [("251017-0012", True), ("mã là 12", False), ("không nhớ", False)]
)
def test_code_attempts(text: str, attempt: bool) -> None:
    assert looks_like_code_attempt(text) is attempt
