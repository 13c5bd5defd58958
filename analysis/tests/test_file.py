"""Reading a retzef file: cases, replications, tables with names, optional tables."""

import json

import h5py
import pytest

import retzef_fixture as fx
from retzef_analysis import RetzefFile, RetzefFileError


def test_lists_cases_designs_sweeps_and_replications(fixture_file):
    with RetzefFile(fixture_file) as rf:
        assert rf.cases == [c for c, _, _ in fx.CASES]
        assert rf.designs == ["medical", "recovery"]
        assert [c.name for c in rf.sweep_points("recovery")] == list(rf.cases[1:])
        assert rf.sweep_points("medical") == []
        assert rf.case("recovery@review_days=180").sweep == {"policy.review_days": 180}
        assert rf.replications("medical") == [0, 1, 2]
        assert rf.meta["experiment_name"] == "fixture" and rf.meta["seed"] == 7
        case = rf.case("medical")
        assert case.levels == fx.LEVELS and case.payers == fx.PAYERS
        assert case.level_kind("inpatient") == "inpatient"
        assert case.warmup_days == fx.WARMUP and case.trace == "transitions"


def test_unknown_case_names_the_cases(fixture_file):
    with RetzefFile(fixture_file) as rf, pytest.raises(RetzefFileError, match="medical"):
        rf.case("nope")


def test_tables_carry_names_as_categoricals(fixture_file):
    with RetzefFile(fixture_file) as rf:
        flows = rf.table("medical", 1, "flows")
        assert str(flows["from_level"].dtype) == "category"
        assert list(flows["from_level"].cat.categories) == ["none", *fx.LEVELS]
        first = flows.iloc[0]
        assert (first["from_level"], first["to_level"], first["moves"]) == (
            "none", "emergency_room", 11)
        occ = rf.tables("medical", "occupancy")
        assert set(occ["region"]) == set(fx.REGIONS)
        assert sorted(occ["replication"].unique()) == [0, 1, 2]
        assert len(occ) == 3 * fx.DAYS * len(fx.REGIONS) * len(fx.LEVELS)
        codes = rf.table("medical", 0, "flows", names=False)
        assert codes["from_level"].iloc[0] == -1


def test_optional_tables(fixture_file):
    with RetzefFile(fixture_file) as rf:
        assert rf.has_table("medical", "events")
        assert not rf.has_table("recovery@review_days=60", "events")
        assert not rf.has_table("medical", "patients")
        events = rf.table("medical", 0, "events")
        assert list(events["kind"]) == ["move", "exit"]
        assert list(events["to_level"].astype(str)) == ["emergency_room", "none"]


def test_summary_is_one_row_per_replication(fixture_file):
    with RetzefFile(fixture_file) as rf:
        s = rf.summary()
        assert len(s) == 9
        medical = s[s["case"] == "medical"].set_index("replication")
        assert list(medical["bed_days_per_1000"]) == fx.KNOWN["bed_days_per_1000"]["medical"]
        assert rf.summary_fields("medical") == [n for n, _ in fx.indicator_names()]
        table = rf.indicator_table.set_index("name")
        assert list(rf.indicator_table.columns) == ["name", "unit", "meaning", "family", "level",
                                                    "group", "payer", "better"]
        assert table.loc["community_share", "unit"] == "share"
        assert table.loc["community_share", "better"] == "higher"
        assert tuple(table.loc["occupancy_clinic", ["family", "level", "group", "payer"]]) == (
            "occupancy", "clinic", "", "")


def test_a_code_the_name_table_lacks_is_an_error(fixture_file, tmp_path):
    path = tmp_path / "badcode.h5"
    path.write_bytes(fixture_file.read_bytes())
    with h5py.File(path, "r+") as f:
        del f["designs/medical/levels"]
        f["designs/medical"].create_dataset("levels", data=["emergency_room"],
                                            dtype=h5py.string_dtype())
    with RetzefFile(path) as rf, pytest.raises(RetzefFileError, match="does not name"):
        rf.table("medical", 0, "flows")


def test_codes_are_named_by_the_file_own_label_lists(fixture_file, tmp_path):
    # The names and the first code come from /meta's layout, not from the reader.
    path = tmp_path / "relabelled.h5"
    path.write_bytes(fixture_file.read_bytes())
    with h5py.File(path, "r+") as f:
        layout = json.loads(f["meta"].attrs["layout"])
        layout["label_lists"][0]["fixed"] = ["community"]
        f["meta"].attrs["layout"] = json.dumps(layout)
    with RetzefFile(path) as rf:
        assert rf.labels("medical", "levels").names == ("community", *fx.LEVELS)
        assert rf.labels("medical", "levels").first_code == -1
        flows = rf.table("medical", 1, "flows")
        assert list(flows["from_level"].cat.categories) == ["community", *fx.LEVELS]
        assert flows.iloc[0]["from_level"] == "community"


def test_a_file_without_a_layout_is_named_by_its_enumerations(fixture_file, tmp_path):
    path = tmp_path / "nolayout.h5"
    path.write_bytes(fixture_file.read_bytes())
    with h5py.File(path, "r+") as f:
        del f["meta"].attrs["layout"]
    with RetzefFile(path) as rf:
        assert rf.layout == {}
        flows = rf.table("medical", 1, "flows")
        assert list(flows["from_level"].cat.categories) == ["none", *fx.LEVELS]
        events = rf.table("medical", 0, "events")
        assert list(events["kind"]) == ["move", "exit"]
        assert rf.labels("medical", "levels").names == ("none", *fx.LEVELS)


def test_a_layout_that_is_not_json_is_an_error(fixture_file, tmp_path):
    path = tmp_path / "badlayout.h5"
    path.write_bytes(fixture_file.read_bytes())
    with h5py.File(path, "r+") as f:
        f["meta"].attrs["layout"] = "{not json"
    with pytest.raises(RetzefFileError, match="layout is not JSON"):
        RetzefFile(path)
