"""conversation state (choices offered, last topic) and person.short_name

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 09:00:00.000000

`conversation_state` lets a bare "2" choose from the choices just offered, whichever adapter or
process receives it. `person.short_name` is what a greeting calls someone ("Grace", not "Dr");
NULL means the first name that is not a title.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("who", sa.String(length=150), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("topic", sa.String(length=200), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_state")),
        sa.UniqueConstraint("who", name=op.f("uq_conversation_state_who")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("short_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("short_name")
    op.drop_table("conversation_state")
