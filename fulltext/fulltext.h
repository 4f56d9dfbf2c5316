/* fulltext/fulltext.h — full-text search: text analysis, an inverted index with BM25
 * scoring, and the Lucene-style query language of db.index.fulltext.query*().
 *
 * Analysis splits text into words (Unicode letters and digits; acronyms such as
 * "H.E.R." become one word, "her"), folds case and accents (NFKD, combining marks
 * dropped, then case folding, so 'Angèle' and 'angele' meet) and stems each word with
 * Snowball (libstemmer) for the index's language. The index maps each term to postings
 * (document, field, positions) sorted by document; documents are guint32 ids chosen by
 * the caller (node or relationship ids) and fields are numbered. The caller tells the
 * index every change (kg_ft_index_add() of a field's value, kg_ft_index_remove() of the
 * value it held), so the index never reads the graph and knows nothing of labels.
 *
 * Queries: terms, "phrases" and sloppy "phrases"~2, AND/OR/NOT, && || !, +required and
 * -excluded clauses, (groups), field:term, prefix*, wild?card, fuzzy~ and fuzzy~1,
 * term ranges [a TO c] and {a TO c}, boosts term^2. Scores are BM25 (k1 = 1.2,
 * b = 0.75) per field, summed over fields and clauses.
 *
 * Not here: persistence (the graph keeps definitions and rebuilds contents on load),
 * regular-expression queries, stop words.
 */
#pragma once

#include <glib.h>

#include "common/value.h"

G_BEGIN_DECLS

#define KG_FT_ERROR (kg_ft_error_quark ())

/**
 * KgFtError:
 * @KG_FT_ERROR_SYNTAX: the query string is not well formed
 * @KG_FT_ERROR_UNSUPPORTED: Lucene syntax that kgq does not run (regular expressions)
 * @KG_FT_ERROR_FIELD: `field:` names a property the index does not cover
 * @KG_FT_ERROR_ANALYZER: no stemmer for the language asked for
 */
typedef enum
{
  KG_FT_ERROR_SYNTAX,
  KG_FT_ERROR_UNSUPPORTED,
  KG_FT_ERROR_FIELD,
  KG_FT_ERROR_ANALYZER,
} KgFtError;

GQuark kg_ft_error_quark (void);

/** The BM25 parameters every index uses. */
#define KG_FT_BM25_K1 1.2
#define KG_FT_BM25_B 0.75

/* --- Analysis ------------------------------------------------------------------- */

typedef struct _KgFtAnalyzer KgFtAnalyzer;

/**
 * kg_ft_analyzer_new:
 * @language: a Snowball stemmer ("english", "french", ...; see kg_ft_languages()), or
 *   "standard" for folding without stemming
 * Returns: (transfer full) (nullable): the analyzer, or NULL with KG_FT_ERROR_ANALYZER.
 *   An analyzer is not safe to share between threads.
 */
KgFtAnalyzer *kg_ft_analyzer_new (const char *language, GError **error);
void kg_ft_analyzer_free (KgFtAnalyzer *analyzer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgFtAnalyzer, kg_ft_analyzer_free)

/** kg_ft_languages: Returns: (transfer full): "standard" then the stemmers' names, sorted. */
GStrv kg_ft_languages (void);

/** KgFtToken: one word of analysed text: the term and its position (0, 1, 2...). */
typedef struct
{
  char *term;
  guint32 pos;
} KgFtToken;

/**
 * kg_ft_analyze:
 * Appends the tokens of @text (UTF-8; invalid bytes are replaced) to @tokens (an array
 * of KgFtToken whose terms the caller frees, see kg_ft_tokens_free()), numbering them
 * from @first_pos.
 * Returns: the position after the last token.
 */
guint32 kg_ft_analyze (KgFtAnalyzer *analyzer, const char *text, guint32 first_pos, GArray *tokens);
/** kg_ft_tokens_new: Returns: (transfer full): an empty token array that frees its terms. */
GArray *kg_ft_tokens_new (void);

/**
 * kg_ft_fold:
 * Returns: (transfer full): @text with accents dropped and case folded, not split or
 *   stemmed (what prefix, wildcard and fuzzy terms are compared in).
 */
char *kg_ft_fold (const char *text);

/* --- Queries -------------------------------------------------------------------- */

typedef struct _KgFtQuery KgFtQuery;

/**
 * kg_ft_query_parse:
 * @error_char: (out) (optional): on error, the character (counted from 1) the message
 *   names, so that a caller can point at it
 * Returns: (transfer full) (nullable): the parsed query, or NULL with a KG_FT_ERROR
 *   whose message names the character where the problem is ("at character 7: ...").
 */
KgFtQuery *kg_ft_query_parse (const char *text, guint *error_char, GError **error);
void kg_ft_query_free (KgFtQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgFtQuery, kg_ft_query_free)
/**
 * kg_ft_query_to_string:
 * Returns: (transfer full): the parsed form, fully bracketed: `(+a (b c) -d)`, with
 *   `field:`, `*`, `~N` and `^boost` where given (for tests and EXPLAIN).
 */
char *kg_ft_query_to_string (const KgFtQuery *query);

/* --- The index ------------------------------------------------------------------ */

typedef struct _KgFtIndex KgFtIndex;

/**
 * kg_ft_index_new:
 * @fields: (array length=n_fields): the fields' names, for `field:` in queries
 * @language: the analyzer's language (see kg_ft_analyzer_new())
 * Returns: (transfer full) (nullable): an empty index, or NULL with KG_FT_ERROR_ANALYZER.
 */
KgFtIndex *kg_ft_index_new (const char *const *fields, guint n_fields, const char *language, GError **error);
void kg_ft_index_free (KgFtIndex *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgFtIndex, kg_ft_index_free)

/**
 * kg_ft_index_add:
 * Indexes @value (a string, or a list whose strings are indexed element by element;
 * anything else is ignored) as @field of @doc, which must not hold a value for @field.
 */
void kg_ft_index_add (KgFtIndex *index, guint32 doc, guint field, const KgValue *value);
/**
 * kg_ft_index_remove:
 * Removes @field of @doc, which held @value (as given to kg_ft_index_add()).
 */
void kg_ft_index_remove (KgFtIndex *index, guint32 doc, guint field, const KgValue *value);

/** kg_ft_index_n_docs: Returns: how many documents have at least one token in some field. */
guint kg_ft_index_n_docs (const KgFtIndex *index);
/** kg_ft_index_n_terms: Returns: the number of distinct terms. */
guint kg_ft_index_n_terms (const KgFtIndex *index);
/** kg_ft_index_memory_size: Returns: an estimate of the bytes the index holds. */
gsize kg_ft_index_memory_size (const KgFtIndex *index);

/** KgFtHit: one matching document and its score. */
typedef struct
{
  guint32 doc;
  double score;
} KgFtHit;

/**
 * kg_ft_index_search:
 * Runs @query over @index (safe while other threads search the same index, not while
 * it is written).
 * @error_char: (out) (optional): on error, the character of the query (from 1) the
 *   message names
 * Returns: (transfer full) (element-type KgFtHit) (nullable): the matching documents,
 *   best score first (ties by document id), or NULL with KG_FT_ERROR_FIELD.
 */
GArray *kg_ft_index_search (const KgFtIndex *index, const KgFtQuery *query, guint *error_char, GError **error);

G_END_DECLS
