/* tests/unit/test-loader.c — the corpus loader on small fixture corpora (good and
 * broken), the properties syntax, conflict finding, `kgq check`, and checks on the
 * bundled corpus (every relationship has sources from known reports; the flag conflict
 * is found).
 *
 * Fixtures live in tests/fixtures/corpus-*; more broken corpora are written to a
 * temporary directory from the good one with one file changed. The bundled corpus is
 * found through $KG_CORPUS_DIR (set by ctest).
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "lib/kgq.h"
#include "graph/graph.h"
#include "loader/loader.h"
#include "loader/loader-private.h"

/* --- Helpers -------------------------------------------------------------------- */

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

static const char *
real_corpus (void)
{
  const char *dir = g_getenv ("KG_CORPUS_DIR");
  return dir != NULL ? dir : kg_corpus_default_dir ();
}

static KgNodeId
node_by_id (const KgGraph *g, const char *id)
{
  KgSymbol key = kg_graph_lookup (g, KG_SYM_KEY, "id");
  KgNodeIter it;
  KgNodeId n;
  kg_graph_nodes_init (g, KG_NONE, &it);
  while (kg_node_iter_next (&it, &n))
    {
      const KgValue *v = kg_graph_node_prop (g, n, key);
      if (v != NULL && v->type == KG_VALUE_STRING && strcmp (v->u.s, id) == 0)
        return n;
    }
  return KG_NONE;
}

static const char *
node_str (const KgGraph *g, KgNodeId n, const char *key)
{
  const KgValue *v = kg_graph_node_prop (g, n, kg_graph_lookup (g, KG_SYM_KEY, key));
  return v != NULL && v->type == KG_VALUE_STRING ? v->u.s : NULL;
}

/* The list property @key of @edge joined with ",". */
static char *
edge_list (const KgGraph *g, KgEdgeId e, const char *key)
{
  const KgValue *v = kg_graph_edge_prop (g, e, kg_graph_lookup (g, KG_SYM_KEY, key));
  if (v == NULL || v->type != KG_VALUE_LIST)
    return NULL;
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < v->u.list->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", v->u.list->items[i].u.s);
  return g_string_free (s, FALSE);
}

/* The only relationship of @type from @src to @dst (fails the test if several). */
static KgEdgeId
edge_between (const KgGraph *g, KgNodeId src, const char *type, KgNodeId dst)
{
  KgEdgeId found = KG_NONE;
  KgEdgeIter it;
  KgEdgeId e;
  kg_graph_edges_init (g, kg_graph_lookup (g, KG_SYM_TYPE, type), &it);
  while (kg_edge_iter_next (&it, &e))
    if (kg_graph_edge_src (g, e) == src && kg_graph_edge_dst (g, e) == dst)
      {
        g_assert_cmpuint (found, ==, KG_NONE);
        found = e;
      }
  return found;
}

/* Copies the good fixture to a new temporary directory and returns its name. */
static char *
copy_good (void)
{
  g_autoptr (GError) error = NULL;
  char *tmp = g_dir_make_tmp ("kg-loader-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *good = fixture ("corpus-good");
  const char *files[] = { "labels.csv", "relations.csv", "documents.csv", "entities.csv",
                          "claims/d1.csv", "claims/d2.csv", "claims/d3.csv" };
  g_autofree char *claims = g_build_filename (tmp, "claims", NULL);
  g_mkdir (claims, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (good, files[i], NULL);
      g_autofree char *to = g_build_filename (tmp, files[i], NULL);
      g_autofree char *text = NULL;
      g_file_get_contents (from, &text, NULL, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, text, -1, &error);
      g_assert_no_error (error);
    }
  return tmp;
}

static void
remove_tree (const char *dir)
{
  const char *files[] = { "claims/d1.csv", "claims/d2.csv", "claims/d3.csv", "claims/d4.csv",
                          "labels.csv", "relations.csv", "documents.csv", "entities.csv" };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *p = g_build_filename (dir, files[i], NULL);
      g_remove (p);
    }
  g_autofree char *claims = g_build_filename (dir, "claims", NULL);
  g_rmdir (claims);
  g_rmdir (dir);
}

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *p = g_build_filename (dir, name, NULL);
  g_file_set_contents (p, text, -1, &error);
  g_assert_no_error (error);
}

/* Loads @dir expecting failure; checks the code and that the message starts with
 * "<dir>/<file>:<line>: " and contains @needle. The graph must stay empty. */
static void
expect_failure (const char *dir, const char *file, guint line, int code, const char *needle)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KgCorpusInfo) info = NULL;
  gboolean ok = kg_corpus_load (g, dir, &info, &error);
  g_assert_false (ok);
  g_assert_null (info);
  g_assert_error (error, KG_LOAD_ERROR, code);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *prefix = g_strdup_printf ("%s:%u: ", path, line);
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, needle) == NULL)
    g_error ("unexpected message: %s (wanted prefix '%s' and '%s')", error->message, prefix, needle);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 0);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 0);
}

/* --- The good fixture ----------------------------------------------------------- */

static void
test_good_counts (void)
{
  g_autofree char *dir = fixture ("corpus-good");
  g_autoptr (KgGraph) g = kg_graph_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KgCorpusInfo) info = NULL;
  g_assert_true (kg_corpus_load (g, dir, &info, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (info->n_documents, ==, 3);
  g_assert_cmpuint (info->n_entities, ==, 7);
  g_assert_cmpuint (info->n_claim_rows, ==, 11);
  g_assert_cmpuint (info->n_claims, ==, 9);
  g_assert_cmpuint (info->n_mentions, ==, 13);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 10);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 9 + 13);
  g_assert_cmpuint (kg_graph_label_count (g, kg_graph_lookup (g, KG_SYM_LABEL, "Document")), ==, 3);
  g_assert_cmpuint (kg_graph_label_count (g, kg_graph_lookup (g, KG_SYM_LABEL, "Person")), ==, 4);
  g_assert_cmpuint (kg_graph_type_count (g, kg_graph_lookup (g, KG_SYM_TYPE, "mentions")), ==, 14);
  g_assert_cmpstr (info->single_valued[0], ==, "receives_flag_from");
  g_assert_cmpstr (info->single_valued[1], ==, "mayor_of");
  g_assert_null (info->single_valued[2]);

  /* The unused entity is a warning, not an error. */
  g_assert_cmpuint (info->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (info->warnings, 0), "entities.csv:8: entity 'flag'"));
}

static void
test_good_properties (void)
{
  g_autofree char *dir = fixture ("corpus-good");
  g_autoptr (GError) error = NULL;
  g_autoptr (KgGraph) g = kg_corpus_load_new (dir, NULL, &error);
  g_assert_no_error (error);

  /* Reports come first, then entities in file order. */
  g_assert_cmpuint (node_by_id (g, "d1"), ==, 0);
  g_assert_cmpuint (node_by_id (g, "anne_hidalgo"), ==, 3);
  KgNodeId d2 = node_by_id (g, "d2");
  g_assert_cmpstr (node_str (g, d2, "name"), ==, "Second report, with a comma");
  g_assert_cmpstr (node_str (g, d2, "file"), ==, "two.txt");
  g_assert_cmpstr (node_str (g, d2, "author"), ==, "A. Writer");
  const KgValue *date = kg_graph_node_prop (g, node_by_id (g, "d1"), kg_graph_lookup (g, KG_SYM_KEY, "date"));
  g_assert_nonnull (date);
  g_assert_cmpint (date->type, ==, KG_VALUE_DATE);
  g_assert_null (kg_graph_node_prop (g, d2, kg_graph_lookup (g, KG_SYM_KEY, "date")));

  KgNodeId ah = node_by_id (g, "anne_hidalgo");
  g_assert_cmpstr (node_str (g, ah, "name"), ==, "Anne Hidalgo");
  g_assert_cmpstr (node_str (g, ah, "role"), ==, "Mayor of Paris");
  const KgValue *age = kg_graph_node_prop (g, ah, kg_graph_lookup (g, KG_SYM_KEY, "age"));
  g_assert_cmpint (age->type, ==, KG_VALUE_INT);
  g_assert_cmpint (age->u.i, ==, 65);
  /* Each property carries the reports that state it. */
  const KgValue *role_src = kg_graph_node_prop (g, ah, kg_graph_lookup (g, KG_SYM_KEY, "role_sources"));
  g_assert_cmpuint (role_src->u.list->len, ==, 1);
  g_assert_cmpstr (role_src->u.list->items[0].u.s, ==, "d1");
  const KgValue *age_src = kg_graph_node_prop (g, ah, kg_graph_lookup (g, KG_SYM_KEY, "age_sources"));
  g_assert_cmpuint (age_src->u.list->len, ==, 2);
  g_assert_cmpstr (age_src->u.list->items[1].u.s, ==, "d2");
  const KgValue *aliases = kg_graph_node_prop (g, ah, kg_graph_lookup (g, KG_SYM_KEY, "aliases"));
  g_assert_cmpint (aliases->type, ==, KG_VALUE_LIST);
  g_assert_cmpuint (aliases->u.list->len, ==, 2);
  g_assert_cmpstr (aliases->u.list->items[1].u.s, ==, "Mayor Hidalgo");
  const KgValue *srcs = kg_graph_node_prop (g, node_by_id (g, "karen_bass"), kg_graph_lookup (g, KG_SYM_KEY, "sources"));
  g_assert_cmpuint (srcs->u.list->len, ==, 3);
  KgNodeId biles = node_by_id (g, "simone_biles");
  const KgValue *born = kg_graph_node_prop (g, biles, kg_graph_lookup (g, KG_SYM_KEY, "born"));
  g_assert_cmpint (born->type, ==, KG_VALUE_DATE);
  g_assert_true (kg_graph_node_has_label (g, biles, kg_graph_lookup (g, KG_SYM_LABEL, "Person")));

  /* Identical claims from d1 and d2 merge, keeping both notes, each with its report id. */
  KgEdgeId e = edge_between (g, ah, "hands_to", node_by_id (g, "karen_bass"));
  g_assert_cmpuint (e, !=, KG_NONE);
  g_autofree char *s = edge_list (g, e, "sources");
  g_assert_cmpstr (s, ==, "d1,d2");
  const KgValue *ev = kg_graph_edge_prop (g, e, kg_graph_lookup (g, KG_SYM_KEY, "evidence"));
  g_assert_cmpuint (ev->u.list->len, ==, 2);
  g_assert_cmpstr (ev->u.list->items[0].u.s, ==, "d1: Hidalgo gives Bass the flag");
  g_assert_cmpstr (ev->u.list->items[1].u.s, ==, "d2: Hidalgo hands over the flag, officially");
  /* A note without its report id gets one. */
  KgEdgeId m = edge_between (g, ah, "mayor_of", node_by_id (g, "paris"));
  const KgValue *ev2 = kg_graph_edge_prop (g, m, kg_graph_lookup (g, KG_SYM_KEY, "evidence"));
  g_assert_cmpstr (ev2->u.list->items[0].u.s, ==, "d1: Hidalgo is mayor of Paris");
  /* {} and an empty cell are the same properties. */
  KgEdgeId rb = edge_between (g, node_by_id (g, "tom_cruise"), "receives_flag_from", biles);
  g_autofree char *s2 = edge_list (g, rb, "sources");
  g_assert_cmpstr (s2, ==, "d1,d3");
  /* Claims with different properties stay apart. */
  g_assert_cmpuint (kg_graph_degree (g, node_by_id (g, "tom_cruise"), KG_DIR_OUT,
                                     kg_graph_lookup (g, KG_SYM_TYPE, "visits")),
                    ==, 2);
  /* A report can be a claim's subject; it then mentions nothing about itself. */
  KgNodeId d3 = node_by_id (g, "d3");
  g_assert_cmpuint (edge_between (g, d3, "visits", node_by_id (g, "los_angeles")), !=, KG_NONE);
  g_assert_cmpuint (edge_between (g, d3, "mentions", node_by_id (g, "los_angeles")), !=, KG_NONE);
  g_assert_cmpuint (edge_between (g, d3, "mentions", d3), ==, KG_NONE);
  /* A mention stated as a claim is the only link (edge_between fails on two). */
  KgEdgeId dm = edge_between (g, d3, "mentions", node_by_id (g, "paris"));
  g_assert_cmpuint (dm, !=, KG_NONE);
  g_autofree char *dme = edge_list (g, dm, "evidence");
  g_assert_cmpstr (dme, ==, "d3: Paris is named in passing");
}

static void
test_good_conflicts (void)
{
  g_autofree char *dir = fixture ("corpus-good");
  g_autoptr (GError) error = NULL;
  g_autoptr (KgCorpusInfo) info = NULL;
  g_autoptr (KgGraph) g = kg_corpus_load_new (dir, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->conflicts->len, ==, 1);
  KgConflict *c = g_ptr_array_index (info->conflicts, 0);
  g_assert_cmpstr (c->subject_id, ==, "tom_cruise");
  g_assert_cmpstr (c->subject_name, ==, "Tom Cruise");
  g_assert_cmpstr (c->type, ==, "receives_flag_from");
  g_assert_cmpuint (c->sides->len, ==, 2);
  KgConflictSide *a = g_ptr_array_index (c->sides, 0), *b = g_ptr_array_index (c->sides, 1);
  g_assert_cmpstr (a->object_name, ==, "Simone Biles");
  g_autofree char *as = g_strjoinv (",", a->sources);
  g_assert_cmpstr (as, ==, "d1,d3");
  g_assert_cmpstr (b->object_id, ==, "karen_bass");
  g_autofree char *bs = g_strjoinv (",", b->sources);
  g_assert_cmpstr (bs, ==, "d2");
  g_assert_cmpstr (a->properties, ==, "{}");

  /* The graph is the truth: a new claim for Hidalgo's city is found at once. */
  KgEdgeId e = kg_graph_add_edge (g, node_by_id (g, "anne_hidalgo"), node_by_id (g, "los_angeles"),
                                  kg_graph_lookup (g, KG_SYM_TYPE, "mayor_of"));
  g_assert_cmpuint (e, !=, KG_NONE);
  g_autoptr (GPtrArray) again = kg_corpus_find_conflicts (g, (const char *const *) info->single_valued);
  g_assert_cmpuint (again->len, ==, 2);
  KgConflict *c2 = g_ptr_array_index (again, 1);
  g_assert_cmpstr (c2->type, ==, "mayor_of");
  g_assert_cmpstr (c2->subject_id, ==, "anne_hidalgo");
}

static void
test_deterministic (void)
{
  g_autofree char *dir = fixture ("corpus-good");
  g_autoptr (KgGraph) a = kg_corpus_load_new (dir, NULL, NULL);
  g_autoptr (KgGraph) b = kg_corpus_load_new (dir, NULL, NULL);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (kg_graph_n_nodes (a), ==, kg_graph_n_nodes (b));
  g_assert_cmpuint (kg_graph_n_edges (a), ==, kg_graph_n_edges (b));
  for (KgNodeId n = 0; n < kg_graph_node_bound (a); n++)
    g_assert_cmpstr (node_str (a, n, "id"), ==, node_str (b, n, "id"));
  for (KgEdgeId e = 0; e < kg_graph_edge_bound (a); e++)
    {
      g_assert_cmpuint (kg_graph_edge_src (a, e), ==, kg_graph_edge_src (b, e));
      g_assert_cmpuint (kg_graph_edge_dst (a, e), ==, kg_graph_edge_dst (b, e));
      g_assert_cmpstr (kg_graph_symbol_name (a, KG_SYM_TYPE, kg_graph_edge_type (a, e)), ==,
                       kg_graph_symbol_name (b, KG_SYM_TYPE, kg_graph_edge_type (b, e)));
    }
}

/* --- Broken fixtures ------------------------------------------------------------ */

static void
test_unknown_entity (void)
{
  g_autofree char *dir = fixture ("corpus-unknown-entity");
  expect_failure (dir, "claims/d1.csv", 4, KG_LOAD_ERROR_UNKNOWN,
                  "unknown entity 'simone_bils' as object (closest: simone_biles (Simone Biles)");
}

static void
test_unknown_column (void)
{
  g_autofree char *dir = fixture ("corpus-unknown-column");
  expect_failure (dir, "entities.csv", 1, KG_LOAD_ERROR_UNKNOWN, "unknown column 'nickname'");
}

static void
test_duplicate_id (void)
{
  g_autofree char *dir = fixture ("corpus-duplicate-id");
  expect_failure (dir, "entities.csv", 9, KG_LOAD_ERROR_DUPLICATE,
                  "duplicate id 'paris' (first defined at entities.csv:6)");
}

static void
test_no_source (void)
{
  g_autofree char *dir = fixture ("corpus-no-source");
  expect_failure (dir, "claims/d2.csv", 4, KG_LOAD_ERROR_INVALID, "a claim without a source");
}

/* One broken file written over a copy of the good corpus. */
typedef struct
{
  const char *file;
  const char *text;
  guint line;
  int code;
  const char *needle;
} Broken;

static const Broken broken[] = {
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd9,paris,visits,paris,,d9: x\n",
    2, KG_LOAD_ERROR_UNKNOWN, "unknown report 'd9' as source (not in documents.csv) (closest: d1, d2, d3)" },
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd1,paris,visit,paris,,d1: x\n",
    2, KG_LOAD_ERROR_UNKNOWN, "unknown relationship type 'visit' (not in relations.csv) (closest: visits" },
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd1,Hidalgo,visits,paris,,d1: x\n",
    2, KG_LOAD_ERROR_UNKNOWN, "closest: anne_hidalgo (Anne Hidalgo)" },
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd1,paris,visits,paris,,\n",
    2, KG_LOAD_ERROR_INVALID, "a claim without evidence" },
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd1,paris,visits,paris,{a: },d1: x\n",
    2, KG_LOAD_ERROR_VALUE, "bad properties: a value is missing" },
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd1,paris,visits,paris,{sources: 1},d1: x\n",
    2, KG_LOAD_ERROR_INVALID, "property 'sources' is reserved" },
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd1,paris,visits,paris,{at_sources: ['d1']},d1: x\n",
    2, KG_LOAD_ERROR_INVALID, "property 'at_sources' is reserved" },
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd1,paris,visits,paris,,d1: x\n# c\nd1,paris,visits,paris,{},d1: y\n",
    4, KG_LOAD_ERROR_DUPLICATE, "duplicate claim: claims/d4.csv:2 already states it for d1" },
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd1,paris,visits,\"paris,,d1: x\n",
    2, KG_LOAD_ERROR_PARSE, "a quoted field is never closed" },
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd1,paris,visits,paris,,d1: x,extra\n",
    2, KG_LOAD_ERROR_PARSE, "7 fields where the header has 6" },
  { "claims/d4.csv", "source,subject,type,properties,evidence\n",
    1, KG_LOAD_ERROR_INVALID, "missing column 'object'" },
  { "claims/d4.csv", "source,subject,type,object,properties,evidence\nd1,pa\"ris,visits,paris,,d1: x\n",
    2, KG_LOAD_ERROR_PARSE, "a quote inside an unquoted field" },
  { "entities.csv", "id,label,name,aliases,properties\nanne_hidalgo,Persn,Anne Hidalgo,,\n",
    2, KG_LOAD_ERROR_UNKNOWN, "unknown label 'Persn' (not in labels.csv) (closest: Person" },
  { "entities.csv", "id,label,name,aliases,properties\nAnne,Person,Anne Hidalgo,,\n",
    2, KG_LOAD_ERROR_INVALID, "id 'Anne' must be lower-case" },
  { "entities.csv", "id,label,name,aliases,properties\nd1,Person,Anne Hidalgo,,\n",
    2, KG_LOAD_ERROR_DUPLICATE, "duplicate id 'd1' (first defined at documents.csv:2)" },
  { "entities.csv", "id,label,name,aliases,properties\nanne,Person,Anne,,{name: 'x'}\n",
    2, KG_LOAD_ERROR_INVALID, "property 'name' of 'anne' is reserved" },
  { "entities.csv", "id,label,name,aliases,properties\nanne,Person,Anne,,\"{when: date('2024-02-30')}\"\n",
    2, KG_LOAD_ERROR_VALUE, "is not a date" },
  { "entities.csv", "id,label,name,aliases,properties\nanne,Person,Anne,,{role: 'Mayor'}\n",
    2, KG_LOAD_ERROR_INVALID, "property 'role' of 'anne' has no sources" },
  { "entities.csv", "id,label,name,aliases,properties,property_sources\nanne,Person,Anne,,\"{role: 'x', age: 3}\",{role: 'd1'}\n",
    2, KG_LOAD_ERROR_INVALID, "property 'age' of 'anne' has no sources" },
  { "entities.csv", "id,label,name,aliases,properties,property_sources\nanne,Person,Anne,,{role: 'x'},{rol: 'd1'}\n",
    2, KG_LOAD_ERROR_INVALID, "property_sources names 'rol', which is not a property of 'anne'" },
  { "entities.csv", "id,label,name,aliases,properties,property_sources\nanne,Person,Anne,,{role: 'x'},d1|d7\n",
    2, KG_LOAD_ERROR_UNKNOWN, "unknown report 'd7' in property_sources (not in documents.csv) (closest: d1" },
  { "entities.csv", "id,label,name,aliases,properties,property_sources\nanne,Person,Anne,,{role: 'x'},{role: [1]}\n",
    2, KG_LOAD_ERROR_VALUE, "property_sources of 'role' must be report ids" },
  { "entities.csv", "id,label,name,aliases,properties,property_sources\nanne,Person,Anne,,,d1\n",
    2, KG_LOAD_ERROR_INVALID, "property_sources for 'anne', which has no properties" },
  { "entities.csv", "id,label,name,aliases,properties\nanne,Person,Anne,,{role_sources: ['d1']}\n",
    2, KG_LOAD_ERROR_INVALID, "property 'role_sources' of 'anne' is reserved" },
  { "relations.csv", "type,single_valued,description\nhands_to,maybe,x\n",
    2, KG_LOAD_ERROR_VALUE, "single_valued must be yes or no" },
  { "relations.csv", "type,single_valued\nhandsTo,no\n",
    2, KG_LOAD_ERROR_INVALID, "is not a lower snake_case verb" },
  { "relations.csv", "type,single_valued\nhands_to,no\n\nhands_to,yes\n",
    4, KG_LOAD_ERROR_DUPLICATE, "duplicate relationship type 'hands_to' (first declared on line 2)" },
  { "relations.csv", "type,single_valued,inverse\nhands_to,no,gets_from\nvisits,no,\n",
    2, KG_LOAD_ERROR_UNKNOWN, "unknown inverse type 'gets_from' of 'hands_to'" },
  { "relations.csv", "type,single_valued,inverse\nhands_to,no,visits\nvisits,no,mentions\nmentions,no,\n",
    3, KG_LOAD_ERROR_INVALID, "'mentions' is declared the inverse of 'visits', but 'hands_to' is already the inverse of 'visits'" },
  { "labels.csv", "label\nperson\n", 2, KG_LOAD_ERROR_INVALID, "is not a CamelCase noun" },
  { "documents.csv", "id,file,date\nd1,one.txt,11/08/2024\n", 2, KG_LOAD_ERROR_VALUE, "'11/08/2024' is not a date" },
  { "documents.csv", "id,file\n", 1, KG_LOAD_ERROR_INVALID, "no reports are listed" },
};

static void
test_broken (gconstpointer data)
{
  const Broken *b = data;
  g_autofree char *dir = copy_good ();
  write_file (dir, b->file, b->text);
  expect_failure (dir, b->file, b->line, b->code, b->needle);
  remove_tree (dir);
}

/* Rows with the same subject, type and object merge when their properties agree on
 * every key both give; a qualifier only some reports give names them. */
static void
test_merge_qualifiers (void)
{
  g_autofree char *dir = copy_good ();
  write_file (dir, "claims/d4.csv",
              "source,subject,type,object,properties,evidence\n"
              "d1,karen_bass,visits,los_angeles,{at: 'City Hall'},d1: Bass at City Hall\n"
              "d2,karen_bass,visits,los_angeles,,d2: Bass in LA\n"
              "d3,karen_bass,visits,los_angeles,\"{at: 'City Hall', month: 8}\",d3: Bass at City Hall in August\n"
              "d2,karen_bass,visits,los_angeles,{at: 'the beach'},d2: Bass on the beach\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (KgCorpusInfo) info = NULL;
  g_autoptr (KgGraph) g = kg_corpus_load_new (dir, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_claim_rows, ==, 15);
  g_assert_cmpuint (info->n_claims, ==, 11);
  KgNodeId bass = node_by_id (g, "karen_bass"), la = node_by_id (g, "los_angeles");
  KgSymbol visits = kg_graph_lookup (g, KG_SYM_TYPE, "visits");
  g_assert_cmpuint (kg_graph_degree (g, bass, KG_DIR_OUT, visits), ==, 2);
  KgEdgeIter it;
  KgEdgeId e, merged = KG_NONE, apart = KG_NONE;
  kg_graph_edges_init (g, visits, &it);
  while (kg_edge_iter_next (&it, &e))
    if (kg_graph_edge_src (g, e) == bass && kg_graph_edge_dst (g, e) == la)
      {
        if (merged == KG_NONE)
          merged = e;
        else
          apart = e;
      }
  g_autofree char *s = edge_list (g, merged, "sources");
  g_assert_cmpstr (s, ==, "d1,d2,d3");
  const KgValue *at = kg_graph_edge_prop (g, merged, kg_graph_lookup (g, KG_SYM_KEY, "at"));
  g_assert_cmpstr (at->u.s, ==, "City Hall");
  g_autofree char *at_src = edge_list (g, merged, "at_sources");
  g_assert_cmpstr (at_src, ==, "d1,d3");
  g_autofree char *month_src = edge_list (g, merged, "month_sources");
  g_assert_cmpstr (month_src, ==, "d3");
  g_autofree char *ev = edge_list (g, merged, "evidence");
  g_assert_cmpstr (ev, ==, "d1: Bass at City Hall,d2: Bass in LA,d3: Bass at City Hall in August");
  /* A report's second, different row with a disagreeing qualifier stays apart; every
   * report of it gives the qualifier, so no at_sources. */
  g_autofree char *s2 = edge_list (g, apart, "sources");
  g_assert_cmpstr (s2, ==, "d2");
  g_assert_null (kg_graph_edge_prop (g, apart, kg_graph_lookup (g, KG_SYM_KEY, "at_sources")));
  remove_tree (dir);
}

/* A type declared the inverse of another gets the inverse readings of its claims,
 * marked inferred, from the reports that do not state them that way; conflicts leave
 * them out. */
static void
test_inverse (void)
{
  g_autofree char *dir = copy_good ();
  write_file (dir, "relations.csv",
              "type,single_valued,inverse,description\n"
              "hands_to,no,receives_flag_from,x\n"
              "receives_flag_from,yes,,x\n"
              "mayor_of,yes,,x\n"
              "visits,no,,x\n"
              "mentions,no,,x\n");
  write_file (dir, "claims/d4.csv",
              "source,subject,type,object,properties,evidence\n"
              "d1,karen_bass,receives_flag_from,anne_hidalgo,,d1: Bass takes the flag from Hidalgo\n"
              "d3,tom_cruise,hands_to,karen_bass,,d3: Cruise gives the flag back to Bass\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (KgCorpusInfo) info = NULL;
  g_autoptr (KgGraph) g = kg_corpus_load_new (dir, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_claims, ==, 11);
  g_assert_cmpuint (info->n_inferred, ==, 4);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, info->n_claims + info->n_mentions + info->n_inferred);
  KgNodeId ah = node_by_id (g, "anne_hidalgo"), kb = node_by_id (g, "karen_bass");
  KgNodeId tc = node_by_id (g, "tom_cruise"), sb = node_by_id (g, "simone_biles");
  KgSymbol k_inferred = kg_graph_lookup (g, KG_SYM_KEY, "inferred");
  /* Stated by d1 as receives_flag_from and by d1, d2 as hands_to: the inverse reading
   * adds only d2. */
  KgSymbol rff = kg_graph_lookup (g, KG_SYM_TYPE, "receives_flag_from");
  g_assert_cmpuint (kg_graph_degree (g, kb, KG_DIR_OUT, rff), ==, 3);
  KgEdgeIter it;
  KgEdgeId e;
  guint inferred = 0;
  kg_graph_edges_init (g, rff, &it);
  while (kg_edge_iter_next (&it, &e))
    if (kg_graph_edge_src (g, e) == kb && kg_graph_edge_dst (g, e) == ah)
      {
        g_autofree char *src = edge_list (g, e, "sources");
        if (kg_corpus_edge_inferred (g, e, k_inferred))
          {
            inferred++;
            g_assert_cmpstr (src, ==, "d2");
            g_autofree char *ev = edge_list (g, e, "evidence");
            g_assert_cmpstr (ev, ==, "d2: Hidalgo hands over the flag, officially");
          }
        else
          g_assert_cmpstr (src, ==, "d1");
      }
  g_assert_cmpuint (inferred, ==, 1);
  /* Both directions answer: Biles hands Cruise the flag (d1, d3). */
  KgEdgeId back = edge_between (g, sb, "hands_to", tc);
  g_assert_cmpuint (back, !=, KG_NONE);
  g_assert_true (kg_corpus_edge_inferred (g, back, k_inferred));
  g_autofree char *bs = edge_list (g, back, "sources");
  g_assert_cmpstr (bs, ==, "d1,d3");
  /* Bass "receives the flag" from Cruise only by inference: no second conflict. */
  g_assert_cmpuint (info->conflicts->len, ==, 1);
  g_assert_cmpstr (((KgConflict *) g_ptr_array_index (info->conflicts, 0))->subject_id, ==, "tom_cruise");
  remove_tree (dir);
}

static void
test_missing_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgGraph) g = kg_corpus_load_new ("/nonexistent/corpus", NULL, &error);
  g_assert_null (g);
  g_assert_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_IO);
}

/* A failed load writes nothing, even into a graph that already holds data. */
static void
test_failed_load_keeps_graph (void)
{
  g_autofree char *good = fixture ("corpus-good");
  g_autofree char *bad = fixture ("corpus-unknown-entity");
  g_autoptr (KgGraph) g = kg_corpus_load_new (good, NULL, NULL);
  g_assert_nonnull (g);
  guint nodes = kg_graph_n_nodes (g), edges = kg_graph_n_edges (g);
  guint64 version = kg_graph_version (g);
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_corpus_load (g, bad, NULL, &error));
  g_assert_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_UNKNOWN);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, nodes);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, edges);
  g_assert_cmpuint (kg_graph_version (g), ==, version);
}

/* --- Pieces --------------------------------------------------------------------- */

static void
test_literal (void)
{
  KgValue v = KG_VALUE_INIT;
  char *reason = NULL;
  g_assert_true (kg_literal_parse_map ("{b: 'it\\'s', a: [1, -2.5, true, null], `odd key`: \"x\", d: date('2024-08-11')}",
                                       &v, &reason));
  g_autofree char *canon = kg_literal_canonical (&v);
  g_assert_cmpstr (canon, ==, "{a: [1, -2.5, true, null], b: 'it\\'s', d: date('2024-08-11'), odd key: 'x'}");
  kg_value_clear (&v);
  /* Every temporal constructor the literal printer writes reads back, in any ISO form. */
  g_assert_true (kg_literal_parse_map ("{w: date('2015-W30-2'), o: date('2015-202'), t: localtime('214032'), "
                                       "z: datetime('2015-07-21T21:40+01:00[Europe/London]'), l: localdatetime('20150721T2140'), "
                                       "c: time('21:40Z'), p: duration('P1DT2H')}",
                                       &v, &reason));
  g_free (canon);
  canon = kg_literal_canonical (&v);
  g_assert_cmpstr (canon, ==, "{c: time('21:40Z'), l: localdatetime('2015-07-21T21:40'), o: date('2015-07-21'), "
                              "p: duration('P1DT2H'), t: localtime('21:40:32'), w: date('2015-07-21'), "
                              "z: datetime('2015-07-21T21:40+01:00[Europe/London]')}");
  KgValue back = KG_VALUE_INIT;
  g_assert_true (kg_literal_parse_map (canon, &back, &reason));
  g_assert_true (kg_value_equivalent (&v, &back));
  kg_value_clear (&back);
  kg_value_clear (&v);
  g_assert_true (kg_literal_parse_map ("  ", &v, &reason));
  g_assert_cmpuint (v.u.map->len, ==, 0);
  kg_value_clear (&v);
  const char *bad[] = { "[1]", "{a 1}", "{a: 1", "{a: 1} x", "{a: 'x}", "{a: maybe}", "{a: 1, a: 2}", "{a: 1e}",
                        "{a: date('2015-W54-1')}", "{a: time('25:00')}", "{a: localtime('21:40Z')}",
                        "{a: duration('P1X')}", "{a: datetime('2015-07-21T21:40'}", "{a: duration(1)}" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (kg_literal_parse_map (bad[i], &v, &reason));
      g_assert_nonnull (reason);
      g_clear_pointer (&reason, g_free);
    }
}

static void
test_edit_distance (void)
{
  g_assert_cmpuint (kg_edit_distance ("kitten", "sitting"), ==, 3);
  g_assert_cmpuint (kg_edit_distance ("Biles", "biles"), ==, 0);
  g_assert_cmpuint (kg_edit_distance ("", "abc"), ==, 3);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_ptr_array_add (names, "hands_to");
  g_ptr_array_add (names, "performed");
  g_ptr_array_add (names, "receives_flag_from");
  g_autofree char *best = kg_closest_names ("perfomed", names, 2);
  g_assert_cmpstr (best, ==, "performed, hands_to");
}

/* --- The bundled corpus --------------------------------------------------------- */

static void
test_real_provenance (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgCorpusInfo) info = NULL;
  g_autoptr (KgGraph) g = kg_corpus_load_new (real_corpus (), &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_documents, ==, 5);
  g_assert_cmpuint (info->n_entities, >, 60);
  g_assert_cmpuint (info->n_claims, >, 200);
  for (guint i = 0; i < info->warnings->len; i++)
    g_test_message ("warning: %s", (char *) g_ptr_array_index (info->warnings, i));
  g_assert_cmpuint (info->warnings->len, ==, 0);

  /* The report ids. */
  g_autoptr (GHashTable) reports = g_hash_table_new (g_str_hash, g_str_equal);
  KgSymbol doc = kg_graph_lookup (g, KG_SYM_LABEL, "Document");
  KgSymbol k_id = kg_graph_lookup (g, KG_SYM_KEY, "id");
  KgNodeIter nit;
  KgNodeId n;
  kg_graph_nodes_init (g, doc, &nit);
  while (kg_node_iter_next (&nit, &n))
    g_hash_table_add (reports, (gpointer) kg_graph_node_prop (g, n, k_id)->u.s);
  g_assert_cmpuint (g_hash_table_size (reports), ==, 5);

  /* Every relationship has sources, each a known report, and a note per source. */
  KgSymbol k_sources = kg_graph_lookup (g, KG_SYM_KEY, "sources");
  KgSymbol k_evidence = kg_graph_lookup (g, KG_SYM_KEY, "evidence");
  KgEdgeIter eit;
  KgEdgeId e;
  guint n_edges = 0;
  kg_graph_edges_init (g, KG_NONE, &eit);
  while (kg_edge_iter_next (&eit, &e))
    {
      n_edges++;
      const KgValue *s = kg_graph_edge_prop (g, e, k_sources);
      const KgValue *ev = kg_graph_edge_prop (g, e, k_evidence);
      g_assert_nonnull (s);
      g_assert_cmpint (s->type, ==, KG_VALUE_LIST);
      g_assert_cmpuint (s->u.list->len, >, 0);
      g_assert_nonnull (ev);
      g_assert_cmpuint (ev->u.list->len, >=, s->u.list->len);
      for (guint i = 0; i < s->u.list->len; i++)
        {
          const char *id = s->u.list->items[i].u.s;
          g_assert_true (g_hash_table_contains (reports, id));
          /* Some note comes from this report. */
          g_autofree char *prefix = g_strdup_printf ("%s: ", id);
          gboolean found = FALSE;
          for (guint j = 0; j < ev->u.list->len; j++)
            found |= g_str_has_prefix (ev->u.list->items[j].u.s, prefix);
          g_assert_true (found);
        }
    }
  g_assert_cmpuint (n_edges, ==, info->n_claims + info->n_mentions + info->n_inferred);

  /* One relationship per claim: no two share subject, type and object. */
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kg_graph_edges_init (g, KG_NONE, &eit);
  while (kg_edge_iter_next (&eit, &e))
    {
      char *key = g_strdup_printf ("%u %u %u", kg_graph_edge_src (g, e), kg_graph_edge_type (g, e),
                                   kg_graph_edge_dst (g, e));
      if (kg_corpus_edge_inferred (g, e, kg_graph_lookup (g, KG_SYM_KEY, "inferred")))
        {
          g_free (key);
          continue;
        }
      if (g_hash_table_contains (seen, key))
        g_error ("two relationships for one claim: %s", key);
      g_hash_table_add (seen, key);
    }

  /* Every entity has a name, aliases and the reports naming it. */
  KgSymbol k_name = kg_graph_lookup (g, KG_SYM_KEY, "name");
  KgSymbol k_aliases = kg_graph_lookup (g, KG_SYM_KEY, "aliases");
  kg_graph_nodes_init (g, KG_NONE, &nit);
  while (kg_node_iter_next (&nit, &n))
    {
      g_assert_nonnull (kg_graph_node_prop (g, n, k_name));
      if (kg_graph_node_has_label (g, n, doc))
        continue;
      g_assert_nonnull (kg_graph_node_prop (g, n, k_aliases));
      const KgValue *s = kg_graph_node_prop (g, n, k_sources);
      g_assert_nonnull (s);
      g_assert_cmpuint (s->u.list->len, >, 0);
    }

  /* Every fact on an entity names the reports that state it, each of which names the
   * entity in some claim. */
  kg_graph_nodes_init (g, KG_NONE, &nit);
  while (kg_node_iter_next (&nit, &n))
    {
      if (kg_graph_node_has_label (g, n, doc))
        continue;
      const KgValue *named = kg_graph_node_prop (g, n, k_sources);
      for (guint i = 0; i < kg_graph_node_n_props (g, n); i++)
        {
          KgSymbol key;
          kg_graph_node_prop_at (g, n, i, &key);
          const char *name = kg_graph_symbol_name (g, KG_SYM_KEY, key);
          if (key == k_id || key == k_name || key == k_aliases || key == k_sources || g_str_has_suffix (name, "_sources"))
            continue;
          g_autofree char *sk = g_strdup_printf ("%s_sources", name);
          const KgValue *ps = kg_graph_node_prop (g, n, kg_graph_lookup (g, KG_SYM_KEY, sk));
          if (ps == NULL || ps->type != KG_VALUE_LIST || ps->u.list->len == 0)
            g_error ("%s.%s has no sources", kg_graph_node_prop (g, n, k_id)->u.s, name);
          for (guint j = 0; j < ps->u.list->len; j++)
            {
              gboolean in = FALSE;
              for (guint m = 0; m < named->u.list->len; m++)
                in |= strcmp (named->u.list->items[m].u.s, ps->u.list->items[j].u.s) == 0;
              g_assert_true (in);
            }
        }
    }

  /* The reports' files are the seeds, when the seeds are at hand. */
  const char *shared = g_getenv ("KG_SHARED_DIR");
  if (shared != NULL)
    {
      g_autofree char *seeds = g_build_filename (shared, "seeds", NULL);
      if (g_file_test (seeds, G_FILE_TEST_IS_DIR))
        {
          KgSymbol k_file = kg_graph_lookup (g, KG_SYM_KEY, "file");
          kg_graph_nodes_init (g, doc, &nit);
          while (kg_node_iter_next (&nit, &n))
            {
              g_autofree char *p = g_build_filename (seeds, kg_graph_node_prop (g, n, k_file)->u.s, NULL);
              g_assert_true (g_file_test (p, G_FILE_TEST_IS_REGULAR));
            }
        }
    }
}

static void
test_real_flag_conflict (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgCorpusInfo) info = NULL;
  g_autoptr (KgGraph) g = kg_corpus_load_new (real_corpus (), &info, &error);
  g_assert_no_error (error);
  KgConflict *flag = NULL;
  for (guint i = 0; i < info->conflicts->len; i++)
    {
      KgConflict *c = g_ptr_array_index (info->conflicts, i);
      if (strcmp (c->type, "receives_flag_from") == 0 && g_strcmp0 (c->subject_name, "Tom Cruise") == 0)
        flag = c;
    }
  g_assert_nonnull (flag);
  g_assert_cmpuint (flag->sides->len, ==, 2);
  gboolean biles = FALSE, bass = FALSE;
  for (guint i = 0; i < flag->sides->len; i++)
    {
      KgConflictSide *s = g_ptr_array_index (flag->sides, i);
      g_autofree char *src = g_strjoinv (",", s->sources);
      if (g_strcmp0 (s->object_name, "Simone Biles") == 0)
        {
          biles = TRUE;
          g_assert_cmpstr (src, ==, "r1,r5");
        }
      else if (g_strcmp0 (s->object_name, "Karen Bass") == 0)
        {
          bass = TRUE;
          g_assert_cmpstr (src, ==, "r3,r4");
        }
    }
  g_assert_true (biles && bass);

  /* Both readings answer: who handed Cruise the flag, and from whom Bass got it. */
  KgNodeId tc = node_by_id (g, "tom_cruise");
  g_assert_cmpuint (edge_between (g, node_by_id (g, "simone_biles"), "hands_to", tc), !=, KG_NONE);
  g_assert_cmpuint (edge_between (g, node_by_id (g, "karen_bass"), "hands_to", tc), !=, KG_NONE);
  g_assert_cmpuint (edge_between (g, node_by_id (g, "karen_bass"), "receives_flag_from", node_by_id (g, "anne_hidalgo")),
                    !=, KG_NONE);

  /* Hidalgo handing Bass the flag is one relationship from three reports. */
  KgEdgeId e = edge_between (g, node_by_id (g, "anne_hidalgo"), "hands_to", node_by_id (g, "karen_bass"));
  g_autofree char *s = edge_list (g, e, "sources");
  g_assert_cmpstr (s, ==, "r1,r2,r4");
}

/* --- kgq check ------------------------------------------------------------------ */

static char *
run_check (const char *dir, int *status, char **err_text)
{
  char *out = NULL, *err = NULL;
  size_t out_len = 0, err_len = 0;
  FILE *o = open_memstream (&out, &out_len);
  FILE *e = open_memstream (&err, &err_len);
  *status = kgq_check_corpus (dir, o, e) ? 0 : 4;
  fclose (o);
  fclose (e);
  *err_text = err;
  return out;
}

static void
test_check_real (void)
{
  int status = -1;
  g_autofree char *err = NULL;
  g_autofree char *out = run_check (real_corpus (), &status, &err);
  g_test_message ("%s", out);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Reports: 5\n"));
  g_assert_nonnull (strstr (out, "Person "));
  g_assert_nonnull (strstr (out, "receives_flag_from "));
  g_assert_nonnull (strstr (out, "Tom Cruise (tom_cruise) -[receives_flag_from]-> disagree:"));
  const char *biles = strstr (out, "Simone Biles (simone_biles)");
  g_assert_nonnull (biles);
  g_assert_true (g_str_has_prefix (strstr (biles, "sources: "), "sources: r1, r5\n"));
  const char *bass = strstr (biles, "Karen Bass (karen_bass)");
  g_assert_nonnull (bass);
  g_assert_true (g_str_has_prefix (strstr (bass, "sources: "), "sources: r3, r4\n"));
  g_assert_cmpstr (err, ==, "");
}

static void
test_check_broken (void)
{
  g_autofree char *dir = fixture ("corpus-no-source");
  int status = -1;
  g_autofree char *err = NULL;
  g_autofree char *out = run_check (dir, &status, &err);
  g_assert_cmpint (status, ==, 4);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "kgq check: "));
  g_assert_nonnull (strstr (err, "claims/d2.csv:4: a claim without a source"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loader/good/counts", test_good_counts);
  g_test_add_func ("/loader/good/properties", test_good_properties);
  g_test_add_func ("/loader/good/conflicts", test_good_conflicts);
  g_test_add_func ("/loader/good/deterministic", test_deterministic);
  g_test_add_func ("/loader/broken/unknown-entity", test_unknown_entity);
  g_test_add_func ("/loader/broken/unknown-column", test_unknown_column);
  g_test_add_func ("/loader/broken/duplicate-id", test_duplicate_id);
  g_test_add_func ("/loader/broken/no-source", test_no_source);
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *path = g_strdup_printf ("/loader/broken/case-%02u", i);
      g_test_add_data_func (path, &broken[i], test_broken);
    }
  g_test_add_func ("/loader/merge-qualifiers", test_merge_qualifiers);
  g_test_add_func ("/loader/inverse", test_inverse);
  g_test_add_func ("/loader/broken/missing-dir", test_missing_dir);
  g_test_add_func ("/loader/failed-load-keeps-graph", test_failed_load_keeps_graph);
  g_test_add_func ("/loader/literal", test_literal);
  g_test_add_func ("/loader/edit-distance", test_edit_distance);
  g_test_add_func ("/loader/corpus/provenance", test_real_provenance);
  g_test_add_func ("/loader/corpus/flag-conflict", test_real_flag_conflict);
  g_test_add_func ("/loader/check/corpus", test_check_real);
  g_test_add_func ("/loader/check/broken", test_check_broken);
  return g_test_run ();
}
