"""The farmers' line: farmers, field officers, the advice library, prices, questions, alerts

- reports.kind: "report", or "question" (a farmer's question, with farm_questions beside it).
- operators.officer_code: an `officer` operator is a field officer.
- conversations.report_id becomes optional: a registration by SMS has no report.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_officers",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=16), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_field_officers")),
    )
    op.create_table(
        "officer_areas",
        sa.Column("desa_code", sa.String(length=20), nullable=False),
        sa.Column("officer_code", sa.String(length=32), nullable=False),
        sa.Column("backup_code", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["desa_code"], ["areas.code"],
                                name=op.f("fk_officer_areas_desa_code_areas")),
        sa.ForeignKeyConstraint(["officer_code"], ["field_officers.code"],
                                name=op.f("fk_officer_areas_officer_code_field_officers")),
        sa.ForeignKeyConstraint(["backup_code"], ["field_officers.code"],
                                name=op.f("fk_officer_areas_backup_code_field_officers")),
        sa.PrimaryKeyConstraint("desa_code", name=op.f("pk_officer_areas")),
    )
    op.create_index(op.f("ix_officer_areas_officer_code"), "officer_areas", ["officer_code"])
    op.create_table(
        "farmers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("name_recording", sa.String(length=500), nullable=True),
        sa.Column("desa_code", sa.String(length=20), nullable=True),
        sa.Column("dusun", sa.String(length=80), nullable=False),
        sa.Column("group_name", sa.String(length=80), nullable=False),
        sa.Column("land_area_ha", sa.Float(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consent_channel", sa.String(length=10), nullable=False),
        sa.Column("registered_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["desa_code"], ["areas.code"],
                                name=op.f("fk_farmers_desa_code_areas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_farmers")),
        sa.UniqueConstraint("phone", name=op.f("uq_farmers_phone")),
    )
    op.create_index(op.f("ix_farmers_desa_code"), "farmers", ["desa_code"])
    op.create_table(
        "farmer_commodities",
        sa.Column("farmer_id", sa.Integer(), nullable=False),
        sa.Column("commodity", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["farmer_id"], ["farmers.id"], ondelete="CASCADE",
                                name=op.f("fk_farmer_commodities_farmer_id_farmers")),
        sa.PrimaryKeyConstraint("farmer_id", "commodity", name=op.f("pk_farmer_commodities")),
    )
    op.create_index("ix_farmer_commodities_commodity", "farmer_commodities", ["commodity"])
    op.create_table(
        "advice_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("commodity", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("plays", sa.Integer(), nullable=False),
        sa.Column("completions", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice_items")),
        sa.UniqueConstraint("code", name=op.f("uq_advice_items_code")),
    )
    op.create_index("ix_advice_items_commodity_topic", "advice_items", ["commodity", "topic"])
    op.create_table(
        "advice_texts",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("audio_path", sa.String(length=500), nullable=True),
        sa.Column("audio_seconds", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["advice_items.id"], ondelete="CASCADE",
                                name=op.f("fk_advice_texts_item_id_advice_items")),
        sa.PrimaryKeyConstraint("item_id", "language", name=op.f("pk_advice_texts")),
    )
    op.create_table(
        "market_prices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commodity", sa.String(length=32), nullable=False),
        sa.Column("market", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=12), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_prices")),
        sa.UniqueConstraint("commodity", "market", "day",
                            name="uq_market_prices_commodity_market_day"),
    )
    op.create_table(
        "farm_questions",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("farmer_id", sa.Integer(), nullable=True),
        sa.Column("desa_code", sa.String(length=20), nullable=True),
        sa.Column("commodity", sa.String(length=32), nullable=True),
        sa.Column("topic", sa.String(length=16), nullable=True),
        sa.Column("pests", sa.JSON(), nullable=False),
        sa.Column("officer_code", sa.String(length=32), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("held_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("answer_audio_path", sa.String(length=500), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=True),
        sa.Column("visit_on", sa.Date(), nullable=True),
        sa.Column("visit_outcome", sa.Text(), nullable=False),
        sa.Column("advice_item_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"],
                                name=op.f("fk_farm_questions_report_id_reports")),
        sa.ForeignKeyConstraint(["farmer_id"], ["farmers.id"], ondelete="SET NULL",
                                name=op.f("fk_farm_questions_farmer_id_farmers")),
        sa.ForeignKeyConstraint(["desa_code"], ["areas.code"],
                                name=op.f("fk_farm_questions_desa_code_areas")),
        sa.ForeignKeyConstraint(["officer_code"], ["field_officers.code"],
                                name=op.f("fk_farm_questions_officer_code_field_officers")),
        sa.ForeignKeyConstraint(["advice_item_id"], ["advice_items.id"],
                                name=op.f("fk_farm_questions_advice_item_id_advice_items")),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_farm_questions")),
    )
    op.create_index(op.f("ix_farm_questions_officer_code"), "farm_questions", ["officer_code"])
    op.create_index("ix_farm_questions_desa_asked", "farm_questions", ["desa_code", "asked_at"])
    op.create_table(
        "farm_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("desa_codes", sa.JSON(), nullable=False),
        sa.Column("commodities", sa.JSON(), nullable=False),
        sa.Column("voice_item_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["voice_item_id"], ["advice_items.id"],
                                name=op.f("fk_farm_alerts_voice_item_id_advice_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_farm_alerts")),
    )
    op.create_table(
        "farm_alert_recipients",
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["farm_alerts.id"],
                                name=op.f("fk_farm_alert_recipients_alert_id_farm_alerts")),
        sa.PrimaryKeyConstraint("alert_id", "phone", name=op.f("pk_farm_alert_recipients")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=10), nullable=False,
                                      server_default="report"))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alert_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_outbox_alert_id_farm_alerts", "farm_alerts",
                                    ["alert_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_outbox_alert_id"), ["alert_id"], unique=False)
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("officer_code", sa.String(length=32), nullable=True))
        batch_op.create_foreign_key("fk_operators_officer_code_field_officers",
                                    "field_officers", ["officer_code"], ["code"])
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.alter_column("report_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM conversations WHERE report_id IS NULL")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.alter_column("report_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.drop_constraint("fk_operators_officer_code_field_officers", type_="foreignkey")
        batch_op.drop_column("officer_code")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_alert_id"))
        batch_op.drop_constraint("fk_outbox_alert_id_farm_alerts", type_="foreignkey")
        batch_op.drop_column("alert_id")
    for table in ("farm_alert_recipients", "farm_alerts", "farm_questions"):
        op.drop_table(table)
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("kind")
    for table in ("market_prices", "advice_texts", "advice_items", "farmer_commodities",
                  "farmers", "officer_areas", "field_officers"):
        op.drop_table(table)
