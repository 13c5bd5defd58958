// The problems found in one input file, each tied to a place in it. Reading goes on after a
// problem so that one run shows the author every mistake at once; the log then becomes the
// lines of one error, in the order they appear in the file.
#pragma once

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
