// Counter-based random streams. A stream is a pure function of its key: Philox4x64-10
// (Random123) enciphers a counter under a key, so the n-th draw of a stream never depends on
// what any other stream, thread or rank has drawn. That is what makes runs repeatable under
// any scheduler, and what lets every design of an experiment give a person the same numbers
// (common random numbers) for paired comparisons.
//
// Key layout (documented in docs/random-numbers.md; changing it changes every result):
//   Philox key[0]      = experiment seed                      (64 bits)
//   Philox key[1]      = replication << 32 | purpose          (32 + 32 bits)
//   Philox counter[0]  = entity id                            (64 bits)
//   Philox counter[1]  = block index, 4 draws of 64 bits each (64 bits)
//   Philox counter[2,3]= 0, reserved
// The design is deliberately not part of the key: replication k of every design draws the
// same numbers for the same (purpose, entity).
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cstdint>

namespace retzef::sim {

/// What a stream is for. Models define their own purposes (values ≥ kFirstModelPurpose) so that
/// independent decisions about one entity draw from independent streams.
using StreamPurpose = std::uint32_t;
inline constexpr StreamPurpose kLpStreamPurpose = 0;  ///< an LP's own default stream
inline constexpr StreamPurpose kFirstModelPurpose = 16;

struct StreamKey {
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
  StreamPurpose purpose = 0;
  std::uint64_t entity = 0;
  friend bool operator==(const StreamKey&, const StreamKey&) = default;
};

class RandomStream {
 public:
  RandomStream() : RandomStream(StreamKey{}) {}
  explicit RandomStream(const StreamKey& k)
      : key_{{k.seed, (std::uint64_t{k.replication} << 32) | k.purpose}}, entity_(k.entity) {}

  /// The next 64 uniformly distributed bits.
  std::uint64_t next_u64() {
    if (!holds(position_)) refill();
    return block_[position_++ & (kBlock - 1)];
  }

  /// Uniform on the open interval (0, 1): never 0 or 1, so log(u) and log(1-u) are finite.
  double uniform01() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53; }

  /// Number of 64-bit draws taken so far (for tests, diagnostics, and to resume the stream).
  std::uint64_t draws() const { return position_; }

  /// Jumps to draw number `n` of this stream, as if n draws had been taken. Costs nothing until
  /// the next draw, so a stream can be reopened where it was left without paying for it unless
  /// it is drawn from.
  void seek(std::uint64_t n) { position_ = n; }

  /// The rest of a block: its last three draws. A stream reopened in the middle of a block
  /// (its next draw the block's second, third or fourth) needs nothing else of it, and its
  /// position says which block that is, so a caller can keep the rest beside the entity, 24
  /// bytes, and hand it back when the stream is next reopened at the same position: the draws
  /// are the same (a block is a pure function of the stream's key, entity and index), without
  /// enciphering the block again.
  static constexpr unsigned kBlock = 4;
  using Rest = std::array<std::uint64_t, kBlock - 1>;

  /// Writes the last three draws of the block held to `rest`, with no test: a store is
  /// cheaper than asking, and what is written matters only when the next draw is in the
  /// middle of a block, where it is that block's rest, provided every reopening of the stream
  /// went through resume_rest (then the stream holds the block of a mid-block position whether
  /// it has drawn since or not). At a block's first draw it is never read.
  void keep_rest(Rest& rest) const { rest = {block_[1], block_[2], block_[3]}; }
  /// Takes `rest` as the block the next draw lies in, when that draw is not a block's first
  /// and the stream does not hold its block already. `rest` must be what keep_rest left, for
  /// this stream, when it was last at this position.
  void resume_rest(const Rest& rest) {
    if (position_ % kBlock == 0 || holds(position_)) return;
    held_from_ = (position_ & ~std::uint64_t{kBlock - 1}) + 1;  // all but the block's first
    held_count_ = kBlock - 1;
    block_[1] = rest[0];
    block_[2] = rest[1];
    block_[3] = rest[2];
  }
  /// Whether the next draw comes from the block held (no block is enciphered for it).
  bool next_in_block() const { return holds(position_); }

 private:
  using Philox = r123::Philox4x64;

  /// Whether draw `n` is in `block_`: one subtraction and comparison (a draw before
  /// `held_from_` wraps around to a large difference).
  bool holds(std::uint64_t n) const { return n - held_from_ < held_count_; }

  void refill() {
    held_from_ = position_ & ~std::uint64_t{kBlock - 1};
    held_count_ = kBlock;
    const Philox::ctr_type ctr = {{entity_, held_from_ / kBlock, 0, 0}};
    const Philox::ctr_type out = Philox{}(ctr, key_);
    for (unsigned i = 0; i < kBlock; ++i)
      block_[i] = out.v[i];
  }

  Philox::key_type key_;
  std::uint64_t entity_;
  std::uint64_t position_ = 0;  // draws taken
  // The draws `block_` holds: from `held_from_`, `held_count_` of them (none at first; a rest
  // taken back holds all but its block's first).
  std::uint64_t held_from_ = 0;
  std::uint64_t held_count_ = 0;
  std::array<std::uint64_t, kBlock> block_{};
};

}  // namespace retzef::sim
