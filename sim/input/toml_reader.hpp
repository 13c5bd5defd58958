// Reading a parsed TOML document into plain data while keeping track of where each value sits.
// A TableReader walks one table: every read names the key it wants (so leftover keys can be
// reported as unknown, with a suggestion), checks the value's type and range, and records any
// problem as `FILE:LINE:COL: key.path: what was expected` in a shared ProblemLog instead of
// stopping, so that one pass finds every mistake in a file. Scenario files and experiment files
// are both read with it, so their messages have one form.
#pragma once

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/input/problem_log.hpp"

namespace retzef::sim::input {

/// Where a value, a key or a remembered source region starts, with the file it came from (line
/// and column 1 at least: toml++ leaves 0 for what it made up).
FilePosition position_of(const toml::source_region& where);
FilePosition position_of(const toml::node& node);
FilePosition position_of(const toml::key& key);

/// Parses TOML text whose nodes remember `path` as their file. Parsing stops at the first syntax
/// error (toml++ cannot go on past one), which is recorded as `TOML syntax`; so is a key of
/// more than kMaxKeyParts dotted parts, refused before the parser sees it.
std::optional<toml::table> parse_toml(std::string_view text, const std::string& path,
                                      ProblemLog& log);

/// The range a number must lie in; infinite ends are open.
struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_excluded = false;
  bool max_excluded = false;

  static Bounds any() { return {}; }
  static Bounds at_least(double v) { return {v, std::numeric_limits<double>::infinity()}; }
  static Bounds above(double v) { return {v, std::numeric_limits<double>::infinity(), true}; }
  static Bounds between(double lo, double hi) { return {lo, hi}; }
  Bounds& at_most(double v) {
    max = v;
    return *this;
  }
  bool contains(double x) const;
  /// "a number > 0", "an integer in [1, 100000]".
  std::string describe(bool integer) const;
  /// The condition alone: " > 0", " in [1, 100000]", or "" when any finite number will do.
  std::string condition() const;
};

enum class Need : std::uint8_t { optional, required };

/// Letters, digits, `_` and `-`, at least one: a name other tables refer to, and what TOML
/// writes as a bare key.
bool is_identifier(std::string_view s);
/// A number as short as it can be written without losing what the author wrote: `0.25`, `400`.
std::string format_number(double x);
/// "1 value", "3 values".
std::string count_of(std::size_t n, std::string_view noun);
/// The value as the author wrote it, for "got …": `-3`, `"abc"`, `an array`.
std::string describe_value(const toml::node& node);

// Reading one value at a known path. Each records a problem and returns nothing when the value
// has the wrong type or lies out of bounds.
std::optional<double> read_number(const toml::node& node, std::string_view path,
                                  const Bounds& bounds, ProblemLog& log);
std::optional<std::int64_t> read_integer(const toml::node& node, std::string_view path,
                                         const Bounds& bounds, ProblemLog& log);
std::optional<std::string> read_string(const toml::node& node, std::string_view path,
                                       ProblemLog& log);
std::optional<std::vector<double>> read_numbers(const toml::node& node, std::string_view path,
                                                const Bounds& each, ProblemLog& log);
/// A name another table must declare (a level, a region …), as its index in `names`.
std::optional<std::uint32_t> read_reference(const toml::node& node, std::string_view path,
                                            std::span<const std::string> names,
                                            std::string_view kind, ProblemLog& log);
/// A string as messages show it: in quotes, cut after 40 characters.
std::string quoted(std::string_view s);
/// `unknown level "x"; expected one of: … (did you mean …?)`.
std::string unknown_name_message(std::string_view written, std::span<const std::string> names,
                                 std::string_view kind);

class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, ProblemLog& log)
      : table_(table), path_(std::move(path)), log_(log) {}

  const toml::table& table() const { return table_; }
  const std::string& path() const { return path_; }
  ProblemLog& log() const { return log_; }
  FilePosition position() const { return position_of(table_); }
  /// The key path of a key of this table: `groups[1].prevalence`.
  std::string child(std::string_view key) const;

  /// Marks `key` as understood and returns its value, or nullptr when absent.
  const toml::node* get(std::string_view key);
  /// Marks `key` as understood and, when absent and required, records a problem at this table.
  const toml::node* get(std::string_view key, Need need, std::string_view expected);
  /// The same with `expected()` making the description, called only when the key is missing:
  /// most keys are present, and a case of a large sweep reads hundreds of them
  /// (experiments/experiment_loader.cpp), so descriptions that format numbers are made only
  /// for the message that needs them.
  template <class Expected>
  requires std::is_invocable_r_v<std::string, Expected>
  const toml::node* get(std::string_view key, Need need, Expected&& expected) {
    const toml::node* node = get(key);
    if (node == nullptr && need == Need::required) missing(key, expected());
    return node;
  }

  // Each reads `key` into `out` when present and valid; `out` keeps its value (the default)
  // when the key is absent or the value is wrong.
  void number(std::string_view key, double& out, const Bounds& bounds, Need need = Need::optional);
  void integer(std::string_view key, std::uint64_t& out, const Bounds& bounds,
               Need need = Need::optional);
  void integer(std::string_view key, std::uint32_t& out, const Bounds& bounds,
               Need need = Need::optional);
  void string(std::string_view key, std::string& out, Need need = Need::optional);
  /// A name other tables refer to: ASCII letters, digits, `_` and `-`.
  void name(std::string_view key, std::string& out, Need need = Need::optional);
  void boolean(std::string_view key, bool& out, Need need = Need::optional);
  /// Exactly N numbers.
  template <std::size_t N>
  void numbers(std::string_view key, std::array<double, N>& out, const Bounds& each,
               Need need = Need::optional) {
    auto values = fixed_numbers(key, N, each, need);
    if (values) std::copy(values->begin(), values->end(), out.begin());
  }
  /// `count` weights ≥ 0 that sum to 1 within 1e-6.
  void weights(std::string_view key, std::vector<double>& out, std::size_t count,
               Need need = Need::optional);
  template <std::size_t N>
  void weights(std::string_view key, std::array<double, N>& out, Need need = Need::optional) {
    std::vector<double> v;
    weights(key, v, N, need);
    if (v.size() == N) std::copy(v.begin(), v.end(), out.begin());
  }
  /// A list of distinct non-empty strings, `min_count` … `max_count` of them.
  void names(std::string_view key, std::vector<std::string>& out, std::size_t min_count,
             std::size_t max_count, bool identifiers, Need need = Need::optional);
  /// One of `options`; `out` becomes its index. Returns whether a valid choice was read.
  template <class Enum, std::size_t N>
  bool choice(std::string_view key, Enum& out, const std::array<std::string_view, N>& options,
              Need need = Need::optional) {
    auto index = choice_index(key, std::span<const std::string_view>(options), need);
    if (index) out = static_cast<Enum>(*index);
    return index.has_value();
  }
  void reference(std::string_view key, std::uint32_t& out, std::span<const std::string> names,
                 std::string_view kind, Need need = Need::optional);
  /// A non-empty list of names from `names`.
  void references(std::string_view key, std::vector<std::uint32_t>& out,
                  std::span<const std::string> names, std::string_view kind,
                  Need need = Need::optional);

  /// Reads a sub-table with `read(TableReader&)`, then reports its unknown keys. Returns
  /// whether the table was there.
  template <class Read>
  bool table(std::string_view key, Need need, Read&& read) {
    const toml::node* node = get(key, need, [&] {
      return path_.empty() ? "a [" + std::string(key) + "] table" : std::string("a table");
    });
    if (node == nullptr) return false;
    const toml::table* t = node->as_table();
    if (t == nullptr) {
      log_.add(position_of(*node), child(key), "expected a table, got " + describe_value(*node));
      return false;
    }
    TableReader sub(*t, child(key), log_);
    read(sub);
    sub.finish();
    return true;
  }

  /// Reads an array of tables (`[[key]]`) with `read(TableReader&, index)`, each followed by
  /// its unknown-key check. Returns how many entries the array has.
  template <class Read>
  std::size_t tables(std::string_view key, Need need, Read&& read) {
    const toml::node* node =
        get(key, need, [&] { return "at least one [[" + child(key) + "]] table"; });
    if (node == nullptr) return 0;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      log_.add(
          position_of(*node), child(key),
          "expected an array of tables ([[" + child(key) + "]]), got " + describe_value(*node));
      return 0;
    }
    if (array->empty() && need == Need::required) {
      log_.add(position_of(*node), child(key),
               "expected at least one [[" + child(key) + "]] table, got an empty array");
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::node& element = *array->get(i);
      const std::string path = child(key) + "[" + std::to_string(i) + "]";
      const toml::table* t = element.as_table();
      if (t == nullptr) {
        log_.add(position_of(element), path, "expected a table, got " + describe_value(element));
        continue;
      }
      TableReader sub(*t, path, log_);
      read(sub, i);
      sub.finish();
    }
    return array->size();
  }

  /// Marks every key as understood and calls `visit(key, value, path)` on each, in key order:
  /// for tables whose keys are names (capacities, route probabilities, policy parameters).
  template <class Visit>
  void entries(Visit&& visit) {
    for (auto&& [key, value] : table_) {
      known_.emplace_back(key.str());
      visit(key, value, child(key.str()));
    }
  }

  /// Reports every key no read asked for, suggesting the nearest one that was.
  void finish();

 private:
  void missing(std::string_view key, std::string_view expected);
  std::optional<std::vector<double>> fixed_numbers(std::string_view key, std::size_t count,
                                                   const Bounds& each, Need need);
  std::optional<std::size_t> choice_index(std::string_view key,
                                          std::span<const std::string_view> options, Need need);

  const toml::table& table_;
  std::string path_;
  ProblemLog& log_;
  std::vector<std::string> known_;
};

}  // namespace retzef::sim::input
