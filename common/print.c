/* common/print.c — kg_value_print(), the one value printer (see print.h).
 *
 * One recursive walk serves every style, the way jq's jv_dump_term() serves every
 * output flag: the style decides how strings, temporal values, containers and entities
 * are spelt, and everything else (the float format, string escapes, ISO 8601 text,
 * property order) is shared. Nodes and relationships are looked up through the
 * printer's callback, so this file needs no graph. It builds text and keeps no state.
 */
#include "common/print.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NANOS_PER_SECOND G_GINT64_CONSTANT (1000000000)

/* --- Scalars -------------------------------------------------------------------- */

void
kg_float_append (GString *out, double f)
{
  if (isnan (f))
    {
      g_string_append (out, "NaN");
      return;
    }
  if (isinf (f))
    {
      g_string_append (out, f < 0 ? "-Infinity" : "Infinity");
      return;
    }
  if (f == 0.0)
    {
      g_string_append (out, signbit (f) ? "-0.0" : "0.0");
      return;
    }

  /* Any decimal of at most 15 significant digits survives a trip through a double
   * (DBL_DIG), so when the shortest text has 15 digits or fewer, the 15-digit rounding
   * is it with zeros after; else 16 or 17 digits are needed. Three tries at most, but
   * subnormal numbers, which hold fewer digits, search from one digit up. */
  char buf[64];
  int prec;
  for (prec = fabs (f) < DBL_MIN ? 1 : 15; prec <= 17; prec++)
    {
      snprintf (buf, sizeof buf, "%.*e", prec - 1, f);
      if (strtod (buf, NULL) == f)
        break;
    }
  /* buf is [-]d[.ddd]e[+-]XX: split into sign, digits and exponent. */
  const char *p = buf;
  gboolean neg = FALSE;
  if (*p == '-')
    {
      neg = TRUE;
      p++;
    }
  char digits[32];
  int nd = 0;
  for (; *p != 'e'; p++)
    if (*p != '.')
      digits[nd++] = *p;
  while (nd > 1 && digits[nd - 1] == '0')
    nd--;
  digits[nd] = '\0';
  int exp10 = atoi (p + 1);

  if (neg)
    g_string_append_c (out, '-');
  if (exp10 >= -4 && exp10 < 16)
    {
      if (exp10 < 0)
        {
          g_string_append (out, "0.");
          for (int i = -1; i > exp10; i--)
            g_string_append_c (out, '0');
          g_string_append (out, digits);
        }
      else
        {
          for (int i = 0; i <= exp10; i++)
            g_string_append_c (out, i < nd ? digits[i] : '0');
          g_string_append_c (out, '.');
          if (nd > exp10 + 1)
            g_string_append (out, digits + exp10 + 1);
          else
            g_string_append_c (out, '0');
        }
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (nd > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%d", exp10);
    }
}

void
kg_string_append_quoted (GString *out, const char *s, char quote, gboolean upper_hex)
{
  g_string_append_c (out, quote);
  for (const char *p = s; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;
      switch (c)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (c == (unsigned char) quote)
            {
              g_string_append_c (out, '\\');
              g_string_append_c (out, quote);
            }
          else if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, upper_hex ? "\\u%04X" : "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, quote);
}

void
kg_string_append_name (GString *out, const char *name)
{
  gboolean plain = g_ascii_isalpha (name[0]) || name[0] == '_';
  for (const char *p = name; plain && *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      plain = FALSE;
  if (plain)
    {
      g_string_append (out, name);
      return;
    }
  g_string_append_c (out, '`');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '`')
        g_string_append_c (out, '`'); /* `` is an escaped backquote */
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '`');
}

/* --- Temporal text ------------------------------------------------------------- */

static void
append_time_of_day (GString *out, gint64 nanos)
{
  gint64 secs = nanos / NANOS_PER_SECOND, frac = nanos % NANOS_PER_SECOND;
  g_string_append_printf (out, "%02d:%02d", (int) (secs / 3600), (int) (secs / 60 % 60));
  if (secs % 60 != 0 || frac != 0)
    g_string_append_printf (out, ":%02d", (int) (secs % 60));
  if (frac != 0)
    {
      if (frac % 1000000 == 0)
        g_string_append_printf (out, ".%03d", (int) (frac / 1000000));
      else if (frac % 1000 == 0)
        g_string_append_printf (out, ".%06d", (int) (frac / 1000));
      else
        g_string_append_printf (out, ".%09d", (int) frac);
    }
}

void
kg_offset_append (GString *out, gint32 offset)
{
  if (offset == 0)
    {
      g_string_append_c (out, 'Z');
      return;
    }
  gint32 a = ABS (offset);
  g_string_append_printf (out, "%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
  if (a % 60 != 0)
    g_string_append_printf (out, ":%02d", a % 60);
}

static void
append_date_days (GString *out, gint64 days)
{
  char buf[16];
  kg_date_format ((gint32) CLAMP (days, G_MININT32, G_MAXINT32), buf);
  g_string_append (out, buf);
}

static void
append_duration (GString *out, const KgTemporal *t)
{
  g_string_append_c (out, 'P');
  gint64 years = t->months / 12, months = t->months % 12;
  if (years != 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "Y", years);
  if (months != 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "M", months);
  if (t->days != 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "D", t->days);
  /* seconds + nanos as sign and magnitude (nanos is kept in 0..1e9-1). */
  gboolean neg = t->seconds < 0;
  guint64 s, n;
  if (neg && t->nanos > 0)
    {
      s = (guint64) 0 - (guint64) (t->seconds + 1);
      n = (guint64) (NANOS_PER_SECOND - t->nanos);
    }
  else
    {
      s = neg ? (guint64) 0 - (guint64) t->seconds : (guint64) t->seconds; /* no overflow at G_MININT64 */
      n = (guint64) t->nanos;
    }
  const char *sign = neg ? "-" : "";
  if (s != 0 || n != 0)
    {
      g_string_append_c (out, 'T');
      if (s / 3600 != 0)
        g_string_append_printf (out, "%s%" G_GUINT64_FORMAT "H", sign, s / 3600);
      if (s / 60 % 60 != 0)
        g_string_append_printf (out, "%s%" G_GUINT64_FORMAT "M", sign, s / 60 % 60);
      if (s % 60 != 0 || n != 0)
        {
          g_string_append_printf (out, "%s%" G_GUINT64_FORMAT, sign, s % 60);
          if (n != 0)
            {
              char frac[16];
              g_snprintf (frac, sizeof frac, "%09" G_GUINT64_FORMAT, n);
              int len = 9;
              while (len > 0 && frac[len - 1] == '0')
                len--;
              frac[len] = '\0';
              g_string_append_printf (out, ".%s", frac);
            }
          g_string_append_c (out, 'S');
        }
    }
  else if (years == 0 && months == 0 && t->days == 0)
    g_string_append (out, "T0S");
}

void
kg_value_append_temporal_text (GString *out, const KgValue *v)
{
  const KgTemporal *t = v->u.t;
  switch (v->type)
    {
    case KG_VALUE_DATE:
      append_date_days (out, v->u.date);
      break;
    case KG_VALUE_LOCALTIME:
      append_time_of_day (out, t->nanos);
      break;
    case KG_VALUE_TIME:
      append_time_of_day (out, t->nanos);
      kg_offset_append (out, t->offset);
      break;
    case KG_VALUE_LOCALDATETIME:
      append_date_days (out, t->days);
      g_string_append_c (out, 'T');
      append_time_of_day (out, t->nanos);
      break;
    case KG_VALUE_DATETIME:
      append_date_days (out, t->days);
      g_string_append_c (out, 'T');
      append_time_of_day (out, t->nanos);
      kg_offset_append (out, t->offset);
      if (t->zone != NULL)
        g_string_append_printf (out, "[%s]", t->zone);
      break;
    case KG_VALUE_DURATION:
      append_duration (out, t);
      break;
    default:
      break;
    }
}

/* --- Entities ------------------------------------------------------------------- */

static void print_value (GString *out, const KgValue *v, const KgPrinter *p, gboolean top);

typedef struct
{
  const char *key;
  const KgValue *value;
} Prop;

static int
prop_cmp (const void *a, const void *b)
{
  return strcmp (((const Prop *) a)->key, ((const Prop *) b)->key);
}

static int
str_ptr_cmp (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
entity_clear (KgPrintEntity *e)
{
  g_ptr_array_unref (e->names);
  g_ptr_array_unref (e->keys);
  g_ptr_array_unref (e->values);
}

/* Asks the printer's callback what @id stands for; FALSE when it is not live (or there
 * is no callback). On TRUE, free @e's arrays with entity_clear(). */
static gboolean
entity_lookup (const KgPrinter *p, KgValueType type, guint32 id, KgPrintEntity *e)
{
  if (p->entity == NULL)
    return FALSE;
  e->names = g_ptr_array_new ();
  e->keys = g_ptr_array_new ();
  e->values = g_ptr_array_new ();
  e->src = e->dst = 0;
  if (p->entity (p->user_data, type, id, e) && e->keys->len == e->values->len)
    return TRUE;
  entity_clear (e);
  return FALSE;
}

/* The properties of @e in ascending order of their keys, so output does not depend on
 * the order keys were interned in. Free with g_free(). */
static Prop *
sorted_props (const KgPrintEntity *e)
{
  guint n = e->keys->len;
  Prop *props = g_new (Prop, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      props[i].key = g_ptr_array_index (e->keys, i);
      props[i].value = g_ptr_array_index (e->values, i);
    }
  qsort (props, n, sizeof (Prop), prop_cmp);
  return props;
}

/* Appends @items (texts, sorted first when @sort) joined by ", " between @open and
 * @close; frees the array. */
static void
append_joined (GString *out, GPtrArray *items, gboolean sort, const char *open, const char *close)
{
  if (sort)
    g_ptr_array_sort (items, str_ptr_cmp);
  g_string_append (out, open);
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (items, i));
    }
  g_string_append (out, close);
  g_ptr_array_unref (items);
}

/* The canonical text of one list item (@key NULL) or one `key: value` entry. */
static char *
canon_item (const char *key, const KgValue *v, const KgPrinter *p)
{
  GString *item = g_string_new (key);
  if (key != NULL)
    g_string_append (item, ": ");
  print_value (item, v, p, FALSE);
  return g_string_free (item, FALSE);
}

/* The canonical property map: `key: value` entries in text order, nulls left out. */
static void
canon_props (GString *out, const KgPrintEntity *e, const KgPrinter *p)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < e->keys->len; i++)
    {
      const KgValue *v = g_ptr_array_index (e->values, i);
      if (v->type == KG_VALUE_NULL)
        continue;
      g_ptr_array_add (items, canon_item (g_ptr_array_index (e->keys, i), v, p));
    }
  append_joined (out, items, TRUE, "{", "}");
}

/* " {k: v, ...}" in display style; nothing when there are no properties. */
static void
display_props (GString *out, const KgPrintEntity *e, const KgPrinter *p)
{
  if (e->keys->len == 0)
    return;
  g_autofree Prop *props = sorted_props (e);
  g_string_append (out, " {");
  for (guint i = 0; i < e->keys->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      kg_string_append_name (out, props[i].key);
      g_string_append (out, ": ");
      print_value (out, props[i].value, p, FALSE);
    }
  g_string_append_c (out, '}');
}

/* ,"key":value for each property in key order. */
static void
json_props (GString *out, const KgPrintEntity *e, const KgPrinter *p)
{
  g_autofree Prop *props = sorted_props (e);
  for (guint i = 0; i < e->keys->len; i++)
    {
      g_string_append_c (out, ',');
      kg_string_append_quoted (out, props[i].key, '"', FALSE);
      g_string_append_c (out, ':');
      print_value (out, props[i].value, p, FALSE);
    }
}

static void
print_node (GString *out, guint32 id, const KgPrinter *p)
{
  KgPrintEntity e;
  gboolean live = p->style != KG_PRINT_LITERAL && p->style != KG_PRINT_TEXT &&
                  entity_lookup (p, KG_VALUE_NODE, id, &e);
  switch (p->style)
    {
    case KG_PRINT_JSON:
      g_string_append_printf (out, "{\"~id\":%u,\"~labels\":[", id);
      for (guint i = 0; live && i < e.names->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          kg_string_append_quoted (out, g_ptr_array_index (e.names, i), '"', FALSE);
        }
      g_string_append_c (out, ']');
      if (live)
        json_props (out, &e, p);
      g_string_append_c (out, '}');
      break;
    case KG_PRINT_CANON:
      if (!live)
        {
          g_string_append (out, "(deleted node)");
          return;
        }
      {
        g_autoptr (GPtrArray) names = g_ptr_array_copy (e.names, NULL, NULL);
        g_ptr_array_sort (names, str_ptr_cmp);
        g_string_append_c (out, '(');
        for (guint i = 0; i < names->len; i++)
          g_string_append_printf (out, ":%s", (const char *) g_ptr_array_index (names, i));
        g_string_append_c (out, ' ');
        canon_props (out, &e, p);
        g_string_append_c (out, ')');
      }
      break;
    default:
      if (!live)
        {
          g_string_append_printf (out, "(#%u)", id);
          return;
        }
      g_string_append_c (out, '(');
      for (guint i = 0; i < e.names->len; i++)
        {
          g_string_append_c (out, ':');
          kg_string_append_name (out, g_ptr_array_index (e.names, i));
        }
      {
        gsize before = out->len;
        display_props (out, &e, p);
        if (e.names->len == 0 && out->len > before)
          g_string_erase (out, before, 1); /* "( {" reads badly: drop the blank */
      }
      g_string_append_c (out, ')');
      break;
    }
  if (live)
    entity_clear (&e);
}

/* A relationship; in the display and canonical styles only its bracketed part. */
static void
print_edge (GString *out, guint32 id, const KgPrinter *p)
{
  KgPrintEntity e;
  gboolean live = p->style != KG_PRINT_LITERAL && p->style != KG_PRINT_TEXT &&
                  entity_lookup (p, KG_VALUE_EDGE, id, &e);
  const char *type = live && e.names->len > 0 ? g_ptr_array_index (e.names, 0) : "";
  switch (p->style)
    {
    case KG_PRINT_JSON:
      g_string_append_printf (out, "{\"~id\":%u", id);
      if (live)
        {
          g_string_append (out, ",\"~type\":");
          kg_string_append_quoted (out, type, '"', FALSE);
          g_string_append_printf (out, ",\"~start\":%u,\"~end\":%u", e.src, e.dst);
          json_props (out, &e, p);
        }
      g_string_append_c (out, '}');
      break;
    case KG_PRINT_CANON:
      if (!live)
        {
          g_string_append (out, "[deleted relationship]");
          return;
        }
      g_string_append_printf (out, "[:%s ", type);
      canon_props (out, &e, p);
      g_string_append_c (out, ']');
      break;
    default:
      if (!live)
        {
          g_string_append_printf (out, "[#%u]", id);
          return;
        }
      g_string_append (out, "[:");
      kg_string_append_name (out, type);
      display_props (out, &e, p);
      g_string_append_c (out, ']');
      break;
    }
  if (live)
    entity_clear (&e);
}

/* Whether the path's @i-th relationship runs from nodes[i + 1] to nodes[i]. */
static gboolean
path_step_backward (const KgPath *path, guint i, const KgPrinter *p)
{
  KgPrintEntity e;
  if (p->style == KG_PRINT_LITERAL || p->style == KG_PRINT_TEXT ||
      !entity_lookup (p, KG_VALUE_EDGE, path->edges[i], &e))
    return FALSE;
  gboolean backward = e.src != path->nodes[i];
  if (p->style != KG_PRINT_CANON)
    backward = backward && e.src == path->nodes[i + 1]; /* a self-loop reads forward */
  entity_clear (&e);
  return backward;
}

static void
print_path (GString *out, const KgPath *path, const KgPrinter *p)
{
  if (p->style == KG_PRINT_JSON)
    {
      g_string_append (out, "{\"~nodes\":[");
      for (guint i = 0; i <= path->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          print_node (out, path->nodes[i], p);
        }
      g_string_append (out, "],\"~relationships\":[");
      for (guint i = 0; i < path->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          print_edge (out, path->edges[i], p);
        }
      g_string_append (out, "]}");
      return;
    }
  g_string_append_c (out, '<');
  print_node (out, path->nodes[0], p);
  for (guint i = 0; i < path->len; i++)
    {
      gboolean backward = path_step_backward (path, i, p);
      g_string_append (out, backward ? "<-" : "-");
      print_edge (out, path->edges[i], p);
      g_string_append (out, backward ? "-" : "->");
      print_node (out, path->nodes[i + 1], p);
    }
  g_string_append_c (out, '>');
}

/* --- Containers ----------------------------------------------------------------- */

static void
print_list (GString *out, const KgList *list, const KgPrinter *p)
{
  if (p->style == KG_PRINT_CANON)
    {
      GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < list->len; i++)
        g_ptr_array_add (items, canon_item (NULL, &list->items[i], p));
      append_joined (out, items, (p->flags & KG_PRINT_SORT_LISTS) != 0, "[", "]");
      return;
    }
  /* Plain text runs the items together, with the strings in them bare. */
  gboolean text = p->style == KG_PRINT_TEXT;
  const char *sep = p->style == KG_PRINT_JSON ? "," : ", ";
  if (!text)
    g_string_append_c (out, '[');
  for (guint i = 0; i < list->len; i++)
    {
      if (i > 0)
        g_string_append (out, sep);
      print_value (out, &list->items[i], p, text);
    }
  if (!text)
    g_string_append_c (out, ']');
}

static void
print_map (GString *out, const KgMap *map, const KgPrinter *p)
{
  if (p->style == KG_PRINT_CANON)
    {
      GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < map->len; i++)
        g_ptr_array_add (items, canon_item (map->keys[i], &map->vals[i], p));
      append_joined (out, items, TRUE, "{", "}");
      return;
    }
  gboolean json = p->style == KG_PRINT_JSON;
  g_string_append_c (out, '{');
  for (guint i = 0; i < map->len; i++)
    {
      if (i > 0)
        g_string_append (out, json ? "," : ", ");
      if (json)
        kg_string_append_quoted (out, map->keys[i], '"', FALSE);
      else
        kg_string_append_name (out, map->keys[i]);
      g_string_append (out, json ? ":" : ": ");
      print_value (out, &map->vals[i], p, FALSE);
    }
  g_string_append_c (out, '}');
}

/* --- The walk ------------------------------------------------------------------- */

/* @top: @v is the whole value, or (plain text) an item of a list, so the
 * KG_PRINT_BARE_STRING flag and the plain-text style may leave a string bare. */
static void
print_value (GString *out, const KgValue *v, const KgPrinter *p, gboolean top)
{
  static const KgPrinter literal = { KG_PRINT_LITERAL, 0, NULL, NULL };
  switch (v->type)
    {
    case KG_VALUE_NULL:
      g_string_append (out, "null");
      break;
    case KG_VALUE_BOOL:
      g_string_append (out, v->u.b ? "true" : "false");
      break;
    case KG_VALUE_INT:
      if (p->style == KG_PRINT_EXPRESSION && v->u.i == G_MININT64)
        g_string_append (out, "(-9223372036854775807 - 1)"); /* the literal's magnitude overflows */
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT, v->u.i);
      break;
    case KG_VALUE_FLOAT:
      if (p->style == KG_PRINT_EXPRESSION && (!isfinite (v->u.f) || (v->u.f == 0.0 && signbit (v->u.f))))
        {
          /* No literal spells these; unary minus of 0.0 gives 0.0 in Cypher. */
          g_string_append (out, isnan (v->u.f) ? "(0.0 / 0.0)" : v->u.f == 0.0 ? "(-1.0 * 0.0)"
                                                             : v->u.f > 0      ? "(1.0 / 0.0)"
                                                                               : "(-1.0 / 0.0)");
        }
      else if (p->style == KG_PRINT_JSON && !isfinite (v->u.f))
        {
          /* JSON has no literal for these: strings keep the document valid. */
          g_string_append_c (out, '"');
          kg_float_append (out, v->u.f);
          g_string_append_c (out, '"');
        }
      else
        kg_float_append (out, v->u.f);
      break;
    case KG_VALUE_STRING:
      if (top && ((p->flags & KG_PRINT_BARE_STRING) || p->style == KG_PRINT_TEXT))
        g_string_append (out, v->u.s);
      else if (p->style == KG_PRINT_JSON)
        kg_string_append_quoted (out, v->u.s, '"', FALSE);
      else
        kg_string_append_quoted (out, v->u.s, '\'', p->style == KG_PRINT_DISPLAY);
      break;
    case KG_VALUE_LIST:
      print_list (out, v->u.list, p);
      break;
    case KG_VALUE_MAP:
      /* Plain text has no form of its own for a map: it reads as a literal. */
      print_map (out, v->u.map, p->style == KG_PRINT_TEXT ? &literal : p);
      break;
    case KG_VALUE_NODE:
      print_node (out, v->u.id, p);
      break;
    case KG_VALUE_EDGE:
      print_edge (out, v->u.id, p);
      break;
    case KG_VALUE_PATH:
      print_path (out, v->u.path, p);
      break;
    default: /* DATE and the temporal types */
      switch (p->style)
        {
        case KG_PRINT_LITERAL:
        case KG_PRINT_EXPRESSION:
          {
            static const char *const fn[] = { "localtime", "time", "localdatetime", "datetime", "duration" };
            g_string_append (out, v->type == KG_VALUE_DATE ? "date" : fn[v->type - KG_VALUE_LOCALTIME]);
            g_string_append (out, "('");
            kg_value_append_temporal_text (out, v);
            g_string_append (out, "')");
            break;
          }
        case KG_PRINT_JSON:
        case KG_PRINT_CANON:
          /* ISO 8601 text has no quote or backslash to escape. */
          g_string_append_c (out, p->style == KG_PRINT_JSON ? '"' : '\'');
          kg_value_append_temporal_text (out, v);
          g_string_append_c (out, p->style == KG_PRINT_JSON ? '"' : '\'');
          break;
        default:
          kg_value_append_temporal_text (out, v);
          break;
        }
      break;
    }
}

void
kg_value_print (GString *out, const KgValue *v, const KgPrinter *printer)
{
  g_return_if_fail (out != NULL && v != NULL && printer != NULL);
  print_value (out, v, printer, TRUE);
}

void
kg_value_append_literal (GString *out, const KgValue *v)
{
  static const KgPrinter literal = { KG_PRINT_LITERAL, 0, NULL, NULL };
  print_value (out, v, &literal, TRUE);
}

char *
kg_value_to_literal (const KgValue *v)
{
  GString *out = g_string_new (NULL);
  kg_value_append_literal (out, v);
  return g_string_free (out, FALSE);
}

void
kg_value_append_text (GString *out, const KgValue *v)
{
  if (v->type == KG_VALUE_DATE || kg_value_type_is_temporal (v->type))
    kg_value_append_temporal_text (out, v);
  else
    {
      static const KgPrinter text = { KG_PRINT_LITERAL, KG_PRINT_BARE_STRING, NULL, NULL };
      print_value (out, v, &text, TRUE);
    }
}
