"""Behind a reverse proxy (TRUSTED_PROXIES): the client's own address counts, for the Kannel
address check and everything else; a forwarded address from anyone else is ignored."""

from __future__ import annotations

SECRET = "proxy-test-secret-1"
QUERY = {"secret": SECRET, "from": "081234567890", "to": "1708", "text": "LAPOR sampah di Temas"}


def kannel(client, remote: str, forwarded: str | None = None, id_: str = "k1"):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.get("/kannel/incoming", query_string={**QUERY, "id": id_}, headers=headers,
                      environ_base={"REMOTE_ADDR": remote})


def test_behind_a_trusted_proxy_kannel_is_checked_by_the_real_client_address(make_client):
    client = make_client(KANNEL_SECRET=SECRET, TRUSTED_PROXIES="127.0.0.1",
                         KANNEL_ALLOWED_IPS="10.0.0.5")
    # nginx on 127.0.0.1 forwarding for the internet: refused, though nginx itself is loopback
    assert kannel(client, "127.0.0.1", "203.0.113.9", "k1").status_code == 403
    # nginx forwarding for Kannel's host: accepted
    assert kannel(client, "127.0.0.1", "10.0.0.5", "k2").status_code == 200


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(make_client):
    client = make_client(KANNEL_SECRET=SECRET, TRUSTED_PROXIES="127.0.0.1",
                         KANNEL_ALLOWED_IPS="127.0.0.1")
    assert kannel(client, "198.51.100.7", "127.0.0.1", "k3").status_code == 403
    plain = make_client(KANNEL_SECRET=SECRET)  # no proxy named: forwarded headers mean nothing
    assert kannel(plain, "127.0.0.1", "203.0.113.9", "k4").status_code == 200
