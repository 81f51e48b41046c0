# errcat_add_catalog(): generate a catalog's outputs at build time for a
# target of the including project. Defined by errcat's own CMakeLists.txt
# (for add_subdirectory() and FetchContent) and by the installed package
# (find_package(errcat CONFIG)); both give the executable errcat::errcat.
#
#   errcat_add_catalog(<target> CATALOG <dir>
#                      [OUTPUT_DIR <dir>] [OUTPUTS c po md html docs]
#                      [STRICT] [TEMPLATES <dir>]
#                      [INCLUDE_SCOPE PRIVATE|PUBLIC|INTERFACE])
#
# CATALOG      the catalog directory (catalog.yaml and one <locale>.yaml per
#              locale), relative to the current source directory.
# OUTPUT_DIR   where `errcat build` writes (default:
#              ${CMAKE_CURRENT_BINARY_DIR}/errcat-<target>); the header is
#              <OUTPUT_DIR>/include/<catalog name>.h.
# OUTPUTS      the kinds to write (default: c, the header only).
# STRICT       warnings stop the build too (errcat build --strict).
# TEMPLATES    a templates directory (errcat build --templates); without it,
#              the one catalog.yaml names (`templates:`), if any.
# INCLUDE_SCOPE how <OUTPUT_DIR>/include is added to <target>'s include
#              path (default PRIVATE; PUBLIC when the target's own public
#              headers include the generated one).
#
# The outputs are regenerated whenever a file of the catalog changes (a
# locale file added or removed later included: the directory is globbed with
# CONFIGURE_DEPENDS), the templates change or errcat itself does; errcat
# leaves unchanged files untouched, so an unchanged header recompiles
# nothing. When the catalog has errors, errcat prints its findings and the
# build of <target> stops. The custom target is errcat_<target>; the output
# directory is returned in <target>_ERRCAT_OUTPUT_DIR.
function(errcat_add_catalog target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "STRICT" "CATALOG;OUTPUT_DIR;TEMPLATES;INCLUDE_SCOPE"
                        "OUTPUTS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "errcat_add_catalog: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "errcat_add_catalog: ${target} is not a target")
  endif()
  if(NOT TARGET errcat::errcat)
    message(FATAL_ERROR "errcat_add_catalog: no errcat::errcat target "
                        "(find_package(errcat CONFIG) or add_subdirectory() errcat first)")
  endif()
  if(NOT arg_CATALOG)
    message(FATAL_ERROR "errcat_add_catalog: CATALOG <dir> is required")
  endif()
  get_filename_component(catalog "${arg_CATALOG}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${catalog}/catalog.yaml")
    message(FATAL_ERROR "errcat_add_catalog: ${catalog} is not a catalog (no catalog.yaml)")
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/errcat-${target}")
  if(arg_OUTPUT_DIR)
    get_filename_component(out "${arg_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  set(outputs c)
  if(arg_OUTPUTS)
    set(outputs ${arg_OUTPUTS})
  endif()
  foreach(kind IN LISTS outputs)
    # errcat's output kinds (`errcat build --help`; a new kind is added here too)
    if(NOT kind MATCHES "^(c|po|md|html|docs)$")
      message(FATAL_ERROR "errcat_add_catalog: unknown output '${kind}' (known: c po md html docs)")
    endif()
  endforeach()
  string(REPLACE ";" "," only "${outputs}")
  set(scope PRIVATE)
  if(arg_INCLUDE_SCOPE)
    if(NOT arg_INCLUDE_SCOPE MATCHES "^(PRIVATE|PUBLIC|INTERFACE)$")
      message(FATAL_ERROR "errcat_add_catalog: INCLUDE_SCOPE is PRIVATE, PUBLIC or INTERFACE")
    endif()
    set(scope ${arg_INCLUDE_SCOPE})
  endif()

  set(options)
  if(arg_STRICT)
    list(APPEND options --strict)
  endif()
  file(GLOB inputs CONFIGURE_DEPENDS "${catalog}/*.yaml" "${catalog}/*.yml")
  if(arg_TEMPLATES)
    get_filename_component(templates "${arg_TEMPLATES}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND options --templates "${templates}")
    file(GLOB_RECURSE template_inputs CONFIGURE_DEPENDS "${templates}/*")
    list(APPEND inputs ${template_inputs})
  else()
    # The templates directory catalog.yaml names (`templates: ../templates`,
    # relative to the catalog): its files are dependencies too, and an edit
    # of that line reconfigures.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${catalog}/catalog.yaml")
    file(STRINGS "${catalog}/catalog.yaml" templates_line REGEX "^templates:")
    if(templates_line MATCHES "^templates:[ \t]*[\"']?([^\"'#]*[^\"'# \t])")
      get_filename_component(templates "${CMAKE_MATCH_1}" ABSOLUTE BASE_DIR "${catalog}")
      file(GLOB_RECURSE template_inputs CONFIGURE_DEPENDS "${templates}/*")
      list(APPEND inputs ${template_inputs})
    endif()
  endif()

  # The list of the catalog's files, rewritten only when it changes, so that
  # a locale file removed, or added with an old time stamp, reruns errcat too
  # (the glob above makes the build reconfigure when the list changes).
  set(list_file "${CMAKE_CURRENT_BINARY_DIR}/errcat-${target}.files")
  string(REPLACE ";" "\n" listed "${inputs}")
  file(WRITE "${list_file}.new" "${listed}\n")
  configure_file("${list_file}.new" "${list_file}" COPYONLY)

  # A stamp (in the build tree), not the outputs themselves: their names come
  # from the catalog's `name`, and errcat rewrites only the files that change.
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/errcat-${target}.stamp")
  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND errcat::errcat build "${catalog}" -o "${out}" --only ${only} ${options}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${inputs} "${list_file}" errcat::errcat
    COMMENT "errcat: checking ${arg_CATALOG} and generating ${only} for ${target}"
    VERBATIM)
  add_custom_target(errcat_${target} DEPENDS "${stamp}")
  add_dependencies(${target} errcat_${target})
  if("c" IN_LIST outputs)
    file(MAKE_DIRECTORY "${out}/include")
    target_include_directories(${target} ${scope} "$<BUILD_INTERFACE:${out}/include>")
  endif()
  set(${target}_ERRCAT_OUTPUT_DIR "${out}" PARENT_SCOPE)
endfunction()
