#include "sim/stats/replication_bias.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/stats/mser.hpp"

namespace retzef::sim {
namespace {

struct Gap {
  double gap = 0;
  double kept_mean = 0;
};

Gap gap_at(std::span<const double> xs, std::size_t cut) {
  double before = 0, after = 0;
  for (std::size_t i = 0; i < cut; ++i)
    before += xs[i];
  for (std::size_t i = cut; i < xs.size(); ++i)
    after += xs[i];
  const double kept = after / static_cast<double>(xs.size() - cut);
  return {before / static_cast<double>(cut) - kept, kept};
}

}  // namespace

ReplicationBias replication_bias(std::span<const std::span<const double>> series, std::size_t r,
                                 std::size_t cut, double min_gap) {
  if (r >= series.size()) {
    throw std::invalid_argument("replication_bias: replication " + std::to_string(r) + " of " +
                                std::to_string(series.size()));
  }
  const std::size_t n = series[r].size();
  for (std::size_t k = 0; k < series.size(); ++k) {
    if (series[k].size() != n) {
      throw std::invalid_argument("replication_bias: replication " + std::to_string(k) + " has " +
                                  std::to_string(series[k].size()) + " observations, replication " +
                                  std::to_string(r) + " " + std::to_string(n));
    }
  }
  ReplicationBias out;
  if (series.size() < kMinReplicationsForSpread || cut == 0 || cut >= n) return out;
  const Gap own = gap_at(series[r], cut);
  out.gap = own.gap;
  out.kept_mean = own.kept_mean;
  // Welford over the other replications' gaps: their standard deviation is the noise of a
  // replication's gap at this cut, measured without the one being judged.
  double mean = 0, m2 = 0, count = 0;
  for (std::size_t k = 0; k < series.size(); ++k) {
    if (k == r) continue;
    const double d = gap_at(series[k], cut).gap;
    count += 1;
    const double delta = d - mean;
    mean += delta / count;
    m2 += delta * (d - mean);
  }
  out.spread = std::sqrt(std::max(0.0, m2 / (count - 1)));
  if (out.spread > 0) {
    out.z = out.gap / out.spread;
  } else {
    out.z = out.gap == 0 ? 0.0 : std::copysign(INFINITY, out.gap);  // identical others: any gap
  }
  out.judged = true;
  out.large = std::abs(out.gap) >= std::max(min_gap, kMaterialShare * std::abs(out.kept_mean));
  out.material = out.large && std::abs(out.z) >= kMaterialZ;
  return out;
}

}  // namespace retzef::sim
