"""The audit chain detects any edit, deletion or reordering of its entries."""

import sqlite3

import pytest
from sqlalchemy.engine import make_url

from console import audit
from console.services import incidents
from console.services.incidents import ReportInput


@pytest.fixture
def history(app, staff):
    iid = incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="群体投诉", channel="onsite")
    )["id"]
    incidents.activate(app, "leader1", iid)
    incidents.add_note(app, "duty1", iid, "代表三人已推选")
    return app


def verdict(app):
    with app.read() as s:
        return audit.verify(s)


def raw(app, sql, *params):
    conn = sqlite3.connect(make_url(app.url).database)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_an_untouched_chain_verifies(history):
    v = verdict(history)
    assert v.ok and v.entries > 15


def test_editing_an_entry_names_it(history):
    raw(history, "UPDATE audit_log SET actor = 'someone_else' WHERE seq = 7")
    v = verdict(history)
    assert not v.ok and v.broken_seq == 7 and "edited" in v.reason


def test_editing_and_rehashing_one_entry_still_breaks_the_next_link(history):
    from sqlalchemy import select

    from models import AuditEntry

    with history.write() as s:
        e = s.execute(select(AuditEntry).where(AuditEntry.seq == 4)).scalar_one()
        e.after = "{}"
        e.hash = audit.entry_hash(e)  # a careful forger recomputes the hash…
    v = verdict(history)
    assert not v.ok and v.broken_seq == 5  # …but entry 5 still points at the old one


def test_deleting_an_entry_in_the_middle_names_it(history):
    raw(history, "DELETE FROM audit_log WHERE seq = 3")
    v = verdict(history)
    assert not v.ok and v.broken_seq == 3 and "missing" in v.reason


def test_deleting_the_newest_entries_is_detected(history):
    raw(history, "DELETE FROM audit_log WHERE seq >= (SELECT MAX(seq) - 1 FROM audit_log)")
    v = verdict(history)
    assert not v.ok and "deleted from the end" in v.reason


def test_swapping_two_entries_is_detected(history):
    raw(history, "UPDATE audit_log SET seq = -1 WHERE seq = 5")
    raw(history, "UPDATE audit_log SET seq = 5 WHERE seq = 6")
    raw(history, "UPDATE audit_log SET seq = 6 WHERE seq = -1")
    v = verdict(history)
    assert not v.ok and v.broken_seq == 5
