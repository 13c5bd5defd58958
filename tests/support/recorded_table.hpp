// A table a run recorded into a sim::MemorySink, read back as rows of doubles over every LP with
// its column names, so that model tests can check records against totals by column name.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/output/memory_sink.hpp"

namespace retzef::testing {

struct RecordedTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;

  std::size_t column(const std::string& name) const {
    const auto it = std::find(columns.begin(), columns.end(), name);
    REQUIRE(it != columns.end());
    return static_cast<std::size_t>(it - columns.begin());
  }
};

/// Table `name` of the sink, the rows of LPs 0 .. lps-1 in LP order.
inline RecordedTable recorded_table(const sim::MemorySink& sink, const std::string& name,
                                    std::uint32_t lps) {
  RecordedTable t;
  const sim::TableId id = sink.table(name);
  for (const auto& c : sink.tables()[id].columns)
    t.columns.push_back(c.name);
  for (std::uint32_t lp = 0; lp < lps; ++lp) {
    const auto& v = sink.values(id, lp);
    for (std::size_t i = 0; i < v.size(); i += t.columns.size())
      t.rows.emplace_back(v.begin() + static_cast<std::ptrdiff_t>(i),
                          v.begin() + static_cast<std::ptrdiff_t>(i + t.columns.size()));
  }
  return t;
}

}  // namespace retzef::testing
