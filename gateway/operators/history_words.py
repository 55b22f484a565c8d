"""A report's history in plain words: who did what, with names instead of codes.

Each event's detail is stored as data (`gateway.reports.history`); `describe` writes it as an
operator reads it: "Diteruskan dari Dinas Lingkungan Hidup ke DPUPR", not
"from_agency: DLH, to_agency: PUPR". The sentences go through the page catalogue (`_`), so an
operator who chose English reads them in English; words the citizen or an operator wrote are
shown as written. An action this module does not know falls back to its detail's values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from routing.catalog import Catalog

CHANNELS = {"voice": "telepon", "sms": "SMS", "whatsapp": "WhatsApp", "web": "web",
            "open311": "Open311"}
PRIORITY_WORDS = {"low": "rendah", "normal": "biasa", "high": "tinggi", "urgent": "darurat"}
DEADLINES = {"acknowledge": "ditanggapi", "resolve": "selesai"}


class Words:
    """Writes history events for one page, in the operator's language."""

    def __init__(self, catalog: Catalog, translate: Callable[[str], str],
                 statuses: Mapping[str, str], when: Callable[[Any], str],
                 officers: Mapping[str, str] | None = None) -> None:
        self.catalog, self._, self.statuses, self.when = catalog, translate, statuses, when
        self.officers = officers or {}

    def actor(self, actor: str) -> str:
        """"Pelapor", "Sistem" or the operator's user name."""
        if actor == "citizen":
            return self._("Pelapor")
        if actor == "system":
            return self._("Sistem")
        if actor == "lapor-sp4n":
            return "LAPOR!-SP4N"
        return actor.split(":", 1)[1] if ":" in actor else actor

    def describe(self, action: str, detail: Mapping[str, Any], from_status: str | None = None,
                 to_status: str | None = None) -> str:
        """One history line's words (without time and actor)."""
        if action == "status":
            return self._with(self._change(from_status, to_status), detail.get("reason"),
                              self._("Alasan"))
        write = getattr(self, f"_on_{action}", None)
        text = write(detail) if write is not None else self._raw(action, detail)
        if to_status and from_status and to_status != from_status:
            text = f"{text}. {self._change(from_status, to_status)}"
        return text

    # --- the words of each action -----------------------------------------------------------

    def _on_created(self, d: Mapping[str, Any]) -> str:
        channel = d.get("channel", "")
        return self._("Laporan masuk lewat {channel}").format(
            channel=self._(CHANNELS.get(channel, channel)))

    def _on_routed(self, d: Mapping[str, Any]) -> str:
        if not d.get("agency"):
            return self._("Masuk triase pusat kendali: {why}").format(
                why=d.get("explanation", ""))
        target = self.agency(d["agency"])
        if str(d.get("rule", "")).startswith("category:"):
            return self._("Diarahkan ke {target} sesuai kategorinya").format(target=target)
        return self._("Diarahkan ke {target} menurut kata: {words}").format(
            target=target, words=", ".join(d.get("words") or ()))

    def _change(self, old: str | None, new: str | None) -> str:
        if not new:
            return ""
        names = {k: self._(v) for k, v in self.statuses.items()}
        if old and old != new:
            return self._("Status {old} → {new}").format(old=names.get(old, old),
                                                        new=names.get(new, new))
        return self._("Status {new}").format(new=names.get(new, new))

    def _on_reassigned(self, d: Mapping[str, Any]) -> str:
        old = self.agency(d["from_agency"]) if d.get("from_agency") else self._("triase")
        new = self.agency(d["to_agency"]) if d.get("to_agency") else self._("triase")
        text = self._("Diteruskan dari {old} ke {new}").format(old=old, new=new)
        return self._with(text, d.get("note"), self._("Catatan"))

    def _on_corrected(self, d: Mapping[str, Any]) -> str:
        parts = []
        if "category" in d:
            old, new = d["category"]
            parts.append(self._("kategori {old} → {new}").format(
                old=self.category(old), new=self.category(new)))
        if "area" in d:
            old, new = d["area"]
            parts.append(self._("wilayah {old} → {new}").format(old=self.area(old),
                                                               new=self.area(new)))
        return self._("Diperbaiki: {what}").format(what="; ".join(parts))

    def _on_reopened(self, d: Mapping[str, Any]) -> str:
        return self._with(self._("Dibuka kembali"), d.get("reason"), self._("Alasan"))

    def _on_not_report(self, d: Mapping[str, Any]) -> str:
        return self._("Ditandai bukan laporan")

    def _on_sp4n_requested(self, d: Mapping[str, Any]) -> str:
        return self._("Minta diteruskan ke LAPOR!-SP4N")

    def _on_sp4n_sent(self, d: Mapping[str, Any]) -> str:
        return self._("Diteruskan ke LAPOR!-SP4N, nomor pelacakan {tracking}").format(
            tracking=d.get("tracking_id", ""))

    def _on_sp4n_failed(self, d: Mapping[str, Any]) -> str:
        return self._("Gagal diteruskan ke LAPOR!-SP4N: {reason}").format(
            reason=d.get("reason", ""))

    def _on_sp4n_status(self, d: Mapping[str, Any]) -> str:
        text = self._("LAPOR!-SP4N ({tracking}): {status}").format(
            tracking=d.get("tracking_id", ""), status=d.get("status") or "-")
        return " · ".join([text, *(d.get("replies") or ())])

    def _on_note(self, d: Mapping[str, Any]) -> str:
        return self._with(self._("Catatan internal"), d.get("note"))

    def _on_message(self, d: Mapping[str, Any]) -> str:
        return self._with(self._("SMS ke pelapor"), d.get("text"))

    def _on_duplicate_of(self, d: Mapping[str, Any]) -> str:
        return self._("Sama dengan laporan {ticket}: digabung ke sana").format(
            ticket=d.get("parent", ""))

    def _on_linked(self, d: Mapping[str, Any]) -> str:
        return self._("Digabung dengan laporan {ticket}").format(ticket=d.get("parent", ""))

    def _on_duplicate_joined(self, d: Mapping[str, Any]) -> str:
        return self._("Laporan serupa {ticket} bergabung; kini {count} pelapor").format(
            ticket=d.get("report", ""), count=d.get("reporters", ""))

    def _on_priority(self, d: Mapping[str, Any]) -> str:
        text = self._("Prioritas naik dari {old} ke {new}").format(
            old=self._(PRIORITY_WORDS.get(d.get("from", ""), d.get("from", ""))),
            new=self._(PRIORITY_WORDS.get(d.get("to", ""), d.get("to", ""))))
        if d.get("words"):
            why = self._("kata bahaya: {words}").format(words=", ".join(d["words"]))
        elif d.get("reporters"):
            why = self._("{count} pelapor").format(count=d["reporters"])
        else:
            why = d.get("reason", "")
        return f"{text} {self._('karena')} {why}" if why else text

    def _on_urc_dispatched(self, d: Mapping[str, Any]) -> str:
        return self._("Dikirim ke tim reaksi cepat (URC) dinas, {count} nomor").format(
            count=d.get("numbers", 0))

    def _on_urc_not_dispatched(self, d: Mapping[str, Any]) -> str:
        return self._("Tidak dikirim ke tim reaksi cepat (URC): dinas ini belum punya nomor "
                      "URC. Hubungi lewat telepon.")

    def _on_deadline_warning(self, d: Mapping[str, Any]) -> str:
        return self._("Peringatan: batas waktu {kind} {due}; {count} petugas diberi tahu").format(
            **self._deadline(d))

    def _on_deadline_escalated(self, d: Mapping[str, Any]) -> str:
        return self._("Lewat batas waktu {kind} {due}; {count} pimpinan diberi tahu").format(
            **self._deadline(d))

    def _on_place(self, d: Mapping[str, Any]) -> str:
        return self._("Pelapor menyebut lokasinya: {place}").format(
            place=self.area(d.get("area_code")))

    def _on_rated(self, d: Mapping[str, Any]) -> str:
        return self._("Pelapor memberi nilai {rating} dari 5").format(rating=d.get("rating"))

    def _on_photo(self, d: Mapping[str, Any]) -> str:
        return self._("Foto dari pelapor diterima")

    def _on_assigned(self, d: Mapping[str, Any]) -> str:
        if d.get("officer"):
            return self._("Ditugaskan ke penyuluh {name}").format(name=self.officer(d["officer"]))
        return self._("Ditugaskan ke koordinator penyuluh")

    def _on_escalated(self, d: Mapping[str, Any]) -> str:
        new = (self.officer(d["to_officer"]) if d.get("to_officer")
               else self._("koordinator penyuluh"))
        return self._("Belum dijawab tepat waktu: dialihkan ke {name}").format(name=new)

    def _on_answered(self, d: Mapping[str, Any]) -> str:
        text = self._("Dijawab dengan rekaman suara") if d.get("recording") else \
            self._("Dijawab")
        return self._with(text, d.get("text"))

    def _on_helpful(self, d: Mapping[str, Any]) -> str:
        return (self._("Petani: jawabannya membantu") if d.get("helpful")
                else self._("Petani: jawabannya belum membantu"))

    # --- names ------------------------------------------------------------------------------

    def agency(self, code: str | None) -> str:
        found = self.catalog.agencies.get(code or "")
        return found.short_name if found else (code or "-")

    def category(self, code: str | None) -> str:
        found = self.catalog.categories.get(code or "")
        return found.name("id") if found else self._("tanpa kategori")

    def area(self, code: str | None) -> str:
        found = self.catalog.areas.get(code or "")
        if found is None:
            return self._("belum diketahui")
        kind = {"desa": "Desa", "kelurahan": "Kel.", "kecamatan": "Kec."}[found.level]
        return f"{kind} {found.name}"

    def officer(self, code: str) -> str:
        return self.officers.get(code, code)

    def _deadline(self, d: Mapping[str, Any]) -> dict[str, Any]:
        due = d.get("due")
        return {"kind": self._(DEADLINES.get(d.get("deadline", ""), d.get("deadline", ""))),
                "due": self.when(datetime.fromisoformat(due)) if due else "-",
                "count": d.get("notified", 0)}

    @staticmethod
    def _with(text: str, value: Any, label: str = "") -> str:
        """`text`, then what was written: "Catatan internal: ..." or "... . Catatan: ..."."""
        if value in (None, ""):
            return text
        return f"{text}. {label}: {value}" if label else f"{text}: {value}"

    def _raw(self, action: str, d: Mapping[str, Any]) -> str:
        values = ", ".join(str(v) for v in d.values() if v not in (None, ""))
        return f"{action}: {values}" if values else action


def history_lines(events: Any, catalog: Catalog, translate: Callable[[str], str],
                  statuses: Mapping[str, str], when: Callable[[Any], str],
                  officers: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """A report's events as the page lists them: time, who, and what in words."""
    words = Words(catalog, translate, statuses, when, officers)
    return [{"at": when(e.at), "actor": words.actor(e.actor),
             "text": words.describe(e.action, e.detail or {}, e.from_status, e.to_status)}
            for e in events]
