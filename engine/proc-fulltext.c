/* engine/proc-fulltext.c — the full-text procedures, as Neo4j names them:
 * db.index.fulltext.queryNodes(name, query [, {skip, limit}]) YIELD node, score,
 * db.index.fulltext.queryRelationships(...) YIELD relationship, score, and
 * db.index.fulltext.listAvailableAnalyzers() YIELD analyzer, description.
 *
 * A query runs whole in open(): the index (graph/graph-fulltext.c) is searched with
 * fulltext/'s parser and BM25 scorer, the hits are sorted best first (ties by id), skip
 * and limit are applied, and the rows are streamed. A query string that does not parse,
 * or names a field the index lacks, is an argument error with the character in the
 * string where it goes wrong, and a caret under that character when the query is a
 * literal of the statement. queryRelationships returns each claim once: an inverse
 * reading the corpus loader added (`inferred: true`) is left out when the claim it
 * restates (the other way between the same two nodes, not inferred) is a hit too.
 *
 * Not here: creating or dropping indexes (schema.c), keeping them up to date (the store).
 */
#include "engine/proc-registry.h"

#include <string.h>

static gboolean
string_arg (KgProcRun *run, const KgValue *args, guint i, const char *what, GError **error)
{
  if (args[i].type == KG_VALUE_STRING)
    return TRUE;
  return kg_proc_error (run, error, KG_QUERY_ERROR_TYPE, run->arg_spans[i], "the %s must be a string", what);
}

/* skip and limit from the options map; FALSE with the error set. */
static gboolean
paging (KgProcRun *run, const KgValue *options, gint64 *skip, gint64 *limit, GError **error)
{
  *skip = 0;
  *limit = G_MAXINT64;
  if (options->type == KG_VALUE_NULL)
    return TRUE;
  if (options->type != KG_VALUE_MAP)
    return kg_proc_error (run, error, KG_QUERY_ERROR_TYPE, run->arg_spans[2], "the options must be a map such as {limit: 10}");
  const KgMap *m = options->u.map;
  for (guint i = 0; i < m->len; i++)
    {
      const char *k = m->keys[i];
      const KgValue *v = &m->vals[i];
      gint64 *into = strcmp (k, "skip") == 0 ? skip : strcmp (k, "limit") == 0 ? limit
                                                                               : NULL;
      if (into == NULL)
        return kg_proc_error (run, error, KG_QUERY_ERROR_ARGUMENT, run->arg_spans[2],
                              "unknown option `%s` (there are skip and limit)", k);
      if (v->type == KG_VALUE_NULL)
        continue;
      if (v->type != KG_VALUE_INT || v->u.i < 0)
        return kg_proc_error (run, error, KG_QUERY_ERROR_ARGUMENT, run->arg_spans[2],
                              "`%s` must be an integer of at least 0", k);
      *into = v->u.i;
    }
  return TRUE;
}

static gboolean
edge_inferred (KgGraph *g, KgEdgeId e, KgSymbol key)
{
  const KgValue *v = key != KG_NONE ? kg_graph_edge_prop (g, e, key) : NULL;
  return v != NULL && v->type == KG_VALUE_BOOL && v->u.b;
}

/* Drops from @hits the inferred copies whose stated claim is among them. An inferred
 * copy carries its claim's evidence word for word, so the two always match together. */
static void
drop_inferred_copies (KgGraph *g, GArray *hits)
{
  KgSymbol key = kg_graph_lookup (g, KG_SYM_KEY, "inferred");
  if (key == KG_NONE)
    return;
  g_autoptr (GHashTable) hit = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < hits->len; i++)
    g_hash_table_add (hit, GUINT_TO_POINTER (g_array_index (hits, KgFtHit, i).doc + 1));
  guint k = 0;
  for (guint i = 0; i < hits->len; i++)
    {
      const KgFtHit *h = &g_array_index (hits, KgFtHit, i);
      gboolean restated = FALSE;
      if (edge_inferred (g, h->doc, key))
        {
          KgNodeId from = kg_graph_edge_src (g, h->doc), to = kg_graph_edge_dst (g, h->doc);
          KgAdjIter it;
          KgEdgeId e;
          KgNodeId other;
          kg_graph_adj_init (g, to, KG_DIR_OUT, KG_NONE, &it);
          while (!restated && kg_adj_iter_next (&it, &e, &other))
            restated = other == from && e != h->doc && g_hash_table_contains (hit, GUINT_TO_POINTER (e + 1)) && !edge_inferred (g, e, key);
        }
      if (!restated)
        g_array_index (hits, KgFtHit, k++) = *h;
    }
  g_array_set_size (hits, k);
}

static gboolean
query_open (KgProcRun *run, const KgValue *args, gboolean relationships, GError **error)
{
  KgGraph *g = run->exec->graph;
  if (!string_arg (run, args, 0, "index name", error) || !string_arg (run, args, 1, "query", error))
    return FALSE;
  gint64 skip, limit;
  if (!paging (run, &args[2], &skip, &limit, error))
    return FALSE;
  int at = kg_graph_fulltext_find (g, args[0].u.s);
  if (at < 0)
    return kg_proc_error (run, error, KG_QUERY_ERROR_PROCEDURE, run->arg_spans[0],
                          "there is no full-text index named `%s` (SHOW INDEXES lists them)", args[0].u.s);
  KgFulltextInfo ft;
  kg_graph_fulltext_at (g, at, &ft);
  if (ft.relationships != relationships)
    return kg_proc_error (run, error, KG_QUERY_ERROR_PROCEDURE, run->arg_spans[0],
                          "`%s` indexes %s; use db.index.fulltext.%s", ft.name, ft.relationships ? "relationships" : "nodes",
                          ft.relationships ? "queryRelationships" : "queryNodes");
  g_autoptr (GError) local = NULL;
  guint where = 1;
  g_autoptr (KgFtQuery) q = kg_ft_query_parse (args[1].u.s, &where, &local);
  g_autoptr (GArray) hits = q != NULL ? kg_ft_index_search (ft.index, q, &where, &local) : NULL;
  if (hits == NULL)
    {
      KgSpan span;
      return kg_proc_error (run, error, KG_QUERY_ERROR_ARGUMENT, kg_proc_literal_span (run, 1, args[1].u.s, where - 1, &span),
                            "full-text query %s", local->message);
    }
  if (relationships)
    drop_inferred_copies (g, hits);
  if (!kg_exec_charge (run->exec, hits->len * sizeof (KgFtHit), error))
    return FALSE;
  KgProcRows *rows = kg_proc_rows_new (2);
  for (gint64 i = skip; i < hits->len && i - skip < limit; i++)
    {
      const KgFtHit *h = &g_array_index (hits, KgFtHit, i);
      KgValue row[2] = { relationships ? kg_value_edge (h->doc) : kg_value_node (h->doc), kg_value_float (h->score) };
      kg_proc_rows_add (rows, row);
    }
  run->state = rows;
  return TRUE;
}

gboolean
kg_proc_fulltext_nodes_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return query_open (run, args, FALSE, error);
}

gboolean
kg_proc_fulltext_relationships_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return query_open (run, args, TRUE, error);
}

gboolean
kg_proc_fulltext_analyzers_open (KgProcRun *run, const KgValue *args, GError **error)
{
  g_auto (GStrv) names = kg_ft_languages ();
  KgProcRows *rows = kg_proc_rows_new (2);
  for (char **n = names; *n; n++)
    {
      g_autofree char *d = strcmp (*n, "standard") == 0
                               ? g_strdup ("Words folded to lower case without accents; no stemming, no stop words.")
                               : g_strdup_printf ("Like standard, then Snowball's %s stemmer.", *n);
      KgValue row[2] = { kg_value_string (*n), kg_value_string (d) };
      kg_proc_rows_add (rows, row);
    }
  run->state = rows;
  return TRUE;
}
