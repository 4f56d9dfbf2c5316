/* engine/ops/op-hash-seek.c — HashSeek: the nodes of a label whose key equals a value
 * that earlier clauses or parts bound (`MATCH (a) ... MATCH (b:L) WHERE b.k = a.x`), when
 * (L, k) has no index: a hash join on a property equality.
 *
 * At its first input row it reads the key of every node of the label once into a table
 * of (hash of the value, node), sorted by hash (radix), then for every input row evaluates the sought
 * value and walks the nodes of its hash only, instead of scanning the label again. The
 * hash is kg_value_hash(), consistent with kg_value_equivalent(): values that are `=`
 * (1 and 1.0) are equivalent, so a node whose value `=` the sought value is always among
 * the candidates; the candidates are then checked as a scan checks them (labels, inline
 * properties, and the equality itself as a property check, which decides by `=`: values
 * that only share a hash fail it, a null or NaN finds nothing). So the rows are those of
 * a LabelScan with the check, in the same order (by id).
 *
 * The table is kept while the graph does not change (kg_graph_version()); it is built
 * again at the next input row after a write, and freed when the plan is. Its memory is
 * charged to the statement (kg_exec_charge).
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  guint32 hash;
  KgNodeId id;
} Entry;

typedef struct
{
  KgOp base;
  int slot;
  char *var;
  KgEntityCheck check; /* labels[0] is the label hashed; props[prop] the equality */
  int prop;
  GArray *table;   /* (element-type Entry) (nullable): by hash, then id */
  guint64 version; /* the graph version the table was built at */
  guint pos, end;  /* the current input row's candidates: table[pos, end) */
  gboolean active;
} OpHashSeek;

static gboolean
hash_open (KgOp *op, GError **error)
{
  ((OpHashSeek *) op)->active = FALSE;
  return TRUE;
}

/* Sorts @n entries, appended in id order, by hash keeping that order: an LSD radix
 * sort, a byte of the hash a pass (stable, so ids stay ascending within a hash). */
static void
sort_by_hash (Entry *e, guint n)
{
  Entry *tmp = g_new (Entry, n), *from = e, *to = tmp;
  for (int shift = 0; shift < 32; shift += 8)
    {
      guint count[257] = { 0 };
      for (guint i = 0; i < n; i++)
        count[((from[i].hash >> shift) & 0xff) + 1]++;
      for (guint b = 0; b < 256; b++)
        count[b + 1] += count[b];
      for (guint i = 0; i < n; i++)
        to[count[(from[i].hash >> shift) & 0xff]++] = from[i];
      Entry *t = from;
      from = to;
      to = t;
    }
  /* four passes: the sorted entries are back in @e */
  g_free (tmp);
}

/* Reads the key of every node of the label into the table: (hash of the value, node)
 * for every node that has one, sorted. Nodes whose values only share a hash are told
 * apart by the candidates' check. */
static gboolean
build (OpHashSeek *self, KgSymbol label, KgSymbol key, GError **error)
{
  KgExec *exec = self->base.exec;
  if (self->table == NULL)
    self->table = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_size (self->table, 0);
  self->version = kg_graph_version (exec->graph);
  guint32 lo, hi;
  const KgValue *col = key == KG_NONE ? NULL : kg_graph_prop_column (exec->graph, FALSE, key, &lo, &hi);
  if (col == NULL)
    return TRUE; /* no node has the key */
  KgNodeIter it;
  kg_graph_nodes_init (exec->graph, label, &it);
  KgNodeId id;
  guint64 n = 0;
  while (kg_node_iter_next (&it, &id))
    {
      if ((++n & 16383) == 0 && !kg_exec_check (exec, error))
        return FALSE;
      if (id < lo || id >= hi || col[id - lo].type == KG_VALUE_NULL)
        continue; /* `=` with null is never true */
      Entry e = { kg_value_hash (&col[id - lo]), id };
      g_array_append_val (self->table, e);
    }
  if (!kg_exec_charge (exec, (guint64) self->table->len * sizeof (Entry), error))
    return FALSE;
  sort_by_hash ((Entry *) self->table->data, self->table->len);
  return TRUE;
}

/* Finds the candidates for the current input row. FALSE on error (or when there can be
 * none, without an error). */
static gboolean
hash_start (OpHashSeek *self, GError **error)
{
  KgExec *exec = self->base.exec;
  KgSymbol label = kg_exec_sym (exec, KG_SYM_LABEL, self->check.labels[0], &self->check.label_syms[0]);
  if (label == KG_NONE)
    return FALSE;
  KgPropCheck *pc = &self->check.props[self->prop];
  KgSymbol key = kg_exec_sym (exec, KG_SYM_KEY, pc->key, &pc->key_sym);
  if ((self->table == NULL || self->version != kg_graph_version (exec->graph)) && !build (self, label, key, error))
    return FALSE;
  KgValue v = KG_VALUE_INIT;
  if (!kg_expr_eval (&exec->env, pc->expr, &v, error))
    return FALSE;
  gboolean null = v.type == KG_VALUE_NULL;
  guint32 h = null ? 0 : kg_value_hash (&v);
  kg_value_clear (&v);
  if (null)
    return FALSE;
  /* the first entry of hash h, then the run of them */
  const Entry *t = (const Entry *) self->table->data;
  guint a = 0, b = self->table->len;
  while (a < b)
    {
      guint mid = a + (b - a) / 2;
      if (t[mid].hash < h)
        a = mid + 1;
      else
        b = mid;
    }
  self->pos = a;
  for (b = a; b < self->table->len && t[b].hash == h; b++)
    ;
  self->end = b;
  return a < b;
}

static KgOpStatus
hash_next (KgOp *op, GError **error)
{
  OpHashSeek *self = (OpHashSeek *) op;
  KgExec *exec = op->exec;
  for (;;)
    {
      if (self->active)
        {
          while (self->pos < self->end)
            {
              KgNodeId id = g_array_index (self->table, Entry, self->pos++).id;
              if (!kg_exec_check (exec, error))
                return KG_NEXT_ERROR;
              if (!kg_graph_node_exists (exec->graph, id))
                continue; /* deleted since the table was built */
              kg_exec_set_id (exec, self->slot, KG_VALUE_NODE, id);
              int ok = kg_entity_check_node (exec, &self->check, id, error);
              if (ok < 0)
                return KG_NEXT_ERROR;
              if (ok)
                return KG_NEXT_ROW;
            }
          self->active = FALSE;
        }
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      GError *local = NULL;
      if (hash_start (self, &local))
        self->active = TRUE;
      else if (local)
        {
          g_propagate_error (error, local);
          return KG_NEXT_ERROR;
        }
    }
}

static void
hash_free (KgOp *op)
{
  OpHashSeek *self = (OpHashSeek *) op;
  kg_entity_check_clear (&self->check);
  g_free (self->var);
  g_clear_pointer (&self->table, g_array_unref);
}

static void
hash_describe (KgOp *op, GString *out)
{
  OpHashSeek *self = (OpHashSeek *) op;
  g_string_append_printf (out, "(%s", self->var);
  kg_entity_check_describe (&self->check, out);
  g_string_append_printf (out, ") hash=%s.%s = ", self->check.labels[0], self->check.props[self->prop].key);
  kg_expr_describe (out, self->check.props[self->prop].expr);
}

static const KgOpClass hash_class = {
  .name = "HashSeek",
  .size = sizeof (OpHashSeek),
  .open = hash_open,
  .next = hash_next,
  .free = hash_free,
  .describe = hash_describe,
};

KgOp *
kg_op_hash_seek_new (KgExec *exec, KgOp *child, int slot, const char *var, KgEntityCheck *check, int prop)
{
  OpHashSeek *self = (OpHashSeek *) kg_op_new (&hash_class, exec, child);
  self->slot = slot;
  self->var = g_strdup (var ? var : "");
  self->check = *check;
  memset (check, 0, sizeof *check);
  self->prop = prop;
  return &self->base;
}
