/* examples/embed.c — embedding kgq in a C program through its one public header.
 *
 * Opens a database holding an empty graph and a session on it, builds a small graph
 * with CREATE, sets a parameter, runs a parameterised query and prints its rows; then,
 * when given a corpus directory as argument, loads it and asks it a question. This is
 * the whole API an embedding program needs: kgq_db_new, kgq_session_new,
 * kgq_session_query, kgq_result_next/value, errors as GErrors. A program with several
 * threads gives each its own session on the one database (see lib/kgq.h on locking).
 * It is built and run by the tests (ctest -R example).
 *
 * Build outside the tree with: cc embed.c -I<kgq source> $(pkg-config --cflags --libs glib-2.0)
 * and the kgq static libraries.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/kgq.h"

/* Runs @query and prints each row as "col=value, col=value". Returns: FALSE on error. */
static gboolean
print_rows (KgqSession *session, const char *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgqResult) res = kgq_session_query (session, query, -1, "embed.c", NULL, &error);
  if (res == NULL)
    {
      g_autofree char *msg = kg_query_error_render (error, query);
      fprintf (stderr, "%s\n", msg);
      return FALSE;
    }
  guint n = kgq_result_n_columns (res);
  while (kgq_result_next (res, &error))
    {
      g_autoptr (GString) line = g_string_new (NULL);
      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (line, "%s%s=", i > 0 ? ", " : "",
                                  kgq_result_column_name (res, i));
          kgq_format_value (session, line, kgq_result_value (res, i), FALSE);
        }
      printf ("%s\n", line->str);
    }
  if (error != NULL)
    {
      g_autofree char *msg = kg_query_error_render (error, query);
      fprintf (stderr, "%s\n", msg);
      return FALSE;
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (KgqDb) db = kgq_db_new ();
  g_autoptr (KgqSession) session = kgq_session_new (db);
  g_autoptr (GError) error = NULL;

  /* A write statement: its rows (none here) must still be pulled to run it. */
  if (!print_rows (session, "CREATE (:City {name: 'Paris'})<-[:mayor_of]-"
                            "(:Person {name: 'Anne Hidalgo'})-[:hands_to {sources: ['r1', 'r2']}]->"
                            "(:Person {name: 'Karen Bass'})-[:mayor_of]->(:City {name: 'Los Angeles'})"))
    return 1;

  /* Parameters are set from values or from Cypher literal text. */
  KgValue who = kg_value_string ("Anne Hidalgo");
  kgq_session_set_param (session, "who", &who);
  kg_value_clear (&who);
  if (!kgq_session_set_param_literal (session, "types", "['hands_to']", &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  printf ("-- who does $who hand to?\n");
  if (!print_rows (session, "MATCH (a:Person {name: $who})-[r]->(b) WHERE type(r) IN $types "
                            "RETURN b.name AS to, r.sources AS sources ORDER BY to"))
    return 1;

  printf ("-- a failing query reports where:\n");
  if (print_rows (session, "MATCH (n) RETURN n.name +"))
    return 1; /* it must fail */

  if (argc > 1)
    {
      if (!kgq_db_load_corpus (db, argv[1], &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      printf ("-- the corpus:\n");
      if (!print_rows (session, "MATCH (n) RETURN count(n) > 0 AS has_nodes"))
        return 1;
    }
  return 0;
}
