"""queue filter indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 23:49:18.663394
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index("ix_reports_area_created", ["area_code", "created_at"], unique=False)
        batch_op.create_index("ix_reports_channel_created", ["channel", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_channel_created")
        batch_op.drop_index("ix_reports_area_created")
