# One short fuzzing run as a test: runs HARNESS for SECONDS on CORPUS (grown) and SEEDS (read)
# with DICT, an input that takes over TIMEOUT seconds counting as a hang, writing findings into
# ARTIFACTS, then replays each finding and fails on any, except one wholly inside a library
# matched by THIRD_PARTY (a regular expression): libhdf5 itself crashes, overruns its own
# buffers and loops on some damaged files, which retzef cannot fix (docs/testing.md). Wholly
# inside: the innermost frame that is not the sanitizers', nor libFuzzer's, nor the C library's
# is in that library, and so is the one that allocated the memory overrun, if any (HDF5 writing
# past a buffer of ours is a finding); sanitizer_report.cmake reads the reports. With
# THIRD_PARTY set the harness runs in fork mode, so that such a crash does not end the run.
#
# With JUDGE_ONLY set there is no fuzzing: the files already in ARTIFACTS are judged as findings
# would be, and nothing is removed. Its test holds inputs known to fail inside libhdf5, so that
# a change to the judging that would blame retzef for them fails at once, not on the day CI's
# run happens to find one like them.
if(NOT JUDGE_ONLY)
  # A run from no seeds passes while testing next to nothing (the result files' seeds are
  # written by a test, and a reconfigure empties their folder).
  file(GLOB seed_files ${SEEDS}/*)
  if(NOT seed_files)
    message(FATAL_ERROR "no seeds in ${SEEDS}")
  endif()
  file(REMOVE_RECURSE ${ARTIFACTS})
  file(MAKE_DIRECTORY ${ARTIFACTS} ${CORPUS})
  set(mode "")
  if(THIRD_PARTY)
    set(mode -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  endif()
  execute_process(
    COMMAND ${HARNESS} ${mode} -max_total_time=${SECONDS} -timeout=${TIMEOUT} -rss_limit_mb=2048
            -print_final_stats=1 -dict=${DICT} -artifact_prefix=${ARTIFACTS}/ ${CORPUS} ${SEEDS}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(REGEX MATCHALL "stat::[a-z_]+: *[0-9]+" stats "${out}")
  # Fork mode reports as it goes, without final statistics: its last line says how far it got.
  string(REGEX MATCHALL "#[0-9]+: cov: [^\n]*" fork_lines "${out}")
  set(last_fork_line "")
  if(fork_lines)
    list(GET fork_lines -1 last_fork_line)
  endif()
  message(STATUS "${stats} ${last_fork_line}")
  # How many inputs ran: a harness that cannot start (a bad dictionary, a failed
  # initialisation) in fork mode, where crashes are ignored, would otherwise pass.
  set(executed 0)
  if(out MATCHES "stat::number_of_executed_units: *([0-9]+)")
    set(executed ${CMAKE_MATCH_1})
  elseif(last_fork_line MATCHES "^#([0-9]+):")
    set(executed ${CMAKE_MATCH_1})
  endif()
endif()

include(${CMAKE_CURRENT_LIST_DIR}/sanitizer_report.cmake)
get_filename_component(harness_name "${HARNESS}" NAME)
find_program(GDB gdb)

file(GLOB findings ${ARTIFACTS}/*)
if(JUDGE_ONLY AND NOT findings)
  message(FATAL_ERROR "nothing to judge in ${ARTIFACTS}")
endif()
set(ours "")
foreach(finding IN LISTS findings)
  execute_process(COMMAND ${HARNESS} -timeout=${TIMEOUT} -rss_limit_mb=2048 ${finding}
                  RESULT_VARIABLE replay_rc OUTPUT_VARIABLE replay ERROR_VARIABLE replay)
  string(REGEX MATCH "SUMMARY: [^\n]*" summary "${replay}")
  # Running out of memory is reported with libFuzzer's own allocations, not with who asked for
  # the memory. Replayed with a limit on one allocation, a single request past it (libhdf5
  # trusting a damaged length, say) is reported with its stack and judged as a crash is. The
  # rest is memory that grows while the input runs on: libhdf5 looping in H5HG_read over a
  # damaged global heap grows the address sanitizer's shadow memory by about 120 MB/s with
  # next to nothing allocated (one file: 8 GB after 70 s, 28 MB of it live), and no single
  # request is to blame. Replayed with 8 GB in all and the harness's own time limit, such an
  # input is stopped as a hang first, and where it runs when stopped is what is judged.
  # Memory run out by the 8 GB even so (held, not churned) stays a finding.
  if(summary MATCHES "libFuzzer: out-of-memory")
    execute_process(COMMAND ${HARNESS} -timeout=${TIMEOUT} -rss_limit_mb=8192
                            -malloc_limit_mb=512 ${finding}
                    RESULT_VARIABLE replay_rc OUTPUT_VARIABLE replay ERROR_VARIABLE replay)
    string(REGEX MATCH "SUMMARY: [^\n]*" summary "${replay}")
  endif()
  judge_report("${replay}" "${harness_name}" "${THIRD_PARTY}" inside where)
  # A crash whose stack the sanitizer lost (see GDB_BACKTRACE_MARK) is replayed once more under
  # gdb, which stops at the first fatal signal (the stack protector's abort, a segmentation
  # fault) before any handler runs, and judged by its backtrace. Without gdb, or where it cannot
  # trace, the finding stays retzef's.
  if(NOT inside AND NOT replay_rc EQUAL 0 AND where STREQUAL "" AND THIRD_PARTY AND GDB)
    execute_process(COMMAND ${GDB} -q -batch -nx -ex run -ex bt
                            --args ${HARNESS} -timeout=${TIMEOUT} -rss_limit_mb=2048 ${finding}
                    OUTPUT_VARIABLE traced ERROR_VARIABLE traced)
    string(APPEND replay "\n${GDB_BACKTRACE_MARK}\n${traced}")
    judge_report("${replay}" "${harness_name}" "${THIRD_PARTY}" inside where)
  endif()
  if(inside)
    message(STATUS "${finding}: inside a third-party library, not retzef: ${summary}${where}")
  elseif(replay_rc EQUAL 0 AND THIRD_PARTY)
    # In fork mode a worker runs many inputs in one process, and libhdf5 keeps global state
    # (caches, free lists) from one to the next: a crash that does not come back when its input
    # runs alone cannot be put on retzef's code. Reported, kept for a longer look, not a failure.
    message(STATUS "${finding}: does not reproduce alone (state inside a third-party library)")
  elseif(replay_rc EQUAL 0 AND finding MATCHES "/timeout-[^/]*$")
    # Over the time limit while fuzzing, within it alone: the machine was busy (an experiment
    # may validate 10,000 cases, about 24 s under the sanitizers, and a core shared with other
    # work can double that). A hang comes back alone. Reported, kept, not a failure.
    message(STATUS "${finding}: over the time limit while fuzzing, not alone (a busy machine)")
  elseif(replay_rc EQUAL 0)
    message(STATUS "${finding}: does not reproduce alone")
    list(APPEND ours ${finding})
  else()
    list(APPEND ours ${finding})
    message("${finding}:\n${replay}")
  endif()
endforeach()
if(ours)
  message(FATAL_ERROR "findings (replay with ${HARNESS} FILE): ${ours}")
endif()
if(NOT JUDGE_ONLY AND NOT rc EQUAL 0 AND NOT findings)
  message(FATAL_ERROR "${HARNESS} failed (${rc}) with no finding written:\n${out}")
endif()
# (A run that wrote a finding ran inputs, whatever its statistics say: a stopped run may print
# none.)
if(NOT JUDGE_ONLY AND executed EQUAL 0 AND NOT findings)
  message(FATAL_ERROR "${HARNESS} ran no input:\n${out}")
endif()
