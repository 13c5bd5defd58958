// libFuzzer harness for the result-file reader behind `retzef inspect`: the bytes are a result
// file. Its checksum header is checked first, as `inspect` does, on a copy in an anonymous
// in-memory file; then, whatever that check says, the bytes are opened from memory (HDF5's
// core driver with a file image, nothing written to disk) and read by inspect_file in each of
// its modes: the overview as a table and as JSON, the indicators, and the scenario of the
// first case. Reading on past a failed check is deliberate: almost every mutation breaks the
// CRC-32, so a harness that stopped there would test the checksum and nothing behind it. Going
// on is what `inspect` would do with a file whose checksum had been recomputed after the
// damage (or a plain HDF5 file, which has none), so libhdf5's reader and retzef's behind it
// see every mutation. A file that is not a readable retzef file must end in
// std::runtime_error (h5::Error among them) or std::invalid_argument, with every HDF5 object
// it opened closed again; anything else is a finding. Output goes to /dev/null: only what
// reading does matters here.
#include <hdf5.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiments/inspect_command.hpp"
#include "sim/output/hdf5/checksum_header.hpp"
#include "sim/output/hdf5/file.hpp"

namespace h5 = retzef::sim::h5;
using retzef::experiments::InspectOptions;

namespace {

/// An anonymous in-memory file holding the current input, for the checksum check, which reads
/// a path (/proc/self/fd/N); -1 where memfd_create is missing (the check is then skipped).
int input_copy = -1;

/// The checksum header's check on the input's bytes; its verdict does not matter (see above),
/// only that it ends in an answer or h5::Error.
void check_header(const std::uint8_t* data, std::size_t size) {
  if (input_copy < 0 || ::ftruncate(input_copy, 0) != 0) return;
  std::size_t put = 0;
  while (put < size) {
    const ssize_t w = ::pwrite(input_copy, data + put, size - put, static_cast<off_t>(put));
    if (w <= 0) return;
    put += static_cast<std::size_t>(w);
  }
  try {
    h5::verify_checksum_header("/proc/self/fd/" + std::to_string(input_copy));
  } catch (const h5::Error&) {
  }
}

/// The input's bytes lent to HDF5 as its file image, uncopied. By default the property list
/// and then the core driver each copy the image into fresh memory, which under the address
/// sanitizer is fresh pages to fault in on every input; these callbacks hand HDF5 the input
/// itself wherever it would copy, and free nothing. The file is opened read-only, so HDF5 never
/// writes to it or resizes it (a resize is refused).
struct LentImage {
  void* data = nullptr;
  std::size_t size = 0;
};
LentImage lent;

void* lend(std::size_t size, H5FD_file_image_op_t, void* udata) {
  auto* image = static_cast<LentImage*>(udata);
  return size == image->size ? image->data : nullptr;
}
void* copy_if_other(void* dest, const void* src, std::size_t size, H5FD_file_image_op_t, void*) {
  return dest == src ? dest : std::memcpy(dest, src, size);
}
void* refuse_resize(void*, std::size_t, H5FD_file_image_op_t, void*) {
  return nullptr;
}
herr_t keep(void*, H5FD_file_image_op_t, void*) {
  return 0;
}
void* same_udata(void* udata) {
  return udata;
}
herr_t keep_udata(void*) {
  return 0;
}

/// The file image opened read-only, or an invalid Id when HDF5 cannot open it.
h5::Id open_image(const std::uint8_t* data, std::size_t size) {
  const h5::Id access = h5::plist_id(H5Pcreate(H5P_FILE_ACCESS));
  // Grow in 64 KiB steps, never write back: the image is only read.
  H5Pset_fapl_core(access, 1 << 16, 0);
  lent = {const_cast<std::uint8_t*>(data), size};
  H5FD_file_image_callbacks_t callbacks = {lend,       copy_if_other, refuse_resize, keep,
                                           same_udata, keep_udata,    &lent};
  H5Pset_file_image_callbacks(access, &callbacks);
  H5Pset_file_image(access, lent.data, size);
  return h5::file_id(H5Fopen("fuzz.h5", H5F_ACC_RDONLY, access));
}

/// Every HDF5 object that reading opened must be closed once it is done, whatever went wrong:
/// an identifier left open would carry one input's state into the next (and, in `inspect`,
/// keep the file open). So an input after which any is still open is a finding, listed.
void check_all_closed() {
  const ssize_t open = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
  if (open <= 0) return;
  std::fprintf(stderr, "%zd HDF5 objects left open after the input:\n", open);
  std::vector<hid_t> ids(static_cast<std::size_t>(open));
  const ssize_t listed = H5Fget_obj_ids(H5F_OBJ_ALL, H5F_OBJ_ALL, ids.size(), ids.data());
  for (std::size_t i = 0; i < static_cast<std::size_t>(std::max<ssize_t>(listed, 0)); ++i) {
    char name[256] = "";
    H5Iget_name(ids[i], name, sizeof name);
    std::fprintf(stderr, "  identifier of type %d, %s\n", static_cast<int>(H5Iget_type(ids[i])),
                 name);
  }
  std::abort();
}

void inspect_quietly(hid_t file, const InspectOptions& o) {
  try {
    retzef::experiments::inspect_file(file, o);
  } catch (const std::runtime_error&) {
  } catch (const std::invalid_argument&) {
  }
}

/// The checksum check and every mode of `inspect` on one input.
void read_input(const std::uint8_t* data, std::size_t size) {
  check_header(data, size);
  const h5::Id file = open_image(data, size);
  if (!file.valid()) return;
  InspectOptions o;
  o.file = "fuzz.h5";
  inspect_quietly(file, o);
  o.json = true;
  inspect_quietly(file, o);
  o.indicators = true;
  inspect_quietly(file, o);
  o.json = false;
  o.indicators = false;
  try {
    const auto cases = h5::read_strings_attribute(h5::open_group(file, "meta"), "cases");
    if (!cases.empty()) {
      o.scenario = cases.front();
      inspect_quietly(file, o);
    }
  } catch (const std::runtime_error&) {
  }
}

}  // namespace

// libhdf5 1.10 (Debian 12) leaks the strings it has already converted when a read of
// variable-length strings fails part-way (a damaged global heap): H5Aread converts in a buffer
// of its own (H5T__conv_vlen) and does not free its strings on the error path, so the caller
// never sees them. Not ours to fix, and harmless to `inspect`, which exits after the error.
// The library is not built with frame pointers, so the leak's stack ends in it: allocations
// made inside libhdf5 are suppressed as a whole. Ours are not, and the strings of reads that
// succeed (freed in sim/output/hdf5/file.cpp) are checked for leaks by the asan preset's
// tests, where nothing is suppressed.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libhdf5_serial.so\n";
}

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  h5::silence_errors();
  input_copy = ::memfd_create("result_file_fuzz", MFD_CLOEXEC);
  if (std::freopen("/dev/null", "w", stdout) == nullptr) return 1;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  read_input(data, size);
  check_all_closed();
  return 0;
}
