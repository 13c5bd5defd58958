// What a run records besides its totals: the tables the model declares to the kernel's sink
// (daily occupancy; at trace `transitions` one row per person and the moves; at `full` every
// event), and the rows it writes into them. The patients table is written from one named list
// of columns (PatientColumn), so its declaration and its rows cannot drift apart.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "models/care_step.hpp"

namespace retzef::models {
namespace {

/// The patients table's columns in their order; after `cost`, one `days_LEVEL` column per level.
enum class PatientColumn : std::size_t {
  region,
  person,
  group,
  age_band,
  entry,
  onset,
  end,
  exited,
  time_to_first_care,
  time_to_remission,
  admissions,
  readmissions_30,
  readmissions_90,
  functioning_start,
  functioning_end,
  cost,
  days_first,  ///< days at the first level; the others follow
};

constexpr std::size_t column(PatientColumn c) {
  return static_cast<std::size_t>(c);
}

double level_value(std::uint32_t level) {
  return level == kNoLevel ? -1.0 : level;
}

}  // namespace

std::vector<sim::TableSpec> CareModel::tables() const {
  using sim::Column;
  using sim::ColumnType;
  const Scenario& s = scenario_;
  // Index columns carry their names, so the output files show "inpatient", not 1.
  std::vector<std::string> levels{"none"};
  for (const auto& level : s.levels)
    levels.push_back(level.name);
  std::vector<std::string> regions, groups;
  for (const auto& r : s.regions)
    regions.push_back(r.name);
  for (const auto& g : s.groups)
    groups.push_back(g.name);
  const auto level_column = [&](std::string name, std::string what) {
    return Column{std::move(name), ColumnType::i16, "", std::move(what), levels, -1};
  };
  const Column region{"region", ColumnType::u32, "", "region", regions, 0};

  std::vector<sim::TableSpec> t;
  t.push_back({"occupancy",
               {{"t", ColumnType::f64, "day", "day of the sample, from the start of the run"},
                region,
                level_column("level", "level"),
                {"occupied", ColumnType::u32, "person", "people in the level"},
                {"waiting", ColumnType::u32, "person", "people on its waiting list"},
                {"blocked", ColumnType::u32, "person", "people in it waiting to step down"},
                {"capacity", ColumnType::f64, "place", "its capacity (inf: unlimited)"}},
               "daily occupancy after the warm-up"});
  if (s.trace == TraceLevel::summary) return t;

  using P = PatientColumn;
  const std::pair<PatientColumn, Column> fixed[] = {
      {P::region, region},
      {P::person, {"person", ColumnType::u32, "", "person number within the region"}},
      {P::group, {"group", ColumnType::u8, "", "condition group", groups, 0}},
      {P::age_band, {"age_band", ColumnType::u8, "", "age band", s.age_bands, 0}},
      {P::entry, {"entry", ColumnType::u8, "", "entry point", s.entry_points, 0}},
      {P::onset, {"onset", ColumnType::f64, "day", "entered the system"}},
      {P::end, {"end", ColumnType::f64, "day", "left the system, or the end of the run"}},
      {P::exited, {"exited", ColumnType::u8, "", "1 if they left before the end"}},
      {P::time_to_first_care,
       {"time_to_first_care", ColumnType::f32, "day", "from onset; NaN if never"}},
      {P::time_to_remission,
       {"time_to_remission", ColumnType::f32, "day", "from onset; NaN if never"}},
      {P::admissions, {"admissions", ColumnType::u32, "admission", "inpatient admissions"}},
      {P::readmissions_30,
       {"readmissions_30", ColumnType::u32, "admission", "within 30 days of a discharge"}},
      {P::readmissions_90,
       {"readmissions_90", ColumnType::u32, "admission", "within 90 days of a discharge"}},
      {P::functioning_start,
       {"functioning_start", ColumnType::f32, "", "0..1, at onset or the end of the warm-up"}},
      {P::functioning_end, {"functioning_end", ColumnType::f32, "", "0..1"}},
      {P::cost, {"cost", ColumnType::f64, "NIS", "cost of their care after the warm-up"}},
  };
  sim::TableSpec patients{"patients", {}, "one row per person seen after the warm-up"};
  for (const auto& [id, col] : fixed) {
    if (column(id) != patients.columns.size()) {
      throw std::logic_error("patients table: column " + col.name + " out of its place");
    }
    patients.columns.push_back(col);
  }
  for (const auto& level : s.levels) {
    patients.columns.push_back(
        {"days_" + level.name, ColumnType::f32, "day", "days at " + level.name});
  }
  t.push_back(std::move(patients));
  t.push_back({"events",
               {{"t", ColumnType::f64, "day", "when it happened, from the start of the run"},
                region,
                {"person", ColumnType::u32, "", "person number within the region"},
                {"kind", ColumnType::u8, "", "event kind", event_kind_names(), 0},
                level_column("from_level", "level before (none: no care)"),
                level_column("to_level", "level after (none: no care)"),
                {"acuity", ColumnType::u8, "", "acuity after the event, 0..4"}},
               s.trace == TraceLevel::full ? "every event after the warm-up"
                                           : "moves between levels and exits after the warm-up"});
  return t;
}

void CareModel::Step::record_event(std::uint32_t id, sim::EventKind kind, std::uint32_t from,
                                   std::uint32_t to) {
  if (!observing()) return;
  ctx_.record(m_.events_table_, {now(), double(st_.region), double(person(id).number), double(kind),
                                 level_value(from), level_value(to), double(person(id).acuity)});
}

void CareModel::Step::record_occupancy() {
  for (std::uint32_t l = 0; l < m_.scenario_.levels.size(); ++l) {
    const CareLevel& level = st_.levels[l];
    if (!level.offered()) continue;
    ctx_.record(
        m_.occupancy_table_,
        {now(), double(st_.region), double(l), double(level.occupied()), double(level.queued()),
         double(level.blocked()), level.unlimited() ? HUGE_VAL : double(level.capacity())});
  }
}

void CareModel::Step::close_record(std::uint32_t id, bool exited) {
  Person& p = person(id);
  advance_functioning(id);
  if (p.level != kNoLevel) p.days[p.level] += static_cast<float>(observed_since(p.level_since));
  if (!observing()) return;
  RunTotals& t = st_.totals;
  t.functioning_gain.add(p.functioning - p.functioning_start);
  t.functioning_end.add(p.functioning);
  if (m_.scenario_.trace == TraceLevel::summary) return;
  // Written in place; every column is written.
  const std::span<double> row = ctx_.add_row(m_.patients_table_);
  const auto at = [&row](PatientColumn c) -> double& { return row[column(c)]; };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  using P = PatientColumn;
  at(P::region) = double(st_.region);
  at(P::person) = double(p.number);
  at(P::group) = double(p.group);
  at(P::age_band) = double(p.age_band);
  at(P::entry) = double(p.entry);
  at(P::onset) = p.onset;
  at(P::end) = now();
  at(P::exited) = exited ? 1.0 : 0.0;
  at(P::time_to_first_care) = p.first_care_wait >= 0 ? p.first_care_wait : nan;
  at(P::time_to_remission) = p.remission_time >= 0 ? p.remission_time : nan;
  at(P::admissions) = double(p.admissions);
  at(P::readmissions_30) = double(p.readmissions_30);
  at(P::readmissions_90) = double(p.readmissions_90);
  at(P::functioning_start) = p.functioning_start;
  at(P::functioning_end) = p.functioning;
  // Locals, so that the stores into the row need not reload the table's bounds each level.
  const double* per_day = m_.cost_per_day_.data();
  const std::size_t levels = m_.cost_per_day_.size();
  double* days_out = &at(P::days_first);
  double cost = 0;
  for (std::size_t l = 0; l < levels; ++l) {
    const double days = p.days[l];
    days_out[l] = days;
    cost += days * per_day[l];
  }
  at(P::cost) = cost;
}

}  // namespace retzef::models
