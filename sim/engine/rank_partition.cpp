#include "sim/engine/rank_partition.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace retzef::sim {

std::vector<int> partition_lps(LpId lps, int ranks, std::span<const double> weights,
                               std::span<const LpLink> links) {
  if (ranks < 1) throw std::invalid_argument("a partition needs at least one rank");
  std::vector<int> owner(lps, 0);
  if (weights.empty()) {
    // Contiguous blocks: LP order equals rank order.
    for (int r = 0; r < ranks; ++r) {
      const auto first = static_cast<LpId>(std::uint64_t{lps} * static_cast<std::uint64_t>(r) /
                                           static_cast<std::uint64_t>(ranks));
      const auto end = static_cast<LpId>(std::uint64_t{lps} * static_cast<std::uint64_t>(r + 1) /
                                         static_cast<std::uint64_t>(ranks));
      std::fill(owner.begin() + first, owner.begin() + end, r);
    }
    return owner;
  }
  if (weights.size() != lps) {
    throw std::invalid_argument("partition: " + std::to_string(weights.size()) + " weights for " +
                                std::to_string(lps) + " LPs");
  }
  for (const double w : weights) {
    if (!(w >= 0) || !std::isfinite(w)) {
      throw std::invalid_argument("partition: an LP's weight must be finite and not negative");
    }
  }
  std::vector<std::vector<LpId>> linked(lps);
  for (const auto& [a, b] : links) {
    if (a >= lps || b >= lps) throw std::invalid_argument("partition: a link names no LP");
    if (a == b) continue;
    linked[a].push_back(b);
    linked[b].push_back(a);
  }

  std::vector<LpId> order(lps);
  std::iota(order.begin(), order.end(), LpId{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](LpId a, LpId b) { return weights[a] > weights[b]; });
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  const double allowed = total / ranks * (1 + kPartitionSlack);
  std::vector<double> load(static_cast<std::size_t>(ranks), 0.0);
  std::vector<bool> placed(lps, false);
  std::vector<std::size_t> links_to(static_cast<std::size_t>(ranks));
  for (const LpId lp : order) {
    if (placed[lp]) continue;
    int best = static_cast<int>(std::min_element(load.begin(), load.end()) - load.begin());
    std::fill(links_to.begin(), links_to.end(), 0);
    for (const LpId other : linked[lp]) {
      if (placed[other]) ++links_to[static_cast<std::size_t>(owner[other])];
    }
    std::size_t most = 0;
    for (int r = 0; r < ranks; ++r) {
      const auto n = links_to[static_cast<std::size_t>(r)];
      if (n > most && load[static_cast<std::size_t>(r)] + weights[lp] <= allowed) {
        most = n;
        best = r;
      }
    }
    const auto place = [&](LpId which, int rank) {
      owner[which] = rank;
      placed[which] = true;
      load[static_cast<std::size_t>(rank)] += weights[which];
    };
    place(lp, best);
    // Its unplaced partners follow while they fit: a light LP linked to a heavy one would
    // otherwise come last, when the balance may leave no room beside it.
    std::vector<LpId> partners;
    for (const LpId other : linked[lp]) {
      if (!placed[other]) partners.push_back(other);
    }
    std::stable_sort(partners.begin(), partners.end(), [&](LpId a, LpId b) {
      return weights[a] > weights[b] || (weights[a] == weights[b] && a < b);
    });
    for (const LpId other : partners) {
      if (!placed[other] && load[static_cast<std::size_t>(best)] + weights[other] <= allowed) {
        place(other, best);
      }
    }
  }
  return owner;
}

double partition_imbalance(std::span<const int> owner, int ranks, std::span<const double> weights) {
  std::vector<double> load(static_cast<std::size_t>(ranks), 0.0);
  for (std::size_t lp = 0; lp < owner.size(); ++lp)
    load[static_cast<std::size_t>(owner[lp])] += weights[lp];
  const double total = std::accumulate(load.begin(), load.end(), 0.0);
  if (!(total > 0)) return 1.0;
  return *std::max_element(load.begin(), load.end()) / (total / ranks);
}

std::size_t partition_cut(std::span<const int> owner, std::span<const LpLink> links) {
  return static_cast<std::size_t>(std::count_if(links.begin(), links.end(), [&](const LpLink& l) {
    return owner[l.first] != owner[l.second];
  }));
}

}  // namespace retzef::sim
