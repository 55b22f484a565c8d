"""A fake LAPOR!-SP4N: a real HTTP server on 127.0.0.1 that speaks the fields the gateway's
adapter sends (JSON over POST with a KEYTOKEN), gives tracking ids, and lets a test write
follow-ups and statuses the way LAPOR!'s admins and agencies would.

It checks what the real one would refuse: a wrong token (401), a missing or malformed field
(422), an unknown tracking id (404); it takes a repeated `id_eksternal` once (the same tracking
id comes back), and can be told to fail the next requests with a status code.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from flask import Flask, jsonify, request
from werkzeug.serving import make_server

TOKEN = "kt-kota-batu-uji-0001"
SUBMIT_PATH = "/api/services/integrasi/kirim-laporan"
STATUS_PATH = "/api/services/integrasi/status-laporan"
REQUIRED = {"id_eksternal": str, "klasifikasi": str, "judul": str, "isi": str,
            "tanggal_kejadian": str, "lokasi": str, "kategori": str, "saluran": str,
            "rahasia": bool, "anonim": bool}
WIB = timezone(timedelta(hours=7))


@dataclass
class Complaint:
    tracking_id: str
    fields: dict[str, Any]
    raw: str
    status: str = "Belum terverifikasi"
    replies: list[dict[str, str]] = field(default_factory=list)


class FakeLapor:
    """The server and what it has been sent."""

    def __init__(self) -> None:
        self.complaints: dict[str, Complaint] = {}
        self.requests: list[str] = []
        self.fail_next: list[int] = []  # status codes to answer the next requests with
        self._ids = itertools.count(4810001)
        self._lock = threading.Lock()
        self.app = self._build()
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeLapor:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()

    def by_ticket(self, ticket: str) -> Complaint:
        return next(c for c in self.complaints.values() if c.fields["id_eksternal"] == ticket)

    def follow_up(self, tracking_id: str, status: str, text: str, at: datetime) -> None:
        """An agency or LAPOR! admin writes on the complaint (time in WIB, as LAPOR! shows)."""
        complaint = self.complaints[tracking_id]
        complaint.status = status
        complaint.replies.append({"tanggal": at.astimezone(WIB).replace(tzinfo=None)
                                  .isoformat(timespec="seconds"), "isi": text})

    def _build(self) -> Flask:
        app = Flask("fake_lapor")

        @app.before_request
        def guard() -> Any:
            self.requests.append(request.path)
            if self.fail_next:
                return jsonify({"status": "error"}), self.fail_next.pop(0)
            body = request.get_json(silent=True)
            if not isinstance(body, dict) or body.get("KEYTOKEN") != TOKEN:
                return jsonify({"status": "error", "message": "KEYTOKEN tidak valid"}), 401
            return None

        @app.post("/api/services/f01/gettopics")
        def topics() -> Any:
            return jsonify([{"id": "3", "parent": "0", "topic_name": "Infrastruktur"},
                            {"id": "13", "parent": "3",
                             "topic_name": "Teknologi Informasi dan Komunikasi"}])

        @app.post(SUBMIT_PATH)
        def submit() -> Any:
            body = request.get_json()
            wrong = [name for name, kind in REQUIRED.items()
                     if not isinstance(body.get(name), kind) or body.get(name) == ""]
            try:
                date.fromisoformat(str(body.get("tanggal_kejadian")))
            except ValueError:
                wrong.append("tanggal_kejadian")
            if body.get("klasifikasi") not in ("pengaduan", "aspirasi", "permintaan_informasi"):
                wrong.append("klasifikasi")
            if wrong:
                return jsonify({"status": "error", "fields": sorted(set(wrong))}), 422
            with self._lock:
                for known in self.complaints.values():
                    if known.fields["id_eksternal"] == body["id_eksternal"]:
                        return jsonify({"status": "success", "tracking_id": known.tracking_id})
                tracking_id = str(next(self._ids))
                fields = {k: v for k, v in body.items() if k != "KEYTOKEN"}
                self.complaints[tracking_id] = Complaint(tracking_id, fields,
                                                         request.get_data(as_text=True))
            return jsonify({"status": "success", "tracking_id": tracking_id})

        @app.post(STATUS_PATH)
        def status() -> Any:
            complaint = self.complaints.get(str(request.get_json().get("tracking_id")))
            if complaint is None:
                return jsonify({"status": "error", "message": "tidak ditemukan"}), 404
            return jsonify({"tracking_id": complaint.tracking_id, "status": complaint.status,
                            "tindak_lanjut": complaint.replies})

        return app
