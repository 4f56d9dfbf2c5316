# kg_add_gtest(NAME SOURCES src... LIBS lib... [LABELS l...] [TIMEOUT s])
#
# Builds a GLib GTest program tests/unit/<NAME> and registers it with ctest. Tests run
# with G_DEBUG=fatal-criticals so a g_return_if_fail in library code fails the test, and
# with G_TEST_SRCDIR pointing at tests/ so fixtures are found from any build tree.
function(kg_add_gtest name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} PkgConfig::GLIB kg_options)
  add_test(NAME ${name} COMMAND ${name} --tap)
  set(env "G_TEST_SRCDIR=${PROJECT_SOURCE_DIR}/tests"
          "G_TEST_BUILDDIR=${PROJECT_BINARY_DIR}"
          "G_DEBUG=fatal-criticals"
          "KG_CORPUS_DIR=${KG_CORPUS_DIR}"
          "KG_SHARED_DIR=${KG_SHARED_DIR}")
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}")
  if(T_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
  endif()
  if(T_TIMEOUT)
    set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT})
  endif()
endfunction()
