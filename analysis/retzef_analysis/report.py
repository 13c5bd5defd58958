"""The comparison report: one self-contained HTML page and a tidy CSV of the indicators.

`build(file, directory)` reads a retzef file and writes into the directory:

- index.html: page one is the verdict — sentences generated from the numbers and a key table of
  at most ten indicators, each paired difference marked better, worse or no meaningful
  difference (decision.py), then the numbers that lie outside what was published (evidence.py)
  — then each
  design beside the published figures with their sources, the outcomes by condition group, money in NIS a year by
  payer, occupancy and waiting over time in years, the flows between levels, every indicator,
  the sweeps, an appendix of indicators with nothing to show, and the provenance. Numbers have
  no more digits than their intervals support (rounding.py). Figures are embedded as PNG data,
  so the page is one file that works offline, can be mailed or archived;
- indicators.csv: one row per case and indicator (the numbers behind the tables);
- flows.csv: the mean moves between levels per case (the numbers behind the diagrams);
- evidence.csv: each design beside each published figure that applies to it (evidence.py).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import math
import os
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from retzef_analysis import (aggregates, catalogue, decision, evidence, indicators, intervals,
                             occupancy_pass, plots, rounding, warmup)
from retzef_analysis.file import RetzefFile

DEFAULT_BASELINE = "medical"
# Arrows between levels carrying less than this share of a case's moves are not drawn (the
# diagram would be unreadable); flows.csv has them all.
MIN_FLOW_SHARE = 0.01
BAND = (0.05, 0.95)
# New cases are drawn per this many days: a day holds too few of a small group to show a trend.
NEW_CASE_PERIOD_DAYS = 30
# Condition groups whose flows are drawn apart, under all people's: severe mental illness, whose
# care the designs differ in most (the others' flows are mostly a clinic and back).
FLOW_GROUPS = ("smi",)

BETTER, WORSE, UNCLEAR, DESCRIPTIVE, NO_INTERVAL, BASELINE, MISSING = (
    "better", "worse", "no clear difference", "descriptive", "no interval", "baseline",
    "not available")
DIRECTION_WORDS = {catalogue.LOWER: "lower is better", catalogue.HIGHER: "higher is better",
                   catalogue.DESCRIPTIVE: "descriptive"}
DIRECTION_MARKS = {catalogue.LOWER: "↓", catalogue.HIGHER: "↑", catalogue.DESCRIPTIVE: "·"}

EVIDENCE_COLUMNS = ["kind", "indicator", "case", "against", "mean", "lower", "upper",
                    "published_low", "published_high", "position", "reading", "published",
                    "sources"]
CSV_COLUMNS = ["case", "design", "indicator", "label", "unit", "direction", "mean", "lower",
               "upper", "n", "baseline", "difference", "difference_lower", "difference_upper",
               "difference_n", "verdict", "minimum_difference", "mark"]

# Page one's table: at most ten indicators a planning unit decides on, with the short names
# the verdict's sentences use. Only those the file holds are shown.
KEY_TABLE = {
    "bed_days_per_1000": "bed-days",
    "admissions_per_1000": "admissions",
    "readmission_30": "readmissions within 30 days",
    "crisis_readmission_30": "returns to crisis care within 30 days",
    "wait_first_care": "the wait to first care",
    "functioning_gain_smi": "the functioning gain of people with SMI",
    "blocked_days_per_1000": "days stuck waiting to step down",
    "people_waiting": "people on waiting lists",
    "budget_per_year": "budget",
    "spending_per_year": "spending",
}
# A families scenario's key table (docs/model.md, "Families"), where there are no wards: what a
# family programme is judged on.
FAMILY_KEY_TABLE = {
    "placements_per_year": "children placed",
    "placement_days_per_family": "placement-days per family",
    "family_interventions_per_year": "families in a home intervention",
    "functioning_gain": "the children's functioning gain",
    "cost_per_family": "cost per family",
    "budget_per_year": "budget",
    "spending_per_year": "spending",
}
# The families section's indicators (run-wide, and per payer for the cost).
FAMILY_FAMILIES = ("families_known", "placements_per_year", "placement_days_per_year",
                   "placement_days_per_family", "family_interventions_per_year",
                   "cost_per_family")
# A pathway network's key table: per level, in the network's order, the figures a queueing
# modeller reads first (its care-model rows would be empty or zero).
PATHWAY_KEY_FAMILIES = ("utilisation", "loss_probability", "wait", "wait_p90",
                        "blocked_per_entry", "sojourn")
# The person-level outcomes shown per condition group, in this order.
GROUP_FAMILIES = ("readmission_30", "crisis_readmission_30", "bed_days_per_1000",
                  "admissions_per_1000", "functioning_gain", "wait_first_care",
                  "time_to_remission", "crisis_days_per_person_year", "cost_per_person_year")
GROUP_PLOT_FAMILIES = ("readmission_30", "bed_days_per_1000", "functioning_gain",
                       "wait_first_care", "cost_per_person_year")
FIRST_GROUP = "smi"
# The experiment file `retzef run -o` records (experiments/run_command.cpp): no file, the
# designs named on the command line.
RUN_EXPERIMENT_FILE = "(retzef run)"
MONEY_FAMILIES = ("budget_per_year", "spending_per_year", "staff_cost_per_year",
                  "budget_per_capita", "cost_per_capita")


class ReportError(Exception):
    """A request the report cannot satisfy (e.g. an unknown baseline); str() is the message."""


@dataclasses.dataclass(frozen=True)
class Report:
    html: Path
    csv: Path
    flows_csv: Path
    baseline: str
    cases: tuple[str, ...]
    evidence_csv: Path | None = None


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
        # Each occupancy table read once, for the plots, the regions and the warm-up check,
        # which is made at once, so that only one case's daily series are held at a time (the
        # country's are 140 MB a case). Its points are the simulator's, from the summaries.
        long = indicators.summary_long(rf)
        regional = any(len(rf.case(c).regions) > 1 for c in cases)
        occupancy, region_means, checks = {}, {}, {}
        for c in cases:
            measured = math.isfinite(rf.case(c).warmup_days)
            read = occupancy_pass.read(rf, c, by_region=regional, series=measured)
            occupancy[c] = read.summed
            if read.by_region is not None:
                region_means[c] = read.by_region
            if measured:
                checks[c] = warmup.ensemble(rf, c, long, read.series)
        flows = {c: aggregates.flows(rf, c) for c in cases}
        per_rep = indicators.per_replication(rf, occupancy, flows, long)
        summary = intervals.summarise(per_rep, base)
        names = indicators.ordered(rf, summary["indicator"])
        infos = indicators.descriptions(rf, names)
        summary = intervals.shares_at_least_zero(summary, {n for n in names
                                                           if infos[n].is_share})
        table = tidy(summary, infos, names)
        mean_flows = {c: aggregates.mean_flows(flows[c], len(rf.replications(c)))
                      for c in cases}
        short = warmup.short_warmups(rf, per_rep)
        try:
            overrides = decision.parse_overrides(rf.meta.get(decision.META_ATTRIBUTE))
        except decision.MinimumDifferenceError as e:
            raise ReportError(f"{path}: {e}") from None
        table = with_marks(table, per_rep, infos, overrides)
        renderer = _Page(rf, base, summary, table, names, infos, occupancy, mean_flows,
                         short, per_rep, overrides, checks, region_means)
        try:
            page = renderer.render()
        except evidence.EvidenceError as e:
            raise ReportError(str(e)) from None
        evidence_table = renderer.evidence_table()
        flows_table = pd.concat(
            [f.assign(case=c).rename(columns={"moves": "mean_moves"}) for c, f in
             mean_flows.items()], ignore_index=True)
    csv = out / "indicators.csv"
    flows_csv = out / "flows.csv"
    evidence_csv = out / "evidence.csv"
    index = out / "index.html"
    _write(csv, table.to_csv(index=False, float_format="%.10g"))
    _write(flows_csv, flows_table.reindex(columns=["case", "from_level", "to_level", "mean_moves"])
           .to_csv(index=False, float_format="%.10g"))
    _write(evidence_csv, evidence_table.to_csv(index=False, float_format="%.10g"))
    _write(index, page)
    return Report(index, csv, flows_csv, base, tuple(cases), evidence_csv)


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
    return frame[CSV_COLUMNS[:-2]].reset_index(drop=True)


def with_marks(table: pd.DataFrame, per_rep: pd.DataFrame, infos: dict,
               overrides: dict) -> pd.DataFrame:
    """The CSV with each difference's minimum meaningful difference and mark (decision.py)."""
    base_means = table[table["case"] == table["baseline"]].set_index("indicator")["mean"]
    minimums, marks = [], []
    for r in table.itertuples():
        info = infos[r.indicator]
        minimum = decision.minimum_for(info, overrides)
        base = float(base_means.get(r.indicator, math.nan))
        minimums.append(minimum.threshold(base))
        marks.append(BASELINE if r.case == r.baseline else
                     decision.mark(info.direction, _diff(r), base, minimum))
    return table.assign(minimum_difference=minimums, mark=marks)


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


def _percent(share: float) -> str:
    """A relative difference as a signed percentage: "−73%", "0%", "+4.5%" (a decimal below
    10%)."""
    value = 100 * share
    text = f"{abs(value):.0f}" if abs(value) >= 10 else f"{abs(value):.1f}".rstrip("0").rstrip(".")
    if text == "0":
        return "0%"
    return ("−" if value < 0 else "+") + text + "%"


# --- The page -------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 1500px; padding: 0 24px 48px; color: #1d2430; line-height: 1.4; }
h1 { margin: 0.4em 0 0.1em; font-size: 1.5em; } h2 { margin-top: 1.8em;
     border-bottom: 1px solid #ccd; } h3 { margin: 1.2em 0 0.3em; }
nav a { margin-right: 1em; } .note { color: #555; font-size: 0.9em; max-width: 80em; }
.banner { background: #fff4d6; border: 1px solid #e6c66b; padding: 6px 12px; }
.verdict p { margin: 0.25em 0; font-size: 1.02em; max-width: 95em; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.86em; }
th, td { border-bottom: 1px solid #e3e6ec; padding: 3px 8px; text-align: right;
         vertical-align: top; }
th { background: #f4f6fa; position: sticky; top: 0; }
td.indicator, th.indicator { text-align: left; min-width: 20em; }
tr.section th { background: #e8ecf4; text-align: left; font-size: 1.02em; }
.ci { display: block; color: #666; font-size: 0.86em; white-space: nowrap; }
.mean { white-space: nowrap; }
.na { font-style: italic; color: #888; }
.unit, .code { color: #777; font-size: 0.85em; }
.dir { display: inline-block; width: 1.2em; font-weight: bold; color: #555; }
.mark { margin-left: 0.4em; font-size: 0.85em; font-weight: 600; white-space: nowrap; }
#key-table td { padding: 2px 8px; }
table.regions td:first-child, table.regions th:first-child { text-align: left; }
table.evidence th { text-align: left; }
table.evidence td.text { text-align: left; min-width: 16em; max-width: 30em; }
table.evidence td:nth-child(2), table.evidence td:nth-child(3) { text-align: left; }
table.evidence tr.outside td { background: #fff4d6; }
.evidence-flags { background: #fff4d6; border-left: 4px solid #e6c66b; padding: 4px 10px; }
.verdict p { font-size: 0.98em; }
td.better { background: #dbe9f6; } td.better .mark { color: #0b4f8a; }
td.worse { background: #fbe3d2; } td.worse .mark { color: #a13d00; }
td.same .mark, td.descriptive .mark { color: #666; font-weight: normal; }
.legend span.swatch { display: inline-block; width: 1.2em; height: 0.9em; margin: 0 4px 0 12px;
                      vertical-align: middle; border: 1px solid #ccc; }
img { max-width: 100%; height: auto; }
pre { background: #f6f7f9; padding: 8px; overflow-x: auto; font-size: 0.85em; }
details { margin: 6px 0; } summary { cursor: pointer; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
.footnote { color: #555; font-size: 0.85em; }
"""

# Sets data-broken-images / data-images-loaded on <body> once the page has loaded, so a check
# (a person's console, or the test suite's headless browser) can tell every figure decoded, and
# data-key-table-bottom: where page one's table ends, in pixels from the top (the fold check).
SCRIPT = """
window.addEventListener("load", function () {
  var images = document.images, broken = 0;
  for (var i = 0; i < images.length; i++) {
    if (!images[i].complete || images[i].naturalWidth === 0) broken++;
  }
  document.body.dataset.brokenImages = broken;
  document.body.dataset.imagesLoaded = images.length - broken;
  var key = document.getElementById("key-table");
  if (key) document.body.dataset.keyTableBottom = Math.ceil(key.getBoundingClientRect().bottom);
  var verdict = document.getElementById("verdict-text");
  if (verdict) document.body.dataset.verdictTop = Math.floor(verdict.getBoundingClientRect().top);
});
"""

MARK_CLASS = {decision.BETTER: "better", decision.WORSE: "worse",
              decision.NO_DIFFERENCE: "same", decision.HIGHER: "descriptive",
              decision.LOWER: "descriptive"}


@dataclasses.dataclass(frozen=True)
class Display:
    """How an indicator's numbers are shown: multiplied by `scale`, followed by `suffix`
    (differences by `difference_suffix`), with the unit said once beside the label."""

    scale: float
    suffix: str
    difference_suffix: str
    unit: str


def display(info: catalogue.IndicatorInfo) -> Display:
    if info.is_share:
        return Display(100.0, "%", " pp", "%")
    if info.is_money_per_year:
        return Display(1e-6, "", "", "NIS million a year")
    return Display(1.0, "", "", "")


def interval_text(mean: float, lower: float, upper: float, info: catalogue.IndicatorInfo,
                  difference: bool = False, scale_of: float | None = None) -> tuple[str, str]:
    """(mean, "[lower, upper]") rounded by the interval's half-width (rounding.py); the
    interval text is "" when there is none. `scale_of` is the magnitude that caps the digits
    (the baseline's mean for a difference)."""
    d = display(info)
    half = (upper - lower) / 2 * d.scale if math.isfinite(lower) and math.isfinite(upper) \
        else None
    reference = (scale_of if scale_of is not None else mean)
    places = rounding.decimals(half, reference * d.scale if math.isfinite(reference) else None)
    suffix = d.difference_suffix if difference else d.suffix

    def fmt(v):
        t = rounding.rounded(v * d.scale, places)
        return (rounding.signed(t, v) if difference else t) + (suffix if t != "–" else "")

    ci = f"[{fmt(lower)}, {fmt(upper)}]" if half is not None else ""
    return fmt(mean), ci


def _one_if_same(series: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The designs' series, or one under plots.EVERY_DESIGN when they are all the same."""
    frames = list(series.values())
    if len(frames) > 1 and all(f.shape == frames[0].shape and np.array_equal(
            f.to_numpy(dtype=float), frames[0].to_numpy(dtype=float)) for f in frames[1:]):
        return {plots.EVERY_DESIGN: frames[0]}
    return series


def complements(per_rep: dict, names: list[str], infos: dict, cases: list[str],
                tolerance: float = 1e-9) -> dict[str, str]:
    """Shares that are exactly one minus another share: {the later one: the one it mirrors}.

    Judged on the numbers, not the names: two shares are complements when, in every
    replication of every design that has them, they add up to 1 (within `tolerance`, rounding
    of the division), and they vary (a share that is 0 in every run and another that is 1 say
    nothing about each other; the zero one goes to the appendix anyway). The one earlier in `names` stays, unless only the later is a key
    indicator. `per_rep` maps (case, indicator) to values by replication (by_replication).
    """
    shares = [n for n in names if infos[n].is_share]

    def values(name):
        parts = [per_rep.get((c, name)) for c in cases]
        return parts if all(p is not None for p in parts) else None

    def varies(parts):
        every = np.concatenate([p.to_numpy(dtype=float) for p in parts])
        every = every[np.isfinite(every)]
        return every.size > 1 and every.max() - every.min() > tolerance

    series = {n: v for n in shares if (v := values(n)) is not None and varies(v)}
    out: dict[str, str] = {}
    for i, a in enumerate(shares):
        if a in out or a not in series:
            continue
        for b in shares[i + 1:]:
            if b in out or b not in series:
                continue
            sums = np.concatenate([(x + y).to_numpy(dtype=float)
                                   for x, y in zip(series[a], series[b])])
            if sums.size and np.isfinite(sums).all() and np.all(np.abs(sums - 1) <= tolerance):
                keep_b = b in catalogue.KEY_INDICATORS and a not in catalogue.KEY_INDICATORS
                out[a if keep_b else b] = b if keep_b else a
                if keep_b:
                    break
    return out


class _Page:
    """Renders the HTML page from what build() computed."""

    def __init__(self, rf: RetzefFile, baseline: str, summary: pd.DataFrame,
                 table: pd.DataFrame, names: list[str], infos: dict, occupancy: dict,
                 mean_flows: dict, short_warmups: list[warmup.ShortWarmup] = (),
                 per_rep: pd.DataFrame | None = None, overrides: dict | None = None,
                 warmup_checks: dict[str, warmup.Ensemble] | None = None,
                 region_means: dict[str, pd.DataFrame] | None = None):
        self.rf = rf
        self.region_means = dict(region_means or {})
        self.short_warmups = list(short_warmups)
        self.warmup_checks = dict(warmup_checks or {})
        self.baseline = baseline
        self.summary = summary
        self.table = table
        self.names = names
        self.infos = infos
        self.occupancy = occupancy
        self.mean_flows = mean_flows
        self.cases = rf.cases
        self.styles = plots.case_styles(self.cases)
        self.replications = {c: len(rf.replications(c)) for c in self.cases}
        self.intervals_available = min(self.replications.values()) >= 2
        self.cells = self.table.set_index(["case", "indicator"])
        self.per_rep = decision.by_replication(per_rep) if per_rep is not None else {}
        self.overrides = overrides or {}
        self.pairs = decision.comparisons_of(self.cases, baseline)
        self.money_derived = indicators.money_derived(rf)
        self._comparisons: dict = {}
        self._evidence: list[evidence.Check] | None = None
        # The care model's queueing figures per level: one line of the appendix, not the table.
        self.queueing_aside: list[str] = []

    def render(self) -> str:
        meta = self.rf.meta
        name = meta.get("experiment_name") or Path(self.rf.path).name
        if meta.get("experiment_file") == RUN_EXPERIMENT_FILE:
            # `retzef run -o` names its experiment "run": the designs it ran say more.
            name = " vs ".join(self.cases)
        title = f"retzef report: {name}"
        shown, appendix = self._pruned()
        # Each section with its anchor and link text; one with nothing to show (a model without
        # condition groups has no group section, say) is left out, and so is its link.
        sections = [
            ("evidence", "Against the evidence", self._evidence_section()),
            ("groups", "By condition group", self._groups()),
            ("families", "Families", self._families()),
            ("money", "Money", self._money()),
            ("occupancy", "Over time", self._occupancy()),
            ("regions", "By region", self._regions()),
            ("flows", "Flows", self._flows()),
            ("indicators", "All indicators", self._indicators(shown)),
            ("sweeps", "Sweeps", self._sweeps()),
            ("appendix", "Appendix", self._appendix(appendix)),
            ("provenance", "Provenance", self._provenance()),
        ]
        nav = "".join(f'<a href="#{anchor}">{text}</a>' for anchor, text, html in sections if html)
        parts = [
            "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
            f"<h1>{esc(title)}</h1>",
            self._verdict(),
            self._intro(),
            f"<nav>{nav}</nav>",
            *(html for _, _, html in sections),
            f"<script>{SCRIPT}</script>",
            "</body></html>",
        ]
        return "\n".join(p for p in parts if p)

    # --- Comparisons ------------------------------------------------------------------------

    def comparison(self, case: str, against: str, name: str) -> decision.Comparison | None:
        key = (case, against, name)
        if key not in self._comparisons:
            self._comparisons[key] = decision.compare(self.per_rep, case, against,
                                                      self.infos[name], self.overrides)
        return self._comparisons[key]

    def _comparison_table(self, names: list[str], table_id: str, pairs=None,
                          label=None) -> str:
        """Values per case and the marked paired differences of `pairs`, one row per
        indicator."""
        pairs = self.pairs if pairs is None else pairs
        head = ['<tr><th class="indicator">Indicator</th>']
        head += [f'<th>{esc(c)}{" (baseline)" if c == self.baseline else ""}</th>'
                 for c in self.cases]
        head += [f"<th>{esc(a)} vs {esc(b)}</th>" for a, b in pairs]
        rows = []
        for name in names:
            info = self.infos[name]
            text_ = label(info) if label else info.label
            unit = display(info).unit
            cells = [f'<td class="indicator">{esc(text_)}'
                     + (f' <span class="unit">({esc(unit)})</span>' if unit else "") + "</td>"]
            cells += [self._value_cell(c, info) for c in self.cases]
            cells += [self._pair_cell(a, b, info) for a, b in pairs]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return (f'<div class="scroll"><table id="{esc(table_id)}"><thead>' + "".join(head)
                + "</tr></thead><tbody>" + "\n".join(rows) + "</tbody></table></div>")

    def _pair_cell(self, case: str, against: str, info: catalogue.IndicatorInfo) -> str:
        c = self.comparison(case, against, info.name)
        if c is None or c.mark == decision.MISSING:
            return '<td class="na" title="no complete pair of replications">–</td>'
        d = c.difference
        mean, ci = interval_text(d.mean, d.lower, d.upper, info, difference=True,
                                 scale_of=c.against_mean)
        if c.mark == decision.NO_INTERVAL:
            return (f'<td><span class="mean">{esc(mean)}</span><span class="ci na">CI not '
                    f"available (n = {d.n})</span></td>")
        threshold = c.minimum.threshold(c.against_mean) * display(info).scale
        title = (f"{c.mark}; minimum meaningful difference {threshold:.3g}"
                 f"{display(info).difference_suffix} ({c.minimum.source}); n = {d.n} pairs")
        return (f'<td class="{MARK_CLASS.get(c.mark, "")}" title="{esc(title)}">'
                f'<span class="mean">{esc(mean)}</span><span class="mark">{esc(c.mark)}</span>'
                f'<span class="ci">{esc(ci)}</span></td>')

    # --- Sections ---------------------------------------------------------------------------

    def _family_only(self) -> bool:
        """True for a families scenario: family indicators and no ward anywhere."""
        return "placements_per_year" in self.infos and not any(
            k == "inpatient" for c in self.cases for k in self.rf.case(c).level_kinds)

    def _key_table(self) -> dict[str, str]:
        return FAMILY_KEY_TABLE if self._family_only() else KEY_TABLE

    def _key_names(self) -> list[str]:
        """The key table's indicators: the planner's ten, a families scenario's, or a pathway
        network's figures per level."""
        if not catalogue.is_pathway(self.infos):
            return [n for n in self._key_table() if n in self.infos]
        levels = list(dict.fromkeys(i.level for i in self.infos.values() if i.level))
        by = {(i.family, i.level): n for n, i in self.infos.items()
              if i.family in PATHWAY_KEY_FAMILIES and not (i.group or i.payer)}
        return [by[(f, lv)] for lv in levels for f in PATHWAY_KEY_FAMILIES if (f, lv) in by]

    def _verdict(self) -> str:
        key = self._key_names()
        sentences = []
        for case, against in self.pairs:
            found = [c for n in key if (c := self.comparison(case, against, n)) is not None]
            if found:
                sentences.append(decision.sentence(case, against, found, self.infos,
                                                   self._key_table()))
        if not sentences:
            sentences = ["There is one design only: nothing to compare."
                         if len(self.cases) == 1 else "No key indicator to compare."]
        money = ('<p class="footnote">* Money in NIS a year is the budget and the care '
                 "delivered per resident times the population (this file predates the "
                 "simulator's own totals); spending by payer is split in the proportions of "
                 "the cost per person-year each payer bears.</p>" if self.money_derived else "")
        return ('<section id="verdict"><div class="verdict" id="verdict-text">'
                + "".join(f"<p>{esc(t)}</p>" for t in sentences) + "</div>"
                + self._comparison_table(key, "key-table",
                                         label=lambda i: i.label
                                         + ("*" if self.money_derived
                                            and i.family in decision.BUDGET_INDICATORS
                                            + ("spending_per_year",) else ""))
                + self._evidence_flags()
                + '<p class="note">Means over replications with their 95% intervals; the '
                "differences are paired (the same people and random draws in every design), "
                "shares' differences in percentage points (pp). A difference is marked "
                "<b>better</b> or <b>worse</b> only when its interval excludes zero and it is at "
                "least the indicator's minimum meaningful difference (docs/analysis.md; the "
                "cell's tooltip gives it); otherwise <i>no meaningful difference</i>. Which way "
                "is better is the indicator's own (the file's catalogue).</p>"
                + money + "</section>")

    # --- Against the evidence -------------------------------------------------------------------

    def evidence_checks(self) -> list[evidence.Check]:
        """Each design beside the published figures that apply to it (evidence.py)."""
        if self._evidence is None:
            policies = {c: self.rf.case(c).policy for c in self.cases}

            def value(case: str, name: str):
                if name not in self.infos or (case, name) not in self.cells.index:
                    return None
                row = self.cells.loc[(case, name)]
                return float(row["mean"]), float(row["lower"]), float(row["upper"])

            def relative(case: str, against: str, name: str):
                c = self.comparison(case, against, name) if name in self.infos else None
                return c.relative() if c is not None else None

            self._evidence = evidence.checks(evidence.load(), policies, self.pairs, value,
                                             relative)
        return self._evidence

    def evidence_table(self) -> pd.DataFrame:
        """evidence.csv: one row per check, the model's number (a relative difference for an
        effect) beside the published band, with where it lies and what was published."""
        rows = [{"kind": c.figure.kind, "indicator": c.figure.indicator, "case": c.case,
                 "against": c.against, "mean": c.mean, "lower": c.lower, "upper": c.upper,
                 "published_low": c.figure.low, "published_high": c.figure.high,
                 "position": c.position, "reading": self._reading(c)[0],
                 "published": c.figure.published, "sources": "; ".join(c.figure.sources)}
                for c in self.evidence_checks()]
        return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)

    def _band_text(self, check: evidence.Check) -> str:
        f = check.figure
        if f.kind == evidence.EFFECT:
            return f"{_percent(f.low)} to {_percent(f.high)}"
        # The label says the unit; a share is shown in %.
        info = self.infos[f.indicator]
        d = display(info)
        return f"{f.low * d.scale:g}–{f.high * d.scale:g}{'%' if info.is_share else ''}"

    def _model_text(self, check: evidence.Check) -> tuple[str, str]:
        if check.figure.kind == evidence.EFFECT:
            ci = (f"[{_percent(check.lower)}, {_percent(check.upper)}]"
                  if math.isfinite(check.lower) and math.isfinite(check.upper) else "")
            return _percent(check.mean), ci
        return interval_text(check.mean, check.lower, check.upper,
                             self.infos[check.figure.indicator])

    def _reading(self, check: evidence.Check) -> tuple[str, bool]:
        """What the check means, and whether a planner must be told (outside the band)."""
        f = check.figure
        if check.position == evidence.WITHIN:
            return {evidence.CALIBRATION: "as published",
                    evidence.EFFECT: "within the published effects",
                    evidence.SYSTEMS: "within the range other systems report"}[f.kind], False
        side = "below" if check.position == evidence.BELOW else "above"
        if f.kind == evidence.CALIBRATION and not f.held:
            return (f"{side} the published figure the design was set toward, which its "
                    "calibration misses (docs/parameters.md, \"Calibration\")"), True
        if f.kind == evidence.CALIBRATION:
            return (f"{side} the published figure the design was calibrated to or set from"
                    + self._blocked_part(check)), True
        if f.kind == evidence.SYSTEMS:
            return f"{side} every other system published", True
        direction = self.infos[f.indicator].direction
        favourable = (check.position == evidence.BELOW and direction == catalogue.LOWER) or \
            (check.position == evidence.ABOVE and direction == catalogue.HIGHER)
        if favourable:
            return ("beyond any published effect: read it as a bound on the gain, not an "
                    "estimate"), True
        return "short of the published effects", True

    def _blocked_part(self, check: evidence.Check) -> str:
        """For a level's stay (sojourn_<level>): how much of it is spent waiting there for a
        full level's place (blocked_per_entry_<level>: stepping down, or up), the days a
        published stay does not count."""
        name = check.figure.indicator
        if not name.startswith("sojourn_"):
            return ""
        blocked = "blocked_per_entry_" + name.removeprefix("sojourn_")
        if (check.case, blocked) not in self.cells.index:
            return ""
        days = float(self.cells.loc[(check.case, blocked)]["mean"])
        if not math.isfinite(days) or days <= 0:
            return ""
        rest = round(check.mean - days, 1)  # judged as shown
        where = ("within it" if check.figure.low <= rest <= check.figure.high else
                 "still outside it")
        return (f": {days:.1f} of its days are spent waiting there for a place at another "
                f"level (the stay without them, {rest:.1f} days, is {where})")

    def _evidence_flags(self) -> str:
        """One sentence per check outside its band, beside the verdict."""
        sentences = []
        for check in self.evidence_checks():
            reading, flagged = self._reading(check)
            if not flagged:
                continue
            label = self.infos[check.figure.indicator].label
            label = label[:1].lower() + label[1:]
            mean, ci = self._model_text(check)
            who = f"{check.case} against {check.against}" if check.against else check.case
            sentences.append(f"{who}, {label}: {mean} {ci}".rstrip() + "; published "
                             f"{self._band_text(check)}. {reading[:1].upper()}{reading[1:]}.")
        if not sentences:
            return ""
        return ('<p class="evidence-flags"><b>Against the evidence</b> '
                '(<a href="#evidence">why</a>): ' + esc(" ".join(sentences)) + "</p>")

    def _evidence_section(self) -> str:
        checks = self.evidence_checks()
        if not checks:
            return ""
        kinds = {evidence.CALIBRATION: "as calibrated", evidence.EFFECT: "effect",
                 evidence.SYSTEMS: "other systems"}
        rows = []
        for check in checks:
            f = check.figure
            info = self.infos[f.indicator]
            mean, ci = self._model_text(check)
            reading, flagged = self._reading(check)
            design = f"{check.case} vs {check.against}" if check.against else check.case
            what = info.label + (" (relative difference)" if f.kind == evidence.EFFECT else "")
            rows.append(
                f'<tr class="{"outside" if flagged else "inside"}">'
                f'<td class="indicator">{esc(what)}</td><td>{esc(design)}</td>'
                f"<td>{esc(kinds[f.kind])}</td>"
                f'<td><span class="mean">{esc(mean)}</span><span class="ci">{esc(ci)}</span></td>'
                f"<td>{esc(self._band_text(check))}</td>"
                f'<td class="text">{esc(f.published)} <span class="code">'
                f"({esc('; '.join(f.sources))})</span></td>"
                f'<td class="text">{esc(reading)}</td></tr>')
        head = ("<tr><th class=\"indicator\">Indicator</th><th>Design</th><th>Figure</th>"
                "<th>Model</th><th>Published</th><th>What was published, and where</th>"
                "<th>Reading</th></tr>")
        return ('<section id="evidence"><h2>Against the evidence</h2><p class="note">Each '
                "design's numbers beside what was published (the figures and their sources are "
                "data: <code>analysis/retzef_analysis/evidence.toml</code>). <i>As calibrated</i>: "
                "a figure the design was calibrated to or took a parameter from: Israel's "
                "hospital-centred system for the medical design, the published stays the "
                "community levels are set from (what the model makes of a stay, with the days "
                "people wait there to step down added, lies beside the figure it came from). "
                "<i>Effect</i>: how far community alternatives moved the indicator against "
                "hospital-centred care, as a relative difference (the paired difference over the "
                "other design's mean, with its interval). <i>Other systems</i>: what health "
                "systems with more community care report. None of these is a trial of a whole "
                "regional system against another: the effects are single services' (docs/"
                "validation.md has the trials re-run inside the model) and one country's against "
                "another's. Where a difference lies beyond every published effect, it follows "
                "from the model's assumptions more than from evidence: read it as a bound, not "
                "an estimate; where a figure the design was set from is not reproduced, the "
                "model's dynamics (waits, blocking) or its conditions (a surge, another region, a "
                "changed design) moved it, and the numbers that depend on it move with it.</p>"
                '<div class="scroll"><table class="evidence">' + head + "".join(rows)
                + "</table></div></section>")

    def _intro(self) -> str:
        reps = sorted(set(self.replications.values()))
        rep_text = (f"{reps[0]} replication{'s' if reps[0] != 1 else ''} per case"
                    if len(reps) == 1 else
                    "replications per case: " + ", ".join(
                        f"{c} {n}" for c, n in self.replications.items()))
        out = [f'<p class="note">{len(self.cases)} case{"s" if len(self.cases) != 1 else ""} '
               f'({", ".join(esc(c) for c in self.cases)}), {esc(rep_text)}; baseline '
               f'<b>{esc(self.baseline)}</b>. Each cell is the mean over replications with its '
               "95% interval below; no more digits are printed than the interval supports. "
               f"File <code>{esc(Path(self.rf.path).name)}</code>.</p>"]
        if not self.intervals_available:
            out.append('<p class="banner">CIs not available: a confidence interval needs at '
                       "least two replications, and some case has fewer. Means are shown as "
                       "they are; run more replications for intervals and for paired "
                       "differences one can trust.</p>")
        out += self._warmup_verdicts()
        return "\n".join(out)

    def _warmup_verdicts(self) -> list[str]:
        """Per case, the warm-up check's verdict as `retzef inspect --indicators` gives it: a
        banner when the indicators include part of the start-up transient, a note when the
        replications' late points are swings within their spread."""
        shorts = {s.case: s for s in self.short_warmups}
        out = []
        for case in self.cases:
            change = self.rf.case(case).demand_change_day
            if math.isfinite(change):
                out.append(f'<p class="note warmup">Warm-up check: {esc(case)}: '
                           f"{esc(warmup.DEMAND_CHANGE_NOTE.format(day=change))}</p>")
                continue
            short = shorts.get(case)
            check = self.warmup_checks.get(case, warmup.Ensemble())
            text = warmup.verdict_text(short, check, case)
            if not text:
                continue
            if check.warning or (short is not None and not check.rejudged):
                # A longer warm-up is the remedy for a transient the replications share; a
                # flag nothing re-judged may be a transient or a slow level's swing, which more
                # replications tell apart; one kept only by single replications, while their
                # mean settles, is theirs alone, and a longer warm-up may move it to others.
                if check.shared:
                    out.append(f'<p class="banner warmup">Warm-up too short: {esc(text)} '
                               "Read these indicators with care, or run with a longer warm-up; "
                               "the truncation points are in the section Warm-up check "
                               "(docs/model.md).</p>")
                elif not check.rejudged:
                    out.append(f'<p class="banner warmup">Warm-up check: {esc(text)} '
                               "Read these indicators with care, or run "
                               f"{warmup.MIN_REPLICATIONS_FOR_SPREAD} replications or more to have "
                               "the points re-judged; the truncation points are in the section "
                               "Warm-up check (docs/model.md).</p>")
                else:
                    out.append(f'<p class="banner warmup">Warm-up check: {esc(text)} '
                               "Compare designs with care where a difference is small; the "
                               "truncation points are in the section Warm-up check "
                               "(docs/model.md).</p>")
            elif short is not None:
                out.append(f'<p class="note warmup">Warm-up check: {esc(text)}</p>')
        return out

    def _groups(self) -> str:
        groups = list(dict.fromkeys(g for c in self.cases for g in self.rf.case(c).groups))
        groups.sort(key=lambda g: g != FIRST_GROUP)  # the severe group first, else as declared
        by = {(i.family, i.group): n for n, i in self.infos.items() if i.group and not i.payer}
        if not any((f, g) in by for f in GROUP_FAMILIES for g in groups):
            return ""
        tables = []
        # An outcome no design forms or moves from zero for a group (a ward's readmissions where
        # there are no wards) is in the appendix, not the group's table or plot.
        by = {k: n for k, n in by.items() if self._empty(n) is None}
        for g in groups:
            names = [by[(f, g)] for f in GROUP_FAMILIES if (f, g) in by]
            if names:
                tables.append(f"<h3>{esc(catalogue.plain(g))}</h3>" + self._comparison_table(
                    names, f"group-{g}", label=_group_free))
        present = [f for f in GROUP_FAMILIES if any((f, g) in by for g in groups)]
        families = [f for f in GROUP_PLOT_FAMILIES if f in present] or present[:5]
        image = plots.group_multiples(
            self.summary, self.cases, [[by.get((f, g), "") for g in groups] for f in families],
            [_group_free(self.infos[next(by[(f, g)] for g in groups if (f, g) in by)])
             + (" (%)" if self.infos[next(by[(f, g)] for g in groups if (f, g) in by)].is_share
                else "") for f in families],
            [catalogue.plain(g) for g in groups],
            [self.infos[next(by[(f, g)] for g in groups if (f, g) in by)].is_share
             for f in families], self.styles)
        figure = _img(image, "Outcomes by condition group") if image else ""
        # The SMI sentence only where there is such a group (not the families scenario's
        # children at risk, say).
        first = (", the people with severe mental illness (SMI) first: averaged over everyone, "
                 "the severe groups' results are diluted by the many non-severe"
                 if FIRST_GROUP in groups else "")
        return ('<section id="groups"><h2>By condition group</h2>'
                f'<p class="note">The person-level outcomes of each condition group{first}. '
                "Shares are in %, their differences in percentage points.</p>" + figure
                + "".join(tables) + "</section>")

    def _family_names(self) -> list[str]:
        order = {f: k for k, f in enumerate(FAMILY_FAMILIES)}
        names = [n for n, i in self.infos.items() if i.family in order and not i.group]
        names = [n for n in names if self._empty(n) is None or not self.infos[n].payer]
        return sorted(names, key=lambda n: (order[self.infos[n].family],
                                            self.infos[n].payer != ""))

    def _avoided_per_family_served(self, case: str, against: str) -> intervals.Interval | None:
        """Placement-days a year fewer than `against`, per family a year starting a home
        intervention in `case`: what a family the programme takes on spares, paired by
        replication."""
        days_a = self.per_rep.get((case, "placement_days_per_year"))
        days_b = self.per_rep.get((against, "placement_days_per_year"))
        served = self.per_rep.get((case, "family_interventions_per_year"))
        served_before = self.per_rep.get((against, "family_interventions_per_year"))
        # Only against a design without the programme: between two with it, the families
        # served are not the ones the difference was avoided for.
        if (days_a is None or days_b is None or served is None or served_before is None
                or served_before.abs().sum() > 0):
            return None
        ratio = ((days_b - days_a) / served).replace([np.inf, -np.inf], np.nan).dropna()
        if ratio.empty:
            return None
        return intervals.mean_interval(ratio.to_numpy())

    def _families(self) -> str:
        names = self._family_names()
        if not names:
            return ""
        lines = []
        for case, against in self.pairs:
            avoided = self._avoided_per_family_served(case, against)
            if avoided is None or not np.isfinite(avoided.mean):
                continue
            ci = (f" (95% CI {avoided.lower:,.0f} to {avoided.upper:,.0f})"
                  if avoided.available else "")
            lines.append(f"<li>{esc(case)} against {esc(against)}: "
                         f"<b>{avoided.mean:,.0f}</b> placement-days avoided per family "
                         f"that starts a home intervention{esc(ci)}.</li>")
        avoided_text = ("<p>Per family the programme takes on (the difference in placement-days "
                        "a year over the families starting a home intervention a year):</p><ul>"
                        + "".join(lines) + "</ul>") if lines else ""
        return ('<section id="families"><h2>Families</h2>'
                '<p class="note">Children at risk and their families (docs/model.md, '
                '"Families"): siblings share a household; a family intervention counts its '
                "caseload in families, a placement its children. Per family means over the "
                "observed years, per family known to the services in them; the cost is the care "
                "of the families' members at the levels, by payer.</p>" + avoided_text
                + self._comparison_table(names, "family-table") + "</section>")

    def _money(self) -> str:
        names = [n for n, i in self.infos.items() if i.family in MONEY_FAMILIES and not i.group]
        # A payer that pays nothing in any design is a row of zeros: it is in the appendix.
        names = [n for n in names if self._empty(n) is None]
        order = {f: k for k, f in enumerate(MONEY_FAMILIES)}
        names.sort(key=lambda n: (order[self.infos[n].family], self.infos[n].payer != ""))
        if not names:
            return ""
        spending = {i.payer: n for n, i in self.infos.items()
                    if i.family == "spending_per_year" and not i.group}
        budget = {i.payer: n for n, i in self.infos.items()
                  if i.family == "budget_per_year" and not i.group}
        population = {c: self.rf.case(c).population for c in self.cases}
        image = plots.money_by_payer(self.summary, self.cases, spending, budget, population,
                                     plots.case_colours(self.cases))
        footnote = ('<p class="footnote">* NIS a year formed by the report: the budget and the '
                    "care delivered per resident times the population; spending by payer in the "
                    "proportions of the cost per person-year each payer bears. The file has no "
                    "budget by payer, so the budget is shown whole.</p>"
                    if self.money_derived else "")
        return ('<section id="money"><h2>Money</h2>'
                '<p class="note">The <b>budget</b> is what the places and coordinators cost '
                "whether used or not; <b>spending</b> is the care delivered, valued at its unit "
                "costs. Both in NIS a year for everyone the scenario covers, all its regions "
                "together (and per resident), by payer: "
                "each payer sees only its own part, and a design can shift care from one to "
                "another. The <b>staff cost</b> is the salaries of the staff in post, by the "
                "payer of the levels their posts are for: a part of the levels' costs, not an "
                "addition, which falls as posts stand empty. The cost per person-year of each "
                "condition group is in the group tables above.</p>"
                + (_img(image, "Budget and spending by payer") if image else "")
                + self._comparison_table(names, "money-table") + footnote + "</section>")

    def _occupancy(self) -> str:
        levels = list(indicators.level_order(self.rf))
        low, high = BAND
        series = {column: {c: aggregates.occupancy_series(o, column, low, high)
                           for c, o in self.occupancy.items()}
                  for column in ("occupied", "waiting", "blocked", "capacity", "staffed")}
        warmup_days = max(self.rf.case(c).warmup_days for c in self.cases)
        band = f"{low:.0%}–{high:.0%} of replications"
        occupied = plots.occupancy_over_time(series["occupied"], series["capacity"], levels,
                                             self.styles, band, warmup_days, series["staffed"])
        waiting = plots.waiting_over_time(series["waiting"], series["blocked"], levels,
                                          self.styles, warmup_days)
        body = (_img(occupied, "People in each level over time") if occupied else
                '<p class="note">No level had anyone in it.</p>')
        body += "<h3>Waiting lists and waiting in place</h3>" + (
            _img(waiting, "Waiting over time, per level") if waiting else
            '<p class="note">Nobody waited for any level, nor in place, on any day.</p>')
        # A pathway has arrivals, not new cases of illness, and no coordinators: its demand is
        # in the key table (arrivals per level), and a panel of "no new cases" would mislead.
        pathway = catalogue.is_pathway(self.infos)
        if not pathway:
            body += self._demand(band, warmup_days)
        third = ("" if pathway else "; the third, the people waiting for a care coordinator and "
                 "the new cases arriving (demand), from day 0")
        return ('<section id="occupancy"><h2>Over time</h2>'
                '<p class="note">People in each level, summed over regions, in years from the '
                "start of the run; the warm-up (grey) is not measured. Each design keeps its "
                "colour and dash pattern in every figure; the line is the mean over "
                f"replications, shaded between the {esc(band)}. The dotted line is the "
                "capacity, the filled area above it the overflow; where staff run fewer places "
                "than are funded, a dash-dot line gives the places they could run. The second figure gives the "
                "people on each level's waiting list and those kept in a level waiting to step "
                f"down{third}.</p>" + body + "</section>")

    def _regional(self) -> bool:
        return any(len(self.rf.case(c).regions) > 1 for c in self.cases)

    def _regions(self) -> str:
        """Each design's regions side by side: population, how full each level with places is,
        and who waits, over the measured days and the replications."""
        if not self._regional():
            return ""
        tables = []
        for case in self.cases:
            if not self.rf.has_table(case, "occupancy"):
                continue
            means = self.region_means.get(case)  # read with the other occupancy products
            if means is None or means.empty:
                continue
            population = aggregates.region_populations(self.rf.case(case).scenario)
            placed = [lv for lv in self.rf.case(case).levels
                      if ((means["level"] == lv) & np.isfinite(means["capacity"])
                          & (means["capacity"] > 0)).any()]
            head = ("<tr><th>Region</th><th>Population</th>"
                    + "".join(f"<th>{esc(catalogue.plain(lv))}</th>" for lv in placed)
                    + "<th>Waiting, all levels</th></tr>")
            rows = []
            for region in self.rf.case(case).regions:
                here = means[means["region"] == region].set_index("level")
                if here.empty:
                    continue
                cells = []
                for lv in placed:
                    places = here["capacity"].get(lv, 0.0)
                    if not places > 0:
                        cells.append('<td class="na">none</td>')
                        continue
                    occupied = here["occupied"].get(lv, 0.0)
                    cells.append(f"<td>{occupied / places:.0%}<span class=\"ci\">"
                                 f"{occupied:,.0f} of {places:,.0f}</span></td>")
                people = population.get(region, math.nan)
                rows.append(f"<tr><td>{esc(catalogue.plain(region))}</td>"
                            f"<td>{people:,.0f}</td>" + "".join(cells)
                            + f"<td>{here['waiting'].sum():,.0f}</td></tr>")
            tables.append(f"<h3>{esc(case)}</h3><table class=\"regions\">{head}"
                          + "".join(rows) + "</table>")
        if not tables:
            return ""
        return ('<section id="regions"><h2>By region</h2><p class="note">Each region of each '
                "design over the measured days, averaged over the replications: how full each "
                "level with places is (the share of its places in use, with the people and the "
                "places below; above 100% the overflow), and the people waiting for a place at "
                "any level. A region without places at a level (none) sends its people to the "
                "region its referrals name.</p>" + "".join(tables) + "</section>")

    def _demand(self, band: str, warmup_days: float) -> str:
        """The coordinators' line and new cases over time, from the daily table."""
        low, high = BAND
        frames = {c: aggregates.daily(self.rf, c) for c in self.cases}
        frames = {c: f for c, f in frames.items() if f is not None and not f.empty}
        heading = "<h3>Waiting for a coordinator, and new cases</h3>"
        if not frames:
            return heading + ('<p class="note">This file has no daily table (written before '
                              "it existed): the coordinators' line and new cases are in the "
                              "indicator table as means only.</p>")
        line = {c: aggregates.daily_series(f, "coordinator_waiting", low, high)
                for c, f in frames.items() if f["coordinator_waiting"].max() > 0}
        groups: list[str] = []
        for f in frames.values():
            groups += [c.removeprefix("new_cases_") for c in f.columns
                       if c.startswith("new_cases_") and c.removeprefix("new_cases_") not in groups]
        panels = {"all": "new_cases", **{g: f"new_cases_{g}" for g in groups}}
        new_cases = {name: _one_if_same({c: aggregates.monthly_new_cases(
                         f, column, low, high, NEW_CASE_PERIOD_DAYS)
                         for c, f in frames.items() if column in f and f[column].max() > 0})
                     for name, column in panels.items()}
        end = max(float(f["t"].max()) + 1 for f in frames.values())
        image = plots.demand_over_time(line, new_cases, self.styles, band, warmup_days,
                                       NEW_CASE_PERIOD_DAYS, end)
        nobody = ("" if line else " Nobody waited for a care coordinator on any day in any "
                  "design, so that panel is left out.")
        return heading + (
            f'<p class="note">New cases are counted per {NEW_CASE_PERIOD_DAYS} days (the mean '
            "over replications); every design meets the same new cases, drawn from the same "
            "random numbers, so where they are the same one grey line stands for all. A "
            "change in demand during the run — a surge — shows here." + nobody + "</p>"
            + (_img(image, "Waiting for a coordinator and new cases over time") if image else
               '<p class="note">No new cases and nobody waiting for a coordinator.</p>'))

    def _flow_figure(self, mean_flows: dict[str, pd.DataFrame], alt: str
                     ) -> tuple[str, str, list[str]]:
        """A flow diagram per case: the image (or a note), the primary-care moves left out, and
        how many small flows each case did not draw."""
        # Primary care's churn (many short visits) would fill the diagram and hide the levels
        # the designs differ in: its moves are counted here, not drawn.
        aside = {lv for c in self.cases for lv in self.rf.case(c).levels
                 if self.rf.case(c).level_kind(lv) == "primary_care"}
        drawn, notes = {}, []
        for case, frame in mean_flows.items():
            touches = (frame["from_level"].astype(str).isin(aside)
                       | frame["to_level"].astype(str).isin(aside))
            drawn[case] = frame[~touches].reset_index(drop=True)
            if touches.any():
                notes.append(f"{case}: {number(float(frame.loc[touches, 'moves'].sum()))}")
        hidden = {}
        image = plots.flow_diagrams(drawn, [lv for lv in indicators.level_order(self.rf)
                                            if lv not in aside],
                                    MIN_FLOW_SHARE, lambda c, n: hidden.__setitem__(c, n))
        small = [f"{esc(c)}: {n} smaller flow{'s' if n != 1 else ''} not drawn"
                 for c, n in hidden.items() if n]
        body = (_img(image, alt) if image else
                '<p class="note">No moves between levels were recorded.</p>')
        aside_text = (" Moves into and out of primary care are not drawn (their churn would "
                      "hide the rest); per replication they number " + esc("; ".join(notes))
                      + "." if notes else "")
        return body, aside_text, small

    def _flows(self) -> str:
        body, aside_text, small = self._flow_figure(self.mean_flows,
                                                    "Flows between levels, per case")
        return ('<section id="flows"><h2>Flows between levels</h2>'
                '<p class="note">Moves between care levels over the observation period, the '
                "mean per replication; “community” is no care (new cases arrive from it, "
                "people who leave care return to it)." + aside_text + " Arrows carrying less "
                f"than {MIN_FLOW_SHARE:.0%} of a case's moves are not drawn"
                + (" (" + "; ".join(small) + ")" if small else "")
                + "; <code>flows.csv</code> beside this page has every pair.</p>"
                + body + "".join(self._group_flows(g) for g in FLOW_GROUPS) + "</section>")

    def _group_flows(self, group: str) -> str:
        """The flow diagrams of one condition group's people, per case (the group_flows table);
        nothing when no case has the group or the file predates the table."""
        frames = {c: aggregates.group_flows(self.rf, c, group) for c in self.cases}
        means = {c: aggregates.mean_flows(f, self.replications[c])
                 for c, f in frames.items() if f is not None}
        if not means:
            return ""
        label = catalogue.plain(group)
        body, aside_text, small = self._flow_figure(means, f"Flows of the {label} group, per case")
        return (f"<h3>People with {esc(label)}</h3>"
                f'<p class="note">The same moves for the {esc(label)} group alone: where the '
                "designs send the people the reform is mostly about." + aside_text
                + (" (" + "; ".join(small) + ")" if small else "") + "</p>" + body)

    def _pruned(self) -> tuple[list[str], list[tuple[str, str]]]:
        """The indicators for the main table, and those for the appendix with the reason: no
        value in any design, exactly zero in every design, or the exact complement of a share
        shown (complements())."""
        shown, appendix = [], []
        complement = complements(self.per_rep, self.names, self.infos, self.cases)
        pathway = catalogue.is_pathway(self.infos)
        for name in self.names:
            if not pathway and self.infos[name].family in catalogue.QUEUEING_FAMILIES:
                self.queueing_aside.append(name)
            elif name in complement:
                appendix.append((name, f"exactly 1 − {complement[name]} in every replication "
                                       "of every design: the same information"))
            elif (why := self._empty(name)) is not None:
                appendix.append((name, why))
            else:
                shown.append(name)
        return shown, appendix

    def _empty(self, name: str) -> str | None:
        """Why an indicator has nothing to show (no value in any design, or zero in every
        design), or None when it has something."""
        means = [self.cells.loc[(c, name), "mean"] for c in self.cases
                 if (c, name) in self.cells.index]
        finite = [m for m in means if math.isfinite(m)]
        if not finite:
            return "could not be formed in any design"
        if all(m == 0 for m in finite):
            return "zero in every design"
        return None

    def _indicators(self, names: list[str]) -> str:
        others = [c for c in self.cases if c != self.baseline]
        head = ['<tr><th class="indicator">Indicator</th>']
        head += [f'<th>{esc(c)}{" (baseline)" if c == self.baseline else ""}</th>'
                 for c in self.cases]
        head += [f"<th>{esc(c)} − {esc(self.baseline)}</th>" for c in others]
        head.append("</tr>")
        rows, section = [], None
        columns = 1 + len(self.cases) + len(others)
        for name in names:
            info = self.infos[name]
            if info.section != section:
                section = info.section
                heading = ("Level: " + catalogue.plain(section[len(catalogue.LEVEL_SECTION):])
                           if section.startswith(catalogue.LEVEL_SECTION) else section)
                rows.append(f'<tr class="section"><th colspan="{columns}">{esc(heading)}'
                            "</th></tr>")
            cells = [self._label_cell(info)]
            cells += [self._value_cell(c, info) for c in self.cases]
            cells += [self._pair_cell(c, self.baseline, info) for c in others]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return (
            '<section id="indicators"><h2>All indicators</h2>'
            '<p class="note">Each cell is the mean over replications with its 95% confidence '
            "interval (Student t) below it. The difference columns are paired: replication "
            "<i>k</i> of every case saw the same people and the same random draws (common "
            "random numbers), so each case is compared with the baseline replication by "
            "replication, and the interval is that of the mean of those differences. A "
            "replication where an indicator could not be formed (e.g. no discharge to be "
            "readmitted) is left out of that indicator, and out of the pair. Indicators that "
            "are zero or undefined in every design are in the appendix.</p>"
            + self._legend(bool(others)) + '<div class="scroll"><table id="headline"><thead>'
            + "".join(head) + "</thead><tbody>" + "\n".join(rows)
            + "</tbody></table></div></section>")

    def _legend(self, differences: bool) -> str:
        items = [
            '<p class="legend note"><b>Direction</b> (beside each indicator): ↓ lower is better, '
            "↑ higher is better, · descriptive — a quantity to read with the others, not a "
            "score (docs/analysis.md says why for each)."]
        if differences:
            items.append(
                "<br><b>Differences</b>:"
                '<span class="swatch" style="background:#dbe9f6"></span>better than the '
                "baseline (the interval excludes 0 and the difference is at least the minimum "
                "meaningful one)"
                '<span class="swatch" style="background:#fbe3d2"></span>worse; '
                "uncoloured: no meaningful difference, a descriptive indicator (higher or lower "
                "only), or no interval (fewer than two complete pairs).")
        items.append("</p>")
        return "".join(items)

    def _label_cell(self, info: catalogue.IndicatorInfo) -> str:
        direction = DIRECTION_WORDS[info.direction]
        unit = display(info).unit
        return (f'<td class="indicator"><span class="dir" title="{esc(direction)}">'
                f"{DIRECTION_MARKS[info.direction]}</span>{esc(info.label)}"
                + (f' <span class="unit">({esc(unit)})</span>' if unit else "")
                + f'<br><span class="dir"></span><span class="code" title="{esc(info.why)}">'
                f"{esc(info.name)}</span></td>")

    def _value_cell(self, case: str, info: catalogue.IndicatorInfo) -> str:
        if (case, info.name) not in self.cells.index:
            return '<td class="na" title="this case has no such indicator">–</td>'
        row = self.cells.loc[(case, info.name)]
        n = int(row["n"])
        if n == 0:
            return ('<td class="na" title="could not be formed in any replication">'
                    "–</td>")
        mean, ci = interval_text(row["mean"], row["lower"], row["upper"], info)
        mean = f'<span class="mean">{esc(mean)}</span>'
        if n < 2:
            return f'<td>{mean}<span class="ci na">CI not available (n = {n})</span></td>'
        return f'<td title="n = {n}">{mean}<span class="ci">{esc(ci)}</span></td>'

    def _appendix(self, rows: list[tuple[str, str]]) -> str:
        if not rows and not self.queueing_aside:
            return ""
        items = "".join(f"<li>{esc(self.infos[n].label)} <span class=\"code\">{esc(n)}</span>: "
                        f"{esc(why)}</li>" for n, why in rows)
        if self.queueing_aside:
            items += ('<li id="queueing-aside">Queueing figures per level '
                      f"({len(self.queueing_aside)} indicators: arrivals, losses, wait "
                      "percentiles, blocking of any kind, sojourn, utilisation; docs/output.md): "
                      "in indicators.csv, and in the main table of a pathway network's report "
                      '<span class="code">' + esc(", ".join(self.queueing_aside)) + "</span></li>")
        return ('<section id="appendix"><h2>Appendix: indicators with nothing to show</h2>'
                '<p class="note">Zero in every design (e.g. a wait at a level with no '
                "waiting list by construction), never formed (e.g. no such level), or a share "
                "that is exactly one minus another in every run: listed here rather than as "
                "rows of dashes, zeros or repetition.</p><ul>" + items
                + "</ul></section>")

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
        command = (f"retzef batch {meta['experiment_file']} -o {Path(self.rf.path).name}"
                   if meta.get("experiment_file") else None)
        fields = [("retzef version", meta.get("retzef_version")),
                  ("experiment", meta.get("experiment_name")),
                  ("experiment file", meta.get("experiment_file")),
                  ("command (to rerun)", command),
                  ("seed", meta.get("seed")),
                  ("replications", meta.get("replications")),
                  ("experiment fingerprint", meta.get("key")),
                  ("created", meta.get("created")),
                  ("output file", Path(self.rf.path).name),
                  ("format version", meta.get("format_version")),
                  ("run on", _run_on(meta)),
                  ("minimum meaningful differences",
                   ", ".join(f"{k} = {m.text()}" for k, m in self.overrides.items())
                   or "the defaults (docs/analysis.md)")]
        items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v if v is not None else '–')}</dd>"
                        for k, v in fields)
        experiment = meta.get("experiment")
        cases = []
        for name in self.cases:
            c = self.rf.case(name)
            facts = (f"design {c.design}, policy {c.policy or '–'}, "
                     f"sweep {_sweep_text(c.sweep)}, horizon {number(c.horizon_days)} days "
                     f"(warm-up {number(c.warmup_days)}), population {number(c.population)}, "
                     f"trace {c.trace or '–'}, {len(c.replications)} replications, scenario "
                     f"fingerprint {_fingerprint(c.scenario)}{self._warmup_result(name)}")
            cases.append(f"<details><summary><b>{esc(name)}</b>: {esc(facts)}</summary>"
                         f"<pre>{esc(tidy_numbers(c.scenario) or '(no scenario text)')}</pre>"
                         "</details>")
        return ('<section id="provenance"><h2>Provenance</h2>'
                f'<dl class="meta">{items}</dl>'
                + (f"<details><summary>Experiment file</summary><pre>{esc(experiment)}</pre>"
                   "</details>" if experiment else "")
                + "<h3>Scenarios</h3>" + "\n".join(cases) + "</section>")

    def _warmup_result(self, case: str) -> str:
        """"; warm-up check: 30 of 30 replications pass (truncation up to day 200)"."""
        change = self.rf.case(case).demand_change_day
        if math.isfinite(change):
            return f"; warm-up check not made (demand changes from day {change:g})"
        rows = self.summary[self.summary["case"] == case].set_index("indicator")
        if "warmup_passes_mser" not in rows.index or "mser_truncation_days" not in rows.index:
            return ""
        passes = rows.loc["warmup_passes_mser"]
        share = passes["mean"]
        n = int(passes["n"])
        if not math.isfinite(share):
            return ""
        return (f"; warm-up check (MSER-5): {round(share * n)} of {n} replications pass, mean "
                f"truncation day {number(rows.loc['mser_truncation_days', 'mean'])}")


def _group_free(info) -> str:
    """A group indicator's label without its group, which the table's heading names: the
    "SMI: " most labels start with, or the ": SMI" some end with ("Admissions per 1,000
    residents a year: SMI")."""
    label, group = info.label, catalogue.plain(info.group)
    if label.startswith(f"{group}: "):
        rest = label[len(group) + 2:]
        return rest[:1].upper() + rest[1:]
    if label.endswith(f": {group}"):
        return label[:-len(group) - 2]
    return label


def _fingerprint(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()[:16] if text_ else "–"


def tidy_numbers(text_: str) -> str:
    """Scenario text with floats written to 17 digits (0.45000000000000001), as result files
    written before retzef's own TOML writer have them, shortened to the shortest form that
    reads back the same (0.45); text from the writer is already in that form."""
    def short(match: re.Match) -> str:
        try:
            return repr(float(match.group(0)))
        except ValueError:
            return match.group(0)
    return re.sub(r"(?<![\w.])-?\d+\.\d{12,}(?:e[-+]?\d+)?", short, text_ or "")


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
