// `retzef bench`: the kernel's benchmarks (M/M/1 and PHOLD). Each prints one JSON line with
// its speed and the check values that show the kernel computed the right thing.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "experiments/cli_context.hpp"

namespace retzef::experiments {

/// Registers the subcommands; parsing one of them sets `action` to the work it asks for.
void add_bench_command(CLI::App& app, const CliContext& context, std::function<void()>& action);

}  // namespace retzef::experiments
