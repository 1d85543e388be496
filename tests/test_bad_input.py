"""Bad input, by the thousand (Proof: "Bad input"). Hypothesis throws malformed plan, drill
and calendar files, random command lines and random 接报登记 values at the console: nothing
crashes, no traceback reaches the user, every refusal names the field (for a file that is
not YAML, the line), and nothing is saved when something is refused.

BAD_INPUT_FILES sets the number of malformed files (default 10,000, split over the kinds
and the `check`/`import` commands); BAD_INPUT_CLI and BAD_INPUT_INTAKE the command lines
and the intake values."""

from __future__ import annotations

import argparse
import io
import logging
import os
import re
from collections import Counter
from datetime import datetime, timedelta

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import console.cli
import console.context
from console.cli import build_parser, main
from console.context import open_app
from console.drills.scenario import DRILLS_DIR, DrillError, Scenario, load_scenario
from console.errors import InputError
from console.files import read_file
from console.plans.plan import PLANS_DIR, Plan, PlanError, load_catalogue, load_plan
from console.services import alarms, incidents, queries, shifts
from console.services.incidents import ReportInput
from console.time.calendar import CalendarFileError, YearFile, parse_year_file
from console.time.format import DEFAULT_TZ
from tests.bad_input import (
    LOADER,
    Case,
    Kind,
    check_outcome,
    check_refusal,
    db_digest,
    folder_digest,
    huge_text,
    malformed,
    number_junk,
    run_cli,
    text_junk,
)
from tests.conftest import STAFF, local
from tests.test_calendar import YEAR_2027

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

FILES = int(os.environ.get("BAD_INPUT_FILES", "10000"))
CLI_RUNS = int(os.environ.get("BAD_INPUT_CLI", "300"))
INTAKE_RUNS = int(os.environ.get("BAD_INPUT_INTAKE", "1000"))
NOW = "2026-11-24T10:00:00+08:00"
CATALOGUE = load_catalogue()

YEAR_FILES = [
    """year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知
holidays: [2027-01-01, 2027-10-01..2027-10-07]   # days off
workdays: [2027-10-09]                             # make-up workdays (调休上班)
""",
    YEAR_2027,
]


def _bases(texts: list[str]) -> list[tuple[str, object]]:
    return [(t, yaml.load(t, Loader=LOADER)) for t in texts]


def _fields(model: type) -> tuple[frozenset[str], frozenset[str]]:
    fields = model.model_fields
    return frozenset(fields), frozenset(n for n, f in fields.items() if f.is_required())


PLAN = Kind("plan", _bases([p.read_text(encoding="utf-8") for p in sorted(PLANS_DIR.glob("*.yaml"))]),
            *_fields(Plan), load_plan, PlanError, Plan, ["plans", "check"])  # fmt: skip
DRILL = Kind("drill", _bases([p.read_text(encoding="utf-8") for p in sorted(DRILLS_DIR.glob("*.yaml"))]),
             *_fields(Scenario), lambda p: load_scenario(p, CATALOGUE)[0], DrillError, Scenario,
             ["drill", "check"])  # fmt: skip
CALENDAR = Kind("calendar", _bases(YEAR_FILES), *_fields(YearFile),
                lambda p: parse_year_file(read_file(p, CalendarFileError)), CalendarFileError,
                YearFile, ["calendar", "import"])  # fmt: skip
KINDS = {k.name: k for k in (PLAN, DRILL, CALENDAR)}

# How the malformed files are shared out. Each costs what the console's (pure-Python) YAML
# reader takes: a plan ~25 ms, a drill scenario ~12 ms, a year file ~1 ms, plus ~3 ms of
# Hypothesis; `calendar import` opens the database too (~70 ms).
SHARES = {("calendar", "load"): 0.47, ("drill", "load"): 0.25, ("plan", "load"): 0.20,
          ("calendar", "cli"): 0.015, ("drill", "cli"): 0.035, ("plan", "cli"): 0.03}  # fmt: skip
COUNTS = {key: max(1, round(FILES * share)) for key, share in SHARES.items()}
COUNTS[("calendar", "load")] += FILES - sum(COUNTS.values())  # exactly FILES in all


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture, HealthCheck.large_base_example],
    )  # fmt: skip


@pytest.fixture
def quick_catalogue(monkeypatch):
    """Every command opens the plans; they are the shipped ones, read once here (the files
    under test are the ones on the command line)."""
    monkeypatch.setattr(console.context, "load_catalogue", lambda *a, **k: CATALOGUE)
    monkeypatch.setattr(console.cli.plans, "load_catalogue", lambda *a, **k: CATALOGUE)
    monkeypatch.setattr(console.cli.drills, "load_catalogue", lambda *a, **k: CATALOGUE)


@pytest.fixture
def no_tracebacks(caplog):
    """Log records a user would see (WARNING and up, as CONSOLE_LOG defaults) carry no
    traceback."""
    caplog.set_level(logging.WARNING)
    yield caplog
    shown = [r for r in caplog.records if r.levelno >= logging.WARNING and r.exc_info]
    assert not shown, [r.getMessage() for r in shown]


# --- malformed files through the loaders -------------------------------------------------
@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS)
def test_a_malformed_file_is_loaded_or_refused_naming_the_field_or_line(kind, tmp_path):
    path = tmp_path / "mutated.yaml"
    outcomes: Counter = Counter()

    @fuzz(COUNTS[(kind.name, "load")])
    @given(case=malformed(kind))
    def check(case: Case) -> None:
        path.write_bytes(case.content)
        outcomes["accepted" if check_outcome(kind, path, case) else "refused"] += 1

    check()
    # the mutations are bad input, most of them: a fuzzer that only made valid files would
    # prove nothing
    assert outcomes["refused"] >= 0.6 * sum(outcomes.values()), outcomes


# The inputs that crashed a loader before (an exception other than the file's own error).
REGRESSIONS = [
    (PLAN, "timezone: Asia/Shanghai", "timezone: Asia", "timezone"),  # a folder of zoneinfo
    (PLAN, "timezone: Asia/Shanghai", "timezone: " + "a" * 300, "timezone"),  # name too long
    (PLAN, "version: 1", "version: " + "1" * 5000, "(file): not valid YAML at line "),
    (PLAN, "version: 1", "version: !!int x", "(file): not valid YAML at line "),
    (PLAN, "version: 1", "version: !!bool maybe", "(file): not valid YAML at line "),
    (PLAN, "version: 1", "version: !!timestamp x", "(file): not valid YAML at line "),
    (PLAN, "version: 1", "version: " + "[" * 1000, "(file): not valid YAML"),
    (DRILL, "start: 2026-12-01T09:00:00+08:00", "start: 2026-02-30T09:00:00+08:00",
     "(file): not valid YAML at line 11: cannot read '2026-02-30T09:00:00+08:00'"),
    (DRILL, "start: 2026-12-01T09:00:00+08:00", "start: 9999-12-31T23:00:00-12:00", "start"),
    (CALENDAR, "holidays: [2027-01-01,", "holidays: [2027-02-30,", "(file): not valid YAML at line 3"),
    (CALENDAR, "year: 2027", "year: [2027", "(file): not valid YAML at line "),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "old", "new", "named"), REGRESSIONS,
                         ids=[f"{k.name}: {new[:30]}" for k, _, new, _ in REGRESSIONS])  # fmt: skip
def test_values_that_crashed_the_loaders_are_refused_naming_where(kind, old, new, named, tmp_path):
    text = kind.bases[0][0]
    assert old in text
    content = text.replace(old, new, 1).encode("utf-8")
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(kind.error) as refused:
        kind.load(path)
    check_refusal(refused.value.errors, kind, content)
    assert any(e.startswith(named) for e in refused.value.errors), refused.value.errors


def test_a_file_that_is_not_utf8_names_its_line_and_a_path_with_a_nul_is_refused(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(PLAN.bases[0][0].encode("gb18030"))
    with pytest.raises(PlanError) as refused:
        load_plan(path)
    assert refused.value.errors[0].startswith("(file): not UTF-8 text at line 1 ")
    for load in (load_plan, DRILL.load, CALENDAR.load):
        with pytest.raises((PlanError, DrillError, CalendarFileError)) as refused:
            load(tmp_path / "a\x00b.yaml")
        assert refused.value.errors[0].startswith("(file): cannot read")


def test_odd_keys_are_named_quoted_on_one_line(tmp_path):
    path = tmp_path / "odd.yaml"
    path.write_text(PLAN.bases[0][0] + '"two\\nlines": 1\n"\\u202e": 2\n', encoding="utf-8")
    with pytest.raises(PlanError) as refused:
        load_plan(path)
    assert "['two\\nlines']: Extra inputs are not permitted" in refused.value.errors
    assert "['\\u202e']: Extra inputs are not permitted" in refused.value.errors


# --- malformed files through `plans check`, `drill check` and `calendar import` -----------
@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS)
def test_check_and_import_commands_exit_2_naming_the_field_and_save_nothing(
    kind, tmp_path, sandbox_url, monkeypatch, quick_catalogue, no_tracebacks
):
    db_url = sandbox_url  # --now sets the import's clock
    monkeypatch.setenv("CONSOLE_DATA_DIR", str(tmp_path / "data"))
    calendars = tmp_path / "data" / "calendars"
    path = tmp_path / "mutated.yaml"
    outcomes: Counter = Counter()

    @fuzz(COUNTS[(kind.name, "cli")])
    @given(case=malformed(kind))
    @example(case=Case(b"year: 2027\nholidays: [2027-02-30]\n", ["a date that is not"]))
    @example(case=Case(b'year: 2027\nsource: "\\ud800"\n', ["an escaped lone surrogate"]))
    def check(case: Case) -> None:
        path.write_bytes(case.content)
        before = (db_digest(db_url), folder_digest(calendars))
        code, out, err = run_cli(main, ["--db", db_url, "--now", NOW, *kind.cli, str(path)])
        assert "Traceback" not in out + err
        outcomes[code] += 1
        if code == 0:
            if kind is CALENDAR:  # imported: the very file, and its audit entry
                year = parse_year_file(case.content.decode("utf-8"))
                saved = calendars / f"{year.year}.yaml"
                assert saved.read_bytes() == case.content.replace(b"\r\n", b"\n").replace(
                    b"\r", b"\n"
                )
                assert len(db_digest(db_url)["audit_log"]) == len(before[0]["audit_log"]) + 1
            else:
                assert out.strip() == "ok"
            return
        assert code == 2, (code, err, case.how)
        check_refusal(err.splitlines(), kind, case.content, case)
        assert (db_digest(db_url), folder_digest(calendars)) == before, "saved although refused"

    check()
    assert outcomes[2] >= 0.5 * sum(outcomes.values()), outcomes


# --- random command lines ---------------------------------------------------------------
def _leaves(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield words, parser
        return
    for name, sub in subs[0].choices.items():
        yield from _leaves(sub, (*words, name))


PARSER = build_parser()
LEAVES = list(_leaves(PARSER))
ALL_OPTIONS = sorted({o for _, p in LEAVES for a in p._actions for o in a.option_strings
                      if o not in ("--db", "-h", "--help")})  # fmt: skip
NAMES = {n for _, p in LEAVES for a in p._actions for n in (*a.option_strings, a.dest)} | {
    "command", "plans_command", "users_command", "calendar_command", "shift_command",
    "drill_command", "audit_command", "task_command", "attachment_command", "notify_command",
    "sitrep_command", "action"}  # fmt: skip
# what the services call the fields they refuse (console/services, console/*.py)
FIELDS = NAMES | {"task", "state", "session", "drill", "name", "level", "plan", "password",
                  "notes", "mode", "handover", "file", "year", "text", "--demand", "sitrep", "form",
                  "database"}  # fmt: skip

STAFF_NAMES = [name for name, _, _ in STAFF]
PLAUSIBLE = {
    "incident_id": ["1", "2", "3"], "task_id": ["1", "2", "5", "9", "12"], "alarm_id": ["1", "2"],
    "as_user": [*STAFF_NAMES, "nobody"], "user": STAFF_NAMES, "officer": STAFF_NAMES,
    "to": STAFF_NAMES, "leader": STAFF_NAMES, "plan": sorted(CATALOGUE.plans),
    "level": ["serious", "major", "general", "critical"], "channel": ["onsite", "phone"],
    "state": ["assessing", "处置", "closed", "feedback", "open", "all"],
    "group": ["onsite", "coordination", "nowhere"], "role": ["onsite_lead", "member", "leader"],
    "year": ["2026", "2027", "1899"], "shift": ["1", "2"], "minutes": ["5", "1440", "1441"],
    "people": ["3", "0", "100001"], "received_at": [NOW, "2026-11-24T09:00", "2026-11-25T09:00"],
    "now": [NOW, "2026-11-24T12:00:00+08:00", "2026-11-30"], "name": ["newbie", "duty1"],
    "session": ["x", "nosuch", "x://y", "sqlite://", "://", "../x"], "speed": ["60", "-1", "nan"],
    "title": ["投诉"], "text": ["记录"], "reason": ["原因"], "note": ["已处理"], "ab": ["A", "B"],
    "contact": ["13812345678"], "type": ["group"], "action": ["add", "list", "remove"],
    "url": ["json://127.0.0.1:9/hook", "dingtalk://", "foo://x"], "mobile": ["13812345678", "123"],
    "email": ["a@example.com", "a@"],
    "kind": ["first", "update", "final", "initial"], "sitrep_id": ["1", "2", "9"],
    "form_id": ["complaint_receipt", "complaint_record", "nosuch"], "by": ["group", "day", "week", "year"],
    "start": ["2026-11-01", "2026-11-24", "2026-13-01"], "end": ["2026-11-30", "2026-10-01", "x"],
}  # fmt: skip
FILE_DESTS = {"file", "out", "report", "xlsx", "pdf"}


def _safe_name(text: str) -> str:
    """Junk as a file name relative to the working folder (a tmp_path): never a path that
    leaves it, for a root user must not scribble over /."""
    return text.replace("/", "_").replace("\\", "_") or ""


@st.composite
def command_lines(draw, files: dict[str, list[str]]) -> list[str]:
    """A real command (now and then cut short or with a junk word), its arguments and some
    of its options (required ones mostly given), each value plausible or junk, now and
    then one missing, stray options of other commands, and some shuffling."""

    def chance(tenths: int) -> bool:
        return draw(st.integers(0, 9)) < tenths

    words, parser = draw(st.sampled_from(LEAVES))
    words = list(words)
    if chance(1) and words:
        words = words[:-1]
    elif chance(1):
        words.insert(draw(st.integers(0, len(words))), draw(text_junk))

    junk = st.one_of(
        text_junk,
        number_junk.map(str),
        st.sampled_from(["-5", "1e3", "0x10", "1.5", "٣", "9" * 30, "9" * 5000, "--", "-"]),
    )

    def value(dest: str) -> str:
        if dest in FILE_DESTS:
            choices = files.get(" ".join(words), []) + files["any"]
            return draw(st.sampled_from(choices) if chance(7) else text_junk.map(_safe_name))
        plausible = PLAUSIBLE.get(dest)
        return draw(st.sampled_from(plausible) if plausible and chance(6) else junk)

    tokens: list[list[str]] = []
    for action in parser._actions:
        if not action.option_strings and not chance(1):  # now and then one is missing
            tokens.append([value(action.dest)])
    options = [a for a in parser._actions if a.option_strings and a.dest not in ("help", "db")]
    chosen = [a for a in options if a.required and not chance(1)]
    chosen += draw(st.lists(st.sampled_from(options), max_size=4)) if options else []
    for action in chosen:
        name = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            tokens.append([name])
        elif action.choices and chance(7):
            tokens.append([name, draw(st.sampled_from(list(action.choices)))])
        elif chance(1):
            tokens.append([name])  # the value is missing
        else:
            tokens.append([name, value(action.dest)])
    if chance(2):
        stray = draw(st.one_of(st.sampled_from(ALL_OPTIONS), st.just("-h"), text_junk))
        tokens.append([stray] + ([value("x")] if stray.startswith("--") else []))
    order = draw(st.permutations(range(len(tokens)))) if chance(3) else range(len(tokens))
    line = words + [t for i in order for t in tokens[i]]
    return line + ["--once"] if words == ["serve"] else line  # not one that runs until stopped


_USAGE = re.compile(
    r"^error: (?:argument (?P<arg>\S+?): |the following arguments are required: (?P<req>.+)$|"
    r"unrecognized arguments:|ambiguous option: |(?P<field>[^\s:]+): )"
)


def names_the_field(out: str, err: str) -> bool:
    """The message of an exit 2 says which option, argument or field was wrong."""
    lines = err.strip().splitlines()
    if not lines:
        return "usage:" in out  # no command at all: the usage, naming the commands
    first = lines[0]
    m = _USAGE.match(first)
    if m is None:  # the lines of a file's refusal: a field path, or (file) with the line
        where = first.partition(": ")[0]
        return bool(where) and ": " in first and not where.startswith("error")
    if m["arg"]:
        return all(n in FIELDS for n in m["arg"].split("/"))
    if m["req"]:
        return all(n.strip() in FIELDS for n in m["req"].split(","))
    if m["field"]:
        return m["field"] in FIELDS
    return True  # unrecognized or ambiguous: the message quotes what was given


@pytest.fixture
def busy_url(staff_url, clock):
    """The staff, two incidents (one activated, with tasks), an open shift and alarms."""
    application = open_app(staff_url, clock)
    try:
        clock.set(local(2026, 11, 24, 9, 0))
        first = incidents.register(application, "duty1", ReportInput(
            plan="group_complaint", title="城东网点群体投诉", channel="onsite", people=30,
            contact="13812345678"))  # fmt: skip
        incidents.activate(application, "leader1", first.id)
        incidents.register(application, "duty1", ReportInput(plan="customer_crisis", title="电话投诉",
                                                            channel="phone"))  # fmt: skip
        shifts.start_shift(application, "duty1", "duty1", "leader1")
        clock.set(local(2026, 11, 24, 10, 0))
        from console.services.alarms import sweep

        sweep(application)
        assert alarms.list_alarms(application, "all")
    finally:
        application.close()
    return staff_url


def test_random_command_lines_never_crash_and_change_nothing_when_refused(
    busy_url, tmp_path, monkeypatch, quick_catalogue, no_tracebacks
):
    monkeypatch.chdir(tmp_path)  # every relative --out and junk file name lands here
    data = tmp_path / "data"
    monkeypatch.setenv("CONSOLE_DATA_DIR", str(data))
    monkeypatch.delenv("CONSOLE_USER", raising=False)
    monkeypatch.delenv("CONSOLE_DB", raising=False)
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "2027.yaml").write_text(YEAR_FILES[0], encoding="utf-8")
    (tmp_path / "a_folder").mkdir()
    files = {
        "any": ["out.pdf", "", ".", "a_folder", str(tmp_path / "no" / "such" / "x.pdf"),
                "broken.yaml", "empty.yaml", "missing.yaml", str(tmp_path / "a\x00b.pdf")],
        "plans check": [str(PLANS_DIR / "000_group_complaint.yaml")],
        "drill check": [str(DRILLS_DIR / "000_branch_mass_complaint.yaml")],
        "calendar import": ["2027.yaml"],
    }  # fmt: skip
    codes: Counter = Counter()

    @fuzz(CLI_RUNS)
    @given(argv=command_lines(files), stdin=st.text(max_size=20))
    @example(argv=["show", "99999999999999999999999"], stdin="")
    @example(argv=["report", "--plan", "group_complaint", "--title", "x\udcff", "--channel",
                   "onsite", "--as", "duty1"], stdin="")  # fmt: skip
    @example(argv=["report", "--plan", "group_complaint", "--title", "x", "--channel", "onsite",
                   "--as", "duty1", "--received-at", "0001-01-01T00:00"], stdin="")  # fmt: skip
    @example(argv=["sweep", "--now", "9999-12-31T23:59"], stdin="")
    @example(argv=["note", "1", "记录", "--as", "\udcff"], stdin="")
    @example(argv=["plans", "check", "a\x00b"], stdin="")
    @example(argv=["drill", "pause", "x://y"], stdin="")
    @example(argv=["handover", "--out", "", "--as", "duty1"], stdin="")
    @example(argv=["report-pdf", "1", "--out", "a_folder", "--as", "leader1"], stdin="")
    @example(argv=["handover", "--out", "x.pdf", "--shift", "9" * 30, "--as", "duty1"], stdin="")
    def check(argv: list[str], stdin: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))  # users add --password-stdin
        before = (db_digest(busy_url), folder_digest(data / "calendars"))
        code, out, err = run_cli(main, ["--db", busy_url, "--now", NOW, *argv])
        codes[code] += 1
        assert code in (0, 1, 2, 3, 4, 5, 6), (argv, code, err)
        assert "Traceback" not in out and "Traceback" not in err, (argv, err)
        if code == 2:
            assert names_the_field(out, err), (argv, err)
        if code != 0:
            after = (db_digest(busy_url), folder_digest(data / "calendars"))
            assert after == before, (argv, code, err)

    check()
    # not a fuzzer that only hits usage errors: commands run, and are refused by the services
    assert codes[0] and codes[2] and (codes[3] or codes[4]), codes


def test_a_database_url_that_is_not_one_names_the_db_option(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CONSOLE_DATA_DIR", str(tmp_path / "data"))
    for url in ["nonsense", "://", "x://y", "mysql://a/b", f"sqlite:///{tmp_path}/f\x00/x.db"]:
        code, out, err = run_cli(main, ["--db", url, "incidents"])
        assert (code, err.split(":")[0:2]) == (2, ["error", " --db"]), (url, code, err)
    (tmp_path / "file").write_text("", encoding="utf-8")
    code, _, err = run_cli(main, ["--db", f"sqlite:///{tmp_path}/file/sub/x.db", "incidents"])
    assert code == 2 and err.startswith("error: --db: cannot use"), err
    assert not list(tmp_path.glob("*.db"))


# --- intake values through the service ----------------------------------------------------
VALID = dict(plan="group_complaint", title="城东网点群体投诉", channel="onsite", level=None,
             type=None, people=30, demands="退还预付款", location="城东支行营业厅",
             reporter="王先生", contact="138 1234 5678", mood="情绪激动", received_at=None)  # fmt: skip
OPTION = {name: "--" + name.replace("_", "-") for name in VALID}
wrong_type = st.one_of(
    st.integers(), st.floats(), st.booleans(), st.binary(max_size=4), st.dates(),
    st.lists(st.text(max_size=3), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)  # fmt: skip
times = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                     timezones=st.one_of(st.none(), st.timezones()))  # fmt: skip
JUNK = {
    "plan": st.one_of(text_junk, wrong_type, st.sampled_from(["GROUP_COMPLAINT", " group_complaint"])),
    "title": st.one_of(text_junk, wrong_type),
    "channel": st.one_of(text_junk, wrong_type, st.sampled_from(["ONSITE", "onsite ", "现场"])),
    "level": st.one_of(text_junk, wrong_type, st.sampled_from(["critical", "较大", "SERIOUS"])),
    "type": st.one_of(text_junk, wrong_type, st.sampled_from(["malicious", "群体投诉"])),
    "people": st.one_of(number_junk, wrong_type, st.sampled_from(["30", "٣"])),
    "demands": st.one_of(text_junk, wrong_type),
    "location": st.one_of(text_junk, wrong_type),
    "reporter": st.one_of(text_junk, wrong_type),
    "contact": st.one_of(text_junk, wrong_type, st.sampled_from(["+86 (10) 1234-5678", "1" * 33])),
    "mood": st.one_of(text_junk, wrong_type),
    "received_at": st.one_of(times, wrong_type, st.just("2026-11-24T09:00:00+08:00")),
}  # fmt: skip


@st.composite
def reports(draw) -> tuple[dict, frozenset[str]]:
    fields = dict(VALID)
    junked = draw(st.sets(st.sampled_from(sorted(JUNK)), min_size=1, max_size=3))
    for name in junked:
        fields[name] = draw(JUNK[name])
    return fields, frozenset(junked)


def test_intake_values_are_saved_or_refused_naming_the_field_and_nothing_is_saved(
    app, staff, db_url, no_tracebacks
):
    outcomes: Counter = Counter()

    @fuzz(INTAKE_RUNS)
    @given(report=reports())
    @example(report=(VALID | {"title": "\u200b\u200f "}, frozenset({"title"})))
    @example(report=(VALID | {"title": "x\ud800"}, frozenset({"title"})))
    @example(report=(VALID | {"title": 42}, frozenset({"title"})))
    @example(report=(VALID | {"channel": ["onsite"]}, frozenset({"channel"})))
    @example(report=(VALID | {"plan": ["group_complaint"]}, frozenset({"plan"})))
    @example(report=(VALID | {"received_at": "2026-11-24"}, frozenset({"received_at"})))
    @example(report=(VALID | {"received_at": local(1, 1, 2)}, frozenset({"received_at"})))
    def check(report: tuple[dict, frozenset[str]]) -> None:
        fields, junked = report
        before = db_digest(db_url)
        try:
            saved = incidents.register(app, "duty1", ReportInput(**fields))
        except InputError as exc:
            outcomes[exc.field] += 1
            assert exc.field in {OPTION[name] for name in junked}, (exc.field, junked, fields)
            assert exc.message.strip()
            assert db_digest(db_url) == before, "saved although refused"
            return
        outcomes["saved"] += 1
        assert saved.title == fields["title"].strip()
        assert saved.people == (fields["people"] if fields["people"] is not None else 1)
        assert saved.channel == fields["channel"]
        assert len(db_digest(db_url)["incidents"]) == len(before["incidents"]) + 1

    check()
    assert outcomes["saved"] and sum(outcomes.values()) - outcomes["saved"] > outcomes["saved"]
    assert len(outcomes) >= 8, outcomes  # refusals on most of the fields, each by its name


# --- intake values through the dialog -----------------------------------------------------
BAD_IN_DIALOG = {
    "--title": st.one_of(st.sampled_from(["", "   ", "\u200b\u200f", "\t"]), huge_text,
                         st.tuples(st.text(max_size=5), st.sampled_from(["\x00", "\x01", "\x1b"]))
                         .map("".join)),
    "--people": st.just(0),
    "--contact": st.one_of(st.sampled_from(["12", "1" * 33, "110\u202e", "\U0001f525"]),
                           st.text(alphabet="abc☎😀一", min_size=1, max_size=8)),
    "--mood": st.one_of(st.text(alphabet="激动😀\u202e", min_size=65, max_size=80), st.just("\x07")),
    "--location": st.text(alphabet="城东支行 \u0301\u200f😀x", min_size=201, max_size=260)
    .filter(lambda t: len(t.strip()) > 200),
    "--reporter": st.one_of(st.just("x" * 129), st.just("王\x00先生")),
    "--demands": st.one_of(st.just("退款" * 1001), st.just("\x1b[31m")),
    "--received-at": st.sampled_from([timedelta(days=1), timedelta(hours=1), -timedelta(days=365 * 300)]),
}  # fmt: skip


def test_the_intake_dialog_shows_the_error_on_the_field_and_saves_nothing(
    qtbot, app, staff, clock, db_url, no_tracebacks
):
    from PySide6.QtCore import QDateTime, Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from widgets.dialogs.intake import IntakeDialog

    dialog = IntakeDialog(app, "duty1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    now = QDateTime(clock.now().astimezone(DEFAULT_TZ).replace(tzinfo=None))

    def fill(field: str | None = None, value=None) -> None:
        dialog.title.setText("城东网点群体投诉")
        dialog.people.setValue(30)
        dialog.contact.setText("13812345678")
        for widget in (dialog.mood, dialog.location, dialog.reporter):
            widget.setText("")
        dialog.demands.setPlainText("退还预付款")
        dialog.received.setDateTime(now)
        if field == "--people":
            dialog.people.setValue(value)
        elif field == "--received-at":
            dialog.received.setDateTime(now.addSecs(int(value.total_seconds())))
        elif field == "--demands":
            dialog.demands.setPlainText(value)
        elif field is not None:
            dialog.fields[field].setText(value)

    shown: Counter = Counter()

    @fuzz(40)
    @given(bad=st.sampled_from(sorted(BAD_IN_DIALOG)).flatmap(
        lambda f: st.tuples(st.just(f), BAD_IN_DIALOG[f])))  # fmt: skip
    def check(bad) -> None:
        field, value = bad
        dialog.saved = None  # each example on its own, also while Hypothesis shrinks
        dialog.show()
        fill(field, value)
        given = dialog.values()
        before = db_digest(db_url)
        with qtbot.captureExceptions() as raised:
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert not raised, raised
        assert dialog.saved is None and dialog.isVisible(), (field, value, given)
        visible = {k for k, label in dialog.errors.items() if label.isVisibleTo(dialog)}
        assert visible == {field}, (field, value, visible, dialog.general_error.text())
        assert dialog.errors[field].text().strip()
        assert db_digest(db_url) == before
        shown[field] += 1

    check()
    assert len(shown) >= 6, shown
    fill()  # put right, the same dialog saves
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None and len(queries.list_incidents(app)) == 1
