// `retzef inspect OUT.h5`: what a result file holds — its experiment, cases, replications,
// tables and their sizes — and, on request, the scenario a case ran. Reads only what
// docs/output.md documents, so it also checks that a file is a readable retzef file.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>

#include "experiments/cli_context.hpp"

namespace retzef::experiments {

void add_inspect_command(CLI::App& app, std::function<void()>& action);

/// The warm-up check of every case of a result file: a warning line on stderr for each case
/// whose warm-up is shorter than the MSER-5 truncation point in some replication
/// (warmup_warning.hpp). `batch` and `run -o` call it on the file they wrote.
void warn_short_warmups(const std::filesystem::path& file);

}  // namespace retzef::experiments
