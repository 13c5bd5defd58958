#include "sim/input/problem_log.hpp"

#include <algorithm>
#include <cstdio>

namespace retzef::sim::input {

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(u));
      out += buf;
    }
  }
  return out;
}

std::vector<std::string> shown_problems(const std::vector<std::string>& problems,
                                        std::string_view where_all_are) {
  // One line saying "1 more" would take the place of the problem itself.
  if (problems.size() <= problems_shown + 1) return problems;
  std::vector<std::string> out(problems.begin(),
                               problems.begin() + static_cast<std::ptrdiff_t>(problems_shown));
  std::string more =
      "... and " + std::to_string(problems.size() - problems_shown) + " more problems";
  if (!where_all_are.empty()) {
    more += " (";
    more += where_all_are;
    more += ')';
  }
  out.push_back(std::move(more));
  return out;
}

void ProblemLog::add(FilePosition at, std::string_view key_path, std::string_view what) {
  std::string text = at.file != nullptr && !at.file->empty() ? *at.file : file_;
  text += ':';
  text += std::to_string(at.line);
  text += ':';
  text += std::to_string(at.column);
  text += ": ";
  text += key_path;
  text += ": ";
  text += what;
  entries_.push_back({at, one_line(text)});
}

std::vector<std::string> ProblemLog::lines() const {
  std::vector<const Entry*> order;
  order.reserve(entries_.size());
  for (const auto& e : entries_)
    order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) {
    if (a->at.line != b->at.line) return a->at.line < b->at.line;
    return a->at.column < b->at.column;
  });
  std::vector<std::string> out;
  out.reserve(order.size());
  for (const Entry* e : order)
    out.push_back(e->text);
  return out;
}

}  // namespace retzef::sim::input
