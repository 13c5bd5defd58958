// The TOML writer's one promise: its text parses back to a table equal to the one written,
// value for value and type for type — on documents built to hold every kind of value and key
// TOML has, and on every scenario and experiment file of the repository and every built-in
// scenario, which are what it writes in practice.
#include "sim/input/toml_writer.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "experiments/builtin_scenarios.hpp"

namespace input = retzef::sim::input;

namespace {

toml::table round_trip(const toml::table& document) {
  const std::string text = input::toml_text(document);
  INFO(text);
  return toml::parse(text);
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("toml_text: every kind of value reads back equal, of the same type") {
  const toml::table document = toml::parse(R"(
    integer = -9223372036854775808
    big = 9223372036854775807
    whole_float = 400.0
    tenth = 0.1
    tiny = 5e-324
    huge = 1.7976931348623157e308
    negative_zero = -0.0
    exponent = 1e-7
    yes = true
    no = false
    empty_string = ""
    escapes = "quote \" backslash \\ tab \t newline \n return \r bell \u0007 delete \u007F"
    unicode = "בית מאזן — café"
    "key with spaces" = 1
    "dotted.key" = 2
    "" = 3
    "quote\"key" = 4
    empty_array = []
    numbers = [1, 2.5, -3e10]
    mixed = [1, "two", [3, [4.0]], { inline = true, deep = { x = 1 } }]
    inline_table = { a = 1, "b c" = [1, 2] }
    date = 2026-12-02
    time = 14:30:00
    date_time = 2026-12-02T14:30:00Z
    [empty]
    [outer]
    value = 1
    [outer.inner]
    value = 2
    [outer.inner.innermost]
    [[outer.list]]
    name = "first"
    [outer.list.sub]
    x = 1.5
    [[outer.list.sub.deeper]]
    y = 2
    [[outer.list]]
    name = "second"
    [[top]]
    [[top]]
    only = "second"
  )");
  CHECK(round_trip(document) == document);
}

TEST_CASE("toml_text: floats keep their type and their exact value") {
  for (const double x : {0.0, 1.0, 100.0, 1e15, 1e16, 1e22, 123456789012345678.0, 2.5e-308,
                         0.30000000000000004, 1.0 / 3.0, -7.0}) {
    toml::table t;
    t.insert("x", x);
    const toml::table back = round_trip(t);
    REQUIRE(back["x"].is_floating_point());
    CHECK(back["x"].value<double>() == x);
  }
  toml::table special;
  special.insert("inf", std::numeric_limits<double>::infinity());
  special.insert("minus_inf", -std::numeric_limits<double>::infinity());
  special.insert("nan", std::numeric_limits<double>::quiet_NaN());
  const toml::table back = round_trip(special);
  CHECK(back["inf"].value<double>() == std::numeric_limits<double>::infinity());
  CHECK(back["minus_inf"].value<double>() == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(*back["nan"].value<double>()));
}

TEST_CASE("toml_text: numbers are written as a person would write them") {
  toml::table t;
  t.insert("small", 0.0002);
  t.insert("large", 500000.0);
  t.insert("third", 1.0 / 3.0);
  t.insert("tiny", 1e-7);
  t.insert("huge", 1e20);
  t.insert("count", 400);
  const std::string text = input::toml_text(t);
  CHECK(text ==
        "count = 400\n"
        "huge = 1e+20\n"
        "large = 500000.0\n"
        "small = 0.0002\n"
        "third = 0.3333333333333333\n"
        "tiny = 1e-07\n");
}

TEST_CASE("toml_text: every built-in scenario reads back equal") {
  for (const auto& builtin : retzef::experiments::builtin_scenarios()) {
    INFO(builtin.name);
    const toml::table document = toml::parse(builtin.text);
    CHECK(round_trip(document) == document);
  }
}

TEST_CASE("toml_text: every scenario and experiment file of the tests reads back equal") {
  std::size_t files = 0;
  for (const char* folder : {RETZEF_TEST_SCENARIOS, RETZEF_TEST_EXPERIMENTS}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
      if (entry.path().extension() != ".toml") continue;
      toml::table document;
      try {
        document = toml::parse(read_file(entry.path()));
      } catch (const toml::parse_error&) {
        continue;  // a fixture of bad syntax, there to be refused
      }
      INFO(entry.path().string());
      CHECK(round_trip(document) == document);
      ++files;
    }
  }
  CHECK(files > 50);
}
