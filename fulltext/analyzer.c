/* fulltext/analyzer.c — text analysis: words, case and accent folding, stemming.
 *
 * Text is normalised to NFKD with GLib (so 'è' is 'e' plus a combining grave, and the
 * ligature 'ﬁ' is 'fi'), combining marks are dropped, and words are runs of letters
 * and digits (g_unichar_isalnum). Within a word an apostrophe followed by a letter is
 * kept, so the stemmer can drop a possessive ("Cruise's" → "cruis", like "Cruise");
 * a dot or comma between digits is kept ("3.5"); letters that alternate with dots,
 * one at a time, make an acronym without its dots ("H.E.R." → "her", "U.S." → "us"),
 * as Lucene's classic analyser does. Han, Hiragana and Katakana characters are words
 * of one character each (there are no spaces to split on). Each word is case-folded
 * (g_utf8_casefold) and stemmed with Snowball (libstemmer), unless the language is
 * "standard". No stop words are removed: "her" must find the singer H.E.R.
 *
 * Not here: language detection, synonyms, decompounding.
 */
#include "fulltext/fulltext-private.h"

#include <libstemmer.h>
#include <string.h>

struct _KgFtAnalyzer
{
  struct sb_stemmer *stemmer; /* NULL for "standard" */
};

G_DEFINE_QUARK (kg - ft - error - quark, kg_ft_error)

KgFtAnalyzer *
kg_ft_analyzer_new (const char *language, GError **error)
{
  g_return_val_if_fail (language != NULL, NULL);
  KgFtAnalyzer *a = g_new0 (KgFtAnalyzer, 1);
  if (strcmp (language, "standard") == 0)
    return a;
  /* libstemmer wants lower case and accepts ISO 639 codes as well as names */
  g_autofree char *lower = g_ascii_strdown (language, -1);
  a->stemmer = sb_stemmer_new (lower, "UTF_8");
  if (a->stemmer == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) sb_stemmer_list ());
      g_set_error (error, KG_FT_ERROR, KG_FT_ERROR_ANALYZER,
                   "no analyzer for '%s' (there are: standard, %s)", language, known);
      g_free (a);
      return NULL;
    }
  return a;
}

void
kg_ft_analyzer_free (KgFtAnalyzer *a)
{
  if (a == NULL)
    return;
  sb_stemmer_delete (a->stemmer);
  g_free (a);
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GStrv
kg_ft_languages (void)
{
  GPtrArray *names = g_ptr_array_new ();
  for (const char **l = sb_stemmer_list (); *l; l++)
    g_ptr_array_add (names, g_strdup (*l));
  g_ptr_array_sort (names, cmp_str);
  g_ptr_array_insert (names, 0, g_strdup ("standard"));
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (names, FALSE);
}

static void
token_clear (gpointer p)
{
  g_free (((KgFtToken *) p)->term);
}

GArray *
kg_ft_tokens_new (void)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (KgFtToken));
  g_array_set_clear_func (a, token_clear);
  return a;
}

/* --- Characters ------------------------------------------------------------------ */

static gboolean
is_mark (gunichar c)
{
  GUnicodeType t = g_unichar_type (c);
  return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK;
}

/* Scripts written without spaces: each character is a word. */
static gboolean
is_ideograph (gunichar c)
{
  GUnicodeScript s = g_unichar_get_script (c);
  return s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA || s == G_UNICODE_SCRIPT_KATAKANA;
}

/* @text in NFKD without combining marks, as UCS-4 (*@n characters). */
static gunichar *
decompose (const char *text, glong *n)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *nfkd = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
  g_autofree gunichar *u = g_utf8_to_ucs4_fast (nfkd != NULL ? nfkd : valid, -1, n);
  glong j = 0;
  for (glong i = 0; i < *n; i++)
    if (!is_mark (u[i]))
      u[j++] = u[i];
  *n = j;
  u[j] = 0;
  return g_steal_pointer (&u);
}

char *
kg_ft_fold (const char *text)
{
  glong n = 0;
  g_autofree gunichar *u = decompose (text, &n);
  g_autofree char *s = g_ucs4_to_utf8 (u, n, NULL, NULL, NULL);
  return g_utf8_casefold (s != NULL ? s : "", -1);
}

/* --- Words ------------------------------------------------------------------------ */

static void
emit (KgFtAnalyzer *a, GString *word, guint32 *pos, GArray *tokens)
{
  if (word->len == 0)
    return;
  /* a trailing apostrophe ("the Peppers'") is no part of the word */
  while (word->len > 0 && word->str[word->len - 1] == '\'')
    g_string_truncate (word, word->len - 1);
  char *folded = g_utf8_casefold (word->str, word->len);
  g_string_truncate (word, 0);
  if (folded[0] == '\0')
    {
      g_free (folded);
      return;
    }
  KgFtToken t = { folded, (*pos)++ };
  if (a->stemmer != NULL)
    {
      const sb_symbol *s = sb_stemmer_stem (a->stemmer, (const sb_symbol *) folded, (int) strlen (folded));
      if (s != NULL && sb_stemmer_length (a->stemmer) > 0)
        {
          t.term = g_strndup ((const char *) s, sb_stemmer_length (a->stemmer));
          g_free (folded);
        }
    }
  g_array_append_val (tokens, t);
}

guint32
kg_ft_analyze (KgFtAnalyzer *a, const char *text, guint32 first_pos, GArray *tokens)
{
  g_return_val_if_fail (a != NULL && text != NULL && tokens != NULL, first_pos);
  glong n = 0;
  g_autofree gunichar *u = decompose (text, &n);
  guint32 pos = first_pos;
  GString *word = g_string_new (NULL);
  /* acronym state: every part of the word so far is one letter followed by a dot */
  gboolean acronym = FALSE;
  glong part = 0; /* characters since the word began or since its last dot */
  for (glong i = 0; i < n; i++)
    {
      gunichar c = u[i], next = i + 1 < n ? u[i + 1] : 0;
      if (is_ideograph (c))
        {
          emit (a, word, &pos, tokens);
          g_string_append_unichar (word, c);
          emit (a, word, &pos, tokens);
          acronym = FALSE, part = 0;
          continue;
        }
      if (g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          part++;
          continue;
        }
      if (word->len > 0 && (c == '\'' || c == 0x2019) && g_unichar_isalpha (next))
        {
          g_string_append_c (word, '\'');
          part++;
          continue;
        }
      if (word->len > 0 && (c == '.' || c == ',') && g_ascii_isdigit (word->str[word->len - 1]) &&
          g_unichar_isdigit (next))
        {
          g_string_append_c (word, (char) c);
          part++;
          continue;
        }
      if (c == '.' && part == 1 && g_unichar_isalpha (u[i - 1]) && (acronym || word->len <= 4) &&
          g_unichar_isalpha (next) && (i + 2 >= n || !g_unichar_isalnum (u[i + 2])))
        {
          acronym = TRUE; /* "H.E.R.": the dot joins one letter to the next */
          part = 0;
          continue;
        }
      emit (a, word, &pos, tokens);
      acronym = FALSE, part = 0;
    }
  emit (a, word, &pos, tokens);
  g_string_free (word, TRUE);
  return pos;
}
