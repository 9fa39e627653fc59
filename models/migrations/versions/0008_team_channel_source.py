"""team channel source: a channel mapped in chat survives a framework reload

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 05:30:00.000000

A team's channel can now be set in chat ("this channel is for <team>") as well as by the
framework file. `source` says which ("file" or "chat"), as `chat_identity.source` does for
people's accounts, so that reloading a file that names no channel for that team keeps it.
Existing rows came from the file.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("team_channel", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=10), server_default="file",
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("team_channel", schema=None) as batch_op:
        batch_op.drop_column("source")
