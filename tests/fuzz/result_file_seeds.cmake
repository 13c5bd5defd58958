# Writes the result-file harness's seeds into OUT: the seed experiment with every trace table,
# and with the summaries of one replication only (the smallest file). Fails when retzef does.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
foreach(trace full summary)
  set(replications "")
  if(trace STREQUAL "summary")
    set(replications --replications 1)
  endif()
  execute_process(COMMAND ${RETZEF} batch ${EXPERIMENT} --trace ${trace} ${replications}
                          --threads 1 -o ${OUT}/${trace}.h5
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "retzef batch --trace ${trace} failed (${rc}):\n${out}\n${err}")
  endif()
endforeach()
file(GLOB written ${OUT}/*.h5)
list(LENGTH written count)
if(NOT count EQUAL 2)
  message(FATAL_ERROR "expected 2 result files in ${OUT}, got ${count}")
endif()
