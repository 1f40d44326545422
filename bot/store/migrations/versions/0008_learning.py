"""learning from incidents: services, action items, postmortem follow-through, impact fraction

Revision ID: 0008_learning
Revises: 0007_alert_repeats
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision = "0008_learning"
down_revision = "0007_alert_repeats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", AutoString(length=32), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", AutoString(length=8), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", AutoString(length=32), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("done_by", AutoString(length=32), nullable=True),
        sa.Column("reminded_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_item_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index("ix_action_item_open_due", ["status", "due"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_item_owner"), ["owner"], unique=False)

    op.create_table(
        "incident_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=80), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("added_by", AutoString(length=32), nullable=True),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "name", name="uq_incident_service"),
    )
    with op.batch_alter_table("incident_service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_service_name"), ["name"], unique=False)

    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("impact_fraction", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("postmortem_done_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("postmortem_done_by", AutoString(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_column("postmortem_done_by")
        batch_op.drop_column("postmortem_done_at")
        batch_op.drop_column("impact_fraction")
    with op.batch_alter_table("incident_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_service_name"))
    op.drop_table("incident_service")
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_item_owner"))
        batch_op.drop_index("ix_action_item_open_due")
        batch_op.drop_index(batch_op.f("ix_action_item_incident_id"))
    op.drop_table("action_item")
