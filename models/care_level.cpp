#include "models/care_level.hpp"

namespace retzef::models {

void CareLevel::check(const LevelHeadcount& seen, const std::string& name,
                      std::vector<std::string>& out) const {
  // People of this region at a referred level are in the host region's count; a host's count
  // includes the places it holds for other regions' people.
  const std::uint32_t here = referred() ? 0 : seen.present;
  if (referred() ? remote_in_ != seen.present : remote_in_ != 0) {
    out.push_back(name + " miscounts this region's people placed elsewhere");
  }
  if (occupied() != here + remote_here_) {
    out.push_back(name + " counts " + std::to_string(occupied()) + " people but holds " +
                  std::to_string(here + remote_here_));
  }
  if (limit_ != kUnlimited && occupied() > limit_) {
    out.push_back(name + " holds " + std::to_string(occupied()) + " people in " +
                  std::to_string(limit_) + " places");
  }
  if (queued() != seen.queued) out.push_back(name + " miscounts its waiting list");
  if (waiting_in_place() != seen.in_place) {
    out.push_back(name + " miscounts those waiting in place");
  }
  if (blocked() != seen.blocked) out.push_back(name + " miscounts those blocked in it");
  if (held() != seen.held) out.push_back(name + " miscounts those waiting in it for another");
  if (queue_limit_ != kUnlimited && queued() > queue_limit_) {
    out.push_back(name + " has a waiting list longer than its limit");
  }
  if (has_free_place() && waiting() > 0) {
    out.push_back(name + " has a free place while people wait for it");
  }
}

}  // namespace retzef::models
