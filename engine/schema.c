/* engine/schema.c — index statements: CREATE INDEX, DROP INDEX and SHOW INDEXES.
 *
 * These are not queries, so they are recognized here from the statement's text, before
 * the Cypher parser sees it, by a small scanner of their own words:
 *
 *   CREATE INDEX [name] [IF NOT EXISTS] FOR (v:Label) ON (v.key)
 *   CREATE INDEX ON :Label(key)
 *   DROP INDEX name [IF EXISTS]
 *   DROP INDEX ON :Label(key)
 *   SHOW INDEX | SHOW INDEXES
 *
 * Each becomes a plan of one operator. Creating and dropping count as writes, so the
 * session runs them in a transaction (a failure or rollback undoes them) and journals
 * them. Indexes are equality indexes on one property of the nodes with one label; the
 * store keeps no names, so every index is called `index_Label_key` (a name given in
 * CREATE INDEX is accepted and not kept).
 *
 * Not here: composite, relationship, full-text or range indexes, constraints, EXPLAIN
 * of these statements.
 */
#include "engine/engine-private.h"

#include <string.h>

/* --- Scanning ------------------------------------------------------------------- */

typedef struct
{
  char *text; /* identifier (unquoted) or the punctuation character */
  gboolean ident;
  KgSpan span;
} Tok;

static void
tok_clear (gpointer p)
{
  g_free (((Tok *) p)->text);
}

static void
pos_advance (KgPos *p, const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (s[i] == '\n')
        {
          p->line++;
          p->column = 1;
        }
      else
        p->column++;
      p->offset++;
    }
}

/* Splits @src into words and punctuation; NULL on anything unexpected (not ours then). */
static GArray *
scan (const char *src, gsize len, const KgPos *origin)
{
  GArray *toks = g_array_new (FALSE, TRUE, sizeof (Tok));
  g_array_set_clear_func (toks, tok_clear);
  KgPos p = { 1, 1, 0 };
  if (origin)
    p = *origin;
  gsize i = 0;
  while (i < len)
    {
      char c = src[i];
      if (g_ascii_isspace (c))
        {
          pos_advance (&p, src + i, 1);
          i++;
          continue;
        }
      if (c == '/' && i + 1 < len && (src[i + 1] == '/' || src[i + 1] == '*'))
        {
          gsize j = i + 2;
          if (src[i + 1] == '/')
            while (j < len && src[j] != '\n')
              j++;
          else
            {
              while (j + 1 < len && !(src[j] == '*' && src[j + 1] == '/'))
                j++;
              j = MIN (j + 2, len);
            }
          pos_advance (&p, src + i, j - i);
          i = j;
          continue;
        }
      Tok t = { 0 };
      t.span.start = p;
      gsize j = i;
      if (g_ascii_isalpha (c) || c == '_' || (guchar) c >= 0x80)
        {
          while (j < len && (g_ascii_isalnum (src[j]) || src[j] == '_' || (guchar) src[j] >= 0x80))
            j++;
          t.text = g_strndup (src + i, j - i);
          t.ident = TRUE;
        }
      else if (c == '`')
        {
          GString *s = g_string_new (NULL);
          j = i + 1;
          for (;;)
            {
              if (j >= len)
                {
                  g_string_free (s, TRUE);
                  g_array_unref (toks);
                  return NULL;
                }
              if (src[j] == '`' && j + 1 < len && src[j + 1] == '`')
                {
                  g_string_append_c (s, '`');
                  j += 2;
                }
              else if (src[j] == '`')
                {
                  j++;
                  break;
                }
              else
                g_string_append_c (s, src[j++]);
            }
          t.text = g_string_free (s, FALSE);
          t.ident = TRUE;
        }
      else if (strchr ("():.,;", c) != NULL)
        {
          j = i + 1;
          t.text = g_strndup (src + i, 1);
        }
      else
        {
          g_array_unref (toks);
          return NULL;
        }
      pos_advance (&p, src + i, j - i);
      t.span.end = p;
      g_array_append_val (toks, t);
      i = j;
    }
  /* a trailing `;` ends the statement */
  if (toks->len > 0 && strcmp (g_array_index (toks, Tok, toks->len - 1).text, ";") == 0)
    g_array_set_size (toks, toks->len - 1);
  return toks;
}

/* --- Statements ------------------------------------------------------------------ */

typedef enum
{
  SCHEMA_CREATE,
  SCHEMA_DROP,
  SCHEMA_SHOW,
  SCHEMA_NOTHING, /* DROP INDEX ... IF EXISTS of a missing index */
} SchemaKind;

typedef struct
{
  GArray *toks;
  guint pos;
  const char *filename;
  GError **error;
} Reader;

static Tok *
peek (Reader *r, guint ahead)
{
  return r->pos + ahead < r->toks->len ? &g_array_index (r->toks, Tok, r->pos + ahead) : NULL;
}

static gboolean
is_word (const Tok *t, const char *word)
{
  return t != NULL && t->ident && g_ascii_strcasecmp (t->text, word) == 0;
}

static gboolean
is_punct (const Tok *t, const char *p)
{
  return t != NULL && !t->ident && strcmp (t->text, p) == 0;
}

static gboolean
fail (Reader *r, const char *expected)
{
  Tok *t = peek (r, 0);
  KgSpan at = KG_SPAN_INIT;
  if (t)
    at = t->span;
  else if (r->toks->len > 0)
    {
      at.start = at.end = g_array_index (r->toks, Tok, r->toks->len - 1).span.end;
    }
  if (t)
    kg_query_error_set (r->error, KG_QUERY_ERROR_SYNTAX, r->filename, &at, "expected %s, found `%s`", expected, t->text);
  else
    kg_query_error_set (r->error, KG_QUERY_ERROR_SYNTAX, r->filename, &at, "expected %s at the end of the statement",
                        expected);
  return FALSE;
}

static gboolean
expect_punct (Reader *r, const char *p)
{
  if (!is_punct (peek (r, 0), p))
    {
      g_autofree char *what = g_strdup_printf ("`%s`", p);
      return fail (r, what);
    }
  r->pos++;
  return TRUE;
}

static gboolean
expect_word (Reader *r, const char *word)
{
  if (!is_word (peek (r, 0), word))
    return fail (r, word);
  r->pos++;
  return TRUE;
}

static Tok *
expect_ident (Reader *r, const char *what)
{
  Tok *t = peek (r, 0);
  if (t == NULL || !t->ident)
    {
      fail (r, what);
      return NULL;
    }
  r->pos++;
  return t;
}

/* `:Label(key)` after ON. */
static gboolean
read_old_target (Reader *r, Tok **label, Tok **key)
{
  if (!expect_punct (r, ":") || (*label = expect_ident (r, "a label")) == NULL || !expect_punct (r, "(") ||
      (*key = expect_ident (r, "a property key")) == NULL)
    return FALSE;
  if (is_punct (peek (r, 0), ","))
    {
      Tok *t = peek (r, 0);
      kg_query_error_set (r->error, KG_QUERY_ERROR_UNSUPPORTED, r->filename, &t->span,
                          "kgq indexes cover one property; create one index per property");
      return FALSE;
    }
  return expect_punct (r, ")");
}

/* `FOR (v:Label) ON (v.key)`. */
static gboolean
read_new_target (Reader *r, Tok **label, Tok **key)
{
  Tok *var, *var2;
  if (!expect_word (r, "FOR") || !expect_punct (r, "("))
    return FALSE;
  if (is_punct (peek (r, 0), ")") || is_punct (peek (r, 0), "-"))
    return fail (r, "a node pattern `(v:Label)`");
  if ((var = expect_ident (r, "a variable")) == NULL || !expect_punct (r, ":") ||
      (*label = expect_ident (r, "a label")) == NULL)
    return FALSE;
  if (is_punct (peek (r, 0), ":"))
    {
      Tok *t = peek (r, 0);
      kg_query_error_set (r->error, KG_QUERY_ERROR_UNSUPPORTED, r->filename, &t->span,
                          "kgq indexes cover the nodes of one label");
      return FALSE;
    }
  if (!expect_punct (r, ")") || !expect_word (r, "ON") || !expect_punct (r, "(") ||
      (var2 = expect_ident (r, "a property `v.key`")) == NULL)
    return FALSE;
  if (strcmp (var->text, var2->text) != 0)
    {
      kg_query_error_set (r->error, KG_QUERY_ERROR_SEMANTIC, r->filename, &var2->span,
                          "`%s` is not defined (the pattern names `%s`)", var2->text, var->text);
      return FALSE;
    }
  if (!expect_punct (r, ".") || (*key = expect_ident (r, "a property key")) == NULL)
    return FALSE;
  if (is_punct (peek (r, 0), ","))
    {
      Tok *t = peek (r, 0);
      kg_query_error_set (r->error, KG_QUERY_ERROR_UNSUPPORTED, r->filename, &t->span,
                          "kgq indexes cover one property; create one index per property");
      return FALSE;
    }
  return expect_punct (r, ")");
}

/* The name kgq gives the index on (@label, @key). */
static char *
index_name (const char *label, const char *key)
{
  return g_strdup_printf ("index_%s_%s", label, key);
}

/* Finds the index called @name; FALSE if none. */
static gboolean
index_by_name (KgGraph *g, const char *name, KgSymbol *label, KgSymbol *key)
{
  for (guint i = 0; i < kg_graph_n_indexes (g); i++)
    {
      KgSymbol l, k;
      kg_graph_index_at (g, i, &l, &k);
      g_autofree char *n =
          index_name (kg_graph_symbol_name (g, KG_SYM_LABEL, l), kg_graph_symbol_name (g, KG_SYM_KEY, k));
      if (strcmp (n, name) == 0)
        {
          *label = l;
          *key = k;
          return TRUE;
        }
    }
  return FALSE;
}

/* --- The operator ---------------------------------------------------------------- */

typedef struct
{
  KgOp base;
  SchemaKind kind;
  char *label;
  char *key;
  gboolean done;
  GPtrArray *rows; /* SHOW: (element-type GStrv) name, label, property */
  guint pos;
} OpSchema;

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(char ***) a)[0], (*(char ***) b)[0]);
}

static gboolean
schema_open (KgOp *op, GError **error)
{
  OpSchema *self = (OpSchema *) op;
  self->done = FALSE;
  self->pos = 0;
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  return TRUE;
}

static KgOpStatus
schema_next (KgOp *op, GError **error)
{
  OpSchema *self = (OpSchema *) op;
  KgGraph *g = op->exec->graph;
  switch (self->kind)
    {
    case SCHEMA_CREATE:
    case SCHEMA_DROP:
      if (self->done)
        return KG_OP_DONE;
      self->done = TRUE;
      if (self->kind == SCHEMA_CREATE)
        kg_graph_create_index (g, kg_graph_intern (g, KG_SYM_LABEL, self->label),
                               kg_graph_intern (g, KG_SYM_KEY, self->key));
      else
        kg_graph_drop_index (g, kg_graph_lookup (g, KG_SYM_LABEL, self->label),
                             kg_graph_lookup (g, KG_SYM_KEY, self->key));
      return KG_OP_ROW;
    case SCHEMA_SHOW:
      if (self->rows == NULL)
        {
          self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
          for (guint i = 0; i < kg_graph_n_indexes (g); i++)
            {
              KgSymbol l, k;
              kg_graph_index_at (g, i, &l, &k);
              const char *ln = kg_graph_symbol_name (g, KG_SYM_LABEL, l), *kn = kg_graph_symbol_name (g, KG_SYM_KEY, k);
              char **row = g_new0 (char *, 4);
              row[0] = index_name (ln, kn);
              row[1] = g_strdup (ln);
              row[2] = g_strdup (kn);
              g_ptr_array_add (self->rows, row);
            }
          g_ptr_array_sort (self->rows, compare_rows);
        }
      if (self->pos >= self->rows->len)
        return KG_OP_DONE;
      char **row = g_ptr_array_index (self->rows, self->pos++);
      for (int c = 0; c < 3; c++)
        {
          KgValue v = kg_value_string (row[c]);
          kg_exec_set_slot (op->exec, c, &v);
        }
      return KG_OP_ROW;
    case SCHEMA_NOTHING:
      return KG_OP_DONE;
    }
  return KG_OP_DONE;
}

static void
schema_close (KgOp *op)
{
  g_clear_pointer (&((OpSchema *) op)->rows, g_ptr_array_unref);
}

static void
schema_free (KgOp *op)
{
  OpSchema *self = (OpSchema *) op;
  g_free (self->label);
  g_free (self->key);
}

static void
schema_describe (KgOp *op, GString *out)
{
  OpSchema *self = (OpSchema *) op;
  if (self->label != NULL)
    g_string_append_printf (out, " :%s(%s)", self->label, self->key);
}

static const KgOpClass create_index_class = {
  .name = "CreateIndex",
  .size = sizeof (OpSchema),
  .open = schema_open,
  .next = schema_next,
  .close = schema_close,
  .free = schema_free,
  .describe = schema_describe,
};
static const KgOpClass drop_index_class = {
  .name = "DropIndex",
  .size = sizeof (OpSchema),
  .open = schema_open,
  .next = schema_next,
  .close = schema_close,
  .free = schema_free,
  .describe = schema_describe,
};
static const KgOpClass show_indexes_class = {
  .name = "ShowIndexes",
  .size = sizeof (OpSchema),
  .open = schema_open,
  .next = schema_next,
  .close = schema_close,
  .free = schema_free,
  .describe = schema_describe,
};

/* --- Building --------------------------------------------------------------------- */

static KgPlan *
schema_plan (KgGraph *graph, const KgPlanOptions *options, SchemaKind kind, const char *label, const char *key)
{
  KgPlan *plan = g_new0 (KgPlan, 1);
  KgExec *exec = &plan->exec;
  exec->graph = graph;
  exec->filename = options && options->filename ? options->filename : "<query>";
  exec->cancel = options ? options->cancel : NULL;
  exec->deadline_us = options ? options->deadline_us : 0;
  exec->max_hops = KG_PLAN_DEFAULT_MAX_HOPS;
  const KgOpClass *klass = kind == SCHEMA_CREATE ? &create_index_class
                           : kind == SCHEMA_SHOW ? &show_indexes_class
                                                 : &drop_index_class;
  OpSchema *op = (OpSchema *) kg_op_new (klass, exec, NULL);
  op->kind = kind;
  op->label = g_strdup (label);
  op->key = g_strdup (key);
  plan->root = &op->base;
  plan->columns = g_ptr_array_new_with_free_func (g_free);
  if (kind == SCHEMA_SHOW)
    {
      static const char *names[] = { "name", "label", "property" };
      for (int c = 0; c < 3; c++)
        {
          g_ptr_array_add (plan->columns, g_strdup (names[c]));
          kg_slots_add (&plan->column_slots, c);
        }
      exec->n_slots = 3;
    }
  else
    {
      plan->drain_only = TRUE;
      plan->has_writes = TRUE;
    }
  exec->slots = g_new0 (KgValue, MAX (exec->n_slots, 1u));
  exec->env.graph = graph;
  exec->env.params = options ? options->params : NULL;
  exec->env.slots = exec->slots;
  exec->env.n_slots = exec->n_slots;
  exec->env.filename = exec->filename;
  exec->env.cancel = exec->cancel;
  exec->env.engine_data = plan;
  return plan;
}

static gboolean
schema_read (Reader *r, KgGraph *graph, const KgPlanOptions *options, KgPlan **out)
{
  Tok *first = peek (r, 0), *label = NULL, *key = NULL;
  if (is_word (first, "SHOW"))
    {
      r->pos++;
      Tok *t = peek (r, 0);
      if (!is_word (t, "INDEX") && !is_word (t, "INDEXES"))
        return fail (r, "INDEXES");
      r->pos++;
      if (peek (r, 0) != NULL)
        return fail (r, "the end of the statement");
      *out = schema_plan (graph, options, SCHEMA_SHOW, NULL, NULL);
      return TRUE;
    }
  gboolean create = is_word (first, "CREATE");
  r->pos += 2; /* CREATE INDEX / DROP INDEX */
  gboolean old_syntax = FALSE, if_clause = FALSE;
  Tok *name = NULL;
  if (is_word (peek (r, 0), "ON") && is_punct (peek (r, 1), ":"))
    {
      r->pos++;
      old_syntax = TRUE;
      if (!read_old_target (r, &label, &key))
        return FALSE;
    }
  else if (create)
    {
      if (peek (r, 0) && peek (r, 0)->ident && !(is_word (peek (r, 0), "IF") && is_word (peek (r, 1), "NOT")) &&
          !(is_word (peek (r, 0), "FOR") && is_punct (peek (r, 1), "(")))
        {
          name = peek (r, 0); /* accepted, not kept */
          r->pos++;
        }
      if (is_word (peek (r, 0), "IF"))
        {
          r->pos++;
          if (!expect_word (r, "NOT") || !expect_word (r, "EXISTS"))
            return FALSE;
          if_clause = TRUE;
        }
      if (!read_new_target (r, &label, &key))
        return FALSE;
    }
  else
    {
      if ((name = expect_ident (r, "an index name or `ON :Label(key)`")) == NULL)
        return FALSE;
      if (is_word (peek (r, 0), "IF"))
        {
          r->pos++;
          if (!expect_word (r, "EXISTS"))
            return FALSE;
          if_clause = TRUE;
        }
    }
  if (peek (r, 0) != NULL)
    return fail (r, "the end of the statement");

  if (create)
    {
      gboolean exists = FALSE;
      KgSymbol l = kg_graph_lookup (graph, KG_SYM_LABEL, label->text);
      KgSymbol k = kg_graph_lookup (graph, KG_SYM_KEY, key->text);
      exists = l != KG_NONE && k != KG_NONE && kg_graph_has_index (graph, l, k);
      if (exists && !old_syntax && !if_clause)
        {
          g_autofree char *n = index_name (label->text, key->text);
          kg_query_error_set (r->error, KG_QUERY_ERROR_CONSTRAINT, r->filename, &label->span,
                              "an index on :%s(%s) already exists (%s); write IF NOT EXISTS to allow that",
                              label->text, key->text, n);
          return FALSE;
        }
      *out = schema_plan (graph, options, SCHEMA_CREATE, label->text, key->text);
      return TRUE;
    }
  KgSymbol l = KG_NONE, k = KG_NONE;
  gboolean found;
  if (old_syntax)
    {
      l = kg_graph_lookup (graph, KG_SYM_LABEL, label->text);
      k = kg_graph_lookup (graph, KG_SYM_KEY, key->text);
      found = l != KG_NONE && k != KG_NONE && kg_graph_has_index (graph, l, k);
    }
  else
    found = index_by_name (graph, name->text, &l, &k);
  if (!found && !if_clause)
    {
      if (old_syntax)
        kg_query_error_set (r->error, KG_QUERY_ERROR_SEMANTIC, r->filename, &label->span,
                            "there is no index on :%s(%s)", label->text, key->text);
      else
        kg_query_error_set (r->error, KG_QUERY_ERROR_SEMANTIC, r->filename, &name->span,
                            "there is no index named `%s` (SHOW INDEXES lists them)", name->text);
      return FALSE;
    }
  if (!found)
    *out = schema_plan (graph, options, SCHEMA_NOTHING, NULL, NULL);
  else
    *out = schema_plan (graph, options, SCHEMA_DROP, kg_graph_symbol_name (graph, KG_SYM_LABEL, l),
                        kg_graph_symbol_name (graph, KG_SYM_KEY, k));
  return TRUE;
}

gboolean
kg_schema_plan_build (KgGraph *graph, const char *src, gssize len, const KgPlanOptions *options, const KgPos *origin, KgPlan **plan, GError **error)
{
  g_return_val_if_fail (graph != NULL && src != NULL && plan != NULL, FALSE);
  *plan = NULL;
  gsize n = len < 0 ? strlen (src) : (gsize) len;
  /* cheap test first: the statement must start with CREATE INDEX, DROP INDEX or SHOW */
  const char *p = src, *end = src + n;
  for (;;)
    {
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (end - p >= 2 && p[0] == '/' && p[1] == '/')
        while (p < end && *p != '\n')
          p++;
      else if (end - p >= 2 && p[0] == '/' && p[1] == '*')
        {
          const char *close = g_strstr_len (p + 2, end - p - 2, "*/");
          p = close ? close + 2 : end;
        }
      else
        break;
    }
  if (!(end - p >= 4 && (g_ascii_strncasecmp (p, "SHOW", 4) == 0 || g_ascii_strncasecmp (p, "DROP", 4) == 0 ||
                         (end - p >= 6 && g_ascii_strncasecmp (p, "CREATE", 6) == 0))))
    return FALSE;
  g_autoptr (GArray) toks = scan (src, n, origin);
  if (toks == NULL || toks->len < 2)
    return FALSE;
  Tok *t0 = &g_array_index (toks, Tok, 0), *t1 = &g_array_index (toks, Tok, 1);
  gboolean ours = (is_word (t0, "CREATE") || is_word (t0, "DROP")) ? is_word (t1, "INDEX") : is_word (t0, "SHOW");
  if (!ours)
    return FALSE;
  Reader r = { toks, 0, options && options->filename ? options->filename : NULL, error };
  if (!schema_read (&r, graph, options, plan) && error && *error && (*error)->domain == KG_QUERY_ERROR)
    kg_query_error_set_compile_time (*error, TRUE);
  return TRUE;
}
