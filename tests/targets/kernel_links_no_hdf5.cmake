# The kernel library must not need HDF5 or libdeflate (nor toml++): neither in what it declares it links
# (LINKS: its link libraries and link interface, as configured), nor in what its objects call
# (the undefined symbols of KERNEL, by NM). The same symbol check on HDF5_LIBRARY, which does
# call HDF5, must find calls, so that a check that could find nothing fails instead of passing.
# cmake -DLINKS=... -DKERNEL=libretzef_sim.a -DHDF5_LIBRARY=libretzef_hdf5.a -DNM=nm -P this
foreach(var LINKS KERNEL HDF5_LIBRARY NM)
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
message(STATUS "retzef_sim links and calls neither HDF5 nor libdeflate")
