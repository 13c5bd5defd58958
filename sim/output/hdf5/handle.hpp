// The HDF5 C API behind a few small RAII types. An `Id` owns one HDF5 identifier and closes it
// with the right function; `check` turns HDF5's negative return codes into exceptions whose
// message says what we were doing and what HDF5 reported (the innermost message of its error
// stack, e.g. "No space left on device"), because HDF5's own printed stack is noise to a user.
#pragma once

#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace retzef::sim::h5 {

/// An HDF5 call failed; what() says what was being done and why it failed.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Turns off HDF5's printing of its error stack for the calling thread (the thread-safe library
/// keeps one per thread); every function of this namespace calls it, so callers need not.
void silence_errors();

/// Stops HDF5 from closing, at process exit, the files still open then. A file whose last
/// write failed (a full disk) cannot be closed, and HDF5 1.10 crashes trying; such a file is a
/// temporary one that is removed anyway, and every other file is closed explicitly. Call once,
/// first thing in main.
void leave_open_files_at_exit();

/// Throws Error("`what`: <HDF5's reason>") when `status` < 0; returns `status` otherwise.
hid_t check(hid_t status, const std::string& what);

/// An owned HDF5 identifier (file, group, dataset, datatype, dataspace, property list,
/// attribute), closed on destruction. Move-only.
class Id {
 public:
  using Closer = herr_t (*)(hid_t);
  Id() = default;
  Id(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Id() { reset(); }
  Id(Id&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), closer_(o.closer_) {}
  Id& operator=(Id&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      closer_ = o.closer_;
    }
    return *this;
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;

  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }  // NOLINT: passes straight to the C API
  bool valid() const { return id_ >= 0; }
  /// Closes now, reporting a failure (a close flushes; a full disk shows up here).
  void close(const std::string& what);

 private:
  void reset() noexcept {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = H5I_INVALID_HID;
  }
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

inline Id file_id(hid_t id) {
  return {id, H5Fclose};
}
inline Id group_id(hid_t id) {
  return {id, H5Gclose};
}
inline Id dataset_id(hid_t id) {
  return {id, H5Dclose};
}
inline Id type_id(hid_t id) {
  return {id, H5Tclose};
}
inline Id space_id(hid_t id) {
  return {id, H5Sclose};
}
inline Id plist_id(hid_t id) {
  return {id, H5Pclose};
}
inline Id attribute_id(hid_t id) {
  return {id, H5Aclose};
}

}  // namespace retzef::sim::h5
