/* tests/tools/parse-batch.c — parses NUL-separated statements from stdin, one verdict a line.
 *
 * Prints "OK" or "ERR <message>" (first line of the error) for each statement, so
 * scripts such as tests/tools/tck-parse-count.py can measure what the parser accepts.
 * It does not run anything.
 */
#include "parser/parser.h"

#include <stdio.h>
#include <string.h>

int
main (void)
{
  GString *all = g_string_new (NULL);
  char buf[65536];
  size_t n;
  while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
    g_string_append_len (all, buf, n);
  const char *p = all->str, *end = all->str + all->len;
  while (p < end)
    {
      size_t len = strlen (p);
      g_autoptr (GError) error = NULL;
      g_autoptr (KgAst) ast = kg_parse (p, (gssize) len, "q", NULL, &error);
      if (ast != NULL)
        printf ("OK\n");
      else
        {
          char *nl = strchr (error->message, '\n');
          if (nl != NULL)
            *nl = '\0';
          printf ("ERR %s\n", error->message);
        }
      p += len + 1;
    }
  g_string_free (all, TRUE);
  return 0;
}
