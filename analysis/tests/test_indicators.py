"""Per-replication indicators, derived indicators, aggregates and what each indicator means."""

import math

import h5py
import numpy as np
import pandas as pd
import pytest

import retzef_fixture as fx
from retzef_analysis import (RetzefFile, RetzefFileError, aggregates, catalogue, indicators,
                             intervals, report)


@pytest.fixture(scope="module")
def per_rep(fixture_file):
    with RetzefFile(fixture_file) as rf:
        return indicators.per_replication(rf)


def values(frame, case, name):
    rows = frame[(frame["case"] == case) & (frame["indicator"] == name)]
    return list(rows.sort_values("replication")["value"])


def test_summary_values_pass_through(per_rep):
    for name, by_case in fx.KNOWN.items():
        for case, expected in by_case.items():
            got = values(per_rep, case, name)
            assert len(got) == 3
            for g, e in zip(got, expected):
                assert (math.isnan(g) and math.isnan(e)) or g == pytest.approx(e)


def test_er_front_door_share_from_flows(per_rep):
    # medical: none->ER 10+k of none->anything 40+k; recovery: 2 of 40+k
    assert values(per_rep, "medical", "er_front_door_share") == pytest.approx(
        [10 / 40, 11 / 41, 12 / 42])
    assert values(per_rep, "recovery@review_days=60", "er_front_door_share") == pytest.approx(
        [2 / 40, 2 / 41, 2 / 42])


def test_full_share_from_occupancy(per_rep):
    # The north ward is full on the 15 even days of 30, the south never: 15 of 60 region-days.
    assert values(per_rep, "medical", "full_share_inpatient") == pytest.approx([0.25] * 3)
    assert values(per_rep, "recovery@review_days=60", "full_share_inpatient") == [0.0] * 3
    # Unlimited levels have no share.
    assert values(per_rep, "medical", "full_share_emergency_room") == []


def test_summarised_by_hand(per_rep):
    s = intervals.summarise(per_rep, "medical").set_index(["case", "indicator"])
    row = s.loc[("recovery@review_days=60", "bed_days_per_1000")]
    assert row["mean"] == pytest.approx(260 / 3)
    assert row["difference"] == pytest.approx(-70 / 3)
    assert row["difference_lower"] == pytest.approx(-30.5044210, 1e-7)
    assert row["difference_n"] == 3
    row = s.loc[("medical", "coordinator_caseload")]
    assert row["n"] == 0 and math.isnan(row["mean"])


def test_aggregated_occupancy_and_flows(fixture_file):
    with RetzefFile(fixture_file) as rf:
        occ = aggregates.occupancy(rf, "medical")
        flows = aggregates.flows(rf, "medical")
    inpatient = occ[(occ["level"] == "inpatient") & (occ["replication"] == 0)]
    # north 10 + south 7 on even days, 7 + 7 on odd days; 10 beds a region
    assert list(inpatient["occupied"][:2]) == [17, 14]
    assert set(inpatient["capacity"]) == {20.0}
    assert set(occ[occ["level"] == "emergency_room"]["capacity"]) == {math.inf}
    series = aggregates.occupancy_series(occ, "occupied")
    clinic = series[series["level"] == "clinic"]
    # 2 regions x (30 + k) for k = 0, 1, 2
    assert clinic["mean"].iloc[0] == pytest.approx(62.0)
    assert clinic["low"].iloc[0] == pytest.approx(60.2)
    assert clinic["high"].iloc[0] == pytest.approx(63.8)
    mean = aggregates.mean_flows(flows, 3).set_index(["from_level", "to_level"])["moves"]
    assert mean[("none", "emergency_room")] == pytest.approx(11.0)
    assert mean[("emergency_room", "none")] == pytest.approx(6.0)


def test_a_pair_missing_from_a_replication_counts_as_zero_moves():
    flows = pd.DataFrame({"replication": [0, 1], "from_level": ["a", "a"],
                          "to_level": ["b", "c"], "moves": [3.0, 6.0]})
    mean = aggregates.mean_flows(flows, 3).set_index("to_level")["moves"]
    assert mean["b"] == pytest.approx(1.0) and mean["c"] == pytest.approx(2.0)


def test_directions_levels_groups_and_payers_come_from_the_catalogue(fixture_file):
    names = [n for n, _ in fx.indicator_names()]
    with RetzefFile(fixture_file) as rf:
        infos = indicators.descriptions(
            rf, names + ["er_front_door_share", "full_share_clinic", "something_new"])

    def d(name):
        return infos[name].direction

    assert d("bed_days_per_1000") == catalogue.LOWER
    assert d("community_share") == catalogue.HIGHER
    assert d("functioning_end") == catalogue.HIGHER
    assert d("people_in_system") == catalogue.DESCRIPTIVE
    assert d("wait_first_care") == catalogue.LOWER
    assert infos["wait_first_care"].section == "Key indicators"  # not the level family wait
    assert d("waiting_for_coordinator") == catalogue.LOWER
    assert d("entries_inpatient_per_1000") == catalogue.LOWER
    assert d("entries_emergency_room_per_1000") == catalogue.LOWER
    assert d("entries_clinic_per_1000") == catalogue.DESCRIPTIVE
    assert d("occupancy_clinic") == catalogue.DESCRIPTIVE
    assert infos["waiting_clinic"].section == "Level: clinic"
    assert infos["waiting_clinic"].level == "clinic"
    assert infos["waiting_clinic"].label == "Clinic: people waiting"
    assert d("admissions_smi_per_1000") == catalogue.LOWER
    assert infos["admissions_smi_per_1000"].group == "smi"
    assert infos["admissions_smi_per_1000"].section == "Admissions by condition group"
    assert infos["cost_per_person_year_health_fund"].payer == "health_fund"
    assert infos["cost_per_person_year_health_fund"].label == "… paid by Health fund"
    # The derived indicators carry their own rows; one nobody describes is descriptive.
    assert d("er_front_door_share") == catalogue.LOWER
    assert infos["full_share_clinic"].section == "Level: clinic"
    assert infos["something_new"].section == "Other"
    assert d("something_new") == catalogue.DESCRIPTIVE


def _rewrite_catalogue(fixture_file, tmp_path, change):
    """A copy of the fixture whose /names/indicators rows went through `change`."""
    path = tmp_path / "rewritten.h5"
    path.write_bytes(fixture_file.read_bytes())
    with h5py.File(path, "r+") as f:
        data = f["names/indicators"][:]
        rows = [change({c: v.decode() if isinstance(v, bytes) else v
                        for c, v in zip(data.dtype.names, row)}) for row in data]
        del f["names/indicators"]
        s = h5py.string_dtype()
        f["names"].create_dataset("indicators", data=np.array(
            [tuple(r.values()) for r in rows], dtype=[(c, s) for c in rows[0]]))
    return path


def test_the_report_reads_columns_not_names(fixture_file, tmp_path):
    # A level indicator with a name no pattern would match, and a direction only the file gives.
    def change(row):
        if row["name"] == "waiting_clinic":
            row["name"] = "queue_length_at_the_clinic"
        if row["name"] == "bed_days_per_1000":
            row["better"] = "higher"
        return row

    path = _rewrite_catalogue(fixture_file, tmp_path, change)
    with RetzefFile(path) as rf:
        infos = indicators.descriptions(rf, ["queue_length_at_the_clinic", "bed_days_per_1000"])
    assert infos["queue_length_at_the_clinic"].label == "Clinic: people waiting"
    assert infos["queue_length_at_the_clinic"].section == "Level: clinic"
    assert infos["bed_days_per_1000"].direction == catalogue.HIGHER


def test_a_catalogue_without_the_new_columns_is_refused(fixture_file, tmp_path):
    def old(row):
        return {c: row[c] for c in ("name", "unit", "meaning")}

    path = _rewrite_catalogue(fixture_file, tmp_path, old)
    with pytest.raises(RetzefFileError, match="lacks the column.s. family, level, group, payer, "
                                              "better: the file was written by an older retzef"):
        RetzefFile(path)


def test_key_indicators_come_first(fixture_file):
    with RetzefFile(fixture_file) as rf:
        names = indicators.ordered(rf, reversed([n for n, _ in fx.indicator_names()]))
    assert names[:len(catalogue.KEY_INDICATORS)] == list(catalogue.KEY_INDICATORS)
    # then the costs by payer, in the order given (here reversed)
    k = len(catalogue.KEY_INDICATORS)
    assert names[k:k + 3] == [f"cost_per_person_year_{p}" for p in reversed(fx.PAYERS)]
    # the levels' sections, then the warm-up check's
    check = [n for n in names if n.startswith(("mser_", "warmup_"))]
    assert len(check) == 2 + len(fx.LEVELS) and names[-len(check):] == check
    last = names[-len(check) - 1]
    assert last.endswith("primary_care") or last.endswith("primary_care_per_1000")


@pytest.mark.parametrize("direction,mean,lower,upper,n,expected", [
    (catalogue.LOWER, -2.0, -3.0, -1.0, 3, report.BETTER),
    (catalogue.LOWER, 2.0, 1.0, 3.0, 3, report.WORSE),
    (catalogue.HIGHER, 2.0, 1.0, 3.0, 3, report.BETTER),
    (catalogue.HIGHER, -2.0, -3.0, -1.0, 3, report.WORSE),
    (catalogue.LOWER, -1.0, -3.0, 1.0, 3, report.UNCLEAR),
    (catalogue.DESCRIPTIVE, -2.0, -3.0, -1.0, 3, report.DESCRIPTIVE),
    (catalogue.LOWER, -2.0, math.nan, math.nan, 1, report.NO_INTERVAL),
    (catalogue.LOWER, math.nan, math.nan, math.nan, 0, report.MISSING),
])
def test_verdicts(direction, mean, lower, upper, n, expected):
    d = intervals.Interval(mean, lower, upper, n, math.nan)
    assert report.verdict(direction, d) == expected


def test_group_outcomes_and_crisis_care_have_their_sections():
    def describe(name, family, level="", group="", payer="", better="lower"):
        return catalogue.describe(dict(name=name, unit="share", family=family, level=level,
                                       group=group, payer=payer, better=better))

    crisis = describe("crisis_readmission_30", "crisis_readmission_30")
    assert crisis.section == "Hospital use" and crisis.direction == catalogue.LOWER
    smi = describe("functioning_gain_smi", "functioning_gain", group="smi", better="higher")
    assert smi.section == catalogue.GROUP_OUTCOMES and smi.label.startswith("SMI:")
    paid = describe("cost_per_person_year_smi_health_fund", "cost_per_person_year", group="smi",
                    payer="health_fund", better="neither")
    assert paid.section == catalogue.GROUP_OUTCOMES  # not among the key indicators' payers
    assert paid.label == "SMI: … paid by Health fund"
    boarding = describe("boarding_days_er_per_1000", "boarding_days_per_1000", level="er")
    assert boarding.section == "Level: er"


def test_queueing_counts_say_per_what_and_pathway_networks_are_told_apart():
    def describe(name, family, unit):
        return catalogue.describe(dict(name=name, unit=unit, family=family, level="ward",
                                       better="neither"))

    plain = describe("arrivals_ward_per_year", "arrivals", "request per year")
    assert plain.label == "Ward: requests for a place a year"
    assert plain.section == "Level: ward"
    rate = describe("arrivals_ward_per_1000", "arrivals", "request per 1,000 population per year")
    assert rate.label == "Ward: requests for a place per 1,000 residents a year"
    assert describe("sojourn_ward", "sojourn", "day").label.startswith("Ward: mean days")
    entries = describe("entries_ward_per_year", "entries", "entry per year")
    assert catalogue.is_pathway({"a": plain, "b": entries})
    assert not catalogue.is_pathway({"a": rate})
