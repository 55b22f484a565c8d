"""trigram index for searching report texts on PostgreSQL

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 23:55:00

Searching the queue by a word ("kebakaran") is an ILIKE '%word%'; without a trigram index a
rare word makes PostgreSQL read every report. pg_trgm is a trusted extension (PostgreSQL 13+),
so the database owner may create it. SQLite has no such index; small databases do not need it.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX ix_reports_text_trgm ON reports USING gin (text gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_reports_text_trgm")
