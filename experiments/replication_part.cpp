#include "experiments/replication_part.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <system_error>
#include <vector>

#include "experiments/fingerprint.hpp"
#include "experiments/part_finisher.hpp"
#include "models/indicators.hpp"
#include "models/result_schema.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/output/hdf5/checksum_header.hpp"
#include "sim/output/hdf5/file.hpp"
#include "sim/output/hdf5/hdf5_sink.hpp"

#ifndef RETZEF_VERSION
#define RETZEF_VERSION "unknown"
#endif

namespace retzef::experiments {
namespace {

/// Removes a temporary file unless told the work is done: a failed part leaves nothing behind.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (!kept_) {
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  void keep() { kept_ = true; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  bool kept_ = false;
};

/// (group, from, to, moves) for every group and pair that saw a move, as the flows table per
/// condition group; none when the scenario has no groups (a pathway run).
std::vector<double> group_flow_rows(const models::RunTotals& totals, const models::Scenario& s,
                                    double first_level) {
  std::vector<double> rows;
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    const auto& moves = totals.groups[g].moves;
    for (std::size_t from = 0; from <= s.levels.size(); ++from) {
      for (std::size_t to = 0; to <= s.levels.size(); ++to) {
        if (moves[from][to] == 0) continue;
        rows.insert(rows.end(),
                    {static_cast<double>(g), static_cast<double>(from) + first_level,
                     static_cast<double>(to) + first_level, static_cast<double>(moves[from][to])});
      }
    }
  }
  return rows;
}

}  // namespace

void sync_to_disk(const std::filesystem::path& file) {
  // The rename must not reach the disk before the data (power loss would leave a whole-looking
  // but empty file), so the file's data go first, then the folder's entry after the rename.
  const int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw std::runtime_error(file.string() + ": cannot flush to disk: " + why);
  }
  ::close(fd);
}

void sync_folder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

void finish_part(const std::filesystem::path& tmp, const std::filesystem::path& path) {
  try {
    sync_to_disk(tmp);
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
      throw std::runtime_error(path.string() +
                               ": cannot rename the finished part into place: " + ec.message());
    }
    sync_folder(path.parent_path());
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
}

std::string part_key(const Case& c, std::uint64_t seed, std::uint32_t replication) {
  // The program's version too: a part written by another release is not reused.
  return Fingerprint()
      .add(std::to_string(kFormatVersion))
      .add(RETZEF_VERSION)
      .add(c.name)
      .add(c.scenario.source_text)
      .add(std::to_string(seed))
      .add(std::to_string(replication))
      .hex();
}

bool part_is_complete(const std::filesystem::path& path, const std::string& key) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  try {
    // Checked before HDF5 reads it: a damaged part could crash libhdf5; it is run again instead.
    const std::optional<sim::h5::Id> file = sim::h5::open_verified_file(path);
    return file && sim::h5::has_attribute(*file, "key") &&
           sim::h5::read_string_attribute(*file, "key") == key &&
           sim::h5::exists(*file, "run/summary");
  } catch (const sim::h5::Error&) {
    return false;
  }
}

PartResult write_part(const Case& c, const models::CareModel& model, std::uint64_t seed,
                      std::uint32_t replication, const std::string& key,
                      const std::filesystem::path& path, const sim::h5::Compression& compression,
                      PartFinisher* finisher, int region_threads) {
  namespace h5 = sim::h5;
  const auto started = std::chrono::steady_clock::now();
  TemporaryFile tmp(path.string() + ".tmp");
  sim::RunResult<models::RunTotals> result;
  {
    h5::Id file = h5::create_checksummed_file(tmp.path());
    h5::Id run = h5::create_group(file, "run");
    h5::Hdf5Sink sink(run, compression);
    sim::RunOptions options;
    options.end = c.scenario.horizon_days;
    options.seed = seed;
    options.replication = replication;
    options.scheduler = sim::Scheduler::sequential;
    if (region_threads > 1 && model.lp_count() > 1) {
      options.scheduler = sim::Scheduler::threads;
      options.threads = region_threads;
    }
    options.sink = &sink;
    result = sim::simulate(model, options);

    // The tables formed from the run's totals, through the same sink, as the layout says.
    const models::Scenario& s = model.scenario();
    const std::string where(models::kReplicationPath);
    sink.write_table(models::table_spec(where + "/summary", s),
                     models::indicators(result.summary, s));

    const auto& moves = result.summary.moves;
    const double first_level = static_cast<double>(models::labels("levels", s).first_code);
    std::vector<double> flow_rows;  // (from, to, moves) for every pair that saw a move
    for (std::size_t from = 0; from <= s.levels.size(); ++from) {
      for (std::size_t to = 0; to <= s.levels.size(); ++to) {
        if (moves[from][to] == 0) continue;
        flow_rows.insert(flow_rows.end(), {static_cast<double>(from) + first_level,
                                           static_cast<double>(to) + first_level,
                                           static_cast<double>(moves[from][to])});
      }
    }
    sink.write_table(models::table_spec(where + "/flows", s), flow_rows);
    sink.write_table(models::table_spec(where + "/group_flows", s),
                     group_flow_rows(result.summary, s, first_level));

    h5::write_attribute(run, "replication", std::uint64_t{replication});
    h5::write_attribute(run, "events", result.events);
    h5::write_attribute(run, "checksum", std::string_view(hex64(result.checksum)));
    h5::write_attribute(file, "key", std::string_view(key));
    h5::write_attribute(file, "case", std::string_view(c.name));
    run.close("closing " + tmp.path().string());
    file.close("closing " + tmp.path().string());
  }
  h5::write_checksum_header(tmp.path());
  if (finisher != nullptr) {
    finisher->finish(tmp.path(), path);  // from here the finisher owns the file
    tmp.keep();
  } else {
    tmp.keep();
    finish_part(tmp.path(), path);  // removes the file itself if it fails
  }
  return {result.events,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
}

}  // namespace retzef::experiments
