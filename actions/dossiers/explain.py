"""What a found dossier's owner is told: summary, status explanation, lateness.

Every sentence is a domain response (bot/domain/dossiers.yml); this module only picks the
responses and fills their values. Overdue is derived here from the dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from actions.dossiers.backends import DossierView
from actions.phrasebook import Phrasebook

CHANNEL_LABELS = {
    1: "utter_label_channel_in_person",
    2: "utter_label_channel_online",
    3: "utter_label_channel_post",
}


@dataclass(frozen=True)
class Reply:
    response: str
    values: dict[str, str] = field(default_factory=dict)


def format_date(value: datetime | date | None) -> str:
    return f"{value:%d/%m/%Y}" if value is not None else ""


def format_vnd(phrases: Phrasebook, amount: int | None) -> str:
    if amount is None:
        return ""
    return phrases.text("utter_label_vnd", amount=f"{amount:,}".replace(",", "."))


def days_late(view: DossierView, today: date) -> int | None:
    """Days past the appointment date (ngày hẹn trả), or None when not late.

    A finished dossier is late if it was finished after the due date; an open one if the
    due date has passed. Dossiers closed without a result are never "late".
    """
    if view.due_at is None or view.status.is_closed_without_result:
        return None
    due = view.due_at.date()
    end = view.finished_at or view.returned_at
    if end is not None:
        late = (end.date() - due).days
    elif view.status.is_open:
        late = (today - due).days
    else:
        return None
    return late if late > 0 else None


def explain(
    view: DossierView, today: date, phrases: Phrasebook, office: dict[str, str]
) -> list[Reply]:
    channel = CHANNEL_LABELS.get(view.channel)
    values = office | {
        "code": view.code,
        "procedure_name": view.procedure_name,
        "owner": view.owner_name_masked,
        "channel": phrases.text(channel) if channel else "",
        "received": format_date(view.received_at),
        "due": format_date(view.due_at) or phrases.text("utter_label_no_due_date"),
        "finished": format_date(view.finished_at or view.returned_at),
        "returned": format_date(view.returned_at),
        "fee": format_vnd(phrases, view.fee_due_vnd) or phrases.text("utter_label_fee_unknown"),
        "note_line": (
            phrases.text("utter_line_dossier_note", note=view.citizen_note)
            if view.citizen_note
            else ""
        ),
    }
    replies = [Reply("utter_dossier_summary", values), Reply(view.status.response, values)]
    late = days_late(view, today)
    if late is not None:
        response = "utter_dossier_late_open" if view.status.is_open else "utter_dossier_late_done"
        replies.append(Reply(response, values | {"days": str(late)}))
    return replies
