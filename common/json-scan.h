/* common/json-scan.h — what every JSON reader in kgq checks before json-glib parses a
 * text, and how a json-glib parse error is told to the user.
 *
 * json-glib's parser recurses once per bracket and wraps integers beyond 64 bits
 * silently, so a reader of untrusted JSON (the JSON Lines loader, the HTTP Query API)
 * scans the text first. The scan reads bytes only; it neither parses nor allocates
 * beyond a refusal's reason, and it does not link json-glib. Each reader keeps its own
 * depth limit and says where the text came from.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * kg_json_precheck:
 * @text: a JSON text (not necessarily NUL-terminated)
 * @len: its length in bytes
 * @max_depth: the deepest nesting of arrays and objects allowed
 * @reason: (out) (transfer full): on refusal, why
 *
 * Scans @text once, outside strings, for brackets nested deeper than @max_depth and
 * for integers that do not fit in 64 bits. It does not check the rest of the syntax.
 *
 * Returns: TRUE when json-glib may parse @text; FALSE with *@reason set.
 */
gboolean kg_json_precheck (const char *text, gsize len, guint max_depth, char **reason);

/**
 * kg_json_error_reason:
 * @message: the message of an error json-glib's parser set
 * @line: (out) (optional): the line it names, 1-based, or 0 when it names none
 * @column: (out) (optional): the column it names, 1-based, or 0
 *
 * json-glib writes a parse error as "<data>:LINE:COL: Parse error: REASON". A reader
 * that names its own file and line passes only REASON and the column on.
 *
 * Returns: (transfer none): REASON, inside @message; all of @message when it is not
 *   of that shape.
 */
const char *kg_json_error_reason (const char *message, guint *line, guint *column);

G_END_DECLS
