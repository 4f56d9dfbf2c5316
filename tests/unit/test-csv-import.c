/* tests/unit/test-csv-import.c — neo4j-admin CSV import: headers, types, quoting, bad rows.
 *
 * The good case reads the fixture files in tests/fixtures/csv/; the byte-exact cases
 * (BOM, CRLF, quoted newlines, broken rows) write their files into a temporary folder
 * so no editor or checkout can change their bytes.
 */
#include "loader/csv-import.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  fx->dir = g_dir_make_tmp ("kg-csv-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

/* Writes @content to DIR/@name; returns the path (owned by the caller). */
static char *
put (Fixture *fx, const char *name, const char *content)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (fx->dir, name, NULL);

  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Imports one optional node group and one optional relationship group. */
static KgGraph *
import2 (const char *nodes_arg, const char *rels_arg, gboolean skip, KgCsvImportStats *stats, GError **error)
{
  g_autoptr (KgCsvImportSpec) spec = kg_csv_import_spec_new ();

  if (nodes_arg != NULL)
    g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_NODES, nodes_arg, NULL));
  if (rels_arg != NULL)
    g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_RELATIONSHIPS, rels_arg, NULL));
  kg_csv_import_spec_set_skip_bad_rows (spec, skip);
  return kg_csv_import_new (spec, stats, error);
}

static KgSymbol
key (KgGraph *g, const char *name)
{
  KgSymbol k = kg_graph_lookup (g, KG_SYM_KEY, name);
  g_assert_cmpuint (k, !=, KG_NONE);
  return k;
}

/* The node whose @prop is the string @value, or KG_NONE. */
static KgNodeId
find_str (KgGraph *g, const char *prop, const char *value)
{
  KgSymbol k = key (g, prop);

  for (KgNodeId n = 0; n < kg_graph_node_bound (g); n++)
    {
      const KgValue *v = kg_graph_node_exists (g, n) ? kg_graph_node_prop (g, n, k) : NULL;
      if (v != NULL && v->type == KG_VALUE_STRING && strcmp (v->u.s, value) == 0)
        return n;
    }
  return KG_NONE;
}

static KgNodeId
find_int (KgGraph *g, const char *prop, gint64 value)
{
  KgSymbol k = key (g, prop);

  for (KgNodeId n = 0; n < kg_graph_node_bound (g); n++)
    {
      const KgValue *v = kg_graph_node_exists (g, n) ? kg_graph_node_prop (g, n, k) : NULL;
      if (v != NULL && v->type == KG_VALUE_INT && v->u.i == value)
        return n;
    }
  return KG_NONE;
}

static const char *
str_prop (KgGraph *g, KgNodeId n, const char *prop)
{
  const KgValue *v = kg_graph_node_prop (g, n, key (g, prop));
  g_assert_nonnull (v);
  g_assert_cmpint (v->type, ==, KG_VALUE_STRING);
  return v->u.s;
}

static gboolean
has_edge (KgGraph *g, KgNodeId src, KgNodeId dst, const char *type)
{
  KgSymbol t = kg_graph_lookup (g, KG_SYM_TYPE, type);
  KgAdjIter it;
  KgEdgeId e;
  KgNodeId other;

  if (t == KG_NONE)
    return FALSE;
  kg_graph_adj_init (g, src, KG_DIR_OUT, t, &it);
  while (kg_adj_iter_next (&it, &e, &other))
    if (other == dst)
      return TRUE;
  return FALSE;
}

/* --- Good files ------------------------------------------------------------------- */

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "csv", name, NULL);
}

static void
test_good_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *persons = fixture_path ("persons.csv");
  g_autofree char *cities = fixture_path ("cities.csv");
  g_autofree char *follows = fixture_path ("follows.csv");
  g_autofree char *lives = fixture_path ("lives_in.csv");
  g_autoptr (KgCsvImportSpec) spec = kg_csv_import_spec_new ();
  g_autofree char *a1 = g_strdup_printf ("Person=%s", persons);
  g_autofree char *a2 = g_strdup_printf ("City=%s", cities);
  g_autofree char *a3 = g_strdup_printf ("Follows=%s", follows);
  g_autofree char *a4 = g_strdup_printf ("LivesIn=%s", lives);
  KgCsvImportStats stats = { 0 };

  g_assert_true (kg_csv_import_spec_is_empty (spec));
  g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_NODES, a1, &error));
  g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_NODES, a2, &error));
  /* Relationship groups may come first on the command line; nodes still load first. */
  g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_RELATIONSHIPS, a4, &error));
  g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_RELATIONSHIPS, a3, &error));
  g_autoptr (KgGraph) g = kg_csv_import_new (spec, &stats, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g);

  g_assert_cmpuint (stats.nodes, ==, 6);
  g_assert_cmpuint (stats.relationships, ==, 7);
  g_assert_cmpuint (stats.bad_rows, ==, 0);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 6);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 7);
  g_assert_cmpuint (kg_graph_label_count (g, kg_graph_lookup (g, KG_SYM_LABEL, "Person")), ==, 4);
  g_assert_cmpuint (kg_graph_label_count (g, kg_graph_lookup (g, KG_SYM_LABEL, "City")), ==, 2);
  /* :LABEL adds labels to the group's own. */
  g_assert_cmpuint (kg_graph_label_count (g, kg_graph_lookup (g, KG_SYM_LABEL, "Capital")), ==, 1);
  g_assert_cmpuint (kg_graph_type_count (g, kg_graph_lookup (g, KG_SYM_TYPE, "Follows")), ==, 3);
  g_assert_cmpuint (kg_graph_type_count (g, kg_graph_lookup (g, KG_SYM_TYPE, "LivesIn")), ==, 3);
  /* A :TYPE column overrides the group's type. */
  g_assert_cmpuint (kg_graph_type_count (g, kg_graph_lookup (g, KG_SYM_TYPE, "Blocks")), ==, 1);

  /* Typed properties; the :ID column is stored under its name with its id-type. */
  KgNodeId ann = find_int (g, "id", 1);
  g_assert_cmpuint (ann, !=, KG_NONE);
  g_assert_cmpstr (str_prop (g, ann, "name"), ==, "Ann Lee");
  const KgValue *v = kg_graph_node_prop (g, ann, key (g, "age"));
  g_assert_cmpint (v->type, ==, KG_VALUE_INT);
  g_assert_cmpint (v->u.i, ==, 41);
  v = kg_graph_node_prop (g, ann, key (g, "score"));
  g_assert_cmpint (v->type, ==, KG_VALUE_FLOAT);
  g_assert_cmpfloat_with_epsilon (v->u.f, 3.5, 1e-12);
  v = kg_graph_node_prop (g, ann, key (g, "isMarried"));
  g_assert_cmpint (v->type, ==, KG_VALUE_BOOL);
  g_assert_true (v->u.b);
  v = kg_graph_node_prop (g, ann, key (g, "birthday"));
  g_assert_cmpint (v->type, ==, KG_VALUE_DATE);
  gint32 days;
  g_assert_true (kg_date_parse ("1983-02-28", &days));
  g_assert_cmpint (v->u.date, ==, days);
  /* Arrays split on ';'. */
  v = kg_graph_node_prop (g, ann, key (g, "nicknames"));
  g_assert_cmpint (v->type, ==, KG_VALUE_LIST);
  g_assert_cmpuint (v->u.list->len, ==, 2);
  g_assert_cmpstr (v->u.list->items[0].u.s, ==, "Annie");
  g_assert_cmpstr (v->u.list->items[1].u.s, ==, "A");
  v = kg_graph_node_prop (g, ann, key (g, "lucky"));
  g_assert_cmpint (v->type, ==, KG_VALUE_LIST);
  g_assert_cmpuint (v->u.list->len, ==, 3);
  g_assert_cmpint (v->u.list->items[2].u.i, ==, 21);

  /* An empty unquoted field is no property; a quoted empty string is "". */
  KgNodeId bob = find_int (g, "id", 2);
  g_assert_null (kg_graph_node_prop (g, bob, key (g, "score")));
  KgNodeId cy = find_int (g, "id", 3);
  g_assert_cmpstr (str_prop (g, cy, "name"), ==, "");
  /* Quoted fields keep delimiters, escaped quotes and blanks. */
  KgNodeId dee = find_int (g, "id", 4);
  g_assert_cmpstr (str_prop (g, dee, "name"), ==, "Dee \"D\", Jr. ");

  /* String ids in their own id space; relationships resolve in the right space. */
  KgNodeId paris = find_str (g, "code", "PAR");
  KgNodeId la = find_str (g, "code", "LAX");
  g_assert_cmpuint (paris, !=, KG_NONE);
  g_assert_true (has_edge (g, ann, bob, "Follows"));
  g_assert_true (has_edge (g, bob, ann, "Follows"));
  g_assert_true (has_edge (g, cy, ann, "Follows"));
  g_assert_true (has_edge (g, dee, cy, "Blocks"));
  g_assert_true (has_edge (g, ann, paris, "LivesIn"));
  g_assert_true (has_edge (g, bob, la, "LivesIn"));
  g_assert_false (has_edge (g, ann, la, "LivesIn"));

  /* Relationship properties. */
  KgAdjIter it;
  KgEdgeId e;
  KgNodeId other;
  kg_graph_adj_init (g, ann, KG_DIR_OUT, kg_graph_lookup (g, KG_SYM_TYPE, "LivesIn"), &it);
  g_assert_true (kg_adj_iter_next (&it, &e, &other));
  v = kg_graph_edge_prop (g, e, key (g, "since"));
  g_assert_nonnull (v);
  g_assert_cmpint (v->u.i, ==, 2019);

  kg_csv_import_stats_clear (&stats);
}

/* --- Byte-exact inputs --------------------------------------------------------------- */

static void
test_bom_crlf (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *nodes = put (fx, "n.csv", "\xef\xbb\xbfid:ID,name\r\na,Alpha\r\nb,\"Be\r\nta\"\r\n\r\n");
  g_autofree char *rels = put (fx, "r.csv", "\xef\xbb\xbf:START_ID,:END_ID,w:int\r\na,b,7\r\n");
  g_autofree char *na = g_strdup_printf ("Thing=%s", nodes);
  g_autofree char *ra = g_strdup_printf ("LINKS=%s", rels);
  g_autoptr (KgGraph) g = import2 (na, ra, FALSE, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 2);
  /* The BOM is not part of the first column's name, and ids are strings by default. */
  KgNodeId a = find_str (g, "id", "a");
  KgNodeId b = find_str (g, "id", "b");
  g_assert_cmpuint (a, !=, KG_NONE);
  g_assert_cmpstr (str_prop (g, a, "name"), ==, "Alpha");
  /* CRLF inside quotes is data. */
  g_assert_cmpstr (str_prop (g, b, "name"), ==, "Be\r\nta");
  g_assert_true (has_edge (g, a, b, "LINKS"));
}

static void
test_quoted_newlines (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *nodes = put (fx, "n.csv",
                                "id:ID(P){id-type:long},text\n"
                                "1,\"line one\nline two\"\n"
                                "2,\"say \"\"hi\"\"\nand \"\"bye\"\"\"\n"
                                "3,x,extra\n");
  g_autofree char *na = g_strdup_printf ("P=%s", nodes);
  g_autoptr (KgGraph) g = import2 (na, NULL, FALSE, NULL, &error);

  /* Row 3 starts on physical line 6: line numbers count the newlines inside quotes. */
  g_assert_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE);
  g_autofree char *want = g_strdup_printf ("%s:6: expected 2 fields, found 3", nodes);
  g_assert_cmpstr (error->message, ==, want);
  g_assert_null (g);

  g_clear_error (&error);
  KgCsvImportStats stats = { 0 };
  g_autoptr (KgGraph) g2 = import2 (na, NULL, TRUE, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.bad_rows, ==, 1);
  g_assert_cmpstr (str_prop (g2, find_int (g2, "id", 1), "text"), ==, "line one\nline two");
  g_assert_cmpstr (str_prop (g2, find_int (g2, "id", 2), "text"), ==, "say \"hi\"\nand \"bye\"");
  kg_csv_import_stats_clear (&stats);
}

/* --- Bad rows ------------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *nodes;
  const char *rels;    /* nullable */
  const char *message; /* with FILE for the file named in it */
  KgLoadError code;
  gboolean in_rels;    /* the message names the relationship file */
  guint nodes_if_skip; /* what is left with --skip-bad-rows */
  guint edges_if_skip;
} BadCase;

static const BadCase bad_cases[] = {
  { "ragged", "id:ID(P){id-type:int},age:int\n1,30\n2\n3,40\n", NULL, "FILE:3: expected 2 fields, found 1", KG_LOAD_ERROR_PARSE, FALSE, 2, 0 },
  { "too-many", "id:ID(P){id-type:int},age:int\n1,30\n2,31,x\n", NULL, "FILE:3: expected 2 fields, found 3", KG_LOAD_ERROR_PARSE, FALSE, 1, 0 },
  { "bad-int", "id:ID(P){id-type:int},age:int\n1,30\n2,thirty\n", NULL, "FILE:3: bad int 'thirty' in column 'age'", KG_LOAD_ERROR_VALUE, FALSE, 1, 0 },
  { "int-range", "id:ID(P){id-type:int},age:int\n1,99999999999\n", NULL, "FILE:2: bad int '99999999999' in column 'age'", KG_LOAD_ERROR_VALUE, FALSE, 0, 0 },
  { "bad-float", "id:ID(P){id-type:int},x:double\n1,1.5e3\n2,1.5.3\n", NULL, "FILE:3: bad number '1.5.3' in column 'x'", KG_LOAD_ERROR_VALUE, FALSE, 1, 0 },
  { "bad-bool", "id:ID(P){id-type:int},b:boolean\n1,yes\n", NULL, "FILE:2: bad boolean 'yes' in column 'b'", KG_LOAD_ERROR_VALUE, FALSE, 0, 0 },
  { "bad-date", "id:ID(P){id-type:int},d:date\n1,2024-02-30\n", NULL, "FILE:2: bad date '2024-02-30' in column 'd'", KG_LOAD_ERROR_VALUE, FALSE, 0, 0 },
  { "bad-week-date", "id:ID(P){id-type:int},d:date\n1,2015-W30-2\n2,2015-W54-1\n", NULL, "FILE:3: bad date '2015-W54-1' in column 'd'", KG_LOAD_ERROR_VALUE, FALSE, 1, 0 },
  { "bad-ordinal-date", "id:ID(P){id-type:int},d:date\n1,2015-366\n", NULL, "FILE:2: bad date '2015-366' in column 'd'", KG_LOAD_ERROR_VALUE, FALSE, 0, 0 },
  { "bad-datetime", "id:ID(P){id-type:int},t:datetime\n1,2015-07-21T25:00\n", NULL, "FILE:2: bad date-time '2015-07-21T25:00' in column 't'", KG_LOAD_ERROR_VALUE, FALSE, 0, 0 },
  { "zone-in-localtime", "id:ID(P){id-type:int},t:localtime\n1,21:40+01:00\n", NULL, "FILE:2: bad local time '21:40+01:00' in column 't'", KG_LOAD_ERROR_VALUE, FALSE, 0, 0 },
  { "bad-duration", "id:ID(P){id-type:int},d:duration\n1,P1Y2X\n", NULL, "FILE:2: bad duration 'P1Y2X' in column 'd'", KG_LOAD_ERROR_VALUE, FALSE, 0, 0 },
  { "bad-array", "id:ID(P){id-type:int},xs:long[]\n1,1;2;x\n", NULL, "FILE:2: bad integer 'x' in column 'xs'", KG_LOAD_ERROR_VALUE, FALSE, 0, 0 },
  { "bad-id", "id:ID(P){id-type:int}\n1\nx1\n", NULL, "FILE:3: bad id 'x1' (an integer id space)", KG_LOAD_ERROR_VALUE, FALSE, 1, 0 },
  { "duplicate-int", "id:ID(P){id-type:int}\n1\n2\n1\n", NULL, "FILE:4: duplicate id '1' in id space 'P'", KG_LOAD_ERROR_DUPLICATE, FALSE, 2, 0 },
  { "duplicate-str", "id:ID\nk1\nk1\n", NULL, "FILE:3: duplicate id 'k1' in id space '(global)'", KG_LOAD_ERROR_DUPLICATE, FALSE, 1, 0 },
  { "dangling-start", "id:ID(P){id-type:int}\n1\n2\n", ":START_ID(P),:END_ID(P)\n1,2\n9,1\n", "FILE:3: unknown START_ID '9' in id space 'P'", KG_LOAD_ERROR_UNKNOWN, TRUE, 2, 1 },
  { "dangling-end", "id:ID(P){id-type:int}\n1\n2\n", ":START_ID(P),:END_ID(P)\n1,2\n2,x\n", "FILE:3: unknown END_ID 'x' in id space 'P'", KG_LOAD_ERROR_UNKNOWN, TRUE, 2, 1 },
  { "unterminated", "id:ID\na\n\"b\nc\n", NULL, "FILE:3: unterminated quoted field", KG_LOAD_ERROR_PARSE, FALSE, 1, 0 },
  { "text-after-quote", "id:ID,n\na,\"x\"y\nb,z\n", NULL, "FILE:2: unexpected text after a closing quote", KG_LOAD_ERROR_PARSE, FALSE, 1, 0 },
};

static void
test_bad_row (Fixture *fx, gconstpointer data)
{
  const BadCase *bc = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *nodes = put (fx, "nodes.csv", bc->nodes);
  g_autofree char *rels = bc->rels != NULL ? put (fx, "rels.csv", bc->rels) : NULL;
  g_autofree char *na = g_strdup_printf ("P=%s", nodes);
  g_autofree char *ra = rels != NULL ? g_strdup_printf ("R=%s", rels) : NULL;
  g_auto (GStrv) parts = g_strsplit (bc->message, "FILE", 2);
  g_autofree char *want = g_strconcat (parts[0], bc->in_rels ? rels : nodes, parts[1], NULL);

  /* Without skipping: the first bad row stops the import and no graph comes back. */
  KgGraph *g = import2 (na, ra, FALSE, NULL, &error);
  g_assert_null (g);
  g_assert_error (error, KG_LOAD_ERROR, (gint) bc->code);
  g_assert_cmpstr (error->message, ==, want);
  g_clear_error (&error);

  /* With skipping: the bad row is counted and reported, the good rows load. */
  KgCsvImportStats stats = { 0 };
  g_autoptr (KgGraph) g2 = import2 (na, ra, TRUE, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.bad_rows, ==, 1);
  g_assert_nonnull (stats.bad_row_messages);
  g_assert_cmpstr (g_ptr_array_index (stats.bad_row_messages, 0), ==, want);
  g_assert_cmpuint (kg_graph_n_nodes (g2), ==, bc->nodes_if_skip);
  g_assert_cmpuint (kg_graph_n_edges (g2), ==, bc->edges_if_skip);
  kg_csv_import_stats_clear (&stats);
}

/* --- Headers -------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *nodes;
  const char *rels; /* nullable */
  const char *rels_arg_prefix;
  const char *message_tail; /* after "FILE:1: " */
} HeaderCase;

static const HeaderCase header_cases[] = {
  { "unknown-type", "id:ID,x:decimal\n", NULL, "R=", "unknown field type 'decimal' in 'x:decimal'" },
  { "no-type", "id:ID\n", ":START_ID,:END_ID\n", "", "no relationship type: give one with --relationships=TYPE=FILE or add a :TYPE column" },
  { "no-end", "id:ID\n", ":START_ID,x\n", "R=", "a relationship file needs :START_ID and :END_ID columns" },
  { "unknown-space", "id:ID(P)\n", ":START_ID(Q),:END_ID(P)\n", "R=", "id space 'Q' is not defined by any node file" },
  { "start-in-nodes", "id:ID,:START_ID\n", NULL, "R=", "':START_ID' belongs in a relationship file, not a node file" },
  { "two-ids", "a:ID,b:ID\n", NULL, "R=", "more than one :ID column" },
  { "bad-option", "id:ID{label:X}\n", NULL, "R=", "unsupported column option 'label' in 'id:ID{label:X}'" },
  { "empty-file", "", NULL, "R=", "no header line" },
};

static void
test_bad_header (Fixture *fx, gconstpointer data)
{
  const HeaderCase *hc = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *nodes = put (fx, "nodes.csv", hc->nodes);
  g_autofree char *rels = hc->rels != NULL ? put (fx, "rels.csv", hc->rels) : NULL;
  g_autofree char *na = g_strdup_printf ("P=%s", nodes);
  g_autofree char *ra = rels != NULL ? g_strdup_printf ("%s%s", hc->rels_arg_prefix, rels) : NULL;
  g_autofree char *want = g_strdup_printf ("%s:1: %s", rels != NULL ? rels : nodes, hc->message_tail);

  /* Header errors are never skipped. */
  KgGraph *g = import2 (na, ra, TRUE, NULL, &error);
  g_assert_null (g);
  g_assert_nonnull (error);
  g_assert_true (error->domain == KG_LOAD_ERROR);
  g_assert_cmpstr (error->message, ==, want);
}

/* --- Several files, id spaces, arguments ------------------------------------------------ */

static void
test_file_groups (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *h = put (fx, "h.csv", "id:ID(A){id-type:long},:LABEL\n");
  g_autofree char *p1 = put (fx, "p1.csv", "1,X;Y\n2,\n");
  g_autofree char *p2 = put (fx, "p2.csv", "3,Y\n");
  g_autofree char *b = put (fx, "b.csv", "id:ID(B){id-type:long}\n1\n2\n");
  g_autofree char *r1 = put (fx, "r1.csv", ":START_ID(A),:END_ID(B)\n1,1\n3,2\n");
  g_autofree char *r2 = put (fx, "r2.csv", ":START_ID(B),:END_ID(A),:TYPE\n2,3,BACK\n");
  g_autoptr (KgCsvImportSpec) spec = kg_csv_import_spec_new ();
  g_autofree char *a1 = g_strdup_printf ("A:Common=%s,%s,%s", h, p1, p2);
  g_autofree char *a2 = g_strdup_printf ("B:Common=%s", b);
  g_autofree char *a3 = g_strdup_printf ("AB=%s", r1);
  KgCsvImportStats stats = { 0 };

  g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_NODES, a1, &error));
  g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_NODES, a2, &error));
  g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_RELATIONSHIPS, a3, &error));
  g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_RELATIONSHIPS, r2, &error));
  g_assert_false (kg_csv_import_spec_add_arg (spec, KG_CSV_RELATIONSHIPS, "T=", &error));
  g_assert_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID);
  g_clear_error (&error);

  g_autoptr (KgGraph) g = kg_csv_import_new (spec, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 5);
  g_assert_cmpuint (kg_graph_label_count (g, kg_graph_lookup (g, KG_SYM_LABEL, "Common")), ==, 5);
  g_assert_cmpuint (kg_graph_label_count (g, kg_graph_lookup (g, KG_SYM_LABEL, "A")), ==, 3);
  g_assert_cmpuint (kg_graph_label_count (g, kg_graph_lookup (g, KG_SYM_LABEL, "Y")), ==, 2);
  g_assert_cmpuint (kg_graph_label_count (g, kg_graph_lookup (g, KG_SYM_LABEL, "X")), ==, 1);
  g_assert_cmpuint (kg_graph_type_count (g, kg_graph_lookup (g, KG_SYM_TYPE, "AB")), ==, 2);
  g_assert_cmpuint (kg_graph_type_count (g, kg_graph_lookup (g, KG_SYM_TYPE, "BACK")), ==, 1);
  /* The same integer id in two spaces names two nodes. */
  KgSymbol la = kg_graph_lookup (g, KG_SYM_LABEL, "A"), lb = kg_graph_lookup (g, KG_SYM_LABEL, "B");
  KgNodeId a3n = KG_NONE, b1 = KG_NONE, b2 = KG_NONE;
  for (KgNodeId n = 0; n < kg_graph_node_bound (g); n++)
    {
      gint64 id = kg_graph_node_prop (g, n, key (g, "id"))->u.i;
      if (kg_graph_node_has_label (g, n, la) && id == 3)
        a3n = n;
      if (kg_graph_node_has_label (g, n, lb) && id == 1)
        b1 = n;
      if (kg_graph_node_has_label (g, n, lb) && id == 2)
        b2 = n;
    }
  g_assert_true (has_edge (g, a3n, b2, "AB"));
  g_assert_true (has_edge (g, b2, a3n, "BACK"));
  g_assert_false (has_edge (g, a3n, b1, "AB"));
  kg_csv_import_stats_clear (&stats);
}

/* Integer ids in file order 1..N, shuffled, sparse and negative all resolve. */
static void
test_int_id_layouts (Fixture *fx, gconstpointer data)
{
  /* in order (kept as a range), out of order (a table), sparse (a table), and in order
   * until a gap or a smaller id (the range turns into a table) */
  static const char *const layouts[] = { "1\n2\n3\n4\n", "3\n1\n4\n2\n", "40\n-7\n1000000000000\n5\n",
                                         "1\n2\n4\n3\n", "7\n8\n9\n1\n" };

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) ids = g_strsplit (layouts[i], "\n", -1);
      g_autofree char *nodes_text = g_strconcat ("id:ID(P){id-type:long}\n", layouts[i], NULL);
      /* Each node follows the next one in file order, and the last follows the first. */
      g_autoptr (GString) rels_text = g_string_new (":START_ID(P),:END_ID(P)\n");
      for (guint j = 0; j < 4; j++)
        g_string_append_printf (rels_text, "%s,%s\n", ids[j], ids[(j + 1) % 4]);
      g_string_append (rels_text, "99,1\n");
      g_autofree char *nodes = put (fx, "n.csv", nodes_text);
      g_autofree char *rels = put (fx, "r.csv", rels_text->str);
      g_autofree char *na = g_strdup_printf ("P=%s", nodes);
      g_autofree char *ra = g_strdup_printf ("NEXT=%s", rels);
      KgCsvImportStats stats = { 0 };
      g_autoptr (KgGraph) g = import2 (na, ra, TRUE, &stats, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (kg_graph_n_edges (g), ==, 4);
      g_assert_cmpuint (stats.bad_rows, ==, 1);
      for (guint j = 0; j < 4; j++)
        {
          KgNodeId a = find_int (g, "id", g_ascii_strtoll (ids[j], NULL, 10));
          KgNodeId b = find_int (g, "id", g_ascii_strtoll (ids[(j + 1) % 4], NULL, 10));
          g_assert_true (has_edge (g, a, b, "NEXT"));
        }
      kg_csv_import_stats_clear (&stats);
    }
}

/* Plain "start,end" lines take a shortcut; lines that leave it (CRLF, blank, quoted,
 * blanks around, a sign, an unknown id, no final newline) must load or fail the same. */
static void
test_mixed_pairs (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *nodes = put (fx, "n.csv", "id:ID(P){id-type:long}\n1\n2\n3\n-7\n");
  g_autofree char *rels = put (fx, "r.csv", ":START_ID(P),:END_ID(P)\n1,2\r\n\n2,3\n9,9\n\"3\",1\n 1,3\n-7,1\n2,1");
  g_autofree char *na = g_strdup_printf ("P=%s", nodes);
  g_autofree char *ra = g_strdup_printf ("E=%s", rels);
  KgCsvImportStats stats = { 0 };
  g_autoptr (KgGraph) g = import2 (na, ra, TRUE, &stats, &error);
  g_autofree char *want = g_strdup_printf ("%s:5: unknown START_ID '9' in id space 'P'", rels);

  g_assert_no_error (error);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 6);
  g_assert_cmpuint (stats.bad_rows, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stats.bad_row_messages, 0), ==, want);
  KgNodeId n1 = find_int (g, "id", 1), n2 = find_int (g, "id", 2), n3 = find_int (g, "id", 3), m7 = find_int (g, "id", -7);
  g_assert_true (has_edge (g, n1, n2, "E"));
  g_assert_true (has_edge (g, n2, n3, "E"));
  g_assert_true (has_edge (g, n3, n1, "E"));
  g_assert_true (has_edge (g, n1, n3, "E"));
  g_assert_true (has_edge (g, m7, n1, "E"));
  g_assert_true (has_edge (g, n2, n1, "E"));
  kg_csv_import_stats_clear (&stats);
}

/* A relationship file large enough to be read in pieces on several threads, with lines
 * the fast path does not take scattered through it (quoted ids, blanks, CRLF, a blank
 * line, a quoted id over two lines, unknown ids) and self loops: every thread count must give the
 * graph of one thread (same relationship ids), the same bad rows with their lines, and
 * without skipping, the same first error and no graph. */
#define PAIRS_NODES 20000
#define PAIRS_LINES 400000

static char *
pairs_file (Fixture *fx)
{
  GString *s = g_string_new (":START_ID(P),:END_ID(P)\n");
  for (guint i = 0; i < PAIRS_LINES; i++)
    {
      guint a = (i * 7919u) % PAIRS_NODES + 1, b = (i * 104729u + 13) % PAIRS_NODES + 1;
      switch (i % 49999)
        {
        case 1000:
          g_string_append_printf (s, "\"%u\",%u\n", a, b);
          break;
        case 2000:
          g_string_append_printf (s, " %u, %u\n", a, b);
          break;
        case 3000:
          g_string_append_printf (s, "%u,%u\r\n\n", a, b);
          break;
        case 4000:
          g_string_append_printf (s, "%u,%u\n", a, PAIRS_NODES + 5); /* unknown END_ID */
          break;
        case 6000:
          g_string_append_printf (s, "%u,%u\n", a, a); /* a self loop */
          break;
        case 5000:
          g_string_append_printf (s, "\"%u\n\",%u\n", a, b); /* unknown START_ID over two lines */
          break;
        default:
          g_string_append_printf (s, "%u,%u\n", a, b);
        }
    }
  g_string_append (s, "1,2"); /* no line end at the end */
  char *path = put (fx, "pairs.csv", s->str);
  g_string_free (s, TRUE);
  return path;
}

static KgGraph *
import_threads (const char *na, const char *ra, gboolean skip, guint threads, KgCsvImportStats *stats, GError **error)
{
  g_autoptr (KgCsvImportSpec) spec = kg_csv_import_spec_new ();
  g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_NODES, na, NULL));
  g_assert_true (kg_csv_import_spec_add_arg (spec, KG_CSV_RELATIONSHIPS, ra, NULL));
  kg_csv_import_spec_set_skip_bad_rows (spec, skip);
  kg_csv_import_spec_set_threads (spec, threads);
  return kg_csv_import_new (spec, stats, error);
}

static void
test_parallel_pairs (Fixture *fx, gconstpointer data)
{
  GString *nodes = g_string_new ("id:ID(P){id-type:long}\n");
  for (guint i = PAIRS_NODES; i >= 1; i--) /* not in id order: the id map is a table */
    g_string_append_printf (nodes, "%u\n", i);
  g_autofree char *np = put (fx, "n.csv", nodes->str);
  g_string_free (nodes, TRUE);
  g_autofree char *rp = pairs_file (fx);
  g_autofree char *na = g_strdup_printf ("P=%s", np);
  g_autofree char *ra = g_strdup_printf ("E=%s", rp);

  KgCsvImportStats one = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KgGraph) g1 = import_threads (na, ra, TRUE, 1, &one, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one.bad_rows, >, 10);
  g_assert_cmpuint (kg_graph_n_edges (g1), ==, PAIRS_LINES + 1 - one.bad_rows);
  g_autofree char *first = g_strdup_printf ("%s:4003: unknown END_ID '%u' in id space 'P'", rp, PAIRS_NODES + 5);
  g_assert_cmpstr (g_ptr_array_index (one.bad_row_messages, 0), ==, first);

  static const guint threads[] = { 2, 3, 8 };
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      KgCsvImportStats many = { 0 };
      g_autoptr (KgGraph) g = import_threads (na, ra, TRUE, threads[t], &many, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (many.bad_rows, ==, one.bad_rows);
      for (guint i = 0; i < one.bad_row_messages->len; i++)
        g_assert_cmpstr (g_ptr_array_index (many.bad_row_messages, i), ==, g_ptr_array_index (one.bad_row_messages, i));
      g_assert_cmpuint (kg_graph_edge_bound (g), ==, kg_graph_edge_bound (g1));
      for (KgEdgeId e = 0; e < kg_graph_edge_bound (g1); e++)
        if (kg_graph_edge_src (g, e) != kg_graph_edge_src (g1, e) || kg_graph_edge_dst (g, e) != kg_graph_edge_dst (g1, e))
          g_error ("%u threads: relationship %u differs", threads[t], e);
      for (KgNodeId n = 0; n < kg_graph_node_bound (g1); n++)
        {
          g_assert_cmpuint (kg_graph_degree (g, n, KG_DIR_OUT, KG_NONE), ==, kg_graph_degree (g1, n, KG_DIR_OUT, KG_NONE));
          g_assert_cmpuint (kg_graph_degree (g, n, KG_DIR_IN, KG_NONE), ==, kg_graph_degree (g1, n, KG_DIR_IN, KG_NONE));
          g_assert_cmpuint (kg_graph_degree (g, n, KG_DIR_BOTH, KG_NONE), ==, kg_graph_degree (g1, n, KG_DIR_BOTH, KG_NONE));
        }
      kg_csv_import_stats_clear (&many);

      /* without skipping: the first bad row's line, and no graph */
      g_assert_null (import_threads (na, ra, FALSE, threads[t], NULL, &error));
      g_assert_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_UNKNOWN);
      g_assert_cmpstr (error->message, ==, first);
      g_clear_error (&error);
    }
  kg_csv_import_stats_clear (&one);
}

/* A node file large enough to be read in pieces on several threads: multi-line quoted
 * fields (about every other line end lies inside quotes, so some cuts between pieces
 * land in one), repeated and distinct strings, lists (an empty one too), dates, :LABEL
 * fields, blank lines, and with @bad a bad value, a duplicate id and a short row late in
 * the file. Returns the path; *@bad_line is the line of the bad value. */
#define BIG_NODES 60000

static char *
nodes_file (Fixture *fx, const char *name, gboolean crlf, gboolean bad, guint64 *bad_line)
{
  const char *eol = crlf ? "\r\n" : "\n";
  GString *s = g_string_new (crlf ? "\xef\xbb\xbf" : "");
  guint64 line = 1;

  g_string_append_printf (s, "id:ID(P){id-type:long},name,age:int,tags:string[],born:date,:LABEL%s", eol);
  for (guint i = 1; i <= BIG_NODES; i++)
    {
      guint id = (guint) (((guint64) i * 7919u) % BIG_NODES) + 1;
      line++;
      if (bad && i == BIG_NODES - 500)
        id = (guint) ((5ull * 7919u) % BIG_NODES) + 1; /* the id of row 5 again */
      g_string_append_printf (s, "%u,", id);
      if (i % 3 == 0)
        {
          g_string_append_printf (s, "\"Name %u\nits second line, with a comma\"", i % 700);
          line++;
        }
      else
        g_string_append_printf (s, "Name %u", i % 700);
      if (bad && i == BIG_NODES - 1000)
        {
          g_string_append (s, ",x");
          *bad_line = line;
        }
      else
        g_string_append_printf (s, ",%u", i % 100);
      if (bad && i == BIG_NODES - 200)
        {
          g_string_append (s, eol); /* a short row */
          continue;
        }
      g_string_append (s, i % 7 == 0 ? ",\"\"" : i % 2 ? ",a;b"
                                                       : ",c");
      g_string_append_printf (s, ",2000-01-%02u", i % 28 + 1);
      g_string_append (s, i % 5 == 0 ? ",Extra;More" : ",");
      g_string_append (s, eol);
      if (i % 1001 == 0)
        {
          g_string_append (s, eol); /* a blank line */
          line++;
        }
    }
  char *path = put (fx, name, s->str);
  g_string_free (s, TRUE);
  return path;
}

/* The same nodes (ids, labels, properties) and relationships in both graphs. */
static void
assert_same_graph (KgGraph *a, KgGraph *b)
{
  static const char *const keys[] = { "id", "name", "age", "tags", "born" };

  g_assert_cmpuint (kg_graph_node_bound (a), ==, kg_graph_node_bound (b));
  g_assert_cmpuint (kg_graph_edge_bound (a), ==, kg_graph_edge_bound (b));
  for (KgNodeId n = 0; n < kg_graph_node_bound (a); n++)
    {
      guint na, nb;
      const KgSymbol *la = kg_graph_node_labels (a, n, &na), *lb = kg_graph_node_labels (b, n, &nb);
      g_assert_cmpuint (na, ==, nb);
      for (guint i = 0; i < na; i++)
        g_assert_cmpstr (kg_graph_symbol_name (a, KG_SYM_LABEL, la[i]), ==, kg_graph_symbol_name (b, KG_SYM_LABEL, lb[i]));
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          const KgValue *va = kg_graph_node_prop (a, n, key (a, keys[k])), *vb = kg_graph_node_prop (b, n, key (b, keys[k]));
          g_assert_true ((va == NULL) == (vb == NULL));
          if (va != NULL && !kg_value_equivalent (va, vb))
            g_error ("node %u: %s differs", n, keys[k]);
        }
    }
  for (KgEdgeId e = 0; e < kg_graph_edge_bound (a); e++)
    {
      g_assert_cmpuint (kg_graph_edge_src (a, e), ==, kg_graph_edge_src (b, e));
      g_assert_cmpuint (kg_graph_edge_dst (a, e), ==, kg_graph_edge_dst (b, e));
    }
}

/* Node files read in pieces on 2, 3 and 8 threads give the graph of one thread (same
 * node ids), the same bad rows with their lines, and without skipping the same first
 * error and no graph; with LF and with CRLF line ends and a byte order mark. */
static void
test_parallel_nodes (Fixture *fx, gconstpointer data)
{
  GString *rels = g_string_new (":START_ID(P),:END_ID(P)\n");
  for (guint i = 1; i <= 1000; i++)
    g_string_append_printf (rels, "%u,%u\n", i, (i * 31) % BIG_NODES + 1);
  g_autofree char *rp = put (fx, "e.csv", rels->str);
  g_string_free (rels, TRUE);
  g_autofree char *ra = g_strdup_printf ("E=%s", rp);

  for (int variant = 0; variant < 4; variant++)
    {
      gboolean crlf = variant & 1, bad = variant >= 2;
      guint64 bad_line = 0;
      g_autofree char *np = nodes_file (fx, crlf ? "crlf.csv" : "lf.csv", crlf, bad, &bad_line);
      g_autofree char *na = g_strdup_printf ("P=%s", np);
      KgCsvImportStats one = { 0 };
      g_autoptr (GError) error = NULL;
      g_autoptr (KgGraph) g1 = import_threads (na, ra, TRUE, 1, &one, &error);
      g_assert_no_error (error);
      /* three bad node rows, and relationships to the ids they did not add */
      guint bad_nodes = bad ? 3 : 0;
      g_assert_cmpuint (one.bad_rows, >=, bad_nodes);
      g_assert_cmpuint (kg_graph_n_nodes (g1), ==, BIG_NODES - bad_nodes);
      g_assert_cmpuint (kg_graph_n_edges (g1) + one.bad_rows - bad_nodes, ==, 1000);
      g_autofree char *first = bad ? g_strdup_printf ("%s:%" G_GUINT64_FORMAT ": bad int 'x' in column 'age'", np, bad_line) : NULL;
      if (bad)
        g_assert_cmpstr (g_ptr_array_index (one.bad_row_messages, 0), ==, first);

      static const guint threads[] = { 2, 3, 8 };
      for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
        {
          KgCsvImportStats many = { 0 };
          g_autoptr (KgGraph) g = import_threads (na, ra, TRUE, threads[t], &many, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (many.bad_rows, ==, one.bad_rows);
          g_assert_cmpuint (many.nodes, ==, one.nodes);
          g_assert_cmpuint (many.properties, ==, one.properties);
          for (guint i = 0; i < one.bad_rows; i++)
            g_assert_cmpstr (g_ptr_array_index (many.bad_row_messages, i), ==, g_ptr_array_index (one.bad_row_messages, i));
          assert_same_graph (g1, g);
          kg_csv_import_stats_clear (&many);
          if (bad)
            {
              g_assert_null (import_threads (na, ra, FALSE, threads[t], NULL, &error));
              g_assert_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_VALUE);
              g_assert_cmpstr (error->message, ==, first);
              g_clear_error (&error);
            }
        }
      kg_csv_import_stats_clear (&one);
    }
}

/* Date and time columns take every form the Cypher functions take: week, ordinal and
 * basic-format dates, basic-format times, offsets, zone names and durations. */
static void
test_temporal_columns (void)
{
  g_autofree char *path = fixture_path ("temporal.csv");
  g_autofree char *arg = g_strdup_printf ("Event=%s", path);
  g_autoptr (GError) error = NULL;
  g_autoptr (KgGraph) g = import2 (arg, NULL, FALSE, NULL, &error);
  g_assert_no_error (error);
  static const struct
  {
    gint64 id;
    const char *key, *literal;
  } want[] = {
    { 1, "on", "date('2015-07-21')" },
    { 1, "at", "localdatetime('2015-07-21T21:40:32')" },
    { 1, "zoned", "datetime('2015-07-21T21:40+01:00')" },
    { 1, "start", "localtime('21:40:32.142')" },
    { 1, "clock", "time('21:40:32+01:00')" },
    { 1, "lasts", "duration('P1Y2M3DT4H')" },
    { 1, "dates", "[date('2015-07-21'), date('2015-07-21'), date('2015-07-21')]" },
    { 2, "on", "date('2015-07-21')" },
    { 2, "at", "localdatetime('2015-07-21T21:40')" },
    { 2, "zoned", "datetime('2015-07-21T21:40:32.142+01:00[Europe/London]')" },
    { 2, "start", "localtime('21:40')" },
    { 2, "clock", "time('21:40Z')" },
    { 2, "lasts", "duration('PT36H')" },
    { 2, "dates", "[date('2015-07-01'), date('2015-07-20')]" },
    { 3, "on", "date('2015-07-21')" },
    { 3, "at", "localdatetime('2015-07-21T21:40:32')" },
    { 3, "zoned", "datetime('2015-07-21T21:40:32-08:00')" },
    { 3, "start", "localtime('21:40')" },
    { 3, "clock", "time('21:40:32.500-08:00')" },
    { 3, "lasts", "duration('P14DT16H12M')" },
    { 3, "dates", "[date('2015-07-21'), date('2015-01-01')]" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      KgNodeId n = find_int (g, "id", want[i].id);
      g_assert_cmpuint (n, !=, KG_NONE);
      const KgValue *v = kg_graph_node_prop (g, n, key (g, want[i].key));
      g_assert_nonnull (v);
      g_autofree char *got = kg_value_to_literal (v);
      g_assert_cmpstr (got, ==, want[i].literal);
    }
}

static void
test_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  KgGraph *g = import2 ("P=/nonexistent/kg-test.csv", NULL, TRUE, NULL, &error);

  g_assert_null (g);
  g_assert_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/kg-test.csv: "));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv-import/good-files", test_good_files);
  g_test_add ("/csv-import/bom-crlf", Fixture, NULL, fixture_setup, test_bom_crlf, fixture_teardown);
  g_test_add ("/csv-import/quoted-newlines", Fixture, NULL, fixture_setup, test_quoted_newlines, fixture_teardown);
  g_test_add ("/csv-import/file-groups", Fixture, NULL, fixture_setup, test_file_groups, fixture_teardown);
  g_test_add ("/csv-import/int-id-layouts", Fixture, NULL, fixture_setup, test_int_id_layouts, fixture_teardown);
  g_test_add ("/csv-import/mixed-pairs", Fixture, NULL, fixture_setup, test_mixed_pairs, fixture_teardown);
  g_test_add ("/csv-import/parallel-pairs", Fixture, NULL, fixture_setup, test_parallel_pairs, fixture_teardown);
  g_test_add ("/csv-import/parallel-nodes", Fixture, NULL, fixture_setup, test_parallel_nodes, fixture_teardown);
  g_test_add_func ("/csv-import/temporal-columns", test_temporal_columns);
  g_test_add_func ("/csv-import/missing-file", test_missing_file);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/csv-import/bad-row/%s", bad_cases[i].name);
      g_test_add (path, Fixture, &bad_cases[i], fixture_setup, test_bad_row, fixture_teardown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (header_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/csv-import/bad-header/%s", header_cases[i].name);
      g_test_add (path, Fixture, &header_cases[i], fixture_setup, test_bad_header, fixture_teardown);
    }
  return g_test_run ();
}
