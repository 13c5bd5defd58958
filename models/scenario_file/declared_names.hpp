// The things a scenario declares by name (levels, groups, regions): the list of their names
// that references resolve against, the rule that a name is declared once, and the cap on how
// many there may be, which guards the fixed-size arrays of the model's summaries.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/scenario_file/input_reader.hpp"

namespace retzef::models {

template <class Spec>
std::vector<std::string> names_of(const std::vector<Spec>& specs) {
  std::vector<std::string> names;
  names.reserve(specs.size());
  for (const auto& spec : specs)
    names.push_back(spec.name);
  return names;
}

/// The names the entries of one array of tables declared, each with the first entry that
/// declared it: a hash map, since a file may hold 200,000 entries (refused by check_count, but
/// only once read), and a search of every earlier name for each took 33 s.
using DeclaredNames = std::unordered_map<std::string, std::size_t>;

/// Records a problem at `table`'s `name` when an earlier entry of `array_key` has it too.
void check_name_is_new(TableReader& table, const DeclaredNames& earlier,
                       std::string_view array_key);

/// Records a problem at the first entry of `root.array_key` beyond `limit`.
void check_count(TableReader& root, std::string_view array_key, std::size_t limit);

}  // namespace retzef::models
