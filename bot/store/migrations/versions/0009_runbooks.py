"""runbooks as checklists: a runbook's copy per incident and its steps

Revision ID: 0009_runbooks
Revises: 0008_learning
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0009_runbooks"
down_revision = "0008_learning"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runbook",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=200), nullable=False),
        sa.Column("title", AutoString(length=200), nullable=False),
        sa.Column("attached_at", UTCDateTime(), nullable=False),
        sa.Column("attached_by", AutoString(length=32), nullable=True),
        sa.Column("message_ts", AutoString(length=32), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "name", name="uq_runbook_incident_name"),
    )
    op.create_table(
        "runbook_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runbook_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", AutoString(length=200), nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=True),
        sa.Column("changed_by", AutoString(length=32), nullable=True),
        sa.ForeignKeyConstraint(["runbook_id"], ["runbook.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("runbook_id", "position", name="uq_runbook_step_position"),
    )


def downgrade() -> None:
    op.drop_table("runbook_step")
    op.drop_table("runbook")
