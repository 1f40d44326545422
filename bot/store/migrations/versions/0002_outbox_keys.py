"""outbox claims and progress; indexes for purging

Revision ID: 0002_outbox_keys
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_outbox_keys"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claims", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("progress", sa.Text(), nullable=False, server_default="{}"))
    with op.batch_alter_table("processedrequest", schema=None) as batch_op:
        batch_op.create_index("ix_processedrequest_at", ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("processedrequest", schema=None) as batch_op:
        batch_op.drop_index("ix_processedrequest_at")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("progress")
        batch_op.drop_column("claims")
