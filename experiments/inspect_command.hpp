// `retzef inspect OUT.h5`: what a result file holds — its experiment, cases, replications,
// tables and their sizes — and, on request, the scenario a case ran. Reads only what
// docs/output.md documents, so it also checks that a file is a readable retzef file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "experiments/cli_context.hpp"

namespace retzef::experiments {

void add_inspect_command(CLI::App& app, std::function<void()>& action);

}  // namespace retzef::experiments
