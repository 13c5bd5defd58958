// Households (household.hpp): opening and closing them, the place a household holds at a level
// counted in families, and the count of families the indicators are formed over.
#include "models/care_step.hpp"

namespace retzef::models {

std::uint32_t CareModel::Step::open_household(std::uint32_t group) {
  Household h;
  h.group = group;
  h.number = st_.households_created++;
  std::uint32_t slot;
  if (st_.free_households.empty()) {
    slot = static_cast<std::uint32_t>(st_.households.size());
    st_.households.push_back(h);
  } else {
    slot = st_.free_households.back();
    st_.free_households.pop_back();
    st_.households[slot] = h;
  }
  if (observing()) ++st_.totals.groups[group].households;
  return slot;
}

void CareModel::Step::leave_household(std::uint32_t id) {
  Person& p = person(id);
  if (p.household == kNoHousehold) return;
  if (--st_.households[p.household].members == 0) st_.free_households.push_back(p.household);
  p.household = kNoHousehold;
}

bool CareModel::Step::shares_family_place(std::uint32_t id, std::uint32_t level) const {
  return holds_family_place(m_.scenario_.levels[level], st_.households.data(),
                            st_.people[id].household, level);
}

void CareModel::Step::enter_family_place(std::uint32_t id, std::uint32_t level) {
  const Person& p = person(id);
  Household& h = st_.households[p.household];
  if (h.at[level]++ > 0) return;
  h.place_since[level] = now();
  if (observing()) ++st_.totals.groups[p.group].family_places;
}

bool CareModel::Step::leave_family_place(std::uint32_t id, std::uint32_t level) {
  Household& h = st_.households[person(id).household];
  return --h.at[level] == 0;
}

void CareModel::Step::count_households() {
  for (const Household& h : st_.households) {
    if (h.members > 0) ++st_.totals.groups[h.group].households;
  }
}

}  // namespace retzef::models
