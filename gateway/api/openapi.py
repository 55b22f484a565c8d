"""The OpenAPI 3.1 document of the JSON API, served at /api/v1/openapi.json and kept true by a
property-based test (schemathesis) against the running app."""

from __future__ import annotations

from typing import Any

from gateway.reports.lifecycle import ReportStatus

STATUSES = [s.value for s in ReportStatus]
MAX_CURSOR = 2**31 - 1  # event ids are 32-bit integers (PostgreSQL's integer)
_when = {"type": "string", "format": "date-time"}
_when_or_null = {"type": ["string", "null"], "format": "date-time"}
_text_or_null = {"type": ["string", "null"]}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
REPORT = {
    "type": "object",
    "required": ["ticket", "channel", "status", "priority", "created_at", "updated_at"],
    "properties": {
        "ticket": {"type": "string"}, "channel": {"type": "string"},
        "status": {"type": "string", "enum": STATUSES}, "category": _text_or_null,
        "agency": _text_or_null, "area_code": _text_or_null,
        "priority": {"type": "string"}, "reporters": {"type": "integer"},
        "reporter": {"type": "string", "description": "masked unless the role sees numbers"},
        "text": {"type": "string"}, "created_at": _when, "updated_at": _when,
        "acknowledge_by": _when_or_null, "resolve_by": _when_or_null,
    },
}
EVENT = {
    "type": "object", "required": ["id", "ticket", "at", "actor", "action"],
    "properties": {"id": {"type": "integer"}, "ticket": {"type": "string"}, "at": _when,
                   "actor": {"type": "string"}, "action": {"type": "string"},
                   "from_status": _text_or_null, "to_status": _text_or_null},
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_errors = {"400": _json(ERROR, "a parameter is not valid"),
           "401": _json(ERROR, "no valid bearer token")}


def document(server: str) -> dict[str, Any]:
    """The API's OpenAPI document, its server `server`."""
    ticket = {"name": "ticket", "in": "path", "required": True,
              "schema": {"type": "string", "pattern": "^[0-9]{9}$"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "lapor-gateway API", "version": "1.0.0",
                 "description": "Reports of the Kota Batu command center. Bearer token per "
                                "operator or per system (`lapor api-token add`); an agency's "
                                "token sees its own agency's reports only."},
        "servers": [{"url": server}],
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
                       "schemas": {"Report": REPORT, "Event": EVENT, "Error": ERROR}},
        "security": [{"token": []}],
        "paths": {
            "/reports": {"get": {
                "operationId": "listReports", "summary": "Reports, newest first",
                "parameters": [
                    {"name": "status", "in": "query", "schema": {"type": "string",
                                                                 "enum": STATUSES}},
                    {"name": "agency", "in": "query",
                     "schema": {"type": "string", "pattern": "^[A-Z_]{1,32}$"}},
                    {"name": "since", "in": "query", "schema": _when},
                    {"name": "page", "in": "query", "schema": {"type": "integer",
                                                               "minimum": 1, "maximum": 10000}},
                    {"name": "size", "in": "query", "schema": {"type": "integer",
                                                               "minimum": 1, "maximum": 100}}],
                "responses": {"200": _json({"type": "object", "required": ["reports", "page"],
                                            "properties": {"reports": {"type": "array",
                                                                       "items": REPORT},
                                                           "page": {"type": "integer"}}},
                                           "a page of reports"), **_errors}}},
            "/reports/{ticket}": {"get": {
                "operationId": "getReport", "summary": "One report", "parameters": [ticket],
                "responses": {"200": _json(REPORT, "the report"),
                              "404": _json(ERROR, "no such report in this token's scope"),
                              **_errors}}},
            "/reports/{ticket}/status": {"post": {
                "operationId": "setStatus", "summary": "Move a report to a status",
                "parameters": [ticket],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["status"],
                    "properties": {"status": {"type": "string", "enum": STATUSES},
                                   "reason": {"type": "string", "maxLength": 2000}}}}}},
                "responses": {"200": _json(REPORT, "the report after the change"),
                              "403": _json(ERROR, "this token may not change reports"),
                              "404": _json(ERROR, "no such report in this token's scope"),
                              "409": _json(ERROR, "the change cannot be made, and why"),
                              **_errors}}},
            "/events": {"get": {
                "operationId": "listEvents", "summary": "Report events after a cursor",
                "parameters": [
                    {"name": "after", "in": "query", "schema": {"type": "integer",
                                                                "minimum": 0,
                                                                "maximum": MAX_CURSOR}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer",
                                                                "minimum": 1, "maximum": 500}}],
                "responses": {"200": _json({"type": "object", "required": ["events", "cursor"],
                                            "properties": {"events": {"type": "array",
                                                                      "items": EVENT},
                                                           "cursor": {"type": "integer"}}},
                                           "events, oldest first, and the cursor to ask "
                                           "after next"), **_errors}}},
        },
    }
