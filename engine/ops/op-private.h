/* engine/ops/op-private.h — what the operators share: the execution context, the row of
 * slots, the operator protocol, entity checks, expansion and write specs, and the
 * operator constructors the planner calls.
 *
 * Rows: a plan has one row, an array of KgValue slots (KgExec.slots) shared by all its
 * operators. An operator's next() pulls from its child, which leaves the child's slots
 * filled, then writes its own slots; operators that buffer (sort, aggregation, eager
 * writes) save whole rows and write them back. Slots own their values.
 *
 * Operators are pull iterators with a small vtable (open/next/close/free/describe);
 * open() resets an operator (and its inputs) so Optional and the pattern subplans can
 * rerun them for every input row.
 *
 * Not here: the plan and its pattern subplans (engine/exec-private.h), binding
 * (engine/bind.h), expression evaluation (engine/expr.h) and the session (lib/kgq.c).
 * An operator file includes this header and nothing of the planner or the executor.
 */
#pragma once

#include <glib.h>

#include "engine/batch.h"
#include "engine/engine.h"
#include "engine/expr.h"

G_BEGIN_DECLS

typedef struct _KgOp KgOp;
typedef struct _KgExec KgExec;
typedef struct _KgParallel KgParallel;

/* --- Execution context ---------------------------------------------------------- */

struct _KgExec
{
  KgGraph *graph;
  KgEvalEnv env;
  KgValue *slots;
  guint n_slots;
  const char *filename;
  const volatile gint *cancel;
  gint64 deadline_us;
  guint64 max_memory;
  guint64 mem_used;
  guint64 heap_base; /* the process's heap in use when the query started (0: not yet read) */
  guint max_hops;
  guint tick;
  gboolean rows_only; /* no batches: every operator a row at a time */
  KgExecStats stats;
  gboolean profile;
  char *import_dir;        /* where LOAD CSV reads (owned); NULL: the current directory */
  KgProgressFunc progress; /* (nullable) */
  gpointer progress_data;
  gint64 progress_start;          /* when the running task first reported (0: it has not) */
  gint64 progress_last;           /* when the callback last heard from it */
  KgBatchCommitFunc commit_batch; /* (nullable) CALL { ... } IN TRANSACTIONS's commit */
  gpointer commit_data;
  /* Parallel plans (engine/parallel.c): what the workers of one statement share (the
   * stop flag, the memory charged), NULL when the plan runs on one thread; and where in
   * the serial order the current row comes from: the morsel the source is in and the
   * rows the pipeline breaker took from it, which lets merged results come out in the
   * order one thread would give. */
  KgParallel *par;
  guint64 morsel;
  guint64 morsel_row;
};

/* kg_exec_check: cancellation and timeout, cheap enough for inner loops. */
gboolean kg_exec_check_slow (KgExec *exec, GError **error);
static inline gboolean
kg_exec_check (KgExec *exec, GError **error)
{
  if (G_LIKELY ((++exec->tick & 1023) != 0))
    return TRUE;
  return kg_exec_check_slow (exec, error);
}
/* kg_exec_charge: accounts @bytes of buffered state against max_memory. */
gboolean kg_exec_charge (KgExec *exec, guint64 bytes, GError **error);
/* Whether a cache may charge @bytes more: the statement would stay within half its
 * max_memory (a cache gives up rather than fail the statement, and leaves the other
 * half to what the answer needs). */
gboolean kg_exec_cache_may_charge (KgExec *exec, guint64 bytes);

/* --- Progress of long computations ------------------------------------------------ */

#define KG_EXEC_PROGRESS_EVERY_US 100000
/* kg_exec_progress_due: whether a report now would reach the callback (there is one and
 * the last report is a tenth of a second old), so that callers build phase text only then. */
gboolean kg_exec_progress_due (KgExec *exec);
/* kg_exec_progress: reports @task at @phase, @fraction done (negative: unknown), when due. */
void kg_exec_progress (KgExec *exec, const char *task, const char *phase, double fraction);
/* kg_exec_progress_end: the task is over; tells the callback when it heard anything. */
void kg_exec_progress_end (KgExec *exec);

/* kg_exec_set_slot: replaces a slot's value, taking *@v. */
static inline void
kg_exec_set_slot (KgExec *exec, int slot, KgValue *v)
{
  KgValue *dst = &exec->slots[slot];
  if ((dst->type >= KG_VALUE_STRING && dst->type <= KG_VALUE_PATH) || kg_value_type_is_temporal (dst->type))
    kg_value_clear (dst);
  *dst = kg_value_steal (v);
}
static inline void
kg_exec_set_id (KgExec *exec, int slot, KgValueType type, guint32 id)
{
  KgValue *dst = &exec->slots[slot];
  if ((dst->type >= KG_VALUE_STRING && dst->type <= KG_VALUE_PATH) || kg_value_type_is_temporal (dst->type))
    kg_value_clear (dst);
  dst->type = type;
  dst->u.id = id;
}

/* Rows saved by buffering operators: copies of all slots. */
KgValue *kg_exec_save_row (KgExec *exec);
void kg_exec_restore_row (KgExec *exec, const KgValue *row);
void kg_exec_free_row (KgExec *exec, KgValue *row);
/* kg_exec_restore_row() of a row read for the last time: its values move into the slots
 * (nothing is copied) and @row is freed. */
void kg_exec_take_row (KgExec *exec, KgValue *row);

/* Resolves a label/type/key name once it exists in the graph (symbols never go away). */
static inline KgSymbol
kg_exec_sym (KgExec *exec, KgSymbolKind kind, const char *name, KgSymbol *cache)
{
  if (*cache == KG_NONE)
    *cache = kg_graph_lookup (exec->graph, kind, name);
  return *cache;
}

/* A `v.key` expression read straight from the store, with the key resolved once. */
typedef struct
{
  gboolean on;
  int slot;
  const char *key;
  KgSymbol sym;
} KgFastProp;

void kg_fast_prop_init (KgFastProp *f, const KgAst *expr);
/* Returns TRUE with *@out set when the shortcut applies; FALSE: evaluate normally. */
static inline gboolean
kg_fast_prop_eval (KgExec *exec, KgFastProp *f, KgValue *out)
{
  if (!f->on)
    return FALSE;
  const KgValue *ent = &exec->slots[f->slot];
  if (ent->type == KG_VALUE_NULL)
    {
      *out = kg_value_null ();
      return TRUE;
    }
  if (ent->type == KG_VALUE_NODE)
    {
      if (!kg_graph_node_exists (exec->graph, ent->u.id))
        return FALSE;
      KgSymbol key = kg_exec_sym (exec, KG_SYM_KEY, f->key, &f->sym);
      const KgValue *v = key == KG_NONE ? NULL : kg_graph_node_prop (exec->graph, ent->u.id, key);
      if (v)
        kg_value_copy (v, out);
      else
        *out = kg_value_null ();
      return TRUE;
    }
  if (ent->type == KG_VALUE_EDGE)
    {
      if (!kg_graph_edge_exists (exec->graph, ent->u.id))
        return FALSE;
      KgSymbol key = kg_exec_sym (exec, KG_SYM_KEY, f->key, &f->sym);
      const KgValue *v = key == KG_NONE ? NULL : kg_graph_edge_prop (exec->graph, ent->u.id, key);
      if (v)
        kg_value_copy (v, out);
      else
        *out = kg_value_null ();
      return TRUE;
    }
  return FALSE;
}

/* --- Operators ------------------------------------------------------------------ */

/* What an operator's next() returns. (KG_OP_* names the expression operators of the
 * AST, parser/ast.h.) */
typedef enum
{
  KG_NEXT_DONE = 0,
  KG_NEXT_ROW = 1,
  KG_NEXT_ERROR = -1,
} KgOpStatus;

typedef struct
{
  const char *name;
  gsize size;
  /* Reset private state for a fresh run (children are opened by kg_op_open). */
  gboolean (*open) (KgOp *op, GError **error);
  KgOpStatus (*next) (KgOp *op, GError **error);
  /* Release run state (buffers); the op may be opened again. */
  void (*close) (KgOp *op);
  /* Free what the op owns besides its children. */
  void (*free) (KgOp *op);
  /* One line (no newline) of details after the name. */
  void (*describe) (KgOp *op, GString *out);
  /* Pipeline breakers that can run as the workers of a parallel plan (op-gather.c):
   * partial() consumes the whole input into this copy's partial state, in n_phases
   * phases (0 counts as 1; every worker ends a phase before any starts the next);
   * absorb() merges another worker's partial state into this one, after which next()
   * yields the rows of the whole; finish() runs once after the last absorb().
   * phase_needed() (optional), on the calling thread before a phase starts: FALSE when
   * no copy has anything to do in @phase, which is then skipped (no worker is woken). */
  gboolean (*partial) (KgOp *op, guint phase, GError **error);
  gboolean (*absorb) (KgOp *op, KgOp *other, GError **error);
  gboolean (*finish) (KgOp *op, GError **error);
  gboolean (*phase_needed) (KgOp *op, guint phase);
  guint n_phases;
  /* Batches (optional): the next batch of rows (*out, owned by the operator, valid
   * until its next call; the caller may only narrow its selection), KG_NEXT_DONE or
   * KG_NEXT_ERROR. Called only when batch_mode() said KG_BATCH_OUT. */
  KgOpStatus (*next_batch) (KgOp *op, KgBatch **out, GError **error);
  /* How the operator runs in this plan (KgBatchMode), decided once its inputs' modes
   * are (kg_op_plan_batches); NULL: always a row at a time. */
  int (*batch_mode) (KgOp *op);
} KgOpClass;

/* How an operator exchanges rows with its parent and its input. */
typedef enum
{
  KG_BATCH_NONE = 0, /* rows in, rows out */
  KG_BATCH_OUT = 1,  /* produces batches (next_batch); a row consumer reads them through
                      * the adapter in kg_op_next() */
  KG_BATCH_IN = 2,   /* reads its input's batches, produces rows */
} KgBatchMode;

struct _KgOp
{
  const KgOpClass *klass;
  KgExec *exec;
  KgOp *child;      /* main input (nullable) */
  KgOp *inner;      /* second input: Optional's and Merge's subplan (nullable) */
  GPtrArray *extra; /* (element-type KgOp) further inputs: Union branches (nullable) */
  guint64 rows;
  gint64 time_us;
  double est_rows; /* the planner's estimate of the rows it yields (< 0: none made) */
  gboolean opened;
  guint8 batch;    /* KgBatchMode in this plan */
  KgBatch *adapt;  /* KG_BATCH_OUT read as rows: the batch being handed out */
  guint adapt_pos; /* its next alive row */
  GError *pending; /* an error met after the rows of the batch returned with it */
};

KgOp *kg_op_new (const KgOpClass *klass, KgExec *exec, KgOp *child);
void kg_op_free (KgOp *op);
gboolean kg_op_open (KgOp *op, GError **error);
void kg_op_close (KgOp *op);
KgOpStatus kg_op_next (KgOp *op, GError **error);
/* The next batch of a KG_BATCH_OUT operator: never an empty one (the rows counted,
 * timed for PROFILE, cancellation checked). */
KgOpStatus kg_op_next_batch (KgOp *op, KgBatch **out, GError **error);
/* The adapter: the next row of a KG_BATCH_OUT operator, written into the row. */
KgOpStatus kg_op_next_from_batch (KgOp *op, GError **error);
/* Decides every operator's KgBatchMode under @root (inputs first); nothing runs in
 * batches when the plan writes or the session asked for rows only. */
void kg_op_plan_batches (KgOp *root, gboolean allow);
/* Hands a batch's rows back with an error met after them: KG_NEXT_ROW with @b when it
 * has alive rows (the error comes at the next call), else KG_NEXT_ERROR. */
KgOpStatus kg_op_batch_then_error (KgOp *op, KgBatch *b, KgBatch **out, GError *err, GError **error);
void kg_op_describe_tree (KgOp *op, GString *out, int depth, gboolean profile);
/* Visits @op and its inputs depth first, as kg_plan_walk() documents. */
void kg_op_walk (KgOp *op, guint depth, gboolean profile, KgPlanVisitFunc visit, gpointer user_data);
/* The planner's estimate of @op's rows; an operator it made none for passes on its
 * input's (a leaf yields one row). */
double kg_op_estimate (const KgOp *op);

/* Slot lists */
typedef struct
{
  int *v;
  guint n;
} KgSlots;

/* --- Morsels (parallel plans) ----------------------------------------------------
 *
 * The workers of a parallel plan take their input in morsels (HyPer's "Morsel-Driven
 * Parallelism"): ranges of node ids, or ranges of rows a serial prefix computed, handed
 * out by an atomic cursor in order, so a fast worker simply takes more of them. */
typedef struct
{
  guint64 next;  /* atomic: the next morsel to hand out */
  guint64 n;     /* morsels in all */
  guint64 size;  /* ids (or rows) per morsel */
  guint64 bound; /* one past the last id (or row) */
  GMutex lock;   /* for what the workers set up together (shared) */
  gpointer shared;
  GDestroyNotify shared_free;
} KgMorsels;

/* kg_morsels_claim: the next morsel, its index and its range [*lo, *hi); FALSE when all
 * are taken. Also records the morsel in @exec (the serial order of its rows). */
gboolean kg_morsels_claim (KgMorsels *m, KgExec *exec, guint64 *lo, guint64 *hi);

/* Inline checks a node or relationship must pass: labels and `{key: expr}` maps. */
typedef struct
{
  char *key;
  KgSymbol key_sym;
  KgAst *expr; /* borrowed from the query's AST */
} KgPropCheck;

typedef struct
{
  guint n_labels;
  char **labels;
  KgSymbol *label_syms;
  guint n_props;
  KgPropCheck *props;
  KgAst *props_param; /* a `$param` map of properties (borrowed), or NULL */
  KgSpan span;        /* the pattern, for run-time errors */
  /* (nullable) the pattern element (borrowed) whose DYNAMIC_LABELs (`$(e)`) are checked
   * for each candidate: a node must have them all; a relationship's type must be one of
   * @labels (then its static types, @alternatives set) or match one of them */
  const KgAst *dynamic;
  gboolean alternatives;
  /* run state: for each DYNAMIC_LABEL whose expression is a constant of the statement
   * (a literal, a parameter, a folded expression), its names and their symbols, found
   * at the first candidate (element-type KgDynamicNames, NULL entries for the others) */
  GPtrArray *dynamic_names;
} KgEntityCheck;

void kg_entity_check_init (KgEntityCheck *check, const KgAst *pattern, gboolean labels);
void kg_entity_check_clear (KgEntityCheck *check);
gboolean kg_entity_check_empty (const KgEntityCheck *check);
/* Returns 1 pass, 0 fail, -1 error. */
int kg_entity_check_node (KgExec *exec, KgEntityCheck *check, KgNodeId node, GError **error);
int kg_entity_check_edge (KgExec *exec, KgEntityCheck *check, KgEdgeId edge, GError **error);
void kg_entity_check_describe (const KgEntityCheck *check, GString *out);
/* Appends the labels of node pattern @el (`:A:$(e)`), or the types of relationship
 * pattern @el (`:T|$(e)`), static and dynamic, as EXPLAIN shows them. */
void kg_describe_labels (GString *out, const KgAst *el);

/* Operator constructors (engine/ops/op-*.c) */
KgOp *kg_op_unit_new (KgExec *exec);
KgOp *kg_op_argument_new (KgExec *exec);

typedef enum
{
  KG_SCAN_ALL,
  KG_SCAN_LABEL,
  KG_SCAN_INDEX,
} KgScanKind;
/* @check: labels (the first is the scan label for KG_SCAN_LABEL/INDEX) and properties;
 * for KG_SCAN_INDEX, @index_prop is the property (index into check->props) to seek. */
KgOp *kg_op_node_scan_new (KgExec *exec, KgOp *child, KgScanKind kind, int slot, const char *var, KgEntityCheck *check, int index_prop);
/* The morsel source of a label or all-nodes scan in a parallel plan: the scan reports
 * only the nodes of the morsels it claims (@m borrowed, owned by the plan's Gather). */
void kg_op_node_scan_set_morsels (KgOp *scan, KgMorsels *m);
/* Limits an AllNodesScan or LabelScan to the node ids in [@lo, @hi) (a morsel), in its
 * row and its batch path alike; takes effect at the next input row. */
void kg_op_node_scan_set_range (KgOp *op, KgNodeId lo, KgNodeId hi);
/* NodeByIdSeek: for every input row, the node whose id(n) (or, with @element,
 * elementId(n)) equals @value evaluated over the row, if it exists and passes @check
 * (every label is checked). @value is borrowed. */
KgOp *kg_op_node_by_id_new (KgExec *exec, KgOp *child, int slot, const char *var, KgEntityCheck *check, KgAst *value, gboolean element);
/* IndexRangeSeek (op-range-seek.c): for every input row, the nodes with @check's first
 * label whose @key lies between @lo and @hi (either NULL: no bound; evaluated per row,
 * borrowed) by the index on (label, key), in id order, that pass @check. */
KgOp *kg_op_range_seek_new (KgExec *exec, KgOp *child, int slot, const char *var, KgEntityCheck *check, const char *key, KgAst *lo, gboolean lo_incl, KgAst *hi, gboolean hi_incl);
/* HashSeek (op-hash-seek.c): for every input row, the nodes with @check's first label
 * whose key `=` the value of check->props[@prop] (evaluated per row), found in a table
 * of the label's values built at the first row (a hash join on the equality), in id
 * order, that pass @check. */
KgOp *kg_op_hash_seek_new (KgExec *exec, KgOp *child, int slot, const char *var, KgEntityCheck *check, int prop);
/* Whether @op is an IndexSeek (KG_SCAN_INDEX) that can read LoadCsv batches (its batch
 * path: kg_op_create_plan_batches). */
gboolean kg_op_is_index_seek (const KgOp *op);
/* Filters rows whose @slot is a node passing @check (null or not a node drops the row). */
KgOp *kg_op_node_check_new (KgExec *exec, KgOp *child, int slot, const char *var, KgEntityCheck *check);

#define KG_EXPAND_PREFETCH_KEYS 4

typedef struct
{
  int src_slot;
  int rel_slot; /* always set (hidden slot for anonymous relationships) */
  int dst_slot;
  gboolean into;   /* dst already bound: check instead of write */
  KgDirection dir; /* from src's point of view */
  guint n_types;
  char **types;
  KgSymbol *type_syms; /* resolved lazily */
  KgEntityCheck rel_check;
  KgEntityCheck dst_check;
  KgSlots distinct_from;       /* earlier single-relationship slots of the same MATCH */
  KgSlots distinct_from_lists; /* earlier variable-length slots of the same MATCH */
  /* Variable length */
  gboolean varlength;
  gint64 min_hops;
  gint64 max_hops;       /* -1: unbounded (the session's max_hops) */
  gboolean reverse_list; /* store the edge list reversed (expanding right to left) */
  int rel_equal_slot;    /* >= 0: the relationship must be the one in this slot (bound earlier) */
  char *text;            /* for describe */
  KgSpan span;           /* the relationship pattern, for run-time errors */
  /* Properties of the far node the conditions placed right after read: Expand prefetches
   * them a few relationships ahead (names owned, symbols resolved lazily). */
  guint n_prefetch;
  char *prefetch_keys[KG_EXPAND_PREFETCH_KEYS];
  KgSymbol prefetch_syms[KG_EXPAND_PREFETCH_KEYS];
  /* A later hop that starts from the far node (type NULL: none known): Expand also
   * prefetches the far node's adjacency row for it. */
  char *prefetch_type;
  KgSymbol prefetch_type_sym;
  KgDirection prefetch_dir;
} KgExpandSpec;

/* KG_VAR_EXPAND_BUDGET: relationships one variable-length expansion without an upper
 * bound may step over before it fails with a limit error (trails grow exponentially
 * with the default bound over hubs; an explicit `*..N` has no budget). */
#define KG_VAR_EXPAND_BUDGET 4000000

void kg_expand_spec_clear (KgExpandSpec *spec);

/* Iterates a node's relationships over the spec's types (all types when none). */
typedef struct
{
  KgAdjIter it;
  guint ti;
  KgNodeId node;
  KgDirection dir;
  gboolean live;
} KgMultiAdj;
void kg_multi_adj_init (KgExec *exec, KgExpandSpec *spec, KgNodeId node, KgDirection dir, KgMultiAdj *m);
gboolean kg_multi_adj_next (KgExec *exec, KgExpandSpec *spec, KgMultiAdj *m, KgEdgeId *edge, KgNodeId *other);
/* How many of the relationships kg_multi_adj_init() would visit from @node in @dir
 * have their other end marked in @map (one byte a node id: 1 marked, 0 not) or in
 * @bits (one bit a node id); one of the two is given. */
guint64 kg_multi_adj_count_marked (KgExec *exec, KgExpandSpec *spec, KgNodeId node, KgDirection dir, const guint8 *map, const guint64 *bits);
/* How many relationships kg_multi_adj_init() would visit from @node in @dir. */
guint kg_multi_adj_degree (KgExec *exec, KgExpandSpec *spec, KgNodeId node, KgDirection dir);
/* Relationship uniqueness against the clause's earlier relationship slots. */
gboolean kg_expand_edge_is_free (KgExec *exec, const KgExpandSpec *spec, KgEdgeId edge);
void kg_expand_spec_describe (const KgExpandSpec *spec, GString *out);

KgOp *kg_op_expand_new (KgExec *exec, KgOp *child, KgExpandSpec *spec);
KgOp *kg_op_var_expand_new (KgExec *exec, KgOp *child, KgExpandSpec *spec);
/* ExpandCount (op-expand-count.c): each input row once, with the number of the hop's
 * matches from it (an integer) in @weight_slot; rows with none are dropped. */
KgOp *kg_op_expand_count_new (KgExec *exec, KgOp *child, KgExpandSpec *spec, int weight_slot);
/* Shortest paths between two bound nodes. */
KgOp *kg_op_shortest_new (KgExec *exec, KgOp *child, KgExpandSpec *spec, gboolean all, int path_slot);

/* QuantifiedPath (op-qpp.c): a GQL path pattern from a bound start node, as a small
 * automaton of node states. A state is one node pattern of the path (outside a QPP, or
 * inside one for one iteration); from it the match follows one relationship to the next
 * state, enters a QPP (or skips it when it allows no iteration), or, at a QPP's last
 * node, starts the next iteration or leaves the QPP. */
typedef enum
{
  KG_QPP_EMIT,     /* the path's last node */
  KG_QPP_HOP,      /* one relationship to state `to` */
  KG_QPP_ENTER,    /* QPP `group` starts here (state `to` is its first node) or is skipped (`exit`) */
  KG_QPP_ITER_END, /* QPP `group` ends an iteration here: again (`to`) or leave (`exit`) */
} KgQppStep;

typedef struct
{
  KgQppStep step;
  int slot;            /* the node's slot (one iteration's, inside a QPP) */
  int list_slot;       /* a group variable: its list's slot; else -1 */
  gboolean into;       /* a node bound before: check instead of write */
  gboolean checked;    /* the scan already checked labels and properties (the start) */
  KgEntityCheck check; /* labels and property map */
  KgAst *where;        /* inline WHERE, checked on arrival inside a QPP (borrowed) */
  KgAst *group_where;  /* ITER_END: the QPP's WHERE (borrowed) */
  int group;           /* the QPP of this state, or -1 */
  int rel;             /* HOP: index in KgQppSpec.rels */
  int to, exit;        /* next states (see KgQppStep) */
} KgQppState;

typedef struct
{
  KgExpandSpec spec; /* types, direction, property checks, rel_slot and uniqueness */
  int list_slot;     /* a group variable: its list's slot; else -1 */
  KgAst *where;      /* inline WHERE (borrowed) */
  gboolean in_group; /* checked when followed (else with the path's conditions at its end) */
} KgQppRel;

typedef struct
{
  gint64 min, max; /* iterations; max already bounded */
} KgQppGroup;

typedef struct
{
  KgQppState *states;
  guint n_states;
  KgQppRel *rels;
  guint n_rels;
  KgQppGroup *groups;
  guint n_groups;
  int start_slot;     /* the first node's slot (bound by the child) */
  int path_slot;      /* -1: no path variable */
  int rels_slot;      /* all the path's relationships, for later parts' uniqueness; or -1 */
  GPtrArray *finals;  /* (element-type KgAst) conditions on the whole match, checked before
                       * the selection: outer inline WHEREs, the parenthesized WHERE (borrowed) */
  int mode;           /* KgPathMode */
  int selector;       /* KgPathSelector */
  gint64 k;           /* the selector's count */
  gint64 max_len;     /* the longest path the automaton can match (bounded) */
  gboolean unbounded; /* a quantifier had no upper bound: fail past the step budget */
  char *text;         /* for EXPLAIN */
  KgSpan span;        /* the pattern part, for errors */
} KgQppSpec;

void kg_qpp_spec_clear (KgQppSpec *spec);
/* Takes the contents of @spec. */
KgOp *kg_op_qpp_new (KgExec *exec, KgOp *child, KgQppSpec *spec);

/* Builds a path value from alternating node slots and relationship slots. */
KgOp *kg_op_path_new (KgExec *exec, KgOp *child, int path_slot, KgSlots *nodes, KgSlots *rels);

KgOp *kg_op_filter_new (KgExec *exec, KgOp *child, KgAst *predicate);

/* LOAD CSV: the records of the file @url names, as a list (a map with @headers) in @slot;
 * @span is the clause's, for errors. */
KgOp *kg_op_load_csv_new (KgExec *exec, KgOp *child, KgAst *url, int slot, gboolean headers, char delim, const KgSpan *span);
/* Whether @op is a LoadCsv (kg_op_load_csv_new). */
gboolean kg_op_is_load_csv (const KgOp *op);
/* Where a reader of LoadCsv batches keeps the column of its key for the current file. */
typedef struct
{
  guint64 file_no; /* 0: none yet */
  int col;
} KgCsvColumn;
typedef struct _KgCsvField KgCsvField;
/**
 * kg_load_csv_batch_column:
 * @name: (nullable): the key of `row['key']` or `row.key` (with headers); NULL: @index
 * @index: the index of `row[0]` (without headers)
 * @out: (array fixed-size=KG_BATCH_MAX): receives, for each row of @b (0 .. n-1), the
 *   field the key names in the record a LoadCsv batch of @b's chain holds in @slot
 *   (its bytes valid UTF-8, valid while @b is), NULL when the value is null (an empty
 *   field, a missing one, a name the header lacks)
 * Returns: FALSE when no batch of the chain is LoadCsv's for @slot or the key does not
 *   name a column the plain way: then rows must be loaded and the expression evaluated.
 */
gboolean kg_load_csv_batch_column (const KgBatch *b, int slot, const char *name, gint64 index, KgCsvColumn *cache, const KgCsvField **out);

typedef struct
{
  KgAst *expr; /* borrowed */
  int slot;
} KgProjItem;
KgOp *kg_op_project_new (KgExec *exec, KgOp *child, KgProjItem *items, guint n_items);

typedef struct
{
  KgAst *call; /* borrowed aggregate FUNCTION_CALL */
  int slot;
  const char *label; /* count(v.key) where v always has this label (borrowed), or NULL */
} KgAggItem;
KgOp *kg_op_aggregate_new (KgExec *exec, KgOp *child, KgProjItem *keys, guint n_keys, KgAggItem *aggs, guint n_aggs, KgProjItem *post, guint n_post);
/* Lets the Aggregation find the group of a node seen before by its id when every key
 * reads the same node variable (nothing changes the node's properties meanwhile: the
 * statement only reads). */
void kg_op_aggregate_by_node (KgOp *op);
/* Whether every aggregate of this Aggregation can merge partial states (parallel plans). */
gboolean kg_op_aggregate_parallel_safe (KgOp *op);
KgOp *kg_op_distinct_new (KgExec *exec, KgOp *child, KgSlots *slots);

typedef struct
{
  KgAst *expr;
  int slot; /* >= 0: read the key from this slot instead of evaluating */
  gboolean desc;
} KgSortKey;
/* @limit: -1 none; else a TopK with a heap (the limit expression evaluated at open). */
KgOp *kg_op_sort_new (KgExec *exec, KgOp *child, KgSortKey *keys, guint n_keys, KgAst *skip, KgAst *limit);
KgOp *kg_op_skip_new (KgExec *exec, KgOp *child, KgAst *count);
/* @drain: pull the input to its end even after the limit (the input writes). */
KgOp *kg_op_limit_new (KgExec *exec, KgOp *child, KgAst *count, gboolean drain);
KgOp *kg_op_unwind_new (KgExec *exec, KgOp *child, KgAst *list, int slot);
/* The same for FOREACH: a value that is neither a list nor null is a type error. */
KgOp *kg_op_unwind_lists_new (KgExec *exec, KgOp *child, KgAst *list, int slot);
KgOp *kg_op_optional_new (KgExec *exec, KgOp *child, KgOp *inner, KgSlots *null_slots);
KgOp *kg_op_apply_new (KgExec *exec, KgOp *child, KgOp *inner);
/* Runs @inner to its end for every row of @child, then yields that row (op-foreach.c);
 * @subquery: a unit CALL subquery (SubqueryForeach) rather than FOREACH (Foreach). */
KgOp *kg_op_foreach_new (KgExec *exec, KgOp *child, KgOp *inner, gboolean subquery);
/* CALL { ... } IN TRANSACTIONS (op-call-in-txns.c): @inner per row of @child, a batch
 * of rows per committed transaction. */
typedef struct
{
  KgAst *batch_expr; /* (nullable) OF n ROWS, bound in an empty scope (borrowed) */
  KgTxnOnError on_error;
  gboolean returns;   /* the subquery ends with RETURN */
  gboolean optional;  /* OPTIONAL CALL */
  KgSlots null_slots; /* the subquery's columns (copied) */
  int status_slot;    /* REPORT STATUS AS, or -1 */
  gboolean writes;    /* the subquery may write: each batch is checked and committed */
} KgCallInTxnsSpec;
KgOp *kg_op_call_in_txns_new (KgExec *exec, KgOp *child, KgOp *inner, const KgCallInTxnsSpec *spec);
/* Union: each branch's @columns[i] slots copied into @out slots; the branches are
 * kept in op->extra. */
KgOp *kg_op_union_new (KgExec *exec, GPtrArray *branches, GPtrArray *branch_slots, KgSlots *out);
/* Counts the matches of a chain of one or two directed hops without enumerating them
 * (op-count-paths.c): per-node conditions, then sums of degrees over the middle nodes. */
typedef struct
{
  int slot; /* the node's slot, for evaluating its conditions */
  const char *var;
  KgEntityCheck check;
  GPtrArray *preds; /* (element-type KgAst) WHERE conjuncts on this node alone (borrowed) */
} KgCountNode;

typedef struct
{
  guint n_hops; /* 1 or 2 */
  KgCountNode nodes[3];
  KgExpandSpec hops[2]; /* types and direction (from node i to node i + 1) */
  int out_slot;         /* where the count goes */
} KgCountPathsSpec;

void kg_count_paths_spec_clear (KgCountPathsSpec *spec);
KgOp *kg_op_count_paths_new (KgExec *exec, KgOp *child, KgCountPathsSpec *spec);
/* In a parallel plan, CountPaths takes the nodes it decides in morsels of ids from @m. */
void kg_op_count_paths_set_morsels (KgOp *op, KgMorsels *m);

/* Counts per node of a one-hop pattern grouped by one of its ends, from degrees
 * (op-degree-count.c): `MATCH (g)-[:T]->(o) RETURN g.key, count(o)` without a row per
 * relationship. */
typedef struct
{
  KgAst *call;     /* the count() call (borrowed), for EXPLAIN */
  int slot;        /* where its value goes */
  const char *key; /* count(o.key): the key (borrowed); NULL: every match counts */
  int item_slot;   /* an item that is this call alone, written here too; or -1 */
} KgDegreeCountItem;

/* One condition on the counts of a DegreeCount's groups. */
typedef struct
{
  KgAst *cond;  /* the conjunct (borrowed) */
  int count;    /* `count OP value`: the count's index in the spec's counts; else -1 */
  KgAstOp op;   /* with the count on the left */
  KgAst *value; /* borrowed; evaluated once per run */
} KgDegreeCountHaving;

typedef struct
{
  KgCountNode group;  /* the grouped node: its slot holds the node on output */
  KgSlots node_slots; /* items that are the grouped node alone, written with it */
  KgCountNode other;  /* the far end */
  KgExpandSpec hop;   /* types and direction, from the grouped node */
  guint n_counts;
  KgDegreeCountItem *counts;
  guint n_keys;       /* 0: one group per node; else nodes with equivalent keys form one group */
  KgAst **keys;       /* grouping expressions of the grouped node alone (borrowed) */
  const char **props; /* when every key is `g.key`: the keys (else NULL) */
  /* ORDER BY counts first, with a LIMIT: only the first SKIP + LIMIT groups by those
   * counts (ties in order of appearance) come out, in order of appearance; with @ties
   * (the sort has keys after the counts) every group whose counts equal the last one's
   * comes out too, for the sort above to choose among */
  KgAst *skip, *limit; /* borrowed; limit NULL: every group */
  guint n_order;
  guint *order; /* the count (index into @counts) of each leading sort key */
  gboolean *desc;
  gboolean ties;
  /* WITH … WHERE conditions that read the counts alone (the projection has no SKIP or
   * LIMIT for them to come after): a group comes out only when all of them hold for its
   * counts. A condition `count OP value` (OP one of = <> < <= > >=, the value reading
   * no variable) is a comparison of integers or floats when the value is a number;
   * any other is evaluated with the counts in their slots. */
  guint n_having;
  KgDegreeCountHaving *having;
} KgDegreeCountSpec;

void kg_degree_count_spec_clear (KgDegreeCountSpec *spec);
KgOp *kg_op_degree_count_new (KgExec *exec, KgOp *child, KgDegreeCountSpec *spec);

/* What the counting operators share (ops/count.c). */
gboolean kg_count_node_empty (const KgCountNode *n);
/* 1 when @node, one of kg_count_candidates (@n), passes @n's labels, properties and
 * conditions; 0 not; -1 error. */
int kg_count_node_passes (KgExec *exec, KgCountNode *n, KgNodeId node, GError **error);
/* The candidate nodes of @n: its first label's nodes, or all. FALSE: none (an unknown label). */
gboolean kg_count_candidates (KgExec *exec, KgCountNode *n, KgNodeIter *it);
/* @n's conditions decided for a batch of its candidates at once: labels and properties
 * a node at a time, the WHERE conditions with the vector evaluator (engine/batch.h) where
 * it has a form for them, else a row at a time. One per loop (it keeps scratch space). */
typedef struct
{
  KgCountNode *node;
  gboolean all;    /* every candidate passes: nothing to decide */
  gboolean check;  /* labels beyond the first, or properties: checked a node at a time */
  KgVecExpr **vx;  /* per condition; NULL entries: evaluated a row at a time */
  KgBatch batch;   /* one column, the node's slot */
  guint16 *sel[2]; /* selections, alternately read and written */
} KgCountPass;

void kg_count_pass_init (KgCountPass *p, KgCountNode *n);
void kg_count_pass_clear (KgCountPass *p);
/* Keeps, of the @m candidates in @ids (at most KG_BATCH_MAX, increasing), those that
 * pass, in order and in place. Returns: how many; -1 on an error. */
int kg_count_pass_batch (KgExec *exec, KgCountPass *p, KgNodeId *ids, guint m, GError **error);
/* A bitmap (a byte a node) of the nodes passing @n, or NULL when every node does (or
 * on an error: *@failed is set then). */
guint8 *kg_count_pass_map (KgExec *exec, KgCountNode *n, gboolean *failed, GError **error);
/* Decides @n's candidates with ids in [@lo, @hi) into @map (a byte a node) or @bits (a
 * bit a node, set with atomic ORs: copies filling ranges of one bitmap may share a word);
 * one of the two is given. FALSE: error. */
gboolean kg_count_pass_fill (KgExec *exec, KgCountNode *n, guint8 *map, guint64 *bits, guint32 lo, guint32 hi, GError **error);
/* TRUE when every relationship of @type has all of @check's labels at its @end
 * (KG_DIR_OUT: the end node; KG_DIR_IN: the start node); cached per graph version. */
gboolean kg_count_labels_implied (KgExec *exec, KgSymbol type, KgDirection end, KgEntityCheck *check);
/* How many self loops of @type each node has (node + 1 → count); cached, (transfer full). */
GHashTable *kg_count_self_loops (KgExec *exec, KgSymbol type);
gboolean kg_count_type_in (KgExec *exec, KgExpandSpec *hop, KgSymbol type);
KgDirection kg_dir_reverse (KgDirection d);
/* Relationships at @node in @dir over @hop's types whose far end is in @map (NULL: all). */
guint64 kg_count_side (KgExec *exec, KgExpandSpec *hop, KgNodeId node, KgDirection dir, const guint8 *map);
/* The same with the far ends marked in a bitmap (a bit a node; NULL: all). */
guint64 kg_count_side_bits (KgExec *exec, KgExpandSpec *hop, KgNodeId node, KgDirection dir, const guint64 *bits);
/* Degrees over a hop's types in one direction (KG_DIR_OUT or KG_DIR_IN) for nodes met
 * in increasing id order, read a run of ids at a time (kg_graph_degrees()). */
#define KG_DEGREE_RUN 1024
typedef struct
{
  KgExec *exec;
  KgExpandSpec *hop;
  KgDirection dir;
  KgNodeId first;
  guint n;
  guint32 buf[KG_DEGREE_RUN];
  guint32 tmp[KG_DEGREE_RUN];
} KgDegreeRun;

void kg_degree_run_init (KgDegreeRun *r, KgExec *exec, KgExpandSpec *hop, KgDirection dir);
void kg_degree_run_fill (KgDegreeRun *r, KgNodeId node);
static inline guint64
kg_degree_run_at (KgDegreeRun *r, KgNodeId node)
{
  if (G_UNLIKELY (node - r->first >= r->n))
    kg_degree_run_fill (r, node);
  return r->buf[node - r->first];
}
/* Whether no two of @n's candidate nodes have equivalent values of the properties @keys
 * (a missing one is null); cached per graph version. */
gboolean kg_count_keys_unique (KgExec *exec, KgCountNode *n, const char *const *keys, guint n_keys);

/* --- Parallel plans (op-gather.c, op-morsel-rows.c) ------------------------------ */

/* What the workers of one parallel statement share (engine/parallel.c). */
struct _KgParallel
{
  gint stop;        /* atomic: a worker failed; the others stop at their next check */
  guint64 mem_used; /* atomic: bytes charged by all workers */
  guint copies;     /* copies of the plan that run at once (set before they start) */
};

/* Gather: runs @n_workers copies of the pipeline below it at once, @child (this plan's
 * own copy, on the calling thread) and @workers (the same breaker in other copies of the
 * plan, each with its own execution context), then merges their partial states into
 * @child and yields @child's rows. @prefix (nullable): a serial start of the pipeline
 * whose rows the copies share out through @sources (MorselRows, one per copy); else the
 * copies' scans take morsels of node ids from @morsels. Takes @workers, @prefix,
 * @sources, @morsels, and @owner (freed with @owner_free: the other copies' plans). */
KgOp *kg_op_gather_new (KgExec *exec, KgOp *child, GPtrArray *workers, KgOp *prefix, GPtrArray *sources, KgMorsels *morsels, KgParallel *par, gpointer owner, GDestroyNotify owner_free);
/* MorselRows: the rows of a Gather's serial prefix, a morsel at a time, written into its
 * own plan's row (the copies have the same slots). */
KgOp *kg_op_morsel_rows_new (KgExec *exec, KgMorsels *m);
/* Hands the prefix's rows (saved by @from, kg_exec_save_row) to a MorselRows. */
void kg_op_morsel_rows_set (KgOp *op, GPtrArray *rows, KgExec *from);
/* Runs @fn (@data, @index) for index 0 on the calling thread and offers index 1 .. @n - 1
 * to the process's worker threads; returns when index 0 has returned and so has every
 * other that started before then. An index not started by then is skipped: @fn must be
 * a share of work that index 0 finishes on its own when no one else helps (claiming
 * morsels until none is left), its state left as opened (parallel.c). */
void kg_parallel_run (guint n, void (*fn) (gpointer data, guint index), gpointer data);

/* --- Writes --------------------------------------------------------------------- */

/* An entity to create: a node (rel == FALSE) or a relationship between two node slots. */
typedef struct
{
  gboolean rel;
  gboolean exists; /* node already bound: reuse it */
  int slot;
  int src_slot, dst_slot;
  char *type;
  GPtrArray *labels; /* (element-type utf8) */
  KgAst *props;      /* MAP or PARAMETER (borrowed, nullable) */
  /* (borrowed, nullable) a node: its NODE_PATTERN, whose DYNAMIC_LABELs add labels; a
   * relationship: the DYNAMIC_LABEL that gives its type (then @type is NULL) */
  const KgAst *dynamic;
  KgSpan span;               /* the pattern, for run-time errors */
  KgSpan src_span, dst_span; /* a relationship's end node patterns */
  /* Symbol caches, set up at the first row (op-create.c): @type's and @labels' symbols
   * and, when @props is a MAP of distinct keys, its keys' (else @prop_syms is NULL),
   * each KG_NONE until first used, then kept (a graph never loses a symbol). */
  gboolean resolved;
  KgSymbol type_sym;
  KgSymbol *label_syms;
  KgSymbol *prop_syms;
} KgCreateItem;

typedef struct
{
  GArray *items; /* KgCreateItem, in creation order */
  int path_slot; /* -1 */
  KgSlots path_nodes, path_rels;
} KgCreateSpec;

void kg_create_spec_clear (KgCreateSpec *spec);
/* Runs a create spec against the current row. */
gboolean kg_exec_create (KgExec *exec, KgCreateSpec *spec, gboolean merge, GError **error);

KgOp *kg_op_create_new (KgExec *exec, KgOp *child, GPtrArray *specs);
/* kg_op_create_plan_batches: when @root, the root of a statement that returns nothing
 * and runs on one thread, is a streaming Create over IndexSeeks over a LoadCsv (LOAD
 * CSV ... MATCH (a:L {k: toInteger(row.x)}) ... CREATE ...), lets them exchange batches
 * of records instead of rows: LoadCsv's fields stay bytes, the seeks read their keys
 * off them, Create writes each batch's relationships from the seeks' columns. The
 * statement's rows, errors and effects are the row path's. */
void kg_op_create_plan_batches (KgOp *root);
/* Whether a Create (kg_op_create_new) makes nodes, relationships. */
void kg_op_create_writes (KgOp *op, gboolean *nodes, gboolean *rels);
/* Lets a write operator stream: each input row written and yielded at once, without the
 * eager barrier (op-eager.c). Only for a plan in which the barrier changes nothing. */
void kg_op_write_stream (KgOp *op);
KgOp *kg_op_merge_new (KgExec *exec, KgOp *child, KgOp *match, KgCreateSpec *spec, KgSlots *pattern_slots, KgAst *on_create, KgAst *on_match);
/* SET and REMOVE items (SET_* and REMOVE_* nodes, borrowed) for the current row. */
gboolean kg_exec_set_items (KgExec *exec, const KgAst *set, GError **error);
KgOp *kg_op_set_new (KgExec *exec, KgOp *child, KgAst *clause);
KgOp *kg_op_delete_new (KgExec *exec, KgOp *child, KgAst *clause);
/* Runs every input row before any output (the write/read barrier). */
KgOp *kg_op_eager_new (KgExec *exec, KgOp *child);
/* CALL of a native procedure: kg_op_proc_call_new() in engine/proc-registry.h. */

/* Whether every node with @label has the property @key (one pass over the label's nodes,
 * remembered while the graph stays as it is). */
gboolean kg_exec_label_has_key (KgExec *exec, const char *label, const char *key);
/* Appends a short Cypher-like text of @e for EXPLAIN. */
void kg_expr_describe (GString *out, const KgAst *e);

/* --- Grouping keys (ops/group-key.c) ---------------------------------------------- */

/* The key of a group (Aggregation, DegreeCount): @n values and their hash. It carries
 * its length, so a GHashTable of groups that start with one compares them with
 * kg_group_key_equal and needs no operator at hand. */
typedef struct
{
  guint hash;
  guint n;
  KgValue *values; /* (array length=n) owned by the group */
} KgGroupKey;

/* The hash of @n values, as groups keep it. */
guint kg_group_key_hash_values (const KgValue *values, guint n);
/* For g_hash_table_new(): the stored hash, and equivalence of every value. */
guint kg_group_key_hash (gconstpointer key);
gboolean kg_group_key_equal (gconstpointer a, gconstpointer b);
/* Clears and frees the values (not @key itself). */
void kg_group_key_clear (KgGroupKey *key);

/* Small helpers */
void kg_slots_add (KgSlots *s, int slot);
void kg_slots_copy (KgSlots *dst, const KgSlots *src);
void kg_slots_clear (KgSlots *s);
gboolean kg_eval_count (KgExec *exec, KgAst *expr, const char *what, gint64 *out, GError **error);

G_END_DECLS
