#include "sim/output/hdf5/byte_planes.hpp"

#include <cstdint>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace retzef::sim::h5 {
namespace {

template <class T>
void scatter_bytes(const double* values, std::size_t stride, std::size_t rows, std::byte* plane,
                   std::size_t plane_bytes) {
  for (std::size_t r = 0; r < rows; ++r) {
    const T x = static_cast<T>(values[r * stride]);
    std::byte bytes[sizeof(T)];
    std::memcpy(bytes, &x, sizeof(T));
    for (std::size_t k = 0; k < sizeof(T); ++k)
      plane[k * plane_bytes + r] = bytes[k];
  }
}

#if defined(__SSE2__)

/// One step of the transpose: interleaves the bytes of the first half of a block with those of
/// the second. Applied three times to eight values of b bytes, it moves byte k of value i from
/// position b*i + k to 8*k + i (the position's bits rotate by three).
inline void interleave(__m128i& lo, __m128i& hi) {
  const __m128i a = _mm_unpacklo_epi8(lo, hi);
  hi = _mm_unpackhi_epi8(lo, hi);
  lo = a;
}

inline void store_planes(__m128i two_planes, std::byte* plane, std::size_t plane_bytes) {
  _mm_storel_epi64(reinterpret_cast<__m128i*>(plane), two_planes);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(plane + plane_bytes),
                   _mm_unpackhi_epi64(two_planes, two_planes));
}

inline __m128d load_two(const double* values, std::size_t stride) {
  return _mm_loadh_pd(_mm_load_sd(values), values + stride);
}

void scatter_f64(const double* values, std::size_t stride, std::size_t rows, std::byte* plane,
                 std::size_t plane_bytes) {
  std::size_t r = 0;
  for (; r + 8 <= rows; r += 8) {
    const double* v = values + r * stride;
    __m128i x0 = _mm_castpd_si128(load_two(v, stride));  // bytes of rows 0 and 1
    __m128i x1 = _mm_castpd_si128(load_two(v + 2 * stride, stride));
    __m128i x2 = _mm_castpd_si128(load_two(v + 4 * stride, stride));
    __m128i x3 = _mm_castpd_si128(load_two(v + 6 * stride, stride));
    for (int step = 0; step < 3; ++step) {  // halves (x0, x1) and (x2, x3)
      __m128i y0 = x0, y1 = x2, y2 = x1, y3 = x3;
      interleave(y0, y1);
      interleave(y2, y3);
      x0 = y0;
      x1 = y1;
      x2 = y2;
      x3 = y3;
    }
    std::byte* p = plane + r;
    store_planes(x0, p, plane_bytes);
    store_planes(x1, p + 2 * plane_bytes, plane_bytes);
    store_planes(x2, p + 4 * plane_bytes, plane_bytes);
    store_planes(x3, p + 6 * plane_bytes, plane_bytes);
  }
  scatter_bytes<double>(values + r * stride, stride, rows - r, plane + r, plane_bytes);
}

/// Eight rows of a four-byte type, given as two vectors of four values: the four planes' eight
/// bytes each.
inline void store_four_planes(__m128i x0, __m128i x1, std::byte* p, std::size_t plane_bytes) {
  for (int step = 0; step < 3; ++step)
    interleave(x0, x1);
  store_planes(x0, p, plane_bytes);
  store_planes(x1, p + 2 * plane_bytes, plane_bytes);
}

void scatter_f32(const double* values, std::size_t stride, std::size_t rows, std::byte* plane,
                 std::size_t plane_bytes) {
  std::size_t r = 0;
  for (; r + 8 <= rows; r += 8) {
    const double* v = values + r * stride;
    // cvtpd2ps rounds as the scalar conversion does, NaN included.
    const auto four = [stride](const double* w) {
      return _mm_castps_si128(_mm_movelh_ps(_mm_cvtpd_ps(load_two(w, stride)),
                                            _mm_cvtpd_ps(load_two(w + 2 * stride, stride))));
    };
    store_four_planes(four(v), four(v + 4 * stride), plane + r, plane_bytes);
  }
  scatter_bytes<float>(values + r * stride, stride, rows - r, plane + r, plane_bytes);
}

void scatter_u32(const double* values, std::size_t stride, std::size_t rows, std::byte* plane,
                 std::size_t plane_bytes) {
  // cvttpd2dq truncates like the scalar conversion inside int32's range and gives INT32_MIN for
  // anything outside it (or NaN): a group with that value goes the scalar way (exactly -2^31,
  // in range, goes there too, and comes out the same).
  const __m128i outside = _mm_set1_epi32(std::numeric_limits<std::int32_t>::min());
  std::size_t r = 0;
  for (; r + 8 <= rows; r += 8) {
    const double* v = values + r * stride;
    const __m128i x0 = _mm_unpacklo_epi64(_mm_cvttpd_epi32(load_two(v, stride)),
                                          _mm_cvttpd_epi32(load_two(v + 2 * stride, stride)));
    const __m128i x1 = _mm_unpacklo_epi64(_mm_cvttpd_epi32(load_two(v + 4 * stride, stride)),
                                          _mm_cvttpd_epi32(load_two(v + 6 * stride, stride)));
    const __m128i odd = _mm_or_si128(_mm_cmpeq_epi32(x0, outside), _mm_cmpeq_epi32(x1, outside));
    if (_mm_movemask_epi8(odd) != 0) {
      scatter_bytes<std::uint32_t>(v, stride, 8, plane + r, plane_bytes);
      continue;
    }
    store_four_planes(x0, x1, plane + r, plane_bytes);
  }
  scatter_bytes<std::uint32_t>(values + r * stride, stride, rows - r, plane + r, plane_bytes);
}

/// Eight rows' values truncated to int32 (exact for the small codes and counts narrow columns
/// hold), saturated to int16: eight lanes.
inline __m128i eight_i16(const double* v, std::size_t stride) {
  const __m128i a = _mm_unpacklo_epi64(_mm_cvttpd_epi32(load_two(v, stride)),
                                       _mm_cvttpd_epi32(load_two(v + 2 * stride, stride)));
  const __m128i b = _mm_unpacklo_epi64(_mm_cvttpd_epi32(load_two(v + 4 * stride, stride)),
                                       _mm_cvttpd_epi32(load_two(v + 6 * stride, stride)));
  return _mm_packs_epi32(a, b);
}

void scatter_i16(const double* values, std::size_t stride, std::size_t rows, std::byte* plane,
                 std::size_t plane_bytes) {
  std::size_t r = 0;
  for (; r + 8 <= rows; r += 8) {
    const __m128i x = eight_i16(values + r * stride, stride);
    // Low bytes into the low half, high bytes into the high half: the two planes' eight bytes.
    const __m128i low = _mm_and_si128(x, _mm_set1_epi16(0xFF));
    const __m128i high = _mm_srli_epi16(x, 8);
    store_planes(_mm_packus_epi16(low, high), plane + r, plane_bytes);
  }
  scatter_bytes<std::int16_t>(values + r * stride, stride, rows - r, plane + r, plane_bytes);
}

void scatter_u8(const double* values, std::size_t stride, std::size_t rows, std::byte* plane,
                std::size_t plane_bytes) {
  std::size_t r = 0;
  for (; r + 8 <= rows; r += 8) {
    const __m128i x = eight_i16(values + r * stride, stride);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(plane + r), _mm_packus_epi16(x, x));
  }
  scatter_bytes<std::uint8_t>(values + r * stride, stride, rows - r, plane + r, plane_bytes);
}

#else  // byte by byte, the same bytes

constexpr auto scatter_f64 = scatter_bytes<double>;
constexpr auto scatter_f32 = scatter_bytes<float>;
constexpr auto scatter_u32 = scatter_bytes<std::uint32_t>;
constexpr auto scatter_i16 = scatter_bytes<std::int16_t>;
constexpr auto scatter_u8 = scatter_bytes<std::uint8_t>;

#endif

}  // namespace

void scatter_column(ColumnType type, const double* values, std::size_t stride, std::size_t rows,
                    std::byte* plane, std::size_t plane_bytes) {
  switch (type) {
    case ColumnType::f64:
      return scatter_f64(values, stride, rows, plane, plane_bytes);
    case ColumnType::f32:
      return scatter_f32(values, stride, rows, plane, plane_bytes);
    case ColumnType::u32:
      return scatter_u32(values, stride, rows, plane, plane_bytes);
    case ColumnType::i16:
      return scatter_i16(values, stride, rows, plane, plane_bytes);
    case ColumnType::u8:
      return scatter_u8(values, stride, rows, plane, plane_bytes);
    case ColumnType::i64:
      return scatter_bytes<std::int64_t>(values, stride, rows, plane, plane_bytes);
    case ColumnType::u64:
      return scatter_bytes<std::uint64_t>(values, stride, rows, plane, plane_bytes);
  }
}

}  // namespace retzef::sim::h5
