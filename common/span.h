/* common/span.h — source positions and ranges.
 *
 * A KgSpan is where something came from in a query or corpus file: the parser puts one
 * on every AST node, errors carry one, and frontends render a caret from it. It holds
 * positions only; it does not own or point at the source text.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KgPos:
 * @line: 1-based line number
 * @column: 1-based column, counted in bytes from the start of the line
 * @offset: 0-based byte offset from the start of the source text
 */
typedef struct
{
  guint line;
  guint column;
  gsize offset;
} KgPos;

/**
 * KgSpan:
 * @start: first byte of the range
 * @end: one past the last byte of the range (same line/column rules)
 */
typedef struct
{
  KgPos start;
  KgPos end;
} KgSpan;

/* clang-format off: initialisers read best on one line */
#define KG_POS_INIT \
  {                 \
    1, 1, 0         \
  }
#define KG_SPAN_INIT         \
  {                          \
    KG_POS_INIT, KG_POS_INIT \
  }
/* clang-format on */

G_END_DECLS
