"""alerts: groups, alerts, and the incident's impact start and links

Revision ID: 0004_alerts
Revises: 0003_schedule
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision = "0004_alerts"
down_revision = "0003_schedule"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("impact_started_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("links", sa.Text(), nullable=True))
    op.create_table(
        "alertgroup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("open_key", sa.String(200), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("severity", sa.String(8), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("previous_incident_id", sa.Integer(), nullable=True),
        sa.Column("prompt_channel", sa.String(32), nullable=True),
        sa.Column("prompt_thread", sa.String(32), nullable=True),
        sa.Column("prompt_ts", sa.String(32), nullable=True),
        sa.Column("links", sa.Text(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("digested_event_id", sa.Integer(), nullable=False),
        sa.Column("digest_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("open_key"),
    )
    with op.batch_alter_table("alertgroup", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alertgroup_key"), ["key"], unique=False)
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=True),
        sa.Column("firing", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("labels", sa.Text(), nullable=False),
        sa.Column("annotations", sa.Text(), nullable=False),
        sa.Column("url", sa.String(500), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["alertgroup.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "fingerprint", "starts_at", name="uq_alert_identity"),
    )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_group_id"), ["group_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_group_id"))
    op.drop_table("alert")
    with op.batch_alter_table("alertgroup", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alertgroup_key"))
    op.drop_table("alertgroup")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_column("links")
        batch_op.drop_column("impact_started_at")
