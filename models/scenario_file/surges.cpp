// [[surges]]: time-varying incidence multipliers for some groups (a trauma surge), as points
// of a piecewise-linear curve over simulated days; the same points' reader serves a pathway
// stream's arrival schedule.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario_file/declared_names.hpp"
#include "models/scenario_file/plausible.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

constexpr std::string_view kPointForm = "[day ≥ 0, multiplier in [0, 1000]]";

std::optional<std::array<double, 2>> read_point(const toml::node& node, const std::string& path,
                                                ProblemLog& log) {
  const toml::array* pair = node.as_array();
  if (pair == nullptr || pair->size() != 2) {
    log.add(position_of(node), path,
            "expected a pair " + std::string(kPointForm) + ", got " +
                (pair == nullptr ? describe_value(node) : count_of(pair->size(), "value")));
    return std::nullopt;
  }
  const auto day = read_number(*pair->get(0), path + "[0]", Bounds::at_least(0), log);
  const auto multiplier =
      read_number(*pair->get(1), path + "[1]", Bounds::between(0, kMaxSurgeMultiplier), log);
  if (!day || !multiplier) return std::nullopt;
  return std::array<double, 2>{*day, *multiplier};
}

}  // namespace

void read_curve_points(TableReader& t, std::string_view key, Need need,
                       std::vector<std::array<double, 2>>& out) {
  const std::string expected = "an array of at least one " + std::string(kPointForm);
  const toml::node* node = t.get(key, need, expected);
  if (node == nullptr) return;
  const std::string path = t.child(key);
  const toml::array* array = node->as_array();
  if (array == nullptr || array->empty()) {
    t.log().add(position_of(*node), path,
                "expected " + expected + ", got " +
                    (array == nullptr ? describe_value(*node) : "an empty array"));
    return;
  }
  std::vector<std::array<double, 2>> points;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string element = path + "[" + std::to_string(i) + "]";
    const auto point = read_point(*array->get(i), element, t.log());
    if (!point) return;
    if (!points.empty() && !((*point)[0] > points.back()[0])) {
      t.log().add(position_of(*array->get(i)), element + "[0]",
                  "expected a day > the one before (" + format_number(points.back()[0]) +
                      "), got " + format_number((*point)[0]));
      return;
    }
    points.push_back(*point);
  }
  out = std::move(points);
}

void read_surges(TableReader& root, Scenario& s) {
  const auto groups = names_of(s.groups);
  const auto region_names = names_of(s.regions);
  root.tables("surges", Need::optional, [&](TableReader& t, std::size_t) {
    SurgeSpec surge;
    t.references("groups", surge.groups, groups, "group", Need::required);
    read_curve_points(t, "points", Need::required, surge.points);
    // A trauma surge strikes some regions far harder than others: one surge per set of regions.
    t.references("regions", surge.regions, region_names, "region", Need::optional);
    s.surges.push_back(std::move(surge));
  });
}

}  // namespace retzef::models
