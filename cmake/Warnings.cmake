# errcat_warnings(target): the warning set every errcat target is built with.
function(errcat_warnings target)
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
      -Wformat=2 -Wno-unused-parameter)
  endif()
endfunction()
