/* engine/exec-private.h — what the executor holds: a plan (its operator tree, its
 * execution context, its columns) and the pattern subplans that pattern expressions run.
 *
 * Shared by the planner (plan*.c), the executor (exec.c) and the schema statements
 * (schema.c, schema-constraint.c, with their common operator in schema-op.c). Operators
 * do not include it: what they share is engine/ops/op-private.h.
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

/* --- What the schema statements share (schema-op.c) ------------------------------ */

/* The start of a schema statement's operator: a CREATE or DROP runs once; a SHOW
 * command's rows are made when it is first pulled, then handed out one by one. */
typedef struct
{
  KgOp base;
  gboolean done;   /* CREATE, DROP: it ran */
  GPtrArray *rows; /* SHOW: (element-type KgList) one value a column, or NULL */
  guint pos;       /* SHOW: the next row */
} KgSchemaOp;

/* The operator's open and close: start again from nothing, drop the rows. */
gboolean kg_schema_op_open (KgOp *op, GError **error);
void kg_schema_op_close (KgOp *op);
/* The class of a schema operator called @name_ whose struct @type_ starts with a
 * KgSchemaOp; the statement's own work is in @next_, @free_ and @describe_. */
#define KG_SCHEMA_OP_CLASS(var_, name_, type_, next_, free_, describe_) \
  static const KgOpClass var_ = {                                       \
    .name = name_,                                                      \
    .size = sizeof (type_),                                             \
    .open = kg_schema_op_open,                                          \
    .next = next_,                                                      \
    .close = kg_schema_op_close,                                        \
    .free = free_,                                                      \
    .describe = describe_,                                              \
  }
/* TRUE the first time it is called after open (the statement runs then), FALSE after. */
gboolean kg_schema_op_once (KgSchemaOp *op);
/* A SHOW's next row into slots 0..: the rows are made by @make on the first call. */
KgOpStatus kg_schema_op_show (KgSchemaOp *op, GPtrArray *(*make) (KgGraph *graph));

/* The rows (KgList each) of SHOW INDEXES (schema.c) and SHOW CONSTRAINTS
 * (schema-constraint.c), for the plain commands and the SHOW tables of proc-show.c. */
GPtrArray *kg_schema_index_rows (KgGraph *graph);
GPtrArray *kg_schema_constraint_rows (KgGraph *graph);

/* A new table of SHOW rows, and a row of @n_columns nulls added to it (fill its items). */
GPtrArray *kg_show_rows_new (void);
KgValue *kg_show_rows_add (GPtrArray *rows, guint n_columns);
/* Sorts @rows by their second column, the name. */
void kg_show_rows_sort_by_name (GPtrArray *rows);
/* The names of @syms (of @kind) as a list of strings. */
KgValue kg_symbol_names_value (const KgGraph *graph, KgSymbolKind kind, const KgSymbol *syms, guint n);

/* The plan of one schema operator of @klass (takes @query): a SHOW command's yields
 * @columns in slots 0.. (with @n_columns), any other is a write that runs to its end.
 * Sets *@op to the operator, zeroed beyond its KgSchemaOp, for the caller to fill. */
KgPlan *kg_schema_plan_new (KgGraph *graph, KgAst *query, const KgPlanOptions *options, const KgOpClass *klass, const char *const *columns, guint n_columns, KgSchemaOp **op);

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
