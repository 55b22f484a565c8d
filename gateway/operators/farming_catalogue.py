"""The farmers' line pages' words: every Indonesian text with its English translation.

Merged into `catalogue.ENGLISH`; kept apart so each file stays readable.
"""

from __future__ import annotations

from collections.abc import Mapping

FARMING_ENGLISH: Mapping[str, str] = {
    # navigation and headings
    "Layanan tani": "Farmers' line", "Pertanyaan": "Questions", "Petani": "Farmers",
    "Pustaka saran": "Advice library", "Harga pasar": "Market prices",
    "Peringatan": "Alerts", "Penyuluh": "Field officers", "Statistik tani": "Farming statistics",
    "Statistik layanan tani": "Farmers' line statistics", "Pertanyaan petani": "Farmers' questions",
    "Peringatan untuk petani": "Alerts to farmers", "Peringatan dini": "Early warning",
    "Penyuluh dan desa binaan": "Field officers and their villages",
    "Petani terdaftar": "Registered farmers", "Saran": "Advice", "saran": "items",
    "pertanyaan": "questions", "petani": "farmers",
    "pertanyaan belum dijawab.": "questions not answered yet.",
    # questions
    "Belum ada pertanyaan.": "No questions yet.", "Belum dijawab": "Not answered yet",
    "Sudah dijawab": "Answered", "Pemegang": "Assigned to", "Antre": "Waiting",
    "Lihat pertanyaan": "See the questions", "Jawab": "Answer", "Jawaban": "Answer",
    "Jawaban untuk petani (dikirim lewat SMS)": "Answer to the farmer (sent by SMS)",
    "Atau rekaman jawaban (WAV/MP3, paling lama 3 menit)":
        "Or a recorded answer (WAV/MP3, at most 3 minutes)",
    "Kirim jawaban": "Send the answer", "Membantu?": "Helpful?",
    "Kunjungan lapangan": "Field visit", "Hasil kunjungan": "Outcome of the visit",
    "Simpan kunjungan": "Save the visit", "Jadikan saran di pustaka: judul":
        "Make it an advice item: title", "Tambah ke pustaka": "Add to the library",
    "Kembali ke pertanyaan": "Back to the questions", "Hama/penyakit": "Pest/disease",
    "Siapkan peringatan": "Prepare an alert", "Median jam menjawab": "Median hours to answer",
    "Jawaban per penyuluh": "Answers per field officer", "Koordinator": "Coordinator",
    "Cadangan": "Backup", "Simpan pembagian desa": "Save the village assignments",
    # farmers
    "Belum ada petani terdaftar.": "No farmers registered yet.", "Nama": "Name",
    "Nomor": "Number", "Nomor HP": "Mobile number", "Desa": "Village", "Dusun": "Hamlet",
    "Kelompok tani": "Farmers' group", "Komoditas": "Crops", "Luas lahan": "Land area",
    "Luas lahan (ha)": "Land area (ha)", "Persetujuan": "Consent", "Disetujui": "Agreed",
    "NIK (hanya diisi petugas; ditampilkan tersamar)":
        "NIK (entered by staff only; shown masked)",
    "Data yang disimpan": "Data held", "Lengkapi data": "Complete the data",
    "Daftarkan petani": "Register a farmer", "Daftarkan": "Register",
    "Petani setuju datanya disimpan untuk layanan tani":
        "The farmer agrees that their data is kept for the farmers' line",
    "Kembali ke petani": "Back to the farmers", "Simpan": "Save",
    "Petani per desa dan komoditas": "Farmers per village and crop",
    # library
    "Tambah saran": "Add an item", "Topik": "Topic", "Judul": "Title", "Isi": "Text",
    "Isi saran": "Advice text", "Isi (dibacakan, paling lama 90 detik)":
        "Text (read out, at most 90 seconds)",
    "Atau rekaman (WAV/MP3, paling lama 90 detik)": "Or a recording (WAV/MP3, at most 90 seconds)",
    "Sumber": "Source", "Aktif": "Active", "Aktif di hotline": "Live on the hotline",
    "Diputar": "Played", "Didengar sampai habis": "Heard to the end",
    "Simpan saran": "Save the item", "Kembali ke pustaka": "Back to the library",
    "Kode": "Code", "Jenis": "Kind",
    # prices
    "Belum ada harga.": "No prices yet.", "Harga": "Price", "Harga terbaru": "Latest prices",
    "Masukkan harga": "Enter a price", "Harga (Rp per satuan)": "Price (Rp per unit)",
    "Pasar": "Market", "Tanggal": "Date", "Simpan harga": "Save the price",
    "Impor CSV": "Import a CSV", "Berkas CSV": "CSV file", "Impor": "Import",
    # alerts
    "Belum ada peringatan.": "No alerts yet.", "Kirim peringatan": "Send the alert",
    "Desa (kosong: semua)": "Villages (empty: all)",
    "Komoditas (kosong: semua)": "Crops (empty: all)",
    "Isi SMS (paling banyak 2 SMS)": "SMS text (at most 2 SMS)",
    "Juga telepon dan putar saran (untuk petani yang tidak membaca)":
        "Also call and play an advice item (for farmers who do not read)",
    "Hitung penerima": "Count the recipients", "Penerima": "Recipients",
    "petani akan menerima peringatan ini.": "farmers will receive this alert.",
    "Kirim ke": "Send to", "Peringatan terkirim": "Alerts sent", "Terkirim": "Sent",
    "Gagal": "Failed", "Tidak": "No", "Peringatan dan pengirimannya": "Alerts and their delivery",
    # problems and confirmations
    "Peringatan terlalu panjang: paling banyak 2 SMS.": "The alert is too long: at most 2 SMS.",
    "Pilih jenis peringatan.": "Choose the kind of alert.",
    "Tulis isi peringatan.": "Write the alert's text.",
    "Peringatan dikirim ke {n} petani.": "Alert sent to {n} farmers.",
    "Judul bahasa Indonesia wajib diisi.": "The Indonesian title is required.",
    "Kode: huruf kecil, angka dan garis bawah, diawali huruf.":
        "Code: lower-case letters, digits and underscores, starting with a letter.",
    "Pilih komoditas.": "Choose a crop.",
    "Pilih topik.": "Choose a topic.",
    "Tersimpan. Perubahan langsung berlaku di hotline.":
        "Saved. The change is live on the hotline.",
    "Rekaman ({lang}): {problem}": "Recording ({lang}): {problem}",
    "Isi nomor HP petani dan centang persetujuan petani.":
        "Fill in the farmer's mobile number and tick the farmer's consent.",
    "Luas lahan harus angka (hektare).": "Land area must be a number (hectares).",
    "NIK harus 16 angka.": "A NIK has 16 digits.",
    "Judul dan isi saran wajib diisi.": "The item's title and text are required.",
    "Tanggal kunjungan belum benar. Tulis seperti 2026-12-01.":
        "The visit date is not right. Write it like 2026-12-01.",
    "Tulis jawaban atau unggah rekaman jawaban.": "Write an answer or upload a recorded answer.",
    "{n} harga tersimpan.": "{n} prices saved.",
    "{line}: komoditas {value} tidak dikenal": "{line}: unknown crop {value}",
    "{line}: pasar {value} tidak dikenal": "{line}: unknown market {value}",
    "{line}: harga {value} tidak dapat dibaca": "{line}: cannot read the price {value}",
    "{line}: tanggal {value} tidak dapat dibaca (tulis YYYY-MM-DD)":
        "{line}: cannot read the date {value} (write YYYY-MM-DD)",
    "di sekitar": "around",
    "(nama direkam)": "(name recorded)",
    "diputar {n} kali": "played {n} times",
    "ada rekaman": "has a recording",
    "rekaman": "recording",
    "Kolom": "Columns",
    "sudah dijawab": "answered",
    "belum dijawab": "not answered yet",
    "belum terdaftar": "not registered",
    "koordinator": "coordinator",
    "eskalasi tingkat {n}": "escalated, level {n}",
    "Rekaman pertanyaan": "Recorded question",
    "Rekaman belum diunduh ({status}).": "Recording not downloaded yet ({status}).",
    "(jawaban rekaman)": "(recorded answer)",
    "Teks ({lang}) terlalu panjang untuk 90 detik: paling banyak 200 kata.":
        "Text ({lang}) is too long for 90 seconds: at most 200 words.",
}
