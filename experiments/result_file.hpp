// The file a batch leaves for its users (docs/output.md): provenance in /meta, name tables,
// one group per case with the scenario it ran, and every replication under /runs, copied from
// the part files that the replications wrote. It is assembled under a temporary name, while the
// replications run, and renamed into place, so the output file either does not exist or is
// complete.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/experiment.hpp"
#include "sim/output/hdf5/handle.hpp"

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

/// The experiment file `/meta` names for the designs of a `retzef run -o` (the report reads it).
inline constexpr std::string_view kRunExperimentFile = "(retzef run)";

/// Whose results an existing file holds: what `/meta` says of the experiment that wrote it.
struct ResultOwner {
  std::string experiment;  ///< its name
  std::string file;        ///< its file, as given; kRunExperimentFile for `retzef run -o`
  std::string created;     ///< when it was written (UTC, ISO 8601)
};

/// The experiment whose results `file` holds, or nothing when it is not a retzef result file
/// that can be read (damaged files included, checked before HDF5 reads them).
std::optional<ResultOwner> result_owner(const std::filesystem::path& file);

/// The result file while it is put together, as `out`.tmp: the name tables and one group per
/// case first, then each replication copied from its part file, in any order and possibly
/// while other replications still run, then /meta; `complete` flushes it to the disk and
/// renames it to `out`. Until then `out` is untouched, and an assembly destroyed unfinished
/// removes its temporary file. Not thread-safe: one thread adds.
class ResultAssembly {
 public:
  ResultAssembly(const Experiment& experiment, std::filesystem::path out);
  ~ResultAssembly();
  ResultAssembly(const ResultAssembly&) = delete;
  ResultAssembly& operator=(const ResultAssembly&) = delete;

  /// Copies replication `replication` of case `case_index` from the part file `part`, unless
  /// it is in already.
  void add(std::size_t case_index, std::uint32_t replication, const std::filesystem::path& part);
  bool has(std::size_t case_index, std::uint32_t replication) const;
  /// Writes /meta and makes the file `out`; every replication must have been added.
  void complete(const std::string& key, const BatchProvenance& provenance);

 private:
  void discard();

  const Experiment& ex_;
  std::filesystem::path out_;
  std::filesystem::path tmp_;
  sim::h5::Id file_;
  std::vector<sim::h5::Id> cases_;  ///< /runs/<case>, by case index
  std::vector<std::vector<bool>> added_;
  bool completed_ = false;
};

/// Refuses a damaged result file before HDF5 reads it, since libhdf5 can crash on one (throws
/// sim::h5::Error naming the file and the damage); warns about a file without a checksum, as
/// written before retzef kept one (docs/output.md).
void check_result_file(const std::filesystem::path& file);

/// The name of replication `r`'s group: zero-padded to four digits (more when needed), so
/// that name order is replication order.
std::string replication_name(std::uint32_t r, std::uint32_t replications);

/// The groups /runs/<case>/<replication> of the result file `file` for each of `cases` (every
/// case of its /meta when empty). Throws std::runtime_error naming a file that is not one, or
/// a case or replication it lacks.
std::vector<std::string> replication_groups(const std::filesystem::path& file,
                                            std::vector<std::string> cases,
                                            std::uint32_t replication);

}  // namespace retzef::experiments
