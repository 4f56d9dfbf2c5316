/* lib/kgq.c — sessions and queries of the public API (lib/kgq.h).
 *
 * A session owns its graph, its parameters and its limits. A query is parsed
 * (parser/), compiled (engine/plan.c) and then pulled row by row. A statement that may
 * write runs inside a graph transaction: all its rows are computed (and so all its
 * writes applied) before the first row comes back, and any error rolls the graph back,
 * so a failed statement changes nothing. Read-only statements stream.
 *
 * Not here: formatting values (lib/format.c), printing, the corpus format (loader/).
 */
#include "lib/kgq.h"

#include "engine/engine.h"
#include "engine/expr.h"
#include "parser/parser.h"

#ifdef KGQ_HAVE_LOADER
#include "loader/loader.h"
#endif

#include <string.h>

#include "graph/journal.h"

struct _KgqDb
{
  KgGraph *graph;
  GHashTable *params; /* char* → KgValue* */
  KgqLimits limits;
  volatile gint cancel;
  GPtrArray *procedures; /* (element-type KgProcedure) table procedures, or NULL */
  KgJournal *journal;    /* (nullable) the redo journal of the snapshot file opened */
};

struct _KgqResult
{
  KgqDb *db;
  KgPlan *plan;
  gboolean txn;      /* a transaction is open on the graph */
  gboolean buffered; /* rows were computed up front (write statements) */
  GPtrArray *rows;   /* buffered rows: KgValue[n_columns] each */
  guint pos;
  KgValue *current; /* the current buffered row */
  gboolean done;
  guint64 n_rows;
  KgqStats stats;
  char *warning;         /* (nullable) a note on the statement, not an error */
};

/* --- Sessions ------------------------------------------------------------------- */

static void
param_free (gpointer p)
{
  kg_value_clear (p);
  g_free (p);
}

KgqDb *
kgq_db_new (void)
{
  KgqDb *db = g_new0 (KgqDb, 1);
  db->graph = kg_graph_new ();
  db->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, param_free);
  return db;
}

void
kgq_db_free (KgqDb *db)
{
  if (db == NULL)
    return;
  kg_journal_free (db->journal);
  kg_graph_free (db->graph);
  g_hash_table_destroy (db->params);
  if (db->procedures)
    g_ptr_array_unref (db->procedures);
  g_free (db);
}

const char *
kgq_default_corpus_dir (void)
{
#ifdef KGQ_HAVE_LOADER
  return kg_corpus_default_dir ();
#else
  const char *env = g_getenv ("KGQ_CORPUS_DIR");
  return env ? env : "corpus";
#endif
}

gboolean
kgq_db_load_corpus (KgqDb *db, const char *dir, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
#ifdef KGQ_HAVE_LOADER
  KgGraph *g = kg_corpus_load_new (dir, NULL, error);
  if (g == NULL)
    return FALSE;
  kgq_db_set_graph (db, g);
  return TRUE;
#else
  g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID,
               "%s: this build of kgq has no corpus loader", dir ? dir : kgq_default_corpus_dir ());
  return FALSE;
#endif
}

KgGraph *
kgq_db_graph (KgqDb *db)
{
  return db->graph;
}

void
kgq_db_set_graph (KgqDb *db, KgGraph *graph)
{
  g_return_if_fail (graph != NULL);
  if (graph == db->graph)
    return;
  g_clear_pointer (&db->journal, kg_journal_free); /* the journal belongs to the old graph */
  kg_graph_free (db->graph);
  db->graph = graph;
}

gboolean
kgq_db_open_file (KgqDb *db, const char *path, guint *n_replayed, GError **error)
{
  g_return_val_if_fail (db != NULL && path != NULL, FALSE);
  KgGraph *g = kg_graph_load (path, error);
  if (g == NULL)
    return FALSE;
  g_autofree char *jpath = g_strconcat (path, ".journal", NULL);
  KgJournal *j = kg_journal_open (jpath, path, g, n_replayed, error);
  if (j == NULL)
    {
      kg_graph_free (g);
      return FALSE;
    }
  kgq_db_set_graph (db, g);
  kg_graph_set_redo (g, TRUE);
  db->journal = j;
  return TRUE;
}

gboolean
kgq_db_checkpoint (KgqDb *db, GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  if (db->journal == NULL)
    return TRUE;
  return kg_journal_checkpoint (db->journal, db->graph, error);
}

gboolean
kgq_db_has_journal (KgqDb *db)
{
  return db->journal != NULL;
}

/* --- Parameters ----------------------------------------------------------------- */

void
kgq_db_set_param (KgqDb *db, const char *name, const KgValue *value)
{
  KgValue *v = g_new (KgValue, 1);
  kg_value_copy (value, v);
  g_hash_table_replace (db->params, g_strdup (name), v);
}

gboolean
kgq_db_set_param_literal (KgqDb *db, const char *name, const char *literal, GError **error)
{
  g_autofree char *src = g_strdup_printf ("RETURN %s", literal);
  g_autoptr (KgAst) ast = kg_parse (src, -1, "<param>", NULL, error);
  if (ast == NULL)
    return FALSE;
  KgAst *sq = kg_ast_child (ast, 0);
  KgAst *ret = sq && sq->kind == KG_AST_SINGLE_QUERY && kg_ast_n_children (sq) == 1 ? kg_ast_child (sq, 0) : NULL;
  KgAst *list = ret && ret->kind == KG_AST_RETURN ? kg_ast_child (ret, 0) : NULL;
  KgAst *item = list && kg_ast_n_children (list) == 1 ? kg_ast_child (list, 0) : NULL;
  KgAst *expr = item ? kg_ast_child (item, 0) : NULL;
  if (expr == NULL || kg_ast_child (ret, 1) || kg_ast_child (ret, 2) || kg_ast_child (ret, 3))
    {
      kg_query_error_set (error, KG_QUERY_ERROR_SYNTAX, "<param>", NULL, "`%s` is not a single value", literal);
      return FALSE;
    }
  int n_slots = kg_expr_bind (expr, db->params, "<param>", error);
  if (n_slots < 0)
    return FALSE;
  g_autofree KgValue *slots = g_new0 (KgValue, MAX (n_slots, 1));
  KgEvalEnv env = { 0 };
  env.graph = db->graph;
  env.params = db->params;
  env.slots = slots;
  env.n_slots = (guint) n_slots;
  env.filename = "<param>";
  KgValue v = KG_VALUE_INIT;
  gboolean ok = kg_expr_eval (&env, expr, &v, error);
  for (int i = 0; i < n_slots; i++)
    kg_value_clear (&slots[i]);
  if (!ok)
    return FALSE;
  KgValue *stored = g_new (KgValue, 1);
  *stored = v;
  g_hash_table_replace (db->params, g_strdup (name), stored);
  return TRUE;
}

gboolean
kgq_db_add_procedure (KgqDb *db, const char *signature, const KgValue *rows, GError **error)
{
  g_return_val_if_fail (db != NULL && signature != NULL && rows != NULL, FALSE);
  KgProcedure *proc = kg_procedure_new (signature, rows, error);
  if (proc == NULL)
    return FALSE;
  if (db->procedures == NULL)
    db->procedures = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_procedure_free);
  for (guint i = 0; i < db->procedures->len; i++)
    if (strcmp (kg_procedure_name (g_ptr_array_index (db->procedures, i)), kg_procedure_name (proc)) == 0)
      {
        g_ptr_array_remove_index (db->procedures, i);
        break;
      }
  g_ptr_array_add (db->procedures, proc);
  return TRUE;
}

void
kgq_db_clear_params (KgqDb *db)
{
  g_hash_table_remove_all (db->params);
}

GHashTable *
kgq_db_params (KgqDb *db)
{
  return db->params;
}

/* --- Limits and cancellation ---------------------------------------------------- */

void
kgq_db_set_limits (KgqDb *db, const KgqLimits *limits)
{
  if (limits)
    db->limits = *limits;
  else
    memset (&db->limits, 0, sizeof db->limits);
}

void
kgq_db_cancel (KgqDb *db)
{
  g_atomic_int_set (&db->cancel, 1);
}

/* --- Queries -------------------------------------------------------------------- */

/* The first relationship pattern `*` or `*N..` (outside shortestPath, which stops at
 * the shortest), or NULL. The parser bounds the nesting depth. */
static const KgAst *
find_unbounded (const KgAst *a, int depth)
{
  if (a == NULL || depth > 10000)
    return NULL;
  if (a->flags & (KG_AST_F_SHORTEST | KG_AST_F_ALL_SHORTEST))
    return NULL;
  if (a->kind == KG_AST_REL_PATTERN && (a->flags & KG_AST_F_VARLENGTH) && a->max_hops < 0)
    return a;
  for (guint i = 0; a->children != NULL && i < a->children->len; i++)
    {
      const KgAst *found = find_unbounded (g_ptr_array_index (a->children, i), depth + 1);
      if (found)
        return found;
    }
  return NULL;
}

KgqResult *
kgq_db_query (KgqDb *db, const char *src, gssize len, const char *filename, const KgPos *origin, GError **error)
{
  g_return_val_if_fail (db != NULL && src != NULL, NULL);
  g_atomic_int_set (&db->cancel, 0);
  KgAst *ast = kg_parse (src, len, filename, origin, error);
  if (ast == NULL)
    {
      if (error && *error && (*error)->domain == KG_QUERY_ERROR)
        kg_query_error_set_compile_time (*error, TRUE);
      return NULL;
    }
  KgPlanOptions opts = { 0 };
  opts.params = db->params;
  opts.filename = filename;
  opts.cancel = &db->cancel;
  opts.max_memory = db->limits.max_memory;
  opts.max_hops = db->limits.max_hops;
  opts.procedures = db->procedures;
  if (db->limits.timeout_ms)
    opts.deadline_us = g_get_monotonic_time () + (gint64) db->limits.timeout_ms * 1000;
  const KgAst *unbounded = find_unbounded (ast, 0);
  KgSpan at = unbounded ? unbounded->span : (KgSpan) KG_SPAN_INIT;
  KgPlan *plan = kg_plan_build (db->graph, ast, &opts, error);
  if (plan == NULL)
    return NULL;
  KgqResult *r = g_new0 (KgqResult, 1);
  r->db = db;
  r->plan = plan;
  if (unbounded != NULL)
    r->warning = g_strdup_printf ("%s:%u:%u: a variable-length pattern without an upper bound follows at most "
                                  "%u hops (write `*..N` to choose the bound)",
                                  filename ? filename : "<query>", at.start.line, at.start.column,
                                  db->limits.max_hops ? db->limits.max_hops : KG_PLAN_DEFAULT_MAX_HOPS);
  return r;
}

const char *
kgq_result_warning (KgqResult *result)
{
  return result->warning;
}

guint
kgq_result_n_columns (KgqResult *result)
{
  return kg_plan_n_columns (result->plan);
}

const char *
kgq_result_column_name (KgqResult *result, guint column)
{
  return kg_plan_column_name (result->plan, column);
}

static void
row_free (gpointer p, gpointer n_cols)
{
  KgValue *row = p;
  for (guint i = 0; i < GPOINTER_TO_UINT (n_cols); i++)
    kg_value_clear (&row[i]);
  g_free (row);
}

static void
copy_stats (KgqResult *r)
{
  const KgExecStats *s = kg_plan_stats (r->plan);
  r->stats.nodes_created = s->nodes_created;
  r->stats.nodes_deleted = s->nodes_deleted;
  r->stats.relationships_created = s->relationships_created;
  r->stats.relationships_deleted = s->relationships_deleted;
  r->stats.properties_set = s->properties_set;
  r->stats.labels_added = s->labels_added;
  r->stats.labels_removed = s->labels_removed;
}

static gboolean
over_row_limit (KgqResult *r, GError **error)
{
  guint64 max = r->db->limits.max_rows;
  if (max != 0 && r->n_rows > max)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_LIMIT, NULL, NULL,
                          "the result has more than %" G_GUINT64_FORMAT " rows (the row limit)", max);
      return TRUE;
    }
  return FALSE;
}

/* Runs a write statement to the end inside a transaction, keeping its rows. */
static gboolean
run_buffered (KgqResult *r, GError **error)
{
  KgGraph *g = r->db->graph;
  guint n = kg_plan_n_columns (r->plan);
  r->rows = g_ptr_array_new ();
  kg_graph_txn_begin (g);
  r->txn = TRUE;
  GError *local = NULL;
  while (kg_plan_next (r->plan, &local))
    {
      KgValue *row = g_new (KgValue, MAX (n, 1u));
      for (guint i = 0; i < n; i++)
        kg_value_copy (kg_plan_value (r->plan, i), &row[i]);
      g_ptr_array_add (r->rows, row);
      r->n_rows++;
      if (over_row_limit (r, &local))
        break;
    }
  if (local == NULL && r->db->journal != NULL)
    {
      /* Durable before acknowledged: a statement whose changes cannot be journalled
       * is rolled back. */
      gsize len = 0;
      const guchar *redo = kg_graph_redo_data (g, &len);
      kg_journal_append (r->db->journal, redo, len, &local);
    }
  r->txn = FALSE;
  if (local)
    {
      kg_graph_txn_rollback (g);
      memset (&r->stats, 0, sizeof r->stats);
      g_propagate_error (error, local);
      return FALSE;
    }
  kg_graph_txn_commit (g);
  copy_stats (r);
  return TRUE;
}

gboolean
kgq_result_next (KgqResult *result, GError **error)
{
  KgqResult *r = result;
  if (r->done)
    return FALSE;
  if (kg_plan_is_explain (r->plan))
    {
      r->done = TRUE;
      return FALSE;
    }
  if (kg_plan_has_writes (r->plan) && !r->buffered)
    {
      r->buffered = TRUE;
      if (!run_buffered (r, error))
        {
          r->done = TRUE;
          return FALSE;
        }
    }
  if (r->buffered)
    {
      if (r->pos >= r->rows->len)
        {
          r->current = NULL;
          r->done = TRUE;
          return FALSE;
        }
      r->current = g_ptr_array_index (r->rows, r->pos++);
      return TRUE;
    }
  GError *local = NULL;
  if (!kg_plan_next (r->plan, &local))
    {
      r->done = TRUE;
      copy_stats (r);
      if (local)
        {
          g_propagate_error (error, local);
        }
      return FALSE;
    }
  r->n_rows++;
  if (over_row_limit (r, error))
    {
      r->done = TRUE;
      return FALSE;
    }
  return TRUE;
}

const KgValue *
kgq_result_value (KgqResult *result, guint column)
{
  g_return_val_if_fail (column < kg_plan_n_columns (result->plan), NULL);
  if (result->buffered)
    {
      g_return_val_if_fail (result->current != NULL, NULL);
      return &result->current[column];
    }
  return kg_plan_value (result->plan, column);
}

const KgqStats *
kgq_result_stats (KgqResult *result)
{
  return &result->stats;
}

gboolean
kgq_result_is_explain (KgqResult *result)
{
  return kg_plan_is_explain (result->plan);
}

char *
kgq_result_plan (KgqResult *result)
{
  return kg_plan_describe (result->plan, kg_plan_is_profile (result->plan));
}

void
kgq_result_free (KgqResult *result)
{
  if (result == NULL)
    return;
  if (result->txn)
    kg_graph_txn_rollback (result->db->graph);
  if (result->rows)
    {
      g_ptr_array_foreach (result->rows, row_free, GUINT_TO_POINTER (kg_plan_n_columns (result->plan)));
      g_ptr_array_free (result->rows, TRUE);
    }
  kg_plan_free (result->plan);
  g_free (result->warning);
  g_free (result);
}
