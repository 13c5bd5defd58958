// Content fingerprints: a 64-bit FNV-1a hash of the bytes that decide a result (a replication's
// inputs, an experiment's replications), and the 16-hex-digit form retzef shows every 64-bit
// fingerprint in — JSON numbers and many readers lose the bits above 2^53. Not cryptographic:
// it tells a finished replication of this experiment from a stale one, nothing more.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace retzef::experiments {

/// `value` as 16 lowercase hex digits.
inline std::string hex64(std::uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

class Fingerprint {
 public:
  /// Adds the bytes of `field` and a separator, so ("ab", "c") and ("a", "bc") differ.
  Fingerprint& add(std::string_view field) {
    for (const char c : field)
      mix(static_cast<unsigned char>(c));
    mix(0xff);  // not a byte of UTF-8 text
    return *this;
  }
  std::uint64_t value() const { return h_; }
  std::string hex() const { return hex64(h_); }

 private:
  void mix(unsigned char byte) {
    h_ ^= byte;
    h_ *= 0x100000001b3ULL;
  }
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace retzef::experiments
