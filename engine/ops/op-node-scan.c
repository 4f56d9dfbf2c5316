/* engine/ops/op-node-scan.c — AllNodesScan, LabelScan, IndexSeek, NodeByIdSeek and
 * NodeCheck.
 *
 * The scans produce, for every input row, each node that passes the pattern's labels and
 * inline properties, written to the node's slot. IndexSeek finds candidates through an
 * equality index on (label, key) with a value evaluated per input row (a literal or a
 * parameter, or anything the earlier clauses bound). NodeByIdSeek finds at most one
 * node from an id or element id evaluated per input row. NodeCheck filters rows whose
 * slot already holds a node (a bound variable starting a pattern). None of them expand
 * relationships.
 *
 * AllNodesScan and LabelScan also produce batches (engine/batch.h): the node ids of a
 * label read from its bitmap a word at a time into one column, up to KG_BATCH_MAX per
 * batch, with a selection vector when inline checks drop some. Either path can be
 * limited to a range of node ids (kg_op_node_scan_set_range), a morsel of the scan.
 * NodeCheck passes its input's batches on with a narrower selection, so the pipeline
 * above it stays in batches.
 */
#include "engine/ops/op-private.h"

#include "loader/csv-records.h"

#include <string.h>

/* What IndexSeek's batch path found for an input batch: whether its values can be read
 * off the records (OpScan.fields then holds each row's field), the label and key. */
typedef struct
{
  gboolean fast;
  gboolean none; /* the label does not exist: no row finds a node */
  KgSymbol label, key;
} SeekBatch;

typedef struct
{
  KgOp base;
  KgScanKind kind;
  int slot;
  char *var;
  KgEntityCheck check;
  int index_prop;
  KgNodeIter iter;
  gboolean active;
  gboolean seeking; /* the candidates come from the index (not the label fallback) */
  KgValue seek_value;
  KgMorsels *morsels; /* a parallel plan's: the scan reports the nodes of its morsels */
  gboolean ranged;    /* only ids in [lo, hi) */
  KgNodeId lo, hi;
  KgBatch batch; /* set up at the first batch */
  guint16 *sel;
  guint32 *scratch; /* NodeCheck: a parent batch's ids of the slot, gathered */
  /* IndexSeek's batch path over a LOAD CSV pipeline (kg_op_create_plan_batches) */
  KgBatch *in;  /* the input batch being sought, NULL: take the next */
  guint in_pos; /* its next alive row */
  GArray *cand; /* (element-type KgNodeId) the nodes found for input row cand_row */
  guint cand_pos, cand_row;
  int fast;              /* the seek value read from the record: FAST_* (0: not decided yet) */
  int fast_slot;         /* the row variable's slot */
  const char *fast_name; /* its key (NULL: fast_index) */
  gint64 fast_index;
  KgCsvColumn fast_col;
  const KgCsvField **fields; /* KG_BATCH_MAX: the input rows' fields of the key */
  SeekBatch sb;              /* what seek_batch_start() found for the input batch */
} OpScan;

/* How IndexSeek's batch path reads the sought value off a LOAD CSV record. */
enum
{
  FAST_UNDECIDED = 0,
  FAST_NONE,    /* evaluate the expression over the loaded row */
  FAST_INTEGER, /* toInteger(row.key) */
  FAST_FLOAT,   /* toFloat(row.key) */
};

/* Moves a label or all-nodes iterator to the next morsel this copy claims. */
static gboolean
next_morsel (OpScan *self)
{
  guint64 lo, hi;
  if (!kg_morsels_claim (self->morsels, self->base.exec, &lo, &hi))
    return FALSE;
  KgSymbol label = self->kind == KG_SCAN_ALL ? KG_NONE : self->check.label_syms[0];
  kg_graph_nodes_init (self->base.exec->graph, label, &self->iter);
  kg_node_iter_restrict (&self->iter, (guint32) lo, (guint32) hi);
  return TRUE;
}

static gboolean
scan_open (KgOp *op, GError **error)
{
  ((OpScan *) op)->active = FALSE;
  ((OpScan *) op)->in = NULL;
  return TRUE;
}

static gboolean
start (OpScan *self, GError **error)
{
  KgExec *exec = self->base.exec;
  KgSymbol label = KG_NONE;
  if (self->kind != KG_SCAN_ALL)
    {
      label = kg_exec_sym (exec, KG_SYM_LABEL, self->check.labels[0], &self->check.label_syms[0]);
      if (label == KG_NONE)
        return FALSE;
    }
  self->seeking = FALSE;
  if (self->kind == KG_SCAN_INDEX)
    {
      KgPropCheck *pc = &self->check.props[self->index_prop];
      KgSymbol key = kg_exec_sym (exec, KG_SYM_KEY, pc->key, &pc->key_sym);
      if (key == KG_NONE || !kg_graph_has_index (exec->graph, label, key))
        {
          /* no index (any more): fall back to the label */
          kg_graph_nodes_init (exec->graph, label, &self->iter);
          return TRUE;
        }
      kg_value_clear (&self->seek_value);
      if (!kg_expr_eval (&exec->env, pc->expr, &self->seek_value, error))
        return FALSE;
      kg_graph_index_lookup_init (exec->graph, label, key, &self->seek_value, &self->iter);
      self->seeking = TRUE;
      return TRUE;
    }
  if (self->morsels)
    return next_morsel (self);
  if (self->ranged)
    kg_graph_nodes_init_range (exec->graph, label, self->lo, self->hi, &self->iter);
  else
    kg_graph_nodes_init (exec->graph, label, &self->iter);
  return TRUE;
}

static gboolean
simple_scan (OpScan *self)
{
  return self->check.n_props == 0 && self->check.props_param == NULL && self->check.dynamic == NULL &&
         self->check.n_labels <= (self->kind == KG_SCAN_ALL ? 0u : 1u);
}

/* Pulls the next input row and starts the scan for it: KG_NEXT_ROW when it started. */
static KgOpStatus
restart (OpScan *self, GError **error)
{
  for (;;)
    {
      KgOpStatus st = kg_op_next (self->base.child, error);
      if (st != KG_NEXT_ROW)
        return st;
      GError *local = NULL;
      if (start (self, &local))
        {
          self->active = TRUE;
          return KG_NEXT_ROW;
        }
      if (local)
        {
          g_propagate_error (error, local);
          return KG_NEXT_ERROR;
        }
    }
}

/* kg_entity_check_node() for a candidate of an index seek without the seek key: the
 * index found it by Cypher's `=` on the value start() evaluated, so the key's expression
 * is not evaluated again and compared for every candidate. */
static int
check_seek_candidate (OpScan *self, KgNodeId id, GError **error)
{
  KgEntityCheck *c = &self->check;
  guint last = c->n_props - 1;
  KgPropCheck seek = c->props[self->index_prop];
  c->props[self->index_prop] = c->props[last];
  c->props[last] = seek;
  c->n_props--;
  int ok = kg_entity_check_node (self->base.exec, c, id, error);
  c->n_props++;
  c->props[last] = c->props[self->index_prop];
  c->props[self->index_prop] = seek;
  return ok;
}

static KgOpStatus
scan_next (KgOp *op, GError **error)
{
  OpScan *self = (OpScan *) op;
  KgExec *exec = op->exec;
  for (;;)
    {
      if (self->active)
        {
          /* An index candidate has the label and the seek key's value already. */
          guint props = self->check.n_props - (self->seeking ? 1 : 0);
          gboolean simple = props == 0 && self->check.props_param == NULL && self->check.dynamic == NULL &&
                            self->check.n_labels <= (self->kind == KG_SCAN_ALL ? 0u : 1u);
          KgNodeId id;
          while (kg_node_iter_next (&self->iter, &id))
            {
              if (!simple)
                {
                  if (!kg_exec_check (exec, error))
                    return KG_NEXT_ERROR;
                  kg_exec_set_id (exec, self->slot, KG_VALUE_NODE, id);
                  int ok = self->seeking ? check_seek_candidate (self, id, error) : kg_entity_check_node (exec, &self->check, id, error);
                  if (ok < 0)
                    return KG_NEXT_ERROR;
                  if (ok == 0)
                    continue;
                }
              kg_exec_set_id (exec, self->slot, KG_VALUE_NODE, id);
              return KG_NEXT_ROW;
            }
          if (self->morsels && next_morsel (self))
            continue;
          self->active = FALSE;
        }
      KgOpStatus st = restart (self, error);
      if (st != KG_NEXT_ROW)
        return st;
    }
}

static int
scan_batch_mode (KgOp *op)
{
  return ((OpScan *) op)->kind == KG_SCAN_INDEX ? KG_BATCH_NONE : KG_BATCH_OUT;
}

static KgOpStatus
scan_next_batch (KgOp *op, KgBatch **out, GError **error)
{
  OpScan *self = (OpScan *) op;
  KgExec *exec = op->exec;
  KgBatch *b = &self->batch;
  if (b->n_cols == 0)
    {
      KgValueType type = KG_VALUE_NODE;
      kg_batch_init (b, 1, &self->slot, &type, FALSE);
    }
  for (;;)
    {
      if (self->active)
        {
          guint32 *ids = b->cols[0].ids;
          guint n = kg_node_iter_next_batch (&self->iter, ids, KG_BATCH_MAX);
          if (n > 0)
            {
              b->n = n;
              b->sel = NULL;
              b->n_sel = n;
              *out = b;
              if (simple_scan (self))
                return KG_NEXT_ROW;
              if (self->sel == NULL)
                self->sel = g_new (guint16, KG_BATCH_MAX);
              guint m = 0;
              for (guint i = 0; i < n; i++)
                {
                  GError *local = NULL;
                  kg_exec_set_id (exec, self->slot, KG_VALUE_NODE, ids[i]);
                  int ok = kg_entity_check_node (exec, &self->check, ids[i], &local);
                  if (ok < 0)
                    {
                      b->sel = self->sel;
                      b->n_sel = m;
                      return kg_op_batch_then_error (op, b, out, local, error);
                    }
                  self->sel[m] = (guint16) i;
                  m += ok == 1;
                }
              b->sel = self->sel;
              b->n_sel = m;
              return KG_NEXT_ROW;
            }
          if (self->morsels && next_morsel (self))
            continue;
          self->active = FALSE;
        }
      KgOpStatus st = restart (self, error);
      if (st != KG_NEXT_ROW)
        return st;
    }
}

/* --- IndexSeek over batches of LOAD CSV records ------------------------------------
 *
 * For each alive row of its input batch, the nodes the index gives for that row's
 * value, written to a column of a batch whose parent is the input. The value
 * `toInteger(row.key)` or `toFloat(row.key)` (also `row['key']`, `row[0]`) of a field
 * that is a plain integer is read off the record's bytes, no string made, and sought
 * with one probe of the index's integer table; anything else (another expression, a
 * field like ' 12' or '1e3', float keys in the index, no index, more checks than the
 * key) loads the row and takes the row path's way for it, so every row finds what the
 * row path finds, in the same order. */

static void
fast_decide (OpScan *self)
{
  self->fast = FAST_NONE;
  const KgPropCheck *pc = &self->check.props[self->index_prop];
  const KgAst *e = pc->expr;
  if (self->check.n_labels != 1 || self->check.n_props != 1 || self->check.props_param != NULL || self->check.dynamic != NULL)
    return;
  if (e == NULL || e->kind != KG_AST_FUNCTION_CALL || e->slot >= 0 || e->function == NULL || kg_ast_n_children (e) != 1)
    return;
  int conv = strcmp (e->function->name, "toInteger") == 0 ? FAST_INTEGER : strcmp (e->function->name, "toFloat") == 0 ? FAST_FLOAT
                                                                                                                      : FAST_NONE;
  const KgAst *a = kg_ast_child (e, 0);
  if (conv == FAST_NONE || a == NULL || a->slot >= 0)
    return;
  const KgAst *var = kg_ast_child (a, 0);
  if (var == NULL || var->kind != KG_AST_VARIABLE || var->slot < 0)
    return;
  if (a->kind == KG_AST_PROPERTY && a->name != NULL)
    self->fast_name = a->name;
  else if (a->kind == KG_AST_INDEX && kg_ast_child (a, 1) != NULL && kg_ast_child (a, 1)->kind == KG_AST_LITERAL &&
           kg_ast_child (a, 1)->slot < 0 &&
           (kg_ast_child (a, 1)->value.type == KG_VALUE_STRING || kg_ast_child (a, 1)->value.type == KG_VALUE_INT))
    {
      const KgValue *k = &kg_ast_child (a, 1)->value;
      self->fast_name = k->type == KG_VALUE_STRING ? k->u.s : NULL;
      self->fast_index = k->type == KG_VALUE_INT ? k->u.i : -1;
    }
  else
    return;
  self->fast_slot = var->slot;
  self->fast = conv;
}

/* A field that is an optional sign and 1 to @max digits, as toInteger() reads it in
 * place (longer or other forms go the row path's way). */
static gboolean
field_digits (const KgCsvField *f, guint max, gint64 *out)
{
  const char *s = f->s, *end = f->s + f->len;
  gboolean neg = s < end && *s == '-';
  if (s < end && (*s == '-' || *s == '+'))
    s++;
  if (s == end || end - s > (gssize) max)
    return FALSE;
  guint64 v = 0;
  for (; s < end; s++)
    {
      if (!g_ascii_isdigit (*s))
        return FALSE;
      v = v * 10 + (guint64) (*s - '0');
    }
  *out = neg ? -(gint64) v : (gint64) v;
  return TRUE;
}

/* The row path's way for input row @r of @in: its nodes into self->cand. FALSE with
 * @error set on error. */
static gboolean
row_candidates (OpScan *self, KgBatch *in, guint r, GError **error)
{
  KgExec *exec = self->base.exec;
  kg_batch_load_row (exec, in, r);
  GError *local = NULL;
  if (!start (self, &local))
    {
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, local);
      return FALSE;
    }
  guint props = self->check.n_props - (self->seeking ? 1 : 0);
  gboolean simple = props == 0 && self->check.props_param == NULL && self->check.dynamic == NULL && self->check.n_labels <= 1;
  KgNodeId id;
  while (kg_node_iter_next (&self->iter, &id))
    {
      if (!simple)
        {
          if (!kg_exec_check (exec, error))
            return FALSE;
          kg_exec_set_id (exec, self->slot, KG_VALUE_NODE, id);
          int ok = self->seeking ? check_seek_candidate (self, id, error) : kg_entity_check_node (exec, &self->check, id, error);
          if (ok < 0)
            return FALSE;
          if (ok == 0)
            continue;
        }
      g_array_append_val (self->cand, id);
    }
  return TRUE;
}

/* Decides SeekBatch for a new input batch. */
static void
seek_batch_start (OpScan *self, KgBatch *in, SeekBatch *sb)
{
  KgExec *exec = self->base.exec;
  memset (sb, 0, sizeof *sb);
  if (self->fast != FAST_INTEGER && self->fast != FAST_FLOAT)
    return;
  sb->label = kg_exec_sym (exec, KG_SYM_LABEL, self->check.labels[0], &self->check.label_syms[0]);
  if (sb->label == KG_NONE)
    {
      sb->none = TRUE; /* as start() */
      return;
    }
  KgPropCheck *pc = &self->check.props[self->index_prop];
  sb->key = kg_exec_sym (exec, KG_SYM_KEY, pc->key, &pc->key_sym);
  if (sb->key == KG_NONE || !kg_graph_has_index (exec->graph, sb->label, sb->key))
    return;
  if (self->fields == NULL)
    self->fields = g_new (const KgCsvField *, KG_BATCH_MAX);
  sb->fast = kg_load_csv_batch_column (in, self->fast_slot, self->fast_name, self->fast_index, &self->fast_col, self->fields);
}

static KgOpStatus
index_next_batch (KgOp *op, KgBatch **out, GError **error)
{
  OpScan *self = (OpScan *) op;
  KgExec *exec = op->exec;
  KgBatch *b = &self->batch;
  if (b->n_cols == 0)
    {
      KgValueType type = KG_VALUE_NODE;
      kg_batch_init (b, 1, &self->slot, &type, TRUE);
      self->cand = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
    }
  if (self->fast == FAST_UNDECIDED)
    fast_decide (self);
  for (;;)
    {
      if (self->in == NULL)
        {
          KgOpStatus st = kg_op_next_batch (op->child, &self->in, error);
          if (st != KG_NEXT_ROW)
            {
              self->in = NULL;
              return st;
            }
          self->in_pos = 0;
          g_array_set_size (self->cand, 0);
          self->cand_pos = 0;
          seek_batch_start (self, self->in, &self->sb);
        }
      const SeekBatch *sb = &self->sb;
      KgBatch *in = self->in;
      guint32 *ids = b->cols[0].ids;
      guint16 *pidx = b->pidx;
      guint k = 0;
      GError *local = NULL;
      KgNodeId bound = kg_graph_node_bound (exec->graph);
      guint max_digits = self->fast == FAST_INTEGER ? 18 : 15;
      for (;;)
        {
          const KgNodeId *c = (const KgNodeId *) self->cand->data;
          while (self->cand_pos < self->cand->len && k < KG_BATCH_MAX)
            {
              ids[k] = c[self->cand_pos++];
              pidx[k++] = (guint16) self->cand_row;
            }
          if (k == KG_BATCH_MAX || self->in_pos >= in->n_sel)
            break;
          guint r = kg_batch_row (in, self->in_pos++);
          if (self->cand->len > 0)
            g_array_set_size (self->cand, 0);
          self->cand_pos = 0;
          self->cand_row = r;
          if (sb->none)
            continue;
          if (sb->fast)
            {
              const KgCsvField *f = self->fields[r];
              if (f == NULL)
                continue; /* a null finds nothing */
              gint64 v;
              guint n;
              /* a float of up to 15 digits is that integer exactly, which `=` finds as it */
              const KgNodeId *found = field_digits (f, max_digits, &v) ? kg_graph_index_ids_int (exec->graph, sb->label, sb->key, v, &n) : NULL;
              if (found != NULL)
                {
                  guint m = 0;
                  for (; m < n && k < KG_BATCH_MAX && found[m] < bound; m++)
                    {
                      ids[k] = found[m];
                      pidx[k++] = (guint16) r;
                    }
                  for (; m < n && found[m] < bound; m++)
                    g_array_append_val (self->cand, found[m]);
                  continue;
                }
            }
          if (!row_candidates (self, in, r, &local))
            break;
        }
      b->parent = in;
      b->n = k;
      b->sel = NULL;
      b->n_sel = k;
      if (local != NULL)
        {
          self->in = NULL;
          return kg_op_batch_then_error (op, b, out, local, error);
        }
      if (self->in_pos >= in->n_sel && self->cand_pos >= self->cand->len)
        self->in = NULL; /* the input stays valid until the next call pulls another */
      if (k > 0)
        {
          *out = b;
          return KG_NEXT_ROW;
        }
    }
}

gboolean
kg_op_is_index_seek (const KgOp *op)
{
  return op->klass->next_batch == index_next_batch && op->inner == NULL && ((const OpScan *) op)->morsels == NULL;
}

static void
scan_close (KgOp *op)
{
  OpScan *self = (OpScan *) op;
  kg_value_clear (&self->seek_value);
  self->in = NULL;
  self->fast_col.file_no = 0;
}

static void
scan_free (KgOp *op)
{
  OpScan *self = (OpScan *) op;
  kg_entity_check_clear (&self->check);
  g_free (self->var);
  kg_batch_clear (&self->batch);
  g_free (self->sel);
  g_free (self->scratch);
  if (self->cand)
    g_array_unref (self->cand);
  g_free (self->fields);
}

static void
scan_describe (KgOp *op, GString *out)
{
  OpScan *self = (OpScan *) op;
  g_string_append_printf (out, "(%s", self->var);
  kg_entity_check_describe (&self->check, out);
  g_string_append (out, ")");
  if (self->kind == KG_SCAN_INDEX)
    {
      g_string_append_printf (out, " index=%s.%s = ", self->check.labels[0], self->check.props[self->index_prop].key);
      kg_expr_describe (out, self->check.props[self->index_prop].expr);
    }
}

static const KgOpClass all_class = {
  .name = "AllNodesScan",
  .size = sizeof (OpScan),
  .open = scan_open,
  .next = scan_next,
  .close = scan_close,
  .free = scan_free,
  .describe = scan_describe,
  .next_batch = scan_next_batch,
  .batch_mode = scan_batch_mode,
};

static const KgOpClass label_class = {
  .name = "LabelScan",
  .size = sizeof (OpScan),
  .open = scan_open,
  .next = scan_next,
  .close = scan_close,
  .free = scan_free,
  .describe = scan_describe,
  .next_batch = scan_next_batch,
  .batch_mode = scan_batch_mode,
};

static const KgOpClass index_class = {
  .name = "IndexSeek",
  .size = sizeof (OpScan),
  .open = scan_open,
  .next = scan_next,
  .close = scan_close,
  .free = scan_free,
  .describe = scan_describe,
  .next_batch = index_next_batch,
};

KgOp *
kg_op_node_scan_new (KgExec *exec, KgOp *child, KgScanKind kind, int slot, const char *var, KgEntityCheck *check, int index_prop)
{
  const KgOpClass *k = kind == KG_SCAN_ALL ? &all_class : kind == KG_SCAN_LABEL ? &label_class
                                                                                : &index_class;
  OpScan *self = (OpScan *) kg_op_new (k, exec, child);
  self->kind = kind;
  self->slot = slot;
  self->var = g_strdup (var ? var : "");
  self->check = *check;
  memset (check, 0, sizeof *check);
  self->index_prop = index_prop;
  return &self->base;
}

void
kg_op_node_scan_set_morsels (KgOp *scan, KgMorsels *m)
{
  g_return_if_fail (scan->klass == &label_class || scan->klass == &all_class);
  ((OpScan *) scan)->morsels = m;
}

void
kg_op_node_scan_set_range (KgOp *op, KgNodeId lo, KgNodeId hi)
{
  g_return_if_fail (op->klass == &all_class || op->klass == &label_class);
  OpScan *self = (OpScan *) op;
  self->ranged = TRUE;
  self->lo = lo;
  self->hi = hi;
}

/* --- NodeByIdSeek ------------------------------------------------------------------ */

typedef struct
{
  OpScan scan;
  KgAst *value;     /* borrowed */
  gboolean element; /* the value is an element id ("n:42") */
} OpById;

/* The node id(n) = @v (or elementId(n) = @v) holds for, if there can be one: `=` is
 * true of an integer and of a float of the same value, and elementId() writes "n:" and
 * the id in decimal. */
static gboolean
seek_id (const KgValue *v, gboolean element, KgNodeId *out)
{
  if (element)
    {
      if (v->type != KG_VALUE_STRING || v->u.s[0] != 'n' || v->u.s[1] != ':')
        return FALSE;
      const char *digits = v->u.s + 2;
      char *end = NULL;
      guint64 n = g_ascii_strtoull (digits, &end, 10);
      if (end == digits || *end != '\0' || n >= KG_NONE || (digits[0] == '0' && digits[1] != '\0') ||
          !g_ascii_isdigit (digits[0]))
        return FALSE;
      *out = (KgNodeId) n;
      return TRUE;
    }
  double f;
  if (v->type == KG_VALUE_INT)
    {
      if (v->u.i < 0 || v->u.i >= KG_NONE)
        return FALSE;
      *out = (KgNodeId) v->u.i;
      return TRUE;
    }
  if (v->type != KG_VALUE_FLOAT)
    return FALSE;
  f = v->u.f;
  if (!(f >= 0 && f < KG_NONE) || f != (double) (KgNodeId) f)
    return FALSE;
  *out = (KgNodeId) f;
  return TRUE;
}

static KgOpStatus
by_id_next (KgOp *op, GError **error)
{
  OpById *self = (OpById *) op;
  KgExec *exec = op->exec;
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      KgValue v = KG_VALUE_INIT;
      if (!kg_expr_eval (&exec->env, self->value, &v, error))
        return KG_NEXT_ERROR;
      KgNodeId id;
      gboolean found = seek_id (&v, self->element, &id) && kg_graph_node_exists (exec->graph, id);
      kg_value_clear (&v);
      if (!found)
        continue;
      kg_exec_set_id (exec, self->scan.slot, KG_VALUE_NODE, id);
      int ok = kg_entity_check_node (exec, &self->scan.check, id, error);
      if (ok < 0)
        return KG_NEXT_ERROR;
      if (ok)
        return KG_NEXT_ROW;
    }
}

static void
by_id_describe (KgOp *op, GString *out)
{
  OpById *self = (OpById *) op;
  scan_describe (op, out);
  g_string_append (out, self->element ? " elementId = " : " id = ");
  kg_expr_describe (out, self->value);
}

static const KgOpClass by_id_class = {
  .name = "NodeByIdSeek",
  .size = sizeof (OpById),
  .next = by_id_next,
  .free = scan_free,
  .describe = by_id_describe,
};

KgOp *
kg_op_node_by_id_new (KgExec *exec, KgOp *child, int slot, const char *var, KgEntityCheck *check, KgAst *value, gboolean element)
{
  OpById *self = (OpById *) kg_op_new (&by_id_class, exec, child);
  self->scan.slot = slot;
  self->scan.var = g_strdup (var ? var : "");
  self->scan.check = *check;
  memset (check, 0, sizeof *check);
  self->value = value;
  self->element = element;
  return &self->scan.base;
}

/* --- NodeCheck ------------------------------------------------------------------ */

/* Whether the value @v of the checked slot passes: 1, 0, or -1 with @error set. */
static int
check_value (OpScan *self, const KgValue *v, GError **error)
{
  KgExec *exec = self->base.exec;
  if (v->type == KG_VALUE_EDGE) /* the properties of a relationship checked after the whole pattern */
    return kg_entity_check_edge (exec, &self->check, v->u.id, error);
  if (v->type != KG_VALUE_NODE)
    {
      if (v->type == KG_VALUE_NULL)
        return 0;
      kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &self->check.span,
                          "variable `%s` holds %s, not a node", self->var, kg_value_type_name (v->type));
      return -1;
    }
  if (!kg_graph_node_exists (exec->graph, v->u.id))
    return 0;
  return kg_entity_check_node (exec, &self->check, v->u.id, error);
}

static KgOpStatus
check_next (KgOp *op, GError **error)
{
  OpScan *self = (OpScan *) op;
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      int ok = check_value (self, &op->exec->slots[self->slot], error);
      if (ok < 0)
        return KG_NEXT_ERROR;
      if (ok)
        return KG_NEXT_ROW;
    }
}

static int
check_batch_mode (KgOp *op)
{
  return op->child->batch == KG_BATCH_OUT ? KG_BATCH_OUT : KG_BATCH_NONE;
}

/* Narrows the selection of each input batch to the rows that pass. When the check is
 * labels alone and the slot is a column of the batch's chain, the ids are read from the
 * column and the labels resolved once per batch; otherwise (properties, whose values
 * may read any slot of the row, or a slot the row holds) each row is loaded and checked
 * as the row path does. */
static KgOpStatus
check_next_batch (KgOp *op, KgBatch **out, GError **error)
{
  OpScan *self = (OpScan *) op;
  KgExec *exec = op->exec;
  KgEntityCheck *c = &self->check;
  KgBatch *b;
  KgOpStatus st = kg_op_next_batch (op->child, &b, error);
  if (st != KG_NEXT_ROW)
    return st;
  if (self->sel == NULL)
    {
      self->sel = g_new (guint16, KG_BATCH_MAX);
      self->scratch = g_new (guint32, KG_BATCH_MAX);
    }
  *out = b;
  guint n = 0;
  KgValueType type = KG_VALUE_NULL;
  gboolean labels_only = c->n_props == 0 && c->props_param == NULL && c->dynamic == NULL;
  const guint32 *ids = labels_only ? kg_batch_ids (b, self->slot, self->scratch, &type) : NULL;
  if (ids && type == KG_VALUE_NODE)
    {
      /* the labels once; an unknown one: no node has it */
      KgSymbol labels[8];
      guint n_labels = MIN (c->n_labels, G_N_ELEMENTS (labels));
      gboolean known = TRUE;
      for (guint l = 0; l < n_labels && known; l++)
        {
          labels[l] = kg_exec_sym (exec, KG_SYM_LABEL, c->labels[l], &c->label_syms[l]);
          known = labels[l] != KG_NONE;
        }
      for (guint i = 0; known && i < b->n_sel; i++)
        {
          guint r = kg_batch_row (b, i);
          KgNodeId id = ids[r];
          gboolean ok = kg_graph_node_exists (exec->graph, id);
          for (guint l = 0; l < n_labels && ok; l++)
            ok = kg_graph_node_has_label (exec->graph, id, labels[l]);
          /* more labels than the array holds: the rest checked the general way */
          if (ok && n_labels < c->n_labels)
            {
              GError *local = NULL;
              int k = kg_entity_check_node (exec, c, id, &local);
              if (k < 0)
                {
                  b->sel = self->sel;
                  b->n_sel = n;
                  return kg_op_batch_then_error (op, b, out, local, error);
                }
              ok = k == 1;
            }
          self->sel[n] = (guint16) r;
          n += ok;
        }
    }
  else
    {
      for (guint i = 0; i < b->n_sel; i++)
        {
          guint r = kg_batch_row (b, i);
          kg_batch_load_row (exec, b, r);
          GError *local = NULL;
          int ok = check_value (self, &exec->slots[self->slot], &local);
          if (ok < 0)
            {
              b->sel = self->sel;
              b->n_sel = n;
              return kg_op_batch_then_error (op, b, out, local, error);
            }
          self->sel[n] = (guint16) r;
          n += ok == 1;
        }
    }
  b->sel = self->sel;
  b->n_sel = n;
  return KG_NEXT_ROW;
}

static const KgOpClass check_class = {
  .name = "NodeCheck",
  .size = sizeof (OpScan),
  .next = check_next,
  .free = scan_free,
  .describe = scan_describe,
  .next_batch = check_next_batch,
  .batch_mode = check_batch_mode,
};

KgOp *
kg_op_node_check_new (KgExec *exec, KgOp *child, int slot, const char *var, KgEntityCheck *check)
{
  OpScan *self = (OpScan *) kg_op_new (&check_class, exec, child);
  self->slot = slot;
  self->var = g_strdup (var ? var : "");
  self->check = *check;
  memset (check, 0, sizeof *check);
  return &self->base;
}
