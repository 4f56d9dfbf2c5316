/* common/text.h — small text helpers shared by every module: the edit distance behind
 * every "did you mean ...?" suggestion.
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

G_END_DECLS
