/* fulltext/query.c — the query language of db.index.fulltext.query*(): Lucene's classic
 * syntax, read by recursive descent into a KgFtQuery tree.
 *
 *   query   := or EOF
 *   or      := and ( [OR | '||'] and )*          juxtaposed clauses are optional (OR)
 *   and     := unary ( (AND | '&&') unary )*     each operand required
 *   unary   := (NOT | '!') unary | '+' primary | '-' primary | primary
 *   primary := [word ':'] ( '(' or ')' | '"' phrase '"' ['~' digits] | range
 *                         | word ['~' [digit]] ) ['^' number]
 *   range   := ('[' | '{') bound TO bound (']' | '}')    bound := word | '"' text '"' | '*'
 *
 * A word runs to white space or one of + - ! ( ) { } [ ] ^ " ~ : / (a + or - inside a
 * word belongs to it, as in "jean-michel"); `\` escapes any character. A word holding
 * `*` or `?` is a prefix or wildcard term. AND, OR, NOT and TO are operators only in
 * capitals. As in Lucene, a clause list with required (+, AND) clauses matches what
 * they all match, optional clauses only add to the score, and a list of exclusions
 * alone matches nothing. `"a b"~N` is a phrase whose words may be up to N position
 * moves from where the phrase has them (in any order, as Lucene's slop); a range's
 * square bracket includes its bound and a curly one excludes it, `*` leaves it open.
 *
 * Errors name the character (counted from 1) where the query goes wrong, and hand its
 * number to the caller too. Regular expressions (/re/) are refused with
 * KG_FT_ERROR_UNSUPPORTED. Nesting is limited, so no input can exhaust the stack.
 */
#include "fulltext/fulltext-private.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct
{
  const char *src;
  const char *p;
  guint depth;
  GError **error;
  guint at; /* the character (from 1) the first error names */
} Parser;

/* The largest phrase slop: far more than any name or claim has words. */
#define MAX_SLOP 10000

static KgFtQuery *parse_or (Parser *ps);

static KgFtQuery *
node_new (FtKind kind, guint offset)
{
  KgFtQuery *q = g_new0 (KgFtQuery, 1);
  q->kind = kind;
  q->boost = 1.0;
  q->offset = offset;
  if (kind == FT_BOOL)
    q->children = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_ft_query_free);
  return q;
}

void
kg_ft_query_free (KgFtQuery *q)
{
  if (q == NULL)
    return;
  g_free (q->field);
  g_free (q->text);
  g_free (q->upper);
  if (q->children != NULL)
    g_ptr_array_unref (q->children);
  g_free (q);
}

static guint
where (Parser *ps, const char *at)
{
  return (guint) g_utf8_pointer_to_offset (ps->src, at) + 1;
}

static KgFtQuery *
fail (Parser *ps, const char *at, int code, const char *what)
{
  if (ps->error != NULL && *ps->error == NULL)
    {
      ps->at = where (ps, at);
      g_set_error (ps->error, KG_FT_ERROR, code, "at character %u: %s", ps->at, what);
    }
  return NULL;
}

static void
skip_space (Parser *ps)
{
  while (*ps->p != '\0' && g_unichar_isspace (g_utf8_get_char (ps->p)))
    ps->p = g_utf8_next_char (ps->p);
}

static gboolean
is_special (char c)
{
  return c != '\0' && strchr ("+-!(){}[]^\"~:/", c) != NULL;
}

/* Whether the word @w (an operator spelt in capitals) starts here, followed by a break. */
static gboolean
at_word (Parser *ps, const char *w)
{
  gsize n = strlen (w);
  if (strncmp (ps->p, w, n) != 0)
    return FALSE;
  char c = ps->p[n];
  return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == '"';
}

static gboolean
at_and (Parser *ps)
{
  return at_word (ps, "AND") || strncmp (ps->p, "&&", 2) == 0;
}

static gboolean
at_or (Parser *ps)
{
  return at_word (ps, "OR") || strncmp (ps->p, "||", 2) == 0;
}

static gboolean
at_not (Parser *ps)
{
  return at_word (ps, "NOT") || (ps->p[0] == '!' && ps->p[1] != '=');
}

static void
skip_operator (Parser *ps)
{
  if (ps->p[0] == '&' || ps->p[0] == '|')
    ps->p += 2;
  else if (ps->p[0] == '!')
    ps->p += 1;
  else
    ps->p += ps->p[0] == 'O' ? 2 : 3;
}

/* A word with its escapes removed; *@wild tells whether it holds an unescaped * or ?.
 * NULL at a character that cannot start a word. */
static char *
read_word (Parser *ps, gboolean *wild)
{
  GString *s = g_string_new (NULL);
  *wild = FALSE;
  while (*ps->p != '\0')
    {
      gunichar c = g_utf8_get_char (ps->p);
      if (g_unichar_isspace (c))
        break;
      if (*ps->p == '\\')
        {
          if (ps->p[1] == '\0')
            {
              g_string_free (s, TRUE);
              fail (ps, ps->p, KG_FT_ERROR_SYNTAX, "a backslash must escape a character");
              return NULL;
            }
          ps->p++;
          const char *next = g_utf8_next_char (ps->p);
          g_string_append_len (s, ps->p, next - ps->p);
          ps->p = next;
          continue;
        }
      if (is_special (*ps->p) && !(s->len > 0 && (*ps->p == '+' || *ps->p == '-')))
        break;
      if (*ps->p == '*' || *ps->p == '?')
        *wild = TRUE;
      const char *next = g_utf8_next_char (ps->p);
      g_string_append_len (s, ps->p, next - ps->p);
      ps->p = next;
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

/* `^number` after a clause. */
static gboolean
read_boost (Parser *ps, KgFtQuery *q)
{
  if (*ps->p != '^')
    return TRUE;
  const char *at = ps->p++;
  char *end = NULL;
  double b = g_ascii_strtod (ps->p, &end);
  if (end == ps->p || !(b >= 0) || b > 1e6)
    {
      fail (ps, at, KG_FT_ERROR_SYNTAX, "a boost is `^` and a number from 0 to 1000000, as in `bass^2`");
      return FALSE;
    }
  ps->p = end;
  q->boost = b;
  return TRUE;
}

static KgFtQuery *
parse_phrase (Parser *ps)
{
  const char *open = ps->p++;
  GString *s = g_string_new (NULL);
  while (*ps->p != '"')
    {
      if (*ps->p == '\0')
        {
          g_string_free (s, TRUE);
          return fail (ps, open, KG_FT_ERROR_SYNTAX, "this phrase has no closing '\"'");
        }
      if (*ps->p == '\\' && ps->p[1] != '\0')
        ps->p++;
      g_string_append_c (s, *ps->p++);
    }
  ps->p++;
  guint slop = 0;
  if (*ps->p == '~')
    {
      const char *at = ps->p++;
      guint64 n = 0;
      const char *digits = ps->p;
      while (g_ascii_isdigit (*ps->p) && n <= MAX_SLOP)
        n = n * 10 + (guint64) (*ps->p++ - '0');
      if (ps->p == digits || n > MAX_SLOP || g_ascii_isdigit (*ps->p) || *ps->p == '.')
        {
          g_string_free (s, TRUE);
          return fail (ps, at, KG_FT_ERROR_SYNTAX, "a phrase's slop is `~` and a whole number up to 10000, as in `\"bass karen\"~2`");
        }
      slop = (guint) n;
    }
  KgFtQuery *q = node_new (FT_PHRASE, where (ps, open) - 1);
  q->text = g_string_free (s, FALSE);
  q->slop = slop;
  return q;
}

static KgFtQuery *
parse_word (Parser *ps)
{
  const char *start = ps->p;
  gboolean wild = FALSE;
  char *w = read_word (ps, &wild);
  if (w == NULL)
    {
      if (ps->error != NULL && *ps->error != NULL)
        return NULL;
      if (*ps->p == '\0')
        return fail (ps, ps->p, KG_FT_ERROR_SYNTAX, "the query ends where a term was expected");
      if (*ps->p == '/')
        return fail (ps, ps->p, KG_FT_ERROR_UNSUPPORTED, "regular-expression queries (/re/) are not supported");
      g_autofree char *what = g_strdup_printf ("'%.*s' cannot start a term (escape it with \\)",
                                               (int) (g_utf8_next_char (ps->p) - ps->p), ps->p);
      return fail (ps, ps->p, KG_FT_ERROR_SYNTAX, what);
    }
  KgFtQuery *q = node_new (FT_TERM, where (ps, start) - 1);
  q->text = w;
  if (*ps->p == '~')
    {
      const char *at = ps->p++;
      q->kind = FT_FUZZY;
      q->edits = 2;
      if (g_ascii_isdigit (*ps->p))
        {
          char *end = NULL;
          double d = g_ascii_strtod (ps->p, &end);
          ps->p = end;
          if (d != 0 && d != 1 && d != 2)
            {
              kg_ft_query_free (q);
              return fail (ps, at, KG_FT_ERROR_SYNTAX, "a fuzzy term allows 0, 1 or 2 edits (`word~1`)");
            }
          q->edits = (guint) d;
        }
      if (wild)
        {
          kg_ft_query_free (q);
          return fail (ps, start, KG_FT_ERROR_SYNTAX, "a fuzzy term cannot hold * or ?");
        }
    }
  else if (wild)
    {
      gsize n = strlen (w);
      gboolean prefix = n > 1 && w[n - 1] == '*' && strpbrk (w, "*?") == w + n - 1;
      q->kind = prefix ? FT_PREFIX : FT_WILDCARD;
      if (prefix)
        w[n - 1] = '\0';
    }
  return q;
}

/* One bound of a range: a word, a quoted text or `*` (open: *@out NULL). */
static gboolean
read_bound (Parser *ps, const char *open, char **out)
{
  skip_space (ps);
  *out = NULL;
  if (*ps->p == '"')
    {
      KgFtQuery *q = parse_phrase (ps);
      if (q == NULL)
        return FALSE;
      if (q->slop != 0)
        {
          kg_ft_query_free (q);
          fail (ps, open, KG_FT_ERROR_SYNTAX, "a range's bound takes no slop");
          return FALSE;
        }
      *out = g_steal_pointer (&q->text);
      kg_ft_query_free (q);
      return TRUE;
    }
  gboolean wild;
  const char *start = ps->p;
  char *w = read_word (ps, &wild);
  if (w == NULL)
    {
      if (ps->error == NULL || *ps->error == NULL)
        fail (ps, ps->p, KG_FT_ERROR_SYNTAX,
              *ps->p == '\0' ? "this range has no closing ']' or '}'" : "a range is `[lower TO upper]` or `{lower TO upper}` (`*` for no bound)");
      return FALSE;
    }
  if (strcmp (w, "*") == 0 && ps->p == start + 1)
    g_free (w);
  else
    *out = w;
  return TRUE;
}

/* `[a TO b]`, `{a TO b}`, or a mix: the terms between the bounds. */
static KgFtQuery *
parse_range (Parser *ps)
{
  const char *open = ps->p++;
  char *lo = NULL, *hi = NULL;
  if (!read_bound (ps, open, &lo))
    return NULL;
  skip_space (ps);
  if (!at_word (ps, "TO"))
    {
      g_free (lo);
      return fail (ps, *ps->p ? ps->p : open, KG_FT_ERROR_SYNTAX,
                   "a range is `[lower TO upper]` or `{lower TO upper}` (`*` for no bound), with TO in capitals");
    }
  ps->p += 2;
  if (!read_bound (ps, open, &hi))
    {
      g_free (lo);
      return NULL;
    }
  skip_space (ps);
  if (*ps->p != ']' && *ps->p != '}')
    {
      g_free (lo);
      g_free (hi);
      return fail (ps, open, KG_FT_ERROR_SYNTAX, "this range has no closing ']' or '}'");
    }
  KgFtQuery *q = node_new (FT_RANGE, where (ps, open) - 1);
  q->text = lo;
  q->upper = hi;
  q->lower_incl = *open == '[';
  q->upper_incl = *ps->p == ']';
  ps->p++;
  return q;
}

static KgFtQuery *
parse_primary (Parser *ps)
{
  skip_space (ps);
  char *field = NULL;
  const char *save = ps->p;
  gboolean wild = FALSE;
  if (!is_special (*ps->p))
    {
      char *w = read_word (ps, &wild);
      if (w != NULL && *ps->p == ':' && !wild)
        {
          field = w;
          ps->p++;
        }
      else
        {
          g_free (w);
          ps->p = save;
          if (ps->error != NULL && *ps->error != NULL)
            return NULL;
        }
    }
  KgFtQuery *q;
  if (*ps->p == '(')
    {
      const char *open = ps->p++;
      if (++ps->depth > MAX_DEPTH)
        {
          g_free (field);
          return fail (ps, open, KG_FT_ERROR_SYNTAX, "groups are nested too deeply");
        }
      q = parse_or (ps);
      ps->depth--;
      if (q != NULL)
        {
          skip_space (ps);
          if (*ps->p != ')')
            {
              kg_ft_query_free (q);
              g_free (field);
              return fail (ps, open, KG_FT_ERROR_SYNTAX, "this '(' is not closed");
            }
          ps->p++;
        }
    }
  else if (*ps->p == '"')
    q = parse_phrase (ps);
  else if (*ps->p == '[' || *ps->p == '{')
    q = parse_range (ps);
  else
    q = parse_word (ps);
  if (q == NULL)
    {
      g_free (field);
      return NULL;
    }
  if (field != NULL && q->field == NULL) /* in `a:(b:x)`, b holds */
    {
      q->field = field;
      q->offset = where (ps, save) - 1;
    }
  else
    g_free (field);
  if (!read_boost (ps, q))
    {
      kg_ft_query_free (q);
      return NULL;
    }
  return q;
}

static KgFtQuery *
parse_unary (Parser *ps)
{
  skip_space (ps);
  if (at_not (ps) || *ps->p == '+' || *ps->p == '-')
    {
      const char *at = ps->p;
      gboolean not = at_not (ps);
      if (not )
        skip_operator (ps);
      else
        ps->p++;
      if (++ps->depth > MAX_DEPTH)
        return fail (ps, at, KG_FT_ERROR_SYNTAX, "operators are nested too deeply");
      KgFtQuery *q = not ? parse_unary (ps) : parse_primary (ps);
      ps->depth--;
      if (q != NULL)
        q->occur = *at == '+' ? FT_MUST : FT_MUST_NOT;
      return q;
    }
  return parse_primary (ps);
}

static KgFtQuery *
parse_and (Parser *ps)
{
  KgFtQuery *first = parse_unary (ps);
  if (first == NULL)
    return NULL;
  skip_space (ps);
  if (!at_and (ps))
    return first;
  KgFtQuery *all = node_new (FT_BOOL, first->offset);
  if (first->occur == FT_SHOULD)
    first->occur = FT_MUST;
  g_ptr_array_add (all->children, first);
  while (at_and (ps))
    {
      skip_operator (ps);
      skip_space (ps);
      if (*ps->p == '\0' || *ps->p == ')' || at_and (ps) || at_or (ps))
        {
          kg_ft_query_free (all);
          return fail (ps, ps->p, KG_FT_ERROR_SYNTAX, "AND needs a clause on each side");
        }
      KgFtQuery *q = parse_unary (ps);
      if (q == NULL)
        {
          kg_ft_query_free (all);
          return NULL;
        }
      if (q->occur == FT_SHOULD)
        q->occur = FT_MUST;
      g_ptr_array_add (all->children, q);
      skip_space (ps);
    }
  return all;
}

static KgFtQuery *
parse_or (Parser *ps)
{
  KgFtQuery *list = node_new (FT_BOOL, where (ps, ps->p) - 1);
  gboolean need = TRUE; /* a clause must come next (at the start, after OR) */
  for (;;)
    {
      skip_space (ps);
      if (*ps->p == '\0' || *ps->p == ')')
        {
          if (need)
            {
              gboolean first = list->children->len == 0;
              kg_ft_query_free (list);
              return fail (ps, ps->p, KG_FT_ERROR_SYNTAX,
                           first ? "expected a term, a phrase or a group" : "OR needs a clause on each side");
            }
          break;
        }
      if (at_and (ps) || at_or (ps))
        {
          if (need || at_and (ps))
            {
              kg_ft_query_free (list);
              return fail (ps, ps->p, KG_FT_ERROR_SYNTAX,
                           at_and (ps) ? "AND needs a clause on each side" : "OR needs a clause on each side");
            }
          skip_operator (ps);
          need = TRUE;
          continue;
        }
      KgFtQuery *q = parse_and (ps);
      if (q == NULL)
        {
          kg_ft_query_free (list);
          return NULL;
        }
      g_ptr_array_add (list->children, q);
      need = FALSE;
    }
  if (list->children->len == 1 && ((KgFtQuery *) list->children->pdata[0])->occur == FT_SHOULD)
    {
      KgFtQuery *only = g_ptr_array_steal_index (list->children, 0);
      kg_ft_query_free (list);
      return only;
    }
  return list;
}

KgFtQuery *
kg_ft_query_parse (const char *text, guint *error_char, GError **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!g_utf8_validate (text, -1, NULL))
    {
      if (error_char != NULL)
        *error_char = 1;
      g_set_error (error, KG_FT_ERROR, KG_FT_ERROR_SYNTAX, "the query is not valid UTF-8");
      return NULL;
    }
  GError *local = NULL;
  Parser ps = { text, text, 0, &local, 1 };
  KgFtQuery *q = parse_or (&ps);
  if (q != NULL && *ps.p != '\0')
    {
      kg_ft_query_free (q);
      q = fail (&ps, ps.p, KG_FT_ERROR_SYNTAX, "this ')' closes no group");
    }
  if (q == NULL)
    {
      if (error_char != NULL)
        *error_char = ps.at;
      g_propagate_error (error, local);
    }
  return q;
}

/* --- Printing --------------------------------------------------------------------- */

static void
append (GString *out, const KgFtQuery *q)
{
  if (q->occur == FT_MUST)
    g_string_append_c (out, '+');
  else if (q->occur == FT_MUST_NOT)
    g_string_append_c (out, '-');
  if (q->field != NULL)
    g_string_append_printf (out, "%s:", q->field);
  switch (q->kind)
    {
    case FT_BOOL:
      g_string_append_c (out, '(');
      for (guint i = 0; i < q->children->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ' ');
          append (out, q->children->pdata[i]);
        }
      g_string_append_c (out, ')');
      break;
    case FT_PHRASE:
      g_string_append_printf (out, "\"%s\"", q->text);
      if (q->slop != 0)
        g_string_append_printf (out, "~%u", q->slop);
      break;
    case FT_RANGE:
      g_string_append_printf (out, "%c%s TO %s%c", q->lower_incl ? '[' : '{', q->text ? q->text : "*",
                              q->upper ? q->upper : "*", q->upper_incl ? ']' : '}');
      break;
    case FT_PREFIX:
      g_string_append_printf (out, "%s*", q->text);
      break;
    case FT_FUZZY:
      g_string_append_printf (out, "%s~%u", q->text, q->edits);
      break;
    case FT_TERM:
    case FT_WILDCARD:
      g_string_append (out, q->text);
      break;
    }
  if (q->boost != 1.0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (out, "^%s", g_ascii_formatd (buf, sizeof buf, "%g", q->boost));
    }
}

char *
kg_ft_query_to_string (const KgFtQuery *q)
{
  GString *out = g_string_new (NULL);
  append (out, q);
  return g_string_free (out, FALSE);
}
