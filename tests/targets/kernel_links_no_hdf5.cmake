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

# The symbols of `library` listed by `nm -C ARGS` that match `pattern`, with the character
# before the name (a blank, or a '(' ',' '<' inside a demangled signature) dropped.
function(symbols library nm_args pattern out)
  execute_process(COMMAND ${NM} ${nm_args} -C ${library} OUTPUT_VARIABLE listed RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} ${nm_args} ${library} failed (${rc})")
  endif()
  string(REGEX MATCHALL "[ \t(,<](${pattern})" found "${listed}")
  list(TRANSFORM found REPLACE "^[ \t(,<]" "")
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# `what` must be found in `positive`, a library known to use it (or the check could not work),
# and not in the kernel.
function(check_symbols positive nm_args pattern what)
  symbols(${positive} "${nm_args}" "${pattern}" found)
  if(NOT found)
    message(FATAL_ERROR "found no ${what} symbol in ${positive}: the symbol check cannot work")
  endif()
  symbols(${KERNEL} "${nm_args}" "${pattern}" found)
  if(found)
    list(REMOVE_DUPLICATES found)
    message(FATAL_ERROR "retzef_sim uses ${what}: ${found}")
  endif()
endfunction()

# Calls into HDF5 or libdeflate are undefined symbols; toml++, mostly headers, may leave defined
# ones too.
check_symbols(${HDF5_LIBRARY} -u "H5[A-Za-z0-9_]*|libdeflate_[a-z_]*" "HDF5 or libdeflate")
check_symbols(${INPUT_LIBRARY} "" "toml::[A-Za-z0-9_:]*" "toml++")
message(STATUS "retzef_sim links and calls neither HDF5 nor libdeflate nor toml++")
