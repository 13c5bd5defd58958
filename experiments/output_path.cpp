#include "experiments/output_path.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace retzef::experiments {

namespace fs = std::filesystem;

void check_output_path(const fs::path& output, const Experiment& ex) {
  constexpr std::string_view kExpected = "expected the path of an HDF5 file to write";
  if (output.empty()) {
    throw std::invalid_argument("-o \"\": " + std::string(kExpected) + ", got an empty path");
  }
  std::error_code ec;
  if (fs::is_directory(output, ec)) {
    throw std::invalid_argument(output.string() + ": " + std::string(kExpected) +
                                ", got an existing folder");
  }
  std::vector<std::string> inputs{ex.file};
  for (const auto& c : ex.cases)
    inputs.push_back(c.scenario.source_path);
  for (const auto& input : inputs) {
    // Built-in scenarios and `run`'s made-up experiment name no file: equivalent then fails.
    if (input.empty() || !fs::equivalent(output, input, ec) || ec) continue;
    throw std::invalid_argument(output.string() + ": " + std::string(kExpected) +
                                " other than the inputs, got " + input +
                                ", which the run reads; the result would overwrite it");
  }
}

}  // namespace retzef::experiments
