/* cli/data-cmd.c — the interchange formats on the command line: loading with
 * `kgq --jsonl|--rdf|--graphml FILE` and writing with `kgq export ...` (also
 * `--csv DIR`) and `kgq dump`
 * (docs/cli.md, docs/formats.md).
 *
 * Everything goes through lib/kgq.h (kgq_db_import_file(), kgq_db_export_file()); this
 * file only parses the export command's options and reports on stderr.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

/* The RDF syntax of @path: --rdf-format when given, else its extension, else N-Quads. */
static gboolean
rdf_format (const char *path, const char *option, KgqDataFormat *format)
{
  if (option != NULL)
    {
      if (!kgq_data_format_parse (option, format) || *format < KGQ_DATA_NTRIPLES || *format > KGQ_DATA_TRIG)
        {
          fprintf (stderr, "kgq: --rdf-format takes nquads, ntriples, turtle or trig, not '%s'\n", option);
          return FALSE;
        }
      return TRUE;
    }
  if (!kgq_data_format_for_path (path, format) || *format < KGQ_DATA_NTRIPLES || *format > KGQ_DATA_TRIG)
    *format = KGQ_DATA_NQUADS;
  return TRUE;
}

static int
import_one (KgqDb *db, KgqDataFormat format, const char *path, gboolean verbose)
{
  GError *error = NULL;
  KgqImportStats stats = { 0 };
  if (!kgq_db_import_file (db, format, path, &stats, &error))
    {
      fprintf (stderr, "kgq: %s\n", error->message);
      g_error_free (error);
      return KG_EXIT_INPUT;
    }
  if (verbose)
    fprintf (stderr, "kgq: loaded %" G_GUINT64_FORMAT " nodes and %" G_GUINT64_FORMAT " relationships from %s\n",
             stats.nodes, stats.relationships, path);
  return KG_EXIT_OK;
}

int
kg_cli_import_files (KgqDb *db, char **jsonl, char **rdf, const char *rdf_option, char **graphml, gboolean verbose)
{
  for (char **p = jsonl; p != NULL && *p != NULL; p++)
    if (import_one (db, KGQ_DATA_JSONL, *p, verbose) != KG_EXIT_OK)
      return KG_EXIT_INPUT;
  for (char **p = rdf; p != NULL && *p != NULL; p++)
    {
      KgqDataFormat f;
      if (!rdf_format (*p, rdf_option, &f))
        return KG_EXIT_USAGE;
      if (import_one (db, f, *p, verbose) != KG_EXIT_OK)
        return KG_EXIT_INPUT;
    }
  for (char **p = graphml; p != NULL && *p != NULL; p++)
    if (import_one (db, KGQ_DATA_GRAPHML, *p, verbose) != KG_EXIT_OK)
      return KG_EXIT_INPUT;
  return KG_EXIT_OK;
}

static int
export_one (KgqDb *db, KgqDataFormat format, const char *path)
{
  GError *error = NULL;
  if (!kgq_db_export_file (db, format, path, &error))
    {
      fprintf (stderr, "kgq: %s\n", error->message);
      g_error_free (error);
      return KG_EXIT_INPUT;
    }
  if (strcmp (path, "-") != 0)
    {
      guint64 n_nodes = 0, n_rels = 0;
      kgq_db_counts (db, &n_nodes, &n_rels);
      fprintf (stderr, "kgq: wrote %" G_GUINT64_FORMAT " nodes and %" G_GUINT64_FORMAT " relationships to %s\n",
               n_nodes, n_rels, path);
    }
  return KG_EXIT_OK;
}

static int
export_csv (KgqDb *db, const char *dir)
{
  GError *error = NULL;
  g_autofree char *args = NULL;
  guint64 approximated = 0;
  if (!kgq_db_export_csv (db, dir, &args, &approximated, &error))
    {
      fprintf (stderr, "kgq: %s\n", error->message);
      g_error_free (error);
      return KG_EXIT_INPUT;
    }
  guint64 n_nodes = 0, n_rels = 0;
  kgq_db_counts (db, &n_nodes, &n_rels);
  fprintf (stderr, "kgq: wrote %" G_GUINT64_FORMAT " nodes and %" G_GUINT64_FORMAT " relationships to %s; load them with `kgq %s`\n",
           n_nodes, n_rels, dir, args);
  if (approximated > 0)
    fprintf (stderr, "kgq: %" G_GUINT64_FORMAT " values no CSV column type holds were written as JSON text\n", approximated);
  return KG_EXIT_OK;
}

int
kg_cli_export (KgqDb *db, int argc, char **argv)
{
  g_autofree char *jsonl = NULL, *rdf = NULL, *graphml = NULL, *fmt = NULL, *csv = NULL;
  const GOptionEntry entries[] = {
    { "jsonl", 0, 0, G_OPTION_ARG_FILENAME, &jsonl, "Write JSON Lines (apoc.export.json) to FILE ('-': stdout)", "FILE" },
    { "rdf", 0, 0, G_OPTION_ARG_FILENAME, &rdf, "Write RDF to FILE ('-': stdout)", "FILE" },
    { "rdf-format", 0, 0, G_OPTION_ARG_STRING, &fmt, "RDF syntax: nquads (default), ntriples, turtle, trig; else from FILE's extension", "F" },
    { "graphml", 0, 0, G_OPTION_ARG_FILENAME, &graphml, "Write GraphML to FILE ('-': stdout)", "FILE" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "Write neo4j-admin import files into DIR", "DIR" },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- write the loaded graph");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_help_enabled (ctx, TRUE);
  GError *error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "kgq: export: %s\n", error->message);
      g_error_free (error);
      return KG_EXIT_USAGE;
    }
  if (argc > 1)
    {
      fprintf (stderr, "kgq: export: unexpected argument '%s'\n", argv[1]);
      return KG_EXIT_USAGE;
    }
  if (jsonl == NULL && rdf == NULL && graphml == NULL && csv == NULL)
    {
      fprintf (stderr, "kgq: export needs --jsonl FILE, --rdf FILE, --graphml FILE or --csv DIR\n");
      return KG_EXIT_USAGE;
    }
  KgqDataFormat rdf_fmt = KGQ_DATA_NQUADS;
  if (rdf != NULL && !rdf_format (rdf, fmt, &rdf_fmt))
    return KG_EXIT_USAGE;
  int code = KG_EXIT_OK;
  if (code == KG_EXIT_OK && jsonl != NULL)
    code = export_one (db, KGQ_DATA_JSONL, jsonl);
  if (code == KG_EXIT_OK && rdf != NULL)
    code = export_one (db, rdf_fmt, rdf);
  if (code == KG_EXIT_OK && graphml != NULL)
    code = export_one (db, KGQ_DATA_GRAPHML, graphml);
  if (code == KG_EXIT_OK && csv != NULL)
    code = export_csv (db, csv);
  return code;
}

int
kg_cli_dump (KgqDb *db, char **args, const char *output)
{
  if (args[0] != NULL)
    {
      fprintf (stderr, "kgq: dump takes no arguments; use -o FILE to write to a file\n");
      return KG_EXIT_USAGE;
    }
  return export_one (db, KGQ_DATA_CYPHER, output != NULL ? output : "-");
}
