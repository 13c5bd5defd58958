// Dataset transfers whose conversion buffers are sized to what is moved. libhdf5 converts the
// values of a read or write whose memory type differs from the file's (a table's fields into
// doubles, strings to and from its global heap) in buffers of its own: a conversion buffer and
// a background buffer, each of the transfer's buffer size, 1 MiB by default, allocated and
// cleared for every such call whatever the data's size. Reading a summary row of 2.4 KB cleared
// 2 MiB of fresh memory, and a catchment replication's result file cleared about 25 MB (1% of
// the instructions of `retzef run medical -r 1 -t 1 -o FILE`). The sized transfer asks for no
// more than the data needs, and never more than the default; larger data is converted in
// strips of 1 MiB, as before. The values converted are the same whatever the buffer's size.
#pragma once

#include <hdf5.h>

#include <cstdint>

#include "sim/output/hdf5/handle.hpp"

namespace retzef::sim::h5 {

/// A transfer property list for moving `elements` values between `memory_type` and
/// `file_type`: buffers of `elements` values (twice the larger of the two types' sizes each, see
/// the source), at most 1 MiB and at least one value.
Id sized_transfer(hid_t memory_type, hid_t file_type, std::uint64_t elements);

}  // namespace retzef::sim::h5
