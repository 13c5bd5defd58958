#include "experiments/output_path.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiments/result_file.hpp"

namespace retzef::experiments {

namespace fs = std::filesystem;

namespace {

/// How a message names an experiment: `run -o` writes one named "run" that the user never named.
std::string experiment_called(const std::string& name, const std::string& file) {
  return file == kRunExperimentFile ? "a `retzef run`" : "experiment '" + name + "'";
}

}  // namespace

void check_output_path(const fs::path& output, const Experiment& ex, bool overwrite) {
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
  if (overwrite || !fs::exists(output, ec)) return;
  // Hours of another experiment's replications are not lost to a mistyped -o.
  const std::string either = "; write to another file, or add --overwrite to replace ";
  const std::optional<ResultOwner> owner = result_owner(output);
  if (!owner) {
    throw std::invalid_argument(output.string() + ": exists and is not a retzef result file" +
                                either + "it");
  }
  const bool run_file = owner->file == kRunExperimentFile;
  if (owner->experiment != ex.name || run_file != (ex.file == kRunExperimentFile)) {
    throw std::invalid_argument(output.string() + ": holds the results of " +
                                experiment_called(owner->experiment, owner->file) + " (written " +
                                owner->created + "), not of " +
                                experiment_called(ex.name, ex.file) + either + "them");
  }
}

}  // namespace retzef::experiments
