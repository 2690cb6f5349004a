"""Procedure knowledge base: procedures, channels, documents, steps, legal bases, aliases, office.

Revision ID: 0001_procedures
Revises:
Create Date: 2026-07-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_procedures"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _child(name: str, *columns: sa.Column[object]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "procedure_id",
            sa.Integer(),
            sa.ForeignKey("procedure.id", ondelete="CASCADE"),
            nullable=False,
        ),
        *columns,
    )
    op.create_index(f"ix_{name}_procedure_id", name, ["procedure_id"])


def upgrade() -> None:
    op.create_table(
        "procedure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("field", sa.String(255), nullable=False),
        sa.Column("group", sa.String(64), nullable=False),
        sa.Column("level", sa.String(255), nullable=False),
        sa.Column("agency", sa.Text(), nullable=False),
        sa.Column("target_group", sa.Text(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=True),
        sa.Column("decision_number", sa.String(255), nullable=False),
        sa.Column("source_url", sa.String(500), nullable=False),
        sa.Column("online_url", sa.String(500), nullable=True),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("ward_note", sa.Text(), nullable=True),
        sa.Column("is_local", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_procedure_code", "procedure", ["code"], unique=True)
    op.create_index("ix_procedure_group", "procedure", ["group"])
    _child(
        "submission_channel",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("time_limit_value", sa.Float(), nullable=True),
        sa.Column("time_limit_unit", sa.String(16), nullable=True),
        sa.Column("time_limit_text", sa.String(255), nullable=True),
        sa.Column("fee_text", sa.Text(), nullable=True),
        sa.Column("fee_amount_vnd", sa.Integer(), nullable=True),
        sa.Column("fee_note", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    _child(
        "required_document",
        sa.Column("case_group", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("form_name", sa.Text(), nullable=True),
        sa.Column("quantity_original", sa.Integer(), nullable=False),
        sa.Column("quantity_copy", sa.Integer(), nullable=False),
        sa.Column("is_note", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    _child(
        "procedure_step",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    _child(
        "legal_basis",
        sa.Column("number", sa.String(255), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    _child("procedure_alias", sa.Column("alias", sa.String(255), nullable=False))
    op.create_table(
        "ward_office",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ward_code", sa.String(16), nullable=False, unique=True),
        sa.Column("ward_name", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("opening_hours", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(64), nullable=False),
        sa.Column("email", sa.String(255), nullable=True),
        sa.Column("website", sa.String(255), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("ward_office")
    for name in (
        "procedure_alias",
        "legal_basis",
        "procedure_step",
        "required_document",
        "submission_channel",
    ):
        op.drop_index(f"ix_{name}_procedure_id", table_name=name)
        op.drop_table(name)
    op.drop_index("ix_procedure_group", table_name="procedure")
    op.drop_index("ix_procedure_code", table_name="procedure")
    op.drop_table("procedure")
