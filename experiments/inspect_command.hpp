// `retzef inspect OUT.h5`: what a result file holds — its experiment, cases, replications,
// tables and their sizes — and, on request, the scenario a case ran. Reads only what
// docs/output.md documents, so it also checks that a file is a readable retzef file.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <string>

#include "experiments/cli_context.hpp"
#include "sim/output/hdf5/handle.hpp"

namespace retzef::experiments {

/// What `inspect` is asked for.
struct InspectOptions {
  std::string file;      ///< the result file, as messages name it
  std::string scenario;  ///< print this case's scenario
  bool indicators = false;
  std::string baseline;  ///< the case the others are compared with; default: the first
  bool json = false;
};

/// Prints what the open result file `file` holds, as `retzef inspect` does. Throws
/// std::runtime_error (h5::Error among them) or std::invalid_argument naming what is wrong when
/// it is not a readable retzef file. Separate from opening so that the fuzzing harness can
/// hand it a file held in memory.
void inspect_file(hid_t file, const InspectOptions& o);

void add_inspect_command(CLI::App& app, std::function<void()>& action);

/// The checks `inspect --indicators` prints for every case of a result file, on stderr: the
/// warm-up check's verdict (warmup_warning.hpp) and the budget checks (budget_check.hpp).
/// `batch` and `run -o` call it on the file they wrote; with `json` (their `--json` without
/// `--indicators`) it also prints each case's line with the warm-up check's verdict, as
/// `inspect --indicators --json` ends, for a script that reads no indicators but should know
/// whether the file's numbers include part of the start-up transient.
void log_result_checks(const std::filesystem::path& file, bool json);

/// What `inspect --indicators` prints for a result file (JSON lines with `json`), the checks
/// first: `batch --indicators` calls it on the file it wrote, so that the checks are printed
/// once, beside the numbers they qualify.
void print_result_indicators(const std::filesystem::path& file, bool json);

}  // namespace retzef::experiments
