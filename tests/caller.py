"""A scripted caller: follows the gateway's TwiML the way Twilio would, with signed requests.

Every answer is checked as Twilio would parse it: valid XML, root <Response>, known verbs and
attributes, only Say/Play/Pause inside <Gather>, and action URLs that are absolute or rooted.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from werkzeug.test import TestResponse

from gateway.voice.simulator import CallSimulator, Reply
from gateway.voice.simulator import spoken as heard

VERBS: dict[str, set[str]] = {
    "Say": {"language", "voice", "loop"},
    "Play": {"loop", "digits"},
    "Pause": {"length"},
    "Gather": {"action", "method", "input", "numDigits", "timeout", "finishOnKey", "language",
               "speechTimeout", "hints", "actionOnEmptyResult"},
    "Record": {"action", "method", "maxLength", "finishOnKey", "playBeep", "trim", "timeout",
               "recordingStatusCallback", "recordingStatusCallbackMethod",
               "recordingStatusCallbackEvent"},
    "Redirect": {"method"},
    "Hangup": set(),
    "Enqueue": {"action", "method", "waitUrl", "waitUrlMethod"},
    "Dial": {"action", "method", "timeout", "answerOnBridge", "callerId"},
    "Number": set(),
    "Leave": set(),
}
URL_ATTRIBUTES = {"action", "waitUrl", "recordingStatusCallback"}


def _check_url(url: str) -> None:
    assert url.startswith(("/", "http://", "https://")), f"bad URL {url!r}"


def check_twiml(root: ET.Element) -> None:
    assert root.tag == "Response", root.tag
    for element in root.iter():
        if element is root:
            continue
        assert element.tag in VERBS, f"unknown verb <{element.tag}>"
        unknown = set(element.attrib) - VERBS[element.tag]
        assert not unknown, f"<{element.tag}> has unknown attributes {unknown}"
        for name in URL_ATTRIBUTES & set(element.attrib):
            _check_url(element.attrib[name])
        if element.tag in ("Redirect", "Play"):
            _check_url(element.text or "")
    for gather in root.iter("Gather"):
        assert {child.tag for child in gather} <= {"Say", "Play", "Pause"}
    for dial in root.iter("Dial"):
        assert {child.tag for child in dial} <= {"Number"}


def parse_twiml(response: TestResponse) -> ET.Element:
    assert response.status_code == 200, response.data
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.data)
    check_twiml(root)
    return root


def spoken(root: ET.Element) -> str:
    """Everything the caller hears, in order, as one string."""
    return " ".join(heard(root))


class Caller(CallSimulator):
    """The simulator on the Flask test client, checking every TwiML answer strictly."""

    def __init__(self, signed_post: Any, call_sid: str, from_number: str = "+6281234567890"):
        def post(path: str, data: Mapping[str, str]) -> Reply:
            response: TestResponse = signed_post(path, dict(data))
            return Reply(response.status_code, response.mimetype, response.data)

        super().__init__(post, from_number=from_number, call_sid=call_sid)

    @property
    def heard(self) -> str:
        assert self.twiml is not None
        return spoken(self.twiml)

    def _parse(self, reply: Reply) -> ET.Element:
        assert reply.status == 200, reply.body
        root = super()._parse(reply)
        check_twiml(root)
        return root
