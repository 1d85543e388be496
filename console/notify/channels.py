"""Notification channels are Apprise URLs (https://github.com/caronc/apprise): this module
checks one, masks its secrets, says whom it serves, and turns a message into the URL that
carries it to its recipient.

| scheme | service | with --group | without a group |
|---|---|---|---|
| `wecombot://KEY` | 企业微信 group robot | the group's robot | a robot every message goes to |
| `dingtalk://SECRET@TOKEN` | 钉钉 robot, signed | the group's robot (@ by mobile) | the same, for every message |
| `feishu://…`, `lark://…` | 飞书 / Lark robot | the group's robot | the same, for every message |
| `mailto://`, `mailtos://` | e-mail over SMTP | — | the mail server for people's own e-mail |
| `json://`, `jsons://` | a JSON webhook | the group's system | a gateway (SMS) for people's own mobiles |"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, unquote

from console.errors import InputError

ROBOTS = ("wecombot", "dingtalk", "feishu", "lark")
MAIL = ("mailto", "mailtos")
WEBHOOKS = ("json", "jsons")
SCHEMES = (*ROBOTS, *MAIL, *WEBHOOKS)
SERVICE_NAMES = {"wecombot": "企业微信", "dingtalk": "钉钉", "feishu": "飞书", "lark": "飞书",
                 "mailto": "邮件", "mailtos": "邮件", "json": "Webhook", "jsons": "Webhook"}  # fmt: skip
# Apprise's own socket timeouts are 4 s; a sender that waits less on a dead receiver
# reaches the next message sooner (a URL's own cto/rto win).
TIMEOUTS = {"cto": "3", "rto": "5"}


class Audience(StrEnum):
    GROUP = "group"  # a work group's robot: one message per event, @-ing its members
    PEOPLE = "people"  # people's own addresses: one message per person
    ALL = "all"  # a robot every message goes to


@dataclass(frozen=True)
class Checked:
    scheme: str
    masked: str  # the URL with its secrets replaced, to show


def scheme_of(url: str) -> str:
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", url or "")
    return m.group(1).lower() if m else ""


def check(url: str) -> Checked:
    """The channel's scheme and masked URL, or InputError naming --url: not a URL, a
    scheme this console does not send on, or a URL Apprise cannot use."""
    import apprise

    url = (url or "").strip()
    scheme = scheme_of(url)
    if not scheme:
        raise InputError("--url", "not a URL: write SCHEME://…, e.g. json://host/path, "
                         "mailtos://user:pass@smtp.example.com, dingtalk://SECRET@TOKEN")  # fmt: skip
    if scheme not in SCHEMES:
        raise InputError("--url", f"unknown scheme {scheme}://: one of "
                         f"{', '.join(s + '://' for s in SCHEMES)}")  # fmt: skip
    if any(c.isspace() for c in url):
        raise InputError("--url", "a URL has no spaces (write them as %20)")
    with capture() as said:
        plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        why = redact("; ".join(said), secrets_of(url, f"{scheme}://"))
        raise InputError("--url", f"malformed {scheme}:// URL" + (f": {why}" if why else ""))
    return Checked(scheme, _tidy(plugin.url(privacy=True)))


_NOISE = {"overflow=upstream", "retry=0", "wait=0.5", "optional=no", "format=text", "method=POST"}
# Query arguments whose values say how to send, never a key: shown as they are.
_PLAIN = {"method", "mode", "from", "to", "cto", "rto", "format", "name", "smtp", "port", "cc",
          "bcc", "user"}  # fmt: skip
_WORD = re.compile(r"^[A-Za-z][A-Za-z_.-]{0,23}$")


def _tidy(masked: str) -> str:
    """Apprise's masked URL without the defaults it spells out, and with what it leaves
    showing that may be a key masked too: a header's or a payload field's value, any query
    value but how-to-send ones, a path segment that is not a plain word (…/hook/T0KEN)."""
    base, _, query = masked.partition("?")
    scheme, _, rest = base.partition("://")
    host, _, path = rest.partition("/")
    segments = [p if not p or _WORD.match(p) or "*" in p or "..." in p else "****"
                for p in path.split("/")]  # fmt: skip
    kept = []
    for p in query.split("&"):
        if not p or p in _NOISE:
            continue
        key, eq, value = p.partition("=")
        kept.append(p if not eq or key.lower() in _PLAIN else f"{key}=****")
    base = f"{scheme}://{host}" + (f"/{'/'.join(segments)}" if path else "")
    return f"{base}?{'&'.join(kept)}" if kept else base


def audience(scheme: str, group: str | None) -> Audience:
    if group:
        return Audience.GROUP
    return Audience.PEOPLE if scheme in (*MAIL, *WEBHOOKS) else Audience.ALL


def secrets_of(url: str, masked: str) -> list[str]:
    """The parts of `url` its masked form leaves out (keys, tokens, passwords), longest
    first, so `redact` can take them out of any text (Apprise's errors may quote a URL)."""
    split = re.compile(r"[/:@?&=#,+]+")
    shown = set(split.split(unquote(masked)))
    parts = {p for p in split.split(unquote(url)) if len(p) >= 4 and p not in shown}
    parts |= {quote(p, safe="") for p in parts}
    return sorted(parts, key=len, reverse=True)


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "****")
    return text


def _with(url: str, params: dict[str, str]) -> str:
    """The URL with these query parameters added (its own of the same name win)."""
    present = set(re.findall(r"[?&]([^=&#]+)=", url))
    extra = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items() if k not in present)
    if not extra:
        return url
    return f"{url}{'&' if '?' in url else '?'}{extra}"


def delivery_url(url: str, scheme: str, *, target: str = "", mobiles: tuple[str, ...] = (),
                 recipient: str = "") -> str:  # fmt: skip
    """The URL one message goes out on: a mail server's with `to=` the person's address, a
    gateway's with the person's mobile in the JSON body (`mobile`, `recipient`), a 钉钉
    robot's with the mobiles it @-s (`atMobiles`)."""
    params = dict(TIMEOUTS)
    if scheme in MAIL and target:
        params["to"] = target
    elif scheme in WEBHOOKS and target:
        params[":mobile"] = target
        params[":recipient"] = recipient
    elif scheme == "dingtalk" and mobiles:
        params["to"] = ",".join(mobiles)
    return _with(url, params)


# --- Apprise's words about one send, captured on the sending thread ---------------------------

_CAPTURES: dict[int, list[str]] = {}


class _PerThread:
    """A logging handler on Apprise's logger that keeps each thread's records while that
    thread captures; Apprise itself no longer logs anywhere else (its debug lines quote
    URLs with their keys)."""

    def __init__(self) -> None:
        import logging
        import threading

        self._threading = threading

        class Handler(logging.Handler):
            def emit(inner, record: logging.LogRecord) -> None:  # noqa: N805
                lines = _CAPTURES.get(record.thread or 0)
                if lines is None:
                    return
                try:
                    text = record.getMessage()
                except Exception:  # a record that cannot format itself
                    text = str(record.msg)
                # its warnings, and the socket's own words; not the debug payloads
                if record.levelno >= logging.WARNING or text.startswith("Socket Exception"):
                    lines.append(text)

        # urllib3's debug lines quote the request line (…?key=…, access_token=…)
        logging.getLogger("urllib3").setLevel(logging.WARNING)
        apprise_log = logging.getLogger("apprise")
        apprise_log.handlers[:] = [Handler()]
        apprise_log.setLevel(logging.DEBUG)
        apprise_log.propagate = False


_INSTALLED: list[_PerThread] = []


class capture:
    """`with capture() as said:` — what Apprise logs on this thread meanwhile."""

    def __enter__(self) -> list[str]:
        import threading

        if not _INSTALLED:
            _INSTALLED.append(_PerThread())
        self.key = threading.get_ident()
        _CAPTURES[self.key] = lines = []
        return lines

    def __exit__(self, *exc: object) -> None:
        _CAPTURES.pop(self.key, None)


class Failure(StrEnum):
    TRANSIENT = "transient"  # refused, timed out, 5xx, 408/429: retried with backoff
    PERMANENT = "permanent"  # 4xx, a refused login: retrying will not help


def explain(lines: list[str]) -> tuple[Failure, str]:
    """What went wrong, from what Apprise said, in words a duty officer can act on."""
    text = " ".join(lines)
    status = re.search(r"error=(\d{3})", text)
    if re.search(r"SMTPAuthentication|\(53[45],|Authentication (failed|credentials)", text):
        return Failure.PERMANENT, "邮件服务器拒绝登录 (SMTP authentication failed)"
    if status:
        code = int(status.group(1))
        if 400 <= code < 500 and code not in (408, 429):
            return Failure.PERMANENT, f"接收方拒绝 (HTTP {code})"
        return Failure.TRANSIENT, f"接收方出错 (HTTP {code})"
    if re.search(r"[Rr]efused|Errno 111", text):
        return Failure.TRANSIENT, "连接被拒绝 (connection refused)"
    if re.search(r"[Tt]imed? ?out|Timeout", text):
        return Failure.TRANSIENT, "连接超时 (timeout)"
    if re.search(r"Name or service not known|getaddrinfo|resolve", text):
        return Failure.TRANSIENT, "找不到主机 (host not found)"
    last = next((x for x in reversed(lines) if x.strip()), "no answer")
    return Failure.TRANSIENT, f"发送失败 (send failed): {last[:200]}"
