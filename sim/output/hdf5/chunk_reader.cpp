#include "sim/output/hdf5/chunk_reader.hpp"

#include <libdeflate.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "sim/engine/fork_join_order.hpp"
#include "sim/output/hdf5/handle.hpp"
#include "sim/output/hdf5/scratch_buffer.hpp"

namespace retzef::sim::h5 {
namespace {

// Deflate expands its input at most 1032-fold: a chunk that claims more than that of its stored
// bytes is a damaged header, not something to allocate for.
constexpr std::uint64_t kMostExpansion = 1032;
// Stored chunks are read in batches of about this many bytes before they are inflated, so that
// a table of any size is read with bounded memory.
constexpr std::uint64_t kBatchBytes = std::uint64_t{64} << 20;

/// True when the dataset's filters are libhdf5's shuffle, by rows of `row_bytes`, then its
/// deflate: what TableWriter sets.
bool shuffled_then_deflated(hid_t dcpl, std::size_t row_bytes) {
  if (H5Pget_nfilters(dcpl) != 2) return false;
  unsigned flags = 0;
  unsigned values[4] = {};
  std::size_t count = 4;
  char name[1] = {};
  unsigned config = 0;
  if (H5Pget_filter2(dcpl, 0, &flags, &count, values, 0, name, &config) != H5Z_FILTER_SHUFFLE ||
      count < 1 || values[0] != row_bytes) {
    return false;
  }
  count = 4;
  return H5Pget_filter2(dcpl, 1, &flags, &count, values, 0, name, &config) == H5Z_FILTER_DEFLATE;
}

/// Converts `rows` values of one field from a chunk's planes (`stride` bytes each, the field's
/// first byte's plane at `plane`) to doubles at every `step`-th place of `out`, as libhdf5's
/// conversions do: integers and floats by the C++ conversion to double.
template <std::size_t Size, PlainField::Kind K>
void convert(const std::byte* plane, std::size_t stride, std::size_t rows, double* out,
             std::size_t step) {
  for (std::size_t r = 0; r < rows; ++r) {
    std::uint64_t bits = 0;
    for (std::size_t k = 0; k < Size; ++k) {
      bits |= std::uint64_t{std::to_integer<std::uint8_t>(plane[k * stride + r])} << (8 * k);
    }
    double x = 0;
    if constexpr (K == PlainField::Kind::floating) {
      if constexpr (Size == 4) {
        float f = 0;
        const auto narrow = static_cast<std::uint32_t>(bits);
        std::memcpy(&f, &narrow, sizeof f);
        x = f;
      } else {
        std::memcpy(&x, &bits, sizeof x);
      }
    } else if constexpr (K == PlainField::Kind::signed_integer) {
      constexpr unsigned shift = 64 - 8 * Size;
      x = static_cast<double>(static_cast<std::int64_t>(bits << shift) >> shift);
    } else {
      x = static_cast<double>(bits);
    }
    out[r * step] = x;
  }
}

template <PlainField::Kind K>
void convert_sized(std::size_t size, const std::byte* plane, std::size_t stride, std::size_t rows,
                   double* out, std::size_t step) {
  switch (size) {
    case 1:
      return convert<1, K>(plane, stride, rows, out, step);
    case 2:
      return convert<2, K>(plane, stride, rows, out, step);
    case 4:
      return convert<4, K>(plane, stride, rows, out, step);
    default:
      return convert<8, K>(plane, stride, rows, out, step);
  }
}

void convert_field(const PlainField& f, const std::byte* planes, std::size_t chunk_rows,
                   std::size_t rows, double* out, std::size_t step) {
  const std::byte* plane = planes + f.offset * chunk_rows;
  switch (f.kind) {
    case PlainField::Kind::signed_integer:
      return convert_sized<PlainField::Kind::signed_integer>(f.size, plane, chunk_rows, rows, out,
                                                             step);
    case PlainField::Kind::unsigned_integer:
      return convert_sized<PlainField::Kind::unsigned_integer>(f.size, plane, chunk_rows, rows, out,
                                                               step);
    case PlainField::Kind::floating:
      return f.size == 4
                 ? convert<4, PlainField::Kind::floating>(plane, chunk_rows, rows, out, step)
                 : convert<8, PlainField::Kind::floating>(plane, chunk_rows, rows, out, step);
  }
}

/// What each thread inflates with: its decompressor and a chunk's planes.
struct Inflater {
  struct Free {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  std::unique_ptr<libdeflate_decompressor, Free> decompressor{libdeflate_alloc_decompressor()};
  ScratchBuffer<std::byte> planes;
};

}  // namespace

std::optional<PlainField> plain_field(hid_t member, std::size_t offset, std::size_t row_bytes) {
  const std::size_t size = H5Tget_size(member);
  if (size == 0 || offset > row_bytes || size > row_bytes - offset) return std::nullopt;
  const H5T_class_t kind = H5Tget_class(member);
  if (kind == H5T_FLOAT) {
    const bool ieee = (size == 4 && H5Tequal(member, H5T_IEEE_F32LE) > 0) ||
                      (size == 8 && H5Tequal(member, H5T_IEEE_F64LE) > 0);
    if (!ieee) return std::nullopt;
    return PlainField{offset, size, PlainField::Kind::floating};
  }
  Id base;
  hid_t integer = member;
  if (kind == H5T_ENUM) {
    base = type_id(H5Tget_super(member));
    if (!base.valid()) return std::nullopt;
    integer = base.get();
  }
  if (H5Tget_class(integer) != H5T_INTEGER || H5Tget_size(integer) != size) return std::nullopt;
  if (size != 1 && size != 2 && size != 4 && size != 8) return std::nullopt;
  if (H5Tget_order(integer) != H5T_ORDER_LE || H5Tget_offset(integer) != 0 ||
      H5Tget_precision(integer) != 8 * size) {
    return std::nullopt;
  }
  const H5T_sign_t sign = H5Tget_sign(integer);
  if (sign != H5T_SGN_2 && sign != H5T_SGN_NONE) return std::nullopt;
  return PlainField{
      offset, size,
      sign == H5T_SGN_2 ? PlainField::Kind::signed_integer : PlainField::Kind::unsigned_integer};
}

bool read_shuffled_chunks(hid_t dataset, std::size_t row_bytes, std::span<const PlainField> fields,
                          std::span<double> out) {
  if (row_bytes == 0 || fields.empty() || out.size() % fields.size() != 0) return false;
  const std::size_t rows = out.size() / fields.size();
  if (rows == 0) return true;
  const Id dcpl = plist_id(H5Dget_create_plist(dataset));
  if (!dcpl.valid() || H5Pget_layout(dcpl) != H5D_CHUNKED) return false;
  hsize_t chunk = 0;
  if (H5Pget_chunk(dcpl, 1, &chunk) != 1 || chunk == 0) return false;
  if (!shuffled_then_deflated(dcpl, row_bytes)) return false;
  if (chunk > std::numeric_limits<std::uint32_t>::max() / row_bytes) return false;
  const auto chunk_rows = static_cast<std::size_t>(chunk);
  const std::size_t chunk_bytes = chunk_rows * row_bytes;
  for (const PlainField& f : fields) {
    if (f.offset > row_bytes || f.size > row_bytes - f.offset) return false;
  }
  const Id file = file_id(H5Iget_file_id(dataset));
  hsize_t file_bytes = 0;
  if (!file.valid() || H5Fget_filesize(file, &file_bytes) < 0) return false;

  const std::size_t chunks = (rows + chunk_rows - 1) / chunk_rows;
  std::vector<ScratchBuffer<std::byte>> stored;
  tbb::enumerable_thread_specific<Inflater> inflaters;
  std::atomic<bool> declined{false};
  for (std::size_t first = 0; first < chunks;) {
    // Read a batch of stored chunks, one after another: libhdf5 reads them one at a time anyway.
    std::size_t count = 0;
    std::uint64_t batch_bytes = 0;
    while (first + count < chunks && batch_bytes < kBatchBytes) {
      const hsize_t origin = static_cast<hsize_t>(first + count) * chunk;
      hsize_t bytes = 0;
      if (H5Dget_chunk_storage_size(dataset, &origin, &bytes) < 0 || bytes == 0 ||
          bytes > file_bytes || chunk_bytes > bytes * kMostExpansion) {
        H5Eclear2(H5E_DEFAULT);
        return false;
      }
      if (stored.size() <= count) stored.emplace_back();
      stored[count].resize(static_cast<std::size_t>(bytes));
      std::uint32_t skipped = 0;
      if (H5Dread_chunk(dataset, H5P_DEFAULT, &origin, &skipped, stored[count].data()) < 0 ||
          skipped != 0) {
        H5Eclear2(H5E_DEFAULT);
        return false;
      }
      batch_bytes += bytes;
      ++count;
    }
    {
      // The batch read above is published to the tasks, and what they convert to the caller as
      // the loop returns and `order` goes, before the next batch reuses `stored`: stated for
      // ThreadSanitizer, which does not see TBB's own hand-over.
      const std::size_t batch_first = first;
      ForkJoinOrder order;
      tbb::parallel_for(
          tbb::blocked_range<std::size_t>(0, count, 1), order.body([&](const auto& range) {
            Inflater& inflater = inflaters.local();
            if (!inflater.decompressor) {
              declined = true;
              return;
            }
            inflater.planes.resize(chunk_bytes);
            for (std::size_t i = range.begin(); i != range.end() && !declined; ++i) {
              std::size_t inflated = 0;
              const ScratchBuffer<std::byte>& in = stored[i];
              if (libdeflate_zlib_decompress(inflater.decompressor.get(), in.data(), in.size(),
                                             inflater.planes.data(), chunk_bytes,
                                             &inflated) != LIBDEFLATE_SUCCESS ||
                  inflated != chunk_bytes) {
                declined = true;
                return;
              }
              const std::size_t first_row = (batch_first + i) * chunk_rows;
              const std::size_t n = std::min(chunk_rows, rows - first_row);
              for (std::size_t f = 0; f < fields.size(); ++f) {
                convert_field(fields[f], inflater.planes.data(), chunk_rows, n,
                              out.data() + first_row * fields.size() + f, fields.size());
              }
            }
          }));
    }
    if (declined) return false;
    first += count;
  }
  return true;
}

}  // namespace retzef::sim::h5
