/* lib/format.c — kgq_format_value() and kgq_print_value(): values as text, with the
 * session's database for nodes, relationships and paths, read under its read lock.
 *
 * Both are callers of the one value printer (common/print.h) with the graph's entity
 * callback (graph/graph-print.h): the display style shows scalars in Cypher literal
 * syntax (42, 1.5, true, null, 'it\'s'), temporal values in ISO 8601 (2024-08-11,
 * 2015-07-21T21:40:32.142+01:00[Europe/London], P14DT16H12M), and entities with their
 * labels, types and properties in key order: (:Person {name: 'Tom Cruise'}),
 * [:hands_to {sources: ['r1']}], <(:A)-[:T]->(:B)>. An id that no longer names a live
 * entity (or a value formatted without a session) shows as (#12) / [#7].
 *
 * This file only builds text; it never prints and never changes the graph.
 */
#include "lib/kgq-private.h"

#include "graph/graph-print.h"

void
kgq_print_value (KgqSession *session, GString *out, const KgValue *value, KgPrintStyle style, guint flags)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (value != NULL);
  /* Entities are read under the session's read lock (or the hold its open result has). */
  if (session != NULL)
    kgq_session_read_enter (session);
  KgPrinter printer = kg_graph_printer (session != NULL ? session->db->graph : NULL, style, flags);
  kg_value_print (out, value, &printer);
  if (session != NULL)
    kgq_session_read_leave (session);
}

void
kgq_format_value (KgqSession *session, GString *out, const KgValue *value, gboolean quote_strings)
{
  kgq_print_value (session, out, value, KG_PRINT_DISPLAY, quote_strings ? 0 : KG_PRINT_BARE_STRING);
}
