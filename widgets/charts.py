"""pyqtgraph charts: the next 4 hours' deadline horizon by lane, and open tasks per lane
over the shift (rebuilt from task creation and completion times). pyqtgraph is imported and
the plots built when the tab is first shown, not at the window's start."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QWidget

from console.context import App
from console.services import queries

if TYPE_CHECKING:
    import pyqtgraph as pg

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
        self._plots: tuple[pg.PlotWidget, pg.PlotWidget] | None = None

    def _built(self) -> tuple[pg.PlotWidget, pg.PlotWidget]:
        """The two plots, made on first use (when the tab is shown)."""
        if self._plots is not None:
            return self._plots
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=True, background="w", foreground="k", exitCleanup=False)
        layout = QHBoxLayout(self)
        horizon = pg.PlotWidget(title=self.tr("未来 4 小时到期(按工作组)"))
        horizon.setLabel("bottom", self.tr("距现在(分钟)"))
        load = pg.PlotWidget(title=self.tr("本班各组待办任务数"))
        load.setLabel("bottom", self.tr("距现在(小时)"))
        load.addLegend(offset=(5, 5))
        layout.addWidget(horizon, 1)
        layout.addWidget(load, 1)
        self._plots = horizon, load
        self.set_lanes(self.lanes)
        return self._plots

    def set_lanes(self, lanes: list[tuple[str, str]]) -> None:
        """The lanes on the boards (those of the plans in use)."""
        self.lanes = lanes
        if self._plots is not None:
            self._plots[0].getAxis("left").setTicks(
                [[(i, name) for i, (_, name) in enumerate(lanes)]]
            )

    def update_horizon(self, points: list[tuple[str, float, str]]) -> None:
        """`points`: (lane, minutes from now, clock state) of the deadlines (Boards.horizon)."""
        import pyqtgraph as pg

        horizon = self._built()[0]
        index = {key: i for i, (key, _) in enumerate(self.lanes)}
        horizon.clear()
        for state, colour in COLOURS.items():
            xs, ys = [], []
            for lane, minutes, st in points:
                if st != state:
                    continue
                if -30 <= minutes <= 240 and lane in index:
                    xs.append(minutes)
                    ys.append(index[lane])
            if xs:
                horizon.plot(xs, ys, pen=None, symbol="o", symbolSize=9, symbolBrush=colour)
        horizon.addLine(x=0, pen=pg.mkPen((220, 38, 38), width=1))
        horizon.setXRange(-30, 240)
        horizon.setYRange(-0.5, len(self.lanes) - 0.5)

    def update_load(self, hours: int = 12) -> None:
        """Open tasks per lane at each half hour of the last `hours` hours."""
        now = self.app.time.now()
        steps = [now - timedelta(minutes=30 * k) for k in range(hours * 2, -1, -1)]
        series = queries.open_tasks_by_lane(self.app, steps)
        import pyqtgraph as pg

        load = self._built()[1]
        load.clear()
        xs = [-(now - t).total_seconds() / 3600 for t in steps]
        names = dict(self.lanes)
        for i, (lane, counts) in enumerate(sorted(series.items(), key=lambda kv: -kv[1][-1])[:8]):
            load.plot(
                xs, counts, pen=pg.mkPen(pg.intColor(i, 8), width=2), name=names.get(lane, lane)
            )
