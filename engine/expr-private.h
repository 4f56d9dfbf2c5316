/* engine/expr-private.h — what expr.c, functions.c, aggregate.c, check.c and temporal.c
 * share and nobody else needs: the call of a resolved function, error helpers, limits
 * and the date and time arithmetic.
 *
 * Not a contract for the rest of the engine (that is engine/expr.h).
 */
#pragma once

#include "engine/expr.h"

G_BEGIN_DECLS

/* The longest list an expression may build (range(), list concatenation...): beyond
 * this a KG_QUERY_ERROR_LIMIT stops the query instead of exhausting memory. */
#define KG_EXPR_MAX_LIST_LEN ((gsize) 1 << 25)

/* Check the cancel flag every this many loop iterations. */
#define KG_EXPR_CANCEL_EVERY 4096

/*
 * kg_function_call:
 * Calls the scalar function the binder resolved for @call (a FUNCTION_CALL with
 * `function` set, not an aggregate) on @args, already evaluated, in the order written.
 * @args stays owned by the caller.
 */
gboolean kg_function_call (KgEvalEnv *env,
                           const KgAst *call,
                           KgValue *args,
                           guint n_args,
                           KgValue *out,
                           GError **error);

/* kg_expr_check_cancel: FALSE with KG_QUERY_ERROR_CANCELLED when the query was cancelled. */
gboolean kg_expr_check_cancel (KgEvalEnv *env, const KgAst *at, GError **error);

/* kg_expr_type_of: a short Cypher-user description of a value's type ("INTEGER"). */
const char *kg_expr_type_of (const KgValue *v);

/* One property of a node or relationship, for kg_expr_entity_props(). */
typedef struct
{
  const char *key;      /* (transfer none) the interned key name */
  const KgValue *value; /* (transfer none) */
} KgExprProp;

/*
 * kg_expr_entity_props:
 * Returns: (transfer full) (element-type KgExprProp): the properties of a node (or
 *   relationship, @is_node FALSE) sorted by key name, so keys(), properties() and `.*`
 *   come out in the same order whatever order the keys were interned in.
 */
GArray *kg_expr_entity_props (KgGraph *graph, gboolean is_node, guint32 id);

/* --- Temporal values (the calendar and ISO parsing are in common/temporal.h) --- */

/* kg_expr_temporal_now: the current date, time or date-time (UTC), one clock reading
 * per statement. */
KgValue kg_expr_temporal_now (KgEvalEnv *env, KgValueType type);

G_END_DECLS
