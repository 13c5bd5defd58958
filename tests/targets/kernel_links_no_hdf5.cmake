# The kernel library must not need HDF5 or libdeflate, nor toml++: neither in what it declares it
# links (LINKS: its link libraries and link interface, as configured), nor in what its objects
# call (the undefined symbols of KERNEL, by NM), nor, for toml++, which is mostly headers, in any
# symbol of its namespace the objects define or call. The same symbol checks on HDF5_LIBRARY,
# which does call HDF5, and INPUT_LIBRARY, which reads TOML, must find what they look for, so
# that a check that could find nothing fails instead of passing.
# cmake -DLINKS=... -DKERNEL=libretzef_sim.a -DHDF5_LIBRARY=libretzef_hdf5.a
#       -DINPUT_LIBRARY=libretzef_input.a -DNM=nm -P this
foreach(var LINKS KERNEL HDF5_LIBRARY INPUT_LIBRARY NM)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "kernel_links_no_hdf5.cmake: -D${var}=... is required")
  endif()
endforeach()

string(TOLOWER "${LINKS}" links)
if(links MATCHES "hdf5|deflate")
  message(FATAL_ERROR "retzef_sim links HDF5 or libdeflate: ${LINKS}")
endif()
# Input files are read by retzef_input (sim/input); the kernel itself reads no TOML.
if(links MATCHES "toml|retzef_input")
  message(FATAL_ERROR "retzef_sim links the TOML reader: ${LINKS}")
endif()

function(undefined_calls library out)
  execute_process(COMMAND ${NM} -u -C ${library} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} -u ${library} failed (${rc})")
  endif()
  string(REGEX MATCHALL "[ \t](H5[A-Za-z0-9_]*|libdeflate_[a-z_]*)" calls "${symbols}")
  set(${out} "${calls}" PARENT_SCOPE)
endfunction()

undefined_calls(${HDF5_LIBRARY} hdf5_calls)
if(NOT hdf5_calls)
  message(FATAL_ERROR "found no HDF5 call in ${HDF5_LIBRARY}: the symbol check cannot work")
endif()
undefined_calls(${KERNEL} kernel_calls)
if(kernel_calls)
  list(REMOVE_DUPLICATES kernel_calls)
  message(FATAL_ERROR "retzef_sim calls HDF5 or libdeflate:${kernel_calls}")
endif()

function(toml_symbols library out)
  execute_process(COMMAND ${NM} -C ${library} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} ${library} failed (${rc})")
  endif()
  string(REGEX MATCHALL "[ \t(,<]toml::[A-Za-z0-9_:]*" found "${symbols}")
  list(TRANSFORM found REPLACE "^[ \t(,<]" "")
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

toml_symbols(${INPUT_LIBRARY} input_toml)
if(NOT input_toml)
  message(FATAL_ERROR "found no toml++ symbol in ${INPUT_LIBRARY}: the symbol check cannot work")
endif()
toml_symbols(${KERNEL} kernel_toml)
if(kernel_toml)
  list(REMOVE_DUPLICATES kernel_toml)
  message(FATAL_ERROR "retzef_sim uses toml++:${kernel_toml}")
endif()
message(STATUS "retzef_sim links and calls neither HDF5 nor libdeflate nor toml++")
