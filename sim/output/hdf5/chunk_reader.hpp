// Reading a table's number fields from its chunks as stored, on every core: the tables
// TableWriter writes are chunks shuffled into byte planes and then deflated, and libhdf5 reads
// them one chunk at a time under its global lock, inflating with zlib and converting the fields
// in passes of its own. For a national batch that was most of the checks every batch ends with
// (the warm-up check reads 90 occupancy tables of 230,000 rows). Here the stored chunks are read
// one after another, then inflated by libdeflate and converted from the planes straight to
// doubles, a chunk a task, in the caller's TBB arena. It must give exactly what libhdf5 gives:
// anything it does not recognise — another layout or filter, a chunk stored unfiltered or not
// written, a number type that is not a plain little-endian one, a stream that does not inflate
// to a whole chunk — makes it decline, and the caller reads through libhdf5, whose own checks
// and messages then apply.
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace retzef::sim::h5 {

/// Where a number field lies in the file's row, and how its bytes read.
struct PlainField {
  enum class Kind : std::uint8_t { signed_integer, unsigned_integer, floating };
  std::size_t offset = 0;  ///< its first byte in the row
  std::size_t size = 0;    ///< 1, 2, 4 or 8 bytes (4 or 8 when floating)
  Kind kind = Kind::floating;
};

/// The field at `offset` of a row of `row_bytes` whose type is `member`, when that is a
/// little-endian integer, an enumeration over one, or an IEEE float of 4 or 8 bytes, lying
/// within the row; nothing otherwise (libhdf5 then converts it).
std::optional<PlainField> plain_field(hid_t member, std::size_t offset, std::size_t row_bytes);

/// Reads the 1-D dataset `dataset`, of rows `row_bytes` long, into `out`: field f of row r to
/// out[r * fields.size() + f], for as many rows as `out` has room for (the caller sized it
/// from the dataset's extent). False, with `out` partly written, when the dataset is not
/// chunks shuffled by rows then deflated, each stored filtered and inflating to a whole chunk.
bool read_shuffled_chunks(hid_t dataset, std::size_t row_bytes, std::span<const PlainField> fields,
                          std::span<double> out);

}  // namespace retzef::sim::h5
