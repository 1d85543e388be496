"""The sender: delivers the outbox (console/notify/outbox.py) on a thread of its own.

Each pass claims what is due (services.notify.claim), sends it grouped by channel, the
channels side by side and each channel's messages in order, and settles the outcomes in one
transaction (services.notify.settle). A channel that fails with a transient fault (refused,
timed out, 5xx) is not tried again in the same pass: its other messages wait with it, so a
dead receiver costs one attempt per pass, not one per message. The sender wakes when this
process raised something (the scheduler's on_swept), when another process committed a change
(the change bus), and at least every `poll` seconds. Nothing here runs on a GUI thread."""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from console.changes import Change
from console.context import App
from console.errors import Unavailable
from console.notify.channels import Failure
from console.notify.send import Claimed, Outcome, send, warm
from console.services import notify

log = logging.getLogger(__name__)


class Notifier:
    def __init__(self, app: App, *, batch: int = 20, workers: int = 4, poll: float = 1.0,
                 sender: Callable[[Claimed], Outcome] = send,
                 lease: timedelta | None = None) -> None:  # fmt: skip
        self.app = app
        self.batch = batch
        self.poll = poll
        self.sender = sender
        self.lease = lease
        self._lease_s = (lease or notify.LEASE).total_seconds()
        self._claimed_at = 0.0
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notify-send")
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._unsettled: list[Outcome] = []  # sent, but the database was away when settling
        self.on_settled: list[Callable[[dict[str, list[int]]], None]] = []

    # --- life cycle -------------------------------------------------------------------
    def start(self) -> None:
        self.app.bus.subscribe(self._on_change)
        self._thread = threading.Thread(target=self._run, name="notifier", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Finishes the pass under way (its sends are bounded by the channels' timeouts)."""
        self._stop.set()
        self._wake.set()
        self.app.bus.unsubscribe(self._on_change)
        if self._thread is not None:
            self._thread.join(timeout=timeout)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def wake(self, *_: object) -> None:
        self._wake.set()

    def _on_change(self, change: Change) -> None:
        if change.alarms or change.incidents or not change.complete:
            self._wake.set()

    def _run(self) -> None:
        try:
            warm()
        except Exception:  # sending will say what is wrong
            log.exception("loading Apprise failed")
        while not self._stop.is_set():
            self._wake.clear()
            try:
                busy = self.run_pass()
            except Unavailable as exc:
                log.warning("notifier: %s; retrying in %.0f s", exc, self.poll)
                busy = 0
            except Exception:  # a bug must not end the sender: log it and go on
                log.exception("notifier pass failed")
                busy = 0
            if not busy:
                self._wake.wait(self.poll)

    # --- one pass ---------------------------------------------------------------------
    def run_pass(self) -> int:
        """Claims, sends and settles one batch; returns how many messages it claimed."""
        if self._unsettled:
            self._settle(self._unsettled)
        if not notify.due_now(self.app):
            return 0
        claimed = notify.claim(self.app, self.batch, self.lease)
        if not claimed:
            return 0
        by_channel: dict[int, list[Claimed]] = defaultdict(list)
        for m in claimed:
            by_channel[m.channel_id].append(m)
        outcomes: list[Outcome] = []
        self._claimed_at = time.monotonic()
        for result in self._pool.map(self._send_channel, by_channel.values()):
            outcomes.extend(result)
        self._settle(outcomes)
        return len(claimed)

    def _send_channel(self, messages: list[Claimed]) -> list[Outcome]:
        out: list[Outcome] = []
        down: Outcome | None = None
        for m in messages:
            if down is not None:  # its channel just failed: wait with it, untried
                out.append(Outcome(m.id, m.lease, False, Failure.TRANSIENT,
                                   f"同一渠道刚刚失败,稍后重试: {down.error}", tried=False))  # fmt: skip
                continue
            if time.monotonic() - self._claimed_at > self._lease_s / 2:
                # a slow receiver: hand the rest back well before the claim runs out, so
                # no other sender takes them while this one is still sending
                out.append(Outcome(m.id, m.lease, False, Failure.TRANSIENT,
                                   "接收方较慢,本批未发完,稍后继续", tried=False,
                                   handed_back=True))  # fmt: skip
                continue
            result = self.sender(m)
            out.append(result)
            if not result.sent and result.failure is Failure.TRANSIENT:
                down = result
        return out

    def _settle(self, outcomes: list[Outcome]) -> None:
        try:
            done = notify.settle(self.app, outcomes)
        except Exception:  # the database away, a deadlock victim …: kept, tried again next
            self._unsettled = outcomes  # pass (the lease keeps other senders off meanwhile)
            raise
        self._unsettled = []
        if done["failed"]:
            log.warning("notifications given up: %s", done["failed"])
        for callback in list(self.on_settled):
            callback(done)

    def drain(self, rounds: int = 1000) -> dict[str, int]:
        """Passes until nothing is due now (serve --once, tests): counts by outcome."""
        totals: dict[str, int] = {}
        seen: list[dict[str, list[int]]] = []
        self.on_settled.append(seen.append)
        try:
            for _ in range(rounds):
                if not self.run_pass():
                    break
        finally:
            self.on_settled.remove(seen.append)
        for done in seen:
            for state, ids in done.items():
                totals[state] = totals.get(state, 0) + len(ids)
        totals["claimed"] = sum(totals.get(k, 0) for k in ("sent", "retrying", "failed"))
        return totals
