"""Personal numbers never reach storage or logs (actions/text/masking.py, bot/privacy.py)."""

from __future__ import annotations

import logging

import pytest

from actions.dossiers.factors import mask_id_number, mask_name, mask_phone, parse_factor
from actions.text.masking import install_log_masking, mask_personal_numbers
from bot.privacy import SECRET_PLACEHOLDER, mask_event, mask_events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sđt của tôi 0912345678", "sđt của tôi **********"),
        ("0912 345 678", "**** *** ***"),
        ("0912.345.678 nhé", "****.***.*** nhé"),
        ("+84 912 345 678", "+** *** *** ***"),
        ("+84912345678", "+***********"),
        ("84912345678", "***********"),
        ("số bàn 024 3851 2345", "số bàn *** **** ****"),
        ("CCCD 001090001234", "CCCD ************"),
        ("cccd 001 090 001 234", "cccd *** *** *** ***"),
        ("CMND 012345678", "CMND *********"),
    ],
)
def test_masks_phone_and_id_numbers(text: str, expected: str) -> None:
    assert mask_personal_numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hồ sơ 000.00.27.H26-251017-0012 của tôi",
        "000 00 27 h26 251017 0012",
        "lệ phí 100.000 đồng",
        "hẹn ngày 24/10/2025",
        "1234",
        "mã 0000027H262510170012",
    ],
)
def test_leaves_other_numbers_alone(text: str) -> None:
    assert mask_personal_numbers(text) == text


def test_log_records_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    install_log_masking()
    install_log_masking()  # idempotent
    with caplog.at_level(logging.INFO):
        logging.getLogger("rasa.core.processor").info("user said %s", "gọi 0912345678")
    assert "0912345678" not in caplog.text
    assert "gọi **********" in caplog.text


def user(text: str) -> dict[str, object]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": "nlu_fallback"},
            "entities": [{"entity": "x", "value": text}],
        },
    }


def test_factor_reply_and_slot_are_masked_by_position() -> None:
    events = [
        user("tra cứu hồ sơ 000.00.27.H26-251017-0012"),
        {"event": "active_loop", "name": "dossier_lookup_form"},
        {"event": "slot", "name": "dossier_code", "value": "000.00.27.H26-251017-0012"},
        {"event": "slot", "name": "requested_slot", "value": "dossier_factor"},
        {"event": "action", "name": "action_listen"},
        user("số cuối 5678 ạ"),
        {"event": "slot", "name": "dossier_factor", "value": "5678"},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "active_loop", "name": None},
        {"event": "slot", "name": "dossier_factor", "value": None},
        user("cảm ơn, số tôi 0912345678"),
    ]
    masked = mask_events(events)
    assert masked[0]["text"] == "tra cứu hồ sơ 000.00.27.H26-251017-0012"
    assert masked[5]["text"] == "số cuối **** ạ"
    assert masked[5]["parse_data"]["text"] == "số cuối **** ạ"  # type: ignore[index]
    assert masked[5]["parse_data"]["entities"][0]["value"] == "số cuối **** ạ"  # type: ignore[index]
    assert masked[6]["value"] == SECRET_PLACEHOLDER
    assert masked[9]["value"] is None
    assert masked[10]["text"] == "cảm ơn, số tôi **********"
    assert events[5]["text"] == "số cuối 5678 ạ"  # the originals are untouched
    assert "5678" not in repr(masked)


def test_only_new_events_are_returned() -> None:
    events = [
        {"event": "active_loop", "name": "dossier_lookup_form"},
        {"event": "slot", "name": "requested_slot", "value": "dossier_factor"},
        user("1234"),
    ]
    assert mask_events(events, start=2) == [mask_event(user("1234"), secret_reply=True)]
    assert mask_events(events, start=2)[0]["text"] == "****"


@pytest.mark.parametrize(
    ("text", "factor"),
    [
        ("1234", "1234"),
        (" 12 34 ", "1234"),
        ("số cuối là 5678 ạ", "5678"),
        ("0912345678", "5678"),
        ("+84 912 345 678", "5678"),
        ("001090001234", "1234"),
        ("123", None),
        ("12345", None),
        ("không nhớ", None),
    ],
)
def test_parse_factor(text: str, factor: str | None) -> None:
    assert parse_factor(text) == factor


def test_masked_display_forms() -> None:
    assert mask_name("Nguyễn Văn An") == "Nguyễn V** A**"
    assert mask_name("Lê Thị Thu Hà") == "Lê T** T** H**"
    assert mask_phone("0912 345 678") == "091*******"
    assert mask_id_number("001090001234") == "001*********"
    assert "5678" not in mask_phone("0912345678")
