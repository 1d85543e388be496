"""The audit chain detects any edit, deletion, reordering or insertion of its entries."""

import json
import re
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from console import audit
from console.cli import main
from console.services import incidents
from console.services.incidents import ReportInput
from models import AuditEntry, AuditHead


@pytest.fixture
def history(app, staff):
    iid = incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="群体投诉", channel="onsite")
    ).id
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


# --- the same tampering, and forged entries, as `audit verify` reports them -------------
def _forged(seq: int, prev_hash: str) -> AuditEntry:
    """An entry a careful forger writes: well-formed, chained to its predecessor, hashed."""
    e = AuditEntry(seq=seq, at=datetime(2026, 11, 24, 2, 5, tzinfo=UTC), actor="leader1",
                   action="incident.advance", entity="incident", entity_id="1", before="{}",
                   after='{"state":"closed"}', prev_hash=prev_hash)  # fmt: skip
    e.hash = audit.entry_hash(e)
    return e


def _hash(s, seq: int) -> str:  # type: ignore[no-untyped-def]
    return s.execute(select(AuditEntry.hash).where(AuditEntry.seq == seq)).scalar_one()


def _rehash(app, n):
    with app.write() as s:
        e = s.execute(select(AuditEntry).where(AuditEntry.seq == 4)).scalar_one()
        e.after = "{}"
        e.hash = audit.entry_hash(e)


def _insert_newest(app, n):
    with app.write() as s:
        s.add(_forged(n + 1, _hash(s, n)))


def _insert_middle(app, n):
    raw(app, "UPDATE audit_log SET seq = -seq WHERE seq > 8")  # make room after entry 8…
    raw(app, "UPDATE audit_log SET seq = 1 - seq WHERE seq < 0")
    with app.write() as s:  # …and fill it with an entry chained to entry 8
        s.add(_forged(9, _hash(s, 8)))


def _replace_newest(app, n):
    raw(app, "DELETE FROM audit_log WHERE seq = ?", n)
    with app.write() as s:
        s.add(_forged(n, _hash(s, n - 1)))


def _swap(app, n):
    raw(app, "UPDATE audit_log SET seq = -1 WHERE seq = 5")
    raw(app, "UPDATE audit_log SET seq = 5 WHERE seq = 6")
    raw(app, "UPDATE audit_log SET seq = 6 WHERE seq = -1")


TAMPERING = {  # how, the first entry `audit verify` must name (n: the newest), and why
    "edit": (lambda app, n: raw(app, "UPDATE audit_log SET actor = 'x' WHERE seq = 7"),
             lambda n: 7, "does not match its hash (edited)"),
    "edit_and_rehash": (_rehash, lambda n: 5, "does not follow entry 4"),
    "delete_in_the_middle": (lambda app, n: raw(app, "DELETE FROM audit_log WHERE seq = 3"),
                             lambda n: 3, "is missing (deleted)"),
    "delete_the_newest": (lambda app, n: raw(app, "DELETE FROM audit_log WHERE seq = ?", n),
                          lambda n: n, "missing (deleted from the end)"),
    "swap_two": (_swap, lambda n: 5, "does not follow entry 4"),
    "insert_a_forged_newest": (_insert_newest, lambda n: n + 1, "was added outside the console"),
    "insert_a_forged_entry_in_the_middle": (_insert_middle, lambda n: 10, "does not follow entry 9"),
    "replace_the_newest": (_replace_newest, lambda n: n, "does not match the chain's head"),
}  # fmt: skip


@pytest.mark.parametrize("how", list(TAMPERING))
def test_audit_verify_on_the_command_line_names_the_first_broken_entry(history, capsys, how):
    tamper, first_broken, why = TAMPERING[how]
    assert main(["--db", history.url, "audit", "verify"]) == 0
    assert "chain intact" in capsys.readouterr().out
    with history.read() as s:
        n = s.get(AuditHead, 1).seq
    tamper(history, n)
    assert main(["--db", history.url, "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("BROKEN: ") and why in err
    named = re.search(r"audit entr(?:y|ies) (\d+)", err)
    assert named and int(named.group(1)) == first_broken(n)
    assert main(["--db", history.url, "audit", "verify", "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert (result["ok"], result["broken"]) == (False, first_broken(n))


def test_verifying_while_another_seat_writes_never_reports_tampering(pg_url):
    """On PostgreSQL a seat committing while `audit verify` reads must not look like
    entries deleted from the end: the chain and its head are read in one snapshot."""
    import threading

    from console.context import open_app
    from console.services import users

    app = open_app(pg_url)
    users.add_user(app, None, "leader0", "leader")
    stop = threading.Event()

    def other_seat() -> None:
        n = 0
        while not stop.is_set():
            users.add_user(app, None, f"deputy{n}", "deputy")
            n += 1

    writer = threading.Thread(target=other_seat)
    writer.start()
    try:
        verdicts = []
        for _ in range(150):
            with app.read() as s:
                verdicts.append(audit.verify(s))
    finally:
        stop.set()
        writer.join()
    assert all(v.ok for v in verdicts), next(v.reason for v in verdicts if not v.ok)
    assert verdicts[-1].entries > verdicts[0].entries  # the other seat really wrote meanwhile
    app.close()
