# Holds the judging of findings (sanitizer_report.cmake) to reports kept in REPORTS: each file
# is one input's report, named for the verdict it must get: `libhdf5-…` wholly inside libhdf5,
# `retzef-…` retzef's to fix. They come from real runs of the result-file harness (paths
# rewritten), and their retzef-… twins from the same reports with a frame or an allocation
# moved into retzef's code, so that each rule is seen to cut both ways. A report that CI's
# short fuzzing run misjudged belongs here: judging is the only thing between a library's
# crash and a red CI.
include(${CMAKE_CURRENT_LIST_DIR}/sanitizer_report.cmake)
file(GLOB reports ${REPORTS}/*.txt)
list(LENGTH reports count)
if(count LESS 2)
  message(FATAL_ERROR "expected reports to judge in ${REPORTS}, found ${count}")
endif()
set(wrong "")
foreach(path IN LISTS reports)
  get_filename_component(name "${path}" NAME)
  file(READ "${path}" report)
  judge_report("${report}" result_file_fuzz libhdf5 inside where)
  if(name MATCHES "^libhdf5-")
    set(expected TRUE)
  elseif(name MATCHES "^retzef-")
    set(expected FALSE)
  else()
    message(FATAL_ERROR "${path}: the name must start with libhdf5- or retzef-")
  endif()
  if(NOT inside STREQUAL expected)
    list(APPEND wrong "${name} (judged by:${where})")
  endif()
endforeach()
if(wrong)
  string(REPLACE ";" "\n  " wrong "${wrong}")
  message(FATAL_ERROR "misjudged:\n  ${wrong}")
endif()
message(STATUS "${count} reports judged as their names say")
