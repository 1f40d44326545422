"""alert repeats: when an alert still firing after its incident was resolved was told to the channel

Revision ID: 0007_alert_repeats
Revises: 0006_pacing
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision = "0007_alert_repeats"
down_revision = "0006_pacing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(sa.Column("asked_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_column("asked_at")
