# Every bad command line must end with a message and a non-zero exit code, not a crash.
# Input: -DRETZEF=path/to/retzef
set(cases
  "bench"
  "bench nosuch"
  "bench phold --lps 0"
  "bench phold --remote 1.5"
  "bench phold --lookahead -1"
  "bench phold --threads 0"
  "bench phold --scheduler fast"
  "bench phold --scheduler distributed --end 1"
  "bench mm1 --customers 0"
  "bench mm1 --arrival-rate 2 --service-rate 1"
  "bench mm1 --customers lots"
  "bench mm1 --frobnicate"
  "bench model --rounds 0"
  "bench model --customers 0"
  "bench model nosuch"
  "bench model --replication -1"
  "bench memory --megabytes 0"
  "bench memory --megabytes 16385"
  "bench memory --megabytes 4,lots"
  "bench memory --reads 0"
  "scenarios nosuch"
  "scenarios recovry"
  "frobnicate")
foreach(case IN LISTS cases)
  separate_arguments(argv UNIX_COMMAND "${case}")
  execute_process(COMMAND ${RETZEF} ${argv} OUTPUT_VARIABLE out ERROR_VARIABLE err
                  RESULT_VARIABLE rc)
  if(rc EQUAL 0)
    message(FATAL_ERROR "`retzef ${case}` exited 0")
  endif()
  if(NOT rc MATCHES "^[0-9]+$" OR rc GREATER 125)
    message(FATAL_ERROR "`retzef ${case}` crashed: ${rc}\n${err}")
  endif()
  string(STRIP "${out}${err}" text)
  if(text STREQUAL "")
    message(FATAL_ERROR "`retzef ${case}` failed without a message")
  endif()
  message(STATUS "ok: retzef ${case} -> ${rc}: ${text}")
endforeach()

# `scenarios NAME` takes only a built-in name: its message must not offer a file.
execute_process(COMMAND ${RETZEF} scenarios recovry OUTPUT_VARIABLE out ERROR_VARIABLE err
                RESULT_VARIABLE rc)
string(FIND "${err}" "no built-in scenario \"recovry\"; expected one of: " at)
string(FIND "${err}" "(did you mean recovery?)" near)
string(FIND "${err}" "file" file)
if(at EQUAL -1 OR near EQUAL -1 OR NOT file EQUAL -1)
  message(FATAL_ERROR "`retzef scenarios recovry` said: ${err}")
endif()

# The global options work after the subcommand too (`retzef bench mm1 -q`), and stay what they
# are: --quiet keeps the info line off stderr, an unknown option is still refused (above).
foreach(where before after)
  if(where STREQUAL "before")
    set(argv --quiet bench mm1 --customers 1000)
  else()
    set(argv bench mm1 --customers 1000 --quiet)
  endif()
  execute_process(COMMAND ${RETZEF} ${argv} OUTPUT_VARIABLE out ERROR_VARIABLE err
                  RESULT_VARIABLE rc)
  string(FIND "${out}" "\"bench\":\"mm1\"" ran)
  if(NOT rc EQUAL 0 OR ran EQUAL -1 OR NOT err STREQUAL "")
    list(JOIN argv " " shown)
    message(FATAL_ERROR "`retzef ${shown}` (--quiet ${where} the subcommand): exit ${rc}, "
                        "stderr '${err}'")
  endif()
endforeach()

# `scenarios` lists each built-in scenario with its description, the name first.
execute_process(COMMAND ${RETZEF} scenarios OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "(^|\n)medical +Hospital-centred design: "
   OR NOT out MATCHES "(^|\n)israel_recovery +Israel's seven districts, recovery-oriented")
  message(FATAL_ERROR "`retzef scenarios` said: ${out}")
endif()
