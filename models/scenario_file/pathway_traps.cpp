#include "models/scenario_file/pathway_traps.hpp"

namespace retzef::models {

namespace {

using Graph = std::vector<std::vector<std::uint32_t>>;

// Marks every node reachable from the nodes already marked.
void spread(const Graph& edges, std::vector<bool>& marked) {
  std::vector<std::uint32_t> stack;
  for (std::uint32_t v = 0; v < marked.size(); ++v) {
    if (marked[v]) stack.push_back(v);
  }
  while (!stack.empty()) {
    const std::uint32_t v = stack.back();
    stack.pop_back();
    for (const std::uint32_t w : edges[v]) {
      if (!marked[w]) {
        marked[w] = true;
        stack.push_back(w);
      }
    }
  }
}

}  // namespace

std::vector<std::uint32_t> trapped_levels(const PathwaySpec& pathway, std::size_t level_count) {
  Graph forward(level_count);
  Graph backward(level_count);
  std::vector<bool> leaves(level_count, true);
  for (const auto& route : pathway.routes) {
    if (route.from >= level_count) continue;
    double sum = 0;
    for (const auto& [to, p] : route.to) {
      if (to >= level_count || !(p > 0)) continue;
      sum += p;
      forward[route.from].push_back(to);
      backward[to].push_back(route.from);
    }
    // Probabilities are written with a few decimals; a sum within rounding of 1 means "never".
    leaves[route.from] = sum < 1 - 1e-9;
  }
  std::vector<bool> entered(level_count, false);
  for (const auto& a : pathway.arrivals) {
    if (a.level < level_count) entered[a.level] = true;
  }
  spread(forward, entered);
  std::vector<bool> can_leave = leaves;
  spread(backward, can_leave);
  std::vector<std::uint32_t> trapped;
  for (std::uint32_t v = 0; v < level_count; ++v) {
    if (entered[v] && !can_leave[v]) trapped.push_back(v);
  }
  return trapped;
}

}  // namespace retzef::models
