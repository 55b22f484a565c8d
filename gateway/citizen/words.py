"""The citizens' page in Indonesian, Javanese and English: every word it shows."""

from __future__ import annotations

LANGUAGES = {"id": "Bahasa Indonesia", "jv": "Basa Jawa", "en": "English"}

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Lapor ke Pemkot Batu",
        "intro": "Laporkan masalah di sekitar Anda. Laporan diteruskan ke dinas yang menangani.",
        "category": "Jenis masalah", "unknown": "Tidak tahu / lainnya",
        "place": "Desa atau kelurahan", "choose": "Pilih",
        "locate": "Pakai lokasi saya", "locating": "Mencari lokasi Anda ...",
        "located": "Lokasi Anda: {desa}, Kec. {kecamatan}. Periksa lagi pilihan di atas.",
        "outside": "Lokasi Anda di luar Kota Batu. Silakan pilih desa dari daftar.",
        "no_location": "Lokasi Anda tidak dapat dibaca. Silakan pilih desa dari daftar.",
        "text": "Ceritakan masalahnya", "text_hint": "Apa, di mana persisnya, sejak kapan.",
        "phone": "Nomor HP untuk kabar (boleh kosong)",
        "phone_hint": "Kami kirim nomor tiket dan kabar lewat SMS.",
        "send": "Kirim laporan",
        "thanks": "Terima kasih, laporan Anda sudah kami terima.",
        "ticket": "Nomor tiket", "keep": "Simpan nomor ini untuk melihat perkembangannya.",
        "follow": "Lihat perkembangan", "status": "Status laporan",
        "history": "Riwayat", "agency": "Ditangani oleh", "triage": "Pusat Kendali (dipilah)",
        "no_text": "Ceritakan masalahnya dulu, minimal 10 huruf.",
        "bad_phone": "Nomor HP belum benar. Contoh: 0812 3456 7890.",
        "bad_choice": "Pilihan itu tidak ada. Silakan pilih lagi.",
        "photo": "Foto (boleh kosong)", "photo_hint": "JPG, PNG atau WebP, paling besar 8 MB.",
        "bad_photo": "Foto tidak dapat kami terima: pilih foto JPG, PNG atau WebP di bawah "
                     "8 MB.",
        "too_many": "Terlalu banyak laporan dari alamat ini. Silakan coba lagi nanti.",
        "not_found": "Tiket itu tidak ditemukan. Periksa lagi nomornya.",
        "find": "Cek tiket", "find_hint": "Sudah punya nomor tiket?",
        "created": "Laporan diterima", "routed": "Diteruskan ke {agency}",
        "routed_triage": "Dipilah oleh Pusat Kendali",
        "moved": "Diteruskan ke {agency}",
        "escalated": "Diteruskan ke LAPOR!-SP4N (nomor {tracking})",
        "national": "Kabar dari LAPOR!-SP4N: {status}",
    },
    "jv": {
        "title": "Lapor dhateng Pemkot Batu",
        "intro": "Laporaken masalah ing sakiwa-tengen panjenengan. Laporan dipunterusaken "
                 "dhateng dinas ingkang ngurusi.",
        "category": "Jinis masalah", "unknown": "Mboten ngertos / liyane",
        "place": "Desa utawi kelurahan", "choose": "Pilih",
        "locate": "Ginakaken panggenan kula", "locating": "Madosi panggenan panjenengan ...",
        "located": "Panggenan panjenengan: {desa}, Kec. {kecamatan}. Mangga dipunpriksa "
                   "malih pilihan ing nginggil.",
        "outside": "Panggenan panjenengan wonten ing njawi Kota Batu. Mangga pilih desa "
                   "saking daftar.",
        "no_location": "Panggenan panjenengan mboten saged dipunwaos. Mangga pilih desa "
                       "saking daftar.",
        "text": "Critakaken masalahipun", "text_hint": "Menapa, ing pundi persisipun, wiwit kapan.",
        "phone": "Nomer HP kangge kabar (kenging kosong)",
        "phone_hint": "Nomer tiket lan kabar dipunkirim lewat SMS.",
        "send": "Kirim laporan",
        "thanks": "Matur nuwun, laporan panjenengan sampun katampi.",
        "ticket": "Nomer tiket", "keep": "Simpen nomer menika kangge mirsani kemajenganipun.",
        "follow": "Mirsani kemajengan", "status": "Status laporan",
        "history": "Riwayat", "agency": "Dipunurus dening", "triage": "Pusat Kendali (dipilah)",
        "no_text": "Critakaken masalahipun rumiyin, paling sekedhik 10 aksara.",
        "bad_phone": "Nomer HP dereng leres. Tuladha: 0812 3456 7890.",
        "bad_choice": "Pilihan menika mboten wonten. Mangga milih malih.",
        "photo": "Foto (kenging kosong)", "photo_hint": "JPG, PNG utawi WebP, paling ageng 8 MB.",
        "bad_photo": "Foto mboten saged katampi: pilih foto JPG, PNG utawi WebP ing ngandhap "
                     "8 MB.",
        "too_many": "Laporan saking alamat menika kathah sanget. Mangga dicoba malih mangke.",
        "not_found": "Tiket menika mboten kepanggih. Mangga dipunpriksa malih nomeripun.",
        "find": "Cek tiket", "find_hint": "Sampun gadhah nomer tiket?",
        "created": "Laporan katampi", "routed": "Dipunterusaken dhateng {agency}",
        "routed_triage": "Dipilah dening Pusat Kendali",
        "moved": "Dipunterusaken dhateng {agency}",
        "escalated": "Dipunterusaken dhateng LAPOR!-SP4N (nomer {tracking})",
        "national": "Kabar saking LAPOR!-SP4N: {status}",
    },
    "en": {
        "title": "Report to Batu City",
        "intro": "Report a problem near you. It goes to the city agency that handles it.",
        "category": "Kind of problem", "unknown": "Not sure / other",
        "place": "Village", "choose": "Choose",
        "locate": "Use my location", "locating": "Finding where you are ...",
        "located": "Your location: {desa}, {kecamatan} district. Please check the choice "
                   "above.",
        "outside": "You seem to be outside Kota Batu. Please choose the village from the list.",
        "no_location": "Your location could not be read. Please choose the village from the "
                       "list.",
        "text": "Describe the problem", "text_hint": "What, exactly where, since when.",
        "phone": "Mobile number for updates (optional)",
        "phone_hint": "We text you the ticket number and updates.",
        "send": "Send report",
        "thanks": "Thank you, we have received your report.",
        "ticket": "Ticket number", "keep": "Keep this number to follow your report.",
        "follow": "Follow it", "status": "Report status",
        "history": "History", "agency": "Handled by", "triage": "Command Center (triage)",
        "no_text": "Please describe the problem first, at least 10 letters.",
        "bad_phone": "That mobile number is not right. Example: 0812 3456 7890.",
        "bad_choice": "That choice does not exist. Please choose again.",
        "photo": "Photo (optional)", "photo_hint": "JPG, PNG or WebP, up to 8 MB.",
        "bad_photo": "We cannot take that photo: choose a JPG, PNG or WebP under 8 MB.",
        "too_many": "Too many reports from this address. Please try again later.",
        "not_found": "That ticket was not found. Please check the number.",
        "find": "Check a ticket", "find_hint": "Already have a ticket number?",
        "created": "Report received", "routed": "Sent to {agency}",
        "routed_triage": "Being sorted by the Command Center",
        "moved": "Sent to {agency}",
        "escalated": "Escalated to LAPOR!-SP4N (number {tracking})",
        "national": "News from LAPOR!-SP4N: {status}",
    },
}
STATUS = {
    "id": {"new": "Diterima", "verified": "Sudah diperiksa", "forwarded": "Diteruskan ke dinas",
           "in_progress": "Sedang dikerjakan", "resolved": "Selesai", "rejected": "Ditolak",
           "cancelled": "Dibatalkan", "duplicate": "Digabung dengan laporan yang sama"},
    "jv": {"new": "Katampi", "verified": "Sampun dipunpriksa",
           "forwarded": "Dipunterusaken dhateng dinas", "in_progress": "Saweg dipungarap",
           "resolved": "Rampung", "rejected": "Dipuntolak", "cancelled": "Dipunbatalaken",
           "duplicate": "Dipungabung kaliyan laporan ingkang sami"},
    "en": {"new": "Received", "verified": "Checked", "forwarded": "Sent to the agency",
           "in_progress": "Being worked on", "resolved": "Resolved", "rejected": "Rejected",
           "cancelled": "Cancelled", "duplicate": "Joined to the same problem's report"},
}


def language_of(value: str | None) -> str:
    """A language the page speaks: the one asked for, else Indonesian."""
    return value if value in WORDS else "id"
