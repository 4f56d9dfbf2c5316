/* lib/data.c — whole graphs in and out of a database in the interchange formats:
 * kgq_db_import_file() and kgq_db_export_file() over loader/formats.h and
 * export/formats.h (docs/formats.md).
 *
 * An import adds to the database's graph under the write lock (the readers check the
 * whole file before they add anything); an export reads it under the read lock and
 * writes a file atomically (a temporary file beside it, then a rename) so that a
 * failed export never leaves half a file. Nothing here prints.
 */
#include "lib/kgq-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "export/formats.h"
#include "loader/formats.h"

static const struct
{
  const char *name;
  KgqDataFormat format;
} format_names[] = {
  { "jsonl", KGQ_DATA_JSONL },
  { "json", KGQ_DATA_JSONL },
  { "ndjson", KGQ_DATA_JSONL },
  { "ntriples", KGQ_DATA_NTRIPLES },
  { "nt", KGQ_DATA_NTRIPLES },
  { "nquads", KGQ_DATA_NQUADS },
  { "nq", KGQ_DATA_NQUADS },
  { "turtle", KGQ_DATA_TURTLE },
  { "ttl", KGQ_DATA_TURTLE },
  { "trig", KGQ_DATA_TRIG },
  { "graphml", KGQ_DATA_GRAPHML },
  { "xml", KGQ_DATA_GRAPHML },
  { "cypher", KGQ_DATA_CYPHER },
};

gboolean
kgq_data_format_parse (const char *name, KgqDataFormat *format)
{
  g_return_val_if_fail (name != NULL && format != NULL, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (name, format_names[i].name) == 0)
      {
        *format = format_names[i].format;
        return TRUE;
      }
  return FALSE;
}

gboolean
kgq_data_format_for_path (const char *path, KgqDataFormat *format)
{
  g_return_val_if_fail (path != NULL && format != NULL, FALSE);
  const char *dot = strrchr (path, '.');
  return dot != NULL && strchr (dot, '/') == NULL && kgq_data_format_parse (dot + 1, format);
}

static KgRdfSyntax
rdf_syntax (KgqDataFormat format)
{
  switch (format)
    {
    case KGQ_DATA_NTRIPLES:
      return KG_RDF_NTRIPLES;
    case KGQ_DATA_TURTLE:
      return KG_RDF_TURTLE;
    case KGQ_DATA_TRIG:
      return KG_RDF_TRIG;
    default:
      return KG_RDF_NQUADS;
    }
}

/* Reads @path in @format into the database's graph. */
static gboolean
import_format (KgqDb *db, KgqDataFormat format, const char *path, KgImportStats *st, GError **error)
{
  gboolean ok = FALSE;
  switch (format)
    {
    case KGQ_DATA_JSONL:
      ok = kg_import_jsonl (db->graph, path, st, error);
      break;
    case KGQ_DATA_NTRIPLES:
    case KGQ_DATA_NQUADS:
    case KGQ_DATA_TURTLE:
    case KGQ_DATA_TRIG:
      ok = kg_import_rdf (db->graph, path, rdf_syntax (format), st, error);
      break;
    case KGQ_DATA_GRAPHML:
      ok = kg_import_graphml (db->graph, path, st, error);
      break;
    default:
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s: this format is written by kgq, not read (load a dump with `kgq run`)", path);
      break;
    }
  return ok;
}

/* Deletes the nodes from @node_from and relationships from @edge_from on: an import
 * undone (the ids stay used, as deleted ones do). */
static void
remove_added (KgGraph *g, guint32 node_from, guint32 edge_from)
{
  for (guint32 e = edge_from; e < kg_graph_edge_bound (g); e++)
    if (kg_graph_edge_exists (g, e))
      kg_graph_delete_edge (g, e);
  for (guint32 n = node_from; n < kg_graph_node_bound (g); n++)
    if (kg_graph_node_exists (g, n))
      kg_graph_delete_node (g, n, TRUE, NULL);
}

gboolean
kgq_db_import_file (KgqDb *db, KgqDataFormat format, const char *path, KgqImportStats *stats, GError **error)
{
  g_return_val_if_fail (db != NULL && path != NULL, FALSE);
  KgImportStats st = { 0 };
  gboolean ok = FALSE;
  if (!kgq_db_write_lock (db, error))
    return FALSE;
  if (db->journal != NULL)
    /* Bulk loads are not journalled: they would be lost at the next start. */
    g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID,
                 "%s: cannot import into a database opened with a journal; import first, then save a snapshot", path);
  else
    {
      guint32 node_from = kg_graph_node_bound (db->graph), edge_from = kg_graph_edge_bound (db->graph);
      ok = import_format (db, format, path, &st, error);
      /* Constraints hold over what the file added; a file that breaks one leaves the
       * graph as it was. */
      if (ok && !kg_graph_check_constraints_from (db->graph, node_from, edge_from, path, error))
        {
          remove_added (db->graph, node_from, edge_from);
          ok = FALSE;
          memset (&st, 0, sizeof st);
        }
    }
  kgq_db_write_unlock (db);
  if (stats != NULL)
    {
      memset (stats, 0, sizeof *stats);
      stats->nodes = st.nodes;
      stats->relationships = st.relationships;
    }
  return ok;
}

gboolean
kgq_db_export (KgqDb *db, KgqDataFormat format, FILE *out, GError **error)
{
  g_return_val_if_fail (db != NULL && out != NULL, FALSE);
  gboolean ok = FALSE;
  gboolean locked = kgq_db_read_lock (db);
  switch (format)
    {
    case KGQ_DATA_JSONL:
      ok = kg_export_jsonl (db->graph, out, error);
      break;
    case KGQ_DATA_NTRIPLES:
    case KGQ_DATA_NQUADS:
    case KGQ_DATA_TURTLE:
    case KGQ_DATA_TRIG:
      ok = kg_export_rdf (db->graph, out, rdf_syntax (format), error);
      break;
    case KGQ_DATA_GRAPHML:
      ok = kg_export_graphml (db->graph, out, error);
      break;
    case KGQ_DATA_CYPHER:
      ok = kg_export_cypher (db->graph, out, NULL, error);
      break;
    }
  kgq_db_read_unlock (db, locked);
  return ok;
}

typedef struct
{
  KgqDb *db;
  KgqDataFormat format;
} ExportJob;

static gboolean
export_job_write (FILE *out, gpointer data, GError **error)
{
  ExportJob *job = data;
  return kgq_db_export (job->db, job->format, out, error);
}

gboolean
kgq_db_export_file (KgqDb *db, KgqDataFormat format, const char *path, GError **error)
{
  g_return_val_if_fail (db != NULL && path != NULL, FALSE);
  if (strcmp (path, "-") == 0)
    return kgq_db_export (db, format, stdout, error);
  ExportJob job = { db, format };
  return kg_export_file_atomic (path, export_job_write, &job, error);
}

gboolean
kgq_db_export_csv (KgqDb *db, const char *dir, char **import_args, guint64 *n_approximated, GError **error)
{
  g_return_val_if_fail (db != NULL && dir != NULL, FALSE);
  gboolean locked = kgq_db_read_lock (db);
  gboolean ok = kg_export_csv (db->graph, dir, import_args, n_approximated, error);
  kgq_db_read_unlock (db, locked);
  return ok;
}
