"""reports.reporters: how many people reported one problem, kept on the open report

Joining a duplicate loaded every earlier duplicate of the problem to count its reporters, so the
thousandth report of a flood cost a thousand rows. The count is now kept on the open report and
a new duplicate checks only whether its reporter is already among them (by index).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 01:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reporters", sa.Integer(), server_default="1",
                                      nullable=False))
        batch_op.create_index("ix_reports_parent_reporter", ["parent_id", "reporter"],
                              unique=False)
    op.execute(
        "UPDATE reports SET reporters = (SELECT count(DISTINCT r.reporter) FROM reports r "
        "WHERE r.id = reports.id OR r.parent_id = reports.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_parent_reporter")
        batch_op.drop_column("reporters")
