// What a run records besides its totals: the tables the model declares to the kernel's sink
// (daily occupancy; at the end the daily table of the coordinators' line and new cases from
// day 0; at trace `transitions` one row per person and the moves; at `full` every event; their
// columns are the result layout's, result_schema.hpp), and the rows it writes into them. Patients'
// rows are written by named column (PatientColumn), checked against the layout.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "models/care_step.hpp"
#include "models/result_schema.hpp"

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

/// Their names, as the layout (result_schema.cpp) gives them; the first of the days columns
/// is checked by its prefix.
constexpr std::string_view kPatientColumnNames[] = {"region",
                                                    "person",
                                                    "group",
                                                    "age_band",
                                                    "entry",
                                                    "onset",
                                                    "end",
                                                    "exited",
                                                    "time_to_first_care",
                                                    "time_to_remission",
                                                    "admissions",
                                                    "readmissions_30",
                                                    "readmissions_90",
                                                    "functioning_start",
                                                    "functioning_end",
                                                    "cost"};
static_assert(std::size(kPatientColumnNames) ==
              static_cast<std::size_t>(PatientColumn::days_first));

constexpr std::size_t column(PatientColumn c) {
  return static_cast<std::size_t>(c);
}

double level_value(std::uint32_t level) {
  return level == kNoLevel ? -1.0 : level;
}

}  // namespace

std::vector<sim::TableSpec> CareModel::tables() const {
  // The file's layout owns the tables' columns (result_schema.hpp); the patients rows are
  // written here by PatientColumn, so the two are checked against each other once per run.
  std::vector<sim::TableSpec> t = record_tables(scenario_);
  // The daily series has a row per region and day of the run, occupancy one per region, level
  // and day from the warm-up's end (record_daily, on_daily): the most each can get, so that a
  // short run's tables are not stored in chunks sized for long ones.
  const auto days = static_cast<std::uint64_t>(std::max(0.0, std::floor(scenario_.horizon_days)));
  const auto observed_days = static_cast<std::uint64_t>(
      std::max(0.0, std::floor(scenario_.horizon_days) - std::ceil(scenario_.warmup_days) + 1));
  const std::uint64_t regions = scenario_.regions.size();
  t[daily_table_].expected_rows = days * regions;
  t[occupancy_table_].expected_rows = observed_days * scenario_.levels.size() * regions;
  for (const sim::TableSpec& table : t) {
    if (table.name != "patients") continue;
    for (std::size_t i = 0; i < std::size(kPatientColumnNames); ++i) {
      if (i >= table.columns.size() || table.columns[i].name != kPatientColumnNames[i]) {
        throw std::logic_error("patients table: the layout's column " + std::to_string(i) +
                               " is not " + std::string(kPatientColumnNames[i]));
      }
    }
  }
  return t;
}

void CareModel::Step::record_event(std::uint32_t id, sim::EventKind kind, std::uint32_t from,
                                   std::uint32_t to) {
  if (!observing()) return;
  ctx_.record(m_.events_table_, {now(), double(st_.region), double(person(id).number), double(kind),
                                 level_value(from), level_value(to), double(person(id).acuity)});
}

void CareModel::Step::record_handled(std::uint32_t id, sim::EventKind kind) {
  if (m_.scenario_.trace != TraceLevel::full) return;
  const std::uint32_t level = person(id).level;
  record_event(id, kind, level, level);
}

void CareModel::Step::record_occupancy() {
  for (std::uint32_t l = 0; l < m_.scenario_.levels.size(); ++l) {
    const CareLevel& level = st_.levels[l];
    if (!level.offered()) continue;
    ctx_.record(
        m_.occupancy_table_,
        {now(), double(st_.region), double(l), double(level.occupied()), double(level.queued()),
         double(level.blocked()), level.unlimited() ? HUGE_VAL : double(level.capacity()),
         level.unlimited() ? HUGE_VAL : double(level.staffed())});
  }
}

void CareModel::Step::record_daily() {
  const DailySeries& series = st_.series;
  const auto waiting = series.coordinator_waiting();
  const std::uint32_t groups = series.groups();
  // A day still under way at the end would count part of its new cases.
  const auto days = static_cast<std::size_t>(
      std::min(static_cast<double>(waiting.size()), std::floor(m_.scenario_.horizon_days)));
  for (std::size_t d = 0; d < days; ++d) {
    const std::span<double> row = ctx_.add_row(m_.daily_table_);
    row[0] = static_cast<double>(d);
    row[1] = st_.region;
    row[2] = waiting[d];
    for (std::uint32_t g = 0; g < groups; ++g)
      row[3 + g] = series.new_cases(g)[d];
  }
}

void CareModel::Step::close_record(std::uint32_t id, bool exited) {
  Person& p = person(id);
  advance_functioning(id);
  if (p.level != kNoLevel) count_level_days(id, p.level, p.level_since);
  if (!observing()) return;
  RunTotals& t = st_.totals;
  t.functioning_gain.add(p.functioning - p.functioning_start);
  t.functioning_end.add(p.functioning);
  GroupTotals& g = t.groups[p.group];
  g.functioning_gain.add(p.functioning - p.functioning_start);
  g.person_days += observed_since(p.onset);
  if (p.acuity == kCrisis) g.crisis_days += observed_since(p.acuity_since);
  // Those still in a level or boarding at the end: at exit, leaving it has counted them. A
  // household's place at a level counted in families is counted once, with its last member.
  if (p.level != kNoLevel) release_place(id, p.level);
  if (boarding(p)) t.boarding_days[p.level] += observed_since(p.waiting_since);
  confirm_crisis_departure(id);
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
  const PersonLevelDays& level_days = st_.level_days[id];
  double cost = 0;
  for (std::size_t l = 0; l < levels; ++l) {
    const double days = level_days[l];
    days_out[l] = days;
    cost += days * per_day[l];
  }
  at(P::cost) = cost;
}

}  // namespace retzef::models
