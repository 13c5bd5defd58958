// Where tests put the files they write: a folder of their own under the system's temporary
// directory, made on first use, so that test files never land in the source or build tree.
#pragma once

#include <filesystem>
#include <string>

namespace retzef::testing {

/// `name` inside the temporary folder `folder` (created if missing).
inline std::filesystem::path scratch_path(const std::string& folder, const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / folder;
  std::filesystem::create_directories(dir);
  return dir / name;
}

}  // namespace retzef::testing
