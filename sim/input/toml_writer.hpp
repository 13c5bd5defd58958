// Writing a TOML document back as text, for the provenance a run keeps: the full scenario each
// case of an experiment ran (and a scenario resolved from its base) is stored in the result
// file and hashed to recognise finished parts. toml++'s own formatter makes a string stream for
// every floating-point value it prints, which made formatting most of an experiment's loading
// time (a sweep of 10,000 cases formats 10,000 scenarios); this writer prints numbers with
// std::to_chars, the shortest text that reads back to the same double. What it writes parses
// back to a table equal to the one written, value for value and type for type
// (tests/sim/toml_writer_test.cpp). Its layout: a table's values, then its sub-tables as
// [headers] and its arrays of tables as [[headers]], keys in the table's (sorted) order.
#pragma once

#include <toml++/toml.h>

#include <string>

namespace retzef::sim::input {

/// The document as TOML text.
std::string toml_text(const toml::table& document);

}  // namespace retzef::sim::input
