"""Sending SMS through Kannel's smsbox sendsms interface, asking for delivery reports.

sendsms answers `0: Accepted for delivery` when Kannel took the text, and `3: Queued for later
delivery` (HTTP 202) when the operator link is down: Kannel has stored it and sends it once the
link is back, so both count as accepted; retrying a queued text would send it twice. Anything
else (a refused login, a full queue) is retried, so texts wait while an admin fixes Kannel.
The request's URL carries the sendsms password, so no URL or exception text from `requests`
ever goes into a log line or an error column.
"""

from __future__ import annotations

import requests

from gateway.providers.sending import TIMEOUTS, PermanentError, Sent, TransientError
from gateway.settings import Settings
from sms.segments import is_gsm7

ACCEPTED = {"0": "accepted", "3": "queued"}


class KannelSender:
    """Sends texts through Kannel's sendsms HTTP interface."""

    provider = "kannel"

    def __init__(self, settings: Settings, session: requests.Session | None = None,
                 timeouts: tuple[float, float] = TIMEOUTS) -> None:
        self.settings = settings
        self.http = session or requests.Session()
        self.timeouts = timeouts

    def send(self, to: str, body: str, channel: str, reference: str) -> Sent:
        if channel != "sms":
            raise PermanentError(f"Kannel cannot send {channel} messages")
        settings = self.settings
        callback = settings.KANNEL_CALLBACK_URL or settings.PUBLIC_BASE_URL
        params = {
            "username": settings.KANNEL_USERNAME,
            "password": settings.KANNEL_PASSWORD.get_secret_value(),
            "to": to, "text": body, "charset": "UTF-8",
            # Without coding=2 anything outside GSM-7 (emoji, many names) arrives as "?".
            "coding": "0" if is_gsm7(body) else "2",
        }
        if settings.KANNEL_FROM:
            params["from"] = settings.KANNEL_FROM
        if callback:
            secret = settings.KANNEL_SECRET.get_secret_value()
            params["dlr-mask"] = "31"
            params["dlr-url"] = f"{callback}/kannel/dlr?secret={secret}&ref={reference}&type=%d"
        try:
            response = self.http.get(settings.KANNEL_SENDSMS_URL, params=params,
                                     timeout=self.timeouts, allow_redirects=False)
        except requests.Timeout:
            raise TransientError("kannel did not answer in time") from None
        except requests.RequestException as exc:
            raise TransientError(f"kannel unreachable: {type(exc).__name__}") from None
        answer = response.text.strip()
        code = answer.split(":", 1)[0]
        if response.status_code in (200, 202) and code in ACCEPTED:
            return Sent(self.provider, None, ACCEPTED[code])
        raise TransientError(f"kannel refused: HTTP {response.status_code} {answer[:80]}")
