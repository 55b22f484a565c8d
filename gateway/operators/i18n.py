"""The operators' pages in Indonesian (default) or English, switched per session.

Templates wrap their texts in `_()`; `translate` returns the English text when the operator chose
English and the Indonesian original otherwise (and for any text without a translation).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Flask, redirect, request, session, url_for
from werkzeug.wrappers import Response

ENGLISH: Mapping[str, str] = {
    "Lapor Kota Batu · Pusat Kendali": "Lapor Kota Batu · Command Center",
    "Antrean": "Queue", "Antrean laporan": "Report queue", "Panggilan": "Calls",
    "Statistik": "Statistics", "Keluar": "Sign out", "Masuk": "Sign in",
    "Nama pengguna": "Username", "Kata sandi": "Password",
    "Cari": "Search", "Status": "Status", "Dinas": "Agency", "Saluran": "Channel",
    "Wilayah": "Area", "Dari": "From", "Sampai": "To", "Terapkan": "Apply",
    "Hapus saringan": "Clear filters", "Semua": "All", "Semua dinas": "All agencies",
    "Tiket": "Ticket", "Waktu (WIB)": "Time (WIB)", "Umur": "Age", "Kategori": "Category",
    "Prioritas": "Priority", "Batas waktu": "Deadline", "Pelapor": "Reporter",
    "Alasan rute": "Routing reason", "baru": "new",
    "Belum ada laporan di antrean ini.": "No reports in this queue yet.",
    "Halaman": "Page", "dari": "of", "Sebelumnya": "Previous", "Berikutnya": "Next",
    "laporan": "reports", "Triase pusat kendali": "Command-center triage",
    "Kembali ke antrean": "Back to the queue", "Laporan": "Report", "Rincian": "Details",
    "Isi laporan": "Report text", "Jalur menu telepon": "Path through the phone menus",
    "Riwayat": "History", "Tindakan": "Actions", "Ubah status": "Change status",
    "Alasan atau catatan untuk pelapor": "Reason or note for the reporter",
    "Simpan status": "Save status", "Teruskan ke dinas": "Forward to agency",
    "Catatan": "Note", "Teruskan": "Forward",
    "Gabungkan dengan tiket (duplikat)": "Merge into ticket (duplicate)",
    "Gabungkan": "Merge", "Perbaiki kategori": "Correct category",
    "Perbaiki wilayah": "Correct area", "Perbaiki": "Correct", "(tetap)": "(unchanged)",
    "Kirim SMS ke pelapor": "Text the reporter", "Kirim": "Send",
    "Catatan internal": "Internal note", "Tambah catatan": "Add note",
    "Masuk pada": "Received", "Ditanggapi sebelum": "Acknowledge by",
    "Selesai sebelum": "Resolve by", "Nilai pelapor": "Reporter's rating",
    "Duplikat dari": "Duplicate of", "Laporan serupa": "Similar reports",
    "(rekaman belum diunduh)": "(recording not downloaded yet)",
    "Statistik laporan": "Report statistics", "Tampilkan": "Show", "Unduh CSV": "Download CSV",
    "Laporan masuk per dinas": "Reports received per agency",
    "Laporan masuk per minggu": "Reports received per week", "Masuk ": "Received ",
    "Terbuka": "Open", "Lewat batas": "Overdue", "Median jam ditanggapi":
    "Median hours to acknowledge", "Median jam selesai": "Median hours to resolve",
    "Belum ada laporan pada periode ini.": "No reports in this period.",
    "Panggilan menunggu petugas": "Callers waiting for an operator",
    "Penelepon": "Caller", "Menunggu": "Waiting", "Bahasa": "Language", "Ambil": "Take",
    "Telepon meja Anda": "Your desk phone", "Ambil panggilan": "Take call",
    "Tidak ada penelepon yang menunggu.": "No callers are waiting.",
    "Halaman ini diperbarui setiap 10 detik.": "This page refreshes every 10 seconds.",
    "Baru": "New", "Terverifikasi": "Verified", "Diteruskan": "Forwarded",
    "Sedang ditangani": "In progress", "Selesai": "Resolved", "Ditolak": "Rejected",
    "Terputus": "Dropped call", "Dibatalkan": "Cancelled", "Duplikat": "Duplicate",
    "Telepon": "Phone", "Rendah": "Low", "Biasa": "Normal", "Tinggi": "High",
    "Darurat": "Urgent", "Tersimpan.": "Saved.", "Tolak (beri alasan)": "Reject (give a reason)",
    "Silakan masuk terlebih dahulu.": "Please sign in first.",
    "Nama pengguna atau kata sandi salah.": "Wrong username or password.",
    "Bahasa Inggris": "English", "Bahasa Indonesia": "Bahasa Indonesia",
}
bp = Blueprint("i18n", __name__)


def translate(text: str) -> str:
    """The page text `text` in the operator's language (Indonesian when none is known)."""
    if session.get("ui_lang") == "en":
        return ENGLISH.get(text, text)
    return text


@bp.get("/lang/<code>")
def choose_language(code: str) -> Response:
    """Remember the operator's page language and go back to the page they were on."""
    if code in ("id", "en"):
        session["ui_lang"] = code
    back = request.referrer or ""
    return redirect(back if back.startswith(request.host_url) else url_for("pages.index"))


def init_app(app: Flask) -> None:
    """Make `_()` available in templates and register the language switch."""
    app.jinja_env.globals["_"] = translate
    app.register_blueprint(bp)
