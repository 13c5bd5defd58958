// [provision]: the places at each level, the people in them at the start and the coordinators a
// design funds for a number of residents; every region that leaves one of these figures out of
// its own table gets its share by population (regions.cpp). A national scenario so states its
// design's provision once, where it had a computed copy in every region. `from = "base"` takes
// the base scenario's (experiments/provision_from_base.hpp), and is replaced by it before this
// reader sees the document; here it can only be a file without a base.
#include "models/scenario_file/provision.hpp"

#include <limits>
#include <string>

#include "models/scenario_file/per_level_table.hpp"
#include "models/scenario_file/plausible.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

std::optional<std::uint64_t> share_of(std::uint64_t figure, std::uint64_t served,
                                      std::uint64_t residents) {
  constexpr auto kWidest = std::numeric_limits<std::uint64_t>::max();
  if (residents == 0) return std::nullopt;
  if (served != 0 && figure > (kWidest - residents) / 2 / served) return std::nullopt;
  // The nearest whole of figure × served / residents, a half rounded up, in integers.
  return (2 * figure * served + residents) / (2 * residents);
}

void read_provision(TableReader& root, Scenario& s) {
  root.table("provision", Need::optional, [&](TableReader& t) {
    if (const toml::node* from = t.get("from"); from != nullptr) {
      t.log().add(position_of(*from), t.child("from"),
                  "expected [scenario] base to take the provision from, got a scenario without "
                  "one");
      return;
    }
    ProvisionSpec p;
    t.integer("residents", p.residents, Bounds::between(1, kMaxPopulation), Need::required);
    read_per_level(t, "capacity", s,
                   [&](TableReader& c, const toml::key&, const toml::node& value,
                       const std::string& path, std::size_t level) {
                     const auto x =
                         read_integer(value, path, Bounds::between(0, kMaxCapacity), c.log());
                     if (x) p.capacity[level] = static_cast<std::uint32_t>(*x);
                   });
    read_per_level(
        t, "initial_occupancy", s,
        [&](TableReader& c, const toml::key& name, const toml::node& value, const std::string& path,
            std::size_t level) {
          // A region's share may still exceed a region's own places; regions.cpp checks that.
          const double places = p.capacity[level] ? double(*p.capacity[level]) : kMaxCapacity;
          if (const auto x = read_people_at_start(c, s, name, value, path, level, places)) {
            p.initial_occupancy[level] = *x;
          }
        });
    if (t.table().contains("coordinators")) {
      std::uint32_t coordinators = 0;
      t.integer("coordinators", coordinators, Bounds::between(0, kMaxCoordinators));
      p.coordinators = coordinators;
    }
    s.provision = p;
  });
}

}  // namespace retzef::models
