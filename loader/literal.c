/* loader/literal.c — the corpus's value syntax (a Cypher map literal in one CSV cell),
 * the canonical text used to decide whether two claims are identical (the literal
 * printer's, which this reader reads back, temporal constructors included), and the
 * "closest known names" suggestions (by common/text.c's edit distance).
 *
 * This is a small recursive-descent reader for literals only (no expressions, no
 * parameters); the query language's parser lives in parser/ and is not used here, so
 * the loader does not depend on it.
 */
#include "loader/loader-private.h"
#include "common/print.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  const char *p;
  char *reason; /* first error wins */
} Lit;

static gboolean parse_value (Lit *lx, KgValue *out);

static void
fail (Lit *lx, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
fail (Lit *lx, const char *fmt, ...)
{
  if (lx->reason != NULL)
    return;
  va_list ap;
  va_start (ap, fmt);
  lx->reason = g_strdup_vprintf (fmt, ap);
  va_end (ap);
}

static void
skip_ws (Lit *lx)
{
  while (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r')
    lx->p++;
}

static gboolean
is_ident_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* A quoted string with Cypher's escapes; @q is the quote character. */
static gboolean
parse_string (Lit *lx, KgValue *out)
{
  char q = *lx->p++;
  GString *s = g_string_new (NULL);
  for (;;)
    {
      char c = *lx->p;
      if (c == '\0')
        {
          fail (lx, "a string is never closed");
          g_string_free (s, TRUE);
          return FALSE;
        }
      lx->p++;
      if (c == q)
        break;
      if (c != '\\')
        {
          g_string_append_c (s, c);
          continue;
        }
      char e = *lx->p++;
      switch (e)
        {
        case '\\':
        case '\'':
        case '"':
          g_string_append_c (s, e);
          break;
        case 'n':
          g_string_append_c (s, '\n');
          break;
        case 't':
          g_string_append_c (s, '\t');
          break;
        default:
          fail (lx, "unknown escape '\\%c' in a string", e ? e : ' ');
          g_string_free (s, TRUE);
          return FALSE;
        }
    }
  *out = kg_value_string_len (s->str, s->len);
  g_string_free (s, TRUE);
  return TRUE;
}

static gboolean
parse_number (Lit *lx, KgValue *out)
{
  const char *start = lx->p;
  if (*lx->p == '-' || *lx->p == '+')
    lx->p++;
  gboolean is_float = FALSE;
  while (g_ascii_isdigit (*lx->p) || *lx->p == '.' || *lx->p == 'e' || *lx->p == 'E' ||
         ((*lx->p == '-' || *lx->p == '+') && (lx->p[-1] == 'e' || lx->p[-1] == 'E')))
    {
      if (!g_ascii_isdigit (*lx->p))
        is_float = TRUE;
      lx->p++;
    }
  g_autofree char *text = g_strndup (start, lx->p - start);
  char *end = NULL;
  errno = 0;
  if (is_float)
    {
      double f = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || errno != 0)
        {
          fail (lx, "'%s' is not a number", text);
          return FALSE;
        }
      *out = kg_value_float (f);
    }
  else
    {
      gint64 i = g_ascii_strtoll (text, &end, 10);
      if (end == text || *end != '\0' || errno != 0)
        {
          fail (lx, "'%s' is not an integer", text);
          return FALSE;
        }
      *out = kg_value_int (i);
    }
  return TRUE;
}

static gboolean
parse_list (Lit *lx, KgValue *out)
{
  lx->p++; /* '[' */
  KgList *list = kg_list_new (4);
  skip_ws (lx);
  if (*lx->p == ']')
    {
      lx->p++;
      *out = kg_value_list (list);
      return TRUE;
    }
  for (;;)
    {
      KgValue v = KG_VALUE_INIT;
      skip_ws (lx);
      if (!parse_value (lx, &v))
        {
          kg_list_unref (list);
          return FALSE;
        }
      kg_list_append (list, &v);
      skip_ws (lx);
      if (*lx->p == ',')
        {
          lx->p++;
          continue;
        }
      if (*lx->p == ']')
        {
          lx->p++;
          break;
        }
      fail (lx, "expected ',' or ']' in a list");
      kg_list_unref (list);
      return FALSE;
    }
  *out = kg_value_list (list);
  return TRUE;
}

static gboolean
parse_map (Lit *lx, KgValue *out)
{
  lx->p++; /* '{' */
  KgMap *map = kg_map_new (4);
  skip_ws (lx);
  if (*lx->p == '}')
    {
      lx->p++;
      *out = kg_value_map (map);
      return TRUE;
    }
  for (;;)
    {
      skip_ws (lx);
      g_autofree char *key = NULL;
      if (is_ident_start (*lx->p))
        {
          const char *k = lx->p;
          while (is_ident_char (*lx->p))
            lx->p++;
          key = g_strndup (k, lx->p - k);
        }
      else if (*lx->p == '`')
        {
          const char *k = ++lx->p;
          while (*lx->p != '\0' && *lx->p != '`')
            lx->p++;
          if (*lx->p != '`')
            {
              fail (lx, "a `quoted` key is never closed");
              kg_map_unref (map);
              return FALSE;
            }
          key = g_strndup (k, lx->p - k);
          lx->p++;
        }
      else
        {
          fail (lx, "expected a key in a map");
          kg_map_unref (map);
          return FALSE;
        }
      if (kg_map_get (map, key) != NULL)
        {
          fail (lx, "key '%s' appears twice", key);
          kg_map_unref (map);
          return FALSE;
        }
      skip_ws (lx);
      if (*lx->p != ':')
        {
          fail (lx, "expected ':' after key '%s'", key);
          kg_map_unref (map);
          return FALSE;
        }
      lx->p++;
      skip_ws (lx);
      KgValue v = KG_VALUE_INIT;
      if (!parse_value (lx, &v))
        {
          kg_map_unref (map);
          return FALSE;
        }
      kg_map_set (map, key, &v);
      skip_ws (lx);
      if (*lx->p == ',')
        {
          lx->p++;
          continue;
        }
      if (*lx->p == '}')
        {
          lx->p++;
          break;
        }
      fail (lx, "expected ',' or '}' in a map");
      kg_map_unref (map);
      return FALSE;
    }
  *out = kg_value_map (map);
  return TRUE;
}

/* The temporal type a constructor word names (date, localtime, time, localdatetime,
 * datetime, duration), the ones the literal printer writes; KG_VALUE_NULL otherwise. */
static KgValueType
temporal_type (const char *word)
{
  static const struct
  {
    const char *name;
    KgValueType type;
  } names[] = {
    { "date", KG_VALUE_DATE },
    { "localtime", KG_VALUE_LOCALTIME },
    { "time", KG_VALUE_TIME },
    { "localdatetime", KG_VALUE_LOCALDATETIME },
    { "datetime", KG_VALUE_DATETIME },
    { "duration", KG_VALUE_DURATION },
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (word, names[i].name) == 0)
      return names[i].type;
  return KG_VALUE_NULL;
}

/* date('2015-W30-2'), datetime('2015-07-21T21:40+01:00'), duration('P1D'), ...: one
 * string in any form the Cypher function of that name takes. */
static gboolean
parse_temporal (Lit *lx, const char *fn, KgValueType type, KgValue *out)
{
  skip_ws (lx);
  if (*lx->p != '(')
    {
      fail (lx, "expected '(' after %s", fn);
      return FALSE;
    }
  lx->p++;
  skip_ws (lx);
  KgValue s = KG_VALUE_INIT;
  if ((*lx->p != '\'' && *lx->p != '"') || !parse_string (lx, &s))
    {
      fail (lx, "%s() takes an ISO 8601 string", fn);
      return FALSE;
    }
  gint32 days = 0;
  gboolean ok = type == KG_VALUE_DATE ? kg_date_parse (s.u.s, &days) : kg_temporal_parse (type, s.u.s, out);
  if (!ok)
    fail (lx, "'%s' is not a %s (ISO 8601)", s.u.s, type == KG_VALUE_DATE ? "date" : fn);
  kg_value_clear (&s);
  skip_ws (lx);
  if (ok && *lx->p != ')')
    {
      fail (lx, "expected ')' after the %s", fn);
      if (type != KG_VALUE_DATE)
        kg_value_clear (out); /* parsed, but the call is broken */
      return FALSE;
    }
  if (!ok)
    return FALSE;
  lx->p++;
  if (type == KG_VALUE_DATE)
    *out = kg_value_date (days);
  return TRUE;
}

static gboolean
parse_value (Lit *lx, KgValue *out)
{
  char c = *lx->p;
  if (c == '\'' || c == '"')
    return parse_string (lx, out);
  if (c == '[')
    return parse_list (lx, out);
  if (c == '{')
    return parse_map (lx, out);
  if (g_ascii_isdigit (c) || ((c == '-' || c == '+') && g_ascii_isdigit (lx->p[1])))
    return parse_number (lx, out);
  if (is_ident_start (c))
    {
      const char *w = lx->p;
      while (is_ident_char (*lx->p))
        lx->p++;
      g_autofree char *word = g_ascii_strdown (w, lx->p - w);
      if (strcmp (word, "true") == 0)
        *out = kg_value_bool (TRUE);
      else if (strcmp (word, "false") == 0)
        *out = kg_value_bool (FALSE);
      else if (strcmp (word, "null") == 0)
        *out = kg_value_null ();
      else if (temporal_type (word) != KG_VALUE_NULL)
        {
          if (!parse_temporal (lx, word, temporal_type (word), out))
            return FALSE;
        }
      else
        {
          fail (lx, "unknown word '%.*s' (strings need quotes)", (int) (lx->p - w), w);
          return FALSE;
        }
      return TRUE;
    }
  if (c == '\0' || c == '}' || c == ']' || c == ',')
    fail (lx, "a value is missing");
  else
    fail (lx, "unexpected '%c'", c);
  return FALSE;
}

gboolean
kg_literal_parse_map (const char *text, KgValue *out, char **reason)
{
  Lit lx = { text, NULL };
  *out = kg_value_null ();
  skip_ws (&lx);
  if (*lx.p == '\0')
    {
      *out = kg_value_map (kg_map_new (0));
      return TRUE;
    }
  if (*lx.p != '{')
    {
      *reason = g_strdup ("properties must be a map in braces, like {rank: 1}");
      return FALSE;
    }
  KgValue v = KG_VALUE_INIT;
  if (parse_map (&lx, &v))
    {
      skip_ws (&lx);
      if (*lx.p == '\0')
        {
          *out = v;
          return TRUE;
        }
      fail (&lx, "unexpected text after the map");
      kg_value_clear (&v);
    }
  *reason = lx.reason != NULL ? lx.reason : g_strdup ("malformed properties");
  return FALSE;
}

static int
cmp_keys (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char *
kg_literal_canonical (const KgValue *v)
{
  g_return_val_if_fail (v != NULL && v->type == KG_VALUE_MAP, g_strdup (""));
  const KgMap *map = v->u.map;
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  for (guint i = 0; i < map->len; i++)
    g_ptr_array_add (keys, map->keys[i]);
  g_ptr_array_sort (keys, cmp_keys);
  GString *out = g_string_new ("{");
  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);
      g_string_append_printf (out, "%s%s: ", i ? ", " : "", k);
      kg_value_append_literal (out, kg_map_get (map, k));
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* --- Suggestions ---------------------------------------------------------------- */

typedef struct
{
  guint dist;
  guint order;
  const char *name;
} Scored;

static int
cmp_scored (gconstpointer a, gconstpointer b)
{
  const Scored *x = a, *y = b;
  if (x->dist != y->dist)
    return x->dist < y->dist ? -1 : 1;
  return x->order < y->order ? -1 : (x->order > y->order);
}

char *
kg_closest_names (const char *word, GPtrArray *candidates, guint max)
{
  g_autoptr (GArray) scored = g_array_sized_new (FALSE, FALSE, sizeof (Scored), candidates->len);
  for (guint i = 0; i < candidates->len; i++)
    {
      Scored s = { kg_edit_distance (word, g_ptr_array_index (candidates, i)), i,
                   g_ptr_array_index (candidates, i) };
      g_array_append_val (scored, s);
    }
  g_array_sort (scored, cmp_scored);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < scored->len && i < max; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", g_array_index (scored, Scored, i).name);
  return g_string_free (out, FALSE);
}
