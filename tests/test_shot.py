"""`main.py demo` and `main.py shot` (issue 21): the demo into an empty database only, and a
seat rendered offscreen, as its proven user sees it; the sign-in names the product."""

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from console.cli import main
from console.context import open_app
from console.services import users
from widgets.dialogs.signin import SignIn

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_goes_into_an_empty_database_only(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert main(["--db", url, "demo"]) == 0
    app = open_app(url)
    try:
        assert app.sandbox and {"zhang", "zhao", "duty"} <= {u.name for u in users.list_users(app)}
    finally:
        app.close()
    capsys.readouterr()
    assert main(["--db", url, "demo"]) == 2
    assert "--db" in capsys.readouterr().err  # not empty: refused, naming the field


def _shot(tmp_path, *args, password="demo1234"):  # type: ignore[no-untyped-def]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "CONSOLE_PASSWORD": password, "XDG_DATA_HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}  # fmt: skip
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "shot", *args], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=120)  # fmt: skip


@pytest.fixture
def demo_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert main(["--db", url, "demo"]) == 0
    return url


def test_a_shot_of_the_wall_is_the_size_asked_for(tmp_path, demo_db):
    out = tmp_path / "wall.png"
    done = _shot(
        tmp_path, str(out), "--as", "zhang", "--wall", "--size", "1920x1080", "--db", demo_db
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    # the wall's dark ground, not the desk's light one
    assert image.pixelColor(960, 1075).lightness() < 60


@pytest.mark.parametrize(("args", "field", "code"), [
    (("x.jpg", "--as", "zhang"), "OUT.png", 2),
    (("x.png", "--as", "zhang", "--size", "big"), "--size", 2),
    (("x.png", "--as", "zhang", "--show", "everything"), "--show", 2),
    (("x.png",), "--as", 2),
])  # fmt: skip
def test_a_bad_shot_says_which_field_and_writes_nothing(tmp_path, demo_db, args, field, code):
    done = _shot(tmp_path, *args, "--db", demo_db)
    assert done.returncode == code and field in done.stderr
    assert not list(tmp_path.glob("x.*"))


def test_a_shot_needs_the_users_proof(tmp_path, demo_db):
    done = _shot(
        tmp_path, str(tmp_path / "x.png"), "--as", "zhang", "--db", demo_db, password="wrong"
    )
    assert done.returncode == 3 and "--as" in done.stderr
    assert not (tmp_path / "x.png").exists()


def test_the_sign_in_names_the_product_and_carries_its_icon(qtbot, app):
    from console.services.demo import load_demo

    load_demo(app)
    dialog = SignIn(app)
    qtbot.addWidget(dialog)
    assert (
        "应急指挥台" in dialog.windowTitle() and "Incident Command Console" in dialog.product.text()
    )
    assert not dialog.windowIcon().isNull()
