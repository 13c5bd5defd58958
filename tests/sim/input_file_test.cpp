// Reading input files: only a regular file is read, checked before it is opened (a FIFO with
// no writer would block, /dev/zero would be read forever); never more than the limit plus one
// byte; every refusal names the file and what it is. A control character in a message is shown
// escaped, so that one problem stays one line; a long list of problems is cut to its first
// screenful and a count.
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/input/input_file.hpp"
#include "sim/input/problem_log.hpp"
#include "tests/support/scratch_path.hpp"

using namespace retzef::sim::input;

namespace {

std::filesystem::path scratch(const std::string& name) {
  return retzef::testing::scratch_path("retzef-input-file-test", name);
}

std::string refusal(const std::filesystem::path& file, std::uintmax_t limit = kMaxInputFileBytes) {
  try {
    read_input_file(file, limit);
  } catch (const UnreadableFile& e) {
    return e.what();
  }
  return "read";
}

}  // namespace

TEST_CASE("input file: a regular file is read whole", "[input]") {
  const auto file = scratch("plain.toml");
  std::ofstream(file) << "a = 1\n";
  CHECK(read_input_file(file) == "a = 1\n");
  std::ofstream(file, std::ios::trunc).close();
  CHECK(read_input_file(file).empty());
}

TEST_CASE("input file: devices, FIFOs and folders are refused before they are read", "[input]") {
  CHECK(refusal("/dev/zero") ==
        "/dev/zero: cannot read: is a character device, expected a regular file");
  const auto fifo = scratch("fifo.toml");
  std::filesystem::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Would block forever were it opened for reading: no one writes to it.
  CHECK(refusal(fifo) == fifo.string() +
                             ": cannot read: is a FIFO (named pipe), expected a "
                             "regular file");
  const auto folder = scratch("folder.toml");
  std::filesystem::create_directories(folder);
  CHECK(refusal(folder) == folder.string() +
                               ": cannot read: is a directory, expected a regular "
                               "file");
  CHECK(refusal(scratch("missing.toml")) ==
        scratch("missing.toml").string() + ": cannot read: No such file or directory");
}

TEST_CASE("input file: past the limit is refused, reading at most one byte more", "[input]") {
  const auto file = scratch("large.toml");
  std::ofstream(file) << std::string(2048, 'x');
  CHECK(refusal(file, 2047) == file.string() + ": cannot read: larger than 0 MiB (2048 bytes)");
  CHECK(read_input_file(file, 2048).size() == 2048);
  // A file whose size stat cannot tell (as /proc's say 0) is still bounded while it is read.
  CHECK(refusal("/proc/self/maps", 16).find("/proc/self/maps: cannot read: larger than") == 0);
}

TEST_CASE("input file: control characters are shown escaped, one problem one line", "[input]") {
  CHECK(one_line("a\nb\tc\rd\x1b"
                 "e\x7f") == "a\\nb\\tc\\rd\\x1be\\x7f");
  CHECK(one_line("plain: \xc3\xa9") == "plain: \xc3\xa9");
  ProblemLog log("f\n.toml");
  log.add({2, 3, {}}, "key", "got \"x\ny\"");
  CHECK(log.lines() == std::vector<std::string>{"f\\n.toml:2:3: key: got \"x\\ny\""});
}

TEST_CASE("problems: past the first screenful, a count and where to see them all", "[input]") {
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < problems_shown + 1; ++i)
    problems.push_back("f.toml:" + std::to_string(i + 1) + ":1: k: wrong");
  // One more than the limit is shown whole: "1 more" would take the problem's own line.
  CHECK(shown_problems(problems, "see all") == problems);
  problems.push_back("f.toml:99:1: k: wrong");
  problems.push_back("f.toml:100:1: k: wrong");
  const auto shown = shown_problems(problems, "see all");
  REQUIRE(shown.size() == problems_shown + 1);
  CHECK(std::equal(shown.begin(), shown.end() - 1, problems.begin()));
  CHECK(shown.back() == "... and 3 more problems (see all)");
  CHECK(shown_problems(problems, "").back() == "... and 3 more problems");
}
