/* cli/conflicts.c — conflicting claims for the REPL's `:conflicts` and for DOT (see
 * conflicts.h). Finding conflicts is the loader's job (kg_corpus_find_conflicts); this
 * file only supplies the single-valued types and prints or marks the result.
 */
#include "cli/conflicts.h"

#include "loader/loader.h"

static gboolean from_corpus;
static char *corpus_dir;
static char **single_valued;
static gboolean looked_up;

void
kg_cli_conflicts_init (const char *dir)
{
  from_corpus = TRUE;
  g_free (corpus_dir);
  corpus_dir = g_strdup (dir);
  g_clear_pointer (&single_valued, g_strfreev);
  looked_up = FALSE;
}

void
kg_cli_conflicts_shutdown (void)
{
  g_clear_pointer (&corpus_dir, g_free);
  g_clear_pointer (&single_valued, g_strfreev);
  from_corpus = FALSE;
  looked_up = FALSE;
}

/* The corpus's single-valued types, read once. NULL when there is no corpus. */
static char **
types (void)
{
  if (!from_corpus)
    return NULL;
  if (!looked_up)
    {
      looked_up = TRUE;
      KgCorpusInfo *info = NULL;
      GError *error = NULL;
      KgGraph *g = kg_corpus_load_new (corpus_dir, &info, &error);
      if (g == NULL)
        {
          g_error_free (error);
          return NULL;
        }
      kg_graph_free (g);
      single_valued = g_strdupv (info->single_valued);
      kg_corpus_info_free (info);
    }
  return single_valued;
}

static GPtrArray *
find (KgqDb *db)
{
  char **t = types ();
  if (t == NULL)
    return NULL;
  return kg_corpus_find_conflicts (kgq_db_graph (db), (const char *const *) t);
}

void
kg_cli_print_conflicts (KgqDb *db, FILE *out)
{
  g_autoptr (GPtrArray) conflicts = find (db);
  if (conflicts == NULL)
    {
      fprintf (stderr, "conflicts are known only for a graph loaded from a corpus\n");
      return;
    }
  if (conflicts->len == 0)
    {
      fprintf (out, "no conflicts\n");
      return;
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      const KgConflict *c = g_ptr_array_index (conflicts, i);
      fprintf (out, "%s -[:%s]-> %u different claims:\n",
               c->subject_name != NULL ? c->subject_name : (c->subject_id != NULL ? c->subject_id : "?"),
               c->type, c->sides->len);
      for (guint k = 0; k < c->sides->len; k++)
        {
          const KgConflictSide *s = g_ptr_array_index (c->sides, k);
          g_autofree char *sources = g_strjoinv (", ", s->sources);
          const char *obj = s->object_name != NULL ? s->object_name : (s->object_id != NULL ? s->object_id : "?");
          fprintf (out, "  %-30s sources: %s", obj, sources);
          if (s->properties != NULL && g_strcmp0 (s->properties, "{}") != 0)
            fprintf (out, "  %s", s->properties);
          fputc ('\n', out);
        }
    }
  fprintf (out, "%u %s\n", conflicts->len, conflicts->len == 1 ? "conflict" : "conflicts");
}

void
kg_cli_mark_conflicts (KgqDb *db, KgDotSubgraph *sg)
{
  g_autoptr (GPtrArray) conflicts = find (db);
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      const KgConflict *c = g_ptr_array_index (conflicts, i);
      for (guint k = 0; k < c->sides->len; k++)
        kg_dot_subgraph_mark_conflict (sg, ((const KgConflictSide *) g_ptr_array_index (c->sides, k))->edge);
    }
}
