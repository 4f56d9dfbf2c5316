/* common/text.c — the shared text helpers (see text.h).
 *
 * The edit distance is the two-row dynamic programme over characters (not bytes, so
 * 'é' for 'e' is one edit): O(|a|·|b|) time and O(|b|) space, which is plenty for
 * names and keywords.
 */
#include "common/text.h"

#include <string.h>

/* The characters of @s, lower-cased; a string that is not valid UTF-8 is read byte by
 * byte, so that a damaged name still has a distance. */
static gunichar *
lowered_chars (const char *s, glong *len)
{
  gunichar *out;
  if (g_utf8_validate (s, -1, NULL))
    out = g_utf8_to_ucs4_fast (s, -1, len);
  else
    {
      *len = (glong) strlen (s);
      out = g_new (gunichar, *len + 1);
      for (glong i = 0; i < *len; i++)
        out[i] = (guchar) s[i];
    }
  for (glong i = 0; i < *len; i++)
    out[i] = g_unichar_tolower (out[i]);
  return out;
}

guint
kg_edit_distance (const char *a, const char *b)
{
  glong la, lb;
  g_autofree gunichar *ca = lowered_chars (a, &la);
  g_autofree gunichar *cb = lowered_chars (b, &lb);
  g_autofree guint *prev = g_new (guint, lb + 1);
  g_autofree guint *cur = g_new (guint, lb + 1);
  for (glong j = 0; j <= lb; j++)
    prev[j] = j;
  for (glong i = 1; i <= la; i++)
    {
      cur[0] = i;
      for (glong j = 1; j <= lb; j++)
        {
          guint cost = ca[i - 1] == cb[j - 1] ? 0 : 1;
          cur[j] = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        }
      memcpy (prev, cur, (lb + 1) * sizeof (guint));
    }
  return prev[lb];
}

guint
kg_ascii_case_hash (gconstpointer name)
{
  guint h = 5381; /* djb2, over the lower-cased bytes */
  for (const char *p = name; *p != '\0'; p++)
    h = h * 33 + (guchar) g_ascii_tolower (*p);
  return h;
}

gboolean
kg_ascii_case_equal (gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}
