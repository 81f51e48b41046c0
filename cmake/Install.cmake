# Install rules (cmake --install build --prefix P) and the Debian package
# (cpack -G DEB in the build tree). Included by the top-level CMakeLists.txt
# when ERRCAT_INSTALL is on, the default for errcat's own build.
#
#   P/bin/errcat
#   P/share/man/man1/errcat.1, P/share/man/man5/errcat-catalog.5
#   P/share/bash-completion/completions/errcat
#   P/share/cmake/errcat/         the CMake package (errcat::errcat, errcat_add_catalog)
#   P/share/doc/errcat/README.md
include(CMakePackageConfigHelpers)

install(TARGETS errcat EXPORT errcatTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES docs/man/errcat.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES docs/man/errcat-catalog.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES completions/errcat.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME errcat)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The package holds an executable only, so it is architecture independent
# (a 32-bit build may use a 64-bit errcat) and lives under share/.
set(errcat_cmake_dir ${CMAKE_INSTALL_DATADIR}/cmake/errcat)
install(EXPORT errcatTargets NAMESPACE errcat:: DESTINATION ${errcat_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/errcatConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES cmake/errcatConfig.cmake cmake/errcatAddCatalog.cmake
              ${PROJECT_BINARY_DIR}/errcatConfigVersion.cmake
        DESTINATION ${errcat_cmake_dir})

# cpack -G DEB: the runtime libraries' packages come from dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME errcat)
set(CPACK_PACKAGE_VENDOR errcat)
set(CPACK_PACKAGE_CONTACT "errcat maintainers <errcat@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
  "errcat checks per-language YAML message catalogs keyed by (errcode,
sub_errcode) for gaps, drift and broken placeholders, with diagnostics that
point at file, line and column, and generates Markdown and HTML tables, docs
pages, a C header and gettext PO files from them. It imports published tables
and PO files back. The package holds the errcat command, its manual pages,
bash completion and a CMake package (find_package(errcat)) with
errcat_add_catalog() for projects that generate the header at build time.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/;/\\\\.git/;/node_modules/")
include(CPack)
