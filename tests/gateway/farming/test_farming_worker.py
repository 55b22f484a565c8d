"""The worker and the farmers' line: an alert to Bumiaji's potato farmers reaches exactly them
(an opted-out one is skipped) at the configured rate, voice alerts are placed, advice texts are
rendered to audio, and unanswered questions escalate on the worker's own round."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from gateway.farming import alerts
from gateway.providers.sending import ConsoleSender, Sent
from gateway.store import advice, models
from gateway.voice.prompts import library_for
from ivr_flows.steps import Say
from tests import factories
from tests.gateway.voice.test_prompts import needs_espeak

BUMIAJI = ["35.79.02.2001", "35.79.02.2002", "35.79.02.2003", "35.79.02.2004",
           "35.79.02.2005", "35.79.02.2006", "35.79.02.2007", "35.79.02.2008", "35.79.02.2009"]
FARMERS = {"+6281200000001": "DAFTAR Ani, Punten, kentang",
           "+6281200000002": "DAFTAR Budi, Tulungrejo, kentang kubis",
           "+6281200000003": "DAFTAR Citra, Punten, apel",
           "+6281200000004": "DAFTAR Dedi, Beji, kentang",
           "+6281200000005": "DAFTAR Eko, Sumberbrantas, kentang"}


class FakeCaller:
    provider = "fake"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def place(self, to: str, twiml: str) -> Sent:
        self.calls.append((to, twiml))
        return Sent(self.provider, f"CA{len(self.calls):032d}", "queued")


def register_all(database, catalog, rules, runtime, clock):
    sid = 0
    for phone, body in FARMERS.items():
        for text in (body, "ya"):
            sid += 1
            factories.text(database, catalog, rules, clock(), phone, text, f"SM{sid:032d}",
                           farming=runtime.farm)
    factories.text(database, catalog, rules, clock(), "+6281200000005", "STOP", "SM" + "9" * 32,
                   farming=runtime.farm)


def test_an_alert_to_bumiaji_potato_farmers_reaches_exactly_them(database, catalog, rules,
                                                                 runtime, clock):
    register_all(database, catalog, rules, runtime, clock)
    settings = runtime.settings.model_copy(update={"FARM_ALERT_RATE": 2.0})
    with database.transaction() as connection:
        item = advice.save(connection, None, {"code": "uji", "commodity": "kentang",
                                              "topic": "hama", "source": "uji", "active": True},
                           {"id": ("Busuk daun", "Semprot fungisida.")}, "staf", clock())
        assert alerts.audience_size(connection, BUMIAJI, ["kentang"]) == 2
        alert_id, reached = alerts.send(connection, settings, "pest",
                                        "Waspada busuk daun kentang.", BUMIAJI, ["kentang"],
                                        item, "staf", clock())
    assert reached == 2
    caller = FakeCaller()
    worker = factories.worker(runtime)
    worker = replace(worker, caller=caller)
    worker.run_once()  # the first of each kind is due now; the next half a second later
    clock.advance(seconds=5)
    worker.run_once()
    with database.readers() as session:
        sent = session.scalars(select(models.Message).where(
            models.Message.direction == "out", models.Message.body.startswith("Waspada"))).all()
        recipients = session.scalars(select(models.AlertRecipient.phone).where(
            models.AlertRecipient.alert_id == alert_id)).all()
    assert sorted(m.to_number for m in sent) == ["+6281200000001", "+6281200000002"]
    assert sorted(recipients) == ["+6281200000001", "+6281200000002"]
    assert sorted(to for to, _ in caller.calls) == ["+6281200000001", "+6281200000002"]
    assert "Semprot fungisida." in caller.calls[0][1] and "<Hangup" in caller.calls[0][1]
    with database.reading() as connection:
        from gateway.store import farm_alerts

        (row,) = farm_alerts.recent(connection)
    assert row.delivery == {"queued": 0, "sent": 2, "delivered": 0, "failed": 0}


def test_texts_are_spaced_at_the_configured_rate(database, catalog, rules, runtime, clock):
    register_all(database, catalog, rules, runtime, clock)
    settings = runtime.settings.model_copy(update={"FARM_ALERT_RATE": 0.5})
    with database.transaction() as connection:
        alerts.send(connection, settings, "weather", "Hujan lebat besok.", [], [], None, "staf",
                    clock())
    with database.readers() as session:
        due = sorted(j.next_attempt_at for j in session.scalars(select(models.OutboxItem).where(
            models.OutboxItem.payload["body"].as_string() == "Hujan lebat besok.")))
    assert [round((d - due[0]).total_seconds()) for d in due] == [0, 2, 4, 6]  # 4 not opted out


@needs_espeak
def test_a_saved_advice_text_is_rendered_to_audio_by_the_worker(database, runtime, clock):
    from gateway.store.outbox import enqueue, job_row

    with database.transaction() as connection:
        enqueue(connection, [job_row("render_prompt",
                                     {"text": "Berikan pupuk kandang matang.", "language": "id"},
                                     clock())])
    factories.worker(runtime, ConsoleSender()).run_once()
    library = library_for(runtime.settings.INSTANCE_DIR, runtime.settings.CONFIG_DIR)
    rendered = library.rendered_file(Say("Berikan pupuk kandang matang.", "id", "x"))
    assert rendered.is_file() and rendered.read_bytes()[:4] == b"RIFF"


def test_the_worker_escalates_a_question_nobody_answered(database, catalog, rules, runtime,
                                                        clock):
    for n, body in enumerate(("DAFTAR Ani, Punten, kubis", "ya", "TANYA kubis saya berlubang")):
        factories.text(database, catalog, rules, clock(), "+6281200000001", body,
                       f"SM{n:032d}", farming=runtime.farm)
    worker = factories.worker(runtime)
    worker.run_once()
    clock.advance(hours=49)
    worker.run_once()
    with database.readers() as session:
        question = session.scalars(select(models.FarmQuestion)).one()
        events = session.scalars(select(models.ReportEvent.action).where(
            models.ReportEvent.report_id == question.report_id)).all()
    assert (question.level, question.officer_code) == (1, "ppl_05")  # Punten's backup
    assert "escalated" in events
