/* engine/proc-table.c — the table of native procedures: one row per built-in procedure
 * with its name, description, mode, arguments (types and defaults), outputs (types)
 * and implementation. Rows are kept in name order, the order dbms.procedures() lists.
 *
 * Only data lives here; the registry's functions are in proc-registry.c and the
 * implementations in proc-db.c and algo-*.c.
 */
#include "engine/proc-registry.h"

#define ROWS kg_proc_rows_next, kg_proc_rows_close

static const KgNativeProc procs[] = {
  { "db.labels", "Lists the labels that some node carries.", KG_PROC_READ, 0, { { 0 } }, 1, { { "label", "STRING" } }, kg_proc_db_labels_open, ROWS },
  { "db.propertyKeys", "Lists every property key the graph has seen.", KG_PROC_READ, 0, { { 0 } }, 1, { { "propertyKey", "STRING" } }, kg_proc_db_keys_open, ROWS },
  { "db.relationshipTypes", "Lists the relationship types that some relationship has.", KG_PROC_READ, 0, { { 0 } }, 1, { { "relationshipType", "STRING" } }, kg_proc_db_types_open, ROWS },
  { "dbms.components", "Names this database, its version and its edition.", KG_PROC_DBMS, 0, { { 0 } }, 3, { { "name", "STRING" }, { "versions", "LIST<STRING>" }, { "edition", "STRING" } }, kg_proc_dbms_components_open, ROWS },
  { "dbms.procedures", "Lists the built-in procedures with their signatures.", KG_PROC_DBMS, 0, { { 0 } }, 4, { { "name", "STRING" }, { "signature", "STRING" }, { "description", "STRING" }, { "mode", "STRING" } }, kg_proc_dbms_procedures_open, ROWS },
};

const KgNativeProc *
kg_native_procs (guint *n)
{
  *n = G_N_ELEMENTS (procs);
  return procs;
}
