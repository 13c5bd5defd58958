#include "sim/stats/mser.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace retzef::sim {
namespace {

// The gap between the deleted and the kept means in standard errors of their difference (the
// kept part starts at `kept_from`; the deleted stretch, of `deleted_n` observations, lies before
// it). The variance comes from 20 batch means of the kept part alone (the deleted part is what is
// in doubt), scaled to both parts' lengths: batch means absorb the autocorrelation that makes a
// slowly wandering series look biased to the MSER statistic. NaN when the kept part is too
// short for 20 batches of two.
double bias_z(std::span<const double> series, std::size_t kept_from, std::size_t deleted_n,
              std::size_t kept_n, double gap) {
  constexpr std::size_t kBatches = 20;
  if (kept_n < 2 * kBatches) return std::nan("");
  const std::size_t q = kept_n / kBatches;
  double s = 0, s2 = 0;
  for (std::size_t k = 0; k < kBatches; ++k) {
    double sum = 0;
    for (std::size_t i = 0; i < q; ++i)
      sum += series[kept_from + k * q + i];
    const double m = sum / static_cast<double>(q);
    s += m;
    s2 += m * m;
  }
  const double var_batch = std::max(0.0, (s2 - s * s / kBatches) / (kBatches - 1));
  const double per_observation = var_batch * static_cast<double>(q);
  const double se = std::sqrt(per_observation / static_cast<double>(kept_n) +
                              per_observation / static_cast<double>(deleted_n));
  if (se > 0) return gap / se;
  return gap == 0 ? 0.0 : std::copysign(INFINITY, gap);  // a flat kept part: any gap is real
}

}  // namespace

MserResult mser(std::span<const double> series, std::size_t batch_size) {
  if (batch_size == 0) throw std::invalid_argument("mser: the batch size must be at least 1");
  MserResult out;
  out.batches = series.size() / batch_size;
  out.statistic = std::nan("");
  out.deleted_mean = std::nan("");
  out.kept_mean = std::nan("");
  out.bias_z = std::nan("");
  const std::size_t b = out.batches;
  if (b < 2) return out;
  std::vector<double> means(b);
  for (std::size_t j = 0; j < b; ++j) {
    double sum = 0;
    for (std::size_t k = 0; k < batch_size; ++k)
      sum += series[j * batch_size + k];
    means[j] = sum / static_cast<double>(batch_size);
  }
  // Welford's recurrence from the last batch backwards gives the sum of squared deviations of
  // every suffix in one pass, without the cancellation of sums of squares.
  const std::size_t last = b / 2;  // the search covers d = 0 .. b/2
  double mean = 0;
  double m2 = 0;
  std::vector<double> statistic(last + 1);
  for (std::size_t j = b; j-- > 0;) {
    const double n = static_cast<double>(b - j);
    const double delta = means[j] - mean;
    mean += delta / n;
    m2 += delta * (means[j] - mean);
    if (j <= last) statistic[j] = m2 / (n * n);
  }
  std::size_t best = 0;
  for (std::size_t d = 1; d <= last; ++d) {
    if (statistic[d] < statistic[best]) best = d;  // the first minimum: ties keep less truncation
  }
  double deleted = 0;
  for (std::size_t j = 0; j < best; ++j)
    deleted += means[j];
  out.deleted_mean = best > 0 ? deleted / static_cast<double>(best) : std::nan("");
  double kept = 0;
  for (std::size_t j = best; j < b; ++j)
    kept += means[j];
  out.kept_mean = kept / static_cast<double>(b - best);
  out.truncation = best * batch_size;
  out.kept_n = (b - best) * batch_size;
  out.bias_z = best > 0 ? bias_z(series, best * batch_size, best * batch_size,
                                 (b - best) * batch_size, out.deleted_mean - out.kept_mean)
                        : std::nan("");
  out.at_search_limit = best == last && last > 0;
  out.statistic = statistic[best];
  return out;
}

namespace {

bool material(double deleted_mean, double kept_mean, double z, double min_gap) {
  const double gap = std::abs(deleted_mean - kept_mean);
  const bool large = gap >= std::max(min_gap, kMaterialShare * std::abs(kept_mean));
  // NaN z (a kept part too short to batch) cannot tell, so it does not veto.
  const bool beyond_noise = !(std::abs(z) < kMaterialZ);
  return large && beyond_noise;
}

}  // namespace

std::size_t material_truncation(const MserResult& r, double min_gap) {
  if (r.truncation == 0) return 0;
  return material(r.deleted_mean, r.kept_mean, r.bias_z, min_gap) ? r.truncation : 0;
}

std::size_t material_truncation(std::span<const double> series, const MserResult& r,
                                std::size_t warmup, double min_gap) {
  if (series.size() < r.truncation + r.kept_n) {
    throw std::invalid_argument("material_truncation: the series is not the one MSER read");
  }
  if (r.truncation <= warmup) return material_truncation(r, min_gap);
  // Only the stretch the warm-up leaves in is in doubt: what it deletes, however far from
  // the steady state, is not measured.
  double sum = 0;
  for (std::size_t i = warmup; i < r.truncation; ++i)
    sum += series[i];
  const std::size_t deleted_n = r.truncation - warmup;
  const double deleted_mean = sum / static_cast<double>(deleted_n);
  const double z = bias_z(series, r.truncation, deleted_n, r.kept_n, deleted_mean - r.kept_mean);
  return material(deleted_mean, r.kept_mean, z, min_gap) ? r.truncation : 0;
}

}  // namespace retzef::sim
