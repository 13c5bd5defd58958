// The indicator table's numbers: as `%g` where that needs no exponent, in groups of three where
// it would (money a year in shekels, people in a country), never an exponent a planner must
// decode between 10^significant and 10^15; and a share whose interval would reach below zero
// shown as its interval cut at zero, not as a mean ± half-width that reads as negative.
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "experiments/indicator_table.hpp"

using retzef::experiments::table_number;

TEST_CASE("indicator table: large numbers in groups of three, small ones as %g", "[table]") {
  CHECK(table_number(147452986.5, 4) == "147,500,000");
  CHECK(table_number(-42430000.0, 4) == "-42,430,000");
  CHECK(table_number(33401.2, 4) == "33,400");
  CHECK(table_number(9999.4, 4) == "9999");
  CHECK(table_number(5200.0, 2) == "5,200");
  CHECK(table_number(99.0, 2) == "99");
  CHECK(table_number(0.2045, 4) == "0.2045");
  CHECK(table_number(2.1e-07, 2) == "2.1e-07");  // tiny: the exponent is the clear form
  CHECK(table_number(0.0, 2) == "0");
  CHECK(table_number(2.5e15, 4) == "2.5e+15");      // past the groups
  CHECK(table_number(999999.0, 2) == "1,000,000");  // rounding carries into a new group
}

namespace {

std::string table_of(const std::vector<retzef::experiments::DesignResult>& designs) {
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  retzef::experiments::print_table(designs, f);
  std::rewind(f);
  std::string text;
  for (int c; (c = std::fgetc(f)) != EOF;)
    text += static_cast<char>(c);
  std::fclose(f);
  return text;
}

}  // namespace

TEST_CASE("indicator table: a share's interval is cut at zero, a difference keeps its sign",
          "[table]") {
  using retzef::experiments::DesignResult;
  retzef::models::IndicatorSpec rare;
  rare.name = "readmission_30_ptsd";
  rare.unit = "share";
  retzef::models::IndicatorSpec count = rare;
  count.name = "net_change";
  count.unit = "people";
  // A rare event: 0 in most replications, so mean ± half-width would reach below 0.
  DesignResult a{"medical", {rare, count}, {{0, 0, 0, 0.001}, {-1, 0, 1, 0}}};
  DesignResult b{"recovery", {rare, count}, {{0.01, 0.011, 0.012, 0.013}, {-2, 0, 2, 1}}};
  const std::string text = table_of({a, b});
  INFO(text);
  // medical: mean 0.00025, t interval 0.00025 ± 0.0008: shown as [0, upper].
  CHECK(text.find("0.00025 [0, 0.001]") != std::string::npos);
  CHECK(text.find("0.00025 ±") == std::string::npos);
  // recovery's share is far from 0: mean ± half-width as before.
  CHECK(text.find("0.0115 ± 0.0021") != std::string::npos);
  // The difference of the shares and a count that can be negative keep ±.
  CHECK(text.find("0.01125 ±") != std::string::npos);
  CHECK(text.find("0 ± 1.3") != std::string::npos);
  CHECK(text.find("[0, upper]: a share's 95% interval") != std::string::npos);
  // Nothing cut: no note.
  CHECK(table_of({b}).find("[0, upper]") == std::string::npos);
}
