// The coordinator policies a scenario can name, each with the parameters it takes. The
// scenario loader checks `[policy]` against this table (unknown names and keys are errors,
// values outside [min, max] too), and the model builds the policy from it. Adding a policy is
// one class and one entry here.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace retzef::models {

class Policy;
struct Scenario;

struct PolicyParam {
  std::string name;
  double default_value = 0;
  double min = 0;
  double max = 0;
  std::string unit;     ///< "day", "probability", "person", "factor", "acuity"
  std::string meaning;  ///< one line for docs and error messages
};

struct PolicyInfo {
  std::string name;
  std::string description;
  std::vector<PolicyParam> params;
  /// Builds the policy for a validated scenario (its params complete: defaults filled in).
  std::unique_ptr<Policy> (*make)(const Scenario&) = nullptr;
};

/// Every registered policy, in a fixed order.
std::span<const PolicyInfo> policies();

/// The policy of that name, or nullptr.
const PolicyInfo* find_policy(std::string_view name);

}  // namespace retzef::models
