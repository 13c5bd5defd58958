// A small table written whole, not row by row from a run: named columns, each of strings or of
// numbers, such as the indicators' names, units and meanings. Plain data, so that a model can
// describe one without knowing where it is stored, and so that a column added later (another
// attribute of every row) is one more entry, not a new writer.
#pragma once

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace retzef::sim {

struct NamedColumn {
  std::string name;
  std::variant<std::vector<std::string>, std::vector<double>> values;
};

struct ColumnTable {
  std::string name;
  std::vector<NamedColumn> columns;

  /// Rows of the first column (every column must have as many).
  std::size_t rows() const {
    if (columns.empty()) return 0;
    return std::visit([](const auto& v) { return v.size(); }, columns.front().values);
  }
};

}  // namespace retzef::sim
