// One replication of one case, run and written to its own HDF5 file: the unit of work of a
// batch, and the unit that survives a crash. The file is written under a temporary name and
// renamed into place only once complete and closed, so a part file that exists is whole; it
// records a key (a hash of everything that determines its content) so that a batch started
// again can tell a finished replication of this experiment from a stale one. Layout: the group
// /run holds what becomes /runs/<case>/<rep> in the assembled file (docs/output.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "experiments/experiment.hpp"
#include "models/care_model.hpp"
#include "sim/output/hdf5/table_writer.hpp"

namespace retzef::experiments {

/// The key a part of case `c`, replication `replication` carries: a hash of the file format,
/// the case's name and full scenario text, the seed and the replication number.
std::string part_key(const Case& c, std::uint64_t seed, std::uint32_t replication);

/// True when `path` is a complete part file carrying `key`.
bool part_is_complete(const std::filesystem::path& path, const std::string& key);

struct PartResult {
  std::uint64_t events = 0;
  double seconds = 0;
};

class PartFinisher;

/// Runs replication `replication` of `model` (built from `c`) and writes `path` atomically:
/// `path`.tmp, then finish_part, here or, given a `finisher`, on its thread. On any failure the
/// temporary file is removed and the error rethrown; nothing is left at `path`. With
/// `region_threads` above one, a model of several regions runs them side by side on that many
/// threads; the part is the same, to the bit, either way.
PartResult write_part(const Case& c, const models::CareModel& model, std::uint64_t seed,
                      std::uint32_t replication, const std::string& key,
                      const std::filesystem::path& path, const sim::h5::Compression& compression,
                      PartFinisher* finisher = nullptr, int region_threads = 1);

/// Makes the complete, closed file `tmp` the part `path`: its data to the disk, the rename, the
/// folder's entry to the disk. On failure `tmp` is removed and the error thrown, naming the file.
void finish_part(const std::filesystem::path& tmp, const std::filesystem::path& path);

/// Flushes a file's data to the disk (fsync); throws naming the file on failure.
void sync_to_disk(const std::filesystem::path& file);
/// Flushes a folder's entries (after a rename into it); best effort.
void sync_folder(const std::filesystem::path& folder);

/// Format version of the files (docs/output.md).
constexpr std::int64_t kFormatVersion = 1;

}  // namespace retzef::experiments
