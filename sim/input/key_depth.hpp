// A bound on how deep a TOML document may nest before it reaches the parser. Debian's toml++
// 3.3 descends once per part of a dotted key with no limit of its own, so a key of tens of
// thousands of parts (`a.a.a.…a = 1`) overflows the stack instead of failing with a message. A
// cheap scan of the raw text, aware of strings and comments, finds such a key first, so that
// every reader of input files can refuse it as it refuses any other syntax error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sim/input/problem_log.hpp"

namespace retzef::sim::input {

/// The most parts one dotted key (or table header) may have: far beyond any scenario or
/// experiment key, far below what overflows the parser's stack.
inline constexpr std::size_t kMaxKeyParts = 256;

struct DeepKey {
  FilePosition at;        ///< where the key starts
  std::size_t parts = 0;  ///< how many dotted parts it has
};

/// The first key in `text` with more than kMaxKeyParts parts, if any. Dots inside strings and
/// comments do not count; a value's dots (`1.5`) count within that value only.
std::optional<DeepKey> find_too_deep_key(std::string_view text);

/// `expected a key of at most 256 dotted parts, got 40000`.
std::string too_deep_key_message(const DeepKey& key);

}  // namespace retzef::sim::input
