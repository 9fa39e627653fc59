"""conversation references: where a chat platform can reach a conversation later

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 04:30:00.000000

Teams sends to a conversation through the regional service URL and tenant that came with the
conversation's events; they are stored here so digests and nudges can be sent later.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("conversation_id", sa.String(length=400), nullable=False),
        sa.Column("service_url", sa.String(length=400), nullable=False),
        sa.Column("tenant_id", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("team_id", sa.String(length=400), nullable=True),
        sa.Column("channel_id", sa.String(length=400), nullable=True),
        sa.Column("user_id", sa.String(length=200), nullable=True),
        sa.Column("user_object_id", sa.String(length=100), nullable=True),
        sa.Column("updated_at", models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_reference")),
        sa.UniqueConstraint("platform", "conversation_id",
                            name=op.f("uq_conversation_reference_platform_conversation_id")),
    )
    with op.batch_alter_table("conversation_reference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversation_reference_user_id"), ["user_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_conversation_reference_user_object_id"),
                              ["user_object_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("conversation_reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_reference_user_object_id"))
        batch_op.drop_index(batch_op.f("ix_conversation_reference_user_id"))
    op.drop_table("conversation_reference")
