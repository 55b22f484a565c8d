"""The operators' pages' words: every Indonesian text with its English translation.

The Indonesian text is the key: templates and views write `_("Antrean")`, and an operator who
chose English reads "Queue". `tests/gateway/operators/test_catalogue.py` checks that every text a
template or view wraps has its entry here.
"""

from __future__ import annotations

from collections.abc import Mapping

from gateway.operators.admin_catalogue import ADMIN_ENGLISH
from gateway.operators.farming_catalogue import FARMING_ENGLISH

_PAGES: Mapping[str, str] = {
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
    "Tidak ada laporan yang sesuai dengan pencarian atau saringan ini.":
        "No report matches this search or these filters.",
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
    "Panggilan menunggu": "Waiting calls", "penelepon": "callers", "mnt": "min", "dtk": "s",
    "Indonesia": "Indonesian", "Jawa": "Javanese", "Inggris": "English",
    "Daftar ini diperbarui sendiri setiap 5 detik; yang Anda ketik tidak hilang.":
        "This list updates itself every 5 seconds; what you type stays.",
    "Muat ulang": "Reload", "Tidak diketahui": "Unknown",
    "Nomor telepon meja belum benar. Tulis seperti 0341512178 atau +62341512178.":
        "That desk phone number is not right. Write it like 0341512178 or +62341512178.",
    "Penelepon itu sudah tidak menunggu.": "That caller is no longer waiting.",
    "Panggilan disambungkan ke telepon meja Anda.": "The call is being put through to your desk "
        "phone.",
    "Baru": "New", "Terverifikasi": "Verified", "Diteruskan": "Forwarded",
    "Sedang ditangani": "In progress", "Selesai": "Resolved", "Ditolak": "Rejected",
    "Terputus": "Dropped call", "Dibatalkan": "Cancelled", "Duplikat": "Duplicate",
    "Telepon": "Phone", "Rendah": "Low", "Biasa": "Normal", "Tinggi": "High",
    "Darurat": "Urgent", "Tersimpan.": "Saved.", "Tolak (beri alasan)": "Reject (give a reason)",
    "Silakan masuk terlebih dahulu.": "Please sign in first.",
    "Nama pengguna atau kata sandi salah.": "Wrong username or password.",
    "Bahasa Inggris": "English", "Bahasa Indonesia": "Bahasa Indonesia",
    # report history (gateway/operators/history_words.py)
    "Sistem": "System", "telepon": "phone", "web": "web",
    "Laporan masuk lewat {channel}": "Report received by {channel}",
    "Masuk triase pusat kendali: {why}": "Sent to command-center triage: {why}",
    "Diarahkan ke {target} sesuai kategorinya": "Routed to {target} by its category",
    "Diarahkan ke {target} menurut kata: {words}": "Routed to {target} by the words: {words}",
    "Status {old} → {new}": "Status {old} → {new}", "Status {new}": "Status {new}",
    "Alasan": "Reason", "triase": "triage",
    "Diteruskan dari {old} ke {new}": "Forwarded from {old} to {new}",
    "kategori {old} → {new}": "category {old} → {new}",
    "wilayah {old} → {new}": "area {old} → {new}", "Diperbaiki: {what}": "Corrected: {what}",
    "Sama dengan laporan {ticket}: digabung ke sana":
        "Same as report {ticket}: merged into it",
    "Digabung dengan laporan {ticket}": "Merged with report {ticket}",
    "Laporan serupa {ticket} bergabung; kini {count} pelapor":
        "Similar report {ticket} joined; {count} reporters now",
    "Prioritas naik dari {old} ke {new}": "Priority raised from {old} to {new}",
    "rendah": "low", "biasa": "normal", "tinggi": "high", "darurat": "urgent",
    "karena": "because of", "kata bahaya: {words}": "danger words: {words}",
    "{count} pelapor": "{count} reporters",
    "Dikirim ke tim reaksi cepat (URC) dinas, {count} nomor":
        "Sent to the agency's rapid response team (URC), {count} numbers",
    "Tidak dikirim ke tim reaksi cepat (URC): dinas ini belum punya nomor URC. Hubungi lewat "
    "telepon.": "Not sent to a rapid response team (URC): this agency has no URC numbers yet. "
    "Call them.",
    "ditanggapi": "acknowledge", "selesai": "resolve",
    "Peringatan: batas waktu {kind} {due}; {count} petugas diberi tahu":
        "Warning: {kind} deadline {due}; {count} operators told",
    "Lewat batas waktu {kind} {due}; {count} pimpinan diberi tahu":
        "Past the {kind} deadline {due}; {count} heads told",
    "Pelapor menyebut lokasinya: {place}": "The reporter gave the place: {place}",
    "Pelapor memberi nilai {rating} dari 5": "The reporter rated it {rating} of 5",
    "Foto dari pelapor diterima": "Photo received from the reporter",
    "Ditugaskan ke penyuluh {name}": "Assigned to field officer {name}",
    "Ditugaskan ke koordinator penyuluh": "Assigned to the field officers' coordinator",
    "koordinator penyuluh": "the field officers' coordinator",
    "Belum dijawab tepat waktu: dialihkan ke {name}": "Not answered in time: moved to {name}",
    "Dijawab dengan rekaman suara": "Answered with a voice recording", "Dijawab": "Answered",
    "Petani: jawabannya membantu": "Farmer: the answer helped",
    "Petani: jawabannya belum membantu": "Farmer: the answer did not help yet",
    "tanpa kategori": "no category", "belum diketahui": "unknown",
    "SMS ke pelapor": "Text to the reporter",
    # error pages (gateway/operators/error_pages.py)
    "Permintaan tidak dapat diproses": "The request could not be carried out",
    "Formulir ini sudah kedaluwarsa atau isinya tidak lengkap. Muat ulang halaman, lalu coba "
    "lagi.": "This form has expired or is incomplete. Reload the page and try again.",
    "Halaman ini bukan untuk akun Anda": "This page is not for your account",
    "Akun Anda tidak punya akses ke halaman ini. Silakan kembali ke halaman utama Anda.":
        "Your account has no access to this page. Please go back to your home page.",
    "Halaman tidak ditemukan": "Page not found",
    "Alamat ini tidak ada, atau laporan ini tidak dapat dibuka dari akun Anda.":
        "This address does not exist, or this report cannot be opened from your account.",
    "Halaman ini tidak dibuka dengan cara itu. Silakan kembali ke halaman utama Anda.":
        "This page is not opened that way. Please go back to your home page.",
    "Berkas terlalu besar": "File too large",
    "Berkas yang Anda kirim melebihi batas. Perkecil berkasnya, lalu coba lagi.":
        "The file you sent is over the limit. Make it smaller and try again.",
    "Terjadi kesalahan pada sistem": "Something went wrong in the system",
    "Kesalahan ini sudah dicatat. Silakan coba lagi sebentar lagi; bila masih terjadi, hubungi "
    "admin TI.": "The error has been logged. Please try again shortly; if it keeps happening, "
    "contact IT.",
    "Kode kesalahan": "Error code", "Kembali ke halaman utama": "Back to your home page",
    # closed reports
    "Laporan ini sudah ditutup; yang masih dapat dilakukan hanya membukanya kembali atau "
    "menambah catatan.": "This report is closed: it can only be reopened or given a note.",
    "Alasan dibuka kembali": "Why it is reopened", "Buka kembali": "Reopen",
    "Dibuka kembali": "Reopened",
    "Hanya laporan yang selesai, ditolak, atau dibatalkan yang dapat dibuka kembali.":
        "Only a resolved, rejected or cancelled report can be reopened.",
    "Tuliskan alasan laporan ini dibuka kembali.": "Write why this report is reopened.",
    # not a report
    "Promosi, pemberitahuan operator atau bank, obrolan pribadi: tutup tanpa SMS ke pengirim. "
    "Rute otomatis belajar dari tanda ini.": "A promotion, an operator's or bank's notice, a "
    "personal chat: close it without a text to the sender. Automatic routing learns from it.",
    "Bukan laporan": "Not a report", "Ditandai bukan laporan": "Marked as not a report",
    "LAPOR!-SP4N": "LAPOR!-SP4N", "Nomor pelacakan nasional": "National tracking number",
    "Status di LAPOR!-SP4N": "Status on LAPOR!-SP4N", "belum ada kabar": "no news yet",
    "Menunggu dikirim ke LAPOR!-SP4N.": "Waiting to be sent to LAPOR!-SP4N.",
    "Gagal dikirim ke LAPOR!-SP4N: {reason}": "Could not be sent to LAPOR!-SP4N: {reason}",
    "Ringkasan untuk LAPOR!-SP4N (tanpa nama dan nomor pelapor)":
        "Summary for LAPOR!-SP4N (without the reporter's name or number)",
    "Boleh ditampilkan di halaman publik LAPOR!": "May be shown on LAPOR!'s public pages",
    "Teruskan ke LAPOR!-SP4N": "Escalate to LAPOR!-SP4N",
    "Hanya pusat kendali yang dapat meneruskan laporan ke LAPOR!-SP4N.":
        "Only the command center can escalate reports to LAPOR!-SP4N.",
    "Sambungan ke LAPOR!-SP4N belum disiapkan (LAPOR_SP4N_URL).":
        "The connection to LAPOR!-SP4N is not set up yet (LAPOR_SP4N_URL).",
    "Tuliskan ringkasan laporan untuk LAPOR!-SP4N.": "Write a summary for LAPOR!-SP4N.",
    "Laporan ini sudah diteruskan ke LAPOR!-SP4N.":
        "This report has already been escalated to LAPOR!-SP4N.",
    "Minta diteruskan ke LAPOR!-SP4N": "Escalation to LAPOR!-SP4N requested",
    "Diteruskan ke LAPOR!-SP4N, nomor pelacakan {tracking}":
        "Escalated to LAPOR!-SP4N, tracking number {tracking}",
    "Gagal diteruskan ke LAPOR!-SP4N: {reason}": "Escalation to LAPOR!-SP4N failed: {reason}",
    "LAPOR!-SP4N ({tracking}): {status}": "LAPOR!-SP4N ({tracking}): {status}",
    "Hanya pusat kendali yang dapat menandai pesan bukan laporan.":
        "Only the command center can mark a message as not a report.",
    # shown when an action cannot be done, and the words of the report page
    "Pusat Kendali": "Command Center",
    "Menu utama": "Main menu",
    "Rekaman suara tiket": "Voice recording of ticket",
    "Tiket, nomor HP, atau kata": "Ticket, phone number or words",
    "Kec.": "District",
    "Halaman-halaman": "Pages",
    "Diterima": "Received",
    "lewat": "by",
    "{rating} dari 5": "{rating} of 5",
    "pelapor": "reporters",
    "(tanpa teks)": "(no text)",
    "Rekaman suara": "Voice recording",
    "Rekaman {sid} belum diunduh ({status}).": "Recording {sid} not downloaded yet ({status}).",
    "{n} foto tersimpan.": "{n} photos kept.",
    "Kata": "Words",
    "keyakinan": "confidence",
    "berikutnya": "next",
    "oleh": "by",
    "Catatan kosong.": "The note is empty.",
    "Dinas tidak dikenal.": "Unknown agency.",
    "Hanya pusat kendali yang dapat meneruskan laporan.":
        "Only the command center can forward reports.",
    "Hanya pusat kendali yang dapat menggabungkan laporan.":
        "Only the command center can merge reports.",
    "Kategori tidak dikenal.": "Unknown category.",
    "Laporan ini sudah ditutup.": "This report is closed.",
    "Nomor pelapor tidak diketahui.": "The reporter's number is unknown.",
    "Pelapor sudah berhenti menerima SMS (STOP).": "The reporter has stopped receiving SMS (STOP).",
    "Pesan kosong.": "The message is empty.",
    "Status itu tidak dapat Anda pilih.": "You cannot choose that status.",
    "Tidak ada yang diubah.": "Nothing was changed.",
    "Tiket induk tidak ditemukan atau tidak dapat dipakai.":
        "The parent ticket was not found or cannot be used.",
    "Tuliskan alasan penolakan; pelapor akan menerimanya.":
        "Write the reason for rejecting; the reporter will receive it.",
    "Wilayah tidak dikenal.": "Unknown area.",
    "Laporan ini sudah di {agency}.": "This report is already with {agency}.",
    "Terlalu banyak percobaan masuk dari alamat ini. Silakan coba lagi nanti.":
        "Too many sign-in attempts from this address. Please try again later.",
    "Laporan ini sudah di triase pusat kendali.":
        "This report is already in the command center's triage.",
    "Tanpa kategori": "No category",
    "{n} mnt": "{n} min", "{n} jam": "{n} h", "{n} hari": "{n} days",
    "lewat {age}": "{age} late", "{age} lagi": "{age} left",
    "laporan baru masuk sejak halaman dibuka.": "new reports since the page was opened.",
    "Koneksi terputus; mencoba lagi...": "Connection lost; trying again...",
    "Rute otomatis yang diubah petugas": "Automatic routing overruled by operators",
    "Dirutekan ke": "Routed to", "Laporan teks": "Text reports", "Diubah petugas":
        "Overruled", "Bagian": "Share",
    "Belum ada laporan teks pada periode ini.": "No text reports in this period.",
}

ENGLISH: Mapping[str, str] = {**_PAGES, **FARMING_ENGLISH, **ADMIN_ENGLISH}
