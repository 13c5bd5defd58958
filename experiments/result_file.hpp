// The file a batch leaves for its users (docs/output.md): provenance in /meta, name tables,
// one group per case with the scenario it ran, and every replication under /runs, copied from
// the part files that the replications wrote. It is assembled under a temporary name and
// renamed into place, so the output file either does not exist or is complete.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "experiments/experiment.hpp"

namespace retzef::experiments {

/// How the batch that completed the file ran: kept in /meta, never under /runs.
struct BatchProvenance {
  int threads = 1;
  int ranks = 1;
  double wall_seconds = 0;
};

/// A hash of every replication's key: the same experiment gives the same key.
std::string experiment_key(const std::vector<std::string>& part_keys);

/// True when `out` is a complete result file of the experiment with this key.
bool result_is_complete(const std::filesystem::path& out, const std::string& key);

/// Writes `out` from the part files, `parts[case][replication]`.
void assemble_result(const Experiment& experiment,
                     const std::vector<std::vector<std::filesystem::path>>& parts,
                     const std::string& key, const BatchProvenance& provenance,
                     const std::filesystem::path& out);

/// The name of replication `r`'s group: zero-padded to four digits (more when needed), so
/// that name order is replication order.
std::string replication_name(std::uint32_t r, std::uint32_t replications);

}  // namespace retzef::experiments
