/* common/temporal.h — the calendar, ISO 8601 parsing and arithmetic of dates, times,
 * date-times and durations, shared by the engine's temporal functions and the loader.
 *
 * Dates are days since 1970-01-01 in the proleptic Gregorian calendar; the other
 * temporal values are KgTemporal (see value.h). Pure computation: nothing here reads
 * the clock (engine/temporal.c does) or writes text (print.h does).
 */
#pragma once

#include <glib.h>

#include "common/value.h"

G_BEGIN_DECLS

/* --- The calendar --------------------------------------------------------------- */

/** kg_date_from_ymd / kg_date_to_ymd: convert between days and a calendar date; FALSE for a day that does not exist or is out of range. */
gboolean kg_date_from_ymd (int year, int month, int day, gint32 *days);
void kg_date_to_ymd (gint32 days, int *year, int *month, int *day);

/** kg_date_format: writes "YYYY-MM-DD" (NUL-terminated; ±YYYYY-MM-DD outside 0..9999) into @buf. */
void kg_date_format (gint32 days, char buf[16]);

/* --- Text ----------------------------------------------------------------------- */

/**
 * kg_date_parse:
 * @text: an ISO 8601 date
 * @days: (out): days since 1970-01-01
 *
 * Parses every date form date('...') accepts: calendar (2015-07-21, 20150721), reduced
 * (2015-07, 201507, 2015), week (2015-W30-2, 2015W302, 2015-W30), ordinal (2015-202,
 * 2015202) and expanded years (+2015-07-21, -0044-03-15).
 *
 * Returns: FALSE when @text is not a valid date.
 */
gboolean kg_date_parse (const char *text, gint32 *days);

/**
 * kg_temporal_parse:
 * @type: the temporal type wanted (LOCALTIME, TIME, LOCALDATETIME, DATETIME, DURATION)
 * @text: its ISO 8601 text
 * @out: (out): the value
 *
 * What localtime('12:00'), time('12:00+01:00'), localdatetime('2015-W30-2T2140'),
 * datetime('2015-07-21T21:40:32.142+01:00[Europe/London]') and duration('P1DT2H')
 * accept: the date part in any form kg_date_parse() takes, times in basic or extended
 * format with fractions of a second, offsets and IANA zone names.
 *
 * Returns: FALSE when @text is not a value of @type.
 */
gboolean kg_temporal_parse (KgValueType type, const char *text, KgValue *out);

/**
 * kg_temporal_zone:
 * @name: an IANA time-zone name ("Europe/London")
 *
 * A zone of the tz database ($TZDIR, else /usr/share/zoneinfo), loaded once and kept
 * for the life of the process. Anything that is not the name of a zone file gives NULL:
 * GLib would also take POSIX TZ strings such as "Eur99ope", which are not zone names.
 *
 * Returns: (transfer none) (nullable): the zone, or NULL.
 */
GTimeZone *kg_temporal_zone (const char *name);

/* --- Maps and fields ------------------------------------------------------------ */

/* kg_date_field: d.year, d.month, d.week, ...; FALSE for an unknown field. */
gboolean kg_date_field (gint32 days, const char *key, KgValue *out);

/* kg_date_from_map: date({year: .., month: ..}) and the week, quarter, ordinal and
 * {date: d, ...} forms. Returns: -1 on success, else the KgQueryError code with
 * *@message saying why. */
int kg_date_from_map (const KgMap *map, gint32 *days, const char **message);

/* kg_date_truncate: date.truncate(unit, d, fields). FALSE with *@message for an
 * unknown unit or bad fields. */
gboolean kg_date_truncate (const char *unit, gint32 days, const KgMap *fields, gint32 *out, const char **message);

/* kg_temporal_from_map: time({hour: 12, timezone: '+01:00'}), datetime({date: d,
 * time: t}), ...; -1 on success, else the KgQueryError code with *@message. */
int kg_temporal_from_map (KgValueType type, const KgMap *map, KgValue *out, const char **message);

/* kg_duration_from_map: duration({days: 14, hours: 16}); -1 on success. */
int kg_duration_from_map (const KgMap *map, KgValue *out, const char **message);

/* kg_temporal_field: t.hour, t.timezone, d.years, ... of a DATE or temporal value. */
gboolean kg_temporal_field (const KgValue *v, const char *key, KgValue *out);

/* --- Arithmetic ----------------------------------------------------------------- */

/* kg_temporal_add: @t + @sign * @dur for a DATE or time/date-time @t; FALSE when out of range. */
gboolean kg_temporal_add (const KgValue *t, const KgValue *dur, int sign, KgValue *out);
/* kg_duration_add: @a + @sign * @b for durations. */
gboolean kg_duration_add (const KgValue *a, const KgValue *b, int sign, KgValue *out);
/* kg_duration_scale: @a * @factor. */
gboolean kg_duration_scale (const KgValue *a, double factor, KgValue *out);
/* kg_duration_between: duration.between (@unit 0), inMonths (1), inDays (2), inSeconds (3). */
gboolean kg_duration_between (const KgValue *from, const KgValue *to, int unit, KgValue *out);

G_END_DECLS
