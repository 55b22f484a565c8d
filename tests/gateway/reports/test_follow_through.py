"""Nothing is forgotten: duplicates join the open report, deadlines warn and escalate, urgent
reports reach the URC at once. The clock is moved by the tests."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from gateway.settings import load_settings
from gateway.store import models
from sms.replies import reply
from tests import factories

WINDOW = timedelta(hours=48)


def texted(session, to: str) -> list[str]:
    return [i.payload["body"] for i in session.scalars(
        select(models.OutboxItem).where(models.OutboxItem.kind == "sms")
        .order_by(models.OutboxItem.id)) if i.payload["to"] == to]


def events(session, report_id: int) -> list[str]:
    return [e.action for e in session.scalars(select(models.ReportEvent).where(
        models.ReportEvent.report_id == report_id).order_by(models.ReportEvent.id))]


def sms_in(database, catalog, rules, clock, sender: str, body: str, sid: str) -> None:
    factories.text(database, catalog, rules, clock(), sender, body, sid)


def test_same_problem_in_same_place_joins_the_open_report(database, catalog, rules, clock):
    reporters = ["+6281100000001", "+6281100000002", "+6281100000003"]
    for index, sender in enumerate(reporters):
        sms_in(database, catalog, rules, clock, sender, "LAPOR sampah numpuk di Temas",
               f"SM{index:032x}")
        clock.advance(hours=2)
    with database.session() as session:
        parent, *children = session.scalars(select(models.Report).order_by(models.Report.id))
        assert [c.parent_id for c in children] == [parent.id, parent.id]
        assert [c.status for c in children] == ["duplicate", "duplicate"]
        assert {c.agency_code for c in children} == {"DLH"}
        # every reporter got the open report's ticket
        for sender in reporters:
            assert texted(session, sender) == [reply("received", "id", ticket=parent.ticket)]
        # three reporters of one problem raise its priority
        assert parent.priority == "high" and "priority" in events(session, parent.id)
    factories.set_status(database, catalog, parent.id, "in_progress", "operator:dlh", clock())
    with database.readers() as session:
        for sender in reporters:
            assert texted(session, sender)[-1] == reply("in_progress", "id",
                                                        ticket=parent.ticket,
                                                        agency="Dinas Lingkungan Hidup")


def test_a_number_reporting_again_is_counted_once(database, catalog, rules, clock):
    senders = ["+6281100000001", "+6281100000002", "+6281100000002", "+6281100000001",
               "+6281100000003"]
    for index, sender in enumerate(senders):
        sms_in(database, catalog, rules, clock, sender, "LAPOR sampah numpuk di Temas",
               f"SM{index:032x}")
    with database.session() as session:
        parent = session.scalars(select(models.Report).order_by(models.Report.id)).first()
        joined = [e.detail["reporters"] for e in session.scalars(
            select(models.ReportEvent).where(models.ReportEvent.report_id == parent.id,
                                             models.ReportEvent.action == "duplicate_joined")
            .order_by(models.ReportEvent.id))]
        assert joined == [2, 2, 2, 3]
        # raised once, by the third number, not again by the repeats
        assert parent.priority == "high" and events(session, parent.id).count("priority") == 1


def test_other_place_other_category_or_old_report_is_not_a_duplicate(
    database, catalog, rules, clock
):
    sms_in(database, catalog, rules, clock, "+6281100000001", "LAPOR sampah di Temas", "SM1")
    sms_in(database, catalog, rules, clock, "+6281100000002", "LAPOR sampah di Sisir", "SM2")
    sms_in(database, catalog, rules, clock, "+6281100000003", "LAPOR jalan rusak di Temas", "SM3")
    clock.advance(hours=49)
    sms_in(database, catalog, rules, clock, "+6281100000004", "LAPOR sampah di Temas", "SM4")
    with database.readers() as session:
        assert [r.parent_id for r in session.scalars(select(models.Report))] == [None] * 4


def test_urgent_report_is_dispatched_to_the_urc_at_once(database, catalog, rules, clock):
    sms_in(database, catalog, rules, clock, "+6281100000009",
           "LAPOR kebakaran rumah di Oro-oro Ombo, api besar", "SMfire")
    with database.readers() as session:
        report = session.scalar(select(models.Report))
        assert report.agency_code == "DAMKAR" and report.priority == "urgent"
        for number in catalog.agencies["DAMKAR"].urc_numbers:
            (text,) = texted(session, number)
            assert text.startswith(f"URC Damkar: DARURAT tiket {report.ticket}, Kebakaran, "
                                   "Oro-oro Ombo.")
        assert "urc_dispatched" in events(session, report.id)


def test_urgent_report_without_urc_numbers_says_so_in_history(database, catalog, clock):
    report = factories.report(database, catalog, clock(), "voice", "+6281100000010",
                              category_code="bencana")
    with database.readers() as session:
        assert "urc_not_dispatched" in events(session, report.id)


@pytest.fixture
def worker(settings_env, runtime):
    settings = load_settings({**settings_env, "COMMAND_CENTER_NUMBER": "+62341512178"}, ())
    return factories.worker(replace(runtime, settings=settings))


def test_deadlines_warn_at_75_percent_then_escalate_once(database, catalog, clock, worker,
                                                         monkeypatch):
    monkeypatch.setitem(catalog.agencies, "PUPR", replace(
        catalog.agencies["PUPR"], urc_numbers=("+6281300000001",),
        head_numbers=("+6281300000002",)))
    report = factories.report(  # acknowledge within 24 h, resolve within 168 h
        database, catalog, clock(), "sms", "+6281100000020", category_code="jalan",
        area_code="35.79.01.1004", text="jalan berlubang")
    ticket = report.ticket
    clock.advance(hours=17)
    worker.run_once()
    with database.readers() as session:
        assert texted(session, "+6281300000001") == []  # 71 % of the day: nothing yet
    clock.advance(hours=1)  # 75 %
    worker.run_once()
    clock.advance(minutes=1)
    worker.run_once()  # a later round warns nobody twice
    with database.readers() as session:
        (warning,) = texted(session, "+6281300000001")
        assert warning.startswith(f"Peringatan: laporan {ticket} (Jalan atau jembatan rusak, "
                                  "Sisir) harus ditanggapi sebelum")
    clock.advance(hours=6, minutes=1)  # past the acknowledge deadline
    worker.run_once()
    with database.readers() as session:
        report = session.scalar(select(models.Report))
        for number in ("+62341512178", "+6281300000002"):
            (escalation,) = texted(session, number)
            assert escalation.startswith(f"ESKALASI: laporan {ticket}")
        assert events(session, report.id).count("deadline_escalated") == 1
    factories.set_status(database, catalog, report.id, "in_progress", "operator:pupr", clock(),
                         notify=False)
    clock.advance(hours=103)  # past 75 % of the week to resolve (126 h)
    worker.run_once()
    with database.readers() as session:
        assert texted(session, "+6281300000001")[-1].startswith(
            f"Peringatan: laporan {ticket} (Jalan atau jembatan rusak, Sisir) harus diselesaikan")
        steps = [e.detail for e in session.scalars(select(models.ReportEvent).where(
            models.ReportEvent.action.in_(("deadline_warning", "deadline_escalated"))))]
        assert [s["deadline"] for s in steps] == ["acknowledge", "acknowledge", "resolve"]


def test_resolved_reports_are_not_chased(database, catalog, clock, worker):
    report = factories.report(database, catalog, clock(), "sms", "+6281100000021",
                              category_code="sampah", area_code="35.79.01.1001")
    factories.set_status(database, catalog, report.id, "resolved", "operator:dlh", clock(),
                         notify=False)
    clock.advance(days=30)
    worker.run_once()
    with database.readers() as session:
        assert "deadline_warning" not in events(session, report.id)


def test_reporters_are_counted_exactly_when_a_flood_arrives_at_once(database, catalog, rules,
                                                                   clock):
    """Many messages about one problem at the same moment, some numbers texting twice: the open
    report counts each number once, and each new number saw its own count (PostgreSQL in CI,
    where the transactions really overlap)."""
    sms_in(database, catalog, rules, clock, "+6281100000000", "LAPOR sampah numpuk di Temas",
           "SMfirst")
    numbers = [f"+62811000001{i:02d}" for i in range(12)]
    senders = numbers + numbers[:6] + ["+6281100000000"]  # repeats and the first reporter
    barrier = threading.Barrier(len(senders))
    errors: list[BaseException] = []

    def text(index: int, sender: str) -> None:
        try:
            barrier.wait(timeout=30)
            sms_in(database, catalog, rules, clock, sender, "LAPOR sampah numpuk di Temas",
                   f"SMflood{index:04d}")
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=text, args=(i, s)) for i, s in enumerate(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with database.readers() as session:
        parent = session.scalars(select(models.Report).order_by(models.Report.id)).first()
        assert parent.reporters == 13
        assert session.scalar(select(func.count()).select_from(models.ReportReporter)) == 12
        counts = [e.detail["reporters"] for e in session.scalars(
            select(models.ReportEvent).where(models.ReportEvent.report_id == parent.id,
                                             models.ReportEvent.action == "duplicate_joined"))]
        assert len(counts) == len(senders)
        # every new number got its own count; a repeat says how many there were when it came
        assert set(range(2, 14)) <= set(counts) and max(counts) == 13
        # 3, 6, 9, 12 numbers: normal -> high -> urgent, then no higher
        raised = [e.detail for e in session.scalars(select(models.ReportEvent).where(
            models.ReportEvent.report_id == parent.id, models.ReportEvent.action == "priority"))]
        assert [(r["from"], r["to"]) for r in raised] == [("normal", "high"), ("high", "urgent")]
        assert parent.priority == "urgent"


def test_upgrade_counts_the_reporters_of_existing_groups(database, catalog, rules, clock):
    for index, sender in enumerate(["+6281100000001", "+6281100000002", "+6281100000002",
                                    "+6281100000003", "+6281100000001"]):
        sms_in(database, catalog, rules, clock, sender, "LAPOR sampah numpuk di Temas",
               f"SM{index:032x}")
    sms_in(database, catalog, rules, clock, "+6281100000004", "LAPOR jalan rusak di Sisir",
           "SMother")

    def counted() -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
        with database.readers() as session:
            return (session.execute(select(models.Report.id, models.Report.reporters)
                                    .order_by(models.Report.id)).all(),
                    session.execute(select(models.ReportReporter.parent_id,
                                           models.ReportReporter.reporter)
                                    .order_by(models.ReportReporter.reporter)).all())

    before = counted()
    assert [n for _, n in before[0]] == [3, 1, 1, 1, 1, 1]
    database.downgrade("0010")
    database.upgrade()
    assert counted() == before
