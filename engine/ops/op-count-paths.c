/* engine/ops/op-count-paths.c — CountPaths: `MATCH (a)-[:T]->(b)-[:U]->(c) RETURN
 * count(*)` without enumerating the paths.
 *
 * The planner uses it only when each WHERE condition reads a single node of the chain.
 * Every node's conditions (labels, properties, conditions) are decided once per node:
 * the end nodes into a bitmap, the middle node while iterating it. A one-hop chain is a
 * sum over the start nodes of their qualifying relationships; a two-hop chain is, for
 * each middle node b, (qualifying relationships on a's side) × (on c's side), minus
 * the pairs that would use one relationship twice (Cypher's relationship uniqueness:
 * a self loop, or one relationship serving both hops when both point the same way from
 * b). Reads the graph only.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  KgOp base;
  KgCountPathsSpec spec;
  gboolean done;
  KgMorsels *morsels; /* a parallel plan's: the ids this copy decides come from here */
  guint64 partial;    /* parallel plans: this copy's count so far */
} OpCountPaths;

/* What a count decides before it visits the middle nodes (for one thread, or shared by
 * the copies of a parallel plan, which fill the maps a range of ids each). */
typedef struct
{
  gboolean fast;     /* two hops, both ends implied by the types: degrees are all it takes */
  GHashTable *loops; /* fast: self loops per node, where the two hops could be one */
  guint64 *pass[3];  /* pass bitmaps (NULL: every node passes): of b for one hop, a and c for two */
  gboolean no_twice; /* two hops: no relationship can serve both, the c side is only counted */
} CountSetup;

static void
setup_free (gpointer p)
{
  CountSetup *s = p;
  if (s->loops)
    g_hash_table_unref (s->loops);
  for (guint i = 0; i < 3; i++)
    g_free (s->pass[i]);
  g_free (s);
}

/* A zeroed bitmap for @n's nodes (a bit a node id: a tenth of a byte map's cache
 * footprint for the random reads at the far ends), or NULL when every node passes. */
static guint64 *
new_map (KgExec *exec, KgCountNode *n)
{
  return kg_count_node_empty (n) ? NULL : g_new0 (guint64, kg_graph_node_bound (exec->graph) / 64 + 1);
}

static inline gboolean
passes (const guint64 *bits, KgNodeId node)
{
  return bits == NULL || ((bits[node >> 6] >> (node & 63)) & 1);
}

/* Whether every relationship of @hop's types has @n's labels at its end in @end and @n
 * has no other condition (properties, predicates). */
static gboolean
side_implied (KgExec *exec, KgExpandSpec *hop, KgDirection end, KgCountNode *n)
{
  if (end == KG_DIR_BOTH || hop->n_types == 0 || kg_count_node_empty (n) || (n->preds && n->preds->len > 0))
    return FALSE;
  for (guint i = 0; i < hop->n_types; i++)
    {
      KgSymbol t = kg_exec_sym (exec, KG_SYM_TYPE, hop->types[i], &hop->type_syms[i]);
      if (t != KG_NONE && !kg_count_labels_implied (exec, t, end, &n->check))
        return FALSE;
    }
  return TRUE;
}

/* Whether some relationship of @hop's types (any type when it names none) is a self loop. */
static gboolean
has_self_loops (KgExec *exec, KgExpandSpec *hop)
{
  if (hop->n_types == 0)
    return kg_graph_n_self_loop_nodes (exec->graph, KG_NONE) > 0;
  for (guint i = 0; i < hop->n_types; i++)
    {
      KgSymbol t = kg_exec_sym (exec, KG_SYM_TYPE, hop->types[i], &hop->type_syms[i]);
      if (t != KG_NONE && kg_graph_n_self_loop_nodes (exec->graph, t) > 0)
        return TRUE;
    }
  return FALSE;
}

static CountSetup *
setup_new (OpCountPaths *self)
{
  KgExec *exec = self->base.exec;
  KgCountPathsSpec *spec = &self->spec;
  CountSetup *s = g_new0 (CountSetup, 1);
  if (spec->n_hops == 1)
    {
      s->pass[1] = new_map (exec, &spec->nodes[1]);
      return s;
    }
  KgExpandSpec *h1 = &spec->hops[0], *h2 = &spec->hops[1];
  KgDirection d1 = kg_dir_reverse (h1->dir), d2 = h2->dir;
  /* Both ends decided by labels the relationships imply, one type a side, pointing
   * through b (one in, one out): degrees are all it takes, read a run of nodes at a
   * time, and the self loops, where the two hops could be one relationship. */
  if (d1 != d2 && d1 != KG_DIR_BOTH && d2 != KG_DIR_BOTH && h1->n_types == 1 && h2->n_types == 1 &&
      !kg_count_node_empty (&spec->nodes[0]) && !kg_count_node_empty (&spec->nodes[2]) &&
      (spec->nodes[0].preds == NULL || spec->nodes[0].preds->len == 0) &&
      (spec->nodes[2].preds == NULL || spec->nodes[2].preds->len == 0))
    {
      KgSymbol t1 = kg_exec_sym (exec, KG_SYM_TYPE, h1->types[0], &h1->type_syms[0]);
      KgSymbol t2 = kg_exec_sym (exec, KG_SYM_TYPE, h2->types[0], &h2->type_syms[0]);
      if (kg_count_labels_implied (exec, t1, d1, &spec->nodes[0].check) && kg_count_labels_implied (exec, t2, d2, &spec->nodes[2].check))
        {
          s->fast = TRUE;
          s->loops = t1 == t2 && kg_graph_n_self_loop_nodes (exec->graph, t1) > 0 ? kg_count_self_loops (exec, t1) : NULL;
          if (s->loops == NULL)
            return s; /* a self loop is counted twice only when its node passes both ends */
        }
    }
  /* an end whose labels the relationships imply and that has no other condition needs
   * no map: its side is a degree */
  s->pass[0] = side_implied (exec, h1, d1, &spec->nodes[0]) ? NULL : new_map (exec, &spec->nodes[0]);
  s->pass[2] = side_implied (exec, h2, d2, &spec->nodes[2]) ? NULL : new_map (exec, &spec->nodes[2]);
  /* pointing through b, one relationship serves both hops only as a self loop */
  s->no_twice = d1 != d2 && d1 != KG_DIR_BOTH && d2 != KG_DIR_BOTH && !has_self_loops (exec, h2);
  return s;
}

/* Decides the end nodes with ids in [@lo, @hi) into the setup's maps. */
static gboolean
setup_fill (OpCountPaths *self, CountSetup *s, guint32 lo, guint32 hi, GError **error)
{
  for (guint i = 0; i < 3; i++)
    if (s->pass[i] && !kg_count_pass_fill (self->base.exec, &self->spec.nodes[i], NULL, s->pass[i], lo, hi, error))
      return FALSE;
  return TRUE;
}

/* The paths through middle node @b (passing its conditions) of a two-hop chain that
 * are not decided by degrees: the c side is visited, with the relationships that could
 * also serve as hop 1. */
static guint64
count_through (OpCountPaths *self, CountSetup *s, KgNodeId b)
{
  KgExec *exec = self->base.exec;
  KgExpandSpec *h1 = &self->spec.hops[0], *h2 = &self->spec.hops[1];
  KgDirection d1 = kg_dir_reverse (h1->dir); /* hop 1 seen from the middle node */
  KgDirection d2 = h2->dir;
  guint64 *pass_a = s->pass[0], *pass_c = s->pass[2];
  guint64 in = kg_count_side_bits (exec, h1, b, d1, pass_a);
  if (in == 0)
    return 0;
  if (s->no_twice)
    return in * kg_count_side_bits (exec, h2, b, d2, pass_c);
  guint64 out = 0, twice = 0;
  KgMultiAdj adj;
  KgEdgeId e;
  KgNodeId c;
  kg_multi_adj_init (exec, h2, b, d2, &adj);
  while (kg_multi_adj_next (exec, h2, &adj, &e, &c))
    {
      if (!passes (pass_c, c))
        continue;
      out++;
      /* the same relationship as hop 1: from b it must point d1 too */
      KgNodeId a;
      if (d1 == d2)
        a = c;
      else if (c == b)
        a = b; /* a self loop is both incoming and outgoing */
      else
        continue;
      if (passes (pass_a, a) && kg_count_type_in (exec, h1, kg_graph_edge_type (exec->graph, e)))
        twice++;
    }
  return in * out - twice;
}

/* Adds the paths through the middle nodes (the start nodes of a single hop) with ids in
 * [@lo, @hi) to *@total, deciding them a batch of nodes at a time. */
static gboolean
count_range (OpCountPaths *self, CountSetup *s, guint32 lo, guint32 hi, guint64 *total, GError **error)
{
  KgExec *exec = self->base.exec;
  KgCountPathsSpec *spec = &self->spec;
  /* the node the loop runs over: the start of a single hop, else the middle */
  KgCountNode *mid = &spec->nodes[spec->n_hops == 1 ? 0 : 1];
  KgNodeIter it;
  if (!kg_count_candidates (exec, mid, &it))
    return TRUE;
  kg_node_iter_restrict (&it, lo, hi);
  KgExpandSpec *h1 = &spec->hops[0], *h2 = &spec->hops[1];
  /* degrees alone: a run of nodes at a time */
  KgDegreeRun *in = NULL, *out = NULL;
  if (spec->n_hops == 1 && s->pass[1] == NULL && h1->dir != KG_DIR_BOTH)
    {
      in = g_new (KgDegreeRun, 1);
      kg_degree_run_init (in, exec, h1, h1->dir);
    }
  else if (spec->n_hops == 2 && s->fast)
    {
      in = g_new (KgDegreeRun, 1);
      out = g_new (KgDegreeRun, 1);
      kg_degree_run_init (in, exec, h1, kg_dir_reverse (h1->dir));
      kg_degree_run_init (out, exec, h2, h2->dir);
    }
  guint64 *pass_a = s->pass[0], *pass_c = s->pass[2];
  KgCountPass pass;
  kg_count_pass_init (&pass, mid);
  KgNodeId *ids = g_new (KgNodeId, KG_BATCH_MAX);
  gboolean ok = TRUE;
  guint64 sum = 0;
  guint m;
  while (ok && (m = kg_node_iter_next_batch (&it, ids, KG_BATCH_MAX)) > 0)
    {
      int k = kg_count_pass_batch (exec, &pass, ids, m, error);
      if (k < 0 || !kg_exec_check (exec, error))
        {
          ok = FALSE;
          break;
        }
      if (spec->n_hops == 1)
        {
          for (int j = 0; j < k; j++)
            sum += in ? kg_degree_run_at (in, ids[j]) : kg_count_side_bits (exec, h1, ids[j], h1->dir, s->pass[1]);
          continue;
        }
      if (!s->fast)
        {
          for (int j = 0; j < k; j++)
            sum += count_through (self, s, ids[j]);
          continue;
        }
      for (int j = 0; j < k; j++)
        {
          KgNodeId b = ids[j];
          guint64 twice = s->loops ? GPOINTER_TO_UINT (g_hash_table_lookup (s->loops, GUINT_TO_POINTER (b + 1))) : 0;
          if (twice && (!passes (pass_a, b) || !passes (pass_c, b)))
            twice = 0;
          sum += kg_degree_run_at (in, b) * kg_degree_run_at (out, b) - twice;
        }
    }
  *total += sum;
  kg_count_pass_clear (&pass);
  g_free (ids);
  g_free (in);
  g_free (out);
  return ok;
}

static gboolean
count_open (KgOp *op, GError **error)
{
  OpCountPaths *self = (OpCountPaths *) op;
  self->done = FALSE;
  self->partial = 0;
  return TRUE;
}

static gboolean
count_all (OpCountPaths *self, guint64 *total, GError **error)
{
  *total = 0;
  CountSetup *s = setup_new (self);
  gboolean ok = setup_fill (self, s, 0, G_MAXUINT32, error) && count_range (self, s, 0, G_MAXUINT32, total, error);
  setup_free (s);
  return ok;
}

/* Writes the count, once. */
static KgOpStatus
emit (OpCountPaths *self, guint64 total, GError **error)
{
  KgOp *op = &self->base;
  if (total > (guint64) G_MAXINT64)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_ARITHMETIC, op->exec->filename, NULL, "integer overflow in count(*)");
      return KG_NEXT_ERROR;
    }
  KgValue v = kg_value_int ((gint64) total);
  kg_exec_set_slot (op->exec, self->spec.out_slot, &v);
  self->done = TRUE;
  return KG_NEXT_ROW;
}

static KgOpStatus
count_next (KgOp *op, GError **error)
{
  OpCountPaths *self = (OpCountPaths *) op;
  if (self->done)
    return KG_NEXT_DONE;
  if (self->morsels)
    return emit (self, self->partial, error); /* the copies' counts, merged by the Gather */
  KgOpStatus st = kg_op_next (op->child, error);
  if (st != KG_NEXT_ROW)
    return st;
  guint64 total;
  if (!count_all (self, &total, error))
    return KG_NEXT_ERROR;
  return emit (self, total, error);
}

/* --- Parallel plans: phase 0 decides the end nodes of each morsel into the shared maps,
 * phase 1 counts through the middle nodes of each; the counts add up. ------------- */

/* The setup the copies share, made by the first that needs it. */
static CountSetup *
shared_setup (OpCountPaths *self)
{
  KgMorsels *m = self->morsels;
  g_mutex_lock (&m->lock);
  if (m->shared == NULL)
    {
      m->shared = setup_new (self);
      m->shared_free = setup_free;
    }
  CountSetup *s = m->shared;
  g_mutex_unlock (&m->lock);
  return s;
}

/* Phase 0 only fills pass maps: without any (the ends are decided by the types, or
 * every node passes) there is nothing for the copies to do in it. */
static gboolean
count_phase_needed (KgOp *op, guint phase)
{
  CountSetup *s = shared_setup ((OpCountPaths *) op);
  return phase != 0 || s->pass[0] || s->pass[1] || s->pass[2];
}

static gboolean
count_partial (KgOp *op, guint phase, GError **error)
{
  OpCountPaths *self = (OpCountPaths *) op;
  KgMorsels *m = self->morsels;
  CountSetup *s = shared_setup (self);
  guint64 lo, hi;
  while (kg_morsels_claim (m, op->exec, &lo, &hi))
    if (!(phase == 0 ? setup_fill (self, s, (guint32) lo, (guint32) hi, error)
                     : count_range (self, s, (guint32) lo, (guint32) hi, &self->partial, error)))
      return FALSE;
  return TRUE;
}

static gboolean
count_absorb (KgOp *op, KgOp *other, GError **error)
{
  ((OpCountPaths *) op)->partial += ((OpCountPaths *) other)->partial;
  return TRUE;
}

void
kg_op_count_paths_set_morsels (KgOp *op, KgMorsels *m)
{
  ((OpCountPaths *) op)->morsels = m;
}

void
kg_count_paths_spec_clear (KgCountPathsSpec *spec)
{
  for (guint i = 0; i < 3; i++)
    {
      kg_entity_check_clear (&spec->nodes[i].check);
      if (spec->nodes[i].preds)
        g_ptr_array_free (spec->nodes[i].preds, TRUE);
      spec->nodes[i].preds = NULL;
    }
  for (guint i = 0; i < 2; i++)
    kg_expand_spec_clear (&spec->hops[i]);
}

static void
count_free (KgOp *op)
{
  kg_count_paths_spec_clear (&((OpCountPaths *) op)->spec);
}

static void
count_describe (KgOp *op, GString *out)
{
  OpCountPaths *self = (OpCountPaths *) op;
  for (guint i = 0; i < self->spec.n_hops; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", self->spec.hops[i].text ? self->spec.hops[i].text : "");
  for (guint i = 0; i <= self->spec.n_hops; i++)
    {
      GPtrArray *preds = self->spec.nodes[i].preds;
      for (guint j = 0; preds && j < preds->len; j++)
        {
          g_string_append (out, " WHERE ");
          kg_expr_describe (out, g_ptr_array_index (preds, j));
        }
    }
}

static const KgOpClass count_class = {
  .name = "CountPaths",
  .size = sizeof (OpCountPaths),
  .open = count_open,
  .next = count_next,
  .free = count_free,
  .describe = count_describe,
  .partial = count_partial,
  .absorb = count_absorb,
  .phase_needed = count_phase_needed,
  .n_phases = 2,
};

KgOp *
kg_op_count_paths_new (KgExec *exec, KgOp *child, KgCountPathsSpec *spec)
{
  OpCountPaths *self = (OpCountPaths *) kg_op_new (&count_class, exec, child);
  self->spec = *spec;
  memset (spec, 0, sizeof *spec);
  return &self->base;
}
