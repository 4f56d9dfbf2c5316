/* tests/unit/test-graph-fulltext.c — the store's full-text indexes: built over what
 * exists, kept in step with every write (properties, labels, deletes, on nodes and
 * relationships), undone by rollbacks (whole transactions and back to a mark, creating
 * and dropping too), carried by snapshots and redo records. The invariant throughout:
 * an index kept up to date answers exactly like one built afresh over the same graph. */
#include <string.h>

#include <glib/gstdio.h>

#include "graph/graph.h"
#include "graph/journal.h"

static const char *const words[] = { "bass", "karen", "mayor", "peppers", "chili", "angèle", "dre", "her", "flag", "motorcycle" };
static const char *const queries[] = { "bass", "chili peppers", "angele", "\"karen bass\"", "fla*", "motorcycel~", "+mayor -dre", "her OR flag", "name:dre", "aliases:bass" };

typedef struct
{
  KgGraph *g;
  KgSymbol person, band, other, says, name, aliases, evidence;
} Fixture;

static char *
text (GRand *r)
{
  GString *s = g_string_new (NULL);
  for (int n = g_rand_int_range (r, 1, 4); n > 0; n--)
    g_string_append_printf (s, "%s%s", s->len ? " " : "", words[g_rand_int_range (r, 0, G_N_ELEMENTS (words))]);
  return g_string_free (s, FALSE);
}

static KgValue
text_value (GRand *r)
{
  g_autofree char *t = text (r);
  return kg_value_string (t);
}

static void
set_random (Fixture *f, GRand *r, gboolean edge, guint32 id)
{
  KgValue v = KG_VALUE_INIT;
  int what = g_rand_int_range (r, 0, 4);
  if (what == 1)
    v = text_value (r);
  else if (what == 2)
    {
      KgList *l = kg_list_new (3);
      for (int i = g_rand_int_range (r, 0, 3); i >= 0; i--)
        {
          KgValue s = text_value (r);
          kg_list_append (l, &s);
        }
      v = kg_value_list (l);
    }
  else if (what == 3)
    v = kg_value_int (42);
  if (edge)
    kg_graph_edge_set_prop (f->g, id, f->evidence, &v);
  else
    kg_graph_node_set_prop (f->g, id, g_rand_boolean (r) ? f->name : f->aliases, &v);
  kg_value_clear (&v);
}

/* One random write: a property, a label, a node or a relationship created or deleted. */
static void
random_write (Fixture *f, GRand *r)
{
  guint32 nb = kg_graph_node_bound (f->g), eb = kg_graph_edge_bound (f->g);
  guint32 n = nb > 0 ? g_rand_int_range (r, 0, nb) : 0;
  guint32 e = eb > 0 ? g_rand_int_range (r, 0, eb) : 0;
  KgSymbol labels[] = { f->person, f->band, f->other };
  switch (g_rand_int_range (r, 0, 8))
    {
    case 0:
      {
        KgNodeId id = kg_graph_add_node (f->g);
        kg_graph_node_add_label (f->g, id, labels[g_rand_int_range (r, 0, 3)]);
        set_random (f, r, FALSE, id);
        break;
      }
    case 1:
    case 2:
      if (kg_graph_node_exists (f->g, n))
        set_random (f, r, FALSE, n);
      break;
    case 3:
      if (kg_graph_node_exists (f->g, n))
        kg_graph_node_add_label (f->g, n, labels[g_rand_int_range (r, 0, 3)]);
      break;
    case 4:
      if (kg_graph_node_exists (f->g, n))
        kg_graph_node_remove_label (f->g, n, labels[g_rand_int_range (r, 0, 3)]);
      break;
    case 5:
      if (kg_graph_node_exists (f->g, n) && g_rand_int_range (r, 0, 4) == 0)
        kg_graph_delete_node (f->g, n, TRUE, NULL);
      break;
    case 6:
      {
        guint32 m = nb > 0 ? g_rand_int_range (r, 0, nb) : 0;
        if (kg_graph_node_exists (f->g, n) && kg_graph_node_exists (f->g, m))
          set_random (f, r, TRUE, kg_graph_add_edge (f->g, n, m, f->says));
        break;
      }
    case 7:
      if (kg_graph_edge_exists (f->g, e))
        {
          if (g_rand_boolean (r))
            kg_graph_delete_edge (f->g, e);
          else
            set_random (f, r, TRUE, e);
        }
      break;
    }
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->g = kg_graph_new ();
  f->person = kg_graph_intern (f->g, KG_SYM_LABEL, "Person");
  f->band = kg_graph_intern (f->g, KG_SYM_LABEL, "Band");
  f->other = kg_graph_intern (f->g, KG_SYM_LABEL, "Other");
  f->says = kg_graph_intern (f->g, KG_SYM_TYPE, "SAYS");
  f->name = kg_graph_intern (f->g, KG_SYM_KEY, "name");
  f->aliases = kg_graph_intern (f->g, KG_SYM_KEY, "aliases");
  f->evidence = kg_graph_intern (f->g, KG_SYM_KEY, "evidence");
  GRand *r = g_rand_new_with_seed (1);
  for (int i = 0; i < 60; i++)
    random_write (f, r);
  g_rand_free (r);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kg_graph_free (f->g);
}

static void
create (Fixture *f, KgGraph *g, const char *nodes, const char *rels)
{
  KgSymbol labels[] = { f->person, f->band }, keys[] = { f->name, f->aliases };
  if (nodes != NULL)
    g_assert_true (kg_graph_create_fulltext (g, nodes, FALSE, labels, 2, keys, 2, "english", NULL));
  if (rels != NULL)
    g_assert_true (kg_graph_create_fulltext (g, rels, TRUE, &f->says, 1, &f->evidence, 1, "english", NULL));
}

/* Every query's hits ("doc:score ...") in the index called @name. */
static char *
answers (KgGraph *g, const char *name)
{
  int at = kg_graph_fulltext_find (g, name);
  g_assert_cmpint (at, >=, 0);
  KgFulltextInfo info;
  kg_graph_fulltext_at (g, at, &info);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr (KgFtQuery) q = kg_ft_query_parse (queries[i], NULL, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (GArray) hits = kg_ft_index_search (info.index, q, NULL, &error);
      if (hits == NULL) /* name: and aliases: on the relationship index */
        {
          g_assert_error (error, KG_FT_ERROR, KG_FT_ERROR_FIELD);
          continue;
        }
      g_string_append_printf (s, "%s:", queries[i]);
      for (guint j = 0; j < hits->len; j++)
        g_string_append_printf (s, " %u:%.12g", g_array_index (hits, KgFtHit, j).doc, g_array_index (hits, KgFtHit, j).score);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* The kept indexes answer like fresh ones built now. */
static void
assert_fresh (Fixture *f, KgGraph *g)
{
  create (f, g, "fresh_nodes", "fresh_rels");
  g_autofree char *kept_n = answers (g, "nodes"), *fresh_n = answers (g, "fresh_nodes");
  g_autofree char *kept_r = answers (g, "rels"), *fresh_r = answers (g, "fresh_rels");
  g_assert_cmpstr (kept_n, ==, fresh_n);
  g_assert_cmpstr (kept_r, ==, fresh_r);
  if (g_test_verbose ())
    g_printerr ("%s%s", kept_n, kept_r);
  g_assert_true (kg_graph_drop_fulltext (g, "fresh_nodes"));
  g_assert_true (kg_graph_drop_fulltext (g, "fresh_rels"));
}

static void
test_maintained (Fixture *f, gconstpointer data)
{
  create (f, f->g, "nodes", "rels");
  GRand *r = g_rand_new_with_seed (2);
  for (int round = 0; round < 20; round++)
    {
      for (int i = 0; i < 30; i++)
        random_write (f, r);
      assert_fresh (f, f->g);
    }
  g_rand_free (r);
  g_assert_cmpuint (kg_graph_n_fulltext (f->g), ==, 2);
  g_assert_false (kg_graph_drop_fulltext (f->g, "missing"));
}

static void
test_rollback (Fixture *f, gconstpointer data)
{
  create (f, f->g, "nodes", "rels");
  g_autofree char *before_n = answers (f->g, "nodes"), *before_r = answers (f->g, "rels");
  GRand *r = g_rand_new_with_seed (3);
  for (int round = 0; round < 10; round++)
    {
      kg_graph_txn_begin (f->g);
      for (int i = 0; i < 40; i++)
        random_write (f, r);
      KgTxnMark mark = kg_graph_txn_mark (f->g);
      g_autofree char *mid = answers (f->g, "nodes");
      for (int i = 0; i < 40; i++)
        random_write (f, r);
      kg_graph_txn_rollback_to (f->g, &mark);
      g_autofree char *back = answers (f->g, "nodes");
      g_assert_cmpstr (back, ==, mid);
      kg_graph_txn_rollback (f->g);
      g_autofree char *after_n = answers (f->g, "nodes"), *after_r = answers (f->g, "rels");
      g_assert_cmpstr (after_n, ==, before_n);
      g_assert_cmpstr (after_r, ==, before_r);
    }
  g_rand_free (r);
  /* creating and dropping are undone too */
  kg_graph_txn_begin (f->g);
  g_assert_true (kg_graph_drop_fulltext (f->g, "nodes"));
  create (f, f->g, "more", NULL);
  kg_graph_txn_rollback (f->g);
  g_assert_cmpint (kg_graph_fulltext_find (f->g, "more"), <, 0);
  g_autofree char *again = answers (f->g, "nodes");
  g_assert_cmpstr (again, ==, before_n);
  assert_fresh (f, f->g);
}

static void
test_snapshot (Fixture *f, gconstpointer data)
{
  create (f, f->g, "nodes", "rels");
  g_autofree char *dir = g_dir_make_tmp ("kgq-ft-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "g.kgq", NULL);
  g_assert_true (kg_graph_save (f->g, path, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (KgGraph) copy = kg_graph_load (path, &error);
  g_assert_no_error (error);
  g_autofree char *a = answers (f->g, "nodes"), *b = answers (copy, "nodes");
  g_assert_cmpstr (a, ==, b);
  g_autofree char *c = answers (f->g, "rels"), *d = answers (copy, "rels");
  g_assert_cmpstr (c, ==, d);
  g_unlink (path);
  g_rmdir (dir);
}

/* A transaction's redo record, applied to a copy, creates, fills and drops alike. */
static void
test_redo (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("kgq-ft-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "g.kgq", NULL);
  g_assert_true (kg_graph_save (f->g, path, NULL));
  g_autoptr (KgGraph) copy = kg_graph_load (path, NULL);
  kg_graph_set_redo (f->g, TRUE);
  kg_graph_txn_begin (f->g);
  create (f, f->g, "nodes", "rels");
  create (f, f->g, "gone", NULL);
  GRand *r = g_rand_new_with_seed (4);
  for (int i = 0; i < 50; i++)
    random_write (f, r);
  g_rand_free (r);
  g_assert_true (kg_graph_drop_fulltext (f->g, "gone"));
  gsize len = 0;
  const guchar *redo = kg_graph_redo_data (f->g, &len);
  g_autoptr (GError) error = NULL;
  g_assert_true (kg_graph_redo_apply (copy, redo, len, &error));
  g_assert_no_error (error);
  kg_graph_txn_commit (f->g);
  g_assert_cmpint (kg_graph_fulltext_find (copy, "gone"), <, 0);
  g_autofree char *a = answers (f->g, "nodes"), *b = answers (copy, "nodes");
  g_assert_cmpstr (a, ==, b);
  g_autofree char *c = answers (f->g, "rels"), *d = answers (copy, "rels");
  g_assert_cmpstr (c, ==, d);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bad_language (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_assert_false (kg_graph_create_fulltext (f->g, "x", FALSE, &f->person, 1, &f->name, 1, "klingon", &error));
  g_assert_error (error, KG_FT_ERROR, KG_FT_ERROR_ANALYZER);
  g_assert_cmpuint (kg_graph_n_fulltext (f->g), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/graph-fulltext/maintained", Fixture, NULL, fixture_setup, test_maintained, fixture_teardown);
  g_test_add ("/graph-fulltext/rollback", Fixture, NULL, fixture_setup, test_rollback, fixture_teardown);
  g_test_add ("/graph-fulltext/snapshot", Fixture, NULL, fixture_setup, test_snapshot, fixture_teardown);
  g_test_add ("/graph-fulltext/redo", Fixture, NULL, fixture_setup, test_redo, fixture_teardown);
  g_test_add ("/graph-fulltext/bad-language", Fixture, NULL, fixture_setup, test_bad_language, fixture_teardown);
  return g_test_run ();
}
