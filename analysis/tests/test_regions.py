"""The report's regions side by side: a run of two regions, one without a ward that refers its
admissions to the other, shows each region's population and how full each level is; and the one
read of each occupancy table that the regions, the plots and the warm-up check share."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
from conftest import page_section, report_page, run_report
from retzef_analysis import aggregates, occupancy_pass, warmup
from retzef_analysis.file import RetzefFile
from test_batch import retzef_binary

TWO_REGIONS = """
[scenario]
base = "medical"
name = "two_towns"
horizon_days = 500
warmup_days = 200
seed = 3

[[regions]]
name = "hill_town"
population = 30000
capacity = { inpatient = 12, clinic = 200, rehabilitation = 90 }
initial_occupancy = { rehabilitation = 86 }

[[regions]]
name = "valley"
population = 20000
capacity = { clinic = 130, rehabilitation = 60 }
initial_occupancy = { rehabilitation = 57 }

[[referrals]]
from = "valley"
to = "hill_town"
levels = ["inpatient"]
"""


def test_two_regions_side_by_side(tmp_path):
    scenario = tmp_path / "two_towns.toml"
    scenario.write_text(TWO_REGIONS)
    path = tmp_path / "two.h5"
    subprocess.run([str(retzef_binary()), "--quiet", "run", str(scenario), "-r", "2", "-t", "2",
                    "-o", str(path)], check=True, capture_output=True, timeout=300)
    page = report_page(path, tmp_path / "report")
    assert '<a href="#regions">By region</a>' in page
    section = page_section(page, "regions")
    rows = section.split("<tr>")[2:]
    assert [r.split("</td>")[0] for r in rows] == ["<td>Hill town", "<td>Valley"]
    assert "<td>30,000</td>" in rows[0] and "<td>20,000</td>" in rows[1]
    # The valley has no ward: its admissions are the hill town's.
    assert '<td class="na">none</td>' in rows[1]
    assert " of 12</span>" in rows[0]


def test_one_region_has_no_regions_section(tmp_path):
    path = tmp_path / "one.h5"
    scenario = tmp_path / "one.toml"
    scenario.write_text(TWO_REGIONS.split("[[regions]]")[0] + "[[regions]]"
                        + TWO_REGIONS.split("[[regions]]")[1])
    subprocess.run([str(retzef_binary()), "--quiet", "run", str(scenario), "-r", "2", "-t", "2",
                    "-o", str(path)], check=True, capture_output=True, timeout=300)
    run_report(path, "-o", tmp_path / "report", check=True)
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert 'id="regions"' not in page


def test_one_replication_of_several_regions_runs_them_side_by_side(tmp_path):
    """`retzef run -r 1 -t 2` of a scenario with two regions runs its regions on both threads
    (the threaded scheduler): the same indicators, to the last digit, as on one."""
    import json
    scenario = tmp_path / "two_towns.toml"
    scenario.write_text(TWO_REGIONS)

    def lines(threads: int) -> list[dict]:
        out = subprocess.run([str(retzef_binary()), "--quiet", "run", str(scenario), "-r", "1",
                              "-t", str(threads), "--json"], check=True, capture_output=True,
                             text=True, timeout=300).stdout
        rows = [json.loads(line) for line in out.splitlines()]
        for row in rows:  # how long it took is not a result
            row.pop("seconds", None)
            row.pop("events_per_second", None)
        return rows

    one, two = lines(1), lines(2)
    assert len(one) > 50 and one == two


def test_staffed_places_are_read_beside_the_capacity(tmp_path):
    """A region short of staff: the occupancy table's staffed places fall below the funded ones
    (the report draws them beside the capacity); a fully staffed one runs all its places."""
    from retzef_analysis import aggregates
    from retzef_analysis.file import RetzefFile
    scenario = tmp_path / "short.toml"
    scenario.write_text(TWO_REGIONS.replace('name = "valley"\n',
                                            'name = "valley"\nvacancy = 0.4\nfill_days = 20\n'))
    path = tmp_path / "short.h5"
    subprocess.run([str(retzef_binary()), "--quiet", "run", str(scenario), "-r", "2", "-t", "2",
                    "-o", str(path)], check=True, capture_output=True, timeout=300)
    with RetzefFile(path) as rf:
        case = rf.cases[0]
        raw = rf.table(case, rf.case(case).replications[0], "occupancy")
        clinic = raw[raw["level"].astype(str) == "clinic"]
        hill = clinic[clinic["region"].astype(str) == "hill_town"]
        valley = clinic[clinic["region"].astype(str) == "valley"]
        assert (hill["staffed"] == hill["capacity"]).all()
        assert (valley["staffed"] <= valley["capacity"]).all()
        assert (valley["staffed"] < valley["capacity"]).any()
        summed = aggregates.occupancy(rf, case)
        assert (summed["staffed"] <= summed["capacity"]).all()
        assert (summed["staffed"] < summed["capacity"]).any()


def test_one_read_of_each_occupancy_table_gives_what_three_reads_gave(tmp_path):
    """The report reads each replication's occupancy table once (occupancy_pass) where it read
    it three times: the summed frame, the regions' means and the warm-up series are the same."""
    scenario = tmp_path / "two_towns.toml"
    scenario.write_text(TWO_REGIONS)
    path = tmp_path / "two.h5"
    subprocess.run([str(retzef_binary()), "--quiet", "run", str(scenario), "-r", "3", "-t", "2",
                    "-o", str(path)], check=True, capture_output=True, timeout=300)
    with RetzefFile(str(path)) as rf:
        case = rf.cases[0]
        reads = []
        table = rf.table

        def counted(c, rep, name, names=True):
            reads.append((c, rep, name))
            return table(c, rep, name, names=names)

        rf.table = counted
        once = occupancy_pass.read(rf, case, by_region=True, series=True)
        assert sorted(reads) == sorted((case, r, "occupancy")
                                       for r in rf.case(case).replications)
        pd.testing.assert_frame_equal(once.summed, aggregates.occupancy(rf, case),
                                      check_exact=True)
        pd.testing.assert_frame_equal(once.by_region, aggregates.by_region(rf, case),
                                      check_exact=True)
        assert set(once.by_region["region"]) == {"hill_town", "valley"}
        series, first = warmup._read_series(rf, case)
        assert once.series[1] == first
        assert list(once.series[0]) == list(series)
        for key, per_rep in series.items():
            assert len(per_rep) == 3
            for a, b in zip(once.series[0][key], per_rep):
                assert np.array_equal(a, b)
        assert len(reads) == 4 * 3  # the pass's three, then three for each function above
        # What is not asked for is not made.
        bare = occupancy_pass.read(rf, case, by_region=False, series=False)
        assert bare.by_region is None and bare.series is None
        pd.testing.assert_frame_equal(bare.summed, once.summed, check_exact=True)
