// Setting a key of a scenario document to a value written in an experiment file: the overrides
// of an experiment and of each design, and the values of a sweep point. A key path is the
// scenario file's keys joined by dots; an element of an array of tables is chosen by its `name`
// or its index (`regions.catchment.capacity.inpatient`). Values are moved, not copied, so they
// keep their place in the experiment file, and the keys are given the place where the path is
// written: when the scenario is validated, a bad value or an unknown key is reported there.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

#include "sim/input/problem_log.hpp"

namespace retzef::experiments {

/// Values moved from the experiment document into a scenario document, each with what it
/// replaced there, so that both documents can be put back as they were: the cases of a design
/// borrow their values in turn from documents parsed once (a copy would lose each value's place
/// in its file, which messages need). Gives everything back, newest first, when it ends.
class Loans {
 public:
  Loans() = default;
  ~Loans() { give_back(); }
  Loans(const Loans&) = delete;
  Loans& operator=(const Loans&) = delete;

  /// `value` (the experiment's node, about to be moved) is set in `table` at `key`; what the
  /// table held there is kept to be put back.
  void lend(toml::node& value, toml::table& table, const toml::key& key);
  /// Sets `key` of `table` to a value of no document (nothing to give it back to); what the
  /// table held there is kept to be put back.
  void set(toml::table& table, std::string_view key, toml::node&& value);
  /// Moves every value back to where it came from and restores what it replaced.
  void give_back();
  /// True if a loan is set in `node` or a table below it: replacing `node` would destroy the
  /// table the loan must be given back to.
  bool lent_inside(const toml::node& node) const;

 private:
  struct Loan {
    toml::node* home;    ///< the value's node in the experiment document, moved from; or null
    toml::table* table;  ///< where in the scenario it is set
    toml::key key;
    toml::table replaced;  ///< the scenario's earlier value as `v`, if it had one
  };
  std::vector<Loan> loans_;
};

/// Sets `path` in `scenario` to `value`; with `loans`, lent (to be given back), else moved. A path
/// through an array element the scenario lacks, or through a plain value, is recorded in `log` at
/// `key_source` under `key_for_messages`.
void set_key_path(toml::table& scenario, std::string_view path, toml::node&& value,
                  const toml::source_region& key_source, const std::string& key_for_messages,
                  sim::input::ProblemLog& log, Loans* loans = nullptr);

/// Sets every entry of an override table (`table_path`, e.g. `designs.x.overrides`), moving
/// the values out of it (lending them, with `loans`). Does nothing when `overrides` is null or
/// not a table.
void apply_override_table(toml::table& scenario, toml::node* overrides,
                          const std::string& table_path, sim::input::ProblemLog& log,
                          Loans* loans = nullptr);

}  // namespace retzef::experiments
