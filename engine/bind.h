/* engine/bind.h — the binder's scopes and expression binding, shared with the planner.
 *
 * Internal to engine/. A scope maps variable names to slots and kinds; WITH and RETURN
 * end a scope and start a new one holding only the projected names. kg_bind_expr()
 * annotates an expression tree in place (the fields parser/ast.h lists): variables get
 * their slots, comprehension and map-projection variables theirs (var_slot, elem_slot),
 * calls their function's row, constant subexpressions a fold index, and aggregate calls
 * a slot and a place in the list for the Aggregation operator. It reports semantic
 * errors at their spans. It does not plan (plan.c) or evaluate (expr.c).
 */
#pragma once

#include "engine/engine-private.h"

G_BEGIN_DECLS

typedef enum
{
  KG_VAR_ANY, /* a value of unknown type (from WITH, UNWIND, ...) */
  KG_VAR_NODE,
  KG_VAR_REL,
  KG_VAR_RELLIST, /* a variable-length relationship: a list of relationships */
  KG_VAR_PATH,
} KgVarKind;

typedef struct
{
  char *name;
  int slot;
  KgVarKind kind;
} KgVar;

typedef struct _KgScope KgScope;
struct _KgScope
{
  KgScope *parent; /* comprehension and subquery scopes see their parents */
  GPtrArray *vars; /* (element-type KgVar) in declaration order */
};

KgScope *kg_scope_new (KgScope *parent);
void kg_scope_free (KgScope *scope);
KgVar *kg_scope_lookup (KgScope *scope, const char *name);
KgVar *kg_scope_lookup_local (KgScope *scope, const char *name);
KgVar *kg_scope_declare (KgScope *scope, const char *name, KgVarKind kind, int slot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgScope, kg_scope_free)

typedef enum
{
  KG_BIND_AGG_OK = 1 << 0, /* aggregate calls allowed (projection items) */
} KgBindFlags;

typedef struct
{
  KgPlan *plan; /* NULL for an expression outside a query (kg_expr_bind) */
  KgGraph *graph;
  const char *filename;
  GHashTable *params;
  GError **error;
  GPtrArray *aggs; /* (element-type KgAst) aggregate calls found; NULL when not collecting */
  int in_agg;
  const char *agg_context; /* "WHERE", "ORDER BY"...: for messages */
  GArray *slot_types;      /* guint per slot: the value types it may hold (0 unknown) */
  GHashTable *slot_labels; /* slot + 1 → a label every value in the slot has (never null) */
  guint n_folds;           /* fold indexes given out: the size of the statement's fold cache */
  guint n_own_slots;       /* slots given out when there is no plan */
} KgBinder;

/* What a slot may hold, as a mask of (1u << KgValueType); 0 when unknown. */
void kg_binder_set_type (KgBinder *b, int slot, guint mask);
guint kg_binder_slot_type (KgBinder *b, int slot);
/* kg_expr_check() callback: a variable's types from its slot. */
guint kg_binder_var_types (const KgAst *variable, gpointer binder);

int kg_binder_new_slot (KgBinder *b);
gboolean kg_bind_expr (KgBinder *b, KgScope *scope, KgAst *expr, guint flags);
/* Sets a compile-time error at @span. Always returns FALSE. */
gboolean kg_bind_error (KgBinder *b, KgQueryError code, const KgSpan *span, const char *format, ...) G_GNUC_PRINTF (4, 5);

gboolean kg_ast_contains_aggregate (const KgAst *expr);
/* The function table row of a FUNCTION_CALL, bound or not yet (clause binding asks about
 * aggregates before it binds a projection's expressions); NULL for anything else or an
 * unknown name. For binding only: after it, KgAst.function is the answer. */
const KgFunction *kg_ast_call_function (const KgAst *e);
gboolean kg_ast_equal (const KgAst *a, const KgAst *b);
const char *kg_var_kind_name (KgVarKind kind);

/* Planner hook for pattern expressions met inside an expression (plan.c). */
gboolean kg_plan_pattern_expr (KgBinder *b, KgScope *scope, KgAst *expr);

G_END_DECLS
