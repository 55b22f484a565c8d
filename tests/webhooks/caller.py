"""A scripted caller: follows the gateway's TwiML the way Twilio would, with signed requests.

Every answer is checked as Twilio would parse it: valid XML, root <Response>, known verbs and
attributes, only Say/Play/Pause inside <Gather>, and action URLs that are absolute or rooted.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urljoin

from werkzeug.test import TestResponse

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
    return " ".join((el.text or "").strip() for el in root.iter("Say"))


class Caller:
    def __init__(self, signed_post: Any, call_sid: str, from_number: str = "+6281234567890"):
        self.post = signed_post
        self.params = {"CallSid": call_sid, "From": from_number, "To": "+62341512178",
                       "AccountSid": "AC" + "0" * 32}
        self.twiml: ET.Element | None = None
        self.path = "/twilio/voice"

    @property
    def heard(self) -> str:
        assert self.twiml is not None
        return spoken(self.twiml)

    def _follow(self, url: str, extra: dict[str, str]) -> ET.Element:
        self.path = urljoin(self.path, url)
        self.twiml = parse_twiml(self.post(self.path, {**self.params, **extra}))
        return self.twiml

    def dial(self) -> ET.Element:
        return self._follow("/twilio/voice", {"CallStatus": "ringing", "Direction": "inbound"})

    def element(self, tag: str) -> ET.Element:
        assert self.twiml is not None
        element = self.twiml.find(tag)
        assert element is not None, f"no <{tag}> in {ET.tostring(self.twiml).decode()}"
        return element

    def press(self, digits: str) -> ET.Element:
        gather = self.element("Gather")
        extra = {"Digits": digits, "CallStatus": "in-progress"}
        return self._follow(gather.attrib["action"], extra)

    def say(self, text: str, confidence: float) -> ET.Element:
        gather = self.element("Gather")
        assert "speech" in gather.attrib["input"], "this menu does not listen"
        extra = {"SpeechResult": text, "Confidence": str(confidence), "CallStatus": "in-progress"}
        return self._follow(gather.attrib["action"], extra)

    def stay_silent(self) -> ET.Element:
        redirect = self.element("Redirect")
        return self._follow(redirect.text or "", {"CallStatus": "in-progress"})

    def record(self, sid: str, duration: int = 12) -> ET.Element:
        record = self.element("Record")
        url = f"https://api.twilio.com/2010-04-01/Accounts/AC{'0' * 32}/Recordings/{sid}"
        return self._follow(record.attrib["action"], {
            "RecordingUrl": url, "RecordingSid": sid, "RecordingDuration": str(duration),
            "Digits": "#", "CallStatus": "in-progress",
        })

    def wait_in_queue(self, seconds: int, position: int = 1) -> ET.Element:
        """Twilio fetching the queue's waitUrl after `seconds` of waiting."""
        enqueue = self.element("Enqueue")
        return parse_twiml(self.post(enqueue.attrib["waitUrl"], {
            **self.params, "QueuePosition": str(position), "QueueTime": str(seconds),
            "AvgQueueTime": "60", "CurrentQueueSize": str(position), "QueueSid": "QU" + "0" * 32,
        }))

    def leave_queue(self, result: str = "leave") -> ET.Element:
        enqueue = self.element("Enqueue")
        return self._follow(enqueue.attrib["action"], {"QueueResult": result, "QueueTime": "121"})

    def dial_ended(self, status: str) -> ET.Element:
        dial = self.element("Dial")
        return self._follow(dial.attrib["action"], {"DialCallStatus": status})

    def recording_completed(self, sid: str, duration: int = 12) -> TestResponse:
        url = f"https://api.twilio.com/2010-04-01/Accounts/AC{'0' * 32}/Recordings/{sid}"
        return self.post("/twilio/voice/recording", {
            "CallSid": self.params["CallSid"], "AccountSid": self.params["AccountSid"],
            "RecordingSid": sid, "RecordingUrl": url, "RecordingStatus": "completed",
            "RecordingDuration": str(duration), "RecordingChannels": "1",
            "RecordingSource": "RecordVerb",
        })

    def hang_up(self) -> TestResponse:
        return self.post("/twilio/voice/status", {**self.params, "CallStatus": "completed",
                                                   "CallDuration": "42"})
