# Runs one data-driven case: cmake -DERRCAT=bin -DCASE=dir [-DARGS=list] -P run_case.cmake
# Compares exit status, stderr and stdout with CASE/status, CASE/expected.stderr
# and CASE/expected.stdout (a missing expectation file means "empty"; a
# missing status file means 0). CASE/env, when present, adds to errcat's
# environment.
if(NOT DEFINED ARGS)
  if(EXISTS ${CASE}/args)
    file(READ ${CASE}/args args_text)
    string(STRIP "${args_text}" args_text)
    separate_arguments(ARGS UNIX_COMMAND "${args_text}")
  else()
    set(ARGS check i18n)
  endif()
endif()

# CASE/env: VAR=VALUE words for errcat's environment (ERRCAT_THREADS=abc).
set(env_words "")
if(EXISTS ${CASE}/env)
  file(READ ${CASE}/env env_text)
  string(STRIP "${env_text}" env_text)
  separate_arguments(env_words UNIX_COMMAND "${env_text}")
endif()

execute_process(COMMAND ${CMAKE_COMMAND} -E env NO_COLOR=1 ${env_words} ${ERRCAT} ${ARGS}
  WORKING_DIRECTORY ${CASE}
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err
  TIMEOUT 60)

set(want_status 0)
if(EXISTS ${CASE}/status)
  file(READ ${CASE}/status want_status)
  string(STRIP "${want_status}" want_status)
endif()
set(want_err "")
if(EXISTS ${CASE}/expected.stderr)
  file(READ ${CASE}/expected.stderr want_err)
endif()
set(want_out "")
if(EXISTS ${CASE}/expected.stdout)
  file(READ ${CASE}/expected.stdout want_out)
endif()

set(failed FALSE)
if(NOT "${status}" STREQUAL "${want_status}")
  message("exit status: got ${status}, want ${want_status}")
  set(failed TRUE)
endif()
if(NOT "${err}" STREQUAL "${want_err}")
  message("stderr differs.\n--- want\n${want_err}--- got\n${err}---")
  set(failed TRUE)
endif()
if(NOT "${out}" STREQUAL "${want_out}")
  message("stdout differs.\n--- want\n${want_out}--- got\n${out}---")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "case ${CASE} failed (errcat ${ARGS})")
endif()
