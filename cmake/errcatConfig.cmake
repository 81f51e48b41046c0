# The installed errcat package: find_package(errcat [0.1] CONFIG REQUIRED)
# gives the imported executable errcat::errcat and errcat_add_catalog()
# (see errcatAddCatalog.cmake beside this file, and README "Using errcat
# from CMake").
cmake_policy(PUSH)
cmake_policy(VERSION 3.16)
include("${CMAKE_CURRENT_LIST_DIR}/errcatTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/errcatAddCatalog.cmake")
cmake_policy(POP)
