#include "sim/input/key_depth.hpp"

namespace retzef::sim::input {

namespace {

/// Walks the text one character at a time, skipping strings and comments, and counts the dots
/// of each run of text between the characters that end a key (or a value).
class KeyScanner {
 public:
  explicit KeyScanner(std::string_view text) : text_(text) {}

  std::optional<DeepKey> run() {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '#') {
        skip_comment();
      } else if (c == '"' || c == '\'') {
        note_start();
        skip_string(c);
      } else if (c == '\n' || c == '=' || c == ',' || c == '[' || c == ']' || c == '{' ||
                 c == '}') {
        if (dots_ >= kMaxKeyParts) return DeepKey{start_, dots_ + 1};
        dots_ = 0;
        started_ = false;
        advance();
      } else {
        if (c != ' ' && c != '\t' && c != '\r') note_start();
        if (c == '.') ++dots_;
        advance();
      }
    }
    if (dots_ >= kMaxKeyParts) return DeepKey{start_, dots_ + 1};
    return std::nullopt;
  }

 private:
  void advance() {
    if (text_[i_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[i_]) & 0xC0) != 0x80) {
      ++column_;  // a column per UTF-8 character, as the parser counts them
    }
    ++i_;
  }

  void note_start() {
    if (started_) return;
    started_ = true;
    start_.line = line_;
    start_.column = column_;
  }

  void skip_comment() {
    while (i_ < text_.size() && text_[i_] != '\n')
      advance();
  }

  bool at(std::string_view s) const { return text_.substr(i_, s.size()) == s; }

  /// From an opening quote to past its closing one; an unclosed string ends the text (the
  /// parser reports it).
  void skip_string(char quote) {
    const std::string_view triple = quote == '"' ? "\"\"\"" : "'''";
    const bool multiline = at(triple);
    const std::size_t skip = multiline ? 3 : 1;
    for (std::size_t k = 0; k < skip; ++k)
      advance();
    while (i_ < text_.size()) {
      if (quote == '"' && text_[i_] == '\\') {
        advance();
        if (i_ < text_.size()) advance();
        continue;
      }
      if (!multiline && text_[i_] == '\n') return;  // a syntax error the parser names
      if (multiline ? at(triple) : text_[i_] == quote) {
        for (std::size_t k = 0; k < skip; ++k)
          advance();
        return;
      }
      advance();
    }
  }

  std::string_view text_;
  std::size_t i_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
  std::size_t dots_ = 0;
  bool started_ = false;
  FilePosition start_;
};

}  // namespace

std::optional<DeepKey> find_too_deep_key(std::string_view text) {
  return KeyScanner(text).run();
}

std::string too_deep_key_message(const DeepKey& key) {
  return "expected a key of at most " + std::to_string(kMaxKeyParts) + " dotted parts, got " +
         std::to_string(key.parts);
}

}  // namespace retzef::sim::input
