"""SQL sources, quality flags, late data, figures entered in chat

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 09:00:00.000000

An indicator may name a SQL source (the environment variable holding its URL, and one SELECT)
and how many days after a period ends its figure is late. A measurement (and each revision)
may say how sure it is (provisional, revised, estimated) and who entered it in chat.
`source_run` keeps every pull of a source: what it found or why it failed, and whether the
owner was told. Existing rows are unchanged: NULL means final, not from chat, the default.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "source_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("at", models.base.UTCDateTime(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("signature", sa.String(length=64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("told", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicator.id"],
                                name=op.f("fk_source_run_indicator_id_indicator"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_run")),
    )
    with op.batch_alter_table("source_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_run_indicator_id"), ["indicator_id"],
                              unique=False)
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_url_env", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("source_query", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("late_after_days", sa.Integer(), nullable=True))
    for table in ("measurement", "measurement_revision"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("quality", sa.String(length=20), nullable=True))
            batch_op.add_column(sa.Column("recorded_by_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f"fk_{table}_recorded_by_id_person"),
                                        "person", ["recorded_by_id"], ["id"])


def downgrade() -> None:
    for table in ("measurement_revision", "measurement"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_recorded_by_id_person"),
                                     type_="foreignkey")
            batch_op.drop_column("recorded_by_id")
            batch_op.drop_column("quality")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_column("late_after_days")
        batch_op.drop_column("source_query")
        batch_op.drop_column("source_url_env")
    with op.batch_alter_table("source_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_run_indicator_id"))
    op.drop_table("source_run")
