// The checks on a batch's output path made before anything runs: a path that cannot be the
// result file (empty, an existing folder) would otherwise fail only at the final rename, after
// hours of replications, and one that names an input (the experiment file, a scenario file it
// reads) would be overwritten by the result, as would an existing file that holds another
// experiment's results, or is not a result file at all.
#pragma once

#include <filesystem>

#include "experiments/experiment.hpp"

namespace retzef::experiments {

/// Throws std::invalid_argument naming `output` and what was expected when it is empty, an
/// existing folder, or the same file (by identity, not by spelling) as one of `ex`'s inputs;
/// and, unless `overwrite`, when it is an existing file other than a result of an experiment of
/// `ex`'s name (an earlier run of the same experiment is replaced, as a rerun expects).
void check_output_path(const std::filesystem::path& output, const Experiment& ex, bool overwrite);

}  // namespace retzef::experiments
