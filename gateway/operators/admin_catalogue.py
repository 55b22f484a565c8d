"""The admins' pages' words (operators, audit log, one's own password): every Indonesian text
with its English translation. Merged into `catalogue.ENGLISH`."""

from __future__ import annotations

from collections.abc import Mapping

ADMIN_ENGLISH: Mapping[str, str] = {
    # operators page
    "Operator": "Operators", "Peran, dinas, penyuluh": "Role, agency, field officer",
    "akun": "accounts", "Peran": "Role", "Keadaan": "State",
    "Terakhir masuk": "Last sign-in", "Nonaktif": "Disabled", "Terkunci": "Locked",
    "harus ganti kata sandi": "must change password", "Ubah peran": "Change role",
    "Nonaktifkan": "Disable", "Aktifkan": "Enable", "Kata sandi sementara": "Temporary password",
    "Buka kunci": "Unlock", "Tambah operator": "Add an operator", "Tambah": "Add",
    "Admin": "Admin", "Pusat kendali": "Command center", "Pimpinan (lihat statistik)":
        "Leader (statistics only)",
    "Kata sandi sementara untuk": "Temporary password for",
    "Berikan kepadanya secara langsung; kata sandi ini hanya tampil sekali, dan ia memilih kata "
    "sandi sendiri saat masuk.": "Hand it over in person; it is shown only this once, and they "
    "choose their own password when they sign in.",
    "Kata sandi sementara dibuat otomatis dan tampil sekali. Peran dinas perlu dinasnya; peran "
    "penyuluh perlu penyuluhnya.": "A temporary password is made and shown once. The agency "
    "role needs its agency; the field officer role needs its officer.",
    "Anda tidak dapat menonaktifkan atau mengubah peran akun Anda sendiri.":
        "You cannot disable your own account or change its role.",
    "{username} dapat mencoba masuk lagi.": "{username} may try to sign in again.",
    # why an account change was refused (accounts.OperatorError.page)
    "Tidak dapat disimpan.": "Could not be saved.",
    "Kata sandi paling sedikit 10 karakter.": "A password has at least 10 characters.",
    "Nama pengguna: 1-64 huruf, angka, titik, tanda hubung atau garis bawah.":
        "Username: 1-64 letters, digits, dots, hyphens or underscores.",
    "Nama pengguna itu sudah dipakai.": "That username is taken.",
    "Peran tidak dikenal.": "Unknown role.",
    "Peran dinas perlu dinasnya.": "The agency role needs its agency.",
    "Dinas hanya untuk peran dinas.": "An agency is only for the agency role.",
    "Peran penyuluh perlu kode penyuluh yang ada.": "The field officer role needs an existing "
    "field officer.",
    "Kode penyuluh hanya untuk peran penyuluh.": "A field officer is only for that role.",
    "Operator tidak ditemukan.": "Operator not found.",
    "Kata sandi saat ini salah.": "The current password is wrong.",
    "Kedua kata sandi baru tidak sama.": "The two new passwords differ.",
    "Kata sandi baru paling sedikit 10 karakter.": "A new password has at least 10 characters.",
    "Pilih kata sandi yang berbeda dari yang sekarang.": "Choose a password other than the "
    "current one.",
    # one's own password
    "Ganti kata sandi": "Change password",
    "Kata sandi Anda dibuat oleh admin. Sebelum melanjutkan, pilih kata sandi Anda sendiri.":
        "An admin set your password. Before you go on, choose your own.",
    "Kata sandi saat ini": "Current password",
    "Kata sandi baru (paling sedikit 10 karakter)": "New password (at least 10 characters)",
    "Ulangi kata sandi baru": "Repeat the new password", "Simpan kata sandi": "Save password",
    "Kata sandi Anda sudah diganti.": "Your password has been changed.",
    # audit log
    "Log audit": "Audit log", "catatan": "entries", "Siapa": "Who", "Apa": "What",
    "Dari alamat": "From address", "mis. 10.1.2.": "e.g. 10.1.2.", "Sasaran": "Target",
    "Tidak ada catatan yang sesuai dengan saringan ini.": "No entries match these filters.",
    "Halaman {page} dari {pages}": "Page {page} of {pages}",
}
