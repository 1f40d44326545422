"""drills: an incident marked as practice, and the people a drill may page

Revision ID: 0010_drills
Revises: 0009_runbooks
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_drills"
down_revision = "0009_runbooks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("drill", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("drill_participants", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_column("drill_participants")
        batch_op.drop_column("drill")
