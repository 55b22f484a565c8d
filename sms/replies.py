"""What the gateway texts back, in Indonesian, Javanese and English: short, polite, GSM-7 only.

Every text is GSM-7 and fits at most two SMS parts once its values are filled in (checked by the
tests); most fit one, so a citizen on a cheap phone reads one short message.
"""

from __future__ import annotations

from collections.abc import Mapping

from sms.segments import count_segments

TEXTS: Mapping[str, Mapping[str, str]] = {
    "received": {
        "id": "Lapor Kota Batu: laporan Anda kami terima, tiket {ticket}. "
              "Cek status: balas CEK {ticket}",
        "jv": "Lapor Kota Batu: laporan panjenengan sampun katampi, tiket {ticket}. "
              "Priksa status: bales CEK {ticket}",
        "en": "Lapor Kota Batu: we received your report, ticket {ticket}. "
              "For its status reply CEK {ticket}",
    },
    "ask_place": {
        "id": "Tiket {ticket}. Di desa/kelurahan mana lokasinya? Balas namanya, atau angka "
              "kecamatan: 1 Batu, 2 Bumiaji, 3 Junrejo, 0 tidak tahu",
        "jv": "Tiket {ticket}. Wonten desa/kelurahan pundi? Bales namanipun, utawi angka "
              "kecamatan: 1 Batu, 2 Bumiaji, 3 Junrejo, 0 mboten ngertos",
        "en": "Ticket {ticket}. Which village or ward is it in? Reply its name, or a district: "
              "1 Batu, 2 Bumiaji, 3 Junrejo, 0 not sure",
    },
    "ask_desa": {
        "id": "Desa/kelurahan di Kec. {kecamatan}? Balas angka: {choices}, 0 tidak tahu",
        "jv": "Desa/kelurahan ing Kec. {kecamatan}? Bales angka: {choices}, 0 mboten ngertos",
        "en": "Which village in {kecamatan}? Reply a number: {choices}, 0 not sure",
    },
    "place_noted": {
        "id": "Terima kasih, lokasi laporan {ticket} dicatat: {place}.",
        "jv": "Matur nuwun, panggenan laporan {ticket} sampun kacathet: {place}.",
        "en": "Thank you, the place of report {ticket} is noted: {place}.",
    },
    "place_unknown": {
        "id": "Maaf, tempat itu tidak kami kenali. Balas nama desa/kelurahan, atau 0 jika "
              "tidak tahu.",
        "jv": "Nyuwun pangapunten, panggenan menika mboten kepanggih. Bales nami desa, utawi 0 "
              "menawi mboten ngertos.",
        "en": "Sorry, we do not know that place. Reply the village name, or 0 if not sure.",
    },
    "status": {
        "id": "Laporan {ticket}: {status}. Ditangani oleh {agency}.",
        "jv": "Laporan {ticket}: {status}. Dipunurus dening {agency}.",
        "en": "Report {ticket}: {status}. Handled by {agency}.",
    },
    "not_found": {
        "id": "Tiket {ticket} tidak ditemukan. Mohon periksa nomornya.",
        "jv": "Tiket {ticket} mboten kepanggih. Mangga dipunpriksa nomeripun.",
        "en": "Ticket {ticket} was not found. Please check the number.",
    },
    "bad_ticket": {
        "id": "Maaf, nomor tiket itu keliru. Nomor tiket terdiri dari 9 angka, misalnya "
              "CEK 123456785",
        "jv": "Nyuwun pangapunten, nomer tiket menika lepat. Nomer tiket wonten 9 angka, "
              "tuladha: CEK 123456785",
        "en": "Sorry, that ticket number is wrong. Tickets have 9 digits, e.g. CEK 123456785",
    },
    "cancelled": {
        "id": "Laporan {ticket} sudah dibatalkan. Terima kasih.",
        "jv": "Laporan {ticket} sampun dipunbatalaken. Matur nuwun.",
        "en": "Report {ticket} has been cancelled. Thank you.",
    },
    "cannot_cancel": {
        "id": "Laporan {ticket} tidak dapat dibatalkan dari nomor ini.",
        "jv": "Laporan {ticket} mboten saged dipunbatalaken saking nomer menika.",
        "en": "Report {ticket} cannot be cancelled from this number.",
    },
    "help": {
        "id": "Lapor Kota Batu: kirim LAPOR masalah dan lokasinya. Cek: CEK tiket. Batal: BATAL "
              "tiket. Berhenti: STOP. Darurat: 112",
        "jv": "Lapor Kota Batu: kintun LAPOR perkawis lan panggenanipun. Priksa: CEK tiket. "
              "Batal: BATAL tiket. Darurat: 112",
        "en": "Lapor Kota Batu: send LAPOR and the problem and place. Status: CEK ticket. "
              "Cancel: BATAL ticket. Emergency: 112",
    },
    "empty": {
        "id": "Pesan Anda kosong atau tidak terbaca. Kirim LAPOR masalah dan lokasinya, atau "
              "INFO untuk bantuan.",
        "jv": "Pesen panjenengan kosong utawi mboten kewaos. Kintun LAPOR perkawis lan "
              "panggenanipun, utawi INFO.",
        "en": "Your message was empty or unreadable. Send LAPOR with the problem and place, or "
              "INFO for help.",
    },
    "stopped": {
        "id": "Anda tidak akan menerima SMS lagi dari Lapor Kota Batu. Kirim MULAI untuk aktif "
              "kembali.",
        "jv": "Panjenengan mboten badhe nampi SMS malih saking Lapor Kota Batu. Kintun MULAI "
              "kangge aktif malih.",
        "en": "You will get no more texts from Lapor Kota Batu. Send START to turn them back on.",
    },
    "updates_off": {
        "id": "Kabar laporan tidak kami kirim karena Anda memilih STOP. Kirim MULAI untuk "
              "menerimanya lagi.",
        "jv": "Kabar laporan mboten dipunkintun amargi panjenengan milih STOP. Kintun MULAI "
              "kangge nampi malih.",
        "en": "We will not send updates on it, as you sent STOP. Send START to get them again.",
    },
    "started": {
        "id": "SMS Lapor Kota Batu aktif kembali. Kirim INFO untuk bantuan.",
        "jv": "SMS Lapor Kota Batu aktif malih. Kintun INFO kangge pitulungan.",
        "en": "Texts from Lapor Kota Batu are on again. Send INFO for help.",
    },
    "media_only": {
        "id": "Terima kasih atas fotonya. Mohon kirim juga keterangan masalah dan lokasinya.",
        "jv": "Matur nuwun fotonipun. Mangga kintun ugi katrangan perkawis lan panggenanipun.",
        "en": "Thank you for the photo. Please also send what the problem is and where.",
    },
    "media_unsupported": {
        "id": "Maaf, kami hanya dapat menerima teks dan foto. Mohon kirim keterangan masalahnya "
              "lewat teks.",
        "jv": "Nyuwun pangapunten, kula namung saged nampi teks lan foto. Mangga kintun "
              "katrangan lumantar teks.",
        "en": "Sorry, we can only take text and photos. Please send the problem as text.",
    },
    "forwarded": {
        "id": "Laporan {ticket} sudah kami sampaikan ke {agency} untuk ditindaklanjuti.",
        "jv": "Laporan {ticket} sampun kaaturaken dhateng {agency} supados dipuntindaklanjuti.",
        "en": "Report {ticket} has gone to {agency} for action.",
    },
    "in_progress": {
        "id": "Laporan {ticket} sedang ditangani oleh {agency}.",
        "jv": "Laporan {ticket} nembe dipunurus dening {agency}.",
        "en": "Report {ticket} is being worked on by {agency}.",
    },
    "resolved": {
        "id": "Laporan {ticket} sudah selesai ditangani. Mohon nilai layanan kami: balas angka "
              "1 (buruk) sampai 5 (sangat baik).",
        "jv": "Laporan {ticket} sampun rampung. Mangga paring biji layanan: bales angka 1 "
              "(awon) dumugi 5 (sae sanget).",
        "en": "Report {ticket} has been resolved. Please rate us: reply 1 (poor) to "
              "5 (very good).",
    },
    "resolved_note": {
        "id": "Laporan {ticket} sudah selesai ditangani {agency}: {note} Mohon nilai layanan "
              "kami: balas angka 1 (buruk) sampai 5 (sangat baik).",
        "jv": "Laporan {ticket} sampun rampung dipunurus {agency}: {note} Mangga paring biji "
              "layanan: bales angka 1 (awon) dumugi 5 (sae sanget).",
        "en": "Report {ticket} has been resolved by {agency}: {note} Please rate us: reply 1 "
              "(poor) to 5 (very good).",
    },
    "rejected": {
        "id": "Laporan {ticket} tidak dapat ditindaklanjuti: {reason}",
        "jv": "Laporan {ticket} mboten saged dipunlajengaken: {reason}",
        "en": "Report {ticket} cannot be taken up: {reason}",
    },
    "national_sent": {
        "id": "Laporan {ticket} kami teruskan ke LAPOR!-SP4N, layanan pengaduan nasional, "
              "dengan nomor {tracking}. Kabar selanjutnya kami kirim lewat SMS.",
        "jv": "Laporan {ticket} sampun kaaturaken dhateng LAPOR!-SP4N, layanan pengaduan "
              "nasional, kanthi nomer {tracking}. Kabar salajengipun kakintun lumantar SMS.",
        "en": "Report {ticket} has gone to LAPOR!-SP4N, the national complaint service, as "
              "number {tracking}. We will text you its news.",
    },
    "national_update": {
        "id": "Kabar LAPOR!-SP4N untuk laporan {ticket}: {status}. {note}",
        "jv": "Kabar saking LAPOR!-SP4N kangge laporan {ticket}: {status}. {note}",
        "en": "News from LAPOR!-SP4N on report {ticket}: {status}. {note}",
    },
    "rated": {
        "id": "Terima kasih atas penilaian Anda.",
        "jv": "Matur nuwun sampun paring biji.",
        "en": "Thank you for your rating.",
    },
}

STATUS_WORDS: Mapping[str, Mapping[str, str]] = {
    "new": {"id": "sudah diterima, menunggu diperiksa petugas",
            "jv": "sampun katampi, ngentosi dipunpriksa petugas",
            "en": "received, waiting to be checked"},
    "verified": {"id": "sudah diperiksa", "jv": "sampun dipunpriksa", "en": "checked"},
    "forwarded": {"id": "diteruskan", "jv": "dipunterusaken", "en": "passed on"},
    "in_progress": {"id": "sedang ditangani", "jv": "nembe dipunurus", "en": "being worked on"},
    "resolved": {"id": "selesai", "jv": "rampung", "en": "resolved"},
    "rejected": {"id": "tidak dapat ditindaklanjuti", "jv": "mboten saged dipunlajengaken",
                 "en": "not taken up"},
    "cancelled": {"id": "dibatalkan pelapor", "jv": "dipunbatalaken", "en": "cancelled"},
    "abandoned": {"id": "tercatat dari telepon terputus", "jv": "saking telpon pedhot",
                  "en": "from a dropped call"},
}
TRIAGE = {"id": "petugas pusat kendali", "jv": "petugas pusat kendali",
          "en": "command center staff"}


def reply(key: str, language: str, **values: str) -> str:
    """The reply text `key` in `language`, with `values` filled in."""
    texts = TEXTS[key]
    return (texts.get(language) or texts["id"]).format(**values)


def status_reply(status: str, language: str, ticket: str, agency: str, reason: str = "",
                 parts: int = 2) -> str:
    """The text telling a reporter where their report stands, in at most `parts` SMS parts: a
    long operator's reason or note is shortened, never the rest of the text."""
    key = "resolved_note" if status == "resolved" and reason.strip() else status
    words = " ".join(reason.split()).rstrip(" .")
    while True:
        note = words if not words or words.endswith("...") else f"{words}."
        text = reply(key, language, ticket=ticket, agency=agency, reason=note or "-", note=note)
        if count_segments(text).count <= parts or not words:
            return text
        words = words[:max(0, len(words) - 10)].rsplit(" ", 1)[0].rstrip(" .,") + " ..."
        if words == " ...":
            words = ""


def status_words(status: str, language: str) -> str:
    """A report status as a citizen reads it, in `language`."""
    words = STATUS_WORDS.get(status, {})
    return words.get(language) or words.get("id", status)
