"""Dossier store: dossiers, processing log, lookup attempt counters, lookup audit.

Revision ID: 0001_dossiers
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_dossiers"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dossier",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("procedure_code", sa.String(40), nullable=False),
        sa.Column("procedure_name", sa.Text(), nullable=False),
        sa.Column("channel", sa.Integer(), nullable=False),
        sa.Column("owner_name_masked", sa.String(255), nullable=False),
        sa.Column("phone_masked", sa.String(32)),
        sa.Column("id_number_masked", sa.String(32)),
        sa.Column("factor_salt", sa.String(64), nullable=False),
        sa.Column("phone_last4_mac", sa.String(64)),
        sa.Column("id_last4_mac", sa.String(64)),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime()),
        sa.Column("finished_at", sa.DateTime()),
        sa.Column("returned_at", sa.DateTime()),
        sa.Column("fee_due_vnd", sa.Integer()),
        sa.Column("citizen_note", sa.Text()),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_dossier_code", "dossier", ["code"], unique=True)
    op.create_index("ix_dossier_procedure_code", "dossier", ["procedure_code"])
    op.create_index("ix_dossier_status", "dossier", ["status"])
    op.create_table(
        "dossier_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "dossier_id",
            sa.Integer(),
            sa.ForeignKey("dossier.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("unit", sa.String(255), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("deadline", sa.DateTime()),
    )
    op.create_index("ix_dossier_log_dossier_id", "dossier_log", ["dossier_id"])
    op.create_table(
        "lookup_counter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("total_failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime()),
        sa.Column("locked_until", sa.DateTime()),
        sa.UniqueConstraint("scope", "key", name="uq_lookup_counter_scope_key"),
    )
    op.create_table(
        "lookup_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("sender_hash", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("dossier_code", sa.String(32), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("backend", sa.String(16), nullable=False),
    )
    op.create_index("ix_lookup_audit_at", "lookup_audit", ["at"])
    op.create_index("ix_lookup_audit_sender_hash", "lookup_audit", ["sender_hash"])
    op.create_index("ix_lookup_audit_dossier_code", "lookup_audit", ["dossier_code"])


def downgrade() -> None:
    op.drop_table("lookup_audit")
    op.drop_table("lookup_counter")
    op.drop_table("dossier_log")
    op.drop_table("dossier")
