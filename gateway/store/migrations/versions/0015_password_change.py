"""Operators whose password an admin set must choose their own at the next sign-in

- operators.must_change_password: set when an admin adds an operator or gives one a password
  (on the page or with `lapor operator`), cleared when the operator chooses their own.
- audit_log: an index on the operator, for the audit page's "who" filter.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_operator"), ["operator"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_operator"))
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
