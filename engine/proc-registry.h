/* engine/proc-registry.h — the native procedure registry: one table row per built-in
 * procedure (its name, signature, description, mode and a C implementation that
 * streams rows), shared by the planner (plan-call.c), the ProcedureCall operator
 * (ops/op-proc-call.c) and the implementations (proc-db.c, algo-*.c).
 *
 * A CALL is resolved against the table once, when it is planned; the operator holds the
 * row and never compares names. An implementation is a cursor: open() receives the
 * evaluated arguments (defaults filled in), next() fills one row of output values,
 * close() frees what open() built. Implementations honour cancellation, the time limit
 * and the memory limit through kg_exec_check()/kg_exec_charge() on the run's context.
 *
 * Not here: the table procedures an embedding program declares (procedure.c), or any
 * parsing of CALL (the grammar does that).
 */
#pragma once

#include "engine/procedure-private.h"

G_BEGIN_DECLS

/**
 * KgProcMode: what a procedure may touch (as Neo4j's procedure modes).
 */
typedef enum
{
  KG_PROC_READ,
  KG_PROC_WRITE,
  KG_PROC_SCHEMA,
  KG_PROC_DBMS,
} KgProcMode;

/**
 * KgProcParam:
 * @name: the argument's name
 * @type: its type as a signature spells it (`MAP`, `STRING`, `LIST<STRING>`, `ANY`...)
 * @default_text: (nullable): the default as a Cypher literal (`{}`, `null`, `10`,
 *   `'x'`); NULL when the argument is required. Required arguments come first.
 */
typedef struct
{
  const char *name;
  const char *type;
  const char *default_text;
} KgProcParam;

/** KgProcField: one output column, its name and type. */
typedef struct
{
  const char *name;
  const char *type;
} KgProcField;

#define KG_PROC_MAX_PARAMS 4
#define KG_PROC_MAX_FIELDS 16

typedef struct _KgNativeProc KgNativeProc;

/**
 * KgProcRun: one invocation of a procedure, for one input row.
 * @exec: the execution context (graph, cancellation, limits)
 * @proc: the procedure's table row
 * @span: the CALL's span, for errors
 * @arg_spans: each argument's span (the call's span for a defaulted argument)
 * @arg_literal: whether each argument is a literal written in the statement, so that
 *   a position inside its value can be mapped back to the text (see kg_proc_literal_span())
 * @state: what open() built, for next() and close()
 */
typedef struct
{
  KgExec *exec;
  const KgNativeProc *proc;
  const KgSpan *span;
  const KgSpan *arg_spans[KG_PROC_MAX_PARAMS];
  gboolean arg_literal[KG_PROC_MAX_PARAMS];
  gpointer state;
} KgProcRun;

/**
 * kg_proc_literal_span:
 * @i: the argument, a STRING
 * @char_index: a character of its value, counted from 0
 * @out: filled with the span of that character in the statement
 * Returns: (transfer none): @out when argument @i is a string literal written without
 *   escapes (so its characters are the statement's), else the argument's whole span.
 */
const KgSpan *kg_proc_literal_span (const KgProcRun *run, guint i, const char *value, guint char_index, KgSpan *out);

/* open: @args holds one value per parameter (borrowed). Returns FALSE with @error set. */
typedef gboolean (*KgProcOpenFunc) (KgProcRun *run, const KgValue *args, GError **error);
/* next: fills @row (one value per output field, each null on entry; taken by the caller). */
typedef KgOpStatus (*KgProcNextFunc) (KgProcRun *run, KgValue *row, GError **error);
/* close: frees run->state (which may be NULL when open() failed). */
typedef void (*KgProcCloseFunc) (KgProcRun *run);

/**
 * KgNativeProc: a row of the registry.
 * @name: the dotted name (looked up without regard to case)
 * @description: one sentence for dbms.procedures() and SHOW PROCEDURES
 * @mode: READ, WRITE, SCHEMA or DBMS
 * @params: the arguments (@n_params of them)
 * @fields: the output columns (@n_fields of them)
 */
struct _KgNativeProc
{
  const char *name;
  const char *description;
  KgProcMode mode;
  guint n_params;
  KgProcParam params[KG_PROC_MAX_PARAMS];
  guint n_fields;
  KgProcField fields[KG_PROC_MAX_FIELDS];
  KgProcOpenFunc open;
  KgProcNextFunc next;
  KgProcCloseFunc close;
};

/** kg_native_procs: Returns: (transfer none) (array length=n): the whole table, in name order. */
const KgNativeProc *kg_native_procs (guint *n);
/** kg_native_proc_lookup: Returns: (transfer none) (nullable): the procedure called @name, any case. */
const KgNativeProc *kg_native_proc_lookup (const char *name);
/**
 * kg_show_proc_lookup:
 * @kind: "procedures", "functions" or "databases", as the parser names a SHOW command
 * @n_default: (out): how many leading columns SHOW gives without YIELD
 *
 * Returns: (transfer none) (nullable): the procedure that lists the SHOW table (proc-show.c).
 */
const KgNativeProc *kg_show_proc_lookup (const char *kind, guint *n_default);
/** kg_native_proc_n_required: Returns: how many leading parameters have no default. */
guint kg_native_proc_n_required (const KgNativeProc *proc);
/**
 * kg_native_proc_default:
 * Sets *@out to the default of parameter @i (which must have one).
 */
void kg_native_proc_default (const KgNativeProc *proc, guint i, KgValue *out);
/** kg_native_proc_signature: Returns: (transfer full): `name(a :: MAP = {}) :: (x :: STRING)`. */
char *kg_native_proc_signature (const KgNativeProc *proc);
/**
 * kg_proc_callee:
 * @name: a procedure's name, or a SHOW command's ("SHOW PROCEDURES")
 * Returns: (transfer full): how messages and plans name it: `name()`, or the command
 *   as it is written.
 */
char *kg_proc_callee (const char *name);
/** kg_native_proc_mode_name: Returns: "READ", "WRITE", "SCHEMA" or "DBMS". */
const char *kg_native_proc_mode_name (KgProcMode mode);

/**
 * kg_proc_error:
 * Sets a run-time error of @code at @span (the call's when NULL) for @run's procedure.
 * Returns: FALSE, for `return kg_proc_error (...)`.
 */
gboolean kg_proc_error (KgProcRun *run, GError **error, int code, const KgSpan *span, const char *fmt, ...) G_GNUC_PRINTF (5, 6);

/**
 * kg_op_proc_call_new:
 * @args: (element-type KgAst) bound argument expressions (borrowed), at most the
 *   procedure's parameters; the rest take their defaults
 * @out: the slots that receive outputs
 * @out_fields: for each slot in @out, the index of the output field it takes
 * @span: the CALL clause's span (borrowed from the query's AST)
 */
KgOp *kg_op_proc_call_new (KgExec *exec, KgOp *child, const KgNativeProc *proc, GPtrArray *args, const KgSlots *out, const int *out_fields, const KgSpan *span);

/* --- Implementations (proc-db.c, algo-*.c), named in the table (proc-table.c) ---- */

gboolean kg_proc_db_labels_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_db_types_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_db_keys_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_dbms_procedures_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_dbms_components_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_db_node_type_properties_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_db_rel_type_properties_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_db_schema_visualization_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_fulltext_nodes_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_fulltext_relationships_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_fulltext_analyzers_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_import_jsonl_open (KgProcRun *run, const KgValue *args, GError **error);
gboolean kg_proc_export_jsonl_open (KgProcRun *run, const KgValue *args, GError **error);
/* A cursor over a list of rows built by open (run->state is a KgProcRows). */
KgOpStatus kg_proc_rows_next (KgProcRun *run, KgValue *row, GError **error);
void kg_proc_rows_close (KgProcRun *run);

/**
 * KgProcRows: rows computed whole by open(), streamed by kg_proc_rows_next().
 * @values: n_rows × n_fields values, row by row
 */
typedef struct
{
  GArray *values; /* (element-type KgValue) */
  guint n_fields;
  guint pos;
} KgProcRows;

/** kg_proc_rows_new: Returns: (transfer full): an empty row list for @n_fields columns. */
KgProcRows *kg_proc_rows_new (guint n_fields);
/** kg_proc_rows_add: appends one row, taking the @n_fields values of @row. */
void kg_proc_rows_add (KgProcRows *rows, KgValue *row);

G_END_DECLS
