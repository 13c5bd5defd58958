// `retzef validate FILE...`: checks scenario files without running anything, so that an author
// sees every problem in a file (with its line, column and key path) in one pass, and scripts
// and CI can gate on the exit status or read one JSON line per file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "experiments/cli_context.hpp"

namespace retzef::experiments {

/// Where a person whose message was cut short finds every problem of a file.
inline constexpr const char* every_problem_hint = "`retzef validate --json FILE` lists every one";

/// Registers the subcommand; parsing it sets `action` to the check it asks for. The action
/// throws (a non-zero exit from main) when any file has a problem, after reporting them all.
void add_validate_command(CLI::App& app, const CliContext& context, std::function<void()>& action);

}  // namespace retzef::experiments
