// "Did you mean …?" for misspelt keys and names: the candidate nearest to what was written, if
// it is near enough to be a likely typo rather than a different word.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace retzef::sim::input {

/// Levenshtein distance, counting insertions, deletions and substitutions.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The longest name closest_name suggests for: longer than any key or name a file needs.
inline constexpr std::size_t kLongestSuggested = 100;

/// The candidate closest to `written` (at most a third of its length away; case differences
/// are free), or an empty string when none is close or `written` is longer than
/// kLongestSuggested.
std::string closest_name(std::string_view written, std::span<const std::string> candidates);

/// The candidates as one line: `a, b, c`; at most 50 of them (then `, … (N in all)`), each cut
/// to 40 characters (`…` marks a cut).
std::string join_names(std::span<const std::string> names);

}  // namespace retzef::sim::input
