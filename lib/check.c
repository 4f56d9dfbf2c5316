/* lib/check.c — kgq_check_corpus() (`kgq check`): loads a corpus into a fresh graph
 * and reports on it. Inverse readings the loader adds are counted once, on their own
 * line: the per-type counts and the conflicts are of stated claims.
 *
 * Prints the counts and every conflict (with the reports on each side) to the output
 * stream, errors and warnings to the error stream. It never touches a database: it
 * builds and frees a graph of its own, so it takes no lock. Option parsing is the
 * kgq program's job.
 */
#include "lib/kgq-private.h"

#include <string.h>

#include "loader/loader.h"

typedef struct
{
  const char *name;
  guint count;
} Count;

static int
cmp_count (gconstpointer a, gconstpointer b)
{
  const Count *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* The relationships of @type that are not inverse readings. */
static guint
stated_count (const KgGraph *g, KgSymbol type)
{
  KgSymbol inferred = kg_graph_lookup (g, KG_SYM_KEY, "inferred");
  if (inferred == KG_NONE)
    return kg_graph_type_count (g, type);
  guint n = 0;
  KgEdgeIter it;
  KgEdgeId e;
  kg_graph_edges_init (g, type, &it);
  while (kg_edge_iter_next (&it, &e))
    n += !kg_corpus_edge_inferred (g, e, inferred);
  return n;
}

/* Prints the symbols of @kind that are in use, most used first (for types, the stated
 * relationships only). */
static void
print_counts (FILE *out, const KgGraph *g, KgSymbolKind kind)
{
  g_autoptr (GArray) counts = g_array_new (FALSE, FALSE, sizeof (Count));
  guint width = 0;
  for (KgSymbol s = 0; s < kg_graph_n_symbols (g, kind); s++)
    {
      Count c = { kg_graph_symbol_name (g, kind, s),
                  kind == KG_SYM_LABEL ? kg_graph_label_count (g, s) : stated_count (g, s) };
      if (c.count == 0)
        continue;
      width = MAX (width, (guint) g_utf8_strlen (c.name, -1));
      g_array_append_val (counts, c);
    }
  g_array_sort (counts, cmp_count);
  for (guint i = 0; i < counts->len; i++)
    {
      Count *c = &g_array_index (counts, Count, i);
      fprintf (out, "  %-*s %5u\n", (int) width, c->name, c->count);
    }
}

static char *
side_text (const KgConflictSide *s)
{
  gboolean props = strcmp (s->properties, "{}") != 0;
  return g_strdup_printf ("%s (%s)%s%s", s->object_name ? s->object_name : "?",
                          s->object_id ? s->object_id : "?", props ? " " : "",
                          props ? s->properties : "");
}

static void
print_conflicts (FILE *out, GPtrArray *conflicts)
{
  fprintf (out, "Conflicts: %u\n", conflicts->len);
  for (guint i = 0; i < conflicts->len; i++)
    {
      KgConflict *c = g_ptr_array_index (conflicts, i);
      fprintf (out, "  %s (%s) -[%s]-> disagree:\n", c->subject_name ? c->subject_name : "?",
               c->subject_id ? c->subject_id : "?", c->type);
      guint width = 0;
      for (guint j = 0; j < c->sides->len; j++)
        {
          g_autofree char *who = side_text (g_ptr_array_index (c->sides, j));
          width = MAX (width, (guint) g_utf8_strlen (who, -1));
        }
      for (guint j = 0; j < c->sides->len; j++)
        {
          KgConflictSide *s = g_ptr_array_index (c->sides, j);
          g_autofree char *who = side_text (s);
          g_autofree char *sources = g_strjoinv (", ", s->sources);
          fprintf (out, "    %s%*s  sources: %s\n", who, (int) (width - g_utf8_strlen (who, -1)), "", sources);
        }
    }
}

gboolean
kgq_check_corpus (const char *corpus_dir, FILE *out, FILE *err)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgCorpusInfo) info = NULL;
  g_autoptr (KgGraph) graph = kg_corpus_load_new (corpus_dir, &info, &error);
  if (graph == NULL)
    {
      fprintf (err, "kgq check: %s\n", error->message);
      return FALSE;
    }
  for (guint i = 0; i < info->warnings->len; i++)
    fprintf (err, "warning: %s\n", (char *) g_ptr_array_index (info->warnings, i));

  fprintf (out, "Corpus: %s\n", info->dir);
  fprintf (out, "Reports: %u\n", info->n_documents);
  fprintf (out, "Entities: %u\n", info->n_entities);
  fprintf (out, "Claims: %u rows, merged into %u relationships\n", info->n_claim_rows, info->n_claims);
  fprintf (out, "Mentions: %u (report -> entity)\n", info->n_mentions);
  fprintf (out, "Inferred: %u inverse readings (inferred: true; not counted below nor in the conflicts)\n",
           info->n_inferred);
  fprintf (out, "Labels declared: %u; relationship types declared: %u (%u single-valued)\n",
           info->n_labels, info->n_types, g_strv_length (info->single_valued));
  fprintf (out, "Nodes: %u\n", kg_graph_n_nodes (graph));
  print_counts (out, graph, KG_SYM_LABEL);
  fprintf (out, "Relationships: %u stated, %u inferred\n", kg_graph_n_edges (graph) - info->n_inferred,
           info->n_inferred);
  print_counts (out, graph, KG_SYM_TYPE);
  print_conflicts (out, info->conflicts);
  return TRUE;
}
