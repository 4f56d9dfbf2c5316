/* graph/constraint.c — constraints: uniqueness, node and relationship keys, property
 * existence and property types, on the nodes of one label or the relationships of one
 * type; and the checks that hold them.
 *
 * Constraints are checked after the writes of a statement, not inside each write: the
 * store records every mutation of a transaction in its undo log, so the check walks the
 * log from the statement's start, collects the nodes and relationships it touched and
 * checks only those (kg_graph_check_constraints()); a bulk load checks the ids it added
 * (kg_graph_check_constraints_from()). The caller rolls the statement back on failure.
 * So a statement may pass through a state that breaks a constraint (SET n.key = null,
 * then SET n.key = 1) as long as it ends in one that holds, as in Neo4j.
 *
 * Uniqueness of one node property is answered by the equality index on it (one is made
 * with the constraint when there is none): a look-up per touched node. Other uniqueness
 * checks (several keys, relationships) hash the values of every entity of the label or
 * type once per statement that touches one of them: O(entities), not O(touched ×
 * entities). Values are compared as the index compares them (1 equals 1.0).
 *
 * Not here: parsing constraint statements or naming them (engine/schema.c), locking.
 */
#include "graph/graph-private.h"
#include "graph/value-codec.h"

#include "common/error.h"
#include "common/print.h"

#include <string.h>

static void
constraint_free (gpointer p)
{
  KgConstraint *c = p;
  if (c == NULL)
    return;
  g_free (c->name);
  g_free (c);
}

static GPtrArray *
constraints (KgGraph *g)
{
  if (g->constraints == NULL)
    g->constraints = g_ptr_array_new_with_free_func (constraint_free);
  return g->constraints;
}

guint
kg_graph_n_constraints (const KgGraph *g)
{
  g_return_val_if_fail (g != NULL, 0);
  return g->constraints != NULL ? g->constraints->len : 0;
}

const KgConstraint *
kg_graph_constraint_at (const KgGraph *g, guint i)
{
  g_return_val_if_fail (g != NULL && i < kg_graph_n_constraints (g), NULL);
  return g_ptr_array_index (g->constraints, i);
}

int
kg_graph_constraint_find (const KgGraph *g, const char *name)
{
  g_return_val_if_fail (g != NULL && name != NULL, -1);
  for (guint i = 0; i < kg_graph_n_constraints (g); i++)
    if (strcmp (kg_graph_constraint_at (g, i)->name, name) == 0)
      return (int) i;
  return -1;
}

/* --- Types ------------------------------------------------------------------------- */

/* The property types in the order Neo4j normalises a union to. */
static const struct
{
  KgValueType type;
  const char *name;
} type_order[] = {
  { KG_VALUE_BOOL, "BOOLEAN" },
  { KG_VALUE_STRING, "STRING" },
  { KG_VALUE_INT, "INTEGER" },
  { KG_VALUE_FLOAT, "FLOAT" },
  { KG_VALUE_DATE, "DATE" },
  { KG_VALUE_LOCALTIME, "LOCAL TIME" },
  { KG_VALUE_TIME, "ZONED TIME" },
  { KG_VALUE_LOCALDATETIME, "LOCAL DATETIME" },
  { KG_VALUE_DATETIME, "ZONED DATETIME" },
  { KG_VALUE_DURATION, "DURATION" },
};

char *
kg_constraint_type_text (guint32 types)
{
  GString *s = g_string_new (NULL);
  for (int list = 0; list < 2; list++)
    for (guint i = 0; i < G_N_ELEMENTS (type_order); i++)
      {
        guint shift = list ? KG_CONSTRAINT_LIST_SHIFT : 0;
        if (!(types & (1u << (shift + type_order[i].type))))
          continue;
        if (s->len > 0)
          g_string_append (s, " | ");
        g_string_append_printf (s, list ? "LIST<%s NOT NULL>" : "%s", type_order[i].name);
      }
  return g_string_free (s, FALSE);
}

/* Whether @v (not null) has one of @types: a list when every item has one of the list
 * types (an empty list has them all). */
static gboolean
type_allowed (const KgValue *v, guint32 types)
{
  if (v->type != KG_VALUE_LIST)
    return (types & (1u << v->type)) != 0;
  guint32 lists = types >> KG_CONSTRAINT_LIST_SHIFT;
  if (lists == 0)
    return FALSE;
  for (guint i = 0; i < v->u.list->len; i++)
    {
      KgValueType t = v->u.list->items[i].type;
      if (t >= KG_CONSTRAINT_LIST_SHIFT || !(lists & (1u << t)))
        return FALSE;
    }
  return TRUE;
}

/* --- Messages ---------------------------------------------------------------------- */

static const char *
sym (const KgGraph *g, KgSymbolKind kind, KgSymbol s)
{
  return g_ptr_array_index (g->sym_names[kind], s);
}

/* "node n:4 with label :Person" / "relationship r:2 of type :KNOWS" */
static void
append_entity (GString *s, const KgGraph *g, const KgConstraint *c, guint32 id)
{
  if (c->edges)
    g_string_append_printf (s, "relationship r:%u of type :%s", id, sym (g, KG_SYM_TYPE, c->target));
  else
    g_string_append_printf (s, "node n:%u with label :%s", id, sym (g, KG_SYM_LABEL, c->target));
}

/* "name = 'Alice', age = 3" */
static void
append_values (GString *s, const KgGraph *g, const KgConstraint *c, const KgValue *const *vals)
{
  for (guint k = 0; k < c->n_keys; k++)
    {
      g_string_append_printf (s, "%s%s = ", k > 0 ? ", " : "", sym (g, KG_SYM_KEY, c->keys[k]));
      KgValue null = KG_VALUE_INIT;
      kg_value_append_literal (s, vals[k] != NULL ? vals[k] : &null);
    }
}

/* Appends the reason to @why; Returns: FALSE, for the checks to return. */
static gboolean G_GNUC_PRINTF (2, 3) fail (GString *why, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_string_append_vprintf (why, format, ap);
  va_end (ap);
  return FALSE;
}

/* --- Checks ------------------------------------------------------------------------ */

static gboolean
entity_live (const KgGraph *g, gboolean edges, guint32 id)
{
  return edges ? kg_graph_edge_exists (g, id) : kg_graph_node_exists (g, id);
}

/* Whether the constraint applies to entity @id (live, with the label or type). */
static gboolean
applies (const KgGraph *g, const KgConstraint *c, guint32 id)
{
  if (!entity_live (g, c->edges, id))
    return FALSE;
  return c->edges ? kg_graph_edge_type (g, id) == c->target : kg_graph_node_has_label (g, id, c->target);
}

/* Reads @c's keys of entity @id into @vals (NULL for absent); Returns: whether all are there. */
static gboolean
read_keys (const KgGraph *g, const KgConstraint *c, guint32 id, const KgValue **vals)
{
  gboolean all = TRUE;
  for (guint k = 0; k < c->n_keys; k++)
    {
      const KgValue *v = c->edges ? kg_graph_edge_prop (g, id, c->keys[k]) : kg_graph_node_prop (g, id, c->keys[k]);
      vals[k] = v != NULL && v->type != KG_VALUE_NULL ? v : NULL;
      all = all && vals[k] != NULL;
    }
  return all;
}

/* Iterates the nodes with @c's label or the relationships of its type. */
static void
entities_init (const KgGraph *g, const KgConstraint *c, KgNodeIter *it)
{
  if (c->edges)
    kg_graph_edges_init (g, c->target, it);
  else
    kg_graph_nodes_init (g, c->target, it);
}

static gboolean
entities_next (const KgConstraint *c, KgNodeIter *it, guint32 *id)
{
  return c->edges ? kg_edge_iter_next (it, id) : kg_node_iter_next (it, id);
}

/* Existence and type: the checks of one entity alone. */
static gboolean
check_alone (const KgGraph *g, const KgConstraint *c, guint32 id, GString *why)
{
  const KgValue *vals[KG_CONSTRAINT_MAX_KEYS];
  gboolean all = read_keys (g, c, id, vals);
  g_autoptr (GString) s = g_string_new (NULL);
  append_entity (s, g, c, id);
  if ((c->kind == KG_CONSTRAINT_EXISTS || c->kind == KG_CONSTRAINT_KEY) && !all)
    {
      guint k = 0;
      while (vals[k] != NULL)
        k++;
      return fail (why, "%s must have the property `%s`", s->str, sym (g, KG_SYM_KEY, c->keys[k]));
    }
  if (c->kind == KG_CONSTRAINT_TYPE && vals[0] != NULL && !type_allowed (vals[0], c->types))
    {
      g_autofree char *want = kg_constraint_type_text (c->types);
      g_autoptr (GString) got = g_string_new (NULL);
      kg_value_append_literal (got, vals[0]);
      return fail (why, "%s has %s = %s, which is not of type %s", s->str, sym (g, KG_SYM_KEY, c->keys[0]), got->str,
                   want);
    }
  return TRUE;
}

static gboolean
unique_kind (const KgConstraint *c)
{
  return c->kind == KG_CONSTRAINT_UNIQUE || c->kind == KG_CONSTRAINT_KEY;
}

/* Uniqueness answered by the equality index: no other node with the label has an
 * equal value. */
static gboolean
indexed (const KgGraph *g, const KgConstraint *c)
{
  return !c->edges && c->n_keys == 1 && kg_graph_has_index (g, c->target, c->keys[0]);
}

static gboolean
duplicate (GString *why, const KgGraph *g, const KgConstraint *c, guint32 id, guint32 other, const KgValue *const *vals)
{
  g_autoptr (GString) s = g_string_new (NULL);
  append_entity (s, g, c, id);
  g_string_append (s, " has ");
  append_values (s, g, c, vals);
  g_string_append_printf (s, ", as %s:%u has", c->edges ? "r" : "n", other);
  return fail (why, "%s", s->str);
}

static gboolean
check_unique_indexed (const KgGraph *g, const KgConstraint *c, guint32 id, GString *why)
{
  const KgValue *vals[KG_CONSTRAINT_MAX_KEYS];
  if (!read_keys (g, c, id, vals))
    return TRUE;
  KgNodeIter it;
  KgNodeId other;
  kg_graph_index_lookup_init (g, c->target, c->keys[0], vals[0], &it);
  while (kg_node_iter_next (&it, &other))
    if (other != id)
      return duplicate (why, g, c, id < other ? other : id, id < other ? id : other, vals);
  return TRUE;
}

/* The values of an entity's keys as one list, for hashing. */
static KgValue
key_tuple (const KgConstraint *c, const KgValue *const *vals)
{
  KgList *l = kg_list_new (c->n_keys);
  for (guint k = 0; k < c->n_keys; k++)
    {
      KgValue v;
      kg_value_copy (vals[k], &v);
      kg_list_append (l, &v);
    }
  return kg_value_list (l);
}

static guint
tuple_hash (gconstpointer p)
{
  return kg_value_hash (p);
}

static gboolean
tuple_equal (gconstpointer a, gconstpointer b)
{
  return kg_value_equivalent (a, b);
}

static void
tuple_free (gpointer p)
{
  kg_value_clear (p);
  g_free (p);
}

/* Uniqueness over every entity of the label or type: the first two with equal keys. */
static gboolean
check_unique_all (const KgGraph *g, const KgConstraint *c, GString *why)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (tuple_hash, tuple_equal, tuple_free, NULL);
  KgNodeIter it;
  guint32 id;
  entities_init (g, c, &it);
  while (entities_next (c, &it, &id))
    {
      const KgValue *vals[KG_CONSTRAINT_MAX_KEYS];
      if (!read_keys (g, c, id, vals))
        continue;
      KgValue *t = g_new (KgValue, 1);
      *t = key_tuple (c, vals);
      gpointer other;
      if (g_hash_table_lookup_extended (seen, t, NULL, &other))
        {
          tuple_free (t);
          return duplicate (why, g, c, id, GPOINTER_TO_UINT (other), vals);
        }
      g_hash_table_insert (seen, t, GUINT_TO_POINTER (id));
    }
  return TRUE;
}

/* Checks @c on the entities in @ids (each once, any order). */
static gboolean
check_ids (const KgGraph *g, const KgConstraint *c, GArray *ids, GString *why)
{
  gboolean any = FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      guint32 id = g_array_index (ids, guint32, i);
      if (!applies (g, c, id))
        continue;
      any = TRUE;
      if (!check_alone (g, c, id, why))
        return FALSE;
      if (unique_kind (c) && indexed (g, c) && !check_unique_indexed (g, c, id, why))
        return FALSE;
    }
  if (any && unique_kind (c) && !indexed (g, c))
    return check_unique_all (g, c, why);
  return TRUE;
}

static gboolean
check_sets (const KgGraph *g, GArray *nodes, GArray *edges, const char *filename, GError **error)
{
  g_autoptr (GString) why = g_string_new (NULL);
  for (guint i = 0; i < kg_graph_n_constraints (g); i++)
    {
      const KgConstraint *c = kg_graph_constraint_at (g, i);
      if (!check_ids (g, c, c->edges ? edges : nodes, why))
        {
          kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, NULL, "constraint `%s` failed: %s", c->name,
                              why->str);
          return FALSE;
        }
    }
  return TRUE;
}

/* Adds @id to @ids once (@seen remembers). */
static void
add_id (GArray *ids, GHashTable *seen, guint32 id)
{
  if (g_hash_table_add (seen, GUINT_TO_POINTER (id + 1)))
    g_array_append_val (ids, id);
}

gboolean
kg_graph_check_constraints (KgGraph *g, const KgTxnMark *since, const char *filename, GError **error)
{
  g_return_val_if_fail (g != NULL, FALSE);
  if (kg_graph_n_constraints (g) == 0 || g->undo == NULL)
    return TRUE;
  g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GHashTable) seen_nodes = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) seen_edges = g_hash_table_new (NULL, NULL);
  for (guint i = since != NULL ? since->undo_len : 0; i < g->undo->len; i++)
    {
      guint32 id;
      switch (kg_graph_undo_entity (g, i, &id))
        {
        case 1:
          add_id (nodes, seen_nodes, id);
          break;
        case 2:
          add_id (edges, seen_edges, id);
          break;
        default:
          break;
        }
    }
  return check_sets (g, nodes, edges, filename, error);
}

gboolean
kg_graph_check_constraints_from (KgGraph *g, guint32 node_from, guint32 edge_from, const char *filename, GError **error)
{
  g_return_val_if_fail (g != NULL, FALSE);
  if (kg_graph_n_constraints (g) == 0)
    return TRUE;
  g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) edges = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 id = node_from; id < g->node_bound; id++)
    g_array_append_val (nodes, id);
  for (guint32 id = edge_from; id < g->edge_bound; id++)
    g_array_append_val (edges, id);
  return check_sets (g, nodes, edges, filename, error);
}

/* --- Creating and dropping --------------------------------------------------------- */

/* Checks @c against every entity there is. */
static gboolean
check_existing (const KgGraph *g, const KgConstraint *c, GString *why)
{
  KgNodeIter it;
  guint32 id;
  entities_init (g, c, &it);
  while (entities_next (c, &it, &id))
    if (!check_alone (g, c, id, why))
      return FALSE;
  return !unique_kind (c) || check_unique_all (g, c, why);
}

gboolean
kg_graph_add_constraint (KgGraph *g, const KgConstraint *spec, const char *filename, const KgSpan *span, GError **error)
{
  g_return_val_if_fail (g != NULL && spec != NULL && spec->name != NULL, FALSE);
  g_return_val_if_fail (spec->n_keys >= 1 && spec->n_keys <= KG_CONSTRAINT_MAX_KEYS, FALSE);
  g_autoptr (GString) why = g_string_new (NULL);
  if (!check_existing (g, spec, why))
    {
      kg_query_error_set (error, KG_QUERY_ERROR_CONSTRAINT, filename, span,
                          "cannot create constraint `%s`, the graph breaks it: %s", spec->name, why->str);
      return FALSE;
    }
  KgConstraint *c = g_new (KgConstraint, 1);
  *c = *spec;
  c->name = g_strdup (spec->name);
  c->owns_index = FALSE;
  if (unique_kind (c) && !c->edges && c->n_keys == 1 && !kg_graph_has_index (g, c->target, c->keys[0]))
    {
      kg_graph_create_named_index (g, c->target, c->keys[0], c->name);
      c->owns_index = TRUE;
    }
  g_ptr_array_add (constraints (g), c);
  kg_graph_log_constraint (g, TRUE, constraints (g)->len - 1, NULL);
  return TRUE;
}

/* The constraint as a list value, which the undo log keeps for a dropped one:
 * [name, kind, edges, target, types, owns_index, key...]. */
static KgValue
constraint_value (const KgConstraint *c)
{
  KgList *l = kg_list_new (6 + c->n_keys);
  KgValue v[6] = { kg_value_string (c->name), kg_value_int (c->kind), kg_value_bool (c->edges),
                   kg_value_int (c->target), kg_value_int (c->types), kg_value_bool (c->owns_index) };
  for (guint i = 0; i < 6; i++)
    kg_list_append (l, &v[i]);
  for (guint k = 0; k < c->n_keys; k++)
    {
      KgValue kv = kg_value_int (c->keys[k]);
      kg_list_append (l, &kv);
    }
  return kg_value_list (l);
}

gboolean
kg_graph_drop_constraint (KgGraph *g, const char *name)
{
  int pos = kg_graph_constraint_find (g, name);
  if (pos < 0)
    return FALSE;
  KgConstraint *c = g_ptr_array_steal_index (g->constraints, pos);
  KgValue old = constraint_value (c);
  kg_graph_log_constraint (g, FALSE, pos, &old);
  kg_value_clear (&old);
  if (c->owns_index)
    kg_graph_drop_index (g, c->target, c->keys[0]);
  constraint_free (c);
  return TRUE;
}

void
kg_graph_undo_constraint (KgGraph *g, gboolean created, guint pos, const KgValue *old)
{
  if (created)
    {
      g_ptr_array_remove_index (g->constraints, pos);
      return;
    }
  const KgList *l = old->u.list;
  KgConstraint *c = g_new0 (KgConstraint, 1);
  c->name = g_strdup (l->items[0].u.s);
  c->kind = (KgConstraintKind) l->items[1].u.i;
  c->edges = l->items[2].u.b;
  c->target = (KgSymbol) l->items[3].u.i;
  c->types = (guint32) l->items[4].u.i;
  c->owns_index = l->items[5].u.b;
  c->n_keys = l->len - 6;
  for (guint k = 0; k < c->n_keys; k++)
    c->keys[k] = (KgSymbol) l->items[6 + k].u.i;
  g_ptr_array_insert (constraints (g), (int) pos, c);
}

/* --- Encoding (snapshots and redo records) ----------------------------------------- */

void
kg_constraint_put (KgCodecSink put, gpointer sink, const KgGraph *g, const KgConstraint *c)
{
  kg_codec_put_str (put, sink, c->name);
  kg_codec_put_u32 (put, sink, c->kind);
  kg_codec_put_u32 (put, sink, c->edges);
  kg_codec_put_str (put, sink, sym (g, c->edges ? KG_SYM_TYPE : KG_SYM_LABEL, c->target));
  kg_codec_put_u32 (put, sink, c->types);
  kg_codec_put_u32 (put, sink, c->owns_index);
  kg_codec_put_u32 (put, sink, c->n_keys);
  for (guint k = 0; k < c->n_keys; k++)
    kg_codec_put_str (put, sink, sym (g, KG_SYM_KEY, c->keys[k]));
}

gboolean
kg_constraint_read (KgCodecReader *r, KgGraph *g)
{
  KgConstraint c = { 0 };
  g_autofree char *name = kg_codec_str (r);
  c.kind = kg_codec_u32 (r);
  c.edges = kg_codec_u32 (r) != 0;
  g_autofree char *target = kg_codec_str (r);
  c.types = kg_codec_u32 (r);
  gboolean owns = kg_codec_u32 (r) != 0;
  c.n_keys = kg_codec_u32 (r);
  if (r->bad || c.kind > KG_CONSTRAINT_TYPE || c.n_keys == 0 || c.n_keys > KG_CONSTRAINT_MAX_KEYS)
    return FALSE;
  for (guint k = 0; k < c.n_keys; k++)
    {
      g_autofree char *key = kg_codec_str (r);
      if (r->bad)
        return FALSE;
      c.keys[k] = kg_graph_intern (g, KG_SYM_KEY, key);
    }
  c.name = name;
  c.target = kg_graph_intern (g, c.edges ? KG_SYM_TYPE : KG_SYM_LABEL, target);
  if (kg_graph_constraint_find (g, name) >= 0)
    return FALSE;
  /* The backing index comes before its constraint in snapshots and journals alike. */
  KgConstraint *copy = g_new (KgConstraint, 1);
  *copy = c;
  copy->name = g_strdup (name);
  copy->owns_index = owns;
  g_ptr_array_add (constraints (g), copy);
  return TRUE;
}
