// The scenarios compiled into the binary (experiments/scenarios/*.toml): the default region
// under each design. A name that is not a file is looked up here, so `retzef run medical` works
// anywhere; `retzef scenarios` lists them and can print one to start a new scenario from.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retzef::experiments {

struct BuiltinScenario {
  std::string name;  ///< the file's name without .toml
  std::string_view text;
};

const std::vector<BuiltinScenario>& builtin_scenarios();

}  // namespace retzef::experiments
