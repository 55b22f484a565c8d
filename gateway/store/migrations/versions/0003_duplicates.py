"""duplicates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 23:33:05.751472
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            "ix_reports_duplicates", ["category_code", "area_code", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reports_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_reports_parent_id_reports"), "reports", ["parent_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_reports_parent_id_reports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_reports_parent_id"))
        batch_op.drop_index("ix_reports_duplicates")
        batch_op.drop_column("parent_id")
