// [[referrals]]: which region sends people needing which levels to which other region. A
// referral is a message between two logical processes, so it can take no less time than the
// lookahead the parallel schedulers rely on.
#include <string>
#include <vector>

#include "models/scenario_file/declared_names.hpp"
#include "models/scenario_file/plausible.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

void check_distinct_regions(TableReader& t, const ReferralSpec& r) {
  const toml::node* to = t.get("to");
  if (to == nullptr || r.from == kNoLevel || r.to == kNoLevel || r.from != r.to) return;
  t.log().add(position_of(*to), t.child("to"),
              "expected a region other than from, got " + describe_value(*to));
}

// A family's place is held where the family lives (household.hpp): the host region could not
// know which of its places a visiting household already holds.
void check_no_family_places(TableReader& t, const Scenario& s, const ReferralSpec& r) {
  for (const auto l : r.levels) {
    if (l >= s.levels.size() || s.levels[l].capacity_unit != CapacityUnit::families) continue;
    t.log().add(position_of(*t.get("levels")), t.child("levels"),
                "level " + s.levels[l].name +
                    " counts its places in families, which cannot be referred to another region");
  }
}

void read_delay(TableReader& t, const Scenario& s, ReferralSpec& r) {
  r.delay_days = s.lookahead_days;
  const toml::node* node = t.get("delay_days");
  if (node == nullptr) return;
  const Bounds bounds = Bounds::at_least(s.lookahead_days);
  // A transfer longer than any horizon never arrives, and an infinite one breaks the clock.
  const auto delay =
      read_number(*node, t.child("delay_days"), Bounds::any().at_most(kLongestStayDays), t.log());
  if (!delay) return;
  if (!bounds.contains(*delay)) {
    t.log().add(position_of(*node), t.child("delay_days"),
                "expected a number ≥ lookahead_days (" + format_number(s.lookahead_days) +
                    "), got " + format_number(*delay));
    return;
  }
  r.delay_days = *delay;
}

ReferralSpec read_referral(TableReader& t, const Scenario& s,
                           const std::vector<std::string>& regions,
                           const std::vector<std::string>& levels) {
  ReferralSpec r;
  // kNoLevel marks "not read" so that two unreadable ends are not reported as equal.
  r.from = kNoLevel;
  r.to = kNoLevel;
  t.reference("from", r.from, regions, "region", Need::required);
  t.reference("to", r.to, regions, "region", Need::required);
  check_distinct_regions(t, r);
  t.references("levels", r.levels, levels, "level", Need::required);
  check_no_family_places(t, s, r);
  read_delay(t, s, r);
  return r;
}

}  // namespace

void read_referrals(TableReader& root, Scenario& s) {
  const auto regions = names_of(s.regions);
  const auto levels = names_of(s.levels);
  root.tables("referrals", Need::optional, [&](TableReader& t, std::size_t) {
    s.referrals.push_back(read_referral(t, s, regions, levels));
  });
}

}  // namespace retzef::models
