/* engine/exec-private.h — what the executor holds: a plan (its operator tree, its
 * execution context, its columns) and the pattern subplans that pattern expressions run.
 *
 * Shared by the planner (plan*.c), the executor (exec.c) and the index statements
 * (schema.c). Operators do not include it: what they share is engine/ops/op-private.h.
 */
#pragma once

#include "engine/ops/op-private.h"

G_BEGIN_DECLS

/* --- Pattern subplans (pattern predicates, comprehensions, EXISTS) ------------- */

typedef struct
{
  KgOp *root;
  KgAst *projection; /* pattern comprehension: the expression collected per match */
  int path_slot;
  int value_slot; /* COLLECT { ... }: the slot of the column it collects, else -1 */
} KgSubplan;

/* --- Plans ---------------------------------------------------------------------- */

struct _KgPlan
{
  KgAst *query;
  KgExec exec;
  KgOp *root;
  GPtrArray *columns; /* (element-type utf8) */
  KgSlots column_slots;
  GHashTable *subplans; /* KgAst* → KgSubplan* */
  GPtrArray *owned;     /* (element-type KgAst) synthetic expressions (RETURN *) */
  gboolean has_writes;
  GPtrArray *notices;  /* (element-type KgNotice) (nullable): kg_plan_notice(), in source order */
  gboolean drain_only; /* no columns: run to the end on the first next() */
  gboolean explain;
  gboolean profile;
  gboolean opened;
  gboolean done;
};

/* Adds a notice of @kind at @span (bind-notice.c); @name and @hint may be NULL. */
void kg_plan_add_notice (KgPlan *plan, KgNoticeKind kind, const KgSpan *span, const char *name, const char *hint, const char *text);
gboolean kg_eval_pattern (KgEvalEnv *env, const KgAst *expr, KgValue *out, GError **error);
/* Index statements (schema.c): whether @query holds CREATE INDEX, DROP INDEX or SHOW
 * INDEXES, and the plan of one (takes @query; NULL with a compile-time error). */
gboolean kg_schema_is_index_statement (const KgAst *query);
KgPlan *kg_schema_plan (KgGraph *graph, KgAst *query, const KgPlanOptions *options, GError **error);
/* Constraint statements (schema-constraint.c), planned like the index statements. */
gboolean kg_schema_is_constraint_statement (const KgAst *query);
KgPlan *kg_schema_constraint_plan (KgGraph *graph, KgAst *query, const KgPlanOptions *options, GError **error);

/**
 * kg_exec_init:
 * @exec: the plan's execution context, zeroed
 * @plan: the plan it belongs to (what pattern expressions find their subplans in)
 * @graph: (transfer none): the graph the plan runs on
 * @options: (nullable): the session's options
 *
 * Fills the context from @options (file name, cancel flag, deadline, memory ceiling,
 * hop bound, parameters) and the evaluation environment, before any operator is built.
 * The row of slots comes later (kg_exec_alloc_slots), once the planner knows how many.
 */
void kg_exec_init (KgExec *exec, KgPlan *plan, KgGraph *graph, const KgPlanOptions *options);
/* kg_exec_alloc_slots: allocates the row of @exec->n_slots slots, all null. */
void kg_exec_alloc_slots (KgExec *exec);

G_END_DECLS
