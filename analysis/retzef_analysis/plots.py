"""The report's figures, drawn with matplotlib and returned as PNG bytes.

Each function takes frames that the other modules already computed (aggregates, intervals) and
draws one figure; none reads the file. Figures are built on `matplotlib.figure.Figure` rather
than pyplot, so nothing global is kept between them and no display is needed.

A case keeps the same colour in every figure that draws a line per case (`case_colours`).
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch

from retzef_analysis import catalogue
from retzef_analysis.file import NO_LEVEL

DPI = 100
_REFERENCE_STYLES = ("--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)))


def case_colours(cases: list[str]) -> dict[str, tuple]:
    """A distinct colour per case, stable across figures."""
    cmap = colormaps["tab10" if len(cases) <= 10 else "tab20"]
    return {c: cmap(i % cmap.N) for i, c in enumerate(cases)}


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


def occupancy_over_time(occupied: dict[str, pd.DataFrame], waiting: dict[str, pd.DataFrame],
                        capacity: dict[str, pd.DataFrame], levels: list[str],
                        colours: dict[str, tuple], band: str) -> bytes | None:
    """One panel per level: people in it (solid) and waiting for it (dashed) over time, per case,
    as the mean over replications with a shaded band; the capacity dotted where finite.

    `occupied` and `waiting` map cases to aggregates.occupancy_series frames, `capacity` cases
    to the same for capacity. Returns None when no level has anyone in it or waiting for it.
    """
    shown = [lv for lv in levels
             if any(_level(occupied[c], lv)["high"].max() > 0
                    or _level(waiting[c], lv)["high"].max() > 0 for c in occupied)]
    if not shown:
        return None
    fig, axes = _grid(len(shown), 2, 6.4, 3.2)
    for ax, level in zip(axes, shown):
        # A capacity far above use (a clinic's whole caseload, the rehabilitation basket) would
        # flatten the curves into the axis: such capacities are named in the title instead.
        people = max(max(_level(occupied[c], level)["high"].max(),
                         _level(waiting[c], level)["high"].max()) for c in occupied)
        off_scale = 0.0
        for case, colour in colours.items():
            if case not in occupied:
                continue
            occ = _level(occupied[case], level)
            if not occ.empty and occ["high"].max() > 0:
                ax.plot(occ["t"], occ["mean"], color=colour, lw=1.2)
                ax.fill_between(occ["t"], occ["low"], occ["high"], color=colour, alpha=0.2,
                                lw=0)
            wait = _level(waiting[case], level)
            if not wait.empty and wait["high"].max() > 0:
                ax.plot(wait["t"], wait["mean"], color=colour, lw=1.2, ls="--")
                ax.fill_between(wait["t"], wait["low"], wait["high"], color=colour, alpha=0.12,
                                lw=0)
            cap = _level(capacity[case], level)
            if not cap.empty and np.isfinite(cap["mean"]).all() and cap["mean"].max() > 0:
                if cap["mean"].max() <= 1.5 * people:
                    ax.plot(cap["t"], cap["mean"], color=colour, lw=0.8, ls=":")
                else:
                    off_scale = max(off_scale, float(cap["mean"].max()))
        title = catalogue.plain(level)
        if off_scale:
            title += f" (capacity up to {off_scale:,.0f}, off the scale)"
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("day of the run", fontsize=8)
        ax.set_ylabel("people", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    handles = [Line2D([], [], color=colour, lw=2, label=case) for case, colour in colours.items()
               if case in occupied]
    handles += [Line2D([], [], color="grey", lw=1.2, label="in the level"),
                Line2D([], [], color="grey", lw=1.2, ls="--", label="waiting for it"),
                Line2D([], [], color="grey", lw=0.8, ls=":", label="capacity"),
                _band_handle(band)]
    fig.legend(handles=handles, loc="upper center", ncol=min(len(handles), 4), fontsize=8,
               bbox_to_anchor=(0.5, 1.0), frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / fig.get_figheight() * math.ceil(
        len(handles) / 4)))
    return png(fig)


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


def cost_by_payer(summary: pd.DataFrame, cases: list[str], by_payer: dict[str, str],
                  total: str = "cost_per_person_year") -> bytes | None:
    """Stacked bars per case of the mean cost per person-year paid by each payer (`by_payer`:
    payer to its indicator, in stacking order), with the 95% interval of the `total` where
    there is one."""
    means = summary.set_index(["case", "indicator"])
    payers, names = list(by_payer), list(by_payer.values())
    if not any((c, n) in means.index for c in cases for n in names):
        return None
    cmap = colormaps["Set2"]
    fig = Figure(figsize=(max(5.0, 1.3 * len(cases) + 2.5), 4.2))
    ax = fig.add_subplot(1, 1, 1)
    x = np.arange(len(cases))
    bottom = np.zeros(len(cases))
    for i, (payer, name) in enumerate(zip(payers, names)):
        heights = np.array([_mean(means, c, name) for c in cases])
        heights = np.nan_to_num(heights)
        ax.bar(x, heights, 0.6, bottom=bottom, label=catalogue.plain(payer),
               color=cmap(i % cmap.N), edgecolor="white")
        bottom += heights
    for i, case in enumerate(cases):
        if (case, total) not in means.index:
            continue
        row = means.loc[(case, total)]
        if np.isfinite(row["lower"]):
            ax.errorbar([i], [row["mean"]], yerr=[[row["mean"] - row["lower"]],
                                                  [row["upper"] - row["mean"]]],
                        color="black", capsize=4, lw=1)
    ax.set_xticks(x)
    # Sweep points have long names: slant them rather than let them overlap.
    slant = sum(len(c) for c in cases) > 40
    ax.set_xticklabels(cases, rotation=25 if slant else 0, ha="right" if slant else "center",
                       fontsize=8)
    ax.set_ylabel("NIS per person-year in care", fontsize=9)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return png(fig)


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
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=min(len(labels), 4), fontsize=8,
               frameon=False, bbox_to_anchor=(0.5, 1.0))
    rows = math.ceil(len(labels) / 4)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.3 * rows / fig.get_figheight()))
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
