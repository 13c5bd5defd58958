"""Reading, summarising and reporting the HDF5 files that `retzef batch` writes.

The package is the Python half of retzef: it knows the file layout of docs/output.md and nothing
of the simulator's internals. One concept per module:

- file: open and check a retzef file, list its cases and replications, load its tables;
- catalogue: what each indicator means to a planner (label, section, why), from the file's
  indicator catalogue (unit, level, group, payer, which direction is better);
- indicators: per-replication indicators, from the summary tables and derived from the others;
- intervals: means with Student-t intervals and paired differences between cases;
- plots: the report's figures;
- report: the HTML page and the CSV of indicators;
- cli: the `retzef-report` command.
"""

from retzef_analysis.file import RetzefFile, RetzefFileError

__all__ = ["RetzefFile", "RetzefFileError"]
