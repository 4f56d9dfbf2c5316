/* parser/parser.h — Cypher text to a KgAst (flex + bison), and the lexer-only helpers
 * the REPL and the script runner use.
 *
 * The parser never touches a graph: it only builds trees. Errors are KG_QUERY_ERROR
 * with a span (common/error.h).
 */
#pragma once

#include <glib.h>

#include "common/error.h"
#include "parser/ast.h"

G_BEGIN_DECLS

/**
 * kg_parse:
 * @src: the text of ONE statement (an optional trailing `;` is allowed)
 * @len: bytes of @src, or -1 when NUL-terminated
 * @filename: (nullable): used in error messages; "<query>" when NULL
 * @origin: (nullable): the position of @src[0] within its file, so spans and messages
 *   use file coordinates when @src is a slice of a larger file; NULL means 1:1 offset 0
 *
 * Returns: (transfer full) (nullable): a KG_AST_QUERY, or NULL with @error set:
 *   KG_QUERY_ERROR_SYNTAX, or KG_QUERY_ERROR_INCOMPLETE when the text ended mid-statement.
 */
KgAst *kg_parse (const char *src, gssize len, const char *filename, const KgPos *origin, GError **error);

/**
 * KgStatementSlice:
 * @start: position of the statement's first byte (after leading blanks and comments)
 * @length: bytes up to and excluding its terminating `;`
 * @terminated: whether a `;` ended it
 */
typedef struct
{
  KgPos start;
  gsize length;
  gboolean terminated;
} KgStatementSlice;

/**
 * kg_parse_split:
 * Splits a script into statements at each `;` that is not inside a string, a comment or
 * brackets, using the same lexer as kg_parse(). Statements holding only blanks and
 * comments are dropped. Never fails: unlexable text stays in its slice for kg_parse()
 * to report.
 *
 * Returns: (transfer full) (element-type KgStatementSlice): the slices, in order.
 */
GArray *kg_parse_split (const char *src, gssize len);

/**
 * kg_parse_is_complete:
 * Returns: TRUE when @buf ends a statement: brackets balanced, no string or comment
 *   open, and the last token is `;`. Uses only the lexer (SQLite's sqlite3_complete).
 */
gboolean kg_parse_is_complete (const char *buf);

/**
 * kg_parse_keywords:
 * Returns: (transfer none) (array zero-terminated=1): the reserved words and clause
 *   keywords in upper case, for completion and keyword-as-name rules.
 */
const char *const *kg_parse_keywords (void);

G_END_DECLS
