"""`lapor reports export --public`: the open data shows categories, agencies, kecamatan, dates
and statuses, and nothing that could name a citizen."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from gateway.reports.open_data import FIELDS
from gateway.store import models
from tests import factories

REPORTER = "+6289876543210"


@pytest.fixture
def filed(database, catalog, clock):
    """A resolved road report in Punten, a call in triage, and one marked not a report."""
    factories.report(database, catalog, clock(), "sms", REPORTER, category_code="jalan",
                     area_code="35.79.02.2001", text="jalan di Punten berlubang, rumah Pak Joko")
    clock.advance(hours=20)
    factories.report(database, catalog, clock(), "voice", "+6281234567890",
                     call_sid="CA" + "e" * 32)
    factories.report(database, catalog, clock(), "sms", "+6281200000001", text="promo pulsa")
    with database.readers() as session:
        ids = session.scalars(select(models.Report.id).order_by(models.Report.id)).all()
        tickets = session.scalars(select(models.Report.ticket)).all()
    factories.set_status(database, catalog, ids[0], "resolved", "operator:pupr", clock(),
                         reason="sudah ditambal")
    with database.transaction() as connection:
        from gateway.reports import changes
        row = changes.find(connection, report_id=ids[2])
        changes.not_a_report(connection, catalog, row, "operator:pusdalops", clock())
    return tickets


def test_the_open_data_names_nobody(run, filed):
    result = run("reports", "export", "--public", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 2  # the text marked not a report is not published
    road, call = rows
    assert set(road) == set(FIELDS)
    assert road["category"] == "jalan" and road["agency"] == "PUPR"
    assert road["kecamatan"] == "35.79.02" and road["kecamatan_name"] == "Bumiaji"
    assert (road["status"], road["open"]) == ("resolved", False)
    assert road["created_date"] == "2026-11-02" and road["resolved_date"] == "2026-11-03"
    assert call["agency"] == "" and call["kecamatan"] == "" and call["open"] is True
    for secret in (REPORTER, "+6281234567890", "Joko", "berlubang", *filed):
        assert secret not in result.output
    again = json.loads(run("reports", "export", "--public").output)
    assert [r["id"] for r in again] == [r["id"] for r in rows]  # the same id every day


def test_the_days_files_and_their_dictionary(run, filed, tmp_path):
    result = run("reports", "export", "--public", "--out", str(tmp_path / "open"))
    assert result.exit_code == 0 and "2 reports written to" in result.output
    files = sorted(p.name for p in (tmp_path / "open").iterdir())
    assert files[0] == "kamus-data.csv" and files[1].startswith("laporan-")
    assert [f.rsplit(".", 1)[1] for f in files[1:]] == ["csv", "json"]
    table = list(csv.DictReader(io.StringIO(
        (tmp_path / "open" / files[1]).read_text(encoding="utf-8-sig"))))
    assert list(table[0]) == list(FIELDS) and len(table) == 2
    dictionary = list(csv.DictReader(io.StringIO(
        (tmp_path / "open" / "kamus-data.csv").read_text(encoding="utf-8-sig"))))
    assert [d["field"] for d in dictionary] == list(FIELDS)
    assert all(d["arti"] and d["meaning"] for d in dictionary)
    assert run("reports", "export", "--out", str(tmp_path)).exit_code == 2  # needs --public
