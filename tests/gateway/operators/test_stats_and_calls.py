"""Statistics (SVG charts, CSV) and live calls with "take call" through Twilio's REST API."""

from __future__ import annotations

import csv
import io
import re
import urllib.parse

import pytest
import responses
from sqlalchemy import select

from gateway.store import models
from tests import factories
from tests.caller import Caller
from tests.pages import login

ACCOUNT = "AC" + "2" * 32


@pytest.fixture
def operators(make_operators):
    make_operators("pusdalops:command-center", "pimpinan:viewer", "dlh:agency:DLH")


def test_statistics_per_agency_with_medians_charts_and_csv(client, operators, database,
                                                           catalog, clock):
    fast = factories.report(database, catalog, clock(), "sms", "+6281100000001",
                            category_code="sampah", area_code="35.79.01.1001")
    slow = factories.report(database, catalog, clock(), "voice", "+6281100000002",
                            category_code="sampah", area_code="35.79.01.1002")
    factories.report(database, catalog, clock(), "sms", "+6281100000003",
                     category_code="jalan", area_code="35.79.01.1003")
    clock.advance(hours=2)
    factories.set_status(database, catalog, fast.id, "in_progress", "operator:dlh", clock())
    clock.advance(hours=4)
    factories.set_status(database, catalog, slow.id, "in_progress", "operator:dlh", clock())
    factories.set_status(database, catalog, fast.id, "resolved", "operator:dlh", clock())
    clock.advance(days=2)  # the road report is now overdue to acknowledge
    login(client, "pimpinan")
    assert client.get("/").headers["Location"] == "/stats"
    page = client.get("/stats").get_data(as_text=True)
    assert page.count("<svg") == 3 and "<title>Laporan masuk per dinas</title>" in page
    assert "<script" not in page and not re.findall(r'(?:src|href)="(?:https?:)?//', page)
    rows = list(csv.reader(io.StringIO(client.get("/stats.csv").get_data(as_text=True)
                                       .lstrip("\ufeff"))))
    assert rows[0][0] == "dinas"
    by_key = {(r[0], r[1]): r[2:] for r in rows[1:]}
    # received, open, overdue, median hours to acknowledge (2 and 6 -> 4.0), to resolve
    assert by_key[("DLH", "Sampah dan kebersihan")] == ["2", "1", "0", "4.0", "6.0"]
    assert by_key[("DPUPR", "Jalan atau jembatan rusak")] == ["1", "1", "1", "-", "-"]


def test_agency_operator_sees_own_agency_statistics_only(client, operators, database,
                                                         catalog, clock):
    factories.report(database, catalog, clock(), "sms", "+6281100000001",
                     category_code="sampah")
    factories.report(database, catalog, clock(), "sms", "+6281100000002", category_code="jalan")
    login(client, "dlh")
    page = client.get("/stats").get_data(as_text=True)
    assert "Sampah dan kebersihan" in page and "Jalan atau jembatan rusak" not in page


@responses.activate
def test_waiting_caller_is_listed_and_taken_to_the_desk_phone(make_client, signed_post,
                                                              operators, db_session):
    caller = Caller(signed_post, "CA" + "7" * 32)
    caller.dial()
    caller.press("1")
    caller.press("0")  # wants an operator: now waiting in the queue
    client = make_client(TWILIO_ACCOUNT_SID=ACCOUNT, TWILIO_PHONE_NUMBER="+62341512178")
    login(client, "pusdalops")
    page = client.get("/calls").get_data(as_text=True)
    assert 'data-call="CA' + "7" * 32 + '"' in page and "+6281234567890" in page
    assert "<td>Indonesia</td>" in page and 'http-equiv="refresh"' not in page
    rows = client.get("/calls/rows")
    assert rows.headers["X-Call-Count"] == "1" and "<form" not in rows.get_data(as_text=True)
    assert 'value="CA' + "7" * 32 + '"' in rows.get_data(as_text=True)
    update = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Calls/CA{'7' * 32}.json"
    responses.post(update, json={"sid": "CA" + "7" * 32, "status": "in-progress",
                                 "account_sid": ACCOUNT})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/calls/take", data={"csrf_token": token, "desk_phone": "0341 512178",
                                              "call_sid": "CA" + "7" * 32})
    assert answer.status_code == 302
    sent = urllib.parse.parse_qs(responses.calls[0].request.body)
    assert "<Dial" in sent["Twiml"][0] and "<Number>+62341512178</Number>" in sent["Twiml"][0]
    db_session.rollback()
    assert db_session.scalar(select(models.Call.status)) == "with-operator"
    entry = db_session.scalar(select(models.AuditEntry).where(
        models.AuditEntry.action == "take_call"))
    assert (entry.operator, entry.action, entry.target) == ("pusdalops", "take_call",
                                                            "CA" + "7" * 32)
    assert 'data-call="' not in client.get("/calls").get_data(as_text=True)
    assert client.get("/calls/rows").headers["X-Call-Count"] == "0"


def test_viewer_cannot_see_live_calls(client, operators):
    login(client, "pimpinan")
    assert client.get("/calls").status_code == 403
    assert client.get("/calls/rows").status_code == 403


def test_statistics_show_how_often_operators_overrule_routing(client, operators, database,
                                                              catalog, rules, clock):
    for index, body in enumerate(("sampah numpuk di Temas", "sampah numpuk di Sisir",
                                  "jalan berlubang di Punten")):
        factories.text(database, catalog, rules, clock(), f"+628110000010{index}", body,
                       f"SM{index:032d}")
    with database.readers() as session:
        moved = session.scalars(select(models.Report).where(
            models.Report.text == "sampah numpuk di Sisir")).one()
    factories.forward(database, catalog, moved.id, "PUPR", "operator:pusdalops", clock())
    login(client, "pusdalops")
    page = client.get("/stats").get_data(as_text=True)
    table = page[page.index('id="h-overruled"'):]
    assert "<tr><td>DLH</td><td>2</td><td>1</td><td>50,0 %</td></tr>" in table
    assert "<tr><td>DPUPR</td><td>1</td><td>0</td><td>0,0 %</td></tr>" in table
