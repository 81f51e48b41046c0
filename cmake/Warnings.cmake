# errcat_warnings(target): the warning set every errcat target is built with
# (none when errcat is built as part of another project).
function(errcat_warnings target)
  if(PROJECT_IS_TOP_LEVEL AND CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
      -Wformat=2 -Wno-unused-parameter)
    if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
      # a NULL or too long an argument to a %s (issue 13: "(null)" in a message)
      target_compile_options(${target} PRIVATE -Wformat-overflow=2 -Wformat-truncation
        -Wnull-dereference)
    endif()
  endif()
endfunction()
