/* engine/expr.h — evaluating bound expressions, calling functions, aggregating.
 *
 * The contract between expression evaluation (expr.c, functions.c, aggregate.c) and the
 * rest of the engine (bind, plan, operators). Expressions are KgAst trees annotated by
 * the binder: a node whose `slot` is >= 0 is not computed here, its value is read from
 * env->slots[slot] (variables, and anything the engine computed already: aggregates,
 * grouping keys, projected columns). Comprehension, quantifier and reduce variables also
 * have slots, which the evaluator writes while it iterates and restores afterwards.
 *
 * The binder's other annotations (parser/ast.h lists them): `var_slot`/`elem_slot` are
 * the slots of variables a node declares or names without a VARIABLE child
 * (comprehension, quantifier and reduce variables, map projections); `function` is a
 * call's table row; `fold` >= 0 marks a constant expression, evaluated at the first
 * evaluation of the statement and reused from env->folded after. Every tree evaluated
 * here has been bound (kg_expr_bind() binds one outside a query); an unbound variable
 * or call is an internal error, never a crash.
 *
 * Folding happens at first evaluation rather than at plan time for two reasons: an error
 * a constant raises (`1/0`) must come out at run time, with its message and span, and
 * only if the expression is evaluated at all (`CASE WHEN false THEN 1/0 END`, a filter
 * on an empty input); and nothing is computed for expressions that are never reached.
 * Parameters are constants of the statement, so `lower($name)` folds too (unless the
 * parameter holds a node, relationship or path, whose properties the statement may
 * change). The binder decides what folds (bind.c, fold_walk).
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
typedef struct _KgExprFolded KgExprFolded;

struct _KgEvalEnv
{
  KgGraph *graph;
  GHashTable *params; /* (element-type utf8 KgValue) `$name` → value; borrowed */
  KgValue *slots;     /* the current row, indexed by KgAst.slot; borrowed */
  guint n_slots;
  const char *filename;        /* for error messages */
  const volatile gint *cancel; /* (nullable) non-zero: stop with KG_QUERY_ERROR_CANCELLED */

  /* Pattern expressions need the matcher, which lives in the engine: it evaluates
   * PATTERN_PREDICATE, PATTERN_COMPREHENSION and EXISTS_SUBQUERY nodes for the current
   * row. NULL makes them an error. */
  gboolean (*eval_pattern) (KgEvalEnv *env, const KgAst *expr, KgValue *out, GError **error);
  gpointer engine_data;

  /* The statement's fold cache, indexed by KgAst.fold (see above); NULL or too short:
   * constants are evaluated every time. Owned by whoever set it up (the executor). */
  KgExprFolded *folded;
  guint n_folded;

  /* The row LOAD CSV read last, for linenumber() and file(): its first line (0: none)
   * and the file's path (borrowed from the operator; NULL: none). */
  gint64 load_line;
  const char *load_file;
};

/**
 * kg_expr_folded_new:
 * Returns: (transfer full): an empty fold cache for @n constant expressions (a binder
 *   counts them), to set as KgEvalEnv.folded for one statement.
 */
KgExprFolded *kg_expr_folded_new (guint n);
/** kg_expr_folded_free: frees the cache of @n entries and the values it holds. */
void kg_expr_folded_free (KgExprFolded *folded, guint n);

/**
 * kg_expr_bind:
 * @expr: an expression fresh from the parser (not bound before)
 * @params: (nullable): the parameters it may name
 * @filename: for error messages
 *
 * Binds an expression that stands outside any query, in an empty scope (as
 * `:param x => expr` needs): calls get their functions, comprehension variables their
 * slots. Pattern expressions and aggregates are compile-time errors here. Returns: the
 * number of slots an evaluation of @expr needs (KgEvalEnv.slots, cleared to null), or -1
 * with @error set.
 */
int kg_expr_bind (KgAst *expr, GHashTable *params, const char *filename, GError **error);

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

/**
 * kg_eval_dynamic_label:
 * Evaluates the DYNAMIC_LABEL @dyn (`$(e)`, `$all(e)`, `$any(e)`) for the current row:
 * a STRING is one name, a LIST<STRING> its names. Null, another type, a null in the
 * list or an empty string is a run-time error at @dyn; @type: the names are
 * relationship types (for the message).
 * Returns: (transfer full) (element-type utf8) (nullable): the names, or NULL with
 *   @error set.
 */
GPtrArray *kg_eval_dynamic_label (KgEvalEnv *env, const KgAst *dyn, gboolean type, GError **error);

/**
 * kg_dynamic_label_matches:
 * Whether the node (@node) or relationship @id has the labels, or the type, that the
 * DYNAMIC_LABEL @dyn names for the current row: all of them for `$(e)` and `$all(e)`
 * (a relationship: each name is its type), one at least for `$any(e)`.
 * Returns: 1 yes, 0 no, -1 with @error set.
 */
int kg_dynamic_label_matches (KgEvalEnv *env, const KgAst *dyn, gboolean node, guint32 id, GError **error);

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

/**
 * kg_value_is_type:
 * @type: a TYPE node (parser/ast.h): a GQL type, a UNION of them, with NOT NULL
 *
 * Returns: whether @v is of @type, as `v IS :: type` asks: null is of every type that
 *   is not NOT NULL (and of NULL and ANY), a list of LIST<T> when all its items are of T.
 */
gboolean kg_value_is_type (const KgValue *v, const KgAst *type);

/** kg_expr_static_types: Returns: the types @expr may have (mask as above; all bits when unknown). */
guint kg_expr_static_types (const KgAst *expr, KgExprVarTypes var_types, gpointer data);

/* --- Functions ------------------------------------------------------------------ */

/* A mask of value types, as kg_expr_static_types() returns: bit (1u << KgValueType). */
#define KG_TYPES(t) (1u << (t))
#define KG_TYPES_NUM (KG_TYPES (KG_VALUE_INT) | KG_TYPES (KG_VALUE_FLOAT))

/**
 * KgFunctionFlags:
 * @KG_FN_RANDOM: a new value at every call (rand(), randomUUID()): never folded or
 *   memoised, and not allowed in the argument of an aggregate
 * @KG_FN_CLOCK: reads the clock (timestamp(), datetime.realtime(), ...): never folded
 *   or memoised
 * @KG_FN_CLOCK_IF_NO_ARGS: reads the clock when called without arguments (date(),
 *   datetime(), ...); with arguments it is deterministic
 * @KG_FN_PATTERN_ARG: exists(): called on a pattern, the call is that pattern predicate
 * @KG_FN_ROW: reads the state of the running statement beyond its arguments (linenumber()
 *   and file() read LOAD CSV's row): never folded or memoised
 *
 * What the engine must know about a function beyond its arguments; a function with none
 * of the first three flags nor KG_FN_ROW gives the same result for the same arguments.
 */
typedef enum
{
  KG_FN_RANDOM = 1 << 0,
  KG_FN_CLOCK = 1 << 1,
  KG_FN_CLOCK_IF_NO_ARGS = 1 << 2,
  KG_FN_PATTERN_ARG = 1 << 3,
  KG_FN_ROW = 1 << 4,
} KgFunctionFlags;

/* The aggregate functions; KG_AGG_NONE for a scalar function. */
typedef enum
{
  KG_AGG_NONE,
  KG_AGG_COUNT,
  KG_AGG_SUM,
  KG_AGG_AVG,
  KG_AGG_MIN,
  KG_AGG_MAX,
  KG_AGG_COLLECT,
  KG_AGG_STDEV,
  KG_AGG_STDEVP,
  KG_AGG_PERCENTILE_CONT,
  KG_AGG_PERCENTILE_DISC,
} KgAggKind;

/* One call being evaluated, as a function's implementation sees it (functions.c). */
typedef struct _KgFnCall KgFnCall;

/* A scalar function's implementation: @args are the evaluated arguments, borrowed;
 * the result goes to @out (null when nothing is set). */
typedef gboolean (*KgFunctionImpl) (KgFnCall *call, KgValue *args, guint n_args, KgValue *out, GError **error);

/**
 * KgFunction:
 * @name: the canonical spelling ("toInteger"); calls match it case-insensitively
 * @min_args: fewest arguments
 * @max_args: most arguments, -1 for any number
 * @flags: KgFunctionFlags
 * @agg: the aggregate it is, or KG_AGG_NONE
 * @arg0_types: the types the first argument may have, checked before execution (0: any)
 * @arg0_expected: how the compile-time error names @arg0_types ("a node")
 * @result_types: the types of the result, for the compile-time checks (0: unknown; null
 *   is always possible)
 * @impl: the implementation of a scalar function (NULL for an aggregate, which
 *   aggregate.c accumulates)
 * @variant: passed to @impl, for functions that share one (SQLite's `iArg`): which of
 *   toUpper/toLower, trim/ltrim/rtrim, a temporal type...
 * @math: the C function of the one-argument float functions (sqrt, sin, ...)
 * @keywords: (nullable): words the second argument may be written as, bare
 *   (normalize()'s NFC, NFKD, ...): the binder turns such a name into that string
 *
 * One row of the function table (functions.c): everything the binder, the checks, the
 * planner, the operators and the evaluator know about a function. The binder resolves
 * every call to its row once (KgAst.function); nothing looks at a function's name after.
 */
struct _KgFunction
{
  const char *name;
  int min_args;
  int max_args;
  guint flags;
  KgAggKind agg;
  guint arg0_types;
  const char *arg0_expected;
  guint result_types;
  KgFunctionImpl impl;
  int variant;
  double (*math) (double);
  const char *const *keywords;
  const char *category;    /* for SHOW FUNCTIONS: "String", "Aggregating", ... */
  const char *description; /* for SHOW FUNCTIONS: one sentence */
};

/** kg_function_lookup: Returns: (nullable): the function named @name (case-insensitive); for the binder. */
const KgFunction *kg_function_lookup (const char *name);

/** kg_function_names: Returns: (array zero-terminated=1): canonical names, for completion and "did you mean". */
const char *const *kg_function_names (void);

/**
 * kg_function_is_deterministic:
 * @fn: a function's row
 * @n_args: the number of arguments of the call
 *
 * Returns: whether a call with @n_args arguments gives the same result every time it
 *   gets the same arguments within a statement (not RANDOM, not reading the clock).
 */
gboolean kg_function_is_deterministic (const KgFunction *fn, guint n_args);

/**
 * kg_function_case_variant:
 * Returns: 0 when @fn is lower()/toLower(), 1 for upper()/toUpper(), -1 for any other
 *   function (for the vector evaluator, which compares case-folded strings in place).
 */
int kg_function_case_variant (const KgFunction *fn);

/**
 * kg_expr_compare:
 * @op: KG_OP_EQ, NE, LT, LE, GT or GE
 * Returns: what `a op b` evaluates to, exactly as the evaluator decides it.
 */
KgTri kg_expr_compare (int op, const KgValue *a, const KgValue *b);

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
 * @call: a bound FUNCTION_CALL of an aggregate function (count, sum, avg, min, max,
 *   collect, stDev, stDevP, percentileCont, percentileDisc), with its DISTINCT and STAR
 *   flags
 * Returns: (transfer full): an accumulator for one group.
 */
KgAgg *kg_agg_new (const KgAst *call);
/**
 * kg_agg_init:
 * @agg: kg_agg_sizeof() bytes the caller holds (an operator's block of groups)
 * @call: as for kg_agg_new()
 *
 * Makes an accumulator in place, without an allocation of its own; kg_agg_clear()
 * releases what it holds then.
 */
void kg_agg_init (KgAgg *agg, const KgAst *call);
gsize kg_agg_sizeof (void);
void kg_agg_clear (KgAgg *agg);
/** kg_agg_step: feeds one row's evaluated arguments (none for count(*)). */
gboolean kg_agg_step (KgAgg *agg, const KgValue *args, guint n_args, GError **error);
/**
 * kg_agg_step_vector:
 * @vals: (nullable): the argument of row r at @vals[r] (ignored by count(*))
 * @rows: (array length=m): the rows to feed, in order
 * Feeds @m rows of a one-argument aggregate (or count(*)) to one group, as @m calls of
 * kg_agg_step() would, with a loop per kind of aggregate; on an error the rows before
 * it have been fed.
 */
gboolean kg_agg_step_vector (KgAgg *agg, const KgValue *const *vals, const guint16 *rows, guint m, GError **error);
/** kg_agg_finish: the group's result into @out (count of nothing is 0, sum 0, others null). */
gboolean kg_agg_finish (KgAgg *agg, KgValue *out, GError **error);
/** kg_agg_take: as kg_agg_finish(), but may hand over the state (collect()'s list) instead
 * of a copy: the last call for @agg, which is only good for freeing after. */
gboolean kg_agg_take (KgAgg *agg, KgValue *out, GError **error);
void kg_agg_free (KgAgg *agg);
/** kg_agg_combinable: whether partial states of @call (a bound aggregate call) can be
 * merged with kg_agg_combine() into what one accumulator fed every row gives: count, sum,
 * avg, min and max (DISTINCT too); not collect (its order), stDev or the percentiles. */
gboolean kg_agg_combinable (const KgAst *call);
/** kg_agg_combine: merges @src (fed other rows of the same group) into @dst. */
gboolean kg_agg_combine (KgAgg *dst, KgAgg *src, GError **error);

G_END_DECLS
