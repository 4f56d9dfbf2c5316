/* engine/schema.c — index statements: CREATE INDEX, CREATE FULLTEXT INDEX, DROP INDEX
 * and SHOW INDEXES.
 *
 * The parser reads them (parser/grammar.y: KG_AST_CREATE_INDEX,
 * KG_AST_CREATE_FULLTEXT_INDEX, KG_AST_DROP_INDEX, KG_AST_SHOW_INDEXES under a
 * KG_AST_QUERY); kg_plan_build() hands such a tree to kg_schema_plan(), which checks it
 * against the graph and builds a plan of one operator:
 *
 *   CREATE INDEX [name] [IF NOT EXISTS] FOR (v:Label) ON (v.key)
 *   CREATE INDEX ON :Label(key)
 *   CREATE FULLTEXT INDEX [name] [IF NOT EXISTS] FOR (v:A|B) ON EACH [v.p, v.q]
 *     [OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}]
 *   CREATE FULLTEXT INDEX [name] [IF NOT EXISTS] FOR ()-[v:T|U]-() ON EACH [v.p] [OPTIONS ...]
 *   DROP INDEX name [IF EXISTS]
 *   DROP INDEX ON :Label(key)
 *   SHOW INDEX | SHOW INDEXES   (Neo4j's columns, one row per index of either kind)
 *
 * Creating and dropping count as writes, so the session runs them in a transaction (a
 * failure or rollback undoes them) and journals them. Equality indexes cover one
 * property of the nodes with one label; the store keeps each index's name (the one given
 * in CREATE INDEX, or `index_Label_key`). Full-text indexes are the store's too
 * (graph/graph-fulltext.c); names are unique across both kinds. EXPLAIN shows the
 * operator without running it.
 *
 * An index made for a uniqueness constraint (graph/constraint.c) goes with it: DROP
 * INDEX refuses it. Not here: composite or range indexes, the constraint statements
 * (schema-constraint.c), querying full-text indexes (proc-fulltext.c).
 */
#include "engine/exec-private.h"

#include <string.h>

typedef enum
{
  SCHEMA_CREATE,
  SCHEMA_DROP,
  SCHEMA_CREATE_FULLTEXT,
  SCHEMA_DROP_FULLTEXT,
  SCHEMA_SHOW,
  SCHEMA_NOTHING, /* DROP INDEX ... IF EXISTS of a missing index, CREATE of an existing one */
} SchemaKind;

/* The position of the index called @name, or -1. */
static int
index_by_name (KgGraph *g, const char *name)
{
  for (guint i = 0; i < kg_graph_n_indexes (g); i++)
    if (strcmp (kg_graph_index_name (g, i), name) == 0)
      return (int) i;
  return -1;
}

/* The position of the index on (@label, @key), or -1. */
static int
index_on (KgGraph *g, const char *label, const char *key)
{
  KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, label), k = kg_graph_lookup (g, KG_SYM_KEY, key);
  if (l == KG_NONE || k == KG_NONE)
    return -1;
  for (guint i = 0; i < kg_graph_n_indexes (g); i++)
    {
      KgSymbol il, ik;
      kg_graph_index_at (g, i, &il, &ik);
      if (il == l && ik == k)
        return (int) i;
    }
  return -1;
}

/* --- The operator ---------------------------------------------------------------- */

typedef struct
{
  KgSchemaOp s; /* SHOW: rows of N_SHOW values */
  SchemaKind kind;
  char *label;
  char *key;
  char *name;
  /* CREATE FULLTEXT */
  gboolean relationships;
  GPtrArray *tokens; /* char *: labels or types */
  GPtrArray *keys;   /* char * */
  char *language;
} OpSchema;

/* SHOW INDEXES: Neo4j's columns. */
static const char *const show_columns[] = {
  "id",
  "name",
  "state",
  "populationPercent",
  "type",
  "entityType",
  "labelsOrTypes",
  "properties",
  "indexProvider",
  "owningConstraint",
  "lastRead",
  "readCount",
};
#define N_SHOW G_N_ELEMENTS (show_columns)

static KgValue *
add_row (GPtrArray *rows, const char *name, const char *type, gboolean relationships, KgValue tokens, KgValue keys, const char *provider)
{
  KgValue *row = kg_show_rows_add (rows, N_SHOW);
  row[1] = kg_value_string (name);
  row[2] = kg_value_string ("ONLINE");
  row[3] = kg_value_float (100.0);
  row[4] = kg_value_string (type);
  row[5] = kg_value_string (relationships ? "RELATIONSHIP" : "NODE");
  row[6] = tokens;
  row[7] = keys;
  row[8] = kg_value_string (provider);
  return row;
}

/* The constraint the equality index on (@label, @key) was made for, or NULL. */
static const char *
owning_constraint (KgGraph *g, KgSymbol label, KgSymbol key)
{
  for (guint i = 0; i < kg_graph_n_constraints (g); i++)
    {
      const KgConstraint *c = kg_graph_constraint_at (g, i);
      if (c->owns_index && !c->edges && c->target == label && c->keys[0] == key)
        return c->name;
    }
  return NULL;
}

/* One row per index of either kind, by name, numbered from 1. */
GPtrArray *
kg_schema_index_rows (KgGraph *g)
{
  GPtrArray *rows = kg_show_rows_new ();
  for (guint i = 0; i < kg_graph_n_indexes (g); i++)
    {
      KgSymbol l, k;
      kg_graph_index_at (g, i, &l, &k);
      KgValue *row = add_row (rows, kg_graph_index_name (g, i), "EQUALITY", FALSE, kg_symbol_names_value (g, KG_SYM_LABEL, &l, 1),
                              kg_symbol_names_value (g, KG_SYM_KEY, &k, 1), "kgq-hash-1.0");
      const char *owner = owning_constraint (g, l, k);
      if (owner != NULL)
        row[9] = kg_value_string (owner);
    }
  for (guint i = 0; i < kg_graph_n_fulltext (g); i++)
    {
      KgFulltextInfo ft;
      kg_graph_fulltext_at (g, i, &ft);
      add_row (rows, ft.name, "FULLTEXT", ft.relationships,
               kg_symbol_names_value (g, ft.relationships ? KG_SYM_TYPE : KG_SYM_LABEL, ft.tokens, ft.n_tokens),
               kg_symbol_names_value (g, KG_SYM_KEY, ft.keys, ft.n_keys), "kgq-fulltext-1.0");
    }
  kg_show_rows_sort_by_name (rows);
  for (guint i = 0; i < rows->len; i++)
    ((KgList *) rows->pdata[i])->items[0] = kg_value_int (i + 1);
  return rows;
}

/* Symbols for @names, interned. */
static GArray *
intern_all (KgGraph *g, KgSymbolKind kind, GPtrArray *names)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (KgSymbol));
  for (guint i = 0; i < names->len; i++)
    {
      KgSymbol s = kg_graph_intern (g, kind, names->pdata[i]);
      g_array_append_val (a, s);
    }
  return a;
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
      if (!kg_schema_op_once (&self->s))
        return KG_NEXT_DONE;
      if (self->kind == SCHEMA_CREATE)
        kg_graph_create_named_index (g, kg_graph_intern (g, KG_SYM_LABEL, self->label),
                                     kg_graph_intern (g, KG_SYM_KEY, self->key), self->name);
      else
        kg_graph_drop_index (g, kg_graph_lookup (g, KG_SYM_LABEL, self->label),
                             kg_graph_lookup (g, KG_SYM_KEY, self->key));
      return KG_NEXT_ROW;
    case SCHEMA_CREATE_FULLTEXT:
    case SCHEMA_DROP_FULLTEXT:
      if (!kg_schema_op_once (&self->s))
        return KG_NEXT_DONE;
      if (self->kind == SCHEMA_DROP_FULLTEXT)
        kg_graph_drop_fulltext (g, self->name);
      else
        {
          g_autoptr (GArray) tokens = intern_all (g, self->relationships ? KG_SYM_TYPE : KG_SYM_LABEL, self->tokens);
          g_autoptr (GArray) keys = intern_all (g, KG_SYM_KEY, self->keys);
          if (!kg_graph_create_fulltext (g, self->name, self->relationships, (KgSymbol *) tokens->data, tokens->len,
                                         (KgSymbol *) keys->data, keys->len, self->language, error))
            return KG_NEXT_ERROR; /* the language was checked when planning */
        }
      return KG_NEXT_ROW;
    case SCHEMA_SHOW:
      return kg_schema_op_show (&self->s, kg_schema_index_rows);
    case SCHEMA_NOTHING:
      return KG_NEXT_DONE;
    }
  return KG_NEXT_DONE;
}

static void
schema_free (KgOp *op)
{
  OpSchema *self = (OpSchema *) op;
  g_free (self->label);
  g_free (self->key);
  g_free (self->name);
  g_free (self->language);
  if (self->tokens != NULL)
    g_ptr_array_unref (self->tokens);
  if (self->keys != NULL)
    g_ptr_array_unref (self->keys);
}

static void
schema_describe (KgOp *op, GString *out)
{
  OpSchema *self = (OpSchema *) op;
  if (self->name != NULL)
    g_string_append_printf (out, "%s", self->name);
  if (self->label != NULL)
    g_string_append_printf (out, "%s:%s(%s)", self->name != NULL ? " " : "", self->label, self->key);
  if (self->tokens != NULL)
    {
      g_string_append (out, self->relationships ? " ()-[:" : " (:");
      for (guint i = 0; i < self->tokens->len; i++)
        g_string_append_printf (out, "%s%s", i ? "|" : "", (char *) self->tokens->pdata[i]);
      g_string_append (out, self->relationships ? "]-() [" : ") [");
      for (guint i = 0; i < self->keys->len; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "", (char *) self->keys->pdata[i]);
      g_string_append_printf (out, "] %s", self->language);
    }
}

KG_SCHEMA_OP_CLASS (create_index_class, "CreateIndex", OpSchema, schema_next, schema_free, schema_describe);
KG_SCHEMA_OP_CLASS (drop_index_class, "DropIndex", OpSchema, schema_next, schema_free, schema_describe);
KG_SCHEMA_OP_CLASS (create_fulltext_class, "CreateFulltextIndex", OpSchema, schema_next, schema_free, schema_describe);
KG_SCHEMA_OP_CLASS (show_indexes_class, "ShowIndexes", OpSchema, schema_next, schema_free, schema_describe);

/* --- Building --------------------------------------------------------------------- */

static KgPlan *
schema_plan (KgGraph *graph, KgAst *query, const KgPlanOptions *options, SchemaKind kind, const char *name, const char *label, const char *key)
{
  const KgOpClass *klass = kind == SCHEMA_CREATE            ? &create_index_class
                           : kind == SCHEMA_CREATE_FULLTEXT ? &create_fulltext_class
                           : kind == SCHEMA_SHOW            ? &show_indexes_class
                                                            : &drop_index_class;
  KgSchemaOp *s;
  KgPlan *plan = kg_schema_plan_new (graph, query, options, klass, kind == SCHEMA_SHOW ? show_columns : NULL, N_SHOW, &s);
  OpSchema *op = (OpSchema *) s;
  op->kind = kind;
  op->name = g_strdup (name);
  op->label = g_strdup (label);
  op->key = g_strdup (key);
  return plan;
}

static KgPlan *
schema_fail (KgAst *query, GError **error)
{
  if (error && *error && (*error)->domain == KG_QUERY_ERROR)
    kg_query_error_set_compile_time (*error, TRUE);
  kg_ast_free (query);
  return NULL;
}

/* The analyser's language in CREATE FULLTEXT INDEX's OPTIONS (@map, nullable), as
 * Neo4j spells it: {indexConfig: {`fulltext.analyzer`: 'english',
 * `fulltext.eventually_consistent`: false}}; kgq's indexes are always up to date, so
 * the second is accepted and has no effect. */
static gboolean
fulltext_options (const KgAst *map, const char *filename, char **language, GError **error)
{
  *language = g_strdup ("english");
  for (guint i = 0; map != NULL && i < kg_ast_n_children (map); i++)
    {
      const char *k = map->names->pdata[i];
      const KgAst *v = kg_ast_child (map, i);
      if (g_ascii_strcasecmp (k, "indexConfig") != 0 || v->kind != KG_AST_MAP)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_ARGUMENT, filename, &v->span,
                              "full-text index options are {indexConfig: {`fulltext.analyzer`: '...'}}");
          return FALSE;
        }
      for (guint j = 0; j < kg_ast_n_children (v); j++)
        {
          const char *ck = v->names->pdata[j];
          const KgAst *cv = kg_ast_child (v, j);
          gboolean lit = cv->kind == KG_AST_LITERAL;
          if (strcmp (ck, "fulltext.analyzer") == 0 && lit && cv->value.type == KG_VALUE_STRING)
            {
              g_autoptr (GError) local = NULL;
              g_autoptr (KgFtAnalyzer) a = kg_ft_analyzer_new (cv->value.u.s, &local);
              if (a == NULL)
                {
                  kg_query_error_set (error, KG_QUERY_ERROR_ARGUMENT, filename, &cv->span, "%s", local->message);
                  return FALSE;
                }
              g_free (*language);
              *language = g_strdup (cv->value.u.s);
            }
          else if (strcmp (ck, "fulltext.eventually_consistent") == 0 && lit && cv->value.type == KG_VALUE_BOOL)
            continue;
          else
            {
              kg_query_error_set (error, KG_QUERY_ERROR_ARGUMENT, filename, &cv->span,
                                  "unknown full-text index setting `%s` (there are `fulltext.analyzer`, a string, "
                                  "and `fulltext.eventually_consistent`, a boolean)",
                                  ck);
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
has_name (GPtrArray *a, const char *name)
{
  for (guint i = 0; i < a->len; i++)
    if (strcmp (a->pdata[i], name) == 0)
      return TRUE;
  return FALSE;
}

static KgPlan *
fulltext_plan (KgGraph *graph, KgAst *query, const KgPlanOptions *options, const KgAst *st, GError **error)
{
  const char *filename = options && options->filename ? options->filename : NULL;
  const KgAst *var = kg_ast_child (st, 0), *props = kg_ast_child (st, 1);
  gboolean rel = (st->flags & KG_AST_F_RELATIONSHIP) != 0;
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < st->names->len; i++)
    if (!has_name (tokens, st->names->pdata[i]))
      g_ptr_array_add (tokens, g_strdup (st->names->pdata[i]));
  for (guint i = 0; i < kg_ast_n_children (props); i++)
    {
      const KgAst *p = kg_ast_child (props, i), *pv = kg_ast_child (p, 0);
      if (strcmp (pv->name, var->name) != 0)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, filename, &pv->span,
                              "`%s` is not defined (the pattern names `%s`)", pv->name, var->name);
          return schema_fail (query, error);
        }
      if (has_name (keys, p->name))
        {
          kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, filename, &p->span, "`%s.%s` is listed twice",
                              var->name, p->name);
          return schema_fail (query, error);
        }
      g_ptr_array_add (keys, g_strdup (p->name));
    }
  g_autofree char *language = NULL;
  if (!fulltext_options (kg_ast_child (st, 2), filename, &language, error))
    return schema_fail (query, error);
  g_autofree char *name = g_strdup (st->name);
  if (name == NULL)
    {
      GString *n = g_string_new ("fulltext");
      for (guint i = 0; i < tokens->len; i++)
        g_string_append_printf (n, "_%s", (char *) tokens->pdata[i]);
      for (guint i = 0; i < keys->len; i++)
        g_string_append_printf (n, "_%s", (char *) keys->pdata[i]);
      name = g_string_free (n, FALSE);
    }
  if (kg_graph_fulltext_find (graph, name) >= 0 || index_by_name (graph, name) >= 0)
    {
      if (st->flags & KG_AST_F_IF_EXISTS)
        return schema_plan (graph, query, options, SCHEMA_NOTHING, name, NULL, NULL);
      kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, &st->span,
                          "an index named `%s` already exists; write IF NOT EXISTS to allow that", name);
      return schema_fail (query, error);
    }
  KgPlan *plan = schema_plan (graph, query, options, SCHEMA_CREATE_FULLTEXT, name, NULL, NULL);
  OpSchema *op = (OpSchema *) plan->root;
  op->relationships = rel;
  op->tokens = g_steal_pointer (&tokens);
  op->keys = g_steal_pointer (&keys);
  op->language = g_steal_pointer (&language);
  return plan;
}

gboolean
kg_schema_is_index_statement (const KgAst *query)
{
  const KgAst *st = query != NULL ? kg_ast_child (query, 0) : NULL;
  return st != NULL && (st->kind == KG_AST_CREATE_INDEX || st->kind == KG_AST_DROP_INDEX ||
                        st->kind == KG_AST_SHOW_INDEXES || st->kind == KG_AST_CREATE_FULLTEXT_INDEX);
}

KgPlan *
kg_schema_plan (KgGraph *graph, KgAst *query, const KgPlanOptions *options, GError **error)
{
  const KgAst *st = kg_ast_child (query, 0);
  const char *filename = options && options->filename ? options->filename : NULL;
  gboolean if_clause = (st->flags & KG_AST_F_IF_EXISTS) != 0, on_label = (st->flags & KG_AST_F_ON_LABEL) != 0;
  const char *label = st->names != NULL ? st->names->pdata[0] : NULL;
  const char *key = st->names != NULL ? st->names->pdata[1] : NULL;
  switch (st->kind)
    {
    case KG_AST_SHOW_INDEXES:
      return schema_plan (graph, query, options, SCHEMA_SHOW, NULL, NULL, NULL);
    case KG_AST_CREATE_INDEX:
      {
        if (!on_label)
          {
            const KgAst *var = kg_ast_child (st, 0), *var2 = kg_ast_child (st, 1);
            if (strcmp (var->name, var2->name) != 0)
              {
                kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, filename, &var2->span,
                                    "`%s` is not defined (the pattern names `%s`)", var2->name, var->name);
                return schema_fail (query, error);
              }
          }
        int at = index_on (graph, label, key);
        int named = st->name != NULL ? index_by_name (graph, st->name) : -1;
        if (at >= 0 && (on_label || if_clause)) /* nothing to do: CREATE of an existing index is a no-op */
          return schema_plan (graph, query, options, SCHEMA_CREATE, kg_graph_index_name (graph, at), label, key);
        if (at >= 0)
          {
            kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, &st->span,
                                "an index on :%s(%s) already exists (%s); write IF NOT EXISTS to allow that", label, key,
                                kg_graph_index_name (graph, at));
            return schema_fail (query, error);
          }
        if (st->name != NULL && kg_graph_fulltext_find (graph, st->name) >= 0)
          {
            if (if_clause)
              return schema_plan (graph, query, options, SCHEMA_NOTHING, st->name, NULL, NULL);
            kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, &st->span,
                                "a full-text index named `%s` already exists", st->name);
            return schema_fail (query, error);
          }
        if (named >= 0)
          {
            KgSymbol l, k;
            kg_graph_index_at (graph, named, &l, &k);
            kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, &st->span,
                                "an index named `%s` already exists (on :%s(%s))", st->name,
                                kg_graph_symbol_name (graph, KG_SYM_LABEL, l), kg_graph_symbol_name (graph, KG_SYM_KEY, k));
            return schema_fail (query, error);
          }
        return schema_plan (graph, query, options, SCHEMA_CREATE, st->name, label, key);
      }
    case KG_AST_CREATE_FULLTEXT_INDEX:
      return fulltext_plan (graph, query, options, st, error);
    case KG_AST_DROP_INDEX:
      {
        if (!on_label && kg_graph_fulltext_find (graph, st->name) >= 0)
          return schema_plan (graph, query, options, SCHEMA_DROP_FULLTEXT, st->name, NULL, NULL);
        int at = on_label ? index_on (graph, label, key) : index_by_name (graph, st->name);
        if (at < 0 && !if_clause)
          {
            if (on_label)
              kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, filename, &st->span, "there is no index on :%s(%s)",
                                  label, key);
            else
              kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, filename, &st->span,
                                  "there is no index named `%s` (SHOW INDEXES lists them)", st->name);
            return schema_fail (query, error);
          }
        if (at < 0)
          return schema_plan (graph, query, options, SCHEMA_NOTHING, st->name, label, key);
        KgSymbol l, k;
        kg_graph_index_at (graph, at, &l, &k);
        const char *owner = owning_constraint (graph, l, k);
        if (owner != NULL)
          {
            kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, &st->span,
                                "the index `%s` belongs to the constraint `%s`; drop the constraint instead",
                                kg_graph_index_name (graph, at), owner);
            return schema_fail (query, error);
          }
        return schema_plan (graph, query, options, SCHEMA_DROP, kg_graph_index_name (graph, at),
                            kg_graph_symbol_name (graph, KG_SYM_LABEL, l), kg_graph_symbol_name (graph, KG_SYM_KEY, k));
      }
    default:
      g_return_val_if_reached (NULL);
    }
}
