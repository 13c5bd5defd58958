// Which names may become an HDF5 group of a result file. A case is stored as /runs/<case> and
// /designs/<case>, and its name is built from the design name and the sweep values, so both
// are checked when the experiment is read (with their file:line:col) instead of failing while
// the result file is written. The allowed set is deliberately conservative: HDF5 splits paths
// at '/', stops C strings at NUL and gives "." its own meaning, and control characters cannot
// be typed back to select a case in `inspect` or the report.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace retzef::experiments {

/// Why `name` cannot name an HDF5 group ("empty", "contains '/'", …), or nothing when it can:
/// not "", "." or "..", and no '/', NUL or other control character (bytes below 0x20 and 0x7f).
std::optional<std::string> group_name_problem(std::string_view name);

/// `name` in quotes with control characters written as \xNN, for messages.
std::string shown_name(std::string_view name);

}  // namespace retzef::experiments
