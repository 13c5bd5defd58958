// The scenario reader's vocabulary: the TOML reader, problem log and name suggestions of the
// input library (sim/input/), named in retzef::models so that the section readers stay short.
// Only the scenario reader's own files include this; other code names sim::input directly.
#pragma once

#include "sim/input/closest_name.hpp"
#include "sim/input/problem_log.hpp"
#include "sim/input/toml_reader.hpp"

namespace retzef::models {

using sim::input::Bounds;
using sim::input::closest_name;
using sim::input::count_of;
using sim::input::describe_value;
using sim::input::FilePosition;
using sim::input::format_number;
using sim::input::join_names;
using sim::input::Need;
using sim::input::position_of;
using sim::input::ProblemLog;
using sim::input::read_integer;
using sim::input::read_number;
using sim::input::read_numbers;
using sim::input::read_reference;
using sim::input::read_string;
using sim::input::TableReader;
using sim::input::unknown_name_message;

}  // namespace retzef::models
