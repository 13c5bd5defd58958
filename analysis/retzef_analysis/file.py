"""Open and check a retzef output file, list what it holds and load its tables.

A retzef file (docs/output.md, format version 1) holds, for every *case* (a design at one point
of its sweep), one group per *replication* with the tables `summary`, `flows` and `occupancy`,
and optionally `patients` and `events`. `RetzefFile` checks the layout once when it opens the
file, so that a wrong or incomplete file gets one clear message naming the file and what is
missing, and afterwards gives the tables as pandas DataFrames whose enumeration columns
(levels, regions, groups, ...) are categoricals carrying the names.

Which columns are enumerations, and which names their codes stand for, is what the file says:
the layout in /meta's attribute `layout` (JSON) names each column's label list — for levels,
"none" then the case's level names, from code -1 — and the name table that completes it. A file
without one (written by hand, or by an earlier release) is decoded by the HDF5 enumeration
types its columns carry.

Every problem reading the file becomes a `RetzefFileError`, whose text is the message to show.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import warnings

import h5py
import numpy as np
import pandas as pd

from retzef_analysis import checksum

FORMAT_VERSION = 1
REQUIRED_TABLES = ("summary", "flows", "occupancy")
OPTIONAL_TABLES = ("daily", "patients", "events")
TABLES = REQUIRED_TABLES + OPTIONAL_TABLES

# The /designs/<case> name tables. levels and regions index the columns of the tables every file
# has, so they are required; the rest only name columns of the optional tables.
REQUIRED_NAME_TABLES = ("levels", "regions")
NAME_TABLES = ("levels", "level_kinds", "level_payers", "regions", "groups", "payers",
               "age_bands", "entry_points")

# The name of the level category "no care" (in the community, untreated, or outside the system),
# as the files' level label list gives it; the figures and indicators single it out.
NO_LEVEL = "none"
# /names/indicators, the indicator catalogue: one row per summary field (docs/output.md).
INDICATOR_COLUMNS = ("name", "unit", "meaning", "family", "level", "group", "payer", "better")


@dataclasses.dataclass(frozen=True)
class Labels:
    """The names an enumerated column's codes stand for: code first_code + i is names[i]."""

    names: tuple[str, ...]
    first_code: int = 0

    def categorical(self, codes: np.ndarray) -> pd.Categorical | None:
        """The codes as a categorical of names; None when a code has no name."""
        index = codes.astype(np.int64) - self.first_code
        if ((index < 0) | (index >= len(self.names))).any():
            return None
        return pd.Categorical.from_codes(index, categories=list(self.names))


class RetzefFileWarning(UserWarning):
    """Something worth telling about a file that is read anyway (one without a checksum)."""


class RetzefFileError(Exception):
    """A file that cannot be read as a retzef output file; str() is the message to show."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def text(value) -> str:
    """An HDF5 string as str: h5py gives bytes inside compound fields and some attributes."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.ndarray) and value.shape == ():
        return text(value[()])
    return str(value)


def texts(values) -> tuple[str, ...]:
    """An HDF5 string array (dataset or attribute) as a tuple of str."""
    if isinstance(values, (str, bytes)):
        return (text(values),)
    return tuple(text(v) for v in np.asarray(values).ravel())


@dataclasses.dataclass(frozen=True)
class Case:
    """One case: a design at one point of its sweep, with its name tables and settings."""

    name: str
    design: str
    sweep: dict  # {"key.path": value}; empty when the design is not swept
    scenario: str  # the scenario the case ran, as TOML
    policy: str
    horizon_days: float
    warmup_days: float
    population: float
    trace: str
    replications: tuple[str, ...]  # the replication group names, "0000", "0001", ...
    # The first day after the warm-up at which a surge or arrival schedule changes demand; NaN
    # when demand stays constant (and in files written before the attribute).
    demand_change_day: float = math.nan
    levels: tuple[str, ...] = ()
    level_kinds: tuple[str, ...] = ()
    level_payers: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    payers: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    entry_points: tuple[str, ...] = ()

    @property
    def swept(self) -> bool:
        return bool(self.sweep)

    def level_kind(self, level: str) -> str:
        """The kind of a level (inpatient, emergency, clinic, ...), "" if unknown."""
        if level in self.levels and len(self.level_kinds) == len(self.levels):
            return self.level_kinds[self.levels.index(level)]
        return ""


class RetzefFile:
    """An open, checked retzef output file. Use as a context manager, or call close()."""

    def __init__(self, path: str):
        self.path = os.fspath(path)
        self._h5 = _open_hdf5(self.path)
        try:
            self._check_layout()
            self.meta = self._read_meta()
            self.layout = self._read_layout()
            self.indicator_table = self._read_indicator_table()
            self.event_kinds = self._optional_names("names/event_kinds")
            self._cases = {name: self._read_case(name) for name in self.meta["cases"]}
        except BaseException:
            self._h5.close()
            raise

    def __enter__(self) -> RetzefFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._h5.close()

    # --- What the file holds ---------------------------------------------------------------

    @property
    def cases(self) -> list[str]:
        """Every case, in experiment order (designs in file order, then sweep points)."""
        return list(self._cases)

    def case(self, name: str) -> Case:
        try:
            return self._cases[name]
        except KeyError:
            raise RetzefFileError(self.path, f"no case {name!r}; the cases are "
                                  + ", ".join(self._cases)) from None

    @property
    def designs(self) -> list[str]:
        """The designs, in the order their first case appears."""
        return list(dict.fromkeys(c.design for c in self._cases.values()))

    def sweep_points(self, design: str) -> list[Case]:
        """The swept cases of a design (empty if the design is not swept)."""
        return [c for c in self._cases.values() if c.design == design and c.swept]

    def replications(self, case: str) -> list[int]:
        """The replication numbers of a case (the pairing key between cases)."""
        return [self._replication_number(case, r) for r in self.case(case).replications]

    def has_table(self, case: str, table: str) -> bool:
        """Whether every replication of the case has the table (patients, events are optional)."""
        reps = self.case(case).replications
        with self._reading(f"/runs/{case}"):
            return bool(reps) and all(table in self._h5[f"runs/{case}/{r}"] for r in reps)

    def summary_fields(self, case: str) -> list[str]:
        """The indicators a case's summary tables hold, in order."""
        reps = self.case(case).replications
        where = f"/runs/{case}/{reps[0]}/summary"
        with self._reading(where):
            return list(self._h5[where].dtype.names or ())

    # --- Tables -------------------------------------------------------------------------------

    def table(self, case: str, replication: str | int, table: str,
              names: bool = True) -> pd.DataFrame:
        """One table of one replication; with `names`, enumeration codes become categoricals."""
        rep = replication if isinstance(replication, str) else f"{replication:04d}"
        where = f"/runs/{case}/{rep}/{table}"
        with self._reading(where):
            ds = self._h5[where]
            frame = pd.DataFrame(ds[:])
            enum_maps = {c: h5py.check_enum_dtype(ds.dtype[c]) for c in frame.columns}
        for column in frame.columns:
            if frame[column].dtype == object:  # variable-length strings come as bytes
                frame[column] = frame[column].map(text)
        if names:
            lists = self._label_lists(table)
            for column in frame.columns:
                if column in lists or (not self.layout and enum_maps[column]):
                    frame[column] = self._named(case, column, frame[column].to_numpy(),
                                                lists.get(column), enum_maps[column], where)
        return frame

    def labels(self, case: str, label_list: str) -> Labels:
        """A label list of the file's layout (levels, regions, groups, ...) for one case.

        Without a layout in the file, the levels are "none" from code -1, then the case's levels,
        as format version 1 has always written them; the other lists are their name tables.
        """
        if self.layout:
            lists = {entry["name"]: entry for entry in self.layout.get("label_lists", ())}
            if label_list not in lists:
                raise RetzefFileError(self.path, f"the layout in /meta has no label list "
                                      f"{label_list!r}")
            entry = lists[label_list]
            names = self._names_at(entry["table"].replace("<case>", case))
            return Labels(tuple(entry.get("fixed", ())) + names, int(entry.get("first_code", 0)))
        if label_list == "event_kinds":
            return Labels(self.event_kinds)
        names = getattr(self.case(case), label_list)
        return Labels((NO_LEVEL,) + names, -1) if label_list == "levels" else Labels(names)

    def tables(self, case: str, table: str, names: bool = True) -> pd.DataFrame:
        """One table over every replication of a case, with a `replication` column."""
        frames = []
        for rep in self.case(case).replications:
            frame = self.table(case, rep, table, names=names)
            frame.insert(0, "replication", self._replication_number(case, rep))
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    def summary(self) -> pd.DataFrame:
        """Every replication's summary row: columns case, design, replication, then indicators.

        Cases can have different indicators (another level set, other groups); an indicator a
        case lacks is NaN there.
        """
        rows = []
        for name, case in self._cases.items():
            for rep in case.replications:
                where = f"/runs/{name}/{rep}/summary"
                with self._reading(where):
                    data = self._h5[where][:]
                if data.shape != (1,):
                    raise RetzefFileError(self.path, f"{where}: expected one row, found "
                                          f"{data.shape[0] if data.ndim else 0}")
                row = {"case": name, "design": case.design,
                       "replication": self._replication_number(name, rep)}
                row.update({f: float(data[f][0]) for f in data.dtype.names})
                rows.append(row)
        frame = pd.DataFrame(rows)
        for column in ("case", "design"):
            frame[column] = pd.Categorical(frame[column], categories=list(
                dict.fromkeys(frame[column])))
        return frame

    # --- Reading helpers --------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self, what: str):
        """Turns any failure reading `what` into one message naming the file and the object."""
        try:
            yield
        except RetzefFileError:
            raise
        except (OSError, KeyError, ValueError, TypeError, RuntimeError) as e:
            raise RetzefFileError(self.path, f"cannot read {what} (truncated or damaged file?): "
                                  f"{e}") from None

    def _attr(self, where: str, name: str, default=None, required: bool = False):
        with self._reading(f"{where} attribute {name}"):
            attrs = self._h5[where].attrs
            if name not in attrs:
                if required:
                    raise RetzefFileError(self.path, f"{where} has no attribute {name!r}")
                return default
            return attrs[name]

    def _read_layout(self) -> dict:
        """The file's own description of its layout (/meta attribute `layout`); {} if none."""
        raw = self._attr("meta", "layout")
        if raw is None:
            return {}
        try:
            layout = json.loads(text(raw))
        except json.JSONDecodeError as e:
            raise RetzefFileError(self.path, f"/meta attribute layout is not JSON: {e}") from None
        if not isinstance(layout, dict) or not isinstance(layout.get("datasets"), list):
            raise RetzefFileError(self.path, "/meta attribute layout lists no datasets")
        return layout

    def _label_lists(self, table: str) -> dict[str, str]:
        """Column -> label list of a /runs table, as the layout says; {} without a layout."""
        where = f"/runs/<case>/<rep>/{table}"
        for dataset in self.layout.get("datasets", ()):
            if dataset.get("path") == where:
                return {f["name"]: f["labels"] for f in dataset.get("fields", ()) if "labels" in f}
        return {}

    def _names_at(self, where: str) -> tuple[str, ...]:
        """A name table by its path: a case's (cached when read) or one of /names."""
        parts = where.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "designs" and parts[1] in self._cases \
                and parts[2] in NAME_TABLES:
            return getattr(self._cases[parts[1]], parts[2])
        if where == "/names/event_kinds":
            return self.event_kinds
        return self._optional_names(where.lstrip("/"))

    def _optional_names(self, where: str) -> tuple[str, ...]:
        with self._reading(where):
            if where not in self._h5:
                return ()
            ds = self._h5[where]
            return tuple(text(v) for v in ds[:])

    def _check_layout(self) -> None:
        """Checks that every object the analysis needs is present, listing what is missing."""
        h5 = self._h5
        with self._reading("/meta"):
            if "meta" not in h5 or "format_version" not in h5["meta"].attrs:
                raise RetzefFileError(
                    self.path, "not a retzef output file: no /meta attribute format_version "
                    "(expected a file written by `retzef batch`)")
            version = h5["meta"].attrs["format_version"]
        try:
            version = int(version)
        except (TypeError, ValueError):
            version = None
        if version != FORMAT_VERSION:
            raise RetzefFileError(self.path, f"unsupported format_version {version!r}; this "
                                  f"reader knows version {FORMAT_VERSION}")
        missing = []
        with self._reading("/meta attribute cases"):
            if "cases" not in h5["meta"].attrs:
                missing.append("/meta attribute cases")
                cases = ()
            else:
                cases = texts(h5["meta"].attrs["cases"])
        if not cases and not missing:
            raise RetzefFileError(self.path, "the file lists no cases (/meta attribute cases)")
        with self._reading("the file's groups"):
            if "names/indicators" not in h5:
                missing.append("/names/indicators")
            for case in cases:
                design = f"designs/{case}"
                if design not in h5:
                    missing.append(f"/{design}")
                else:
                    missing += [f"/{design}/{t}" for t in REQUIRED_NAME_TABLES
                                if t not in h5[design]]
                runs = f"runs/{case}"
                if runs not in h5:
                    missing.append(f"/{runs}")
                    continue
                reps = [r for r in h5[runs] if isinstance(h5[runs].get(r), h5py.Group)]
                if not reps:
                    missing.append(f"/{runs}/0000 (no replication)")
                for rep in sorted(reps):
                    missing += [f"/{runs}/{rep}/{t}" for t in REQUIRED_TABLES
                                if t not in h5[f"{runs}/{rep}"]]
        if missing:
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise RetzefFileError(self.path, "incomplete retzef file: missing "
                                  + ", ".join(missing[:5]) + more)

    def _read_meta(self) -> dict:
        meta = {}
        with self._reading("/meta attributes"):
            for key, value in self._h5["meta"].attrs.items():
                if key == "cases":
                    meta[key] = list(texts(value))
                elif isinstance(value, (bytes, str)):
                    meta[key] = text(value)
                elif isinstance(value, np.ndarray) and value.shape != ():
                    meta[key] = value.tolist()
                else:
                    meta[key] = value.item() if hasattr(value, "item") else value
        return meta

    def _read_indicator_table(self) -> pd.DataFrame:
        where = "/names/indicators"
        with self._reading(where):
            data = self._h5[where][:]
        fields = data.dtype.names or ()
        missing = [c for c in INDICATOR_COLUMNS if c not in fields]
        if missing:
            # Written before indicators were described by data: the report would have to guess
            # levels, payers and directions from the names, which it no longer does.
            raise RetzefFileError(self.path, f"{where} lacks the column(s) {', '.join(missing)}: "
                                  "the file was written by an older retzef; run the "
                                  "experiment again with this one")
        return pd.DataFrame({c: [text(v) for v in data[c]] for c in INDICATOR_COLUMNS})

    def _read_case(self, name: str) -> Case:
        design = f"designs/{name}"
        sweep_text = text(self._attr(design, "sweep", "{}"))
        try:
            sweep = json.loads(sweep_text) if sweep_text.strip() else {}
        except json.JSONDecodeError as e:
            raise RetzefFileError(self.path, f"/{design} attribute sweep is not JSON: {e}") \
                from None
        if not isinstance(sweep, dict):
            raise RetzefFileError(self.path, f"/{design} attribute sweep is not a JSON object")
        names = {t: self._optional_names(f"{design}/{t}") for t in NAME_TABLES}
        with self._reading(f"/runs/{name}"):
            runs = self._h5[f"runs/{name}"]
            reps = tuple(sorted(r for r in runs if isinstance(runs.get(r), h5py.Group)))
        return Case(
            name=name,
            design=text(self._attr(design, "design", name)),
            sweep=sweep,
            scenario=text(self._attr(design, "scenario", "")),
            policy=text(self._attr(design, "policy", "")),
            horizon_days=float(self._attr(design, "horizon_days", np.nan)),
            warmup_days=float(self._attr(design, "warmup_days", np.nan)),
            population=float(self._attr(design, "population", np.nan)),
            demand_change_day=float(self._attr(design, "demand_change_day", np.nan)),
            trace=text(self._attr(f"runs/{name}", "trace", "")),
            replications=reps,
            **names,
        )

    def _replication_number(self, case: str, rep: str) -> int:
        number = self._attr(f"runs/{case}/{rep}", "replication")
        if number is not None:
            return int(number)
        try:
            return int(rep)
        except ValueError:
            raise RetzefFileError(self.path, f"/runs/{case}/{rep}: not a replication number") \
                from None

    def _named(self, case: str, column: str, codes: np.ndarray, label_list: str | None,
               enum_map: dict | None, where: str) -> pd.Categorical:
        """Codes of an enumerated column as a categorical of names.

        The label list the layout gives the column is the reference (docs/output.md); where the
        file has no layout, or the list's name table is absent, the names the column's HDF5
        enumeration carries are used.
        """
        labels = self.labels(case, label_list) if label_list else None
        if enum_map and (labels is None or len(labels.names) == self._fixed_count(label_list)):
            by_code = {int(v): k for k, v in enum_map.items()}
            first = min(by_code, default=0)
            labels = Labels(tuple(by_code.get(i, f"code {i}")
                                  for i in range(first, max(by_code, default=-1) + 1)), first)
        named = labels.categorical(codes) if labels is not None else None
        if named is None:
            first = labels.first_code if labels is not None else 0
            count = len(labels.names) if labels is not None else 0
            index = codes.astype(np.int64) - first
            bad = codes[(index < 0) | (index >= count)]
            source = f"the label list {label_list!r}" if label_list else "its enumeration"
            raise RetzefFileError(self.path, f"{where}: column {column} holds code "
                                  f"{int(bad[0])}, which {source} does not name")
        return named

    def _fixed_count(self, label_list: str | None) -> int:
        """How many names a label list of the layout has before its name table (levels: 1)."""
        for entry in self.layout.get("label_lists", ()):
            if entry.get("name") == label_list:
                return len(entry.get("fixed", ()))
        return 0


def _open_hdf5(path: str) -> h5py.File:
    """Opens an HDF5 file read-only, with one clear message for each way that can fail."""
    if not os.path.exists(path):
        raise RetzefFileError(path, "no such file")
    if os.path.isdir(path):
        raise RetzefFileError(path, "is a directory, not an HDF5 file")
    if not os.path.isfile(path):
        raise RetzefFileError(path, "not a regular file, expected a retzef result file")
    # Before h5py reads a byte: a damaged object header crashes libhdf5 itself.
    try:
        if not checksum.verify(path):
            warnings.warn(RetzefFileWarning(f"{path}: no checksum (written before retzef kept "
                                            "one); its integrity is not checked"))
    except checksum.ChecksumError as e:
        raise RetzefFileError(path, str(e)) from None
    except OSError as e:
        raise RetzefFileError(path, f"cannot read: {e.strerror or e}") from None
    try:
        is_hdf5 = h5py.is_hdf5(path)
    except OSError as e:
        raise RetzefFileError(path, f"cannot read: {e.strerror or e}") from None
    if not is_hdf5:
        raise RetzefFileError(path, "not an HDF5 file (expected the output of `retzef batch`)")
    try:
        return h5py.File(path, "r")
    except OSError as e:
        reason = str(e)
        if "truncated" in reason:
            raise RetzefFileError(path, "truncated HDF5 file (was the batch interrupted, or the "
                                  f"copy incomplete?): {reason}") from None
        raise RetzefFileError(path, f"cannot open as HDF5 (damaged file?): {reason}") from None
