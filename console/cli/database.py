"""The database itself: bring it to the current schema, verify the audit chain."""

from __future__ import annotations

import json
import sys
from argparse import Namespace

from console.cli.common import handles
from console.context import App


@handles("migrate")
def _migrate(app: App, args: Namespace, actor: str | None) -> None:
    print("ok: schema is current")  # opening the console migrated it


@handles("audit", "verify")
def _verify(app: App, args: Namespace, actor: str | None) -> int:
    from console import audit

    with app.read() as s:
        verdict = audit.verify(s)
    result = {"ok": verdict.ok, "entries": verdict.entries, "broken": verdict.broken_seq,
              "reason": verdict.reason}  # fmt: skip
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif verdict.ok:
        print(f"ok: {verdict.entries} audit entries, chain intact")
    else:
        print(f"BROKEN: {verdict.reason}", file=sys.stderr)
    return 0 if verdict.ok else 1
