/* export/csv.c — the graph as neo4j-admin import files (`kgq export --csv DIR`), which
 * `kgq --nodes ... --relationships ...` (loader/csv-import.h) and neo4j-admin read back.
 *
 * One file per label set (nodes) and per type (relationships), with a typed header
 * (`:ID`, `:LABEL`, `name:string`, `born:long`, `aliases:string[]`; `:START_ID`,
 * `:END_ID`, `:TYPE`, ...) holding every key its rows use; a row without a property
 * leaves its field empty. When a key's values differ in type between entities of one
 * label set, the entities that do not fit go to a further file. Groups come in order of first appearance and rows in id
 * order. The array delimiter is the first of `;`, `|`, tab and unit separator that no
 * list item or label holds; an empty list is a quoted empty field of an array column.
 * Values the header types cannot hold exactly (mixed lists, lists holding lists, maps
 * or nulls) are written as their JSON text in a string column and counted. DIR/import.txt holds the kgq arguments that read the
 * files back. It reads the graph and writes files in DIR (which it creates).
 */
#include "export/formats.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "common/print.h"
#include "export/export-private.h"

/* The header type of a scalar, or NULL when a column cannot hold it. */
static const char *
scalar_type (const KgValue *v)
{
  switch (v->type)
    {
    case KG_VALUE_STRING:
      return "string";
    case KG_VALUE_INT:
      return "long";
    case KG_VALUE_FLOAT:
      return "double";
    case KG_VALUE_BOOL:
      return "boolean";
    case KG_VALUE_DATE:
      return "date";
    case KG_VALUE_LOCALTIME:
      return "localtime";
    case KG_VALUE_TIME:
      return "time";
    case KG_VALUE_LOCALDATETIME:
      return "localdatetime";
    case KG_VALUE_DATETIME:
      return "datetime";
    case KG_VALUE_DURATION:
      return "duration";
    default:
      return NULL;
    }
}

/* The column type of @v: a scalar type, "T[]" for a non-empty list of one scalar type,
 * else NULL (written as JSON text in a string column). */
static char *
column_type (const KgValue *v)
{
  const char *t = scalar_type (v);
  if (t != NULL)
    return g_strdup (t);
  if (v->type != KG_VALUE_LIST)
    return NULL;
  if (v->u.list->len == 0)
    return g_strdup ("string[]"); /* any array column: "" is the empty list */
  const char *first = scalar_type (&v->u.list->items[0]);
  for (guint i = 1; first != NULL && i < v->u.list->len; i++)
    if (g_strcmp0 (scalar_type (&v->u.list->items[i]), first) != 0)
      first = NULL;
  return first != NULL ? g_strconcat (first, "[]", NULL) : NULL;
}

static void
append_scalar (GString *out, const KgValue *v)
{
  switch (v->type)
    {
    case KG_VALUE_STRING:
      g_string_append (out, v->u.s);
      break;
    case KG_VALUE_FLOAT:
      kg_float_append (out, v->u.f);
      break;
    case KG_VALUE_INT:
    case KG_VALUE_BOOL:
      kg_value_append_literal (out, v);
      break;
    default:
      kg_value_append_temporal_text (out, v);
      break;
    }
}

/* Appends @field as one CSV field, quoted (with "" for ") unless @bare. */
static void
append_field (GString *out, const char *field, gboolean bare)
{
  if (bare)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* --- Groups --------------------------------------------------------------------- */

typedef struct
{
  char *sig;        /* labels or type, then key:type pairs */
  char *name;       /* the file name */
  GPtrArray *keys;  /* property names (char *), sorted */
  GPtrArray *types; /* their header types (char *) */
  GArray *ids;      /* node or relationship ids */
} Group;

static void
group_free (gpointer p)
{
  Group *g = p;
  g_free (g->sig);
  g_free (g->name);
  g_ptr_array_unref (g->keys);
  g_ptr_array_unref (g->types);
  g_array_unref (g->ids);
  g_free (g);
}

typedef struct
{
  const KgGraph *g;
  GPtrArray *groups;  /* Group *, in order of first appearance */
  GHashTable *by_sig; /* "n|r\1head" -> GList of its Groups (keys borrowed from the first) */
  char delim;
  guint64 approximated;
} CsvOut;

/* The header type of column @key in @g, or NULL when @g has no such column. */
static const char *
group_type (const Group *g, const char *key)
{
  for (guint i = 0; i < g->keys->len; i++)
    if (strcmp (g->keys->pdata[i], key) == 0)
      return g->types->pdata[i];
  return NULL;
}

/* Files @id into the first group for the labels (or type) @head whose columns do not
 * give one of its properties another type, adding columns as needed; a new group when
 * there is none. So there is one file per label set or type unless a key's values
 * differ in type between entities. */
static void
add_to_group (CsvOut *o, guint32 id, gboolean is_node, const char *head)
{
  guint n = 0;
  g_autofree KgExportProp *props = kg_export_sorted_props (o->g, id, is_node, &n);
  g_autoptr (GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      char *t = column_type (props[i].value);
      g_ptr_array_add (types, t != NULL ? t : g_strdup ("string"));
    }
  g_autofree char *sig = g_strdup_printf ("%c\1%s", is_node ? 'n' : 'r', head);
  Group *g = NULL;
  for (GList *l = g_hash_table_lookup (o->by_sig, sig); l != NULL && g == NULL; l = l->next)
    {
      Group *cand = l->data;
      gboolean fits = TRUE;
      for (guint i = 0; fits && i < n; i++)
        {
          const char *t = group_type (cand, props[i].name);
          fits = t == NULL || strcmp (t, types->pdata[i]) == 0;
        }
      if (fits)
        g = cand;
    }
  if (g == NULL)
    {
      g = g_new0 (Group, 1);
      g->sig = g_strdup (sig);
      g->name = g_strdup_printf ("%s-%u.csv", is_node ? "nodes" : "relationships", o->groups->len);
      g->keys = g_ptr_array_new_with_free_func (g_free);
      g->types = g_ptr_array_new_with_free_func (g_free);
      g->ids = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_ptr_array_add (o->groups, g);
      GList *list = g_hash_table_lookup (o->by_sig, sig);
      g_hash_table_insert (o->by_sig, g->sig, g_list_append (list, g));
    }
  for (guint i = 0; i < n; i++)
    if (group_type (g, props[i].name) == NULL)
      {
        g_ptr_array_add (g->keys, g_strdup (props[i].name));
        g_ptr_array_add (g->types, g_strdup (types->pdata[i]));
      }
  g_array_append_val (g->ids, id);
}

/* Whether any list item or label of the graph holds @c. */
static gboolean
delim_used (const KgGraph *g, char c)
{
  for (guint i = 0; i < kg_graph_n_symbols (g, KG_SYM_LABEL); i++)
    if (strchr (kg_graph_symbol_name (g, KG_SYM_LABEL, i), c) != NULL)
      return TRUE;
  g_autoptr (GString) s = g_string_new (NULL);
  for (int kind = 0; kind < 2; kind++)
    {
      KgNodeIter it;
      guint32 id;
      if (kind == 0)
        kg_graph_nodes_init (g, KG_NONE, &it);
      else
        kg_graph_edges_init (g, KG_NONE, &it);
      while (kind == 0 ? kg_node_iter_next (&it, &id) : kg_edge_iter_next (&it, &id))
        {
          guint n = kind == 0 ? kg_graph_node_n_props (g, id) : kg_graph_edge_n_props (g, id);
          for (guint i = 0; i < n; i++)
            {
              KgSymbol key;
              const KgValue *v = kind == 0 ? kg_graph_node_prop_at (g, id, i, &key) : kg_graph_edge_prop_at (g, id, i, &key);
              for (guint j = 0; v->type == KG_VALUE_LIST && j < v->u.list->len; j++)
                {
                  g_string_truncate (s, 0);
                  append_scalar (s, &v->u.list->items[j]);
                  if (strchr (s->str, c) != NULL)
                    return TRUE;
                }
            }
        }
    }
  return FALSE;
}

/* Appends the field of @v for a column of header type @type. */
static void
append_value (CsvOut *o, GString *line, const KgValue *v, const char *type)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *actual = column_type (v);
  gboolean is_list = g_str_has_suffix (type, "[]");
  if (actual == NULL)
    {
      kg_export_json_value (text, v);
      o->approximated++;
    }
  else if (is_list)
    for (guint i = 0; i < v->u.list->len; i++)
      {
        if (i > 0)
          g_string_append_c (text, o->delim);
        append_scalar (text, &v->u.list->items[i]);
      }
  else
    append_scalar (text, v);
  gboolean bare = actual != NULL && strcmp (type, "string") != 0 && strcmp (type, "string[]") != 0;
  append_field (line, text->str, bare && strpbrk (text->str, ",\"\r\n ") == NULL);
}

static gboolean
write_group (CsvOut *o, const Group *gr, const char *dir, GError **error)
{
  gboolean is_node = gr->sig[0] == 'n';
  g_autofree char *path = g_build_filename (dir, gr->name, NULL);
  FILE *fp = g_fopen (path, "wb");
  if (fp == NULL)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", path, g_strerror (err));
      return FALSE;
    }
  g_autoptr (GString) line = g_string_new (is_node ? ":ID,:LABEL" : ":START_ID,:END_ID,:TYPE");
  for (guint i = 0; i < gr->keys->len; i++)
    {
      g_autofree char *field = g_strdup_printf ("%s:%s", (char *) gr->keys->pdata[i], (char *) gr->types->pdata[i]);
      g_string_append_c (line, ',');
      append_field (line, field, strpbrk (field, ",\"\r\n ") == NULL);
    }
  g_string_append_c (line, '\n');
  gboolean ok = kg_export_put (fp, line, error);
  for (guint r = 0; ok && r < gr->ids->len; r++)
    {
      guint32 id = g_array_index (gr->ids, guint32, r);
      g_string_truncate (line, 0);
      if (is_node)
        {
          g_string_append_printf (line, "%u,", id);
          guint nl = 0;
          const KgSymbol *labels = kg_graph_node_labels (o->g, id, &nl);
          g_autoptr (GString) ls = g_string_new (NULL);
          for (guint i = 0; i < nl; i++)
            {
              if (i > 0)
                g_string_append_c (ls, o->delim);
              g_string_append (ls, kg_graph_symbol_name (o->g, KG_SYM_LABEL, labels[i]));
            }
          append_field (line, ls->str, ls->len == 0); /* "" would be a label named "" */
        }
      else
        {
          g_string_append_printf (line, "%u,%u,", kg_graph_edge_src (o->g, id), kg_graph_edge_dst (o->g, id));
          append_field (line, kg_graph_symbol_name (o->g, KG_SYM_TYPE, kg_graph_edge_type (o->g, id)), FALSE);
        }
      for (guint i = 0; i < gr->keys->len; i++)
        {
          KgSymbol key = kg_graph_lookup (o->g, KG_SYM_KEY, gr->keys->pdata[i]);
          const KgValue *v = is_node ? kg_graph_node_prop (o->g, id, key) : kg_graph_edge_prop (o->g, id, key);
          g_string_append_c (line, ',');
          if (v != NULL) /* an empty unquoted field: no property */
            append_value (o, line, v, gr->types->pdata[i]);
        }
      g_string_append_c (line, '\n');
      ok = kg_export_put (fp, line, error);
    }
  ok = ok && kg_export_flush (fp, error);
  fclose (fp);
  if (!ok)
    g_prefix_error (error, "%s: ", path);
  return ok;
}

gboolean
kg_export_csv (const KgGraph *graph, const char *dir, char **import_args, guint64 *n_approximated, GError **error)
{
  g_return_val_if_fail (graph != NULL && dir != NULL, FALSE);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", dir, g_strerror (err));
      return FALSE;
    }
  CsvOut o = { graph, g_ptr_array_new_with_free_func (group_free),
               g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_list_free), ';', 0 };
  static const char delims[] = { ';', '|', '\t', '\x1f' };
  for (guint i = 0; i < G_N_ELEMENTS (delims); i++)
    {
      o.delim = delims[i];
      if (!delim_used (graph, delims[i]))
        break;
    }

  g_autoptr (GString) labels = g_string_new (NULL);
  KgNodeIter it;
  KgNodeId n;
  kg_graph_nodes_init (graph, KG_NONE, &it);
  while (kg_node_iter_next (&it, &n))
    {
      guint nl = 0;
      const KgSymbol *ls = kg_graph_node_labels (graph, n, &nl);
      g_string_truncate (labels, 0);
      for (guint i = 0; i < nl; i++)
        g_string_append_printf (labels, "%s\2", kg_graph_symbol_name (graph, KG_SYM_LABEL, ls[i]));
      add_to_group (&o, n, TRUE, labels->str);
    }
  KgEdgeIter eit;
  KgEdgeId e;
  kg_graph_edges_init (graph, KG_NONE, &eit);
  while (kg_edge_iter_next (&eit, &e))
    add_to_group (&o, e, FALSE, kg_graph_symbol_name (graph, KG_SYM_TYPE, kg_graph_edge_type (graph, e)));

  gboolean ok = TRUE;
  g_autoptr (GString) args = g_string_new (NULL);
  for (guint i = 0; ok && i < o.groups->len; i++)
    {
      Group *gr = g_ptr_array_index (o.groups, i);
      ok = write_group (&o, gr, dir, error);
      g_autofree char *path = g_build_filename (dir, gr->name, NULL);
      /* Plain paths stay bare so that `kgq $(tail -1 DIR/import.txt)` works. */
      g_autofree char *quoted = strspn (path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-") == strlen (path) ? g_strdup (path) : g_shell_quote (path);
      g_string_append_printf (args, "%s--%s=%s", args->len > 0 ? " " : "", gr->sig[0] == 'n' ? "nodes" : "relationships", quoted);
    }
  if (o.delim != ';')
    g_string_append_printf (args, " --array-delimiter=%s", o.delim == '\t' ? "TAB" : (char[]){ o.delim, '\0' });
  if (ok)
    {
      g_autofree char *path = g_build_filename (dir, "import.txt", NULL);
      g_autofree char *text = g_strdup_printf ("# kgq export --csv: load these files with\n#   kgq %s\n%s\n", args->str, args->str);
      ok = g_file_set_contents (path, text, -1, error);
    }
  if (ok && import_args != NULL)
    *import_args = g_strdup (args->str);
  if (n_approximated != NULL)
    *n_approximated = o.approximated;
  g_hash_table_unref (o.by_sig);
  g_ptr_array_unref (o.groups);
  return ok;
}
