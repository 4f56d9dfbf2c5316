/* tests/fuzz/fuzz-jsonl.c — libFuzzer target for the JSON Lines reader
 * (loader/formats.h) and, through it, the writer (export/formats.h).
 *
 * The invariants are fuzz_roundtrip()'s (fuzz-roundtrip.h): one error or none, an
 * untouched graph on failure, and a written graph that reads back the same. Built with
 * -DKG_FUZZ=ON (clang); gcc builds link it with onefile.c and replay
 * tests/fuzz/corpus/jsonl under ctest.
 */
#include "fuzz-roundtrip.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  return fuzz_roundtrip (data, size, "jsonl", kg_import_jsonl_data, kg_export_jsonl);
}
