"""pacing: shared per-channel post buckets, lease holders, refused hand-outs, announcement windows

Revision ID: 0006_pacing
Revises: 0005_inbox
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision = "0006_pacing"
down_revision = "0005_inbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refusals", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("locked_by", sa.String(120), nullable=True))
    op.create_table(
        "pace",
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("channel"),
    )
    op.create_table(
        "announcement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("opener_id", sa.Integer(), nullable=False),
        sa.Column("ts", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_announcement_channel"), ["channel"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_channel"))
    op.drop_table("announcement")
    op.drop_table("pace")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("locked_by")
        batch_op.drop_column("refusals")
