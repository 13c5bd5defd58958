// [policy]: a registered policy by name, and its declared parameters, with defaults filled in
// so that the model never has to know which were written.
#include <algorithm>
#include <vector>

#include "models/policy_registry.hpp"
#include "models/scenario_file/input_reader.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

std::vector<std::string> policy_names() {
  std::vector<std::string> names;
  for (const auto& p : policies())
    names.push_back(p.name);
  return names;
}

std::vector<std::string> param_names(const PolicyInfo& info) {
  std::vector<std::string> names;
  for (const auto& p : info.params)
    names.push_back(p.name);
  return names;
}

std::string unknown_param_message(const PolicyInfo& info, std::string_view written) {
  if (info.params.empty()) return "unknown key: policy " + info.name + " takes no parameters";
  const auto names = param_names(info);
  std::string what =
      "unknown parameter of policy " + info.name + "; expected one of: " + join_names(names);
  const std::string near = closest_name(written, names);
  if (!near.empty()) what += " (did you mean " + near + "?)";
  return what;
}

void read_param(const PolicyInfo& info, const toml::key& key, const toml::node& value,
                const std::string& path, ProblemLog& log, PolicySpec& out) {
  const auto it = std::find_if(info.params.begin(), info.params.end(),
                               [&key](const PolicyParam& p) { return p.name == key.str(); });
  if (it == info.params.end()) {
    log.add(position_of(key), path, unknown_param_message(info, key.str()));
    return;
  }
  const Bounds bounds = Bounds::between(it->min, it->max);
  const bool is_number = value.is_integer() || value.is_floating_point();
  const double x = is_number ? value.value<double>().value_or(0) : 0;
  const bool flag_ok = it->unit != "flag" || x == 0 || x == 1;
  if (!is_number || !bounds.contains(x) || !flag_ok) {
    log.add(position_of(value), path,
            "expected " + (it->unit == "flag" ? std::string("0 or 1") : bounds.describe(false)) +
                " (unit: " + it->unit + "), got " + describe_value(value));
    return;
  }
  out.params[it->name] = x;
}

}  // namespace

void read_policy(TableReader& root, Scenario& s) {
  root.table("policy", Need::required, [&s](TableReader& t) {
    const auto names = policy_names();
    const PolicyInfo* info = nullptr;
    if (const toml::node* node =
            t.get("name", Need::required, "a registered policy: " + join_names(names))) {
      if (auto index = read_reference(*node, t.child("name"), names, "policy", t.log())) {
        info = &policies()[*index];
        s.policy.name = info->name;
      }
    }
    t.entries([&](const toml::key& key, const toml::node& value, const std::string& path) {
      // Parameters of an unknown policy cannot be judged; its name is the one problem.
      if (key.str() == "name" || info == nullptr) return;
      read_param(*info, key, value, path, t.log(), s.policy);
    });
    if (info == nullptr) return;
    for (const auto& p : info->params)
      s.policy.params.try_emplace(p.name, p.default_value);
  });
}

}  // namespace retzef::models
