// The referral graph: regions are vertices, and an edge from a region to another says that
// people of the first who need one of the edge's levels are sent to the second when their own
// region does not offer it (a national hospital, a neighbouring region's balancing house). It is
// built once from the scenario as a Boost.Graph graph, then flattened into a table the model
// reads without a search: for each (region, level), where to refer and how long the transfer
// takes. The same graph, with flows on its edges, is what the analysis draws.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <utility>
#include <vector>

#include "models/scenario.hpp"

namespace retzef::models {

inline constexpr std::uint32_t kNoRegion = kNoLevel;

struct Referral {
  std::uint32_t to = kNoRegion;  ///< the region that takes the people, or kNoRegion
  double delay_days = 0;         ///< transfer time each way
};

class ReferralGraph {
 public:
  struct Edge {
    std::uint32_t levels = 0;  ///< bit l set: the edge refers level l
    double delay_days = 0;
  };
  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, Edge>;

  explicit ReferralGraph(const Scenario& scenario);

  const Graph& graph() const { return graph_; }
  /// Where people of `region` needing `level` go, if their region has no place of that kind:
  /// the first edge (in file order) that refers the level to a region that offers it.
  const Referral& referral(std::uint32_t region, std::uint32_t level) const {
    return table_[region * kMaxLevels + level];
  }
  /// The pairs of regions that send people to each other (some level referred), once each,
  /// the lower id first, in order.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> links() const;

 private:
  Graph graph_;
  std::vector<Referral> table_;
};

}  // namespace retzef::models
