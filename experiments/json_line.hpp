// One JSON object on one line, for output that scripts read (`retzef bench`, progress logs).
// Keys keep the order they were added in, so lines are stable to diff.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/fingerprint.hpp"

namespace retzef::experiments {

class JsonLine {
 public:
  JsonLine& add(std::string_view key, std::string_view value) {
    start(key);
    quote(value);
    return *this;
  }
  JsonLine& add(std::string_view key, const char* value) {
    return add(key, std::string_view(value));
  }
  JsonLine& add(std::string_view key, double value) {
    start(key);
    if (std::isfinite(value)) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.10g", value);
      text_ += buf;
    } else {
      text_ += "null";
    }
    return *this;
  }
  JsonLine& add(std::string_view key, std::uint64_t value) {
    start(key);
    text_ += std::to_string(value);
    return *this;
  }
  JsonLine& add(std::string_view key, int value) {
    start(key);
    text_ += std::to_string(value);
    return *this;
  }
  JsonLine& add(std::string_view key, bool value) {
    start(key);
    text_ += value ? "true" : "false";
    return *this;
  }
  JsonLine& add(std::string_view key, const std::vector<std::string>& values) {
    start(key);
    text_ += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) text_ += ',';
      quote(values[i]);
    }
    text_ += ']';
    return *this;
  }
  /// 64-bit fingerprints as hex strings: JSON numbers lose bits above 2^53 in most readers.
  JsonLine& add_hex(std::string_view key, std::uint64_t value) {
    return add(key, std::string_view(hex64(value)));
  }

  std::string str() const { return text_ + "}"; }

 private:
  void start(std::string_view key) {
    text_ += text_.size() == 1 ? "" : ",";
    quote(key);
    text_ += ':';
  }
  void quote(std::string_view s) {
    text_ += '"';
    for (const char c : s) {
      switch (c) {
        case '"':
          text_ += "\\\"";
          break;
        case '\\':
          text_ += "\\\\";
          break;
        case '\n':
          text_ += "\\n";
          break;
        case '\t':
          text_ += "\\t";
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            text_ += buf;
          } else {
            text_ += c;
          }
      }
    }
    text_ += '"';
  }
  std::string text_ = "{";
};

}  // namespace retzef::experiments
