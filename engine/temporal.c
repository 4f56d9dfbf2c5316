/* engine/temporal.c — the DATE parts of Cypher's temporal functions: ISO 8601 date
 * strings in all their forms (calendar, week, ordinal, reduced precision), date maps
 * ({year, month, day}, {year, week, dayOfWeek}, {year, quarter, dayOfQuarter},
 * {year, ordinalDay}, {date: d, ...}), the fields of a date (d.year, d.week, ...), and
 * date.truncate().
 *
 * kgq has no time, datetime or duration values yet; those functions are not here.
 * Pure computation: no graph, no printing.
 */
#include "engine/expr-private.h"

#include <string.h>

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

static gboolean
is_leap (gint64 y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
quarter_start_month (int quarter)
{
  return (quarter - 1) * 3 + 1;
}

/* --- Fields --------------------------------------------------------------------- */

gboolean
kg_expr_date_field (gint32 days, const char *key, KgValue *out)
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
kg_expr_date_from_map (const KgMap *m, gint32 *days, const char **message)
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
            kg_expr_date_field (base->u.date, "weekYear", &f), y = f.u.i;
          kg_expr_date_field (base->u.date, "dayOfWeek", &f);
          b = f.u.i;
          kg_expr_date_field (base->u.date, "week", &f);
          a = week != ABSENT ? week : f.u.i;
          b = dow != ABSENT ? dow : b;
          break;
        case FORM_ORDINAL:
          if (y == ABSENT)
            kg_expr_date_field (base->u.date, "year", &f), y = f.u.i;
          a = ordinal;
          break;
        case FORM_QUARTER:
          if (y == ABSENT)
            kg_expr_date_field (base->u.date, "year", &f), y = f.u.i;
          kg_expr_date_field (base->u.date, "dayOfQuarter", &f);
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
kg_expr_date_parse_iso (const char *text, gint32 *days)
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
kg_expr_date_truncate (const char *unit, gint32 days, const KgMap *fields, gint32 *out, const char **message)
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
      int code = kg_expr_date_from_map (m2, &r, message);
      kg_map_unref (m2);
      if (code >= 0)
        return FALSE;
    }
  *out = r;
  return TRUE;
}
