#include "sim/stats/confidence.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "sim/stats/welford.hpp"

namespace retzef::sim {

double student_t_quantile(double level, std::size_t dof) {
  if (!(level > 0 && level < 1)) throw std::invalid_argument("confidence level must be in (0, 1)");
  if (dof == 0) throw std::invalid_argument("Student's t needs at least one degree of freedom");
  const boost::math::students_t dist(static_cast<double>(dof));
  return boost::math::quantile(dist, 0.5 + level / 2);
}

ConfidenceInterval confidence_interval(std::span<const double> values, double level) {
  ConfidenceInterval ci;
  ci.level = level;
  ci.n = values.size();
  Welford w;
  for (const double v : values)
    w.add(v);
  ci.mean = values.empty() ? std::nan("") : w.mean();
  if (values.size() < 2) {
    ci.lower = ci.upper = ci.mean;
    return ci;
  }
  ci.available = true;
  ci.sd = w.sd();
  ci.half_width = student_t_quantile(level, values.size() - 1) * ci.sd /
                  std::sqrt(static_cast<double>(values.size()));
  ci.lower = ci.mean - ci.half_width;
  ci.upper = ci.mean + ci.half_width;
  return ci;
}

ConfidenceInterval paired_difference(std::span<const double> a, std::span<const double> b,
                                     double level) {
  if (a.size() != b.size()) {
    throw std::invalid_argument("a paired difference needs the same number of replications");
  }
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    d[i] = a[i] - b[i];
  return confidence_interval(d, level);
}

}  // namespace retzef::sim
