/* tests/unit/test-fulltext.c — full-text search without a graph: analysis (words,
 * folding, acronyms, stemming), the query parser (accepted forms and rejected ones with
 * the character they name), and the index (add and remove, BM25 against the formula,
 * phrases, prefixes, wildcards, fuzzy terms, fields, boolean clauses, boosts). */
#include <math.h>
#include <string.h>

#include "fulltext/fulltext.h"

/* --- Analysis --------------------------------------------------------------------- */

static char *
analyze (const char *language, const char *text)
{
  g_autoptr (KgFtAnalyzer) a = kg_ft_analyzer_new (language, NULL);
  g_assert_nonnull (a);
  g_autoptr (GArray) tokens = kg_ft_tokens_new ();
  kg_ft_analyze (a, text, 0, tokens);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < tokens->len; i++)
    {
      const KgFtToken *t = &g_array_index (tokens, KgFtToken, i);
      g_string_append_printf (s, "%s%s@%u", i ? " " : "", t->term, t->pos);
    }
  return g_string_free (s, FALSE);
}

static void
test_analyze (void)
{
  static const struct
  {
    const char *language, *text, *tokens;
  } cases[] = {
    { "standard", "Angèle", "angele@0" },
    { "standard", "ANGELE angèle", "angele@0 angele@1" },
    { "standard", "H.E.R.", "her@0" },
    { "standard", "H.E.R", "her@0" },
    { "standard", "J.K. Rowling", "jk@0 rowling@1" },
    { "standard", "Dr. Dre", "dr@0 dre@1" },
    { "standard", "Dr.Dre", "dr@0 dre@1" },
    { "standard", "A.Smith", "a@0 smith@1" },
    { "standard", "Jean-Michel Jarre", "jean@0 michel@1 jarre@2" },
    { "standard", "3.5 m, 2,000 fans", "3.5@0 m@1 2,000@2 fans@3" },
    { "standard", "ﬁnal Straße", "final@0 strasse@1" },
    { "standard", "東京タワー", "東@0 京@1 タ@2 ワ@3 ー@4" },
    { "standard", "  ...  ", "" },
    { "english", "Red Hot Chili Peppers", "red@0 hot@1 chili@2 pepper@3" },
    { "english", "Cruise's motorcycle", "cruis@0 motorcycl@1" },
    { "english", "Drop It Like It’s Hot", "drop@0 it@1 like@2 it@3 hot@4" },
    { "english", "the Peppers' her", "the@0 pepper@1 her@2" },
    { "french", "chanteuses", "chanteux@0" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = analyze (cases[i].language, cases[i].text);
      g_assert_cmpstr (got, ==, cases[i].tokens);
    }
  g_autofree char *fold = kg_ft_fold ("Pépers*");
  g_assert_cmpstr (fold, ==, "pepers*");
  g_autoptr (GError) error = NULL;
  g_assert_null (kg_ft_analyzer_new ("klingon", &error));
  g_assert_error (error, KG_FT_ERROR, KG_FT_ERROR_ANALYZER);
  g_auto (GStrv) langs = kg_ft_languages ();
  g_assert_cmpstr (langs[0], ==, "standard");
  g_assert_true (g_strv_contains ((const char *const *) langs, "english"));
  /* invalid UTF-8 is replaced, not trusted */
  g_autofree char *bad = analyze ("standard", "ab\xff\xfe"
                                              "cd");
  g_assert_cmpstr (bad, ==, "ab@0 cd@1");
}

/* --- Queries ---------------------------------------------------------------------- */

static void
test_parse (void)
{
  static const struct
  {
    const char *query, *parsed;
  } cases[] = {
    { "bass", "bass" },
    { "chili pepers~", "(chili pepers~2)" },
    { "pepers~1 dre~0", "(pepers~1 dre~0)" },
    { "a AND b OR c", "((+a +b) c)" },
    { "a && !b || c", "((+a -b) c)" },
    { "+a -b c", "(+a -b c)" },
    { "NOT b", "(-b)" },
    { "name:bass^2", "name:bass^2" },
    { "name:(karen bass)", "name:(karen bass)" },
    { "\"red hot\" chili", "(\"red hot\" chili)" },
    { "pep* p?pper", "(pep* p?pper)" },
    { "jean-michel", "jean-michel" },
    { "a\\:b \\(c\\)", "(a:b (c))" },
    { "and or not", "(and or not)" },
    { "(a b)^0.5 c", "((a b)^0.5 c)" },
    { "\"karen bass\"~2", "\"karen bass\"~2" },
    { "\"karen bass\"~0^3", "\"karen bass\"^3" },
    { "[a TO c]", "[a TO c]" },
    { "name:{a TO c] x", "(name:{a TO c] x)" },
    { "[* TO \"m n\"}^2", "[* TO m n}^2" },
    { "[ bass TO * ]", "[bass TO *]" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KgFtQuery) q = kg_ft_query_parse (cases[i].query, NULL, &error);
      g_assert_no_error (error);
      g_autofree char *got = kg_ft_query_to_string (q);
      g_assert_cmpstr (got, ==, cases[i].parsed);
    }
}

static void
test_parse_errors (void)
{
  static const struct
  {
    const char *query;
    int code;
    const char *message;
  } cases[] = {
    { "", KG_FT_ERROR_SYNTAX, "at character 1: expected a term, a phrase or a group" },
    { "   ", KG_FT_ERROR_SYNTAX, "at character 4: expected a term, a phrase or a group" },
    { "(chili peppers", KG_FT_ERROR_SYNTAX, "at character 1: this '(' is not closed" },
    { "chili)", KG_FT_ERROR_SYNTAX, "at character 6: this ')' closes no group" },
    { "red \"hot", KG_FT_ERROR_SYNTAX, "at character 5: this phrase has no closing '\"'" },
    { "a AND", KG_FT_ERROR_SYNTAX, "at character 6: AND needs a clause on each side" },
    { "AND a", KG_FT_ERROR_SYNTAX, "at character 1: AND needs a clause on each side" },
    { "a OR OR b", KG_FT_ERROR_SYNTAX, "at character 6: OR needs a clause on each side" },
    { "a OR", KG_FT_ERROR_SYNTAX, "at character 5: OR needs a clause on each side" },
    { "NOT", KG_FT_ERROR_SYNTAX, "at character 4: the query ends where a term was expected" },
    { "bass~3", KG_FT_ERROR_SYNTAX, "at character 5: a fuzzy term allows 0, 1 or 2 edits (`word~1`)" },
    { "bass^x", KG_FT_ERROR_SYNTAX, "at character 5: a boost is `^` and a number from 0 to 1000000, as in `bass^2`" },
    { "name:", KG_FT_ERROR_SYNTAX, "at character 6: the query ends where a term was expected" },
    { "é ^", KG_FT_ERROR_SYNTAX, "at character 3: '^' cannot start a term (escape it with \\)" },
    { "a\\", KG_FT_ERROR_SYNTAX, "at character 2: a backslash must escape a character" },
    { "[a b]", KG_FT_ERROR_SYNTAX, "at character 4: a range is `[lower TO upper]` or `{lower TO upper}` (`*` for no bound), with TO in capitals" },
    { "x [a to b]", KG_FT_ERROR_SYNTAX, "at character 6: a range is `[lower TO upper]` or `{lower TO upper}` (`*` for no bound), with TO in capitals" },
    { "[a TO b", KG_FT_ERROR_SYNTAX, "at character 1: this range has no closing ']' or '}'" },
    { "[a TO", KG_FT_ERROR_SYNTAX, "at character 6: this range has no closing ']' or '}'" },
    { "[a TO (b)]", KG_FT_ERROR_SYNTAX, "at character 7: a range is `[lower TO upper]` or `{lower TO upper}` (`*` for no bound)" },
    { "/ba.s/", KG_FT_ERROR_UNSUPPORTED, "at character 1: regular-expression queries (/re/) are not supported" },
    { "\"a b\"~", KG_FT_ERROR_SYNTAX, "at character 6: a phrase's slop is `~` and a whole number up to 10000, as in `\"bass karen\"~2`" },
    { "\"a b\"~1.5", KG_FT_ERROR_SYNTAX, "at character 6: a phrase's slop is `~` and a whole number up to 10000, as in `\"bass karen\"~2`" },
    { "\"a b\"~99999", KG_FT_ERROR_SYNTAX, "at character 6: a phrase's slop is `~` and a whole number up to 10000, as in `\"bass karen\"~2`" },
    { "\xff", KG_FT_ERROR_SYNTAX, "the query is not valid UTF-8" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      guint at = 0;
      g_assert_null (kg_ft_query_parse (cases[i].query, &at, &error));
      g_assert_error (error, KG_FT_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      /* the character handed back is the one the message names */
      g_autofree char *named = g_strdup_printf ("at character %u:", at);
      g_assert_true (g_str_has_prefix (error->message, named) || strstr (error->message, "at character") == NULL);
    }
  /* deep nesting is refused, not recursed into */
  GString *deep = g_string_new (NULL);
  for (int i = 0; i < 10000; i++)
    g_string_append (deep, "(!");
  g_autoptr (GError) error = NULL;
  g_assert_null (kg_ft_query_parse (deep->str, NULL, &error));
  g_assert_error (error, KG_FT_ERROR, KG_FT_ERROR_SYNTAX);
  g_string_free (deep, TRUE);
}

/* --- The index -------------------------------------------------------------------- */

typedef struct
{
  KgFtIndex *idx;
} Fixture;

static void
add_str (KgFtIndex *idx, guint32 doc, guint field, const char *s)
{
  KgValue v = kg_value_string (s);
  kg_ft_index_add (idx, doc, field, &v);
  kg_value_clear (&v);
}

static void
add_list (KgFtIndex *idx, guint32 doc, guint field, const char *const *items)
{
  KgList *l = kg_list_new (4);
  for (guint i = 0; items[i]; i++)
    {
      KgValue v = kg_value_string (items[i]);
      kg_list_append (l, &v);
    }
  KgValue v = kg_value_list (l);
  kg_ft_index_add (idx, doc, field, &v);
  kg_value_clear (&v);
}

static const char *const names[] = {
  "Karen Bass",
  "Bass on showing LA's diversity",
  "H.E.R.",
  "Dr Dre",
  "Red Hot Chili Peppers",
  "Angèle",
  "Hot Dog Stand",
  "Bjørk Guðmundsdóttir",
};

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  const char *fields[] = { "name", "aliases" };
  f->idx = kg_ft_index_new (fields, 2, "english", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    add_str (f->idx, i, 0, names[i]);
  const char *bass[] = { "Bass", "Mayor Bass", "Mayor Karen Bass", NULL };
  const char *rhcp[] = { "RHCP", "Chili Peppers", "Red Hot Chilli Peppers", NULL };
  add_list (f->idx, 0, 1, bass);
  add_list (f->idx, 4, 1, rhcp);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kg_ft_index_free (f->idx);
}

/* "doc doc doc" in score order. */
static char *
search (KgFtIndex *idx, const char *query)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KgFtQuery) q = kg_ft_query_parse (query, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (GArray) hits = kg_ft_index_search (idx, q, NULL, &error);
  g_assert_no_error (error);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < hits->len; i++)
    g_string_append_printf (s, "%s%u", i ? " " : "", g_array_index (hits, KgFtHit, i).doc);
  return g_string_free (s, FALSE);
}

static void
test_search (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *query, *docs;
  } cases[] = {
    { "bass", "0 1" },
    { "BASS", "0 1" },
    { "her", "2" },
    { "dre", "3" },
    { "angele", "5" },
    { "ANGÈLE", "5" },
    { "chili pepers~", "4" },
    { "chili pepers~0", "4" },
    { "pepers~0", "" },
    { "peppers", "4" },
    { "pep*", "4" },
    { "p?pper", "4" },
    { "hot", "4 6" },
    { "\"red hot\"", "4" },
    { "\"hot red\"", "" },
    { "\"chili peppers red\"", "" },
    { "hot AND chili", "4" },
    { "hot -chili", "6" },
    { "hot AND NOT chili", "6" },
    { "+hot dog", "6 4" },
    { "NOT hot", "" },
    { "name:mayor", "" },
    { "aliases:mayor", "0" },
    { "aliases:(rhcp OR mayor)", "0 4" },
    { "bass^0.01 dre", "3 0 1" },
    { "showing diversity", "1" },
    { "la's", "1" },
    /* edits count characters: ø is two bytes but one edit from o */
    { "bjork~1", "7" },
    { "gudmundsdottir~1", "7" },
    /* phrase slop: moves needed (a swap is two), in either order */
    { "\"karen bass\"~0", "0" },
    { "\"bass karen\"~1", "" },
    { "\"bass karen\"~2", "0" },
    { "\"red peppers\"~1", "" },
    { "\"red peppers\"~2", "4" },
    { "\"peppers red\"~4", "4" },
    { "\"peppers red\"~3", "" },
    { "\"chili chili\"~5", "" },
    /* ranges over the indexed (folded, stemmed) words */
    { "[dre TO dre]", "3" },
    { "{dre TO dre]", "" },
    { "[dog TO dre]", "3 6" },
    { "[dog TO dr}", "6" },
    { "name:[gu TO gv]", "7" },
    { "[s TO *]", "6 1" },
    { "[* TO angel]", "5" },
    { "[DOG TO DRE] -stand", "3" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = search (f->idx, cases[i].query);
      if (g_test_verbose () || strcmp (got, cases[i].docs) != 0)
        g_printerr ("%s -> %s\n", cases[i].query, got);
      g_assert_cmpstr (got, ==, cases[i].docs);
    }
  g_autofree char *all = search (f->idx, "*");
  g_assert_cmpuint (strlen (all), ==, 15); /* all eight documents */
  g_autoptr (GError) error = NULL;
  g_autoptr (KgFtQuery) q = kg_ft_query_parse ("dre name:x OR nick:dre", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kg_ft_index_search (f->idx, q, NULL, &error));
  g_assert_error (error, KG_FT_ERROR, KG_FT_ERROR_FIELD);
  g_assert_cmpstr (error->message, ==, "at character 15: the index has no field `nick` (it has name, aliases)");
}

/* The score of 'dre' on "Dr Dre" is BM25 worked out by hand. */
static void
test_bm25 (Fixture *f, gconstpointer data)
{
  g_autoptr (KgFtQuery) q = kg_ft_query_parse ("dre", NULL, NULL);
  g_autoptr (GArray) hits = kg_ft_index_search (f->idx, q, NULL, NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  /* name: 8 documents, 2+5+1+2+4+1+3+2 = 20 tokens; "dre" in one, a name of 2 tokens */
  double n = 8, df = 1, dl = 2, avgdl = 20.0 / 8, tf = 1;
  double idf = log (1 + (n - df + 0.5) / (df + 0.5));
  double want = idf * tf / (tf + KG_FT_BM25_K1 * (1 - KG_FT_BM25_B + KG_FT_BM25_B * dl / avgdl));
  g_assert_cmpfloat_with_epsilon (g_array_index (hits, KgFtHit, 0).score, want, 1e-12);
}

static void
test_remove (Fixture *f, gconstpointer data)
{
  guint terms = kg_ft_index_n_terms (f->idx);
  g_assert_cmpuint (kg_ft_index_n_docs (f->idx), ==, 8);
  KgValue v = kg_value_string ("Dr Dre");
  kg_ft_index_remove (f->idx, 3, 0, &v);
  g_autofree char *none = search (f->idx, "dre");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpuint (kg_ft_index_n_docs (f->idx), ==, 7);
  g_assert_cmpuint (kg_ft_index_n_terms (f->idx), ==, terms - 2);
  kg_ft_index_add (f->idx, 3, 0, &v);
  kg_value_clear (&v);
  g_autofree char *back = search (f->idx, "dre");
  g_assert_cmpstr (back, ==, "3");
  /* a value without words is not a document of the field */
  add_str (f->idx, 9, 0, " -- ");
  KgValue empty = kg_value_string (" -- ");
  kg_ft_index_remove (f->idx, 9, 0, &empty);
  kg_value_clear (&empty);
  g_assert_cmpuint (kg_ft_index_n_docs (f->idx), ==, 8);
  g_assert_cmpuint (kg_ft_index_n_terms (f->idx), ==, terms);
  g_assert_cmpuint (kg_ft_index_memory_size (f->idx), >, 0);
}

/* Documents added out of order, then all removed, leave an empty index. */
static void
test_churn (void)
{
  const char *fields[] = { "t" };
  g_autoptr (KgFtIndex) idx = kg_ft_index_new (fields, 1, "english", NULL);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GRand *r = g_rand_new_with_seed (7);
  for (guint i = 0; i < 300; i++)
    {
      GString *s = g_string_new (NULL);
      for (int w = g_rand_int_range (r, 1, 8); w > 0; w--)
        g_string_append_printf (s, "w%d ", g_rand_int_range (r, 0, 40));
      g_ptr_array_add (texts, g_string_free (s, FALSE));
    }
  for (guint i = 0; i < 300; i++)
    add_str (idx, (i * 7919) % 300, 0, texts->pdata[(i * 7919) % 300]);
  g_autofree char *all = search (idx, "w*");
  g_auto (GStrv) docs = g_strsplit (all, " ", -1);
  g_assert_cmpuint (g_strv_length (docs), ==, 300);
  for (guint i = 0; i < 300; i++)
    {
      KgValue v = kg_value_string (texts->pdata[i]);
      kg_ft_index_remove (idx, i, 0, &v);
      kg_value_clear (&v);
    }
  g_assert_cmpuint (kg_ft_index_n_docs (idx), ==, 0);
  g_assert_cmpuint (kg_ft_index_n_terms (idx), ==, 0);
  g_rand_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fulltext/analyze", test_analyze);
  g_test_add_func ("/fulltext/parse", test_parse);
  g_test_add_func ("/fulltext/parse-errors", test_parse_errors);
  g_test_add ("/fulltext/search", Fixture, NULL, fixture_setup, test_search, fixture_teardown);
  g_test_add ("/fulltext/bm25", Fixture, NULL, fixture_setup, test_bm25, fixture_teardown);
  g_test_add ("/fulltext/remove", Fixture, NULL, fixture_setup, test_remove, fixture_teardown);
  g_test_add_func ("/fulltext/churn", test_churn);
  return g_test_run ();
}
