// A length of stay (or any duration) ready to draw: a DurationSpec from the scenario with its
// parameters converted once (lognormal and gamma from mean and sd, empirical tables built), so
// that a draw on the hot path is a switch and one or two random numbers.
#pragma once

#include <cmath>

#include "models/scenario.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::models {

class Duration {
 public:
  Duration() = default;
  explicit Duration(const DurationSpec& spec) : kind_(spec.kind) {
    using K = DurationSpec::Kind;
    switch (kind_) {
      case K::fixed:
      case K::exponential:
        a_ = spec.mean;
        break;
      case K::lognormal: {
        const double s2 = std::log1p(spec.sd * spec.sd / (spec.mean * spec.mean));
        a_ = std::log(spec.mean) - 0.5 * s2;
        b_ = std::sqrt(s2);
        break;
      }
      case K::gamma:  // shape = (mean/sd)^2, scale = sd^2/mean
        a_ = spec.mean * spec.mean / (spec.sd * spec.sd);
        b_ = spec.sd * spec.sd / spec.mean;
        break;
      case K::weibull:
        a_ = spec.shape;
        b_ = spec.scale;
        break;
      case K::uniform:
        a_ = spec.min;
        b_ = spec.max;
        break;
      case K::empirical:
        empirical_ = sim::EmpiricalDistribution(spec.values, spec.cumulative);
        break;
    }
  }

  double operator()(sim::RandomStream& rng) const {
    using K = DurationSpec::Kind;
    switch (kind_) {
      case K::fixed:
        return a_;
      case K::exponential:
        return sim::exponential_mean(rng, a_);
      case K::lognormal:
        return sim::lognormal(rng, a_, b_);
      case K::gamma:
        return sim::gamma(rng, a_, b_);
      case K::weibull:
        return sim::weibull(rng, a_, b_);
      case K::uniform:
        return sim::uniform(rng, a_, b_);
      case K::empirical:
        return empirical_(rng);
    }
    return a_;
  }

  double mean() const {
    using K = DurationSpec::Kind;
    switch (kind_) {
      case K::fixed:
      case K::exponential:
        return a_;
      case K::lognormal:
        return std::exp(a_ + 0.5 * b_ * b_);
      case K::gamma:
        return a_ * b_;
      case K::weibull:
        return b_ * std::tgamma(1 + 1 / a_);
      case K::uniform:
        return 0.5 * (a_ + b_);
      case K::empirical:
        return empirical_.mean();
    }
    return a_;
  }

 private:
  DurationSpec::Kind kind_ = DurationSpec::Kind::fixed;
  double a_ = 0;
  double b_ = 0;
  sim::EmpiricalDistribution empirical_;
};

}  // namespace retzef::models
