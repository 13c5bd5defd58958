#include "sim/output/hdf5/sized_transfer.hpp"

#include <algorithm>
#include <cstddef>

namespace retzef::sim::h5 {

namespace {
/// libhdf5's own default buffer size (H5D_TEMP_BUF_SIZE).
constexpr std::uint64_t kDefaultBufferBytes = 1 << 20;
}  // namespace

Id sized_transfer(hid_t memory_type, hid_t file_type, std::uint64_t elements) {
  silence_errors();
  // Twice the larger size as the types report it: a variable-length string is a pointer, 8
  // bytes, in a type as retzef holds it, and 16 bytes (its length and heap address) in the
  // file, where libhdf5 sizes its buffers for the larger; a buffer of less than one element is
  // an error.
  const std::uint64_t element =
      2 * std::max<std::uint64_t>({H5Tget_size(memory_type), H5Tget_size(file_type), 1});
  // Below the limit the product cannot overflow: elements is then under 1 MiB / element.
  const std::uint64_t bytes = elements >= kDefaultBufferBytes / element
                                  ? std::max(kDefaultBufferBytes, element)
                                  : std::max<std::uint64_t>(elements, 1) * element;
  Id transfer = plist_id(check(H5Pcreate(H5P_DATASET_XFER), "creating a transfer list"));
  check(H5Pset_buffer(transfer, static_cast<std::size_t>(bytes), nullptr, nullptr),
        "sizing a transfer's buffers");
  return transfer;
}

}  // namespace retzef::sim::h5
