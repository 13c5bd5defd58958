#include "experiments/result_file.hpp"

#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>
#include <stdexcept>
#include <system_error>

#include "experiments/fingerprint.hpp"
#include "experiments/replication_part.hpp"
#include "models/care_model.hpp"
#include "models/indicator_catalogue.hpp"
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

/// /names/indicators: the indicator catalogue (models/indicator_catalogue.hpp) of every case,
/// one row per summary field in the order the cases first give it, with the level, group and
/// payer it concerns by name ("" for none), so a reader never parses indicator names.
void write_indicator_names(hid_t names, const std::vector<Case>& cases) {
  constexpr std::array<const char*, 8> kColumns{"name",  "unit",  "meaning", "family",
                                                "level", "group", "payer",   "better"};
  using Row = std::array<const char*, kColumns.size()>;
  std::vector<std::array<std::string, kColumns.size()>> text;
  std::set<std::string> seen;
  for (const auto& c : cases) {
    const models::Scenario& s = c.scenario;
    const auto level = [&](std::uint32_t l) { return l < s.levels.size() ? s.levels[l].name : ""; };
    const auto group = [&](std::uint32_t g) { return g < s.groups.size() ? s.groups[g].name : ""; };
    const auto payer = [&](std::uint32_t p) { return p < s.payers.size() ? s.payers[p] : ""; };
    for (const auto& i : models::indicator_catalogue(s)) {
      if (!seen.insert(i.name).second) continue;  // the same indicator in an earlier case
      text.push_back({i.name, i.unit, i.meaning, std::string(models::family_name(i.family)),
                      level(i.level), group(i.group), payer(i.payer),
                      std::string(models::better_name(i.better))});
    }
  }
  std::vector<Row> rows;
  for (const auto& t : text) {
    Row row{};
    for (std::size_t k = 0; k < row.size(); ++k)
      row[k] = t[k].c_str();
    rows.push_back(row);
  }
  const h5::Id str = h5::string_type();
  const h5::Id type =
      h5::type_id(h5::check(H5Tcreate(H5T_COMPOUND, sizeof(Row)), "indicator names"));
  for (std::size_t k = 0; k < kColumns.size(); ++k) {
    h5::check(H5Tinsert(type, kColumns[k], k * sizeof(const char*), str), "indicator names");
  }
  const hsize_t n = rows.size();
  const h5::Id space = h5::space_id(h5::check(H5Screate_simple(1, &n, nullptr), "indicator names"));
  const h5::Id dcpl = h5::untimed_creation(H5P_DATASET_CREATE);
  const h5::Id d = h5::dataset_id(
      h5::check(H5Dcreate2(names, "indicators", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                "creating /names/indicators"));
  h5::check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()),
            "writing /names/indicators");
}

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
  std::vector<std::string> regions, groups, levels, kinds, level_payers;
  for (const auto& r : s.regions) {
    regions.push_back(r.name);
    population += static_cast<double>(r.population);
  }
  h5::write_attribute(g, "population", population);
  for (const auto& gr : s.groups)
    groups.push_back(gr.name);
  for (const auto& l : s.levels) {
    levels.push_back(l.name);
    kinds.push_back(std::string(models::level_kind_name(l.kind)));
    level_payers.push_back(s.payers.at(l.payer));
  }
  h5::write_strings(g, "levels", levels);
  h5::write_strings(g, "level_kinds", kinds);
  h5::write_strings(g, "level_payers", level_payers);
  h5::write_strings(g, "regions", regions);
  h5::write_strings(g, "groups", groups);
  h5::write_strings(g, "payers", s.payers);
  h5::write_strings(g, "age_bands", s.age_bands);
  h5::write_strings(g, "entry_points", s.entry_points);
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

std::vector<std::string> replication_groups(const std::filesystem::path& file,
                                            std::vector<std::string> cases,
                                            std::uint32_t replication) {
  h5::silence_errors();
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
  if (!h5::is_readable_file(out)) return false;
  try {
    const h5::Id file = h5::open_file(out);
    if (!h5::exists(file, "meta")) return false;
    const h5::Id meta = h5::open_group(file, "meta");
    return h5::has_attribute(meta, "key") && h5::read_string_attribute(meta, "key") == key;
  } catch (const h5::Error&) {
    return false;
  }
}

ResultAssembly::ResultAssembly(const Experiment& ex, std::filesystem::path out)
    : ex_(ex), out_(std::move(out)), tmp_(out_.string() + ".tmp") {
  try {
    file_ = h5::create_file(tmp_);
    {
      const h5::Id names = h5::create_group(file_, "names");
      h5::write_strings(names, "event_kinds", models::event_kind_names());
      write_indicator_names(names, ex.cases);
    }
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
    std::vector<std::string> cases;
    for (const auto& c : ex_.cases)
      cases.push_back(c.name);
    h5::write_attribute(meta, "cases", cases);
    h5::write_attribute(meta, "key", std::string_view(key));
    h5::write_attribute(meta, "created", std::string_view(utc_now()));
    h5::write_attribute(meta, "host", std::string_view(host_name()));
    h5::write_attribute(meta, "threads", std::int64_t{provenance.threads});
    h5::write_attribute(meta, "ranks", std::int64_t{provenance.ranks});
    h5::write_attribute(meta, "wall_seconds", provenance.wall_seconds);
  }
  cases_.clear();
  file_.close("closing " + tmp_.string());
  sync_to_disk(tmp_);
  std::filesystem::rename(tmp_, out_);
  completed_ = true;
  sync_folder(out_.parent_path());
}

}  // namespace retzef::experiments
