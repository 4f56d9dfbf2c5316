/* tests/tck/tck.c — runs the openCypher TCK against kgq and reports what passes.
 *
 *   tck [--features DIR] [--known FILE] [--update-known] [--filter TEXT] [-v]
 *       [--no-fork] [--timeout SECONDS] [--list]
 *
 * Reads every .feature file under the features directory (--features, else
 * $KGQ_TCK_DIR, else $KG_SHARED_DIR/tck/features, else ../shared/tck/features),
 * expands Scenario Outlines, and runs each scenario in a child process (so a crash or a
 * hang fails one scenario, not the run) on a fresh session through the public API
 * (lib/kgq.h). Side effects are measured the TCK's way, by diffing the graph's nodes,
 * relationships, label names and (entity, key, value) properties before and after.
 *
 * Prints a table per folder, the known-passing scenarios that now fail, and last the
 * line "tck: P passed, F failed, S skipped of N". Exits 1 when a scenario listed in
 * the known-passing file fails, 77 (skipped) when the TCK is not there, else 0.
 * --update-known rewrites the known-passing file with the scenarios that pass now.
 *
 * Procedures the TCK declares ("there exists a procedure") become table procedures
 * (kgq_db_add_procedure()). Scenarios that need what kgq lacks (the temporal types
 * other than DATE) simply fail.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/kgq-private.h"
#include "parser/parser.h"
#include "tests/tck/gherkin.h"
#include "tests/tck/tck-value.h"

typedef enum
{
  OUTCOME_PASS,
  OUTCOME_FAIL,
  OUTCOME_SKIP,
} Outcome;

static gboolean opt_verbose;
static gboolean opt_no_fork;
static gboolean opt_update;
static gboolean opt_list;
static gboolean opt_parse_only;
static gboolean opt_causes;
static int opt_timeout = 10;
static char *opt_features;
static char *opt_known;
static char **opt_filter;

/* --- Graph state and side effects ----------------------------------------------------- */

typedef struct
{
  GHashTable *nodes;  /* id + 1 */
  GHashTable *rels;   /* id + 1 */
  GHashTable *labels; /* names */
  GHashTable *props;  /* "n12.key=canon" */
} State;

static void
state_clear (State *st)
{
  g_clear_pointer (&st->nodes, g_hash_table_unref);
  g_clear_pointer (&st->rels, g_hash_table_unref);
  g_clear_pointer (&st->labels, g_hash_table_unref);
  g_clear_pointer (&st->props, g_hash_table_unref);
}

static void
add_props (GHashTable *props, const KgGraph *g, guint32 id, gboolean node)
{
  guint n = node ? kg_graph_node_n_props (g, id) : kg_graph_edge_n_props (g, id);
  for (guint i = 0; i < n; i++)
    {
      KgSymbol key = KG_NONE;
      const KgValue *v = node ? kg_graph_node_prop_at (g, id, i, &key) : kg_graph_edge_prop_at (g, id, i, &key);
      if (!v || v->type == KG_VALUE_NULL)
        continue;
      GString *s = g_string_new (NULL);
      g_string_printf (s, "%c%u.%s=", node ? 'n' : 'r', id, kg_graph_symbol_name (g, KG_SYM_KEY, key));
      tck_value_append_canon (s, g, v, FALSE);
      g_hash_table_add (props, g_string_free (s, FALSE));
    }
}

static void
state_measure (State *st, const KgGraph *g)
{
  st->nodes = g_hash_table_new (NULL, NULL);
  st->rels = g_hash_table_new (NULL, NULL);
  st->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  st->props = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  KgNodeIter it;
  KgNodeId n;
  kg_graph_nodes_init (g, KG_NONE, &it);
  while (kg_node_iter_next (&it, &n))
    {
      g_hash_table_add (st->nodes, GUINT_TO_POINTER (n + 1));
      guint n_labels = 0;
      const KgSymbol *labels = kg_graph_node_labels (g, n, &n_labels);
      for (guint i = 0; i < n_labels; i++)
        g_hash_table_add (st->labels, g_strdup (kg_graph_symbol_name (g, KG_SYM_LABEL, labels[i])));
      add_props (st->props, g, n, TRUE);
    }
  KgEdgeIter eit;
  KgEdgeId e;
  kg_graph_edges_init (g, KG_NONE, &eit);
  while (kg_edge_iter_next (&eit, &e))
    {
      g_hash_table_add (st->rels, GUINT_TO_POINTER (e + 1));
      add_props (st->props, g, e, FALSE);
    }
}

static guint
count_missing (GHashTable *a, GHashTable *b)
{
  /* |a \ b| */
  guint n = 0;
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init (&it, a);
  while (g_hash_table_iter_next (&it, &key, NULL))
    if (!g_hash_table_contains (b, key))
      n++;
  return n;
}

enum
{
  FX_NODES_ADD,
  FX_NODES_DEL,
  FX_RELS_ADD,
  FX_RELS_DEL,
  FX_LABELS_ADD,
  FX_LABELS_DEL,
  FX_PROPS_ADD,
  FX_PROPS_DEL,
  FX_N
};

static const char *const fx_names[FX_N] = {
  "+nodes",
  "-nodes",
  "+relationships",
  "-relationships",
  "+labels",
  "-labels",
  "+properties",
  "-properties",
};

static void
state_diff (State *before, State *after, guint fx[FX_N])
{
  fx[FX_NODES_ADD] = count_missing (after->nodes, before->nodes);
  fx[FX_NODES_DEL] = count_missing (before->nodes, after->nodes);
  fx[FX_RELS_ADD] = count_missing (after->rels, before->rels);
  fx[FX_RELS_DEL] = count_missing (before->rels, after->rels);
  fx[FX_LABELS_ADD] = count_missing (after->labels, before->labels);
  fx[FX_LABELS_DEL] = count_missing (before->labels, after->labels);
  fx[FX_PROPS_ADD] = count_missing (after->props, before->props);
  fx[FX_PROPS_DEL] = count_missing (before->props, after->props);
}

/* --- Running one scenario ------------------------------------------------------------- */

typedef struct
{
  KgqDb *db;
  KgqSession *session;
  const char *graphs_dir;
  /* The outcome of the last "executing query" step. */
  gboolean ran;
  GError *error;
  gboolean error_at_compile;
  GPtrArray *columns;     /* char * */
  GPtrArray *rows;        /* GPtrArray of canonical cells */
  GPtrArray *rows_sorted; /* the same with list elements sorted */
  guint fx[FX_N];
  GString *msg;
} Ctx;

static void
ctx_reset_result (Ctx *c)
{
  c->ran = FALSE;
  g_clear_error (&c->error);
  g_clear_pointer (&c->columns, g_ptr_array_unref);
  g_clear_pointer (&c->rows, g_ptr_array_unref);
  g_clear_pointer (&c->rows_sorted, g_ptr_array_unref);
  memset (c->fx, 0, sizeof c->fx);
}

static GPtrArray *
new_rows (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

/* Runs @src to the end; with @capture, keeps the columns, rows and error in @c. */
static gboolean
run_query (Ctx *c, const char *src, gboolean capture, GError **error)
{
  GError *err = NULL;
  KgqResult *res = kgq_session_query (c->session, src, -1, NULL, NULL, &err);
  if (!res)
    {
      if (capture)
        c->error_at_compile = TRUE;
      g_propagate_error (error, err);
      return FALSE;
    }
  guint n = kgq_result_n_columns (res);
  if (capture)
    {
      c->columns = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (c->columns, g_strdup (kgq_result_column_name (res, i)));
      c->rows = new_rows ();
      c->rows_sorted = new_rows ();
    }
  const KgGraph *g = kgq_db_graph (c->db);
  while (kgq_result_next (res, &err))
    {
      if (!capture)
        continue;
      GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
      GPtrArray *row_sorted = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < n; i++)
        {
          const KgValue *v = kgq_result_value (res, i);
          g_ptr_array_add (row, tck_value_canon_actual (g, v, FALSE));
          g_ptr_array_add (row_sorted, tck_value_canon_actual (g, v, TRUE));
        }
      g_ptr_array_add (c->rows, row);
      g_ptr_array_add (c->rows_sorted, row_sorted);
    }
  kgq_result_free (res);
  if (err)
    {
      if (capture)
        c->error_at_compile = FALSE;
      g_propagate_error (error, err);
      return FALSE;
    }
  return TRUE;
}

static char *
row_text (GPtrArray *row)
{
  GString *s = g_string_new ("|");
  for (guint i = 0; i < row->len; i++)
    g_string_append_printf (s, " %s |", (char *) row->pdata[i]);
  return g_string_free (s, FALSE);
}

static void
append_rows (GString *msg, const char *title, GPtrArray *rows)
{
  g_string_append_printf (msg, "  %s (%u rows):\n", title, rows->len);
  for (guint i = 0; i < rows->len && i < 40; i++)
    {
      g_autofree char *t = row_text (rows->pdata[i]);
      g_string_append_printf (msg, "    %s\n", t);
    }
}

static Outcome
fail (Ctx *c, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static Outcome
fail (Ctx *c, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_string_append_vprintf (c->msg, fmt, ap);
  va_end (ap);
  return OUTCOME_FAIL;
}

static Outcome
unexpected_error (Ctx *c)
{
  return fail (c, "unexpected %s error: %s", c->error_at_compile ? "compile-time" : "run-time", c->error->message);
}

static Outcome
check_result (Ctx *c, TckStep *step, gboolean ordered, gboolean sort_lists)
{
  if (!c->ran)
    return fail (c, "no query was executed");
  if (c->error)
    return unexpected_error (c);
  GPtrArray *table = step->table;
  if (!table || table->len == 0)
    return fail (c, "the step has no table");
  GPtrArray *header = table->pdata[0];
  gboolean columns_ok = header->len == c->columns->len;
  for (guint i = 0; columns_ok && i < header->len; i++)
    columns_ok = strcmp (header->pdata[i], c->columns->pdata[i]) == 0;
  if (!columns_ok)
    {
      g_autofree char *want = row_text (header);
      g_autofree char *got = row_text (c->columns);
      return fail (c, "columns differ:\n  expected %s\n  actual   %s", want, got);
    }
  g_autoptr (GPtrArray) expected = new_rows ();
  for (guint r = 1; r < table->len; r++)
    {
      GPtrArray *cells = table->pdata[r];
      GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (expected, row);
      for (guint i = 0; i < cells->len; i++)
        {
          g_autoptr (GError) err = NULL;
          char *canon = tck_value_canon_expected (cells->pdata[i], sort_lists, &err);
          if (!canon)
            return fail (c, "cannot read the expected value: %s", err->message);
          g_ptr_array_add (row, canon);
        }
    }
  GPtrArray *actual = sort_lists ? c->rows_sorted : c->rows;
  g_autoptr (GPtrArray) want = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < expected->len; i++)
    g_ptr_array_add (want, row_text (expected->pdata[i]));
  for (guint i = 0; i < actual->len; i++)
    g_ptr_array_add (got, row_text (actual->pdata[i]));
  if (!ordered)
    {
      g_ptr_array_sort (want, tck_cmp_strptr);
      g_ptr_array_sort (got, tck_cmp_strptr);
    }
  gboolean same = want->len == got->len;
  for (guint i = 0; same && i < want->len; i++)
    same = strcmp (want->pdata[i], got->pdata[i]) == 0;
  if (same)
    return OUTCOME_PASS;
  g_string_append_printf (c->msg, "result differs (%s):\n", ordered ? "in order" : "in any order");
  append_rows (c->msg, "expected", expected);
  append_rows (c->msg, "actual", actual);
  return OUTCOME_FAIL;
}

static Outcome
check_effects (Ctx *c, TckStep *step)
{
  if (!c->ran)
    return fail (c, "no query was executed");
  if (c->error)
    return unexpected_error (c);
  guint want[FX_N] = { 0 };
  for (guint r = 0; step->table && r < step->table->len; r++)
    {
      GPtrArray *cells = step->table->pdata[r];
      if (cells->len < 2)
        return fail (c, "bad side effects row");
      guint k = 0;
      for (; k < FX_N; k++)
        if (strcmp (cells->pdata[0], fx_names[k]) == 0)
          break;
      if (k == FX_N)
        return fail (c, "unknown side effect %s", (char *) cells->pdata[0]);
      want[k] = (guint) g_ascii_strtoull (cells->pdata[1], NULL, 10);
    }
  gboolean same = memcmp (want, c->fx, sizeof want) == 0;
  if (same)
    return OUTCOME_PASS;
  g_string_append (c->msg, "side effects differ:\n  expected");
  for (guint k = 0; k < FX_N; k++)
    if (want[k])
      g_string_append_printf (c->msg, " %s %u", fx_names[k], want[k]);
  g_string_append (c->msg, "\n  actual  ");
  for (guint k = 0; k < FX_N; k++)
    if (c->fx[k])
      g_string_append_printf (c->msg, " %s %u", fx_names[k], c->fx[k]);
  return OUTCOME_FAIL;
}

/* The TCK's error types and the KgQueryError codes that stand for them. */
static gboolean
error_type_matches (const char *type, const GError *err)
{
  if (err->domain != KG_QUERY_ERROR)
    return FALSE;
  int code = err->code;
  if (strcmp (type, "SyntaxError") == 0)
    return code == KG_QUERY_ERROR_SYNTAX || code == KG_QUERY_ERROR_SEMANTIC;
  if (strcmp (type, "SemanticError") == 0)
    return code == KG_QUERY_ERROR_SEMANTIC;
  if (strcmp (type, "TypeError") == 0)
    return code == KG_QUERY_ERROR_TYPE;
  if (strcmp (type, "ArgumentError") == 0)
    return code == KG_QUERY_ERROR_ARGUMENT;
  if (strcmp (type, "ArithmeticError") == 0)
    return code == KG_QUERY_ERROR_ARITHMETIC;
  if (strcmp (type, "ParameterMissing") == 0)
    return code == KG_QUERY_ERROR_PARAMETER_MISSING;
  if (strcmp (type, "EntityNotFound") == 0)
    return code == KG_QUERY_ERROR_ENTITY_NOT_FOUND;
  if (strcmp (type, "ConstraintVerificationFailed") == 0)
    return code == KG_QUERY_ERROR_CONSTRAINT;
  if (strcmp (type, "ProcedureError") == 0)
    return code == KG_QUERY_ERROR_PROCEDURE;
  return FALSE;
}

static Outcome
check_error (Ctx *c, const char *text)
{
  /* "a TypeError should be raised at runtime: InvalidArgumentValue" */
  g_auto (GStrv) words = g_strsplit (text, " ", 3);
  if (!words[0] || !words[1] || !words[2])
    return fail (c, "cannot read the error step");
  const char *type = words[1];
  const char *at = strstr (text, " raised at ");
  if (!at)
    return fail (c, "cannot read the error step");
  at += strlen (" raised at ");
  int phase; /* 0 compile, 1 run, 2 any */
  if (g_str_has_prefix (at, "compile time"))
    phase = 0;
  else if (g_str_has_prefix (at, "runtime"))
    phase = 1;
  else if (g_str_has_prefix (at, "any time"))
    phase = 2;
  else
    return fail (c, "unknown error phase in: %s", text);
  if (!c->ran)
    return fail (c, "no query was executed");
  if (!c->error)
    return fail (c, "expected %s at %s, but the query succeeded", type, phase == 0 ? "compile time" : phase == 1 ? "runtime"
                                                                                                                 : "any time");
  gboolean type_ok = error_type_matches (type, c->error);
  gboolean phase_ok = phase == 2 || (phase == 0) == c->error_at_compile;
  if (type_ok && phase_ok)
    return OUTCOME_PASS;
  return fail (c, "expected %s at %s, got code %d at %s: %s", type, phase == 0 ? "compile time" : phase == 1 ? "runtime"
                                                                                                             : "any time",
               c->error->domain == KG_QUERY_ERROR ? c->error->code : -1, c->error_at_compile ? "compile time" : "runtime",
               c->error->message);
}

/* "there exists a procedure NAME(...) :: (...):" with a table of inputs and outputs. */
static Outcome
add_procedure (Ctx *c, TckStep *step)
{
  g_autofree char *signature = g_strdup (step->text + strlen ("there exists a procedure "));
  g_strstrip (signature);
  if (g_str_has_suffix (signature, ":"))
    signature[strlen (signature) - 1] = '\0';
  /* The rows as one list literal, read by the session's literal reader. */
  GString *lit = g_string_new ("[");
  for (guint r = 1; step->table && r < step->table->len; r++)
    {
      GPtrArray *cells = step->table->pdata[r];
      g_string_append (lit, r > 1 ? ", [" : "[");
      for (guint i = 0; i < cells->len; i++)
        g_string_append_printf (lit, "%s%s", i ? ", " : "", (char *) cells->pdata[i]);
      g_string_append_c (lit, ']');
    }
  g_string_append_c (lit, ']');
  static const char tmp[] = "  tck procedure rows  ";
  g_autoptr (GError) err = NULL;
  gboolean ok = kgq_session_set_param_literal (c->session, tmp, lit->str, &err);
  g_string_free (lit, TRUE);
  if (!ok)
    return fail (c, "cannot read the procedure's rows: %s", err->message);
  const KgValue *rows = g_hash_table_lookup (kgq_session_params (c->session), tmp);
  ok = rows && kgq_db_add_procedure (c->db, signature, rows, &err);
  g_hash_table_remove (kgq_session_params (c->session), tmp);
  if (!ok)
    return fail (c, "cannot declare the procedure: %s", err ? err->message : "no rows");
  return OUTCOME_PASS;
}

static Outcome
run_step (Ctx *c, TckStep *step)
{
  const char *t = step->text;
  if (strcmp (t, "an empty graph") == 0 || strcmp (t, "any graph") == 0)
    return OUTCOME_PASS;
  if (g_str_has_prefix (t, "the ") && g_str_has_suffix (t, " graph"))
    {
      g_autofree char *name = g_strndup (t + 4, strlen (t) - 4 - 6);
      g_autofree char *file = g_strdup_printf ("%s.cypher", name);
      g_autofree char *path = g_build_filename (c->graphs_dir, name, file, NULL);
      g_autofree char *src = NULL;
      g_autoptr (GError) err = NULL;
      if (!g_file_get_contents (path, &src, NULL, &err))
        return fail (c, "cannot read the named graph: %s", err->message);
      if (!run_query (c, src, FALSE, &err))
        return fail (c, "building the %s graph failed: %s", name, err->message);
      return OUTCOME_PASS;
    }
  if (strcmp (t, "having executed:") == 0)
    {
      g_autoptr (GError) err = NULL;
      if (!step->doc)
        return fail (c, "the step has no query");
      if (!run_query (c, step->doc, FALSE, &err))
        return fail (c, "setup query failed: %s", err->message);
      return OUTCOME_PASS;
    }
  if (strcmp (t, "parameters are:") == 0)
    {
      for (guint r = 0; step->table && r < step->table->len; r++)
        {
          GPtrArray *cells = step->table->pdata[r];
          g_autoptr (GError) err = NULL;
          if (cells->len < 2)
            return fail (c, "bad parameters row");
          if (!kgq_session_set_param_literal (c->session, cells->pdata[0], cells->pdata[1], &err))
            return fail (c, "cannot set parameter %s: %s", (char *) cells->pdata[0], err->message);
        }
      return OUTCOME_PASS;
    }
  if (g_str_has_prefix (t, "there exists a procedure "))
    return add_procedure (c, step);
  if (strcmp (t, "executing query:") == 0 || strcmp (t, "executing control query:") == 0)
    {
      if (!step->doc)
        return fail (c, "the step has no query");
      ctx_reset_result (c);
      State before = { 0 }, after = { 0 };
      state_measure (&before, kgq_db_graph (c->db));
      run_query (c, step->doc, TRUE, &c->error);
      state_measure (&after, kgq_db_graph (c->db));
      state_diff (&before, &after, c->fx);
      state_clear (&before);
      state_clear (&after);
      c->ran = TRUE;
      return OUTCOME_PASS;
    }
  if (strcmp (t, "the result should be, in any order:") == 0)
    return check_result (c, step, FALSE, FALSE);
  if (strcmp (t, "the result should be, in order:") == 0)
    return check_result (c, step, TRUE, FALSE);
  if (strcmp (t, "the result should be (ignoring element order for lists):") == 0)
    return check_result (c, step, FALSE, TRUE);
  if (strcmp (t, "the result should be, in order (ignoring element order for lists):") == 0)
    return check_result (c, step, TRUE, TRUE);
  if (strcmp (t, "the result should be empty") == 0)
    {
      if (!c->ran)
        return fail (c, "no query was executed");
      if (c->error)
        return unexpected_error (c);
      if (c->rows->len == 0)
        return OUTCOME_PASS;
      g_string_append (c->msg, "expected no rows:\n");
      append_rows (c->msg, "actual", c->rows);
      return OUTCOME_FAIL;
    }
  if (strcmp (t, "no side effects") == 0)
    {
      TckStep none = { 0 };
      return check_effects (c, &none);
    }
  if (strcmp (t, "the side effects should be:") == 0)
    return check_effects (c, step);
  if (g_str_has_prefix (t, "a ") && strstr (t, " should be raised at "))
    return check_error (c, t);
  return fail (c, "unknown step: %s %s", step->keyword, t);
}

static Outcome
run_scenario (TckScenario *sc, const char *graphs_dir, GString *msg)
{
  Ctx c = { 0 };
  c.msg = msg;
  c.graphs_dir = graphs_dir;
  c.db = kgq_db_new ();
  c.session = kgq_session_new (c.db);
  KgqLimits limits = { 0 };
  limits.timeout_ms = (guint64) opt_timeout * 1000 / 2;
  limits.max_rows = 1000000;
  /* The TCK means Cypher's unbounded `*`; relationship uniqueness bounds it on its graphs. */
  limits.max_hops = 100000;
  kgq_session_set_limits (c.session, &limits);
  Outcome out = OUTCOME_PASS;
  for (guint i = 0; i < sc->steps->len && out == OUTCOME_PASS; i++)
    {
      TckStep *step = sc->steps->pdata[i];
      out = run_step (&c, step);
      if (out != OUTCOME_PASS)
        {
          g_autofree char *where = g_strdup_printf ("line %d (%s %s): ", step->line, step->keyword, step->text);
          g_string_prepend (msg, where);
        }
    }
  ctx_reset_result (&c);
  kgq_session_free (c.session);
  kgq_db_free (c.db);
  return out;
}

/* Runs @sc in a child process; a crash or a timeout fails the scenario. */
static Outcome
run_isolated (TckScenario *sc, const char *graphs_dir, GString *msg)
{
  if (opt_no_fork)
    return run_scenario (sc, graphs_dir, msg);
  int fds[2];
  if (pipe (fds) != 0)
    g_error ("pipe: %s", g_strerror (errno));
  fflush (stdout);
  fflush (stderr);
  pid_t pid = fork ();
  if (pid < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (pid == 0)
    {
      close (fds[0]);
      if (!opt_verbose)
        {
          /* The library's own complaints (criticals, allocator aborts) would drown the report. */
          int devnull = open ("/dev/null", O_WRONLY);
          if (devnull >= 0)
            {
              dup2 (devnull, STDERR_FILENO);
              close (devnull);
            }
        }
      alarm ((unsigned) opt_timeout);
      GString *m = g_string_new (NULL);
      Outcome o = run_scenario (sc, graphs_dir, m);
      char code = o == OUTCOME_PASS ? 'P' : o == OUTCOME_SKIP ? 'S'
                                                              : 'F';
      if (write (fds[1], &code, 1) == 1 && m->len)
        {
          gsize off = 0;
          while (off < m->len)
            {
              ssize_t w = write (fds[1], m->str + off, m->len - off);
              if (w <= 0)
                break;
              off += (gsize) w;
            }
        }
      /* Skip exit handlers: a scenario's leaks are not the harness's business. */
      _exit (0);
    }
  close (fds[1]);
  GString *buf = g_string_new (NULL);
  char chunk[4096];
  for (;;)
    {
      ssize_t n = read (fds[0], chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (buf, chunk, n);
    }
  close (fds[0]);
  int status = 0;
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  Outcome out;
  if (buf->len > 0)
    {
      out = buf->str[0] == 'P' ? OUTCOME_PASS : buf->str[0] == 'S' ? OUTCOME_SKIP
                                                                   : OUTCOME_FAIL;
      g_string_append (msg, buf->str + 1);
    }
  else if (WIFSIGNALED (status) && WTERMSIG (status) == SIGALRM)
    {
      out = OUTCOME_FAIL;
      g_string_append_printf (msg, "timed out after %d s", opt_timeout);
    }
  else if (WIFSIGNALED (status))
    {
      out = OUTCOME_FAIL;
      g_string_append_printf (msg, "crashed with signal %d (%s)", WTERMSIG (status), g_strsignal (WTERMSIG (status)));
    }
  else
    {
      out = OUTCOME_FAIL;
      g_string_append_printf (msg, "the child exited with status %d", WEXITSTATUS (status));
    }
  g_string_free (buf, TRUE);
  return out;
}

static gboolean matches_filter (TckScenario *sc);

/* The cause of a failure, for grouping: its first line without the step, the
 * position or suggestions. */
static char *
cause_of (const char *msg)
{
  const char *p = msg;
  if (g_str_has_prefix (p, "line "))
    {
      const char *q = strstr (p, "): ");
      if (q)
        p = q + 3;
    }
  g_autofree char *line = g_strndup (p, strcspn (p, "\n"));
  char *s = line;
  const char *pos = strstr (s, ": <query>:");
  GString *out = g_string_new (NULL);
  if (pos)
    {
      g_string_append_len (out, s, pos - s + 2);
      s = (char *) pos + 2;
    }
  if (g_str_has_prefix (s, "<query>:"))
    {
      s += strlen ("<query>:");
      while (g_ascii_isdigit (*s) || *s == ':')
        s++;
      while (*s == ' ')
        s++;
    }
  g_string_append (out, s);
  char *dym = strstr (out->str, "; did you mean");
  if (dym)
    g_string_truncate (out, dym - out->str);
  return g_string_free (out, FALSE);
}

static int
cmp_cause (gconstpointer a, gconstpointer b, gpointer counts)
{
  guint na = GPOINTER_TO_UINT (g_hash_table_lookup (counts, *(char *const *) a));
  guint nb = GPOINTER_TO_UINT (g_hash_table_lookup (counts, *(char *const *) b));
  if (na != nb)
    return na < nb ? 1 : -1;
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Parses every query of the suite; prints those that fail though their scenario
 * expects no syntax error, and a count. For the parser's coverage of the TCK. */
static int
parse_only (GPtrArray *scenarios)
{
  guint n_queries = 0, n_bad = 0, n_missed_errors = 0;
  for (guint i = 0; i < scenarios->len; i++)
    {
      TckScenario *sc = scenarios->pdata[i];
      if (!matches_filter (sc))
        continue;
      gboolean expects_syntax = FALSE;
      for (guint k = 0; k < sc->steps->len; k++)
        {
          TckStep *st = sc->steps->pdata[k];
          if (g_str_has_prefix (st->text, "a SyntaxError should be raised at compile time"))
            expects_syntax = TRUE;
        }
      for (guint k = 0; k < sc->steps->len; k++)
        {
          TckStep *st = sc->steps->pdata[k];
          if (!st->doc)
            continue;
          gboolean main_query = strcmp (st->text, "executing query:") == 0;
          n_queries++;
          g_autoptr (GError) err = NULL;
          KgAst *ast = kg_parse (st->doc, -1, NULL, NULL, &err);
          if (ast)
            kg_ast_free (ast);
          if (!ast && !(main_query && expects_syntax))
            {
              n_bad++;
              printf ("PARSE %s\n  %s\n  query: %s\n", sc->key, err->message, st->doc);
            }
          if (ast && main_query && expects_syntax && opt_verbose)
            {
              n_missed_errors++;
              printf ("ACCEPTED %s\n  query: %s\n", sc->key, st->doc);
            }
        }
    }
  printf ("tck: %u of %u queries fail to parse", n_bad, n_queries);
  if (opt_verbose)
    printf (", %u with an expected compile-time error parse", n_missed_errors);
  printf ("\n");
  return n_bad ? 1 : 0;
}

/* --- The suite ------------------------------------------------------------------------ */

static void
collect_features (const char *dir, const char *rel, GPtrArray *files)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  if (!d)
    return;
  const char *name;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, tck_cmp_strptr);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = names->pdata[i];
      g_autofree char *path = g_build_filename (dir, n, NULL);
      g_autofree char *r = g_strdup_printf ("%s/%s", rel, n);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_features (path, r, files);
      else if (g_str_has_suffix (n, ".feature"))
        {
          g_ptr_array_add (files, g_strdup (path));
          g_ptr_array_add (files, g_strdup (r));
        }
    }
}

static char *
features_dir (void)
{
  if (opt_features)
    return g_strdup (opt_features);
  const char *env = g_getenv ("KGQ_TCK_DIR");
  if (env && *env)
    return g_strdup (env);
  const char *shared = g_getenv ("KG_SHARED_DIR");
  if (shared && *shared)
    return g_build_filename (shared, "tck", "features", NULL);
  return g_strdup ("../shared/tck/features");
}

/* "features/clauses/match/Match1.feature" → "clauses/match" */
static char *
folder_of (const char *feature_path)
{
  const char *p = feature_path;
  if (g_str_has_prefix (p, "features/"))
    p += strlen ("features/");
  g_autofree char *dir = g_path_get_dirname (p);
  return g_strdup (dir);
}

typedef struct
{
  guint pass, fail, skip;
} Counts;

static GHashTable *
read_known (const char *path)
{
  GHashTable *known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = NULL;
  if (!path || !g_file_get_contents (path, &text, NULL, NULL))
    return known;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *l = g_strstrip (lines[i]);
      if (*l && *l != '#')
        g_hash_table_add (known, g_strdup (l));
    }
  return known;
}

static gboolean
write_known (const char *path, GPtrArray *passing, GError **error)
{
  GString *s = g_string_new ("# openCypher TCK scenarios that kgq passes; the tck test fails when one of them fails.\n"
                             "# One expanded scenario a line: FEATURE-FILE:SCENARIO (outline rows get #N).\n"
                             "# Regenerate with: tck --update-known --known tests/tck/known-passing.txt\n");
  g_ptr_array_sort (passing, tck_cmp_strptr);
  for (guint i = 0; i < passing->len; i++)
    g_string_append_printf (s, "%s\n", (char *) passing->pdata[i]);
  gboolean ok = g_file_set_contents (path, s->str, s->len, error);
  g_string_free (s, TRUE);
  return ok;
}

static gboolean
matches_filter (TckScenario *sc)
{
  if (!opt_filter)
    return TRUE;
  for (guint i = 0; opt_filter[i]; i++)
    if (strstr (sc->key, opt_filter[i]))
      return TRUE;
  return FALSE;
}

static int
run (int argc, char **argv)
{
  GOptionEntry entries[] = {
    { "features", 0, 0, G_OPTION_ARG_FILENAME, &opt_features, "The TCK's features directory", "DIR" },
    { "known", 0, 0, G_OPTION_ARG_FILENAME, &opt_known, "The known-passing list", "FILE" },
    { "update-known", 0, 0, G_OPTION_ARG_NONE, &opt_update, "Rewrite the known-passing list", NULL },
    { "filter", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_filter, "Run only scenarios whose key contains TEXT", "TEXT" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "Show why each scenario failed", NULL },
    { "no-fork", 0, 0, G_OPTION_ARG_NONE, &opt_no_fork, "Run scenarios in this process", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout, "Seconds a scenario may take", "S" },
    { "list", 0, 0, G_OPTION_ARG_NONE, &opt_list, "List the expanded scenarios", NULL },
    { "causes", 0, 0, G_OPTION_ARG_NONE, &opt_causes, "Group the failures by cause", NULL },
    { "parse-only", 0, 0, G_OPTION_ARG_NONE, &opt_parse_only, "Only parse every query; show those that fail", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) octx = g_option_context_new ("— run the openCypher TCK against kgq");
  g_option_context_add_main_entries (octx, entries, NULL);
  g_autoptr (GError) err = NULL;
  if (!g_option_context_parse (octx, &argc, &argv, &err))
    {
      fprintf (stderr, "tck: %s\n", err->message);
      return 2;
    }
  const char *env_timeout = g_getenv ("KGQ_TCK_TIMEOUT");
  if (env_timeout && *env_timeout)
    opt_timeout = atoi (env_timeout);
  if (opt_timeout <= 0)
    opt_timeout = 10;

  g_autofree char *fdir = features_dir ();
  if (!g_file_test (fdir, G_FILE_TEST_IS_DIR))
    {
      printf ("tck: the TCK is not at %s; set KGQ_TCK_DIR\n", fdir);
      printf ("tck: 0 passed, 0 failed, 3897 skipped of 3897\n");
      return 77;
    }
  g_autofree char *tck_root = g_path_get_dirname (fdir);
  g_autofree char *graphs_dir = g_build_filename (tck_root, "graphs", NULL);

  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  collect_features (fdir, "features", files);
  g_autoptr (GPtrArray) scenarios = g_ptr_array_new_with_free_func ((GDestroyNotify) tck_scenario_free);
  for (guint i = 0; i < files->len; i += 2)
    if (!tck_gherkin_read (files->pdata[i], files->pdata[i + 1], scenarios, &err))
      {
        fprintf (stderr, "tck: %s\n", err->message);
        return 2;
      }
  if (opt_list)
    {
      for (guint i = 0; i < scenarios->len; i++)
        {
          TckScenario *sc = scenarios->pdata[i];
          if (matches_filter (sc))
            printf ("%s\n", sc->key);
        }
      printf ("tck: %u scenarios in %u files\n", scenarios->len, files->len / 2);
      return 0;
    }

  if (opt_parse_only)
    return parse_only (scenarios);

  g_autoptr (GHashTable) known = read_known (opt_known);
  g_autoptr (GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) folder_order = g_ptr_array_new ();
  g_autoptr (GPtrArray) passing = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) regressions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) causes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Counts total = { 0 };
  for (guint i = 0; i < scenarios->len; i++)
    {
      TckScenario *sc = scenarios->pdata[i];
      g_autofree char *folder = folder_of (sc->feature_path);
      Counts *fc = g_hash_table_lookup (folders, folder);
      if (!fc)
        {
          fc = g_new0 (Counts, 1);
          char *key = g_strdup (folder);
          g_hash_table_insert (folders, key, fc);
          g_ptr_array_add (folder_order, key);
        }
      Outcome out;
      GString *msg = g_string_new (NULL);
      if (!matches_filter (sc))
        out = OUTCOME_SKIP;
      else
        out = run_isolated (sc, graphs_dir, msg);
      switch (out)
        {
        case OUTCOME_PASS:
          fc->pass++;
          total.pass++;
          g_ptr_array_add (passing, g_strdup (sc->key));
          break;
        case OUTCOME_FAIL:
          fc->fail++;
          total.fail++;
          if (g_hash_table_contains (known, sc->key))
            g_ptr_array_add (regressions, g_strdup (sc->key));
          if (opt_verbose)
            printf ("FAIL %s\n  %s\n", sc->key, msg->str);
          if (opt_causes)
            {
              char *cause = cause_of (msg->str);
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (causes, cause));
              g_hash_table_replace (causes, cause, GUINT_TO_POINTER (n + 1));
            }
          break;
        case OUTCOME_SKIP:
          fc->skip++;
          total.skip++;
          break;
        }
      g_string_free (msg, TRUE);
    }

  printf ("%-40s %6s %6s %6s\n", "folder", "passed", "failed", "skipped");
  for (guint i = 0; i < folder_order->len; i++)
    {
      const char *f = folder_order->pdata[i];
      Counts *fc = g_hash_table_lookup (folders, f);
      printf ("%-40s %6u %6u %6u\n", f, fc->pass, fc->fail, fc->skip);
    }
  if (opt_causes && g_hash_table_size (causes))
    {
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (causes, NULL);
      guint n = g_hash_table_size (causes);
      g_qsort_with_data (keys, n, sizeof (gpointer), cmp_cause, causes);
      printf ("failures by cause:\n");
      for (guint i = 0; i < n; i++)
        printf ("%6u  %s\n", GPOINTER_TO_UINT (g_hash_table_lookup (causes, keys[i])), (char *) keys[i]);
    }
  for (guint i = 0; i < regressions->len; i++)
    printf ("REGRESSION (listed as passing): %s\n", (char *) regressions->pdata[i]);
  int status = regressions->len ? 1 : 0;
  if (opt_update)
    {
      if (!opt_known)
        {
          fprintf (stderr, "tck: --update-known needs --known FILE\n");
          status = 2;
        }
      else if (!write_known (opt_known, passing, &err))
        {
          fprintf (stderr, "tck: %s\n", err->message);
          status = 2;
        }
      else
        status = 0;
    }
  fflush (stderr);
  printf ("tck: %u passed, %u failed, %u skipped of %u\n", total.pass, total.fail, total.skip, scenarios->len);
  return status;
}

int
main (int argc, char **argv)
{
  int status = run (argc, argv);
  g_free (opt_features);
  g_free (opt_known);
  g_strfreev (opt_filter);
  return status;
}
