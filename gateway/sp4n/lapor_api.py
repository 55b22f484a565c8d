"""LAPOR!-SP4N over HTTP: JSON posted with the city's access token (`KEYTOKEN`).

The public description of LAPOR!'s API (POST, JSON, a `KEYTOKEN` the LAPOR! team issues, the
`TrackingID` as the national id) documents the topic list, `/api/services/f01/gettopics`,
which `check` uses to test the token. The integration API itself is documented only on
LAPOR!'s admin pages, for an account with the developer role; its paths are therefore settings
(LAPOR_SP4N_SUBMIT_PATH, LAPOR_SP4N_STATUS_PATH) and its fields are mapped here, in one place,
to be checked against that documentation when a city connects (docs/lapor-sp4n.md).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import requests

from gateway.providers.sending import PermanentError, TransientError
from gateway.reports.deadlines import WIB
from gateway.settings import Settings
from gateway.sp4n.national import Complaint, NationalReply, NationalState

log = logging.getLogger(__name__)
TOPICS_PATH = "/api/services/f01/gettopics"
TIMEOUT = (5.0, 20.0)  # connect, read


class LaporApi:
    """The national channel over HTTP (`gateway.sp4n.national.NationalChannel`)."""

    def __init__(self, base_url: str, token: str, submit_path: str, status_path: str,
                 session: requests.Session | None = None) -> None:
        self.base_url, self._token = base_url.rstrip("/"), token
        self.submit_path, self.status_path = submit_path, status_path
        self._http = session or requests.Session()

    @classmethod
    def from_settings(cls, settings: Settings) -> LaporApi | None:
        """The channel the settings describe; None when LAPOR_SP4N_URL is not set."""
        if not settings.LAPOR_SP4N_URL:
            return None
        return cls(settings.LAPOR_SP4N_URL, settings.LAPOR_SP4N_TOKEN.get_secret_value(),
                   settings.LAPOR_SP4N_SUBMIT_PATH, settings.LAPOR_SP4N_STATUS_PATH)

    def submit(self, complaint: Complaint) -> str:
        """Send a complaint; returns LAPOR!'s tracking id."""
        answer = self._post(self.submit_path, {
            "id_eksternal": complaint.external_id,
            "klasifikasi": complaint.classification,
            "judul": complaint.title,
            "isi": complaint.text,
            "tanggal_kejadian": complaint.happened_on.isoformat(),
            "lokasi": complaint.location,
            "kategori": complaint.category,
            "saluran": complaint.channel,
            "rahasia": complaint.confidential,
            "anonim": complaint.anonymous,
        })
        tracking_id = str(answer.get("tracking_id") or "").strip()
        if not tracking_id.isalnum() or len(tracking_id) > 32:
            raise PermanentError(f"LAPOR! answered without a usable tracking_id: {answer!r:.200}")
        return tracking_id

    def state(self, tracking_id: str) -> NationalState:
        """Where the complaint stands on LAPOR! now."""
        answer = self._post(self.status_path, {"tracking_id": tracking_id})
        replies = []
        for item in answer.get("tindak_lanjut") or ():
            if isinstance(item, dict) and str(item.get("isi") or "").strip():
                replies.append(NationalReply(_when(item.get("tanggal")),
                                             " ".join(str(item["isi"]).split())))
        return NationalState(tracking_id, str(answer.get("status") or "").strip(),
                             tuple(replies))

    def check(self) -> int:
        """Test the address and token with LAPOR!'s topic list; returns how many topics."""
        topics = self._post(TOPICS_PATH, {}, listing=True)
        return len(topics.get("items", ()))

    def _post(self, path: str, body: dict[str, Any], listing: bool = False) -> dict[str, Any]:
        url = self.base_url + path
        try:
            response = self._http.post(url, json={"KEYTOKEN": self._token, **body},
                                       timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise TransientError(f"LAPOR! could not be reached: {type(exc).__name__}") from exc
        if response.status_code in (401, 403):
            raise PermanentError(f"LAPOR! refused the token (HTTP {response.status_code})")
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientError(f"LAPOR! answered HTTP {response.status_code}")
        if response.status_code >= 400:
            raise PermanentError(f"LAPOR! refused the request (HTTP {response.status_code}): "
                                 f"{response.text[:200]}")
        try:
            answer = response.json()
        except ValueError:
            raise TransientError("LAPOR! answered something that is not JSON") from None
        if listing and isinstance(answer, list):
            return {"items": answer}
        if not isinstance(answer, dict):
            raise PermanentError(f"LAPOR! answered an unexpected document: {answer!r:.200}")
        return answer


def _when(value: object) -> datetime | None:
    """A follow-up's time as LAPOR! writes it (ISO 8601; WIB when it names no zone); None
    when it cannot be read."""
    try:
        at = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=WIB)).astimezone(UTC)
