"""A phone on Somleng: the simulator sending exactly what Somleng's switch and API send.

Parameters as Somleng builds them (somleng/somleng-switch 3442ba84, `components/app/app/`;
somleng/somleng dcdc7557, `app/serializers/twilio_api/webhook/`):
- every TwiML request (`call_controllers/call_controller.rb#request_twiml`): Caller, Called,
  From, To, CallSid, Direction, AccountSid, ApiVersion, and CallStatus (`ringing` for the first,
  `in-progress` after a verb redirects);
- <Gather> (`workflows/execute_gather.rb`): Digits, or nothing with actionOnEmptyResult;
- <Record> (`workflows/execute_record.rb`): RecordingUrl and RecordingDuration, no RecordingSid;
- <Dial> (`workflows/execute_dial.rb`): DialCallStatus, and DialCallSid and DialCallDuration
  when someone answered;
- the recording status callback (`recording_status_callback_serializer.rb`) and the call status
  callback (`voice_status_callback_serializer.rb`), with Somleng's UUID ids.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from gateway.voice.simulator import CallSimulator, Reply, SimulationError, Transport, local_path

API_VERSION = "2010-04-01"
API_BASE = "https://api.somleng.org"


class SomlengCallSimulator(CallSimulator):
    """A caller on a Somleng switch: its request parameters, UUID ids and callbacks."""

    platform = "somleng"

    def __init__(self, post: Transport, from_number: str = "+6281234567890",
                 to_number: str = "+62341512178", call_sid: str = "",
                 account_sid: str = "") -> None:
        super().__init__(post, from_number, to_number, call_sid or str(uuid.uuid4()))
        self.account_sid = account_sid or str(uuid.uuid4())
        self.params = {"Caller": from_number, "Called": to_number, "From": from_number,
                       "To": to_number, "CallSid": self.params["CallSid"],
                       "Direction": "inbound", "AccountSid": self.account_sid,
                       "ApiVersion": API_VERSION}

    def dial(self) -> ET.Element:
        return self._follow("/twilio/voice", {"CallStatus": "ringing"})

    def press(self, digits: str) -> ET.Element:
        gather = self.element("Gather")
        return self._follow(gather.attrib["action"], {"Digits": digits,
                                                      "CallStatus": "in-progress"})

    def say(self, text: str, confidence: float = 0.9) -> ET.Element:
        raise SimulationError("Somleng has no speech input; press a key")

    def stay_silent(self) -> ET.Element:
        gather = self.twiml.find("Gather") if self.twiml is not None else None
        if gather is not None and gather.attrib.get("actionOnEmptyResult") == "true":
            return self._follow(gather.attrib["action"], {"CallStatus": "in-progress"})
        return super().stay_silent()

    def recording_url(self, recording_id: str) -> str:
        return (f"{API_BASE}/{API_VERSION}/Accounts/{self.account_sid}/Calls/"
                f"{self.params['CallSid']}/Recordings/{recording_id}")

    def record(self, sid: str = "", duration: int = 12) -> ET.Element:
        record = self.element("Record")
        recording_id = sid or str(uuid.uuid4())
        callback = record.attrib.get("recordingStatusCallback", "")
        if callback:
            self.recording_callbacks[recording_id] = callback
        return self._follow(record.attrib["action"], {
            "RecordingUrl": self.recording_url(recording_id),
            "RecordingDuration": str(duration), "CallStatus": "in-progress"})

    def recording_completed(self, sid: str, duration: int = 12) -> Reply:
        """Somleng's API posting the recording status callback the <Record> named."""
        callback = self.recording_callbacks.get(sid)
        if not callback:
            raise SimulationError(f"no <Record> named a status callback for {sid}")
        return self.post(local_path(callback), {
            "ApiVersion": API_VERSION, "CallSid": self.params["CallSid"],
            "AccountSid": self.account_sid, "RecordingSid": sid,
            "RecordingUrl": self.recording_url(sid), "RecordingStatus": "completed",
            "RecordingDuration": str(duration), "RecordingChannels": "1",
            "RecordingStartTime": "Tue, 01 Dec 2026 10:00:00 +0000",
            "RecordingSource": "RecordVerb"})

    def dial_ended(self, status: str) -> ET.Element:
        dial = self.element("Dial")
        extra: Mapping[str, str] = {"DialCallStatus": status, "CallStatus": "in-progress"}
        if status == "completed":
            extra = {**extra, "DialCallSid": str(uuid.uuid4()), "DialCallDuration": "95"}
        return self._follow(dial.attrib["action"], extra)

    def hang_up(self) -> Reply:
        self.ended = True
        return self.post("/twilio/voice/status", {
            "CallSid": self.params["CallSid"], "AccountSid": self.account_sid,
            "From": self.params["From"], "To": self.params["To"], "CallStatus": "completed",
            "ApiVersion": API_VERSION, "Direction": "inbound", "CallDuration": "42",
            "SipResponseCode": "200", "CallbackSource": "call-progress-events",
            "Timestamp": "Tue, 01 Dec 2026 10:01:00 +0000", "SequenceNumber": "0"})
