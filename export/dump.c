/* export/dump.c — the graph as a Cypher script that recreates it (`kgq dump`; see
 * formats.h and docs/formats.md).
 *
 * Nodes are created in id order, in batches of up to KG_DUMP_BATCH rows with UNWIND: one
 * statement per run of consecutive nodes with the same labels, since labels in CREATE
 * are fixed. Each node carries a temporary label and key (`__KgqDump`, `__kgq_id`, its
 * position in id order) with an index on them, so that the relationship batches (runs
 * of one type, in id order) find their ends by index; the script removes them and drops
 * that index at the end, then creates the graph's own indexes (equality and full-text, with their analysers). Because everything is
 * created in id order and numbered by position, loading the script into an empty graph
 * and dumping that gives the same bytes.
 *
 * Values are written as Cypher expressions that evaluate to exactly the stored value:
 * literals, and (0.0 / 0.0), (1.0 / 0.0), (-1.0 * 0.0) and (-9223372036854775807 - 1)
 * for what has no literal. Cypher cannot store a map, or a list holding lists, as a
 * property value (other formats can bring them in), so such properties are left out,
 * counted and noted at the end of the script. It reads the graph and writes to the FILE it is
 * given.
 */
#include "export/formats.h"

#include <string.h>

#include "common/print.h"
#include "export/export-private.h"

#define DUMP_LABEL ":`__KgqDump`"
#define DUMP_KEY "`__kgq_id`"

/* Whether SET can store @v as a property value: no maps, and lists of simple values only. */
static gboolean
storable (const KgValue *v, gboolean in_list)
{
  if (v->type == KG_VALUE_MAP || v->type == KG_VALUE_NODE || v->type == KG_VALUE_EDGE || v->type == KG_VALUE_PATH)
    return FALSE;
  if (v->type == KG_VALUE_LIST)
    {
      if (in_list)
        return FALSE;
      for (guint i = 0; i < v->u.list->len; i++)
        if (!storable (&v->u.list->items[i], TRUE))
          return FALSE;
    }
  return TRUE;
}

/* Appends a Cypher expression whose value is exactly @v: the one printer's expression
 * style. */
static void
append_expr (GString *out, const KgValue *v)
{
  static const KgPrinter expression = { KG_PRINT_EXPRESSION, 0, NULL, NULL };
  kg_value_print (out, v, &expression);
}

/* Appends {key: expr, ...} of @id's storable properties; counts the others in @skipped. */
static void
append_props (GString *out, const KgGraph *g, guint32 id, gboolean is_node, guint64 *skipped)
{
  guint n = 0;
  g_autofree KgExportProp *props = kg_export_sorted_props (g, id, is_node, &n);
  g_string_append_c (out, '{');
  gboolean first = TRUE;
  for (guint i = 0; i < n; i++)
    {
      if (!storable (props[i].value, FALSE))
        {
          (*skipped)++;
          continue;
        }
      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      kg_string_append_name (out, props[i].name);
      g_string_append (out, ": ");
      append_expr (out, props[i].value);
    }
  g_string_append_c (out, '}');
}

static char *
labels_text (const KgGraph *g, KgNodeId n)
{
  guint nl = 0;
  const KgSymbol *labels = kg_graph_node_labels (g, n, &nl);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < nl; i++)
    {
      g_string_append_c (s, ':');
      kg_string_append_name (s, kg_graph_symbol_name (g, KG_SYM_LABEL, labels[i]));
    }
  return g_string_free (s, FALSE);
}

typedef struct
{
  FILE *out;
  GString *stmt; /* the batch being built */
  char *head;    /* what the batch's rows are for: labels, or the type */
  guint rows;
  GError **error;
  gboolean ok;
} Batch;

static void
batch_flush (Batch *b, gboolean nodes)
{
  if (b->rows == 0 || !b->ok)
    return;
  if (nodes)
    g_string_append_printf (b->stmt, "] AS row CREATE (n" DUMP_LABEL "%s {" DUMP_KEY ": row.i}) SET n += row.p;\n", b->head);
  else
    g_string_append_printf (b->stmt, "] AS row MATCH (a" DUMP_LABEL " {" DUMP_KEY ": row.s}), (b" DUMP_LABEL " {" DUMP_KEY ": row.d}) CREATE (a)-[r:%s]->(b) SET r += row.p;\n", b->head);
  b->ok = kg_export_put (b->out, b->stmt, b->error);
  g_string_truncate (b->stmt, 0);
  b->rows = 0;
}

/* Starts a row of a batch for @head, flushing the batch when @head changes or it is full. */
static void
batch_row (Batch *b, gboolean nodes, char *head)
{
  if (b->rows > 0 && (strcmp (b->head, head) != 0 || b->rows == KG_DUMP_BATCH))
    batch_flush (b, nodes);
  if (b->rows == 0)
    {
      g_free (b->head);
      b->head = head;
      g_string_append (b->stmt, "UNWIND [");
    }
  else
    {
      g_free (head);
      g_string_append (b->stmt, ", ");
    }
  b->rows++;
}

/* Whether the index called @name was made for a constraint (which the dump creates). */
static gboolean
owned_index (const KgGraph *graph, const char *name)
{
  for (guint i = 0; i < kg_graph_n_constraints (graph); i++)
    {
      const KgConstraint *c = kg_graph_constraint_at (graph, i);
      if (c->owns_index && strcmp (c->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* CREATE CONSTRAINT for @c, as the grammar reads it back. */
static void
append_constraint (GString *text, const KgGraph *graph, const KgConstraint *c)
{
  const char *v = c->edges ? "r" : "n";
  g_string_append (text, "CREATE CONSTRAINT ");
  kg_string_append_name (text, c->name);
  g_string_append (text, c->edges ? " IF NOT EXISTS FOR ()-[r:" : " IF NOT EXISTS FOR (n:");
  kg_string_append_name (text, kg_graph_symbol_name (graph, c->edges ? KG_SYM_TYPE : KG_SYM_LABEL, c->target));
  g_string_append (text, c->edges ? "]-() REQUIRE (" : ") REQUIRE (");
  for (guint k = 0; k < c->n_keys; k++)
    {
      g_string_append_printf (text, "%s%s.", k > 0 ? ", " : "", v);
      kg_string_append_name (text, kg_graph_symbol_name (graph, KG_SYM_KEY, c->keys[k]));
    }
  g_string_append (text, ") IS ");
  switch (c->kind)
    {
    case KG_CONSTRAINT_UNIQUE:
      g_string_append (text, "UNIQUE");
      break;
    case KG_CONSTRAINT_KEY:
      g_string_append (text, c->edges ? "RELATIONSHIP KEY" : "NODE KEY");
      break;
    case KG_CONSTRAINT_EXISTS:
      g_string_append (text, "NOT NULL");
      break;
    case KG_CONSTRAINT_TYPE:
      {
        g_autofree char *t = kg_constraint_type_text (c->types);
        g_string_append_printf (text, ":: %s", t);
        break;
      }
    }
  g_string_append (text, ";\n");
}

gboolean
kg_export_cypher (const KgGraph *graph, FILE *out, guint64 *n_skipped, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  guint64 skipped = 0;
  g_autoptr (GString) text = g_string_new (NULL);
  g_string_printf (text,
                   "// A Cypher script that recreates a graph of %u nodes and %u relationships (kgq dump).\n"
                   "// Run it on an empty graph: kgq --empty run FILE, or kgq --db SNAPSHOT run FILE to keep it.\n"
                   "CREATE INDEX `__kgq_dump` IF NOT EXISTS FOR (n" DUMP_LABEL ") ON (n." DUMP_KEY ");\n",
                   kg_graph_n_nodes (graph), kg_graph_n_edges (graph));
  if (!kg_export_put (out, text, error))
    return FALSE;

  Batch b = { out, g_string_sized_new (1 << 16), NULL, 0, error, TRUE };
  /* Position in id order of every node: the dump's own numbering. */
  g_autofree guint32 *pos = g_new (guint32, MAX (kg_graph_node_bound (graph), 1));
  guint32 next = 0;
  KgNodeIter it;
  KgNodeId n;
  kg_graph_nodes_init (graph, KG_NONE, &it);
  while (b.ok && kg_node_iter_next (&it, &n))
    {
      pos[n] = next;
      batch_row (&b, TRUE, labels_text (graph, n));
      g_string_append_printf (b.stmt, "{i: %u, p: ", next++);
      append_props (b.stmt, graph, n, TRUE, &skipped);
      g_string_append_c (b.stmt, '}');
    }
  batch_flush (&b, TRUE);

  KgEdgeIter eit;
  KgEdgeId e;
  kg_graph_edges_init (graph, KG_NONE, &eit);
  while (b.ok && kg_edge_iter_next (&eit, &e))
    {
      GString *type = g_string_new (NULL);
      kg_string_append_name (type, kg_graph_symbol_name (graph, KG_SYM_TYPE, kg_graph_edge_type (graph, e)));
      batch_row (&b, FALSE, g_string_free (type, FALSE));
      g_string_append_printf (b.stmt, "{s: %u, d: %u, p: ", pos[kg_graph_edge_src (graph, e)], pos[kg_graph_edge_dst (graph, e)]);
      append_props (b.stmt, graph, e, FALSE, &skipped);
      g_string_append_c (b.stmt, '}');
    }
  batch_flush (&b, FALSE);
  g_free (b.head);
  g_string_free (b.stmt, TRUE);
  if (!b.ok)
    return FALSE;

  g_string_assign (text, "MATCH (n" DUMP_LABEL ") REMOVE n" DUMP_LABEL ", n." DUMP_KEY ";\nDROP INDEX `__kgq_dump`;\n");
  for (guint i = 0; i < kg_graph_n_indexes (graph); i++)
    {
      KgSymbol label, key;
      kg_graph_index_at (graph, i, &label, &key);
      if (owned_index (graph, kg_graph_index_name (graph, i)))
        continue; /* its constraint makes it again */
      g_string_append (text, "CREATE INDEX ");
      kg_string_append_name (text, kg_graph_index_name (graph, i));
      g_string_append (text, " IF NOT EXISTS FOR (n:");
      kg_string_append_name (text, kg_graph_symbol_name (graph, KG_SYM_LABEL, label));
      g_string_append (text, ") ON (n.");
      kg_string_append_name (text, kg_graph_symbol_name (graph, KG_SYM_KEY, key));
      g_string_append (text, ");\n");
    }
  for (guint i = 0; i < kg_graph_n_fulltext (graph); i++)
    {
      KgFulltextInfo ft;
      kg_graph_fulltext_at (graph, i, &ft);
      KgSymbolKind kind = ft.relationships ? KG_SYM_TYPE : KG_SYM_LABEL;
      g_string_append (text, "CREATE FULLTEXT INDEX ");
      kg_string_append_name (text, ft.name);
      g_string_append (text, ft.relationships ? " IF NOT EXISTS FOR ()-[r" : " IF NOT EXISTS FOR (n");
      for (guint t = 0; t < ft.n_tokens; t++)
        {
          g_string_append_c (text, t == 0 ? ':' : '|');
          kg_string_append_name (text, kg_graph_symbol_name (graph, kind, ft.tokens[t]));
        }
      g_string_append (text, ft.relationships ? "]-() ON EACH [" : ") ON EACH [");
      for (guint k = 0; k < ft.n_keys; k++)
        {
          g_string_append (text, k == 0 ? (ft.relationships ? "r." : "n.") : (ft.relationships ? ", r." : ", n."));
          kg_string_append_name (text, kg_graph_symbol_name (graph, KG_SYM_KEY, ft.keys[k]));
        }
      g_string_append (text, "] OPTIONS {indexConfig: {`fulltext.analyzer`: ");
      kg_string_append_quoted (text, ft.language, '\'', FALSE);
      g_string_append (text, "}};\n");
    }
  for (guint i = 0; i < kg_graph_n_constraints (graph); i++)
    append_constraint (text, graph, kg_graph_constraint_at (graph, i));
  if (skipped > 0)
    g_string_append_printf (text, "// %" G_GUINT64_FORMAT " properties holding maps or nested lists were left out: Cypher cannot store them.\n", skipped);
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return kg_export_put (out, text, error) && kg_export_flush (out, error);
}
