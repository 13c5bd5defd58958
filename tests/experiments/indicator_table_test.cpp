// The indicator table's numbers: as `%g` where that needs no exponent, in groups of three where
// it would (money a year in shekels, people in a country), never an exponent a planner must
// decode between 10^significant and 10^15.
#include <catch2/catch.hpp>

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
