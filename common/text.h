/* common/text.h — small text helpers shared by every module: the edit distance behind
 * every "did you mean ...?" suggestion, and the case-insensitive hashing of the name
 * tables (functions, procedures).
 *
 * Each caller keeps its own policy (how close is close enough, whether a prefix
 * counts); only the measure is shared, so suggestions agree on what "close" means.
 * Nothing here allocates beyond its own scratch space or keeps state.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * kg_edit_distance:
 * @a: a NUL-terminated string
 * @b: another
 *
 * Returns: the Levenshtein distance between @a and @b (insertions, deletions and
 *   substitutions of characters, each costing one), ignoring case (g_unichar_tolower);
 *   a string that is not valid UTF-8 is compared byte by byte.
 */
guint kg_edit_distance (const char *a, const char *b);

/**
 * kg_ascii_case_hash:
 * @name: a NUL-terminated string
 *
 * Returns: a hash of @name that ignores ASCII case, for a GHashTable whose keys match
 *   as Cypher's function and procedure names do (with kg_ascii_case_equal()).
 */
guint kg_ascii_case_hash (gconstpointer name);

/** kg_ascii_case_equal: Returns: whether @a and @b are the same string but for ASCII case. */
gboolean kg_ascii_case_equal (gconstpointer a, gconstpointer b);

G_END_DECLS
