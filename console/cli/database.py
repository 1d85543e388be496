"""The database itself: bring it to the current schema (and make a new one a sandbox),
verify the audit chain, print its head."""

from __future__ import annotations

import json
import sys
from argparse import Namespace

from console.cli.common import arg, handles
from console.context import App
from console.errors import InputError

SANDBOX = arg("--sandbox", action="store_true",
              help="mark this new, empty database a sandbox (tests, training, demos): --now is "
                   "honoured and every window and page carries 测试")  # fmt: skip


@handles("migrate", arguments=(SANDBOX,))
def _migrate(app: App, args: Namespace, actor: str | None) -> None:
    if args.sandbox:
        from console.services.sandbox import mark_sandbox

        if actor is not None:
            raise InputError("--sandbox", "the local administrator's (run it without --as)")
        mark_sandbox(app)
        print("ok: schema is current; this database is a sandbox (测试)")
        return
    print("ok: schema is current")  # opening the console migrated it


@handles("demo")
def _demo(app: App, args: Namespace, actor: str | None) -> None:
    """The demo's plans, people and cases, into an empty database only (a real one is never
    turned into a demo), which becomes a sandbox: every window and page carries 测试."""
    from console.services.demo import DEMO_PASSWORD, has_users, load_demo

    if actor is not None:
        raise InputError("--as", "the local administrator's (run it without --as)")
    if has_users(app):
        raise InputError("--db", "not empty: the demo goes into a new database only")
    load_demo(app)
    print(f"ok: demo loaded; a sandbox (测试); every demo user's password is {DEMO_PASSWORD}")


@handles("audit", "head")
def _head(app: App, args: Namespace, actor: str | None) -> None:
    from console import audit

    with app.read() as s:
        seq, digest = audit.head(s)
    if args.json:
        print(json.dumps({"seq": seq, "hash": digest, "anchor": audit.anchor_text(seq, digest)}))
    else:
        print(audit.anchor_text(seq, digest))


ANCHOR = arg("--anchor", help="SEQ:HASH as `audit head` printed it or a handover sheet shows it: "
             "the chain up to SEQ must be the one written down")  # fmt: skip


@handles("audit", "verify", arguments=(ANCHOR,))
def _verify(app: App, args: Namespace, actor: str | None) -> int:
    from console import audit

    anchor = None
    if args.anchor is not None:
        try:
            anchor = audit.parse_anchor(args.anchor)
        except ValueError as exc:
            raise InputError("--anchor", str(exc)) from None
    with app.read() as s:
        verdict = audit.verify(s, anchor)
    result = {"ok": verdict.ok, "entries": verdict.entries, "broken": verdict.broken_seq,
              "reason": verdict.reason}  # fmt: skip
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif verdict.ok:
        print(f"ok: {verdict.entries} audit entries, chain intact"
              + (f"; entry {anchor[0]} is the one anchored" if anchor else ""))  # fmt: skip
    else:
        print(f"BROKEN: {verdict.reason}", file=sys.stderr)
    return 0 if verdict.ok else 1
