/* engine/parallel.c — morsel-driven parallel plans (HyPer's "Morsel-Driven
 * Parallelism", 2014): which plans run on several threads, the copies of such a plan,
 * and the process's worker threads.
 *
 * A plan qualifies when it only reads, calls no rand(), and its lowest pipeline ends in
 * a breaker that can merge partial states (an Aggregation of count, sum, avg, min and
 * max; CountPaths; Sort and TopK; Distinct) over a chain of per-row operators (scans, expansions, filters,
 * projections, UNWIND) that starts from a Unit. The planner then builds the same
 * statement again, from a pristine copy of its syntax tree, once for every other
 * worker: each copy has its own operators, row and execution context, and the copies'
 * plans must describe alike (else the statement stays serial). Where the copies take
 * their input from:
 *   - a scan of many nodes: morsels of node ids (kg_op_node_scan_set_morsels);
 *   - CountPaths: morsels of the node ids it decides and counts through;
 *   - otherwise, when a few rows at the bottom (a scan of a few countries and what
 *     follows it) lead to many: that start runs once, serially, as the Gather's inner
 *     input, and the copies share its rows out (MorselRows).
 * A Gather above the breaker runs the copies and merges them (ops/op-gather.c).
 *
 * Not here: what a breaker's partial state is and how it merges (its operator file);
 * the serial planner (plan*.c).
 */
#define _GNU_SOURCE /* sched_getaffinity */
#include <sched.h>

#include "engine/plan-private.h"

#include <string.h>

/* --- Worker threads ----------------------------------------------------------- */

/* One pool for the process: threads are made as statements need them and stop when
 * idle; a statement's copies beyond the threads free at that moment wait in its queue
 * (they find the morsels taken when they start, so waiting costs little). */
#define KG_PARALLEL_MAX_THREADS 64

/* One kg_parallel_run(): the caller's share runs while the tasks wait for a thread; a
 * task that only starts once the caller has finished its own share and closed the run
 * skips its share (the copies claim morsels until none is left, so the caller's return
 * means every morsel is taken), which spares waiting for a thread to be scheduled on a
 * busy machine. @lock protects @running and @closed; @refs is atomic (the caller's and
 * one per task not yet returned: a skipping task may outlive the call). */
typedef struct
{
  GMutex lock;
  GCond cond;
  guint running;   /* tasks inside @fn */
  gboolean closed; /* the caller finished: tasks not yet started skip */
  gint refs;
  void (*fn) (gpointer data, guint index);
  gpointer data;
  guint *index; /* per task */
} Run;

static void
run_unref (Run *r)
{
  if (!g_atomic_int_dec_and_test (&r->refs))
    return;
  g_mutex_clear (&r->lock);
  g_cond_clear (&r->cond);
  g_free (r->index);
  g_free (r);
}

static void
pool_run (gpointer item, gpointer run)
{
  guint *index = item;
  Run *r = run;
  g_mutex_lock (&r->lock);
  gboolean go = !r->closed;
  if (go)
    r->running++;
  g_mutex_unlock (&r->lock);
  if (go)
    {
      r->fn (r->data, *index);
      g_mutex_lock (&r->lock);
      if (--r->running == 0)
        g_cond_signal (&r->cond);
      g_mutex_unlock (&r->lock);
    }
  run_unref (r);
}

typedef struct
{
  guint *index;
  Run *run;
} Task;

static void
task_run (gpointer item, gpointer unused)
{
  Task *t = item;
  pool_run (t->index, t->run);
  g_free (t);
}

static GThreadPool *
pool_get (void)
{
  static GThreadPool *pool;
  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (task_run, NULL, KG_PARALLEL_MAX_THREADS, FALSE, NULL));
  return pool;
}

void
kg_parallel_run (guint n, void (*fn) (gpointer data, guint index), gpointer data)
{
  if (n <= 1)
    {
      fn (data, 0);
      return;
    }
  GThreadPool *pool = pool_get ();
  Run *r = g_new0 (Run, 1);
  g_mutex_init (&r->lock);
  g_cond_init (&r->cond);
  r->refs = (gint) n;
  r->fn = fn;
  r->data = data;
  r->index = g_new (guint, n);
  for (guint i = 1; i < n; i++)
    {
      r->index[i] = i;
      Task *t = g_new (Task, 1);
      *t = (Task){ &r->index[i], r };
      g_thread_pool_push (pool, t, NULL);
    }
  fn (data, 0);
  g_mutex_lock (&r->lock);
  r->closed = TRUE;
  while (r->running > 0)
    g_cond_wait (&r->cond, &r->lock);
  g_mutex_unlock (&r->lock);
  run_unref (r);
}

guint
kg_parallel_default_threads (void)
{
  cpu_set_t set;
  if (sched_getaffinity (0, sizeof set, &set) == 0)
    return MAX (CPU_COUNT (&set), 1);
  return MAX (g_get_num_processors (), 1u);
}

gboolean
kg_morsels_claim (KgMorsels *m, KgExec *exec, guint64 *lo, guint64 *hi)
{
  guint64 i = __atomic_fetch_add (&m->next, 1, __ATOMIC_RELAXED);
  if (i >= m->n)
    return FALSE;
  *lo = i * m->size;
  *hi = MIN (*lo + m->size, m->bound);
  exec->morsel = i;
  exec->morsel_row = 0;
  return TRUE;
}

/* --- Which plans -------------------------------------------------------------- */

/* A scan of at least this many nodes takes morsels of node ids itself; a graph of
 * fewer nodes than this runs every statement on one thread (threads would cost more
 * than they save). */
#define KG_PARALLEL_SCAN_MIN 4096

/* The copies of a plan whose shared work (the rows estimated through the operators
 * they run) is below this, a few of the smallest morsels, would cost more to start and
 * merge than they save: it runs serially. */
#define KG_PARALLEL_WORK_MIN 4096

/* Operators that handle each input row on its own, keeping nothing from one row to
 * the next that another copy would need: a copy of the pipeline may run them. */
static gboolean
per_row (const KgOp *op)
{
  static const char *const names[] = {
    "Expand",
    "ExpandInto",
    "ExpandCount",
    "VarLengthExpand",
    "VarLengthExpandInto",
    "Filter",
    "Projection",
    "NodeCheck",
    "AllNodesScan",
    "LabelScan",
    "IndexSeek",
    "NodeByIdSeek",
    "Unwind",
    NULL,
  };
  if (op->inner || op->extra)
    return FALSE;
  for (guint i = 0; names[i]; i++)
    if (strcmp (op->klass->name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is (const KgOp *op, const char *name)
{
  return op && strcmp (op->klass->name, name) == 0;
}

static gboolean
calls_random (const KgAst *e)
{
  if (e == NULL)
    return FALSE;
  const KgFunction *fn = kg_ast_call_function (e);
  if (fn != NULL && (fn->flags & KG_FN_RANDOM))
    return TRUE;
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    if (calls_random (kg_ast_child (e, i)))
      return TRUE;
  return FALSE;
}

/* What the copies of a qualifying plan need to know. */
typedef struct
{
  guint depth; /* child links from the root to the breaker */
  KgOp *breaker;
  GPtrArray *chain; /* (element-type KgOp) below the breaker, bottom (the leaf) first */
  gboolean rows;    /* the copies share the rows of a serial prefix */
  guint split;      /* rows: chain[split] is the prefix's top */
} Shape;

static gboolean
breaker_ok (KgOp *op)
{
  if (is (op, "CountPaths"))
    return is (op->child, "Unit") && op->child->child == NULL;
  if (is (op, "Aggregation"))
    return kg_op_aggregate_parallel_safe (op);
  return is (op, "TopK") || is (op, "Sort") || is (op, "Distinct");
}

static gboolean chain_ok (KgOp *op, guint n, Shape *s);

/* The breaker whose input the copies can run (only the lowest can: no breaker runs
 * per row). A Distinct under a Limit stays serial: it passes rows as it meets them,
 * so one thread may stop long before the input's end. */
static gboolean
find_shape (KgPlan *plan, guint n, Shape *s)
{
  memset (s, 0, sizeof *s);
  guint depth = 0;
  gboolean limited = FALSE;
  for (KgOp *op = plan->root; op; op = op->child, depth++)
    {
      limited = limited || is (op, "Limit");
      if (!(op->klass->partial && breaker_ok (op)) || (limited && is (op, "Distinct")))
        continue;
      if (s->chain)
        g_ptr_array_free (s->chain, TRUE);
      memset (s, 0, sizeof *s);
      s->depth = depth;
      if (chain_ok (op, n, s))
        return TRUE;
    }
  return FALSE;
}

/* Operators whose work per input row is more than passing it on: they read
 * relationships, or make several rows of one. */
static gboolean
expands (const KgOp *op)
{
  return is (op, "Expand") || is (op, "ExpandInto") || is (op, "ExpandCount") || is (op, "VarLengthExpand") ||
         is (op, "VarLengthExpandInto") || is (op, "Unwind");
}

/* Whether the copies, starting from the rows of chain[@j], share the work above it: a
 * filter estimated to keep fewer rows than twice the copies of the many it reads (one
 * interest of 43) leaves what follows it to one or two copies while the others wait,
 * which matters when an expansion follows. Only a filter's own selectivity counts:
 * the estimates of expansions are rougher (a variable-length one may say 0.01 rows
 * where there are dozens). *@expanding: some operator above @j expands. */
static gboolean
spread (const Shape *s, guint j, guint n, gboolean *expanding)
{
  gboolean few = FALSE;
  *expanding = FALSE;
  for (guint k = j + 1; k < s->chain->len; k++)
    {
      KgOp *op = g_ptr_array_index (s->chain, k);
      if (expands (op))
        {
          if (few)
            return FALSE;
          *expanding = TRUE;
        }
      else if (kg_op_estimate (op) < 2.0 * n && op->child && kg_op_estimate (op->child) >= 2.0 * n)
        few = TRUE;
    }
  return TRUE;
}

/* The rows estimated through the operators above chain[@j]: the work the copies share
 * when they start from its rows. Unbounded across a variable-length expansion: its
 * estimate is too rough to say the work is small (q3's from one country says 0.006
 * rows where there are thousands). */
static double
work_above (const Shape *s, guint j)
{
  double work = 0;
  for (guint k = j + 1; k < s->chain->len; k++)
    {
      KgOp *op = g_ptr_array_index (s->chain, k);
      if (is (op, "VarLengthExpand") || is (op, "VarLengthExpandInto"))
        return G_MAXDOUBLE;
      work += kg_op_estimate (op);
    }
  return work;
}

/* Whether the copies can run what lies below the breaker @op. */
static gboolean
chain_ok (KgOp *op, guint n, Shape *s)
{
  s->breaker = op;
  if (is (op, "CountPaths"))
    return TRUE;
  s->chain = g_ptr_array_new ();
  for (KgOp *c = op->child; c; c = c->child)
    g_ptr_array_insert (s->chain, 0, c);
  gboolean ok = s->chain->len >= 2 && is (g_ptr_array_index (s->chain, 0), "Unit") &&
                ((KgOp *) g_ptr_array_index (s->chain, 0))->child == NULL;
  for (guint i = 1; ok && i < s->chain->len; i++)
    ok = per_row (g_ptr_array_index (s->chain, i));
  if (!ok)
    return FALSE;
  KgOp *scan = g_ptr_array_index (s->chain, 1);
  gboolean expanding;
  if ((is (scan, "LabelScan") || is (scan, "AllNodesScan")) && kg_op_estimate (scan) >= KG_PARALLEL_SCAN_MIN &&
      spread (s, 1, n, &expanding))
    return TRUE;
  /* a few rows at the bottom: the lowest point with enough rows to share out, below
   * at least one operator the copies run that reads relationships or makes rows (else
   * the serial prefix did the work). Not a higher point: the rows of a prefix cost a
   * copy each, and sharing thousands of them out costs more than it saves. A
   * variable-length expansion counts as enough whatever its estimate says (that is
   * rough: q3's (co)<-[*1..2]-(c:City) from one country says 4 rows where there are
   * 4 989); when it does give few, one copy does the work and the others find no
   * morsel, which costs little more than one thread. */
  for (guint j = 1; j + 1 < s->chain->len; j++)
    if (kg_op_estimate (g_ptr_array_index (s->chain, j)) >= 2.0 * n ||
        is (g_ptr_array_index (s->chain, j), "VarLengthExpand"))
      {
        if (!spread (s, j, n, &expanding) || !expanding)
          return FALSE;
        /* too little above the prefix to share (unless from a variable-length
         * expansion, whose estimate is too rough to say so, as above) */
        if (!is (g_ptr_array_index (s->chain, j), "VarLengthExpand") && work_above (s, j) < KG_PARALLEL_WORK_MIN)
          return FALSE;
        s->rows = TRUE;
        s->split = j;
        return TRUE;
      }
  return FALSE;
}

static KgOp *
descend (KgOp *op, guint depth)
{
  for (guint i = 0; op && i < depth; i++)
    op = op->child;
  return op;
}

static void
free_plans (gpointer p)
{
  g_ptr_array_free (p, TRUE);
}

/* --- The copies --------------------------------------------------------------- */

KgPlan *
kg_plan_parallelize (KgPlan *plan, KgAst *pristine, const KgPlanOptions *options, guint n)
{
  KgGraph *graph = plan->exec.graph;
  Shape s = { 0 };
  gboolean ok = !plan->has_writes && plan->root && kg_graph_label_count (graph, KG_NONE) >= KG_PARALLEL_SCAN_MIN &&
                !calls_random (plan->query) && find_shape (plan, n, &s);
  if (!ok)
    {
      if (s.chain)
        g_ptr_array_free (s.chain, TRUE);
      kg_ast_free (pristine);
      return plan;
    }
  KgPlanOptions serial = *options;
  serial.threads = 1;
  char *text = kg_plan_describe (plan, FALSE);
  GPtrArray *plans = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_plan_free);
  for (guint i = 1; ok && i < n; i++)
    {
      KgAst *copy = i + 1 < n ? kg_ast_copy (pristine) : pristine;
      KgPlan *w = kg_plan_build (graph, copy, &serial, NULL);
      if (i + 1 == n)
        pristine = NULL;
      if (w == NULL)
        {
          ok = FALSE;
          break;
        }
      g_ptr_array_add (plans, w);
      char *wtext = kg_plan_describe (w, FALSE);
      ok = strcmp (text, wtext) == 0 && w->exec.n_slots == plan->exec.n_slots;
      g_free (wtext);
    }
  g_free (text);
  kg_ast_free (pristine);
  if (!ok)
    {
      g_ptr_array_free (plans, TRUE);
      if (s.chain)
        g_ptr_array_free (s.chain, TRUE);
      return plan;
    }

  KgParallel *par = g_new0 (KgParallel, 1);
  par->copies = n;
  KgMorsels *m = g_new0 (KgMorsels, 1);
  plan->exec.par = par;
  GPtrArray *workers = g_ptr_array_new ();
  GPtrArray *sources = s.rows ? g_ptr_array_new () : NULL;
  KgOp *prefix = NULL;
  /* the copies' breakers; in each, the source of its input */
  for (guint i = 0; i < n; i++)
    {
      KgPlan *p = i == 0 ? plan : g_ptr_array_index (plans, i - 1);
      KgOp *b = descend (p->root, s.depth);
      p->exec.par = par;
      if (i > 0)
        g_ptr_array_add (workers, b);
      if (is (b, "CountPaths"))
        kg_op_count_paths_set_morsels (b, m);
      else if (!s.rows)
        kg_op_node_scan_set_morsels (descend (b, s.chain->len - 1), m);
      else
        {
          /* the operator above the prefix reads MorselRows instead */
          KgOp *above = descend (b, s.chain->len - 1 - s.split);
          KgOp *src = kg_op_morsel_rows_new (&p->exec, m);
          src->est_rows = kg_op_estimate (above->child);
          if (i == 0)
            prefix = above->child;
          else
            kg_op_free (above->child);
          above->child = src;
          g_ptr_array_add (sources, src);
        }
      /* a replaced input changes which operators can run in batches */
      kg_op_plan_batches (p->root, !p->exec.rows_only);
    }
  /* the Gather, above this plan's breaker */
  KgOp **link = &plan->root;
  for (guint i = 0; i < s.depth; i++)
    link = &(*link)->child;
  *link = kg_op_gather_new (&plan->exec, s.breaker, workers, prefix, sources, m, par, plans, free_plans);
  if (s.chain)
    g_ptr_array_free (s.chain, TRUE);
  return plan;
}
