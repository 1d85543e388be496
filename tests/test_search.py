"""Ctrl+F (issue 21): incidents, tasks and the duty log found by text, number and person;
F1: the keyboard sheet lists every action of the window with its key."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.errors import InputError
from console.services import incidents
from console.services.demo import load_demo
from console.services.search import search
from tests.test_gui import window_for


@pytest.fixture
def demo(app):
    load_demo(app)
    return app


def _found(app, text):  # type: ignore[no-untyped-def]
    return {(h.kind, h.incident) for h in search(app, text)}


def test_the_mass_complaint_is_found_by_its_words_its_number_and_its_callers_number(demo):
    assert ("incident", 1) in _found(demo, "理财本金")  # its demands
    assert ("incident", 1) in _found(demo, "城东支行")  # its place
    assert ("incident", 3) in _found(demo, "#3") and ("incident", 1) not in _found(demo, "#3")
    assert ("incident", 1) in _found(demo, "139 0000 1111")  # the caller's number, typed any way


def test_a_person_finds_the_tasks_they_hold_and_what_they_wrote(demo):
    incidents.add_note(demo, "zhao", 1, "现场已拉起警戒线")
    found = search(demo, "赵现场")
    assert {h.title for h in found if h.kind == "task"} == {
        "抵达现场，引导投诉人员至指定接待区域(会议室、接待室)"
    }
    assert any(h.kind == "log" and h.title == "现场已拉起警戒线" for h in found)


def test_a_task_is_found_by_its_title(demo):
    hits = [h for h in search(demo, "统一信息发布口径") if h.kind == "task"]
    assert hits and all("信息发布组" in h.detail for h in hits)


def test_an_empty_search_names_its_field(demo):
    with pytest.raises(InputError, match="search"):
        search(demo, "  ")


def test_percent_and_underscore_match_only_themselves(demo):
    assert search(demo, "%") == [] and search(demo, "_") == [] and search(demo, "城%支行") == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(min_size=1, max_size=30),
        st.integers(0, 10**30).map(str),
        st.integers(0, 10**30).map("#{}".format),
    )
)
def test_whatever_is_typed_is_searched_or_refused_by_name(demo, text):  # the database is only read
    try:
        hits = search(demo, text)
    except InputError as exc:
        assert exc.field == "search"
        return
    assert len(hits) <= 3 * 50


def test_search_on_the_window_opens_the_case_found(qtbot, demo, monkeypatch):
    window = window_for(qtbot, demo, "duty")
    opened = []
    monkeypatch.setattr(window, "open_incident", opened.append)
    window.menu_actions["search"].trigger()  # Ctrl+F
    dialog = window._search
    dialog.open_incident.disconnect()
    dialog.open_incident.connect(opened.append)
    dialog.query.setText("新城小区")
    dialog.run()  # read off the GUI thread, by the window's reader
    qtbot.waitUntil(lambda: bool(dialog.hits), timeout=5000)
    assert [h.incident for h in dialog.hits if h.kind == "incident"] == [3]
    dialog.results.itemActivated.emit(dialog.results.topLevelItem(0), 0)
    assert opened == [3]


def test_the_shortcut_sheet_lists_every_action_with_its_key(qtbot, demo):
    from widgets.dialogs.shortcuts import ShortcutSheet

    window = window_for(qtbot, demo, "zhao")
    sheet = ShortcutSheet(window.menuBar(), window)
    qtbot.addWidget(sheet)
    listed = {(action, key) for _menu, action, key in sheet.rows}
    offered = {
        (a.text(), a.shortcut().toString()) for a in window.menu_actions.values() if a.isVisible()
    }
    assert offered <= listed
    assert ("就所选任务求助…", "Ctrl+J") in listed and ("快捷键一览", "F1") in listed


@pytest.mark.parametrize("each_db_url", ["sqlite", "postgresql"], indirect=True)
def test_a_number_too_large_for_a_case_is_searched_as_text(each_db_url, clock):
    from console.context import open_app

    app = open_app(each_db_url, clock)
    try:
        load_demo(app)
        assert search(app, "#3000000000") == [] and search(app, "99999999999999999999") == []
        assert ("incident", 3) in {(h.kind, h.incident) for h in search(app, "#3")}
    finally:
        app.close()
