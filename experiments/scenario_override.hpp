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

#include "sim/input/problem_log.hpp"

namespace retzef::experiments {

/// Sets `path` in `scenario` to `value`. A path through an array element the scenario lacks,
/// or through a plain value, is recorded in `log` at `key_source` under `key_for_messages`.
void set_key_path(toml::table& scenario, std::string_view path, toml::node&& value,
                  const toml::source_region& key_source, const std::string& key_for_messages,
                  sim::input::ProblemLog& log);

/// Sets every entry of an override table (`table_path`, e.g. `designs.x.overrides`), moving
/// the values out of it. Does nothing when `overrides` is null or not a table.
void apply_override_table(toml::table& scenario, toml::node* overrides,
                          const std::string& table_path, sim::input::ProblemLog& log);

}  // namespace retzef::experiments
