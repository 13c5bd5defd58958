#include "experiments/budget_check.hpp"

#include <cmath>
#include <cstddef>
#include <string_view>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "sim/stats/confidence.hpp"

namespace retzef::experiments {
namespace {

constexpr std::string_view kBudget = "budget_per_year";

constexpr std::string_view kSpending = "spending_per_year";
constexpr std::string_view kUsed = "budget_used";

const std::vector<double>* find(const DesignResult& d, std::string_view name) {
  for (std::size_t i = 0; i < d.catalogue.size() && i < d.values.size(); ++i) {
    if (d.catalogue[i].name == name) return &d.values[i];
  }
  return nullptr;
}

/// The mean over replications of the finite values (a replication with no observation is NaN);
/// NaN when there are none.
double finite_mean(const std::vector<double>& values) {
  double sum = 0;
  std::size_t n = 0;
  for (const double v : values) {
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  }
  return n == 0 ? NAN : sum / static_cast<double>(n);
}

double mean_of(const DesignResult& d, std::string_view name) {
  const std::vector<double>* values = find(d, name);
  return values == nullptr ? NAN : finite_mean(*values);
}

}  // namespace

std::vector<BudgetComparison> compare_budgets(const std::vector<DesignResult>& designs) {
  std::vector<BudgetComparison> out;
  if (designs.size() < 2) return out;
  const std::vector<double>* base = find(designs.front(), kBudget);
  if (base == nullptr) return out;
  for (std::size_t k = 1; k < designs.size(); ++k) {
    const std::vector<double>* other = find(designs[k], kBudget);
    if (other == nullptr) continue;
    // Paired: replication r of every design shares its people's random numbers.
    std::vector<double> relative;
    for (std::size_t r = 0; r < base->size() && r < other->size(); ++r) {
      if ((*base)[r] > 0 && std::isfinite((*other)[r])) {
        relative.push_back((*other)[r] / (*base)[r] - 1);
      }
    }
    if (relative.empty()) continue;
    const auto ci = sim::confidence_interval(relative);
    BudgetComparison c;
    c.design = designs[k].name;
    c.mean = ci.mean;
    // One replication has no interval: the point itself decides.
    c.low = std::isfinite(ci.lower) ? ci.lower : ci.mean;
    c.high = std::isfinite(ci.upper) ? ci.upper : ci.mean;
    c.same = c.low >= -kSameBudgetTolerance && c.high <= kSameBudgetTolerance;
    c.spent = mean_of(designs[k], kUsed);
    c.baseline_spent = mean_of(designs.front(), kUsed);
    out.push_back(c);
  }
  return out;
}

std::string budget_line(const BudgetComparison& c, const std::string& baseline) {
  const double pct = 100 * kSameBudgetTolerance;
  if (c.same) {
    // The same budget says nothing of how much of it buys care used: say it beside.
    const std::string spent =
        std::isfinite(c.spent) && std::isfinite(c.baseline_spent)
            ? fmt::format(", of which {} spends {:.0f}% and {} {:.0f}%", c.design, 100 * c.spent,
                          baseline, 100 * c.baseline_spent)
            : "";
    return fmt::format(
        "{} vs {}: same budget (paired difference {:+.2f}% [{:+.2f}%, {:+.2f}%], "
        "within ±{:g}%){}",
        c.design, baseline, 100 * c.mean, 100 * c.low, 100 * c.high, pct, spent);
  }
  return fmt::format(
      "{} vs {}: not a same-budget comparison: budgets differ by {:+.2f}% "
      "[{:+.2f}%, {:+.2f}%] (paired), beyond ±{:g}%; differences in results mix "
      "the design with the money",
      c.design, baseline, 100 * c.mean, 100 * c.low, 100 * c.high, pct);
}

std::vector<std::string> idle_capacity_warnings(const DesignResult& d) {
  std::vector<std::string> out;
  std::string emptiest;
  double emptiest_use = INFINITY;
  for (std::size_t i = 0; i < d.catalogue.size() && i < d.values.size(); ++i) {
    const models::IndicatorSpec& spec = d.catalogue[i];
    if (spec.family != models::IndicatorFamily::occupancy) continue;
    // A level with no places has no occupancy (NaN): nothing is paid for.
    const double use = finite_mean(d.values[i]);
    if (!std::isfinite(use)) continue;
    const std::string level = spec.name.substr(std::string_view("occupancy_").size());
    if (use < emptiest_use) {
      emptiest = level;
      emptiest_use = use;
    }
    if (use >= kIdleCapacityShare) continue;
    out.push_back(
        fmt::format("{}: pays for places at {} and uses {:.1f}% of them: capacity its "
                    "policy cannot use (remove it, or give the policy a route to it)",
                    d.name, level, 100 * use));
  }
  const double used = mean_of(d, kUsed);
  if (!(used < kSpentBudgetShare)) return out;
  const double budget = mean_of(d, kBudget), spending = mean_of(d, kSpending);
  const std::string money =
      std::isfinite(budget) && std::isfinite(spending)
          ? fmt::format(" ({:.1f} of {:.1f} M NIS a year: {:.1f} M NIS a year buy no care used)",
                        spending / 1e6, budget / 1e6, (budget - spending) / 1e6)
          : "";
  const std::string where = emptiest.empty() ? ""
                                             : fmt::format(", the most at {} ({:.0f}% used)",
                                                           emptiest, 100 * emptiest_use);
  out.push_back(fmt::format(
      "{}: spends {:.0f}% of its budget{}: places paid for and left empty{}; a same-budget "
      "comparison counts that money as the design's (buy less of that level, or give it to "
      "levels that are full)",
      d.name, 100 * used, money, where));
  return out;
}

void log_budget_checks(const std::vector<DesignResult>& designs) {
  for (const auto& d : designs) {
    for (const auto& w : idle_capacity_warnings(d))
      spdlog::warn("{}", w);
  }
  if (designs.empty()) return;
  for (const auto& c : compare_budgets(designs)) {
    const std::string line = budget_line(c, designs.front().name);
    if (c.same) {
      spdlog::info("{}", line);
    } else {
      spdlog::warn("{}", line);
    }
  }
}

}  // namespace retzef::experiments
