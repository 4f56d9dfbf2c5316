/* engine/expr.h — evaluating bound expressions, calling functions, aggregating.
 *
 * The contract between expression evaluation (expr.c, functions.c, aggregate.c) and the
 * rest of the engine (bind, plan, operators). Expressions are KgAst trees annotated by
 * the binder: a node whose `slot` is >= 0 is not computed here, its value is read from
 * env->slots[slot] (variables, and anything the engine computed already: aggregates,
 * grouping keys, projected columns). Comprehension, quantifier and reduce variables also
 * have slots, which the evaluator writes while it iterates and restores afterwards.
 *
 * Where the binder puts the slots of variables that a node names without a VARIABLE
 * child (the node's own `slot` is its value, so it cannot be used for these):
 *   LIST_COMPREHENSION, QUANTIFIER   min_hops = slot of the iteration variable
 *   REDUCE                           min_hops = slot of the accumulator (name),
 *                                    max_hops = slot of the element variable (names[0])
 *   MAP_PROJECTION                   min_hops = slot of the projected variable (name)
 *   MAP_PROJECTION_ITEM (VARIABLE)   min_hops = slot of the variable (or its own slot)
 * A value outside 0..n_slots-1 means "not bound": the evaluator then resolves the name in
 * its own scope of comprehension variables (so unbound trees, as in unit tests, work).
 *
 * Semantics are Cypher's: three-valued logic, null propagation, integer overflow and
 * division by zero are KG_QUERY_ERROR_ARITHMETIC, type mismatches KG_QUERY_ERROR_TYPE,
 * bad arguments KG_QUERY_ERROR_ARGUMENT, each at the span of the offending expression.
 * Nothing here prints or changes the graph.
 */
#pragma once

#include <glib.h>

#include "common/error.h"
#include "common/value.h"
#include "graph/graph.h"
#include "parser/ast.h"

G_BEGIN_DECLS

typedef struct _KgEvalEnv KgEvalEnv;

struct _KgEvalEnv
{
  KgGraph *graph;
  GHashTable *params;      /* (element-type utf8 KgValue) `$name` → value; borrowed */
  KgValue *slots;          /* the current row, indexed by KgAst.slot; borrowed */
  guint n_slots;
  const char *filename;    /* for error messages */
  const volatile gint *cancel; /* (nullable) non-zero: stop with KG_QUERY_ERROR_CANCELLED */

  /* Pattern expressions need the matcher, which lives in the engine: it evaluates
   * PATTERN_PREDICATE, PATTERN_COMPREHENSION and EXISTS_SUBQUERY nodes for the current
   * row. NULL makes them an error. */
  gboolean (*eval_pattern) (KgEvalEnv *env, const KgAst *expr, KgValue *out, GError **error);
  gpointer engine_data;
};

/**
 * kg_expr_eval:
 * Evaluates @expr for the current row into @out (which is overwritten, not cleared).
 * Returns: FALSE with @error set on a run-time error (then @out is null).
 */
gboolean kg_expr_eval (KgEvalEnv *env, const KgAst *expr, KgValue *out, GError **error);

/**
 * kg_expr_eval_predicate:
 * Evaluates a WHERE-style condition. Sets *@result to KG_TRI_TRUE, KG_TRI_FALSE or
 * KG_TRI_NULL; a non-boolean, non-null value is a KG_QUERY_ERROR_TYPE.
 */
gboolean kg_expr_eval_predicate (KgEvalEnv *env, const KgAst *expr, KgTri *result, GError **error);

/* --- Compile-time checks -------------------------------------------------------- */

/**
 * KgExprVarTypes:
 * @variable: a VARIABLE node of the expression being checked
 * Returns: the types @variable may have at run time, as a mask of (1u << KgValueType)
 *   bits (a MATCH node variable: 1u << KG_VALUE_NODE; OPTIONAL adds 1u << KG_VALUE_NULL);
 *   0 when unknown.
 */
typedef guint (*KgExprVarTypes) (const KgAst *variable, gpointer data);

/**
 * kg_expr_check:
 * @predicate: the expression is a WHERE condition (must be able to be a boolean)
 * @var_types: (nullable): what the binder knows of its variables
 *
 * Rejects, before execution, operators and functions whose operand can only ever have
 * a wrong type (`NOT 1`, `true AND []`, `1 IN 'x'`, `properties(1)`, `labels(p)` of a
 * path, `x.num` of an integer, `WHERE (n)`). Conservative: what might be valid at run
 * time passes. The binder calls it on each expression it has bound (WHERE conditions
 * with @predicate TRUE), and can use kg_expr_static_types() to remember the types of
 * WITH-projected variables. Returns: FALSE with a compile-time error: KG_QUERY_ERROR_SEMANTIC
 * (openCypher's SyntaxError InvalidArgumentType), or KG_QUERY_ERROR_TYPE for a property
 * read of a value that has no properties.
 */
gboolean kg_expr_check (const KgAst *expr,
                        gboolean predicate,
                        KgExprVarTypes var_types,
                        gpointer data,
                        const char *filename,
                        GError **error);

/** kg_expr_static_types: Returns: the types @expr may have (mask as above; all bits when unknown). */
guint kg_expr_static_types (const KgAst *expr, KgExprVarTypes var_types, gpointer data);

/* --- Functions ------------------------------------------------------------------ */

typedef struct
{
  const char *name;  /* canonical spelling, e.g. "toInteger" */
  int min_args;
  int max_args;      /* -1: any number */
  gboolean aggregate;
} KgFunctionInfo;

/** kg_function_lookup: Returns: (nullable): the function named @name (case-insensitive). */
const KgFunctionInfo *kg_function_lookup (const char *name);

/** kg_function_names: Returns: (array zero-terminated=1): canonical names, for completion and "did you mean". */
const char *const *kg_function_names (void);

/**
 * kg_expr_op_text:
 * @op: a KgAstOp of a binary or unary operator node
 *
 * Returns: the operator as written in Cypher ("AND", "<>", "STARTS WITH", "-", ...),
 *   or "?" for anything else; for messages and EXPLAIN text.
 */
const char *kg_expr_op_text (int op);

/* --- Aggregation ---------------------------------------------------------------- */

typedef struct _KgAgg KgAgg;

/**
 * kg_agg_new:
 * @call: a FUNCTION_CALL of an aggregate function (count, sum, avg, min, max, collect,
 *   stDev, stDevP, percentileCont, percentileDisc), with its DISTINCT and STAR flags
 * Returns: (transfer full): an accumulator for one group.
 */
KgAgg *kg_agg_new (const KgAst *call);
/** kg_agg_step: feeds one row's evaluated arguments (none for count(*)). */
gboolean kg_agg_step (KgAgg *agg, const KgValue *args, guint n_args, GError **error);
/** kg_agg_finish: the group's result into @out (count of nothing is 0, sum 0, others null). */
gboolean kg_agg_finish (KgAgg *agg, KgValue *out, GError **error);
void kg_agg_free (KgAgg *agg);

G_END_DECLS
