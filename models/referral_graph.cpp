#include "models/referral_graph.hpp"

#include <algorithm>

namespace retzef::models {

ReferralGraph::ReferralGraph(const Scenario& s)
    : graph_(s.regions.size()), table_(s.regions.size() * kMaxLevels) {
  for (const auto& r : s.referrals) {
    Edge edge;
    for (const auto level : r.levels)
      edge.levels |= 1u << level;
    edge.delay_days = r.delay_days;
    boost::add_edge(r.from, r.to, edge, graph_);
  }
  for (std::uint32_t region = 0; region < s.regions.size(); ++region) {
    for (std::uint32_t level = 0; level < s.levels.size(); ++level) {
      if (s.regions[region].capacity[level] > 0 ||
          s.levels[level].capacity_unit == CapacityUnit::unlimited) {
        continue;  // offered at home: no referral
      }
      for (auto [e, end] = boost::out_edges(region, graph_); e != end; ++e) {
        const Edge& edge = graph_[*e];
        const auto to = static_cast<std::uint32_t>(boost::target(*e, graph_));
        if ((edge.levels & (1u << level)) != 0 && s.regions[to].capacity[level] > 0) {
          table_[region * kMaxLevels + level] = {to, edge.delay_days};
          break;
        }
      }
    }
  }
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> ReferralGraph::links() const {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  const auto regions = static_cast<std::uint32_t>(boost::num_vertices(graph_));
  for (std::uint32_t region = 0; region < regions; ++region) {
    for (std::uint32_t level = 0; level < kMaxLevels; ++level) {
      const std::uint32_t to = referral(region, level).to;
      if (to != kNoRegion) out.emplace_back(std::min(region, to), std::max(region, to));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace retzef::models
