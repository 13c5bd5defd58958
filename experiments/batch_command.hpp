// `retzef batch EXPERIMENT -o OUT.h5`: every replication of every case of an experiment, as
// TBB tasks on one machine and spread over MPI ranks under mpirun, each written to its own part
// file as it finishes and assembled into OUT.h5 at the end. Killed and started again with the
// same command, it redoes only the replications that had not finished.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "experiments/cli_context.hpp"
#include "experiments/experiment.hpp"

namespace retzef::experiments {

/// How to run a batch, whatever built the experiment.
struct BatchSettings {
  std::string output;
  int threads = 0;  ///< 0: every core
  /// Threads for each replication's regions, 0: as thread_split.hpp chooses.
  int region_threads = 0;
  int deflate = 1;
  bool keep_parts = false;
  bool json = false;
  bool overwrite = false;  ///< replace an existing file whatever it holds
  /// Once the file is written, print its indicators as `inspect --indicators` does (the checks
  /// with them, once); else only the checks.
  bool indicators = false;
  std::string shard;  ///< "K/N": run only the K-th of N shares, and do not assemble
};

/// Runs every replication of every case not yet done into `settings.output` (and assembles it,
/// unless a shard). Under MPI every rank calls it.
void run_batch(const Experiment& experiment, const BatchSettings& settings,
               const CliContext& context);

void add_batch_command(CLI::App& app, const CliContext& context, std::function<void()>& action);

}  // namespace retzef::experiments
