/* tests/tck/tck-value.c — canonical text of TCK expected values and of kgq values.
 *
 * See tck-value.h. The expected-value reader is a recursive descent over the TCK's
 * value syntax; it builds the canonical text as it goes.
 */
#include "tests/tck/tck-value.h"
#include "common/print.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- Canonical pieces shared by both sides ------------------------------------------ */

void
tck_canon_float (GString *out, double f)
{
  /* kgq's one float format: shortest round-trip digits, always marked as a float, so
   * 1 and 1.0 differ and two floats match exactly when they are the same double. */
  kg_float_append (out, f);
}

int
tck_cmp_strptr (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Joins @items (canonical texts), sorted when asked, between @open and @close. */
void
tck_canon_join (GString *out, GPtrArray *items, gboolean sort, const char *open, const char *close)
{
  if (sort)
    g_ptr_array_sort (items, tck_cmp_strptr);
  g_string_append (out, open);
  for (guint i = 0; i < items->len; i++)
    {
      if (i)
        g_string_append (out, ", ");
      g_string_append (out, items->pdata[i]);
    }
  g_string_append (out, close);
}

/* --- Expected values ---------------------------------------------------------------- */

typedef struct
{
  const char *p;
  const char *start;
  gboolean sort_lists;
  GError **error;
} Reader;

static void
skip_ws (Reader *r)
{
  while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
    r->p++;
}

static gboolean
fail (Reader *r, const char *what)
{
  if (r->error && !*r->error)
    g_set_error (r->error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "bad value at offset %d of \"%s\": %s", (int) (r->p - r->start), r->start, what);
  return FALSE;
}

static gboolean read_value (Reader *r, GString *out);

static gboolean
read_name (Reader *r, GString *out)
{
  skip_ws (r);
  if (*r->p == '`')
    {
      const char *end = strchr (r->p + 1, '`');
      if (!end)
        return fail (r, "unterminated `name`");
      g_string_append_len (out, r->p + 1, end - r->p - 1);
      r->p = end + 1;
      return TRUE;
    }
  const char *b = r->p;
  while (g_ascii_isalnum (*r->p) || *r->p == '_' || (guchar) *r->p >= 0x80)
    r->p++;
  if (r->p == b)
    return fail (r, "expected a name");
  g_string_append_len (out, b, r->p - b);
  return TRUE;
}

/* {k: v, ...} → "{k: v, ...}" with sorted keys. *r->p is '{'. */
static gboolean
read_map (Reader *r, GString *out)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  r->p++;
  skip_ws (r);
  if (*r->p == '}')
    {
      r->p++;
      g_string_append (out, "{}");
      return TRUE;
    }
  for (;;)
    {
      GString *item = g_string_new (NULL);
      if (!read_name (r, item))
        {
          g_string_free (item, TRUE);
          return FALSE;
        }
      skip_ws (r);
      if (*r->p != ':')
        {
          g_string_free (item, TRUE);
          return fail (r, "expected ':' in a map");
        }
      r->p++;
      g_string_append (item, ": ");
      if (!read_value (r, item))
        {
          g_string_free (item, TRUE);
          return FALSE;
        }
      g_ptr_array_add (items, g_string_free (item, FALSE));
      skip_ws (r);
      if (*r->p == ',')
        {
          r->p++;
          continue;
        }
      if (*r->p == '}')
        {
          r->p++;
          break;
        }
      return fail (r, "expected ',' or '}' in a map");
    }
  tck_canon_join (out, items, TRUE, "{", "}");
  return TRUE;
}

/* The rest of a node or relationship after its labels or type: its property map ("{}"
 * when it has none), then @close, the bracket that ends it. */
static gboolean
read_props_and_close (Reader *r, GString *out, char close, const char *message)
{
  if (*r->p == '{')
    {
      if (!read_map (r, out))
        return FALSE;
    }
  else
    g_string_append (out, "{}");
  skip_ws (r);
  if (*r->p != close)
    return fail (r, message);
  r->p++;
  g_string_append_c (out, close);
  return TRUE;
}

/* (:A:B {k: v}) */
static gboolean
read_node (Reader *r, GString *out)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  r->p++;
  skip_ws (r);
  while (*r->p == ':')
    {
      r->p++;
      GString *l = g_string_new (NULL);
      if (!read_name (r, l))
        {
          g_string_free (l, TRUE);
          return FALSE;
        }
      g_ptr_array_add (labels, g_string_free (l, FALSE));
      skip_ws (r);
    }
  g_ptr_array_sort (labels, tck_cmp_strptr);
  g_string_append_c (out, '(');
  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (out, ":%s", (char *) labels->pdata[i]);
  g_string_append (out, " ");
  return read_props_and_close (r, out, ')', "expected ')' after a node");
}

/* [:T {k: v}] */
static gboolean
read_rel (Reader *r, GString *out)
{
  r->p++;
  skip_ws (r);
  g_string_append (out, "[:");
  if (*r->p == ':')
    {
      r->p++;
      if (!read_name (r, out))
        return FALSE;
    }
  g_string_append (out, " ");
  skip_ws (r);
  return read_props_and_close (r, out, ']', "expected ']' after a relationship");
}

/* <(:A)-[:T]->(:B)<-[:U]-(:C)> */
static gboolean
read_path (Reader *r, GString *out)
{
  r->p++;
  skip_ws (r);
  g_string_append_c (out, '<');
  if (*r->p != '(')
    return fail (r, "a path starts with a node");
  if (!read_node (r, out))
    return FALSE;
  for (;;)
    {
      skip_ws (r);
      if (*r->p == '>')
        {
          r->p++;
          break;
        }
      gboolean backward = FALSE;
      if (*r->p == '<')
        {
          backward = TRUE;
          r->p++;
        }
      if (*r->p != '-')
        return fail (r, "expected '-' in a path");
      r->p++;
      skip_ws (r);
      if (*r->p != '[')
        return fail (r, "expected a relationship in a path");
      GString *rel = g_string_new (NULL);
      if (!read_rel (r, rel))
        {
          g_string_free (rel, TRUE);
          return FALSE;
        }
      skip_ws (r);
      if (*r->p != '-')
        {
          g_string_free (rel, TRUE);
          return fail (r, "expected '-' after a relationship in a path");
        }
      r->p++;
      if (*r->p == '>')
        {
          if (backward)
            {
              g_string_free (rel, TRUE);
              return fail (r, "a relationship with two arrow heads");
            }
          r->p++;
        }
      else if (!backward)
        {
          g_string_free (rel, TRUE);
          return fail (r, "an undirected relationship in a path");
        }
      g_string_append_printf (out, backward ? "<-%s-" : "-%s->", rel->str);
      g_string_free (rel, TRUE);
      skip_ws (r);
      if (*r->p != '(')
        return fail (r, "expected a node in a path");
      if (!read_node (r, out))
        return FALSE;
    }
  g_string_append_c (out, '>');
  return TRUE;
}

static gboolean
read_list (Reader *r, GString *out)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  r->p++;
  skip_ws (r);
  if (*r->p == ']')
    r->p++;
  else
    for (;;)
      {
        GString *item = g_string_new (NULL);
        if (!read_value (r, item))
          {
            g_string_free (item, TRUE);
            return FALSE;
          }
        g_ptr_array_add (items, g_string_free (item, FALSE));
        skip_ws (r);
        if (*r->p == ',')
          {
            r->p++;
            continue;
          }
        if (*r->p == ']')
          {
            r->p++;
            break;
          }
        return fail (r, "expected ',' or ']' in a list");
      }
  tck_canon_join (out, items, r->sort_lists, "[", "]");
  return TRUE;
}

static gboolean
read_string (Reader *r, GString *out)
{
  char quote = *r->p++;
  GString *s = g_string_new (NULL);
  for (;;)
    {
      char c = *r->p;
      if (c == '\0')
        {
          g_string_free (s, TRUE);
          return fail (r, "unterminated string");
        }
      r->p++;
      if (c == quote)
        break;
      if (c == '\\' && *r->p)
        {
          char e = *r->p++;
          switch (e)
            {
            case 'n':
              g_string_append_c (s, '\n');
              break;
            case 't':
              g_string_append_c (s, '\t');
              break;
            case 'r':
              g_string_append_c (s, '\r');
              break;
            case 'b':
              g_string_append_c (s, '\b');
              break;
            case 'f':
              g_string_append_c (s, '\f');
              break;
            default:
              g_string_append_c (s, e);
            }
          continue;
        }
      g_string_append_c (s, c);
    }
  kg_string_append_quoted (out, s->str, '\'', FALSE);
  g_string_free (s, TRUE);
  return TRUE;
}

static gboolean
read_number (Reader *r, GString *out)
{
  const char *b = r->p;
  const char *q = r->p;
  if (*q == '-' || *q == '+')
    q++;
  if (g_str_has_prefix (q, "NaN"))
    {
      r->p = q + 3;
      tck_canon_float (out, NAN);
      return TRUE;
    }
  if (g_str_has_prefix (q, "Infinity") || g_str_has_prefix (q, "Inf"))
    {
      r->p = q + (g_str_has_prefix (q, "Infinity") ? 8 : 3);
      tck_canon_float (out, *b == '-' ? -INFINITY : INFINITY);
      return TRUE;
    }
  gboolean is_float = FALSE;
  while (g_ascii_isdigit (*q))
    q++;
  if (*q == '.' && g_ascii_isdigit (q[1]))
    {
      is_float = TRUE;
      q++;
      while (g_ascii_isdigit (*q))
        q++;
    }
  if ((*q == 'e' || *q == 'E') && (g_ascii_isdigit (q[1]) || ((q[1] == '-' || q[1] == '+') && g_ascii_isdigit (q[2]))))
    {
      is_float = TRUE;
      q += 2;
      while (g_ascii_isdigit (*q))
        q++;
    }
  if (q == b || (q == b + 1 && (*b == '-' || *b == '+')))
    return fail (r, "expected a value");
  g_autofree char *tok = g_strndup (b, q - b);
  r->p = q;
  if (is_float)
    tck_canon_float (out, g_ascii_strtod (tok, NULL));
  else
    {
      errno = 0;
      gint64 i = g_ascii_strtoll (tok, NULL, 10);
      if (errno)
        return fail (r, "integer out of range");
      g_string_append_printf (out, "%" G_GINT64_FORMAT, i);
    }
  return TRUE;
}

static gboolean
read_value (Reader *r, GString *out)
{
  skip_ws (r);
  const char *p = r->p;
  switch (*p)
    {
    case '\'':
    case '"':
      return read_string (r, out);
    case '[':
      {
        const char *q = p + 1;
        while (*q == ' ')
          q++;
        if (*q == ':')
          return read_rel (r, out);
        return read_list (r, out);
      }
    case '{':
      return read_map (r, out);
    case '(':
      return read_node (r, out);
    case '<':
      return read_path (r, out);
    default:
      break;
    }
  static const char *const words[] = { "null", "true", "false" };
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize n = strlen (words[i]);
      if (g_ascii_strncasecmp (p, words[i], n) == 0 && !g_ascii_isalnum (p[n]) && p[n] != '_')
        {
          g_string_append (out, words[i]);
          r->p += n;
          return TRUE;
        }
    }
  return read_number (r, out);
}

char *
tck_value_canon_expected (const char *text, gboolean sort_lists, GError **error)
{
  Reader r = { text, text, sort_lists, error };
  GString *out = g_string_new (NULL);
  if (!read_value (&r, out))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  skip_ws (&r);
  if (*r.p)
    {
      fail (&r, "trailing text");
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}
