"""calls.seq: the turn a call is at, so a step can be saved with one conditional UPDATE

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 00:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), server_default="0", nullable=False))
    # Calls in progress during the upgrade keep their turn.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE calls SET seq = COALESCE((state ->> 'seq')::integer, 0)")
    else:
        op.execute("UPDATE calls SET seq = COALESCE(json_extract(state, '$.seq'), 0)")


def downgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("seq")
