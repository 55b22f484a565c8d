"""Open311 GeoReport v2: services from the categories, requests as reports, in JSON and XML;
posting needs an admin's key and keeps to its rate limit; no reporter's number, name or text
ever comes back. Driven by the flask client here, and by the `georeport` client library from
PyPI against a running gateway in `test_open311_client.py`."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from gateway.store import api_keys, models
from sms.replies import reply
from tests import factories

PHONE = "+6281234500311"


@pytest.fixture
def key(database, clock):
    with database.transaction() as connection:
        return api_keys.create(connection, "portal-kominfo", 3, clock())


def post(client, key: str, fmt: str = "json", **form: str):
    return client.post(f"/open311/v2/requests.{fmt}", data={"api_key": key, **form})


def test_services_are_the_categories_in_json_and_xml(client, catalog):
    listed = client.get("/open311/v2/services.json").json
    assert [s["service_code"] for s in listed] == [c for c in catalog.categories
                                                   if c != "tanya_tani"]
    road = next(s for s in listed if s["service_code"] == "jalan")
    assert road["service_name"] == "Jalan atau jembatan rusak" and road["metadata"] is True
    assert road["type"] == "realtime"
    xml = ElementTree.fromstring(client.get("/open311/v2/services.xml").data)
    assert xml.tag == "services" and xml.find("service/service_code").text == listed[0][
        "service_code"]
    definition = client.get("/open311/v2/services/jalan.json").json
    (desa,) = definition["attributes"]
    assert desa["code"] == "desa" and desa["datatype"] == "singlevaluelist"
    assert {"key": "35.79.02.2001", "name": "Punten"} in desa["values"]
    missing = client.get("/open311/v2/services/naga.json")
    assert missing.status_code == 404 and missing.json[0]["code"] == 404
    assert client.get("/open311/v2/discovery.json").json["endpoints"][0]["url"].endswith(
        "/open311/v2")


def test_a_posted_request_is_filed_routed_and_texted_like_any_report(client, key, db_session):
    refused = post(client, "kunci-palsu", service_code="jalan")
    assert refused.status_code == 403 and refused.json[0]["description"]
    answer = post(client, key, service_code="jalan", description="Aspal ambles di depan SD",
                  **{"attribute[desa]": "35.79.02.2001"}, phone="081234500311",
                  first_name="Siti")
    assert answer.status_code == 201, answer.data
    ticket = answer.json[0]["service_request_id"]
    report = db_session.scalar(select(models.Report).where(models.Report.ticket == ticket))
    assert (report.channel, report.agency_code, report.area_code, report.reporter) == (
        "open311", "PUPR", "35.79.02.2001", PHONE)
    sent = [i.payload["body"] for i in db_session.scalars(select(models.OutboxItem))
            if i.payload["to"] == PHONE]
    assert sent == [reply("received", "id", ticket=ticket)]
    shown = client.get(f"/open311/v2/requests/{ticket}.json")
    (request,) = shown.json
    assert request["status"] == "open" and request["service_code"] == "jalan"
    assert request["agency_responsible"].startswith("Dinas Pekerjaan Umum")
    assert request["address"] == "Punten, Bumiaji, Kota Batu"
    for private in (PHONE, "081234500311", "Siti", "Aspal ambles"):
        assert private not in shown.get_data(as_text=True)
    assert client.get(f"/open311/v2/tokens/{ticket}.json").json == [
        {"service_request_id": ticket, "token": ticket}]


def test_requests_are_filtered_and_closed_ones_say_so(client, key, database, catalog, clock):
    open_one = post(client, key, service_code="sampah").json[0]["service_request_id"]
    done = post(client, key, service_code="jalan").json[0]["service_request_id"]
    with database.readers() as session:
        done_id = session.scalar(select(models.Report.id).where(models.Report.ticket == done))
    factories.set_status(database, catalog, done_id, "resolved", "operator:pupr", clock(),
                         reason="sudah ditambal")
    closed = client.get("/open311/v2/requests.json?status=closed").json
    assert [r["service_request_id"] for r in closed] == [done]
    assert closed[0]["status_notes"] == "Selesai"
    both = client.get(f"/open311/v2/requests.json?service_request_id={open_one},{done}").json
    assert {r["service_request_id"] for r in both} == {open_one, done}
    assert [r["service_request_id"] for r in client.get(
        "/open311/v2/requests.json?service_code=sampah").json] == [open_one]
    xml = ElementTree.fromstring(client.get("/open311/v2/requests.xml?status=open").data)
    assert [e.text for e in xml.iter("service_request_id")] == [open_one]
    old = client.get("/open311/v2/requests.json?end_date=2020-01-01T00:00:00Z").json
    assert old == []
    bad = client.get("/open311/v2/requests.json?start_date=kemarin")
    assert bad.status_code == 400 and "2026-12-01T00:00:00Z" in bad.json[0]["description"]
    assert client.get("/open311/v2/requests.json?status=maybe").status_code == 400


def test_each_key_keeps_to_its_rate_limit_and_bad_fields_are_named(client, key):
    unknown = post(client, key, service_code="naga")
    assert unknown.status_code == 400 and "service_code" in unknown.json[0]["description"]
    assert post(client, key, service_code="jalan", **{"attribute[desa]": "99"}).status_code \
        == 400
    assert post(client, key, service_code="jalan").status_code == 201
    limited = post(client, key, "xml", service_code="jalan")
    assert limited.status_code == 429
    assert ElementTree.fromstring(limited.data).find("error/code").text == "429"


def test_an_unknown_format_is_answered_in_json(client):
    answer = client.get("/open311/v2/services.csv")
    assert answer.status_code == 404 and answer.json[0]["description"] == \
        "Format harus json atau xml."
