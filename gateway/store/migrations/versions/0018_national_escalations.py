"""Escalations to LAPOR!-SP4N

- national_escalations: one row per report an operator escalated to the national complaint
  channel: the summary sent, whether LAPOR! may publish it, the national tracking id once
  sent, and the last national status and follow-ups seen.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "national_escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("tracking_id", sa.String(length=32), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("national_status", sa.String(length=64), nullable=True),
        sa.Column("replies_seen", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"],
                                name=op.f("fk_national_escalations_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_escalations")),
        sa.UniqueConstraint("report_id", name=op.f("uq_national_escalations_report_id")),
        sa.UniqueConstraint("tracking_id", name=op.f("uq_national_escalations_tracking_id")),
    )


def downgrade() -> None:
    op.drop_table("national_escalations")
