"""Board state for a seat: one TaskTableModel per lane and the incidents model, loaded once
and then updated in place from changes (only the affected incidents are re-read)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.changes import Change
from console.context import App
from console.services.queries import board_rows, incident_rows
from console.views.board import BoardRow, lanes
from widgets.boards.models import IncidentTableModel, TaskTableModel


class Boards(QObject):
    lanes_changed = Signal()
    rows_changed = Signal()

    def __init__(
        self, app: App, only_lane: str | None = None, only_group: str | None = None
    ) -> None:
        super().__init__()
        self.app = app
        self.only_lane = only_lane
        self.only_group = only_group  # a group seat: its own group's tasks, not its lane-mates'
        self.models: dict[str, TaskTableModel] = {}
        self.lane_names: dict[str, str] = dict(lanes(app))
        self.incidents = IncidentTableModel(app.time)
        self._by_incident: dict[int, list[BoardRow]] = {}
        self._plans: set[str] = set()  # the plans of the rows shown

    def _wanted(self, row: BoardRow) -> bool:
        return (self.only_lane is None or row.lane == self.only_lane) and (
            self.only_group is None or row.group_id == self.only_group
        )

    def load(self) -> None:
        rows = [r for r in board_rows(self.app) if self._wanted(r)]
        self._by_incident = {}
        for r in rows:
            self._by_incident.setdefault(r.incident_id, []).append(r)
        by_lane: dict[str, list[BoardRow]] = {}
        for r in rows:
            by_lane.setdefault(r.lane, []).append(r)
        keys = self._lane_keys(by_lane)
        self._plans = {r.plan_id for r in rows}
        names = dict(lanes(self.app, self._plans))  # the plans in use name the leader lane
        if keys != list(self.models) or names != self.lane_names:
            self.lane_names = names
            self.models = {k: TaskTableModel(self.app.time) for k in keys}
            self.lanes_changed.emit()
        for key, model in self.models.items():
            model.set_rows(by_lane.get(key, []))
        self.incidents.set_rows(incident_rows(self.app, rows))
        self.rows_changed.emit()

    def _lane_keys(self, by_lane: dict[str, list[BoardRow]]) -> list[str]:
        if self.only_lane is not None:
            return [self.only_lane]
        # the leader lane, the work groups of plans in use, supervision — in the catalogue's order
        return [
            key for key, _ in lanes(self.app) if key in by_lane or key in ("command", "supervision")
        ]

    def apply(self, change: Change) -> None:
        """Refresh only the incidents a change touched; rows move, appear, or leave in place."""
        if not change.incidents:
            return
        fresh = [r for r in board_rows(self.app, change.incidents) if self._wanted(r)]
        new_lanes = {r.lane for r in fresh} - set(self.models)
        new_plans = {r.plan_id for r in fresh} - self._plans
        if new_lanes or new_plans:  # a plan newly in use may rename the leader lane
            self.load()
            return
        fresh_ids = {r.task_id for r in fresh}
        was: dict[int, str] = {}  # the lane each task of these incidents was shown in
        for iid in change.incidents:
            for old in self._by_incident.pop(iid, []):
                was[old.task_id] = old.lane
                if old.task_id not in fresh_ids:
                    model = self.models.get(old.lane)
                    if model is not None:
                        model.remove(old.task_id)
        for r in fresh:
            before = was.get(r.task_id)
            if before is not None and before != r.lane and before in self.models:
                self.models[before].remove(r.task_id)  # a reassigned task changes lanes
            self.models[r.lane].upsert(r)
            self._by_incident.setdefault(r.incident_id, []).append(r)
        self.incidents.set_rows(incident_rows(self.app, self.all_rows()))
        self.rows_changed.emit()

    def task_version(self, task_id: int) -> int | None:
        """The version of a task as this seat shows it (a service refuses an action on a task
        that has moved on since: optimistic locking between seats)."""
        return next((r.version for r in self.all_rows() if r.task_id == task_id), None)

    def incident_version(self, incident_id: int) -> int | None:
        rows = self.incidents.rows()
        return next((r.version for r in rows if r.incident_id == incident_id), None)

    def all_rows(self) -> list[BoardRow]:
        return [r for rows in self._by_incident.values() for r in rows]

    def tick(self) -> None:
        """The view's one timer: every model's countdown column moves."""
        self.incidents.tick()
        for model in self.models.values():
            model.tick()
