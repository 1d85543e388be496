"""The command line, scripted as a hotline system or the acceptance suite would."""

import io
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from console.actions import command_words, commands
from console.cli import COMMANDS, main, wants_drill_window, wants_window, window_options
from console.cli.common import HANDLERS
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_url(sandbox_url):
    """These scripts run on a sandbox: --now sets their clock."""
    return sandbox_url


@pytest.fixture
def cli(db_url, capsys, monkeypatch):
    """The command line at a time that only moves on, as a real script's does: `now`, or
    the last time given (from 10:00 on 2026-11-24)."""
    last = ["2026-11-24T10:00:00+08:00"]

    def run(*args: str, now: str | None = None) -> tuple[int, str, str]:
        now = last[0] = now or last[0]
        if args[:2] == ("users", "add") and "--password-stdin" not in args:
            args = (*args, "--password-stdin")  # the session's password (CONSOLE_PASSWORD)
            monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        code = main(["--db", db_url, "--now", now, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_the_acceptance_script(cli, db_url):
    for user in (["boss", "--role", "leader"], ["duty", "--role", "duty_officer"],
                 ["c_coord", "--role", "coordinator", "--group", "coordination"]):  # fmt: skip
        assert cli("users", "add", *user)[0] == 0
    code, out, _ = cli("report", "--plan", "group_complaint", "--title", "城东网点群体投诉", "--channel", "onsite",
                       "--people", "35", "--demands", "退还预付款", "--contact", "13812345678", "--as", "duty",
                       "--json")  # fmt: skip
    assert code == 0
    incident = json.loads(out)
    code, out, _ = cli("activate", str(incident["id"]), "--as", "boss", "--json")
    assert code == 0
    code, out, _ = cli("show", str(incident["id"]), "--json")
    shown = json.loads(out)
    groups = {t["group"] for t in shown["tasks"]}
    assert {"coordination", "onsite", "negotiation", "analysis", "publicity", "logistics"} <= groups
    for t in shown["tasks"]:
        assert set(t) >= {"id", "title", "group", "role", "due_at", "state", "done_at", "done_by"}
    own = next(t for t in shown["tasks"] if t["title"] == "通知各工作组成员到位")
    other = next(t for t in shown["tasks"] if t["group"] == "onsite")
    assert own["due_at"] == "2026-11-24T10:15:00+08:00"

    code, out, _ = cli(
        "done", str(own["id"]), "--note", "已电话通知各组", "--as", "c_coord", "--json"
    )
    assert code == 0 and json.loads(out)["done_by"] == "c_coord"
    code, _, err = cli("done", str(other["id"]), "--as", "c_coord")
    assert code == 3 and "permission" in err and "本组" in err
    _, out, _ = cli("show", str(incident["id"]), "--json")
    assert next(t for t in json.loads(out)["tasks"] if t["id"] == other["id"])["state"] == "open"

    code, out, _ = cli("board", "--json", now="2026-11-24T10:20:00+08:00")
    board = json.loads(out)
    assert all(t["state"] in ("open", "blocked") for t in board)
    # 第一时间向组长或副组长报告 (10 分钟 from the report) lapsed first; then 现场处置组抵达现场
    assert [t["remaining_s"] for t in board[:2]] == [-10 * 60, 10 * 60]

    assert cli("audit", "verify")[0] == 0
    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    conn.execute('UPDATE audit_log SET after = \'{"state":"closed"}\' WHERE seq = 6')
    conn.commit()
    conn.close()
    code, _, err = cli("audit", "verify")
    assert code == 1 and "audit entry 6" in err


def test_plans_list_json_names_levels_types_and_groups(cli):
    code, out, _ = cli("plans", "list", "--json")
    plans = {p["id"]: p for p in json.loads(out)}
    assert {
        "group_complaint",
        "complaint_types",
        "customer_crisis",
        "bank_complaint",
        "major_complaint",
    } <= set(plans)
    assert {"id": "critical", "name": "特急"} in plans["customer_crisis"]["levels"]
    assert {"id": "malicious", "name": "恶意投诉"} in plans["complaint_types"]["types"]
    assert {"id": "onsite", "name": "现场处置组"} in plans["group_complaint"]["groups"]


def test_plans_check_rejects_a_broken_copy_naming_fields(cli, tmp_path):
    text = (ROOT / "resources/plans/000_group_complaint.yaml").read_text(encoding="utf-8")
    bad_role = tmp_path / "bad_role.yaml"
    bad_role.write_text(text.replace("group: onsite, role: onsite_lead", "group: onsite, role: chef", 1),
                        encoding="utf-8")  # fmt: skip
    code, _, err = cli("plans", "check", str(bad_role))
    assert code == 2 and "task_templates[5].role: group 'onsite' has no role 'chef'" in err
    bad_duration = tmp_path / "bad_duration.yaml"
    bad_duration.write_text(
        text.replace("duration: 15 分钟", "duration: 15 fortnights"), encoding="utf-8"
    )
    code, _, err = cli("plans", "check", str(bad_duration))
    assert code == 2 and "sla_rules[2].duration: unknown unit 'fortnights'" in err
    code, out, _ = cli("plans", "check", str(ROOT / "resources/plans/004_major_complaint.yaml"))
    assert (code, out.strip()) == (0, "ok")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (
            [
                "report",
                "--plan",
                "group_complaint",
                "--title",
                "t",
                "--channel",
                "fax",
                "--as",
                "duty1",
            ],
            "--channel",
        ),
        (
            [
                "report",
                "--plan",
                "group_complaint",
                "--title",
                "t",
                "--channel",
                "onsite",
                "--people",
                "many",
                "--as",
                "duty1",
            ],
            "--people",
        ),  # fmt: skip
        (
            [
                "report",
                "--plan",
                "group_complaint",
                "--title",
                "t",
                "--channel",
                "onsite",
                "--level",
                "x",
                "--as",
                "duty1",
            ],
            "--level",
        ),  # fmt: skip
        (
            ["report", "--plan", "group_complaint", "--channel", "onsite", "--as", "duty1"],
            "--title",
        ),
        (["show", "abc"], "incident_id"),
        (["advance", "1", "sideways", "--as", "leader1"], "state"),
        (["users", "add", "x", "--role", "coordinator"], "--group"),
    ],
)
def test_bad_input_exits_non_zero_naming_the_field_and_changes_nothing(cli, staff, args, field):
    cli(
        "report",
        "--plan",
        "group_complaint",
        "--title",
        "existing",
        "--channel",
        "onsite",
        "--as",
        "duty1",
    )
    _, before, _ = cli("audit", "verify")
    code, _, err = cli(*args)
    assert code != 0 and field in err and "Traceback" not in err
    _, after, _ = cli("audit", "verify")
    assert before == after


def test_global_options_work_after_the_command_too(cli, staff):
    code, out, _ = cli("report", "--title", "t", "--as", "duty1", "--plan", "bank_complaint", "--channel", "phone",
                       "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["plan"] == "bank_complaint"


def test_a_bad_now_is_named(cli):
    code, _, err = cli("board", now="yesterday")
    assert code == 2 and "--now" in err


def test_main_py_runs_a_command_in_a_fresh_process(tmp_path):
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    proc = subprocess.run([sys.executable, "main.py", "--db", db, "plans", "list", "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) >= 5
    proc = subprocess.run([sys.executable, "main.py", "board", "--db", db, "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (
        proc.returncode == 0 and json.loads(proc.stdout) == []
    )  # an empty database is migrated first


def test_sweep_alarms_ack_shelve_pause_resume_from_the_command_line(cli, staff):
    _, out, _ = cli("report", "--plan", "customer_crisis", "--title", "线上投诉", "--channel", "online",
                    "--level", "urgent", "--as", "duty1", "--json")  # fmt: skip
    iid = json.loads(out)["id"]
    _, out, _ = cli("activate", str(iid), "--as", "leader1", "--json")
    by_title = {t["title"]: t for t in json.loads(out)["tasks"]}
    callback = next(t for t in by_title.values() if "人工联系" in t["title"])
    assert cli("pause", str(callback["id"]), "--reason", "客户要求晚点联系", "--as", "leader1",
               now="2026-11-24T10:05:00+08:00")[0] == 0  # fmt: skip
    code, out, _ = cli("sweep", "--json", now="2026-11-24T10:31:00+08:00")
    raised = json.loads(out)["raised"]
    assert code == 0 and {a["kind"] for a in raised} == {"lapsed"} and len(raised) == 2
    code, out, _ = cli("sweep", "--json", now="2026-11-24T10:31:00+08:00")
    assert json.loads(out)["raised"] == []  # never twice
    first, second = raised
    assert cli("ack", str(first["id"]), "--as", "duty1", now="2026-11-24T10:32:00+08:00")[0] == 0
    code, _, err = cli("ack", str(first["id"]), "--as", "leader1")
    assert code == 5 and "已被 duty1" in err  # a conflict: someone was first
    code, _, err = cli(
        "shelve", str(second["id"]), "--minutes", "0", "--reason", "x", "--as", "leader1"
    )
    assert code == 2 and "--minutes" in err
    assert cli("shelve", str(second["id"]), "--minutes", "15", "--reason", "处理中", "--as", "leader1",
               now="2026-11-24T10:32:00+08:00")[0] == 0  # fmt: skip
    _, out, _ = cli("alarms", "--state", "all", "--json", now="2026-11-24T10:33:00+08:00")
    assert {a["id"]: a["state"] for a in json.loads(out)} == {
        first["id"]: "acked",
        second["id"]: "shelved",
    }
    code, out, _ = cli(
        "resume", str(callback["id"]), "--as", "leader1", "--json", now="2026-11-24T11:05:00+08:00"
    )
    assert json.loads(out)["due_at"] == "2026-11-24T13:00:00+08:00"  # 12:00 + 60 min paused
    code, out, _ = cli("show", str(iid), "--json", now="2026-11-24T11:05:00+08:00")
    states = {t["id"]: t["clock_state"] for t in json.loads(out)["tasks"]}
    assert states[callback["id"]] == "running"
    code, out, _ = cli("clocks", str(iid), "--json")
    history = next(c for c in json.loads(out) if c["task"] == callback["id"])["history"]
    assert [e["kind"] for e in history] == ["start", "pause", "resume"]


def test_shift_handover_and_the_printed_sheet_from_the_command_line(cli, staff, tmp_path):
    assert cli("shift", "start", "--officer", "duty1", "--leader", "leader1", "--as", "duty1",
               now="2026-11-24T08:00:00+08:00")[0] == 0  # fmt: skip
    _, out, _ = cli("report", "--plan", "group_complaint", "--title", "网点聚集", "--channel", "onsite", "--contact",
                    "13912345678", "--as", "duty1", "--json", now="2026-11-24T09:00:00+08:00")  # fmt: skip
    iid = json.loads(out)["id"]
    cli("activate", str(iid), "--as", "leader1", now="2026-11-24T09:00:00+08:00")
    code, _, err = cli(
        "shift", "handover", "--to", "deputy1", "--as", "duty1", now="2026-11-24T20:00:00+08:00"
    )
    assert code == 2 and "handover:" in err and "--override" in err
    pdf = tmp_path / "sheet.pdf"
    code, out, _ = cli(
        "handover", "--out", str(pdf), "--as", "duty1", "--json", now="2026-11-24T20:00:00+08:00"
    )
    assert code == 0 and json.loads(out)["masked"] and pdf.stat().st_size > 10_000
    code, _, err = cli("handover", "--out", str(pdf), "--shift", "99", "--as", "duty1")
    assert code == 2 and "--shift" in err
    code, out, _ = cli("shift", "handover", "--to", "deputy1", "--override", "现场已交由副组长", "--as", "leader1",
                       "--json", now="2026-11-24T20:01:00+08:00")  # fmt: skip
    assert code == 0 and json.loads(out)["next"]["officer"] == "deputy1"


def test_the_first_user_can_be_added_with_console_user_already_set(cli, monkeypatch):
    """A newcomer who exported CONSOLE_USER=zhang before zhang exists can still set up the
    first user; after that CONSOLE_USER counts as --as, and its errors say CONSOLE_USER."""
    monkeypatch.setenv("CONSOLE_USER", "zhang")
    code, out, err = cli("users", "add", "zhang", "--role", "leader")
    assert code == 0, err
    monkeypatch.setenv("CONSOLE_USER", "nobody")
    code, _, err = cli("users", "add", "li", "--role", "deputy")
    assert code == 3 and "CONSOLE_USER: sign-in: wrong user name or password" in err
    code, _, err = cli("users", "add", "li", "--role", "deputy", "--as", "nobody")
    assert code == 3 and "--as: sign-in: wrong user name or password" in err
    monkeypatch.setenv("CONSOLE_USER", "zhang")
    assert cli("users", "add", "li", "--role", "deputy")[0] == 0


# --- which words run a command, and which open the window -------------------------------
def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w-]+", text))


@pytest.mark.parametrize(
    ("argv", "listed"),
    [
        (["frobnicate"], COMMANDS),
        (["statss"], COMMANDS),  # a typo of a command
        (["--frobnicate"], COMMANDS),
        (["--json", "frobnicate", "--as", "duty1"], COMMANDS),
        (["shift", "hanover"], {"start", "handover", "show"}),
        (["users", "ad"], {"add", "list"}),
    ],
)
def test_an_unknown_command_or_option_exits_2_naming_the_commands(tmp_path, argv, listed):
    """A hotline script that mistypes a command gets exit 2 and the list, not a window that
    never returns (the timeout turns such a regression into a failure, not a hang)."""
    db = f"sqlite:///{tmp_path / 'console.db'}"
    proc = subprocess.run([sys.executable, "main.py", "--db", db, *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=90)  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
    assert listed <= _words(proc.stderr), proc.stderr


def test_the_commands_listed_are_the_registry_s(capsys):
    assert main(["--frobnicate"]) == 2
    err = capsys.readouterr().err
    listed = err.splitlines()[1].removeprefix("commands: ").partition(" (")[0].split(", ")
    assert listed == list(command_words()) and set(listed) == COMMANDS
    assert set(HANDLERS) == {c.words for c in commands()}  # each command runs somewhere


@pytest.mark.parametrize(
    ("argv", "window"),
    [
        ([], True),
        (["--db", "sqlite:///x.db"], True),
        (["--db=sqlite:///x.db", "--now", "2026-11-24T10:00", "--as", "zhang"], True),
        (["--as", "show"], True),  # a user called show, not the command
        (["--wall", "--lang", "en", "-style", "fusion", "--json"], True),
        (["--wa"], True),  # shortened, as argparse allows
        (["frobnicate"], False),
        (["--db", "x", "board"], False),
        (["--frobnicate"], False),
        (["-h"], False),
        (["drill", "run", "x.yaml"], False),
    ],
)
def test_only_a_command_line_without_a_command_opens_the_window(argv, window):
    assert wants_window(argv) is window


@pytest.mark.parametrize(
    ("argv", "drill_window"),
    [
        (["drill", "run", "x.yaml"], True),
        (["--db", "drill", "drill", "run", "x.yaml", "--speed", "60", "--scripted"], True),
        (["drill", "--as", "zhang", "run", "x.yaml", "--wall", "-style", "x"], True),
        (["drill", "run", "x.yaml", "--headless"], False),
        (["drill", "run", "x.yaml", "--head"], False),
        (["drill", "run", "x.yaml", "--frobnicate"], False),  # the command line refuses it
        (["drill", "list"], False),
        (["note", "1", "drill", "run"], False),
        (["drill", "run", "-h"], False),
    ],
)
def test_drill_run_opens_the_drill_window_unless_headless(argv, drill_window):
    assert wants_drill_window(argv) is drill_window


def test_the_window_options_are_those_the_window_takes():
    from widgets.start import drill_parser, window_parser

    window, drill = window_options()
    for parser, known in ((window_parser(), window), (drill_parser(), drill)):
        for action in parser._actions:
            for option in action.option_strings:
                assert known[option] == (action.nargs != 0), option


# --- the JSON the command line prints: its keys, in their order, as scripts know them ----
CLOCK_KEYS = ["clock_id", "clock_state", "due_at", "warn_at", "remaining_s", "calendar_unconfirmed"]
TASK_KEYS = ["id", "incident", "title", "group", "group_name", "role", "role_name", "acting_role",
             "phase", "rule", *CLOCK_KEYS, "state", "assignee", "done_at", "done_by", "note",
             "block_reason", "detail", "created_by"]  # fmt: skip
INCIDENT_KEYS = ["id", "plan", "plan_name", "title", "state", "state_name", "level", "level_name",
                 "type", "type_name", "channel", "channel_name", "people", "demands", "location",
                 "reporter", "contact", "mood", "received_at", "recorded_by", "first_receiver",
                 "order_no", "respondent"]  # fmt: skip
ALARM_KEYS = ["id", "incident", "incident_title", "task", "title", "kind", "kind_name", "priority",
              "state", "group", "role", "step", "step_name", "recipients", "due_at", "raised_at",
              "late_s", "acknowledged_by", "acknowledged_at", "shelved_until", "shelve_reason",
              "delivery"]  # fmt: skip
SHIFT_KEYS = ["id", "officer", "leader", "started_at", "handed_over_at", "incoming",
              "handed_over_by", "override_reason"]  # fmt: skip


def test_the_json_of_each_record_keeps_its_keys_in_order(cli, staff):
    def run(*args: str, now: str | None = None):
        code, out, err = cli(*args, "--json", now=now)
        assert code == 0, err
        return json.loads(out)

    reported = run("report", "--plan", "group_complaint", "--title", "t", "--channel", "onsite",
                   "--as", "duty1")  # fmt: skip
    # 接报与初步研判's tasks come with the report; the same complainant's earlier cases too
    assert list(reported) == [*INCIDENT_KEYS, "tasks", "earlier"]
    assert all(list(t) == TASK_KEYS for t in reported["tasks"]) and reported["tasks"]
    assert list(reported["earlier"]) == ["within_days", "count", "open_count", "incidents"]
    activated = run("activate", str(reported["id"]), "--as", "leader1")
    assert all(list(t) == TASK_KEYS for t in activated["tasks"]) and activated["tasks"]
    shown = run("show", str(reported["id"]))
    assert list(shown) == [*INCIDENT_KEYS, "tasks", "incident_clocks", "earlier", "revisits",
                           "attachments"]  # fmt: skip
    assert all(list(c) == ["rule", "rule_name", *CLOCK_KEYS] for c in shown["incident_clocks"])
    assert [list(i) for i in run("incidents")] == [INCIDENT_KEYS]
    assert all(list(t) == TASK_KEYS for t in run("board"))
    clocks = run("clocks", str(reported["id"]))
    assert clocks and all(list(c) == [*CLOCK_KEYS, "task", "rule", "rule_name", "basis", "started_at",
                                      "elapsed_s", "history"] for c in clocks)  # fmt: skip
    assert all(list(e) == ["at", "kind", "by", "reason", "due_before", "due_after"]
               for c in clocks for e in c["history"])  # fmt: skip
    note = run("note", str(reported["id"]), "记录", "--as", "duty1")
    assert note == {"incident": reported["id"], "text": "记录", "significant": False, "by": "duty1"}
    assert all(list(e) == ["id", "at", "actor", "kind", "text", "significant"]
               for e in run("log", str(reported["id"])))  # fmt: skip
    swept = run("sweep", now="2026-11-24T12:00:00+08:00")
    assert list(swept) == ["raised", "escalated", "regraded"] and swept["raised"]
    assert all(list(a) == ALARM_KEYS and isinstance(a["recipients"], list) for a in swept["raised"])
    assert all(list(a) == ALARM_KEYS for a in run("alarms", "--state", "all"))
    assert all(list(u) == ["id", "name", "display_name", "role", "group", "org_role", "ab", "active",
                           "mobile", "email"]
               for u in run("users", "list"))  # fmt: skip
    assert list(run("shift", "start", "--officer", "duty1", "--as", "duty1")) == SHIFT_KEYS
    assert list(run("shift", "show")) == SHIFT_KEYS
    handed = run("shift", "handover", "--to", "deputy1", "--override", "理由", "--as", "leader1")
    assert list(handed) == ["handed_over", "next"] and all(
        list(s) == SHIFT_KEYS for s in handed.values()
    )
