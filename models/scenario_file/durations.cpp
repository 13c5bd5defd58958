// `length_of_stay` and other durations: a distribution by name and exactly the parameters it
// takes, so that a stray `sd` on an exponential is caught instead of silently ignored.
#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "models/scenario_file/input_reader.hpp"
#include "models/scenario_file/plausible.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

using Kind = DurationSpec::Kind;

constexpr std::array<std::string_view, 7> kDistributions{
    "fixed", "exponential", "lognormal", "gamma", "weibull", "uniform", "empirical"};
constexpr std::array<std::string_view, 8> kAllParameters{"mean", "sd",  "shape",  "scale",
                                                         "min",  "max", "values", "cumulative"};

std::vector<std::string> parameters_of(Kind kind) {
  switch (kind) {
    case Kind::fixed:
    case Kind::exponential:
      return {"mean"};
    case Kind::lognormal:
    case Kind::gamma:
      return {"mean", "sd"};
    case Kind::weibull:
      return {"shape", "scale"};
    case Kind::uniform:
      return {"min", "max"};
    case Kind::empirical:
      return {"values", "cumulative"};
  }
  return {};
}

// Parameters of other distributions: named as such rather than as unknown keys.
void reject_foreign_parameters(TableReader& t, Kind kind) {
  const auto own = parameters_of(kind);
  for (const std::string_view key : kAllParameters) {
    t.get(key);
    const auto it = t.table().find(key);
    if (it == t.table().end() || std::find(own.begin(), own.end(), key) != own.end()) continue;
    t.log().add(position_of(it->first), t.child(key),
                "not a parameter of the " +
                    std::string(kDistributions[static_cast<std::size_t>(kind)]) +
                    " distribution (it takes " + join_names(own) + ")");
  }
}

void read_uniform(TableReader& t, DurationSpec& d) {
  const toml::node* min = t.get("min", Need::required, "a number ≥ 0");
  const toml::node* max = t.get("max", Need::required, "a number > min");
  std::optional<double> lo;
  std::optional<double> hi;
  if (min != nullptr)
    lo = read_number(*min, t.child("min"), Bounds::between(0, kLongestStayDays), t.log());
  if (max != nullptr) hi = read_number(*max, t.child("max"), stay_bounds(), t.log());
  if (!lo || !hi) return;
  if (!(*lo < *hi)) {
    t.log().add(position_of(*max), t.child("max"),
                "expected a number > min (" + format_number(*lo) + "), got " + format_number(*hi));
    return;
  }
  d.min = *lo;
  d.max = *hi;
}

// Checks that each element of `key` is above (or, with `strict` false, not below) the one
// before it.
bool check_increasing(TableReader& t, std::string_view key, const std::vector<double>& xs,
                      bool strict) {
  const toml::array* array = t.table().get(key)->as_array();
  for (std::size_t i = 1; i < xs.size(); ++i) {
    const bool ok = strict ? xs[i] > xs[i - 1] : xs[i] >= xs[i - 1];
    if (ok) continue;
    t.log().add(position_of(*array->get(i)), t.child(key) + "[" + std::to_string(i) + "]",
                std::string("expected a number ") + (strict ? ">" : "≥") + " the one before (" +
                    format_number(xs[i - 1]) + "), got " + format_number(xs[i]));
    return false;
  }
  return true;
}

void check_cumulative_ends(TableReader& t, const std::vector<double>& cumulative) {
  const toml::array* array = t.table().get("cumulative")->as_array();
  const std::string path = t.child("cumulative");
  if (cumulative.front() != 0) {
    t.log().add(position_of(*array->get(0)), path + "[0]",
                "expected exactly 0 (the first cumulative probability), got " +
                    format_number(cumulative.front()));
  }
  if (cumulative.back() != 1) {
    const std::size_t last = cumulative.size() - 1;
    t.log().add(position_of(*array->get(last)), path + "[" + std::to_string(last) + "]",
                "expected exactly 1 (the last cumulative probability), got " +
                    format_number(cumulative.back()));
  }
}

void read_empirical(TableReader& t, DurationSpec& d) {
  const toml::node* values = t.get("values", Need::required, "an array of days ≥ 0");
  const toml::node* cumulative =
      t.get("cumulative", Need::required, "an array of probabilities from 0 to 1");
  if (values == nullptr || cumulative == nullptr) return;
  auto xs = read_numbers(*values, t.child("values"), Bounds::between(0, kLongestStayDays), t.log());
  auto ps = read_numbers(*cumulative, t.child("cumulative"), Bounds::between(0, 1), t.log());
  if (!xs || !ps) return;
  if (xs->size() < 2) {
    t.log().add(position_of(*values), t.child("values"),
                "expected at least 2 points, got " + std::to_string(xs->size()));
    return;
  }
  if (ps->size() != xs->size()) {
    t.log().add(position_of(*cumulative), t.child("cumulative"),
                "expected one probability per value (" + std::to_string(xs->size()) + "), got " +
                    std::to_string(ps->size()));
    return;
  }
  const bool ok = check_increasing(t, "values", *xs, true);
  if (check_increasing(t, "cumulative", *ps, false)) check_cumulative_ends(t, *ps);
  if (!ok) return;
  d.values = std::move(*xs);
  d.cumulative = std::move(*ps);
}

}  // namespace

void read_duration(TableReader& t, DurationSpec& d) {
  if (!t.choice("distribution", d.kind, kDistributions, Need::required)) {
    // Without a distribution its parameters cannot be judged; the distribution is the problem.
    for (const std::string_view key : kAllParameters)
      t.get(key);
    return;
  }
  reject_foreign_parameters(t, d.kind);
  switch (d.kind) {
    case Kind::fixed:
    case Kind::exponential:
      t.number("mean", d.mean, stay_bounds(), Need::required);
      break;
    case Kind::lognormal:
    case Kind::gamma:
      t.number("mean", d.mean, stay_bounds(), Need::required);
      // The spread may be far below a minute (a nearly fixed stay) but not beyond any horizon.
      t.number("sd", d.sd, Bounds::above(0).at_most(kLongestStayDays), Need::required);
      break;
    case Kind::weibull:
      t.number("shape", d.shape, Bounds::between(kSmallestWeibullShape, kLargestWeibullShape),
               Need::required);
      t.number("scale", d.scale, stay_bounds(), Need::required);
      break;
    case Kind::uniform:
      read_uniform(t, d);
      break;
    case Kind::empirical:
      read_empirical(t, d);
      break;
  }
}

}  // namespace retzef::models
