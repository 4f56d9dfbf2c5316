/* engine/proc-show.c — the tables of SHOW PROCEDURES, SHOW FUNCTIONS and SHOW DATABASES.
 *
 * Each SHOW command is a CALL of one of the three native procedures here (the parser
 * marks it KG_AST_F_SHOW; they cannot be called by name, and dbms.procedures() does not
 * list them). Their columns are Neo4j 5's, in its order; the first few are those SHOW
 * gives without YIELD. The rows come from the procedure table (proc-table.c) and the
 * function table (functions.c), so a new procedure or function is listed by itself;
 * the one database is `neo4j`, with `kgq` as its alias, as the Bolt server names it.
 * SHOW INDEXES and SHOW CONSTRAINTS with YIELD or WHERE are tables here too, of the
 * rows the plain commands show (schema.c, schema-constraint.c). Nothing here writes.
 */
#include "engine/exec-private.h"
#include "engine/expr.h"
#include "engine/proc-registry.h"

#include <string.h>

/* --- SHOW PROCEDURES ------------------------------------------------------------ */

static KgValue
strings_map (const char *k1, const char *v1, const char *k2, const char *v2, const char *k3, const char *v3)
{
  KgMap *m = kg_map_new (3);
  const char *keys[] = { k1, k2, k3 };
  const char *vals[] = { v1, v2, v3 };
  for (guint i = 0; i < 3; i++)
    if (keys[i] != NULL)
      {
        KgValue v = vals[i] ? kg_value_string (vals[i]) : kg_value_null ();
        kg_map_set (m, keys[i], &v);
      }
  return kg_value_map (m);
}

static void
list_add (KgList *list, KgValue v)
{
  kg_list_append (list, &v);
}

static gboolean
show_procedures_open (KgProcRun *run, const KgValue *args, GError **error)
{
  guint n = 0;
  const KgNativeProc *procs = kg_native_procs (&n);
  KgProcRows *rows = kg_proc_rows_new (run->proc->n_fields);
  for (guint i = 0; i < n; i++)
    {
      const KgNativeProc *p = &procs[i];
      g_autofree char *signature = kg_native_proc_signature (p);
      KgList *in = kg_list_new (p->n_params), *out = kg_list_new (p->n_fields);
      for (guint k = 0; k < p->n_params; k++)
        list_add (in, strings_map ("name", p->params[k].name, "type", p->params[k].type, "default",
                                   p->params[k].default_text));
      for (guint k = 0; k < p->n_fields; k++)
        list_add (out, strings_map ("name", p->fields[k].name, "type", p->fields[k].type, NULL, NULL));
      KgMap *option = kg_map_new (1);
      KgValue f = kg_value_bool (FALSE);
      kg_map_set (option, "deprecated", &f);
      KgValue row[] = {
        kg_value_string (p->name),
        kg_value_string (p->description),
        kg_value_string (kg_native_proc_mode_name (p->mode)),
        kg_value_bool (p->mode == KG_PROC_DBMS),
        kg_value_string (signature),
        kg_value_list (in),
        kg_value_list (out),
        kg_value_bool (FALSE),
        kg_value_null (),
        kg_value_null (),
        kg_value_bool (FALSE),
        kg_value_null (),
        kg_value_map (option),
      };
      G_STATIC_ASSERT (G_N_ELEMENTS (row) == 13);
      kg_proc_rows_add (rows, row);
    }
  run->state = rows;
  return TRUE;
}

/* --- SHOW FUNCTIONS ------------------------------------------------------------- */

/* The type a mask of value types stands for in a signature. */
static const char *
mask_type (guint mask)
{
  static const struct
  {
    guint mask;
    const char *name;
  } names[] = {
    { KG_TYPES (KG_VALUE_BOOL), "BOOLEAN" },
    { KG_TYPES (KG_VALUE_INT), "INTEGER" },
    { KG_TYPES (KG_VALUE_FLOAT), "FLOAT" },
    { KG_TYPES_NUM, "INTEGER | FLOAT" },
    { KG_TYPES (KG_VALUE_STRING), "STRING" },
    { KG_TYPES (KG_VALUE_LIST), "LIST<ANY>" },
    { KG_TYPES (KG_VALUE_MAP), "MAP" },
    { KG_TYPES (KG_VALUE_NODE), "NODE" },
    { KG_TYPES (KG_VALUE_EDGE), "RELATIONSHIP" },
    { KG_TYPES (KG_VALUE_PATH), "PATH" },
    { KG_TYPES (KG_VALUE_NODE) | KG_TYPES (KG_VALUE_EDGE), "NODE | RELATIONSHIP" },
    { KG_TYPES (KG_VALUE_DATE), "DATE" },
    { KG_TYPES (KG_VALUE_LOCALTIME), "LOCAL TIME" },
    { KG_TYPES (KG_VALUE_TIME), "ZONED TIME" },
    { KG_TYPES (KG_VALUE_LOCALDATETIME), "LOCAL DATETIME" },
    { KG_TYPES (KG_VALUE_DATETIME), "ZONED DATETIME" },
    { KG_TYPES (KG_VALUE_DURATION), "DURATION" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].mask == mask)
      return names[i].name;
  return "ANY";
}

/* `name(input :: STRING, input2 :: ANY = null, ...) :: STRING` from the row's arity and
 * types; the parameters are named by position, as the table keeps no names. */
static char *
function_signature (const KgFunction *fn, KgList *args)
{
  GString *s = g_string_new (fn->name);
  g_string_append_c (s, '(');
  int shown = fn->max_args < 0 ? MAX (fn->min_args, 1) : fn->max_args;
  for (int i = 0; i < shown; i++)
    {
      g_autofree char *name = i == 0 ? g_strdup ("input") : g_strdup_printf ("input%d", i + 1);
      const char *type = i == 0 && fn->arg0_types ? mask_type (fn->arg0_types) : "ANY";
      g_string_append_printf (s, "%s%s :: %s%s", i ? ", " : "", name, type, i >= fn->min_args ? " = null" : "");
      list_add (args, strings_map ("name", name, "type", type, "default", i >= fn->min_args ? "null" : NULL));
    }
  if (fn->max_args < 0)
    g_string_append (s, shown > 0 ? ", ..." : "...");
  g_string_append_printf (s, ") :: %s", fn->agg == KG_AGG_NONE && !fn->result_types ? "ANY" : mask_type (fn->result_types));
  return g_string_free (s, FALSE);
}

static int
name_cmp (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
show_functions_open (KgProcRun *run, const KgValue *args, GError **error)
{
  const char *const *names = kg_function_names ();
  guint n = g_strv_length ((char **) names);
  const char **sorted = g_memdup2 (names, n * sizeof *names);
  qsort (sorted, n, sizeof *sorted, name_cmp);
  KgProcRows *rows = kg_proc_rows_new (run->proc->n_fields);
  for (guint i = 0; i < n; i++)
    {
      const KgFunction *fn = kg_function_lookup (sorted[i]);
      KgList *in = kg_list_new (2), *out = kg_list_new (1);
      g_autofree char *signature = function_signature (fn, in);
      const char *result = g_strrstr (signature, ":: ") + 3;
      list_add (out, strings_map ("name", "result", "type", result, NULL, NULL));
      KgValue row[] = {
        kg_value_string (fn->name),
        fn->category ? kg_value_string (fn->category) : kg_value_null (),
        fn->description ? kg_value_string (fn->description) : kg_value_null (),
        kg_value_string (signature),
        kg_value_bool (TRUE),
        kg_value_list (in),
        kg_value_list (out),
        kg_value_bool (fn->agg != KG_AGG_NONE),
        kg_value_null (),
        kg_value_null (),
        kg_value_bool (FALSE),
        kg_value_null (),
      };
      G_STATIC_ASSERT (G_N_ELEMENTS (row) == 12);
      kg_proc_rows_add (rows, row);
    }
  g_free (sorted);
  run->state = rows;
  return TRUE;
}

/* --- SHOW DATABASES ------------------------------------------------------------- */

#define KG_DATABASE_NAME "neo4j"
#define KG_DATABASE_ALIAS "kgq"

static gboolean
show_databases_open (KgProcRun *run, const KgValue *args, GError **error)
{
  KgProcRows *rows = kg_proc_rows_new (run->proc->n_fields);
  const char *wanted = args[0].type == KG_VALUE_STRING ? args[0].u.s : NULL;
  if (wanted == NULL || g_ascii_strcasecmp (wanted, KG_DATABASE_NAME) == 0 || g_ascii_strcasecmp (wanted, KG_DATABASE_ALIAS) == 0)
    {
      KgList *aliases = kg_list_new (1);
      list_add (aliases, kg_value_string (KG_DATABASE_ALIAS));
      KgValue row[] = {
        kg_value_string (KG_DATABASE_NAME),
        kg_value_string ("standard"),
        kg_value_list (aliases),
        kg_value_string ("read-write"),
        kg_value_null (), /* address: the engine does not know where it is served */
        kg_value_string ("primary"),
        kg_value_bool (TRUE),
        kg_value_string ("online"),
        kg_value_string ("online"),
        kg_value_string (""),
        kg_value_bool (TRUE),
        kg_value_bool (TRUE),
        kg_value_list (kg_list_new (0)),
      };
      G_STATIC_ASSERT (G_N_ELEMENTS (row) == 13);
      kg_proc_rows_add (rows, row);
    }
  run->state = rows;
  return TRUE;
}

/* --- SHOW INDEXES, SHOW CONSTRAINTS -------------------------------------------- */

/* The rows of a plain SHOW command as the table's rows. */
static gboolean
schema_rows_open (KgProcRun *run, GPtrArray *(*make) (KgGraph *graph))
{
  KgProcRows *rows = kg_proc_rows_new (run->proc->n_fields);
  g_autoptr (GPtrArray) shown = make (run->exec->graph);
  g_autofree KgValue *row = g_new (KgValue, run->proc->n_fields);
  for (guint i = 0; i < shown->len; i++)
    {
      const KgList *l = g_ptr_array_index (shown, i);
      for (guint j = 0; j < run->proc->n_fields; j++)
        kg_value_copy (&l->items[j], &row[j]);
      kg_proc_rows_add (rows, row);
    }
  run->state = rows;
  return TRUE;
}

static gboolean
show_indexes_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return schema_rows_open (run, kg_schema_index_rows);
}

static gboolean
show_constraints_open (KgProcRun *run, const KgValue *args, GError **error)
{
  return schema_rows_open (run, kg_schema_constraint_rows);
}

/* --- The table ---------------------------------------------------------------- */

#define ROWS kg_proc_rows_next, kg_proc_rows_close

typedef struct
{
  const char *kind; /* as the parser names it */
  guint n_default;  /* columns shown without YIELD */
  KgNativeProc proc;
} KgShowTable;

static const KgShowTable show_tables[] = {
  { "constraints", 8, { "SHOW CONSTRAINTS", "Lists the constraints.", KG_PROC_READ, 0, { { 0 } }, 8, { { "id", "INTEGER" }, { "name", "STRING" }, { "type", "STRING" }, { "entityType", "STRING" }, { "labelsOrTypes", "LIST<STRING>" }, { "properties", "LIST<STRING>" }, { "ownedIndex", "STRING" }, { "propertyType", "STRING" } }, show_constraints_open, ROWS } },
  { "indexes", 12, { "SHOW INDEXES", "Lists the indexes.", KG_PROC_READ, 0, { { 0 } }, 12, { { "id", "INTEGER" }, { "name", "STRING" }, { "state", "STRING" }, { "populationPercent", "FLOAT" }, { "type", "STRING" }, { "entityType", "STRING" }, { "labelsOrTypes", "LIST<STRING>" }, { "properties", "LIST<STRING>" }, { "indexProvider", "STRING" }, { "owningConstraint", "STRING" }, { "lastRead", "DATETIME" }, { "readCount", "INTEGER" } }, show_indexes_open, ROWS } },
  { "databases", 13, { "SHOW DATABASES", "Lists the databases.", KG_PROC_DBMS, 1, { { "name", "STRING", "null" } }, 13, { { "name", "STRING" }, { "type", "STRING" }, { "aliases", "LIST<STRING>" }, { "access", "STRING" }, { "address", "STRING" }, { "role", "STRING" }, { "writer", "BOOLEAN" }, { "requestedStatus", "STRING" }, { "currentStatus", "STRING" }, { "statusMessage", "STRING" }, { "default", "BOOLEAN" }, { "home", "BOOLEAN" }, { "constituents", "LIST<STRING>" } }, show_databases_open, ROWS } },
  { "functions", 3, { "SHOW FUNCTIONS", "Lists the functions.", KG_PROC_DBMS, 0, { { 0 } }, 12, { { "name", "STRING" }, { "category", "STRING" }, { "description", "STRING" }, { "signature", "STRING" }, { "isBuiltIn", "BOOLEAN" }, { "argumentDescription", "LIST<MAP>" }, { "returnDescription", "LIST<MAP>" }, { "aggregating", "BOOLEAN" }, { "rolesExecution", "LIST<STRING>" }, { "rolesBoostedExecution", "LIST<STRING>" }, { "isDeprecated", "BOOLEAN" }, { "deprecatedBy", "STRING" } }, show_functions_open, ROWS } },
  { "procedures", 4, { "SHOW PROCEDURES", "Lists the procedures.", KG_PROC_DBMS, 0, { { 0 } }, 13, { { "name", "STRING" }, { "description", "STRING" }, { "mode", "STRING" }, { "worksOnSystem", "BOOLEAN" }, { "signature", "STRING" }, { "argumentDescription", "LIST<MAP>" }, { "returnDescription", "LIST<MAP>" }, { "admin", "BOOLEAN" }, { "rolesExecution", "LIST<STRING>" }, { "rolesBoostedExecution", "LIST<STRING>" }, { "isDeprecated", "BOOLEAN" }, { "deprecatedBy", "STRING" }, { "option", "MAP" } }, show_procedures_open, ROWS } },
};

const KgNativeProc *
kg_show_proc_lookup (const char *kind, guint *n_default)
{
  for (guint i = 0; i < G_N_ELEMENTS (show_tables); i++)
    if (strcmp (show_tables[i].kind, kind) == 0)
      {
        *n_default = show_tables[i].n_default;
        return &show_tables[i].proc;
      }
  return NULL;
}
