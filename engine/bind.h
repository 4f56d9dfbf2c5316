/* engine/bind.h — the binder's scopes and expression binding, shared with the planner.
 *
 * Internal to engine/. A scope maps variable names to slots and kinds; WITH and RETURN
 * end a scope and start a new one holding only the projected names. kg_bind_expr()
 * annotates an expression tree in place (the fields parser/ast.h lists): variables get
 * their slots, comprehension and map-projection variables theirs (var_slot, elem_slot),
 * calls their function's row, constant subexpressions a fold index, and aggregate calls
 * a slot and a place in the list for the Aggregation operator. It reports semantic
 * errors at their spans. The clause binders (bind-clause.c, bind-project.c, bind-call.c)
 * produce the bound forms of clauses the planner consumes (KgBoundMatch,
 * KgBoundProjection, KgBoundCall, KgBoundPattern, KgCreateSpec). It does not plan
 * (plan*.c) or evaluate (expr.c).
 */
#pragma once

#include "engine/exec-private.h"

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
/* Returns: (transfer full): a scope without parent holding every variable @scope sees. */
KgScope *kg_scope_snapshot (KgScope *scope);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgScope, kg_scope_free)

typedef enum
{
  KG_BIND_AGG_OK = 1 << 0, /* aggregate calls allowed (projection items) */
} KgBindFlags;

typedef struct
{
  KgPlan *plan; /* the plan being built: its slot count and its synthetic expressions;
                 * NULL for an expression outside a query (kg_expr_bind) */
  KgGraph *graph;
  const char *filename;
  GHashTable *params;
  GError **error;
  GPtrArray *aggs; /* (element-type KgAst) aggregate calls found; NULL when not collecting */
  int in_agg;
  const char *agg_context; /* "WHERE", "ORDER BY"...: for messages */
  GArray *slot_types;      /* guint per slot: the value types it may hold (0 unknown) */
  GHashTable *slot_labels; /* slot + 1 → a label every value in the slot has (never null) */
  GPtrArray *patterns;     /* (element-type KgBoundPattern) pattern expressions bound and not planned yet */
  guint n_folds;           /* fold indexes given out: the size of the statement's fold cache */
  guint n_own_slots;       /* slots given out when there is no plan */
  guint read_only;         /* > 0 inside EXISTS, COUNT and COLLECT subqueries: no writes */
} KgBinder;

static inline gboolean
kg_bind_failed (KgBinder *b)
{
  return b->error != NULL && *b->error != NULL;
}

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
/* Whether @expr or anything below it (subqueries included) is a node of @kind. */
gboolean kg_ast_contains_kind (const KgAst *expr, KgAstKind kind);
/* The function table row of a FUNCTION_CALL, bound or not yet (clause binding asks about
 * aggregates before it binds a projection's expressions); NULL for anything else or an
 * unknown name. For binding only: after it, KgAst.function is the answer. */
const KgFunction *kg_ast_call_function (const KgAst *e);
gboolean kg_ast_equal (const KgAst *a, const KgAst *b);
const char *kg_var_kind_name (KgVarKind kind);

/* kg_bind_checked: binds a top-level expression, then rejects what can only fail at
 * run time (kg_expr_check); @predicate: the expression is a condition. */
gboolean kg_bind_checked (KgBinder *b, KgScope *scope, KgAst *expr, guint flags, gboolean predicate);
/* Whether @e reads no variable and calls nothing random: its value is the same on every row. */
gboolean kg_expr_is_constant (const KgAst *e);

/* kg_bind_notices: after the statement @query was bound and planned without error, adds
 * to @b->plan a notice for each label, relationship type and property key it reads
 * that the graph has never seen and that it does not write itself (bind-notice.c).
 * @options: for the source text the notices point into. */
void kg_bind_notices (KgBinder *b, const KgAst *query, const KgPlanOptions *options);

/* --- Clauses (bind-clause.c) --------------------------------------------------------- */

/* Returns: (transfer container): the PATTERN_PARTs of a PATTERN (or @pattern itself). */
GPtrArray *kg_pattern_parts (KgAst *pattern);
/* Declares the variables of @parts in @scope, giving every element a slot (checking
 * kinds, and that a relationship variable is used once), then binds their property
 * maps. @new_slots gets the slots this pattern introduces; @allow_new FALSE: a pattern
 * expression, which may not introduce variables; @optional: they may be null. */
gboolean kg_bind_pattern (KgBinder *b, KgScope *scope, GPtrArray *parts, KgSlots *new_slots, gboolean allow_new, gboolean optional);
/* Binds the DYNAMIC_LABELs of pattern element, label check or SET/REMOVE item @el (from
 * kg_ast_dynamic_labels() on); @where names the clause when only `$(...)` may stand
 * there (CREATE, MERGE, SET, REMOVE), NULL where `$all(...)` and `$any(...)` may too. */
gboolean kg_bind_dynamic_labels (KgBinder *b, KgScope *scope, KgAst *el, const char *where);
/* Evaluates the bound DYNAMIC_LABELs of @el that are constants without parameters, so
 * that one that is no STRING or LIST<STRING>, null or empty (kg_eval_dynamic_label()'s
 * errors) fails the statement at compile time; @type: relationship types. */
gboolean kg_bind_check_dynamic_labels (KgBinder *b, const KgAst *el, gboolean type);
/* Evaluates @e now when it is a constant without parameters (its errors then come at
 * compile time). Returns: 1 with *@out set, 0 when @e is not such a constant, -1 on
 * an error (in @b). */
int kg_bind_eval_constant (KgBinder *b, const KgAst *e, KgValue *out);

/* Declares the variable of one node or relationship pattern (checking its kind and that
 * a relationship variable is used once: @rels_here), or gives an anonymous one a slot. */
gboolean kg_bind_declare_element (KgBinder *b, KgScope *scope, KgAst *el, GHashTable *rels_here, KgSlots *new_slots, gboolean allow_new, gboolean optional);
/* Declares a pattern part's path variable, if it has one. */
gboolean kg_bind_declare_path (KgBinder *b, KgScope *scope, KgAst *part, KgSlots *new_slots, gboolean allow_new, gboolean optional);

/* --- GQL path patterns (bind-qpp.c) -------------------------------------------------- */

/* Declares the variables of a KG_AST_F_QUANTIFIED part: its nodes and relationships as
 * kg_bind_declare_element() does, and the variables inside each QPP twice: a hidden slot
 * for one iteration (KgAst.slot) and, in @scope, the list of every iteration's values
 * (KgAst.var_slot). @n_before: how many of @scope's own variables were declared before
 * this pattern (a QPP's WHERE may read only those and its own). */
gboolean kg_bind_qpp_part (KgBinder *b, KgScope *scope, guint n_before, KgAst *part, GHashTable *rels_here, KgSlots *new_slots, gboolean allow_new, gboolean optional);
/* Binds the property maps and WHERE expressions of a part kg_bind_qpp_part() declared. */
gboolean kg_bind_qpp_exprs (KgBinder *b, KgScope *scope, KgAst *part);

/* A bound MATCH: what the planner needs to plan it. */
typedef struct
{
  GPtrArray *parts; /* (element-type KgAst) its PATTERN_PARTs (borrowed), slots assigned */
  KgAst *where;     /* bound (borrowed), or NULL */
  gboolean optional;
  KgSlots new_slots; /* the slots the pattern introduces (OPTIONAL MATCH nulls them) */
} KgBoundMatch;
gboolean kg_bind_match (KgBinder *b, KgScope *scope, KgAst *clause, KgBoundMatch *out);
void kg_bound_match_clear (KgBoundMatch *m);

/* A pattern expression (pattern predicate, pattern comprehension, EXISTS), bound and
 * waiting to be planned as a subplan (kg_plan_pattern_exprs). */
typedef struct
{
  KgAst *expr;       /* the expression the subplan is for (borrowed) */
  KgScope *outer;    /* (owned) a copy of what the scope it was bound in sees */
  KgScope *inner;    /* its own variables (owned), inside @outer */
  GPtrArray *parts;  /* (element-type KgAst) the pattern's parts, bound; NULL for a subquery */
  KgAst *subquery;   /* EXISTS { <query> }: the SINGLE_QUERY, bound clause by clause when planned */
  KgAst *where;      /* bound, or NULL */
  KgAst *projection; /* a comprehension's expression per match, bound, or NULL */
} KgBoundPattern;
/* Binds a pattern expression met by kg_bind_expr() and queues it on @b->patterns. */
gboolean kg_bind_pattern_expr (KgBinder *b, KgScope *scope, KgAst *expr);
void kg_bound_pattern_free (gpointer bound_pattern);

/* The slots of all variables visible in @scope, as GINT_TO_POINTER (slot + 1). */
GHashTable *kg_scope_slots (KgScope *scope);
/* Binds one pattern part of CREATE or MERGE (@merge), declaring its new variables: a
 * node whose variable is in @bound_before (NULL: in @scope) is reused. Returns: (transfer
 * full): its create spec (check b->error). */
KgCreateSpec *kg_bind_create_part (KgBinder *b, KgScope *scope, KgAst *part, gboolean merge, GHashTable *bound_before);
void kg_create_spec_free (gpointer spec);
/* MERGE: the pattern's rules, its create spec (*@spec, transfer full) and the ON CREATE
 * and ON MATCH items. */
gboolean kg_bind_merge (KgBinder *b, KgScope *scope, KgAst *clause, GHashTable *before, KgCreateSpec **spec);
/* SET and REMOVE items. */
gboolean kg_bind_set_items (KgBinder *b, KgScope *scope, KgAst *set);
gboolean kg_bind_delete (KgBinder *b, KgScope *scope, KgAst *clause);
/* UNWIND: binds the list and declares the alias. Returns: the alias's slot, or -1. */
int kg_bind_unwind (KgBinder *b, KgScope *scope, KgAst *clause);
/* LOAD CSV: binds the URL, checks FIELDTERMINATOR (*@delimiter: the byte, ',' without
 * one) and declares the row variable. Returns: its slot, or -1. */
int kg_bind_load_csv (KgBinder *b, KgScope *scope, KgAst *clause, char *delimiter);
/* Where the clauses of a SINGLE_QUERY stand, for the rules on their order. */
typedef enum
{
  KG_QUERY_TOP,     /* the statement */
  KG_QUERY_EXISTS,  /* EXISTS, COUNT or COLLECT { ... }: reads only, RETURN optional */
  KG_QUERY_CALL,    /* CALL { ... }: RETURN last, or none for a unit subquery */
  KG_QUERY_FOREACH, /* FOREACH ( ... | ... ): writes and FOREACH only */
} KgQueryMode;

/* Whether clause @i of the SINGLE_QUERY @sq may stand there (RETURN last, no writes in a
 * subquery, a supported clause); and whether @sq may end as it does. */
gboolean kg_bind_clause_place (KgBinder *b, KgAst *sq, guint i, KgQueryMode mode);
/* "WITH", or the clause a standalone WITH (KG_AST_F_STANDALONE) was written as:
 * "ORDER BY", "SKIP", "LIMIT" or "FILTER", for messages. */
const char *kg_with_clause_name (const KgAst *with);
gboolean kg_bind_query_end (KgBinder *b, KgAst *sq, KgQueryMode mode);
/* Whether a SINGLE_QUERY or UNION ends with RETURN (its first branch, for a UNION). */
gboolean kg_query_returns (const KgAst *body);

/* --- CALL (bind-call.c) -------------------------------------------------------------- */

/* A bound CALL: the procedure, its bound arguments and the slots of what it yields. */
typedef struct _KgNativeProc KgNativeProc;
typedef struct
{
  const KgProcedure *table;   /* a table procedure, or NULL */
  const KgNativeProc *native; /* else a native one (engine/proc-registry.h) */
  GPtrArray *args;            /* (element-type KgAst) bound arguments (borrowed, or owned by the plan) */
  GPtrArray *columns;         /* (element-type utf8) the yielded variables' names (borrowed) */
  KgSlots out;                /* their slots */
  int *out_cols;              /* the procedure's output index for each slot in @out */
  guint n_default;            /* SHOW: the columns declared without YIELD */
} KgBoundCall;

/* Binds @clause against the session's table procedures (@procedures, nullable,
 * element-type KgProcedure), then the native ones; @standalone: the statement is this
 * CALL alone. Clear *@bc with
 * kg_bound_call_clear() whatever the result. */
gboolean kg_bind_call (KgBinder *b, KgScope *scope, KgAst *clause, gboolean standalone, GPtrArray *procedures, KgBoundCall *bc);
void kg_bound_call_clear (KgBoundCall *bc);
/* The arguments of a CALL: its children, less YIELD's WHERE (KG_AST_F_WHERE). */
guint kg_call_n_args (const KgAst *call);

/* --- Projections (bind-project.c) ---------------------------------------------------- */

/* One projected item. */
typedef struct
{
  const char *name; /* the column name (borrowed) */
  KgAst *expr;      /* borrowed from the query, or synthetic (RETURN *, owned by the plan) */
  gboolean agg;     /* holds an aggregate call */
  int slot;         /* where its value goes */
  KgAst *item;      /* the PROJECTION_ITEM, for spans (NULL under RETURN *) */
} KgBoundItem;

/* A bound WITH or RETURN: everything the planner needs to stack its operators. */
typedef struct
{
  GArray *items;   /* (element-type KgBoundItem) in column order */
  GPtrArray *aggs; /* (element-type KgAst) the aggregate calls in the items, each with its slot */
  gboolean aggregating;
  gboolean distinct;
  GArray *order;   /* (element-type KgSortKey) ORDER BY, resolved against the projection; NULL without */
  KgAst *skip;     /* checked (borrowed), or NULL */
  KgAst *limit;    /* checked (borrowed), or NULL */
  KgAst *where;    /* WITH's WHERE, bound (borrowed), or NULL */
  KgSlots columns; /* the items' slots, in order */
  KgScope *scope;  /* (owned) the scope after the projection */
} KgBoundProjection;

/* Binds @clause (WITH or RETURN, @is_return) in @old into *@bp, which the caller clears
 * with kg_bound_projection_clear() whatever the result. @old is not changed. */
gboolean kg_bind_projection (KgBinder *b, KgScope *old, KgAst *clause, gboolean is_return, KgBoundProjection *bp);
void kg_bound_projection_clear (KgBoundProjection *bp);

G_END_DECLS
