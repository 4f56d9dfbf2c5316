/* common/print.h — the one value printer of kgq: every text form of a KgValue.
 *
 * kg_value_print() walks a value once and writes it in one of a few styles: Cypher
 * literal text (EXPLAIN, toString() of a list, error messages), the display form the
 * shells, tables, CSV, TSV and Markdown show, JSON, the plain text of a DOT label, and
 * the canonical comparison text of the openCypher TCK harness. Every style shares one
 * float format, one string quoting and one ISO 8601 text for temporal values, so a
 * value reads the same wherever it is shown. This file knows nothing of graphs: a node
 * or relationship is an id, and the caller supplies a KgPrintEntityFunc that says what
 * the id stands for (its labels or type, its properties, its endpoints); without one,
 * or when the entity no longer exists, entities print by id as (#12) and [#7]. It
 * builds text only; it never writes to a file.
 */
#pragma once

#include <glib.h>

#include "common/value.h"

G_BEGIN_DECLS

/**
 * KgPrintStyle:
 * @KG_PRINT_LITERAL: Cypher literal text: `'it\'s'`, `[1, 2.5]`, `{a: 1}`,
 *   `date('2024-08-11')`; entities by id only.
 * @KG_PRINT_DISPLAY: as the shells show values: like a literal, but temporal values as
 *   bare ISO 8601 text and entities with their labels, type and properties
 *   (`(:Person {name: 'Ann'})`, `[:KNOWS]`, `<(:A)-[:T]->(:B)>`), properties in key order.
 * @KG_PRINT_JSON: JSON text: NaN and the infinities as the strings "NaN", "Infinity",
 *   "-Infinity"; temporal values as ISO 8601 strings; a node as
 *   `{"~id":1,"~labels":[...],key:value...}`, a relationship as
 *   `{"~id":7,"~type":"T","~start":1,"~end":2,...}`, a path as
 *   `{"~nodes":[...],"~relationships":[...]}`.
 * @KG_PRINT_TEXT: plain text for labels (Graphviz): strings bare, the items of a list
 *   joined by ", " without brackets; anything else as a literal.
 * @KG_PRINT_CANON: the TCK harness's comparison text: map entries and node labels
 *   sorted, null properties left out, temporal values as quoted ISO strings, a deleted
 *   node as `(deleted node)`; see tests/tck/tck-value.h.
 * @KG_PRINT_EXPRESSION: a Cypher expression that evaluates to exactly the value (for
 *   scripts that recreate data): a literal, except for the values no literal spells,
 *   `(0.0 / 0.0)`, `(1.0 / 0.0)`, `(-1.0 / 0.0)`, `(-1.0 * 0.0)` and
 *   `(-9223372036854775807 - 1)`.
 */
typedef enum
{
  KG_PRINT_LITERAL,
  KG_PRINT_DISPLAY,
  KG_PRINT_JSON,
  KG_PRINT_TEXT,
  KG_PRINT_CANON,
  KG_PRINT_EXPRESSION,
} KgPrintStyle;

/**
 * KgPrintFlags:
 * @KG_PRINT_BARE_STRING: a string that is the whole value is written without quotes
 *   or escapes (the display of a result cell); strings inside lists and maps stay quoted.
 * @KG_PRINT_SORT_LISTS: %KG_PRINT_CANON only: the items of every list in the order of
 *   their text (the TCK's "ignoring element order for lists").
 */
typedef enum
{
  KG_PRINT_BARE_STRING = 1 << 0,
  KG_PRINT_SORT_LISTS = 1 << 1,
} KgPrintFlags;

/**
 * KgPrintEntity:
 * @names: (element-type utf8): the labels of a node, or the one type of a relationship
 * @keys: (element-type utf8): property keys, in any order
 * @values: (element-type KgValue): the property values, in the order of @keys
 * @src: a relationship's start node
 * @dst: a relationship's end node
 *
 * What a node or relationship id stands for, filled in by a KgPrintEntityFunc. The
 * arrays are created (empty) by the printer and hold borrowed pointers, which must stay
 * valid while the value is printed.
 */
typedef struct
{
  GPtrArray *names;
  GPtrArray *keys;
  GPtrArray *values;
  guint32 src;
  guint32 dst;
} KgPrintEntity;

/**
 * KgPrintEntityFunc:
 * @user_data: the printer's @user_data
 * @type: %KG_VALUE_NODE or %KG_VALUE_EDGE
 * @id: the node or relationship id
 * @entity: (out caller-allocates): what to fill in
 *
 * Returns: %TRUE when @id names a live entity (and @entity is filled in), %FALSE when
 *   it does not (the printer then shows the bare id, or "deleted" for the TCK).
 */
typedef gboolean (*KgPrintEntityFunc) (gpointer user_data, KgValueType type, guint32 id, KgPrintEntity *entity);

/**
 * KgPrinter:
 * @style: the text form
 * @flags: a #KgPrintFlags mask
 * @entity: (nullable): how to look up nodes and relationships; NULL prints them by id
 * @user_data: passed to @entity
 */
typedef struct
{
  KgPrintStyle style;
  guint flags;
  KgPrintEntityFunc entity;
  gpointer user_data;
} KgPrinter;

/**
 * kg_value_print:
 * @out: where to append
 * @v: the value
 * @printer: the style, flags and entity callback
 *
 * Appends @v to @out in @printer's style.
 */
void kg_value_print (GString *out, const KgValue *v, const KgPrinter *printer);

/**
 * kg_float_append:
 * Appends @f in kgq's one float format: the shortest digits that read back as the same
 * double, positional from 1e-4 up to 1e16 (`0.1`, `1.0`, `1000000000000000.0`) and
 * otherwise with an exponent and no '+' (`1e20`, `1e-7`, `1.2345678901234568e17`);
 * `-0.0`, `NaN`, `Infinity`, `-Infinity`. The text always shows a '.', an exponent or a
 * name, so a float never reads as an integer.
 */
void kg_float_append (GString *out, double f);

/**
 * kg_offset_append:
 * Appends a UTC offset of @offset seconds as ISO 8601 writes it: `Z` for zero, else
 * `+01:00`, `-05:30`, with seconds only when it has some (`+00:00:30`).
 */
void kg_offset_append (GString *out, gint32 offset);

/**
 * kg_value_append_literal:
 * Appends @v as Cypher literal text (%KG_PRINT_LITERAL): null, true, 42, 1.5, 'it\'s',
 * [1, 2], {a: 1}, date('2024-08-11'). Nodes, relationships and paths, which need a graph
 * to show, come out as (#12), [#7] and <(#1)-[#7]->(#2)>.
 */
void kg_value_append_literal (GString *out, const KgValue *v);

/** kg_value_to_literal: Returns: (transfer full): kg_value_append_literal() as a new string. */
char *kg_value_to_literal (const KgValue *v);

/**
 * kg_value_append_text:
 * Appends @v as toString() and string concatenation show it: a string bare, a temporal
 * value as ISO 8601 text, anything else as a literal.
 */
void kg_value_append_text (GString *out, const KgValue *v);

/**
 * kg_string_append_quoted:
 * @out: where to append
 * @s: the text
 * @quote: the quote character to wrap @s in (' for Cypher, " for JSON)
 * @upper_hex: write \u escapes with upper-case hex digits (\u001B, not \u001b)
 *
 * Appends @s between two @quote characters, escaping @quote and backslash with a
 * backslash, newline, carriage return, tab, backspace and form feed as \n \r \t \b \f,
 * and other control characters (below 0x20, and 0x7f) as \uXXXX.
 */
void kg_string_append_quoted (GString *out, const char *s, char quote, gboolean upper_hex);

/**
 * kg_string_append_name:
 * @out: where to append
 * @name: a property key, label or relationship type
 *
 * Appends @name bare when it is a plain identifier (a letter or '_', then letters,
 * digits or '_'), else between backquotes with each backquote doubled.
 */
void kg_string_append_name (GString *out, const char *name);

/**
 * kg_value_append_temporal_text:
 * Appends a DATE or temporal value in ISO 8601 form, as toString() and the openCypher TCK
 * write it: 2015-07-21, 21:40:32.142, 21:40:32.142+01:00, 2015-07-21T21:40:32.142,
 * 2015-07-21T21:40:32.142+01:00[Europe/London], P14DT16H12M. Appends nothing for other types.
 */
void kg_value_append_temporal_text (GString *out, const KgValue *v);

G_END_DECLS
