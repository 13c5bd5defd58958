#include "experiments/result_file.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <system_error>

#include <spdlog/spdlog.h>
#include "experiments/fingerprint.hpp"
#include "experiments/replication_part.hpp"
#include "models/care_model.hpp"
#include "models/demand_change.hpp"
#include "models/result_schema.hpp"

#include "sim/output/hdf5/checksum_header.hpp"
#include "sim/output/hdf5/column_table.hpp"
#include "sim/output/hdf5/file.hpp"

#ifndef RETZEF_VERSION
#define RETZEF_VERSION "unknown"
#endif

namespace retzef::experiments {
namespace {

namespace h5 = sim::h5;

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

/// /names: the tables every case shares, as the layout lists them.
void write_names(hid_t file, const std::vector<Case>& cases) {
  const models::Scenario& s = cases.front().scenario;
  const h5::Id names = h5::create_group(file, "names");
  const std::string prefix = std::string(models::kNamesPath) + "/";
  for (const auto& d : models::result_layout().datasets) {
    if (d.path.rfind(prefix, 0) != 0) continue;
    if (d.kind == models::DatasetKind::strings) {
      h5::write_strings(names, d.path.substr(prefix.size()), models::name_table(d.path, s));
    }
  }
  std::vector<const models::Scenario*> scenarios;
  for (const auto& c : cases)
    scenarios.push_back(&c.scenario);
  h5::write_column_table(names, models::indicator_table(scenarios));
}

/// /designs/<case>: what the case ran, and its name tables, as the layout lists them.
void write_design(hid_t designs, const Case& c) {
  const models::Scenario& s = c.scenario;
  const h5::Id g = h5::create_group(designs, c.name);
  h5::write_attribute(g, "design", std::string_view(c.design));
  h5::write_attribute(g, "sweep", std::string_view(c.sweep));
  h5::write_attribute(g, "scenario", std::string_view(s.source_text));
  h5::write_attribute(g, "policy", std::string_view(s.policy.name));
  h5::write_attribute(g, "horizon_days", s.horizon_days);
  h5::write_attribute(g, "warmup_days", s.warmup_days);
  double population = 0;
  for (const auto& r : s.regions)
    population += static_cast<double>(r.population);
  h5::write_attribute(g, "population", population);
  // NaN when the demand after the warm-up is constant: the warm-up check reads it.
  h5::write_attribute(g, "demand_change_day", models::demand_change_day(s));
  const std::string prefix = std::string(models::kDesignPath) + "/";
  for (const auto& d : models::result_layout().datasets) {
    if (d.kind != models::DatasetKind::strings || d.path.rfind(prefix, 0) != 0) continue;
    h5::write_strings(g, d.path.substr(prefix.size()), models::name_table(d.path, s));
  }
}

/// The `/meta` group of the file at `path`, or nothing where there is none to read: no such
/// file, not HDF5, or no `/meta`. Its checksum is verified before HDF5 reads a byte (a damaged
/// file could crash libhdf5): h5::Error where it fails. A file without a checksum (not retzef's,
/// or written before it kept one) is opened only if it is HDF5 at all.
std::optional<h5::Id> open_meta(const std::filesystem::path& path) {
  const std::optional<h5::Id> file = h5::open_verified_file(path);
  if (!file || !h5::exists(*file, "meta")) return std::nullopt;
  return h5::open_group(*file, "meta");  // keeps the file open until it is closed
}

}  // namespace

std::string replication_name(std::uint32_t r, std::uint32_t replications) {
  int width = 4;
  for (std::uint32_t n = replications > 0 ? replications - 1 : 0; n >= 10000; n /= 10)
    ++width;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*u", width, r);
  return buf;
}

void check_result_file(const std::filesystem::path& file) {
  if (h5::verify_checksum_header(file) == h5::ChecksumState::absent) {
    spdlog::warn("{}: no checksum (written before retzef kept one); its integrity is not checked",
                 file.string());
  }
}

std::vector<std::string> replication_groups(const std::filesystem::path& file,
                                            std::vector<std::string> cases,
                                            std::uint32_t replication) {
  h5::silence_errors();
  check_result_file(file);
  if (!h5::is_readable_file(file)) {
    throw std::runtime_error(file.string() + ": not a readable HDF5 file");
  }
  const h5::Id f = h5::open_file(file);
  const h5::Id meta = h5::open_group(f, "meta");
  if (cases.empty()) cases = h5::read_strings_attribute(meta, "cases");
  const auto replications =
      static_cast<std::uint32_t>(h5::read_u64_attribute(meta, "replications"));
  std::vector<std::string> groups;
  for (const auto& c : cases) {
    const std::string where = "/runs/" + c + "/" + replication_name(replication, replications);
    if (replication >= replications || !h5::exists(f, where)) {
      throw std::runtime_error(file.string() + ": no replication " + std::to_string(replication) +
                               " of case '" + c + "' (" + where + ")");
    }
    groups.push_back(where);
  }
  return groups;
}

std::string experiment_key(const std::vector<std::string>& part_keys) {
  Fingerprint f;
  for (const auto& k : part_keys)
    f.add(k);
  return f.hex();
}

bool result_is_complete(const std::filesystem::path& out, const std::string& key) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(out, ec)) return false;
  try {
    const std::optional<h5::Id> meta = open_meta(out);  // damaged: assembled again
    return meta && h5::has_attribute(*meta, "key") &&
           h5::read_string_attribute(*meta, "key") == key;
  } catch (const h5::Error&) {
    return false;
  }
}

std::optional<ResultOwner> result_owner(const std::filesystem::path& file) {
  try {
    const std::optional<h5::Id> meta = open_meta(file);
    if (!meta || !h5::has_attribute(*meta, "experiment_name")) return std::nullopt;
    ResultOwner owner{h5::read_string_attribute(*meta, "experiment_name"), "", "an unknown time"};
    if (h5::has_attribute(*meta, "experiment_file")) {
      owner.file = h5::read_string_attribute(*meta, "experiment_file");
    }
    if (h5::has_attribute(*meta, "created")) {
      owner.created = h5::read_string_attribute(*meta, "created");
    }
    return owner;
  } catch (const h5::Error&) {
    return std::nullopt;
  }
}

ResultAssembly::ResultAssembly(const Experiment& ex, std::filesystem::path out)
    : ex_(ex), out_(std::move(out)), tmp_(out_.string() + ".tmp") {
  try {
    file_ = h5::create_checksummed_file(tmp_);
    write_names(file_, ex.cases);
    {
      const h5::Id designs = h5::create_group(file_, "designs");
      for (const auto& c : ex.cases)
        write_design(designs, c);
    }
    const h5::Id runs = h5::create_group(file_, "runs");
    for (const auto& c : ex.cases) {
      cases_.push_back(h5::create_group(runs, c.name));
      h5::write_attribute(cases_.back(), "trace", models::trace_level_name(c.scenario.trace));
    }
    added_.assign(ex.cases.size(), std::vector<bool>(ex.replications, false));
  } catch (...) {
    discard();
    throw;
  }
}

ResultAssembly::~ResultAssembly() {
  if (!completed_) discard();
}

void ResultAssembly::discard() {
  cases_.clear();
  if (file_.valid()) {
    try {
      file_.close("closing " + tmp_.string());
    } catch (const std::exception&) {  // the file is going anyway
    }
  }
  std::error_code ec;
  std::filesystem::remove(tmp_, ec);
}

bool ResultAssembly::has(std::size_t case_index, std::uint32_t replication) const {
  return added_.at(case_index).at(replication);
}

void ResultAssembly::add(std::size_t case_index, std::uint32_t replication,
                         const std::filesystem::path& part) {
  if (has(case_index, replication)) return;
  {
    const h5::Id source = h5::open_file(part);
    h5::copy_group(source, "run", cases_.at(case_index),
                   replication_name(replication, ex_.replications));
  }
  added_[case_index][replication] = true;
  // Start writing the copy out now, so that the flush when the file completes has little left.
  h5::start_writeback(file_);
}

void ResultAssembly::complete(const std::string& key, const BatchProvenance& provenance) {
  for (std::size_t c = 0; c < added_.size(); ++c) {
    for (std::uint32_t r = 0; r < added_[c].size(); ++r) {
      if (!added_[c][r]) {
        throw std::logic_error("assembling " + out_.string() + ": replication " +
                               std::to_string(r) + " of " + ex_.cases[c].name + " is missing");
      }
    }
  }
  {
    const h5::Id meta = h5::create_group(file_, "meta");
    h5::write_attribute(meta, "format_version", kFormatVersion);
    h5::write_attribute(meta, "retzef_version", std::string_view(RETZEF_VERSION));
    h5::write_attribute(meta, "experiment", std::string_view(ex_.text));
    h5::write_attribute(meta, "experiment_file", std::string_view(ex_.file));
    h5::write_attribute(meta, "experiment_name", std::string_view(ex_.name));
    h5::write_attribute(meta, "seed", ex_.seed);
    h5::write_attribute(meta, "replications", std::uint64_t{ex_.replications});
    if (!ex_.minimum_difference_json.empty()) {
      h5::write_attribute(meta, "report_minimum_difference",
                          std::string_view(ex_.minimum_difference_json));
    }
    std::vector<std::string> cases;
    for (const auto& c : ex_.cases)
      cases.push_back(c.name);
    h5::write_attribute(meta, "cases", cases);
    h5::write_attribute(meta, "key", std::string_view(key));
    h5::write_attribute(meta, "layout", std::string_view(models::layout_json()));
    h5::write_attribute(meta, "created", std::string_view(utc_now()));
    h5::write_attribute(meta, "host", std::string_view(host_name()));
    h5::write_attribute(meta, "threads", std::int64_t{provenance.threads});
    h5::write_attribute(meta, "ranks", std::int64_t{provenance.ranks});
    h5::write_attribute(meta, "wall_seconds", provenance.wall_seconds);
  }
  cases_.clear();
  file_.close("closing " + tmp_.string());
  h5::write_checksum_header(tmp_);
  sync_to_disk(tmp_);
  std::filesystem::rename(tmp_, out_);
  completed_ = true;
  sync_folder(out_.parent_path());
}

}  // namespace retzef::experiments
