// The problems found in one input file, each tied to a place in it. Reading goes on after a
// problem so that one run shows the author every mistake at once; the log then becomes the
// lines of one error, in the order they appear in the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retzef::sim::input {

/// `text` with every control character shown escaped (\n, \t, \r, \xNN): a value, key or
/// file name that holds a newline must not spread one problem over several lines.
std::string one_line(std::string_view text);

/// How many problems a message shows before it says how many more there are: a file that gets
/// thousands of keys wrong (a generated file, a wrong separator) would otherwise print thousands
/// of lines, when the first few are all its author needs to start on.
inline constexpr std::size_t problems_shown = 50;

/// `problems` as a person reads them: all of them when there are at most one more than
/// `problems_shown`, else the first `problems_shown` and one line saying how many more there
/// are, followed by `where_all_are` (how to see every one) when it is not empty.
std::vector<std::string> shown_problems(const std::vector<std::string>& problems,
                                        std::string_view where_all_are);

struct FilePosition {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  /// The file the value came from when it is not the log's own: a document assembled from
  /// several files (a scenario built by an experiment) holds values written elsewhere, and its
  /// messages must say where.
  std::shared_ptr<const std::string> file{};
};

class ProblemLog {
 public:
  explicit ProblemLog(std::string file) : file_(std::move(file)) {}

  /// Records `FILE:LINE:COL: key_path: what`.
  void add(FilePosition at, std::string_view key_path, std::string_view what);

  bool empty() const { return entries_.empty(); }
  const std::string& file() const { return file_; }

  /// The problems as message lines, sorted by position (ties keep the order they were found).
  std::vector<std::string> lines() const;

 private:
  struct Entry {
    FilePosition at;
    std::string text;
  };
  std::string file_;
  std::vector<Entry> entries_;
};

}  // namespace retzef::sim::input
