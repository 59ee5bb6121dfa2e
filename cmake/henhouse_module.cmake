# henhouse_module(NAME DEPS ...) builds src/NAME/*.cc (less tests and
# benchmarks) into the static library henhouse_NAME, its *_test.cc files into
# the test binary henhouse_NAME_test (one ctest entry per module; tests whose
# suite name ends in "Slow" run only under the "slow" label), and collects its
# *_bench.cc files for henhouse_bench.
set_property(GLOBAL PROPERTY HENHOUSE_BENCH_SOURCES "")
set_property(GLOBAL PROPERTY HENHOUSE_BENCH_LIBS "")

# DIR names the source folder when it differs from NAME; MATCH / EXCLUDE are
# regular expressions on file names that select part of a folder (used to
# build the hash and signature primitives of crypto as crypto_core, which the
# log needs without the group arithmetic).
function(henhouse_module name)
  cmake_parse_arguments(ARG "" "DIR;MATCH;EXCLUDE" "DEPS" ${ARGN})
  if(NOT ARG_DIR)
    set(ARG_DIR ${name})
  endif()
  set(dir ${CMAKE_SOURCE_DIR}/src/${ARG_DIR})
  file(GLOB globbed CONFIGURE_DEPENDS ${dir}/*.cc)
  set(all_sources "")
  foreach(src ${globbed})
    get_filename_component(fname ${src} NAME)
    if(ARG_MATCH AND NOT fname MATCHES "${ARG_MATCH}")
      continue()
    endif()
    if(ARG_EXCLUDE AND fname MATCHES "${ARG_EXCLUDE}")
      continue()
    endif()
    list(APPEND all_sources ${src})
  endforeach()
  set(lib_sources "")
  set(test_sources "")
  set(bench_sources "")
  foreach(src ${all_sources})
    if(src MATCHES "_test\\.cc$")
      list(APPEND test_sources ${src})
    elseif(src MATCHES "_bench\\.cc$")
      list(APPEND bench_sources ${src})
    else()
      list(APPEND lib_sources ${src})
    endif()
  endforeach()
  if(NOT lib_sources)
    return()
  endif()
  add_library(henhouse_${name} STATIC ${lib_sources})
  target_include_directories(henhouse_${name}
    PUBLIC ${CMAKE_SOURCE_DIR}/include
    PRIVATE ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(henhouse_${name} PUBLIC ${ARG_DEPS})
  if(test_sources)
    add_executable(henhouse_${name}_test ${test_sources})
    target_include_directories(henhouse_${name}_test PRIVATE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(henhouse_${name}_test PRIVATE henhouse_${name} GTest::gtest GTest::gtest_main)
    add_test(NAME ${name} COMMAND henhouse_${name}_test --gtest_filter=-*Slow*.*
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    add_test(NAME ${name}_slow COMMAND henhouse_${name}_test --gtest_filter=*Slow*.*
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(${name}_slow PROPERTIES LABELS slow)
  endif()
  if(bench_sources)
    set_property(GLOBAL APPEND PROPERTY HENHOUSE_BENCH_SOURCES ${bench_sources})
    set_property(GLOBAL APPEND PROPERTY HENHOUSE_BENCH_LIBS henhouse_${name})
  endif()
endfunction()

function(henhouse_bench_binary)
  get_property(sources GLOBAL PROPERTY HENHOUSE_BENCH_SOURCES)
  get_property(libs GLOBAL PROPERTY HENHOUSE_BENCH_LIBS)
  if(NOT sources)
    return()
  endif()
  add_executable(henhouse_bench ${sources})
  target_include_directories(henhouse_bench PRIVATE ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(henhouse_bench PRIVATE ${libs} benchmark::benchmark benchmark::benchmark_main)
endfunction()
