// Where tests put the files they write: a folder of their own under the system's temporary
// directory, made on first use, so that test files never land in the source or build tree.
// The folder is this process's own (its name holds the process id) and is removed when the
// process ends: ctest runs every test case as a process of its own, two at a time, and test
// cases of one file use the same names (a checksum test rewrote `sealed.h5` while another was
// reading it), as do two test runs on one machine.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace retzef::testing {

/// This process's scratch folder, created on first use and removed, with all it holds, at exit.
inline const std::filesystem::path& process_scratch_root() {
  struct Root {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("retzef-tests-" + std::to_string(::getpid()));
    Root() { std::filesystem::create_directories(path); }
    ~Root() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Root root;
  return root.path;
}

/// `name` inside the folder `folder` of this process's scratch folder (created if missing).
inline std::filesystem::path scratch_path(const std::string& folder, const std::string& name) {
  const auto dir = process_scratch_root() / folder;
  std::filesystem::create_directories(dir);
  return dir / name;
}

}  // namespace retzef::testing
