"""Every /twilio/* endpoint refuses requests without a valid X-Twilio-Signature."""

import logging

import pytest
from twilio.request_validator import RequestValidator

from tests.conftest import AUTH_TOKEN

# Published test vectors of twilio-python (tests/unit/test_request_validator.py).
VECTOR_TOKEN = "12345"
VECTOR_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
VECTOR_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}

TWILIO_ENDPOINTS = [
    "/twilio/voice",
    "/twilio/voice/step?seq=1",
    "/twilio/voice/status",
    "/twilio/voice/recording",
]
CALL = {"CallSid": "CA00000000000000000000000000000001", "From": "+6281234567890",
        "To": "+62341512178", "CallStatus": "ringing"}


def test_published_vector_signature():
    validator = RequestValidator(VECTOR_TOKEN)
    assert validator.compute_signature(VECTOR_URL, VECTOR_PARAMS) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert validator.validate(VECTOR_URL, VECTOR_PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    assert validator.validate(
        VECTOR_URL.replace(".com", ".com:1234"), VECTOR_PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    )


def test_signature_for_public_url_with_query_is_accepted(make_client):
    """The gateway checks the full URL Twilio used, query string included."""
    client = make_client(PUBLIC_BASE_URL="https://mycompany.com")
    signature = RequestValidator(AUTH_TOKEN).compute_signature(
        "https://mycompany.com/twilio/voice/status?foo=1&bar=2", VECTOR_PARAMS
    )
    response = client.post("/twilio/voice/status?foo=1&bar=2", data=VECTOR_PARAMS,
                           headers={"X-Twilio-Signature": signature})
    assert response.status_code == 204


@pytest.mark.parametrize("path", TWILIO_ENDPOINTS)
def test_missing_signature_is_refused_and_logged(client, path, caplog):
    with caplog.at_level(logging.WARNING, logger="gateway.providers.twilio.signatures"):
        response = client.post(path, data=CALL)
    assert response.status_code == 403
    assert any("twilio signature missing" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("path", TWILIO_ENDPOINTS)
def test_wrong_signature_is_refused(signed_post, path, caplog):
    with caplog.at_level(logging.WARNING, logger="gateway.providers.twilio.signatures"):
        response = signed_post(path, CALL, token="not-the-token-at-all")
    assert response.status_code == 403
    assert any("twilio signature wrong" in r.getMessage() for r in caplog.records)


def test_refused_request_is_not_processed(client, signed_post, db_session):
    from sqlalchemy import func, select

    from gateway.store.models import Call

    client.post("/twilio/voice", data=CALL, headers={"X-Twilio-Signature": "Zm9vYmFy"})
    assert db_session.scalar(select(func.count()).select_from(Call)) == 0
    assert signed_post("/twilio/voice", CALL).status_code == 200
    db_session.rollback()  # end the read snapshot to see the webhook's commit
    assert db_session.scalar(select(func.count()).select_from(Call)) == 1


def test_tampered_parameter_is_refused(client):
    url = "http://localhost/twilio/voice"
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, CALL)
    tampered = {**CALL, "From": "+6289999999999"}
    headers = {"X-Twilio-Signature": signature}
    response = client.post("/twilio/voice", data=tampered, headers=headers)
    assert response.status_code == 403


def test_behind_tls_proxy_signature_uses_public_base_url(make_client):
    """Twilio signs https://public-host/...; behind the proxy Flask sees http://127.0.0.1:5000."""
    client = make_client(PUBLIC_BASE_URL="https://lapor.batukota.go.id")
    public = "https://lapor.batukota.go.id/twilio/voice"
    signature = RequestValidator(AUTH_TOKEN).compute_signature(public, CALL)
    ok = client.post("/twilio/voice", data=CALL, headers={"X-Twilio-Signature": signature},
                     base_url="http://127.0.0.1:5000")
    assert ok.status_code == 200
    local = RequestValidator(AUTH_TOKEN).compute_signature("http://127.0.0.1:5000/twilio/voice",
                                                           CALL)
    refused = client.post("/twilio/voice", data={**CALL, "CallSid": "CA2"},
                          headers={"X-Twilio-Signature": local}, base_url="http://127.0.0.1:5000")
    assert refused.status_code == 403


def test_without_public_base_url_only_a_loopback_host_is_trusted(client, caplog):
    """The Host header is the client's to choose: without PUBLIC_BASE_URL a request signed for
    another host would be checked against a URL the attacker picked."""
    for host in ("localhost", "127.0.0.1:5000", "[::1]:5000"):
        url, data = f"http://{host}/twilio/voice", {**CALL, "CallSid": f"CA{host}"}
        signature = RequestValidator(AUTH_TOKEN).compute_signature(url, data)
        answer = client.post("/twilio/voice", data=data,
                             headers={"X-Twilio-Signature": signature}, base_url=f"http://{host}")
        assert answer.status_code == 200, host
    url = "http://lapor.example.go.id/twilio/voice"
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, CALL)
    with caplog.at_level(logging.WARNING, logger="gateway.providers.twilio.signatures"):
        refused = client.post("/twilio/voice", data=CALL, headers={"X-Twilio-Signature": signature},
                              base_url="http://lapor.example.go.id")
    assert refused.status_code == 403
    assert any("PUBLIC_BASE_URL is not set" in r.getMessage() for r in caplog.records)


def test_an_unknown_signature_algorithm_is_refused(signed_post):
    answer = signed_post("/twilio/voice", CALL, headers={
        "X-Twilio-Webhooks-Signature-Settings": "algorithm=HMAC_MD5"})
    assert answer.status_code == 403


def test_a_signature_with_odd_characters_is_refused_not_an_error(client):
    answer = client.post("/twilio/voice", data=CALL, headers={"X-Twilio-Signature": "çà€"})
    assert answer.status_code == 403
