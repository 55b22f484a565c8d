"""A scripted caller: follows the gateway's TwiML the way Twilio would, with signed requests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urljoin

from werkzeug.test import TestResponse


def parse_twiml(response: TestResponse) -> ET.Element:
    assert response.status_code == 200, response.data
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.data)
    assert root.tag == "Response"
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

    def _follow(self, url: str, extra: dict[str, str]) -> ET.Element:
        self.path = urljoin(self.path, url)
        self.twiml = parse_twiml(self.post(self.path, {**self.params, **extra}))
        return self.twiml

    def dial(self) -> ET.Element:
        return self._follow("/twilio/voice", {"CallStatus": "ringing", "Direction": "inbound"})

    def _element(self, tag: str) -> ET.Element:
        assert self.twiml is not None
        element = self.twiml.find(tag)
        assert element is not None, f"no <{tag}> in {ET.tostring(self.twiml).decode()}"
        return element

    def press(self, digits: str) -> ET.Element:
        gather = self._element("Gather")
        extra = {"Digits": digits, "CallStatus": "in-progress"}
        return self._follow(gather.attrib["action"], extra)

    def stay_silent(self) -> ET.Element:
        redirect = self._element("Redirect")
        return self._follow(redirect.text or "", {"CallStatus": "in-progress"})

    def record(self, sid: str, duration: int = 12) -> ET.Element:
        record = self._element("Record")
        url = f"https://api.twilio.com/2010-04-01/Accounts/AC{'0' * 32}/Recordings/{sid}"
        return self._follow(record.attrib["action"], {
            "RecordingUrl": url, "RecordingSid": sid, "RecordingDuration": str(duration),
            "Digits": "#", "CallStatus": "in-progress",
        })

    def recording_completed(self, sid: str, duration: int = 12) -> TestResponse:
        record_callback = "/twilio/voice/recording"
        url = f"https://api.twilio.com/2010-04-01/Accounts/AC{'0' * 32}/Recordings/{sid}"
        return self.post(record_callback, {
            "CallSid": self.params["CallSid"], "AccountSid": self.params["AccountSid"],
            "RecordingSid": sid, "RecordingUrl": url, "RecordingStatus": "completed",
            "RecordingDuration": str(duration), "RecordingChannels": "1",
            "RecordingSource": "RecordVerb",
        })

    def hang_up(self) -> TestResponse:
        return self.post("/twilio/voice/status", {**self.params, "CallStatus": "completed",
                                                   "CallDuration": "42"})
