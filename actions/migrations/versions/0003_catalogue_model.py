"""Catalogue model for answers: agency kind, time-limit source, fee kind, document roles and
cases, form codes, and the ward's offices by agency kind.

Revision ID: 0003_catalogue_model
Revises: 0002_catalogue_build
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_catalogue_model"
down_revision: str | None = "0002_catalogue_build"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Server defaults only so that existing rows get a value; the build rewrites every row.
    with op.batch_alter_table("procedure") as batch:
        batch.add_column(
            sa.Column("agency_kind", sa.String(32), nullable=False, server_default="ubnd_one_stop")
        )
    with op.batch_alter_table("submission_channel") as batch:
        batch.add_column(sa.Column("time_limit_source", sa.String(32), nullable=True))
        batch.add_column(sa.Column("time_limit_quote", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("fee_kind", sa.String(32), nullable=False, server_default="unknown")
        )
        batch.add_column(sa.Column("fee_unit_text", sa.String(255), nullable=True))
        batch.add_column(sa.Column("fee_source_text", sa.Text(), nullable=True))
    with op.batch_alter_table("required_document") as batch:
        batch.add_column(sa.Column("case_title", sa.String(255), nullable=True))
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="submit"))
        batch.add_column(sa.Column("form_code", sa.String(64), nullable=True))
    op.create_table(
        "agency_office",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ward_code", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(64), nullable=True),
        sa.Column("opening_hours", sa.Text(), nullable=True),
        sa.Column("email", sa.String(255), nullable=True),
        sa.Column("website", sa.String(255), nullable=True),
        sa.Column("unconfirmed", sa.String(255), nullable=False),
        sa.UniqueConstraint("ward_code", "kind", name="uq_agency_office_ward_kind"),
    )


def downgrade() -> None:
    op.drop_table("agency_office")
    with op.batch_alter_table("required_document") as batch:
        for name in ("form_code", "role", "case_title"):
            batch.drop_column(name)
    with op.batch_alter_table("submission_channel") as batch:
        for name in (
            "fee_source_text",
            "fee_unit_text",
            "fee_kind",
            "time_limit_quote",
            "time_limit_source",
        ):
            batch.drop_column(name)
    with op.batch_alter_table("procedure") as batch:
        batch.drop_column("agency_kind")
