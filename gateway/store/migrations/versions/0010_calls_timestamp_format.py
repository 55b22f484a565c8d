"""calls.updated_at on SQLite: one timestamp format

The IVR's plain step (0008) wrote calls.updated_at through the driver with Python's own
datetime adapter, which SQLite keeps as "2026-11-28 01:02:03.456789+00:00" where SQLAlchemy
writes "2026-11-28 01:02:03.456789"; SQLite compares the text, so the two formats sort wrongly
against each other. The writer is fixed; this rewrites what it left. PostgreSQL stores real
timestamps and is untouched.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 02:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE calls SET updated_at = substr(updated_at, 1, 26) "
                   "WHERE updated_at LIKE '%+00:00'")


def downgrade() -> None:
    pass  # the rewritten text is the format every other timestamp already has
