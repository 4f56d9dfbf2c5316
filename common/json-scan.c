/* common/json-scan.c — the scan before json-glib parses, and its error text (see
 * json-scan.h).
 *
 * One pass over the bytes: a string is skipped with its escapes, a bracket counts, and
 * a number's characters are gathered to see whether an integer fits in 64 bits.
 */
#include "common/json-scan.h"

#include <string.h>

gboolean
kg_json_precheck (const char *text, gsize len, guint max_depth, char **reason)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              *reason = g_strdup_printf ("JSON nested deeper than %u levels", max_depth);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize start = i;
          gboolean integer = TRUE;
          while (i + 1 < len && (g_ascii_isalnum (text[i + 1]) || strchr ("+-.", text[i + 1]) != NULL))
            integer &= g_ascii_isdigit (text[++i]);
          g_autofree char *num = g_strndup (text + start, i - start + 1);
          gint64 v;
          if (integer && !g_ascii_string_to_signed (num, 10, G_MININT64, G_MAXINT64, &v, NULL) && (num[0] != '-' || num[1] != '\0'))
            {
              *reason = g_strdup_printf ("integer %s does not fit in 64 bits", num);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Reads the digits at *@p as a number, moving *@p past them. */
static gboolean
read_uint (const char **p, guint *out)
{
  const char *s = *p;
  guint64 v = 0;
  while (g_ascii_isdigit (*s) && v <= G_MAXUINT)
    v = v * 10 + (guint64) (*s++ - '0');
  if (s == *p || v > G_MAXUINT)
    return FALSE;
  *out = (guint) v;
  *p = s;
  return TRUE;
}

const char *
kg_json_error_reason (const char *message, guint *line, guint *column)
{
  guint l = 0, c = 0;
  const char *p = message;
  gboolean shaped = g_str_has_prefix (p, "<data>:");
  if (shaped)
    {
      p += strlen ("<data>:");
      shaped = read_uint (&p, &l) && *p++ == ':' && read_uint (&p, &c) && g_str_has_prefix (p, ": ");
    }
  /* After the position comes a (translated) "Parse error" and ": ". */
  const char *rest = shaped ? strstr (p + 2, ": ") : NULL;
  if (rest == NULL)
    {
      l = c = 0;
      rest = message;
    }
  else
    rest += 2;
  if (line != NULL)
    *line = l;
  if (column != NULL)
    *column = c;
  return rest;
}
