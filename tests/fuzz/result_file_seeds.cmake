# Writes the result-file harness's seeds into OUT, all of one replication: the seed experiment
# (three cases) with every trace table and with the summaries only, and the one-case
# experiment likewise (the smallest files, about 170 KB). Fails when retzef does.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
# Run from DIR with the experiment's bare name: a result file keeps the experiment's path as
# given (/meta experiment_file), and the seeds, and the fixtures made from what fuzzing finds
# in them, must not carry this machine's folders.
foreach(experiment seed_experiment seed_one_case)
  foreach(trace full summary)
    execute_process(COMMAND ${RETZEF} batch ${experiment}.toml --trace ${trace}
                            --replications 1 --threads 1 -o ${OUT}/${experiment}_${trace}.h5
                    WORKING_DIRECTORY ${DIR}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "retzef batch ${experiment} --trace ${trace} failed (${rc}):\n${out}\n${err}")
    endif()
  endforeach()
endforeach()
file(GLOB written ${OUT}/*.h5)
list(LENGTH written count)
if(NOT count EQUAL 4)
  message(FATAL_ERROR "expected 4 result files in ${OUT}, got ${count}")
endif()
