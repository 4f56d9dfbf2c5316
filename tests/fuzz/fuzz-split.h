/* tests/fuzz/fuzz-split.h — shared by the fuzz targets that need files rather than a
 * byte string (the CSV importer, the corpus loader): splits one input at form feeds
 * ('\f') into parts and writes each part to a file in a private temporary directory
 * made once per process. It does not clean the directory up (fuzzers exit abruptly);
 * the replay programs remove it at exit.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

static char *fuzz_dir;

static void
fuzz_dir_remove (void)
{
  if (fuzz_dir == NULL)
    return;
  GDir *d = g_dir_open (fuzz_dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (fuzz_dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        {
          GDir *sub = g_dir_open (p, 0, NULL);
          const char *n2;
          while (sub != NULL && (n2 = g_dir_read_name (sub)) != NULL)
            {
              g_autofree char *q = g_build_filename (p, n2, NULL);
              g_unlink (q);
            }
          if (sub)
            g_dir_close (sub);
          g_rmdir (p);
        }
      else
        g_unlink (p);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (fuzz_dir);
  g_clear_pointer (&fuzz_dir, g_free);
}

static const char *
fuzz_tmpdir (void)
{
  if (fuzz_dir == NULL)
    {
      fuzz_dir = g_dir_make_tmp ("kgq-fuzz-XXXXXX", NULL);
      g_assert_nonnull (fuzz_dir);
      atexit (fuzz_dir_remove);
    }
  return fuzz_dir;
}

/* Writes part @index of @data (parts separated by '\f'; missing parts are empty) to
 * @name under the temporary directory, its length to *@len_out when not NULL.
 * Returns: (transfer full): the file's path. */
static char *
fuzz_write_part_len (const uint8_t *data, size_t size, guint index, const char *name, size_t *len_out)
{
  const uint8_t *p = data, *end = data + size;
  for (guint i = 0; i < index && p != NULL; i++)
    {
      p = memchr (p, '\f', (size_t) (end - p));
      if (p != NULL)
        p++;
    }
  size_t len = 0;
  if (p != NULL)
    {
      const uint8_t *stop = memchr (p, '\f', (size_t) (end - p));
      len = (size_t) ((stop ? stop : end) - p);
    }
  char *path = g_build_filename (fuzz_tmpdir (), name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  /* Plain stdio, no fsync: these files are scratch. */
  FILE *f = fopen (path, "wb");
  g_assert_nonnull (f);
  g_assert_true (len == 0 || fwrite (p, 1, len, f) == len);
  g_assert_true (fclose (f) == 0);
  if (len_out)
    *len_out = len;
  return path;
}

#define fuzz_write_part(data, size, index, name) fuzz_write_part_len (data, size, index, name, NULL)
