// Which MPI rank runs which LP. A distributed run is as fast as its busiest rank, and every
// message between LPs on different ranks crosses the network at a window's end, so a partition
// should give the ranks equal work and keep LPs that talk to each other together. A model that
// knows its LPs' work (the care model: each region's population) and who talks to whom (its
// referral edges) says so through `lp_weights()` and `lp_links()`; the partition is then the
// greedy heuristic below. A model that says nothing keeps contiguous blocks of equal count.
//
// The heuristic (deterministic: ties go to the lower LP id and the lower rank): longest
// processing time first. LPs in decreasing weight, each to the least-loaded rank, unless a rank
// that already holds LPs linked to it would stay within kPartitionSlack of an equal share
// (total weight / ranks) after taking it: then to the most linked such rank. An LP placed pulls
// its unplaced linked LPs, heaviest first, onto its rank while they fit within that slack, so
// that a light LP linked to a heavy one is not left for last, when the balance may leave no room
// beside it. Without links this is Graham's rule, whose busiest rank is within 4/3 of the best
// possible. With a handful of regions per rank a refinement pass (Kernighan-Lin) would find
// little more, and the result stays easy to explain.
// Where the partition falls changes no result: every LP handles the same events in the same
// order on any rank (docs/kernel.md).
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "sim/core/event.hpp"

namespace retzef::sim {

/// A pair of LPs that send each other messages (either direction).
using LpLink = std::pair<LpId, LpId>;

/// How far above an equal share (total weight / ranks) a rank may go to keep a link uncut.
inline constexpr double kPartitionSlack = 0.05;

/// The rank of every LP: contiguous blocks of equal count when `weights` is empty, otherwise
/// the heuristic above. Throws std::invalid_argument if `weights` is neither empty nor one per
/// LP, a weight is negative or not finite, or a link names an LP that does not exist.
std::vector<int> partition_lps(LpId lps, int ranks, std::span<const double> weights,
                               std::span<const LpLink> links);

/// The largest rank's weight over an equal share (1 = perfect balance).
double partition_imbalance(std::span<const int> owner, int ranks, std::span<const double> weights);

/// How many links join LPs on different ranks.
std::size_t partition_cut(std::span<const int> owner, std::span<const LpLink> links);

}  // namespace retzef::sim
