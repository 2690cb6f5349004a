"""Dossier status lookup through Rasa's REST channel: the whole flow, brute force, privacy."""

from __future__ import annotations

import json
import sqlite3
import uuid

from actions.dossiers.demo import SAMPLE_DOSSIERS
from tests.e2e.conftest import Servers, fixed_part

BIRTH, RESIDENCE = SAMPLE_DOSSIERS  # processed / supplement requested
PHONE_FACTOR = BIRTH.phone.replace(" ", "")[-4:]
ID_FACTOR = BIRTH.id_number[-4:]


def new_sender() -> str:
    return f"e2e-dossier-{uuid.uuid4().hex[:10]}"


def text_of(replies: list[dict[str, object]]) -> str:
    assert replies, "the assistant answered nothing (Rasa answers [] on any internal error)"
    return "\n".join(str(r.get("text", "")) for r in replies)


def test_owner_gets_the_status_in_two_turns(servers: Servers, responses: dict[str, str]) -> None:
    sender = new_sender()
    asked = text_of(servers.say(sender, f"Hồ sơ {BIRTH.code} của tôi đến đâu rồi?"))
    assert asked == responses["utter_ask_dossier_factor"]
    answer = text_of(servers.say(sender, PHONE_FACTOR))
    assert BIRTH.code in answer
    assert "Thủ tục đăng ký khai sinh" in answer
    assert "Nguyễn V** A**" in answer
    assert fixed_part(responses["utter_dossier_status_processed"]) in answer
    assert BIRTH.owner_name not in answer
    assert PHONE_FACTOR not in answer


def test_code_asked_for_typed_loosely_and_a_full_phone_number(
    servers: Servers, responses: dict[str, str]
) -> None:
    sender = new_sender()
    assert text_of(servers.say(sender, "tra cứu hồ sơ")) == responses["utter_ask_dossier_code"]
    partial = BIRTH.code.split(".")[-1].lower()  # "h26-251017-0012"
    assert text_of(servers.say(sender, partial)) == responses["utter_ask_dossier_factor"]
    answer = text_of(servers.say(sender, BIRTH.phone))  # the whole number, not the last 4
    assert fixed_part(responses["utter_dossier_summary"]) in answer


def test_id_card_factor_and_what_to_bring(servers: Servers, responses: dict[str, str]) -> None:
    sender = new_sender()
    servers.say(sender, f"kiểm tra mã {RESIDENCE.code.lower()}")
    answer = text_of(servers.say(sender, RESIDENCE.id_number[-4:]))
    assert fixed_part(responses["utter_dossier_status_supplement_requested"]) in answer
    assert RESIDENCE.citizen_note and RESIDENCE.citizen_note in answer


def test_pasted_qr_text_of_the_receipt(servers: Servers, responses: dict[str, str]) -> None:
    sender = new_sender()
    qr = f"https://dichvucong.hanoi.gov.vn/tra-cuu?maHoSo={BIRTH.code}&ngayHen=24/10/2025"
    assert text_of(servers.say(sender, qr)) == responses["utter_ask_dossier_factor"]
    assert BIRTH.code in text_of(servers.say(sender, ID_FACTOR))


def test_citizen_can_leave_the_form(servers: Servers, responses: dict[str, str]) -> None:
    sender = new_sender()
    assert text_of(servers.say(sender, "tra cứu hồ sơ")) == responses["utter_ask_dossier_code"]
    assert text_of(servers.say(sender, "thôi")) == responses["utter_dossier_lookup_cancelled"]


def test_unknown_code_and_wrong_factor_look_the_same(servers: Servers) -> None:
    ghost = BIRTH.code[:-4] + "9999"
    sender_a, sender_b = new_sender(), new_sender()
    servers.say(sender_a, f"tra cứu hồ sơ {ghost}")
    unknown = text_of(servers.say(sender_a, PHONE_FACTOR))
    servers.say(sender_b, f"tra cứu hồ sơ {BIRTH.code}")
    wrong = text_of(servers.say(sender_b, "0000"))
    assert unknown == wrong
    assert "Nguyễn" not in wrong and "khai sinh" not in wrong


def test_brute_force_is_stopped(servers: Servers, responses: dict[str, str]) -> None:
    """One conversation gets 3 tries; then the code backs off whoever asks, for minutes
    (never for good: actions/dossiers/limits.py)."""
    target = RESIDENCE.code
    right = RESIDENCE.phone.replace(" ", "")[-4:]
    attacker = new_sender()
    not_matched = fixed_part(responses["utter_dossier_not_matched"])
    locked = fixed_part(responses["utter_dossier_locked"])
    for guess in ("0000", "0001", "0002"):
        servers.say(attacker, f"tra cứu hồ sơ {target}")
        assert not_matched in text_of(servers.say(attacker, guess))
    servers.say(attacker, f"tra cứu hồ sơ {target}")
    assert locked in text_of(servers.say(attacker, right))  # even the right guess
    sender = new_sender()  # a fresh conversation: the code's 4th failure locks it a minute
    servers.say(sender, f"tra cứu hồ sơ {target}")
    assert not_matched in text_of(servers.say(sender, "0003"))
    owner = new_sender()
    servers.say(owner, f"tra cứu hồ sơ {target}")
    reply = text_of(servers.say(owner, right))
    assert locked in reply and "1 phút" in reply
    assert "Trần" not in reply

    with sqlite3.connect(servers.tracker_db.parent / "dossiers.db") as db:
        rows = db.execute(
            "SELECT sender_hash, channel, result FROM lookup_audit WHERE dossier_code = ?",
            (target,),
        ).fetchall()
    results = [r[2] for r in rows]
    assert results.count("not_matched") == 4 and results.count("locked") == 2
    assert all(len(r[0]) == 64 and r[0] != attacker and r[1] == "rest" for r in rows)


def test_no_personal_number_or_factor_is_stored_or_logged(servers: Servers) -> None:
    sender = new_sender()
    servers.say(sender, "số điện thoại của tôi là 0912 345 678, cccd 001090001234")
    servers.say(sender, f"tra cứu hồ sơ {BIRTH.code}")
    servers.say(sender, ID_FACTOR)

    with sqlite3.connect(servers.tracker_db) as db:
        stored = [json.loads(d) for (d,) in db.execute("SELECT data FROM events")]
    user_texts = [e.get("text") or "" for e in stored if e["event"] == "user"]
    assert any("**** *** ***" in t and "************" in t for t in user_texts)
    assert "****" in user_texts  # the factor replies, masked whole
    factor_values = {e["value"] for e in stored if e.get("name") == "dossier_factor"}
    assert factor_values <= {None, "****"} and "****" in factor_values
    dumped = json.dumps(stored, ensure_ascii=False)
    for secret in ("0912 345 678", "0912345678", "001090001234", BIRTH.phone):
        assert secret not in dumped
    for text in user_texts:
        assert PHONE_FACTOR not in text and ID_FACTOR not in text, text
    for log in ("actions.log", "rasa.log"):
        content = (servers.tracker_db.parent / log).read_text(errors="replace")
        assert "0912 345 678" not in content and "001090001234" not in content
