/* cli/conflicts.h — the corpus's conflicting claims for `:conflicts` and DOT marking.
 *
 * Which relationship types are single-valued is part of the corpus schema, which the
 * public API does not expose; this file reads it once (lazily, by loading the corpus
 * into a throw-away graph) and then asks the loader to find the conflicts in the
 * session's graph as it is now. Sessions not loaded from a corpus have none.
 */
#pragma once

#include <stdio.h>

#include "export/dot.h"
#include "lib/kgq.h"

G_BEGIN_DECLS

/** kg_cli_conflicts_init: the session's graph came from the corpus in @dir (NULL: the bundled one). */
void kg_cli_conflicts_init (const char *dir);

/** kg_cli_print_conflicts: writes every conflict with the sources on each side to @out. */
void kg_cli_print_conflicts (KgqDb *db, FILE *out);

/** kg_cli_mark_conflicts: marks the relationships that take part in a conflict. */
void kg_cli_mark_conflicts (KgqDb *db, KgDotSubgraph *sg);

/** kg_cli_conflicts_shutdown: frees what was cached. */
void kg_cli_conflicts_shutdown (void);

G_END_DECLS
