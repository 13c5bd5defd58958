"""The report's families section: a short run of the families experiment (placement first
against the home intervention offered first) shows the families' indicators, the placement-days
avoided per family the programme takes on, and a verdict on the families' key indicators
instead of the wards' (there are none)."""

from __future__ import annotations

import re
import subprocess

from conftest import page_section, report_page
from test_batch import retzef_binary

EXPERIMENT = """
[experiment]
name = "families_short"
base = "families"
replications = 3
seed = 5

[overrides]
"scenario.horizon_days" = 900
"scenario.warmup_days" = 300
"regions.programme_area.population" = 200000
"regions.programme_area.initial_occupancy" = { placement = 140 }

[designs.placement_first]
overrides = { "regions.programme_area.capacity" = { family_intervention = 0, placement = 200 } }

[designs.home_intervention_first]
overrides = { "regions.programme_area.capacity" = { family_intervention = 20, placement = 200 } }
"""


def test_families_section_and_verdict(tmp_path):
    experiment = tmp_path / "families_short.toml"
    experiment.write_text(EXPERIMENT)
    path = tmp_path / "families.h5"
    subprocess.run([str(retzef_binary()), "--quiet", "batch", str(experiment), "-t", "2",
                    "-o", str(path)], check=True, capture_output=True, timeout=300)
    page = report_page(path, tmp_path / "report")
    assert '<a href="#families">Families</a>' in page
    section = page_section(page, "families")
    for label in ("Children placed out of home a year", "placed out of home, per family",
                  "Families starting a home intervention a year", "Cost per family paid by "
                  "Ministry of welfare"):
        assert label in section
    avoided = re.search(r"<b>(-?[\d,]+)</b> placement-days avoided per family", section)
    assert avoided is not None
    # The programme keeps some children at home: it avoids placement-days, not adds them.
    assert int(avoided.group(1).replace(",", "")) > 0
    verdict = page[page.index('id="verdict-text"'):page.index('id="key-table"')]
    assert "children placed" in verdict and "bed-days" not in verdict
    # No ward: the wards' readmissions are not in the group's table.
    groups = page_section(page, "groups")
    assert "readmitted within 30 days" not in groups
    # Nor the note about people with SMI, who are not among its groups.
    assert "severe mental illness" not in groups


def test_a_run_file_is_titled_by_its_designs(tmp_path):
    """`retzef run -o` records the experiment as "run": the report is titled by its designs."""
    scenario = tmp_path / "families_short.toml"
    subprocess.run([str(retzef_binary()), "scenarios", "families"], check=True,
                   stdout=scenario.open("w"), timeout=60)
    path = tmp_path / "run.h5"
    subprocess.run([str(retzef_binary()), "--quiet", "run", "families", str(scenario), "-r", "2",
                    "-t", "2", "-o", str(path)], check=True, capture_output=True, timeout=300)
    page = report_page(path, tmp_path / "report")
    # (Two designs of one name: the second is told apart by a number.)
    assert "<h1>retzef report: families vs families_1</h1>" in page, page[:300]
