# Warnings and sanitizers in one place: every kgq target links kg_options privately.
add_library(kg_options INTERFACE)
target_compile_options(kg_options INTERFACE
  -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
  -Wno-unused-parameter -Wno-missing-field-initializers)
if(KG_WERROR)
  target_compile_options(kg_options INTERFACE -Werror)
endif()
if(KG_FUZZ)
  target_compile_options(kg_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(KG_SANITIZE OR KG_FUZZ)
  target_compile_options(kg_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g)
  target_link_options(kg_options INTERFACE -fsanitize=address,undefined)
endif()
if(KG_TSAN)
  if(KG_SANITIZE OR KG_FUZZ)
    message(FATAL_ERROR "KG_TSAN cannot be combined with KG_SANITIZE or KG_FUZZ")
  endif()
  target_compile_options(kg_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer -g)
  target_link_options(kg_options INTERFACE -fsanitize=thread)
  # GLib's own synchronisation made visible to ThreadSanitizer (common/tsan-glib.c),
  # linked into every program: each links kg_options itself.
  add_library(kg_tsan_glib OBJECT ${PROJECT_SOURCE_DIR}/common/tsan-glib.c)
  target_compile_options(kg_tsan_glib PRIVATE -fsanitize=thread -g)
  target_link_libraries(kg_tsan_glib PRIVATE PkgConfig::GLIB)
  target_link_libraries(kg_options INTERFACE $<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:$<TARGET_OBJECTS:kg_tsan_glib>>)
endif()
