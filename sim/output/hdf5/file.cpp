#include "sim/output/hdf5/file.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "sim/output/hdf5/sized_transfer.hpp"

namespace retzef::sim::h5 {
namespace {

/// The most strings one attribute or name table of a result file may hold: far more than any
/// retzef writes (its longest, the indicator names, has a few hundred).
constexpr std::uint64_t kMaxStrings = 1'000'000;

std::string where(hid_t object) {
  char buf[512];
  const ssize_t n = H5Iget_name(object, buf, sizeof buf);
  return n > 0
             ? std::string(buf, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buf - 1))
             : std::string("?");
}

Id scalar_space() {
  return space_id(check(H5Screate(H5S_SCALAR), "creating a dataspace"));
}

Id vector_space(hsize_t n) {
  return space_id(check(H5Screate_simple(1, &n, nullptr), "creating a dataspace"));
}

/// Replaces an attribute of that name, so that rewriting one is not an error.
Id new_attribute(hid_t object, const std::string& name, hid_t type, hid_t space) {
  silence_errors();
  if (H5Aexists(object, name.c_str()) > 0) {
    check(H5Adelete(object, name.c_str()), "replacing attribute " + name);
  }
  return attribute_id(check(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                            "creating attribute " + name + " of " + where(object)));
}

Id open_attribute(hid_t object, const std::string& name) {
  silence_errors();
  if (H5Aexists(object, name.c_str()) <= 0) {
    throw Error(where(object) + ": no attribute '" + name + "'");
  }
  return attribute_id(check(H5Aopen(object, name.c_str(), H5P_DEFAULT),
                            "opening attribute " + name + " of " + where(object)));
}

template <class T>
void write_scalar(hid_t object, const std::string& name, hid_t type, T value) {
  const Id space = scalar_space();
  const Id a = new_attribute(object, name, type, space);
  check(H5Awrite(a, type, &value), "writing attribute " + name);
}

/// Reads variable-length strings from an attribute or dataset and frees HDF5's copies.
std::vector<std::string> take_strings(std::vector<char*>& raw, hid_t type, hid_t space) {
  std::vector<std::string> out;
  out.reserve(raw.size());
  for (char* s : raw)
    out.emplace_back(s != nullptr ? s : "");
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
  return out;
}

/// `raw` sized for the elements of `space`. A damaged file can claim more elements than memory
/// holds, and a negative count is HDF5's error.
std::vector<char*> string_slots(hid_t space, const std::string& what) {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0) check(-1, what);
  if (static_cast<std::uint64_t>(n) > kMaxStrings) {
    throw Error(what + ": expected at most " + std::to_string(kMaxStrings) + " strings, got " +
                std::to_string(n));
  }
  return std::vector<char*>(static_cast<std::size_t>(n), nullptr);
}

/// Throws for a failed read of variable-length strings into `raw`, first freeing the strings
/// HDF5 had already converted: a read that fails part-way (a damaged string heap) leaves them
/// allocated.
void check_string_read(herr_t status, std::vector<char*>& raw, const std::string& what) {
  if (status >= 0) return;
  for (char*& s : raw) {
    H5free_memory(s);
    s = nullptr;
  }
  check(status, what);
}

/// The attribute `name` of `object`, which must hold exactly one value: a read of a numeric
/// attribute writes every element it holds into a one-value buffer.
Id open_single_attribute(hid_t object, const std::string& name) {
  Id a = open_attribute(object, name);
  const Id space = space_id(check(H5Aget_space(a), "reading attribute " + name));
  if (H5Sget_simple_extent_npoints(space) != 1) {
    throw Error(where(object) + ": attribute '" + name + "' is not one value");
  }
  return a;
}

}  // namespace

Id untimed_creation(hid_t property_class) {
  Id p = plist_id(check(H5Pcreate(property_class), "creating a property list"));
  check(H5Pset_obj_track_times(p, false), "setting object times off");
  return p;
}

Id create_file(const std::filesystem::path& path) {
  silence_errors();
  return file_id(check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                       path.string() + ": cannot create"));
}

void start_writeback(hid_t file) {
#if defined(__linux__)
  void* handle = nullptr;
  if (H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) >= 0 && handle != nullptr) {
    ::sync_file_range(*static_cast<int*>(handle), 0, 0, SYNC_FILE_RANGE_WRITE);
  }
#else
  (void)file;
#endif
}

Id open_file(const std::filesystem::path& path, bool writable) {
  silence_errors();
  if (!std::filesystem::exists(path)) throw Error(path.string() + ": no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw Error(path.string() + ": not an HDF5 file");
  return file_id(check(H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, H5P_DEFAULT),
                       path.string() + ": cannot open"));
}

bool is_readable_file(const std::filesystem::path& path) {
  silence_errors();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  if (H5Fis_hdf5(path.c_str()) <= 0) return false;
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  H5Fclose(f);
  return true;
}

Id create_group(hid_t parent, const std::string& name) {
  silence_errors();
  const Id gcpl = untimed_creation(H5P_GROUP_CREATE);
  return group_id(check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT),
                        "creating group " + name + " in " + where(parent)));
}

Id open_group(hid_t parent, const std::string& name) {
  silence_errors();
  if (!exists(parent, name)) throw Error(where(parent) + ": no group '" + name + "'");
  return group_id(check(H5Gopen2(parent, name.c_str(), H5P_DEFAULT),
                        "opening group " + name + " in " + where(parent)));
}

Id open_dataset(hid_t parent, const std::string& name) {
  silence_errors();
  if (!exists(parent, name)) throw Error(where(parent) + ": no dataset '" + name + "'");
  return dataset_id(check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT),
                          "opening " + name + " in " + where(parent)));
}

bool exists(hid_t parent, const std::string& path) {
  silence_errors();
  // H5Lexists must be asked about each component in turn: a missing intermediate is an error.
  std::string prefix;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::string part = path.substr(start, slash == std::string::npos ? slash : slash - start);
    if (!part.empty()) {
      prefix += (prefix.empty() ? "" : "/") + part;
      if (H5Lexists(parent, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return true;
}

std::vector<std::string> members(hid_t group) {
  silence_errors();
  std::vector<std::string> names;
  const auto visit = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names),
        "listing " + where(group));
  return names;
}

namespace {

/// Copies every attribute of `from` to `to`, bytes as stored (variable-length strings through
/// memory, reclaimed after).
void copy_attributes(hid_t from, hid_t to) {
  const auto visit = [](hid_t location, const char* name, const H5A_info_t*, void* data) -> herr_t {
    const hid_t target = *static_cast<hid_t*>(data);
    const Id a = attribute_id(H5Aopen(location, name, H5P_DEFAULT));
    if (!a.valid()) return -1;
    const Id type = type_id(H5Aget_type(a));
    const Id space = space_id(H5Aget_space(a));
    const Id memory = type_id(H5Tget_native_type(type, H5T_DIR_ASCEND));
    const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
    std::vector<std::byte> buffer(std::max<std::size_t>(1, n) * H5Tget_size(memory));
    if (H5Aread(a, memory, buffer.data()) < 0) return -1;
    const Id copy = attribute_id(H5Acreate2(target, name, type, space, H5P_DEFAULT, H5P_DEFAULT));
    const herr_t status = copy.valid() ? H5Awrite(copy, memory, buffer.data()) : -1;
    if (H5Tdetect_class(memory, H5T_VLEN) > 0 || H5Tis_variable_str(memory) > 0) {
      H5Dvlen_reclaim(memory, space, H5P_DEFAULT, buffer.data());
    }
    return status < 0 ? -1 : 0;
  };
  hsize_t index = 0;
  check(H5Aiterate2(from, H5_INDEX_NAME, H5_ITER_INC, &index, visit, &to),
        "copying the attributes of " + where(from));
}

void copy_dataset(hid_t source, const std::string& name, hid_t dest) {
  const std::string what = "copying " + where(source) + "/" + name;
  const Id in = dataset_id(check(H5Dopen2(source, name.c_str(), H5P_DEFAULT), what));
  const Id type = type_id(check(H5Dget_type(in), what));
  const Id space = space_id(check(H5Dget_space(in), what));
  const Id dcpl = plist_id(check(H5Dget_create_plist(in), what));
  check(H5Pset_obj_track_times(dcpl, false), what);
  const Id out = dataset_id(
      check(H5Dcreate2(dest, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), what));
  const int rank = H5Sget_simple_extent_ndims(space);
  hsize_t rows = 0;
  if (rank == 1) H5Sget_simple_extent_dims(space, &rows, nullptr);
  if (H5Pget_layout(dcpl) == H5D_CHUNKED && rank == 1) {
    hsize_t chunk = 0;
    check(H5Pget_chunk(dcpl, 1, &chunk), what);
    std::vector<std::byte> buffer;
    for (hsize_t offset = 0; offset < rows; offset += chunk) {
      hsize_t bytes = 0;
      check(H5Dget_chunk_storage_size(in, &offset, &bytes), what);
      buffer.resize(bytes);
      std::uint32_t filters = 0;
      check(H5Dread_chunk(in, H5P_DEFAULT, &offset, &filters, buffer.data()), what);
      check(H5Dwrite_chunk(out, H5P_DEFAULT, filters, &offset, bytes, buffer.data()), what);
    }
  } else if (H5Sget_simple_extent_npoints(space) > 0) {
    const Id memory = type_id(check(H5Tget_native_type(type, H5T_DIR_ASCEND), what));
    std::vector<std::byte> buffer(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)) *
                                  H5Tget_size(memory));
    const Id transfer = sized_transfer(
        memory, type, static_cast<std::uint64_t>(H5Sget_simple_extent_npoints(space)));
    check(H5Dread(in, memory, H5S_ALL, H5S_ALL, transfer, buffer.data()), what);
    const herr_t status = H5Dwrite(out, memory, H5S_ALL, H5S_ALL, transfer, buffer.data());
    if (H5Tdetect_class(memory, H5T_VLEN) > 0 || H5Tdetect_class(memory, H5T_STRING) > 0) {
      H5Dvlen_reclaim(memory, space, H5P_DEFAULT, buffer.data());
    }
    check(status, what);
  }
  copy_attributes(in, out);
}

}  // namespace

void copy_group(hid_t source, const std::string& source_name, hid_t dest,
                const std::string& dest_name) {
  silence_errors();
  const Id from = open_group(source, source_name);
  const Id to = create_group(dest, dest_name);
  copy_attributes(from, to);
  for (const auto& name : members(from))
    copy_dataset(from, name, to);
}

Id string_type() {
  Id t = type_id(check(H5Tcopy(H5T_C_S1), "creating a string type"));
  check(H5Tset_size(t, H5T_VARIABLE), "creating a string type");
  check(H5Tset_cset(t, H5T_CSET_UTF8), "creating a string type");
  return t;
}

void write_attribute(hid_t object, const std::string& name, std::string_view value) {
  const Id type = string_type();
  const Id space = scalar_space();
  const Id a = new_attribute(object, name, type, space);
  const std::string copy(value);
  const char* p = copy.c_str();
  check(H5Awrite(a, type, &p), "writing attribute " + name);
}

void write_attribute(hid_t object, const std::string& name,
                     const std::vector<std::string>& values) {
  const Id type = string_type();
  const Id space = vector_space(values.size());
  const Id a = new_attribute(object, name, type, space);
  std::vector<const char*> p;
  p.reserve(values.size());
  for (const auto& v : values)
    p.push_back(v.c_str());
  check(H5Awrite(a, type, p.data()), "writing attribute " + name);
}

void write_attribute(hid_t object, const std::string& name, std::uint64_t value) {
  write_scalar(object, name, H5T_NATIVE_UINT64, value);
}
void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
  write_scalar(object, name, H5T_NATIVE_INT64, value);
}
void write_attribute(hid_t object, const std::string& name, double value) {
  write_scalar(object, name, H5T_NATIVE_DOUBLE, value);
}

bool has_attribute(hid_t object, const std::string& name) {
  silence_errors();
  return H5Aexists(object, name.c_str()) > 0;
}

std::string read_string_attribute(hid_t object, const std::string& name) {
  const Id a = open_attribute(object, name);
  const Id file_type = type_id(check(H5Aget_type(a), "reading attribute " + name));
  if (H5Tget_class(file_type) != H5T_STRING) {
    throw Error(where(object) + ": attribute '" + name + "' is not a string");
  }
  const Id space = space_id(check(H5Aget_space(a), "reading attribute " + name));
  if (H5Sget_simple_extent_npoints(space) != 1) {
    throw Error(where(object) + ": attribute '" + name + "' is not one string");
  }
  if (H5Tis_variable_str(file_type) > 0) {
    const Id type = string_type();
    std::vector<char*> raw(1, nullptr);
    check_string_read(H5Aread(a, type, raw.data()), raw, "reading attribute " + name);
    return take_strings(raw, type, space).front();
  }
  std::string out(H5Tget_size(file_type), '\0');
  check(H5Aread(a, file_type, out.data()), "reading attribute " + name);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::vector<std::string> read_strings_attribute(hid_t object, const std::string& name) {
  const Id a = open_attribute(object, name);
  const Id type = string_type();
  const Id space = space_id(check(H5Aget_space(a), "reading attribute " + name));
  std::vector<char*> raw = string_slots(space, "reading attribute " + name);
  check_string_read(H5Aread(a, type, raw.data()), raw, "reading attribute " + name);
  return take_strings(raw, type, space);
}

std::uint64_t read_u64_attribute(hid_t object, const std::string& name) {
  const Id a = open_single_attribute(object, name);
  std::uint64_t v = 0;
  check(H5Aread(a, H5T_NATIVE_UINT64, &v), "reading attribute " + name);
  return v;
}

double read_f64_attribute(hid_t object, const std::string& name) {
  const Id a = open_single_attribute(object, name);
  double v = 0;
  check(H5Aread(a, H5T_NATIVE_DOUBLE, &v), "reading attribute " + name);
  return v;
}

void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values) {
  silence_errors();
  const Id type = string_type();
  const Id space = vector_space(values.size());
  const Id dcpl = untimed_creation(H5P_DATASET_CREATE);
  const Id d = dataset_id(
      check(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
            "creating " + name + " in " + where(parent)));
  std::vector<const char*> p;
  p.reserve(values.size());
  for (const auto& v : values)
    p.push_back(v.c_str());
  if (!values.empty()) {
    const Id transfer = sized_transfer(type, type, values.size());
    check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, transfer, p.data()), "writing " + name);
  }
}

std::vector<std::string> read_strings(hid_t parent, const std::string& name) {
  silence_errors();
  const Id d = dataset_id(check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT),
                                "opening " + name + " in " + where(parent)));
  const Id type = string_type();
  const Id space = space_id(check(H5Dget_space(d), "reading " + name));
  std::vector<char*> raw = string_slots(space, "reading " + name);
  if (!raw.empty()) {
    const Id transfer = sized_transfer(type, type, raw.size());
    check_string_read(H5Dread(d, type, H5S_ALL, H5S_ALL, transfer, raw.data()), raw,
                      "reading " + name);
  }
  return take_strings(raw, type, space);
}

std::uint64_t dataset_rows(hid_t parent, const std::string& name) {
  silence_errors();
  const Id d = dataset_id(check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT),
                                "opening " + name + " in " + where(parent)));
  const Id space = space_id(check(H5Dget_space(d), "reading " + name));
  return static_cast<std::uint64_t>(H5Sget_simple_extent_npoints(space));
}

std::uint64_t dataset_storage_bytes(hid_t parent, const std::string& name) {
  silence_errors();
  const Id d = dataset_id(check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT),
                                "opening " + name + " in " + where(parent)));
  return H5Dget_storage_size(d);
}

}  // namespace retzef::sim::h5
