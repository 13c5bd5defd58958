// Where an LP's spilled records wait under the windowed scheduler, so that the sink receives
// every row in exactly the order the sequential scheduler hands it over, and a file written
// with threads is the same, to the bit, as one written on one core. Under one queue an LP
// spills its buffer (record_buffer.hpp) in the middle of the event whose row finds it full, so
// the sink sees the LPs' spills in the order of those events. Under windows the LPs' events run
// side by side, so each LP spills into its own HeldSpills instead, which keeps the rows with the
// event they were spilled in (its time and order word, unique across LPs); at the window's end
// the scheduler hands all LPs' held rows to the sink merged in that order (`deliver`). Rows
// spilled while the LPs are built come first, in LP order, and rows spilled while they finish
// go out LP by LP before each LP's last buffer, as under one queue. Storage is kept from one
// window to the next, so a window allocates only to hold more rows than any before it (and for
// the merge's stable sort, a few pieces a window).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/event.hpp"
#include "sim/output/sink.hpp"

namespace retzef::sim {

class HeldSpills final : public Sink {
 public:
  /// Rows spilled from now on belong to the event at (time, order).
  void at(Time time, std::uint64_t order) {
    time_ = time;
    order_ = order;
  }

  void begin(std::span<const TableSpec>) override {}
  void append(TableId table, LpId lp, std::span<const double> values) override {
    pieces_.push_back(Piece{time_, order_, table, lp, values_.size(), values.size()});
    values_.insert(values_.end(), values.begin(), values.end());
  }
  void end() override {}

  /// Hands every LP's held rows to `sink`, merged in the order of the events they were spilled
  /// in (an LP's own in the order it spilled them), and empties them.
  static void deliver(std::span<HeldSpills> held, Sink& sink, std::vector<std::uint64_t>& merge) {
    // One 64-bit word a piece: its LP's place and its own index, sorted by the pieces' events.
    merge.clear();
    for (std::size_t i = 0; i < held.size(); ++i) {
      for (std::size_t k = 0; k < held[i].pieces_.size(); ++k)
        merge.push_back(std::uint64_t{i} << 40 | k);
    }
    const auto piece = [&](std::uint64_t w) -> const Piece& {
      return held[w >> 40].pieces_[w & ((std::uint64_t{1} << 40) - 1)];
    };
    std::stable_sort(merge.begin(), merge.end(), [&](std::uint64_t a, std::uint64_t b) {
      const Piece& x = piece(a);
      const Piece& y = piece(b);
      return x.time < y.time || (x.time == y.time && x.order < y.order);
    });
    for (const std::uint64_t w : merge) {
      const Piece& p = piece(w);
      const HeldSpills& owner = held[w >> 40];
      sink.append(p.table, p.lp, {owner.values_.data() + p.offset, p.count});
    }
    for (auto& h : held)
      h.clear();
  }

  /// Hands this LP's held rows to `sink` in the order they were spilled, and empties them.
  void deliver(Sink& sink) {
    for (const Piece& p : pieces_)
      sink.append(p.table, p.lp, {values_.data() + p.offset, p.count});
    clear();
  }

 private:
  struct Piece {
    Time time;
    std::uint64_t order;
    TableId table;
    LpId lp;
    std::size_t offset;
    std::size_t count;
  };

  void clear() {
    pieces_.clear();
    values_.clear();
  }

  Time time_ = 0;
  std::uint64_t order_ = 0;
  std::vector<Piece> pieces_;
  std::vector<double> values_;
};

}  // namespace retzef::sim
