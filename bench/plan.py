"""What the benchmark measures: the approaches and their scripts, the dates and view, the budgets, and the schedule
of steps over the runs."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path
from typing import Any

from geo.model import Catalog
from geo.temporal import day_number

REPO = Path(__file__).resolve().parents[1]

OURS, NAIVE, FG, FLOOR = "ours", "naive", "feature_group_to_add", "streamlit_floor"
APPROACHES = (OURS, NAIVE, FG)
# Streamlit's own startup floor on this machine: the same server start → first <h1> painted, for a blank app
FLOOR_APP = 'import streamlit as st\n\nst.title("blank")\nst.slider("x", 0, 10, 5)\n'
SCRIPTS = {OURS: REPO / "app.py", NAIVE: REPO / "bench/peers/naive_app.py",
           FG: REPO / "bench/peers/feature_group_app.py"}
START = dt.date(1993, 3, 1)  # the stepping starts here: features change from year to year
PEER_STEP_DAYS = 365
VIEW = (39.82, 46.75, 9)  # Stepanakert, zoom 9: the reader's view that must survive every step
VIEWPORT = {"width": 1280, "height": 900}
PEER_SLIDER = '[data-testid="stSlider"] input[type=range], [data-testid="stSlider"] [role=slider]'

BUDGET = {
    "step_ms": 16.0, "step_ratio_fg": 8.0, "first_paint_s": 2.5, "panels_ms": 300.0,
    "export_kb": 500.0, "export_ratio": 0.40, "export_paint_ms": 300.0, "export_step_ms": 16.0,
}


def plan(catalog: Catalog, runs: int, steps: int, panels: int, today: dt.date) -> list[dict[str, Any]]:
    """Per run: the dates ours steps through (1-year steps), the peers' day numbers (365-day steps), the panel days.
    The steps form one sequence from 1 March 1993, split over the runs (run r continues where run r-1 stopped)."""
    years = today.year - START.year - (1 if (today.month, today.day) < (START.month, START.day) else 0)
    steps = max(1, min(steps, years))
    per_run = math.ceil(steps / runs)
    per_run_panels = math.ceil(panels / runs)
    first, last = day_number(catalog.dataset.first_date), day_number(today)
    rng = random.Random(20261122)
    out = []
    for r in range(runs):
        lo, hi = r * per_run, min(steps, (r + 1) * per_run)
        n = max(1, hi - lo)
        dates = [START.replace(year=START.year + lo + i) for i in range(n + 1)]
        days = [day_number(START) + PEER_STEP_DAYS * (lo + i) for i in range(n + 1)]
        panel_days: list[int] = []
        while len(panel_days) < per_run_panels:
            d = rng.randint(first, last)
            if d != day_number(dates[-1]) and d not in panel_days:
                panel_days.append(d)
        out.append({"dates": dates, "days": days, "panels": panel_days})
    return out
