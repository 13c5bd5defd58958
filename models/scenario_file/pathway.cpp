// [pathway]: the fixed pathway network of policy "pathway" (as PathSimR or Ciw): Poisson
// arrivals to levels and, after each stay, fixed probabilities of moving on. The network must
// let everyone who enters eventually leave, or it fills without bound.
#include <algorithm>
#include <string>
#include <vector>

#include "models/piecewise_curve.hpp"
#include "models/scenario_file/declared_names.hpp"
#include "models/scenario_file/input_reader.hpp"
#include "models/scenario_file/pathway_traps.hpp"
#include "models/scenario_file/plausible.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

constexpr std::string_view kPathwayPolicy = "pathway";

void read_arrivals(TableReader& t, const std::vector<std::string>& levels, Need need,
                   PathwaySpec& p) {
  t.tables("arrivals", need, [&](TableReader& a, std::size_t) {
    PathwaySpec::Arrival arrival;
    arrival.level = kNoLevel;
    a.reference("level", arrival.level, levels, "level", Need::required);
    a.number("per_day", arrival.per_day, Bounds::above(0).at_most(kMaxArrivalsPerDay),
             Need::required);
    // An arrival calendar (PathSimR): the rate times a piecewise-linear multiplier over days.
    read_curve_points(a, "schedule", Need::optional, arrival.schedule);
    if (!arrival.schedule.empty() &&
        arrival.per_day * curve_peak(arrival.schedule) > kMaxArrivalsPerDay) {
      a.log().add(position_of(*a.get("schedule")), a.child("schedule"),
                  "expected per_day times the schedule's largest multiplier to be at most " +
                      format_number(kMaxArrivalsPerDay) + " arrivals a day, got " +
                      format_number(arrival.per_day * curve_peak(arrival.schedule)));
    }
    if (arrival.level != kNoLevel) p.arrivals.push_back(arrival);
  });
}

// Returns whether every destination was readable and their probabilities sum to at most 1.
bool read_destinations(TableReader& to, const std::vector<std::string>& levels,
                       PathwaySpec::Route& route) {
  bool ok = true;
  double sum = 0;
  to.entries([&](const toml::key& key, const toml::node& value, const std::string& path) {
    const auto it = std::find(levels.begin(), levels.end(), key.str());
    if (it == levels.end()) {
      to.log().add(position_of(key), path, unknown_name_message(key.str(), levels, "level"));
      ok = false;
      return;
    }
    const auto p = read_number(value, path, Bounds::between(0, 1), to.log());
    if (!p) {
      ok = false;
      return;
    }
    sum += *p;
    route.to.emplace_back(static_cast<std::uint32_t>(it - levels.begin()), *p);
  });
  // Probabilities are written with a few decimals; allow their rounding. The readable ones
  // alone already prove a sum too large.
  if (sum > 1 + 1e-9) {
    to.log().add(to.position(), to.path(),
                 "expected probabilities summing to at most 1 (the rest leaves), got sum " +
                     format_number(sum));
    ok = false;
  }
  return ok;
}

void check_route_is_new(TableReader& r, const PathwaySpec& p, std::uint32_t from,
                        const std::vector<std::size_t>& route_index) {
  for (std::size_t i = 0; i < p.routes.size(); ++i) {
    if (p.routes[i].from != from) continue;
    r.log().add(position_of(*r.get("from")), r.child("from"),
                "level already has a route (pathway.routes[" + std::to_string(route_index[i]) +
                    "]); give each level one route with all its destinations");
    return;
  }
}

// Reads the routes; `route_index[i]` is the position in the file of p.routes[i]. Returns
// whether every route was sound, which the cycle check needs to mean anything.
bool read_routes(TableReader& t, const std::vector<std::string>& levels, PathwaySpec& p,
                 std::vector<std::size_t>& route_index) {
  bool ok = true;
  t.tables("routes", Need::optional, [&](TableReader& r, std::size_t index) {
    PathwaySpec::Route route;
    route.from = kNoLevel;
    r.reference("from", route.from, levels, "level", Need::required);
    const bool to_ok = r.table("to", Need::required, [&](TableReader& to) {
      ok = read_destinations(to, levels, route) && ok;
    });
    if (route.from == kNoLevel || !to_ok) {
      ok = false;
      return;
    }
    check_route_is_new(r, p, route.from, route_index);
    p.routes.push_back(std::move(route));
    route_index.push_back(index);
  });
  return ok;
}

void check_everyone_can_leave(TableReader& t, const std::vector<std::string>& levels,
                              const PathwaySpec& p, const std::vector<std::size_t>& route_index) {
  const auto trapped = trapped_levels(p, levels.size());
  if (trapped.empty()) return;
  std::vector<std::string> names;
  for (const auto l : trapped)
    names.push_back(levels[l]);
  // Point at the route out of the first trapped level: that is where a way out is missing.
  std::size_t first = 0;
  while (p.routes[first].from != trapped.front())
    ++first;
  const toml::array& routes = *t.table().get("routes")->as_array();
  const std::string path = t.child("routes") + "[" + std::to_string(route_index[first]) + "]";
  t.log().add(position_of(*routes.get(route_index[first])), path,
              "expected a way out to leave from every level an arrival can reach; people who "
              "reach " +
                  join_names(names) + " can never leave (every route from them leads back)");
}

void read_network(TableReader& t, const Scenario& s, PathwaySpec& p) {
  const auto levels = names_of(s.levels);
  t.boolean("block_after_service", p.block_after_service);
  read_arrivals(t, levels, s.policy.name == kPathwayPolicy ? Need::required : Need::optional, p);
  std::vector<std::size_t> route_index;
  if (read_routes(t, levels, p, route_index)) check_everyone_can_leave(t, levels, p, route_index);
}

}  // namespace

void read_pathway(TableReader& root, Scenario& s) {
  const bool wanted = s.policy.name == kPathwayPolicy;
  const bool present = root.table("pathway", Need::optional, [&](TableReader& t) {
    // An unknown policy is its own problem; only a known other policy makes this one wrong.
    if (!wanted && !s.policy.name.empty()) {
      t.log().add(
          t.position(), "pathway",
          "only allowed with policy \"pathway\", but policy.name is \"" + s.policy.name + "\"");
    }
    read_network(t, s, s.pathway);
  });
  if (wanted && !present) {
    root.log().add(root.position(), "pathway",
                   "missing; policy \"pathway\" needs a [pathway] table with at least one "
                   "[[pathway.arrivals]]");
  }
}

}  // namespace retzef::models
