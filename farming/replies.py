"""What the farmers' line texts back, in Indonesian, Javanese and English: short, polite, GSM-7.

Every text fits at most two SMS parts once its values are filled in (checked by the tests).
"""

from __future__ import annotations

from collections.abc import Mapping

TEXTS: Mapping[str, Mapping[str, str]] = {
    "consent": {
        "id": "Lapor Tani Kota Batu: nama, desa dan komoditas Anda kami simpan untuk info "
              "pertanian dan tanya-jawab dengan penyuluh. Setuju? Balas YA. Bisa dihapus "
              "kapan saja: HAPUS",
        "jv": "Lapor Tani Kota Batu: nami, desa lan komoditas panjenengan dipunsimpen kangge "
              "info tetanen lan tanya-jawab kaliyan penyuluh. Setuju? Bales YA. Saged "
              "dipunbusak sawanci-wanci: HAPUS",
        "en": "Lapor Tani Kota Batu: we keep your name, village and crops for farming news and "
              "questions to your field officer. Agree? Reply YA. Delete any time: HAPUS",
    },
    "ask_name": {
        "id": "Siapa nama Anda? Balas dengan nama Anda.",
        "jv": "Sinten asma panjenengan? Bales kanthi asma panjenengan.",
        "en": "What is your name? Reply with your name.",
    },
    "ask_desa": {
        "id": "Di desa/kelurahan mana lahan Anda? Balas namanya, contoh: Punten",
        "jv": "Lahan panjenengan wonten desa/kelurahan pundi? Bales naminipun, tuladha: Punten",
        "en": "Which village is your farm in? Reply its name, e.g. Punten",
    },
    "ask_commodities": {
        "id": "Apa komoditas utama Anda? Balas, contoh: kentang, kubis",
        "jv": "Menapa komoditas utami panjenengan? Bales, tuladha: kenthang, kobis",
        "en": "What do you mainly grow or produce? Reply, e.g. potato, cabbage",
    },
    "registered": {
        "id": "Terima kasih {name}, Anda terdaftar: {desa}, {commodities}. Harga: HARGA "
              "KENTANG. Tanya penyuluh: TANYA <pertanyaan>. Lihat data: DATA. Hapus: HAPUS",
        "jv": "Matur nuwun {name}, panjenengan sampun kadaftar: {desa}, {commodities}. Rega: "
              "HARGA KENTANG. Pitakenan: TANYA <pitakenan>. Data: DATA. Busak: HAPUS",
        "en": "Thank you {name}, you are registered: {desa}, {commodities}. Prices: HARGA "
              "KENTANG. Ask your officer: TANYA <question>. Your data: DATA. Delete: HAPUS",
    },
    "declined": {
        "id": "Baik, data Anda tidak kami simpan. Daftar lagi kapan saja: DAFTAR",
        "jv": "Inggih, data panjenengan mboten dipunsimpen. Daftar malih sawanci-wanci: DAFTAR",
        "en": "All right, we have not kept your data. Register any time: DAFTAR",
    },
    "data": {
        "id": "Data Anda: {name}; desa {desa}; komoditas {commodities}{group}. Disetujui "
              "{date} lewat {channel}. Hapus semua: HAPUS",
        "jv": "Data panjenengan: {name}; desa {desa}; komoditas {commodities}{group}. "
              "Dipunsetujoni {date} lumantar {channel}. Busak sedaya: HAPUS",
        "en": "Your data: {name}; village {desa}; crops {commodities}{group}. Agreed on {date} "
              "by {channel}. Delete it all: HAPUS",
    },
    "not_registered": {
        "id": "Nomor ini belum terdaftar di Lapor Tani. Daftar: DAFTAR nama, desa, komoditas",
        "jv": "Nomer menika dereng kadaftar ing Lapor Tani. Daftar: DAFTAR nami, desa, "
              "komoditas",
        "en": "This number is not registered with Lapor Tani. Register: DAFTAR name, village, "
              "crops",
    },
    "forgotten": {
        "id": "Data Anda sudah kami hapus: nama, desa, komoditas dan rekaman nama. Anda tidak "
              "akan menerima info tani lagi. Terima kasih.",
        "jv": "Data panjenengan sampun dipunbusak: nami, desa, komoditas lan rekaman nami. "
              "Panjenengan mboten nampi info tani malih. Matur nuwun.",
        "en": "Your data is deleted: name, village, crops and name recording. You will get no "
              "more farming news. Thank you.",
    },
    "price": {
        "id": "Harga {commodity} {date} di {market}: {price}/{unit}{change}.",
        "jv": "Rega {commodity} {date} ing {market}: {price}/{unit}{change}.",
        "en": "{commodity} price on {date} at {market}: {price}/{unit}{change}.",
    },
    "price_up": {"id": ", naik {amount} dari seminggu lalu",
                 "jv": ", mindhak {amount} saking minggu kepengker",
                 "en": ", up {amount} from a week before"},
    "price_down": {"id": ", turun {amount} dari seminggu lalu",
                   "jv": ", mandhap {amount} saking minggu kepengker",
                   "en": ", down {amount} from a week before"},
    "price_same": {"id": ", sama dengan seminggu lalu",
                   "jv": ", sami kaliyan minggu kepengker",
                   "en": ", as a week before"},
    "price_old": {"id": " (harga lama, {days} hari lalu)",
                  "jv": " (rega lami, {days} dinten kepengker)",
                  "en": " (an old price, {days} days ago)"},
    "no_price": {
        "id": "Harga {commodity} belum tersedia. Silakan tanyakan lagi besok.",
        "jv": "Rega {commodity} dereng wonten. Mangga dipuntakenaken malih benjing.",
        "en": "No {commodity} price yet. Please try again tomorrow.",
    },
    "unknown_commodity": {
        "id": "Komoditas tidak kami kenali. Contoh: HARGA KENTANG, atau dengan tawaran: "
              "HARGA KENTANG 6000",
        "jv": "Komoditas mboten dipuntepangi. Tuladha: HARGA KENTANG, utawi kaliyan tawaran: "
              "HARGA KENTANG 6000",
        "en": "We do not know that crop. For example: HARGA KENTANG, or with an offer: "
              "HARGA KENTANG 6000",
    },
    "offer_low": {
        "id": "Tawaran {offer}/{unit} untuk {commodity} RENDAH: {percent}% di bawah harga "
              "pasar {price} ({date}, {market}).",
        "jv": "Tawaran {offer}/{unit} kangge {commodity} ANDHAP: {percent}% ngandhap rega "
              "pasar {price} ({date}, {market}).",
        "en": "The offer of {offer}/{unit} for {commodity} is LOW: {percent}% under the market "
              "price {price} ({date}, {market}).",
    },
    "offer_fair": {
        "id": "Tawaran {offer}/{unit} untuk {commodity} wajar: {percent}% di bawah harga "
              "pasar {price} ({date}, {market}).",
        "jv": "Tawaran {offer}/{unit} kangge {commodity} wajar: {percent}% ngandhap rega pasar "
              "{price} ({date}, {market}).",
        "en": "The offer of {offer}/{unit} for {commodity} is fair: {percent}% under the market "
              "price {price} ({date}, {market}).",
    },
    "offer_good": {
        "id": "Tawaran {offer}/{unit} untuk {commodity} bagus: setara atau di atas harga pasar "
              "{price} ({date}, {market}).",
        "jv": "Tawaran {offer}/{unit} kangge {commodity} sae: sami utawi langkung saking rega "
              "pasar {price} ({date}, {market}).",
        "en": "The offer of {offer}/{unit} for {commodity} is good: at or above the market "
              "price {price} ({date}, {market}).",
    },
    "question_received": {
        "id": "Pertanyaan Anda kami terima, tiket {ticket}. Penyuluh desa akan menjawab lewat "
              "SMS. Dengar jawaban: telepon hotline, tekan 3, lalu 4.",
        "jv": "Pitakenan panjenengan sampun katampi, tiket {ticket}. Penyuluh desa badhe "
              "mangsuli lumantar SMS. Mireng wangsulan: telpon hotline, pencet 3, lajeng 4.",
        "en": "We received your question, ticket {ticket}. Your village officer will answer by "
              "SMS. To hear the answer: call the hotline, press 3, then 4.",
    },
    "question_empty": {
        "id": "Tulis pertanyaan Anda setelah TANYA. Contoh: TANYA daun kentang menghitam",
        "jv": "Serat pitakenan panjenengan sasampunipun TANYA. Tuladha: TANYA godhong kenthang "
              "ireng",
        "en": "Write your question after TANYA. For example: TANYA potato leaves turn black",
    },
    "answer": {
        "id": "Jawaban penyuluh untuk tiket {ticket}: {answer}",
        "jv": "Wangsulan penyuluh kangge tiket {ticket}: {answer}",
        "en": "Your officer's answer to ticket {ticket}: {answer}",
    },
    "answer_ready": {
        "id": "Jawaban untuk pertanyaan tiket {ticket} sudah ada. Dengarkan: telepon hotline, "
              "tekan 3, lalu 4, dan masukkan nomor tiket.",
        "jv": "Wangsulan kangge pitakenan tiket {ticket} sampun wonten. Mirengaken: telpon "
              "hotline, pencet 3, lajeng 4, lan lebetaken nomer tiket.",
        "en": "The answer to your question, ticket {ticket}, is ready. To hear it: call the "
              "hotline, press 3, then 4, and key in the ticket.",
    },
    "helpful_ask": {
        "id": "Apakah jawaban ini membantu? Balas 1 ya, 2 tidak",
        "jv": "Menapa wangsulan menika mbiyantu? Bales 1 nggih, 2 mboten",
        "en": "Did this answer help? Reply 1 yes, 2 no",
    },
    "helpful_thanks": {
        "id": "Terima kasih atas tanggapan Anda.",
        "jv": "Matur nuwun sampun paring tanggapan.",
        "en": "Thank you for telling us.",
    },
    "officer_new_question": {
        "id": "Lapor Tani: pertanyaan baru {ticket} dari {desa}: {summary}",
        "jv": "Lapor Tani: pitakenan enggal {ticket} saking {desa}: {summary}",
        "en": "Lapor Tani: new question {ticket} from {desa}: {summary}",
    },
    "officer_escalated": {
        "id": "Lapor Tani: pertanyaan {ticket} dari {desa} belum dijawab {hours} jam, kini "
              "diteruskan ke Anda: {summary}",
        "jv": "Lapor Tani: pitakenan {ticket} saking {desa} dereng dipunwangsuli {hours} jam, "
              "sapunika dipunterusaken dhateng panjenengan: {summary}",
        "en": "Lapor Tani: question {ticket} from {desa} unanswered for {hours} h, now passed "
              "to you: {summary}",
    },
}


def farm_reply(key: str, language: str, **values: str) -> str:
    """The text `key` in `language` (Indonesian when missing), with `values` filled in."""
    texts = TEXTS[key]
    return (texts.get(language) or texts["id"]).format(**values)
