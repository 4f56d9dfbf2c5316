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
