#include "experiments/scenario_override.hpp"

#include <type_traits>
#include <vector>

#include "experiments/experiment_plan.hpp"
#include "sim/input/toml_reader.hpp"

namespace retzef::experiments {

namespace {

/// The element of `array` called `want` (by `name`, or by index), or null with the names it has.
toml::table* element_named(toml::array& array, const std::string& want,
                           std::vector<std::string>& names) {
  toml::table* found = nullptr;
  for (std::size_t j = 0; j < array.size(); ++j) {
    auto* element = array[j].as_table();
    if (element == nullptr) continue;
    const auto* name = element->get_as<std::string>("name");
    names.push_back(name != nullptr ? name->get() : std::to_string(j));
    if (names.back() == want || std::to_string(j) == want) found = element;
  }
  return found;
}

/// Moves `from` into `to`, a node of the same type (the one it was moved out of).
void move_back(toml::node&& from, toml::node& to) {
  std::move(from).visit([&to](auto&& v) {
    using Node = std::remove_cvref_t<decltype(v)>;
    static_cast<Node&>(to) = std::move(v);
  });
}

}  // namespace

void Loans::lend(toml::node& value, toml::table& table, const toml::key& key) {
  Loan loan{&value, &table, key, {}};
  if (toml::node* earlier = table.get(key.str())) {
    std::move(*earlier).visit([&loan](auto&& v) { loan.replaced.insert("v", std::move(v)); });
  }
  loans_.push_back(std::move(loan));
}

void Loans::set(toml::table& table, std::string_view key, toml::node&& value) {
  const toml::key k(key);
  Loan loan{nullptr, &table, k, {}};
  if (toml::node* earlier = table.get(key)) {
    std::move(*earlier).visit([&loan](auto&& v) { loan.replaced.insert("v", std::move(v)); });
  }
  loans_.push_back(std::move(loan));
  std::move(value).visit([&](auto&& v) { table.insert_or_assign(k, std::move(v)); });
}

void Loans::give_back() {
  for (auto it = loans_.rbegin(); it != loans_.rend(); ++it) {
    toml::node* lent = it->table->get(it->key.str());
    if (lent != nullptr && it->home != nullptr && lent->type() == it->home->type()) {
      move_back(std::move(*lent), *it->home);
    }
    if (toml::node* earlier = it->replaced.get("v")) {
      std::move(*earlier).visit(
          [&](auto&& v) { it->table->insert_or_assign(it->key, std::move(v)); });
    } else {
      it->table->erase(it->key.str());
    }
  }
  loans_.clear();
}

bool Loans::lent_inside(const toml::node& node) const {
  if (node.is_table()) {
    const auto& t = *node.as_table();
    for (const auto& loan : loans_) {
      if (loan.table == &t) return true;
    }
    for (auto&& [k, child] : t) {
      if (lent_inside(child)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& element : *node.as_array()) {
      if (lent_inside(element)) return true;
    }
  }
  return false;
}

void set_key_path(toml::table& scenario, std::string_view path, toml::node&& value,
                  const toml::source_region& key_source, const std::string& key_for_messages,
                  sim::input::ProblemLog& log, Loans* loans) {
  const auto parts = split_key_path(path);
  const auto at = sim::input::position_of(toml::key(parts.back(), key_source));
  toml::table* current = &scenario;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    toml::node* n = current->get(parts[i]);
    if (n == nullptr) {
      // A table the scenario leaves out; validation judges whether it may be there.
      current =
          current->insert(toml::key(parts[i], key_source), toml::table{}).first->second.as_table();
    } else if (auto* t = n->as_table()) {
      current = t;
    } else if (auto* a = n->as_array()) {
      std::vector<std::string> names;
      current = element_named(*a, parts[i + 1], names);
      if (current == nullptr) {
        log.add(at, key_for_messages,
                sim::input::unknown_name_message(parts[i + 1], names, parts[i] + " element"));
        return;
      }
      if (i + 2 == parts.size()) {
        log.add(at, key_for_messages,
                "expected a key inside the " + parts[i] + " element " +
                    sim::input::quoted(parts[i + 1]) + ", got the whole element");
        return;
      }
      ++i;
    } else {
      log.add(at, key_for_messages,
              "expected a path through tables, but " + parts[i] + " is a value in the scenario");
      return;
    }
  }
  const toml::key key(parts.back(), key_source);
  if (loans != nullptr) {
    if (const toml::node* earlier = current->get(key.str());
        earlier != nullptr && loans->lent_inside(*earlier)) {
      log.add(at, key_for_messages,
              "expected one override per key, but " + std::string(path) +
                  " replaces a table in which another override already sets a key");
      return;
    }
    loans->lend(value, *current, key);
  }
  std::move(value).visit([&](auto&& v) { current->insert_or_assign(key, std::move(v)); });
}

void apply_override_table(toml::table& scenario, toml::node* overrides,
                          const std::string& table_path, sim::input::ProblemLog& log,
                          Loans* loans) {
  if (overrides == nullptr || overrides->as_table() == nullptr) return;
  for (auto&& [k, v] : *overrides->as_table()) {
    set_key_path(scenario, k.str(), std::move(v), k.source(), override_key(table_path, k.str()),
                 log, loans);
  }
}

}  // namespace retzef::experiments
