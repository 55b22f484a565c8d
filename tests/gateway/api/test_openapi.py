"""The JSON API's OpenAPI 3.1 document is kept true: schemathesis generates requests from it
(valid and invalid parameters and bodies) against the app, with a command center's token and
reports in the database, and checks every answer against the document (status codes, content
types, schemas) and that the server never errs."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gateway.store import api_tokens
from tests import factories


@pytest.fixture
def api_schema(app, database, catalog, rules, clock):
    for index, text in enumerate(("LAPOR jalan berlubang besar di Punten",
                                  "sampah numpuk di Temas", "lampu jalan mati di Sisir")):
        factories.text(database, catalog, rules, clock(), f"+62812345002{index:02d}", text,
                       "SM" + str(index) * 32)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def bearer(database, clock) -> dict[str, str]:
    with database.transaction() as connection:
        token = api_tokens.create(connection, "system:schemathesis", "command-center", None,
                                  None, clock())
    return {"Authorization": f"Bearer {token}"}


def test_the_api_keeps_to_its_document(api_schema, bearer):
    checked = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers=bearer)

        check()
        checked.append(operation.label)
    assert sorted(checked) == ["GET /events", "GET /reports", "GET /reports/{ticket}",
                               "POST /reports/{ticket}/status"]


def test_the_document_is_served_without_a_token(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {"/reports", "/reports/{ticket}",
                                      "/reports/{ticket}/status", "/events"}
