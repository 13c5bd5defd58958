#include "experiments/group_name.hpp"

#include <cstdio>

namespace retzef::experiments {

namespace {

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

}  // namespace

std::optional<std::string> group_name_problem(std::string_view name) {
  if (name.empty()) return "empty";
  if (name == "." || name == "..") {
    // Appended, not "literal" + string: g++ 12 warns falsely (-Wrestrict) on the latter.
    std::string problem = "\"";
    problem += name;
    problem += "\" names a path, not a group";
    return problem;
  }
  for (const char c : name) {
    if (c == '/') return "contains '/', which HDF5 reads as a path separator";
    if (c == '\0') return "contains NUL";
    if (is_control(c)) return "contains a control character";
  }
  return std::nullopt;
}

std::string shown_name(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (!is_control(c)) {
      out += c;
      continue;
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
    out += buf;
  }
  return out + "\"";
}

}  // namespace retzef::experiments
