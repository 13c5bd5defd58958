#include "sim/input/closest_name.hpp"

#include <algorithm>
#include <vector>

namespace retzef::sim::input {

namespace {

/// Case folded as the "C" locale does (ASCII only), without a library call per character:
/// every pair of characters is compared, so this is the suggestion's inner loop.
char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = lower(c);
  return out;
}

/// The edit distance of two lower-cased strings if it is at most `bound`, else `bound + 1`,
/// found without filling the table where it cannot matter: the distance is at least the
/// difference in length, and a row's least value never falls in the rows below it.
std::size_t distance_within(std::string_view a, std::string_view b, std::size_t bound,
                            std::vector<std::size_t>& row) {
  const std::size_t longer = std::max(a.size(), b.size());
  const std::size_t shorter = std::min(a.size(), b.size());
  if (longer - shorter > bound) return bound + 1;
  row.resize(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t least = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      least = std::min(least, row[j]);
      diagonal = above;
    }
    if (least > bound) return bound + 1;
  }
  return std::min(row[b.size()], bound + 1);
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row;
  return distance_within(lowered(a), lowered(b), std::max(a.size(), b.size()), row);
}

std::string closest_name(std::string_view written, std::span<const std::string> candidates) {
  // A third of the length lets "horizon_day" find "horizon_days" and "ful" find "full", but
  // keeps "x" from suggesting "g": short words differ by one letter from too many others.
  // Only a candidate nearer than the best so far matters, so each is measured within that
  // bound: a file of many long unknown keys costs a length comparison per candidate, not a
  // table of their lengths' product (200,000 such keys took 13 s to validate before).
  // Names longer than any key or name a file needs get no suggestion: two 200,000-letter design
  // names were a third of their length apart at most, and measuring it took 22 s.
  if (written.size() > kLongestSuggested) return {};
  const std::size_t limit = written.size() / 3;
  const std::string folded = lowered(written);
  std::vector<std::size_t> row;
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    if (best_distance == 0) break;
    const std::size_t d = distance_within(folded, lowered(c), best_distance - 1, row);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string join_names(std::span<const std::string> names) {
  // The names a file declared can be many and long: a message lists a screenful.
  constexpr std::size_t kListed = 50;
  constexpr std::size_t kShown = 40;
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kListed; ++i) {
    if (!out.empty()) out += ", ";
    out += names[i].substr(0, kShown);
    if (names[i].size() > kShown) out += "…";
  }
  if (names.size() > kListed) out += ", … (" + std::to_string(names.size()) + " in all)";
  return out;
}

}  // namespace retzef::sim::input
