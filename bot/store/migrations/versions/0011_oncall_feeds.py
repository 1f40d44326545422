"""on-call from calendars: the last good copy of each feed, and whom each user group was set to

Revision ID: 0011_oncall_feeds
Revises: 0010_drills
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0011_oncall_feeds"
down_revision = "0010_drills"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "oncall_feed",
        sa.Column("schedule", AutoString(length=100), nullable=False),
        sa.Column("source", AutoString(length=2000), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("digest", AutoString(length=64), nullable=True),
        sa.Column("etag", AutoString(length=500), nullable=True),
        sa.Column("last_modified", AutoString(length=100), nullable=True),
        sa.Column("good_at", UTCDateTime(), nullable=True),
        sa.Column("checked_at", UTCDateTime(), nullable=True),
        sa.Column("problem", AutoString(length=500), nullable=True),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("refresh_seconds", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("schedule"),
    )
    op.create_table(
        "oncall_group",
        sa.Column("schedule", AutoString(length=100), nullable=False),
        sa.Column("usergroup", AutoString(length=32), nullable=False),
        sa.Column("people", AutoString(length=1000), nullable=False),
        sa.Column("set_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("schedule"),
    )


def downgrade() -> None:
    op.drop_table("oncall_group")
    op.drop_table("oncall_feed")
