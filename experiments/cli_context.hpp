// What every subcommand of `retzef` shares: the options common to all of them and whether
// the process is one rank of an MPI job.
#pragma once

#include "sim/engine/mpi_comm.hpp"

namespace retzef::experiments {

struct CliContext {
  bool quiet = false;
  bool verbose = false;
  bool progress = true;  ///< a progress bar when stderr is a terminal
  const sim::MpiSession* mpi = nullptr;
};

}  // namespace retzef::experiments
