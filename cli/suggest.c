/* cli/suggest.c — "did you mean ...?" for mistyped commands, :commands and formats.
 *
 * Plain edit distance (case-insensitive), with a prefix counting as a match. No I/O.
 */
#include "cli/cli.h"
#include "common/text.h"

#include <string.h>

const char *
kg_cli_suggest (const char *word, const char *const *names)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  for (const char *const *n = names; *n != NULL; n++)
    {
      guint d = kg_edit_distance (word, *n);
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
