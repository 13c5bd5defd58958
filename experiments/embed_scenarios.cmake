# Writes a C++ source that embeds the default scenario files, so that `retzef run medical`
# works from any directory and the main job needs no files beside the binary.
# Inputs: -DOUT=path/to/generated.cpp -DFILES=a.toml;b.toml
set(body "// Generated from experiments/scenarios/*.toml by embed_scenarios.cmake; do not edit.\n")
string(APPEND body "#include \"experiments/builtin_scenarios.hpp\"\n\nnamespace retzef::experiments {\n\n")
string(APPEND body "const std::vector<BuiltinScenario>& builtin_scenarios() {\n")
string(APPEND body "  static const std::vector<BuiltinScenario> all{\n")
foreach(file IN LISTS FILES)
  get_filename_component(name "${file}" NAME_WE)
  file(READ "${file}" text)
  string(APPEND body "      {\"${name}\", R\"retzef_toml(${text})retzef_toml\"},\n")
endforeach()
string(APPEND body "  };\n  return all;\n}\n\n}  // namespace retzef::experiments\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
