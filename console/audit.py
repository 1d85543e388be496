"""The audit chain: every change appends an entry whose hash covers its content and the
previous entry's hash. Editing, deleting or reordering any entry breaks the chain at
that entry; deleting the newest entries no longer matches the head row."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEntry, AuditHead

GENESIS = "0" * 64
CLOCK_BACK = "clock.back"  # the one entry whose time may be before its predecessor's


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(e: AuditEntry) -> str:
    return _hash(e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, e.before, e.after,
                 e.prev_hash, e.via)  # fmt: skip


def _hash(seq: int, at: datetime, actor: str, action: str, entity: str, entity_id: str,
          before: str, after: str, prev_hash: str, via: str | None) -> str:  # fmt: skip
    fields = [seq, at.isoformat(), actor, action, entity, entity_id, before, after, prev_hash]
    return hashlib.sha256(canonical(fields + ([via] if via else [])).encode("utf-8")).hexdigest()


def lock_head(session: Session) -> AuditHead:
    """The chain's head, locked for this transaction (read once per transaction: a sweep
    that raises a thousand alarms appends a thousand entries under one lock)."""
    transaction = session.get_transaction()
    held = session.info.get("audit_head")
    if held is not None and held[0] is transaction:
        return held[1]
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    session.info["audit_head"] = (transaction, head)
    return head


def record(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    via: str | None = None,
    back: bool = False,
) -> AuditEntry:
    """Appends one entry inside the caller's transaction (the head row is locked). Its time
    is never before the head's (the chain's times never go backwards) except for the entry
    that records the clock going back (`back`, action clock.back)."""
    entry = AuditEntry(**row(session, at=at, actor=actor, action=action, entity=entity,
                             entity_id=entity_id, before=before, after=after, via=via, back=back))  # fmt: skip
    session.add(entry)
    return entry


def row(session: Session, *, at: datetime, actor: str, action: str, entity: str,
        entity_id: object, before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None, via: str | None = None,
        back: bool = False) -> dict[str, Any]:  # fmt: skip
    """The next entry's columns, the head moved on to it: what `record` adds as an object,
    and a batch (console/journal.py `batched`) inserts with one statement."""
    head = lock_head(session)
    if head.at is not None and at < head.at and not (back and action == CLOCK_BACK):
        raise ValueError(f"audit entry at {at} is before the chain's head at {head.at}")
    values = {"seq": head.seq + 1, "at": at, "actor": actor, "action": action, "entity": entity,
              "entity_id": str(entity_id), "before": canonical(before or {}),
              "after": canonical(after or {}), "prev_hash": head.hash, "via": via}  # fmt: skip
    values["hash"] = _hash(**values)
    head.seq, head.hash, head.at = values["seq"], values["hash"], at
    return values


def head(session: Session) -> tuple[int, str]:
    """The chain's head as the console knows it: (sequence number, hash)."""
    row = session.get(AuditHead, 1)
    return (row.seq, row.hash) if row is not None else (0, GENESIS)


def anchor_text(seq: int, digest: str) -> str:
    """How an anchor is written down (handover sheets, `audit head`): SEQ:HASH."""
    return f"{seq}:{digest}"


def parse_anchor(text: str) -> tuple[int, str]:
    """SEQ:HASH, as `audit head` prints it and the handover sheet shows it."""
    seq, sep, digest = (text or "").strip().partition(":")
    digest = digest.strip().lower()
    if (
        not sep
        or not seq.strip().isdigit()
        or len(digest) != 64
        or any(c not in "0123456789abcdef" for c in digest)
    ):
        raise ValueError("SEQ:HASH, e.g. 128:3f2a… (64 hex digits), as `audit head` prints it")
    return int(seq), digest


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    broken_seq: int | None = None
    reason: str = ""


def verify(session: Session, anchor: tuple[int, str] | None = None) -> Verdict:
    """Walks the chain from the first entry; names the first entry that is wrong. Entries
    and head are read in one snapshot: on PostgreSQL a seat committing meanwhile would
    otherwise look like entries deleted from the end (the session must not have read yet).

    With an `anchor` (SEQ, HASH written down earlier, e.g. on a signed handover sheet),
    entry SEQ must still have that hash: a chain whose entries and head were rewritten
    consistently is well-formed, but it is not the chain that was signed."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    expected_seq = 1
    prev = GENESIS
    prev_at = None
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).yield_per(2000).scalars()
    for e in rows:
        if e.seq != expected_seq:
            return Verdict(False, expected_seq - 1, expected_seq,
                           f"audit entry {expected_seq} is missing (deleted)")  # fmt: skip
        if e.prev_hash != prev:
            return Verdict(False, e.seq - 1, e.seq,
                           f"audit entry {e.seq} does not follow entry {e.seq - 1} "
                           "(an entry was removed or reordered)")  # fmt: skip
        if entry_hash(e) != e.hash:
            return Verdict(False, e.seq - 1, e.seq,
                           f"audit entry {e.seq} ({e.action} {e.entity} {e.entity_id}) "
                           "does not match its hash (edited)")  # fmt: skip
        if prev_at is not None and e.at < prev_at and e.action != CLOCK_BACK:
            return Verdict(False, e.seq - 1, e.seq,
                           f"audit entry {e.seq} is dated {e.at.isoformat()}, before entry "
                           f"{e.seq - 1} ({prev_at.isoformat()}): times in the audit never go "
                           "backwards (backdated)")  # fmt: skip
        prev_at = e.at
        if anchor is not None and e.seq == anchor[0] and e.hash != anchor[1]:
            return Verdict(False, e.seq - 1, e.seq,
                           f"audit entry {e.seq} is not the one anchored ({anchor[1][:12]}…): "
                           "the chain up to it was rewritten since the anchor was taken")  # fmt: skip
        prev = e.hash
        expected_seq += 1
    count = expected_seq - 1
    if anchor is not None and anchor[0] > count:
        return Verdict(False, count, count + 1,
                       f"audit entry {anchor[0]} (the anchor) is missing: the chain has "
                       f"{count} entries")  # fmt: skip
    head = session.get(AuditHead, 1)
    if head is not None and head.seq < count:  # appended, well-formed, behind the console's back
        return Verdict(False, head.seq, head.seq + 1,
                       f"audit entry {head.seq + 1} was added outside the console "
                       f"(the chain's head is entry {head.seq})")  # fmt: skip
    if head is not None and head.seq == count and head.hash != prev:
        return Verdict(False, count - 1, count,
                       f"audit entry {count} does not match the chain's head (replaced)")  # fmt: skip
    if head is None or head.seq != count or head.hash != prev:
        missing = head.seq if head else "?"
        return Verdict(False, count, count + 1,
                       f"audit entries {count + 1}…{missing} are missing (deleted from the end)")  # fmt: skip
    return Verdict(True, count)
