"""Catalogue build marker: lets the action server notice a rebuilt catalogue cheaply.

Revision ID: 0002_catalogue_build
Revises: 0001_procedures
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_catalogue_build"
down_revision: str | None = "0001_procedures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalogue_build",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("build_id", sa.String(36), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("catalogue_build")
