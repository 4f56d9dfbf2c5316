/* engine/proc-db.c — the database's own procedures: db.labels(), db.relationshipTypes()
 * and db.propertyKeys() (the names in use, from the graph's symbol tables),
 * dbms.procedures() (the native registry, for clients that list what they may call) and
 * dbms.components() (what this server is, for drivers that ask before anything else).
 *
 * Each computes its few rows whole in open() and streams them with kg_proc_rows_next().
 * Nothing here writes, and dbms.procedures() lists the built-in procedures only, not an
 * embedding program's table procedures.
 */
#include "engine/proc-registry.h"

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
