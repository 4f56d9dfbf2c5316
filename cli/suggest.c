/* cli/suggest.c — "did you mean ...?" for mistyped commands, :commands and formats.
 *
 * Plain edit distance (case-insensitive), with a prefix counting as a match. No I/O.
 */
#include "cli/cli.h"

#include <string.h>

static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *prev = g_new (guint, lb + 1);
  g_autofree guint *cur = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    prev[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      cur[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint sub = prev[j - 1] + (g_ascii_tolower (a[i - 1]) != g_ascii_tolower (b[j - 1]));
          cur[j] = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), sub);
        }
      memcpy (prev, cur, (lb + 1) * sizeof (guint));
    }
  return prev[lb];
}

const char *
kg_cli_suggest (const char *word, const char *const *names)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  for (const char *const *n = names; *n != NULL; n++)
    {
      guint d = edit_distance (word, *n);
      if (word[0] != '\0' && g_str_has_prefix (*n, word))
        d = 0;
      if (d < best_d)
        {
          best_d = d;
          best = *n;
        }
    }
  gsize len = strlen (word);
  return best != NULL && best_d <= 2 && best_d < len ? best : NULL;
}
