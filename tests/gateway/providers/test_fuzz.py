"""Property-based fuzzing of every provider webhook with hostile, correctly signed requests.

For any values (NUL bytes, ids of hundreds of characters, '²' and 5,000-digit numbers, odd
Unicode, missing fields): never a 5xx; voice webhooks always answer valid TwiML; every text
with a provider id is stored exactly once, however often it is delivered. 2,000 examples each.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from gateway.store import models
from gateway.store.values import storable_id
from tests.caller import check_twiml

EXAMPLES = settings(max_examples=2000, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
_ids = itertools.count(1)

# Text a form can carry: anything but lone surrogates (no client can encode those).
hostile = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    st.sampled_from(["\x00", "²", "-1", "0", "9" * 5000, " 1 ", "١٢٣", "+62812\x0034567",
                     "whatsapp:", "whatsapp:+6281234567890", "../../etc/passwd", "%00",
                     "<Response/>", "NaN", "1e309", "inf", "A" * 300, "\ufeff", "\r\n"]),
)
numberish = st.one_of(hostile, st.from_regex(r"\+?[0-9]{0,16}", fullmatch=True))


def form_of(**fields: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, str]]:
    """Some of `fields`, each with a hostile value."""
    return st.fixed_dictionaries({}, optional=fields)


def no_errors_logged(caplog) -> None:
    """Nothing failed on the way: a handler that raised would still answer, but log an error."""
    errors = [r.getMessage() for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    caplog.clear()
    assert errors == []


def count_messages(database, provider: str, provider_id: str) -> int:
    with database.reading() as connection:
        return int(connection.scalar(select(func.count()).select_from(models.Message).where(
            models.Message.provider == provider,
            models.Message.provider_id == storable_id(provider_id))))


@EXAMPLES
@given(fields=form_of(From=numberish, To=numberish, Body=hostile, NumMedia=numberish,
                      MediaUrl0=hostile, MediaContentType0=hostile, MediaUrl1=hostile,
                      MediaContentType1=st.just("image/jpeg")),
       suffix=hostile)
def test_any_signed_text_is_answered_and_stored_exactly_once(signed_post, database, caplog,
                                                             fields, suffix):
    sid = f"SM{next(_ids):08d}{suffix}"
    form = {**fields, "MessageSid": sid}
    for _ in range(2):  # the second is Twilio delivering it again
        answer = signed_post("/twilio/sms", form)
        assert answer.status_code == 200, answer.data
        assert ET.fromstring(answer.data).tag == "Response"
    assert count_messages(database, "twilio", sid) == 1
    no_errors_logged(caplog)


@EXAMPLES
@given(fields=form_of(MessageSid=hostile, MessageStatus=hostile, ErrorCode=hostile))
def test_any_status_callback_is_answered(signed_post, caplog, fields):
    assert signed_post("/twilio/sms/status", fields).status_code < 500
    no_errors_logged(caplog)


VOICE_PATHS = st.sampled_from([
    "/twilio/voice", "/twilio/voice/step?seq=1", "/twilio/voice/step?seq=2&noinput=1",
    "/twilio/voice/step?seq=3&handoff=1", "/twilio/voice/step?seq=%00",
    "/twilio/voice/step?seq=99999999999999999999", "/twilio/voice/hold",
    "/twilio/voice/status", "/twilio/voice/recording"])
SIDS = st.one_of(st.sampled_from(["CA" + "f" * 32, "CA" + "e" * 32]), hostile)


@EXAMPLES
@given(path=VOICE_PATHS, call_sid=SIDS,
       fields=form_of(From=numberish, To=numberish, Digits=hostile, SpeechResult=hostile,
                      Confidence=hostile, RecordingUrl=hostile, RecordingSid=hostile,
                      RecordingDuration=numberish, RecordingStatus=hostile,
                      QueueResult=hostile, DialCallStatus=hostile, QueuePosition=numberish,
                      QueueTime=numberish, CallStatus=hostile))
def test_any_voice_request_gets_valid_twiml_or_an_empty_answer(signed_post, caplog, path,
                                                               call_sid, fields):
    answer = signed_post(path, {**fields, "CallSid": call_sid})
    assert answer.status_code < 500, answer.data
    no_errors_logged(caplog)
    if path.endswith(("/status", "/recording")):
        assert answer.status_code == 204
        return
    assert answer.status_code == 200 and answer.mimetype == "text/xml"
    check_twiml(ET.fromstring(answer.data))


@EXAMPLES
@example(path="/kannel/dlr", fields={"ref": "\x00", "type": "1"}, suffix="")  # PostgreSQL: NUL
@given(path=st.sampled_from(["/kannel/incoming", "/kannel/dlr"]),
       fields=form_of(**{"from": numberish, "to": numberish, "text": hostile, "ref": hostile,
                         "type": numberish, "coding": numberish}),
       suffix=hostile)
def test_any_kannel_request_is_answered_and_texts_stored_exactly_once(make_client, database,
                                                                      caplog, path, fields,
                                                                      suffix):
    client = _kannel_client(make_client)
    kannel_id = f"k{next(_ids):08d}{suffix}"
    query = {**fields, "id": kannel_id, "secret": KANNEL_SECRET}
    for _ in range(2):
        assert client.get(path, query_string=query).status_code == 200
    if path == "/kannel/incoming":
        assert count_messages(database, "kannel", kannel_id) == 1
    no_errors_logged(caplog)


KANNEL_SECRET = "fuzz-kannel-secret-1"
_clients: dict[int, object] = {}


def _kannel_client(make_client):
    """One client with a Kannel secret per test run (building an app per example is slow)."""
    key = id(make_client)
    if key not in _clients:
        _clients.clear()
        _clients[key] = make_client(KANNEL_SECRET=KANNEL_SECRET)
    return _clients[key]
