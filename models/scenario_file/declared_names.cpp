#include "models/scenario_file/declared_names.hpp"

namespace retzef::models {

void check_name_is_new(TableReader& table, const DeclaredNames& earlier,
                       std::string_view array_key) {
  const toml::node* node = table.get("name");
  if (node == nullptr || !node->is_string()) return;
  const std::string& name = node->as_string()->get();
  const auto it = earlier.find(name);
  if (it == earlier.end()) return;
  const std::size_t first = it->second;
  table.log().add(position_of(*node), table.child("name"),
                  "duplicate name \"" + name + "\" (also " + std::string(array_key) + "[" +
                      std::to_string(first) + "].name)");
}

void check_count(TableReader& root, std::string_view array_key, std::size_t limit) {
  const toml::node* node = root.table().get(array_key);
  const toml::array* array = node != nullptr ? node->as_array() : nullptr;
  if (array == nullptr || array->size() <= limit) return;
  root.log().add(position_of(*array->get(limit)),
                 std::string(array_key) + "[" + std::to_string(limit) + "]",
                 "too many: a scenario may declare at most " + std::to_string(limit) + " " +
                     std::string(array_key) + ", got " + std::to_string(array->size()));
}

}  // namespace retzef::models
