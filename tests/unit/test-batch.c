/* tests/unit/test-batch.c — the batch path gives the row path's answers.
 *
 * Builds graphs whose label has 0, 1, 1023, 1024, 1025 and 2049 nodes (other nodes in
 * between, so the label's bitmap has holes), with a property of mixed types (integers,
 * floats, strings, booleans, absent), runs the same statements with batches and with
 * KgPlanOptions.rows_only, and compares everything they return: rows, in order, and
 * errors. Also checks that EXPLAIN marks the operators that run in batches. Does not
 * measure speed (bench/ does).
 */
#include "common/print.h"
#include "engine/engine.h"
#include "graph/graph.h"
#include "parser/parser.h"

#include <string.h>

static KgGraph *
make_graph (guint n)
{
  KgGraph *g = kg_graph_new ();
  KgSymbol p = kg_graph_intern (g, KG_SYM_LABEL, "P");
  KgSymbol q = kg_graph_intern (g, KG_SYM_LABEL, "Q");
  KgSymbol v = kg_graph_intern (g, KG_SYM_KEY, "v");
  KgSymbol s = kg_graph_intern (g, KG_SYM_KEY, "s");
  KgSymbol z = kg_graph_intern (g, KG_SYM_KEY, "z");
  KgSymbol f = kg_graph_intern (g, KG_SYM_TYPE, "F");
  GArray *ps = g_array_new (FALSE, FALSE, sizeof (KgNodeId));
  for (guint i = 0; i < n; i++)
    {
      if (i % 3 == 1)
        kg_graph_node_add_label (g, kg_graph_add_node (g), q);
      KgNodeId id = kg_graph_add_node (g);
      g_array_append_val (ps, id);
      kg_graph_node_add_label (g, id, p);
      KgValue x;
      switch (i % 6)
        {
        case 0:
          x = kg_value_int ((gint64) i);
          break;
        case 1:
          x = kg_value_float (i + 0.5);
          break;
        case 2:
          x = kg_value_string (i % 4 == 0 ? "Abc" : "abc");
          break;
        case 3:
          x = kg_value_bool (i % 4 == 1);
          break;
        case 4:
          x = kg_value_int (-(gint64) i);
          break;
        default:
          x = kg_value_null ();
          break;
        }
      kg_graph_node_set_prop (g, id, v, &x);
      kg_value_clear (&x);
      x = i % 5 == 0 ? kg_value_string (i % 2 ? "MALE" : "male") : i % 5 == 1 ? kg_value_string ("female")
                                                                              : kg_value_null ();
      kg_graph_node_set_prop (g, id, s, &x);
      kg_value_clear (&x);
      x = kg_value_int (i == 700 ? 1 : 2);
      kg_graph_node_set_prop (g, id, z, &x);
    }
  for (guint i = 0; i < ps->len; i++)
    {
      KgNodeId a = g_array_index (ps, KgNodeId, i);
      for (guint k = 1; k <= i % 4; k++)
        kg_graph_add_edge (g, a, g_array_index (ps, KgNodeId, (i * 7 + k) % ps->len), f);
    }
  g_array_free (ps, TRUE);
  return g;
}

static void
param_free (gpointer p)
{
  kg_value_clear (p);
  g_free (p);
}

/* Everything @query returns on @g (rows in order, then the error), as text. */
static char *
run (KgGraph *g, const char *query, gboolean rows_only, gboolean explain)
{
  GString *out = g_string_new (NULL);
  GError *error = NULL;
  KgAst *ast = kg_parse (query, -1, "q", NULL, &error);
  g_assert_no_error (error);
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, param_free);
  KgValue *x = g_new (KgValue, 1);
  *x = kg_value_int (100);
  g_hash_table_insert (params, "x", x);
  KgPlanOptions options = { 0 };
  options.params = params;
  options.rows_only = rows_only;
  KgPlan *plan = kg_plan_build (g, ast, &options, &error);
  g_assert_no_error (error);
  if (explain)
    {
      char *text = kg_plan_describe (plan, FALSE);
      g_string_append (out, text);
      g_free (text);
    }
  else
    {
      while (kg_plan_next (plan, &error))
        {
          for (guint c = 0; c < kg_plan_n_columns (plan); c++)
            {
              g_string_append (out, c ? " | " : "");
              kg_value_append_literal (out, kg_plan_value (plan, c));
            }
          g_string_append_c (out, '\n');
        }
      if (error)
        g_string_append_printf (out, "error: %s\n", error->message);
      g_clear_error (&error);
    }
  kg_plan_free (plan);
  g_hash_table_destroy (params);
  return g_string_free (out, FALSE);
}

static const char *const queries[] = {
  "MATCH (p:P) RETURN count(*)",
  "MATCH (n) RETURN count(n)",
  "MATCH (p:P) RETURN p.v",
  "MATCH (p:P) WHERE p.v > 10 RETURN p.v",
  "MATCH (p:$('P')) WHERE p.v > 10 RETURN p.v",
  "MATCH (p:$any(['P', 'Q'])) WHERE p:$('P') RETURN count(*)",
  "MATCH (p:P) WHERE p.v >= 10 AND p.v < 500.5 RETURN count(*)",
  "MATCH (p:P) WHERE p.v = -12345 RETURN p.v",
  "MATCH (p:P) WHERE p.v IS NULL RETURN count(*)",
  "MATCH (p:P) WHERE p.v IS NOT NULL AND NOT (p.v = 6) RETURN p.v",
  "MATCH (p:P) WHERE p.v = 'abc' OR p.v = true RETURN p.v",
  "MATCH (p:P) WHERE p.v XOR p.v = true RETURN p.v",
  "MATCH (p:P) WHERE p.v <> $x RETURN count(*)",
  "MATCH (p:P) WHERE p.v + 1 > 100 RETURN p.v",
  "MATCH (p:P) WHERE p.v * 2 - 1 < 40 AND p.v % 2 = 0 RETURN p.v",
  "MATCH (p:P) WHERE p.v / 2 > 3 RETURN p.v",
  "MATCH (p:P) WHERE lower(p.s) = lower('MALE') RETURN count(*)",
  "MATCH (p:P) WHERE upper(p.s) <> 'FEMALE' RETURN p.s",
  "MATCH (p:P) WHERE lower(p.v) = 'abc' RETURN p.v",
  "MATCH (p:P) WHERE size(toString(p.v)) > 2 AND p.v > 3 RETURN p.v",
  "MATCH (p:P) WHERE 10 / (p.z - 1) > 0 RETURN p.v LIMIT 1",
  "MATCH (p:P) WHERE 10 / (p.z - 1) > 0 RETURN p.v",
  "MATCH (p:P) WHERE p.v > 10 RETURN p.v LIMIT 5",
  "MATCH (p:P) WHERE p.v > 3 WITH p WHERE p.z = 2 RETURN count(p)",
  "MATCH (p:P)-[:F]->(o:P) WHERE o.v > 10 RETURN p.v, o.v",
  "MATCH (p:P) OPTIONAL MATCH (o:P) WHERE o.v = p.v AND o.v > 1000 RETURN count(o)",
  "MATCH (a:P), (b:Q) WHERE a.v = 6 RETURN count(*)",
};

static void
test_same_answers (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  KgGraph *g = make_graph (n);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      char *rows = run (g, queries[i], TRUE, FALSE);
      char *batches = run (g, queries[i], FALSE, FALSE);
      if (strcmp (rows, batches) != 0)
        g_error ("%u nodes: %s\n--- rows:\n%s--- batches:\n%s", n, queries[i], rows, batches);
      g_free (rows);
      g_free (batches);
    }
  kg_graph_free (g);
}

static void
test_explain_marks (void)
{
  KgGraph *g = make_graph (10);
  char *plan = run (g, "MATCH (p:P) WHERE p.v > 1 RETURN p.v", FALSE, TRUE);
  g_assert_nonnull (strstr (plan, "LabelScan (p:P)  [est=10 batch]"));
  g_assert_nonnull (strstr (plan, "batch]"));
  g_free (plan);
  plan = run (g, "MATCH (p:P) WHERE p.v > 1 RETURN p.v", TRUE, TRUE);
  g_assert_null (strstr (plan, "batch"));
  g_free (plan);
  /* a plan that writes runs a row at a time */
  plan = run (g, "MATCH (p:P) WHERE p.v > 1 SET p.w = 1", FALSE, TRUE);
  g_assert_null (strstr (plan, "batch"));
  g_free (plan);
  kg_graph_free (g);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  static const guint sizes[] = { 0, 1, 1023, 1024, 1025, 2049 };
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      char *path = g_strdup_printf ("/batch/same-answers/%u", sizes[i]);
      g_test_add_data_func (path, GUINT_TO_POINTER (sizes[i]), test_same_answers);
      g_free (path);
    }
  g_test_add_func ("/batch/explain-marks", test_explain_marks);
  return g_test_run ();
}
