/* engine/procedure.c — table procedures: read-only procedures that answer from a fixed
 * table of rows, declared by the embedding program (kgq_db_add_procedure()).
 *
 * A signature reads `name(in :: TYPE?, ...) :: (out :: TYPE?, ...)`; each row holds the
 * input values and then the output values. Calling the procedure yields the outputs of
 * every row whose inputs are equivalent to the arguments, in table order. This file
 * parses signatures and holds the tables; the planner (plan.c) checks calls and
 * ops/op-table-call.c runs them.
 */
#include "engine/procedure-private.h"

#include <string.h>

static void
skip_blanks (const char **p)
{
  while (**p == ' ' || **p == '\t' || **p == '\n')
    (*p)++;
}

static char *
read_word (const char **p, gboolean dotted)
{
  skip_blanks (p);
  const char *b = *p;
  while (g_ascii_isalnum (**p) || **p == '_' || (dotted && **p == '.'))
    (*p)++;
  return *p > b ? g_strndup (b, *p - b) : NULL;
}

/* "(a :: INTEGER?, b :: STRING?)" → names and upper-case types without '?'. */
static gboolean
read_fields (const char **p, GPtrArray *names, GPtrArray *types)
{
  skip_blanks (p);
  if (**p != '(')
    return FALSE;
  (*p)++;
  skip_blanks (p);
  if (**p == ')')
    {
      (*p)++;
      return TRUE;
    }
  for (;;)
    {
      char *name = read_word (p, FALSE);
      if (!name)
        return FALSE;
      g_ptr_array_add (names, name);
      skip_blanks (p);
      if (strncmp (*p, "::", 2) != 0)
        return FALSE;
      *p += 2;
      char *type = read_word (p, FALSE);
      if (!type)
        return FALSE;
      g_ptr_array_add (types, g_ascii_strup (type, -1));
      g_free (type);
      skip_blanks (p);
      if (**p == '?')
        (*p)++;
      skip_blanks (p);
      if (**p == ',')
        {
          (*p)++;
          continue;
        }
      if (**p == ')')
        {
          (*p)++;
          return TRUE;
        }
      return FALSE;
    }
}

void
kg_procedure_free (KgProcedure *proc)
{
  if (!proc)
    return;
  g_free (proc->name);
  g_ptr_array_unref (proc->in_names);
  g_ptr_array_unref (proc->in_types);
  g_ptr_array_unref (proc->out_names);
  g_ptr_array_unref (proc->out_types);
  kg_value_clear (&proc->rows);
  g_free (proc);
}

KgProcedure *
kg_procedure_new (const char *signature, const KgValue *rows, GError **error)
{
  g_return_val_if_fail (signature != NULL && rows != NULL, NULL);
  KgProcedure *proc = g_new0 (KgProcedure, 1);
  proc->in_names = g_ptr_array_new_with_free_func (g_free);
  proc->in_types = g_ptr_array_new_with_free_func (g_free);
  proc->out_names = g_ptr_array_new_with_free_func (g_free);
  proc->out_types = g_ptr_array_new_with_free_func (g_free);
  const char *p = signature;
  proc->name = read_word (&p, TRUE);
  gboolean ok = proc->name && read_fields (&p, proc->in_names, proc->in_types);
  if (ok)
    {
      skip_blanks (&p);
      ok = strncmp (p, "::", 2) == 0;
      p += ok ? 2 : 0;
    }
  ok = ok && read_fields (&p, proc->out_names, proc->out_types);
  if (ok)
    {
      skip_blanks (&p);
      if (*p == ':')
        p++;
      skip_blanks (&p);
      ok = *p == '\0';
    }
  if (!ok)
    {
      g_set_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_PROCEDURE,
                   "cannot read the procedure signature \"%s\": expected name(in :: TYPE, ...) :: (out :: TYPE, ...)", signature);
      kg_procedure_free (proc);
      return NULL;
    }
  guint width = proc->in_names->len + proc->out_names->len;
  if (rows->type != KG_VALUE_LIST)
    ok = FALSE;
  for (guint i = 0; ok && i < rows->u.list->len; i++)
    {
      const KgValue *row = &rows->u.list->items[i];
      ok = row->type == KG_VALUE_LIST && row->u.list->len == width;
    }
  if (!ok)
    {
      g_set_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_PROCEDURE,
                   "the rows of procedure %s must be a list of lists of %u values", proc->name, width);
      kg_procedure_free (proc);
      return NULL;
    }
  kg_value_copy (rows, &proc->rows);
  return proc;
}

const char *
kg_procedure_name (const KgProcedure *proc)
{
  return proc->name;
}

gboolean
kg_procedure_type_accepts (const char *type, const KgValue *v)
{
  if (v->type == KG_VALUE_NULL || strcmp (type, "ANY") == 0)
    return TRUE;
  switch (v->type)
    {
    case KG_VALUE_INT:
      return strcmp (type, "INTEGER") == 0 || strcmp (type, "FLOAT") == 0 || strcmp (type, "NUMBER") == 0;
    case KG_VALUE_FLOAT:
      return strcmp (type, "FLOAT") == 0 || strcmp (type, "NUMBER") == 0;
    case KG_VALUE_STRING:
      return strcmp (type, "STRING") == 0;
    case KG_VALUE_BOOL:
      return strcmp (type, "BOOLEAN") == 0;
    case KG_VALUE_LIST:
      return g_str_has_prefix (type, "LIST");
    case KG_VALUE_MAP:
      return strcmp (type, "MAP") == 0;
    case KG_VALUE_NODE:
      return strcmp (type, "NODE") == 0;
    case KG_VALUE_EDGE:
      return strcmp (type, "RELATIONSHIP") == 0;
    case KG_VALUE_PATH:
      return strcmp (type, "PATH") == 0;
    case KG_VALUE_DATE:
      return strcmp (type, "DATE") == 0;
    case KG_VALUE_LOCALTIME:
      return strcmp (type, "LOCALTIME") == 0 || strcmp (type, "LOCAL TIME") == 0;
    case KG_VALUE_TIME:
      return strcmp (type, "TIME") == 0;
    case KG_VALUE_LOCALDATETIME:
      return strcmp (type, "LOCALDATETIME") == 0 || strcmp (type, "LOCAL DATETIME") == 0;
    case KG_VALUE_DATETIME:
      return strcmp (type, "DATETIME") == 0;
    case KG_VALUE_DURATION:
      return strcmp (type, "DURATION") == 0;
    default:
      return FALSE;
    }
}

const KgProcedure *
kg_procedure_lookup (GPtrArray *procedures, const char *name)
{
  for (guint i = 0; procedures && i < procedures->len; i++)
    {
      const KgProcedure *proc = g_ptr_array_index (procedures, i);
      if (strcmp (proc->name, name) == 0)
        return proc;
    }
  return NULL;
}
