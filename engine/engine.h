/* engine/engine.h — compiling a parsed Cypher statement into a plan and running it.
 *
 * The engine's public face, used by lib/kgq.c: kg_plan_build() binds a KG_AST_QUERY
 * (variables, slots, semantic checks) and turns it into a tree of pull operators;
 * kg_plan_open()/kg_plan_next() run it one row at a time against a graph. Errors at
 * build time are marked compile-time; errors from kg_plan_next() are run-time.
 *
 * This file does not parse, print, or manage transactions: the session (lib/kgq.c)
 * begins, commits and rolls back the graph's transaction around a statement.
 */
#pragma once

#include <glib.h>

#include "common/error.h"
#include "common/value.h"
#include "graph/graph.h"
#include "parser/ast.h"

G_BEGIN_DECLS

typedef struct _KgPlan KgPlan;

/**
 * KgExecStats: what a statement changed (mirrors KgqStats).
 */
typedef struct
{
  guint64 nodes_created;
  guint64 nodes_deleted;
  guint64 relationships_created;
  guint64 relationships_deleted;
  guint64 properties_set;
  guint64 labels_added;
  guint64 labels_removed;
  guint64 transactions_committed; /* the inner transactions of CALL { ... } IN TRANSACTIONS */
} KgExecStats;

/**
 * KgProgressFunc:
 * @task: what runs, the procedure's name ("algo.pageRank"); NULL once it has finished,
 *   after at least one report (so that a status line can be cleared)
 * @phase: (nullable): where it is ("iteration 3 of 20", "projecting relationships")
 * @fraction: the share done, from 0 to 1, or negative when not known
 * @elapsed_us: microseconds since the task's first report
 *
 * What a long computation reports, from the thread running the query, at most every
 * tenth of a second (KG_EXEC_PROGRESS_EVERY_US). It must not run queries.
 */
typedef void (*KgProgressFunc) (const char *task, const char *phase, double fraction, gint64 elapsed_us, gpointer user_data);

/**
 * KgBatchCommitFunc:
 * Commits the graph transaction a batch of CALL { ... } IN TRANSACTIONS ran in (the
 * caller's journal record included) and begins the next one, so that the batch is
 * durable and the next batch's undo starts empty.
 * Returns: FALSE with the error when the batch could not be committed; it is then still
 *   open, to be rolled back by the operator.
 */
typedef gboolean (*KgBatchCommitFunc) (gpointer data, GError **error);

/**
 * KgPlanOptions:
 * @params: (element-type utf8 KgValue) (nullable): `$name` → value, borrowed
 * @filename: (nullable): for messages
 * @cancel: (nullable): a flag that, when non-zero, stops the query
 * @deadline_us: g_get_monotonic_time() after which the query stops; 0 for none
 * @max_memory: bytes of intermediate state allowed; 0 for none
 * @max_hops: bound on unbounded variable-length patterns (0: 15)
 * @rows_only: run every operator a row at a time, never in batches (to compare the two
 *   paths; the answers are the same)
 * @procedures: (element-type KgProcedure) (nullable): table procedures CALL may name
 * @import_dir: (nullable): the directory LOAD CSV and the import procedures read from
 *   (copied); NULL for the current directory
 * @progress: (nullable): told how long computations (the graph algorithms) get on
 * @progress_data: passed to @progress
 * @source: (nullable): the statement's text, for placing notices on the very name they
 *   are about (a span covers a whole pattern); @source_len bytes, the first of which is
 *   at span offset @source_base (the statement's origin in its file)
 * @commit_batch: (nullable): how CALL { ... } IN TRANSACTIONS commits a batch; NULL
 *   where a statement cannot commit alone (an explicit transaction): the construct is
 *   then an error
 * @commit_data: passed to @commit_batch
 * @threads: how many threads a statement may run on (engine/parallel.c); 0 or 1: one
 */
typedef struct
{
  GHashTable *params;
  const char *filename;
  const volatile gint *cancel;
  gint64 deadline_us;
  guint64 max_memory;
  guint max_hops;
  gboolean rows_only;
  GPtrArray *procedures;
  const char *import_dir;
  KgProgressFunc progress;
  gpointer progress_data;
  const char *source;
  gsize source_len;
  gsize source_base;
  KgBatchCommitFunc commit_batch;
  gpointer commit_data;
  guint threads;
} KgPlanOptions;

/** kg_parallel_default_threads: the cores this process may run on (sched_getaffinity). */
guint kg_parallel_default_threads (void);

/**
 * KgProcedure: a read-only procedure answering from a fixed table (engine/procedure.c).
 */
typedef struct _KgProcedure KgProcedure;

/**
 * kg_procedure_new:
 * @signature: `name(in :: TYPE?, ...) :: (out :: TYPE?, ...)`
 * @rows: a LIST of LISTs, each the inputs then the outputs of one row (copied)
 * Returns: (transfer full) (nullable): the procedure, or NULL with KG_QUERY_ERROR_PROCEDURE.
 */
KgProcedure *kg_procedure_new (const char *signature, const KgValue *rows, GError **error);
void kg_procedure_free (KgProcedure *proc);
/** kg_procedure_name: Returns: (transfer none): the dotted name. */
const char *kg_procedure_name (const KgProcedure *proc);

/**
 * kg_statement_writes:
 * Returns: TRUE when the parsed statement @ast may change the graph: a writing clause
 *   (kg_ast_writes()) or a CALL of a procedure in WRITE mode (kgq.import.jsonl). Decided
 *   before binding, so that the statement takes the write lock.
 */
gboolean kg_statement_writes (const KgAst *ast);

/** KG_PLAN_DEFAULT_MAX_HOPS: how far `*` and `*2..` reach when no limit is set. */
#define KG_PLAN_DEFAULT_MAX_HOPS 15

/**
 * kg_plan_build:
 * @graph: the graph the plan will run against (borrowed; must outlive the plan)
 * @query: (transfer full): a KG_AST_QUERY from kg_parse()
 *
 * Returns: (transfer full) (nullable): the plan, or NULL with a compile-time error.
 */
KgPlan *kg_plan_build (KgGraph *graph, KgAst *query, const KgPlanOptions *options, GError **error);
void kg_plan_free (KgPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgPlan, kg_plan_free)

/** kg_plan_set_deadline: (re)sets the deadline (g_get_monotonic_time() units, 0 none). */
void kg_plan_set_deadline (KgPlan *plan, gint64 deadline_us);

guint kg_plan_n_columns (KgPlan *plan);
const char *kg_plan_column_name (KgPlan *plan, guint column);
/** kg_plan_has_writes: TRUE if the statement may change the graph. */
gboolean kg_plan_has_writes (KgPlan *plan);
gboolean kg_plan_is_explain (KgPlan *plan);
gboolean kg_plan_is_profile (KgPlan *plan);

/**
 * KgNoticeKind: what a notice is about.
 * @KG_NOTICE_UNKNOWN_LABEL: a label read (MATCH, `n:L`) that the graph has never seen
 * @KG_NOTICE_UNKNOWN_TYPE: a relationship type read that the graph has never seen
 * @KG_NOTICE_UNKNOWN_KEY: a property key read of a node or relationship that the graph
 *   has never seen
 * @KG_NOTICE_UNBOUNDED: a variable-length pattern without an upper bound (outside
 *   shortestPath), which the planner bounded by the hop limit
 */
typedef enum
{
  KG_NOTICE_UNKNOWN_LABEL,
  KG_NOTICE_UNKNOWN_TYPE,
  KG_NOTICE_UNKNOWN_KEY,
  KG_NOTICE_UNBOUNDED,
} KgNoticeKind;

/**
 * KgNotice: a note on a statement that is not an error (Neo4j's notifications).
 * @span: where in the source (the name itself for the unknown-name notices)
 * @name: (nullable): the unknown name
 * @hint: (nullable): the known name of the same kind closest to @name
 * @text: what is wrong, without position: `label Persn does not exist (did you mean Person?)`
 * @message: `FILE:LINE:COL: ` and @text
 */
typedef struct
{
  KgNoticeKind kind;
  KgSpan span;
  char *name;
  char *hint;
  char *text;
  char *message;
} KgNotice;

/** kg_plan_n_notices: Returns: how many notices the statement has (in source order). */
guint kg_plan_n_notices (KgPlan *plan);
/** kg_plan_notice: Returns: (transfer none): notice @i. */
const KgNotice *kg_plan_notice (KgPlan *plan, guint i);

/** kg_plan_filename: Returns: (nullable): the statement's file name, as messages give it. */
const char *kg_plan_filename (KgPlan *plan);

/** kg_plan_next: Returns: TRUE with a row, FALSE at the end or on error. Opens on first call. */
gboolean kg_plan_next (KgPlan *plan, GError **error);
/** kg_plan_value: Returns: (transfer none): the current row's value in @column. */
const KgValue *kg_plan_value (KgPlan *plan, guint column);
const KgExecStats *kg_plan_stats (KgPlan *plan);

/**
 * kg_plan_describe:
 * @profile: add rows and time per operator
 * Returns: (transfer full): one operator a line, the root first, children indented.
 */
char *kg_plan_describe (KgPlan *plan, gboolean profile);

/* One operator of a plan, as kg_plan_walk() visits it. */
typedef struct
{
  const char *name;      /* the operator, as EXPLAIN names it ("NodeByLabelScan") */
  const char *details;   /* what it works on, as EXPLAIN prints it ("" when nothing) */
  double estimated_rows; /* the planner's estimate */
  guint64 rows;          /* rows it yielded so far */
  gint64 time_us;        /* time in its own code, without its inputs' (PROFILE only, else 0) */
  guint depth;           /* 0 for the root */
  guint n_children;      /* its inputs, visited next, each with its own */
  gboolean batch;        /* it produces batches of rows, or reads its input's (EXPLAIN's `batch`) */
} KgPlanOpInfo;

typedef void (*KgPlanVisitFunc) (const KgPlanOpInfo *op, gpointer user_data);

/**
 * kg_plan_walk:
 * Calls @visit for every operator of @plan, the root first and each operator's inputs
 * after it (depth first), so a writer can nest them as it goes. The strings last for
 * the call.
 */
void kg_plan_walk (KgPlan *plan, KgPlanVisitFunc visit, gpointer user_data);

G_END_DECLS
