/* engine/plan-write.c — planning CREATE, MERGE, SET, REMOVE and DELETE.
 *
 * The binder (bind-clause.c) has declared the variables these clauses introduce,
 * checked their rules and bound their expressions; a CREATE or MERGE pattern comes
 * back as KgCreateSpecs. This file stacks the write operators (ops/op-create.c,
 * op-merge.c, op-set.c, op-delete.c) and plans MERGE's match side over an Argument.
 * Every write marks the plan as writing, which later clauses read (LIMIT drains its
 * input, count() shortcuts are off). Once the plan is built, kg_plan_stream_writes()
 * lets a CREATE write and yield row by row where its eager barrier would change
 * nothing (the usual LOAD CSV ... MATCH ... CREATE).
 */
#include "engine/plan-private.h"

#include <string.h>

KgOp *
kg_plan_create (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  GPtrArray *parts = kg_pattern_parts (kg_ast_child (clause, 0));
  GPtrArray *specs = g_ptr_array_new_with_free_func (kg_create_spec_free);
  GHashTable *before = kg_scope_slots (scope);
  for (guint i = 0; i < parts->len && !kg_planner_failed (P); i++)
    g_ptr_array_add (specs, kg_bind_create_part (&P->b, scope, g_ptr_array_index (parts, i), FALSE, before));
  g_hash_table_destroy (before);
  kg_plan_pattern_exprs (P);
  if (!kg_planner_failed (P))
    {
      g_ptr_array_set_free_func (specs, NULL);
      op = kg_op_create_new (P->exec, op, specs);
    }
  g_ptr_array_free (specs, TRUE);
  g_ptr_array_free (parts, TRUE);
  P->plan->has_writes = TRUE;
  return op;
}

KgOp *
kg_plan_merge (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  GHashTable *before = kg_scope_slots (scope);
  KgCreateSpec *spec = NULL;
  gboolean ok = kg_bind_merge (&P->b, scope, clause, before, &spec);
  kg_plan_pattern_exprs (P);
  if (ok && !kg_planner_failed (P))
    {
      /* the match side: the pattern over an Argument, with what was bound before */
      KgMatchState m;
      kg_match_state_init (&m, NULL);
      GHashTableIter it;
      gpointer key;
      g_hash_table_iter_init (&it, before);
      while (g_hash_table_iter_next (&it, &key, NULL))
        g_hash_table_add (m.bound, key);
      GPtrArray *parts = kg_pattern_parts (kg_ast_child (clause, 0));
      KgOp *match = kg_plan_parts (P, &m, kg_op_argument_new (P->exec), parts, scope);
      g_ptr_array_free (parts, TRUE);
      kg_match_state_clear (&m);
      if (!kg_planner_failed (P))
        {
          KgSlots none = { 0 };
          op = kg_op_merge_new (P->exec, op, match, spec, &none, clause, NULL);
        }
      else
        kg_op_free (match);
    }
  if (spec)
    kg_create_spec_free (spec);
  g_hash_table_destroy (before);
  P->plan->has_writes = TRUE;
  return op;
}

KgOp *
kg_plan_delete (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  gboolean ok = kg_bind_delete (&P->b, scope, clause);
  kg_plan_pattern_exprs (P);
  P->plan->has_writes = TRUE;
  if (!ok || kg_planner_failed (P))
    return op;
  return kg_op_delete_new (P->exec, op, clause);
}

KgOp *
kg_plan_set (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause)
{
  gboolean ok = kg_bind_set_items (&P->b, scope, clause);
  kg_plan_pattern_exprs (P);
  P->plan->has_writes = TRUE;
  if (!ok || kg_planner_failed (P))
    return op;
  return kg_op_set_new (P->exec, op, clause);
}

/* --- Streaming writes ------------------------------------------------------------- */

/* What an operator does to the graph, as far as a Create's barrier is concerned. Only
 * the operators listed are understood; any other one is taken to read everything. */
typedef enum
{
  ACCESS_UNKNOWN = 0, /* may read anything: a Create near it keeps its barrier */
  ACCESS_NONE,        /* reads no nodes or relationships but those in its row */
  ACCESS_NODES,       /* finds nodes in the store (scans, seeks) */
  ACCESS_RELS,        /* follows relationships */
  ACCESS_BARRIER,     /* an eager operator: reads all its input before yielding a row */
  ACCESS_NESTED,      /* runs a subplan (inner) for each input row */
} OpAccess;

static const struct
{
  const char *name;
  OpAccess access;
} op_access[] = {
  { "Unit", ACCESS_NONE },
  { "Argument", ACCESS_NONE },
  { "LoadCsv", ACCESS_NONE },
  { "Projection", ACCESS_NONE },
  { "Filter", ACCESS_NONE },
  { "Unwind", ACCESS_NONE },
  { "Skip", ACCESS_NONE },
  { "Limit", ACCESS_NONE },
  { "Distinct", ACCESS_NONE },
  { "Aggregation", ACCESS_NONE },
  { "Sort", ACCESS_NONE },
  { "TopK", ACCESS_NONE },
  { "NodeCheck", ACCESS_NONE },
  { "Create", ACCESS_NONE },
  { "AllNodesScan", ACCESS_NODES },
  { "LabelScan", ACCESS_NODES },
  { "IndexSeek", ACCESS_NODES },
  { "IndexRangeSeek", ACCESS_NODES },
  { "NodeByIdSeek", ACCESS_NODES },
  { "Expand", ACCESS_RELS },
  { "ExpandInto", ACCESS_RELS },
  { "ExpandCount", ACCESS_RELS },
  { "VarLengthExpand", ACCESS_RELS },
  { "VarLengthExpandInto", ACCESS_RELS },
  { "ShortestPath", ACCESS_RELS },
  { "AllShortestPaths", ACCESS_RELS },
  { "QuantifiedPath", ACCESS_RELS },
  { "CountPaths", ACCESS_RELS },
  { "DegreeCount", ACCESS_RELS },
  { "BuildPath", ACCESS_RELS },
  { "Eager", ACCESS_BARRIER },
  { "Merge", ACCESS_BARRIER },
  { "Set", ACCESS_BARRIER },
  { "Remove", ACCESS_BARRIER },
  { "Delete", ACCESS_BARRIER },
  { "DetachDelete", ACCESS_BARRIER },
  { "Optional", ACCESS_NESTED },
  { "Apply", ACCESS_NESTED },
};

static OpAccess
access_of (const KgOp *op)
{
  for (guint i = 0; i < G_N_ELEMENTS (op_access); i++)
    if (strcmp (op->klass->name, op_access[i].name) == 0)
      return op_access[i].access;
  return ACCESS_UNKNOWN;
}

/* Whether the operators under a Create (@op and its inputs) can run interleaved with
 * its writes and read the same: nothing there finds nodes when it makes nodes, or
 * follows relationships when it makes relationships. An eager operator has read all its
 * input before the Create sees a row, so what lies under it does not matter. */
static gboolean
input_blind (const KgOp *op, gboolean nodes, gboolean rels)
{
  for (; op != NULL; op = op->child)
    {
      switch (access_of (op))
        {
        case ACCESS_NONE:
          break;
        case ACCESS_NODES:
          if (nodes)
            return FALSE;
          break;
        case ACCESS_RELS:
          if (rels)
            return FALSE;
          break;
        case ACCESS_BARRIER:
          return TRUE;
        case ACCESS_NESTED:
          if (!input_blind (op->inner, nodes, rels))
            return FALSE;
          break;
        default:
          return FALSE;
        }
      if (op->extra != NULL)
        return FALSE;
    }
  return TRUE;
}

/* Walks down from @op; @after_clean: nothing between the root and @op reads the graph
 * before the statement has run to its end (or before an eager operator above has read
 * all its input). */
static void
stream_walk (KgOp *op, gboolean after_clean)
{
  for (; op != NULL; op = op->child)
    {
      if (op->extra != NULL)
        return;
      OpAccess a = access_of (op);
      if (strcmp (op->klass->name, "Create") == 0)
        {
          gboolean nodes, rels;
          kg_op_create_writes (op, &nodes, &rels);
          if (after_clean && input_blind (op->child, nodes, rels))
            kg_op_write_stream (op);
          else
            after_clean = TRUE; /* its barrier stays */
          continue;
        }
      if (strcmp (op->klass->name, "CallInTransactions") == 0)
        {
          /* Each input row's subquery runs to its end before the batch is committed and
           * its rows go on: a Create in the subquery has the batch as its statement. */
          stream_walk (op->inner, TRUE);
          after_clean = FALSE;
          continue;
        }
      if (a == ACCESS_BARRIER)
        after_clean = TRUE;
      else if (a != ACCESS_NONE)
        after_clean = FALSE;
    }
}

void
kg_plan_stream_writes (KgPlan *plan)
{
  /* A pattern expression or subquery may read anything anywhere in the plan. */
  if (!plan->has_writes || plan->root == NULL || g_hash_table_size (plan->subplans) > 0)
    return;
  stream_walk (plan->root, TRUE);
}
