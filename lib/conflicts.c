/* lib/conflicts.c — conflicting claims for kgq_session_write_conflicts() (the REPL's
 * `:conflicts`) and for DOT pictures.
 *
 * Which relationship types are single-valued is a schema fact of the corpus the
 * database was loaded from (kgq_db_load_corpus() keeps it); a database loaded any other
 * way has none. Finding the conflicts in the graph as it is now is the loader's job
 * (kg_corpus_find_conflicts); this file supplies the types and prints or marks the
 * result. The caller holds the session's read lock around find().
 */
#include "lib/kgq-private.h"

#include "loader/loader.h"

/* The conflicts in the graph now, or NULL when the database knows no single-valued
 * types. The session holds the read lock. */
static GPtrArray *
find (KgqSession *s)
{
  if (s->db->single_valued == NULL)
    return NULL;
  return kg_corpus_find_conflicts (s->db->graph, (const char *const *) s->db->single_valued);
}

gboolean
kgq_session_write_conflicts (KgqSession *session, FILE *out)
{
  kgq_session_read_enter (session);
  g_autoptr (GPtrArray) conflicts = find (session);
  if (conflicts == NULL || conflicts->len == 0)
    {
      kgq_session_read_leave (session);
      if (conflicts != NULL)
        fprintf (out, "no conflicts\n");
      return conflicts != NULL;
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
  kgq_session_read_leave (session);
  return TRUE;
}

void
kgq_mark_conflicts (KgqSession *session, KgDotSubgraph *sg)
{
  g_autoptr (GPtrArray) conflicts = find (session);
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      const KgConflict *c = g_ptr_array_index (conflicts, i);
      for (guint k = 0; k < c->sides->len; k++)
        kg_dot_subgraph_mark_conflict (sg, ((const KgConflictSide *) g_ptr_array_index (c->sides, k))->edge);
    }
}

static int
cmp_id (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return x < y ? -1 : x > y;
}

GArray *
kgq_session_conflicting_relationships (KgqSession *session)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  kgq_session_read_enter (session);
  g_autoptr (GPtrArray) conflicts = find (session);
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      const KgConflict *c = g_ptr_array_index (conflicts, i);
      for (guint k = 0; k < c->sides->len; k++)
        {
          guint32 id = ((const KgConflictSide *) g_ptr_array_index (c->sides, k))->edge;
          g_array_append_val (ids, id);
        }
    }
  kgq_session_read_leave (session);
  g_array_sort (ids, cmp_id);
  return ids;
}
