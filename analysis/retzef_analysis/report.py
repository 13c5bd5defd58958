"""The comparison report: one self-contained HTML page and a tidy CSV of the indicators.

`build(file, directory)` reads a retzef file and writes into the directory:

- index.html: the headline table (every indicator per case with its 95% interval, and each
  case's paired difference from the baseline, coloured by whether it is better or worse),
  occupancy and waiting over time per level, the flows between levels, the cost per person-year
  by payer, the sweeps, and the provenance of the file. Figures are embedded as PNG data, so
  the page is one file that can be mailed or archived;
- indicators.csv: one row per case and indicator (the numbers behind the table);
- flows.csv: the mean moves between levels per case (the numbers behind the diagrams).
"""

from __future__ import annotations

import base64
import dataclasses
import html
import math
import os
import tempfile
from pathlib import Path

import pandas as pd

from retzef_analysis import aggregates, catalogue, indicators, intervals, plots, warmup
from retzef_analysis.file import RetzefFile

DEFAULT_BASELINE = "medical"
# Arrows between levels carrying less than this share of a case's moves are not drawn (the
# diagram would be unreadable); flows.csv has them all.
MIN_FLOW_SHARE = 0.01
BAND = (0.05, 0.95)

BETTER, WORSE, UNCLEAR, DESCRIPTIVE, NO_INTERVAL, BASELINE, MISSING = (
    "better", "worse", "no clear difference", "descriptive", "no interval", "baseline",
    "not available")
DIRECTION_WORDS = {catalogue.LOWER: "lower is better", catalogue.HIGHER: "higher is better",
                   catalogue.DESCRIPTIVE: "descriptive"}
DIRECTION_MARKS = {catalogue.LOWER: "↓", catalogue.HIGHER: "↑", catalogue.DESCRIPTIVE: "·"}

CSV_COLUMNS = ["case", "design", "indicator", "label", "unit", "direction", "mean", "lower",
               "upper", "n", "baseline", "difference", "difference_lower", "difference_upper",
               "difference_n", "verdict"]


class ReportError(Exception):
    """A request the report cannot satisfy (e.g. an unknown baseline); str() is the message."""


@dataclasses.dataclass(frozen=True)
class Report:
    html: Path
    csv: Path
    flows_csv: Path
    baseline: str
    cases: tuple[str, ...]


def choose_baseline(cases: list[str], requested: str | None) -> str:
    """The requested case, else `medical` when there is one, else the first case."""
    if requested is not None:
        if requested not in cases:
            raise ReportError(f"no case {requested!r} to use as the baseline; the cases are: "
                              + ", ".join(cases))
        return requested
    return DEFAULT_BASELINE if DEFAULT_BASELINE in cases else cases[0]


def verdict(direction: int, d: intervals.Interval) -> str:
    """Whether a difference from the baseline is better, worse or neither.

    Only a difference whose whole 95% interval lies on one side of 0 counts as better or worse;
    with no interval (fewer than two complete pairs) nothing is claimed.
    """
    if d.n == 0 or not math.isfinite(d.mean):
        return MISSING
    if not d.available:
        return NO_INTERVAL
    if direction == catalogue.DESCRIPTIVE:
        return DESCRIPTIVE
    if not d.excludes_zero():
        return UNCLEAR
    return BETTER if (d.mean > 0) == (direction == catalogue.HIGHER) else WORSE


def build(path: str, out_dir: str, baseline: str | None = None) -> Report:
    """Reads the retzef file at `path` and writes the report into `out_dir`."""
    with RetzefFile(path) as rf:
        cases = rf.cases
        base = choose_baseline(cases, baseline)
        # Before the slow part, so an unwritable directory is reported at once.
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        occupancy = {c: aggregates.occupancy(rf, c) for c in cases}
        flows = {c: aggregates.flows(rf, c) for c in cases}
        per_rep = indicators.per_replication(rf, occupancy, flows)
        summary = intervals.summarise(per_rep, base)
        names = indicators.ordered(rf, summary["indicator"])
        infos = indicators.descriptions(rf, names)
        table = tidy(summary, infos, names)
        mean_flows = {c: aggregates.mean_flows(flows[c], len(rf.replications(c)))
                      for c in cases}
        short = warmup.short_warmups(rf, per_rep)
        page = _Page(rf, base, summary, table, names, infos, occupancy, mean_flows,
                     short).render()
        flows_table = pd.concat(
            [f.assign(case=c).rename(columns={"moves": "mean_moves"}) for c, f in
             mean_flows.items()], ignore_index=True)
    csv = out / "indicators.csv"
    flows_csv = out / "flows.csv"
    index = out / "index.html"
    _write(csv, table.to_csv(index=False, float_format="%.10g"))
    _write(flows_csv, flows_table.reindex(columns=["case", "from_level", "to_level", "mean_moves"])
           .to_csv(index=False, float_format="%.10g"))
    _write(index, page)
    return Report(index, csv, flows_csv, base, tuple(cases))


def tidy(summary: pd.DataFrame, infos: dict, names: list[str]) -> pd.DataFrame:
    """The CSV: one row per case and indicator, in report order, with labels and verdicts."""
    rank = {n: i for i, n in enumerate(names)}
    frame = summary.copy()
    case_rank = {c: i for i, c in enumerate(dict.fromkeys(frame["case"]))}
    frame = frame.sort_values(by=["case", "indicator"], key=lambda s: s.map(
        case_rank if s.name == "case" else rank), kind="stable")
    frame["label"] = frame["indicator"].map(lambda n: infos[n].label)
    frame["unit"] = frame["indicator"].map(lambda n: infos[n].unit)
    frame["direction"] = frame["indicator"].map(
        lambda n: {catalogue.LOWER: "lower", catalogue.HIGHER: "higher"}.get(
            infos[n].direction, "descriptive"))
    frame["verdict"] = [
        BASELINE if r.case == r.baseline else verdict(infos[r.indicator].direction, _diff(r))
        for r in frame.itertuples()]
    return frame[CSV_COLUMNS].reset_index(drop=True)


def _diff(row) -> intervals.Interval:
    return intervals.Interval(row.difference, row.difference_lower, row.difference_upper,
                              int(row.difference_n), math.nan)


def _write(path: Path, content: str) -> None:
    """Writes through a temporary file so a reader never sees half a report."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --- Formatting -----------------------------------------------------------------------------

def number(v: float, signed: bool = False) -> str:
    """A number with as many digits as a reader needs."""
    if v is None or not math.isfinite(v):
        return "–"
    a = abs(v)
    if a >= 1 and abs(v - round(v)) <= 1e-9 * a:  # counts, days, places: no decimals
        s = f"{v:,.0f}"
    elif a >= 1000:
        s = f"{v:,.0f}"
    elif a >= 100:
        s = f"{v:.1f}"
    elif a >= 1:
        s = f"{v:.2f}"
    elif a == 0:
        s = "0"
    else:
        s = f"{v:.2g}"
    return ("+" + s) if signed and v > 0 else s


def value(v: float, info: catalogue.IndicatorInfo, difference: bool = False) -> str:
    """A value in the indicator's display unit: shares as % (differences in points)."""
    if info.is_share and v is not None and math.isfinite(v):
        return number(100 * v, signed=difference) + (" pp" if difference else "%")
    return number(v, signed=difference)


def display_unit(info: catalogue.IndicatorInfo) -> str:
    return "%" if info.is_share else info.unit


def esc(s) -> str:
    return html.escape(str(s), quote=True)


# --- The page -------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 1500px; padding: 0 24px 48px; color: #1d2430; line-height: 1.45; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccd; }
nav a { margin-right: 1em; } .note { color: #555; font-size: 0.92em; max-width: 70em; }
.banner { background: #fff4d6; border: 1px solid #e6c66b; padding: 8px 12px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.88em; }
th, td { border-bottom: 1px solid #e3e6ec; padding: 4px 8px; text-align: right;
         vertical-align: top; }
th { background: #f4f6fa; position: sticky; top: 0; }
td.indicator, th.indicator { text-align: left; min-width: 22em; }
tr.section th { background: #e8ecf4; text-align: left; font-size: 1.02em; }
.ci { display: block; color: #666; font-size: 0.86em; white-space: nowrap; }
.na { font-style: italic; }
.unit, .code { color: #777; font-size: 0.85em; }
.dir { display: inline-block; width: 1.2em; font-weight: bold; color: #555; }
td.better { background: #d9f2df; } td.worse { background: #f8d9d6; }
td.unclear { background: #f4f4f4; } td.descriptive { background: #eef1f8; }
td.better .mean::after { content: " ✓"; color: #2a7d3f; }
td.worse .mean::after { content: " ✗"; color: #b0362a; }
.legend span.swatch { display: inline-block; width: 1.2em; height: 0.9em; margin: 0 4px 0 12px;
                      vertical-align: middle; border: 1px solid #ccc; }
img { max-width: 100%; height: auto; }
pre { background: #f6f7f9; padding: 8px; overflow-x: auto; font-size: 0.85em; }
details { margin: 6px 0; } summary { cursor: pointer; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
"""

# Sets data-broken-images / data-images-loaded on <body> once the page has loaded, so a check
# (a person's console, or the test suite's headless browser) can tell every figure decoded.
SCRIPT = """
window.addEventListener("load", function () {
  var images = document.images, broken = 0;
  for (var i = 0; i < images.length; i++) {
    if (!images[i].complete || images[i].naturalWidth === 0) broken++;
  }
  document.body.dataset.brokenImages = broken;
  document.body.dataset.imagesLoaded = images.length - broken;
});
"""


class _Page:
    """Renders the HTML page from what build() computed."""

    def __init__(self, rf: RetzefFile, baseline: str, summary: pd.DataFrame,
                 table: pd.DataFrame, names: list[str], infos: dict, occupancy: dict,
                 mean_flows: dict, short_warmups: list[warmup.ShortWarmup] = ()):
        self.rf = rf
        self.short_warmups = list(short_warmups)
        self.baseline = baseline
        self.summary = summary
        self.table = table
        self.names = names
        self.infos = infos
        self.occupancy = occupancy
        self.mean_flows = mean_flows
        self.cases = rf.cases
        self.colours = plots.case_colours(self.cases)
        self.replications = {c: len(rf.replications(c)) for c in self.cases}
        self.intervals_available = min(self.replications.values()) >= 2
        self.cells = self.table.set_index(["case", "indicator"])

    def render(self) -> str:
        meta = self.rf.meta
        title = f"retzef report: {meta.get('experiment_name') or Path(self.rf.path).name}"
        parts = [
            "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
            f"<h1>{esc(title)}</h1>",
            self._intro(),
            '<nav><a href="#indicators">Indicators</a><a href="#occupancy">Occupancy and '
            'waiting</a><a href="#flows">Flows</a><a href="#costs">Costs by payer</a>'
            + ('<a href="#sweeps">Sweeps</a>' if self._sweep_cases() else "")
            + '<a href="#provenance">Provenance</a></nav>',
            self._indicators(),
            self._occupancy(),
            self._flows(),
            self._costs(),
            self._sweeps(),
            self._provenance(),
            f"<script>{SCRIPT}</script>",
            "</body></html>",
        ]
        return "\n".join(p for p in parts if p)

    # --- Sections ---------------------------------------------------------------------------

    def _intro(self) -> str:
        reps = sorted(set(self.replications.values()))
        rep_text = (f"{reps[0]} replication{'s' if reps[0] != 1 else ''} per case"
                    if len(reps) == 1 else
                    "replications per case: " + ", ".join(
                        f"{c} {n}" for c, n in self.replications.items()))
        out = [f'<p class="note">{len(self.cases)} case{"s" if len(self.cases) != 1 else ""} '
               f'({", ".join(esc(c) for c in self.cases)}), {esc(rep_text)}; baseline '
               f'<b>{esc(self.baseline)}</b>. File <code>{esc(Path(self.rf.path).name)}'
               f"</code>.</p>"]
        if not self.intervals_available:
            out.append('<p class="banner">CIs not available: a confidence interval needs at '
                       "least two replications, and some case has fewer. Means are shown as "
                       "they are; run more replications for intervals and for paired "
                       "differences one can trust.</p>")
        for short in self.short_warmups:
            out.append(f'<p class="banner warmup">Warm-up too short: {esc(short.text())} '
                       "Read these indicators with care, or run with a longer warm-up; the "
                       "truncation points are in the section Warm-up check (docs/model.md)."
                       "</p>")
        return "\n".join(out)

    def _indicators(self) -> str:
        others = [c for c in self.cases if c != self.baseline]
        head = ['<tr><th class="indicator">Indicator</th>']
        head += [f'<th>{esc(c)}{" (baseline)" if c == self.baseline else ""}</th>'
                 for c in self.cases]
        head += [f"<th>{esc(c)} − {esc(self.baseline)}</th>" for c in others]
        head.append("</tr>")
        rows, section = [], None
        columns = 1 + len(self.cases) + len(others)
        for name in self.names:
            info = self.infos[name]
            if info.section != section:
                section = info.section
                heading = ("Level: " + catalogue.plain(section[len(catalogue.LEVEL_SECTION):])
                           if section.startswith(catalogue.LEVEL_SECTION) else section)
                rows.append(f'<tr class="section"><th colspan="{columns}">{esc(heading)}'
                            "</th></tr>")
            cells = [self._label_cell(info)]
            cells += [self._value_cell(c, info) for c in self.cases]
            cells += [self._difference_cell(c, info) for c in others]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        legend = self._legend(bool(others))
        return (
            '<section id="indicators"><h2>Indicators</h2>'
            '<p class="note">Each cell is the mean over replications with its 95% confidence '
            "interval (Student t) below it. The difference columns are paired: replication "
            "<i>k</i> of every case saw the same people and the same random draws (common "
            "random numbers), so each case is compared with the baseline replication by "
            "replication, and the interval is that of the mean of those differences. A "
            "replication where an indicator could not be formed (e.g. no discharge to be "
            "readmitted) is left out of that indicator, and out of the pair. Shares are shown "
            "as percentages and their differences in percentage points (pp).</p>"
            + legend + '<div class="scroll"><table id="headline"><thead>' + "".join(head)
            + "</thead><tbody>" + "\n".join(rows) + "</tbody></table></div></section>")

    def _legend(self, differences: bool) -> str:
        items = [
            '<p class="legend note"><b>Direction</b> (beside each indicator): ↓ lower is better, '
            "↑ higher is better, · descriptive — a quantity to read with the others, not a "
            "score (docs/analysis.md says why for each)."]
        if differences:
            items.append(
                "<br><b>Differences</b>:"
                '<span class="swatch" style="background:#d9f2df"></span>better than the '
                "baseline (the whole interval on the better side of 0)"
                '<span class="swatch" style="background:#f8d9d6"></span>worse'
                '<span class="swatch" style="background:#f4f4f4"></span>no clear difference '
                "(the interval includes 0)"
                '<span class="swatch" style="background:#eef1f8"></span>descriptive '
                "indicator (no better direction); uncoloured: no interval (fewer than two "
                "complete pairs), so no verdict.")
        items.append("</p>")
        return "".join(items)

    def _label_cell(self, info: catalogue.IndicatorInfo) -> str:
        direction = DIRECTION_WORDS[info.direction]
        return (f'<td class="indicator"><span class="dir" title="{esc(direction)}">'
                f"{DIRECTION_MARKS[info.direction]}</span>{esc(info.label)} "
                f'<span class="unit">({esc(display_unit(info))})</span><br>'
                f'<span class="dir"></span><span class="code" title="{esc(info.why)}">'
                f"{esc(info.name)}</span></td>")

    def _value_cell(self, case: str, info: catalogue.IndicatorInfo) -> str:
        if (case, info.name) not in self.cells.index:
            return '<td class="na" title="this case has no such indicator">–</td>'
        row = self.cells.loc[(case, info.name)]
        n = int(row["n"])
        if n == 0:
            return ('<td class="na" title="could not be formed in any replication">'
                    "–</td>")
        mean = f'<span class="mean">{esc(value(row["mean"], info))}</span>'
        if n < 2:
            return f'<td>{mean}<span class="ci na">CI not available (n = {n})</span></td>'
        ci = f'[{value(row["lower"], info)}, {value(row["upper"], info)}]'
        return f'<td title="n = {n}">{mean}<span class="ci">{esc(ci)}</span></td>'

    def _difference_cell(self, case: str, info: catalogue.IndicatorInfo) -> str:
        if (case, info.name) not in self.cells.index:
            return '<td class="na">–</td>'
        row = self.cells.loc[(case, info.name)]
        n = int(row["difference_n"])
        v = row["verdict"]
        if v == MISSING:
            return '<td class="na" title="no complete pair of replications">–</td>'
        mean = f'<span class="mean">{esc(value(row["difference"], info, difference=True))}</span>'
        if v == NO_INTERVAL:
            return (f'<td title="n = {n}">{mean}<span class="ci na">CI not available '
                    f"(n = {n})</span></td>")
        ci = (f'[{value(row["difference_lower"], info, True)}, '
              f'{value(row["difference_upper"], info, True)}]')
        css = {BETTER: "better", WORSE: "worse", UNCLEAR: "unclear",
               DESCRIPTIVE: "descriptive"}[v]
        return (f'<td class="{css}" title="{esc(v)}; n = {n} pairs">{mean}'
                f'<span class="ci">{esc(ci)}</span></td>')

    def _occupancy(self) -> str:
        levels = list(indicators.level_order(self.rf))
        low, high = BAND
        occupied = {c: aggregates.occupancy_series(o, "occupied", low, high)
                    for c, o in self.occupancy.items()}
        waiting = {c: aggregates.occupancy_series(o, "waiting", low, high)
                   for c, o in self.occupancy.items()}
        capacity = {c: aggregates.occupancy_series(o, "capacity", low, high)
                    for c, o in self.occupancy.items()}
        band = f"{low:.0%}–{high:.0%} of replications"
        image = plots.occupancy_over_time(occupied, waiting, capacity, levels, self.colours, band)
        body = (_img(image, "Occupancy and waiting over time, per level") if image else
                '<p class="note">No level had anyone in it or waiting for it.</p>')
        return ('<section id="occupancy"><h2>Occupancy and waiting over time</h2>'
                '<p class="note">People in each level (solid) and on its waiting list (dashed), '
                "summed over regions, from the end of the warm-up: the mean over replications, "
                f"shaded between the {esc(band)} (no band with one replication); the dotted "
                "line is the capacity where it is finite (a capacity far above use is given "
                "in the panel's title instead, so as not to flatten the curves). Only levels "
                "with anyone in them or waiting for them are shown.</p>" + body + "</section>")

    def _flows(self) -> str:
        hidden = {}
        image = plots.flow_diagrams(self.mean_flows, list(indicators.level_order(self.rf)),
                                    MIN_FLOW_SHARE, lambda c, n: hidden.__setitem__(c, n))
        notes = [f"{esc(c)}: {n} smaller flow{'s' if n != 1 else ''} not drawn"
                 for c, n in hidden.items() if n]
        body = (_img(image, "Flows between levels, per case") if image else
                '<p class="note">No moves between levels were recorded.</p>')
        return ('<section id="flows"><h2>Flows between levels</h2>'
                '<p class="note">Moves between care levels over the observation period, the '
                "mean per replication; “community” is no care (new cases arrive from it, "
                "people who leave care return to it). Arrows carrying less than "
                f"{MIN_FLOW_SHARE:.0%} of a case's moves are not drawn"
                + (" (" + "; ".join(notes) + ")" if notes else "")
                + "; <code>flows.csv</code> beside this page has every pair.</p>"
                + body + "</section>")

    def _costs(self) -> str:
        # The per-payer costs are the family's indicators that name a payer (the catalogue).
        by_payer = {info.payer: name for name, info in self.infos.items()
                    if info.family == "cost_per_person_year" and info.payer}
        payers = [p for c in self.cases for p in self.rf.case(c).payers] + list(by_payer)
        by_payer = {p: by_payer[p] for p in dict.fromkeys(payers) if p in by_payer}
        image = plots.cost_by_payer(self.summary, self.cases, by_payer)
        body = (_img(image, "Cost per person-year by payer") if image else
                '<p class="note">The file has no cost per payer.</p>')
        return ('<section id="costs"><h2>Cost per person-year, by payer</h2>'
                '<p class="note">The cost of the care delivered per person-year in care, split '
                "by who pays for it (the mean over replications); the bar is the 95% interval "
                "of the total. Each payer sees only its own part: a design can lower one "
                "payer's cost by shifting it to another.</p>" + body + "</section>")

    def _sweep_cases(self) -> list[str]:
        return [c for c in self.cases if self.rf.case(c).swept]

    def _sweeps(self) -> str:
        swept = self._sweep_cases()
        if not swept:
            return ""
        references = [c for c in self.cases if not self.rf.case(c).swept]
        # Group the sweep points by the first swept key; the other keys (a factorial sweep)
        # become separate lines.
        by_key: dict[str, dict[str, list]] = {}
        for case in swept:
            c = self.rf.case(case)
            keys = list(c.sweep)
            x_key, rest = keys[0], keys[1:]
            label = c.design + "".join(f", {k.rsplit('.', 1)[-1]}={c.sweep[k]}" for k in rest)
            by_key.setdefault(x_key, {}).setdefault(label, []).append((c.sweep[x_key], case))
        key_names = [n for n in self.names if n in catalogue.KEY_INDICATORS]
        figures = []
        for key, lines in by_key.items():
            image = plots.sweep_lines(self.summary, lines, key, key_names, self.infos,
                                      references)
            if image:
                figures.append(f"<h3>{esc(key)}</h3>" + _img(image, f"Sweep over {key}"))
        return ('<section id="sweeps"><h2>Sweeps</h2>'
                '<p class="note">Each key indicator against the swept parameter: the mean over '
                "replications with its 95% interval shaded, a line per swept design; the "
                "dashed lines are the unswept cases, for reference.</p>"
                + "\n".join(figures) + "</section>")

    def _provenance(self) -> str:
        meta = self.rf.meta
        fields = [("retzef version", meta.get("retzef_version")),
                  ("experiment", meta.get("experiment_name")),
                  ("experiment file", meta.get("experiment_file")),
                  ("seed", meta.get("seed")),
                  ("replications", meta.get("replications")),
                  ("created", meta.get("created")),
                  ("output file", Path(self.rf.path).name),
                  ("format version", meta.get("format_version")),
                  ("run on", _run_on(meta))]
        items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v if v is not None else '–')}</dd>"
                        for k, v in fields)
        experiment = meta.get("experiment")
        cases = []
        for name in self.cases:
            c = self.rf.case(name)
            facts = (f"design {c.design}, policy {c.policy or '–'}, "
                     f"sweep {_sweep_text(c.sweep)}, horizon {number(c.horizon_days)} days "
                     f"(warm-up {number(c.warmup_days)}), population {number(c.population)}, "
                     f"trace {c.trace or '–'}, {len(c.replications)} replications")
            cases.append(f"<details><summary><b>{esc(name)}</b>: {esc(facts)}</summary>"
                         f"<pre>{esc(c.scenario or '(no scenario text)')}</pre></details>")
        return ('<section id="provenance"><h2>Provenance</h2>'
                f'<dl class="meta">{items}</dl>'
                + (f"<details><summary>Experiment file</summary><pre>{esc(experiment)}</pre>"
                   "</details>" if experiment else "")
                + "<h3>Scenarios</h3>" + "\n".join(cases) + "</section>")


def _run_on(meta: dict) -> str:
    parts = []
    if meta.get("host"):
        parts.append(str(meta["host"]))
    for key in ("threads", "ranks"):
        if meta.get(key) is not None:
            count = int(meta[key])
            parts.append(f"{count} {key if count != 1 else key[:-1]}")
    if meta.get("wall_seconds") is not None:
        parts.append(f"{float(meta['wall_seconds']):.1f} s")
    return ", ".join(parts) + " (how it was run; the results do not depend on it)" \
        if parts else "–"


def _sweep_text(sweep: dict) -> str:
    return ", ".join(f"{k} = {v}" for k, v in sweep.items()) if sweep else "none"


def _img(data: bytes, alt: str) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return f'<img alt="{esc(alt)}" src="data:image/png;base64,{encoded}">'
