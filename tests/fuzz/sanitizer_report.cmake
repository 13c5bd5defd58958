# Reads a sanitizer's or libFuzzer's report of one input and says whether what it reports lies
# wholly inside a third-party library (libhdf5, for the result-file harness), which retzef
# cannot fix, or may be retzef's. Wholly inside: the innermost frame that is not the
# sanitizers', libFuzzer's nor the C library's is in that library, and so is the one that
# allocated the memory overrun, if any (HDF5 writing past a buffer of ours is retzef's
# finding). A leak is always retzef's: a handle retzef forgets to close leaks memory that
# libhdf5 allocated. Included by run_fuzzer.cmake, which judges each finding with it, and by
# sanitizer_report_test.cmake, which holds it to reports seen in real runs.

# The first of `frames` (a list, innermost first) that does not match the regular expression
# `skip`; empty when there is none.
function(first_frame_not_matching frames skip out)
  foreach(frame IN LISTS frames)
    if(NOT frame MATCHES "${skip}")
      set(${out} "${frame}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

# The innermost frame of `stack` (a report, or part of one) that is neither the sanitizers',
# libFuzzer's nor the C library's; empty when there is none. `harness` is the file name of the
# harness that wrote the report. The sanitizers' runtime and libFuzzer are linked into the
# harness and built without line tables, so a frame in the harness with no source line
# (`in strdup (.../result_file_fuzz+0x2c04b5)`) is theirs: an interceptor such as strdup or
# strlen, named by the C function it stands in for, which a list of names would always lag
# behind. retzef's own frames carry their file and line, by an absolute path.
function(innermost_frame stack harness out)
  string(REGEX REPLACE "([][+.*()^$?|\\])" "\\\\\\1" harness "${harness}")
  string(REGEX MATCHALL "\n +#[0-9]+ 0x[0-9a-f]+ [^\n]*" frames "${stack}")
  set(skip "fuzzer::|__sanitizer|__asan|__interceptor|libclang_rt|libc\\.so|in malloc|in calloc")
  string(APPEND skip "|in realloc|in operator new|in memmove|in memcpy|in memset")
  string(APPEND skip "|/${harness}\\+0x[0-9a-f]+\\)")
  # The C library's frames where its debugging information names their sources
  # (`__memset_avx512_unaligned_erms string/../sysdeps/x86_64/multiarch/...`), not libc.so.
  string(APPEND skip "|\\.\\./sysdeps/")
  first_frame_not_matching("${frames}" "${skip}" frame)
  set(${out} "${frame}" PARENT_SCOPE)
endfunction()

# The innermost frame of a gdb backtrace (`bt`, its frames at the start of a line: `#7
# 0x00007f… in H5T__bit_get_d () from /lib/…/libhdf5_serial.so.103`) that is neither the C
# library's, the sanitizers' nor libFuzzer's; empty when there is none. The C library's frames
# name it (`from …/libc.so.6`) or, where its debugging information is installed, its sources
# (`at ./debug/stack_chk_fail.c:24`, `../sysdeps/…`): a stack smash is reported from abort, by
# __stack_chk_fail, which the function whose stack was overwritten called.
function(innermost_gdb_frame backtrace out)
  string(REGEX MATCHALL "\n#[0-9]+ +[^\n]*" frames "\n${backtrace}")
  set(skip "libc\\.so|libclang_rt| at \\.\\.?/(nptl|sysdeps|stdlib|debug|signal|assert|csu)/")
  string(APPEND skip "| in (fuzzer::|__sanitizer|__asan|__ubsan|__interceptor)")
  first_frame_not_matching("${frames}" "${skip}" frame)
  set(${out} "${frame}" PARENT_SCOPE)
endfunction()

# Where a report's own stack is lost, the backtrace that gdb took of the same input, appended to
# the report after this line by run_fuzzer.cmake. The sanitizer unwinds by frame pointers, and a
# library that overwrote its own stack (libhdf5 converting a damaged number type, caught by the
# C library's stack protector) leaves it nothing to walk: "CHECK failed … <empty stack>" or "nested
# bug in the same thread". gdb unwinds by the libraries' call-frame information instead.
set(GDB_BACKTRACE_MARK "-- backtrace from gdb --")

# Sets `inside` to TRUE when `report` lies wholly inside a library matched by `third_party` (a
# regular expression; empty: none), FALSE otherwise, and `where` to the innermost frame judged.
# A report whose stack the sanitizer lost is judged by gdb's backtrace, if one follows it: by its
# innermost frame alone, as gdb knows nothing of allocations.
function(judge_report report harness third_party inside where)
  set(backtrace "")
  string(FIND "${report}" "${GDB_BACKTRACE_MARK}" at)
  if(at GREATER -1)
    string(SUBSTRING "${report}" ${at} -1 backtrace)
    string(SUBSTRING "${report}" 0 ${at} report)
  endif()
  set(access "${report}")
  set(allocation "")
  # Where the memory overrun came from: a heap allocation's stack, or the frame of a stack
  # variable.
  string(FIND "${report}" "allocated by" at)
  if(at EQUAL -1)
    string(FIND "${report}" "is located in stack of thread" at)
  endif()
  if(at GREATER -1)
    string(SUBSTRING "${report}" 0 ${at} access)
    string(SUBSTRING "${report}" ${at} -1 allocation)
  endif()
  innermost_frame("${access}" "${harness}" access_frame)
  innermost_frame("${allocation}" "${harness}" allocation_frame)
  if(access_frame STREQUAL "" AND allocation STREQUAL "" AND NOT backtrace STREQUAL "")
    innermost_gdb_frame("${backtrace}" access_frame)
  endif()
  set(${where} "${access_frame}" PARENT_SCOPE)
  # A leak's summary names the address sanitizer ("SUMMARY: AddressSanitizer: 96 byte(s)
  # leaked in 1 allocation(s)."); its first line names LeakSanitizer.
  if(third_party AND NOT report MATCHES "ERROR: LeakSanitizer"
     AND access_frame MATCHES "${third_party}"
     AND (allocation STREQUAL "" OR allocation_frame MATCHES "${third_party}"))
    set(${inside} TRUE PARENT_SCOPE)
  else()
    set(${inside} FALSE PARENT_SCOPE)
  endif()
endfunction()
