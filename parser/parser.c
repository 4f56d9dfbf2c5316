/* parser/parser.c — kg_parse() and the lexer-only helpers (split, is_complete, keywords).
 *
 * Owns the parse context and the look-ahead filter between the lexer and the grammar
 * (kg_yylex): it renames a few tokens after peeking ahead, which is how an LALR(1)
 * grammar can tell `(a)-->(b)` from `(a) - 1` and `a.b(x)` from `a.b`. It also rejects
 * NUL bytes and invalid UTF-8 before lexing, caps bracket nesting, and checks the tree
 * depth afterwards, so hostile input ends in a clean error. It never touches a graph
 * and never prints.
 */
#include "parser/parser.h"
#include "parser/parser-private.h"

#include "grammar.h"

#include <stdlib.h>
#include <string.h>

/* --- Keywords ------------------------------------------------------------------------ */

typedef struct
{
  const char *word; /* upper case */
  int token;
} KgKeyword;

/* Sorted by word (strcmp) for bsearch; test-parser checks the order. */
static const KgKeyword keywords[] = {
  { "ALL", KG_TOK_ALL },
  { "ALLSHORTESTPATHS", KG_TOK_ALLSHORTESTPATHS },
  { "AND", KG_TOK_AND },
  { "ANY", KG_TOK_ANY },
  { "AS", KG_TOK_AS },
  { "ASC", KG_TOK_ASC },
  { "ASCENDING", KG_TOK_ASCENDING },
  { "BY", KG_TOK_BY },
  { "CALL", KG_TOK_CALL },
  { "CASE", KG_TOK_CASE },
  { "CONTAINS", KG_TOK_CONTAINS },
  { "CREATE", KG_TOK_CREATE },
  { "DELETE", KG_TOK_DELETE },
  { "DESC", KG_TOK_DESC },
  { "DESCENDING", KG_TOK_DESCENDING },
  { "DETACH", KG_TOK_DETACH },
  { "DISTINCT", KG_TOK_DISTINCT },
  { "ELSE", KG_TOK_ELSE },
  { "END", KG_TOK_END },
  { "ENDS", KG_TOK_ENDS },
  { "EXISTS", KG_TOK_EXISTS },
  { "EXPLAIN", KG_TOK_EXPLAIN },
  { "FALSE", KG_TOK_FALSE },
  { "FOREACH", KG_TOK_FOREACH },
  { "IN", KG_TOK_IN },
  { "IS", KG_TOK_IS },
  { "LIMIT", KG_TOK_LIMIT },
  { "MATCH", KG_TOK_MATCH },
  { "MERGE", KG_TOK_MERGE },
  { "NONE", KG_TOK_NONE },
  { "NOT", KG_TOK_NOT },
  { "NULL", KG_TOK_NULL },
  { "ON", KG_TOK_ON },
  { "OPTIONAL", KG_TOK_OPTIONAL },
  { "OR", KG_TOK_OR },
  { "ORDER", KG_TOK_ORDER },
  { "PROFILE", KG_TOK_PROFILE },
  { "REDUCE", KG_TOK_REDUCE },
  { "REMOVE", KG_TOK_REMOVE },
  { "RETURN", KG_TOK_RETURN },
  { "SET", KG_TOK_SET },
  { "SHORTESTPATH", KG_TOK_SHORTESTPATH },
  { "SINGLE", KG_TOK_SINGLE },
  { "SKIP", KG_TOK_SKIP },
  { "STARTS", KG_TOK_STARTS },
  { "THEN", KG_TOK_THEN },
  { "TRUE", KG_TOK_TRUE },
  { "UNION", KG_TOK_UNION },
  { "UNWIND", KG_TOK_UNWIND },
  { "WHEN", KG_TOK_WHEN },
  { "WHERE", KG_TOK_WHERE },
  { "WITH", KG_TOK_WITH },
  { "XOR", KG_TOK_XOR },
  { "YIELD", KG_TOK_YIELD },
};

static int
keyword_cmp (const void *key, const void *elem)
{
  return strcmp (key, ((const KgKeyword *) elem)->word);
}

int
kg_keyword_lookup (const char *word, gsize len)
{
  char up[24];
  if (len >= sizeof up)
    return -1;
  for (gsize i = 0; i < len; i++)
    up[i] = g_ascii_toupper (word[i]);
  up[len] = '\0';
  const KgKeyword *k = bsearch (up, keywords, G_N_ELEMENTS (keywords), sizeof keywords[0], keyword_cmp);
  return k != NULL ? k->token : -1;
}

const char *const *
kg_parse_keywords (void)
{
  static const char *words[G_N_ELEMENTS (keywords) + 1];
  static gsize init = 0;
  if (g_once_init_enter (&init))
    {
      for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
        words[i] = keywords[i].word;
      words[G_N_ELEMENTS (keywords)] = NULL;
      g_once_init_leave (&init, 1);
    }
  return words;
}

static gboolean
is_keyword_token (int kind)
{
  return kind >= KG_TOK_ALL && kind <= KG_TOK_YIELD;
}

/* --- Source text --------------------------------------------------------------------- */

char *
kg_parse_ctx_text (KgParseCtx *ctx, const KgSpan *span)
{
  gsize a = span->start.offset >= ctx->origin.offset ? span->start.offset - ctx->origin.offset : 0;
  gsize b = span->end.offset >= ctx->origin.offset ? span->end.offset - ctx->origin.offset : 0;
  a = MIN (a, ctx->len);
  b = MIN (MAX (a, b), ctx->len);
  return g_strndup (ctx->src + a, b - a);
}

/* Position of byte @offset of @src, counting from @origin. */
static KgPos
position_of (const char *src, gsize offset, const KgPos *origin)
{
  KgPos pos = *origin;
  for (gsize i = 0; i < offset; i++)
    {
      if (src[i] == '\n')
        {
          pos.line++;
          pos.column = 1;
        }
      else
        pos.column++;
    }
  pos.offset += offset;
  return pos;
}

/* NUL bytes and invalid UTF-8 are rejected before lexing, with their position. */
static gboolean
check_encoding (const char *src, gsize len, const char *filename, const KgPos *origin, GError **error)
{
  const char *nul = memchr (src, '\0', len);
  gsize valid_len = nul != NULL ? (gsize) (nul - src) : len;
  const char *bad = NULL;
  if (!g_utf8_validate_len (src, valid_len, &bad))
    {
      KgSpan span;
      span.start = position_of (src, (gsize) (bad - src), origin);
      span.end = span.start;
      span.end.column++;
      span.end.offset++;
      kg_query_error_set (error, KG_QUERY_ERROR_SYNTAX, filename, &span,
                          "invalid UTF-8 (byte 0x%02X)", (guint) (guchar) *bad);
      return FALSE;
    }
  if (nul != NULL)
    {
      KgSpan span;
      span.start = position_of (src, (gsize) (nul - src), origin);
      span.end = span.start;
      span.end.column++;
      span.end.offset++;
      kg_query_error_set (error, KG_QUERY_ERROR_SYNTAX, filename, &span, "unexpected NUL byte");
      return FALSE;
    }
  return TRUE;
}

/* --- Token queue and look-ahead filter -------------------------------------------------- */

typedef struct
{
  int kind;
  KG_YYSTYPE val;
  KgSpan loc;
  GError *error; /* for KG_TOK_KG_YYerror */
} KgToken;

static gboolean
token_has_string (int kind)
{
  return kind == KG_TOK_IDENT || kind == KG_TOK_FUNCNAME || kind == KG_TOK_PATH_IDENT || kind == KG_TOK_COMP_IDENT || kind == KG_TOK_PARAM ||
         kind == KG_TOK_SHOW_KIND;
}

static void
token_free (KgToken *t)
{
  if (t == NULL)
    return;
  if (token_has_string (t->kind))
    g_free (t->val.KG_TOK_IDENT);
  else if (t->kind == KG_TOK_STRING)
    g_string_free (t->val.KG_TOK_STRING, TRUE);
  g_clear_error (&t->error);
  g_free (t);
}

static KgToken *
lex_one (yyscan_t scanner, KgLexer *lx)
{
  KgToken *t = g_new0 (KgToken, 1);
  if (lx->at_eof)
    {
      t->kind = KG_TOK_YYEOF;
      t->loc.start = t->loc.end = lx->pos;
      return t;
    }
  t->kind = kg_lex_raw (&t->val, &t->loc, scanner);
  if (t->kind == KG_TOK_KG_YYerror)
    {
      t->error = lx->tok_error;
      lx->tok_error = NULL;
    }
  return t;
}

static KgToken *
peek (KgParseCtx *ctx, guint i)
{
  while (ctx->queue->len - ctx->queue_head <= i)
    {
      g_ptr_array_add (ctx->queue, lex_one (ctx->scanner, &ctx->lexer));
      ctx->scan_budget += 32;
    }
  return ctx->queue->pdata[ctx->queue_head + i];
}

static int
peek_kind (KgParseCtx *ctx, guint i)
{
  return peek (ctx, i)->kind;
}

/* Removes the first queued token, handing its value to the caller. */
static KgToken *
take (KgParseCtx *ctx)
{
  KgToken *t = peek (ctx, 0);
  ctx->queue->pdata[ctx->queue_head] = NULL;
  ctx->queue_head++;
  if (ctx->queue_head == ctx->queue->len)
    {
      g_ptr_array_set_size (ctx->queue, 0);
      ctx->queue_head = 0;
    }
  else if (ctx->queue_head > 64 && ctx->queue_head * 2 > ctx->queue->len)
    {
      g_ptr_array_remove_range (ctx->queue, 0, ctx->queue_head);
      ctx->queue_head = 0;
    }
  return t;
}

/* Keywords the grammar also accepts as variables (its soft_keyword rule). */
static gboolean
is_variable_token (int kind)
{
  switch (kind)
    {
    case KG_TOK_IDENT:
    case KG_TOK_ALL:
    case KG_TOK_ALLSHORTESTPATHS:
    case KG_TOK_ANY:
    case KG_TOK_ASC:
    case KG_TOK_ASCENDING:
    case KG_TOK_BY:
    case KG_TOK_CALL:
    case KG_TOK_DESC:
    case KG_TOK_DESCENDING:
    case KG_TOK_DETACH:
    case KG_TOK_EXPLAIN:
    case KG_TOK_LIMIT:
    case KG_TOK_NONE:
    case KG_TOK_OPTIONAL:
    case KG_TOK_ORDER:
    case KG_TOK_PROFILE:
    case KG_TOK_REDUCE:
    case KG_TOK_SHORTESTPATH:
    case KG_TOK_SINGLE:
    case KG_TOK_SKIP:
    case KG_TOK_UNION:
    case KG_TOK_YIELD:
    case KG_TOK_END:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_name_token (int kind)
{
  return kind == KG_TOK_IDENT || is_keyword_token (kind);
}

/* Moves @j past the bracketed group that opens at queue position @j (`{` ... `}` or
 * `(` ... `)`, nested ones included). FALSE at the end of the look-ahead. */
static gboolean
skip_group (KgParseCtx *ctx, guint i, guint *j, int open, int close)
{
  guint depth = 0;
  for (;; (*j)++)
    {
      int k = peek_kind (ctx, *j);
      if (k == KG_TOK_YYEOF || k == KG_TOK_KG_YYerror || *j - i > KG_PARSE_MAX_LOOKAHEAD || ctx->scan_budget == 0)
        return FALSE;
      ctx->scan_budget--;
      if (k == open)
        depth++;
      else if (k == close && --depth == 0)
        break;
    }
  (*j)++;
  return TRUE;
}

/* Does the `(` at queue position @i open a node pattern that a relationship follows?
 * Shape: '(' [IDENT] (':' (name | DYN_LABEL '(' ... ')'))* ['{' ... '}' | PARAM] ')'
 * then '-[' | '--' | '<-', or a quantified path pattern: '(' ... ')' then '+', '*' or
 * '{' (in an expression, only for the grammar to refuse it in Cypher's words). */
static gboolean
is_pattern_start (KgParseCtx *ctx, guint i)
{
  guint j = i + 1;
  if (is_variable_token (peek_kind (ctx, j)))
    j++;
  while (peek_kind (ctx, j) == ':')
    {
      if (peek_kind (ctx, j + 1) == KG_TOK_DYN_LABEL && peek_kind (ctx, j + 2) == '(')
        {
          j += 2;
          if (!skip_group (ctx, i, &j, '(', ')'))
            return FALSE;
          continue;
        }
      if (!is_name_token (peek_kind (ctx, j + 1)))
        return FALSE;
      j += 2;
    }
  if (peek_kind (ctx, j) == '{')
    {
      if (!skip_group (ctx, i, &j, '{', '}'))
        return FALSE;
    }
  else if (peek_kind (ctx, j) == KG_TOK_PARAM)
    j++;
  if (peek_kind (ctx, j) != ')')
    return FALSE;
  int k1 = peek_kind (ctx, j + 1);
  if (k1 == '(')
    {
      guint q = j + 1;
      if (!skip_group (ctx, i, &q, '(', ')'))
        return FALSE;
      int k = peek_kind (ctx, q);
      return k == '+' || k == '*' || k == '{';
    }
  if (k1 != '-' && k1 != '<')
    return FALSE;
  int k2 = peek_kind (ctx, j + 2);
  return k1 == '-' ? (k2 == '[' || k2 == '-') : k2 == '-';
}

/* The spelling of a name token: the decoded identifier, or the keyword as written. */
static char *
name_text (KgParseCtx *ctx, KgToken *t)
{
  if (t->kind == KG_TOK_IDENT)
    return g_strdup (t->val.KG_TOK_IDENT);
  return kg_parse_ctx_text (ctx, &t->loc);
}

/* IDENT ('.' name)* '(' becomes one FUNCNAME token. Returns the count of tokens before
 * the '(' (1 for a plain name), or 0 when no '(' follows. */
static guint
function_name_length (KgParseCtx *ctx)
{
  guint i = 1;
  while (i < 256 && peek_kind (ctx, i) == '.' && is_name_token (peek_kind (ctx, i + 1)))
    i += 2;
  return peek_kind (ctx, i) == '(' ? i : 0;
}

/* Whether the identifier @t is spelt @word (any case), not back-quoted. */
static gboolean
is_word (KgParseCtx *ctx, KgToken *t, const char *word)
{
  gsize n = strlen (word);
  return t->kind == KG_TOK_IDENT && t->loc.end.offset - t->loc.start.offset == n &&
         g_ascii_strcasecmp (t->val.KG_TOK_IDENT, word) == 0;
}

/* The words of the index statements are keywords only where no name can stand: the
 * token kind the identifier @t becomes there, or 0. */
static int
index_word (KgParseCtx *ctx, KgToken *t)
{
  guint first = ctx->prefixed ? 1 : 0; /* tokens before the first word of the statement */
  gboolean at_start = ctx->n_handed == first;
  if (at_start && (is_word (ctx, t, "SHOW") || is_word (ctx, t, "DROP")))
    {
      ctx->index_statement = TRUE;
      return is_word (ctx, t, "SHOW") ? KG_TOK_SHOW : KG_TOK_DROP;
    }
  if (ctx->last_kind == KG_TOK_SHOW && is_word (ctx, t, "INDEXES"))
    return KG_TOK_INDEXES;
  if (ctx->last_kind == KG_TOK_SHOW && is_word (ctx, t, "CONSTRAINTS"))
    return KG_TOK_CONSTRAINTS;
  if ((ctx->last_kind == KG_TOK_SHOW || ctx->last_kind == KG_TOK_DROP) && is_word (ctx, t, "CONSTRAINT"))
    return KG_TOK_CONSTRAINT;
  /* CREATE first in the statement, as for INDEX below */
  if (ctx->last_kind == KG_TOK_CREATE && ctx->n_handed == first + 1 && is_word (ctx, t, "CONSTRAINT") &&
      peek_kind (ctx, 1) != '=')
    {
      ctx->index_statement = TRUE;
      return KG_TOK_CONSTRAINT;
    }
  if (ctx->index_statement && is_word (ctx, t, "REQUIRE"))
    return KG_TOK_REQUIRE;
  if ((ctx->last_kind == KG_TOK_SHOW || ctx->last_kind == KG_TOK_DROP) && is_word (ctx, t, "INDEX"))
    return KG_TOK_INDEX;
  /* CREATE first in the statement: `CREATE index = (a)-->(b)` names a path */
  if (ctx->last_kind == KG_TOK_CREATE && ctx->n_handed == first + 1 && is_word (ctx, t, "INDEX") &&
      peek_kind (ctx, 1) != '=')
    {
      ctx->index_statement = TRUE;
      return KG_TOK_INDEX;
    }
  if (ctx->index_statement && is_word (ctx, t, "IF") &&
      (peek_kind (ctx, 1) == KG_TOK_NOT || peek_kind (ctx, 1) == KG_TOK_EXISTS))
    return KG_TOK_IF;
  if (ctx->index_statement && is_word (ctx, t, "FOR") && peek_kind (ctx, 1) == '(')
    return KG_TOK_FOR;
  /* CREATE FULLTEXT INDEX ... ON EACH [...] OPTIONS {...} */
  if (ctx->last_kind == KG_TOK_CREATE && ctx->n_handed == first + 1 && is_word (ctx, t, "FULLTEXT") &&
      peek_kind (ctx, 1) == KG_TOK_IDENT && is_word (ctx, peek (ctx, 1), "INDEX"))
    {
      ctx->index_statement = TRUE;
      return KG_TOK_FULLTEXT;
    }
  if (ctx->last_kind == KG_TOK_FULLTEXT && is_word (ctx, t, "INDEX"))
    return KG_TOK_INDEX;
  if (ctx->index_statement && ctx->last_kind == KG_TOK_ON && is_word (ctx, t, "EACH"))
    return KG_TOK_EACH;
  if (ctx->index_statement && is_word (ctx, t, "OPTIONS") && peek_kind (ctx, 1) == '{')
    return KG_TOK_OPTIONS;
  return 0;
}

/* GQL's clause words OFFSET, FILTER and FINISH are keywords only right after a token
 * that ends an operand (a name, a literal, a closing bracket, END, ASC/DESC): a place
 * where no name can stand, since two operands never follow each other. Anywhere else
 * (`RETURN offset`, `AS filter`, `n.finish`) they stay names. Returns the token kind
 * the identifier @t becomes, or 0. */
static gboolean
after_operand (KgParseCtx *ctx)
{
  switch (ctx->last_kind)
    {
    case KG_TOK_IDENT:
    case KG_TOK_INT:
    case KG_TOK_FLOAT:
    case KG_TOK_STRING:
    case KG_TOK_PARAM:
    case KG_TOK_NULL:
    case KG_TOK_TRUE:
    case KG_TOK_FALSE:
    case KG_TOK_END:
    case KG_TOK_ASC:
    case KG_TOK_ASCENDING:
    case KG_TOK_DESC:
    case KG_TOK_DESCENDING:
    case ')':
    case ']':
    case '}':
      return TRUE;
    default:
      return FALSE;
    }
}

static int
clause_word (KgParseCtx *ctx, KgToken *t)
{
  if (!after_operand (ctx))
    return 0;
  if (is_word (ctx, t, "OFFSET"))
    return KG_TOK_OFFSET;
  if (is_word (ctx, t, "FILTER"))
    return KG_TOK_FILTER;
  if (is_word (ctx, t, "FINISH"))
    return KG_TOK_FINISH;
  return 0;
}

/* Inside trim( ... ) (at its own bracket depth), SQL's `trim([BOTH|LEADING|TRAILING]
 * [chars] FROM s)`: the side right after the `(` (unless it is the call's only argument)
 * and FROM after an operand or the side. Returns the token kind @t becomes, or 0. */
static int
trim_word (KgParseCtx *ctx, KgToken *t, int *side)
{
  if (ctx->trim_depth == 0 || ctx->trim_depth != ctx->open->len)
    return 0;
  int next = peek_kind (ctx, 1);
  if (ctx->last_kind == '(' && next != ')' && next != ',')
    {
      static const char *const sides[] = { "BOTH", "LEADING", "TRAILING" };
      for (int i = 0; i < 3; i++)
        if (is_word (ctx, t, sides[i]))
          {
            *side = i;
            return KG_TOK_TRIM_SIDE;
          }
    }
  if (is_word (ctx, t, "FROM") && ctx->last_kind != '(' && ctx->last_kind != ',')
    return KG_TOK_FROM;
  return 0;
}

/* Where the filter is in a LOAD CSV clause (KgParseCtx.load_csv). */
enum
{
  LOAD_NONE,
  LOAD_CSV,       /* after LOAD: CSV comes next */
  LOAD_HEADERS,   /* after CSV: WITH HEADERS or FROM may come */
  LOAD_FROM,      /* after WITH: HEADERS comes next */
  LOAD_URL,       /* after FROM: the URL expression, AS and the variable */
  LOAD_TERMINATOR /* after the variable: FIELDTERMINATOR may come */
};

/* The words of LOAD CSV are keywords only in their clause: LOAD before CSV (two names
 * in a row never stand anywhere else), the others at their places after it. Returns the
 * token kind the identifier @t becomes, or 0. */
static int
load_csv_word (KgParseCtx *ctx, KgToken *t)
{
  switch (ctx->load_csv)
    {
    case LOAD_NONE:
      if (is_word (ctx, t, "LOAD") && peek_kind (ctx, 1) == KG_TOK_IDENT && is_word (ctx, peek (ctx, 1), "CSV"))
        {
          ctx->load_csv = LOAD_CSV;
          return KG_TOK_LOAD;
        }
      return 0;
    case LOAD_CSV:
      ctx->load_csv = LOAD_HEADERS;
      return is_word (ctx, t, "CSV") ? KG_TOK_CSV : 0;
    case LOAD_HEADERS:
    case LOAD_FROM:
      if (ctx->load_csv == LOAD_FROM && ctx->last_kind == KG_TOK_WITH && is_word (ctx, t, "HEADERS"))
        return KG_TOK_HEADERS;
      if (is_word (ctx, t, "FROM"))
        {
          ctx->load_csv = LOAD_URL;
          return KG_TOK_FROM;
        }
      return 0;
    case LOAD_URL:
      if (ctx->last_kind == KG_TOK_AS)
        ctx->load_csv = LOAD_TERMINATOR;
      return 0;
    default: /* LOAD_TERMINATOR */
      ctx->load_csv = LOAD_NONE;
      return is_word (ctx, t, "FIELDTERMINATOR") ? KG_TOK_FIELDTERMINATOR : 0;
    }
}

/* Follows a LOAD CSV clause through the tokens that are not names. */
static void
load_csv_track (KgParseCtx *ctx, int kind)
{
  if (ctx->load_csv == LOAD_HEADERS && kind == KG_TOK_WITH)
    ctx->load_csv = LOAD_FROM;
  else if (ctx->load_csv == LOAD_URL && ctx->last_kind == KG_TOK_AS)
    ctx->load_csv = LOAD_TERMINATOR; /* a keyword used as the variable (`AS order`) */
  else if (ctx->load_csv == LOAD_TERMINATOR)
    ctx->load_csv = LOAD_NONE;
}

/* COUNT and COLLECT are subqueries when `{` and a query or a pattern follow them
 * (`count {.name}` stays a map projection of the variable `count`): the KgAstSubquery
 * they stand for, or -1. */
static int
subquery_word (KgParseCtx *ctx, KgToken *t)
{
  gboolean count = is_word (ctx, t, "COUNT");
  if ((!count && !is_word (ctx, t, "COLLECT")) || peek_kind (ctx, 1) != '{')
    return -1;
  int k = peek_kind (ctx, 2);
  switch (k)
    {
    case '(':
    case KG_TOK_MATCH:
    case KG_TOK_OPTIONAL:
    case KG_TOK_UNWIND:
    case KG_TOK_WITH:
    case KG_TOK_CALL:
    case KG_TOK_RETURN:
      break;
    default:
      /* `p = (a)-->(b)`: a named path */
      if (!(is_variable_token (k) && peek_kind (ctx, 3) == '=' && peek_kind (ctx, 4) == '('))
        return -1;
    }
  return count ? KG_SUBQUERY_COUNT : KG_SUBQUERY_COLLECT;
}

/* After SHOW: the table a SHOW command lists ("procedures", "functions", "databases"),
 * singular or plural, or NULL. */
static const char *
show_kind (KgParseCtx *ctx, KgToken *t)
{
  static const char *const kinds[][2] = {
    { "PROCEDURE", "procedures" },
    { "PROCEDURES", "procedures" },
    { "FUNCTION", "functions" },
    { "FUNCTIONS", "functions" },
    { "DATABASE", "databases" },
    { "DATABASES", "databases" },
  };
  if (ctx->last_kind != KG_TOK_SHOW)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (is_word (ctx, t, kinds[i][0]))
      return kinds[i][1];
  return NULL;
}

/* The path mode the identifier @t names, or -1. */
static int
path_mode_word (KgParseCtx *ctx, KgToken *t)
{
  static const char *const modes[] = { NULL, "WALK", "TRAIL", "ACYCLIC", "SIMPLE" };
  for (guint i = 1; i < G_N_ELEMENTS (modes); i++)
    if (is_word (ctx, t, modes[i]))
      return (int) i;
  return -1;
}

static gboolean
is_paths_word (KgParseCtx *ctx, KgToken *t)
{
  return is_word (ctx, t, "PATH") || is_word (ctx, t, "PATHS");
}

static gboolean
is_groups_word (KgParseCtx *ctx, KgToken *t)
{
  return is_word (ctx, t, "GROUP") || is_word (ctx, t, "GROUPS");
}

/* The words of a GQL path pattern's prefix (SHORTEST 2 TRAIL PATHS GROUPS, ANY SHORTEST,
 * ALL ACYCLIC) are keywords only where a pattern part starts (after MATCH, `,`, `=` or
 * `{`) or inside such a prefix, and only when what follows fits: two words in a row, or
 * a word and a pattern's `(`, never stand anywhere else. Returns the token kind the
 * identifier @t becomes (with *@mode for a path mode), or 0. */
static int
path_word (KgParseCtx *ctx, KgToken *t, int *mode)
{
  int last = ctx->last_kind;
  gboolean part_start = last == KG_TOK_MATCH || last == ',' || last == '=' || last == '{';
  gboolean after_count = (last == KG_TOK_INT || last == KG_TOK_PARAM) && (ctx->last_kind2 == KG_TOK_SHORTEST || ctx->last_kind2 == KG_TOK_ANY);
  gboolean in_prefix = last == KG_TOK_SHORTEST || last == KG_TOK_ANY || last == KG_TOK_ALL || last == KG_TOK_PATH_MODE ||
                       last == KG_TOK_PATHS || after_count;
  KgToken *next = peek (ctx, 1);
  gboolean pattern_next = next->kind == '(' || next->kind == KG_TOK_LPAREN_PAT;
  if (is_word (ctx, t, "SHORTEST"))
    {
      if ((last == KG_TOK_ANY || last == KG_TOK_ALL) && (pattern_next || next->kind == KG_TOK_IDENT))
        return KG_TOK_SHORTEST;
      if (part_start && (next->kind == KG_TOK_INT || next->kind == KG_TOK_PARAM || (next->kind == KG_TOK_IDENT && (is_groups_word (ctx, next) || is_paths_word (ctx, next) || path_mode_word (ctx, next) > 0))))
        return KG_TOK_SHORTEST;
      return 0;
    }
  if (!part_start && !in_prefix)
    return 0;
  gboolean word_next = next->kind == KG_TOK_IDENT && (is_paths_word (ctx, next) || is_groups_word (ctx, next));
  int m = path_mode_word (ctx, t);
  if (m > 0 && (pattern_next || word_next))
    {
      *mode = m;
      return KG_TOK_PATH_MODE;
    }
  if (in_prefix && is_paths_word (ctx, t) && (pattern_next || (next->kind == KG_TOK_IDENT && is_groups_word (ctx, next))))
    return KG_TOK_PATHS;
  if (in_prefix && last != KG_TOK_ANY && last != KG_TOK_ALL && is_groups_word (ctx, t) && pattern_next)
    return KG_TOK_GROUPS;
  return 0;
}

static int
filter_token (KgParseCtx *ctx, KgToken **out)
{
  KgToken *t = peek (ctx, 0);
  int kind = t->kind;
  int word = kind == KG_TOK_IDENT ? index_word (ctx, t) : 0;
  int mode = 0;
  if (word == 0 && kind == KG_TOK_IDENT)
    word = path_word (ctx, t, &mode);
  if (word == KG_TOK_PATH_MODE)
    {
      *out = take (ctx);
      g_clear_pointer (&(*out)->val.KG_TOK_IDENT, g_free);
      (*out)->val.KG_TOK_PATH_MODE = mode;
      (*out)->kind = word;
      return word;
    }
  if (word == 0 && kind == KG_TOK_IDENT)
    word = load_csv_word (ctx, t);
  else if (ctx->load_csv != LOAD_NONE)
    load_csv_track (ctx, kind);
  if (word == 0 && kind == KG_TOK_IDENT && ctx->load_csv == LOAD_NONE)
    word = clause_word (ctx, t);
  int side = 0;
  if (word == 0 && kind == KG_TOK_IDENT)
    {
      word = trim_word (ctx, t, &side);
      if (word == KG_TOK_TRIM_SIDE)
        {
          *out = take (ctx);
          g_clear_pointer (&(*out)->val.KG_TOK_IDENT, g_free);
          (*out)->val.KG_TOK_TRIM_SIDE = side;
          (*out)->kind = word;
          return word;
        }
    }
  if (word != 0)
    {
      *out = take (ctx);
      g_clear_pointer (&(*out)->val.KG_TOK_IDENT, g_free);
      (*out)->kind = word;
      return word;
    }
  const char *shown = kind == KG_TOK_IDENT ? show_kind (ctx, t) : NULL;
  if (shown != NULL)
    {
      *out = take (ctx);
      g_free ((*out)->val.KG_TOK_IDENT);
      (*out)->val.KG_TOK_SHOW_KIND = g_strdup (shown);
      (*out)->kind = KG_TOK_SHOW_KIND;
      return KG_TOK_SHOW_KIND;
    }
  int sub = kind == KG_TOK_IDENT ? subquery_word (ctx, t) : -1;
  if (sub >= 0)
    {
      *out = take (ctx);
      g_clear_pointer (&(*out)->val.KG_TOK_IDENT, g_free);
      (*out)->val.KG_TOK_SUBQUERY_KW = sub;
      (*out)->kind = KG_TOK_SUBQUERY_KW;
      return KG_TOK_SUBQUERY_KW;
    }
  /* `x :: TYPE`: two adjacent colons after an operand are a type test, not a label */
  if (kind == ':' && after_operand (ctx) && peek_kind (ctx, 1) == ':' && peek (ctx, 1)->loc.start.offset == t->loc.end.offset)
    {
      *out = take (ctx);
      KgToken *second = take (ctx);
      (*out)->loc.end = second->loc.end;
      token_free (second);
      (*out)->kind = KG_TOK_TYPE_COLONS;
      return KG_TOK_TYPE_COLONS;
    }
  if (kind == '(' && is_pattern_start (ctx, 0))
    kind = KG_TOK_LPAREN_PAT;
  else if (kind == KG_TOK_IDENT && ctx->last_kind != '.' && !(ctx->index_statement && ctx->last_kind == ':'))
    {
      guint n = function_name_length (ctx);
      if (n > 1)
        {
          /* merge the dotted name into the first token */
          GString *name = g_string_new (t->val.KG_TOK_IDENT);
          KgSpan span = t->loc;
          for (guint i = 2; i < n; i += 2)
            {
              KgToken *part = peek (ctx, i);
              g_autofree char *text = name_text (ctx, part);
              g_string_append_c (name, '.');
              g_string_append (name, text);
              span.end = part->loc.end;
            }
          KgToken *first = take (ctx);
          for (guint i = 1; i < n; i++)
            token_free (take (ctx));
          g_free (first->val.KG_TOK_IDENT);
          first->val.KG_TOK_FUNCNAME = g_string_free (name, FALSE);
          first->loc = span;
          first->kind = KG_TOK_FUNCNAME;
          *out = first;
          return KG_TOK_FUNCNAME;
        }
      if (n == 1)
        kind = KG_TOK_FUNCNAME;
    }
  if ((kind == KG_TOK_IDENT || (kind != KG_TOK_FUNCNAME && is_variable_token (kind))) && ctx->last_kind == '[')
    {
      /* the variable of a list comprehension, or the path of a pattern comprehension;
       * keywords that may be variables (`order`) get their spelling as the value */
      int renamed = kind;
      if (peek_kind (ctx, 1) == KG_TOK_IN)
        renamed = KG_TOK_COMP_IDENT;
      else if (peek_kind (ctx, 1) == '=' && peek_kind (ctx, 2) == '(' && is_pattern_start (ctx, 2))
        renamed = KG_TOK_PATH_IDENT;
      if (renamed != kind && kind != KG_TOK_IDENT)
        t->val.KG_TOK_COMP_IDENT = kg_parse_ctx_text (ctx, &t->loc);
      kind = renamed;
    }
  *out = take (ctx);
  (*out)->kind = kind;
  return kind;
}

int
kg_yylex (KG_YYSTYPE *yylval, KG_YYLTYPE *yylloc, KgParseCtx *ctx)
{
  KgToken *t = NULL;
  int kind = filter_token (ctx, &t);
  *yylval = t->val;
  *yylloc = t->loc;
  if (kind == KG_TOK_KG_YYerror)
    {
      if (ctx->error == NULL)
        ctx->error = g_steal_pointer (&t->error);
    }
  else if (kind == '(' || kind == KG_TOK_LPAREN_PAT || kind == '[' || kind == '{')
    {
      g_array_append_val (ctx->open, t->loc);
      if (kind == '(' && ctx->after_trim)
        ctx->trim_depth = ctx->open->len;
      if (ctx->open->len > KG_PARSE_MAX_DEPTH)
        {
          kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, &t->loc,
                              "query is nested too deeply (more than %d levels of brackets)",
                              KG_PARSE_MAX_DEPTH);
          kind = KG_TOK_KG_YYerror;
        }
    }
  else if ((kind == ')' || kind == ']' || kind == '}') && ctx->open->len > 0)
    {
      g_array_set_size (ctx->open, ctx->open->len - 1);
      if (ctx->open->len < ctx->trim_depth)
        ctx->trim_depth = 0;
    }
  /* trim gets a token of its own, so only its parentheses offer the SQL forms (and an
   * error inside another call never lists FROM as what could come next) */
  if (kind == KG_TOK_FUNCNAME && g_ascii_strcasecmp (yylval->KG_TOK_FUNCNAME, "trim") == 0)
    kind = KG_TOK_TRIM_NAME;
  ctx->after_trim = kind == KG_TOK_TRIM_NAME;
  /* the value now belongs to the parser */
  t->kind = 0;
  token_free (t);
  if (ctx->n_handed == 0 && (kind == KG_TOK_EXPLAIN || kind == KG_TOK_PROFILE))
    ctx->prefixed = TRUE;
  ctx->last_kind2 = ctx->last_kind;
  ctx->last_kind = kind;
  ctx->n_handed++;
  return kind;
}

/* --- kg_parse ------------------------------------------------------------------------ */

KgAst *
kg_parse (const char *src, gssize len, const char *filename, const KgPos *origin, GError **error)
{
  g_return_val_if_fail (src != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gsize n = len < 0 ? strlen (src) : (gsize) len;
  KgPos start = origin != NULL ? *origin : (KgPos) KG_POS_INIT;
  if (n > (gsize) G_MAXINT / 2)
    {
      /* flex buffers are sized with int */
      kg_query_error_set (error, KG_QUERY_ERROR_SYNTAX, filename, NULL, "query text is too long (%" G_GSIZE_FORMAT " bytes)", n);
      return NULL;
    }
  if (!check_encoding (src, n, filename, &start, error))
    return NULL;

  KgParseCtx ctx = { 0 };
  ctx.src = src;
  ctx.len = n;
  ctx.filename = filename;
  ctx.origin = start;
  ctx.queue = g_ptr_array_new ();
  ctx.scan_budget = 1 << 20;
  ctx.open = g_array_new (FALSE, FALSE, sizeof (KgSpan));
  ctx.lexer.filename = filename;
  if (!kg_lex_begin (&ctx.scanner, &ctx.lexer, src, n, &start))
    g_error ("cannot initialise the Cypher lexer");

  static gsize debug_init = 0;
  if (g_once_init_enter (&debug_init))
    {
      kg_yydebug = g_strcmp0 (g_getenv ("KG_YYDEBUG"), "1") == 0;
      g_once_init_leave (&debug_init, 1);
    }

  int rc = kg_yyparse (&ctx);

  for (guint i = ctx.queue_head; i < ctx.queue->len; i++)
    token_free (ctx.queue->pdata[i]);
  g_ptr_array_unref (ctx.queue);
  g_array_unref (ctx.open);
  g_free (ctx.selector_param);
  kg_lex_end (ctx.scanner, &ctx.lexer);

  if (rc != 0 || ctx.error != NULL)
    {
      kg_ast_free (ctx.result);
      if (ctx.error == NULL)
        kg_query_error_set (&ctx.error, KG_QUERY_ERROR_SYNTAX, filename, NULL, "syntax error");
      g_propagate_error (error, ctx.error);
      return NULL;
    }
  kg_ast_balance_logic (&ctx.result);
  if (!kg_ast_check_tree (ctx.result, filename, error))
    {
      kg_ast_free (ctx.result);
      return NULL;
    }
  return ctx.result;
}

/* --- Lexer-only helpers ------------------------------------------------------------------ */

/* Calls @fn for every raw token of @src; stops when it returns FALSE or at the end. */
typedef gboolean (*KgTokenFunc) (KgToken *t, gpointer data);

static void
scan_tokens (const char *src, gsize len, KgTokenFunc fn, gpointer data)
{
  KgLexer lx = { 0 };
  yyscan_t scanner;
  len = MIN (len, (gsize) G_MAXINT / 2); /* flex buffers are sized with int */
  if (!kg_lex_begin (&scanner, &lx, src, len, NULL))
    g_error ("cannot initialise the Cypher lexer");
  for (;;)
    {
      KgToken *t = lex_one (scanner, &lx);
      gboolean go_on = t->kind != KG_TOK_YYEOF && fn (t, data);
      token_free (t);
      if (!go_on)
        break;
    }
  kg_lex_end (scanner, &lx);
}

typedef struct
{
  GArray *slices;
  gboolean open; /* a statement has started */
  KgPos start;
  KgPos last_end;
  int depth;
} SplitState;

static gboolean
split_token (KgToken *t, gpointer data)
{
  SplitState *st = data;
  if (t->kind == ';' && st->depth == 0)
    {
      if (st->open)
        {
          KgStatementSlice s = { st->start, t->loc.start.offset - st->start.offset, TRUE };
          g_array_append_val (st->slices, s);
        }
      st->open = FALSE;
      return TRUE;
    }
  if (!st->open)
    {
      st->open = TRUE;
      st->start = t->loc.start;
    }
  st->last_end = t->loc.end;
  if (t->kind == '(' || t->kind == '[' || t->kind == '{')
    st->depth++;
  else if ((t->kind == ')' || t->kind == ']' || t->kind == '}') && st->depth > 0)
    st->depth--;
  return TRUE;
}

GArray *
kg_parse_split (const char *src, gssize len)
{
  g_return_val_if_fail (src != NULL, NULL);
  gsize n = len < 0 ? strlen (src) : (gsize) len;
  SplitState st = { g_array_new (FALSE, FALSE, sizeof (KgStatementSlice)), FALSE, KG_POS_INIT, KG_POS_INIT, 0 };
  scan_tokens (src, n, split_token, &st);
  if (st.open)
    {
      KgStatementSlice s = { st.start, st.last_end.offset - st.start.offset, FALSE };
      g_array_append_val (st.slices, s);
    }
  return st.slices;
}

typedef struct
{
  int depth;
  int last;
  gboolean open_text; /* an unterminated string, comment or quoted name */
} CompleteState;

static gboolean
complete_token (KgToken *t, gpointer data)
{
  CompleteState *st = data;
  if (t->kind == KG_TOK_KG_YYerror && g_error_matches (t->error, KG_QUERY_ERROR, KG_QUERY_ERROR_INCOMPLETE))
    {
      st->open_text = TRUE;
      return FALSE;
    }
  if (t->kind == '(' || t->kind == '[' || t->kind == '{')
    st->depth++;
  else if ((t->kind == ')' || t->kind == ']' || t->kind == '}') && st->depth > 0)
    st->depth--;
  st->last = t->kind;
  return TRUE;
}

gboolean
kg_parse_is_complete (const char *buf)
{
  g_return_val_if_fail (buf != NULL, FALSE);
  CompleteState st = { 0, 0, FALSE };
  scan_tokens (buf, strlen (buf), complete_token, &st);
  return !st.open_text && st.depth == 0 && st.last == ';';
}
