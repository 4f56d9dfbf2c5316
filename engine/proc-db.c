/* engine/proc-db.c — the database's own procedures: db.labels(), db.relationshipTypes()
 * and db.propertyKeys() (the names in use, from the graph's symbol tables),
 * dbms.procedures() (the native registry, for clients that list what they may call) and
 * dbms.components() (what this server is, for drivers that ask before anything else),
 * and the schema that tools read at start-up: db.schema.nodeTypeProperties() and
 * db.schema.relTypeProperties() (one pass over the entities, grouped by label set or
 * type) and db.schema.visualization() (as maps: kgq has no virtual nodes).
 *
 * Each computes its few rows whole in open() and streams them with kg_proc_rows_next().
 * Nothing here writes, and dbms.procedures() lists the built-in procedures only, not an
 * embedding program's table procedures.
 */
#include "engine/proc-registry.h"

#include <string.h>

#ifndef KG_VERSION
#error "KG_VERSION must be defined by the build"
#endif

/* One STRING row per name of @kind that some live node or relationship uses
 * (every property key ever interned, as the symbol table cannot tell which are live). */
static gboolean
names_in_use (KgProcRun *run, KgSymbolKind kind)
{
  KgGraph *g = run->exec->graph;
  KgProcRows *rows = kg_proc_rows_new (1);
  guint n = kg_graph_n_symbols (g, kind);
  for (KgSymbol s = 0; s < n; s++)
    {
      gboolean used = TRUE;
      if (kind == KG_SYM_LABEL)
        used = kg_graph_label_count (g, s) > 0;
      else if (kind == KG_SYM_TYPE)
        used = kg_graph_type_count (g, s) > 0;
      if (!used)
        continue;
      KgValue v = kg_value_string (kg_graph_symbol_name (g, kind, s));
      kg_proc_rows_add (rows, &v);
    }
  run->state = rows;
  return TRUE;
}

gboolean
kg_proc_db_labels_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return names_in_use (run, KG_SYM_LABEL);
}

gboolean
kg_proc_db_types_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return names_in_use (run, KG_SYM_TYPE);
}

gboolean
kg_proc_db_keys_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return names_in_use (run, KG_SYM_KEY);
}

gboolean
kg_proc_dbms_procedures_open (KgProcRun *run, const KgValue *args, GError **error)
{
  guint n = 0;
  const KgNativeProc *procs = kg_native_procs (&n);
  KgProcRows *rows = kg_proc_rows_new (4);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *signature = kg_native_proc_signature (&procs[i]);
      KgValue row[4] = {
        kg_value_string (procs[i].name),
        kg_value_string (signature),
        kg_value_string (procs[i].description),
        kg_value_string (kg_native_proc_mode_name (procs[i].mode)),
      };
      kg_proc_rows_add (rows, row);
    }
  run->state = rows;
  return TRUE;
}

gboolean
kg_proc_dbms_components_open (KgProcRun *run, const KgValue *args, GError **error)
{
  KgProcRows *rows = kg_proc_rows_new (3);
  KgList *versions = kg_list_new (1);
  KgValue v = kg_value_string (KG_VERSION);
  kg_list_append (versions, &v);
  KgValue row[3] = {
    kg_value_string ("kgq"),
    kg_value_list (versions),
    kg_value_string ("community"),
  };
  kg_proc_rows_add (rows, row);
  run->state = rows;
  return TRUE;
}

/* --- db.schema.* ------------------------------------------------------------------ */

/* Neo4j's (Java's) name of a stored value's type, as the schema procedures list it. */
static const char *
java_type (const KgValue *v)
{
  static const char *const names[] = {
    [KG_VALUE_BOOL] = "Boolean",
    [KG_VALUE_INT] = "Long",
    [KG_VALUE_FLOAT] = "Double",
    [KG_VALUE_STRING] = "String",
    [KG_VALUE_DATE] = "Date",
    [KG_VALUE_LOCALTIME] = "LocalTime",
    [KG_VALUE_TIME] = "Time",
    [KG_VALUE_LOCALDATETIME] = "LocalDateTime",
    [KG_VALUE_DATETIME] = "DateTime",
    [KG_VALUE_DURATION] = "Duration",
  };
  static const char *const arrays[] = {
    [KG_VALUE_BOOL] = "BooleanArray",
    [KG_VALUE_INT] = "LongArray",
    [KG_VALUE_FLOAT] = "DoubleArray",
    [KG_VALUE_STRING] = "StringArray",
    [KG_VALUE_DATE] = "DateArray",
    [KG_VALUE_LOCALTIME] = "LocalTimeArray",
    [KG_VALUE_TIME] = "TimeArray",
    [KG_VALUE_LOCALDATETIME] = "LocalDateTimeArray",
    [KG_VALUE_DATETIME] = "DateTimeArray",
    [KG_VALUE_DURATION] = "DurationArray",
  };
  if (v->type == KG_VALUE_LIST)
    {
      const KgList *l = v->u.list;
      if (l->len == 0)
        return "List";
      KgValueType t = l->items[0].type;
      for (guint i = 1; i < l->len; i++)
        if (l->items[i].type != t)
          return "List";
      return (guint) t < G_N_ELEMENTS (arrays) && arrays[t] != NULL ? arrays[t] : "List";
    }
  return (guint) v->type < G_N_ELEMENTS (names) && names[v->type] != NULL ? names[v->type] : "Map";
}

/* What one node-label set (or relationship type) has of one key. */
typedef struct
{
  guint64 count;    /* entities with the key */
  GPtrArray *types; /* (element-type utf8, static) the types seen, in order seen */
} KeyStats;

/* One node-label set or relationship type. */
typedef struct
{
  char *name;        /* ":`Person`:`Admin`" / ":`KNOWS`" */
  GPtrArray *labels; /* (element-type utf8) the labels, sorted; NULL for a type */
  guint64 count;     /* entities */
  GHashTable *keys;  /* key name -> KeyStats * */
} TypeStats;

static void
key_stats_free (gpointer p)
{
  KeyStats *k = p;
  g_ptr_array_unref (k->types);
  g_free (k);
}

static void
type_stats_free (gpointer p)
{
  TypeStats *t = p;
  g_free (t->name);
  if (t->labels != NULL)
    g_ptr_array_unref (t->labels);
  g_hash_table_unref (t->keys);
  g_free (t);
}

static int
compare_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
count_prop (TypeStats *t, const char *key, const KgValue *v)
{
  KeyStats *k = g_hash_table_lookup (t->keys, key);
  if (k == NULL)
    {
      k = g_new0 (KeyStats, 1);
      k->types = g_ptr_array_new ();
      g_hash_table_insert (t->keys, (gpointer) key, k);
    }
  k->count++;
  const char *jt = java_type (v);
  for (guint i = 0; i < k->types->len; i++)
    if (strcmp (k->types->pdata[i], jt) == 0)
      return;
  g_ptr_array_add (k->types, (gpointer) jt);
}

/* The TypeStats of @name in @groups, made with @labels (taken) when new. */
static TypeStats *
group_for (GHashTable *groups, char *name, GPtrArray *labels)
{
  TypeStats *t = g_hash_table_lookup (groups, name);
  if (t != NULL)
    {
      g_free (name);
      if (labels != NULL)
        g_ptr_array_unref (labels);
      return t;
    }
  t = g_new0 (TypeStats, 1);
  t->name = name;
  t->labels = labels;
  t->keys = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, key_stats_free);
  g_hash_table_insert (groups, t->name, t);
  return t;
}

/* `name`, with backquotes doubled, as Neo4j writes a label in nodeType. */
static void
append_backquoted (GString *s, const char *name)
{
  g_string_append_c (s, '`');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '`')
        g_string_append_c (s, '`');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '`');
}

static KgValue
strings_value (GPtrArray *strings)
{
  KgList *l = kg_list_new (strings->len);
  for (guint i = 0; i < strings->len; i++)
    {
      KgValue v = kg_value_string (strings->pdata[i]);
      kg_list_append (l, &v);
    }
  return kg_value_list (l);
}

/* The rows of db.schema.nodeTypeProperties() (@nodes) or relTypeProperties(): one per
 * label set (type) and key, and one with null key for a set none of whose entities has
 * a property. */
static gboolean
type_properties (KgProcRun *run, gboolean nodes, GError **error)
{
  KgGraph *g = run->exec->graph;
  g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, type_stats_free);
  KgNodeIter it;
  guint32 id;
  guint64 seen = 0;
  if (nodes)
    kg_graph_nodes_init (g, KG_NONE, &it);
  else
    kg_graph_edges_init (g, KG_NONE, &it);
  while (nodes ? kg_node_iter_next (&it, &id) : kg_edge_iter_next (&it, &id))
    {
      if ((++seen % 4096) == 0 && !kg_exec_check (run->exec, error))
        return FALSE;
      GString *name = g_string_new (NULL);
      GPtrArray *labels = NULL;
      if (nodes)
        {
          guint nl = 0;
          const KgSymbol *ls = kg_graph_node_labels (g, id, &nl);
          labels = g_ptr_array_new ();
          for (guint i = 0; i < nl; i++)
            g_ptr_array_add (labels, (gpointer) kg_graph_symbol_name (g, KG_SYM_LABEL, ls[i]));
          g_ptr_array_sort (labels, compare_str);
          for (guint i = 0; i < labels->len; i++)
            {
              g_string_append_c (name, ':');
              append_backquoted (name, labels->pdata[i]);
            }
        }
      else
        {
          g_string_append_c (name, ':');
          append_backquoted (name, kg_graph_symbol_name (g, KG_SYM_TYPE, kg_graph_edge_type (g, id)));
        }
      TypeStats *t = group_for (groups, g_string_free (name, FALSE), labels);
      t->count++;
      guint np = nodes ? kg_graph_node_n_props (g, id) : kg_graph_edge_n_props (g, id);
      for (guint i = 0; i < np; i++)
        {
          KgSymbol key;
          const KgValue *v = nodes ? kg_graph_node_prop_at (g, id, i, &key) : kg_graph_edge_prop_at (g, id, i, &key);
          if (v != NULL && v->type != KG_VALUE_NULL)
            count_prop (t, kg_graph_symbol_name (g, KG_SYM_KEY, key), v);
        }
    }
  guint width = nodes ? 5 : 4;
  KgProcRows *rows = kg_proc_rows_new (width);
  GHashTableIter gi;
  gpointer gv;
  g_hash_table_iter_init (&gi, groups);
  while (g_hash_table_iter_next (&gi, NULL, &gv))
    {
      TypeStats *t = gv;
      KgValue row[5];
      guint c = 0;
      if (g_hash_table_size (t->keys) == 0)
        {
          row[c++] = kg_value_string (t->name);
          if (nodes)
            row[c++] = strings_value (t->labels);
          row[c++] = kg_value_null ();
          row[c++] = kg_value_null ();
          row[c++] = kg_value_bool (FALSE);
          kg_proc_rows_add (rows, row);
          continue;
        }
      GHashTableIter ki;
      gpointer kk, kv;
      g_hash_table_iter_init (&ki, t->keys);
      while (g_hash_table_iter_next (&ki, &kk, &kv))
        {
          const KeyStats *k = kv;
          c = 0;
          row[c++] = kg_value_string (t->name);
          if (nodes)
            row[c++] = strings_value (t->labels);
          row[c++] = kg_value_string (kk);
          row[c++] = strings_value (k->types);
          row[c++] = kg_value_bool (k->count == t->count);
          kg_proc_rows_add (rows, row);
        }
    }
  run->state = rows;
  return TRUE;
}

gboolean
kg_proc_db_node_type_properties_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return type_properties (run, TRUE, error);
}

gboolean
kg_proc_db_rel_type_properties_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return type_properties (run, FALSE, error);
}

static KgValue
map_value (guint n, const char *const *keys, KgValue *vals)
{
  KgMap *m = kg_map_new (n);
  for (guint i = 0; i < n; i++)
    kg_map_set (m, keys[i], &vals[i]);
  return kg_value_map (m);
}

/* db.schema.visualization(): one row. kgq's nodes and relationships are entities of the
 * graph, so the schema's (one node per label, one relationship per label pair and type
 * that occurs) are maps: {name, indexes, constraints} and {type, startNode, endNode}. */
gboolean
kg_proc_db_schema_visualization_open (KgProcRun *run, const KgValue *args, GError **error)
{
  KgGraph *g = run->exec->graph;
  KgList *nodes = kg_list_new (0);
  for (KgSymbol l = 0; l < kg_graph_n_symbols (g, KG_SYM_LABEL); l++)
    {
      if (kg_graph_label_count (g, l) == 0)
        continue;
      KgList *indexes = kg_list_new (0), *constraints = kg_list_new (0);
      for (guint i = 0; i < kg_graph_n_indexes (g); i++)
        {
          KgSymbol il, ik;
          kg_graph_index_at (g, i, &il, &ik);
          KgValue v = kg_value_string (kg_graph_symbol_name (g, KG_SYM_KEY, ik));
          if (il == l)
            kg_list_append (indexes, &v);
          else
            kg_value_clear (&v);
        }
      for (guint i = 0; i < kg_graph_n_constraints (g); i++)
        {
          const KgConstraint *c = kg_graph_constraint_at (g, i);
          if (c->edges || c->target != l)
            continue;
          KgValue v = kg_value_string (c->name);
          kg_list_append (constraints, &v);
        }
      static const char *const keys[] = { "name", "indexes", "constraints" };
      KgValue vals[3] = { kg_value_string (kg_graph_symbol_name (g, KG_SYM_LABEL, l)), kg_value_list (indexes),
                          kg_value_list (constraints) };
      KgValue node = map_value (3, keys, vals);
      kg_list_append (nodes, &node);
    }
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  KgList *rels = kg_list_new (0);
  KgEdgeIter it;
  KgEdgeId e;
  guint64 n = 0;
  kg_graph_edges_init (g, KG_NONE, &it);
  while (kg_edge_iter_next (&it, &e))
    {
      if ((++n % 4096) == 0 && !kg_exec_check (run->exec, error))
        {
          kg_list_unref (nodes);
          kg_list_unref (rels);
          return FALSE;
        }
      guint ns = 0, nd = 0;
      const KgSymbol *sl = kg_graph_node_labels (g, kg_graph_edge_src (g, e), &ns);
      const KgSymbol *dl = kg_graph_node_labels (g, kg_graph_edge_dst (g, e), &nd);
      KgSymbol t = kg_graph_edge_type (g, e);
      for (guint i = 0; i < ns; i++)
        for (guint j = 0; j < nd; j++)
          {
            char *key = g_strdup_printf ("%u:%u:%u", sl[i], t, dl[j]);
            if (!g_hash_table_add (seen, key))
              continue;
            static const char *const keys[] = { "type", "startNode", "endNode" };
            KgValue vals[3] = { kg_value_string (kg_graph_symbol_name (g, KG_SYM_TYPE, t)),
                                kg_value_string (kg_graph_symbol_name (g, KG_SYM_LABEL, sl[i])),
                                kg_value_string (kg_graph_symbol_name (g, KG_SYM_LABEL, dl[j])) };
            KgValue rel = map_value (3, keys, vals);
            kg_list_append (rels, &rel);
          }
    }
  KgProcRows *rows = kg_proc_rows_new (2);
  KgValue row[2] = { kg_value_list (nodes), kg_value_list (rels) };
  kg_proc_rows_add (rows, row);
  run->state = rows;
  return TRUE;
}
