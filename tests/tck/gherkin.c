/* tests/tck/gherkin.c — reads TCK feature files and expands Scenario Outlines.
 *
 * A line-oriented reader: each line is a keyword line, a table row, a doc string
 * delimiter or content, a tag line, a comment or blank. See gherkin.h for what it
 * supports; anything else outside a doc string is an error naming FILE:LINE.
 */
#include "tests/tck/gherkin.h"

#include <string.h>

static void
step_free (gpointer p)
{
  TckStep *step = p;
  if (!step)
    return;
  g_free (step->keyword);
  g_free (step->text);
  g_free (step->doc);
  if (step->table)
    g_ptr_array_unref (step->table);
  g_free (step);
}

void
tck_scenario_free (TckScenario *scenario)
{
  if (!scenario)
    return;
  g_free (scenario->feature_path);
  g_free (scenario->feature_name);
  g_free (scenario->name);
  g_free (scenario->key);
  g_strfreev (scenario->tags);
  g_ptr_array_unref (scenario->steps);
  g_free (scenario);
}

/* A table row "| a | b\|c |" → cells, unescaped (\| → |, \\ → \, \n → newline). */
static GPtrArray *
split_row (const char *line)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  const char *p = strchr (line, '|');
  g_assert (p);
  p++;
  GString *cell = g_string_new (NULL);
  while (*p)
    {
      if (*p == '\\' && p[1])
        {
          if (p[1] == '|')
            g_string_append_c (cell, '|');
          else if (p[1] == '\\')
            g_string_append_c (cell, '\\');
          else if (p[1] == 'n')
            g_string_append_c (cell, '\n');
          else
            {
              g_string_append_c (cell, p[0]);
              g_string_append_c (cell, p[1]);
            }
          p += 2;
          continue;
        }
      if (*p == '|')
        {
          g_ptr_array_add (cells, g_strstrip (g_strdup (cell->str)));
          g_string_truncate (cell, 0);
          p++;
          continue;
        }
      g_string_append_c (cell, *p);
      p++;
    }
  g_string_free (cell, TRUE);
  return cells;
}

static GPtrArray *
new_table (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

/* A scenario as written, before expansion. */
typedef struct
{
  char *name;
  char **tags;
  GPtrArray *steps;    /* TckStep * */
  GPtrArray *examples; /* tables (header row first), NULL for a plain scenario */
  int line;
} RawScenario;

static void
raw_free (RawScenario *raw)
{
  g_free (raw->name);
  g_strfreev (raw->tags);
  g_ptr_array_unref (raw->steps);
  if (raw->examples)
    g_ptr_array_unref (raw->examples);
  g_free (raw);
}

static char *
substitute (const char *text, GPtrArray *header, GPtrArray *row)
{
  if (!text)
    return NULL;
  GString *out = g_string_new (NULL);
  const char *p = text;
  while (*p)
    {
      if (*p == '<')
        {
          const char *end = strchr (p + 1, '>');
          if (end)
            {
              g_autofree char *name = g_strndup (p + 1, end - p - 1);
              gboolean found = FALSE;
              for (guint i = 0; i < header->len && i < row->len; i++)
                if (strcmp (name, header->pdata[i]) == 0)
                  {
                    g_string_append (out, row->pdata[i]);
                    found = TRUE;
                    break;
                  }
              if (found)
                {
                  p = end + 1;
                  continue;
                }
            }
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

static TckStep *
step_copy (const TckStep *src, GPtrArray *header, GPtrArray *row)
{
  TckStep *step = g_new0 (TckStep, 1);
  step->keyword = g_strdup (src->keyword);
  step->line = src->line;
  if (header)
    {
      step->text = substitute (src->text, header, row);
      step->doc = substitute (src->doc, header, row);
    }
  else
    {
      step->text = g_strdup (src->text);
      step->doc = g_strdup (src->doc);
    }
  if (src->table)
    {
      step->table = new_table ();
      for (guint r = 0; r < src->table->len; r++)
        {
          GPtrArray *cells = src->table->pdata[r];
          GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);
          for (guint c = 0; c < cells->len; c++)
            g_ptr_array_add (copy, header ? substitute (cells->pdata[c], header, row) : g_strdup (cells->pdata[c]));
          g_ptr_array_add (step->table, copy);
        }
    }
  return step;
}

static void
emit (RawScenario *raw, GPtrArray *background, const char *rel_path, const char *feature_name, GPtrArray *header, GPtrArray *row, int index, GPtrArray *out)
{
  TckScenario *sc = g_new0 (TckScenario, 1);
  sc->feature_path = g_strdup (rel_path);
  sc->feature_name = g_strdup (feature_name);
  sc->name = index > 0 ? g_strdup_printf ("%s #%d", raw->name, index) : g_strdup (raw->name);
  sc->key = g_strdup_printf ("%s:%s", rel_path, sc->name);
  sc->tags = g_strdupv (raw->tags);
  sc->line = raw->line;
  sc->steps = g_ptr_array_new_with_free_func (step_free);
  for (guint i = 0; background && i < background->len; i++)
    g_ptr_array_add (sc->steps, step_copy (background->pdata[i], NULL, NULL));
  for (guint i = 0; i < raw->steps->len; i++)
    g_ptr_array_add (sc->steps, step_copy (raw->steps->pdata[i], header, row));
  g_ptr_array_add (out, sc);
}

static gboolean
starts_with_keyword (const char *s, const char *kw, const char **rest)
{
  gsize n = strlen (kw);
  if (strncmp (s, kw, n) != 0)
    return FALSE;
  *rest = s + n;
  return TRUE;
}

gboolean
tck_gherkin_parse (const char *text, const char *rel_path, GPtrArray *scenarios, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *feature_name = NULL;
  g_autoptr (GPtrArray) background = NULL;
  g_autoptr (GPtrArray) raws = g_ptr_array_new_with_free_func ((GDestroyNotify) raw_free);
  g_auto (GStrv) pending_tags = NULL;
  RawScenario *cur = NULL;
  GPtrArray *cur_steps = NULL; /* where steps go: background or the current scenario */
  GPtrArray *cur_table = NULL; /* the table rows go to: a step's or an Examples block's */
  TckStep *last_step = NULL;

  for (int ln = 0; lines[ln]; ln++)
    {
      char *raw_line = lines[ln];
      gsize len = strlen (raw_line);
      if (len && raw_line[len - 1] == '\r')
        raw_line[len - 1] = '\0';
      const char *s = raw_line;
      while (*s == ' ' || *s == '\t')
        s++;
      int indent = (int) (s - raw_line);

      if (*s == '\0' || *s == '#')
        {
          continue;
        }

      const char *rest;
      if (*s == '@')
        {
          g_strfreev (pending_tags);
          pending_tags = g_strsplit_set (s, " \t", -1);
          continue;
        }
      if (*s == '|')
        {
          if (!cur_table)
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: table row outside a step or Examples", rel_path, ln + 1);
              goto fail;
            }
          g_ptr_array_add (cur_table, split_row (s));
          continue;
        }
      if (g_str_has_prefix (s, "\"\"\""))
        {
          if (!last_step)
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: doc string outside a step", rel_path, ln + 1);
              goto fail;
            }
          int doc_indent = indent;
          GString *body = g_string_new (NULL);
          gboolean first = TRUE;
          int k = ln + 1;
          for (; lines[k]; k++)
            {
              char *l = lines[k];
              gsize ll = strlen (l);
              if (ll && l[ll - 1] == '\r')
                l[ll - 1] = '\0';
              const char *t = l;
              while (*t == ' ' || *t == '\t')
                t++;
              if (g_str_has_prefix (t, "\"\"\""))
                break;
              const char *content = l;
              for (int i = 0; i < doc_indent && (*content == ' ' || *content == '\t'); i++)
                content++;
              if (!first)
                g_string_append_c (body, '\n');
              first = FALSE;
              g_string_append (body, content);
            }
          if (!lines[k])
            {
              g_string_free (body, TRUE);
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: unterminated doc string", rel_path, ln + 1);
              goto fail;
            }
          g_free (last_step->doc);
          last_step->doc = g_string_free (body, FALSE);
          ln = k;
          continue;
        }
      if (starts_with_keyword (s, "Feature:", &rest))
        {
          g_free (feature_name);
          feature_name = g_strstrip (g_strdup (rest));
          g_clear_pointer (&pending_tags, g_strfreev);
          continue;
        }
      if (starts_with_keyword (s, "Background:", &rest))
        {
          background = g_ptr_array_new_with_free_func (step_free);
          cur_steps = background;
          cur_table = NULL;
          last_step = NULL;
          cur = NULL;
          continue;
        }
      if (starts_with_keyword (s, "Scenario Outline:", &rest) || starts_with_keyword (s, "Scenario Template:", &rest) || starts_with_keyword (s, "Scenario:", &rest))
        {
          cur = g_new0 (RawScenario, 1);
          cur->name = g_strstrip (g_strdup (rest));
          cur->tags = pending_tags ? g_steal_pointer (&pending_tags) : g_new0 (char *, 1);
          cur->steps = g_ptr_array_new_with_free_func (step_free);
          cur->line = ln + 1;
          if (g_str_has_prefix (s, "Scenario Outline:") || g_str_has_prefix (s, "Scenario Template:"))
            cur->examples = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
          g_ptr_array_add (raws, cur);
          cur_steps = cur->steps;
          cur_table = NULL;
          last_step = NULL;
          continue;
        }
      if (starts_with_keyword (s, "Examples:", &rest) || starts_with_keyword (s, "Scenarios:", &rest))
        {
          if (!cur || !cur->examples)
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: Examples outside a Scenario Outline", rel_path, ln + 1);
              goto fail;
            }
          GPtrArray *table = new_table ();
          g_ptr_array_add (cur->examples, table);
          cur_table = table;
          last_step = NULL;
          g_clear_pointer (&pending_tags, g_strfreev);
          continue;
        }
      static const char *const step_kw[] = { "Given ", "When ", "Then ", "And ", "But ", "* " };
      gboolean is_step = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (step_kw); i++)
        if (starts_with_keyword (s, step_kw[i], &rest))
          {
            if (!cur_steps)
              {
                g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: step outside a scenario", rel_path, ln + 1);
                goto fail;
              }
            TckStep *step = g_new0 (TckStep, 1);
            step->keyword = g_strndup (step_kw[i], strlen (step_kw[i]) - 1);
            step->text = g_strstrip (g_strdup (rest));
            step->line = ln + 1;
            step->table = new_table ();
            g_ptr_array_add (cur_steps, step);
            last_step = step;
            cur_table = step->table;
            is_step = TRUE;
            break;
          }
      if (is_step)
        continue;
      /* Free text under Feature: (a description) is allowed before the first scenario. */
      if (!cur && !background)
        continue;
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%d: cannot read line: %s", rel_path, ln + 1, s);
      goto fail;
    }

  if (background)
    for (guint k = 0; k < background->len; k++)
      {
        TckStep *st = background->pdata[k];
        if (st->table && st->table->len == 0)
          g_clear_pointer (&st->table, g_ptr_array_unref);
      }
  for (guint i = 0; i < raws->len; i++)
    {
      RawScenario *raw = raws->pdata[i];
      /* Tables left empty mean "no table". */
      for (guint k = 0; k < raw->steps->len; k++)
        {
          TckStep *st = raw->steps->pdata[k];
          if (st->table && st->table->len == 0)
            g_clear_pointer (&st->table, g_ptr_array_unref);
        }
      if (!raw->examples)
        {
          emit (raw, background, rel_path, feature_name ? feature_name : "", NULL, NULL, 0, scenarios);
          continue;
        }
      int index = 0;
      for (guint e = 0; e < raw->examples->len; e++)
        {
          GPtrArray *table = raw->examples->pdata[e];
          if (table->len == 0)
            continue;
          GPtrArray *header = table->pdata[0];
          for (guint r = 1; r < table->len; r++)
            emit (raw, background, rel_path, feature_name ? feature_name : "", header, table->pdata[r], ++index, scenarios);
        }
    }
  return TRUE;

fail:
  return FALSE;
}

gboolean
tck_gherkin_read (const char *path, const char *rel_path, GPtrArray *scenarios, GError **error)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  return tck_gherkin_parse (text, rel_path, scenarios, error);
}
