"""Ward discharges by where they go, and how many of each come back to the ward within 30 days.

A design's 30-day readmission is one number; where it comes from is where the ward sends people.
Read from the `events` table (trace `transitions`: every move between levels):

- a *discharge* is a move out of an inpatient level to a level of another kind, or home (no
  level): a transfer between wards is not one;
- it is *followed* when it happened at least `days` before the end of the run, so that a
  return within `days` could have been seen; only followed discharges are counted;
- it is *readmitted* when the same person moves into an inpatient level within `days` after it.

These are the definitions of the model's own `readmission_30` indicator (models/care_moves.cpp),
so over all destinations the share readmitted is that indicator's value, replication by
replication: the tests hold the two to each other on a real run. Each destination is split by
the person's acuity when they left (3-4 acute, 0-2 not), since a ward that discharges people
still acute to no care differs from one that keeps them until they are well. Shares are formed
per replication and given as the mean over replications with its Student-t interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from retzef_analysis import intervals
from retzef_analysis.file import RetzefFile
from retzef_analysis.validation import Arm, read_arm

ACUTE_FROM = 3  # acuity 3 (acute) and 4 (crisis)
HOME = "home"  # the destination of a move to no level


def discharges(arm: Arm, days: float = 30) -> pd.DataFrame:
    """One row per followed discharge: person, t, destination, acute, readmitted."""
    moves = arm.moves
    out = moves[(moves["from"] == "inpatient") & (moves["to"] != "inpatient")]
    out = out[out["t"] + days <= arm.horizon]
    admissions = moves.loc[moves["to"] == "inpatient", ["person", "t"]]
    followed = pd.DataFrame({
        "person": out["person"].to_numpy(),
        "t": out["t"].to_numpy(float),
        "destination": out["to"].replace({"none": HOME}).to_numpy(),
        "acute": out["acuity"].to_numpy(int) >= ACUTE_FROM,
    })
    followed["row"] = np.arange(len(followed))
    hits = followed[["row", "person", "t"]].merge(
        admissions.rename(columns={"t": "back"}), on="person")
    back = hits[(hits["back"] > hits["t"]) & (hits["back"] <= hits["t"] + days)]
    followed["readmitted"] = followed["row"].isin(back["row"].unique())
    return followed.drop(columns="row")


def _acuity_band(acute: bool) -> str:
    return "3-4" if acute else "0-2"


def by_destination(rf: RetzefFile, case: str, days: float = 30) -> pd.DataFrame:
    """Per destination and acuity band: the share of followed discharges going there and the
    share of those readmitted within `days`, each a mean over replications with its interval;
    and a last row, "all", whose readmitted share is the case's readmission indicator.

    Columns: destination, acuity, share, share_lower, share_upper, readmitted,
    readmitted_lower, readmitted_upper, discharges (a mean over replications).
    """
    per_rep = []
    for rep in rf.case(case).replications:
        d = discharges(read_arm(rf, case, rep), days)
        d["acuity"] = d["acute"].map(_acuity_band)
        total = len(d)
        groups = d.groupby(["destination", "acuity"])["readmitted"].agg(["size", "mean"])
        for (destination, acuity), row in groups.iterrows():
            per_rep.append((rep, destination, acuity, row["size"] / total, row["mean"],
                            row["size"]))
        per_rep.append((rep, "all", "", 1.0 if total else np.nan,
                        d["readmitted"].mean() if total else np.nan, total))
    frame = pd.DataFrame(per_rep, columns=["replication", "destination", "acuity", "share",
                                           "readmitted", "discharges"])
    replications = frame["replication"].nunique()
    rows = []
    for (destination, acuity), g in frame.groupby(["destination", "acuity"], sort=False):
        # A destination no one reached in a replication is a share of 0 there, not a gap.
        shares = np.concatenate([g["share"].to_numpy(float),
                                 np.zeros(replications - len(g))])
        share = intervals.mean_interval(shares)
        readmitted = intervals.mean_interval(g["readmitted"])
        rows.append((destination, acuity, share.mean, share.lower, share.upper,
                     readmitted.mean, readmitted.lower, readmitted.upper,
                     g["discharges"].sum() / replications))
    table = pd.DataFrame(rows, columns=["destination", "acuity", "share", "share_lower",
                                        "share_upper", "readmitted", "readmitted_lower",
                                        "readmitted_upper", "discharges"])
    is_all = table["destination"] == "all"
    return pd.concat([table[~is_all].sort_values("share", ascending=False), table[is_all]],
                     ignore_index=True)


def _percent(mean: float, lower: float, upper: float) -> str:
    """A share with its interval, which a share cannot leave: clipped to 0-100% (the t interval
    of a few replications' shares near 0 reaches below it)."""
    if not np.isfinite(mean):
        return "-"
    if not np.isfinite(lower):
        return f"{100 * mean:.1f}%"
    return f"{100 * mean:.1f}% ({100 * max(lower, 0.0):.1f}-{100 * min(upper, 1.0):.1f})"


def markdown(path: str, days: float = 30) -> str:
    """The table of every case of the file at `path`, in Markdown."""
    lines = [f"| case | discharged to | at acuity | share of discharges (95% CI) | "
             f"readmitted within {days:g} days (95% CI) | discharges a replication |",
             "|---|---|---|---|---|---|"]
    with RetzefFile(path) as rf:
        for case in rf.cases:
            for row in by_destination(rf, case, days).itertuples():
                everyone = row.destination == "all"
                share = "100%" if everyone else _percent(row.share, row.share_lower,
                                                          row.share_upper)
                lines.append(
                    f"| {case} | {row.destination} | {row.acuity or 'any'} | {share} | "
                    f"{_percent(row.readmitted, row.readmitted_lower, row.readmitted_upper)} | "
                    f"{row.discharges:,.0f} |")
    return "\n".join(lines)
