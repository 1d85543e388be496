"""Sending one message with Apprise, and what became of it. No database: the sender
(console/runners/notifier.py) claims messages, sends them here, and settles the outcomes
through console/services/notify.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from console.notify.channels import Failure, capture, delivery_url, explain, redact


@dataclass(frozen=True)
class Claimed:
    """A message claimed for sending: the channel's URL (secrets and all) lives only here,
    in memory, for the moments of the send."""

    id: int
    lease: datetime  # the claim: settled only while still ours
    channel_id: int
    channel: str
    scheme: str
    url: str
    secrets: tuple[str, ...]
    recipient: str
    target: str
    mobiles: tuple[str, ...]  # the mobiles a 钉钉 robot @-s
    title: str
    body: str
    attempts: int
    created_at: datetime


@dataclass(frozen=True)
class Outcome:
    id: int
    lease: datetime
    sent: bool
    failure: Failure | None = None
    error: str = ""
    tried: bool = True  # False: not tried, its channel had just failed in this pass
    handed_back: bool = False  # not tried, the batch ran long: it keeps its place in the queue


def send(m: Claimed) -> Outcome:
    """One attempt. Never raises: a malformed URL, a refused connection, a timeout, an HTTP
    error or a refused SMTP login is an Outcome with words a person can act on."""
    import apprise

    url = delivery_url(m.url, m.scheme, target=m.target, mobiles=m.mobiles, recipient=m.recipient)
    with capture() as said:
        try:
            plugin = apprise.Apprise.instantiate(url)
            ok = plugin is not None and bool(plugin.notify(body=m.body, title=m.title))
        except Exception as exc:  # a plugin's own bug must not stop the sender
            said.append(f"{type(exc).__name__}: {exc}")
            ok = False
    if ok:
        return Outcome(m.id, m.lease, True)
    if plugin is None:
        failure, why = Failure.PERMANENT, "渠道地址无法使用 (the channel URL is not usable)"
    else:
        failure, why = explain(said)
    detail = redact(" | ".join(x for x in said if x.strip())[:600], list(m.secrets))
    return Outcome(m.id, m.lease, False, failure, redact(f"{why}: {detail}" if detail else why,
                                                          list(m.secrets)))  # fmt: skip


def warm() -> None:
    """Loads Apprise and its plugins (a quarter of a second on a quiet machine, a second on
    a busy one) before the first message needs them, not during its send."""
    import apprise

    with capture():
        apprise.Apprise.instantiate("json://localhost")


def backoff(attempts: int) -> timedelta:
    """The wait before the next try: 1, 2, 4, then every 8 s (so a receiver that comes back
    gets its backlog within seconds, not minutes)."""
    return timedelta(seconds=min(2 ** max(attempts - 1, 0), 8))
