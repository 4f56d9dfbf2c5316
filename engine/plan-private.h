/* engine/plan-private.h — what the parts of the planner share.
 *
 * The planner is split along its own seams, as SQLite split where.c around whereInt.h:
 * plan.c is the clause driver (statement, UNION, the clause loop, UNWIND, LOAD CSV), plan-match.c
 * plans patterns (MATCH, the pattern subplans of pattern expressions), plan-project.c
 * WITH and RETURN, plan-write.c CREATE, MERGE, SET, REMOVE and DELETE, plan-call.c CALL,
 * and plan-count.c the counting shortcut. Each clause is bound first (engine/bind.h:
 * scopes, slots, the bound forms of clauses) and then planned from what the binder
 * produced; nothing here binds an expression itself. Internal to engine/.
 */
#pragma once

#include "engine/bind.h"

G_BEGIN_DECLS

typedef struct
{
  KgBinder b;
  KgPlan *plan;
  KgExec *exec;
  GPtrArray *prefer;      /* (element-type utf8) variables the next projection groups by */
  GPtrArray *procedures;  /* (element-type KgProcedure) (nullable): the session's table procedures */
  KgAst *later;           /* the SINGLE_QUERY of the MATCH being planned (borrowed), or NULL */
  guint later_from;       /* ...and the index of the clause after that MATCH */
  KgAst *first_match;     /* the statement's first clause, a MATCH, while the projection
                           * right after it is planned in a statement that only reads; else NULL */
  struct _KgStats *stats; /* the graph's statistics, taken at the first estimate (nullable) */
  gboolean read_only;     /* the statement being planned has only MATCH, UNWIND, WITH and RETURN */
  gboolean first_clause;  /* the clause being planned is the statement's first (a write
                           * procedure may only be called there) */
  int weight_slot;        /* >= 0: the MATCH just planned ends in an ExpandCount writing its
                           * matches here, and the aggregation after it sums them */
  gboolean in_union;      /* a branch of a top-level UNION is being planned */
} KgPlanner;

#define KG_PLAN_ERR(P, code, span, ...) kg_bind_error (&(P)->b, (code), (span), __VA_ARGS__)

static inline gboolean
kg_planner_failed (KgPlanner *P)
{
  return *P->b.error != NULL;
}

/* --- Patterns (plan-match.c) ------------------------------------------------------ */

/* A WHERE conjunct waiting for the slots it reads to be bound. */
typedef struct
{
  KgAst *expr;   /* a conjunct of WHERE (borrowed) */
  KgSlots deps;  /* the slots it reads */
  gboolean late; /* must wait for the whole pattern (pattern expressions...) */
  gboolean placed;
  double sel; /* the estimated share of rows it keeps (< 0: not estimated yet) */
} KgPending;

/* What a pattern being planned has bound so far. */
typedef struct
{
  GHashTable *bound;  /* slots (as GINT_TO_POINTER (slot + 1)) bound so far */
  KgSlots rels;       /* single-relationship slots of this MATCH, for uniqueness */
  KgSlots lists;      /* variable-length slots of this MATCH */
  KgSlots rel_groups; /* the group of each of @rels, then of each of @lists (see @groups) */
  GHashTable *groups; /* (nullable) PATTERN_PART → its MATCH's index + 1 when the MATCHes
                       * of a chain are planned as one pattern: relationships are kept
                       * apart only from those of their own MATCH */
  guint group;        /* the group of the part being planned */
  GPtrArray *pending; /* (element-type KgPending) WHERE conjuncts not placed yet */
  double rows;        /* the estimated rows of the pipeline so far (for EXPLAIN) */
  /* When the projection after the MATCH only counts its rows: the names it reads
   * outside the counts, the variables it counts, and the part planned last (its last
   * hop may then be an ExpandCount). NULL otherwise. */
  GHashTable *count_reads, *count_vars;
  KgAst *count_part;
  /* (nullable) inline properties that read variables bound later in the pattern (maps
   * that read each other): checked once the whole pattern is bound */
  GPtrArray *deferred;
} KgMatchState;

/* Starts a state where the slots of every variable visible in @scope (nullable) are bound. */
void kg_match_state_init (KgMatchState *m, KgScope *scope);
void kg_match_state_clear (KgMatchState *m);
/* Records a relationship slot (@list: a list of them) that later hops of the part's
 * MATCH must not reuse. */
void kg_match_state_add_rel (KgMatchState *m, int slot, gboolean list);
/* Plans the pattern parts @parts on top of @op (slots assigned by the binder). */
KgOp *kg_plan_parts (KgPlanner *P, KgMatchState *m, KgOp *op, GPtrArray *parts, KgScope *scope);
/* Fills the common part of an expansion from node @from over @rel to node @to. */
void kg_plan_expand_spec (KgPlanner *P, KgMatchState *m, KgExpandSpec *spec, KgAst *from, KgAst *rel, KgAst *to, gboolean ltr, gboolean rel_bound_before);
KgOp *kg_plan_match (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause);
/* The estimated groups of an aggregation of @in_rows rows by the @n_keys expressions
 * @keys (for EXPLAIN, and the plans above it). */
double kg_plan_groups_estimate (KgPlanner *P, KgAst *const *keys, guint n_keys, double in_rows);
/* A KG_AST_F_QUANTIFIED part whose first node is bound (plan-qpp.c): the QuantifiedPath
 * operator on top of @op. */
KgOp *kg_plan_qpp_part (KgPlanner *P, KgMatchState *m, KgOp *op, KgAst *part, KgScope *scope);
/* A chain `MATCH … WITH a, b MATCH …` starting at clause @i of @sq: each WITH only
 * passes variables on (no DISTINCT, ORDER BY, SKIP, LIMIT, WHERE or expression) and
 * each later MATCH (none OPTIONAL) mentions no name a WITH hides. Such MATCHes are
 * planned as one pattern, so the order of all their parts is chosen by cost.
 * Returns: the index of the chain's last MATCH (@i when there is no chain). */
guint kg_match_chain_end (KgScope *scope, KgAst *sq, guint i);
/* Plans the chain of clauses @first..@last of @sq (kg_match_chain_end()): the MATCHes
 * as one pattern, then the last WITH; *@scope becomes the scope after the last MATCH. */
KgOp *kg_plan_match_chain (KgPlanner *P, KgOp *op, KgScope **scope, KgAst *sq, guint first, guint last);
/* Plans the subplans of the pattern expressions the binder has bound since the last
 * call (KgBinder.patterns) and registers them with the plan. */
void kg_plan_pattern_exprs (KgPlanner *P);
void kg_subplan_free (gpointer subplan);

/* --- The other clauses -------------------------------------------------------------- */

/* WITH and RETURN (plan-project.c). Replaces *@scope with the projection's scope. */
KgOp *kg_plan_projection (KgPlanner *P, KgOp *op, KgScope **scope, KgAst *clause, gboolean is_return, gboolean final);
/* Writes (plan-write.c). */
KgOp *kg_plan_create (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause);
KgOp *kg_plan_merge (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause);
/* kg_plan_stream_writes: lets every Create of the finished @plan stream that can: none
 * of the operators under it can see its writes and none above it reads the graph
 * before the statement ends (or an eager operator above it has read all its input). */
void kg_plan_stream_writes (KgPlan *plan);
KgOp *kg_plan_delete (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause);
KgOp *kg_plan_set (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause);
/* CALL (plan-call.c); @standalone: the statement is this CALL alone. */
KgOp *kg_plan_call (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause, gboolean standalone);
/* CALL { ... } (plan-call.c): the subquery runs for every row of @op; what it returns
 * joins @scope. */
/* CALL { ... }, clause @i of @sq, planned in @mode (IN TRANSACTIONS has rules on where it stands). */
KgOp *kg_plan_call_subquery (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *sq, guint i, KgQueryMode mode);
/* FOREACH (plan-call.c): its clauses run for every element of the list of every row. */
KgOp *kg_plan_foreach (KgPlanner *P, KgOp *op, KgScope *scope, KgAst *clause);
/* Plans a subquery (SINGLE_QUERY or UNION) over an Argument, each branch starting in a
 * copy of @start (a scope the caller keeps); with @import_from (nullable), a branch that
 * starts with WITH imports the variables of @import_from that WITH names (the importing
 * WITH of `CALL { WITH x ... }`). Returns: the subquery's root; *@returned (transfer
 * full) gets the scope of what it returns, or NULL when it does not end with RETURN. */
KgOp *kg_plan_subquery (KgPlanner *P, KgAst *body, KgScope *start, KgScope *import_from, KgQueryMode mode, KgScope **returned);
/* Plans the clauses of a SINGLE_QUERY on top of @op (plan.c). */
KgOp *kg_plan_clauses (KgPlanner *P, KgOp *op, KgScope **scope, KgAst *sq, KgQueryMode mode);
/* The SINGLE_QUERY branches of a UNION in order (plan.c); *@all_flags gets 1 for UNION
 * ALL, 2 for UNION (both: mixed), *@n_unions the count of UNIONs. */
void kg_plan_union_branches (KgAst *u, GPtrArray *branches, guint *all_flags, guint *n_unions);
/* `MATCH <1 or 2 directed hops> [WHERE ...] RETURN count(*)` as one CountPaths
 * (plan-count.c). Returns: the new root, or NULL when the shortcut does not apply. */
KgOp *kg_plan_try_count_paths (KgPlanner *P, KgAst *sq);
/* An aggregation of counts right after a one-hop MATCH (@match), grouped by one end of
 * the hop, as one DegreeCount (plan-count.c); the grouping items and the items holding
 * the counts are left to a Projection above it. Returns: the new input of that
 * Projection, or NULL when the shortcut does not apply. */
/* @where: the conditions of the projection's WHERE still to be filtered (conjuncts); those
 * the DegreeCount decides itself are taken out of it. */
KgOp *kg_plan_try_degree_count (KgPlanner *P, KgAst *match, const KgBoundProjection *bp, GPtrArray *where);

G_END_DECLS
