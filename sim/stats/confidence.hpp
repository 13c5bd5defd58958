// Confidence intervals over independent replications: the Student-t interval of a mean, and
// of a paired difference between two designs run with common random numbers (replication k
// of each design saw the same random draws, so their difference cancels most of the noise).
// With fewer than two values no interval exists, and the result says so rather than invent
// one.
#pragma once

#include <cstddef>
#include <span>

namespace retzef::sim {

struct ConfidenceInterval {
  bool available = false;  ///< false with fewer than two values
  std::size_t n = 0;
  double level = 0.95;
  double mean = 0;
  double sd = 0;          ///< sample standard deviation of the values
  double half_width = 0;  ///< t quantile × sd / sqrt(n)
  double lower = 0;
  double upper = 0;
};

/// The two-sided quantile t such that P(|T| ≤ t) = level for Student's t with `dof` degrees
/// of freedom (dof ≥ 1, 0 < level < 1).
double student_t_quantile(double level, std::size_t dof);

/// The `level` interval of the mean of `values` (replication results).
ConfidenceInterval confidence_interval(std::span<const double> values, double level = 0.95);

/// The interval of the mean of a[k] − b[k]; a and b must have the same length (paired by
/// replication).
ConfidenceInterval paired_difference(std::span<const double> a, std::span<const double> b,
                                     double level = 0.95);

}  // namespace retzef::sim
