/* common/error.h — kgq's GError domains, and the span that query errors carry.
 *
 * Query errors (syntax, binding, run time) are KG_QUERY_ERROR and carry a KgSpan in the
 * error itself (an extended GError), so frontends can render "FILE:LINE:COL: message"
 * followed by the source line and a caret. Loading errors are KG_LOAD_ERROR and name
 * FILE:LINE in their message. This file does no I/O and never prints.
 */
#pragma once

#include <glib.h>

#include "common/span.h"

G_BEGIN_DECLS

#define KG_QUERY_ERROR (kg_query_error_quark ())

/**
 * KgQueryError:
 * @KG_QUERY_ERROR_SYNTAX: the lexer or parser rejected the text
 * @KG_QUERY_ERROR_INCOMPLETE: the text ended mid-statement (the REPL reads another line)
 * @KG_QUERY_ERROR_SEMANTIC: unknown variable, variable already bound, aggregation misuse...
 * @KG_QUERY_ERROR_TYPE: a value of the wrong type (at compile time or run time)
 * @KG_QUERY_ERROR_ARGUMENT: a function argument out of its domain
 * @KG_QUERY_ERROR_ARITHMETIC: integer overflow, division by zero
 * @KG_QUERY_ERROR_PARAMETER_MISSING: `$name` was not given
 * @KG_QUERY_ERROR_ENTITY_NOT_FOUND: a deleted node or relationship was used
 * @KG_QUERY_ERROR_CONSTRAINT: deleting a node that still has relationships, ...
 * @KG_QUERY_ERROR_PROCEDURE: unknown procedure or bad CALL
 * @KG_QUERY_ERROR_UNSUPPORTED: valid Cypher that kgq does not run (yet)
 * @KG_QUERY_ERROR_CANCELLED: the query was cancelled (Ctrl-C)
 * @KG_QUERY_ERROR_LIMIT: a limit (time, rows, memory) was reached
 * @KG_QUERY_ERROR_RUNTIME: any other failure during execution
 * @KG_QUERY_ERROR_LOCK_TIMEOUT: a write statement waited longer than allowed for the
 *   database's write lock (KgqLimits.lock_timeout_ms); retrying later may succeed
 *
 * The TCK's error types map onto these codes one to one (SyntaxError, SemanticError,
 * TypeError, ArgumentError, ArithmeticError, ParameterMissing, EntityNotFound,
 * ConstraintVerificationFailed, ProcedureError).
 */
typedef enum
{
  KG_QUERY_ERROR_SYNTAX,
  KG_QUERY_ERROR_INCOMPLETE,
  KG_QUERY_ERROR_SEMANTIC,
  KG_QUERY_ERROR_TYPE,
  KG_QUERY_ERROR_ARGUMENT,
  KG_QUERY_ERROR_ARITHMETIC,
  KG_QUERY_ERROR_PARAMETER_MISSING,
  KG_QUERY_ERROR_ENTITY_NOT_FOUND,
  KG_QUERY_ERROR_CONSTRAINT,
  KG_QUERY_ERROR_PROCEDURE,
  KG_QUERY_ERROR_UNSUPPORTED,
  KG_QUERY_ERROR_CANCELLED,
  KG_QUERY_ERROR_LIMIT,
  KG_QUERY_ERROR_RUNTIME,
  KG_QUERY_ERROR_LOCK_TIMEOUT,
} KgQueryError;

GQuark kg_query_error_quark (void);

/**
 * kg_query_error_set:
 * @error: (out) (optional): where to put the error
 * @code: a #KgQueryError
 * @filename: (nullable): the source's name; "<query>" when NULL
 * @span: (nullable): where in the source; the message gets "FILE:LINE:COL: " in front
 * @format: printf-style message in a Cypher user's words
 *
 * Sets a KG_QUERY_ERROR carrying @span. "First error wins": does nothing if *@error is
 * already set.
 */
void kg_query_error_set (GError **error,
                         KgQueryError code,
                         const char *filename,
                         const KgSpan *span,
                         const char *format,
                         ...) G_GNUC_PRINTF (5, 6);

/**
 * kg_query_error_get_span:
 * Returns: (transfer none) (nullable): the span of a KG_QUERY_ERROR, or NULL for errors
 *   of other domains or errors raised without a span.
 */
const KgSpan *kg_query_error_get_span (const GError *error);

/**
 * kg_query_error_is_compile_time:
 * Returns: TRUE if the error was raised before execution started (syntax, binding,
 *   planning), FALSE if during execution. Frontends and the TCK harness use it.
 */
gboolean kg_query_error_is_compile_time (const GError *error);

/** kg_query_error_set_compile_time: marks @error as raised at compile time (or not). */
void kg_query_error_set_compile_time (GError *error, gboolean compile_time);

/**
 * kg_query_error_render:
 * @error: any GError
 * @source: (nullable): the full text the error's span refers to
 *
 * Returns: (transfer full): the message, and when @error has a span and @source is
 *   given, the source line and a caret under the spot:
 *
 *     q.cypher:3:11: syntax error: unexpected ';', expected an expression
 *         3 |        b +;
 *           |           ^
 */
char *kg_query_error_render (const GError *error, const char *source);

/**
 * kg_span_render:
 * @span: (nullable): where in @source
 * @source: (nullable): the full text @span refers to
 * Returns: (transfer full): @message, then (with both @span and @source) the source line
 *   and a caret under @span, as kg_query_error_render() shows an error.
 */
char *kg_span_render (const char *message, const KgSpan *span, const char *source);

#define KG_LOAD_ERROR (kg_load_error_quark ())

/**
 * KgLoadError:
 * @KG_LOAD_ERROR_IO: a file could not be read
 * @KG_LOAD_ERROR_PARSE: malformed row or line (wrong field count, bad quoting)
 * @KG_LOAD_ERROR_VALUE: a field's value is not of its declared type
 * @KG_LOAD_ERROR_UNKNOWN: reference to an unknown entity, column, label or type
 * @KG_LOAD_ERROR_DUPLICATE: an id defined twice
 * @KG_LOAD_ERROR_INVALID: anything else that makes the input unusable
 *
 * Messages read "FILE:LINE: reason".
 */
typedef enum
{
  KG_LOAD_ERROR_IO,
  KG_LOAD_ERROR_PARSE,
  KG_LOAD_ERROR_VALUE,
  KG_LOAD_ERROR_UNKNOWN,
  KG_LOAD_ERROR_DUPLICATE,
  KG_LOAD_ERROR_INVALID,
} KgLoadError;

GQuark kg_load_error_quark (void);

#define KG_GRAPH_ERROR (kg_graph_error_quark ())

/**
 * KgGraphError:
 * @KG_GRAPH_ERROR_HAS_RELATIONSHIPS: deleting a node that still has relationships
 * @KG_GRAPH_ERROR_NOT_FOUND: the id does not name a live node or relationship
 * @KG_GRAPH_ERROR_SNAPSHOT: a snapshot file is unreadable, truncated or corrupt
 */
typedef enum
{
  KG_GRAPH_ERROR_HAS_RELATIONSHIPS,
  KG_GRAPH_ERROR_NOT_FOUND,
  KG_GRAPH_ERROR_SNAPSHOT,
} KgGraphError;

GQuark kg_graph_error_quark (void);

G_END_DECLS
