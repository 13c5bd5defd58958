// `retzef batch EXPERIMENT -o OUT.h5`: every replication of every case of an experiment, as
// TBB tasks on one machine and spread over MPI ranks under mpirun, each written to its own part
// file as it finishes and assembled into OUT.h5 at the end. Killed and started again with the
// same command, it redoes only the replications that had not finished.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "experiments/cli_context.hpp"

namespace retzef::experiments {

void add_batch_command(CLI::App& app, const CliContext& context, std::function<void()>& action);

}  // namespace retzef::experiments
