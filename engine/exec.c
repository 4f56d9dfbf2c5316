/* engine/exec.c — running a plan: the operator protocol, the shared row, checks of
 * cancellation, time and memory, inline entity checks, pattern subplans, EXPLAIN text.
 *
 * Does not bind or plan (bind.c, plan.c) and does not implement operators (ops/).
 */
#include "engine/exec-private.h"
#include "common/print.h"

#include <malloc.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define KG_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KG_ASAN 1
#endif
#endif
#ifdef KG_ASAN
size_t __sanitizer_get_current_allocated_bytes (void);
#endif

/* --- Execution context ---------------------------------------------------------- */

/* Bytes of heap the process has in use (what malloc handed out and not freed). */
static guint64
heap_in_use (void)
{
#ifdef KG_ASAN
  return __sanitizer_get_current_allocated_bytes ();
#else
  struct mallinfo2 mi = mallinfo2 ();
  return (guint64) mi.uordblks + (guint64) mi.hblkhd;
#endif
}

/* The heap a copy of a parallel plan may take beyond the first's for its working buffers. */
#define KG_EXEC_COPY_HEAP (512 * 1024)

/* The memory ceiling counts what operators charge (sorts, groups, buffers) and, every
 * so often, how much the heap has grown since the query started, which also catches
 * state no operator charges (a collect() list, a long string). */
static gboolean
over_memory (KgExec *exec)
{
  if (exec->max_memory == 0)
    return FALSE;
  if (exec->mem_used > exec->max_memory)
    return TRUE;
  if (exec->par && __atomic_load_n (&exec->par->mem_used, __ATOMIC_RELAXED) > exec->max_memory)
    return TRUE;
  if (exec->heap_base == 0)
    {
      exec->heap_base = heap_in_use () + 1;
      return FALSE;
    }
  if ((exec->tick & ((1u << 14) - 1)) != 0)
    return FALSE;
  guint64 now = heap_in_use ();
  /* the heap is the process's: in a parallel plan it holds the other copies' working
   * buffers too (batch vectors, hash tables' first blocks), which charged state does not
   * count either; each copy past the first is allowed KG_EXEC_COPY_HEAP for them */
  guint64 allowed = exec->max_memory + (exec->par && exec->par->copies > 1 ? (guint64) (exec->par->copies - 1) * KG_EXEC_COPY_HEAP : 0);
  return now > exec->heap_base && now - exec->heap_base > allowed;
}

gboolean
kg_exec_check_slow (KgExec *exec, GError **error)
{
  if (over_memory (exec))
    {
      kg_query_error_set (error, KG_QUERY_ERROR_LIMIT, exec->filename, NULL,
                          "query uses more than its memory limit of %" G_GUINT64_FORMAT " bytes",
                          exec->max_memory);
      return FALSE;
    }
  if (exec->cancel != NULL && g_atomic_int_get (exec->cancel) != 0)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_CANCELLED, exec->filename, NULL, "query cancelled");
      return FALSE;
    }
  if (exec->par != NULL && g_atomic_int_get (&exec->par->stop) != 0)
    {
      /* another worker failed: its error is the one reported (op-gather.c) */
      kg_query_error_set (error, KG_QUERY_ERROR_CANCELLED, exec->filename, NULL, "query stopped");
      return FALSE;
    }
  if (exec->deadline_us != 0 && g_get_monotonic_time () > exec->deadline_us)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_LIMIT, exec->filename, NULL, "query timed out");
      return FALSE;
    }
  return TRUE;
}

gboolean
kg_exec_charge (KgExec *exec, guint64 bytes, GError **error)
{
  exec->mem_used += bytes;
  guint64 used = exec->mem_used;
  if (exec->par)
    used = __atomic_add_fetch (&exec->par->mem_used, bytes, __ATOMIC_RELAXED);
  if (exec->max_memory != 0 && used > exec->max_memory)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_LIMIT, exec->filename, NULL,
                          "query uses more than its memory limit of %" G_GUINT64_FORMAT " bytes",
                          exec->max_memory);
      return FALSE;
    }
  return kg_exec_check (exec, error);
}

gboolean
kg_exec_cache_may_charge (KgExec *exec, guint64 bytes)
{
  if (exec->max_memory == 0)
    return TRUE;
  guint64 used = exec->par ? __atomic_load_n (&exec->par->mem_used, __ATOMIC_RELAXED) : exec->mem_used;
  return used + bytes <= exec->max_memory / 2;
}

gboolean
kg_exec_progress_due (KgExec *exec)
{
  if (exec->progress == NULL)
    return FALSE;
  gint64 now = g_get_monotonic_time ();
  return exec->progress_start == 0 || now - exec->progress_last >= KG_EXEC_PROGRESS_EVERY_US;
}

void
kg_exec_progress (KgExec *exec, const char *task, const char *phase, double fraction)
{
  if (!kg_exec_progress_due (exec))
    return;
  gint64 now = g_get_monotonic_time ();
  if (exec->progress_start == 0)
    exec->progress_start = now;
  exec->progress_last = now;
  exec->progress (task, phase, fraction > 1 ? 1 : fraction, now - exec->progress_start, exec->progress_data);
}

void
kg_exec_progress_end (KgExec *exec)
{
  if (exec->progress == NULL || exec->progress_start == 0)
    return;
  exec->progress (NULL, NULL, 1, g_get_monotonic_time () - exec->progress_start, exec->progress_data);
  exec->progress_start = 0;
  exec->progress_last = 0;
}

KgValue *
kg_exec_save_row (KgExec *exec)
{
  KgValue *row = g_new (KgValue, exec->n_slots);
  for (guint i = 0; i < exec->n_slots; i++)
    kg_value_copy (&exec->slots[i], &row[i]);
  return row;
}

void
kg_exec_restore_row (KgExec *exec, const KgValue *row)
{
  for (guint i = 0; i < exec->n_slots; i++)
    {
      kg_value_clear (&exec->slots[i]);
      kg_value_copy (&row[i], &exec->slots[i]);
    }
}

void
kg_exec_take_row (KgExec *exec, KgValue *row)
{
  for (guint i = 0; i < exec->n_slots; i++)
    {
      kg_value_clear (&exec->slots[i]);
      exec->slots[i] = row[i];
    }
  g_free (row);
}

void
kg_exec_free_row (KgExec *exec, KgValue *row)
{
  if (row == NULL)
    return;
  for (guint i = 0; i < exec->n_slots; i++)
    kg_value_clear (&row[i]);
  g_free (row);
}

/* --- Fast property reads ---------------------------------------------------------- */

void
kg_fast_prop_init (KgFastProp *f, const KgAst *expr)
{
  memset (f, 0, sizeof *f);
  f->sym = KG_NONE;
  if (expr && expr->kind == KG_AST_PROPERTY && expr->slot < 0 && kg_ast_child (expr, 0) &&
      kg_ast_child (expr, 0)->kind == KG_AST_VARIABLE && kg_ast_child (expr, 0)->slot >= 0)
    {
      f->on = TRUE;
      f->slot = kg_ast_child (expr, 0)->slot;
      f->key = expr->name;
    }
}

/* --- Slots ---------------------------------------------------------------------- */

void
kg_slots_add (KgSlots *s, int slot)
{
  s->v = g_renew (int, s->v, s->n + 1);
  s->v[s->n++] = slot;
}

void
kg_slots_copy (KgSlots *dst, const KgSlots *src)
{
  dst->n = src->n;
  dst->v = src->n ? g_memdup2 (src->v, sizeof (int) * src->n) : NULL;
}

void
kg_slots_clear (KgSlots *s)
{
  g_clear_pointer (&s->v, g_free);
  s->n = 0;
}

/* Evaluates a SKIP or LIMIT count: a non-negative integer. */
gboolean
kg_eval_count (KgExec *exec, KgAst *expr, const char *what, gint64 *out, GError **error)
{
  KgValue v = KG_VALUE_INIT;
  if (!kg_expr_eval (&exec->env, expr, &v, error))
    return FALSE;
  if (v.type == KG_VALUE_FLOAT && v.u.f == (double) (gint64) v.u.f)
    {
      /* Cypher rejects floats even when whole */
    }
  if (v.type != KG_VALUE_INT)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, exec->filename, &expr->span,
                          "%s expects a non-negative integer, got %s", what, kg_value_type_name (v.type));
      kg_value_clear (&v);
      return FALSE;
    }
  if (v.u.i < 0)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, exec->filename, &expr->span,
                          "%s expects a non-negative integer, got %" G_GINT64_FORMAT, what, v.u.i);
      return FALSE;
    }
  *out = v.u.i;
  return TRUE;
}

/* --- Operators ------------------------------------------------------------------ */

KgOp *
kg_op_new (const KgOpClass *klass, KgExec *exec, KgOp *child)
{
  g_assert (klass->size >= sizeof (KgOp));
  KgOp *op = g_malloc0 (klass->size);
  op->klass = klass;
  op->exec = exec;
  op->child = child;
  op->est_rows = -1;
  return op;
}

void
kg_op_free (KgOp *op)
{
  if (op == NULL)
    return;
  kg_op_close (op);
  g_clear_error (&op->pending);
  if (op->klass->free)
    op->klass->free (op);
  kg_op_free (op->child);
  kg_op_free (op->inner);
  if (op->extra)
    g_ptr_array_free (op->extra, TRUE);
  g_free (op);
}

gboolean
kg_op_open (KgOp *op, GError **error)
{
  if (op->opened)
    kg_op_close (op);
  op->opened = TRUE;
  op->adapt = NULL;
  op->adapt_pos = 0;
  g_clear_error (&op->pending);
  if (op->child && !kg_op_open (op->child, error))
    return FALSE;
  /* inner inputs are opened by their owner, per row */
  if (op->klass->open)
    return op->klass->open (op, error);
  return TRUE;
}

void
kg_op_close (KgOp *op)
{
  if (!op->opened)
    return;
  op->opened = FALSE;
  if (op->klass->close)
    op->klass->close (op);
  if (op->child)
    kg_op_close (op->child);
  if (op->inner)
    kg_op_close (op->inner);
  if (op->extra)
    for (guint i = 0; i < op->extra->len; i++)
      kg_op_close (g_ptr_array_index (op->extra, i));
}

KgOpStatus
kg_op_next (KgOp *op, GError **error)
{
  KgExec *exec = op->exec;
  if (op->batch == KG_BATCH_OUT)
    return kg_op_next_from_batch (op, error);
  if (!kg_exec_check (exec, error))
    return KG_NEXT_ERROR;
  if (G_UNLIKELY (exec->profile))
    {
      gint64 t0 = g_get_monotonic_time ();
      KgOpStatus st = op->klass->next (op, error);
      op->time_us += g_get_monotonic_time () - t0;
      if (st == KG_NEXT_ROW)
        op->rows++;
      return st;
    }
  KgOpStatus st = op->klass->next (op, error);
  if (st == KG_NEXT_ROW)
    op->rows++;
  return st;
}

/* Time spent in @op's own code: its total minus its inputs' totals. */
static gint64
self_time (KgOp *op)
{
  gint64 t = op->time_us;
  if (op->child)
    t -= op->child->time_us;
  if (op->inner)
    t -= op->inner->time_us;
  if (op->extra)
    for (guint i = 0; i < op->extra->len; i++)
      t -= ((KgOp *) g_ptr_array_index (op->extra, i))->time_us;
  return MAX (t, 0);
}

double
kg_op_estimate (const KgOp *op)
{
  for (; op != NULL; op = op->child)
    if (op->est_rows >= 0 || op->child == NULL)
      return op->est_rows >= 0 ? op->est_rows : 1.0;
  return 1.0;
}

void
kg_op_walk (KgOp *op, guint depth, gboolean profile, KgPlanVisitFunc visit, gpointer user_data)
{
  g_autoptr (GString) details = g_string_new (NULL);
  if (op->klass->describe)
    op->klass->describe (op, details);
  KgPlanOpInfo info = {
    .name = op->klass->name,
    .details = details->str,
    .estimated_rows = kg_op_estimate (op),
    .rows = op->rows,
    .time_us = profile ? self_time (op) : 0,
    .depth = depth,
    .n_children = (op->extra ? op->extra->len : 0) + (op->inner != NULL) + (op->child != NULL),
    .batch = op->batch != KG_BATCH_NONE,
  };
  visit (&info, user_data);
  if (op->extra)
    for (guint i = 0; i < op->extra->len; i++)
      kg_op_walk (g_ptr_array_index (op->extra, i), depth + 1, profile, visit, user_data);
  if (op->inner)
    kg_op_walk (op->inner, depth + 1, profile, visit, user_data);
  if (op->child)
    kg_op_walk (op->child, depth + 1, profile, visit, user_data);
}

typedef struct
{
  GString *out;
  gboolean profile;
} DescribeState;

/* One line of EXPLAIN's text. */
static void
describe_line (const KgPlanOpInfo *op, gpointer user_data)
{
  DescribeState *st = user_data;
  GString *out = st->out;
  for (guint i = 0; i < op->depth; i++)
    g_string_append (out, "  ");
  g_string_append (out, op->name);
  if (op->details[0] != '\0')
    g_string_append_printf (out, " %s", op->details);
  double est = op->estimated_rows;
  char est_text[32];
  if (est >= 1 || est == 0)
    g_snprintf (est_text, sizeof est_text, "%.0f", est);
  else
    g_snprintf (est_text, sizeof est_text, "%.2g", est);
  const char *batch = op->batch ? " batch" : "";
  if (st->profile)
    g_string_append_printf (out, "  [est=%s rows=%" G_GUINT64_FORMAT " time=%.3fms%s]", est_text, op->rows,
                            op->time_us / 1000.0, batch);
  else
    g_string_append_printf (out, "  [est=%s%s]", est_text, batch);
  g_string_append_c (out, '\n');
}

void
kg_op_describe_tree (KgOp *op, GString *out, int depth, gboolean profile)
{
  DescribeState st = { out, profile };
  kg_op_walk (op, (guint) depth, profile, describe_line, &st);
}

/* --- Entity checks -------------------------------------------------------------- */

void
kg_entity_check_init (KgEntityCheck *check, const KgAst *pattern, gboolean labels)
{
  memset (check, 0, sizeof *check);
  check->span = pattern->span;
  if (kg_ast_has_dynamic_labels (pattern))
    {
      /* with a dynamic type, the static types are checked here too (the expansion
       * follows every type) */
      check->dynamic = pattern;
      check->alternatives = !labels;
      labels = TRUE;
    }
  if (labels && pattern->names && pattern->names->len > 0)
    {
      check->n_labels = pattern->names->len;
      check->labels = g_new0 (char *, check->n_labels + 1);
      check->label_syms = g_new (KgSymbol, check->n_labels);
      for (guint i = 0; i < check->n_labels; i++)
        {
          check->labels[i] = g_strdup (g_ptr_array_index (pattern->names, i));
          check->label_syms[i] = KG_NONE;
        }
    }
  KgAst *props = kg_ast_child (pattern, 0);
  if (props == NULL)
    return;
  if (props->kind == KG_AST_MAP)
    {
      guint n = kg_ast_n_children (props);
      check->n_props = n;
      check->props = g_new0 (KgPropCheck, n);
      for (guint i = 0; i < n; i++)
        {
          check->props[i].key = g_strdup (kg_ast_name_at (props, i));
          check->props[i].key_sym = KG_NONE;
          check->props[i].expr = kg_ast_child (props, i);
        }
    }
  else
    check->props_param = props;
}

/* The names a constant DYNAMIC_LABEL gives, kept by its check (KgEntityCheck.dynamic_names). */
typedef struct
{
  GPtrArray *names;  /* (element-type utf8) */
  KgSymbol *symbols; /* resolved as they come to exist (kg_exec_sym) */
} KgDynamicNames;

static void
dynamic_names_free (gpointer p)
{
  KgDynamicNames *d = p;
  if (d == NULL)
    return;
  g_ptr_array_unref (d->names);
  g_free (d->symbols);
  g_free (d);
}

void
kg_entity_check_clear (KgEntityCheck *check)
{
  if (check->dynamic_names)
    g_ptr_array_unref (check->dynamic_names);
  g_strfreev (check->labels);
  g_free (check->label_syms);
  for (guint i = 0; i < check->n_props; i++)
    g_free (check->props[i].key);
  g_free (check->props);
  memset (check, 0, sizeof *check);
}

gboolean
kg_entity_check_empty (const KgEntityCheck *check)
{
  return check->n_labels == 0 && check->n_props == 0 && check->props_param == NULL && check->dynamic == NULL;
}

static int
check_props (KgExec *exec, KgEntityCheck *check, gboolean node, guint32 id, GError **error)
{
  for (guint i = 0; i < check->n_props; i++)
    {
      KgPropCheck *pc = &check->props[i];
      KgSymbol key = kg_exec_sym (exec, KG_SYM_KEY, pc->key, &pc->key_sym);
      if (key == KG_NONE)
        return 0;
      const KgValue *have = node ? kg_graph_node_prop (exec->graph, id, key) : kg_graph_edge_prop (exec->graph, id, key);
      if (have == NULL)
        return 0;
      KgValue want = KG_VALUE_INIT;
      if (!kg_expr_eval (&exec->env, pc->expr, &want, error))
        return -1;
      KgTri eq = kg_value_equals (have, &want);
      kg_value_clear (&want);
      if (eq != KG_TRI_TRUE)
        return 0;
    }
  if (check->props_param)
    {
      KgValue want = KG_VALUE_INIT;
      if (!kg_expr_eval (&exec->env, check->props_param, &want, error))
        return -1;
      int ok = 1;
      if (want.type == KG_VALUE_MAP)
        {
          for (guint i = 0; i < want.u.map->len && ok; i++)
            {
              KgSymbol key = kg_graph_lookup (exec->graph, KG_SYM_KEY, want.u.map->keys[i]);
              const KgValue *have = key == KG_NONE ? NULL : node ? kg_graph_node_prop (exec->graph, id, key)
                                                                 : kg_graph_edge_prop (exec->graph, id, key);
              if (have == NULL || kg_value_equals (have, &want.u.map->vals[i]) != KG_TRI_TRUE)
                ok = 0;
            }
        }
      else if (want.type != KG_VALUE_NULL)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &check->props_param->span,
                              "expected a map of properties, got %s", kg_value_type_name (want.type));
          ok = -1;
        }
      kg_value_clear (&want);
      return ok;
    }
  return 1;
}

/* Whether the expression of DYNAMIC_LABEL @dyn has one value for the whole statement. */
static gboolean
dynamic_is_constant (const KgAst *dyn)
{
  const KgAst *e = kg_ast_child (dyn, 0);
  return e->kind == KG_AST_LITERAL || e->kind == KG_AST_PARAMETER || e->fold >= 0;
}

/* kg_dynamic_label_matches() for the @i-th DYNAMIC_LABEL @dyn of @check, with the names
 * of a constant expression evaluated once: an AllNodesScan checks every node. */
static int
dynamic_matches (KgExec *exec, KgEntityCheck *check, guint i, const KgAst *dyn, gboolean node, guint32 id, GError **error)
{
  if (!dynamic_is_constant (dyn))
    return kg_dynamic_label_matches (&exec->env, dyn, node, id, error);
  if (check->dynamic_names == NULL)
    check->dynamic_names = g_ptr_array_new_with_free_func (dynamic_names_free);
  if (check->dynamic_names->len <= i)
    g_ptr_array_set_size (check->dynamic_names, i + 1);
  KgDynamicNames *d = check->dynamic_names->pdata[i];
  if (d == NULL)
    {
      GPtrArray *names = kg_eval_dynamic_label (&exec->env, dyn, !node, error);
      if (names == NULL)
        return -1;
      d = g_new0 (KgDynamicNames, 1);
      d->names = names;
      d->symbols = g_new (KgSymbol, MAX (names->len, 1));
      for (guint j = 0; j < names->len; j++)
        d->symbols[j] = KG_NONE;
      check->dynamic_names->pdata[i] = d;
    }
  gboolean any = dyn->op == KG_DYN_LABEL_ANY;
  for (guint j = 0; j < d->names->len; j++)
    {
      KgSymbol sym = kg_exec_sym (exec, node ? KG_SYM_LABEL : KG_SYM_TYPE, d->names->pdata[j], &d->symbols[j]);
      gboolean has = sym != KG_NONE && (node ? kg_graph_node_has_label (exec->graph, id, sym) : kg_graph_edge_type (exec->graph, id) == sym);
      if (has == any)
        return any ? 1 : 0;
    }
  return any ? 0 : 1;
}

/* The DYNAMIC_LABELs of check->dynamic for @id: all must match (a node), or one (a
 * relationship's type alternatives). 1, 0 or -1 (error). */
static int
check_dynamic (KgExec *exec, KgEntityCheck *check, gboolean node, guint32 id, GError **error)
{
  const KgAst *el = check->dynamic;
  guint first = kg_ast_dynamic_labels (el);
  for (guint i = first; i < kg_ast_n_children (el); i++)
    {
      int r = dynamic_matches (exec, check, i - first, kg_ast_child (el, i), node, id, error);
      if (r < 0 || r == (node ? 0 : 1))
        return r;
    }
  return node ? 1 : 0;
}

int
kg_entity_check_node (KgExec *exec, KgEntityCheck *check, KgNodeId node, GError **error)
{
  for (guint i = 0; i < check->n_labels; i++)
    {
      KgSymbol l = kg_exec_sym (exec, KG_SYM_LABEL, check->labels[i], &check->label_syms[i]);
      if (l == KG_NONE || !kg_graph_node_has_label (exec->graph, node, l))
        return 0;
    }
  if (check->dynamic != NULL)
    {
      int r = check_dynamic (exec, check, TRUE, node, error);
      if (r <= 0)
        return r;
    }
  if (check->n_props == 0 && check->props_param == NULL)
    return 1;
  return check_props (exec, check, TRUE, node, error);
}

int
kg_entity_check_edge (KgExec *exec, KgEntityCheck *check, KgEdgeId edge, GError **error)
{
  if (check->dynamic != NULL)
    {
      gboolean one = FALSE;
      KgSymbol type = kg_graph_edge_type (exec->graph, edge);
      for (guint i = 0; i < check->n_labels && !one; i++)
        one = kg_exec_sym (exec, KG_SYM_TYPE, check->labels[i], &check->label_syms[i]) == type;
      if (!one)
        {
          int r = check_dynamic (exec, check, FALSE, edge, error);
          if (r <= 0)
            return r;
        }
    }
  if (check->n_props == 0 && check->props_param == NULL)
    return 1;
  return check_props (exec, check, FALSE, edge, error);
}

void
kg_describe_labels (GString *out, const KgAst *el)
{
  gboolean rel = el->kind == KG_AST_REL_PATTERN;
  guint k = 0;
  for (guint i = 0; i < kg_ast_n_names (el); i++, k++)
    g_string_append_printf (out, "%s%s", rel && k ? "|" : ":", kg_ast_name_at (el, i));
  for (guint i = kg_ast_dynamic_labels (el); i < kg_ast_n_children (el); i++, k++)
    {
      g_string_append (out, rel && k ? "|" : ":");
      kg_expr_describe (out, kg_ast_child (el, i));
    }
}

void
kg_entity_check_describe (const KgEntityCheck *check, GString *out)
{
  for (guint i = 0; i < check->n_labels; i++)
    g_string_append_printf (out, "%s%s", check->alternatives && i > 0 ? "|" : ":", check->labels[i]);
  for (guint i = check->dynamic ? kg_ast_dynamic_labels (check->dynamic) : 0; check->dynamic && i < kg_ast_n_children (check->dynamic); i++)
    {
      g_string_append (out, check->alternatives && (i > 2 || check->n_labels > 0) ? "|" : ":");
      kg_expr_describe (out, kg_ast_child (check->dynamic, i));
    }
  if (check->n_props > 0)
    {
      g_string_append (out, " {");
      for (guint i = 0; i < check->n_props; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "", check->props[i].key);
      g_string_append (out, "}");
    }
  else if (check->props_param)
    g_string_append_printf (out, " $%s", check->props_param->name ? check->props_param->name : "");
}

/* --- Pattern expressions -------------------------------------------------------- */

/* Evaluates PATTERN_PREDICATE, EXISTS_SUBQUERY (EXISTS, COUNT, COLLECT) and
 * PATTERN_COMPREHENSION for the current row by running the subplan the planner built
 * for it. The subplan writes only
 * slots of its own, so the outer row survives. */
gboolean
kg_eval_pattern (KgEvalEnv *env, const KgAst *expr, KgValue *out, GError **error)
{
  KgPlan *plan = env->engine_data;
  KgSubplan *sp = plan ? g_hash_table_lookup (plan->subplans, expr) : NULL;
  *out = kg_value_null ();
  if (sp == NULL)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_UNSUPPORTED, env->filename, &expr->span,
                          "this pattern expression is not supported here");
      return FALSE;
    }
  if (!kg_op_open (sp->root, error))
    return FALSE;
  gboolean count = expr->kind == KG_AST_EXISTS_SUBQUERY && expr->op == KG_SUBQUERY_COUNT;
  gboolean collect = expr->kind == KG_AST_EXISTS_SUBQUERY && expr->op == KG_SUBQUERY_COLLECT;
  if (expr->kind != KG_AST_PATTERN_COMPREHENSION && !count && !collect)
    {
      KgOpStatus st = kg_op_next (sp->root, error);
      kg_op_close (sp->root);
      if (st == KG_NEXT_ERROR)
        return FALSE;
      *out = kg_value_bool (st == KG_NEXT_ROW);
      return TRUE;
    }
  if (count)
    {
      gint64 n = 0;
      KgOpStatus st;
      while ((st = kg_op_next (sp->root, error)) == KG_NEXT_ROW)
        n++;
      kg_op_close (sp->root);
      if (st == KG_NEXT_ERROR)
        return FALSE;
      *out = kg_value_int (n);
      return TRUE;
    }
  KgList *list = kg_list_new (4);
  for (;;)
    {
      KgOpStatus st = kg_op_next (sp->root, error);
      if (st == KG_NEXT_ERROR)
        {
          kg_list_unref (list);
          kg_op_close (sp->root);
          return FALSE;
        }
      if (st == KG_NEXT_DONE)
        break;
      KgValue v = KG_VALUE_INIT;
      if (collect)
        kg_value_copy (&env->slots[sp->value_slot], &v);
      else if (!kg_expr_eval (env, sp->projection, &v, error))
        {
          kg_list_unref (list);
          kg_op_close (sp->root);
          return FALSE;
        }
      kg_list_append (list, &v);
    }
  kg_op_close (sp->root);
  *out = kg_value_list (list);
  return TRUE;
}

/* --- Plans ---------------------------------------------------------------------- */

void
kg_exec_init (KgExec *exec, KgPlan *plan, KgGraph *graph, const KgPlanOptions *options)
{
  exec->graph = graph;
  exec->filename = options && options->filename ? options->filename : "<query>";
  exec->cancel = options ? options->cancel : NULL;
  exec->deadline_us = options ? options->deadline_us : 0;
  exec->max_memory = options ? options->max_memory : 0;
  exec->max_hops = options && options->max_hops ? options->max_hops : KG_PLAN_DEFAULT_MAX_HOPS;
  exec->rows_only = options && options->rows_only;
  exec->import_dir = options ? g_strdup (options->import_dir) : NULL;
  exec->progress = options ? options->progress : NULL;
  exec->progress_data = options ? options->progress_data : NULL;
  exec->commit_batch = options ? options->commit_batch : NULL;
  exec->commit_data = options ? options->commit_data : NULL;
  exec->env.graph = graph;
  exec->env.params = options ? options->params : NULL;
  exec->env.filename = exec->filename;
  exec->env.cancel = exec->cancel;
  exec->env.eval_pattern = kg_eval_pattern;
  exec->env.engine_data = plan;
}

void
kg_exec_alloc_slots (KgExec *exec)
{
  exec->slots = g_new0 (KgValue, MAX (exec->n_slots, 1u));
  exec->env.slots = exec->slots;
  exec->env.n_slots = exec->n_slots;
}

void
kg_plan_free (KgPlan *plan)
{
  if (plan == NULL)
    return;
  kg_op_free (plan->root);
  kg_expr_folded_free (plan->exec.env.folded, plan->exec.env.n_folded);
  if (plan->subplans)
    g_hash_table_destroy (plan->subplans);
  if (plan->exec.slots)
    {
      for (guint i = 0; i < plan->exec.n_slots; i++)
        kg_value_clear (&plan->exec.slots[i]);
      g_free (plan->exec.slots);
    }
  if (plan->columns)
    g_ptr_array_free (plan->columns, TRUE);
  if (plan->owned)
    g_ptr_array_free (plan->owned, TRUE);
  kg_slots_clear (&plan->column_slots);
  kg_ast_free (plan->query);
  if (plan->notices)
    g_ptr_array_free (plan->notices, TRUE);
  g_free (plan->exec.import_dir);
  g_free (plan);
}

void
kg_plan_set_deadline (KgPlan *plan, gint64 deadline_us)
{
  plan->exec.deadline_us = deadline_us;
}

guint
kg_plan_n_columns (KgPlan *plan)
{
  return plan->columns->len;
}

const char *
kg_plan_column_name (KgPlan *plan, guint column)
{
  g_return_val_if_fail (column < plan->columns->len, NULL);
  return g_ptr_array_index (plan->columns, column);
}

const char *
kg_plan_filename (KgPlan *plan)
{
  return plan->exec.filename;
}

guint
kg_plan_n_notices (KgPlan *plan)
{
  return plan->notices != NULL ? plan->notices->len : 0;
}

const KgNotice *
kg_plan_notice (KgPlan *plan, guint i)
{
  g_return_val_if_fail (i < kg_plan_n_notices (plan), NULL);
  return g_ptr_array_index (plan->notices, i);
}

gboolean
kg_plan_has_writes (KgPlan *plan)
{
  return plan->has_writes;
}

gboolean
kg_plan_is_explain (KgPlan *plan)
{
  return plan->explain;
}

gboolean
kg_plan_is_profile (KgPlan *plan)
{
  return plan->profile;
}

gboolean
kg_plan_next (KgPlan *plan, GError **error)
{
  if (plan->done || plan->explain)
    return FALSE;
  if (!plan->opened)
    {
      plan->opened = TRUE;
      if (!kg_op_open (plan->root, error))
        {
          plan->done = TRUE;
          return FALSE;
        }
    }
  KgOpStatus st = kg_op_next (plan->root, error);
  while (plan->drain_only && st == KG_NEXT_ROW)
    st = kg_op_next (plan->root, error);
  if (st != KG_NEXT_ROW)
    {
      plan->done = TRUE;
      kg_op_close (plan->root);
      return FALSE;
    }
  return TRUE;
}

const KgValue *
kg_plan_value (KgPlan *plan, guint column)
{
  g_return_val_if_fail (column < plan->column_slots.n, NULL);
  return &plan->exec.slots[plan->column_slots.v[column]];
}

const KgExecStats *
kg_plan_stats (KgPlan *plan)
{
  return &plan->exec.stats;
}

char *
kg_plan_describe (KgPlan *plan, gboolean profile)
{
  GString *out = g_string_new (NULL);
  kg_op_describe_tree (plan->root, out, 0, profile);
  return g_string_free (out, FALSE);
}

void
kg_plan_walk (KgPlan *plan, KgPlanVisitFunc visit, gpointer user_data)
{
  kg_op_walk (plan->root, 0, plan->profile, visit, user_data);
}

/* --- Expansion helpers ---------------------------------------------------------- */

void
kg_expand_spec_clear (KgExpandSpec *spec)
{
  g_strfreev (spec->types);
  g_free (spec->type_syms);
  kg_entity_check_clear (&spec->rel_check);
  kg_entity_check_clear (&spec->dst_check);
  kg_slots_clear (&spec->distinct_from);
  kg_slots_clear (&spec->distinct_from_lists);
  g_free (spec->text);
  for (guint i = 0; i < spec->n_prefetch; i++)
    g_free (spec->prefetch_keys[i]);
  g_free (spec->prefetch_type);
  memset (spec, 0, sizeof *spec);
}

static gboolean
multi_adj_start (KgExec *exec, KgExpandSpec *spec, KgMultiAdj *m)
{
  if (spec->n_types == 0)
    {
      if (m->ti > 0)
        return FALSE;
      kg_graph_adj_init (exec->graph, m->node, m->dir, KG_NONE, &m->it);
      m->ti = 1;
      return TRUE;
    }
  while (m->ti < spec->n_types)
    {
      guint i = m->ti++;
      KgSymbol t = kg_exec_sym (exec, KG_SYM_TYPE, spec->types[i], &spec->type_syms[i]);
      if (t == KG_NONE)
        continue;
      kg_graph_adj_init (exec->graph, m->node, m->dir, t, &m->it);
      return TRUE;
    }
  return FALSE;
}

guint
kg_multi_adj_degree (KgExec *exec, KgExpandSpec *spec, KgNodeId node, KgDirection dir)
{
  if (spec->n_types == 0)
    return kg_graph_degree (exec->graph, node, dir, KG_NONE);
  guint d = 0;
  for (guint i = 0; i < spec->n_types; i++)
    {
      KgSymbol t = kg_exec_sym (exec, KG_SYM_TYPE, spec->types[i], &spec->type_syms[i]);
      if (t != KG_NONE)
        d += kg_graph_degree (exec->graph, node, dir, t);
    }
  return d;
}

void
kg_multi_adj_init (KgExec *exec, KgExpandSpec *spec, KgNodeId node, KgDirection dir, KgMultiAdj *m)
{
  m->node = node;
  m->dir = dir;
  m->ti = 0;
  m->live = multi_adj_start (exec, spec, m);
}

gboolean
kg_multi_adj_next (KgExec *exec, KgExpandSpec *spec, KgMultiAdj *m, KgEdgeId *edge, KgNodeId *other)
{
  while (m->live)
    {
      if (kg_adj_iter_next (&m->it, edge, other))
        return TRUE;
      m->live = multi_adj_start (exec, spec, m);
    }
  return FALSE;
}

guint64
kg_multi_adj_count_marked (KgExec *exec, KgExpandSpec *spec, KgNodeId node, KgDirection dir, const guint8 *map, const guint64 *bits)
{
  KgMultiAdj m;
  kg_multi_adj_init (exec, spec, node, dir, &m);
  guint64 n = 0;
  while (m.live)
    {
      n += kg_adj_iter_count_marked (&m.it, map, bits);
      m.live = multi_adj_start (exec, spec, &m);
    }
  return n;
}

gboolean
kg_expand_edge_is_free (KgExec *exec, const KgExpandSpec *spec, KgEdgeId edge)
{
  for (guint i = 0; i < spec->distinct_from.n; i++)
    {
      const KgValue *v = &exec->slots[spec->distinct_from.v[i]];
      if (v->type == KG_VALUE_EDGE && v->u.id == edge)
        return FALSE;
    }
  for (guint i = 0; i < spec->distinct_from_lists.n; i++)
    {
      const KgValue *v = &exec->slots[spec->distinct_from_lists.v[i]];
      if (v->type != KG_VALUE_LIST)
        continue;
      for (guint j = 0; j < v->u.list->len; j++)
        if (v->u.list->items[j].type == KG_VALUE_EDGE && v->u.list->items[j].u.id == edge)
          return FALSE;
    }
  return TRUE;
}

void
kg_expand_spec_describe (const KgExpandSpec *spec, GString *out)
{
  g_string_append (out, spec->text ? spec->text : "");
}

/* --- Describing expressions (EXPLAIN) ------------------------------------------ */

void
kg_expr_describe (GString *out, const KgAst *e)
{
  if (e == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  switch (e->kind)
    {
    case KG_AST_LITERAL:
      kg_value_append_literal (out, &e->value);
      break;
    case KG_AST_PARAMETER:
      g_string_append_printf (out, "$%s", e->name);
      break;
    case KG_AST_VARIABLE:
      g_string_append (out, e->name);
      break;
    case KG_AST_PROPERTY:
      kg_expr_describe (out, kg_ast_child (e, 0));
      g_string_append_printf (out, ".%s", e->name);
      break;
    case KG_AST_BINARY_OP:
      g_string_append_c (out, '(');
      kg_expr_describe (out, kg_ast_child (e, 0));
      g_string_append_printf (out, " %s ", kg_expr_op_text (e->op));
      kg_expr_describe (out, kg_ast_child (e, 1));
      g_string_append_c (out, ')');
      break;
    case KG_AST_UNARY_OP:
      g_string_append (out, e->op == KG_OP_NOT ? "NOT " : e->op == KG_OP_NEG ? "-"
                                                                             : "+");
      kg_expr_describe (out, kg_ast_child (e, 0));
      break;
    case KG_AST_IS_NULL:
      kg_expr_describe (out, kg_ast_child (e, 0));
      g_string_append (out, (e->flags & KG_AST_F_NOT) ? " IS NOT NULL" : " IS NULL");
      break;
    case KG_AST_IS_TYPE:
      kg_expr_describe (out, kg_ast_child (e, 0));
      g_string_append (out, (e->flags & KG_AST_F_NOT) ? " IS NOT :: " : " IS :: ");
      kg_expr_describe (out, kg_ast_child (e, 1));
      break;
    case KG_AST_TYPE:
      if (g_strcmp0 (e->name, "UNION") == 0)
        for (guint i = 0; i < kg_ast_n_children (e); i++)
          {
            g_string_append (out, i ? " | " : "");
            kg_expr_describe (out, kg_ast_child (e, i));
          }
      else
        {
          g_string_append (out, e->name);
          if (kg_ast_child (e, 0))
            {
              g_string_append_c (out, '<');
              kg_expr_describe (out, kg_ast_child (e, 0));
              g_string_append_c (out, '>');
            }
        }
      if (e->flags & KG_AST_F_NOT)
        g_string_append (out, " NOT NULL");
      break;
    case KG_AST_FUNCTION_CALL:
      g_string_append_printf (out, "%s(", e->name);
      if (e->flags & KG_AST_F_DISTINCT)
        g_string_append (out, "DISTINCT ");
      if (e->flags & KG_AST_F_STAR)
        g_string_append_c (out, '*');
      for (guint i = 0; i < kg_ast_n_children (e); i++)
        {
          if (i)
            g_string_append (out, ", ");
          kg_expr_describe (out, kg_ast_child (e, i));
        }
      g_string_append_c (out, ')');
      break;
    case KG_AST_LABEL_CHECK:
      kg_expr_describe (out, kg_ast_child (e, 0));
      for (guint i = 0; i < kg_ast_n_names (e); i++)
        g_string_append_printf (out, ":%s", kg_ast_name_at (e, i));
      for (guint i = 1; i < kg_ast_n_children (e); i++)
        {
          g_string_append_c (out, ':');
          kg_expr_describe (out, kg_ast_child (e, i));
        }
      break;
    case KG_AST_DYNAMIC_LABEL:
      g_string_append (out, e->op == KG_DYN_LABEL_ANY ? "$any(" : e->op == KG_DYN_LABEL_ALL ? "$all("
                                                                                            : "$(");
      kg_expr_describe (out, kg_ast_child (e, 0));
      g_string_append_c (out, ')');
      break;
    default:
      g_string_append_printf (out, "<%s>", kg_ast_kind_name (e->kind));
      break;
    }
}

/* --- Facts about the graph -------------------------------------------------------- */

static GMutex facts_lock;
static GHashTable *facts; /* "label\x1fkey" → GINT_TO_POINTER (1 + answer) */
static char *facts_graph; /* the graph those facts are about */

gboolean
kg_exec_label_has_key (KgExec *exec, const char *label, const char *key)
{
  KgGraph *g = exec->graph;
  KgSymbol l = kg_graph_lookup (g, KG_SYM_LABEL, label), k = kg_graph_lookup (g, KG_SYM_KEY, key);
  if (l == KG_NONE || k == KG_NONE)
    return l == KG_NONE; /* no such nodes: vacuously true; no such key: false */
  char graph_id[64];     /* uid and version name this state of this graph exactly */
  g_snprintf (graph_id, sizeof graph_id, "%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, kg_graph_uid (g),
              kg_graph_version (g));
  char *fact = g_strdup_printf ("%s\x1f%s", label, key);
  g_mutex_lock (&facts_lock);
  if (facts == NULL || g_strcmp0 (facts_graph, graph_id) != 0)
    {
      if (facts)
        g_hash_table_destroy (facts);
      facts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_free (facts_graph);
      facts_graph = g_strdup (graph_id);
    }
  gpointer known = g_hash_table_lookup (facts, fact);
  if (known == NULL)
    {
      /* the label's nodes a batch at a time against the key's column */
      gboolean all = TRUE;
      KgNodeIter it;
      guint32 lo, hi;
      const KgValue *col = kg_graph_prop_column (g, FALSE, k, &lo, &hi);
      KgNodeId *ids = g_new (KgNodeId, KG_BATCH_MAX);
      guint m;
      kg_graph_nodes_init (g, l, &it);
      while (all && (m = kg_node_iter_next_batch (&it, ids, KG_BATCH_MAX)) > 0)
        for (guint i = 0; all && i < m; i++)
          all = ids[i] >= lo && ids[i] < hi && col[ids[i] - lo].type != KG_VALUE_NULL;
      g_free (ids);
      known = GINT_TO_POINTER (1 + all);
      g_hash_table_insert (facts, fact, known);
    }
  else
    g_free (fact);
  g_mutex_unlock (&facts_lock);
  return GPOINTER_TO_INT (known) == 2;
}
