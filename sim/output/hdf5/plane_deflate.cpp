#include "sim/output/hdf5/plane_deflate.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace retzef::sim::h5 {
namespace {

constexpr unsigned kLiteralLengthSymbols = 286;  // 0-255 bytes, 256 end of block, 257-285 lengths
constexpr unsigned kEndOfBlock = 256;
constexpr unsigned kCodeLengthSymbols = 19;
constexpr unsigned kMaxCodeBits = 15;       // RFC 1951: literal/length and distance codes
constexpr unsigned kMaxCodeLengthBits = 7;  // RFC 1951: the code-length code
constexpr std::size_t kMaxStoredBytes = 65535;
constexpr std::size_t kMinRun = 4;  // a run is one literal and then a match of at least 3
constexpr std::size_t kMaxMatch = 258;
constexpr double kLn2 = 0.6931471805599453;

// --- match lengths (RFC 1951, 3.2.5) ------------------------------------------------------------

constexpr std::array<std::uint16_t, 29> kLengthBase{3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                                    15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                                    67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<std::uint8_t, 29> kLengthExtraBits{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                        2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

/// A match of a given length as a token: its symbol in the low 9 bits, the value of its extra
/// bits above.
constexpr auto kLengthToken = [] {
  std::array<std::uint32_t, kMaxMatch + 1> t{};
  for (unsigned s = 0; s < kLengthBase.size(); ++s) {
    const unsigned last = s + 1 < kLengthBase.size() ? kLengthBase[s + 1] - 1u : kMaxMatch;
    for (unsigned len = kLengthBase[s]; len <= last; ++len)
      t[len] = (257 + s) | (len - kLengthBase[s]) << 9;
  }
  return t;
}();

constexpr auto kExtraBits = [] {
  std::array<std::uint8_t, kLiteralLengthSymbols> t{};
  for (unsigned s = 0; s < kLengthExtraBits.size(); ++s)
    t[257 + s] = kLengthExtraBits[s];
  return t;
}();

/// The order in which the code-length code's lengths are sent (RFC 1951, 3.2.7).
constexpr std::array<std::uint8_t, kCodeLengthSymbols> kCodeLengthOrder{
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
/// Extra bits after code-length symbols 16 (repeat), 17 and 18 (zeros).
constexpr std::array<std::uint8_t, kCodeLengthSymbols> kCodeLengthExtraBits{
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7};

// --- prefix codes --------------------------------------------------------------------------------

/// Sorts `m` keys (frequency << 16 | symbol, made in symbol order) by frequency, ties staying in
/// symbol order: a least-significant-digit radix sort, a byte of the frequency per pass, which
/// for a few hundred keys costs a fraction of a comparison sort's mispredicted branches.
void sort_by_frequency(std::uint64_t* keys, std::size_t m) {
  if (m <= 32) {  // a handful of symbols: the radix passes' fixed cost would dominate
    for (std::size_t i = 1; i < m; ++i) {
      const std::uint64_t key = keys[i];
      std::size_t j = i;
      for (; j > 0 && (keys[j - 1] >> 16) > (key >> 16); --j)
        keys[j] = keys[j - 1];
      keys[j] = key;
    }
    return;
  }
  std::uint64_t largest = 0;
  for (std::size_t i = 0; i < m; ++i)
    largest = std::max(largest, keys[i] >> 16);
  std::array<std::uint64_t, 288> spare;
  std::uint64_t* from = keys;
  std::uint64_t* to = spare.data();
  for (unsigned shift = 16; (largest >> (shift - 16)) != 0; shift += 8) {
    std::array<std::uint32_t, 257> start{};
    for (std::size_t i = 0; i < m; ++i)
      ++start[((from[i] >> shift) & 0xFF) + 1];
    for (unsigned d = 1; d <= 256; ++d)
      start[d] += start[d - 1];
    for (std::size_t i = 0; i < m; ++i)
      to[start[(from[i] >> shift) & 0xFF]++] = from[i];
    std::swap(from, to);
  }
  if (from != keys) std::copy(from, from + m, keys);
}

/// The symbols that have a code, in symbol order: what the code's later steps loop over instead
/// of the whole alphabet.
struct CodedSymbols {
  std::array<std::uint16_t, 288> symbol{};
  std::size_t count = 0;
};

/// Lengths of an optimal prefix code for `freq[0..n)`, none longer than `limit` bits, into
/// `lengths` (0 for no code); the symbols given one into `coded`. The code is always complete,
/// as zlib's inflater requires: a lone symbol in use gets a one-bit code with an unused partner.
/// Above the limit, frequencies are halved (order kept) and the code rebuilt: rare, and
/// all-equal weights give a balanced tree well inside any limit used here.
void code_lengths(const std::uint32_t* freq, std::size_t n, unsigned limit, std::uint8_t* lengths,
                  CodedSymbols& coded) {
  constexpr std::size_t kMax = 288;
  std::array<std::uint64_t, kMax> leaf;  // frequency << 16 | symbol, sorted: ties by symbol
  std::size_t m = 0;
  std::fill(lengths, lengths + n, std::uint8_t{0});
  for (std::size_t s = 0; s < n; ++s) {
    if (freq[s] != 0) {
      coded.symbol[m] = static_cast<std::uint16_t>(s);
      leaf[m++] = std::uint64_t{freq[s]} << 16 | s;
    }
  }
  coded.count = m;
  if (m == 0) return;
  if (m == 1) {
    const auto s = static_cast<std::uint16_t>(leaf[0] & 0xFFFF);
    const std::uint16_t partner = s == 0 ? 1 : 0;
    lengths[s] = lengths[partner] = 1;
    coded.symbol[0] = std::min(s, partner);
    coded.symbol[1] = std::max(s, partner);
    coded.count = 2;
    return;
  }
  sort_by_frequency(leaf.data(), m);
  std::array<std::uint32_t, kMax> weight;  // of the leaves, ascending
  for (std::size_t i = 0; i < m; ++i)
    weight[i] = static_cast<std::uint32_t>(leaf[i] >> 16);
  // Nodes 0..m-1 are the leaves, m.. the internal nodes in the order made, which is also the
  // order of their weights: two sorted queues give the Huffman tree without a heap.
  std::array<std::uint32_t, kMax> node_weight;
  std::array<std::uint16_t, 2 * kMax> parent;
  std::array<std::uint16_t, kMax> depth;
  for (;;) {
    std::size_t next_leaf = 0, next_node = 0, nodes = 0;
    const auto take = [&]() -> std::size_t {
      if (next_leaf < m && (next_node == nodes || weight[next_leaf] <= node_weight[next_node]))
        return next_leaf++;
      return m + next_node++;
    };
    const auto weight_of = [&](std::size_t i) { return i < m ? weight[i] : node_weight[i - m]; };
    for (std::size_t k = 0; k + 1 < m; ++k) {
      const std::size_t a = take();
      const std::size_t b = take();
      node_weight[nodes] = weight_of(a) + weight_of(b);
      parent[a] = parent[b] = static_cast<std::uint16_t>(m + nodes);
      ++nodes;
    }
    depth[nodes - 1] = 0;  // the root
    for (std::size_t j = nodes - 1; j-- > 0;)
      depth[j] = static_cast<std::uint16_t>(depth[parent[m + j] - m] + 1);
    unsigned longest = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const unsigned d = depth[parent[i] - m] + 1u;
      longest = std::max(longest, d);
      lengths[leaf[i] & 0xFFFF] = static_cast<std::uint8_t>(std::min(d, 255u));
    }
    if (longest <= limit) return;
    for (std::size_t i = 0; i < m; ++i)
      weight[i] = (weight[i] + 1) / 2;
  }
}

constexpr auto kReversedByte = [] {
  std::array<std::uint8_t, 256> t{};
  for (unsigned b = 0; b < 256; ++b)
    for (unsigned i = 0; i < 8; ++i)
      t[b] |= static_cast<std::uint8_t>(((b >> i) & 1) << (7 - i));
  return t;
}();

/// The canonical code of RFC 1951 3.2.2 for `lengths`, each code bit-reversed as deflate sends it
/// (least significant bit first); codes are written for the `coded` symbols only.
void canonical_codes(const std::uint8_t* lengths, const CodedSymbols& coded, std::uint16_t* codes) {
  std::array<std::uint16_t, kMaxCodeBits + 2> count{};
  for (std::size_t i = 0; i < coded.count; ++i)
    ++count[lengths[coded.symbol[i]]];
  count[0] = 0;
  std::array<std::uint16_t, kMaxCodeBits + 2> next{};
  unsigned code = 0;
  for (unsigned bits = 1; bits <= kMaxCodeBits; ++bits) {
    code = (code + count[bits - 1]) << 1;
    next[bits] = static_cast<std::uint16_t>(code);
  }
  for (std::size_t i = 0; i < coded.count; ++i) {
    const unsigned s = coded.symbol[i];
    const unsigned len = lengths[s];
    const unsigned c = next[len]++;
    const unsigned reversed = kReversedByte[c & 0xFF] << 8 | kReversedByte[c >> 8];
    codes[s] = static_cast<std::uint16_t>(reversed >> (16 - len));
  }
}

struct PrefixCode {
  std::array<std::uint8_t, kLiteralLengthSymbols> lengths{};
  std::array<std::uint16_t, kLiteralLengthSymbols> codes{};
};

/// The fixed literal/length code of RFC 1951 3.2.6 (distances: five bits, code 0 for distance 1).
const PrefixCode kFixedCode = [] {
  PrefixCode c;
  for (unsigned s = 0; s < kLiteralLengthSymbols; ++s)
    c.lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
  // The canonical code runs over all 288 symbols; 286 and 287 (never sent) take the last codes.
  std::array<std::uint8_t, 288> all{};
  std::copy(c.lengths.begin(), c.lengths.end(), all.begin());
  all[286] = all[287] = 8;
  std::array<std::uint16_t, 288> codes{};
  CodedSymbols every;
  for (std::uint16_t i = 0; i < 288; ++i)
    every.symbol[every.count++] = i;
  canonical_codes(all.data(), every, codes.data());
  std::copy(codes.begin(), codes.begin() + kLiteralLengthSymbols, c.codes.begin());
  return c;
}();
constexpr unsigned kFixedDistanceBits = 5;

// --- bits out ------------------------------------------------------------------------------------

/// Deflate's bit order: each value's least significant bit first, filling bytes from their low
/// end. Values are gathered in a 64-bit word and `flush` writes all eight of its bytes, moving on
/// by the whole bytes held: no branch per symbol. Between flushes, at most 56 bits may be put;
/// the output needs eight bytes of slack past the stream's end.
class BitWriter {
 public:
  explicit BitWriter(std::uint8_t* out) : out_(out) {}

  void put(std::uint64_t value, unsigned bits) {
    buffer_ |= value << count_;
    count_ += bits;
  }

  void flush() {
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(out_, &buffer_, 8);
    } else {
      for (unsigned i = 0; i < 8; ++i)
        out_[i] = static_cast<std::uint8_t>(buffer_ >> (8 * i));
    }
    out_ += count_ >> 3;
    buffer_ >>= count_ & ~7u;
    count_ &= 7;
  }

  /// Pads with zero bits to a byte boundary and writes out everything held.
  void align() {
    flush();
    if (count_ > 0) {
      ++out_;
      buffer_ = 0;
      count_ = 0;
    }
  }

  /// Bytes as they are; only after align().
  void bytes(const std::uint8_t* p, std::size_t n) {
    if (n == 0) return;  // p may be null then (an empty chunk)
    std::memcpy(out_, p, n);
    out_ += n;
  }

  std::uint8_t* end() const { return out_; }

 private:
  std::uint8_t* out_;
  std::uint64_t buffer_ = 0;
  unsigned count_ = 0;  ///< bits held in buffer_, below 8 after a flush
};

// --- one plane, one block ------------------------------------------------------------------------

/// A plane's symbols: either its bytes as literals (`tokens` empty) or literals and runs.
struct PlaneSymbols {
  std::array<std::uint32_t, kLiteralLengthSymbols> freq{};
  std::uint64_t matches = 0;
  std::span<const std::uint32_t> tokens{};
};

/// The dynamic-Huffman block header: the literal/length code and how it is sent.
struct DynamicCode {
  PrefixCode code;
  CodedSymbols coded;              ///< every symbol of the plane (and a lone one's partner)
  unsigned literal_lengths = 257;  ///< HLIT + 257
  std::array<std::uint8_t, kCodeLengthSymbols> cl_lengths{};
  std::array<std::uint16_t, kCodeLengthSymbols> cl_codes{};
  unsigned cl_count = 4;  ///< HCLEN + 4
  /// The code lengths, run-length coded: symbol in the low 5 bits, extra value above.
  std::array<std::uint16_t, kLiteralLengthSymbols + 1> cl_tokens{};
  std::size_t cl_token_count = 0;
  std::uint64_t header_bits = 0;  ///< after the three block-type bits
};

void build_dynamic(const PlaneSymbols& sym, DynamicCode& d) {
  code_lengths(sym.freq.data(), kLiteralLengthSymbols, kMaxCodeBits, d.code.lengths.data(),
               d.coded);
  canonical_codes(d.code.lengths.data(), d.coded, d.code.codes.data());
  // End of block is always coded, so the last coded symbol is at least 256.
  d.literal_lengths = std::max(257u, d.coded.symbol[d.coded.count - 1] + 1u);
  // The lengths sent: the literal/length code's, then one distance code (distance 1) of 1 bit.
  std::array<std::uint8_t, kLiteralLengthSymbols + 1> all;
  std::copy_n(d.code.lengths.begin(), d.literal_lengths, all.begin());
  all[d.literal_lengths] = 1;
  const std::size_t total = d.literal_lengths + 1;

  std::array<std::uint32_t, kCodeLengthSymbols> cl_freq{};
  d.cl_token_count = 0;
  const auto emit = [&](unsigned symbol, unsigned extra) {
    ++cl_freq[symbol];
    d.cl_tokens[d.cl_token_count++] = static_cast<std::uint16_t>(symbol | extra << 5);
  };
  for (std::size_t i = 0; i < total;) {
    const unsigned v = all[i];
    std::size_t run = 1;
    while (i + run < total && all[i + run] == v)
      ++run;
    i += run;
    if (v == 0) {
      for (; run >= 11; run -= std::min<std::size_t>(run, 138))
        emit(18, static_cast<unsigned>(std::min<std::size_t>(run, 138) - 11));
      if (run >= 3) {
        emit(17, static_cast<unsigned>(run - 3));
        run = 0;
      }
    } else {
      emit(v, 0);
      --run;
      for (; run >= 3; run -= std::min<std::size_t>(run, 6))
        emit(16, static_cast<unsigned>(std::min<std::size_t>(run, 6) - 3));
    }
    for (; run > 0; --run)
      emit(v, 0);
  }
  CodedSymbols cl_coded;
  code_lengths(cl_freq.data(), kCodeLengthSymbols, kMaxCodeLengthBits, d.cl_lengths.data(),
               cl_coded);
  canonical_codes(d.cl_lengths.data(), cl_coded, d.cl_codes.data());
  d.cl_count = kCodeLengthSymbols;
  while (d.cl_count > 4 && d.cl_lengths[kCodeLengthOrder[d.cl_count - 1]] == 0)
    --d.cl_count;
  d.header_bits = 5 + 5 + 4 + 3 * d.cl_count;
  for (unsigned s = 0; s < kCodeLengthSymbols; ++s)
    d.header_bits += std::uint64_t{cl_freq[s]} * (d.cl_lengths[s] + kCodeLengthExtraBits[s]);
}

/// Bits of the symbols (not the header) under `code`, with `distance_bits` per match; `coded`
/// lists every symbol that occurs.
std::uint64_t data_bits(const PlaneSymbols& sym, const CodedSymbols& coded, const PrefixCode& code,
                        unsigned distance_bits) {
  std::uint64_t bits = sym.matches * distance_bits;
  for (std::size_t i = 0; i < coded.count; ++i) {
    const unsigned s = coded.symbol[i];
    bits += std::uint64_t{sym.freq[s]} * (code.lengths[s] + kExtraBits[s]);
  }
  return bits;
}

/// The literals of `plane`, `G` to a write: at most 56 bits, so `G` times the longest code
/// length must not pass 56. With the few short codes of a skewed plane, one write takes up to
/// eight literals, and the writer's flush is paid once for them.
template <unsigned G>
void put_literals(BitWriter& out, const std::uint8_t* plane, std::size_t n,
                  const PrefixCode& code) {
  const auto* len = code.lengths.data();
  const auto* c = code.codes.data();
  out.flush();  // the block header's bits may still be held
  std::size_t i = 0;
  for (; i + G <= n; i += G) {
    std::uint64_t value = 0;
    unsigned bits = 0;
    for (unsigned k = 0; k < G; ++k) {
      const unsigned s = plane[i + k];
      value |= std::uint64_t{c[s]} << bits;
      bits += len[s];
    }
    out.put(value, bits);
    out.flush();
  }
  for (; i < n; ++i) {
    out.put(c[plane[i]], len[plane[i]]);
    out.flush();
  }
}

void put_symbols(BitWriter& out, const PlaneSymbols& sym, const CodedSymbols& coded,
                 const std::uint8_t* plane, std::size_t n, const PrefixCode& code,
                 unsigned distance_bits) {
  const auto* len = code.lengths.data();
  const auto* c = code.codes.data();
  if (sym.tokens.empty()) {
    unsigned longest = 1;
    for (std::size_t i = 0; i < coded.count; ++i) {
      if (coded.symbol[i] < kEndOfBlock)
        longest = std::max<unsigned>(longest, len[coded.symbol[i]]);
    }
    // Three literals of the longest code, 45 bits, always fit; shorter codes let more share a
    // write, up to eight.
    using PutLiterals = void (*)(BitWriter&, const std::uint8_t*, std::size_t, const PrefixCode&);
    constexpr PutLiterals kByGroup[] = {put_literals<3>, put_literals<4>, put_literals<5>,
                                        put_literals<6>, put_literals<7>, put_literals<8>};
    kByGroup[std::min(8u, 56 / longest) - 3](out, plane, n, code);
  } else {
    // Distance 1 is code 0 under both the fixed code and ours, so a match adds zero bits. One
    // token is at most 15 + 5 + 5 bits: two go to a write.
    const auto bits_of = [&](std::uint32_t t, unsigned& bits) {
      const unsigned s = t & 0x1FF;
      const std::uint64_t v = c[s] | std::uint64_t{t >> 9} << len[s];
      bits = len[s] + kExtraBits[s] + (s > kEndOfBlock ? distance_bits : 0);
      return v;
    };
    out.flush();  // the block header's bits may still be held
    const std::size_t count = sym.tokens.size();
    std::size_t i = 0;
    for (; i + 2 <= count; i += 2) {
      unsigned first = 0, second = 0;
      const std::uint64_t a = bits_of(sym.tokens[i], first);
      const std::uint64_t b = bits_of(sym.tokens[i + 1], second);
      out.put(a | b << first, first + second);
      out.flush();
    }
    if (i < count) {
      unsigned bits = 0;
      const std::uint64_t a = bits_of(sym.tokens[i], bits);
      out.put(a, bits);
      out.flush();
    }
  }
  out.put(c[kEndOfBlock], len[kEndOfBlock]);
  out.flush();
}

void put_stored(BitWriter& out, const std::uint8_t* plane, std::size_t n, bool last) {
  std::size_t at = 0;
  do {
    const std::size_t piece = std::min(kMaxStoredBytes, n - at);
    const bool final_piece = at + piece == n;
    out.put(last && final_piece ? 1 : 0, 3);  // BFINAL, BTYPE 00
    out.align();
    const std::uint8_t header[4] = {
        static_cast<std::uint8_t>(piece), static_cast<std::uint8_t>(piece >> 8),
        static_cast<std::uint8_t>(~piece), static_cast<std::uint8_t>(~piece >> 8)};
    out.bytes(header, 4);
    out.bytes(plane + at, piece);
    at += piece;
  } while (at < n);
}

std::uint64_t stored_bits(std::size_t n) {
  const std::size_t pieces = std::max<std::size_t>(1, (n + kMaxStoredBytes - 1) / kMaxStoredBytes);
  return pieces * (3 + 7 + 32) + 8 * std::uint64_t{n};  // block type, padding, LEN and NLEN
}

/// The length of the next match covering `rest` (at least 3) repeated bytes: never leaving a
/// tail of one or two, as a match is at least three long.
std::size_t next_match(std::size_t rest) {
  return rest <= kMaxMatch ? rest : rest - kMaxMatch < 3 ? rest - 3 : kMaxMatch;
}

/// A plane of `n` bytes all `b`, as a fixed-code block: one literal, then matches of distance
/// 1. Costs a few bits per 258 bytes, and no code to build.
void put_constant(BitWriter& out, std::uint8_t b, std::size_t n, bool last) {
  const PrefixCode& c = kFixedCode;
  out.put(last ? 0b011 : 0b010, 3);  // BFINAL, BTYPE 01
  out.put(c.codes[b], c.lengths[b]);
  out.flush();
  std::size_t rest = n - 1;
  for (; rest >= 3; rest -= next_match(rest)) {
    const std::uint32_t token = kLengthToken[next_match(rest)];
    const unsigned s = token & 0x1FF;
    // The distance, code 0 in five bits, adds zero bits.
    out.put(c.codes[s] | std::uint64_t{token >> 9} << c.lengths[s],
            c.lengths[s] + kExtraBits[s] + kFixedDistanceBits);
    out.flush();
  }
  for (; rest > 0; --rest) {
    out.put(c.codes[b], c.lengths[b]);
    out.flush();
  }
  out.put(c.codes[kEndOfBlock], c.lengths[kEndOfBlock]);
  out.flush();
}

/// One run of `length` equal bytes `b` as tokens: the byte as a literal, then, if the run is
/// long enough, matches of distance 1 for the rest, else literals.
std::uint32_t* put_run(std::uint32_t* t, std::uint8_t b, std::size_t length, PlaneSymbols& sym) {
  ++sym.freq[b];
  *t++ = b;
  std::size_t rest = length - 1;
  if (length >= kMinRun) {
    while (rest >= 3) {
      const std::size_t m = next_match(rest);
      const std::uint32_t token = kLengthToken[m];
      ++sym.freq[token & 0x1FF];
      ++sym.matches;
      *t++ = token;
      rest -= m;
    }
  }
  sym.freq[b] += static_cast<std::uint32_t>(rest);
  for (; rest > 0; --rest)
    *t++ = b;
  return t;
}

/// Bit k set where byte `at + k` differs from the byte before it, for k in [0, 64); needs
/// `at >= 1` and 64 bytes from `at` on.
std::uint64_t changes(const std::uint8_t* plane, std::size_t at) {
  std::uint64_t same = 0;
#if defined(__SSE2__)
  for (unsigned k = 0; k < 64; k += 16) {
    const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(plane + at + k));
    const __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(plane + at + k - 1));
    same |=
        std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(here, before)))}
        << k;
  }
#else
  for (unsigned k = 0; k < 64; ++k)
    same |= std::uint64_t{plane[at + k] == plane[at + k - 1]} << k;
#endif
  return ~same;
}

/// The maximal runs of equal bytes of `plane` into `tokens`, counting symbols into `sym`. Runs
/// end where a byte differs from the one before: those places are found 64 bytes at a time as a
/// bit mask and visited set bit by set bit, so a long run costs a test per 64 bytes and no
/// branch that depends on where it ends.
std::size_t tokenize(const std::uint8_t* plane, std::size_t n, std::uint32_t* tokens,
                     PlaneSymbols& sym) {
  std::uint32_t* t = tokens;
  if (n == 0) return 0;
  std::size_t start = 0;  // of the current run
  std::size_t at = 1;
  for (; at + 64 <= n; at += 64) {
    for (std::uint64_t m = changes(plane, at); m != 0; m &= m - 1) {
      const std::size_t end = at + static_cast<std::size_t>(std::countr_zero(m));
      t = put_run(t, plane[start], end - start, sym);
      start = end;
    }
  }
  for (; at < n; ++at) {
    if (plane[at] != plane[at - 1]) {
      t = put_run(t, plane[start], at - start, sym);
      start = at;
    }
  }
  t = put_run(t, plane[start], n - start, sym);
  return static_cast<std::size_t>(t - tokens);
}

/// How many bytes equal the one before: a cheap test of whether runs are worth finding. Sixteen
/// bytes at a time in byte-wide counters (GCC's vector extension: SSE2 on x86-64), each drained
/// before it could pass 255. Once more than `most_differing` bytes differ from the one before,
/// the count so far is returned: an undercount, enough to say the plane is not mostly runs,
/// without reading the rest of a plane of literals or noise.
std::size_t repeats(const std::uint8_t* plane, std::size_t n, std::size_t most_differing) {
  using Bytes = std::uint8_t __attribute__((vector_size(16)));
  std::size_t same = 0;
  std::size_t i = 1;
  while (i + 16 <= n) {
    const std::size_t steps = std::min<std::size_t>(255, (n - i) / 16);
    Bytes count{};
    for (std::size_t k = 0; k < steps; ++k, i += 16) {
      Bytes here, before;
      std::memcpy(&here, plane + i, 16);
      std::memcpy(&before, plane + i - 1, 16);
      count -= reinterpret_cast<Bytes>(here == before);  // a match is all ones: -1
    }
    for (unsigned lane = 0; lane < 16; ++lane)
      same += count[lane];
    if (i - 1 - same > most_differing) return same;
  }
  for (; i < n; ++i)
    same += plane[i] == plane[i - 1];
  return same;
}

void histogram(const std::uint8_t* plane, std::size_t n, PlaneSymbols& sym) {
  // Four tables, so that a run of one value does not serialise on one counter.
  std::array<std::array<std::uint32_t, 256>, 4> h{};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    ++h[0][plane[i]];
    ++h[1][plane[i + 1]];
    ++h[2][plane[i + 2]];
    ++h[3][plane[i + 3]];
    ++h[0][plane[i + 4]];
    ++h[1][plane[i + 5]];
    ++h[2][plane[i + 6]];
    ++h[3][plane[i + 7]];
  }
  for (; i < n; ++i)
    ++h[0][plane[i]];
  for (unsigned b = 0; b < 256; ++b)
    sym.freq[b] = h[0][b] + h[1][b] + h[2][b] + h[3][b];
}

/// About log2(x) for x >= 1, to within 0.01: exponent plus a quadratic in the mantissa.
float approximate_log2(float x) {
  const auto bits = std::bit_cast<std::uint32_t>(x);
  const float m = std::bit_cast<float>((bits & 0x007FFFFFu) | 0x3F800000u) - 1.0f;  // [0, 1)
  return static_cast<float>(static_cast<int>(bits >> 23) - 127) + m * (1.3465f - 0.3465f * m);
}

/// The order-0 entropy of the `n` bytes counted in `freq[0..255]`, in bits: what the best
/// literal code could at most approach.
double entropy_bits(std::span<const std::uint32_t> freq, std::size_t n) {
  double sum = 0;  // of f log2 f
  for (unsigned b = 0; b < 256; ++b) {
    if (freq[b] > 1) sum += freq[b] * static_cast<double>(approximate_log2(float(freq[b])));
  }
  const double total = static_cast<double>(n);
  return total * static_cast<double>(approximate_log2(float(n))) - sum;
}

/// Whether a sample of a large plane shows noise: sixteen bytes of every 128, whose order-0
/// entropy, with the Miller-Madow correction for the symbols a sample misses, is at least 93%
/// of eight bits (the full test below stores from 90%: the margin covers the sample's error).
/// Such a plane is stored without counting all of its bytes; anything less sure is counted in
/// full and decided exactly.
bool sampled_noise(const std::uint8_t* plane, std::size_t n) {
  constexpr std::size_t kStep = 128, kTake = 16;
  if (n < 32 * kStep) return false;  // a small sample says too little
  std::array<std::array<std::uint32_t, 256>, 2> h{};
  std::size_t count = 0;
  for (std::size_t i = 0; i + kTake <= n; i += kStep, count += kTake) {
    for (std::size_t k = 0; k < kTake; k += 2) {
      ++h[0][plane[i + k]];
      ++h[1][plane[i + k + 1]];
    }
  }
  std::array<std::uint32_t, 256> freq;
  unsigned seen = 0;
  for (unsigned b = 0; b < 256; ++b) {
    freq[b] = h[0][b] + h[1][b];
    seen += freq[b] != 0;
  }
  const double samples = static_cast<double>(count);
  const double bits = entropy_bits(freq, count) / samples + (seen - 1) / (2 * samples * kLn2);
  return bits >= 0.93 * 8;
}

}  // namespace

std::size_t PlaneDeflate::bound(std::size_t in_bytes, std::size_t plane_bytes) {
  // Every plane costs at most its stored form, plus the zlib wrapper and a final byte of bits.
  const std::size_t planes = plane_bytes == 0 ? 1 : (in_bytes + plane_bytes - 1) / plane_bytes;
  const std::size_t pieces = planes + in_bytes / kMaxStoredBytes + 1;
  return in_bytes + 5 * pieces + 2 + 4 + 8 + 8;  // and the writer's eight bytes of slack
}

std::span<const std::byte> PlaneDeflate::compress(std::span<const std::byte> in,
                                                  std::size_t plane_bytes) {
  if (plane_bytes == 0) throw std::invalid_argument("PlaneDeflate: planes of zero bytes");
  const std::size_t most = bound(in.size(), plane_bytes);
  if (out_.size() < most) out_.resize(most);
  auto* const begin = reinterpret_cast<std::uint8_t*>(out_.data());
  begin[0] = 0x78;  // deflate, 32 KiB window
  begin[1] = 0x01;  // fastest; (0x78 << 8 | 0x01) is a multiple of 31, as RFC 1950 requires
  BitWriter bits(begin + 2);
  const auto* data = reinterpret_cast<const std::uint8_t*>(in.data());
  if (in.empty()) put_stored(bits, data, 0, true);

  DynamicCode dynamic;
  for (std::size_t at = 0; at < in.size(); at += plane_bytes) {
    const std::uint8_t* plane = data + at;
    const std::size_t n = std::min(plane_bytes, in.size() - at);
    const bool last = at + n == in.size();

    // Runs are looked for where at least four bytes in five repeat the one before (below).
    const std::size_t same = repeats(plane, n, n / 5);
    if (same + 1 == n) {  // one value throughout: a flag, a high byte, a region's code
      put_constant(bits, plane[0], n, last);
      continue;
    }
    PlaneSymbols sym;
    // Runs pay where they are long: a plane of mostly one value, or of long stretches of equal
    // values. Below that, finding them costs several times what it saves over a literal code.
    if (same * 5 >= n * 4) {
      tokens_.resize(std::max(tokens_.size(), n));
      sym.tokens = {tokens_.data(), tokenize(plane, n, tokens_.data(), sym)};
    } else {
      if (sampled_noise(plane, n)) {
        put_stored(bits, plane, n, last);
        continue;
      }
      histogram(plane, n, sym);
      // Noise (the low bytes of a time, say) is stored without building a code for it; so is a
      // plane a code could shrink by less than a tenth, which is not worth its time per byte
      // (about ten times a stored byte's) at this level.
      if (entropy_bits(sym.freq, n) >= 0.90 * 8 * static_cast<double>(n)) {
        put_stored(bits, plane, n, last);
        continue;
      }
    }
    sym.freq[kEndOfBlock] = 1;

    build_dynamic(sym, dynamic);
    const std::uint64_t dynamic_cost =
        dynamic.header_bits + data_bits(sym, dynamic.coded, dynamic.code, 1);
    const std::uint64_t fixed_cost = data_bits(sym, dynamic.coded, kFixedCode, kFixedDistanceBits);
    if (std::min(dynamic_cost, fixed_cost) >= stored_bits(n)) {
      put_stored(bits, plane, n, last);
    } else if (fixed_cost <= dynamic_cost) {
      bits.put(last ? 0b011 : 0b010, 3);  // BFINAL, BTYPE 01
      put_symbols(bits, sym, dynamic.coded, plane, n, kFixedCode, kFixedDistanceBits);
    } else {
      bits.put(last ? 0b101 : 0b100, 3);  // BFINAL, BTYPE 10
      bits.put(dynamic.literal_lengths - 257, 5);
      bits.put(0, 5);  // one distance code
      bits.put(dynamic.cl_count - 4, 4);
      bits.flush();
      for (unsigned i = 0; i < dynamic.cl_count; ++i) {
        bits.put(dynamic.cl_lengths[kCodeLengthOrder[i]], 3);
        bits.flush();
      }
      for (std::size_t i = 0; i < dynamic.cl_token_count; ++i) {
        const unsigned s = dynamic.cl_tokens[i] & 0x1F;
        bits.put(dynamic.cl_codes[s] | (std::uint64_t{dynamic.cl_tokens[i]} >> 5)
                                           << dynamic.cl_lengths[s],
                 dynamic.cl_lengths[s] + kCodeLengthExtraBits[s]);
        bits.flush();
      }
      put_symbols(bits, sym, dynamic.coded, plane, n, dynamic.code, 1);
    }
  }
  bits.align();
  const std::uint32_t adler = libdeflate_adler32(1, in.data(), in.size());
  const std::uint8_t trailer[4] = {
      static_cast<std::uint8_t>(adler >> 24), static_cast<std::uint8_t>(adler >> 16),
      static_cast<std::uint8_t>(adler >> 8), static_cast<std::uint8_t>(adler)};
  bits.bytes(trailer, 4);
  const auto size = static_cast<std::size_t>(bits.end() - begin);
  if (size > most) throw std::logic_error("PlaneDeflate: wrote past its bound");
  return {out_.data(), size};
}

}  // namespace retzef::sim::h5
