/* engine/ops/op-qpp.c — QuantifiedPath: GQL path patterns (quantified path patterns and
 * relationships, path modes, path selectors) from a bound start node.
 *
 * The planner compiles the pattern part into the automaton of node states in KgQppSpec.
 * A depth-first search with an explicit stack walks it from the start node: each frame
 * is one arrival at a state, and tries that state's moves in turn (a relationship, or
 * entering, repeating and leaving a QPP without moving). The path so far (nodes and
 * relationships) and a trace of what each state and relationship bound are kept beside
 * the stack; at the last state the group variables' lists, the path and the conditions
 * on the whole match are made from them. The path mode is kept while walking: TRAIL
 * (the default) never follows a relationship twice, ACYCLIC never reaches a node twice,
 * SIMPLE lets only the last node be the first, WALK allows anything (its quantifiers are
 * bounded by the planner). Relationships bound elsewhere in the same MATCH are never used.
 *
 * Without a selector (or with ALL) rows stream out as matches are found. ANY k keeps
 * the first k matches per end node. SHORTEST k, ALL SHORTEST and SHORTEST k GROUPS
 * search by iterative deepening: the matches of length 0, then 1, ..., each round a
 * depth-first search that stops at that length, until no path could grow or the longest
 * path the pattern allows; matches are kept per end node (the start is the input row's)
 * as the selector says and yielded when the search ends. Deepening repeats the shorter
 * prefixes each round, which costs less than keeping the frontier of every path.
 * Cancellation is checked at every relationship; a pattern with an unbounded quantifier
 * fails with a limit error past KG_VAR_EXPAND_BUDGET relationships stepped over.
 */
#include "engine/ops/op-private.h"

#include <string.h>

typedef struct
{
  int state;
  gint64 iter; /* iterations completed in the current QPP */
  KgNodeId node;
  guint stage;       /* moves tried so far */
  gboolean closed;   /* SIMPLE: the path came back to its first node and must end */
  guint edges_mark;  /* path length before the move that arrived here */
  guint trace_mark;  /* trace length before it */
  gboolean adj_open; /* HOP: adj holds the relationships still to try */
  KgMultiAdj adj;
} Frame;

typedef struct
{
  int what; /* >= 0: a state (node); < 0: -(rel + 1) */
  guint32 id;
} Trace;

typedef struct
{
  gint64 count, groups, last_len;
} Quota;

typedef struct
{
  KgOp base;
  KgQppSpec spec;
  GArray *frames;    /* Frame */
  GArray *nodes;     /* KgNodeId: the path's nodes (one more than edges) */
  GArray *edges;     /* KgEdgeId */
  GArray *trace;     /* Trace */
  GHashTable *quota; /* end node + 1 -> Quota */
  GPtrArray *rows;   /* saved rows of a selecting search, yielded from `next_row` */
  guint next_row;
  gboolean active;
  gboolean deepening;
  gint64 limit;      /* deepening: the length matched this round */
  gboolean frontier; /* deepening: some path stopped at the limit could have grown */
  guint64 steps;
} OpQpp;

void
kg_qpp_spec_clear (KgQppSpec *spec)
{
  for (guint i = 0; i < spec->n_states; i++)
    kg_entity_check_clear (&spec->states[i].check);
  for (guint i = 0; i < spec->n_rels; i++)
    kg_expand_spec_clear (&spec->rels[i].spec);
  g_free (spec->states);
  g_free (spec->rels);
  g_free (spec->groups);
  if (spec->finals)
    g_ptr_array_unref (spec->finals);
  g_free (spec->text);
  memset (spec, 0, sizeof *spec);
}

static void
free_rows (OpQpp *self)
{
  for (guint i = 0; self->rows && i < self->rows->len; i++)
    kg_exec_free_row (self->base.exec, g_ptr_array_index (self->rows, i));
  if (self->rows)
    g_ptr_array_set_size (self->rows, 0);
  self->next_row = 0;
}

static gboolean
qpp_open (KgOp *op, GError **error)
{
  OpQpp *self = (OpQpp *) op;
  (void) error;
  if (self->frames == NULL)
    {
      self->frames = g_array_new (FALSE, FALSE, sizeof (Frame));
      self->nodes = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
      self->edges = g_array_new (FALSE, FALSE, sizeof (KgEdgeId));
      self->trace = g_array_new (FALSE, FALSE, sizeof (Trace));
      self->quota = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
      self->rows = g_ptr_array_new ();
    }
  free_rows (self);
  self->active = FALSE;
  self->steps = 0;
  return TRUE;
}

static gboolean
predicate_holds (KgExec *exec, KgAst *e, int *ok, GError **error)
{
  if (e == NULL)
    return TRUE;
  KgTri t;
  if (!kg_expr_eval_predicate (&exec->env, e, &t, error))
    {
      *ok = -1;
      return FALSE;
    }
  if (t != KG_TRI_TRUE)
    {
      *ok = 0;
      return FALSE;
    }
  return TRUE;
}

static gboolean
node_in_path (OpQpp *self, KgNodeId n)
{
  const KgNodeId *v = (const KgNodeId *) self->nodes->data;
  for (guint i = 0; i < self->nodes->len; i++)
    if (v[i] == n)
      return TRUE;
  return FALSE;
}

static gboolean
edge_in_path (OpQpp *self, KgEdgeId e)
{
  const KgEdgeId *v = (const KgEdgeId *) self->edges->data;
  for (guint i = 0; i < self->edges->len; i++)
    if (v[i] == e)
      return TRUE;
  return FALSE;
}

/* Undoes a move back to the marks. */
static void
truncate_to (OpQpp *self, guint edges_mark, guint trace_mark)
{
  g_array_set_size (self->edges, edges_mark);
  g_array_set_size (self->nodes, edges_mark + 1);
  g_array_set_size (self->trace, trace_mark);
}

/* Writes the group lists, the path and the relationships of the match at hand. */
static void
write_match (OpQpp *self)
{
  KgExec *exec = self->base.exec;
  KgQppSpec *spec = &self->spec;
  for (guint s = 0; s < spec->n_states; s++)
    if (spec->states[s].list_slot >= 0)
      {
        KgValue v = kg_value_list (kg_list_new (0));
        kg_exec_set_slot (exec, spec->states[s].list_slot, &v);
      }
  for (guint r = 0; r < spec->n_rels; r++)
    if (spec->rels[r].list_slot >= 0)
      {
        KgValue v = kg_value_list (kg_list_new (0));
        kg_exec_set_slot (exec, spec->rels[r].list_slot, &v);
      }
  const Trace *t = (const Trace *) self->trace->data;
  for (guint i = 0; i < self->trace->len; i++)
    {
      int list = t[i].what >= 0 ? spec->states[t[i].what].list_slot : spec->rels[-t[i].what - 1].list_slot;
      if (list < 0)
        continue;
      KgValue v = t[i].what >= 0 ? kg_value_node (t[i].id) : kg_value_edge (t[i].id);
      kg_list_append (exec->slots[list].u.list, &v);
    }
  if (spec->path_slot >= 0)
    {
      KgValue v = kg_value_path (kg_path_new (self->edges->len, (guint32 *) self->nodes->data, (guint32 *) self->edges->data));
      kg_exec_set_slot (exec, spec->path_slot, &v);
    }
  if (spec->rels_slot >= 0)
    {
      KgList *l = kg_list_new (self->edges->len);
      for (guint i = 0; i < self->edges->len; i++)
        {
          KgValue v = kg_value_edge (g_array_index (self->edges, KgEdgeId, i));
          kg_list_append (l, &v);
        }
      KgValue v = kg_value_list (l);
      kg_exec_set_slot (exec, spec->rels_slot, &v);
    }
}

/* A complete match: 1 yield it now, 0 not (rejected, or kept for later), -1 error. */
static int
on_match (OpQpp *self, KgNodeId end, GError **error)
{
  KgExec *exec = self->base.exec;
  KgQppSpec *spec = &self->spec;
  write_match (self);
  int ok = 1;
  for (guint i = 0; spec->finals && i < spec->finals->len; i++)
    if (!predicate_holds (exec, g_ptr_array_index (spec->finals, i), &ok, error))
      return ok;
  if (spec->selector == KG_PATH_SELECT_NONE || spec->selector == KG_PATH_SELECT_ALL)
    return 1;
  Quota *q = g_hash_table_lookup (self->quota, GUINT_TO_POINTER (end + 1));
  if (q == NULL)
    {
      q = g_new0 (Quota, 1);
      q->last_len = -1;
      g_hash_table_insert (self->quota, GUINT_TO_POINTER (end + 1), q);
    }
  gint64 len = self->edges->len;
  gboolean take;
  switch (spec->selector)
    {
    case KG_PATH_SELECT_ANY:
    case KG_PATH_SELECT_SHORTEST:
      take = q->count < spec->k;
      break;
    case KG_PATH_SELECT_ALL_SHORTEST:
      take = q->count == 0 || q->last_len == len;
      break;
    default: /* GROUPS */
      take = q->last_len == len || q->groups < spec->k;
      if (take && q->last_len != len)
        q->groups++;
      break;
    }
  if (!take)
    return 0;
  q->count++;
  q->last_len = len;
  if (!self->deepening)
    return 1;
  if (!kg_exec_charge (exec, (guint64) exec->n_slots * sizeof (KgValue) + 64, error))
    return -1;
  g_ptr_array_add (self->rows, kg_exec_save_row (exec));
  return 0;
}

static gboolean
push_frame (OpQpp *self, int state, KgNodeId node, gint64 iter, gboolean closed, guint edges_mark, guint trace_mark)
{
  Frame f = { 0 };
  f.state = state;
  f.node = node;
  f.iter = iter;
  f.closed = closed;
  f.edges_mark = edges_mark;
  f.trace_mark = trace_mark;
  g_array_append_val (self->frames, f);
  return TRUE;
}

/* Arrives at @state on @node: 1 arrived (a frame pushed), 2 arrived and a match is to
 * be yielded, 0 rejected (nothing left behind), -1 error. The marks say where the move
 * that arrives started. */
static int
arrive (OpQpp *self, int state, KgNodeId node, gint64 iter, gboolean closed, guint edges_mark, guint trace_mark, GError **error)
{
  KgExec *exec = self->base.exec;
  KgQppState *st = &self->spec.states[state];
  int ok = 1;
  if (st->into)
    {
      const KgValue *v = &exec->slots[st->slot];
      if (v->type != KG_VALUE_NODE || v->u.id != node)
        ok = 0;
    }
  else
    kg_exec_set_id (exec, st->slot, KG_VALUE_NODE, node);
  if (ok == 1 && !st->checked)
    ok = kg_entity_check_node (exec, &st->check, node, error);
  if (ok == 1 && st->group >= 0 && st->step != KG_QPP_ENTER)
    {
      if (predicate_holds (exec, st->where, &ok, error))
        predicate_holds (exec, st->group_where, &ok, error);
    }
  if (ok != 1)
    {
      truncate_to (self, edges_mark, trace_mark);
      return ok;
    }
  Trace t = { state, node };
  g_array_append_val (self->trace, t);
  push_frame (self, state, node, iter, closed, edges_mark, trace_mark);
  if (st->step != KG_QPP_EMIT)
    return 1;
  if (self->deepening && (gint64) self->edges->len != self->limit)
    return 1;
  ok = on_match (self, node, error);
  return ok < 0 ? -1 : ok == 1 ? 2
                               : 1;
}

/* Whether the path could go on from @node over @rel (its mode, the relationships bound
 * elsewhere and the relationship's own pattern allow a next one): 1, 0, or -1 on error.
 * A deepening search ends when no path stopped at the round's length could grow. */
static int
can_grow (OpQpp *self, KgNodeId node, KgQppRel *rel, GError **error)
{
  KgExec *exec = self->base.exec;
  KgMultiAdj adj;
  KgEdgeId e;
  KgNodeId other;
  kg_multi_adj_init (exec, &rel->spec, node, rel->spec.dir, &adj);
  while (kg_multi_adj_next (exec, &rel->spec, &adj, &e, &other))
    {
      if (!kg_exec_check (exec, error))
        return -1;
      if ((self->spec.mode != KG_PATH_MODE_WALK && edge_in_path (self, e)) || !kg_expand_edge_is_free (exec, &rel->spec, e))
        continue;
      if (self->spec.mode == KG_PATH_MODE_ACYCLIC && node_in_path (self, other))
        continue;
      int ok = kg_entity_check_edge (exec, &rel->spec.rel_check, e, error);
      if (ok != 0)
        return ok;
    }
  return 0;
}

/* Follows the next relationship of the HOP frame on top: as arrive(), or 3 when the
 * frame has no more. */
static int
hop (OpQpp *self, GError **error)
{
  KgExec *exec = self->base.exec;
  KgQppSpec *spec = &self->spec;
  Frame *f = &g_array_index (self->frames, Frame, self->frames->len - 1);
  KgQppState *st = &spec->states[f->state];
  KgQppRel *rel = &spec->rels[st->rel];
  if (!f->adj_open)
    {
      if (f->closed)
        return 3;
      if ((gint64) self->edges->len >= spec->max_len || (self->deepening && (gint64) self->edges->len >= self->limit))
        {
          if (self->deepening && !self->frontier && (gint64) self->edges->len < spec->max_len)
            {
              int grows = can_grow (self, f->node, rel, error);
              if (grows < 0)
                return -1;
              self->frontier = grows == 1;
            }
          return 3;
        }
      kg_multi_adj_init (exec, &rel->spec, f->node, rel->spec.dir, &f->adj);
      f->adj_open = TRUE;
    }
  for (;;)
    {
      f = &g_array_index (self->frames, Frame, self->frames->len - 1);
      KgEdgeId e;
      KgNodeId other;
      if (!kg_multi_adj_next (exec, &rel->spec, &f->adj, &e, &other))
        return 3;
      if (!kg_exec_check (exec, error))
        return -1;
      if (G_UNLIKELY (++self->steps > KG_VAR_EXPAND_BUDGET) && spec->unbounded)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_LIMIT, exec->filename, &spec->span,
                              "a quantified path pattern without an upper bound stepped over more than %u relationships "
                              "(its paths grow exponentially); give its quantifier a small upper bound",
                              (guint) KG_VAR_EXPAND_BUDGET);
          return -1;
        }
      if (spec->mode != KG_PATH_MODE_WALK && edge_in_path (self, e))
        continue;
      if (!kg_expand_edge_is_free (exec, &rel->spec, e))
        continue;
      gboolean closed = FALSE;
      if ((spec->mode == KG_PATH_MODE_ACYCLIC || spec->mode == KG_PATH_MODE_SIMPLE) && node_in_path (self, other))
        {
          if (spec->mode == KG_PATH_MODE_ACYCLIC || other != g_array_index (self->nodes, KgNodeId, 0))
            continue;
          closed = TRUE;
        }
      int ok = kg_entity_check_edge (exec, &rel->spec.rel_check, e, error);
      if (ok < 0)
        return -1;
      if (ok == 0)
        continue;
      kg_exec_set_id (exec, rel->spec.rel_slot, KG_VALUE_EDGE, e);
      if (rel->in_group && !predicate_holds (exec, rel->where, &ok, error))
        {
          if (ok < 0)
            return -1;
          continue;
        }
      guint edges_mark = self->edges->len, trace_mark = self->trace->len;
      gint64 iter = f->iter;
      g_array_append_val (self->edges, e);
      g_array_append_val (self->nodes, other);
      Trace t = { -(st->rel + 1), e };
      g_array_append_val (self->trace, t);
      ok = arrive (self, st->to, other, iter, closed, edges_mark, trace_mark, error);
      if (ok != 0)
        return ok;
    }
}

/* Runs the search until a match is to be yielded (TRUE with *@row) or the stack is
 * empty. */
static gboolean
search (OpQpp *self, gboolean *row, GError **error)
{
  KgQppSpec *spec = &self->spec;
  *row = FALSE;
  while (self->frames->len > 0)
    {
      Frame *f = &g_array_index (self->frames, Frame, self->frames->len - 1);
      KgQppState *st = &spec->states[f->state];
      int r = 3;
      switch (st->step)
        {
        case KG_QPP_EMIT:
          break;
        case KG_QPP_HOP:
          r = hop (self, error);
          break;
        case KG_QPP_ENTER:
        case KG_QPP_ITER_END:
          {
            const KgQppGroup *g = &spec->groups[st->group];
            gint64 done = st->step == KG_QPP_ENTER ? 0 : f->iter + 1;
            KgNodeId node = f->node;
            gboolean closed = f->closed;
            guint em = self->edges->len, tm = self->trace->len;
            while (r == 3 && f->stage < 2)
              {
                guint stage = f->stage++;
                if (stage == 0 && done >= g->min)
                  r = arrive (self, st->exit, node, 0, closed, em, tm, error);
                else if (stage == 1 && done < g->max)
                  r = arrive (self, st->to, node, done, closed, em, tm, error);
                if (r == 0)
                  r = 3;
                f = &g_array_index (self->frames, Frame, self->frames->len - 1);
              }
            if (r == 3 && f->stage < 2)
              continue;
            break;
          }
        }
      if (r < 0)
        return FALSE;
      if (r == 3)
        {
          f = &g_array_index (self->frames, Frame, self->frames->len - 1);
          truncate_to (self, f->edges_mark, f->trace_mark);
          g_array_set_size (self->frames, self->frames->len - 1);
          continue;
        }
      if (r == 2)
        {
          *row = TRUE;
          return TRUE;
        }
    }
  return TRUE;
}

/* Starts a search (or a deepening round) from @start. */
static int
begin (OpQpp *self, KgNodeId start, GError **error)
{
  g_array_set_size (self->frames, 0);
  g_array_set_size (self->edges, 0);
  g_array_set_size (self->nodes, 1);
  g_array_index (self->nodes, KgNodeId, 0) = start;
  g_array_set_size (self->trace, 0);
  self->frontier = FALSE;
  return arrive (self, 0, start, 0, FALSE, 0, 0, error);
}

/* With the end node bound before, there is one partition: once its selection is
 * complete, longer paths cannot change it. */
static gboolean
end_satisfied (OpQpp *self)
{
  const KgQppSpec *spec = &self->spec;
  if (!spec->states[spec->n_states - 1].into || g_hash_table_size (self->quota) != 1)
    return FALSE;
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, self->quota);
  if (!g_hash_table_iter_next (&it, NULL, &value))
    return FALSE;
  const Quota *q = value;
  switch (spec->selector)
    {
    case KG_PATH_SELECT_SHORTEST:
      return q->count >= spec->k;
    case KG_PATH_SELECT_ALL_SHORTEST:
      return q->count > 0;
    default: /* GROUPS */
      return q->groups >= spec->k;
    }
}

/* A selecting search: every round of the deepening, its rows kept in self->rows. */
static gboolean
deepen (OpQpp *self, KgNodeId start, GError **error)
{
  for (self->limit = 0; self->limit <= self->spec.max_len; self->limit++)
    {
      int r = begin (self, start, error);
      if (r < 0)
        return FALSE;
      gboolean row;
      if (!search (self, &row, error))
        return FALSE;
      if (!self->frontier || end_satisfied (self))
        break;
    }
  return TRUE;
}

static KgOpStatus
qpp_next (KgOp *op, GError **error)
{
  OpQpp *self = (OpQpp *) op;
  KgExec *exec = op->exec;
  for (;;)
    {
      if (self->next_row < self->rows->len)
        {
          kg_exec_restore_row (exec, g_ptr_array_index (self->rows, self->next_row++));
          return KG_NEXT_ROW;
        }
      if (self->active)
        {
          gboolean row;
          if (!search (self, &row, error))
            return KG_NEXT_ERROR;
          if (row)
            return KG_NEXT_ROW;
          self->active = FALSE;
        }
      free_rows (self);
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      const KgValue *src = &exec->slots[self->spec.start_slot];
      if (src->type != KG_VALUE_NODE)
        {
          if (src->type == KG_VALUE_NULL)
            continue;
          kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &self->spec.span,
                              "expected a node to start the path from, got %s", kg_value_type_name (src->type));
          return KG_NEXT_ERROR;
        }
      KgNodeId start = src->u.id;
      g_hash_table_remove_all (self->quota);
      self->steps = 0;
      int sel = self->spec.selector;
      self->deepening = sel == KG_PATH_SELECT_SHORTEST || sel == KG_PATH_SELECT_ALL_SHORTEST || sel == KG_PATH_SELECT_GROUPS;
      if (self->deepening)
        {
          if (!deepen (self, start, error))
            return KG_NEXT_ERROR;
          continue;
        }
      int r = begin (self, start, error);
      if (r < 0)
        return KG_NEXT_ERROR;
      self->active = TRUE;
      if (r == 2)
        return KG_NEXT_ROW;
    }
}

static void
qpp_close (KgOp *op)
{
  OpQpp *self = (OpQpp *) op;
  if (self->frames == NULL)
    return;
  free_rows (self);
  g_array_free (self->frames, TRUE);
  g_array_free (self->nodes, TRUE);
  g_array_free (self->edges, TRUE);
  g_array_free (self->trace, TRUE);
  g_hash_table_destroy (self->quota);
  g_ptr_array_free (self->rows, TRUE);
  self->frames = self->nodes = self->edges = self->trace = NULL;
  self->quota = NULL;
  self->rows = NULL;
}

static void
qpp_free (KgOp *op)
{
  kg_qpp_spec_clear (&((OpQpp *) op)->spec);
}

static void
qpp_describe (KgOp *op, GString *out)
{
  g_string_append (out, ((OpQpp *) op)->spec.text);
}

static const KgOpClass qpp_class = {
  .name = "QuantifiedPath",
  .size = sizeof (OpQpp),
  .open = qpp_open,
  .next = qpp_next,
  .close = qpp_close,
  .free = qpp_free,
  .describe = qpp_describe,
};

KgOp *
kg_op_qpp_new (KgExec *exec, KgOp *child, KgQppSpec *spec)
{
  OpQpp *self = (OpQpp *) kg_op_new (&qpp_class, exec, child);
  self->spec = *spec;
  memset (spec, 0, sizeof *spec);
  return &self->base;
}
