/* engine/proc-kgq.c — kgq's own data procedures: kgq.import.jsonl(file) adds the nodes
 * and relationships of a JSON Lines file (loader/formats.h) to the graph, and
 * kgq.export.jsonl(file) writes the graph to one (export/formats.h), atomically.
 *
 * Files are named as LOAD CSV names them, inside the import directory
 * (engine/import-dir.c). The import is a write: it runs in the statement's transaction
 * (rolled back with it, journalled with it) and only as a CALL on its own, never while
 * another clause of the same statement reads the graph. Each returns one row: the file,
 * and the nodes and relationships read or written.
 */
#include "engine/import-dir.h"
#include "engine/proc-registry.h"
#include "export/formats.h"
#include "loader/formats.h"

/* The resolved path of the file argument, or NULL with @error set at the argument. */
static char *
file_arg (KgProcRun *run, const KgValue *arg, gboolean for_writing, GError **error)
{
  if (arg->type != KG_VALUE_STRING)
    {
      kg_proc_error (run, error, KG_QUERY_ERROR_TYPE, run->arg_spans[0], "the file must be a string, not %s",
                     kg_value_type_name (arg->type));
      return NULL;
    }
  g_autoptr (GError) local = NULL;
  char *path = NULL;
  if (!kg_import_resolve (run->exec->import_dir, arg->u.s, for_writing, &path, &local))
    kg_proc_error (run, error, KG_QUERY_ERROR_RUNTIME, run->arg_spans[0], "%s", local->message);
  return path;
}

static void
one_row (KgProcRun *run, const char *file, guint64 nodes, guint64 rels)
{
  KgProcRows *rows = kg_proc_rows_new (3);
  KgValue row[3] = { kg_value_string (file), kg_value_int ((gint64) nodes), kg_value_int ((gint64) rels) };
  kg_proc_rows_add (rows, row);
  run->state = rows;
}

gboolean
kg_proc_import_jsonl_open (KgProcRun *run, const KgValue *args, GError **error)
{
  g_autofree char *path = file_arg (run, &args[0], FALSE, error);
  if (path == NULL)
    return FALSE;
  KgImportStats st = { 0 };
  g_autoptr (GError) local = NULL;
  /* Read through a mapping so that messages name the file as the statement did. */
  g_autoptr (GMappedFile) map = g_mapped_file_new (path, FALSE, &local);
  if (map == NULL)
    return kg_proc_error (run, error, KG_QUERY_ERROR_RUNTIME, NULL, "%s: %s", args[0].u.s, local->message);
  const char *data = g_mapped_file_get_contents (map);
  if (!kg_import_jsonl_data (run->exec->graph, args[0].u.s, data != NULL ? data : "", g_mapped_file_get_length (map), &st, &local))
    return kg_proc_error (run, error, KG_QUERY_ERROR_RUNTIME, NULL, "%s", local->message);
  run->exec->stats.nodes_created += st.nodes;
  run->exec->stats.relationships_created += st.relationships;
  one_row (run, args[0].u.s, st.nodes, st.relationships);
  return TRUE;
}

static gboolean
write_jsonl (FILE *out, gpointer graph, GError **error)
{
  return kg_export_jsonl (graph, out, error);
}

gboolean
kg_proc_export_jsonl_open (KgProcRun *run, const KgValue *args, GError **error)
{
  g_autofree char *path = file_arg (run, &args[0], TRUE, error);
  if (path == NULL)
    return FALSE;
  g_autoptr (GError) local = NULL;
  if (!kg_export_file_atomic (path, write_jsonl, run->exec->graph, &local))
    return kg_proc_error (run, error, KG_QUERY_ERROR_RUNTIME, NULL, "%s", local->message);
  KgGraph *g = run->exec->graph;
  one_row (run, args[0].u.s, kg_graph_n_nodes (g), kg_graph_n_edges (g));
  return TRUE;
}
