// The input library's TOML reader on its own: suggestions only for near misses; every problem
// of a document recorded in one pass, as FILE:LINE:COL: key.path: what was expected, sorted by
// place; unknown keys and names answered with "did you mean"; a syntax error located.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "sim/input/closest_name.hpp"
#include "sim/input/key_depth.hpp"
#include "sim/input/problem_log.hpp"
#include "sim/input/toml_reader.hpp"

using namespace retzef::sim::input;

namespace {

/// The problems of reading `text` as a table with `threads`, `mode` and a [limits] table.
std::vector<std::string> problems_of(const std::string& text) {
  ProblemLog log("in.toml");
  const auto document = parse_toml(text, "in.toml", log);
  if (document) {
    TableReader root(*document, "", log);
    std::uint32_t threads = 1;
    root.integer("threads", threads, Bounds::between(1, 64), Need::required);
    enum class Mode { fast, careful } mode = Mode::fast;
    constexpr std::array<std::string_view, 2> kModes{"fast", "careful"};
    root.choice("mode", mode, kModes);
    root.table("limits", Need::optional, [](TableReader& t) {
      double memory = 1;
      t.number("memory_gb", memory, Bounds::above(0));
    });
    std::uint32_t pick = 0;
    const std::vector<std::string> names{"alpha", "beta"};
    root.reference("pick", pick, names, "option");
    root.finish();
  }
  return log.lines();
}

}  // namespace

TEST_CASE("input: suggestions only for near misses", "[input]") {
  const std::vector<std::string> keys{"horizon_days", "warmup_days", "seed"};
  CHECK(closest_name("horizon_day", keys) == "horizon_days");
  CHECK(closest_name("Seed", keys) == "seed");
  CHECK(closest_name("sd", keys).empty());
  CHECK(closest_name("population", keys).empty());
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("Horizon", "horizon") == 0);
}

TEST_CASE("input: no suggestion for a name longer than any a file needs", "[input]") {
  // Two 200,000-letter design names took 22 s to compare; a suggestion for them helps no one.
  const std::string written(kLongestSuggested + 1, 'a');
  std::string near = written;
  near.back() = 'b';
  CHECK(closest_name(written, std::vector<std::string>{near}).empty());
  CHECK(closest_name(written.substr(1), std::vector<std::string>{near.substr(1)}) ==
        near.substr(1));
}

TEST_CASE("input: a list of names is a screenful", "[input]") {
  CHECK(join_names(std::vector<std::string>{"a", "b"}) == "a, b");
  // A long name is cut, a long list too.
  CHECK(join_names(std::vector<std::string>{std::string(45, 'x')}) == std::string(40, 'x') + "…");
  std::vector<std::string> many;
  for (int i = 0; i < 60; ++i)
    many.push_back(std::string("d").append(std::to_string(i)));
  const std::string listed = join_names(many);
  CHECK(listed.rfind("d0, d1, ", 0) == 0);
  CHECK(listed.find("d49, … (60 in all)") != std::string::npos);
  CHECK(listed.find("d50") == std::string::npos);
}

TEST_CASE("input: the bounded suggestion picks what a full search would", "[input]") {
  // The textbook table, case-folded, as the reference the bounded search must agree with.
  const auto reference_distance = [](std::string a, std::string b) {
    for (auto* s : {&a, &b}) {
      for (char& c : *s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
      d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
      d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      for (std::size_t j = 1; j <= b.size(); ++j) {
        d[i][j] = std::min(
            {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      }
    }
    return d[a.size()][b.size()];
  };
  const auto reference_closest = [&](const std::string& written,
                                     const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = written.size() / 3 + 1;
    for (const auto& c : candidates) {
      const std::size_t d = reference_distance(written, c);
      if (d < best_distance) {
        best_distance = d;
        best = c;
      }
    }
    return best;
  };
  // Words from a small alphabet, lengths from 0 to 13, so that the length bound both cuts and
  // does not; half the candidates are the written word with up to four edits, so that near
  // misses, ties and case-folded matches are common.
  std::mt19937 random(20261204);
  const auto letter = [&] { return "abAB_c"[random() % 6]; };
  const auto word = [&] {
    std::string w(random() % 14, ' ');
    for (char& c : w)
      c = letter();
    return w;
  };
  const auto edited = [&](std::string w) {
    for (auto edits = random() % 5; edits > 0; --edits) {
      const std::size_t at = w.empty() ? 0 : random() % w.size();
      switch (random() % 3) {
        case 0:
          w.insert(w.begin() + static_cast<std::ptrdiff_t>(at), letter());
          break;
        case 1:
          if (!w.empty()) w.erase(at, 1);
          break;
        default:
          if (!w.empty()) w[at] = letter();
      }
    }
    return w;
  };
  int suggested = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const std::string written = word();
    std::vector<std::string> candidates(1 + random() % 8);
    for (auto& c : candidates)
      c = random() % 2 ? word() : edited(written);
    const std::string expected = reference_closest(written, candidates);
    REQUIRE(closest_name(written, candidates) == expected);
    REQUIRE(edit_distance(written, candidates[0]) == reference_distance(written, candidates[0]));
    suggested += !expected.empty();
  }
  CHECK(suggested > 1000);  // the comparison covered suggestions, not only their absence
}

TEST_CASE("input: every problem at once, by place, with did-you-mean", "[input]") {
  const auto problems = problems_of(
      "mode = \"carefull\"\n"
      "threads = 0\n"
      "pick = \"alph\"\n"
      "[limits]\n"
      "memory_gbs = 2\n"
      "[limit]\n");
  REQUIRE(problems.size() == 5);
  CHECK(problems[0] ==
        "in.toml:1:8: mode: expected one of fast, careful, got \"carefull\" (did you mean "
        "careful?)");
  CHECK(problems[1] == "in.toml:2:11: threads: expected an integer in [1, 64], got 0");
  CHECK(problems[2] ==
        "in.toml:3:8: pick: unknown option \"alph\"; expected one of: alpha, beta (did you mean "
        "alpha?)");
  CHECK(problems[3] == "in.toml:5:1: limits.memory_gbs: unknown key (did you mean memory_gb?)");
  CHECK(problems[4] == "in.toml:6:2: limit: unknown key (did you mean limits?)");
}

TEST_CASE("input: a missing key is reported at its table, a syntax error where it is", "[input]") {
  CHECK(problems_of("") ==
        std::vector<std::string>{"in.toml:1:1: threads: missing; expected an integer in [1, 64]"});
  const auto syntax = problems_of("threads = 2\nmode = \"fast\n");
  REQUIRE(syntax.size() == 1);
  CHECK_THAT(syntax[0], Catch::StartsWith("in.toml:2:") && Catch::Contains(": TOML syntax: "));
}

TEST_CASE("input: a value from another file is reported in that file", "[input]") {
  ProblemLog log("main.toml");
  const auto other = parse_toml("x = -1\n", "other.toml", log);
  REQUIRE(other);
  log.add(position_of(*other->get("x")), "x", "expected a number ≥ 0, got -1");
  log.add({2, 1, nullptr}, "y", "expected something");
  CHECK(log.lines() == std::vector<std::string>{"other.toml:1:5: x: expected a number ≥ 0, got -1",
                                                "main.toml:2:1: y: expected something"});
}

namespace {

std::string dotted_key(std::size_t parts) {
  std::string key = "a";
  for (std::size_t i = 1; i < parts; ++i)
    key += ".a";
  return key;
}

}  // namespace

TEST_CASE("input: a key of too many dotted parts is refused before the parser", "[input]") {
  // 40000 parts overflowed toml++'s stack (exit 139) before the bound.
  const auto deep = problems_of("threads = 2\n" + dotted_key(40000) + " = 1\n");
  REQUIRE(deep.size() == 1);
  CHECK(deep[0] ==
        "in.toml:2:1: TOML syntax: expected a key of at most 256 dotted parts, got 40000");
  const auto header = problems_of("threads = 2\n[" + dotted_key(300) + "]\n");
  REQUIRE(header.size() == 1);
  CHECK_THAT(header[0],
             Catch::StartsWith("in.toml:2:2: TOML syntax: ") && Catch::Contains("got 300"));
  // At the bound, and dots inside strings, comments and values, are not refused.
  CHECK_FALSE(find_too_deep_key(dotted_key(kMaxKeyParts) + " = 1\n"));
  const std::string many_dots(1000, '.');
  CHECK_FALSE(find_too_deep_key("x = \"" + many_dots + "\"\n# " + many_dots + "\n"));
  CHECK_FALSE(find_too_deep_key("x = '''\n" + many_dots + "\n'''\ny = \"\\\"" + many_dots +
                                "\"\nz = [1.5, 2.5, 3.5]\n"));
  // Built by append: g++ 12 warns (-Wrestrict, wrongly) on a literal + std::string temporary.
  CHECK_FALSE(find_too_deep_key(std::string("\"").append(dotted_key(1000)).append("\" = 1\n")));
}
