// The places a region's present staff can run (workforce.hpp), and the posts' changes over the
// run: each change reruns every staffed level at the places its staff now cover. With burnout,
// a profession's turnover at a change follows the pressure on its places at that moment. A level
// that loses places keeps everyone already in one (nobody is sent away when a nurse leaves); it
// only admits again once fewer than its usable places are taken.
#include <cmath>

#include "models/care_step.hpp"
#include "models/care_streams.hpp"

namespace retzef::models {

void CareModel::Step::staff_levels() {
  const Scenario& s = m_.scenario_;
  for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
    const LevelSpec& spec = s.levels[l];
    CareLevel& level = st_.levels[l];
    if (level.unlimited() || level.capacity() == 0 || !spec.staff.any()) continue;
    const std::uint32_t staffed = st_.workforce.staffed_places(spec, level.capacity());
    if (staffed == level.staffed()) continue;
    // The overflow a ward takes beyond its places is run by the same staff: it shrinks with
    // them.
    const auto usable = staffed + static_cast<std::uint32_t>(std::floor(staffed * spec.overflow));
    const bool gained = staffed > level.staffed();
    level.set_staffed(staffed, usable, now());
    if (gained) st_.freed.push_back(l);
  }
  // The coordinators in post carry their caseloads; a coordinator who returns takes on the line.
  CoordinatorPool& pool = st_.coordinators;
  const std::uint32_t carried = st_.workforce.staffed_caseload(pool.places());
  if (carried != pool.staffed()) {
    const bool gained = carried > pool.staffed();
    pool.set_staffed(carried);
    if (gained) serve_coordinator_line();
  }
}

void CareModel::Step::schedule_staff_change() {
  if (!(st_.workforce.change_rate() > 0)) return;
  sim::RandomStream rng = ctx_.stream(kWorkforceStream, st_.region);
  rng.seek(st_.workforce_draws);
  schedule_staff_change(rng);
}

void CareModel::Step::schedule_staff_change(sim::RandomStream& rng) {
  const double rate = st_.workforce.change_rate();
  if (!(rate > 0)) return;
  ctx_.schedule(sim::exponential(rng, rate), kStaffChange);
  st_.workforce_draws = static_cast<std::uint32_t>(rng.draws());
}

std::array<double, kMaxProfessions> CareModel::Step::turnover_now() const {
  std::array<double, kMaxProfessions> turnover;
  turnover.fill(1);
  const Scenario& s = m_.scenario_;
  if (!st_.workforce.burns_out()) return turnover;
  for (std::size_t p = 0; p < s.professions.size(); ++p) {
    // People to care for (in the places and waiting for them) per place the staff in post can
    // run, over the levels the profession works in, weighted by the staff each place needs.
    double people = 0, places = 0;
    for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
      const CareLevel& level = st_.levels[l];
      const double need = s.levels[l].staff.per_place[p];
      if (need <= 0 || level.unlimited() || level.capacity() == 0) continue;
      people += need * (level.occupied() + level.waiting());
      places += need * level.staffed();
    }
    if (p == st_.workforce.coordinators() && st_.coordinators.places() > 0) {
      people += st_.coordinators.open_cases() + st_.coordinators.awaiting();
      places += st_.coordinators.staffed();
    }
    if (people <= 0) continue;
    turnover[p] = st_.workforce.turnover_at(places > 0 ? people / places : kMaxPressure);
  }
  return turnover;
}

void CareModel::Step::on_staff_change(const sim::Event&) {
  // One opening of the stream for both draws: what the change does, and when the next comes.
  sim::RandomStream rng = ctx_.stream(kWorkforceStream, st_.region);
  rng.seek(st_.workforce_draws);
  const double u = rng.uniform01();
  st_.workforce_draws = static_cast<std::uint32_t>(rng.draws());
  st_.workforce.change(u, now(), turnover_now());
  staff_levels();
  schedule_staff_change(rng);
}

}  // namespace retzef::models
