/* tests/unit/test-journal.c — the redo journal beside a snapshot: changes recorded per
 * transaction (rolled-back ones leave nothing), replay onto the snapshot, a torn tail
 * ignored and cut off, a journal of another snapshot ignored, checkpoints, malformed
 * records refused without changing the graph. The crash test with a real kill -9 is
 * tests/robustness/journal-crash.sh. */
#include <string.h>

#include <glib/gstdio.h>

#include "graph/graph.h"
#include "graph/journal.h"

#include "common/error.h"

typedef struct
{
  char *dir;
  char *snap;
  char *jpath;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("kgq-journal-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->snap = g_build_filename (f->dir, "g.kgq", NULL);
  f->jpath = g_strconcat (f->snap, ".journal", NULL);
  g_autoptr (KgGraph) g = kg_graph_new ();
  KgNodeId n = kg_graph_add_node (g);
  kg_graph_node_add_label (g, n, kg_graph_intern (g, KG_SYM_LABEL, "Base"));
  g_assert_true (kg_graph_save (g, f->snap, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *lock = g_strconcat (f->snap, ".lock", NULL);
  g_unlink (lock);
  g_unlink (f->jpath);
  g_unlink (f->snap);
  g_rmdir (f->dir);
  g_free (f->jpath);
  g_free (f->snap);
  g_free (f->dir);
}

/* Loads the snapshot and its journal. */
static KgGraph *
open_graph (Fixture *f, KgJournal **journal, guint *replayed)
{
  GError *error = NULL;
  KgGraph *g = kg_graph_load (f->snap, &error);
  g_assert_no_error (error);
  KgJournal *j = kg_journal_open (f->jpath, f->snap, g, replayed, &error);
  g_assert_no_error (error);
  kg_graph_set_redo (g, TRUE);
  if (journal)
    *journal = j;
  else
    kg_journal_free (j);
  return g;
}

static void
commit (KgGraph *g, KgJournal *j)
{
  gsize len = 0;
  const guchar *data = kg_graph_redo_data (g, &len);
  GError *error = NULL;
  g_assert_true (kg_journal_append (j, data, len, &error));
  g_assert_no_error (error);
  kg_graph_txn_commit (g);
}

/* One statement of each kind of change, one rolled back. */
static void
write_some (KgGraph *g, KgJournal *j)
{
  KgSymbol person = kg_graph_intern (g, KG_SYM_LABEL, "Person");
  KgSymbol name = kg_graph_intern (g, KG_SYM_KEY, "name");
  KgSymbol knows = kg_graph_intern (g, KG_SYM_TYPE, "KNOWS");

  kg_graph_txn_begin (g);
  KgNodeId a = kg_graph_add_node (g), b = kg_graph_add_node (g);
  kg_graph_node_add_label (g, a, person);
  KgValue v = kg_value_string ("Ann");
  kg_graph_node_set_prop (g, a, name, &v);
  kg_value_clear (&v);
  KgList *list = kg_list_new (2);
  KgValue one = kg_value_int (1), half = kg_value_float (0.5);
  kg_list_append (list, &one);
  kg_list_append (list, &half);
  v = kg_value_list (list);
  KgEdgeId e = kg_graph_add_edge (g, a, b, knows);
  kg_graph_edge_set_prop (g, e, name, &v);
  kg_value_clear (&v);
  kg_graph_create_index (g, person, name);
  commit (g, j);

  kg_graph_txn_begin (g); /* rolled back: never journalled */
  kg_graph_add_node (g);
  kg_graph_delete_node (g, a, TRUE, NULL);
  kg_graph_txn_rollback (g);
  gsize len = 1;
  kg_graph_redo_data (g, &len);
  g_assert_cmpuint (len, ==, 0);

  kg_graph_txn_begin (g);
  kg_graph_delete_node (g, b, TRUE, NULL);
  kg_graph_node_remove_label (g, 0, kg_graph_intern (g, KG_SYM_LABEL, "Base"));
  commit (g, j);
}

static void
check_written (KgGraph *g)
{
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 2);
  g_assert_cmpuint (kg_graph_node_bound (g), ==, 3);
  g_assert_cmpuint (kg_graph_n_edges (g), ==, 0);
  g_assert_cmpuint (kg_graph_edge_bound (g), ==, 1);
  KgSymbol person = kg_graph_lookup (g, KG_SYM_LABEL, "Person");
  KgSymbol name = kg_graph_lookup (g, KG_SYM_KEY, "name");
  g_assert_true (kg_graph_node_has_label (g, 1, person));
  g_assert_false (kg_graph_node_has_label (g, 0, kg_graph_lookup (g, KG_SYM_LABEL, "Base")));
  g_assert_cmpstr (kg_graph_node_prop (g, 1, name)->u.s, ==, "Ann");
  g_assert_true (kg_graph_has_index (g, person, name));
}

static void
test_replay (Fixture *f, gconstpointer data)
{
  KgJournal *j = NULL;
  guint replayed = 99;
  KgGraph *g = open_graph (f, &j, &replayed);
  g_assert_cmpuint (replayed, ==, 0);
  write_some (g, j);
  check_written (g);
  kg_journal_free (j);
  kg_graph_free (g);

  g = open_graph (f, NULL, &replayed);
  g_assert_cmpuint (replayed, ==, 2);
  check_written (g);
  kg_graph_free (g);
}

static void
test_torn_tail (Fixture *f, gconstpointer data)
{
  KgJournal *j = NULL;
  KgGraph *g = open_graph (f, &j, NULL);
  write_some (g, j);
  kg_journal_free (j);
  kg_graph_free (g);

  /* Cut the last record short: only the first statement survives. */
  g_autofree char *bytes = NULL;
  gsize size = 0;
  g_assert_true (g_file_get_contents (f->jpath, &bytes, &size, NULL));
  g_assert_true (g_file_set_contents (f->jpath, bytes, size - 3, NULL));
  guint replayed = 0;
  g = open_graph (f, &j, &replayed);
  g_assert_cmpuint (replayed, ==, 1);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 3);

  /* The next append cuts the torn record off. */
  kg_graph_txn_begin (g);
  kg_graph_add_node (g);
  commit (g, j);
  kg_journal_free (j);
  kg_graph_free (g);
  g = open_graph (f, NULL, &replayed);
  g_assert_cmpuint (replayed, ==, 2);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 4);
  kg_graph_free (g);

  /* A flipped bit in the last record: ignored like a torn tail. */
  g_clear_pointer (&bytes, g_free);
  g_assert_true (g_file_get_contents (f->jpath, &bytes, &size, NULL));
  bytes[size - 1] ^= 1;
  g_assert_true (g_file_set_contents (f->jpath, bytes, size, NULL));
  g = open_graph (f, NULL, &replayed);
  g_assert_cmpuint (replayed, ==, 1);
  kg_graph_free (g);
}

static void
test_checkpoint (Fixture *f, gconstpointer data)
{
  KgJournal *j = NULL;
  KgGraph *g = open_graph (f, &j, NULL);
  write_some (g, j);
  g_autofree char *old = NULL;
  gsize old_size = 0;
  g_assert_true (g_file_get_contents (f->jpath, &old, &old_size, NULL));
  GError *error = NULL;
  g_assert_true (kg_journal_checkpoint (j, g, &error));
  g_assert_no_error (error);
  kg_journal_free (j);
  kg_graph_free (g);

  guint replayed = 99;
  g = open_graph (f, NULL, &replayed);
  g_assert_cmpuint (replayed, ==, 0);
  check_written (g);
  kg_graph_free (g);

  /* A crash after the new snapshot but before the new journal: the old journal names
   * the old snapshot and is ignored. */
  g_assert_true (g_file_set_contents (f->jpath, old, old_size, NULL));
  g = open_graph (f, NULL, &replayed);
  g_assert_cmpuint (replayed, ==, 0);
  check_written (g);
  kg_graph_free (g);
}

static void
test_bad_record (Fixture *f, gconstpointer data)
{
  g_autoptr (KgGraph) g = kg_graph_new ();
  static const guchar bad[][8] = {
    { 'N', 5, 0, 0, 0 }, /* a node id that is not next */
    { 'n', 9, 0, 0, 0 }, /* deleting a node that does not exist */
    { 'Z' },             /* no such change */
    { 'P', 0, 0, 0 },    /* cut short */
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GError *error = NULL;
      g_assert_false (kg_graph_redo_apply (g, bad[i], i == 2 ? 1 : (i == 3 ? 4 : 5), &error));
      g_assert_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT);
      g_error_free (error);
      g_assert_cmpuint (kg_graph_node_bound (g), ==, 0);
    }
  /* A good change followed by a bad one: all or nothing. */
  static const guchar half[] = { 'N', 0, 0, 0, 0, 'N', 7, 0, 0, 0 };
  g_assert_false (kg_graph_redo_apply (g, half, sizeof half, NULL));
  g_assert_cmpuint (kg_graph_node_bound (g), ==, 0);
}

/* Two sessions on one snapshot: the second cannot write while the first holds the
 * journal, nor after the first changed it under the second. */
static void
test_two_writers (Fixture *f, gconstpointer data)
{
  KgJournal *j1 = NULL, *j2 = NULL;
  KgGraph *g1 = open_graph (f, &j1, NULL);
  KgGraph *g2 = open_graph (f, &j2, NULL);
  kg_graph_txn_begin (g1);
  kg_graph_add_node (g1);
  commit (g1, j1);

  kg_graph_txn_begin (g2);
  kg_graph_add_node (g2);
  gsize len = 0;
  const guchar *redo = kg_graph_redo_data (g2, &len);
  GError *error = NULL;
  g_assert_false (kg_journal_append (j2, redo, len, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_AGAIN);
  g_clear_error (&error);
  kg_journal_free (j1); /* releases the lock; the journal still changed under j2 */
  g_assert_false (kg_journal_append (j2, redo, len, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_AGAIN);
  g_clear_error (&error);
  kg_graph_txn_rollback (g2);
  kg_journal_free (j2);
  kg_graph_free (g1);
  kg_graph_free (g2);

  guint replayed = 0;
  KgGraph *g = open_graph (f, NULL, &replayed);
  g_assert_cmpuint (replayed, ==, 1);
  g_assert_cmpuint (kg_graph_n_nodes (g), ==, 2);
  kg_graph_free (g);
}

/* Constraints: created and dropped in transactions (a rollback undoes either), checked
 * on what a transaction touched, replayed from the journal and kept in snapshots. */
static void
test_constraints (Fixture *f, gconstpointer data)
{
  KgJournal *j = NULL;
  KgGraph *g = open_graph (f, &j, NULL);
  KgSymbol person = kg_graph_intern (g, KG_SYM_LABEL, "Person");
  KgSymbol name = kg_graph_intern (g, KG_SYM_KEY, "name");
  KgConstraint unique = { .name = "person_name", .kind = KG_CONSTRAINT_UNIQUE, .target = person, .n_keys = 1, .keys = { name } };
  GError *error = NULL;

  kg_graph_txn_begin (g);
  g_assert_true (kg_graph_add_constraint (g, &unique, NULL, NULL, &error));
  g_assert_no_error (error);
  kg_graph_txn_rollback (g);
  g_assert_cmpuint (kg_graph_n_constraints (g), ==, 0);
  g_assert_false (kg_graph_has_index (g, person, name));

  kg_graph_txn_begin (g);
  g_assert_true (kg_graph_add_constraint (g, &unique, NULL, NULL, &error));
  g_assert_true (kg_graph_has_index (g, person, name));
  commit (g, j);

  /* two nodes with one name: refused, and rolled back by the caller */
  kg_graph_txn_begin (g);
  KgTxnMark start = kg_graph_txn_mark (g);
  KgValue alice = kg_value_string ("Alice");
  for (int i = 0; i < 2; i++)
    {
      KgNodeId n = kg_graph_add_node (g);
      kg_graph_node_add_label (g, n, person);
      kg_graph_node_set_prop (g, n, name, &alice);
      if (i == 0)
        {
          g_assert_true (kg_graph_check_constraints (g, &start, NULL, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_false (kg_graph_check_constraints (g, &start, "t.cypher", &error));
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "constraint `person_name` failed"));
  g_clear_error (&error);
  kg_graph_txn_rollback_to (g, &start);
  commit (g, j);

  /* the drop, rolled back, then done */
  kg_graph_txn_begin (g);
  g_assert_true (kg_graph_drop_constraint (g, "person_name"));
  g_assert_false (kg_graph_has_index (g, person, name));
  kg_graph_txn_rollback (g);
  g_assert_cmpint (kg_graph_constraint_find (g, "person_name"), ==, 0);
  g_assert_true (kg_graph_has_index (g, person, name));
  g_assert_true (kg_graph_constraint_at (g, 0)->owns_index);

  KgSymbol age = kg_graph_intern (g, KG_SYM_KEY, "age");
  KgConstraint typed = { .name = "age_int", .kind = KG_CONSTRAINT_TYPE, .target = person, .n_keys = 1, .keys = { age }, .types = 1u << KG_VALUE_INT | 1u << (KG_CONSTRAINT_LIST_SHIFT + KG_VALUE_STRING) };
  kg_graph_txn_begin (g);
  g_assert_true (kg_graph_add_constraint (g, &typed, NULL, NULL, &error));
  commit (g, j);
  kg_journal_free (j);
  kg_graph_free (g);

  /* the journal replays both */
  guint replayed = 0;
  g = open_graph (f, &j, &replayed);
  g_assert_cmpuint (replayed, ==, 2); /* the statement rolled back left an empty record out */
  g_assert_cmpuint (kg_graph_n_constraints (g), ==, 2);
  g_assert_true (kg_graph_has_index (g, person, name));
  const KgConstraint *c = kg_graph_constraint_at (g, kg_graph_constraint_find (g, "age_int"));
  g_autofree char *text = kg_constraint_type_text (c->types);
  g_assert_cmpstr (text, ==, "INTEGER | LIST<STRING NOT NULL>");

  /* and a snapshot keeps them */
  g_assert_true (kg_journal_checkpoint (j, g, &error));
  g_assert_no_error (error);
  kg_journal_free (j);
  kg_graph_free (g);
  g = kg_graph_load (f->snap, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kg_graph_n_constraints (g), ==, 2);
  c = kg_graph_constraint_at (g, kg_graph_constraint_find (g, "person_name"));
  g_assert_cmpint (c->kind, ==, KG_CONSTRAINT_UNIQUE);
  g_assert_true (c->owns_index);
  g_assert_true (kg_graph_has_index (g, person, name));

  /* a node added outside a transaction (a bulk load) is checked by id */
  guint32 from = kg_graph_node_bound (g);
  KgNodeId n = kg_graph_add_node (g);
  kg_graph_node_add_label (g, n, person);
  KgValue bad = kg_value_string ("x");
  kg_graph_node_set_prop (g, n, age, &bad);
  g_assert_false (kg_graph_check_constraints_from (g, from, kg_graph_edge_bound (g), "data.jsonl", &error));
  g_assert_error (error, KG_QUERY_ERROR, KG_QUERY_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "age_int"));
  g_clear_error (&error);
  kg_value_clear (&bad);
  kg_value_clear (&alice);
  kg_graph_free (g);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/journal/replay", Fixture, NULL, fixture_set_up, test_replay, fixture_tear_down);
  g_test_add ("/journal/torn-tail", Fixture, NULL, fixture_set_up, test_torn_tail, fixture_tear_down);
  g_test_add ("/journal/checkpoint", Fixture, NULL, fixture_set_up, test_checkpoint, fixture_tear_down);
  g_test_add ("/journal/two-writers", Fixture, NULL, fixture_set_up, test_two_writers, fixture_tear_down);
  g_test_add ("/journal/bad-record", Fixture, NULL, fixture_set_up, test_bad_record, fixture_tear_down);
  g_test_add ("/journal/constraints", Fixture, NULL, fixture_set_up, test_constraints, fixture_tear_down);
  return g_test_run ();
}
