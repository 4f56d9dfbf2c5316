/* engine/batch.h — batches of rows, column-wise, and the vector evaluator over them.
 *
 * A batch is up to KG_BATCH_MAX rows of the slots a pipeline of operators writes, held
 * as one vector per slot (node or relationship ids), a selection vector naming the rows
 * still alive, and — as in Kùzu's factorized vectors — an optional parent batch: an
 * Expand writes its relationship and far-node columns and, for each of its rows, the
 * index of the row of its input batch it came from, instead of copying the input's
 * columns. A slot that no batch of the chain holds is read from the plan's row
 * (KgExec.slots), where the operators below the pipeline left it.
 *
 * The vector evaluator (expr-vector.c) compiles a predicate once per operator and runs
 * it over the selected rows of a batch as tight loops per AST node (DuckDB's
 * ExpressionExecutor): property reads from the store's columns, comparisons with a
 * constant folded once, AND/OR/NOT with Cypher's three-valued logic, IS NULL,
 * arithmetic on numbers, lower()/upper() of a property against a constant. What it
 * cannot decide for every row of a batch with certainty it gives up on (KG_VEC_BAIL),
 * and the operator evaluates that batch a row at a time with the row evaluator, which
 * is the reference: a batch's answer is always the row evaluator's.
 *
 * Not here: the operator protocol (engine/ops/op-private.h: next_batch, the adapter
 * that turns batches into rows) and the operators' batch paths (engine/ops/op-*.c).
 */
#pragma once

#include <glib.h>

#include "common/value.h"
#include "parser/ast.h"

G_BEGIN_DECLS

/* Rows in a batch: a multiple of 64, and what a selection index (guint16) can name. */
#define KG_BATCH_MAX 1024
/* Id columns one batch holds itself (Expand's two, or a Projection's view with aliases). */
#define KG_BATCH_COLS 4

typedef struct _KgExec KgExec;

/* One column a batch owns: the ids of a node or relationship slot. */
typedef struct
{
  int slot;
  KgValueType type; /* KG_VALUE_NODE or KG_VALUE_EDGE */
  guint32 *ids;     /* KG_BATCH_MAX long */
} KgBatchCol;

/* A column of values a batch holds (a Projection's items): row r's value at vals[r],
 * for the rows alive when the column was made; borrowed (from the store's columns or
 * the operator that made it) and valid until that operator is called again. */
typedef struct
{
  int slot;
  const KgValue *const *vals; /* KG_BATCH_MAX long */
} KgBatchVals;

typedef struct _KgBatch KgBatch;
struct _KgBatch
{
  guint n;            /* rows in the vectors */
  const guint16 *sel; /* the rows alive, increasing; NULL: all n */
  guint n_sel;        /* how many rows are alive */
  guint n_cols;
  KgBatchCol cols[KG_BATCH_COLS]; /* the id columns of this batch */
  guint n_vals;
  const KgBatchVals *vals; /* n_vals value columns (their slots hold no id column) */
  KgBatch *parent;         /* the rest of each row: row pidx[i] of parent (NULL: none) */
  guint16 *pidx;           /* KG_BATCH_MAX long when parent is set */
  /* A slot whose value the batch makes only when a row is loaded (LOAD CSV's record:
   * its fields stay bytes until something needs the map), NULL: none. Only operators
   * that know the batch's maker read such batches (kg_op_create_plan_batches). */
  void (*load_lazy) (KgExec *exec, const KgBatch *b, guint i);
  int lazy_slot;
};

/* The @i-th alive row of @b. */
static inline guint
kg_batch_row (const KgBatch *b, guint i)
{
  return b->sel ? b->sel[i] : i;
}

/* Sets up an empty batch owning one or two id columns (vectors allocated here). */
void kg_batch_init (KgBatch *b, guint n_cols, const int *slots, const KgValueType *types, gboolean with_parent);
void kg_batch_clear (KgBatch *b);
/* The column of @slot in @b itself, or NULL. */
const KgBatchCol *kg_batch_own_col (const KgBatch *b, int slot);
/* Whether @slot is a column (of ids or values) of @b or of one of its parents. */
gboolean kg_batch_has_slot (const KgBatch *b, int slot);
/**
 * kg_batch_ids:
 * @scratch: (array fixed-size=KG_BATCH_MAX): where a parent's column is gathered
 * Returns: (nullable): the ids of @slot for every row of @b (for rows 0..n-1), with the
 *   column's type in *@type; NULL when no batch of the chain holds @slot as ids (it may
 *   hold it as values: kg_batch_vals()).
 */
const guint32 *kg_batch_ids (const KgBatch *b, int slot, guint32 *scratch, KgValueType *type);
/**
 * kg_batch_vals:
 * @scratch: (array fixed-size=KG_BATCH_MAX): where a parent's column is gathered
 * Returns: (nullable): the values of the value column of @slot for the rows of @b (valid
 *   at the alive rows); NULL when no batch of the chain holds @slot as values.
 */
const KgValue *const *kg_batch_vals (const KgBatch *b, int slot, const KgValue **scratch);
/* The id of @slot at row @i of @b (a row of @b's own vectors), read through the parent
 * indexes; for a value column, the value's type (and its id when it is a node or a
 * relationship); FALSE when no batch of the chain holds @slot. */
gboolean kg_batch_id_at (const KgBatch *b, int slot, guint i, guint32 *id, KgValueType *type);
/* Writes row @i of @b (and of its parents) into the plan's row of slots (values copied). */
void kg_batch_load_row (KgExec *exec, const KgBatch *b, guint i);

/* --- The vector evaluator (expr-vector.c) ------------------------------------------ */

typedef struct _KgVecExpr KgVecExpr;

/* What kg_vec_select() returns besides a count. */
#define KG_VEC_ERROR (-1) /* an error is set */
#define KG_VEC_BAIL (-2)  /* not decided for this batch: evaluate it a row at a time */

/**
 * kg_vec_compile:
 * @pred: (transfer none): a bound predicate (borrowed; it must outlive the result)
 * Returns: (transfer full): @pred compiled for batches; parts the evaluator has no
 *   vector form of are evaluated row by row inside it.
 */
KgVecExpr *kg_vec_compile (const KgAst *pred);
void kg_vec_free (KgVecExpr *vx);
/* Forgets the constants it evaluated (a new run may have new parameters). */
void kg_vec_reset (KgVecExpr *vx);
/* Whether anything of the predicate has a vector form (else only the row path helps). */
gboolean kg_vec_useful (const KgVecExpr *vx);
/**
 * kg_vec_select:
 * @sel_out: (array fixed-size=KG_BATCH_MAX): receives the alive rows of @b for which
 *   the predicate is true, increasing
 * Returns: how many rows it wrote; KG_VEC_BAIL when the batch must be evaluated row by
 *   row (any error included: the row evaluator reports it at its row); KG_VEC_ERROR
 *   only for cancellation.
 */
int kg_vec_select (KgExec *exec, KgVecExpr *vx, KgBatch *b, guint16 *sel_out, GError **error);

/**
 * kg_vec_compile_value:
 * @expr: (transfer none): a bound expression (borrowed; it must outlive the result)
 * Returns: (transfer full): @expr compiled for batches, for kg_vec_values(): property
 *   reads, variables, constants and arithmetic as loops, anything else a row at a time.
 */
KgVecExpr *kg_vec_compile_value (const KgAst *expr);
/**
 * kg_vec_values:
 * @out: receives, for every alive row r of @b, the value of the expression at (*@out)[r]
 *   (borrowed: from the store, the plan's row or @vx, valid until the next call on @vx
 *   or a change to the plan's row)
 * Returns: 0, or KG_VEC_BAIL when the batch must be evaluated row by row (any error
 *   included: the row evaluator reports it at its row).
 */
int kg_vec_values (KgExec *exec, KgVecExpr *vx, KgBatch *b, const KgValue *const **out);

G_END_DECLS
