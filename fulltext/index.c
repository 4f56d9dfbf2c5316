/* fulltext/index.c — the inverted index and BM25 search.
 *
 * Terms live in a GTree (sorted, so a prefix is a range); each term holds its postings,
 * one per (document, field) it occurs in, sorted by document then field, with the
 * positions of the occurrences (one inline, more on the heap) and a document frequency
 * per field. Each field keeps the token count of every document (for BM25's length
 * normalisation), the number of documents with the field and their total length.
 * Adding a value appends postings when documents come in id order (a bulk build) and
 * inserts by binary search otherwise; removing analyses the old value again to find its
 * terms, so no per-document term list is kept.
 *
 * Scoring is Lucene's BM25 for each field a term occurs in:
 *   idf = ln (1 + (N - df + 0.5) / (df + 0.5)),  N = documents with the field,
 *   tfn = tf / (tf + k1 (1 - b + b dl / avgdl)),  k1 = 1.2, b = 0.75,
 *   score = boost · idf · tfn,
 * summed over fields (a term without `field:` is looked for in every field) and over
 * the clauses that match. A phrase scores its frequency with the sum of its terms'
 * idfs (a sloppy phrase's frequency sums 1 / (1 + distance) over its alignments);
 * prefix, wildcard, fuzzy and range terms score each document by its best expansion,
 * a fuzzy one weighted by 1 − edits / length. Lucene rounds document lengths to one
 * byte; kgq keeps them exact, so scores are close to Neo4j's, not equal.
 *
 * Not here: persistence, what a document is (the graph decides), concurrency control
 * (search only reads; writes need the index to themselves).
 */
#include "fulltext/fulltext-private.h"

#include <math.h>
#include <string.h>

#include "common/text.h"

#define MAX_TF G_MAXUINT16

typedef struct
{
  guint32 doc;
  guint16 field;
  guint16 tf;
  union
  {
    guint32 one;   /* tf == 1 */
    guint32 *many; /* tf > 1, sorted */
  } pos;
} Posting;

typedef struct
{
  char *text;
  GArray *postings; /* Posting, by (doc, field) */
  guint32 df[];     /* per field */
} Term;

typedef struct
{
  GArray *len; /* guint32 per document id: its tokens in this field (0: none) */
  guint32 n_docs;
  guint64 total;
} Field;

struct _KgFtIndex
{
  guint n_fields;
  char **fields;
  char *language;
  KgFtAnalyzer *analyzer; /* for writes; a search makes its own */
  GTree *terms;           /* text → Term * (the key is the term's own text) */
  Field *field;
  GArray *doc_fields; /* guint16 per document: how many fields have tokens */
  guint n_docs;
  gsize n_postings;
};

static inline const guint32 *
posting_positions (const Posting *p)
{
  return p->tf == 1 ? &p->pos.one : p->pos.many;
}

static void
posting_clear (gpointer p)
{
  Posting *post = p;
  if (post->tf > 1)
    g_free (post->pos.many);
}

static void
term_free (gpointer p)
{
  Term *t = p;
  g_array_unref (t->postings);
  g_free (t->text);
  g_free (t);
}

static gint
cmp_text (gconstpointer a, gconstpointer b, gpointer data)
{
  return strcmp (a, b);
}

KgFtIndex *
kg_ft_index_new (const char *const *fields, guint n_fields, const char *language, GError **error)
{
  g_return_val_if_fail (n_fields > 0 && n_fields <= G_MAXUINT16, NULL);
  KgFtAnalyzer *a = kg_ft_analyzer_new (language, error);
  if (a == NULL)
    return NULL;
  KgFtIndex *idx = g_new0 (KgFtIndex, 1);
  idx->n_fields = n_fields;
  idx->fields = g_new0 (char *, n_fields + 1);
  for (guint i = 0; i < n_fields; i++)
    idx->fields[i] = g_strdup (fields[i]);
  idx->language = g_strdup (language);
  idx->analyzer = a;
  idx->terms = g_tree_new_full (cmp_text, NULL, NULL, term_free);
  idx->field = g_new0 (Field, n_fields);
  for (guint i = 0; i < n_fields; i++)
    idx->field[i].len = g_array_new (FALSE, TRUE, sizeof (guint32));
  idx->doc_fields = g_array_new (FALSE, TRUE, sizeof (guint16));
  return idx;
}

void
kg_ft_index_free (KgFtIndex *idx)
{
  if (idx == NULL)
    return;
  g_tree_unref (idx->terms);
  for (guint i = 0; i < idx->n_fields; i++)
    g_array_unref (idx->field[i].len);
  g_free (idx->field);
  g_array_unref (idx->doc_fields);
  g_strfreev (idx->fields);
  g_free (idx->language);
  kg_ft_analyzer_free (idx->analyzer);
  g_free (idx);
}

guint
kg_ft_index_n_docs (const KgFtIndex *idx)
{
  return idx->n_docs;
}

guint
kg_ft_index_n_terms (const KgFtIndex *idx)
{
  return g_tree_nnodes (idx->terms);
}

gsize
kg_ft_index_memory_size (const KgFtIndex *idx)
{
  gsize s = sizeof *idx + idx->n_postings * sizeof (Posting);
  s += (gsize) g_tree_nnodes (idx->terms) * (sizeof (Term) + idx->n_fields * 4 + 16 + 5 * sizeof (gpointer));
  for (guint i = 0; i < idx->n_fields; i++)
    s += idx->field[i].len->len * sizeof (guint32);
  return s + idx->doc_fields->len * sizeof (guint16);
}

/* --- Writing ---------------------------------------------------------------------- */

/* Positions between the elements of a list, so a phrase never spans two aliases. */
#define LIST_GAP 100

static GArray *
analyze_value (KgFtAnalyzer *a, const KgValue *v)
{
  GArray *tokens = kg_ft_tokens_new ();
  if (v == NULL)
    return tokens;
  if (v->type == KG_VALUE_STRING)
    kg_ft_analyze (a, v->u.s, 0, tokens);
  else if (v->type == KG_VALUE_LIST)
    {
      guint32 pos = 0;
      for (guint i = 0; i < v->u.list->len; i++)
        if (v->u.list->items[i].type == KG_VALUE_STRING)
          pos = kg_ft_analyze (a, v->u.list->items[i].u.s, pos, tokens) + LIST_GAP;
    }
  return tokens;
}

static int
cmp_tokens (gconstpointer a, gconstpointer b)
{
  const KgFtToken *x = a, *y = b;
  int c = strcmp (x->term, y->term);
  return c != 0 ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* The position of (doc, field) in @postings, or where it would go (*@found FALSE). */
static guint
posting_find (const GArray *postings, guint32 doc, guint16 field, gboolean *found)
{
  guint lo = 0, hi = postings->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Posting *p = &g_array_index (postings, Posting, mid);
      if (p->doc < doc || (p->doc == doc && p->field < field))
        lo = mid + 1;
      else
        hi = mid;
    }
  *found = lo < postings->len && g_array_index (postings, Posting, lo).doc == doc &&
           g_array_index (postings, Posting, lo).field == field;
  return lo;
}

static guint32 *
doc_len_slot (Field *f, guint32 doc)
{
  if (doc >= f->len->len)
    g_array_set_size (f->len, MAX (doc + 1, f->len->len * 2));
  return &g_array_index (f->len, guint32, doc);
}

static void
doc_fields_add (KgFtIndex *idx, guint32 doc, int delta)
{
  if (doc >= idx->doc_fields->len)
    g_array_set_size (idx->doc_fields, MAX (doc + 1, idx->doc_fields->len * 2));
  guint16 *n = &g_array_index (idx->doc_fields, guint16, doc);
  if (*n == 0 && delta > 0)
    idx->n_docs++;
  *n += delta;
  if (*n == 0 && delta < 0)
    idx->n_docs--;
}

void
kg_ft_index_add (KgFtIndex *idx, guint32 doc, guint field, const KgValue *value)
{
  g_return_if_fail (idx != NULL && field < idx->n_fields);
  g_autoptr (GArray) tokens = analyze_value (idx->analyzer, value);
  if (tokens->len == 0)
    return;
  Field *f = &idx->field[field];
  guint32 *len = doc_len_slot (f, doc);
  g_return_if_fail (*len == 0);
  *len = tokens->len;
  f->n_docs++;
  f->total += tokens->len;
  doc_fields_add (idx, doc, +1);
  g_array_sort (tokens, cmp_tokens);
  for (guint i = 0; i < tokens->len;)
    {
      const KgFtToken *t = &g_array_index (tokens, KgFtToken, i);
      guint j = i + 1;
      while (j < tokens->len && strcmp (g_array_index (tokens, KgFtToken, j).term, t->term) == 0)
        j++;
      Term *term = g_tree_lookup (idx->terms, t->term);
      if (term == NULL)
        {
          term = g_malloc0 (sizeof (Term) + idx->n_fields * sizeof (guint32));
          term->text = g_strdup (t->term);
          term->postings = g_array_new (FALSE, FALSE, sizeof (Posting));
          g_array_set_clear_func (term->postings, posting_clear);
          g_tree_insert (idx->terms, term->text, term);
        }
      Posting p = { doc, (guint16) field, (guint16) MIN (j - i, MAX_TF), { 0 } };
      if (p.tf == 1)
        p.pos.one = t->pos;
      else
        {
          p.pos.many = g_new (guint32, p.tf);
          for (guint k = 0; k < p.tf; k++)
            p.pos.many[k] = g_array_index (tokens, KgFtToken, i + k).pos;
        }
      gboolean found;
      guint at = posting_find (term->postings, doc, (guint16) field, &found);
      g_assert (!found);
      g_array_insert_val (term->postings, at, p);
      term->df[field]++;
      idx->n_postings++;
      i = j;
    }
}

void
kg_ft_index_remove (KgFtIndex *idx, guint32 doc, guint field, const KgValue *value)
{
  g_return_if_fail (idx != NULL && field < idx->n_fields);
  Field *f = &idx->field[field];
  if (doc >= f->len->len || g_array_index (f->len, guint32, doc) == 0)
    return; /* the value had no tokens */
  g_autoptr (GArray) tokens = analyze_value (idx->analyzer, value);
  guint32 *len = &g_array_index (f->len, guint32, doc);
  g_return_if_fail (*len == tokens->len);
  f->n_docs--;
  f->total -= *len;
  *len = 0;
  doc_fields_add (idx, doc, -1);
  g_array_sort (tokens, cmp_tokens);
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *text = g_array_index (tokens, KgFtToken, i).term;
      if (i > 0 && strcmp (text, g_array_index (tokens, KgFtToken, i - 1).term) == 0)
        continue;
      Term *term = g_tree_lookup (idx->terms, text);
      g_return_if_fail (term != NULL);
      gboolean found;
      guint at = posting_find (term->postings, doc, (guint16) field, &found);
      g_return_if_fail (found);
      g_array_remove_index (term->postings, at);
      term->df[field]--;
      idx->n_postings--;
      if (term->postings->len == 0)
        g_tree_remove (idx->terms, text);
    }
}

/* --- Scored document lists -------------------------------------------------------- */

/* A search's state: the index, its own analyser, and the first error. */
typedef struct
{
  const KgFtIndex *idx;
  KgFtAnalyzer *analyzer;
  GError **error;
  guint at; /* the character (from 1) the error names */
} Search;

static GArray *
hits_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (KgFtHit));
}

static void
hit_add (GArray *hits, guint32 doc, double score)
{
  if (hits->len > 0 && g_array_index (hits, KgFtHit, hits->len - 1).doc == doc)
    g_array_index (hits, KgFtHit, hits->len - 1).score += score;
  else
    {
      KgFtHit h = { doc, score };
      g_array_append_val (hits, h);
    }
}

typedef enum
{
  MERGE_UNION,     /* documents in either, scores summed */
  MERGE_INTERSECT, /* documents in both, scores summed */
  MERGE_ADD,       /* documents of @a, plus the score of @b where it matches */
  MERGE_MINUS,     /* documents of @a not in @b */
} Merge;

/* Combines two doc-sorted lists (both consumed). */
static GArray *
merge (GArray *a, GArray *b, Merge how)
{
  GArray *out = hits_new ();
  guint i = 0, j = 0;
  while (i < a->len || j < b->len)
    {
      const KgFtHit *x = i < a->len ? &g_array_index (a, KgFtHit, i) : NULL;
      const KgFtHit *y = j < b->len ? &g_array_index (b, KgFtHit, j) : NULL;
      if (x != NULL && (y == NULL || x->doc < y->doc))
        {
          if (how != MERGE_INTERSECT)
            g_array_append_val (out, *x);
          i++;
        }
      else if (x == NULL || y->doc < x->doc)
        {
          if (how == MERGE_UNION)
            g_array_append_val (out, *y);
          j++;
        }
      else
        {
          if (how != MERGE_MINUS)
            {
              KgFtHit h = { x->doc, x->score + y->score };
              g_array_append_val (out, h);
            }
          i++, j++;
        }
    }
  g_array_unref (a);
  g_array_unref (b);
  return out;
}

static double
idf (const KgFtIndex *idx, const Term *t, guint field)
{
  double n = idx->field[field].n_docs, df = t->df[field];
  return log (1 + (n - df + 0.5) / (df + 0.5));
}

static double
tf_norm (const KgFtIndex *idx, guint field, guint32 doc, double tf)
{
  const Field *f = &idx->field[field];
  double avgdl = f->n_docs > 0 ? (double) f->total / f->n_docs : 1;
  double dl = g_array_index (f->len, guint32, doc);
  return tf / (tf + KG_FT_BM25_K1 * (1 - KG_FT_BM25_B + KG_FT_BM25_B * dl / avgdl));
}

/* The field number @q names, -1 for all fields, or -2 with the error set. */
static int
field_of (Search *s, const KgFtQuery *q)
{
  if (q->field == NULL)
    return -1;
  for (guint i = 0; i < s->idx->n_fields; i++)
    if (strcmp (s->idx->fields[i], q->field) == 0)
      return (int) i;
  if (s->error != NULL && *s->error == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", s->idx->fields);
      s->at = q->offset + 1;
      g_set_error (s->error, KG_FT_ERROR, KG_FT_ERROR_FIELD, "at character %u: the index has no field `%s` (it has %s)",
                   q->offset + 1, q->field, known);
    }
  return -2;
}

static GArray *
term_hits (const KgFtIndex *idx, const Term *t, int field, double weight)
{
  GArray *hits = hits_new ();
  if (t == NULL)
    return hits;
  for (guint i = 0; i < t->postings->len; i++)
    {
      const Posting *p = &g_array_index (t->postings, Posting, i);
      if (field >= 0 && p->field != field)
        continue;
      hit_add (hits, p->doc, weight * idf (idx, t, p->field) * tf_norm (idx, p->field, p->doc, p->tf));
    }
  return hits;
}

static gboolean
has_position (const Posting *p, guint32 pos)
{
  const guint32 *v = posting_positions (p);
  guint lo = 0, hi = p->tf;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (v[mid] < pos)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < p->tf && v[lo] == pos;
}

/* How often the phrase occurs in one (document, field) within @slop position moves:
 * each alignment of its words (one occurrence of each, the same word twice never at
 * one position) whose offsets from where the phrase has them span d ≤ @slop positions
 * counts 1 / (1 + d), Lucene's sloppy frequency. The lists of offsets are swept
 * together, always moving on the one that lags, so each list is read once. */
static double
sloppy_freq (const Posting *const *at, const Term *const *terms, const KgFtToken *tok, guint n, guint slop)
{
  g_autofree guint *k = g_new0 (guint, n);
  double freq = 0;
  for (;;)
    {
      gint64 lo = G_MAXINT64, hi = G_MININT64;
      guint lag = 0;
      for (guint i = 0; i < n; i++)
        {
          gint64 off = (gint64) posting_positions (at[i])[k[i]] - (tok[i].pos - tok[0].pos);
          if (off < lo)
            lo = off, lag = i;
          hi = MAX (hi, off);
        }
      if (hi - lo <= slop)
        {
          gboolean distinct = TRUE;
          for (guint i = 0; i < n && distinct; i++)
            for (guint j = i + 1; j < n && distinct; j++)
              distinct = terms[i] != terms[j] || posting_positions (at[i])[k[i]] != posting_positions (at[j])[k[j]];
          if (distinct)
            freq += 1.0 / (1.0 + (double) (hi - lo));
        }
      if (++k[lag] >= at[lag]->tf)
        return freq;
    }
}

/* Documents where the @tokens occur at their relative positions in one field, or
 * within @slop moves of them. */
static GArray *
phrase_hits (const KgFtIndex *idx, GArray *tokens, int field, double weight, guint slop)
{
  GArray *hits = hits_new ();
  guint n = tokens->len;
  g_autofree const Term **terms = g_new (const Term *, n);
  for (guint i = 0; i < n; i++)
    if ((terms[i] = g_tree_lookup (idx->terms, g_array_index (tokens, KgFtToken, i).term)) == NULL)
      return hits;
  g_autofree const Posting **at = g_new (const Posting *, n);
  const KgFtToken *tok = (const KgFtToken *) tokens->data;
  for (guint k = 0; k < terms[0]->postings->len; k++)
    {
      const Posting *p0 = &g_array_index (terms[0]->postings, Posting, k);
      if (field >= 0 && p0->field != field)
        continue;
      gboolean all = TRUE;
      at[0] = p0;
      for (guint i = 1; i < n && all; i++)
        {
          gboolean found;
          guint j = posting_find (terms[i]->postings, p0->doc, p0->field, &found);
          all = found;
          at[i] = found ? &g_array_index (terms[i]->postings, Posting, j) : NULL;
        }
      if (!all)
        continue;
      double freq = 0;
      if (slop > 0)
        freq = sloppy_freq (at, terms, tok, n, slop);
      else
        {
          const guint32 *pos0 = posting_positions (p0);
          for (guint q = 0; q < p0->tf; q++)
            {
              gboolean match = TRUE;
              for (guint i = 1; i < n && match; i++)
                {
                  gint64 want = (gint64) pos0[q] + tok[i].pos - tok[0].pos;
                  match = want >= 0 && want <= G_MAXUINT32 && has_position (at[i], (guint32) want);
                }
              freq += match;
            }
        }
      if (freq == 0)
        continue;
      double sum_idf = 0;
      for (guint i = 0; i < n; i++)
        sum_idf += idf (idx, terms[i], p0->field);
      hit_add (hits, p0->doc, weight * sum_idf * tf_norm (idx, p0->field, p0->doc, freq));
    }
  return hits;
}

/* The best score per document over several expansions of one term. */
typedef struct
{
  GHashTable *best; /* doc → double * */
} Expansion;

static void
expansion_add (Expansion *e, GArray *hits)
{
  for (guint i = 0; i < hits->len; i++)
    {
      const KgFtHit *h = &g_array_index (hits, KgFtHit, i);
      double *b = g_hash_table_lookup (e->best, GUINT_TO_POINTER (h->doc + 1));
      if (b == NULL)
        {
          b = g_new (double, 1);
          *b = h->score;
          g_hash_table_insert (e->best, GUINT_TO_POINTER (h->doc + 1), b);
        }
      else if (h->score > *b)
        *b = h->score;
    }
  g_array_unref (hits);
}

static int
cmp_doc (gconstpointer a, gconstpointer b)
{
  guint32 x = ((const KgFtHit *) a)->doc, y = ((const KgFtHit *) b)->doc;
  return (x > y) - (x < y);
}

static GArray *
expansion_finish (Expansion *e)
{
  GArray *hits = hits_new ();
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, e->best);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      KgFtHit h = { GPOINTER_TO_UINT (k) - 1, *(double *) v };
      g_array_append_val (hits, h);
    }
  g_hash_table_unref (e->best);
  g_array_sort (hits, cmp_doc);
  return hits;
}

typedef struct
{
  Search *s;
  const KgFtQuery *q;
  int field;
  Expansion *e;
  const char *folded;
  const char *stemmed;
  const char *upper; /* FT_RANGE: the folded upper bound (NULL: open) */
  GPatternSpec *pattern;
  glong len;
} Expand;

static gboolean
expand_one (gpointer key, gpointer value, gpointer data)
{
  Expand *x = data;
  const Term *t = value;
  double weight = x->q->boost;
  switch (x->q->kind)
    {
    case FT_PREFIX:
      if (!g_str_has_prefix (t->text, x->folded))
        return TRUE; /* past the range: stop */
      break;
    case FT_RANGE:
      if (x->upper != NULL)
        {
          int c = strcmp (t->text, x->upper);
          if (c > 0 || (c == 0 && !x->q->upper_incl))
            return TRUE; /* past the range: stop */
        }
      if (!x->q->lower_incl && x->folded != NULL && strcmp (t->text, x->folded) == 0)
        return FALSE;
      break;
    case FT_WILDCARD:
      if (!g_pattern_spec_match_string (x->pattern, t->text))
        return FALSE;
      break;
    case FT_FUZZY:
      {
        glong tl = g_utf8_strlen (t->text, -1);
        if (ABS (tl - x->len) > (glong) x->q->edits + 1)
          return FALSE;
        guint d = MIN (kg_edit_distance (x->folded, t->text), kg_edit_distance (x->stemmed, t->text));
        if (d > x->q->edits)
          return FALSE;
        glong shorter = MAX (1, MIN (tl, x->len));
        weight *= MAX (0.1, 1.0 - (double) d / shorter);
        break;
      }
    default:
      return TRUE;
    }
  expansion_add (x->e, term_hits (x->s->idx, t, x->field, weight));
  return FALSE;
}

static GArray *
eval_expansion (Search *s, const KgFtQuery *q, int field)
{
  Expansion e = { g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free) };
  g_autofree char *folded = q->text != NULL ? kg_ft_fold (q->text) : NULL;
  g_autofree char *upper = q->kind == FT_RANGE && q->upper != NULL ? kg_ft_fold (q->upper) : NULL;
  Expand x = { s, q, field, &e, folded, NULL, upper, NULL, folded ? g_utf8_strlen (folded, -1) : 0 };
  g_autofree char *stemmed = NULL;
  if (q->kind == FT_PREFIX || q->kind == FT_RANGE)
    {
      /* both walk the sorted dictionary from their lower end */
      GTreeNode *n = folded != NULL ? g_tree_lower_bound (s->idx->terms, folded) : g_tree_node_first (s->idx->terms);
      for (; n != NULL; n = g_tree_node_next (n))
        if (expand_one (g_tree_node_key (n), g_tree_node_value (n), &x))
          break;
      return expansion_finish (&e);
    }
  if (q->kind == FT_FUZZY)
    {
      g_autoptr (GArray) tokens = kg_ft_tokens_new ();
      kg_ft_analyze (s->analyzer, folded, 0, tokens);
      stemmed = g_strdup (tokens->len == 1 ? g_array_index (tokens, KgFtToken, 0).term : folded);
      x.stemmed = stemmed;
    }
  else
    x.pattern = g_pattern_spec_new (folded);
  g_tree_foreach (s->idx->terms, expand_one, &x);
  if (x.pattern != NULL)
    g_pattern_spec_free (x.pattern);
  return expansion_finish (&e);
}

static GArray *eval (Search *s, const KgFtQuery *q, const char *field_name);

static GArray *
eval_bool (Search *s, const KgFtQuery *q, const char *field_name)
{
  GArray *must = NULL, *should = NULL, *not = NULL;
  for (guint i = 0; i < q->children->len; i++)
    {
      const KgFtQuery *c = q->children->pdata[i];
      GArray *h = eval (s, c, c->field != NULL ? c->field : field_name);
      GArray **into = c->occur == FT_MUST ? &must : c->occur == FT_SHOULD ? &should
                                                                          : &not ;
      if (h == NULL)
        {
          g_clear_pointer (&must, g_array_unref);
          g_clear_pointer (&should, g_array_unref);
          g_clear_pointer (&not, g_array_unref);
          return NULL;
        }
      *into = *into == NULL ? h : merge (*into, h, c->occur == FT_MUST ? MERGE_INTERSECT : MERGE_UNION);
    }
  GArray *out;
  if (must != NULL)
    out = should != NULL ? merge (must, should, MERGE_ADD) : must;
  else
    out = should != NULL ? should : hits_new ();
  if (not != NULL)
    out = merge (out, not, MERGE_MINUS);
  if (q->boost != 1.0)
    for (guint i = 0; i < out->len; i++)
      g_array_index (out, KgFtHit, i).score *= q->boost;
  return out;
}

/* The doc-sorted hits of @q, or NULL with the error set; @field_name is inherited
 * from an enclosing `field:(...)`. */
static GArray *
eval (Search *s, const KgFtQuery *q, const char *field_name)
{
  KgFtQuery named = *q;
  named.field = (char *) field_name;
  if (q->kind == FT_BOOL)
    return eval_bool (s, q, field_name);
  int field = field_of (s, &named);
  if (field == -2)
    return NULL;
  if (q->kind == FT_PREFIX || q->kind == FT_WILDCARD || q->kind == FT_FUZZY || q->kind == FT_RANGE)
    return eval_expansion (s, q, field);
  g_autoptr (GArray) tokens = kg_ft_tokens_new ();
  kg_ft_analyze (s->analyzer, q->text, 0, tokens);
  if (q->kind == FT_PHRASE && tokens->len > 1)
    return phrase_hits (s->idx, tokens, field, q->boost, q->slop);
  /* a term of several words ("Dr.Dre") matches any of them */
  GArray *hits = hits_new ();
  for (guint i = 0; i < tokens->len; i++)
    hits = merge (hits, term_hits (s->idx, g_tree_lookup (s->idx->terms, g_array_index (tokens, KgFtToken, i).term), field, q->boost),
                  MERGE_UNION);
  return hits;
}

static int
cmp_score (gconstpointer a, gconstpointer b)
{
  const KgFtHit *x = a, *y = b;
  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  return (x->doc > y->doc) - (x->doc < y->doc);
}

GArray *
kg_ft_index_search (const KgFtIndex *idx, const KgFtQuery *query, guint *error_char, GError **error)
{
  g_return_val_if_fail (idx != NULL && query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  GError *local = NULL;
  Search s = { idx, kg_ft_analyzer_new (idx->language, NULL), &local, 1 };
  g_return_val_if_fail (s.analyzer != NULL, NULL);
  GArray *hits = eval (&s, query, query->field);
  kg_ft_analyzer_free (s.analyzer);
  if (hits == NULL)
    {
      if (error_char != NULL)
        *error_char = s.at;
      g_propagate_error (error, local);
      return NULL;
    }
  /* a document matched only by exclusions or with a zero boost still matched */
  g_array_sort (hits, cmp_score);
  return hits;
}
