#include "sim/input/toml_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string_view>
#include <vector>

#include "sim/input/toml_reader.hpp"

namespace retzef::sim::input {
namespace {

using Path = std::vector<std::string_view>;

/// A basic string: quotes, backslashes and control characters escaped, the rest (UTF-8
/// included) as it is.
void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04X", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void put_key(std::string& out, std::string_view key) {
  if (is_identifier(key)) {
    out += key;
  } else {
    put_string(out, key);
  }
}

void put_path(std::string& out, const Path& path) {
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += '.';
    put_key(out, path[i]);
  }
}

/// The shortest text that reads back to the same double, kept a float, in plain digits where
/// a person would write them so (a scenario's text is read in reports): `0.25`, `0.0002`,
/// `500000.0`; `1e-07` and `1e+20` beyond; `inf`.
void put_float(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "nan";
    return;
  }
  if (std::isinf(x)) {
    out += x < 0 ? "-inf" : "inf";
    return;
  }
  const double size = std::abs(x);
  const auto format = size == 0 || (size >= 1e-5 && size < 1e16) ? std::chars_format::fixed
                                                                 : std::chars_format::scientific;
  char digits[64];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, x, format);
  (void)error;  // 64 characters hold the shortest form of any double in either format
  const std::string_view text(digits, static_cast<std::size_t>(end - digits));
  out += text;
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

/// A date, time or date-time, as toml++ prints it (no scenario or experiment key takes one, so
/// only a document that will be refused carries one).
template <class T>
void put_streamed(std::string& out, const T& value) {
  std::ostringstream text;
  text << value;
  out += text.str();
}

bool is_array_of_tables(const toml::node& node) {
  const toml::array* array = node.as_array();
  return array != nullptr && !array->empty() && array->is_array_of_tables();
}

void put_inline(std::string& out, const toml::node& node);

void put_inline_table(std::string& out, const toml::table& table) {
  out += '{';
  bool first = true;
  for (auto&& [key, value] : table) {
    out += first ? " " : ", ";
    first = false;
    put_key(out, key.str());
    out += " = ";
    put_inline(out, value);
  }
  out += first ? "}" : " }";
}

void put_inline(std::string& out, const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      put_string(out, node.as_string()->get());
      break;
    case toml::node_type::integer:
      out += std::to_string(node.as_integer()->get());
      break;
    case toml::node_type::floating_point:
      put_float(out, node.as_floating_point()->get());
      break;
    case toml::node_type::boolean:
      out += node.as_boolean()->get() ? "true" : "false";
      break;
    case toml::node_type::date:
      put_streamed(out, node.as_date()->get());
      break;
    case toml::node_type::time:
      put_streamed(out, node.as_time()->get());
      break;
    case toml::node_type::date_time:
      put_streamed(out, node.as_date_time()->get());
      break;
    case toml::node_type::array: {
      out += '[';
      bool first = true;
      for (const toml::node& element : *node.as_array()) {
        if (!first) out += ", ";
        first = false;
        put_inline(out, element);
      }
      out += ']';
      break;
    }
    case toml::node_type::table:
      put_inline_table(out, *node.as_table());
      break;
    case toml::node_type::none:
      break;
  }
}

/// A table's own values, then each sub-table under its [header] and each array of tables as
/// [[headers]], recursively: everything of `table`, whose header (if any) is already written.
void put_table_body(std::string& out, const toml::table& table, Path& path) {
  for (auto&& [key, value] : table) {
    if (value.is_table() || is_array_of_tables(value)) continue;
    put_key(out, key.str());
    out += " = ";
    put_inline(out, value);
    out += '\n';
  }
  for (auto&& [key, value] : table) {
    if (const toml::table* sub = value.as_table()) {
      path.push_back(key.str());
      out += "\n[";
      put_path(out, path);
      out += "]\n";
      put_table_body(out, *sub, path);
      path.pop_back();
    } else if (is_array_of_tables(value)) {
      path.push_back(key.str());
      for (const toml::node& element : *value.as_array()) {
        out += "\n[[";
        put_path(out, path);
        out += "]]\n";
        put_table_body(out, *element.as_table(), path);
      }
      path.pop_back();
    }
  }
}

}  // namespace

std::string toml_text(const toml::table& document) {
  std::string out;
  Path path;
  put_table_body(out, document, path);
  return out;
}

}  // namespace retzef::sim::input
