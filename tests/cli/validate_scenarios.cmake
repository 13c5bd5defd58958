# `retzef validate` on the loader's fixtures: the good ones pass (exit 0, "ok" on stdout, the
# same with --json); every bad one fails with its file name and a line:col in the message,
# without a crash, and no run leaves a file behind in the working directory.
# Input: -DRETZEF=path/to/retzef -DSCENARIOS=tests/models/scenarios
#        -DBUILTIN=experiments/scenarios -DWORK=scratch directory
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run_validate)
  execute_process(COMMAND ${RETZEF} validate ${ARGN} WORKING_DIRECTORY "${WORK}"
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc MATCHES "^[0-9]+$" OR rc GREATER 125)
    message(FATAL_ERROR "`retzef validate ${ARGN}` crashed: ${rc}\n${err}")
  endif()
  file(GLOB left_behind "${WORK}/*")
  if(left_behind)
    message(FATAL_ERROR "`retzef validate ${ARGN}` wrote ${left_behind}")
  endif()
  set(rc "${rc}" PARENT_SCOPE)
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

foreach(good IN ITEMS valid_care valid_pathway)
  set(file "${SCENARIOS}/${good}.toml")
  run_validate("${file}")
  if(NOT rc EQUAL 0 OR NOT out MATCHES "${good}.toml: ok \\(scenario ")
    message(FATAL_ERROR "`retzef validate ${file}` -> ${rc}\n${out}${err}")
  endif()
  run_validate(--json "${file}")
  if(NOT rc EQUAL 0 OR NOT out MATCHES "\"ok\":true,\"problems\":\\[\\]")
    message(FATAL_ERROR "`retzef validate --json ${file}` -> ${rc}\n${out}${err}")
  endif()
  message(STATUS "ok: ${out}")
endforeach()

file(GLOB bad_files "${SCENARIOS}/bad/*.toml")
list(LENGTH bad_files count)
if(count LESS 20)
  message(FATAL_ERROR "expected the bad fixtures in ${SCENARIOS}/bad, found ${count}")
endif()
foreach(file IN LISTS bad_files)
  get_filename_component(name "${file}" NAME)
  run_validate("${file}")
  if(rc EQUAL 0)
    message(FATAL_ERROR "`retzef validate ${file}` exited 0\n${out}")
  endif()
  if(NOT err MATCHES "${name}:[0-9]+:[0-9]+: ")
    message(FATAL_ERROR "`retzef validate ${file}`: no ${name}:LINE:COL in\n${err}")
  endif()
  run_validate(--json "${file}")
  if(rc EQUAL 0 OR NOT out MATCHES "\"ok\":false,\"problems\":\\[\".*${name}:[0-9]+:[0-9]+: ")
    message(FATAL_ERROR "`retzef validate --json ${file}` -> ${rc}\n${out}${err}")
  endif()
  message(STATUS "refused: ${name}")
endforeach()

# Good and bad together: every file is reported, the exit status says some failed.
run_validate("${SCENARIOS}/valid_care.toml" "${SCENARIOS}/bad/unknown_key.toml"
             "${SCENARIOS}/no_such_file.toml")
if(rc EQUAL 0 OR NOT out MATCHES "valid_care.toml: ok" OR NOT err MATCHES "unknown_key.toml:4:1: "
   OR NOT err MATCHES "no_such_file.toml: cannot read: ")
  message(FATAL_ERROR "mixed files -> ${rc}\n${out}${err}")
endif()
# No file at all is a usage error, not a silent success.
run_validate()
if(rc EQUAL 0)
  message(FATAL_ERROR "`retzef validate` with no file exited 0")
endif()

# --regions: each region's people, coordinators and places as a run will have them, the base and
# [provision] applied: the national medical design's districts, Jerusalem's ward holding Judea and
# Samaria's beds, and the country's total (2,363 beds).
run_validate(--regions "${BUILTIN}/israel.toml")
if(NOT rc EQUAL 0 OR NOT out MATCHES "jerusalem +1,209,700 +0 +419 +7,984 +3,629 \\(3,460\\)"
   OR NOT out MATCHES "judea_samaria +465,400 +0 +0 +3,072 +1,396 \\(1,331\\)"
   OR NOT out MATCHES "all +9,453,100 +0 +2,363 ")
  message(FATAL_ERROR "`retzef validate --regions israel` -> ${rc}\n${out}${err}")
endif()
run_validate(--regions --json "${BUILTIN}/israel_recovery.toml")
if(NOT rc EQUAL 0 OR NOT out MATCHES
   "\"region\":\"northern\",\"population\":1513600,\"coordinators\":242,\"capacity_inpatient\":136")
  message(FATAL_ERROR "`retzef validate --regions --json israel_recovery` -> ${rc}\n${out}${err}")
endif()

file(REMOVE_RECURSE "${WORK}")
