"""Reaching people where they are (issue 18): an alarm nobody on a seat sees still reaches
its people off their seats, through Apprise channels and a transactional outbox.

Receivers are real and local (a pytest-httpserver for JSON webhooks and gateways, an
aiosmtpd server for e-mail); the robots (企业微信, 钉钉, 飞书, Lark) are intercepted just
below Apprise, at `requests.post`. Nothing here leaves the machine: an autouse guard refuses
any name lookup but the loopback's."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import io
import json
import re
import socket
import sqlite3
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug.wrappers import Response

from console.cli import main
from console.context import open_app
from console.errors import InputError
from console.notify import channels, outbox
from console.notify.send import Outcome
from console.plans.plan import PLANS_DIR
from console.runners import serve
from console.runners.notifier import Notifier
from console.services import alarms, incidents, notify, queries, reports, tasks
from console.services.incidents import ReportInput
from console.time.source import FixedTime
from models import Alarm, AuditEntry, LogEntry, Message
from tests.conftest import HIRED, local
from tests.notify_worker import MOBILE, free_port, hire_cast

ROOT = Path(__file__).resolve().parent.parent

REPORT_UP = "记录投诉人数、核心诉求、发生地点、情绪状态，第一时间向组长或副组长报告"
NOTIFY_GROUPS = "通知各工作组成员到位"


# --- nothing leaves the machine -------------------------------------------------------
_real_getaddrinfo = socket.getaddrinfo
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(autouse=True)
def _no_outside_network(monkeypatch):
    """A name lookup for anything but the loopback fails at once (no DNS, no waiting)."""

    def guarded(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in LOOPBACK and not (isinstance(host, bytes) and host.decode() in LOOPBACK):
            raise socket.gaierror(socket.EAI_NONAME, f"tests: no outside network ({host})")
        return _real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


# --- helpers ----------------------------------------------------------------------------
@pytest.fixture
def cast(app) -> None:
    hire_cast(app)


@pytest.fixture
def sandbox(sandbox_url) -> str:
    """A sandbox database (--now is honoured) with CAST in it."""
    application = open_app(sandbox_url, FixedTime(HIRED))
    hire_cast(application)
    application.close()
    return sandbox_url


def cli(url: str, now: str, *args: str) -> tuple[int, str, str]:
    """The command line, in this process (so monkeypatches reach it)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", url, "--now", now, *args])
    return code, out.getvalue(), err.getvalue()


def report(app, clock, at, *, activate: bool = False, title: str = "营业部群体投诉") -> int:
    """接报登记 of a 群体投诉 at `at` by the duty officer (its 首问负责人); activated by zhang."""
    clock.set(at)
    inc = incidents.register(
        app, "duty", ReportInput(plan="group_complaint", title=title, channel="onsite", people=30)
    )
    if activate:
        incidents.activate(app, "zhang", inc.id)
    return inc.id


def add_channel(app, name: str, url: str, group: str | None = None) -> None:
    real, app.time = app.time, FixedTime(HIRED)
    try:
        notify.add_channel(app, None, name, url, group)
    finally:
        app.time = real


def messages(app, **where) -> list[Message]:
    with app.read() as s:
        q = select(Message).order_by(Message.id)
        for column, value in where.items():
            q = q.where(getattr(Message, column) == value)
        return list(s.execute(q).scalars())


def all_alarms(app) -> list[Alarm]:
    with app.read() as s:
        return list(s.execute(select(Alarm).order_by(Alarm.id)).scalars())


class Recorder:
    """A sender that delivers everything and remembers what (for tests of what is written,
    not of the transport)."""

    def __init__(self) -> None:
        self.sent: list = []

    def __call__(self, m) -> Outcome:  # type: ignore[no-untyped-def]
        self.sent.append(m)
        return Outcome(m.id, m.lease, True)


def plans_with(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """A plans folder holding plan 000 changed by `change(data)`."""
    folder = tmp_path / "plans"
    folder.mkdir()
    data = yaml.safe_load((PLANS_DIR / "000_group_complaint.yaml").read_text(encoding="utf-8"))
    change(data)
    (folder / "000_group_complaint.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


def posted(server: HTTPServer) -> list[dict]:
    return [json.loads(request.get_data()) for request, _ in server.log]


class Mailbox:
    """A local SMTP server (plain, no TLS) that takes logins with `password` only."""

    def __init__(self, password: str) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.received: list = []
        self.logins: list[tuple[bytes, bytes]] = []
        box = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
                box.received.append(envelope)
                return "250 OK"

        def authenticator(server, session, envelope, mechanism, data):  # type: ignore[no-untyped-def]
            box.logins.append((data.login, data.password))
            return AuthResult(success=data.password == password.encode(), handled=False)

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port,
                                     authenticator=authenticator, auth_require_tls=False)  # fmt: skip
        self.controller.start()

    def url(self, user: str, password: str) -> str:
        return (f"mailto://{user}:{password}@127.0.0.1:{self.port}"
                "?from=console@example.com&mode=insecure")  # fmt: skip

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture
def mailbox():
    box = Mailbox("mail-pass-ok")
    yield box
    box.stop()


def every_text(url: str) -> str:
    """Everything a SQLite database holds, but the one place a channel's secrets live
    (channels.url): its other columns, the audit log, the duty log, the outbox, …"""
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        texts = []
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            keep = [c for c in columns if not (table == "channels" and c == "url")]
            for row in conn.execute(f"SELECT {', '.join(keep)} FROM {table}"):  # noqa: S608
                texts.extend(str(v) for v in row)
        return "\n".join(texts)
    finally:
        conn.close()


# --- channels: a URL is checked, and its secrets are never shown -------------------------
NOW = "2026-11-24T10:00:00+08:00"


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "json//127.0.0.1/hook",
        "://127.0.0.1/hook",
        "dingtalk://",
        "dingtalk://bad-secret!@token/",
        "wecombot://",
        "json://127.0.0.1/ho ok",
    ],
)
def test_channel_add_with_a_malformed_url_exits_2_naming_url(sandbox, url):
    code, _, err = cli(sandbox, NOW, "notify", "channel", "add", "hook", "--url", url)
    assert code == 2 and "--url" in err, err
    code, out, _ = cli(sandbox, NOW, "notify", "channel", "list", "--json")
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize("url", ["slack://T0/B0/XYZ", "http://127.0.0.1/hook", "telegram://x/y"])
def test_channel_add_with_an_unknown_scheme_exits_2_naming_url(sandbox, url):
    code, _, err = cli(sandbox, NOW, "notify", "channel", "add", "hook", "--url", url)
    assert code == 2 and "--url" in err and "unknown scheme" in err, err
    assert url.split("://")[0] + "://" in err


@pytest.mark.parametrize(
    ("url", "group", "why"),
    [
        ("json://127.0.0.1/hook", "kitchen", "no work group"),
        ("mailto://console:pw@127.0.0.1?from=console@example.com", "onsite", "without --group"),
    ],
)
def test_channel_add_with_a_group_it_cannot_serve_exits_2_naming_group(sandbox, url, group, why):
    code, _, err = cli(
        sandbox, NOW, "notify", "channel", "add", "x", "--url", url, "--group", group
    )
    assert code == 2 and "--group" in err and why in err, err


def test_a_second_channel_of_the_same_name_is_a_conflict(sandbox):
    assert (
        cli(sandbox, NOW, "notify", "channel", "add", "sms", "--url", "json://127.0.0.1/a")[0] == 0
    )
    code, _, err = cli(
        sandbox, NOW, "notify", "channel", "add", "sms", "--url", "json://127.0.0.1/b"
    )
    assert code == 5 and "notify channel remove sms" in err


SECRET_URLS = {
    "ding": ("dingtalk://SeCrEt123ding@TokenSeCrEt456/", "钉钉", ["SeCrEt123ding", "TokenSeCrEt456"]),
    "wecom": ("wecombot://SeCrEt-123-wecom", "企业微信", ["SeCrEt-123-wecom"]),
    "mail": ("mailtos://console:SeCrEt-123-mail@smtp.example.com?from=console@example.com",
             "邮件", ["SeCrEt-123-mail"]),
    "feishu": ("feishu://SeCrEt-123-feishu", "飞书", ["SeCrEt-123-feishu"]),
    "hook": ("json://gate:SeCrEt-123-json@127.0.0.1:9/sms", "Webhook", ["SeCrEt-123-json"]),
}  # fmt: skip


def test_channel_list_its_json_the_audit_and_the_duty_log_never_show_the_secrets(sandbox):
    for name, (url, _, _) in SECRET_URLS.items():
        group = ["--group", "onsite"] if name in ("ding", "wecom") else []
        code, out, err = cli(sandbox, NOW, "notify", "channel", "add", name, "--url", url, *group)
        assert code == 0, err
    code, text, _ = cli(sandbox, NOW, "notify", "channel", "list")
    assert code == 0
    code, as_json, _ = cli(sandbox, NOW, "notify", "channel", "list", "--json")
    listed = {c["name"]: c for c in json.loads(as_json)}
    assert set(listed) == set(SECRET_URLS)
    for name, (url, service, _) in SECRET_URLS.items():
        assert listed[name]["service"] == service
        assert listed[name]["url"].startswith(url.split("://")[0] + "://")
        assert re.search(rf"^{name}\s+{service}", text, re.M)
    secrets = [s for _, _, parts in SECRET_URLS.values() for s in parts]
    shown = text + as_json + every_text(sandbox)
    assert "添加通知渠道" in every_text(sandbox)  # the duty log and audit do record each one
    for secret in secrets:
        assert secret not in shown, secret
    # … while the channel itself keeps them, to send with
    conn = sqlite3.connect(sandbox.removeprefix("sqlite:///"))
    kept = " ".join(r[0] for r in conn.execute("SELECT url FROM channels"))
    conn.close()
    assert all(secret in kept for secret in secrets)


def test_notify_test_sends_a_test_message_to_the_testers_own_mobile(sandbox, receiver):
    receiver.expect_request("/sms", method="POST").respond_with_json({})
    hook = f"json://127.0.0.1:{receiver.port}/sms"
    assert cli(sandbox, NOW, "notify", "channel", "add", "sms", "--url", hook)[0] == 0
    code, _, err = cli(sandbox, NOW, "notify", "test", "sms")  # whose mobile?
    assert code == 2 and "--as" in err
    code, out, err = cli(sandbox, NOW, "notify", "test", "sms", "--as", "zhang")
    assert (code, out.strip()) == (0, "sent on sms"), err
    [payload] = posted(receiver)
    assert (payload["recipient"], payload["mobile"]) == ("zhang", MOBILE["zhang"])
    assert "通知渠道测试:sms" in payload["title"]
    code, out, _ = cli(sandbox, NOW, "notify", "test", "nosuch", "--as", "zhang")
    assert code == 4
    receiver.stop()  # nobody there now: the test says so, exit 1
    code, out, _ = cli(sandbox, NOW, "notify", "test", "sms", "--as", "zhang")
    assert code == 1 and "not sent on sms: 连接被拒绝 (connection refused)" in out


def test_a_send_error_quoting_the_url_is_shown_and_logged_without_the_secrets(sandbox, monkeypatch):
    import requests

    def refuse(url, params=None, **kwargs):  # type: ignore[no-untyped-def]
        query = "&".join(f"{k}={v}" for k, v in (params or {}).items())
        raise requests.ConnectionError(
            f"HTTPSConnectionPool(host='oapi.dingtalk.com', port=443): Max retries exceeded "
            f"with url: {url}&{query} (Caused by ProxyError('refused'))"
        )

    monkeypatch.setattr("apprise.plugins.dingtalk.requests.post", refuse)
    url, _, secrets = SECRET_URLS["ding"]
    assert cli(sandbox, NOW, "notify", "channel", "add", "ding", "--url", url, "--group",
               "coordination")[0] == 0  # fmt: skip
    code, out, err = cli(sandbox, NOW, "notify", "test", "ding")
    assert code == 1 and "not sent on ding" in out and "access_token=****" in out, out + err
    cli(sandbox, NOW, "report", "--plan", "group_complaint", "--title", "投诉", "--channel",
        "onsite", "--as", "duty")  # fmt: skip
    code, out, err = cli(sandbox, "2026-11-24T10:10:00+08:00", "serve", "--once", "--json")
    assert json.loads(out)["retrying"] == 1, out + err
    code, log, _ = cli(sandbox, "2026-11-24T10:10:00+08:00", "notify", "log")
    assert "连接被拒绝 (connection refused)" in log and "access_token=****" in log
    for secret in secrets:
        assert secret not in out + err + log + every_text(sandbox), secret


@hyp_settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=80),
        st.tuples(
            st.sampled_from([*channels.SCHEMES, "http", "slack", "JSON", "MailTo", ""]),
            st.text(max_size=60),
        ).map(lambda p: f"{p[0]}://{p[1]}"),
    )
)
def test_channel_check_of_any_text_returns_or_names_url(text):
    try:
        checked = channels.check(text)
    except InputError as exc:
        assert exc.field == "--url"
    else:
        assert checked.scheme in channels.SCHEMES


# --- people's own addresses ---------------------------------------------------------------
@pytest.mark.parametrize("mobile", ["12345", "138000011112", "23800001111", "abc", "138-0000-111"])
def test_users_contact_with_a_bad_mobile_exits_2_naming_mobile(sandbox, mobile):
    code, _, err = cli(sandbox, NOW, "users", "contact", "zhao", "--mobile", mobile)
    assert code == 2 and "--mobile" in err, err
    code, out, _ = cli(sandbox, NOW, "users", "contact", "zhao", "--email", "zhao@example.com")
    assert "手机 138****0004" in out  # unchanged


@pytest.mark.parametrize(
    "email", ["wang@", "wang example.com", "@example.com", "a@b", "a@b.c,d@e.f"]
)
def test_users_contact_with_a_bad_email_exits_2_naming_email(sandbox, email):
    code, _, err = cli(sandbox, NOW, "users", "contact", "zhao", "--email", email)
    assert code == 2 and "--email" in err, err


def test_users_contact_of_someone_else_needs_a_leader_or_the_administrator(sandbox):
    code, _, err = cli(sandbox, NOW, "users", "contact", "zhao", "--mobile", "13900000000",
                       "--as", "sun")  # fmt: skip
    assert code == 3, err
    for who in ("zhao", "zhang"):  # the person themself, a leader
        code, _, err = cli(sandbox, NOW, "users", "contact", "zhao", "--mobile", "13900000000",
                           "--as", who)  # fmt: skip
        assert code == 0, err


def test_users_contact_is_shown_and_logged_masked(sandbox):
    code, out, err = cli(sandbox, NOW, "users", "contact", "zhao", "--mobile", "+86 139 1234 5678",
                         "--email", "zhao.xian@example.com")  # fmt: skip
    assert code == 0, err
    assert out.strip() == "zhao: 手机 139****5678 邮箱 z***@example.com"
    code, out, _ = cli(sandbox, NOW, "users", "list", "--json")
    zhao = next(u for u in json.loads(out) if u["name"] == "zhao")
    assert (zhao["mobile"], zhao["email"]) == ("139****5678", "z***@example.com")
    conn = sqlite3.connect(sandbox.removeprefix("sqlite:///"))
    stored = conn.execute("SELECT mobile, email FROM users WHERE name = 'zhao'").fetchone()
    logged = " ".join(str(r) for r in conn.execute("SELECT after, before FROM audit_log"))
    conn.close()
    assert stored == ("13912345678", "zhao.xian@example.com")
    assert "13912345678" not in logged and "zhao.xian" not in logged


# --- acceptance: a lapsed deadline, no seat open, reaches people off their seats -------
def test_a_lapsed_deadline_with_no_seat_open_reaches_a_webhook_and_a_mailbox(
    sandbox, receiver, mailbox
):
    receiver.expect_request("/sms", method="POST").respond_with_json({"ok": True})
    assert cli(sandbox, NOW, "notify", "channel", "add", "sms", "--url",
               f"json://127.0.0.1:{receiver.port}/sms")[0] == 0  # fmt: skip
    assert cli(sandbox, NOW, "notify", "channel", "add", "mail", "--url",
               mailbox.url("console", "mail-pass-ok"))[0] == 0  # fmt: skip
    code, out, err = cli(sandbox, NOW, "report", "--plan", "group_complaint", "--title",
                         "营业部群体投诉", "--channel", "onsite", "--people", "30", "--as", "duty",
                         "--json")  # fmt: skip
    assert code == 0, err
    incident = json.loads(out)["id"]
    # 10:10 the first deadline (第一时间向组长报告, 10 分钟) lapses; nobody has a seat open.
    code, out, err = cli(sandbox, "2026-11-24T10:11:00+08:00", "serve", "--once", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert (len(done["raised"]), done["sent"], done["retrying"], done["failed"]) == (1, 2, 0, 0)
    alarm = done["raised"][0]

    # the JSON gateway got wang's (the role's A角) message, with his mobile
    [payload] = posted(receiver)
    assert (payload["recipient"], payload["mobile"]) == ("wang", "13800000002")
    # (a sandbox's messages say so: 【测试】)
    assert payload["title"] == f"【测试】【应急指挥台】超时告警:事件#{incident} {REPORT_UP}"
    assert f"main.py ack {alarm}" in payload["message"]
    # the mail server got the same, to his address, from the console's
    [mail] = mailbox.received
    assert (mail.mail_from, mail.rcpt_tos) == ("console@example.com", ["wang@example.com"])
    email = message_from_bytes(mail.original_content, policy=policy.default)
    assert email["Subject"] == payload["title"]
    assert f"main.py ack {alarm}" in email.get_body(("plain",)).get_content()

    code, out, _ = cli(sandbox, "2026-11-24T10:11:05+08:00", "notify", "log", "--alarm",
                       str(alarm), "--json")  # fmt: skip
    log = json.loads(out)
    assert sorted((m["service"], m["recipient"], m["state"], m["attempts"]) for m in log) == [
        ("Webhook", "wang", "sent", 1), ("邮件", "wang", "sent", 1)]  # fmt: skip
    assert {m["target"] for m in log} == {"138****0002", "w***@example.com"}
    code, out, _ = cli(sandbox, "2026-11-24T10:11:05+08:00", "alarms", "--json")
    [shown] = [a for a in json.loads(out) if a["id"] == alarm]
    assert sorted(shown["delivery"].split(" / ")) == [
        "已送达 Webhook 10:11:00",
        "已送达 邮件 10:11:00",
    ]

    # a second pass sends nothing again
    code, out, _ = cli(sandbox, "2026-11-24T10:11:30+08:00", "serve", "--once", "--json")
    assert (json.loads(out)["sent"], len(receiver.log), len(mailbox.received)) == (0, 1, 1)
    # acknowledged as the message says: `ack N`
    code, _, err = cli(sandbox, "2026-11-24T10:12:00+08:00", "ack", str(alarm), "--as", "wang")
    assert code == 0, err


def test_the_alarm_message_names_incident_task_deadline_time_over_and_how_to_ack(app, cast, clock):
    add_channel(app, "sms", "json://127.0.0.1:9/sms")
    incident = report(app, clock, local(2026, 11, 24, 10, 0))
    clock.set(local(2026, 11, 24, 10, 12, 30))
    [alarm] = alarms.sweep(app).raised
    [m] = messages(app, recipient="wang")
    assert m.title == f"【应急指挥台】超时告警:事件#{incident} {REPORT_UP}"
    assert m.body.splitlines() == [
        f"事件:#{incident} 营业部群体投诉(较大)",
        f"任务:{REPORT_UP}(协调联络组)",
        "期限:2026-11-24 10:10  已超时 00:02:30(截至 10:12:30)",
        f"确认:在席位上点“确认”,或运行 main.py ack {alarm};确认后不再重发与升级。",
    ]
    assert (m.target, m.alarm_id, m.incident_id, m.state) == (
        "13800000002",
        alarm,
        incident,
        "pending",
    )


def test_a_deadline_swept_at_its_very_minute_is_said_to_be_over(app, cast, clock):
    add_channel(app, "sms", "json://127.0.0.1:9/sms")
    report(app, clock, local(2026, 11, 24, 10, 0))
    clock.set(local(2026, 11, 24, 10, 10))  # the deadline itself: lapsed (超时), not "0 left"
    alarms.sweep(app)
    [m] = messages(app, recipient="wang")
    assert "超时告警" in m.title
    assert "期限:2026-11-24 10:10  已超时 00:00:00(截至 10:10:00)" in m.body.splitlines()


# --- robots: what Apprise sends, caught just below it --------------------------------------
class FakePost:
    """`requests.post` as the robots' plugins call it: records the call, answers 200."""

    def __init__(self, answer: bytes = b'{"errcode": 0, "code": 0}') -> None:
        self.calls: list[dict] = []
        self.answer = answer

    def __call__(self, url, data=None, headers=None, params=None, **kwargs):  # type: ignore[no-untyped-def]
        import requests

        self.calls.append({"url": url, "json": json.loads(data), "params": params,
                           "headers": headers})  # fmt: skip
        r = requests.Response()
        r.status_code, r._content = 200, self.answer
        return r


def test_dingtalk_robot_ats_the_called_out_by_mobile_and_signs_with_its_secret(
    app, cast, clock, monkeypatch
):
    fake = FakePost()
    monkeypatch.setattr("apprise.plugins.dingtalk.requests.post", fake)
    add_channel(app, "ding", "dingtalk://SeCrEt123ding@TokenSeCrEt456/", group="onsite")
    incident = report(app, clock, local(2026, 11, 24, 10, 0), activate=True)
    assert Notifier(app).drain()["sent"] == 1
    [call] = fake.calls
    assert call["url"] == "https://oapi.dingtalk.com/robot/send?access_token=TokenSeCrEt456"
    # the robot @-s the onsite group's people by their mobiles, and rings them
    assert call["json"]["at"] == {"atMobiles": [MOBILE["zhao"], MOBILE["sun"]], "isAtAll": False}
    text = call["json"]["text"]["content"]
    assert text.startswith(f"【应急指挥台】启动预案,请立即到位:事件#{incident} 营业部群体投诉\r\n")
    assert text.endswith(f"@{MOBILE['zhao']} @{MOBILE['sun']}")
    assert f"main.py checkin {incident}" in text
    # signed: timestamp (ms) and sign = base64(HMAC-SHA256(secret, "timestamp\\nsecret"))
    stamp = call["params"]["timestamp"]
    digest = hmac.new(b"SeCrEt123ding", f"{stamp}\nSeCrEt123ding".encode(), hashlib.sha256)
    assert call["params"]["sign"] == quote(base64.b64encode(digest.digest()), safe="")
    [m] = messages(app)
    assert (m.recipient, m.mentions, m.state) == ("@onsite", ["zhao", "sun"], "sent")


def test_dingtalk_robot_without_a_secret_sends_unsigned(app, cast, clock, monkeypatch):
    fake = FakePost()
    monkeypatch.setattr("apprise.plugins.dingtalk.requests.post", fake)
    add_channel(app, "ding", "dingtalk://TokenSeCrEt456/", group="onsite")
    report(app, clock, local(2026, 11, 24, 10, 0), activate=True)
    Notifier(app).drain()
    [call] = fake.calls
    assert call["params"] is None
    assert call["json"]["at"]["atMobiles"] == [MOBILE["zhao"], MOBILE["sun"]]


ROBOTS = {
    "wecombot": ("wecombot://SeCrEt-123-wecom",
                 "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SeCrEt-123-wecom",
                 lambda text: {"msgtype": "text", "text": {"content": text}}, "\r\n"),
    "feishu": ("feishu://SeCrEt-123-feishu",
               "https://open.feishu.cn/open-apis/bot/v2/hook/SeCrEt-123-feishu/",
               lambda text: {"msg_type": "text", "content": {"text": text}}, "\r\n"),
    "lark": ("lark://SeCrEt-123-lark", "https://open.larksuite.com/open-apis/bot/v2/hook/SeCrEt-123-lark",
             lambda text: {"msg_type": "text", "content": {"text": text}}, "\n"),
}  # fmt: skip


@pytest.mark.parametrize("scheme", sorted(ROBOTS))
def test_group_robot_gets_the_lapsed_alarm_as_text_naming_its_people(
    app, cast, clock, monkeypatch, scheme
):
    url, endpoint, payload, newline = ROBOTS[scheme]
    fake = FakePost()
    monkeypatch.setattr(f"apprise.plugins.{scheme}.requests.post", fake)
    add_channel(app, "robot", url, group="coordination")
    incident = report(app, clock, local(2026, 11, 24, 10, 0))
    clock.set(local(2026, 11, 24, 10, 10))
    assert serve.once(app)["sent"] == 1
    [m] = messages(app)
    # the coordination group's people among the alarm's (the duty officer, its 首问负责人,
    # is in no group): wang, by name
    assert (m.recipient, m.mentions) == ("@coordination", ["wang"])
    assert m.body.endswith("\n@王协调")
    [call] = fake.calls
    assert call["url"] == endpoint
    assert call["json"] == payload(f"{m.title}{newline}{m.body}")
    assert f"事件#{incident}" in m.title and "超时告警" in m.title


# --- escalation, repeats, acknowledgement, quiet hours --------------------------------------
def at(h: int, m: int, s: int = 0, day: int = 24):
    return local(2026, 11, day, h, m, s)


def events(app) -> list[tuple[str, str]]:
    return [(m.event, m.recipient) for m in messages(app)]


def test_unacknowledged_alarm_escalates_to_the_b_and_messages_the_b(app, cast, clock):
    add_channel(app, "sms", "json://127.0.0.1:9/sms")
    report(app, clock, at(10, 0))
    clock.set(at(10, 10))
    [alarm] = alarms.sweep(app).raised
    assert events(app) == [(f"alarm:{alarm}", "wang")]
    clock.set(at(10, 19, 59))
    assert alarms.sweep(app).escalated == []
    clock.set(at(10, 20))
    assert alarms.sweep(app).escalated == [alarm]
    assert events(app)[1:] == [(f"alarm:{alarm}:s1", "wang_b")]
    [m] = messages(app, recipient="wang_b")
    assert "已升级至B角" in m.title and m.target == MOBILE["wang_b"]
    clock.set(at(10, 30))  # then the leader
    assert alarm in alarms.sweep(app).escalated
    assert [(m.event, m.recipient) for m in messages(app, alarm_id=alarm)][2:] == [
        (f"alarm:{alarm}:s2", "zhang")]  # fmt: skip


def _slow_escalation(data: dict) -> None:
    data["escalation"] = {"to_b_after": "60 分钟", "to_leader_after": "60 分钟"}
    data["notify"] = {"repeat_every": "10 分钟", "repeat_max": 3,
                      "quiet": {"start": "22:00", "end": "07:00"}}  # fmt: skip


@pytest.fixture
def slow_app(db_url, clock, tmp_path):
    """Plan 000 with escalation after an hour (so repeats show) and quiet hours 22:00–07:00."""
    application = open_app(db_url, clock, plans_dir=plans_with(tmp_path, _slow_escalation),
                           calendar_dir=tmp_path / "calendars")  # fmt: skip
    hire_cast(application)
    add_channel(application, "sms", "json://127.0.0.1:9/sms")
    yield application
    application.close()


def test_unacknowledged_alarm_is_sent_again_every_10_minutes_at_most_3_times(slow_app, clock):
    app = slow_app
    report(app, clock, at(10, 0))
    clock.set(at(10, 10))
    [alarm] = alarms.sweep(app).raised

    def sent_again(h: int, m: int, s: int = 0) -> bool:
        clock.set(at(h, m, s))
        swept = alarms.sweep(app)
        return alarm in swept.repeated

    assert not sent_again(10, 19, 59)
    for n, minute in enumerate((20, 30, 40), start=1):
        assert sent_again(10, minute)
        [m] = messages(app, event=f"alarm:{alarm}:s0:r{n}")
        assert m.recipient == "wang" and f"第 {n} 次重发(未确认)" in m.title
    assert not sent_again(10, 50) and not sent_again(11, 0) and not sent_again(11, 9)
    assert len(messages(app, alarm_id=alarm)) == 4
    # escalated at 11:10: the B角 gets the alarm, then repeats of their own
    assert not sent_again(11, 10) and sent_again(11, 20)
    assert [(m.event, m.recipient) for m in messages(app, alarm_id=alarm)][4:] == [
        (f"alarm:{alarm}:s1", "wang_b"), (f"alarm:{alarm}:s1:r1", "wang_b")]  # fmt: skip


def test_work_done_late_is_not_paged_again(slow_app, clock):
    """The 第一时间报告 done at 10:15, after its lapse at 10:10: nobody is paged again for
    it, though the alarm still waits for an acknowledgement on the seats."""
    app = slow_app
    incident = report(app, clock, at(10, 0))
    clock.set(at(10, 10))
    [alarm] = alarms.sweep(app).raised
    clock.set(at(10, 15))
    [task] = [t for t in queries.show(app, incident).tasks if t.state == "open" and t.clock.due_at
              and t.clock.remaining_s is not None and t.clock.remaining_s < 0]  # fmt: skip
    tasks.complete(app, "wang", task.id, "已报告组长")
    assert not sent_again_at(app, clock, alarm, at(10, 20))
    assert [m.event for m in messages(app, alarm_id=alarm)] == [f"alarm:{alarm}"]
    assert [a.id for a in alarms.list_alarms(app, "open")] == [alarm]


def sent_again_at(app, clock, alarm: int, when) -> bool:  # type: ignore[no-untyped-def]
    clock.set(when)
    return alarm in alarms.sweep(app).repeated


def test_ack_stops_the_repeats_and_cancels_what_was_not_sent(slow_app, clock):
    app = slow_app
    report(app, clock, at(10, 0))
    clock.set(at(10, 10))
    [alarm] = alarms.sweep(app).raised
    Notifier(app, sender=Recorder()).drain()  # the first went out
    clock.set(at(10, 20))
    assert alarms.sweep(app).repeated == [alarm]  # the first repeat waits to be sent
    clock.set(at(10, 21))
    alarms.ack(app, "wang", alarm)
    assert [(m.event, m.state) for m in messages(app)] == [
        (f"alarm:{alarm}", "sent"), (f"alarm:{alarm}:s0:r1", "cancelled")]  # fmt: skip
    recorder = Recorder()
    for minute in (30, 40, 50, 75, 90):
        clock.set(at(10, 0) + timedelta(minutes=minute))
        swept = alarms.sweep(app)
        assert alarm not in swept.repeated + swept.escalated
        Notifier(app, sender=recorder).drain()
    ours = {m.id for m in messages(app, alarm_id=alarm)}
    assert len(ours) == 2 and not ours & {m.id for m in recorder.sent}
    assert [(a.id, a.step, a.repeats) for a in all_alarms(app) if a.id == alarm] == [(alarm, 0, 1)]


def test_quiet_hours_hold_a_warning_but_never_a_lapsed_alarm(slow_app, clock):
    app = slow_app
    report(app, clock, at(23, 0))
    clock.set(at(23, 7))  # the warning point (3 分钟 before the deadline), in quiet hours
    [warning] = alarms.sweep(app).raised
    [held] = messages(app, alarm_id=warning)
    assert held.next_at == at(7, 0, day=25)
    recorder = Recorder()
    assert Notifier(app, sender=recorder).drain()["claimed"] == 0
    clock.set(at(23, 10))  # the deadline lapses: sent at once, quiet hours or not
    [lapsed] = alarms.sweep(app).raised
    Notifier(app, sender=recorder).drain()
    assert [m.id for m in recorder.sent] == [m.id for m in messages(app, alarm_id=lapsed)]
    clock.set(at(23, 30))  # nor is a warning repeated in quiet hours (the lapse is)
    assert alarms.sweep(app).repeated == [lapsed]
    clock.set(at(7, 0, day=25))  # the hours end: the warning goes
    Notifier(app, sender=recorder).drain()
    assert held.id in [m.id for m in recorder.sent]


def test_a_warning_outside_quiet_hours_goes_at_once(slow_app, clock):
    app = slow_app
    report(app, clock, at(21, 0))
    clock.set(at(21, 7))
    [warning] = alarms.sweep(app).raised
    [m] = messages(app, alarm_id=warning)
    assert m.next_at == at(21, 7) and "预警告警" in m.title and "距期限 00:03:00" in m.body


# --- never lost, never twice -----------------------------------------------------------------
def lapse(app, clock) -> int:
    """The report-up deadline of a 群体投诉 reported at 10:00 lapses at 10:10: its alarm."""
    report(app, clock, at(10, 0))
    clock.set(at(10, 10))
    [alarm] = alarms.sweep(app).raised
    return alarm


def delivery_of(app, alarm: int) -> str:
    return next(a.delivery for a in alarms.list_alarms(app, "all") if a.id == alarm)


def test_receiver_down_then_up_gets_the_message_once(app, cast, clock):
    port = free_port()  # nothing listens here: connection refused
    add_channel(app, "sms", f"json://127.0.0.1:{port}/sms")
    alarm = lapse(app, clock)
    assert Notifier(app).drain()["retrying"] == 1
    [m] = messages(app)
    assert (m.state, m.attempts) == ("retrying", 1)
    assert m.last_error.startswith("连接被拒绝 (connection refused)")
    assert m.next_at == at(10, 10, 1)  # tried again in a second
    assert delivery_of(app, alarm) == "Webhook失败,重试中"
    assert Notifier(app).drain()["claimed"] == 0  # not before its time

    server = HTTPServer(host="127.0.0.1", port=port)
    server.expect_request("/sms", method="POST").respond_with_data("ok")
    server.start()
    try:
        clock.set(at(10, 10, 2))
        assert Notifier(app).drain()["sent"] == 1
        clock.set(at(10, 11))
        assert Notifier(app).drain()["claimed"] == 0
        assert len(server.log) == 1
    finally:
        server.stop()
    [m] = messages(app)
    assert (m.state, m.attempts, m.last_error, m.sent_at) == ("sent", 2, "", at(10, 10, 2))
    assert delivery_of(app, alarm) == "已送达 Webhook 10:10:02"


def test_receiver_answering_500_is_tried_again_until_it_takes_it(app, cast, clock, receiver):
    answers = iter([Response("busy", status=500), Response("busy", status=503)])
    receiver.expect_request("/sms").respond_with_handler(
        lambda request: next(answers, Response("ok", status=200))
    )
    add_channel(app, "sms", f"json://127.0.0.1:{receiver.port}/sms")
    lapse(app, clock)
    Notifier(app).drain()
    [m] = messages(app)
    assert (m.state, m.attempts) == ("retrying", 1)
    assert m.last_error.startswith("接收方出错 (HTTP 500)")
    clock.set(at(10, 10, 1))
    Notifier(app).drain()
    [m] = messages(app)
    assert (m.state, m.attempts, m.next_at) == ("retrying", 2, at(10, 10, 3))  # then 2 s
    assert m.last_error.startswith("接收方出错 (HTTP 503)")
    clock.set(at(10, 10, 3))
    Notifier(app).drain()
    [m] = messages(app)
    assert (m.state, m.attempts, len(receiver.log)) == ("sent", 3, 3)


def test_receiver_refusing_with_400_fails_at_once_and_tells_the_seats(app, cast, clock, receiver):
    receiver.expect_request("/sms").respond_with_data("no such gateway user", status=400)
    add_channel(app, "sms", f"json://127.0.0.1:{receiver.port}/sms")
    alarm = lapse(app, clock)
    assert Notifier(app).drain()["failed"] == 1
    [m] = messages(app)
    assert (m.state, m.attempts) == ("failed", 1)
    assert m.last_error.startswith("接收方拒绝 (HTTP 400)")
    clock.set(at(10, 30))
    Notifier(app).drain()
    assert len(receiver.log) == 1  # given up: not tried again
    assert delivery_of(app, alarm) == "Webhook失败"
    # an 通知失败 alarm on the seats, to those who can pick up the telephone …
    [undelivered] = [a for a in alarms.list_alarms(app, "open") if a.kind == "undelivered"]
    assert undelivered.kind_name == "通知失败" and undelivered.incident == m.incident_id
    assert set(undelivered.recipients) == {"duty", "zhang"}
    # … in the duty log …
    with app.read() as s:
        logged = [e.text for e in s.execute(select(LogEntry)).scalars()]
    assert any(t.startswith("通知未送达:Webhook sms → wang") and "请电话联系" in t for t in logged)
    # … and in the handover sheet's 问题清
    sheet = reports.handover_sheet_of(app, "duty")
    assert f"通知失败:{REPORT_UP}" in [a["what"] for a in sheet.alarms]


def test_mail_server_refusing_the_login_fails_naming_it_without_the_password(
    app, cast, clock, mailbox, db_url
):
    add_channel(app, "mail", mailbox.url("console", "SeCrEt-123-wrong"))
    lapse(app, clock)
    assert Notifier(app).drain()["failed"] == 1
    [m] = messages(app)
    assert m.state == "failed" and "SMTP authentication failed" in m.last_error
    assert mailbox.logins and mailbox.received == []  # it did try, and nothing was sent
    assert "SeCrEt-123-wrong" not in every_text(db_url)
    code, out, _ = cli(db_url, "2026-11-24T10:11:00+08:00", "notify", "log")
    assert "SMTP authentication failed" in out and "SeCrEt-123-wrong" not in out


def test_a_message_still_failing_15_minutes_after_it_was_written_is_given_up(app, cast, clock):
    add_channel(app, "sms", f"json://127.0.0.1:{free_port()}/sms")
    lapse(app, clock)
    for when in (at(10, 10), at(10, 15), at(10, 24, 59)):
        clock.set(when)
        assert Notifier(app).drain()["retrying"] == 1
    clock.set(at(10, 25, 3))  # 4 s after the third try (its backoff); 15 minutes on
    assert Notifier(app).drain()["failed"] == 1
    [m] = messages(app)
    assert (m.state, m.attempts) == ("failed", 4)
    assert [a.kind for a in all_alarms(app)].count("undelivered") == 1


def test_a_dead_receiver_costs_one_attempt_per_pass_not_one_per_message(app, cast, clock, receiver):
    receiver.expect_request("/sms").respond_with_data("down", status=502)
    add_channel(app, "sms", f"json://127.0.0.1:{receiver.port}/sms")
    report(app, clock, at(10, 0))
    report(app, clock, at(10, 1))
    clock.set(at(10, 11))
    assert len(alarms.sweep(app).raised) == 2
    Notifier(app).drain()
    assert len(receiver.log) == 1
    first, second = messages(app)
    assert (first.state, first.attempts) == ("retrying", 1)
    assert (second.state, second.attempts) == ("retrying", 0)
    assert second.last_error.startswith("同一渠道刚刚失败,稍后重试")


def test_full_batches_are_sent_and_settled_on_each_kind_of_database(each_db_url, clock, tmp_path):
    """130 messages, in batches of 20, whose ids run past 100: each batch is settled (sent,
    once) on SQLite and PostgreSQL alike, with one audit entry per batch."""
    app = open_app(each_db_url, clock, calendar_dir=tmp_path / "calendars")
    try:
        hire_cast(app)
        add_channel(app, "sms", "json://127.0.0.1:9/sms")
        plan = app.catalogue.get("group_complaint")
        with app.write() as s:
            for i in range(130):
                outbox.write(s, event=f"test:{i}", plan=plan, people=["wang"], title="t",
                             body="b", now=clock.now())  # fmt: skip
        recorder = Recorder()
        assert Notifier(app, sender=recorder).drain()["sent"] == 130
        assert len(recorder.sent) == len({m.id for m in recorder.sent}) == 130
        assert {m.state for m in messages(app)} == {"sent"}
        with app.read() as s:
            entries = s.execute(select(AuditEntry).where(AuditEntry.action == "notify.deliver")
                                .order_by(AuditEntry.seq)).scalars().all()  # fmt: skip
        assert len(entries) == 7
        assert sorted(i for e in entries for i in json.loads(e.after)["sent"]) == sorted(
            m.id for m in recorder.sent
        )
    finally:
        app.close()


def test_a_removed_channel_sends_nothing_more(app, cast, clock):
    add_channel(app, "sms", "json://127.0.0.1:9/sms")
    lapse(app, clock)
    notify.remove_channel(app, None, "sms")
    [m] = messages(app)
    assert (m.state, m.last_error) == ("cancelled", "渠道已删除")
    recorder = Recorder()
    clock.set(at(10, 30))
    alarms.sweep(app)  # the next step's message has no channel to go by
    assert Notifier(app, sender=recorder).drain()["claimed"] == 0 and len(messages(app)) == 1


def test_writing_the_same_message_twice_writes_one_row(app, cast, clock):
    add_channel(app, "sms", "json://127.0.0.1:9/sms")
    add_channel(app, "mail", "mailto://console:pw@127.0.0.1:9?from=console@example.com")
    plan = app.catalogue.get("group_complaint")
    written = []
    for _ in range(2):
        with app.write() as s:
            written.append(outbox.write(s, event="alarm:77", plan=plan, people=["wang", "wang"],
                                        title="t", body="b", now=clock.now()))  # fmt: skip
    assert written == [2, 0]  # wang's mobile and his e-mail, once
    assert sorted(m.key.rsplit("|", 1)[0] for m in messages(app)) == ["alarm:77|wang"] * 2
    # and a sweep that runs again (another seat, another serve) writes nothing more
    alarm = lapse(app, clock)
    count = len(messages(app))
    assert alarms.sweep(app).raised == [] and len(messages(app)) == count
    assert len(messages(app, alarm_id=alarm)) == 2


# --- 启动预案's call-out and 到位确认 -------------------------------------------------------
@pytest.fixture
def activated(sandbox):
    """Incident 1, a 群体投诉 reported at 10:00 and activated at 10:02 by zhang (so his is the
    call-out's first 到位), with a gateway for people's mobiles."""
    assert cli(sandbox, NOW, "notify", "channel", "add", "sms", "--url",
               "json://127.0.0.1:9/sms")[0] == 0  # fmt: skip
    code, out, err = cli(sandbox, NOW, "report", "--plan", "group_complaint", "--title", "营业部群体投诉",
                         "--channel", "onsite", "--people", "30", "--as", "duty", "--json")  # fmt: skip
    assert code == 0, err
    code, _, err = cli(sandbox, "2026-11-24T10:02:00+08:00", "activate", "1", "--as", "zhang")
    assert code == 0, err
    return sandbox


def roll(url: str, now: str = "2026-11-24T10:03:00+08:00") -> dict:
    code, out, err = cli(url, now, "roll", "1", "--json")
    assert code == 0, err
    return json.loads(out)


def test_activating_the_plan_calls_out_every_member_of_its_groups(activated):
    shown = roll(activated)
    by_group = {}
    for e in shown["entries"]:
        by_group.setdefault(e["group_name"], []).append((e["user"], e["checked_in_at"]))
    assert by_group == {
        "应急小组(组长、副组长)": [("zhang", "2026-11-24T10:02:00+08:00")],
        "协调联络组": [("wang", None), ("wang_b", None)],
        "现场处置组": [("zhao", None), ("sun", None)],
    }
    assert (shown["total"], shown["confirmed"]) == (5, 1)
    assert shown["due_at"] == "2026-11-24T10:17:00+08:00"  # 15 分钟
    # each one not yet there was sent the call-out (zhang, who activated, was not)
    code, out, _ = cli(activated, "2026-11-24T10:03:00+08:00", "notify", "log", "--incident", "1",
                       "--json")  # fmt: skip
    called = {m["recipient"]: m["title"] for m in json.loads(out)}
    assert set(called) == {"wang", "wang_b", "zhao", "sun"}
    assert all("启动预案,请立即到位" in t for t in called.values())
    code, text, _ = cli(activated, "2026-11-24T10:03:00+08:00", "roll", "1")
    assert "到位确认 1/5" in text and "王协调(wang) 未确认  通知:Webhook发送中" in text


def test_checkin_by_everyone_called_out_completes_the_roll_and_the_notify_groups_task(activated):
    for minute, who in enumerate(("wang", "zhao", "sun", "wang_b"), start=5):
        code, _, err = cli(activated, f"2026-11-24T10:{minute:02d}:00+08:00", "checkin", "1",
                           "--as", who)  # fmt: skip
        assert code == 0, err
    shown = roll(activated, "2026-11-24T10:09:00+08:00")
    assert (shown["total"], shown["confirmed"]) == (5, 5)
    assert {e["user"]: e["checked_in_at"] for e in shown["entries"]}["sun"] == (
        "2026-11-24T10:07:00+08:00"
    )
    code, out, _ = cli(activated, "2026-11-24T10:09:00+08:00", "show", "1", "--json")
    [task] = [t for t in json.loads(out)["tasks"] if t["title"] == NOTIFY_GROUPS]
    assert (task["state"], task["done_by"]) == ("done", "wang_b")
    # nothing lapses for it at 10:17
    code, out, _ = cli(activated, "2026-11-24T10:18:00+08:00", "serve", "--once", "--json")
    code, out, _ = cli(activated, "2026-11-24T10:18:00+08:00", "alarms", "--json")
    assert NOTIFY_GROUPS not in [a["title"] for a in json.loads(out)]
    # a second checkin is a conflict
    code, _, err = cli(activated, "2026-11-24T10:19:00+08:00", "checkin", "1", "--as", "wang")
    assert code == 5 and "already" in err


def test_checkin_by_someone_not_called_out_is_refused_with_exit_3(activated):
    code, _, err = cli(activated, "2026-11-24T10:05:00+08:00", "checkin", "1", "--as", "duty")
    assert code == 3 and "not called out" in err
    assert roll(activated)["confirmed"] == 1


def test_a_checkin_missing_15_minutes_on_raises_a_lapsed_alarm_to_the_coordination_group(
    activated,
):
    for who in ("wang", "zhao", "sun"):  # wang_b does not answer
        assert cli(activated, "2026-11-24T10:05:00+08:00", "checkin", "1", "--as", who)[0] == 0
    code, out, _ = cli(activated, "2026-11-24T10:16:59+08:00", "serve", "--once", "--json")
    code, out, _ = cli(activated, "2026-11-24T10:16:59+08:00", "alarms", "--json")
    assert [a["kind"] for a in json.loads(out) if a["title"] == NOTIFY_GROUPS] == ["warning"]
    code, out, err = cli(activated, "2026-11-24T10:17:00+08:00", "serve", "--once", "--json")
    assert code == 0, err
    code, out, _ = cli(activated, "2026-11-24T10:17:00+08:00", "alarms", "--json")
    [alarm] = [a for a in json.loads(out) if a["title"] == NOTIFY_GROUPS and a["kind"] == "lapsed"]
    assert (alarm["group"], alarm["role"]) == ("coordination", "coordination_lead")
    assert "wang" in alarm["recipients"]
    code, out, _ = cli(activated, "2026-11-24T10:17:00+08:00", "notify", "log", "--alarm",
                       str(alarm["id"]), "--json")  # fmt: skip
    assert "wang" in [m["recipient"] for m in json.loads(out)]


def test_a_robot_for_everyone_ats_every_group_called_out(app, cast, clock):
    """A 钉钉 group of the whole emergency organisation (no --group): the call-out @-s the
    people of every work group, not only the first group's."""
    add_channel(app, "全员群", "dingtalk://SeCrEt123@AllHandsToken99")
    report(app, clock, at(10, 0), activate=True)
    robots = [m for m in messages(app) if m.recipient == "@all"]
    assert sorted(n for m in robots for n in m.mentions) == ["sun", "wang", "wang_b", "zhao"]
    assert len({m.key for m in robots}) == len(robots)


def test_an_alarm_acknowledged_while_its_message_was_being_sent_is_not_retried(app, cast, clock):
    add_channel(app, "sms", "json://127.0.0.1:9/sms")
    report(app, clock, at(10, 0))
    clock.set(at(10, 10))
    [alarm] = alarms.sweep(app).raised
    claimed = notify.claim(app)
    assert claimed
    alarms.ack(app, "wang", alarm)  # while the send is under way
    failed = [Outcome(c.id, c.lease, False, channels.Failure.TRANSIENT, "连接超时 (timeout)")
              for c in claimed]  # fmt: skip
    notify.settle(app, failed)
    assert {m.state for m in messages(app, alarm_id=alarm)} == {"cancelled"}
    clock.set(at(10, 11))
    assert notify.claim(app) == []


def test_a_webhook_s_header_and_path_keys_are_masked_where_shown(app):
    shown = notify.add_channel(
        app, None, "网关", "jsons://gw.example.com/api/T0k3nXyZ9?+Authorization=Bearer%20S3CRETKEY"
    )
    assert "T0k3nXyZ9" not in shown.url and "S3CRETKEY" not in shown.url
    assert shown.url.startswith("jsons://gw.example.com/api/****")
