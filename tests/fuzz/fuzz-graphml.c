/* tests/fuzz/fuzz-graphml.c — libFuzzer target for the GraphML reader
 * (loader/formats.h) and, through it, the writer (export/formats.h).
 *
 * The invariants are fuzz_roundtrip()'s (fuzz-roundtrip.h): one error or none, an
 * untouched graph on failure, and a written graph that reads back the same. Built with
 * -DKG_FUZZ=ON (clang); gcc builds link it with onefile.c and replay
 * tests/fuzz/corpus/graphml under ctest.
 */
#include "fuzz-roundtrip.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  return fuzz_roundtrip (data, size, "graphml", kg_import_graphml_data, kg_export_graphml);
}
