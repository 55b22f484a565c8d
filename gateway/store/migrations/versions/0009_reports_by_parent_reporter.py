"""reports by (parent_id, reporter): count a problem's reporters from the index

Joining a duplicate loaded every earlier duplicate of the problem to count its reporters, so the
thousandth report of a flood cost a thousand ORM objects. The count is now an index-only query.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 01:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index("ix_reports_parent_reporter", ["parent_id", "reporter"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_parent_reporter")
