/* engine/ops/op-gather.c — Gather: the consumer of a morsel-driven parallel plan.
 *
 * Its child is a pipeline breaker (Aggregation, CountPaths) of this plan; the planner
 * (engine/parallel.c) built the same plan again for every other worker, and the Gather
 * holds those copies' breakers. On the first next() it runs all copies at once, this
 * plan's on the calling thread and the others on the process's worker threads, each
 * filling its own partial state (KgOpClass.partial) from the morsels it claims: ranges of
 * node ids its scan reads, or ranges of the rows of a serial prefix (the Gather's inner
 * input, run first on the calling thread; the copies read them through MorselRows).
 * Phases end together: the next starts when every copy has finished the last (a phase
 * the breaker says nobody has work in is skipped, sparing the wake-up of every worker
 * and the wait for them). Then the
 * other copies' states are merged into the child's (KgOpClass.absorb), whose rows the
 * Gather passes on. The first error of any copy stops the others at their next check
 * and is the one reported; memory is charged to one counter for all of them.
 *
 * It does not decide what runs in parallel (engine/parallel.c) nor how partial states
 * merge (each breaker's own file).
 */
#include "engine/ops/op-private.h"

typedef struct
{
  KgOp base;
  GPtrArray *workers; /* (element-type KgOp) the other copies' breakers (owned by @owner) */
  GPtrArray *sources; /* (element-type KgOp) MorselRows of every copy, or NULL */
  KgMorsels *morsels;
  KgParallel *par;
  gpointer owner;
  GDestroyNotify owner_free;
  GPtrArray *rows; /* the prefix's rows (kg_exec_save_row) */
  gboolean ran;
  guint phase;
  GMutex lock;
  GError *first; /* the first error of any copy */
} OpGather;

static gboolean
gather_open (KgOp *op, GError **error)
{
  OpGather *self = (OpGather *) op;
  self->ran = FALSE;
  g_clear_error (&self->first);
  g_atomic_int_set (&self->par->stop, 0);
  for (guint i = 0; i < self->workers->len; i++)
    if (!kg_op_open (g_ptr_array_index (self->workers, i), error))
      return FALSE;
  return TRUE;
}

/* One copy's share of a phase: on its own thread, with its own execution context. */
static void
run_copy (gpointer data, guint index)
{
  OpGather *self = data;
  KgOp *op = index == 0 ? self->base.child : g_ptr_array_index (self->workers, index - 1);
  GError *local = NULL;
  if (g_atomic_int_get (&self->par->stop) != 0)
    return;
  if (op->klass->partial (op, self->phase, &local))
    return;
  g_mutex_lock (&self->lock);
  if (self->first == NULL)
    {
      self->first = local;
      local = NULL;
      g_atomic_int_set (&self->par->stop, 1);
    }
  g_mutex_unlock (&self->lock);
  g_clear_error (&local);
}

/* Adds the other copies' PROFILE counts to this plan's operators (the trees match). */
static void
add_profile (KgOp *to, KgOp *from)
{
  for (; to && from; to = to->child, from = from->child)
    {
      to->rows += from->rows;
      to->time_us += from->time_us;
      if (to->inner && from->inner)
        add_profile (to->inner, from->inner);
    }
}

/* Runs the serial prefix to its end and shares its rows out as morsels. */
static gboolean
run_prefix (OpGather *self, GError **error)
{
  KgOp *op = &self->base;
  KgExec *exec = op->exec;
  if (!kg_op_open (op->inner, error))
    return FALSE;
  self->rows = g_ptr_array_new ();
  for (;;)
    {
      KgOpStatus st = kg_op_next (op->inner, error);
      if (st == KG_NEXT_ERROR)
        return FALSE;
      if (st == KG_NEXT_DONE)
        break;
      g_ptr_array_add (self->rows, kg_exec_save_row (exec));
      if (!kg_exec_charge (exec, 16 + sizeof (KgValue) * exec->n_slots, error))
        return FALSE;
    }
  kg_op_close (op->inner);
  guint n = self->workers->len + 1;
  self->morsels->bound = self->rows->len;
  /* small morsels: each prefix row may lead to much work (a city's people) */
  self->morsels->size = MAX (self->rows->len / (n * 32), 1u);
  for (guint i = 0; i < self->sources->len; i++)
    kg_op_morsel_rows_set (g_ptr_array_index (self->sources, i), self->rows, exec);
  return TRUE;
}

static gboolean
run (OpGather *self, GError **error)
{
  KgOp *op = &self->base;
  KgExec *exec = op->exec;
  KgMorsels *m = self->morsels;
  if (op->inner)
    {
      if (!run_prefix (self, error))
        return FALSE;
    }
  else
    {
      guint n = self->workers->len + 1;
      m->bound = kg_graph_node_bound (exec->graph);
      /* 16 384 ids a morsel, fewer when that would leave a copy idle */
      m->size = CLAMP (m->bound / (n * 8), 1024, 16384);
    }
  m->n = (m->bound + m->size - 1) / m->size;
  guint phases = MAX (op->child->klass->n_phases, 1u);
  const KgOpClass *k = op->child->klass;
  for (self->phase = 0; self->phase < phases; self->phase++)
    {
      if (k->phase_needed && !k->phase_needed (op->child, self->phase))
        continue;
      __atomic_store_n (&m->next, 0, __ATOMIC_RELAXED);
      kg_parallel_run (self->workers->len + 1, run_copy, self);
      if (self->first)
        {
          g_propagate_error (error, self->first);
          self->first = NULL;
          return FALSE;
        }
    }
  for (guint i = 0; i < self->workers->len; i++)
    {
      KgOp *w = g_ptr_array_index (self->workers, i);
      if (!op->child->klass->absorb (op->child, w, error))
        return FALSE;
      if (exec->profile)
        add_profile (op->child, w);
      kg_op_close (w);
    }
  return op->child->klass->finish == NULL || op->child->klass->finish (op->child, error);
}

static KgOpStatus
gather_next (KgOp *op, GError **error)
{
  OpGather *self = (OpGather *) op;
  if (!self->ran)
    {
      self->ran = TRUE;
      if (!run (self, error))
        return KG_NEXT_ERROR;
    }
  return kg_op_next (op->child, error);
}

static void
gather_close (KgOp *op)
{
  OpGather *self = (OpGather *) op;
  for (guint i = 0; i < self->workers->len; i++)
    kg_op_close (g_ptr_array_index (self->workers, i));
  if (self->rows)
    {
      for (guint i = 0; i < self->rows->len; i++)
        kg_exec_free_row (op->exec, g_ptr_array_index (self->rows, i));
      g_ptr_array_free (self->rows, TRUE);
      self->rows = NULL;
    }
  if (self->morsels->shared_free && self->morsels->shared)
    self->morsels->shared_free (self->morsels->shared);
  self->morsels->shared = NULL;
}

static void
gather_free (KgOp *op)
{
  OpGather *self = (OpGather *) op;
  g_ptr_array_free (self->workers, TRUE);
  if (self->sources)
    g_ptr_array_free (self->sources, TRUE);
  if (self->owner_free)
    self->owner_free (self->owner);
  g_mutex_clear (&self->morsels->lock);
  g_free (self->morsels);
  g_free (self->par);
  g_mutex_clear (&self->lock);
  g_clear_error (&self->first);
}

static void
gather_describe (KgOp *op, GString *out)
{
  OpGather *self = (OpGather *) op;
  g_string_append_printf (out, "workers=%u", self->workers->len + 1);
  if (op->inner)
    g_string_append (out, " morsels=rows of the first input");
  else
    g_string_append (out, " morsels=node ids");
}

static const KgOpClass gather_class = {
  .name = "Gather",
  .size = sizeof (OpGather),
  .open = gather_open,
  .next = gather_next,
  .close = gather_close,
  .free = gather_free,
  .describe = gather_describe,
};

KgOp *
kg_op_gather_new (KgExec *exec, KgOp *child, GPtrArray *workers, KgOp *prefix, GPtrArray *sources, KgMorsels *morsels, KgParallel *par, gpointer owner, GDestroyNotify owner_free)
{
  OpGather *self = (OpGather *) kg_op_new (&gather_class, exec, child);
  self->base.inner = prefix;
  self->base.est_rows = kg_op_estimate (child);
  self->workers = workers;
  self->sources = sources;
  self->morsels = morsels;
  g_mutex_init (&morsels->lock);
  self->par = par;
  self->owner = owner;
  self->owner_free = owner_free;
  g_mutex_init (&self->lock);
  return &self->base;
}
