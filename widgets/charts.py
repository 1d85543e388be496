"""pyqtgraph charts: the next 4 hours' deadline horizon by lane, and open tasks per lane
over the shift (rebuilt from task creation and completion times)."""

from __future__ import annotations

from datetime import timedelta

import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from console.context import App
from console.services import queries

COLOURS = {
    "running": (107, 114, 128),
    "warning": (217, 119, 6),
    "lapsed": (220, 38, 38),
    "paused": (156, 163, 175),
}


class Charts(QWidget):
    def __init__(self, app: App, lanes: list[tuple[str, str]]) -> None:
        super().__init__()
        self.app = app
        self.lanes = lanes
        pg.setConfigOptions(antialias=True, background="w", foreground="k", exitCleanup=False)
        layout = QHBoxLayout(self)
        self.horizon = pg.PlotWidget(title=self.tr("未来 4 小时到期(按工作组)"))
        self.horizon.setLabel("bottom", self.tr("距现在(分钟)"))
        self.load = pg.PlotWidget(title=self.tr("本班各组待办任务数"))
        self.load.setLabel("bottom", self.tr("距现在(小时)"))
        self.load.addLegend(offset=(5, 5))
        axis = self.horizon.getAxis("left")
        axis.setTicks([[(i, name) for i, (_, name) in enumerate(lanes)]])
        layout.addWidget(self.horizon, 1)
        layout.addWidget(self.load, 1)

    def set_lanes(self, lanes: list[tuple[str, str]]) -> None:
        """The lanes on the boards (those of the plans in use)."""
        self.lanes = lanes
        self.horizon.getAxis("left").setTicks([[(i, name) for i, (_, name) in enumerate(lanes)]])

    def update_horizon(self, points: list[tuple[str, float, str]]) -> None:
        """`points`: (lane, minutes from now, clock state) of the deadlines (Boards.horizon)."""
        index = {key: i for i, (key, _) in enumerate(self.lanes)}
        self.horizon.clear()
        for state, colour in COLOURS.items():
            xs, ys = [], []
            for lane, minutes, st in points:
                if st != state:
                    continue
                if -30 <= minutes <= 240 and lane in index:
                    xs.append(minutes)
                    ys.append(index[lane])
            if xs:
                self.horizon.plot(xs, ys, pen=None, symbol="o", symbolSize=9, symbolBrush=colour)
        self.horizon.addLine(x=0, pen=pg.mkPen((220, 38, 38), width=1))
        self.horizon.setXRange(-30, 240)
        self.horizon.setYRange(-0.5, len(self.lanes) - 0.5)

    def update_load(self, hours: int = 12) -> None:
        """Open tasks per lane at each half hour of the last `hours` hours."""
        now = self.app.time.now()
        steps = [now - timedelta(minutes=30 * k) for k in range(hours * 2, -1, -1)]
        series = queries.open_tasks_by_lane(self.app, steps)
        self.load.clear()
        xs = [-(now - t).total_seconds() / 3600 for t in steps]
        names = dict(self.lanes)
        for i, (lane, counts) in enumerate(sorted(series.items(), key=lambda kv: -kv[1][-1])[:8]):
            self.load.plot(
                xs, counts, pen=pg.mkPen(pg.intColor(i, 8), width=2), name=names.get(lane, lane)
            )
