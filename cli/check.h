/* cli/check.h — `kgq check`: load a corpus, validate it, and print what it holds.
 *
 * Prints the counts (reports, entities, claims, nodes per label, relationships per type)
 * and every conflict with the reports on each side to stdout; load errors and warnings
 * go to stderr. It does not parse command-line options (cli/main.c does).
 */
#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

/**
 * kg_cli_check:
 * @corpus_dir: (nullable): the corpus directory; NULL for the bundled corpus
 *
 * Returns: the exit status: 0 when the corpus loads (conflicts are data, not errors),
 *   4 when it does not.
 */
int kg_cli_check (const char *corpus_dir);

/**
 * kg_cli_check_to:
 * @corpus_dir: (nullable): as for kg_cli_check()
 * @out: where the report goes
 * @err: where errors and warnings go
 *
 * kg_cli_check() with the streams chosen by the caller (tests capture them).
 *
 * Returns: 0 or 4, as kg_cli_check().
 */
int kg_cli_check_to (const char *corpus_dir, FILE *out, FILE *err);

G_END_DECLS
