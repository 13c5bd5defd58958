#include "experiments/inspect_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "experiments/budget_check.hpp"
#include "experiments/ensemble_warmup.hpp"
#include "experiments/indicator_table.hpp"
#include "experiments/json_line.hpp"
#include "experiments/result_file.hpp"
#include "experiments/warmup_warning.hpp"
#include "sim/output/hdf5/column_table.hpp"
#include "sim/output/hdf5/file.hpp"

namespace retzef::experiments {
namespace {

namespace h5 = sim::h5;

/// The one-row summary table of a replication: field names and values. Any other number of
/// rows is not a file this program wrote, and which row holds the indicators would be a guess.
std::pair<std::vector<std::string>, std::vector<double>> read_summary(hid_t group,
                                                                      const std::string& where) {
  h5::NumberRows rows = h5::read_number_rows(group, "summary");
  if (rows.values.size() != rows.fields.size()) {
    const std::size_t count = rows.fields.empty() ? 0 : rows.values.size() / rows.fields.size();
    throw std::runtime_error(where + "/summary: expected one row of indicators, got " +
                             std::to_string(count) + " rows of " +
                             std::to_string(rows.fields.size()) + " fields");
  }
  return {std::move(rows.fields), std::move(rows.values)};
}

/// Each level's occupancy indicator of `case_name`, by name ("occupancy_<level>"), with its
/// family and level: the idle-capacity check picks them by family. Read from the case's level
/// names, which the warm-up check reads too; a file without them gets no such check.
std::map<std::string, std::uint32_t> occupancy_names(hid_t file, const std::string& case_name) {
  std::map<std::string, std::uint32_t> out;
  const std::string design = "designs/" + case_name;
  if (!h5::exists(file, design + "/levels")) return out;
  const auto levels = h5::read_strings(h5::open_group(file, design), "levels");
  for (std::uint32_t l = 0; l < levels.size(); ++l)
    out["occupancy_" + levels[l]] = l;
  return out;
}

/// Every case's indicators, replication by replication, as the file's summaries hold them.
std::vector<DesignResult> read_designs(hid_t file, const std::string& file_name,
                                       const std::vector<std::string>& cases) {
  std::vector<DesignResult> designs;
  for (const auto& c : cases) {
    DesignResult d;
    d.name = c;
    const auto occupancy = occupancy_names(file, c);
    const h5::Id runs = h5::open_group(file, "runs/" + c);
    for (const auto& rep : h5::members(runs)) {
      const h5::Id g = h5::open_group(runs, rep);
      auto [names, values] = read_summary(g, file_name + ": runs/" + c + "/" + rep);
      if (d.catalogue.empty()) {
        // The summary's own field descriptions, not this build's catalogue: another release
        // may have written the file. The table needs only names and units.
        const h5::Id ds = h5::open_dataset(g, "summary");
        const auto units = h5::read_strings_attribute(ds, "units");
        const auto meanings = h5::read_strings_attribute(ds, "descriptions");
        for (std::size_t i = 0; i < names.size(); ++i) {
          models::IndicatorSpec spec;
          spec.name = names[i];
          spec.unit = i < units.size() ? units[i] : "";
          spec.meaning = i < meanings.size() ? meanings[i] : "";
          if (const auto o = occupancy.find(spec.name); o != occupancy.end()) {
            spec.family = models::IndicatorFamily::occupancy;
            spec.level = o->second;
          }
          d.catalogue.push_back(std::move(spec));
        }
        d.values.assign(names.size(), {});
      }
      for (std::size_t i = 0; i < values.size() && i < d.values.size(); ++i)
        d.values[i].push_back(values[i]);
      d.events += h5::read_u64_attribute(g, "events");
    }
    designs.push_back(std::move(d));
  }
  return designs;
}

/// The warm-up check's verdict per case, kept with it for `--json` and logged (stderr): a
/// warning when its indicators may include part of the start-up transient, else an info line.
void judge_warmups(hid_t file, std::vector<DesignResult>& designs) {
  for (auto& d : designs) {
    const h5::Id design = h5::open_group(file, "designs/" + d.name);
    if (!h5::has_attribute(design, "warmup_days")) continue;  // a file from before the check
    const double warmup_days = h5::read_f64_attribute(design, "warmup_days");
    // Files written before the attribute: the check is made, as it was then.
    const double demand_change_day = h5::has_attribute(design, "demand_change_day")
                                         ? h5::read_f64_attribute(design, "demand_change_day")
                                         : std::nan("");
    d.warmup = std::isnan(demand_change_day)
                   ? warmup_verdict(d, warmup_days, ensemble_warmup(file, d, warmup_days))
                   : demand_change_verdict(d.name, warmup_days, demand_change_day);
    log_warmup_verdict(d.warmup);
  }
}

void print_indicators(const InspectOptions& o, hid_t file, std::vector<std::string> cases) {
  if (!o.baseline.empty()) {
    const auto it = std::find(cases.begin(), cases.end(), o.baseline);
    if (it == cases.end()) throw std::invalid_argument("--baseline: no case '" + o.baseline + "'");
    std::rotate(cases.begin(), it, it + 1);
  }
  std::vector<DesignResult> designs = read_designs(file, o.file, cases);
  judge_warmups(file, designs);
  log_budget_checks(designs);
  if (o.json) {
    print_json(designs);
  } else {
    print_table(designs);
  }
}

const std::vector<std::string> kTables{"summary", "flows",    "group_flows", "occupancy",
                                       "daily",   "patients", "events"};

struct CaseInfo {
  std::string name, design, sweep, trace;
  std::uint64_t replications = 0;
  std::uint64_t events = 0;  ///< events handled, all replications
  std::map<std::string, std::uint64_t> rows, bytes;
};

/// What each case of the file holds: its design, sweep point, trace level, replications,
/// events, and rows and stored bytes per table.
std::vector<CaseInfo> read_case_infos(hid_t file, const std::vector<std::string>& cases) {
  std::vector<CaseInfo> infos;
  for (const auto& name : cases) {
    CaseInfo info;
    info.name = name;
    const h5::Id design = h5::open_group(file, "designs/" + name);
    info.design = h5::read_string_attribute(design, "design");
    info.sweep = h5::read_string_attribute(design, "sweep");
    const h5::Id runs = h5::open_group(file, "runs/" + name);
    info.trace = h5::read_string_attribute(runs, "trace");
    for (const auto& rep : h5::members(runs)) {
      const h5::Id g = h5::open_group(runs, rep);
      ++info.replications;
      info.events += h5::read_u64_attribute(g, "events");
      for (const auto& t : kTables) {
        if (!h5::exists(g, t)) continue;
        info.rows[t] += h5::dataset_rows(g, t);
        info.bytes[t] += h5::dataset_storage_bytes(g, t);
      }
    }
    infos.push_back(std::move(info));
  }
  return infos;
}

void print_overview_json(const InspectOptions& o, hid_t meta, const std::vector<std::string>& cases,
                         const std::vector<CaseInfo>& infos) {
  std::printf("%s\n",
              JsonLine()
                  .add("file", o.file)
                  .add("format_version", h5::read_u64_attribute(meta, "format_version"))
                  .add("retzef_version", h5::read_string_attribute(meta, "retzef_version"))
                  .add("experiment", h5::read_string_attribute(meta, "experiment_name"))
                  .add("experiment_file", h5::read_string_attribute(meta, "experiment_file"))
                  .add("seed", h5::read_u64_attribute(meta, "seed"))
                  .add("replications", h5::read_u64_attribute(meta, "replications"))
                  .add("cases", cases)
                  .add("created", h5::read_string_attribute(meta, "created"))
                  .str()
                  .c_str());
  for (const auto& c : infos) {
    JsonLine line;
    line.add("case", c.name).add("design", c.design).add("sweep", c.sweep).add("trace", c.trace);
    line.add("replications", c.replications).add("events", c.events);
    for (const auto& t : kTables) {
      if (c.rows.count(t) == 0) continue;
      line.add(t + "_rows", c.rows.at(t)).add(t + "_bytes", c.bytes.at(t));
    }
    std::printf("%s\n", line.str().c_str());
  }
}

void print_overview_table(const InspectOptions& o, hid_t meta, const std::vector<CaseInfo>& infos) {
  std::printf("%s: retzef %s output (format %llu)\n", o.file.c_str(),
              h5::read_string_attribute(meta, "retzef_version").c_str(),
              static_cast<unsigned long long>(h5::read_u64_attribute(meta, "format_version")));
  std::printf("experiment %s (%s), seed %llu, %llu replications per case, created %s\n",
              h5::read_string_attribute(meta, "experiment_name").c_str(),
              h5::read_string_attribute(meta, "experiment_file").c_str(),
              static_cast<unsigned long long>(h5::read_u64_attribute(meta, "seed")),
              static_cast<unsigned long long>(h5::read_u64_attribute(meta, "replications")),
              h5::read_string_attribute(meta, "created").c_str());
  std::printf("\n%-36s %-12s %5s %12s", "case", "trace", "reps", "events");
  for (const auto& t : kTables)
    std::printf(" %16s", (t + " rows").c_str());
  std::printf(" %10s\n", "MB");
  for (const auto& c : infos) {
    std::uint64_t bytes = 0;
    std::printf("%-36s %-12s %5llu %12llu", c.name.c_str(), c.trace.c_str(),
                static_cast<unsigned long long>(c.replications),
                static_cast<unsigned long long>(c.events));
    for (const auto& t : kTables) {
      if (c.rows.count(t) == 0) {
        std::printf(" %16s", "-");
        continue;
      }
      std::printf(" %16llu", static_cast<unsigned long long>(c.rows.at(t)));
      bytes += c.bytes.at(t);
    }
    std::printf(" %10.2f\n", static_cast<double>(bytes) / 1e6);
  }
  std::printf("\n`retzef inspect %s --scenario CASE` prints the scenario a case ran.\n",
              o.file.c_str());
}

}  // namespace

void inspect_file(hid_t file, const InspectOptions& o) {
  if (!h5::exists(file, "meta") ||
      !h5::has_attribute(h5::open_group(file, "meta"), "format_version")) {
    throw std::runtime_error(o.file + ": not a retzef output file (no /meta format_version)");
  }
  const h5::Id meta = h5::open_group(file, "meta");
  const auto cases = h5::read_strings_attribute(meta, "cases");
  if (!o.scenario.empty()) {
    if (!h5::exists(file, "designs/" + o.scenario)) {
      std::string list;
      for (const auto& c : cases)
        list += (list.empty() ? "" : ", ") + c;
      throw std::invalid_argument(o.file + ": no case '" + o.scenario + "' (cases: " + list + ")");
    }
    const h5::Id g = h5::open_group(file, "designs/" + o.scenario);
    const std::string text = h5::read_string_attribute(g, "scenario");
    if (o.json) {  // for a script: the case and its scenario's text in one line
      std::printf("%s\n", JsonLine().add("case", o.scenario).add("scenario", text).str().c_str());
    } else {
      std::fputs(text.c_str(), stdout);
    }
    return;
  }
  if (o.indicators) {
    print_indicators(o, file, cases);
    return;
  }
  const std::vector<CaseInfo> infos = read_case_infos(file, cases);
  if (o.json) {
    print_overview_json(o, meta, cases, infos);
  } else {
    print_overview_table(o, meta, infos);
  }
}

namespace {

/// Every error names the file, whichever layer it came from. The checksum is checked before
/// HDF5 opens the file: a damaged header can crash libhdf5 itself.
void inspect(const InspectOptions& o) {
  try {
    check_result_file(o.file);
    const h5::Id file = h5::open_file(o.file);
    inspect_file(file, o);
  } catch (const std::exception& e) {
    const std::string what = e.what();
    if (what.rfind(o.file + ":", 0) == 0) throw;
    throw std::runtime_error(o.file + ": " + what);
  }
}

}  // namespace

void log_result_checks(const std::filesystem::path& path, bool json) {
  const h5::Id file = h5::open_file(path);
  const auto cases = h5::read_strings_attribute(h5::open_group(file, "meta"), "cases");
  std::vector<DesignResult> designs = read_designs(file, path.string(), cases);
  judge_warmups(file, designs);
  log_budget_checks(designs);
  if (json) {
    for (const auto& d : designs)
      print_design_json(d);
  }
}

void print_result_indicators(const std::filesystem::path& path, bool json) {
  // The file was just written and closed whole, as for log_result_checks: its checksum is not
  // read through again.
  InspectOptions o;
  o.file = path.string();
  o.indicators = true;
  o.json = json;
  const h5::Id file = h5::open_file(path);
  inspect_file(file, o);
}

void add_inspect_command(CLI::App& app, std::function<void()>& action) {
  auto o = std::make_shared<InspectOptions>();
  auto* cmd = app.add_subcommand("inspect", "Show what a retzef output file holds");
  cmd->add_option("file", o->file, "an HDF5 file written by `retzef batch`")->required();
  cmd->add_option("--scenario", o->scenario, "print the scenario (TOML) this case ran");
  cmd->add_flag("--indicators", o->indicators,
                "the indicators of every case with 95% CIs and paired differences");
  cmd->add_option("--baseline", o->baseline,
                  "with --indicators: the case to compare with (default: the first)");
  cmd->add_flag("--json", o->json,
                "JSON lines: one for the file, one per case (with --scenario: the case and its "
                "scenario's text)");
  cmd->callback([o, &action] { action = [o] { inspect(*o); }; });
}

}  // namespace retzef::experiments
