/* engine/schema-constraint.c — constraint statements: CREATE CONSTRAINT, DROP CONSTRAINT
 * and SHOW CONSTRAINTS, planned as one operator each (as schema.c plans the index
 * statements):
 *
 *   CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR (v:Label) REQUIRE v.p IS UNIQUE
 *     ... REQUIRE (v.a, v.b) IS NODE KEY | IS UNIQUE
 *     ... REQUIRE v.p IS NOT NULL
 *     ... REQUIRE v.p IS :: INTEGER   (or IS TYPED ..., unions with |, LIST<T NOT NULL>)
 *   CREATE CONSTRAINT ... FOR ()-[v:TYPE]-() REQUIRE ... (IS RELATIONSHIP KEY for keys)
 *   DROP CONSTRAINT name [IF EXISTS]
 *   SHOW CONSTRAINT | SHOW CONSTRAINTS
 *
 * This file reads the rule the parser hands over as text ("NODE KEY", ":: INTEGER"),
 * checks names and duplicates against the graph, and leaves the rest to the store
 * (graph/constraint.c): checking the data there is, the backing index, undo, the
 * journal. Creating and dropping are writes, run in the session's transaction.
 *
 * Not here: enforcing constraints (lib/kgq.c calls kg_graph_check_constraints() after
 * every write statement).
 */
#include "engine/exec-private.h"

#include <string.h>

typedef enum
{
  CON_CREATE,
  CON_DROP,
  CON_SHOW,
  CON_NOTHING, /* IF NOT EXISTS of an existing one, IF EXISTS of a missing one */
} ConKind;

typedef struct
{
  KgSchemaOp s; /* SHOW: rows of SHOW_COLUMNS values */
  ConKind kind;
  KgConstraint spec; /* CREATE: the constraint (spec.name owned) */
  KgSpan span;       /* CREATE: the statement's, for errors */
  char *name;        /* DROP: the name */
} OpConstraint;

#define SHOW_COLUMNS 8

static const char *const show_columns[SHOW_COLUMNS] = {
  "id",
  "name",
  "type",
  "entityType",
  "labelsOrTypes",
  "properties",
  "ownedIndex",
  "propertyType",
};

/* Neo4j's names of the kinds, for nodes and relationships. */
static const char *
kind_text (const KgConstraint *c)
{
  switch (c->kind)
    {
    case KG_CONSTRAINT_UNIQUE:
      return c->edges ? "RELATIONSHIP_UNIQUENESS" : "UNIQUENESS";
    case KG_CONSTRAINT_KEY:
      return c->edges ? "RELATIONSHIP_KEY" : "NODE_KEY";
    case KG_CONSTRAINT_EXISTS:
      return c->edges ? "RELATIONSHIP_PROPERTY_EXISTENCE" : "NODE_PROPERTY_EXISTENCE";
    case KG_CONSTRAINT_TYPE:
      return c->edges ? "RELATIONSHIP_PROPERTY_TYPE" : "NODE_PROPERTY_TYPE";
    }
  return "?";
}

GPtrArray *
kg_schema_constraint_rows (KgGraph *g)
{
  GPtrArray *rows = kg_show_rows_new ();
  for (guint i = 0; i < kg_graph_n_constraints (g); i++)
    {
      const KgConstraint *c = kg_graph_constraint_at (g, i);
      KgValue *row = kg_show_rows_add (rows, SHOW_COLUMNS);
      row[0] = kg_value_int (i + 1);
      row[1] = kg_value_string (c->name);
      row[2] = kg_value_string (kind_text (c));
      row[3] = kg_value_string (c->edges ? "RELATIONSHIP" : "NODE");
      row[4] = kg_symbol_names_value (g, c->edges ? KG_SYM_TYPE : KG_SYM_LABEL, &c->target, 1);
      row[5] = kg_symbol_names_value (g, KG_SYM_KEY, c->keys, c->n_keys);
      /* the equality index that answers it: its own, or one that was there */
      if ((c->kind == KG_CONSTRAINT_UNIQUE || c->kind == KG_CONSTRAINT_KEY) && !c->edges && c->n_keys == 1)
        for (guint k = 0; k < kg_graph_n_indexes (g); k++)
          {
            KgSymbol l, key;
            kg_graph_index_at (g, k, &l, &key);
            if (l == c->target && key == c->keys[0])
              row[6] = kg_value_string (kg_graph_index_name (g, k));
          }
      if (c->kind == KG_CONSTRAINT_TYPE)
        {
          char *t = kg_constraint_type_text (c->types);
          row[7] = kg_value_string (t);
          g_free (t);
        }
    }
  kg_show_rows_sort_by_name (rows);
  return rows;
}

/* --- The operator ---------------------------------------------------------------- */

static KgOpStatus
con_next (KgOp *op, GError **error)
{
  OpConstraint *self = (OpConstraint *) op;
  KgGraph *g = op->exec->graph;
  switch (self->kind)
    {
    case CON_CREATE:
    case CON_DROP:
      if (!kg_schema_op_once (&self->s))
        return KG_NEXT_DONE;
      if (self->kind == CON_DROP)
        kg_graph_drop_constraint (g, self->name);
      else if (!kg_graph_add_constraint (g, &self->spec, op->exec->filename, &self->span, error))
        return KG_NEXT_ERROR;
      return KG_NEXT_ROW;
    case CON_SHOW:
      return kg_schema_op_show (&self->s, kg_schema_constraint_rows);
    case CON_NOTHING:
      return KG_NEXT_DONE;
    }
  return KG_NEXT_DONE;
}

static void
con_free (KgOp *op)
{
  OpConstraint *self = (OpConstraint *) op;
  g_free (self->spec.name);
  g_free (self->name);
}

static void
con_describe (KgOp *op, GString *out)
{
  OpConstraint *self = (OpConstraint *) op;
  const char *name = self->spec.name != NULL ? self->spec.name : self->name;
  if (name != NULL)
    g_string_append (out, name);
}

KG_SCHEMA_OP_CLASS (create_class, "CreateConstraint", OpConstraint, con_next, con_free, con_describe);
KG_SCHEMA_OP_CLASS (drop_class, "DropConstraint", OpConstraint, con_next, con_free, con_describe);
KG_SCHEMA_OP_CLASS (show_class, "ShowConstraints", OpConstraint, con_next, con_free, con_describe);

/* --- Reading the rule -------------------------------------------------------------- */

static const struct
{
  const char *name;
  KgValueType type;
} type_names[] = {
  { "BOOLEAN", KG_VALUE_BOOL },
  { "BOOL", KG_VALUE_BOOL },
  { "STRING", KG_VALUE_STRING },
  { "VARCHAR", KG_VALUE_STRING },
  { "INTEGER", KG_VALUE_INT },
  { "INT", KG_VALUE_INT },
  { "SIGNED INTEGER", KG_VALUE_INT },
  { "FLOAT", KG_VALUE_FLOAT },
  { "DATE", KG_VALUE_DATE },
  { "LOCAL TIME", KG_VALUE_LOCALTIME },
  { "TIME WITHOUT TIME ZONE", KG_VALUE_LOCALTIME },
  { "ZONED TIME", KG_VALUE_TIME },
  { "LOCAL DATETIME", KG_VALUE_LOCALDATETIME },
  { "TIMESTAMP WITHOUT TIME ZONE", KG_VALUE_LOCALDATETIME },
  { "ZONED DATETIME", KG_VALUE_DATETIME },
  { "DURATION", KG_VALUE_DURATION },
};

static gboolean
scalar_type (const char *text, KgValueType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (strcmp (text, type_names[i].name) == 0)
      {
        *type = type_names[i].type;
        return TRUE;
      }
  return FALSE;
}

/* Reads a property type ("INTEGER | LIST<STRING NOT NULL>") into a KgConstraint.types
 * mask; FALSE with *@why set when it is not one kgq stores. */
static gboolean
parse_types (const char *text, guint32 *types, const char **why)
{
  *types = 0;
  g_auto (GStrv) members = g_strsplit (text, " | ", -1);
  for (char **m = members; *m != NULL; m++)
    {
      const char *t = *m;
      if (g_str_has_suffix (t, " NOT NULL") && strchr (t, '<') == NULL)
        {
          *why = "a property type constraint takes nullable types: write INTEGER, not INTEGER NOT NULL";
          return FALSE;
        }
      KgValueType vt;
      const char *open = strchr (t, '<');
      if (open != NULL)
        {
          g_autofree char *outer = g_strndup (t, open - t);
          g_autofree char *inner = g_strdup (open + 1);
          char *close = strrchr (inner, '>');
          if ((strcmp (outer, "LIST") != 0 && strcmp (outer, "ARRAY") != 0) || close == NULL || close[1] != '\0')
            {
              *why = "lists are written LIST<INTEGER NOT NULL>";
              return FALSE;
            }
          *close = '\0';
          if (g_str_has_suffix (inner, " NOT NULL"))
            inner[strlen (inner) - strlen (" NOT NULL")] = '\0';
          if (!scalar_type (inner, &vt))
            {
              *why = "a list property holds items of one of BOOLEAN, STRING, INTEGER, FLOAT, DATE, LOCAL TIME, ZONED TIME, "
                     "LOCAL DATETIME, ZONED DATETIME, DURATION";
              return FALSE;
            }
          *types |= 1u << (KG_CONSTRAINT_LIST_SHIFT + vt);
        }
      else if (scalar_type (t, &vt))
        *types |= 1u << vt;
      else
        {
          *why = "the types a property can have are BOOLEAN, STRING, INTEGER, FLOAT, DATE, LOCAL TIME, ZONED TIME, "
                 "LOCAL DATETIME, ZONED DATETIME, DURATION and LIST<...> of those";
          return FALSE;
        }
    }
  return TRUE;
}

/* Reads the rule after IS into @c's kind (and types); FALSE with *@why set. */
static gboolean
parse_rule (const char *rule, KgConstraint *c, const char **why)
{
  if (strcmp (rule, "UNIQUE") == 0)
    c->kind = KG_CONSTRAINT_UNIQUE;
  else if (strcmp (rule, "KEY") == 0 || strcmp (rule, "NODE KEY") == 0 || strcmp (rule, "RELATIONSHIP KEY") == 0 ||
           strcmp (rule, "REL KEY") == 0)
    {
      c->kind = KG_CONSTRAINT_KEY;
      if ((c->edges && strcmp (rule, "NODE KEY") == 0) || (!c->edges && strchr (rule, ' ') != NULL && rule[0] == 'R'))
        {
          *why = c->edges ? "a relationship constraint is a RELATIONSHIP KEY, not a NODE KEY"
                          : "a node constraint is a NODE KEY, not a RELATIONSHIP KEY";
          return FALSE;
        }
    }
  else if (strcmp (rule, "NOT NULL") == 0)
    c->kind = KG_CONSTRAINT_EXISTS;
  else if (g_str_has_prefix (rule, ":: ") || g_str_has_prefix (rule, "TYPED "))
    {
      c->kind = KG_CONSTRAINT_TYPE;
      if (!parse_types (strchr (rule, ' ') + 1, &c->types, why))
        return FALSE;
    }
  else
    {
      *why = "a constraint is IS UNIQUE, IS NODE KEY (IS RELATIONSHIP KEY), IS NOT NULL or IS :: TYPE";
      return FALSE;
    }
  if ((c->kind == KG_CONSTRAINT_EXISTS || c->kind == KG_CONSTRAINT_TYPE) && c->n_keys != 1)
    {
      *why = "an existence or type constraint is on one property";
      return FALSE;
    }
  return TRUE;
}

/* The name Neo4j would make up: constraint_ and eight hex digits of the definition. */
static char *
default_name (const KgConstraint *c, const char *target, const char *const *keys)
{
  g_autoptr (GString) def = g_string_new (NULL);
  g_string_append_printf (def, "%d:%d:%s:%u", c->kind, c->edges, target, c->types);
  for (guint k = 0; k < c->n_keys; k++)
    g_string_append_printf (def, ":%s", keys[k]);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, def->str, -1);
  return g_strdup_printf ("constraint_%.8s", sum);
}

static gboolean
same_rule (const KgConstraint *a, const KgConstraint *b)
{
  if (a->kind != b->kind || a->edges != b->edges || a->target != b->target || a->n_keys != b->n_keys ||
      a->types != b->types)
    return FALSE;
  return memcmp (a->keys, b->keys, a->n_keys * sizeof a->keys[0]) == 0;
}

/* --- Building ---------------------------------------------------------------------- */

static KgPlan *
con_plan (KgGraph *graph, KgAst *query, const KgPlanOptions *options, ConKind kind, KgConstraint *spec, const char *name)
{
  const KgOpClass *klass = kind == CON_SHOW ? &show_class : kind == CON_DROP ? &drop_class
                                                                             : &create_class;
  KgSchemaOp *s;
  KgPlan *plan = kg_schema_plan_new (graph, query, options, klass, kind == CON_SHOW ? show_columns : NULL, SHOW_COLUMNS, &s);
  OpConstraint *op = (OpConstraint *) s;
  op->kind = kind;
  if (spec != NULL)
    op->spec = *spec; /* takes spec->name */
  op->name = g_strdup (name);
  op->span = kg_ast_child (query, 0)->span;
  return plan;
}

static KgPlan *
con_fail (KgAst *query, GError **error)
{
  if (error && *error && (*error)->domain == KG_QUERY_ERROR)
    kg_query_error_set_compile_time (*error, TRUE);
  kg_ast_free (query);
  return NULL;
}

static KgPlan *
plan_create (KgGraph *graph, KgAst *query, const KgAst *st, const KgPlanOptions *options, GError **error)
{
  const char *filename = options ? options->filename : NULL;
  const KgAst *rule = kg_ast_child (st, 0);
  KgConstraint c = { 0 };
  c.edges = st->op == 1;
  c.n_keys = st->names->len - 1;
  const char *why = NULL;
  if (c.n_keys > KG_CONSTRAINT_MAX_KEYS)
    why = "a constraint covers at most 8 properties";
  for (guint i = 1; why == NULL && i < st->names->len; i++)
    for (guint j = 1; j < i; j++)
      if (strcmp (st->names->pdata[i], st->names->pdata[j]) == 0)
        why = "a property is named twice";
  if (why == NULL)
    parse_rule (rule->value.u.s, &c, &why);
  if (why != NULL)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, filename, &rule->span, "%s", why);
      return con_fail (query, error);
    }
  const char *target = st->names->pdata[0];
  c.target = kg_graph_intern (graph, c.edges ? KG_SYM_TYPE : KG_SYM_LABEL, target);
  for (guint k = 0; k < c.n_keys; k++)
    c.keys[k] = kg_graph_intern (graph, KG_SYM_KEY, st->names->pdata[k + 1]);
  g_autofree char *name = st->name != NULL ? g_strdup (st->name) : default_name (&c, target, (const char *const *) st->names->pdata + 1);
  gboolean if_not_exists = (st->flags & KG_AST_F_IF_EXISTS) != 0;
  for (guint i = 0; i < kg_graph_n_constraints (graph); i++)
    {
      const KgConstraint *o = kg_graph_constraint_at (graph, i);
      gboolean same_name = strcmp (o->name, name) == 0;
      if (!same_name && !same_rule (o, &c))
        continue;
      if (if_not_exists)
        return con_plan (graph, query, options, CON_NOTHING, NULL, name);
      if (same_name)
        kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, &st->span,
                            "a constraint named `%s` already exists (SHOW CONSTRAINTS lists them)", name);
      else
        kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, &st->span,
                            "the same constraint already exists, named `%s`", o->name);
      return con_fail (query, error);
    }
  for (guint i = 0; i < kg_graph_n_indexes (graph); i++)
    if (strcmp (kg_graph_index_name (graph, i), name) == 0)
      {
        kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, &st->span,
                            "an index named `%s` already exists; constraints and indexes share names", name);
        return con_fail (query, error);
      }
  c.name = g_steal_pointer (&name);
  return con_plan (graph, query, options, CON_CREATE, &c, NULL);
}

gboolean
kg_schema_is_constraint_statement (const KgAst *query)
{
  const KgAst *st = query != NULL ? kg_ast_child (query, 0) : NULL;
  return st != NULL && (st->kind == KG_AST_CREATE_CONSTRAINT || st->kind == KG_AST_DROP_CONSTRAINT ||
                        st->kind == KG_AST_SHOW_CONSTRAINTS);
}

KgPlan *
kg_schema_constraint_plan (KgGraph *graph, KgAst *query, const KgPlanOptions *options, GError **error)
{
  const KgAst *st = kg_ast_child (query, 0);
  switch (st->kind)
    {
    case KG_AST_SHOW_CONSTRAINTS:
      return con_plan (graph, query, options, CON_SHOW, NULL, NULL);
    case KG_AST_CREATE_CONSTRAINT:
      return plan_create (graph, query, st, options, error);
    case KG_AST_DROP_CONSTRAINT:
      if (kg_graph_constraint_find (graph, st->name) >= 0)
        return con_plan (graph, query, options, CON_DROP, NULL, st->name);
      if (st->flags & KG_AST_F_IF_EXISTS)
        return con_plan (graph, query, options, CON_NOTHING, NULL, st->name);
      kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, options ? options->filename : NULL, &st->span,
                          "there is no constraint named `%s` (SHOW CONSTRAINTS lists them)", st->name);
      return con_fail (query, error);
    default:
      g_return_val_if_reached (NULL);
    }
}
