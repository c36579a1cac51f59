# Until the top-level CMakeLists.txt has `if(SIGIL_FUZZ) add_subdirectory(tests/fuzz) endif()`,
# tools/fuzz passes this file as CMAKE_PROJECT_sigil_INCLUDE (read right after `project()`).
# tests/fuzz/CMakeLists.txt sets its own standard and sanitizer flags, so it does not depend on
# what the top-level file sets later; the engine targets it links are resolved at generation.
# Delete this file once the top-level line is in.
add_subdirectory(${CMAKE_SOURCE_DIR}/tests/fuzz ${CMAKE_BINARY_DIR}/tests/fuzz)
