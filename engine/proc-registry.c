/* engine/proc-registry.c — the native procedure registry's machinery: looking a
 * procedure up by name (once, at planning), the defaults of its arguments, its
 * signature as text, errors at a call's span, and the list-of-rows cursor that most
 * implementations stream from.
 *
 * The table itself is in proc-table.c; the implementations are in proc-db.c and
 * algo-*.c; the operator that runs a call is ops/op-proc-call.c.
 */
#include "engine/proc-registry.h"
#include "common/text.h"

#include <stdlib.h>
#include <string.h>

/* The table by name, case-insensitively (as the hard-wired db.* calls always were):
 * only the planner looks names up, once per CALL. */
static GHashTable *
proc_index (void)
{
  static gsize init = 0;
  static GHashTable *index;
  if (g_once_init_enter (&init))
    {
      GHashTable *t = g_hash_table_new (kg_ascii_case_hash, kg_ascii_case_equal);
      guint n = 0;
      const KgNativeProc *procs = kg_native_procs (&n);
      for (guint i = 0; i < n; i++)
        g_hash_table_insert (t, (gpointer) procs[i].name, (gpointer) &procs[i]);
      index = t;
      g_once_init_leave (&init, 1);
    }
  return index;
}

gboolean
kg_statement_writes (const KgAst *ast)
{
  if (ast == NULL)
    return FALSE;
  /* CALL { ... } IN TRANSACTIONS whose subquery only reads takes the read lock: its
   * batches have nothing to commit (engine/ops/op-call-in-txns.c) */
  if (kg_ast_writes (ast))
    return TRUE;
  if (ast->kind == KG_AST_CALL && ast->name != NULL)
    {
      const KgNativeProc *p = kg_native_proc_lookup (ast->name);
      if (p != NULL && p->mode == KG_PROC_WRITE)
        return TRUE;
    }
  for (guint i = 0; ast->children != NULL && i < ast->children->len; i++)
    if (kg_statement_writes (g_ptr_array_index (ast->children, i)))
      return TRUE;
  return FALSE;
}

const KgNativeProc *
kg_native_proc_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (proc_index (), name);
}

guint
kg_native_proc_n_required (const KgNativeProc *proc)
{
  guint n = 0;
  while (n < proc->n_params && proc->params[n].default_text == NULL)
    n++;
  return n;
}

void
kg_native_proc_default (const KgNativeProc *proc, guint i, KgValue *out)
{
  g_return_if_fail (i < proc->n_params && proc->params[i].default_text != NULL);
  /* Defaults are a handful of literal forms written in the table; reading them here
   * keeps the table declarative without a KgValue initialiser for maps and lists. */
  const char *t = proc->params[i].default_text;
  if (strcmp (t, "null") == 0)
    *out = kg_value_null ();
  else if (strcmp (t, "{}") == 0)
    *out = kg_value_map (kg_map_new (0));
  else if (strcmp (t, "[]") == 0)
    *out = kg_value_list (kg_list_new (0));
  else if (strcmp (t, "true") == 0 || strcmp (t, "false") == 0)
    *out = kg_value_bool (t[0] == 't');
  else if (t[0] == '\'')
    *out = kg_value_string_len (t + 1, strlen (t) - 2);
  else if (strpbrk (t, ".eE"))
    *out = kg_value_float (g_ascii_strtod (t, NULL));
  else
    *out = kg_value_int (g_ascii_strtoll (t, NULL, 10));
}

const char *
kg_native_proc_mode_name (KgProcMode mode)
{
  switch (mode)
    {
    case KG_PROC_READ:
      return "READ";
    case KG_PROC_WRITE:
      return "WRITE";
    case KG_PROC_SCHEMA:
      return "SCHEMA";
    case KG_PROC_DBMS:
      return "DBMS";
    }
  return "READ";
}

char *
kg_native_proc_signature (const KgNativeProc *proc)
{
  GString *s = g_string_new (proc->name);
  g_string_append_c (s, '(');
  for (guint i = 0; i < proc->n_params; i++)
    {
      const KgProcParam *p = &proc->params[i];
      g_string_append_printf (s, "%s%s :: %s", i ? ", " : "", p->name, p->type);
      if (p->default_text)
        g_string_append_printf (s, " = %s", p->default_text);
    }
  g_string_append (s, ") :: (");
  for (guint i = 0; i < proc->n_fields; i++)
    g_string_append_printf (s, "%s%s :: %s", i ? ", " : "", proc->fields[i].name, proc->fields[i].type);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

char *
kg_proc_callee (const char *name)
{
  /* Procedure names are dotted identifiers; only the SHOW commands hold a space. */
  return g_str_has_prefix (name, "SHOW ") ? g_strdup (name) : g_strdup_printf ("%s()", name);
}

gboolean
kg_proc_error (KgProcRun *run, GError **error, int code, const KgSpan *span, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_autofree char *callee = kg_proc_callee (run->proc->name);
  kg_query_error_set (error, code, run->exec->filename, span ? span : run->span, "%s: %s", callee, msg);
  if (error && *error)
    kg_query_error_set_compile_time (*error, FALSE);
  return FALSE;
}

const KgSpan *
kg_proc_literal_span (const KgProcRun *run, guint i, const char *value, guint char_index, KgSpan *out)
{
  const KgSpan *arg = run->arg_spans[i];
  gsize len = strlen (value);
  /* 'text' or "text": two quotes around the value; any escape would make it longer */
  if (!run->arg_literal[i] || arg->end.offset - arg->start.offset != len + 2)
    return arg;
  const char *at = g_utf8_offset_to_pointer (value, MIN ((glong) char_index, g_utf8_strlen (value, -1)));
  KgPos pos = { arg->start.line, arg->start.column + 1, arg->start.offset + 1 };
  for (const char *c = value; c < at; c++, pos.offset++)
    {
      if (*c == '\n')
        pos.line++, pos.column = 1;
      else
        pos.column++;
    }
  gsize width = *at != '\0' ? (gsize) (g_utf8_next_char (at) - at) : 1;
  out->start = pos;
  out->end = pos;
  out->end.column += width;
  out->end.offset += width;
  return out;
}

/* --- Rows computed whole -------------------------------------------------------- */

static void
clear_value (gpointer p)
{
  kg_value_clear (p);
}

KgProcRows *
kg_proc_rows_new (guint n_fields)
{
  KgProcRows *rows = g_new0 (KgProcRows, 1);
  rows->values = g_array_new (FALSE, TRUE, sizeof (KgValue));
  g_array_set_clear_func (rows->values, clear_value);
  rows->n_fields = n_fields;
  return rows;
}

void
kg_proc_rows_add (KgProcRows *rows, KgValue *row)
{
  for (guint i = 0; i < rows->n_fields; i++)
    {
      KgValue v = kg_value_steal (&row[i]);
      g_array_append_val (rows->values, v);
    }
}

KgOpStatus
kg_proc_rows_next (KgProcRun *run, KgValue *row, GError **error)
{
  KgProcRows *rows = run->state;
  if (rows == NULL || rows->n_fields == 0 || rows->pos >= rows->values->len)
    return KG_NEXT_DONE;
  for (guint i = 0; i < rows->n_fields; i++)
    row[i] = kg_value_steal (&g_array_index (rows->values, KgValue, rows->pos + i));
  rows->pos += rows->n_fields;
  return KG_NEXT_ROW;
}

void
kg_proc_rows_close (KgProcRun *run)
{
  KgProcRows *rows = run->state;
  if (rows == NULL)
    return;
  g_array_unref (rows->values);
  g_free (rows);
  run->state = NULL;
}
