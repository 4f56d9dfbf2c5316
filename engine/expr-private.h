/* engine/expr-private.h — what expr.c, functions.c, aggregate.c, check.c and temporal.c
 * share and nobody else needs: the call of a resolved function, error helpers, limits
 * and the date and time arithmetic.
 *
 * Not a contract for the rest of the engine (that is engine/expr.h).
 */
#pragma once

#include "engine/expr.h"

G_BEGIN_DECLS

/* The longest list an expression may build (range(), list concatenation...): beyond
 * this a KG_QUERY_ERROR_LIMIT stops the query instead of exhausting memory. */
#define KG_EXPR_MAX_LIST_LEN ((gsize) 1 << 25)

/* Check the cancel flag every this many loop iterations. */
#define KG_EXPR_CANCEL_EVERY 4096

/*
 * kg_function_call:
 * Calls the scalar function the binder resolved for @call (a FUNCTION_CALL with
 * `function` set, not an aggregate) on @args, already evaluated, in the order written.
 * @args stays owned by the caller.
 */
gboolean kg_function_call (KgEvalEnv *env,
                           const KgAst *call,
                           KgValue *args,
                           guint n_args,
                           KgValue *out,
                           GError **error);

/* kg_expr_check_cancel: FALSE with KG_QUERY_ERROR_CANCELLED when the query was cancelled. */
gboolean kg_expr_check_cancel (KgEvalEnv *env, const KgAst *at, GError **error);

/* kg_expr_type_of: a short Cypher-user description of a value's type ("INTEGER"). */
const char *kg_expr_type_of (const KgValue *v);

/* kg_expr_append_string: appends the toString() rendering of a scalar (strings unquoted). */
void kg_expr_append_string (GString *out, const KgValue *v);

/* One property of a node or relationship, for kg_expr_entity_props(). */
typedef struct
{
  const char *key;      /* (transfer none) the interned key name */
  const KgValue *value; /* (transfer none) */
} KgExprProp;

/*
 * kg_expr_entity_props:
 * Returns: (transfer full) (element-type KgExprProp): the properties of a node (or
 *   relationship, @is_node FALSE) sorted by key name, so keys(), properties() and `.*`
 *   come out in the same order whatever order the keys were interned in.
 */
GArray *kg_expr_entity_props (KgGraph *graph, gboolean is_node, guint32 id);

/* --- Dates (temporal.c) --- */

/* kg_expr_date_field: d.year, d.month, d.week, ...; FALSE for an unknown field. */
gboolean kg_expr_date_field (gint32 days, const char *key, KgValue *out);

/* kg_expr_date_from_map: date({year: .., month: ..}) and the week, quarter, ordinal and
 * {date: d, ...} forms. Returns: -1 on success, else the KgQueryError code with
 * *@message saying why. */
int kg_expr_date_from_map (const KgMap *map, gint32 *days, const char **message);

/* kg_expr_date_parse_iso: every ISO 8601 date form (2015-07-21, 20150721, 2015-07,
 * 2015-W30-2, 2015W302, 2015-202, 2015, +2015-07-21). */
gboolean kg_expr_date_parse_iso (const char *text, gint32 *days);

/* kg_expr_date_truncate: date.truncate(unit, d, fields). FALSE with *@message for an
 * unknown unit or bad fields. */
gboolean kg_expr_date_truncate (const char *unit, gint32 days, const KgMap *fields, gint32 *out, const char **message);

/* kg_expr_temporal_parse: localtime('12:00'), time('12:00+01:00'), localdatetime(..),
 * datetime('2015-07-21T21:40:32.142+01:00[Europe/London]'), duration('P1DT2H'). */
gboolean kg_expr_temporal_parse (KgValueType type, const char *text, KgValue *out);

/* kg_expr_temporal_from_map: time({hour: 12, timezone: '+01:00'}), datetime({date: d,
 * time: t}), ...; -1 on success, else the KgQueryError code with *@message. */
int kg_expr_temporal_from_map (KgValueType type, const KgMap *map, KgValue *out, const char **message);

/* kg_expr_duration_from_map: duration({days: 14, hours: 16}); -1 on success. */
int kg_expr_duration_from_map (const KgMap *map, KgValue *out, const char **message);

/* kg_expr_temporal_field: t.hour, t.timezone, d.years, ... of a DATE or temporal value. */
gboolean kg_expr_temporal_field (const KgValue *v, const char *key, KgValue *out);

/* kg_expr_temporal_now: the current date, time or date-time (UTC). */
KgValue kg_expr_temporal_now (KgEvalEnv *env, KgValueType type);

/* kg_expr_temporal_add: @t + @sign * @dur for a DATE or time/date-time @t; FALSE when out of range. */
gboolean kg_expr_temporal_add (const KgValue *t, const KgValue *dur, int sign, KgValue *out);
/* kg_expr_duration_add: @a + @sign * @b for durations. */
gboolean kg_expr_duration_add (const KgValue *a, const KgValue *b, int sign, KgValue *out);
/* kg_expr_duration_scale: @a * @factor. */
gboolean kg_expr_duration_scale (const KgValue *a, double factor, KgValue *out);
/* kg_expr_duration_between: duration.between (@unit 0), inMonths (1), inDays (2), inSeconds (3). */
gboolean kg_expr_duration_between (const KgValue *from, const KgValue *to, int unit, KgValue *out);

G_END_DECLS
