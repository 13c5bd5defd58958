#include "experiments/indicator_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "experiments/json_line.hpp"
#include "sim/stats/confidence.hpp"

namespace retzef::experiments {
namespace {

/// The finite values only: an indicator that cannot be formed in a replication (no admissions,
/// say) is left out of its interval rather than counted as zero.
std::vector<double> finite(const std::vector<double>& v) {
  std::vector<double> out;
  for (const double x : v) {
    if (std::isfinite(x)) out.push_back(x);
  }
  return out;
}

/// A share's interval as the report gives it: its lower end cut at zero, where the t interval of
/// a rare event's share would reach below it (docs/analysis.md). Only the lower end: an
/// occupancy is a share that can pass 1.
double lowest_possible(const models::IndicatorSpec& spec, double lower) {
  return spec.unit == "share" ? std::max(lower, 0.0) : lower;
}

}  // namespace

void print_json(const std::vector<DesignResult>& designs) {
  for (const auto& d : designs) {
    for (std::size_t i = 0; i < d.catalogue.size(); ++i) {
      const auto ci = sim::confidence_interval(finite(d.values[i]));
      JsonLine line;
      line.add("design", d.name)
          .add("indicator", d.catalogue[i].name)
          .add("unit", d.catalogue[i].unit);
      line.add("mean", ci.mean).add("n", std::uint64_t{ci.n});
      if (ci.available) {
        line.add("lower", lowest_possible(d.catalogue[i], ci.lower)).add("upper", ci.upper);
      }
      std::printf("%s\n", line.str().c_str());
    }
  }
  const DesignResult& base = designs.front();
  for (std::size_t k = 1; k < designs.size(); ++k) {
    for (std::size_t i = 0; i < designs[k].catalogue.size(); ++i) {
      for (std::size_t j = 0; j < base.catalogue.size(); ++j) {
        if (base.catalogue[j].name != designs[k].catalogue[i].name) continue;
        std::vector<double> a, b;
        for (std::size_t r = 0; r < designs[k].values[i].size(); ++r) {
          if (std::isfinite(designs[k].values[i][r]) && std::isfinite(base.values[j][r])) {
            a.push_back(designs[k].values[i][r]);
            b.push_back(base.values[j][r]);
          }
        }
        const auto d = sim::paired_difference(a, b);
        JsonLine line;
        line.add("design", designs[k].name).add("baseline", base.name);
        line.add("indicator", base.catalogue[j].name).add("difference", d.mean);
        line.add("n", std::uint64_t{d.n});
        if (d.available) line.add("lower", d.lower).add("upper", d.upper);
        std::printf("%s\n", line.str().c_str());
      }
    }
  }
  for (const auto& d : designs)
    print_design_json(d);
}

void print_design_json(const DesignResult& d) {
  // A result file keeps no timings (its /runs are the same whatever ran them): null, not 0.
  const double seconds = d.seconds > 0 ? d.seconds : std::nan("");
  std::printf("%s\n",
              JsonLine()
                  .add("design", d.name)
                  .add("replications", std::uint64_t{d.values.empty() ? 0 : d.values[0].size()})
                  .add("events", d.events)
                  .add("seconds", seconds)
                  .add("events_per_second", static_cast<double>(d.events) / seconds)
                  .add("warmup_days", d.warmup.warmup_days)
                  .add("warmup_check", warmup_check_name(d.warmup.check))
                  .add("warmup_note", d.warmup.line)
                  .str()
                  .c_str());
}

namespace {

/// "1234567" as "1,234,567".
std::string in_groups_of_three(std::string_view digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string grouped(std::uint64_t n) {
  return in_groups_of_three(std::to_string(n));
}

std::string table_number(double x, int significant) {
  char buf[64];
  const double size = std::abs(x);
  if (!(size >= std::pow(10.0, significant) && size < 1e15)) {
    std::snprintf(buf, sizeof buf, "%.*g", significant, x);
    return buf;
  }
  const double step = std::pow(10.0, std::floor(std::log10(size)) - (significant - 1));
  std::snprintf(buf, sizeof buf, "%.0f", std::round(size / step) * step);
  // Built by appending: g++ 12 warns wrongly (-Wrestrict) on a literal + a temporary string.
  std::string out(x < 0 ? "-" : "");
  out += in_groups_of_three(buf);
  return out;
}

namespace {

std::string cell(const sim::ConfidenceInterval& ci) {
  if (ci.n == 0 || !std::isfinite(ci.mean)) return "-";
  if (!ci.available) return table_number(ci.mean, 4);
  return table_number(ci.mean, 4) + " ± " + table_number(ci.half_width, 2);
}

/// A design's cell. A share whose half-width would reach below 0 shows its interval instead, cut
/// at 0 (and sets `cut`): "0.0002 ± 0.0003" reads as a share that could be negative. A
/// difference keeps its sign and its ±.
std::string design_cell(const sim::ConfidenceInterval& ci, const models::IndicatorSpec& spec,
                        bool& cut) {
  if (!ci.available || !std::isfinite(ci.mean) || lowest_possible(spec, ci.lower) == ci.lower) {
    return cell(ci);
  }
  cut = true;
  return table_number(ci.mean, 4) + " [0, " + table_number(ci.upper, 2) + "]";
}

}  // namespace

void print_table(const std::vector<DesignResult>& designs, std::FILE* out) {
  const DesignResult& base = designs.front();
  std::fprintf(out, "%-36s", "indicator (mean ± 95% half-width)");
  for (const auto& d : designs)
    std::fprintf(out, " %26s", d.name.c_str());
  for (std::size_t k = 1; k < designs.size(); ++k) {
    std::fprintf(out, " %26s", (designs[k].name + " - " + base.name).c_str());
  }
  std::fprintf(out, "  unit\n");
  bool cut = false;
  for (std::size_t j = 0; j < base.catalogue.size(); ++j) {
    const std::string& name = base.catalogue[j].name;
    std::fprintf(out, "%-36s", name.c_str());
    std::vector<const std::vector<double>*> columns;
    for (const auto& d : designs) {
      const std::vector<double>* v = nullptr;
      for (std::size_t i = 0; i < d.catalogue.size(); ++i) {
        if (d.catalogue[i].name == name) v = &d.values[i];
      }
      columns.push_back(v);
      const std::string shown =
          v ? design_cell(sim::confidence_interval(finite(*v)), base.catalogue[j], cut) : "-";
      std::fprintf(out, " %26s", shown.c_str());
    }
    for (std::size_t k = 1; k < designs.size(); ++k) {
      if (columns[k] == nullptr) {
        std::fprintf(out, " %26s", "-");
        continue;
      }
      std::vector<double> a, b;
      for (std::size_t r = 0; r < columns[k]->size(); ++r) {
        if (std::isfinite((*columns[k])[r]) && std::isfinite((*columns[0])[r])) {
          a.push_back((*columns[k])[r]);
          b.push_back((*columns[0])[r]);
        }
      }
      std::fprintf(out, " %26s", cell(sim::paired_difference(a, b)).c_str());
    }
    std::fprintf(out, "  %s\n", base.catalogue[j].unit.c_str());
  }
  if (cut) {
    std::fprintf(out,
                 "[0, upper]: a share's 95%% interval, cut at 0 where ± would reach below it\n");
  }
  if (designs.front().values.empty() || designs.front().values[0].size() < 2) {
    std::fprintf(out,
                 "(one replication: no confidence intervals; run with --replications 2 or more)\n");
  }
}

}  // namespace retzef::experiments
