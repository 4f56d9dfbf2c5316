/* tests/fuzz/fuzz-loader-replay.c — runs the loader's fuzz target over files named on
 * the command line (or every file under the directories named), so gcc builds without
 * libFuzzer still exercise it in ctest. It prints only the files it could not read.
 */
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
run_path (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      if (dir == NULL)
        return 1;
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      int bad = 0;
      for (guint i = 0; i < names->len; i++)
        bad |= run_path (g_ptr_array_index (names, i));
      return bad;
    }
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, NULL))
    {
      fprintf (stderr, "cannot read %s\n", path);
      return 1;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  return 0;
}

int
main (int argc, char **argv)
{
  int bad = 0;
  for (int i = 1; i < argc; i++)
    bad |= run_path (argv[i]);
  return bad;
}
