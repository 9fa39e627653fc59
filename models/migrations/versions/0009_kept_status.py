"""kept status: an indicator's analysed status, kept so unchanged data is not analysed again

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 15:30:00.000000

One row per indicator: its latest analysis as JSON and the fingerprint of what it was made
from (data, settings, analysis code). Derived data, so the downgrade only drops the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kept_status",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("made_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicator.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("indicator_id"),
    )


def downgrade() -> None:
    op.drop_table("kept_status")
