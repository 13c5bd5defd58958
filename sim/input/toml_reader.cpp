#include "sim/input/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "sim/input/closest_name.hpp"
#include "sim/input/key_depth.hpp"

namespace retzef::sim::input {

namespace {

FilePosition to_position(const toml::source_position& p) {
  // toml++ leaves positions at 0 for nodes it made up; the file starts at 1:1.
  return {std::max<std::uint32_t>(p.line, 1), std::max<std::uint32_t>(p.column, 1)};
}

std::string expected_got(std::string_view expected, const toml::node& node) {
  return "expected " + std::string(expected) + ", got " + describe_value(node);
}

/// What is_identifier accepts, as a message says it. ASCII only: a name is a key of overrides
/// and sweeps, a column of the output and a label of the report.
constexpr std::string_view kIdentifier = "a name of ASCII letters, digits, _ and -";

}  // namespace

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string quoted(std::string_view s) {
  constexpr std::size_t kShown = 40;
  std::string out = "\"";
  out += one_line(s.substr(0, kShown));
  if (s.size() > kShown) out += "…";
  out += '"';
  return out;
}

FilePosition position_of(const toml::source_region& where) {
  FilePosition at = to_position(where.begin);
  at.file = where.path;
  return at;
}
FilePosition position_of(const toml::node& node) {
  return position_of(node.source());
}
FilePosition position_of(const toml::key& key) {
  return position_of(key.source());
}

std::optional<toml::table> parse_toml(std::string_view text, const std::string& path,
                                      ProblemLog& log) {
  if (const auto deep = find_too_deep_key(text)) {
    log.add(deep->at, "TOML syntax", too_deep_key_message(*deep));
    return std::nullopt;
  }
  try {
    return toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    log.add(to_position(e.source().begin), "TOML syntax", e.description());
    return std::nullopt;
  }
}

bool Bounds::contains(double x) const {
  if (!std::isfinite(x)) return false;
  const bool low_ok = min_excluded ? x > min : x >= min;
  const bool high_ok = max_excluded ? x < max : x <= max;
  return low_ok && high_ok;
}

std::string Bounds::condition() const {
  const bool has_min = std::isfinite(min);
  const bool has_max = std::isfinite(max);
  if (has_min && has_max) {
    return std::string(" in ") + (min_excluded ? "(" : "[") + format_number(min) + ", " +
           format_number(max) + (max_excluded ? ")" : "]");
  }
  if (has_min) return (min_excluded ? " > " : " ≥ ") + format_number(min);
  if (has_max) return (max_excluded ? " < " : " ≤ ") + format_number(max);
  return "";
}

std::string Bounds::describe(bool integer) const {
  const std::string range = condition();
  if (integer) return "an integer" + range;
  return range.empty() ? "a finite number" : "a number" + range;
}

std::string format_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

std::string count_of(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::string describe_value(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::integer:
      return std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point: {
      // A float that looks like an integer would hide why an integer key rejected it.
      std::string s = format_number(node.as_floating_point()->get());
      if (s.find_first_of(".ein") == std::string::npos) s += ".0";
      return s;
    }
    case toml::node_type::string:
      return quoted(node.as_string()->get());
    case toml::node_type::boolean:
      return node.as_boolean()->get() ? "true" : "false";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date or time";
  }
}

namespace {

/// The node's value when it is a number within `bounds`; nothing otherwise. Says nothing:
/// the caller makes the message, and its key path, only when there is a problem.
std::optional<double> number_within(const toml::node& node, const Bounds& bounds) {
  std::optional<double> x;
  if (node.is_integer()) x = static_cast<double>(node.as_integer()->get());
  if (node.is_floating_point()) x = node.as_floating_point()->get();
  if (!x || !bounds.contains(*x)) return std::nullopt;
  return x;
}

/// The node's value when it is an integer within `bounds`; nothing otherwise (as
/// number_within).
std::optional<std::int64_t> integer_within(const toml::node& node, const Bounds& bounds) {
  if (!node.is_integer() || !bounds.contains(static_cast<double>(node.as_integer()->get()))) {
    return std::nullopt;
  }
  return node.as_integer()->get();
}

}  // namespace

std::optional<double> read_number(const toml::node& node, std::string_view path,
                                  const Bounds& bounds, ProblemLog& log) {
  const std::optional<double> x = number_within(node, bounds);
  if (!x) log.add(position_of(node), path, expected_got(bounds.describe(false), node));
  return x;
}

std::optional<std::int64_t> read_integer(const toml::node& node, std::string_view path,
                                         const Bounds& bounds, ProblemLog& log) {
  const std::optional<std::int64_t> x = integer_within(node, bounds);
  if (!x) log.add(position_of(node), path, expected_got(bounds.describe(true), node));
  return x;
}

std::optional<std::string> read_string(const toml::node& node, std::string_view path,
                                       ProblemLog& log) {
  if (!node.is_string()) {
    log.add(position_of(node), path, expected_got("a string", node));
    return std::nullopt;
  }
  return node.as_string()->get();
}

std::optional<std::vector<double>> read_numbers(const toml::node& node, std::string_view path,
                                                const Bounds& each, ProblemLog& log) {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    log.add(position_of(node), path, expected_got("an array of numbers" + each.condition(), node));
    return std::nullopt;
  }
  std::vector<double> out;
  out.reserve(array->size());
  bool ok = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    if (auto x = number_within(element, each)) {
      out.push_back(*x);
    } else {
      log.add(position_of(element), std::string(path) + "[" + std::to_string(i) + "]",
              expected_got(each.describe(false), element));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::string unknown_name_message(std::string_view written, std::span<const std::string> names,
                                 std::string_view kind) {
  std::string what = "unknown " + std::string(kind) + " " + quoted(written);
  if (names.empty()) return what + "; none is declared";
  // Thousands of regions would drown the message; the first few show the naming pattern.
  constexpr std::size_t kListed = 20;
  what += "; expected one of: " + join_names(names.first(std::min(names.size(), kListed)));
  if (names.size() > kListed) what += ", … (" + std::to_string(names.size()) + " in all)";
  const std::string near = closest_name(written, names);
  if (!near.empty()) what += " (did you mean " + near + "?)";
  return what;
}

std::optional<std::uint32_t> read_reference(const toml::node& node, std::string_view path,
                                            std::span<const std::string> names,
                                            std::string_view kind, ProblemLog& log) {
  if (!node.is_string()) {
    log.add(position_of(node), path, expected_got("a " + std::string(kind) + " name", node));
    return std::nullopt;
  }
  const std::string& written = node.as_string()->get();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == written) return static_cast<std::uint32_t>(i);
  }
  log.add(position_of(node), path, unknown_name_message(written, names, kind));
  return std::nullopt;
}

std::string TableReader::child(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

const toml::node* TableReader::get(std::string_view key) {
  known_.emplace_back(key);
  return table_.get(key);
}

const toml::node* TableReader::get(std::string_view key, Need need, std::string_view expected) {
  const toml::node* node = get(key);
  if (node == nullptr && need == Need::required) missing(key, expected);
  return node;
}

void TableReader::missing(std::string_view key, std::string_view expected) {
  log_.add(position(), child(key), "missing; expected " + std::string(expected));
}

void TableReader::number(std::string_view key, double& out, const Bounds& bounds, Need need) {
  const toml::node* node = get(key, need, [&] { return bounds.describe(false); });
  if (node == nullptr) return;
  if (auto x = number_within(*node, bounds)) {
    out = *x;
  } else {
    log_.add(position_of(*node), child(key), expected_got(bounds.describe(false), *node));
  }
}

void TableReader::integer(std::string_view key, std::uint64_t& out, const Bounds& bounds,
                          Need need) {
  const toml::node* node = get(key, need, [&] { return bounds.describe(true); });
  if (node == nullptr) return;
  if (auto x = integer_within(*node, bounds)) {
    out = static_cast<std::uint64_t>(*x);
  } else {
    log_.add(position_of(*node), child(key), expected_got(bounds.describe(true), *node));
  }
}

void TableReader::integer(std::string_view key, std::uint32_t& out, const Bounds& bounds,
                          Need need) {
  std::uint64_t wide = out;
  integer(key, wide, bounds, need);
  out = static_cast<std::uint32_t>(wide);
}

void TableReader::string(std::string_view key, std::string& out, Need need) {
  const toml::node* node = get(key, need, "a string");
  if (node == nullptr) return;
  if (auto s = read_string(*node, child(key), log_)) out = *s;
}

void TableReader::name(std::string_view key, std::string& out, Need need) {
  const toml::node* node = get(key, need, kIdentifier);
  if (node == nullptr) return;
  if (!node->is_string() || !is_identifier(node->as_string()->get())) {
    log_.add(position_of(*node), child(key), expected_got(kIdentifier, *node));
    return;
  }
  out = node->as_string()->get();
}

void TableReader::boolean(std::string_view key, bool& out, Need need) {
  const toml::node* node = get(key, need, "true or false");
  if (node == nullptr) return;
  if (!node->is_boolean()) {
    log_.add(position_of(*node), child(key), expected_got("true or false", *node));
    return;
  }
  out = node->as_boolean()->get();
}

std::optional<std::vector<double>> TableReader::fixed_numbers(std::string_view key,
                                                              std::size_t count, const Bounds& each,
                                                              Need need) {
  const auto expected = [&] { return std::to_string(count) + " numbers" + each.condition(); };
  const toml::node* node = get(key, need, expected);
  if (node == nullptr) return std::nullopt;
  auto values = read_numbers(*node, child(key), each, log_);
  if (values && values->size() != count) {
    log_.add(position_of(*node), child(key),
             "expected " + expected() + ", got " + count_of(values->size(), "value"));
    return std::nullopt;
  }
  return values;
}

void TableReader::weights(std::string_view key, std::vector<double>& out, std::size_t count,
                          Need need) {
  const auto expected = [&] { return std::to_string(count) + " weights ≥ 0 summing to 1"; };
  const toml::node* node = get(key, need, expected);
  if (node == nullptr) return;
  auto values = read_numbers(*node, child(key), Bounds::at_least(0), log_);
  if (!values) return;
  if (values->size() != count) {
    log_.add(position_of(*node), child(key),
             "expected " + expected() + ", got " + count_of(values->size(), "value"));
    return;
  }
  double sum = 0;
  for (const double w : *values)
    sum += w;
  if (std::abs(sum - 1) > 1e-6) {
    log_.add(position_of(*node), child(key),
             "expected " + expected() + " (within 1e-6), got sum " + format_number(sum));
    return;
  }
  out = std::move(*values);
}

void TableReader::names(std::string_view key, std::vector<std::string>& out, std::size_t min_count,
                        std::size_t max_count, bool identifiers, Need need) {
  const std::string element = identifiers ? "names of ASCII letters, digits, _ and -" : "names";
  const std::string expected =
      std::to_string(min_count) + " to " + std::to_string(max_count) + " distinct " + element;
  const toml::node* node = get(key, need, expected);
  if (node == nullptr) return;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    log_.add(position_of(*node), child(key), expected_got("an array of " + expected, *node));
    return;
  }
  bool ok = true;
  if (array->size() < min_count || array->size() > max_count) {
    log_.add(position_of(*node), child(key),
             "expected " + expected + ", got " + count_of(array->size(), "name"));
    ok = false;
  }
  std::vector<std::string> values;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& n = *array->get(i);
    const std::string path = child(key) + "[" + std::to_string(i) + "]";
    const bool good = n.is_string() && (identifiers ? is_identifier(n.as_string()->get())
                                                    : !n.as_string()->get().empty());
    if (!good) {
      log_.add(position_of(n), path,
               expected_got(identifiers ? kIdentifier : "a non-empty string", n));
      ok = false;
      continue;
    }
    const std::string& s = n.as_string()->get();
    if (std::find(values.begin(), values.end(), s) != values.end()) {
      log_.add(position_of(n), path, "duplicate name " + quoted(s));
      ok = false;
    }
    values.push_back(s);
  }
  if (ok) out = std::move(values);
}

std::optional<std::size_t> TableReader::choice_index(std::string_view key,
                                                     std::span<const std::string_view> options,
                                                     Need need) {
  const std::vector<std::string> names(options.begin(), options.end());
  const std::string expected = "one of " + join_names(names);
  const toml::node* node = get(key, need, expected);
  if (node == nullptr) return std::nullopt;
  if (node->is_string()) {
    const std::string& written = node->as_string()->get();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == written) return i;
    }
  }
  std::string what = expected_got(expected, *node);
  if (node->is_string()) {
    const std::string near = closest_name(node->as_string()->get(), names);
    if (!near.empty()) what += " (did you mean " + near + "?)";
  }
  log_.add(position_of(*node), child(key), what);
  return std::nullopt;
}

void TableReader::reference(std::string_view key, std::uint32_t& out,
                            std::span<const std::string> names, std::string_view kind, Need need) {
  const toml::node* node = get(key, need, "a " + std::string(kind) + " name");
  if (node == nullptr) return;
  if (auto index = read_reference(*node, child(key), names, kind, log_)) out = *index;
}

void TableReader::references(std::string_view key, std::vector<std::uint32_t>& out,
                             std::span<const std::string> names, std::string_view kind, Need need) {
  const std::string expected = "a non-empty array of " + std::string(kind) + " names";
  const toml::node* node = get(key, need, expected);
  if (node == nullptr) return;
  const toml::array* array = node->as_array();
  if (array == nullptr || array->empty()) {
    log_.add(position_of(*node), child(key),
             array == nullptr ? expected_got(expected, *node)
                              : "expected " + expected + ", got an empty array");
    return;
  }
  std::vector<std::uint32_t> indices;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = child(key) + "[" + std::to_string(i) + "]";
    if (auto index = read_reference(*array->get(i), path, names, kind, log_)) {
      indices.push_back(*index);
    }
  }
  if (indices.size() == array->size()) out = std::move(indices);
}

void TableReader::finish() {
  // The keys asked for, sorted once: a table whose keys are names (policy parameters, read
  // through entries()) marks every key it holds as asked for, and a linear search of them for
  // each key took a file with 200,000 such keys minutes.
  std::vector<std::string_view> asked(known_.begin(), known_.end());
  std::sort(asked.begin(), asked.end());
  std::vector<std::string> valid;  // the keys understood, once each: made at the first unknown
  for (auto&& [key, value] : table_) {
    (void)value;
    if (std::binary_search(asked.begin(), asked.end(), key.str())) continue;
    if (valid.empty()) {
      std::unordered_set<std::string_view> listed;
      for (const auto& k : known_) {
        if (listed.insert(k).second) valid.push_back(k);
      }
    }
    const std::string near = closest_name(key.str(), valid);
    std::string what = near.empty() ? "unknown key; expected one of: " + join_names(valid)
                                    : "unknown key (did you mean " + near + "?)";
    log_.add(position_of(key), child(key.str()), what);
  }
}

}  // namespace retzef::sim::input
