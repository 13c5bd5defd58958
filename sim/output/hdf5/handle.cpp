#include "sim/output/hdf5/handle.hpp"

namespace retzef::sim::h5 {
namespace {

// Called for each level of the error stack, innermost first: keep the first description and
// the first one that carries a system message (errno text), which is what a user can act on.
herr_t collect(unsigned depth, const H5E_error2_t* e, void* data) {
  auto* out = static_cast<std::string*>(data);
  const std::string text = e->desc != nullptr ? e->desc : "";
  if (depth == 0) {
    *out = text;
  } else if (text.find("error message") != std::string::npos ||
             text.find("errno") != std::string::npos) {
    *out = text;
  }
  return 0;
}

/// HDF5's system-error text carries a time, a buffer address, byte counts...; a user needs the
/// file and the system's message.
std::string shorten(const std::string& text) {
  const auto quoted = [&](const std::string& key) -> std::string {
    const auto at = text.find(key + " = '");
    if (at == std::string::npos) return {};
    const auto start = at + key.size() + 4;
    const auto end = text.find('\'', start);
    return end == std::string::npos ? std::string() : text.substr(start, end - start);
  };
  const std::string message = quoted("error message");
  if (message.empty()) return text;
  const std::string file = quoted("filename");
  const auto colon = text.find(':');
  const std::string head = colon == std::string::npos ? text : text.substr(0, colon);
  return head + (file.empty() ? "" : ": " + file) + ": " + message;
}

}  // namespace

void silence_errors() {
  thread_local bool silenced = false;
  if (!silenced) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    silenced = true;
  }
}

void leave_open_files_at_exit() {
  H5dont_atexit();
}

hid_t check(hid_t status, const std::string& what) {
  if (status >= 0) return status;
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect, &reason);
  reason = shorten(reason);
  H5Eclear2(H5E_DEFAULT);
  throw Error(what + (reason.empty() ? "" : ": " + reason));
}

void Id::close(const std::string& what) {
  if (id_ < 0 || closer_ == nullptr) return;
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  check(closer_(id), what);
}

}  // namespace retzef::sim::h5
