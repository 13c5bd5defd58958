// Values of a scenario document that is assembled from several files (a base and the file that
// names it): moved from one table to another with the file and line they were written at, and
// a document refused at one of them. scenario_base.cpp merges with them and
// provision_from_base.cpp takes a base's provision with them, so that a problem found later is
// still reported where its value was written.
#pragma once

#include <string_view>

#include <toml++/toml.h>

#include "experiments/scenario_source.hpp"

namespace retzef::experiments {

/// Moves `node` into `table` under `key`, keeping its file and line (a copy would lose them).
void move_into(toml::table& table, const toml::key& key, toml::node&& node);

/// Throws models::ScenarioError with one problem: `what` at `at` (in its own file, or in
/// `source`'s when it has none), under `key_path`.
[[noreturn]] void refuse_at(const ScenarioSource& source, const toml::node& at,
                            std::string_view key_path, std::string_view what);

}  // namespace retzef::experiments
