"""The test session starts from a known state, whatever the host: before anything else
(Qt reads these when it starts) it gets a fontconfig that holds only the shipped font, a
fixed time zone and locale, an empty home and settings folder, and a 96-dpi offscreen
screen. Each GUI test then starts from the application font, palette and language a
console has after start-up (`_known_qt_state`)."""

import atexit
import os
import shutil
import tempfile
import time
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_SESSION = Path(tempfile.mkdtemp(prefix="console-tests-"))
atexit.register(shutil.rmtree, _SESSION, True)


def _hermetic() -> None:
    fonts = _SESSION / "fontconfig"
    fonts.mkdir()
    (fonts / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{_ROOT / 'resources' / 'fonts'}</dir>\n  <cachedir>{fonts / 'cache'}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    home = _SESSION / "home"
    for sub in (".config", ".local/share", ".cache", "runtime"):
        (home / sub).mkdir(parents=True)
    os.environ.update(
        QT_QPA_PLATFORM="offscreen",
        FONTCONFIG_FILE=str(fonts / "fonts.conf"),
        FONTCONFIG_PATH=str(fonts),
        QT_FONT_DPI="96",
        QT_SCALE_FACTOR="1",
        QT_ENABLE_HIGHDPI_SCALING="0",
        TZ="UTC",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        LANGUAGE="",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
        CONSOLE_DATA_DIR=str(_SESSION / "data"),
        # The session's users all have this password (STAFF_HASH), so `--as NAME` on the
        # command line is proven as a signed-in operator's would be; the tests of missing
        # or wrong proof take it away.
        CONSOLE_PASSWORD=PASSWORD,
    )
    for name in ("CONSOLE_DB", "CONSOLE_USER", "CONSOLE_LOG", "QT_STYLE_OVERRIDE", "CONSOLE_TOKEN"):
        os.environ.pop(name, None)
    os.environ.pop("QT_QPA_PLATFORMTHEME", None)
    os.chmod(home / "runtime", 0o700)
    time.tzset()


PASSWORD = "staff-pass-2026"  # noqa: S105 - the test session's users' password

_hermetic()

from datetime import datetime  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from console import db  # noqa: E402
from console.context import App, open_app  # noqa: E402
from console.people.passwords import hash_password  # noqa: E402
from console.services import users  # noqa: E402
from console.time.source import FixedTime  # noqa: E402

STAFF_HASH = hash_password(PASSWORD)  # hashed once: scrypt is slow on purpose
# When the staff were set up: before any test's own time, which never goes back past it.
HIRED = datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Properties, not timings: no per-example deadline (speed is the benchmarks' business).
# In CI the examples are derandomized: the same inputs every run, so a red CI is a change's
# doing; local runs keep exploring new ones.
settings.register_profile("console", deadline=None)
settings.register_profile("console-ci", deadline=None, derandomize=True)
settings.load_profile("console-ci" if os.environ.get("CI") else "console")


def local(*args: int) -> datetime:
    """A local (Asia/Shanghai) instant, as the seeds speak of time."""
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def sandbox_db(tmp_path_factory, migrated_db) -> Path:
    """A migrated database marked a sandbox (at HIRED): --now is honoured on it."""
    from console.services.sandbox import mark_sandbox

    path = tmp_path_factory.mktemp("sandbox") / "sandbox.db"
    shutil.copy(migrated_db, path)
    application = open_app(f"sqlite:///{path}", FixedTime(HIRED))
    mark_sandbox(application)
    application.close()
    return path


@pytest.fixture
def sandbox_url(tmp_path, sandbox_db) -> str:
    """The test's own sandbox database (tests, training, demos): the command line honours
    --now on it."""
    path = tmp_path / "sandbox.db"
    shutil.copy(sandbox_db, path)
    return f"sqlite:///{path}"


def add_staff(application: App) -> None:
    """STAFF, with the session's password, set up at HIRED (before the test's own time)."""
    real, application.time = application.time, FixedTime(HIRED)
    try:
        for name, role, group in STAFF:
            users.add_user(application, None, name, role, group=group, password_hash=STAFF_HASH)
    finally:
        application.time = real


@pytest.fixture
def clock() -> FixedTime:
    return FixedTime(local(2026, 11, 24, 10, 0))


@pytest.fixture
def db_url(tmp_path, migrated_db) -> str:
    path = tmp_path / "console.db"
    shutil.copy(migrated_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(db_url, clock, tmp_path) -> App:
    application = open_app(db_url, clock, calendar_dir=tmp_path / "calendars")
    yield application
    application.close()


STAFF = [
    ("leader1", "leader", None),
    ("deputy1", "deputy", None),
    ("coord_onsite", "coordinator", "onsite"),
    ("coord_coordination", "coordinator", "coordination"),
    ("member_onsite", "member", "onsite"),
    ("duty1", "duty_officer", None),
    ("super1", "supervisor", None),
]


@pytest.fixture
def staff(app) -> dict[str, str]:
    """One user per role (coordinators of 现场处置组 and 协调联络组)."""
    add_staff(app)
    return {name: role for name, role, _ in STAFF}


@pytest.fixture
def staff_url(db_url, clock) -> str:
    """The staff of `staff`, in the test's database made a sandbox, which other processes
    and apps (and the command line with --now) can open by URL."""
    from console.services.sandbox import mark_sandbox

    application = open_app(db_url, FixedTime(HIRED))
    mark_sandbox(application)
    add_staff(application)
    application.close()
    return db_url


_QT: dict = {}  # the application and the look it had after start-up


@pytest.fixture(scope="session")
def qapp(qapp_args):
    """pytest-qt's application, started as the console starts one: the shipped CJK font
    registered and made the application font (widgets.app), the Fusion style."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from widgets.style import register_fonts

    app = QApplication.instance() or QApplication(qapp_args)
    app.setApplicationName("应急指挥台")
    app.setStyle("Fusion")
    register_fonts()
    _QT.update(app=app, font=QFont(app.font()), palette=app.style().standardPalette())
    return app


@pytest.fixture(autouse=True)
def _known_qt_state():
    """Every test leaves Qt as it found it: wall mode (application font and palette), the
    language and leftover widgets do not leak into the next test. Widgets die while Qt is
    alive: left to interpreter shutdown, PySide6 6.12 with pyqtgraph crashes in the final
    garbage collection."""
    yield
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    app = QCoreApplication.instance()
    if app is None:
        return
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # A full collection only when widgets are left (a test of the window): one costs 0.2 s
    # on the session's heap, a third of the suite's time when run after every test.
    if isinstance(app, QApplication) and app.topLevelWidgets():
        gc.collect()
    if "font" in _QT:
        app.setFont(_QT["font"])
        app.setPalette(_QT["palette"])
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))


def open_incident(app, clock, plan: str, at, **fields) -> int:
    """A report received at `at` (local) by duty1 and activated at once by leader1."""
    from console.services import incidents
    from console.services.incidents import ReportInput

    clock.set(at)
    inc = incidents.register(
        app, "duty1", ReportInput(plan=plan, **({"title": "投诉", "channel": "onsite"} | fields))
    )
    incidents.activate(app, "leader1", inc.id)
    return inc.id


def tasks_of(app, incident_id: int) -> dict:
    """The incident's tasks by template id."""
    from sqlalchemy import select

    from models import Task

    with app.read() as s:
        return {
            t.template_id: t
            for t in s.execute(select(Task).where(Task.incident_id == incident_id)).scalars()
        }


# --- PostgreSQL (several seats) -------------------------------------------------------
PG_SERVER = os.environ.get(
    "CONSOLE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def pg_template():
    """A migrated template database on the local PostgreSQL. Without a reachable server the
    multi-seat tests are skipped, with the reason; in CI (CI set) they fail instead."""
    from sqlalchemy.engine import make_url

    try:
        url = db.create_database(PG_SERVER, "console_tpl")
    except Exception as exc:  # noqa: BLE001
        reason = f"no PostgreSQL at {PG_SERVER} (set CONSOLE_TEST_PG): {str(exc).splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    engine = db.make_engine(url)
    db.migrate(engine)
    engine.dispose()
    yield make_url(url).database
    db.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def each_db_url(request) -> str:
    """The test's database on each kind a console runs on: SQLite (one seat) and
    PostgreSQL (a command room)."""
    return request.getfixturevalue("db_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def pg_url(pg_template) -> str:
    """A fresh, migrated PostgreSQL database for one test."""
    url = db.create_database(PG_SERVER, "console_t", template=pg_template)
    yield url
    db.drop_database(url)


def pytest_terminal_summary(terminalreporter, config) -> None:
    """The test order of this run, also under -q: `make test PYTEST_ARGS=--randomly-seed=N`
    runs the same order again."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int):
        terminalreporter.write_line(f"test order: --randomly-seed={seed}")


@pytest.fixture
def receiver():
    """A local HTTP receiver on 127.0.0.1 (its own: it may be stopped and started)."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()
