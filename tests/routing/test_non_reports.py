"""Texts that are not reports are told apart before routing, by the marks machines and chats
leave in them (`non_reports` in config/routing.yaml); a real report that mentions money or a
package is still a report. The examples are the team's own, written like the messages a public
SMS number receives."""

from __future__ import annotations

import pytest
import yaml

from gateway.settings import PROJECT_ROOT
from routing.catalog import CatalogError
from routing.non_reports import NonReports, compile_signals, judge
from routing.rules import build_rules, route_text


@pytest.mark.parametrize(("text", "kind"), [
    ("Paket Internet 10GB Anda aktif s.d 12/01/2027 pk 23:59. Cek kuota di *888#",
     "operator_notice"),
    ("Yth Pelanggan, masa aktif kartu Anda berakhir besok. Isi ulang pulsa skrg",
     "operator_notice"),
    ("Sisa kuota 1.2GB, berlaku hingga 30/12. Perpanjang paket di *123*5#", "operator_notice"),
    ("Saldo rekening Anda per 01/12 Rp 2.350.000,00. Info hub 1500xxx", "bank_alert"),
    ("BRI: Transfer Rp 500.000 ke rek 0123xxx berhasil. Ref: 77812", "bank_alert"),
    ("JANGAN BERIKAN kode ini ke siapapun. Kode OTP Anda 448120", "one_time_code"),
    ("PROMO! Diskon 50% semua menu hari ini, tukarkan SMS ini di kasir. Info: toko.me/promo",
     "promotion"),
    ("Selamat! Nomor Anda terpilih mendapatkan hadiah mobil. Hub [NOMOR_HP]", "scam"),
    ("Pinjaman dana tunai tanpa jaminan, cair 1 hari, bunga rendah. WA [NOMOR_HP]", "scam"),
    ("halo", "greeting"),
    ("Terima kasih banyak", "greeting"),
    ("Mohon maaf lahir dan batin ya, selamat hari raya", "greeting"),
    ("maaf salah kirim pak", "personal"),
])
def test_machine_notices_promotions_and_chats_are_not_reports(rules, catalog, text, kind):
    decision = route_text(rules, catalog, text)
    assert decision.not_report and decision.agency is None, decision.explanation
    assert decision.non_report_kind == kind, decision.explanation
    assert decision.explanation.startswith("Bukan laporan (")


@pytest.mark.parametrize(("text", "agency"), [
    ("ada pungli Rp 50 ribu tiap urus surat di kantor desa Punten, mohon ditindak", None),
    ("paket bantuan sembako tidak sampai ke warga Sisir, mohon dicek", None),
    ("bantuan PKH saya belum cair padahal saldo KKS kosong sejak bulan lalu", "DINSOS"),
    ("jalan berlubang besar di depan SD Punten, sudah 3 minggu tidak diperbaiki", "PUPR"),
    ("sampah numpuk di pinggir jalan Sisir, bau sekali", "DLH"),
])
def test_a_report_that_mentions_money_or_a_package_is_still_a_report(rules, catalog, text,
                                                                      agency):
    decision = route_text(rules, catalog, text)
    assert not decision.not_report, decision.explanation
    if agency is not None:
        assert decision.agency == agency, decision.explanation


def test_report_words_outweigh_weak_signals():
    signals = compile_signals({"bank_alert": {"saldo": (r"\bsaldo\b", 3.0)},
                               "report": {"mohon": (r"\bmohon\b", -2.0)}})
    filter_ = NonReports(signals, threshold=3.0, report_margin=0.5)
    assert judge(filter_, "saldo", 0.0) is not None
    assert judge(filter_, "saldo, mohon", 0.0) is None  # the person asks the city to act
    assert judge(filter_, "saldo", 6.0) is None  # strong report words
    verdict = judge(filter_, "saldo", 5.0)
    assert verdict is not None and verdict.names == ("saldo",) and verdict.kind == "bank_alert"


def test_bad_signals_name_path_and_value(catalog):
    document = yaml.safe_load((PROJECT_ROOT / "config" / "routing.yaml").read_text())
    kinds = document["non_reports"]["kinds"]
    kinds["weather"] = {"rain": ["hujan", 2]}
    kinds["promotion"]["broken"] = ["(promo", 2]
    with pytest.raises(CatalogError) as caught:
        build_rules(document, catalog)
    errors = caught.value.errors
    assert any(e.startswith("routing.yaml: non_reports.kinds.weather: not one of ")
               for e in errors)
    assert any(e.startswith("routing.yaml: non_reports.kinds.promotion.broken '(promo': not a "
                            "regular expression") for e in errors)
