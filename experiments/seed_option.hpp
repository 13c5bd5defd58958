// The check every `--seed` option makes on the text it was given. CLI11 2.1 converts numbers
// with strtoull/strtoll and ignores their range error, so a seed past the type's largest value
// became that value: two different seeds on the command line ran the same experiment.
#pragma once

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <string>

namespace retzef::experiments {

/// Refuses a seed that is not a whole number in [0, max], before CLI11 converts it.
inline CLI::Validator seed_in_range(std::uint64_t max) {
  return CLI::Validator(
      [max](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, ec] = std::from_chars(text.data(), end, value);
        if (ec == std::errc() && stop == end && value <= max) return {};
        return "expected an integer in [0, " + std::to_string(max) + "], got " + text;
      },
      "SEED");
}

}  // namespace retzef::experiments
