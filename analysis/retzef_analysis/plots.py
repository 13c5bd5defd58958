"""The report's figures, drawn with matplotlib and returned as PNG bytes.

Each function takes frames that the other modules already computed (aggregates, intervals) and
draws one figure; none reads the file. Figures are built on `matplotlib.figure.Figure` rather
than pyplot, so nothing global is kept between them and no display is needed.

A case keeps the same colour and line style in every figure that draws a line per case
(`case_styles`): the Okabe-Ito palette, which readers with the common colour-vision
deficiencies tell apart, and a distinct dash pattern, so that lines that coincide or a print in
grey still show every design. Time runs in years from the start of the run, with the warm-up
shaded.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch

from retzef_analysis import catalogue
from retzef_analysis.file import NO_LEVEL

DPI = 100
_REFERENCE_STYLES = ("--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)))


# Okabe & Ito (2008), "Color Universal Design", without the yellow (too pale on white).
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
LINE_STYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
WARMUP_COLOUR = "#dddddd"
DAYS_PER_YEAR = 365.0
# The name of a line that stands for every design (their values are the same).
EVERY_DESIGN = "every design"


def case_colours(cases: list[str]) -> dict[str, str]:
    """A distinct colour per case, stable across figures (colour-blind safe for up to seven)."""
    if len(cases) > len(OKABE_ITO):
        cmap = colormaps["tab20"]
        return {c: cmap(i % cmap.N) for i, c in enumerate(cases)}
    return {c: OKABE_ITO[i] for i, c in enumerate(cases)}


def case_styles(cases: list[str]) -> dict[str, dict]:
    """Colour, dash pattern and marker per case: matplotlib keyword arguments."""
    colours = case_colours(cases)
    return {c: dict(color=colours[c], ls=LINE_STYLES[i % len(LINE_STYLES)],
                    marker=MARKERS[i % len(MARKERS)]) for i, c in enumerate(cases)}


def _years_axis(ax, warmup_days: float) -> None:
    """Years on the x axis, the warm-up shaded and named."""
    if warmup_days > 0:
        ax.axvspan(0, warmup_days / DAYS_PER_YEAR, color=WARMUP_COLOUR, lw=0, zorder=0)
    ax.set_xlim(left=0)
    ax.set_xlabel("years from the start (grey: warm-up, not measured)", fontsize=8)


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _grid(n: int, columns: int, width: float, height: float) -> tuple[Figure, list]:
    rows = max(1, math.ceil(n / columns))
    columns = min(columns, max(n, 1))
    fig = Figure(figsize=(width * columns, height * rows))
    axes = [fig.add_subplot(rows, columns, i + 1) for i in range(n)]
    return fig, axes


def occupancy_over_time(occupied: dict[str, pd.DataFrame], capacity: dict[str, pd.DataFrame],
                        levels: list[str], styles: dict[str, dict], band: str,
                        warmup_days: float,
                        staffed: dict[str, pd.DataFrame] | None = None) -> bytes | None:
    """One panel per level: people in it over time per case (mean over replications, shaded
    band), the capacity as a thin line of the case's style, and the overflow above it filled;
    where staff run fewer places than are funded, the staffed places as a dash-dot line.

    A capacity far above use (a clinic's whole caseload) would flatten the curves into the
    axis: the panel is scaled to the people, and such a capacity is named in its title.
    Returns None when no level has anyone in it.
    """
    shown = [lv for lv in levels if any(_level(occupied[c], lv)["high"].max() > 0
                                        for c in occupied)]
    if not shown:
        return None
    fig, axes = _grid(len(shown), 3, 4.6, 2.9)
    short_staffed: set[str] = set()
    for ax, level in zip(axes, shown):
        # A case without the level has an empty series, whose max is NaN: left out.
        people = float(np.nanmax([_level(occupied[c], level)["high"].max() for c in occupied]))
        top = 1.15 * people
        above = {}
        for case, style in styles.items():
            if case not in occupied:
                continue
            occ = _level(occupied[case], level)
            years = occ["t"] / DAYS_PER_YEAR
            ax.plot(years, occ["mean"], color=style["color"], ls=style["ls"], lw=1.3)
            ax.fill_between(years, occ["low"], occ["high"], color=style["color"], alpha=0.15,
                            lw=0)
            cap = _level(capacity[case], level)
            if cap.empty or not np.isfinite(cap["mean"]).all() or cap["mean"].max() <= 0:
                continue
            if cap["mean"].max() > 2.5 * people:
                above[case] = float(cap["mean"].max())
                continue
            top = max(top, 1.05 * float(cap["mean"].max()))
            ax.plot(cap["t"] / DAYS_PER_YEAR, cap["mean"], color=style["color"], lw=0.8,
                    ls=(0, (1, 2)))
            staff = _level(staffed[case], level) if staffed and case in staffed else cap.iloc[0:0]
            if not staff.empty and (staff["mean"] < cap["mean"].max() - 1e-9).any():
                ax.plot(staff["t"] / DAYS_PER_YEAR, staff["mean"], color=style["color"], lw=0.9,
                        ls="-.")
                short_staffed.add(case)
            merged = occ.merge(cap[["t", "mean"]], on="t", suffixes=("", "_cap"))
            over = merged["mean"] > merged["mean_cap"]
            if over.any():
                ax.fill_between(merged["t"] / DAYS_PER_YEAR, merged["mean_cap"], merged["mean"],
                                where=over, color="#D55E00", alpha=0.35, lw=0)
        title = catalogue.plain(level)
        if above:
            title += f" (capacity {max(above.values()):,.0f}, far above)"
        ax.set_title(title, fontsize=9)
        ax.set_ylabel("people", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.set_ylim(0, top if top > 0 else 1)
        _years_axis(ax, warmup_days)
        ax.grid(alpha=0.3)
    handles = _case_handles(styles, occupied)
    handles += [Line2D([], [], color="grey", lw=0.8, ls=(0, (1, 2)), label="capacity")]
    if short_staffed:
        handles += [Line2D([], [], color="grey", lw=0.9, ls="-.", label="staffed places")]
    handles += [Patch(color="#D55E00", alpha=0.35, label="over capacity"),
                _band_handle(band), Patch(color=WARMUP_COLOUR, label="warm-up")]
    _legend_on_top(fig, handles)
    return png(fig)


def waiting_over_time(waiting: dict[str, pd.DataFrame], blocked: dict[str, pd.DataFrame],
                      levels: list[str], styles: dict[str, dict], warmup_days: float,
                      ) -> bytes | None:
    """One panel per level with a waiting list or people waiting in place: the people on its
    waiting list (thick) and those kept in it waiting to step down (thin), per case."""
    def used(series, lv):
        return any(_level(series[c], lv)["high"].max() > 0 for c in series)

    shown = [lv for lv in levels if used(waiting, lv) or used(blocked, lv)]
    if not shown:
        return None
    fig, axes = _grid(len(shown), 3, 4.6, 2.9)
    for ax, level in zip(axes, shown):
        for case, style in styles.items():
            for series, lw in ((waiting, 1.5), (blocked, 0.8)):
                if case not in series:
                    continue
                part = _level(series[case], level)
                if part.empty or part["high"].max() <= 0:
                    continue
                ax.plot(part["t"] / DAYS_PER_YEAR, part["mean"], color=style["color"],
                        ls=style["ls"], lw=lw)
        ax.set_title(catalogue.plain(level), fontsize=9)
        ax.set_ylabel("people", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.set_ylim(bottom=0)
        _years_axis(ax, warmup_days)
        ax.grid(alpha=0.3)
    handles = _case_handles(styles, waiting)
    handles += [Line2D([], [], color="grey", lw=1.5, label="on the waiting list"),
                Line2D([], [], color="grey", lw=0.8, label="waiting in place to step down"),
                Patch(color=WARMUP_COLOUR, label="warm-up")]
    _legend_on_top(fig, handles)
    return png(fig)


def demand_over_time(coordinator_line: dict[str, pd.DataFrame],
                     new_cases: dict[str, dict[str, pd.DataFrame]], styles: dict[str, dict],
                     band: str, warmup_days: float, period_days: int, end_days: float,
                     ) -> bytes | None:
    """The people waiting for a coordinator (one panel, per day) and new cases per
    `period_days` (a panel for all groups, then one per group), a line per case with its band.

    `coordinator_line` holds only the cases with a coordinators' line; `new_cases` maps a
    panel's name ("all" first, then the groups) to each case's series, or to one series under
    EVERY_DESIGN when the designs' are the same (one line, not three drawn on each other).
    Returns None when there is nothing to draw.
    """
    styles = {**styles, EVERY_DESIGN: dict(color="#333333", ls="-")}
    panels = ([("coordinator", coordinator_line)] if coordinator_line else []) + [
        (name, series) for name, series in new_cases.items() if series]
    if not panels:
        return None
    fig, axes = _grid(len(panels), 3, 4.6, 2.9)
    for ax, (name, series) in zip(axes, panels):
        for case, style in styles.items():
            if case not in series or series[case].empty:
                continue
            part = series[case]
            years = part["t"] / DAYS_PER_YEAR
            ax.plot(years, part["mean"], color=style["color"], ls=style["ls"], lw=1.3)
            ax.fill_between(years, part["low"], part["high"], color=style["color"], alpha=0.15,
                            lw=0)
        if name == "coordinator":
            ax.set_title("Waiting for a care coordinator", fontsize=9)
            ax.set_ylabel("people", fontsize=8)
        else:
            label = "all groups" if name == "all" else catalogue.plain(name)
            ax.set_title(f"New cases, {label}", fontsize=9)
            ax.set_ylabel(f"people per {period_days} days", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.set_ylim(bottom=0)
        _years_axis(ax, warmup_days)
        ax.set_xlim(0, end_days / DAYS_PER_YEAR)  # the same years in every panel
        ax.grid(alpha=0.3)
    present = {c for _, series in panels for c in series}
    handles = _case_handles(styles, present)
    handles += [_band_handle(band), Patch(color=WARMUP_COLOUR, label="warm-up")]
    _legend_on_top(fig, handles)
    return png(fig)


def _case_handles(styles: dict[str, dict], present: dict) -> list:
    return [Line2D([], [], color=st["color"], ls=st["ls"], lw=2, label=case)
            for case, st in styles.items() if case in present]


def _legend_on_top(fig: Figure, handles: list, max_columns: int = 6) -> None:
    """The legend above the panels, in as many columns (up to `max_columns`) as fit the
    figure's width: a figure of one panel is too narrow for a legend of six entries in a row,
    and a legend wider than its figure is cut off at both sides."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    columns = max(1, min(len(handles), max_columns))
    while True:
        legend = fig.legend(handles=handles, loc="upper center", ncol=columns, fontsize=8,
                            bbox_to_anchor=(0.5, 1.0), frameon=False)
        if columns == 1 or legend.get_window_extent(renderer).width <= 0.98 * fig.bbox.width:
            break
        legend.remove()
        columns -= 1
    rows = math.ceil(len(handles) / columns)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.3 * rows / fig.get_figheight()))


def _band_handle(band: str) -> Patch:
    return Patch(color="grey", alpha=0.3, label=band)


def _level(series: pd.DataFrame, level: str) -> pd.DataFrame:
    if series.empty:
        return series
    return series[series["level"] == level]


def flow_diagrams(flows: dict[str, pd.DataFrame], levels: list[str], min_share: float,
                  note) -> bytes | None:
    """One diagram per case: the community and the levels on a ring, an arrow per
    (from, to) pair labelled with the mean moves per replication. Arrows below `min_share` of a
    case's moves are left out (`note(case, hidden)` is called with how many), as are moves
    within a level."""
    cases = [c for c in flows if not flows[c].empty]
    if not cases:
        return None
    used = set()
    for c in cases:
        used |= set(flows[c]["from_level"].astype(str)) | set(flows[c]["to_level"].astype(str))
    # The community sits on the ring with the levels, at the top: in the middle, the arrows
    # between opposite levels would run through it.
    ring = [NO_LEVEL] + [lv for lv in levels if lv in used]
    positions = {}
    for i, level in enumerate(ring):
        angle = math.pi / 2 - 2 * math.pi * i / max(len(ring), 1)
        positions[level] = (math.cos(angle), math.sin(angle))
    biggest = max(flows[c]["moves"].max() for c in cases)
    fig, axes = _grid(len(cases), 2, 6.4, 6.0)
    for ax, case in zip(axes, cases):
        frame = flows[case]
        frame = frame[frame["from_level"].astype(str) != frame["to_level"].astype(str)]
        total = frame["moves"].sum()
        kept = frame[frame["moves"] >= min_share * total]
        note(case, len(frame) - len(kept))
        for row in kept.itertuples():
            a = positions[str(row.from_level)]
            b = positions[str(row.to_level)]
            width = 0.6 + 5.0 * row.moves / biggest
            ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=10 + width * 2,
                                         connectionstyle="arc3,rad=0.15", lw=width,
                                         color="#4a6fa5", alpha=0.75, shrinkA=24, shrinkB=24))
            mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            dx, dy = b[0] - a[0], b[1] - a[1]
            # The midpoint of matplotlib's arc3 curve (a quadratic Bezier).
            ax.text(mx + 0.5 * 0.15 * dy, my - 0.5 * 0.15 * dx, _count(row.moves), fontsize=7,
                    ha="center", va="center",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
        for level, (x, y) in positions.items():
            label = "community" if level == NO_LEVEL else catalogue.plain(level)
            ax.text(x, y, label.replace(" ", "\n", 1), ha="center", va="center", fontsize=8,
                    bbox=dict(boxstyle="round,pad=0.3", fc="#f3f0e6" if level == NO_LEVEL
                              else "#e6eef8", ec="#555555"), zorder=3)
        ax.set_title(case, fontsize=10)
        ax.set_xlim(-1.35, 1.35)
        ax.set_ylim(-1.3, 1.3)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.tight_layout()
    return png(fig)


def _count(moves: float) -> str:
    if moves >= 100:
        return f"{moves:,.0f}"
    return f"{moves:.3g}"


def _mean(means: pd.DataFrame, case: str, name: str) -> float:
    return float(means.loc[(case, name), "mean"]) if (case, name) in means.index else math.nan


def sweep_lines(summary: pd.DataFrame, lines: dict[str, list[tuple[object, str]]], key: str,
                indicators: list[str], infos: dict, references: list[str]) -> bytes | None:
    """One panel per indicator: its mean against the swept parameter `key`, a line per design
    (or per design and value of the other swept keys) with its 95% interval shaded; the unswept
    cases as dashed horizontal references.

    `lines` maps a line's label to its points, (value of `key`, case).
    """
    means = summary.set_index(["case", "indicator"])
    shown = [n for n in indicators
             if any((case, n) in means.index for pts in lines.values() for _, case in pts)]
    if not shown:
        return None
    values = [v for pts in lines.values() for v, _ in pts]
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    ticks = sorted(set(values)) if numeric else list(dict.fromkeys(map(str, values)))
    fig, axes = _grid(len(shown), 3, 4.4, 3.0)
    line_colours = colormaps["tab10"]
    for ax, name in zip(axes, shown):
        info = infos[name]
        scale = 100.0 if info.is_share else 1.0
        for i, (label, points) in enumerate(lines.items()):
            pts = sorted(points, key=lambda p: p[0]) if numeric else points
            xs = [p[0] if numeric else ticks.index(str(p[0])) for p in pts]
            rows = [means.loc[(c, name)] if (c, name) in means.index else None for _, c in pts]
            ys = np.array([r["mean"] if r is not None else np.nan for r in rows]) * scale
            lo = np.array([r["lower"] if r is not None else np.nan for r in rows]) * scale
            hi = np.array([r["upper"] if r is not None else np.nan for r in rows]) * scale
            colour = line_colours(i % 10)
            ax.plot(xs, ys, marker="o", ms=4, color=colour, label=label)
            if np.isfinite(lo).any():
                ax.fill_between(xs, lo, hi, color=colour, alpha=0.2, lw=0)
        # The unswept cases in grey, told apart by dash pattern, so they cannot be mistaken
        # for a sweep line.
        for j, case in enumerate(references):
            if (case, name) in means.index:
                ax.axhline(means.loc[(case, name), "mean"] * scale, color="0.35",
                           ls=_REFERENCE_STYLES[j % len(_REFERENCE_STYLES)], lw=1, label=case)
        ax.set_title(_wrap(info.label), fontsize=9)
        ax.set_xlabel(key, fontsize=8)
        if not numeric:
            ax.set_xticks(range(len(ticks)))
            ax.set_xticklabels(ticks, fontsize=8)
        ax.set_ylabel("%" if info.is_share else info.unit, fontsize=7)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    handles, _ = axes[0].get_legend_handles_labels()
    _legend_on_top(fig, handles, max_columns=4)
    return png(fig)


def _wrap(label: str, width: int = 42) -> str:
    words, lines, line = label.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "\n".join(lines)


def group_multiples(summary: pd.DataFrame, cases: list[str], panels: list[list[str]],
                    row_titles: list[str], column_titles: list[str], shares: list[bool],
                    styles: dict[str, dict]) -> bytes | None:
    """Small multiples: a row per outcome, a column per condition group; in each panel the
    mean of each case with its 95% interval. `panels[row][column]` is the indicator's name
    ("" where the group lacks it)."""
    means = summary.set_index(["case", "indicator"])
    if not any((c, n) in means.index for row in panels for n in row for c in cases):
        return None
    rows, columns = len(panels), len(column_titles)
    fig = Figure(figsize=(2.6 * columns + 1.0, 2.1 * rows + 0.6))
    for r, row in enumerate(panels):
        scale = 100.0 if shares[r] else 1.0
        for k, name in enumerate(row):
            ax = fig.add_subplot(rows, columns, r * columns + k + 1)
            for i, case in enumerate(cases):
                if (case, name) not in means.index:
                    continue
                cell = means.loc[(case, name)]
                mean, low, high = (cell["mean"] * scale, cell["lower"] * scale,
                                   cell["upper"] * scale)
                if not math.isfinite(mean):
                    continue
                err = ([[mean - low], [high - mean]] if math.isfinite(low) else None)
                st = styles[case]
                ax.errorbar([i], [mean], yerr=err, color=st["color"], marker=st["marker"],
                            ms=5, capsize=3, lw=1.2)
            ax.set_xticks(range(len(cases)))
            ax.set_xticklabels([""] * len(cases))
            ax.set_xlim(-0.6, len(cases) - 0.4)
            ax.tick_params(labelsize=7)
            ax.grid(axis="y", alpha=0.3)
            if r == 0:
                ax.set_title(column_titles[k], fontsize=9, fontweight="bold")
            if k == 0:
                ax.set_ylabel(_wrap(row_titles[r], 24), fontsize=7)
    handles = [Line2D([], [], color=styles[c]["color"], marker=styles[c]["marker"], ls="",
                      label=c) for c in cases]
    _legend_on_top(fig, handles)
    return png(fig)


def money_by_payer(summary: pd.DataFrame, cases: list[str], spending: dict[str, str],
                   budget: dict[str, str], population: dict[str, float],
                   colours: dict[str, str]) -> bytes | None:
    """Per case, spending stacked by payer and the budget beside it (stacked by payer when the
    file has it per payer, else the total), in NIS million a year; a second axis gives NIS per
    resident. `spending` and `budget` map payers ("" for the total) to indicator names."""
    means = summary.set_index(["case", "indicator"])
    if not any((c, n) in means.index for c in cases for n in
               list(spending.values()) + list(budget.values())):
        return None
    fig = Figure(figsize=(max(6.0, 2.0 * len(cases) + 3.0), 4.0))
    ax = fig.add_subplot(1, 1, 1)
    cmap = colormaps["Set2"]
    payer_colour = {}
    top = 0.0
    for offset, parts, hatch in ((-0.2, spending, ""), (0.2, budget, "//")):
        by_payer = {p: n for p, n in parts.items() if p}
        bars = by_payer or {p: n for p, n in parts.items() if not p}
        bottom = np.zeros(len(cases))
        for payer, name in bars.items():
            heights = np.nan_to_num(np.array([_mean(means, c, name) for c in cases])) / 1e6
            if not heights.any():  # a payer that pays nothing: no bar, no legend entry
                continue
            colour = payer_colour.setdefault(payer, cmap(len(payer_colour) % cmap.N)) \
                if payer else "#bbbbbb"
            ax.bar(np.arange(len(cases)) + offset, heights, 0.38, bottom=bottom, color=colour,
                   edgecolor="white", hatch=hatch)
            bottom += heights
        top = max(top, float(bottom.max()))
    ax.set_ylim(0, 1.08 * top if top > 0 else 1)  # room above the tallest bar
    ax.set_xticks(np.arange(len(cases)))
    ax.set_xticklabels([f"{c}\nspending | budget" for c in cases], fontsize=8)
    ax.set_ylabel("NIS million a year", fontsize=9)
    ax.grid(axis="y", alpha=0.3)
    people = next((v for v in population.values() if math.isfinite(v) and v > 0), None)
    if people and len(set(population.values())) == 1:
        right = ax.secondary_yaxis("right", functions=(lambda m: m * 1e6 / people,
                                                       lambda r: r * people / 1e6))
        right.set_ylabel("NIS per resident a year", fontsize=9)
        right.tick_params(labelsize=8)
    handles = [Patch(color=col, label=catalogue.plain(p)) for p, col in payer_colour.items()]
    handles += [Patch(facecolor="white", edgecolor="grey", label="spending (care delivered)"),
                Patch(facecolor="white", edgecolor="grey", hatch="//",
                      label="budget (capacity provided)")]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left",
              bbox_to_anchor=(1.12, 1.0))
    fig.tight_layout()
    return png(fig)
