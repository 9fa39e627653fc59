"""chat identity source, one account per person and platform, accountability file values

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 09:00:00.000000

Before this, a second Slack account showing a person's email was linked to them as well. The
unique constraint on (person_id, platform) needs those extra links gone: for each person and
platform the oldest link (the lowest id, the one the framework file or the first match made)
is kept and later ones are deleted. Existing links are marked source="file", as before.
`file_values` starts NULL; the loader derives it from each action's history on the next load.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    identity = sa.table("chat_identity", sa.column("id", sa.Integer),
                        sa.column("person_id", sa.Integer), sa.column("platform", sa.String))
    oldest = sa.select(sa.func.min(identity.c.id)).group_by(identity.c.person_id,
                                                            identity.c.platform)
    op.execute(identity.delete().where(identity.c.id.not_in(oldest)))
    with op.batch_alter_table("chat_identity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=10), server_default="file",
                                      nullable=False))
        batch_op.create_unique_constraint(
            batch_op.f("uq_chat_identity_person_id_platform"), ["person_id", "platform"])
    with op.batch_alter_table("accountability", schema=None) as batch_op:
        batch_op.add_column(sa.Column("file_values", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accountability", schema=None) as batch_op:
        batch_op.drop_column("file_values")
    with op.batch_alter_table("chat_identity", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_chat_identity_person_id_platform"),
                                 type_="unique")
        batch_op.drop_column("source")
