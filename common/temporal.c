/* common/temporal.c — kgq's calendar and clock arithmetic: the proleptic Gregorian
 * calendar, ISO 8601 text of dates, times, date-times and durations in all the forms
 * Cypher accepts (calendar, week, ordinal and reduced-precision dates, basic and
 * extended formats, offsets and IANA zone names), the temporal maps of date(), time(),
 * datetime(), duration() and friends, the fields of a temporal value, truncation, and
 * arithmetic with durations.
 *
 * The engine's temporal functions and the loader's typed CSV columns both parse here, so
 * `kgq import` accepts exactly what date('...') accepts. Pure computation: no graph, no
 * printing (print.c writes temporal values), no clock (engine/temporal.c reads it).
 * Zone rules come from the tz database through GTimeZone, loaded once per name.
 */
#include "common/temporal.h"
#include "common/error.h"
#include "common/print.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* --- The calendar --------------------------------------------------------------- */

/* Days-from-civil and its inverse over the proleptic Gregorian calendar, computed in
 * 400-year eras so negative years work without special cases. */
static gint64
days_from_civil (gint64 y, int m, int d)
{
  y -= m <= 2;
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static gboolean
is_leap (gint64 y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month (gint64 y, int m)
{
  static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  return m == 2 && is_leap (y) ? 29 : dim[m - 1];
}

gboolean
kg_date_from_ymd (int year, int month, int day, gint32 *days)
{
  if (month < 1 || month > 12 || day < 1 || day > days_in_month (year, month))
    return FALSE;
  gint64 d = days_from_civil (year, month, day);
  if (d < G_MININT32 || d > G_MAXINT32)
    return FALSE;
  if (days != NULL)
    *days = (gint32) d;
  return TRUE;
}

void
kg_date_to_ymd (gint32 days, int *year, int *month, int *day)
{
  gint64 z = (gint64) days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 y = yoe + era * 400;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2)
    y++;
  if (year != NULL)
    *year = (int) y;
  if (month != NULL)
    *month = (int) m;
  if (day != NULL)
    *day = (int) d;
}

void
kg_date_format (gint32 days, char buf[16])
{
  int y, m, d;
  char tmp[48];
  kg_date_to_ymd (days, &y, &m, &d);
  if (y >= 0 && y <= 9999)
    snprintf (tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
  else if (y > 9999)
    snprintf (tmp, sizeof tmp, "+%d-%02d-%02d", y, m, d);
  else
    snprintf (tmp, sizeof tmp, "-%04d-%02d-%02d", -y, m, d);
  g_strlcpy (buf, tmp, 16); /* a gint32 day count never needs more than 15 bytes */
}

/* --- Calendar helpers ----------------------------------------------------------- */

static gint64
floor_mod (gint64 a, gint64 b)
{
  gint64 r = a % b;
  return r < 0 ? r + b : r;
}

/* ISO day of the week, Monday = 1 .. Sunday = 7 (1970-01-01 was a Thursday). */
static int
day_of_week (gint32 days)
{
  return (int) floor_mod ((gint64) days + 3, 7) + 1;
}

static gint32
ymd (int y, int m, int d)
{
  gint32 days = 0;
  kg_date_from_ymd (y, m, d, &days);
  return days;
}

/* The Monday of ISO week 1 of @week_year. */
static gint32
week1_monday (int week_year)
{
  gint32 jan4 = ymd (week_year, 1, 4);
  return jan4 - (day_of_week (jan4) - 1);
}

static void
week_of (gint32 days, int *week_year, int *week)
{
  gint32 thursday = days + (4 - day_of_week (days));
  int y;
  kg_date_to_ymd (thursday, &y, NULL, NULL);
  if (week_year != NULL)
    *week_year = y;
  if (week != NULL)
    *week = (int) ((thursday - ymd (y, 1, 1)) / 7 + 1);
}

static int
weeks_in_year (int week_year)
{
  return (int) ((week1_monday (week_year + 1) - week1_monday (week_year)) / 7);
}

static int
quarter_start_month (int quarter)
{
  return (quarter - 1) * 3 + 1;
}

/* --- Fields --------------------------------------------------------------------- */

gboolean
kg_date_field (gint32 days, const char *key, KgValue *out)
{
  int y, m, d;
  kg_date_to_ymd (days, &y, &m, &d);
  if (strcmp (key, "year") == 0)
    *out = kg_value_int (y);
  else if (strcmp (key, "month") == 0)
    *out = kg_value_int (m);
  else if (strcmp (key, "day") == 0)
    *out = kg_value_int (d);
  else if (strcmp (key, "quarter") == 0)
    *out = kg_value_int ((m - 1) / 3 + 1);
  else if (strcmp (key, "dayOfQuarter") == 0)
    *out = kg_value_int (days - ymd (y, quarter_start_month ((m - 1) / 3 + 1), 1) + 1);
  else if (strcmp (key, "dayOfWeek") == 0 || strcmp (key, "weekDay") == 0)
    *out = kg_value_int (day_of_week (days));
  else if (strcmp (key, "ordinalDay") == 0)
    *out = kg_value_int (days - ymd (y, 1, 1) + 1);
  else if (strcmp (key, "week") == 0 || strcmp (key, "weekYear") == 0)
    {
      int wy, w;
      week_of (days, &wy, &w);
      *out = kg_value_int (key[4] == '\0' ? w : wy);
    }
  else if (strcmp (key, "epochDays") == 0)
    *out = kg_value_int (days);
  else
    return FALSE;
  return TRUE;
}

/* --- Construction from fields --------------------------------------------------- */

typedef enum
{
  FORM_CALENDAR,
  FORM_WEEK,
  FORM_QUARTER,
  FORM_ORDINAL,
} DateForm;

/* Builds a date from a year and the two fields of @form. Returns FALSE when out of range. */
static gboolean
date_from_fields (DateForm form, gint64 year, gint64 a, gint64 b, gint32 *days)
{
  if (year < -999999 || year > 999999)
    return FALSE;
  int y = (int) year;
  switch (form)
    {
    case FORM_CALENDAR:
      if (a < 1 || a > 12 || b < 1 || b > 31)
        return FALSE;
      return kg_date_from_ymd (y, (int) a, (int) b, days);
    case FORM_WEEK:
      if (a < 1 || a > weeks_in_year (y) || b < 1 || b > 7)
        return FALSE;
      *days = week1_monday (y) + (gint32) ((a - 1) * 7 + (b - 1));
      return TRUE;
    case FORM_QUARTER:
      {
        if (a < 1 || a > 4 || b < 1)
          return FALSE;
        gint32 start = ymd (y, quarter_start_month ((int) a), 1);
        gint32 next = a == 4 ? ymd (y + 1, 1, 1) : ymd (y, quarter_start_month ((int) a + 1), 1);
        if (b > next - start)
          return FALSE;
        *days = start + (gint32) (b - 1);
        return TRUE;
      }
    case FORM_ORDINAL:
      if (a < 1 || a > (is_leap (y) ? 366 : 365))
        return FALSE;
      *days = ymd (y, 1, 1) + (gint32) (a - 1);
      return TRUE;
    }
  return FALSE;
}

#define ABSENT G_MININT64

/* Reads an integer field of a date map: ABSENT when absent or null; FALSE when not an integer. */
static gboolean
field (const KgMap *m, const char *key, gint64 *out, const char **bad)
{
  const KgValue *v = kg_map_get (m, key);
  *out = ABSENT;
  if (v == NULL || v->type == KG_VALUE_NULL)
    return TRUE;
  if (v->type != KG_VALUE_INT)
    {
      *bad = key;
      return FALSE;
    }
  *out = v->u.i;
  return TRUE;
}

int
kg_date_from_map (const KgMap *m, gint32 *days, const char **message)
{
  static const char *const known[] = { "date", "year", "month", "day", "week", "dayOfWeek", "quarter", "dayOfQuarter", "ordinalDay", NULL };
  for (guint i = 0; i < m->len; i++)
    if (!g_strv_contains (known, m->keys[i]))
      {
        *message = "unknown date field";
        return KG_QUERY_ERROR_ARGUMENT;
      }
  gint64 year, month, day, week, dow, quarter, doq, ordinal;
  const char *bad = NULL;
  if (!field (m, "year", &year, &bad) || !field (m, "month", &month, &bad) || !field (m, "day", &day, &bad) ||
      !field (m, "week", &week, &bad) || !field (m, "dayOfWeek", &dow, &bad) || !field (m, "quarter", &quarter, &bad) ||
      !field (m, "dayOfQuarter", &doq, &bad) || !field (m, "ordinalDay", &ordinal, &bad))
    {
      *message = "date fields must be integers";
      return KG_QUERY_ERROR_TYPE;
    }
  const KgValue *base = kg_map_get (m, "date");
  gboolean have_base = base != NULL && base->type == KG_VALUE_DATE;
  if (base != NULL && base->type != KG_VALUE_DATE && base->type != KG_VALUE_NULL)
    {
      *message = "`date` must be a date";
      return KG_QUERY_ERROR_TYPE;
    }
  if (!have_base && year == ABSENT)
    {
      *message = "a date needs a `year` (or a `date` to start from)";
      return KG_QUERY_ERROR_ARGUMENT;
    }

  DateForm form = (week != ABSENT || (have_base && dow != ABSENT)) ? FORM_WEEK : ordinal != ABSENT ? FORM_ORDINAL
                                                                             : quarter != ABSENT   ? FORM_QUARTER
                                                                                                   : FORM_CALENDAR;
  gint64 y = year, a = 0, b = 0;
  if (have_base)
    {
      KgValue f;
      switch (form)
        {
        case FORM_WEEK:
          if (y == ABSENT)
            kg_date_field (base->u.date, "weekYear", &f), y = f.u.i;
          kg_date_field (base->u.date, "dayOfWeek", &f);
          b = f.u.i;
          kg_date_field (base->u.date, "week", &f);
          a = week != ABSENT ? week : f.u.i;
          b = dow != ABSENT ? dow : b;
          break;
        case FORM_ORDINAL:
          if (y == ABSENT)
            kg_date_field (base->u.date, "year", &f), y = f.u.i;
          a = ordinal;
          break;
        case FORM_QUARTER:
          if (y == ABSENT)
            kg_date_field (base->u.date, "year", &f), y = f.u.i;
          kg_date_field (base->u.date, "dayOfQuarter", &f);
          a = quarter;
          b = doq != ABSENT ? doq : f.u.i;
          break;
        case FORM_CALENDAR:
          {
            int by, bm, bd;
            kg_date_to_ymd (base->u.date, &by, &bm, &bd);
            if (y == ABSENT)
              y = by;
            a = month != ABSENT ? month : bm;
            b = day != ABSENT ? day : bd;
            break;
          }
        }
    }
  else
    switch (form)
      {
      case FORM_WEEK:
        a = week;
        b = dow != ABSENT ? dow : 1;
        break;
      case FORM_ORDINAL:
        a = ordinal;
        break;
      case FORM_QUARTER:
        a = quarter;
        b = doq != ABSENT ? doq : 1;
        break;
      case FORM_CALENDAR:
        if (day != ABSENT && month == ABSENT)
          {
            *message = "a date with a `day` needs a `month`";
            return KG_QUERY_ERROR_ARGUMENT;
          }
        a = month != ABSENT ? month : 1;
        b = day != ABSENT ? day : 1;
        break;
      }
  if (!date_from_fields (form, y, a, b, days))
    {
      *message = "no such date";
      return KG_QUERY_ERROR_ARGUMENT;
    }
  return -1;
}

/* --- Parsing -------------------------------------------------------------------- */

static gboolean
digits (const char **p, int n, gint64 *out)
{
  gint64 v = 0;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

static int
count_digits (const char *p)
{
  int n = 0;
  while (g_ascii_isdigit (p[n]))
    n++;
  return n;
}

gboolean
kg_date_parse (const char *text, gint32 *days)
{
  const char *p = text;
  gint64 sign = 1, year;
  if (*p == '+' || *p == '-')
    {
      sign = *p == '-' ? -1 : 1;
      p++;
      /* Expanded years: the digits up to the first separator. */
      int n = count_digits (p);
      if (n < 4 || n > 9)
        return FALSE;
      /* With no separators, a signed year cannot be told from what follows it. */
      if (p[n] != '-' && p[n] != '\0')
        return FALSE;
      if (!digits (&p, n, &year))
        return FALSE;
    }
  else if (!digits (&p, 4, &year))
    return FALSE;
  year *= sign;
  if (*p == '\0')
    return date_from_fields (FORM_CALENDAR, year, 1, 1, days);

  gboolean dash = *p == '-';
  if (dash)
    p++;
  gint64 a = 0, b = 0;
  if (*p == 'W')
    {
      p++;
      if (!digits (&p, 2, &a))
        return FALSE;
      b = 1;
      if (*p != '\0')
        {
          if (dash && *p++ != '-')
            return FALSE;
          if (!digits (&p, 1, &b))
            return FALSE;
        }
      return *p == '\0' && date_from_fields (FORM_WEEK, year, a, b, days);
    }
  int n = count_digits (p);
  if (n == 3 && p[3] == '\0')
    {
      digits (&p, 3, &a);
      return date_from_fields (FORM_ORDINAL, year, a, 0, days);
    }
  if (!digits (&p, 2, &a))
    return FALSE;
  if (*p == '\0')
    return date_from_fields (FORM_CALENDAR, year, a, 1, days);
  if (dash && *p++ != '-')
    return FALSE;
  if (!digits (&p, 2, &b) || *p != '\0')
    return FALSE;
  return date_from_fields (FORM_CALENDAR, year, a, b, days);
}

/* --- Truncation ----------------------------------------------------------------- */

gboolean
kg_date_truncate (const char *unit, gint32 days, const KgMap *fields, gint32 *out, const char **message)
{
  int y, m, d;
  kg_date_to_ymd (days, &y, &m, &d);
  gint32 r;
  if (strcmp (unit, "millennium") == 0)
    r = ymd ((int) (y - floor_mod (y, 1000)), 1, 1);
  else if (strcmp (unit, "century") == 0)
    r = ymd ((int) (y - floor_mod (y, 100)), 1, 1);
  else if (strcmp (unit, "decade") == 0)
    r = ymd ((int) (y - floor_mod (y, 10)), 1, 1);
  else if (strcmp (unit, "year") == 0)
    r = ymd (y, 1, 1);
  else if (strcmp (unit, "weekYear") == 0)
    {
      int wy;
      week_of (days, &wy, NULL);
      r = week1_monday (wy);
    }
  else if (strcmp (unit, "quarter") == 0)
    r = ymd (y, quarter_start_month ((m - 1) / 3 + 1), 1);
  else if (strcmp (unit, "month") == 0)
    r = ymd (y, m, 1);
  else if (strcmp (unit, "week") == 0)
    r = days - (day_of_week (days) - 1);
  else if (strcmp (unit, "day") == 0)
    r = days;
  else
    {
      *message = "unknown truncation unit for a date";
      return FALSE;
    }
  if (fields != NULL && fields->len > 0)
    {
      /* Override fields of the truncated date ({day: 2}, {dayOfWeek: 3}, ...). */
      KgMap *m2 = kg_map_new (fields->len + 1);
      KgValue base = kg_value_date (r);
      kg_map_set (m2, "date", &base);
      for (guint i = 0; i < fields->len; i++)
        {
          KgValue v;
          kg_value_copy (&fields->vals[i], &v);
          kg_map_set (m2, fields->keys[i], &v);
        }
      int code = kg_date_from_map (m2, &r, message);
      kg_map_unref (m2);
      if (code >= 0)
        return FALSE;
    }
  *out = r;
  return TRUE;
}

/* --- Times, date-times and durations -------------------------------------------- */

#define NS G_GINT64_CONSTANT (1000000000)
#define DAY_NS (86400 * NS)

static gboolean zone_offset (const char *zone, gint64 days, gint64 nanos, gint32 *offset);

GTimeZone *
kg_temporal_zone (const char *name)
{
  static GMutex lock;
  static GHashTable *cache; /* name -> GTimeZone, or NULL for an unknown name */
  if (name == NULL || !g_ascii_isalpha (name[0]) || strstr (name, "..") != NULL || strlen (name) > 64)
    return NULL;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/_-+", *p) == NULL)
      return NULL;
  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);
  gpointer tz = NULL;
  if (!g_hash_table_lookup_extended (cache, name, NULL, &tz))
    {
      const char *dir = g_getenv ("TZDIR");
      g_autofree char *path = g_build_filename (dir != NULL ? dir : "/usr/share/zoneinfo", name, NULL);
      tz = g_file_test (path, G_FILE_TEST_IS_REGULAR) ? g_time_zone_new_identifier (name) : NULL;
      if (g_hash_table_size (cache) < 1024) /* hostile input cannot grow it without bound */
        g_hash_table_insert (cache, g_strdup (name), tz);
    }
  g_mutex_unlock (&lock);
  return tz;
}

/* The UTC offset of time zone @zone at the instant @utc (seconds since the epoch). */
static gint32
zone_offset_at_utc (const char *zone, gint64 utc)
{
  GTimeZone *tz = kg_temporal_zone (zone);
  if (tz == NULL)
    return 0;
  gint i = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc);
  return i >= 0 ? g_time_zone_get_offset (tz, i) : 0;
}

/* Moves a local date-time that falls in a gap of @zone (a spring-forward hour) forward
 * by the gap, as the offset before it says: 02:30 becomes 03:30+02:00. */
static void
normalize_zoned (const char *zone, gint64 *days, gint64 *nanos, gint32 *offset)
{
  gint64 utc = *days * 86400 + *nanos / NS - *offset;
  gint32 actual = zone_offset_at_utc (zone, utc);
  if (actual == *offset)
    return;
  utc = *days * 86400 + *nanos / NS - actual;
  *offset = zone_offset_at_utc (zone, utc);
  gint64 local = utc + *offset;
  gint64 sub = *nanos % NS;
  *days = local / 86400 - (local % 86400 < 0 ? 1 : 0);
  *nanos = (local - *days * 86400) * NS + sub;
}

static KgValue
make_temporal (KgValueType type, gint64 days, gint64 nanos, gint32 offset, const char *zone)
{
  if (type == KG_VALUE_DATETIME && zone != NULL)
    normalize_zoned (zone, &days, &nanos, &offset);
  return kg_value_temporal (type, kg_temporal_new (days, nanos, offset, zone));
}

/* The UTC offset of time zone @zone at local date-time (@days, @nanos); FALSE for an
 * unknown zone. In a gap the later offset applies, in an overlap the earlier one. */
static gboolean
zone_offset (const char *zone, gint64 days, gint64 nanos, gint32 *offset)
{
  GTimeZone *tz = kg_temporal_zone (zone);
  if (tz == NULL)
    return FALSE;
  gint64 local = days * 86400 + nanos / NS;
  gint interval = g_time_zone_find_interval (tz, G_TIME_TYPE_DAYLIGHT, local);
  if (interval < 0)
    interval = g_time_zone_adjust_time (tz, G_TIME_TYPE_DAYLIGHT, &local);
  *offset = g_time_zone_get_offset (tz, interval);
  return TRUE;
}

/* Parses "Z", "+01:00", "+0100", "+01", "-08:30:15". */
static gboolean
parse_offset (const char **p, gint32 *offset)
{
  if (**p == 'Z' || **p == 'z')
    {
      (*p)++;
      *offset = 0;
      return TRUE;
    }
  if (**p != '+' && **p != '-')
    return FALSE;
  int sign = **p == '-' ? -1 : 1;
  (*p)++;
  gint64 h, m = 0, s = 0;
  if (!digits (p, 2, &h))
    return FALSE;
  if (**p == ':')
    {
      (*p)++;
      if (!digits (p, 2, &m))
        return FALSE;
      if (**p == ':')
        {
          (*p)++;
          if (!digits (p, 2, &s))
            return FALSE;
        }
    }
  else if (g_ascii_isdigit (**p) && !digits (p, 2, &m))
    return FALSE;
  if (h > 18 || m > 59 || s > 59 || h * 3600 + m * 60 + s > 18 * 3600)
    return FALSE; /* offsets reach +-18:00 at most */
  *offset = (gint32) (sign * (h * 3600 + m * 60 + s));
  return TRUE;
}

/* Parses "21", "21:40", "2140", "21:40:32", "214032", with a fraction ".142" or ",142". */
static gboolean
parse_time_of_day (const char **p, gint64 *nanos)
{
  gint64 h, m = 0, s = 0, frac = 0;
  if (!digits (p, 2, &h))
    return FALSE;
  gboolean colon = **p == ':';
  if (colon || g_ascii_isdigit (**p))
    {
      if (colon)
        (*p)++;
      if (!digits (p, 2, &m))
        return FALSE;
      if ((colon && **p == ':') || (!colon && g_ascii_isdigit (**p)))
        {
          if (colon)
            (*p)++;
          if (!digits (p, 2, &s))
            return FALSE;
          if (**p == '.' || **p == ',')
            {
              (*p)++;
              int n = 0;
              while (g_ascii_isdigit (**p))
                {
                  if (n < 9)
                    frac = frac * 10 + (**p - '0');
                  n++;
                  (*p)++;
                }
              if (n == 0)
                return FALSE;
              for (; n < 9; n++)
                frac *= 10;
            }
        }
    }
  if (h > 23 || m > 59 || s > 59)
    return FALSE;
  *nanos = ((h * 60 + m) * 60 + s) * NS + frac;
  return TRUE;
}

/* Offset and zone after a time: "+01:00", "Z", "[Europe/London]", "+01:00[Europe/London]". */
static gboolean
parse_zone_suffix (const char **p, gboolean *has_offset, gint32 *offset, char **zone)
{
  *has_offset = FALSE;
  *zone = NULL;
  if (**p == 'Z' || **p == 'z' || **p == '+' || **p == '-')
    {
      if (!parse_offset (p, offset))
        return FALSE;
      *has_offset = TRUE;
    }
  if (**p == '[')
    {
      const char *end = strchr (*p, ']');
      if (end == NULL)
        return FALSE;
      *zone = g_strndup (*p + 1, end - *p - 1);
      *p = end + 1;
    }
  return **p == '\0';
}

/* Parses an ISO 8601 duration: P1Y2M3W4DT5H6M7.5S (fractions allowed on any unit) or the
 * alternative form P2012-02-02T14:37:21.545. */
static gboolean
parse_duration (const char *text, KgTemporal *t)
{
  const char *p = text;
  int sign = 1;
  if (*p == '-' || *p == '+')
    sign = *p++ == '-' ? -1 : 1;
  if (*p != 'P' && *p != 'p')
    return FALSE;
  p++;
  /* Alternative format: PYYYY-MM-DDThh:mm:ss. */
  if (count_digits (p) == 4 && p[4] == '-')
    {
      gint64 y, mo, d, tn = 0;
      if (!digits (&p, 4, &y) || *p++ != '-' || !digits (&p, 2, &mo) || *p++ != '-' || !digits (&p, 2, &d))
        return FALSE;
      if (*p == 'T')
        {
          p++;
          if (!parse_time_of_day (&p, &tn))
            return FALSE;
        }
      if (*p != '\0')
        return FALSE;
      t->months = sign * (y * 12 + mo);
      t->days = sign * d;
      gint64 total = sign * tn;
      t->seconds = total / NS;
      t->nanos = total % NS;
      if (t->nanos < 0)
        {
          t->nanos += NS;
          t->seconds--;
        }
      return TRUE;
    }
  gboolean in_time = FALSE, any = FALSE;
  double months = 0, days = 0, seconds = 0;
  gint64 whole_seconds = 0, frac_nanos = 0;
  while (*p != '\0')
    {
      if (*p == 'T' || *p == 't')
        {
          if (in_time)
            return FALSE;
          in_time = TRUE;
          p++;
          continue;
        }
      char *end = NULL;
      double v = g_ascii_strtod (p, &end);
      if (end == p || end == NULL || *end == '\0')
        return FALSE;
      if (!isfinite (v) || fabs (v) > 1e17)
        return FALSE; /* out of range (and no NaN or infinities) */
      gboolean fractional = memchr (p, '.', end - p) != NULL || memchr (p, ',', end - p) != NULL;
      char unit = g_ascii_toupper (*end);
      p = end + 1;
      any = TRUE;
      if (!in_time)
        switch (unit)
          {
          case 'Y':
            months += v * 12;
            break;
          case 'M':
            months += v;
            break;
          case 'W':
            days += v * 7;
            break;
          case 'D':
            days += v;
            break;
          default:
            return FALSE;
          }
      else
        switch (unit)
          {
          case 'H':
            seconds += v * 3600;
            break;
          case 'M':
            seconds += v * 60;
            break;
          case 'S':
            if (fractional)
              {
                /* Keep nanosecond precision: split the text rather than trust the double. */
                whole_seconds += (gint64) v;
                double f = v - (double) (gint64) v;
                frac_nanos += (gint64) (f * 1e9 + (f >= 0 ? 0.5 : -0.5));
              }
            else
              whole_seconds += (gint64) v;
            break;
          default:
            return FALSE;
          }
    }
  if (!any || fabs (months) > 4e18 || fabs (days) > 4e18 || fabs (seconds) > 4e18)
    return FALSE;
  /* Fractions of months and days spill into the smaller units, as Neo4j does
   * (a month is 30.436875 days on average, a day 86400 seconds). */
  gint64 whole_months = (gint64) months;
  double day_total = days + (months - (double) whole_months) * 30.436875;
  gint64 whole_days = (gint64) day_total;
  double sec_total = seconds + (day_total - (double) whole_days) * 86400.0;
  gint64 sec_whole = (gint64) sec_total;
  gint64 nanos = (gint64) ((sec_total - (double) sec_whole) * 1e9 + 0.5) + frac_nanos;
  gint64 secs = sec_whole + whole_seconds + nanos / NS;
  nanos %= NS;
  if (nanos < 0)
    {
      nanos += NS;
      secs--;
    }
  t->months = sign * whole_months;
  t->days = sign * whole_days;
  if (sign < 0)
    {
      gint64 total_s = -secs, total_n = -nanos;
      if (total_n < 0)
        {
          total_n += NS;
          total_s--;
        }
      secs = total_s;
      nanos = total_n;
    }
  t->seconds = secs;
  t->nanos = nanos;
  return TRUE;
}

gboolean
kg_temporal_parse (KgValueType type, const char *text, KgValue *out)
{
  const char *p = text;
  gint64 nanos = 0;
  gint32 days = 0, offset = 0;
  gboolean has_offset = FALSE;
  g_autofree char *zone = NULL;
  switch (type)
    {
    case KG_VALUE_DURATION:
      {
        KgTemporal *t = kg_temporal_new (0, 0, 0, NULL);
        if (!parse_duration (text, t))
          {
            kg_temporal_unref (t);
            return FALSE;
          }
        *out = kg_value_temporal (type, t);
        return TRUE;
      }
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
      if (*p == 'T')
        p++;
      if (!parse_time_of_day (&p, &nanos) || !parse_zone_suffix (&p, &has_offset, &offset, &zone))
        return FALSE;
      if (type == KG_VALUE_LOCALTIME && (has_offset || zone != NULL))
        return FALSE;
      if (zone != NULL && (kg_temporal_zone (zone) == NULL || (!has_offset && !zone_offset (zone, 0, nanos, &offset))))
        return FALSE;
      *out = make_temporal (type, 0, nanos, offset, NULL);
      return TRUE;
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
      {
        const char *tpos = strchr (p, 'T');
        g_autofree char *date_text = g_strndup (p, tpos != NULL ? (gsize) (tpos - p) : strlen (p));
        if (!kg_date_parse (date_text, &days))
          return FALSE;
        if (tpos != NULL)
          {
            p = tpos + 1;
            if (!parse_time_of_day (&p, &nanos))
              return FALSE;
          }
        else
          p += strlen (p);
        if (!parse_zone_suffix (&p, &has_offset, &offset, &zone))
          return FALSE;
        if (type == KG_VALUE_LOCALDATETIME && (has_offset || zone != NULL))
          return FALSE;
        if (zone != NULL && (kg_temporal_zone (zone) == NULL || (!has_offset && !zone_offset (zone, days, nanos, &offset))))
          return FALSE;
        if (zone != NULL && has_offset)
          {
            /* An offset and a zone name the instant; show it with the zone's offset then
             * (2015-07-21T21:40Z[Europe/London] is 22:40+01:00 there). */
            gint64 utc = days * 86400 + nanos / NS - offset;
            offset = zone_offset_at_utc (zone, utc);
            gint64 local = utc + offset, sub = nanos % NS;
            days = local / 86400 - (local % 86400 < 0 ? 1 : 0);
            nanos = (local - days * 86400) * NS + sub;
          }
        *out = make_temporal (type, days, nanos, offset, zone);
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* --- Fields of temporal values -------------------------------------------------- */

gboolean
kg_temporal_field (const KgValue *v, const char *key, KgValue *out)
{
  if (v->type == KG_VALUE_DATE)
    return kg_date_field (v->u.date, key, out);
  const KgTemporal *t = v->u.t;
  if (v->type == KG_VALUE_DURATION)
    {
      gint64 total_ns_s = t->seconds, n = t->nanos;
      static const struct
      {
        const char *name;
        int what;
      } fields[] = {
        { "years", 0 },
        { "quarters", 1 },
        { "months", 2 },
        { "weeks", 3 },
        { "days", 4 },
        { "hours", 5 },
        { "minutes", 6 },
        { "seconds", 7 },
        { "milliseconds", 8 },
        { "microseconds", 9 },
        { "nanoseconds", 10 },
        { "quartersOfYear", 11 },
        { "monthsOfQuarter", 12 },
        { "monthsOfYear", 13 },
        { "daysOfWeek", 14 },
        { "minutesOfHour", 15 },
        { "secondsOfMinute", 16 },
        { "millisecondsOfSecond", 17 },
        { "microsecondsOfSecond", 18 },
        { "nanosecondsOfSecond", 19 },
      };
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (strcmp (fields[i].name, key) == 0)
          {
            gint64 r = 0;
            switch (fields[i].what)
              {
              case 0:
                r = t->months / 12;
                break;
              case 1:
                r = t->months / 3;
                break;
              case 2:
                r = t->months;
                break;
              case 3:
                r = t->days / 7;
                break;
              case 4:
                r = t->days;
                break;
              case 5:
                r = total_ns_s / 3600;
                break;
              case 6:
                r = total_ns_s / 60;
                break;
              case 7:
                r = total_ns_s;
                break;
              case 8:
                r = total_ns_s * 1000 + n / 1000000;
                break;
              case 9:
                r = total_ns_s * 1000000 + n / 1000;
                break;
              case 10:
                r = total_ns_s * NS + n;
                break;
              case 11:
                r = t->months / 3 % 4;
                break;
              case 12:
                r = t->months % 3;
                break;
              case 13:
                r = t->months % 12;
                break;
              case 14:
                r = t->days % 7;
                break;
              case 15:
                r = total_ns_s / 60 % 60;
                break;
              case 16:
                r = total_ns_s % 60;
                break;
              case 17:
                r = n / 1000000;
                break;
              case 18:
                r = n / 1000;
                break;
              case 19:
                r = n;
                break;
              }
            *out = kg_value_int (r);
            return TRUE;
          }
      return FALSE;
    }
  gboolean has_date = v->type == KG_VALUE_LOCALDATETIME || v->type == KG_VALUE_DATETIME;
  gboolean has_zone = v->type == KG_VALUE_TIME || v->type == KG_VALUE_DATETIME;
  gint64 secs = t->nanos / NS, frac = t->nanos % NS;
  if (strcmp (key, "hour") == 0)
    *out = kg_value_int (secs / 3600);
  else if (strcmp (key, "minute") == 0)
    *out = kg_value_int (secs / 60 % 60);
  else if (strcmp (key, "second") == 0)
    *out = kg_value_int (secs % 60);
  else if (strcmp (key, "millisecond") == 0)
    *out = kg_value_int (frac / 1000000);
  else if (strcmp (key, "microsecond") == 0)
    *out = kg_value_int (frac / 1000);
  else if (strcmp (key, "nanosecond") == 0)
    *out = kg_value_int (frac);
  else if (has_zone && (strcmp (key, "timezone") == 0 || strcmp (key, "offset") == 0))
    {
      GString *s = g_string_new (NULL);
      if (key[0] == 't' && t->zone != NULL)
        g_string_append (s, t->zone);
      else if (t->offset == 0 && key[0] == 'o')
        g_string_append (s, "+00:00");
      else
        kg_offset_append (s, t->offset);
      *out = kg_value_string (s->str);
      g_string_free (s, TRUE);
    }
  else if (has_zone && strcmp (key, "offsetMinutes") == 0)
    *out = kg_value_int (t->offset / 60);
  else if (has_zone && strcmp (key, "offsetSeconds") == 0)
    *out = kg_value_int (t->offset);
  else if (v->type == KG_VALUE_DATETIME && strcmp (key, "epochSeconds") == 0)
    *out = kg_value_int (t->days * 86400 + secs - t->offset);
  else if (v->type == KG_VALUE_DATETIME && strcmp (key, "epochMillis") == 0)
    *out = kg_value_int ((t->days * 86400 + secs - t->offset) * 1000 + frac / 1000000);
  else if (has_date)
    return kg_date_field ((gint32) t->days, key, out);
  else
    return FALSE;
  return TRUE;
}

/* --- Construction from maps ----------------------------------------------------- */

static gboolean
int_field (const KgMap *m, const char *key, gint64 *out, gboolean *present)
{
  const KgValue *v = kg_map_get (m, key);
  *present = v != NULL && v->type != KG_VALUE_NULL;
  if (!*present)
    return TRUE;
  if (v->type != KG_VALUE_INT)
    return FALSE;
  *out = v->u.i;
  return TRUE;
}

/* The days and time of day of a temporal base value, and whether it has them. */
static void
split_base (const KgValue *b, gboolean *has_date, gint64 *days, gboolean *has_time, gint64 *nanos, gboolean *has_zone, gint32 *offset, const char **zone)
{
  *has_date = *has_time = *has_zone = FALSE;
  switch (b->type)
    {
    case KG_VALUE_DATE:
      *has_date = TRUE;
      *days = b->u.date;
      break;
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
      *has_date = TRUE;
      *days = b->u.t->days;
      /* fall through */
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
      *has_time = TRUE;
      *nanos = b->u.t->nanos;
      if (b->type == KG_VALUE_TIME || b->type == KG_VALUE_DATETIME)
        {
          *has_zone = TRUE;
          *offset = b->u.t->offset;
          *zone = b->u.t->zone;
        }
      break;
    default:
      break;
    }
}

/* A timezone value: "+01:00" or a zone name. */
static gboolean
parse_timezone (const char *text, gboolean *fixed, gint32 *offset)
{
  const char *p = text;
  if ((*p == '+' || *p == '-' || *p == 'Z' || *p == 'z') && parse_offset (&p, offset) && *p == '\0')
    {
      *fixed = TRUE;
      return TRUE;
    }
  *fixed = FALSE;
  return kg_temporal_zone (text) != NULL;
}

int
kg_temporal_from_map (KgValueType type, const KgMap *m, KgValue *out, const char **message)
{
  static const char *const date_keys[] = { "year", "month", "day", "week", "dayOfWeek", "quarter", "dayOfQuarter", "ordinalDay", NULL };
  static const char *const time_keys[] = { "hour", "minute", "second", "millisecond", "microsecond", "nanosecond", NULL };
  gboolean want_date = type == KG_VALUE_LOCALDATETIME || type == KG_VALUE_DATETIME;
  gboolean want_zone = type == KG_VALUE_TIME || type == KG_VALUE_DATETIME;

  /* Bases: {date: ..}, {time: ..}, {datetime: ..} give defaults for what the map omits. */
  gboolean bd = FALSE, bt = FALSE, bz = FALSE, bd_zoned = FALSE;
  gint64 bdays = 0, bnanos = 0;
  gint32 boff = 0;
  const char *bzone = NULL;
  static const char *const base_keys[] = { "datetime", "date", "time" };
  for (guint i = 0; i < G_N_ELEMENTS (base_keys); i++)
    {
      const KgValue *b = kg_map_get (m, base_keys[i]);
      if (b == NULL || b->type == KG_VALUE_NULL)
        continue;
      if (b->type != KG_VALUE_DATE && !kg_value_type_is_temporal (b->type))
        {
          *message = "a base value must be a temporal value";
          return KG_QUERY_ERROR_TYPE;
        }
      gboolean hd, ht, hz;
      gint64 d = 0, n = 0;
      gint32 o = 0;
      const char *z = NULL;
      split_base (b, &hd, &d, &ht, &n, &hz, &o, &z);
      if (hd && i < 2)
        bd = TRUE, bdays = d;
      if (ht && (i == 0 || i == 2))
        bt = TRUE, bnanos = n;
      if (hz && (i == 0 || i == 2))
        bz = TRUE, boff = o, bzone = z;
      if (hd && i < 2 && hz)
        bd_zoned = TRUE;
    }

  /* A zoned base moved to another timezone keeps its instant: convert it first; the
   * map's fields then override the converted value. */
  const KgValue *tz_first = kg_map_get (m, "timezone");
  /* A named zone that comes with the time but not with the date: its offset depends on
   * the date the map ends up with, so the conversion waits for the date part. */
  gboolean convert_later = bz && bt && want_date && bzone != NULL && !(bd && bd_zoned);
  if (bz && bt && want_zone && tz_first != NULL && tz_first->type == KG_VALUE_STRING && !convert_later)
    {
      gboolean fixed;
      gint32 o = 0;
      if (parse_timezone (tz_first->u.s, &fixed, &o))
        {
          gint64 base_days = bd && bd_zoned ? bdays : 0;
          if (!fixed)
            zone_offset (tz_first->u.s, base_days, bnanos, &o);
          gint64 local = base_days * DAY_NS + bnanos + (gint64) (o - boff) * NS;
          gint64 ld = local / DAY_NS, ln = local % DAY_NS;
          if (ln < 0)
            ln += DAY_NS, ld--;
          if (bd && bd_zoned)
            bdays = ld;
          bnanos = ln;
          boff = o;
        }
    }

  gboolean any_date_key = FALSE;
  for (guint i = 0; i < m->len; i++)
    {
      const char *k = m->keys[i];
      if (g_strv_contains (date_keys, k))
        any_date_key = TRUE;
      else if (!g_strv_contains (time_keys, k) && strcmp (k, "timezone") != 0 && strcmp (k, "date") != 0 &&
               strcmp (k, "time") != 0 && strcmp (k, "datetime") != 0 && strcmp (k, "epochSeconds") != 0 &&
               strcmp (k, "epochMillis") != 0)
        {
          *message = "unknown field";
          return KG_QUERY_ERROR_ARGUMENT;
        }
      if (!want_date && g_strv_contains (date_keys, k))
        {
          *message = "a time has no date fields";
          return KG_QUERY_ERROR_ARGUMENT;
        }
    }

  /* Epoch forms: datetime({epochSeconds: s, nanosecond: n}), datetime({epochMillis: ms}). */
  gint64 epoch = 0, nano_extra = 0;
  gboolean pe = FALSE, pm = FALSE, pn = FALSE;
  if (!int_field (m, "epochSeconds", &epoch, &pe) || !int_field (m, "epochMillis", &epoch, &pm))
    {
      *message = "epoch fields must be integers";
      return KG_QUERY_ERROR_TYPE;
    }
  gint64 days = 0, nanos = 0;
  if (pe || pm)
    {
      if (type != KG_VALUE_DATETIME)
        {
          *message = "epoch fields make a datetime";
          return KG_QUERY_ERROR_ARGUMENT;
        }
      int_field (m, "nanosecond", &nano_extra, &pn);
      gint64 total_ns = pe ? nano_extra : (epoch % 1000) * 1000000 + nano_extra;
      gint64 secs = pe ? epoch : epoch / 1000;
      if (pm && epoch % 1000 < 0)
        secs--, total_ns += NS;
      days = secs / 86400;
      gint64 rem = secs % 86400;
      if (rem < 0)
        rem += 86400, days--;
      nanos = rem * NS + total_ns;
      if (days < G_MININT32 || days > G_MAXINT32 || nano_extra < 0 || nano_extra >= NS)
        {
          *message = "epoch value out of range";
          return KG_QUERY_ERROR_ARGUMENT;
        }
      *out = make_temporal (type, days, nanos, 0, NULL);
      return -1;
    }

  /* Date part. */
  if (want_date)
    {
      if (any_date_key || !bd)
        {
          KgMap *dm = kg_map_new (m->len + 1);
          for (guint i = 0; i < m->len; i++)
            if (g_strv_contains (date_keys, m->keys[i]))
              {
                KgValue c;
                kg_value_copy (&m->vals[i], &c);
                kg_map_set (dm, m->keys[i], &c);
              }
          if (bd)
            {
              KgValue dv = kg_value_date ((gint32) bdays);
              kg_map_set (dm, "date", &dv);
            }
          gint32 d32;
          int code = kg_date_from_map (dm, &d32, message);
          kg_map_unref (dm);
          if (code >= 0)
            return code;
          days = d32;
        }
      else
        days = bdays;
    }
  if (convert_later && tz_first != NULL && tz_first->type == KG_VALUE_STRING)
    {
      gboolean fixed;
      gint32 o = 0;
      if (parse_timezone (tz_first->u.s, &fixed, &o))
        {
          zone_offset (bzone, days, bnanos, &boff);
          if (!fixed)
            zone_offset (tz_first->u.s, days, bnanos, &o);
          bnanos = floor_mod (bnanos + (gint64) (o - boff) * NS, DAY_NS);
          boff = o;
        }
    }

  /* Time part: fields override the base; a smaller unit without a larger one is an error. */
  gint64 f[6] = { 0 };
  gboolean present[6];
  gboolean any_time = FALSE;
  for (int i = 0; i < 6; i++)
    {
      if (!int_field (m, time_keys[i], &f[i], &present[i]))
        {
          *message = "time fields must be integers";
          return KG_QUERY_ERROR_TYPE;
        }
      any_time |= present[i];
    }
  if (any_time || !bt)
    {
      gint64 bs = bnanos / NS, bf = bnanos % NS;
      gint64 h = present[0] ? f[0] : (bt ? bs / 3600 : 0);
      gint64 mi = present[1] ? f[1] : (bt ? bs / 60 % 60 : 0);
      gint64 se = present[2] ? f[2] : (bt ? bs % 60 : 0);
      gint64 sub;
      if (present[3] || present[4] || present[5])
        {
          if ((present[3] && f[3] > 999) || (present[4] && f[4] > (present[3] ? 999 : 999999)) ||
              (present[5] && f[5] > (present[4] ? 999 : present[3] ? 999999
                                                                   : 999999999)))
            {
              *message = "sub-second field out of range";
              return KG_QUERY_ERROR_ARGUMENT;
            }
          sub = (present[3] ? f[3] * 1000000 : 0) + (present[4] ? f[4] * 1000 : 0) + (present[5] ? f[5] : 0);
          if (bt && !(present[5] && f[5] >= 1000 && !present[3] && !present[4]) &&
              !(present[4] && f[4] >= 1000 && !present[3]))
            {
              /* Over a base, each sub-second field replaces only its own digits
               * (truncate('millisecond', t, {nanosecond: 2}) keeps the milliseconds). */
              gint64 ms = present[3] ? f[3] : bf / 1000000;
              gint64 us = present[4] ? f[4] : bf / 1000 % 1000;
              gint64 ns = present[5] ? f[5] : bf % 1000;
              sub = ms * 1000000 + us * 1000 + ns;
            }
        }
      else
        sub = bt ? bf : 0;
      if (!bt && ((present[1] && !present[0]) || (present[2] && !present[1]) ||
                  ((present[3] || present[4] || present[5]) && !present[2])))
        {
          *message = "a smaller time unit needs the larger ones";
          return KG_QUERY_ERROR_ARGUMENT;
        }
      if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 || sub < 0)
        {
          *message = "time field out of range";
          return KG_QUERY_ERROR_ARGUMENT;
        }
      nanos = ((h * 60 + mi) * 60 + se) * NS + sub;
    }
  else
    nanos = bnanos;

  /* Zone. */
  gint32 offset = 0;
  const char *zone = NULL;
  g_autofree char *zone_owned = NULL;
  const KgValue *tzv = kg_map_get (m, "timezone");
  if (tzv != NULL && tzv->type != KG_VALUE_NULL)
    {
      if (!want_zone)
        {
          *message = "a local value has no timezone";
          return KG_QUERY_ERROR_ARGUMENT;
        }
      if (tzv->type != KG_VALUE_STRING)
        {
          *message = "timezone must be a string";
          return KG_QUERY_ERROR_TYPE;
        }
      gboolean fixed;
      gint32 o = 0;
      if (!parse_timezone (tzv->u.s, &fixed, &o))
        {
          *message = "unknown timezone";
          return KG_QUERY_ERROR_ARGUMENT;
        }
      if (!fixed)
        {
          zone_owned = g_strdup (tzv->u.s);
          zone = zone_owned;
        }
      if (!fixed)
        zone_offset (zone, days, nanos, &o);
      offset = o;
    }
  else if (bz)
    {
      offset = boff;
      zone = bzone;
      if (zone != NULL && want_date)
        zone_offset (zone, days, nanos, &offset);
    }
  if (type == KG_VALUE_TIME || type == KG_VALUE_LOCALTIME)
    days = 0;
  *out = make_temporal (type, days, nanos, want_zone ? offset : 0, type == KG_VALUE_DATETIME ? zone : NULL);
  return -1;
}

/* --- Durations from maps -------------------------------------------------------- */

int
kg_duration_from_map (const KgMap *m, KgValue *out, const char **message)
{
  static const char *const keys[] = { "years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds", "nanoseconds", NULL };
  double months = 0, days = 0, secs = 0;
  gint64 whole_s = 0, whole_ns = 0;
  for (guint i = 0; i < m->len; i++)
    {
      const KgValue *v = &m->vals[i];
      if (!g_strv_contains (keys, m->keys[i]))
        {
          *message = "unknown duration field";
          return KG_QUERY_ERROR_ARGUMENT;
        }
      if (v->type == KG_VALUE_NULL)
        continue;
      if (!kg_value_is_number (v))
        {
          *message = "duration fields must be numbers";
          return KG_QUERY_ERROR_TYPE;
        }
      double x = v->type == KG_VALUE_INT ? (double) v->u.i : v->u.f;
      const char *k = m->keys[i];
      if (strcmp (k, "years") == 0)
        months += x * 12;
      else if (strcmp (k, "quarters") == 0)
        months += x * 3;
      else if (strcmp (k, "months") == 0)
        months += x;
      else if (strcmp (k, "weeks") == 0)
        days += x * 7;
      else if (strcmp (k, "days") == 0)
        days += x;
      else if (strcmp (k, "hours") == 0)
        secs += x * 3600;
      else if (strcmp (k, "minutes") == 0)
        secs += x * 60;
      else if (strcmp (k, "seconds") == 0 || strcmp (k, "milliseconds") == 0 || strcmp (k, "microseconds") == 0 ||
               strcmp (k, "nanoseconds") == 0)
        {
          gint64 per_s = k[1] == 'e' ? 1 : k[1] == 'i' && k[2] == 'l' ? 1000
                                       : k[1] == 'i'                  ? 1000000
                                                                      : NS;
          if (v->type == KG_VALUE_INT)
            {
              /* Whole seconds and nanoseconds apart, so large counts do not overflow. */
              if (__builtin_add_overflow (whole_s, v->u.i / per_s, &whole_s))
                goto range;
              whole_ns += (v->u.i % per_s) * (NS / per_s);
            }
          else
            secs += x / (double) per_s;
        }
    }
  /* Beyond about 2^62 the integer parts cannot be held (nor converted safely). */
  if (!isfinite (months) || !isfinite (days) || !isfinite (secs) || fabs (months) > 4e18 || fabs (days) > 4e18 ||
      fabs (secs) > 4e18)
    goto range;
  gint64 wm = (gint64) months;
  double dt = days + (months - (double) wm) * 30.436875;
  if (fabs (dt) > 4e18)
    goto range;
  gint64 wd = (gint64) dt;
  double st = secs + (dt - (double) wd) * 86400.0;
  if (fabs (st) > 4e18)
    goto range;
  gint64 ws = (gint64) st;
  gint64 ns = whole_ns + (gint64) ((st - (double) ws) * 1e9 + (st >= (double) ws ? 0.5 : -0.5));
  gint64 total_s;
  if (__builtin_add_overflow (whole_s, ws, &total_s) || __builtin_add_overflow (total_s, ns / NS, &total_s))
    goto range;
  KgTemporal *t = kg_temporal_new (wd, 0, 0, NULL);
  t->months = wm;
  t->seconds = total_s;
  t->nanos = ns % NS;
  if (t->nanos < 0)
    {
      t->nanos += NS;
      t->seconds--;
    }
  *out = kg_value_temporal (KG_VALUE_DURATION, t);
  return -1;
range:
  *message = "duration out of range";
  return KG_QUERY_ERROR_ARGUMENT;
}

/* --- Arithmetic ----------------------------------------------------------------- */

/* Adds @months to a date, keeping the day unless the month is shorter. */
static gint64
plus_months (gint64 days, gint64 months)
{
  int y, m, d;
  kg_date_to_ymd ((gint32) days, &y, &m, &d);
  gint64 total = (gint64) y * 12 + (m - 1) + months;
  gint64 ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
  int nm = (int) (total - ny * 12) + 1;
  if (ny < -5000000 || ny > 5000000)
    return G_MININT64; /* beyond the dates kgq holds */
  int dim = days_in_month (ny, nm);
  return ymd ((int) ny, nm, MIN (d, dim));
}

gboolean
kg_temporal_add (const KgValue *t, const KgValue *dur, int sign, KgValue *out)
{
  const KgTemporal *d = dur->u.t;
  /* Far beyond the dates kgq holds (about 5.8 million years either way). */
  if (d->months > G_GINT64_CONSTANT (120000000) || d->months < -G_GINT64_CONSTANT (120000000) ||
      d->days > G_GINT64_CONSTANT (4000000000) || d->days < -G_GINT64_CONSTANT (4000000000) ||
      d->seconds > G_GINT64_CONSTANT (400000000000000) || d->seconds < -G_GINT64_CONSTANT (400000000000000))
    return FALSE;
  gint64 months = sign * d->months, ddays = sign * d->days, dur_days = ddays;
  /* The time part as whole days plus less than a day of nanoseconds, both with the sign
   * of the whole (seconds * NS alone would overflow for long durations). */
  gint64 ds = sign * d->seconds, day_carry = ds / 86400;
  gint64 dn = (ds % 86400) * NS + sign * d->nanos;
  if (day_carry < 0 && dn > 0)
    day_carry++, dn -= DAY_NS;
  else if (day_carry > 0 && dn < 0)
    day_carry--, dn += DAY_NS;
  ddays += day_carry;
  switch (t->type)
    {
    case KG_VALUE_DATE:
      {
        gint64 moved = plus_months (t->u.date, months);
        if (moved == G_MININT64)
          return FALSE;
        gint64 days = moved + ddays + dn / DAY_NS;
        if (days < G_MININT32 || days > G_MAXINT32)
          return FALSE;
        *out = kg_value_date ((gint32) days);
        return TRUE;
      }
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
      {
        gint64 n = (t->u.t->nanos + dn % DAY_NS + DAY_NS) % DAY_NS;
        *out = make_temporal (t->type, 0, n, t->u.t->offset, NULL);
        return TRUE;
      }
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
      {
        const KgTemporal *s = t->u.t;
        gint64 moved = plus_months (s->days, months);
        if (moved == G_MININT64)
          return FALSE;
        gint64 days = moved + ddays;
        gint64 n = s->nanos + dn;
        days += n / DAY_NS;
        n %= DAY_NS;
        if (n < 0)
          n += DAY_NS, days--;
        if (days < G_MININT32 || days > G_MAXINT32)
          return FALSE;
        gint32 offset = s->offset;
        if (s->zone != NULL)
          {
            /* Months and days move the wall clock; the time part moves the instant. */
            gint64 wall_days = moved + dur_days, wall_n = s->nanos;
            zone_offset (s->zone, wall_days, wall_n, &offset);
            normalize_zoned (s->zone, &wall_days, &wall_n, &offset);
            gint64 sub = wall_n % NS + sign * d->nanos;
            gint64 utc = wall_days * 86400 + wall_n / NS - offset + ds + sub / NS;
            sub %= NS;
            if (sub < 0)
              sub += NS, utc--;
            offset = zone_offset_at_utc (s->zone, utc);
            gint64 local = utc + offset;
            days = local / 86400 - (local % 86400 < 0 ? 1 : 0);
            n = (local - days * 86400) * NS + sub;
          }
        *out = make_temporal (t->type, days, n, offset, s->zone);
        return TRUE;
      }
    default:
      return FALSE;
    }
}

static KgValue
make_duration (gint64 months, gint64 days, gint64 nanos_total_s, gint64 nanos)
{
  KgTemporal *t = kg_temporal_new (days, 0, 0, NULL);
  t->months = months;
  gint64 s = nanos_total_s + nanos / NS;
  gint64 n = nanos % NS;
  if (n < 0)
    n += NS, s--;
  t->seconds = s;
  t->nanos = n;
  return kg_value_temporal (KG_VALUE_DURATION, t);
}

gboolean
kg_duration_add (const KgValue *a, const KgValue *b, int sign, KgValue *out)
{
  const KgTemporal *x = a->u.t, *y = b->u.t;
  gint64 mo, d, s;
  if (__builtin_add_overflow (x->months, sign * y->months, &mo) || __builtin_add_overflow (x->days, sign * y->days, &d) ||
      __builtin_add_overflow (x->seconds, sign * y->seconds, &s) || s == G_MAXINT64 || s == G_MININT64)
    return FALSE;
  *out = make_duration (mo, d, s, x->nanos + sign * y->nanos);
  return TRUE;
}

gboolean
kg_duration_scale (const KgValue *a, double factor, KgValue *out)
{
  const KgTemporal *x = a->u.t;
  if (!isfinite (factor))
    return FALSE;
  double months = (double) x->months * factor;
  if (fabs (months) > 4e18)
    return FALSE;
  gint64 wm = (gint64) months;
  double days = (double) x->days * factor + (months - (double) wm) * 30.436875;
  if (fabs (days) > 4e18)
    return FALSE;
  gint64 wd = (gint64) days;
  /* Seconds and nanoseconds scale apart so the nanoseconds keep their precision. */
  long double secs = (long double) x->seconds * factor + (long double) (days - (double) wd) * 86400.0L;
  if (fabsl (secs) > 4e18L)
    return FALSE;
  gint64 ws = (gint64) floorl (secs);
  /* Whole nanoseconds, truncated (half a nanosecond is none); the small bias absorbs
   * floating-point error just below a whole nanosecond. */
  gint64 ns = (gint64) floorl ((secs - (long double) ws) * 1e9L + (long double) x->nanos * factor + 1e-3L);
  *out = make_duration (wm, wd, ws, ns);
  return TRUE;
}

/* --- duration.between ----------------------------------------------------------- */

typedef struct
{
  gboolean has_date, has_time, has_zone;
  gint64 days, nanos;
  gint32 offset;
  const char *zone;
} Parts;

static gboolean
parts_of (const KgValue *v, Parts *p)
{
  memset (p, 0, sizeof *p);
  switch (v->type)
    {
    case KG_VALUE_DATE:
      p->has_date = TRUE;
      p->days = v->u.date;
      return TRUE;
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
      p->has_date = TRUE;
      p->days = v->u.t->days;
      /* fall through */
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
      p->has_time = TRUE;
      p->nanos = v->u.t->nanos;
      p->has_zone = v->type == KG_VALUE_TIME || v->type == KG_VALUE_DATETIME;
      p->offset = v->u.t->offset;
      p->zone = v->u.t->zone;
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whole months from (d1, n1) to (d2, n2), as java.time counts them. */
static gint64
months_until (gint64 d1, gint64 n1, gint64 d2, gint64 n2)
{
  if (d2 > d1 && n2 < n1)
    d2--;
  else if (d2 < d1 && n2 > n1)
    d2++;
  int y1, m1, a1, y2, m2, a2;
  kg_date_to_ymd ((gint32) d1, &y1, &m1, &a1);
  kg_date_to_ymd ((gint32) d2, &y2, &m2, &a2);
  gint64 p1 = ((gint64) y1 * 12 + m1 - 1) * 32 + a1, p2 = ((gint64) y2 * 12 + m2 - 1) * 32 + a2;
  return (p2 - p1) / 32;
}

static gint64
days_until (gint64 d1, gint64 n1, gint64 d2, gint64 n2)
{
  if (d2 > d1 && n2 < n1)
    d2--;
  else if (d2 < d1 && n2 > n1)
    d2++;
  return d2 - d1;
}

/* @unit: 0 between, 1 inMonths, 2 inDays, 3 inSeconds. */
gboolean
kg_duration_between (const KgValue *from, const KgValue *to, int unit, KgValue *out)
{
  Parts a, b;
  if (!parts_of (from, &a) || !parts_of (to, &b))
    return FALSE;
  /* A side without a time is at midnight (before any shift between zones). */
  if (!a.has_time)
    a.nanos = 0;
  if (!b.has_time)
    b.nanos = 0;
  /* A local side is taken to be in the other side's zone (and a date-only side at its
   * midnight there). */
  if (a.has_zone != b.has_zone)
    {
      Parts *z = a.has_zone ? &a : &b, *l = a.has_zone ? &b : &a;
      gint64 on_day = l->has_date ? l->days : z->days;
      l->offset = z->offset;
      if (z->zone != NULL)
        zone_offset (z->zone, on_day, l->has_time ? l->nanos : 0, &l->offset);
      l->has_zone = TRUE;
    }
  /* Zoned against zoned: look at @to from @from's offset. A time-only side has no date;
   * a date-only side starts at midnight. */
  if (a.has_zone && b.has_zone && a.offset != b.offset)
    {
      gint64 shift = (gint64) (a.offset - b.offset) * NS;
      gint64 n = b.nanos + shift;
      if (b.has_date)
        {
          b.days += n >= 0 ? n / DAY_NS : -((-n + DAY_NS - 1) / DAY_NS);
          n -= (n >= 0 ? n / DAY_NS : -((-n + DAY_NS - 1) / DAY_NS)) * DAY_NS;
        }
      else
        n = ((n % DAY_NS) + DAY_NS) % DAY_NS;
      b.nanos = n;
    }
  gboolean dates = a.has_date && b.has_date;
  gint64 months = 0, days = 0, d1 = a.days, n1 = a.nanos;
  if (dates && (unit == 0 || unit == 1))
    {
      months = months_until (d1, n1, b.days, b.nanos);
      if (unit == 1)
        {
          *out = make_duration (months, 0, 0, 0);
          return TRUE;
        }
      d1 = plus_months (d1, months);
    }
  if (dates && (unit == 0 || unit == 2))
    {
      days = days_until (d1, n1, b.days, b.nanos);
      if (unit == 2)
        {
          *out = make_duration (0, days, 0, 0);
          return TRUE;
        }
      d1 += days;
    }
  if (unit == 1 || unit == 2)
    {
      *out = make_duration (0, 0, 0, 0);
      return TRUE;
    }
  /* Whole seconds apart from nanoseconds: spans of centuries overflow in nanoseconds. */
  *out = make_duration (months, days, dates ? (b.days - d1) * 86400 : 0, b.nanos - n1);
  return TRUE;
}
