"""SQLAlchemy models of the dossier store (its own database: WARD_DOSSIERS_DB_URL).

No personal number is stored in clear: the owner's name, phone and CCCD are kept as masked
display forms, and the last 4 digits of phone and CCCD as keyed HMACs with a per-dossier
salt (actions/dossiers/factors.py). Overdue is derived from the dates, never stored.
Datetimes are naive Vietnam local time (UTC+7, no daylight saving).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class DossierBase(DeclarativeBase):
    pass


class Dossier(DossierBase):
    __tablename__ = "dossier"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    procedure_code: Mapped[str] = mapped_column(String(40), index=True)
    procedure_name: Mapped[str] = mapped_column(Text)
    channel: Mapped[int] = mapped_column(Integer)  # 1 trực tiếp, 2 trực tuyến, 3 bưu chính
    owner_name_masked: Mapped[str] = mapped_column(String(255))
    phone_masked: Mapped[str | None] = mapped_column(String(32))
    id_number_masked: Mapped[str | None] = mapped_column(String(32))
    factor_salt: Mapped[str] = mapped_column(String(64))
    phone_last4_mac: Mapped[str | None] = mapped_column(String(64))
    id_last4_mac: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Amount the citizen still has to pay (status fee_requested).
    fee_due_vnd: Mapped[int | None] = mapped_column(Integer)
    #: What the staff wrote for the citizen: papers to add, reason of refusal or cancellation.
    citizen_note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    log: Mapped[list[DossierLogEntry]] = relationship(
        back_populates="dossier", order_by="DossierLogEntry.position", cascade="all, delete-orphan"
    )


class DossierLogEntry(DossierBase):
    """One step of the processing log: who did what, when, and until when by rule."""

    __tablename__ = "dossier_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[datetime | None] = mapped_column(DateTime)

    dossier: Mapped[Dossier] = relationship(back_populates="log")


class LookupCounter(DossierBase):
    """Failed lookups per scope (conversation, code, global), shared by every replica."""

    __tablename__ = "lookup_counter"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_lookup_counter_scope_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    total_failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


class LookupAudit(DossierBase):
    """Every lookup: who (hashed sender), channel, when, which code, the result. No factor."""

    __tablename__ = "lookup_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    sender_hash: Mapped[str] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(64))
    dossier_code: Mapped[str] = mapped_column(String(32), index=True)
    result: Mapped[str] = mapped_column(String(16))
    backend: Mapped[str] = mapped_column(String(16))
