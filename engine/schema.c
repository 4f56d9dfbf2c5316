/* engine/schema.c — index statements: CREATE INDEX, DROP INDEX and SHOW INDEXES.
 *
 * The parser reads them (parser/grammar.y: KG_AST_CREATE_INDEX, KG_AST_DROP_INDEX,
 * KG_AST_SHOW_INDEXES under a KG_AST_QUERY); kg_plan_build() hands such a tree to
 * kg_schema_plan(), which checks it against the graph and builds a plan of one operator:
 *
 *   CREATE INDEX [name] [IF NOT EXISTS] FOR (v:Label) ON (v.key)
 *   CREATE INDEX ON :Label(key)
 *   DROP INDEX name [IF EXISTS]
 *   DROP INDEX ON :Label(key)
 *   SHOW INDEX | SHOW INDEXES
 *
 * Creating and dropping count as writes, so the session runs them in a transaction (a
 * failure or rollback undoes them) and journals them. Indexes are equality indexes on one
 * property of the nodes with one label; the store keeps each index's name (the one given
 * in CREATE INDEX, or `index_Label_key`). EXPLAIN shows the operator without running it.
 *
 * An index made for a uniqueness constraint (graph/constraint.c) goes with it: DROP
 * INDEX refuses it. Not here: composite, relationship, full-text or range indexes, or
 * the constraint statements (schema-constraint.c).
 */
#include "engine/exec-private.h"

#include <string.h>

typedef enum
{
  SCHEMA_CREATE,
  SCHEMA_DROP,
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
  KgOp base;
  SchemaKind kind;
  char *label;
  char *key;
  char *name;
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
        return KG_NEXT_DONE;
      self->done = TRUE;
      if (self->kind == SCHEMA_CREATE)
        kg_graph_create_named_index (g, kg_graph_intern (g, KG_SYM_LABEL, self->label),
                                     kg_graph_intern (g, KG_SYM_KEY, self->key), self->name);
      else
        kg_graph_drop_index (g, kg_graph_lookup (g, KG_SYM_LABEL, self->label),
                             kg_graph_lookup (g, KG_SYM_KEY, self->key));
      return KG_NEXT_ROW;
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
              row[0] = g_strdup (kg_graph_index_name (g, i));
              row[1] = g_strdup (ln);
              row[2] = g_strdup (kn);
              g_ptr_array_add (self->rows, row);
            }
          g_ptr_array_sort (self->rows, compare_rows);
        }
      if (self->pos >= self->rows->len)
        return KG_NEXT_DONE;
      char **row = g_ptr_array_index (self->rows, self->pos++);
      for (int c = 0; c < 3; c++)
        {
          KgValue v = kg_value_string (row[c]);
          kg_exec_set_slot (op->exec, c, &v);
        }
      return KG_NEXT_ROW;
    case SCHEMA_NOTHING:
      return KG_NEXT_DONE;
    }
  return KG_NEXT_DONE;
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
  g_free (self->name);
}

static void
schema_describe (KgOp *op, GString *out)
{
  OpSchema *self = (OpSchema *) op;
  if (self->name != NULL)
    g_string_append_printf (out, "%s", self->name);
  if (self->label != NULL)
    g_string_append_printf (out, "%s:%s(%s)", self->name != NULL ? " " : "", self->label, self->key);
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
schema_plan (KgGraph *graph, KgAst *query, const KgPlanOptions *options, SchemaKind kind, const char *name, const char *label, const char *key)
{
  KgPlan *plan = g_new0 (KgPlan, 1);
  KgExec *exec = &plan->exec;
  plan->query = query;
  plan->explain = (query->flags & KG_AST_F_EXPLAIN) != 0;
  kg_exec_init (exec, plan, graph, options);
  const KgOpClass *klass = kind == SCHEMA_CREATE ? &create_index_class
                           : kind == SCHEMA_SHOW ? &show_indexes_class
                                                 : &drop_index_class;
  OpSchema *op = (OpSchema *) kg_op_new (klass, exec, NULL);
  op->kind = kind;
  op->name = g_strdup (name);
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
  kg_exec_alloc_slots (exec);
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

gboolean
kg_schema_is_index_statement (const KgAst *query)
{
  const KgAst *st = query != NULL ? kg_ast_child (query, 0) : NULL;
  return st != NULL && (st->kind == KG_AST_CREATE_INDEX || st->kind == KG_AST_DROP_INDEX ||
                        st->kind == KG_AST_SHOW_INDEXES);
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
    case KG_AST_DROP_INDEX:
      {
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
        for (guint i = 0; i < kg_graph_n_constraints (graph); i++)
          {
            const KgConstraint *c = kg_graph_constraint_at (graph, i);
            if (c->owns_index && !c->edges && c->target == l && c->keys[0] == k)
              {
                kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, &st->span,
                                    "the index `%s` belongs to the constraint `%s`; drop the constraint instead",
                                    kg_graph_index_name (graph, at), c->name);
                return schema_fail (query, error);
              }
          }
        return schema_plan (graph, query, options, SCHEMA_DROP, kg_graph_index_name (graph, at),
                            kg_graph_symbol_name (graph, KG_SYM_LABEL, l), kg_graph_symbol_name (graph, KG_SYM_KEY, k));
      }
    default:
      g_return_val_if_reached (NULL);
    }
}
