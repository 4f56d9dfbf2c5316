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
 *
 * Few input rows: before building, it draws its input (saved rows) up to a 64th of the
 * label's nodes. When the input ends by then, the join is built on that side instead:
 * the rows' sought values go into a small hash of row indices, and one pass over the
 * label's property column probes it, each node with the rows of its value's hash in
 * input order, each candidate checked as above with its row restored. The rows are the
 * same, ordered by node rather than by input row. Otherwise the saved rows are sought
 * first, then the rest of the input, as above.
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
  gboolean drawn;  /* the input was drawn into rows (once per open) */
  gboolean ended;  /* and it ended there */
  GPtrArray *rows; /* (element-type KgValue*) saved input rows, until sought or freed */
  guint next_row;  /* rows not yet sought (the table's way) */
  gboolean small;  /* the join is built on the rows */
  guint32 *heads;  /* small: per bucket (hash & mask) the first row, G_MAXUINT32 none */
  guint32 *chain;  /* small: per row the next row of its bucket */
  guint32 *hashes; /* small: per row its value's hash */
  guint32 mask;
  KgNodeIter scan; /* small: the label's nodes */
  KgNodeId node;   /* small: the node being probed */
  guint32 at;      /* small: the next row of its bucket to check */
  guint64 scanned;
} OpHashSeek;

static void
small_clear (OpHashSeek *self)
{
  KgExec *exec = self->base.exec;
  for (guint i = self->rows ? self->next_row : 0; self->rows && i < self->rows->len; i++)
    kg_exec_free_row (exec, g_ptr_array_index (self->rows, i));
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->heads, g_free);
  g_clear_pointer (&self->chain, g_free);
  g_clear_pointer (&self->hashes, g_free);
  self->small = FALSE;
  self->next_row = 0;
}

static gboolean
hash_open (KgOp *op, GError **error)
{
  OpHashSeek *self = (OpHashSeek *) op;
  small_clear (self);
  self->active = FALSE;
  self->drawn = FALSE;
  self->ended = FALSE;
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

/* Draws the input into self->rows up to a 64th of the label's nodes; when it ended by
 * then, hashes the rows' sought values (small mode). FALSE: an error. */
static gboolean
draw (OpHashSeek *self, GError **error)
{
  KgExec *exec = self->base.exec;
  self->drawn = TRUE;
  self->rows = g_ptr_array_new ();
  self->next_row = 0;
  KgSymbol label = kg_exec_sym (exec, KG_SYM_LABEL, self->check.labels[0], &self->check.label_syms[0]);
  guint limit = label == KG_NONE ? 0 : kg_graph_label_count (exec->graph, label) / 64;
  for (;;)
    {
      if (self->rows->len > limit)
        return TRUE; /* many: the table's way */
      KgOpStatus st = kg_op_next (self->base.child, error);
      if (st == KG_NEXT_ERROR)
        return FALSE;
      if (st != KG_NEXT_ROW)
        {
          self->ended = TRUE;
          break;
        }
      if (!kg_exec_charge (exec, sizeof (KgValue) * exec->n_slots + 3 * sizeof (guint32), error))
        return FALSE;
      g_ptr_array_add (self->rows, kg_exec_save_row (exec));
    }
  guint n = self->rows->len;
  if (n == 0 || label == KG_NONE)
    return TRUE;
  guint32 size = 2;
  while (size < 2 * n)
    size *= 2;
  self->mask = size - 1;
  self->heads = g_new (guint32, size);
  memset (self->heads, 0xff, size * sizeof (guint32));
  self->chain = g_new (guint32, n);
  self->hashes = g_new (guint32, n);
  KgPropCheck *pc = &self->check.props[self->prop];
  /* pushed in reverse, so a bucket's rows come in input order */
  for (guint i = n; i-- > 0;)
    {
      kg_exec_restore_row (exec, g_ptr_array_index (self->rows, i));
      KgValue v = KG_VALUE_INIT;
      if (!kg_expr_eval (&exec->env, pc->expr, &v, error))
        return FALSE;
      self->chain[i] = G_MAXUINT32;
      if (v.type != KG_VALUE_NULL) /* `=` with null is never true */
        {
          guint32 h = kg_value_hash (&v);
          self->hashes[i] = h;
          self->chain[i] = self->heads[h & self->mask];
          self->heads[h & self->mask] = i;
        }
      kg_value_clear (&v);
    }
  self->small = TRUE;
  kg_graph_nodes_init (exec->graph, label, &self->scan);
  self->at = G_MAXUINT32;
  self->scanned = 0;
  return TRUE;
}

/* Small mode: the next node of the label and row of the input that pass. */
static KgOpStatus
small_next (OpHashSeek *self, GError **error)
{
  KgExec *exec = self->base.exec;
  KgPropCheck *pc = &self->check.props[self->prop];
  KgSymbol key = kg_exec_sym (exec, KG_SYM_KEY, pc->key, &pc->key_sym);
  guint32 lo = 0, hi = 0;
  const KgValue *col = key == KG_NONE ? NULL : kg_graph_prop_column (exec->graph, FALSE, key, &lo, &hi);
  if (col == NULL)
    return KG_NEXT_DONE; /* no node has the key */
  for (;;)
    {
      while (self->at != G_MAXUINT32)
        {
          guint32 i = self->at;
          self->at = self->chain[i];
          guint32 h = kg_value_hash (&col[self->node - lo]);
          if (self->hashes[i] != h)
            continue;
          kg_exec_restore_row (exec, g_ptr_array_index (self->rows, i));
          kg_exec_set_id (exec, self->slot, KG_VALUE_NODE, self->node);
          int ok = kg_entity_check_node (exec, &self->check, self->node, error);
          if (ok < 0)
            return KG_NEXT_ERROR;
          if (ok)
            return KG_NEXT_ROW;
        }
      KgNodeId id;
      if (!kg_node_iter_next (&self->scan, &id))
        return KG_NEXT_DONE;
      if ((++self->scanned & 16383) == 0 && !kg_exec_check (exec, error))
        return KG_NEXT_ERROR;
      if (id < lo || id >= hi || col[id - lo].type == KG_VALUE_NULL)
        continue;
      self->node = id;
      self->at = self->heads[kg_value_hash (&col[id - lo]) & self->mask];
    }
}

static KgOpStatus
hash_next (KgOp *op, GError **error)
{
  OpHashSeek *self = (OpHashSeek *) op;
  KgExec *exec = op->exec;
  if (!self->drawn && !draw (self, error))
    return KG_NEXT_ERROR;
  if (self->small)
    return small_next (self, error);
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
      if (self->rows && self->next_row < self->rows->len)
        kg_exec_take_row (exec, g_ptr_array_index (self->rows, self->next_row++));
      else
        {
          if (self->ended)
            return KG_NEXT_DONE;
          KgOpStatus st = kg_op_next (op->child, error);
          if (st != KG_NEXT_ROW)
            return st;
        }
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
  small_clear (self);
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
