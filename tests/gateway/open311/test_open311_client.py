"""An independent Open311 client, the `georeport` library from PyPI, drives a running gateway:
it lists the services, reads the definition, and follows a request's status. It cannot post
(georeport 0.3 has no create call, and `open311` 1.1, the other client on PyPI, is Python 2
only), so the request is posted as the specification writes it, a form POST with `requests`,
with a key made by `lapor api-key add`."""

from __future__ import annotations

import subprocess

import requests
from georeport import GeoReport

from tests.servers import BIN, lapor_run


def test_the_georeport_client_lists_posts_and_follows_a_request(settings_env, tmp_path):
    with lapor_run(settings_env, tmp_path) as (port, env):
        made = subprocess.run([str(BIN / "lapor"), "api-key", "add", "--name", "portal",
                               "--per-minute", "5"], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        assert made.returncode == 0, made.stdout + made.stderr
        key = made.stdout.strip().splitlines()[-1]
        listed = subprocess.run([str(BIN / "lapor"), "api-key", "list"], env=env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=60)
        assert "portal" in listed.stdout and key not in listed.stdout
        root = f"http://127.0.0.1:{port}/open311/v2"
        for fmt in ("json", "xml"):
            client = GeoReport(root, output_format=fmt)
            services = client.get_service_list()
            assert "jalan" in [s["service_code"] for s in services]
            definition = client.get_service_definition("jalan")
            assert definition["service_code"] == "jalan"
        posted = requests.post(f"{root}/requests.json", data={
            "api_key": key, "service_code": "sampah", "description": "sampah numpuk",
            "address_string": "Jl. Raya Punten"}, timeout=10)
        assert posted.status_code == 201, posted.text
        ticket = posted.json()[0]["service_request_id"]
        for fmt in ("json", "xml"):
            request = GeoReport(root, output_format=fmt).get_service_request(ticket)
            assert request["service_request_id"] == ticket and request["status"] == "open"
            assert request["agency_responsible"] == "Dinas Lingkungan Hidup Kota Batu"
        found = GeoReport(root).get_service_requests(service_code="sampah", status="open")
        assert [r["service_request_id"] for r in found] == [ticket]
        refused = requests.post(f"{root}/requests.json", data={"api_key": "x",
                                                               "service_code": "sampah"})
        assert refused.status_code == 403
