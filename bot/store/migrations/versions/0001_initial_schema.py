"""initial schema

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    counter = op.create_table(
        "counter",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.bulk_insert(counter, [{"name": "incident", "value": 0}])
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("impact", sa.Text(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("declared_by", sa.String(32), nullable=True),
        sa.Column("declared_at", UTCDateTime(), nullable=False),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=True),
        sa.Column("acknowledged_by", sa.String(32), nullable=True),
        sa.Column("identified_at", UTCDateTime(), nullable=True),
        sa.Column("mitigated_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("last_update_at", UTCDateTime(), nullable=True),
        sa.Column("request_key", sa.String(120), nullable=True),
        sa.Column("source_permalink", sa.String(500), nullable=True),
        sa.Column("channel_id", sa.String(32), nullable=True),
        sa.Column("channel_name", sa.String(80), nullable=True),
        sa.Column("card_ts", sa.String(32), nullable=True),
        sa.Column("topic", sa.String(250), nullable=True),
        sa.Column("announce_ts", sa.String(32), nullable=True),
        sa.Column("postmortem", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel_id"),
        sa.UniqueConstraint("number"),
        sa.UniqueConstraint("request_key"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("failed_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index("ix_outbox_pending", ["done_at", "failed_at", "next_attempt_at"], unique=False)

    op.create_table(
        "processedrequest",
        sa.Column("key", sa.String(160), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "roleassignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("area", sa.String(200), nullable=True),
        sa.Column("assigned_at", UTCDateTime(), nullable=False),
        sa.Column("assigned_by", sa.String(32), nullable=True),
        sa.Column("relieved_at", UTCDateTime(), nullable=True),
        sa.Column("relieved_by", sa.String(32), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("roleassignment", schema=None) as batch_op:
        batch_op.create_index("ix_role_active", ["incident_id", "relieved_at"], unique=False)

    op.create_table(
        "timelineevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("actor", sa.String(32), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("ref", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "ref", name="uq_timeline_ref"),
    )
    with op.batch_alter_table("timelineevent", schema=None) as batch_op:
        batch_op.create_index("ix_timeline_incident_at", ["incident_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("timelineevent", schema=None) as batch_op:
        batch_op.drop_index("ix_timeline_incident_at")

    op.drop_table("timelineevent")
    with op.batch_alter_table("roleassignment", schema=None) as batch_op:
        batch_op.drop_index("ix_role_active")

    op.drop_table("roleassignment")
    op.drop_table("processedrequest")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_pending")
        batch_op.drop_index(batch_op.f("ix_outbox_incident_id"))

    op.drop_table("outbox")
    op.drop_table("incident")
    op.drop_table("counter")
