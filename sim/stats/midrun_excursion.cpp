#include "sim/stats/midrun_excursion.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace retzef::sim {

MidRunMatch midrun_match(std::span<const std::span<const double>> series, double opening_gap,
                         std::size_t len) {
  if (len == 0) throw std::invalid_argument("midrun_match: a stretch of 0 observations");
  MidRunMatch out;
  if (series.empty()) return out;
  const std::size_t n = series[0].size();
  for (std::size_t k = 0; k < series.size(); ++k) {
    if (series[k].size() != n) {
      throw std::invalid_argument("midrun_match: replication " + std::to_string(k) + " has " +
                                  std::to_string(series[k].size()) +
                                  " observations, replication 0 " + std::to_string(n));
    }
  }
  if (n < 2 * len) return out;
  // The opening's way: a dip is matched by a dip, a flood by a flood.
  const double sign = opening_gap < 0 ? -1.0 : 1.0;
  const double wanted = sign * opening_gap;
  const auto l = static_cast<double>(len), rest = static_cast<double>(n - len);
  std::vector<double> prefix(n + 1);
  bool first = true;
  for (std::size_t k = 0; k < series.size(); ++k) {
    prefix[0] = 0;
    for (std::size_t i = 0; i < n; ++i)
      prefix[i + 1] = prefix[i] + series[k][i];
    const double total = prefix[n];
    for (std::size_t s = len; s + len <= n; ++s) {
      const double inside = prefix[s + len] - prefix[s];
      const double gap = inside / l - (total - inside) / rest;
      ++out.stretches;
      if (sign * gap >= wanted) ++out.as_far;
      if (first || sign * gap > sign * out.gap) {
        out.replication = k;
        out.start = s;
        out.gap = gap;
        first = false;
      }
    }
  }
  return out;
}

}  // namespace retzef::sim
