"""A phone in the terminal: plays Twilio's part against the gateway's real webhooks.

`CallSimulator` follows the TwiML it gets the way Twilio would (Gather -> action with Digits,
silence -> the Redirect, Record -> action with a recording, Enqueue -> waitUrl and action) and
signs every request like Twilio. `lapor simulate call` drives it from the keyboard or a script.

Script and keyboard tokens: digits such as `1` or `123456785#`; `-` for silence; `rec` or
`rec:20` for a recording (seconds); `say:<words>` for speech; `wait:<seconds>` to wait in the
operator queue; `leave` or `bridged` to end the queue wait; `hangup`.

With `recordings` (a development gateway's `/dev/recordings/`), a recording is announced there
and, when the <Record> asks for it, the recording status callback follows, so the worker keeps
a file the report page plays. Otherwise recordings name Twilio's API and no callback is sent.
"""

from __future__ import annotations

import secrets
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from twilio.request_validator import RequestValidator

ACCOUNT = "AC" + "0" * 32
RECORDING_BASE = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/"


@dataclass(frozen=True)
class Reply:
    """A gateway's answer to one simulated request."""

    status: int
    content_type: str
    body: bytes


Transport = Callable[[str, Mapping[str, str]], Reply]


def http_transport(base_url: str, auth_token: str, sign_base: str = "",
                   timeout: float = 15) -> Transport:
    """POST form data to the running gateway, signed with the account's auth token for the URL
    Twilio would have called (`sign_base`, the gateway's PUBLIC_BASE_URL, when it has one)."""
    validator = RequestValidator(auth_token)

    def post(path: str, data: Mapping[str, str]) -> Reply:
        url = urljoin(base_url, path)
        signed = urljoin(sign_base, path) if sign_base else url
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(data).encode(), method="POST",
            headers={"X-Twilio-Signature": validator.compute_signature(signed, dict(data))},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Reply(response.status, response.headers.get_content_type(),
                             response.read())
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, exc.headers.get_content_type(), exc.read())

    return post


class SimulationError(Exception):
    """The call cannot go on as scripted (no menu to press keys in, an error page, ...)."""


def spoken(root: ET.Element, play_text: Callable[[str], str] = lambda url: f"[{url}]") -> list[str]:
    """What the caller hears, in order: Say texts, and Play files as `play_text` names them."""
    heard = []
    for element in root.iter():
        if element.tag == "Say":
            heard.append((element.text or "").strip())
        elif element.tag == "Play":
            heard.append(play_text((element.text or "").strip()))
    return heard


class CallSimulator:
    """A caller played against the gateway as Twilio would: signed requests, TwiML read back."""

    def __init__(self, post: Transport, from_number: str = "+6281234567890",
                 to_number: str = "+62341512178", call_sid: str = "",
                 recordings: str = "") -> None:
        self.post = post
        self.recordings = recordings
        self.recording_callbacks: dict[str, str] = {}  # by recording id, as <Record> named
        self.params = {"CallSid": call_sid or "CA" + secrets.token_hex(16),
                       "From": from_number, "To": to_number, "AccountSid": ACCOUNT}
        self.twiml: ET.Element | None = None
        self.path = "/twilio/voice"
        self.ended = False

    # --- what the caller does ------------------------------------------------------------------

    def dial(self) -> ET.Element:
        return self._follow("/twilio/voice", {"CallStatus": "ringing", "Direction": "inbound"})

    def press(self, digits: str) -> ET.Element:
        gather = self.element("Gather")
        return self._follow(gather.attrib["action"],
                            {"Digits": digits, "CallStatus": "in-progress"})

    def say(self, text: str, confidence: float = 0.9) -> ET.Element:
        gather = self.element("Gather")
        if "speech" not in gather.attrib.get("input", ""):
            raise SimulationError("this menu does not listen to speech; press a key")
        return self._follow(gather.attrib["action"], {
            "SpeechResult": text, "Confidence": str(confidence), "CallStatus": "in-progress"})

    def stay_silent(self) -> ET.Element:
        redirect = self.element("Redirect")
        return self._follow(redirect.text or "", {"CallStatus": "in-progress"})

    def record(self, sid: str = "", duration: int = 12) -> ET.Element:
        record = self.element("Record")
        sid = sid or "RE" + secrets.token_hex(16)
        callback = record.attrib.get("recordingStatusCallback", "")
        if callback:
            self.recording_callbacks[sid] = callback
        answer = self._follow(record.attrib["action"], {
            "RecordingUrl": self.recording_url(sid), "RecordingSid": sid,
            "RecordingDuration": str(duration), "Digits": "#", "CallStatus": "in-progress",
        })
        if self.recordings and callback:  # Twilio posts it once the file is ready
            self.recording_completed(sid, duration)
        return answer

    def recording_url(self, sid: str) -> str:
        return (self.recordings or RECORDING_BASE) + sid

    def wait_in_queue(self, seconds: int, position: int = 1) -> ET.Element:
        """Twilio fetching the queue's wait music after `seconds` of waiting."""
        enqueue = self.element("Enqueue")
        return self._parse(self.post(enqueue.attrib["waitUrl"], {
            **self.params, "QueuePosition": str(position), "QueueTime": str(seconds),
            "AvgQueueTime": "60", "CurrentQueueSize": str(position),
            "QueueSid": "QU" + "0" * 32,
        }))

    def leave_queue(self, result: str = "leave") -> ET.Element:
        enqueue = self.element("Enqueue")
        return self._follow(enqueue.attrib["action"], {"QueueResult": result, "QueueTime": "121"})

    def dial_ended(self, status: str) -> ET.Element:
        dial = self.element("Dial")
        return self._follow(dial.attrib["action"], {"DialCallStatus": status})

    def recording_completed(self, sid: str, duration: int = 12) -> Reply:
        """The recording status callback Twilio posts once the recording is ready."""
        path = local_path(self.recording_callbacks.get(sid, "/twilio/voice/recording"))
        return self.post(path, {
            "CallSid": self.params["CallSid"], "AccountSid": ACCOUNT, "RecordingSid": sid,
            "RecordingUrl": self.recording_url(sid), "RecordingStatus": "completed",
            "RecordingDuration": str(duration), "RecordingChannels": "1",
            "RecordingSource": "RecordVerb",
        })

    def hang_up(self) -> Reply:
        self.ended = True
        return self.post("/twilio/voice/status", {**self.params, "CallStatus": "completed",
                                                   "CallDuration": "42"})

    def act(self, token: str) -> ET.Element | None:
        """Carry out one script or keyboard token (see the module docstring)."""
        token = token.strip()
        if token in ("", "-"):
            return self.stay_silent()
        if token == "hangup":
            self.hang_up()
            return None
        if token.startswith("rec"):
            seconds = token.partition(":")[2]
            return self.record(duration=int(seconds) if seconds.isdigit() else 12)
        if token.startswith("say:"):
            return self.say(token[4:])
        if token.startswith("wait:"):
            return self.wait_in_queue(int(token[5:] or "0"))
        if token in ("leave", "bridged"):
            return self.leave_queue(token)
        if token.rstrip("#").replace("*", "").isdigit() or token in ("#", "*"):
            return self.press(token)
        raise SimulationError(f"unknown token {token!r}")

    # --- following TwiML ------------------------------------------------------------------------

    @property
    def hung_up(self) -> bool:
        return self.ended or (self.twiml is not None and self.twiml.find("Hangup") is not None)

    def element(self, tag: str) -> ET.Element:
        found = self.twiml.find(tag) if self.twiml is not None else None
        if found is None:
            raise SimulationError(f"nothing to answer with that here: no <{tag}> in the call")
        return found

    def _parse(self, reply: Reply) -> ET.Element:
        if reply.status != 200 or reply.content_type != "text/xml":
            raise SimulationError(f"gateway answered HTTP {reply.status} ({reply.content_type})")
        root = ET.fromstring(reply.body)
        if root.tag != "Response":
            raise SimulationError(f"gateway answered <{root.tag}>, not TwiML")
        return root

    def _follow(self, url: str, extra: Mapping[str, str]) -> ET.Element:
        self.path = local_path(urljoin(self.path, url))
        self.twiml = self._parse(self.post(self.path, {**self.params, **extra}))
        return self.twiml


def local_path(url: str) -> str:
    """The path and query of a URL the gateway named: the transport knows where it runs (its
    TwiML names its public address, which the simulator may not reach)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
