// `retzef run SCENARIO...`: runs one or more designs (scenario files, or the names of built-in
// scenarios) for a number of replications and prints every indicator with its 95% interval
// over replications; with several designs, each design's paired difference from the first
// (replication k of every design uses the same random keys, so pairs share their people).
// `retzef scenarios` lists the built-in scenarios and prints one.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "experiments/cli_context.hpp"

namespace retzef::experiments {

void add_run_command(CLI::App& app, const CliContext& context, std::function<void()>& action);
void add_scenarios_command(CLI::App& app, std::function<void()>& action);

}  // namespace retzef::experiments
