"""Evidence (seeds 000, 001, 002: 录音录像, 照片, 视频, 截图, 实物): a file's exact bytes kept in
the database with their SHA-256, size, type, who and when; the audit entry holds the hash,
so the bytes given back can be proved to be the bytes taken in."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import mimetypes
import os
from pathlib import Path

from sqlalchemy import select

from console.context import App, write_time
from console.errors import ConsoleError, InputError, NotFound
from console.journal import journal
from console.people.permissions import Action
from console.services.common import authorize, clean_text, get_incident
from console.services.queries import attachment_view
from console.views.records import AttachmentView
from models import Attachment, AuditEntry, Incident, Task

log = logging.getLogger(__name__)

DEFAULT_LIMIT_MB = 50
MAX_LIMIT_MB = 512  # a file is read whole into memory and into one value (SQLite's own limit: 1 GB)


def limit_bytes() -> int:
    """The largest file kept: CONSOLE_ATTACHMENT_LIMIT_MB (README), 50 MB by default."""
    raw = os.environ.get("CONSOLE_ATTACHMENT_LIMIT_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_LIMIT_MB
    except ValueError:
        mb = DEFAULT_LIMIT_MB
    if not math.isfinite(mb) or mb <= 0:
        mb = DEFAULT_LIMIT_MB  # a setting that says nothing usable: the default
    if (
        raw
        and mb == DEFAULT_LIMIT_MB
        and raw.strip() not in (str(DEFAULT_LIMIT_MB), f"{DEFAULT_LIMIT_MB}.0")
    ):
        log.warning("CONSOLE_ATTACHMENT_LIMIT_MB=%r is no number of megabytes: the limit is %s MB", raw,
                    DEFAULT_LIMIT_MB)  # fmt: skip
    return int(min(mb, MAX_LIMIT_MB) * 1024 * 1024)


class Tampered(ConsoleError):
    """The bytes stored no longer hash to the hash recorded when they were attached."""

    exit_code = 1


def _read(path: Path) -> bytes:
    """The file's bytes, or a clear refusal naming FILE: missing, a folder, over the limit,
    unreadable."""
    limit = limit_bytes()
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("file", f"{path}: no such file") from None
    except OSError as exc:
        raise InputError("file", f"{path}: cannot be read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise InputError("file", f"{path} is a folder: attach its files one by one")
    if not path.is_file():
        raise InputError("file", f"{path} is not a regular file")
    if info.st_size > limit:
        raise InputError("file", f"{path.name} is {info.st_size / 1048576:.1f} MB; the limit is "
                         f"{limit / 1048576:g} MB (CONSOLE_ATTACHMENT_LIMIT_MB)")  # fmt: skip
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise InputError("file", f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:  # it grew while being read
        raise InputError("file", f"{path.name} is over the limit of {limit / 1048576:g} MB")
    return data


def media_type(name: str, data: bytes) -> str:
    """By the bytes where they say (images, PDF, audio), else by the name's ending."""
    for magic, kind in ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
                        (b"GIF8", "image/gif"), (b"%PDF-", "application/pdf"), (b"ID3", "audio/mpeg")):  # fmt: skip
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[4:8] == b"ftyp":
        return "video/mp4"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def attach(app: App, actor: str | None, incident_id: int, path: Path | str, *,
           task_id: int | None = None, note: str = "", name: str | None = None) -> AttachmentView:  # fmt: skip
    """Keeps a file as evidence of an incident (or of one of its tasks)."""
    path = Path(path)
    note = clean_text(note, "--note", 2000)
    name = clean_text(name or path.name, "file", 255, required=True)
    if "\n" in name or "\t" in name:
        raise InputError("file", "a file name of one line")
    data = _read(path)  # before the transaction: a slow disk holds no lock
    digest = hashlib.sha256(data).hexdigest()
    kind = media_type(name, data)
    with app.write() as s:
        user = authorize(s, actor, Action.ATTACH)
        incident = get_incident(s, incident_id)
        if task_id is not None:
            task = s.get(Task, task_id)
            if task is None or task.incident_id != incident.id:
                raise InputError("--task", f"incident {incident_id} has no task {task_id}")
        a = Attachment(incident_id=incident.id, task_id=task_id, name=name, media_type=kind, size=len(data),
                       sha256=digest, data=data, note=note, added_by=user.name, added_at=write_time(s))  # fmt: skip
        s.add(a)
        s.flush()
        journal(app, s, actor=user.name, action="attachment.add", entity="attachment", entity_id=a.id,
                before=None, after={"incident": incident.id, "task": task_id, "name": name, "media_type": kind,
                                    "size": len(data), "sha256": digest},
                incident_id=incident.id, kind="evidence", significant=True,
                text=f"上传证据 #{a.id}:{name}({_size(len(data))},SHA-256 {digest[:12]}…)"
                     + (f",任务 #{task_id}" if task_id else "") + (f"。{note}" if note else ""))  # fmt: skip
        return attachment_view(a)


def _size(n: int) -> str:
    return (
        f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1048576 else f"{n / 1048576:.1f} MB"
    )


def listing(app: App, incident_id: int) -> list[AttachmentView]:
    with app.read() as s:
        if s.get(Incident, incident_id) is None:
            raise NotFound(f"incident: no incident {incident_id}")
        q = select(Attachment).where(Attachment.incident_id == incident_id).order_by(Attachment.id)
        return [attachment_view(a) for a in s.execute(q).scalars()]


def listing_of(app: App, attachment_id: int) -> list[AttachmentView]:
    """One attachment's listing (no bytes), or none."""
    with app.read() as s:
        a = s.get(Attachment, attachment_id)
        return [attachment_view(a)] if a is not None else []


def content(app: App, attachment_id: int) -> tuple[AttachmentView, bytes]:
    """The exact bytes, checked against the hash recorded when they were attached."""
    with app.read() as s:
        a = s.get(Attachment, attachment_id)
        if a is None:
            raise NotFound(f"attachment: no attachment {attachment_id}")
        data = bytes(a.data)
        view = attachment_view(a)
        # the hash the audit chain holds, not only the row's own (which an editor of the
        # database could rewrite with the bytes): `audit verify` proves the chain
        recorded = s.execute(select(AuditEntry.after).where(
            AuditEntry.entity == "attachment", AuditEntry.entity_id == str(attachment_id),
            AuditEntry.action == "attachment.add")).scalars().first()  # fmt: skip
    audited = json.loads(recorded).get("sha256") if recorded else None
    digest = hashlib.sha256(data).hexdigest()
    if audited is None or digest != audited or digest != view.sha256 or len(data) != view.size:
        raise Tampered(f"attachment {attachment_id}: the stored bytes do not match the SHA-256 the "
                       f"audit recorded when it was attached ({audited or 'none recorded'}); nothing written")  # fmt: skip
    return view, data


def save(app: App, attachment_id: int, out: Path | str) -> AttachmentView:
    """Writes an attachment's bytes to `out` (whole or not at all), hash checked."""
    out = Path(out)
    if out.is_dir():
        raise InputError("--out", f"{out} is a folder: name the file to write")
    if not out.parent.is_dir():
        raise InputError("--out", f"{out.parent}: no such folder")
    view, data = content(app, attachment_id)
    tmp = out.with_name(f".{out.name}.part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError("--out", f"{out}: cannot be written ({exc.strerror or exc})") from None
    return view
