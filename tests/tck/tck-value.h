/* tests/tck/tck-value.h — the TCK's value syntax and strict comparison with kgq's values.
 *
 * Expected values in TCK tables (null, true, 42, 1.5, 'text', [1, 2], {k: v},
 * (:L {k: v}), [:T {k: v}], <(:A)-[:T]->(:B)>) and kgq's result values are both turned
 * into one canonical text, and two values are equal when their canonical texts are:
 * integers never equal floats (floats are written in kgq's one float format, which
 * always marks them and reads back as the same double),
 * node labels and map keys are sorted, nodes and relationships compare by labels/type
 * and properties only (never by id), paths by their nodes, relationships and directions.
 * With @sort_lists, the elements of every list are sorted, for "ignoring element order
 * for lists". Dates compare as the TCK writes them, as 'YYYY-MM-DD' strings.
 *
 * This does no I/O and needs a graph only to read nodes and relationships.
 */
#pragma once

#include <glib.h>

#include "common/value.h"
#include "graph/graph.h"

G_BEGIN_DECLS

/**
 * tck_value_canon_expected:
 * @text: a value in the TCK's syntax
 * Returns: (transfer full) (nullable): the canonical text, or NULL with @error when
 *   @text is not a value.
 */
char *tck_value_canon_expected (const char *text, gboolean sort_lists, GError **error);

/** tck_value_canon_actual: Returns: (transfer full): the canonical text of @value. */
char *tck_value_canon_actual (const KgGraph *graph, const KgValue *value, gboolean sort_lists);

/** tck_value_append_canon: appends the canonical text of @value to @out. */
void tck_value_append_canon (GString *out, const KgGraph *graph, const KgValue *value, gboolean sort_lists);

/* Pieces of the canonical text of expected values. */
void tck_canon_float (GString *out, double f);
int tck_cmp_strptr (gconstpointer a, gconstpointer b);
/** tck_canon_join: appends @items (canonical texts, sorted first when @sort) between @open and @close. */
void tck_canon_join (GString *out, GPtrArray *items, gboolean sort, const char *open, const char *close);

G_END_DECLS
