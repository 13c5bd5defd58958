// Files, groups, attributes and string lists in HDF5: the few operations retzef's output needs,
// each a free function over an owned Id. Objects are created without modification times, so a
// file's bytes depend on its content alone, and strings are variable-length UTF-8, which h5py
// and R read as text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/output/hdf5/handle.hpp"

namespace retzef::sim::h5 {

/// Creates (truncating) an HDF5 file.
Id create_file(const std::filesystem::path& path);
/// Opens an existing file; throws Error naming the file when it is not a readable HDF5 file.
Id open_file(const std::filesystem::path& path, bool writable = false);
/// Asks the kernel to start writing a file's dirty pages out, without waiting (Linux's
/// sync_file_range; elsewhere nothing), so that a later fsync has less left to wait for.
void start_writeback(hid_t file);
/// True when `path` is an HDF5 file HDF5 can open (a truncated or foreign file is not).
bool is_readable_file(const std::filesystem::path& path);

Id create_group(hid_t parent, const std::string& name);
/// Opens the dataset `name` (may contain '/') of `parent`; throws Error naming it if missing.
Id open_dataset(hid_t parent, const std::string& name);
Id open_group(hid_t parent, const std::string& name);
/// True when `path` (relative to `parent`, may contain '/') names an object.
bool exists(hid_t parent, const std::string& path);
/// Names of the direct members of a group, in name order.
std::vector<std::string> members(hid_t group);
/// Copies a group of datasets (no subgroups) to a new group `dest_name` in `dest`, another file
/// as a rule, with every attribute. Chunks are copied as stored (compressed, not recompressed).
/// Written here rather than with H5Ocopy, which in HDF5 1.10 crashes when a write fails (a
/// full disk) instead of returning an error.
void copy_group(hid_t source, const std::string& source_name, hid_t dest,
                const std::string& dest_name);

/// A property list for creating groups and datasets without modification times.
Id untimed_creation(hid_t property_class);

void write_attribute(hid_t object, const std::string& name, std::string_view value);
void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& values);
void write_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, double value);

bool has_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name);
std::vector<std::string> read_strings_attribute(hid_t object, const std::string& name);
std::uint64_t read_u64_attribute(hid_t object, const std::string& name);
double read_f64_attribute(hid_t object, const std::string& name);

/// A one-dimensional dataset of variable-length UTF-8 strings (a name table).
void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values);
std::vector<std::string> read_strings(hid_t parent, const std::string& name);

/// Number of rows of a one-dimensional dataset, and the bytes it takes on disk.
std::uint64_t dataset_rows(hid_t parent, const std::string& name);
std::uint64_t dataset_storage_bytes(hid_t parent, const std::string& name);

/// The variable-length UTF-8 string type.
Id string_type();

}  // namespace retzef::sim::h5
