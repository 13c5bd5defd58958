// `retzef bench`: the kernel's benchmarks (M/M/1 and PHOLD), each one JSON line with its speed
// and the check values that show the kernel computed the right thing; the care model's speed as
// a ratio to M/M/1's (`model`, one line a round and one for the medians); and the output's chunk
// encoders measured on a trace file (`codec`, one JSON line per encoder).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "experiments/cli_context.hpp"

namespace retzef::experiments {

/// Registers the subcommands; parsing one of them sets `action` to the work it asks for.
void add_bench_command(CLI::App& app, const CliContext& context, std::function<void()>& action);

}  // namespace retzef::experiments
