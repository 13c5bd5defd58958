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
    if ((position_ >> 2) != block_index_) refill();
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

  /// A block of four draws and its index in the stream (kNoBlock: none). A block is a pure
  /// function of the stream's key, its entity and its index, so a caller may keep the block a
  /// stream last enciphered beside the entity and hand it back to the stream when it is next
  /// reopened (restore): the draws are the same, without enciphering the block again.
  static constexpr std::uint64_t kNoBlock = ~std::uint64_t{0};
  struct Block {
    std::uint64_t index = kNoBlock;
    std::array<std::uint64_t, 4> values{};
  };
  /// The block the stream holds now.
  Block block() const { return {block_index_, block_}; }
  /// Takes `b` as the block it holds; `b` must have come from block() of a stream with the
  /// same key and entity, or hold kNoBlock.
  void restore(const Block& b) {
    block_index_ = b.index;
    block_ = b.values;
  }
  /// Whether the next draw comes from the block held (no block is enciphered for it).
  bool next_in_block() const { return (position_ >> 2) == block_index_; }

 private:
  static constexpr unsigned kBlock = 4;
  using Philox = r123::Philox4x64;

  void refill() {
    block_index_ = position_ >> 2;
    const Philox::ctr_type ctr = {{entity_, block_index_, 0, 0}};
    const Philox::ctr_type out = Philox{}(ctr, key_);
    for (unsigned i = 0; i < kBlock; ++i)
      block_[i] = out.v[i];
  }

  Philox::key_type key_;
  std::uint64_t entity_;
  std::uint64_t position_ = 0;            // draws taken
  std::uint64_t block_index_ = kNoBlock;  // which block of four `block_` holds
  std::array<std::uint64_t, kBlock> block_{};
};

}  // namespace retzef::sim
