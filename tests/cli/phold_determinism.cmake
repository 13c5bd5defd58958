# Runs one PHOLD configuration under every scheduler, thread count and rank count, and fails
# unless every run reports the same event count and checksum.
# Inputs: -DRETZEF=path/to/retzef -DMPIEXEC=path/to/mpiexec
set(args bench phold --lps 64 --population 4 --remote 0.3 --lookahead 0.5 --end 60 --seed 7)

function(run_case name)
  execute_process(COMMAND ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name}: exit ${rc}\n${out}\n${err}")
  endif()
  string(STRIP "${out}" out)
  string(JSON checksum GET "${out}" checksum)
  string(JSON events GET "${out}" events)
  string(JSON ranks GET "${out}" ranks)
  message(STATUS "${name}: events ${events} checksum ${checksum} ranks ${ranks}")
  set(result_checksum "${checksum}" PARENT_SCOPE)
  set(result_events "${events}" PARENT_SCOPE)
  set(result_ranks "${ranks}" PARENT_SCOPE)
endfunction()

run_case(sequential ${RETZEF} ${args} --scheduler sequential)
set(ref_checksum "${result_checksum}")
set(ref_events "${result_events}")
if(ref_events LESS 1000)
  message(FATAL_ERROR "the reference run handled only ${ref_events} events")
endif()

foreach(threads 1 2 4)
  run_case("threads=${threads}" ${RETZEF} ${args} --scheduler threads --threads ${threads})
  if(NOT result_checksum STREQUAL ref_checksum OR NOT result_events EQUAL ref_events)
    message(FATAL_ERROR "threads=${threads} differs from the sequential run")
  endif()
endforeach()

# Root may run mpirun only when it says so; CI containers run as root.
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
set(ENV{OMPI_MCA_rmaps_base_oversubscribe} 1)
# Open MPI's own start-up allocations are never freed; under the sanitizers that is not ours.
set(ENV{ASAN_OPTIONS} "detect_leaks=0")
foreach(ranks 2 3)
  run_case("mpi ranks=${ranks}" ${MPIEXEC} --oversubscribe -np ${ranks} ${RETZEF} ${args}
           --threads 2)
  if(NOT result_ranks EQUAL ranks)
    message(FATAL_ERROR "mpirun -np ${ranks} ran on ${result_ranks} ranks")
  endif()
  if(NOT result_checksum STREQUAL ref_checksum OR NOT result_events EQUAL ref_events)
    message(FATAL_ERROR "${ranks} MPI ranks differ from the sequential run")
  endif()
endforeach()
