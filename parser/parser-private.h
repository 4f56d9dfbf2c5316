/* parser/parser-private.h — what the lexer, the grammar and parser.c share, and nobody else.
 *
 * Holds the parse context (source text, error slot, token look-ahead queue, result), the
 * lexer's extra state (position, string buffer) and the small AST-building helpers the
 * grammar actions call. It does not declare anything the engine or the frontends may use:
 * their contract is parser/parser.h and parser/ast.h.
 */
#pragma once

#include <glib.h>

#include "common/error.h"
#include "parser/ast.h"

G_BEGIN_DECLS

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

typedef struct KgParseCtx KgParseCtx;

/* Hop counts of a variable-length relationship while the grammar builds it. */
typedef struct
{
  gboolean given; /* `*` was written */
  gint64 min;
  gint64 max;
} KgHops;

/* The lexer's extra state (flex's yyextra). */
typedef struct
{
  KgPos pos;       /* position of the next byte to scan, in file coordinates */
  KgPos origin;    /* position of the first byte of the scanned text */
  const char *src; /* the scanned text (for keyword spellings and error excerpts) */
  gsize len;
  const char *filename;
  GString *buf;            /* string literal being decoded */
  KgSpan str_span;         /* from the opening quote */
  gboolean str_bad;        /* an error was found inside the current string literal */
  gunichar high_surrogate; /* pending \uD8xx waiting for its low half */
  GError *tok_error;       /* lexical error of the token just returned (KG_TOK_KG_YYerror) */
  gboolean at_eof;
} KgLexer;

/* Bit of KgAst.flags the parser uses privately: a literal 9223372036854775808 that only
 * a unary minus in front of it makes valid. Cleared before the tree is handed out. */
#define KG_AST_F_PRIVATE_BIGINT (1u << 30)

/* Deepest syntax tree kg_parse() hands out: the binder and evaluator recurse over it. */
#define KG_PARSE_MAX_DEPTH 1000

/* Longest look-ahead (in tokens) the lexer filter uses to tell a pattern from an
 * expression (to skip a property map); past it, `(` is read as an expression. A budget
 * of look-ahead steps per token (KgParseCtx.scan_budget) keeps the total linear. */
#define KG_PARSE_MAX_LOOKAHEAD 4096

struct KgParseCtx
{
  const char *src; /* the whole text handed to kg_parse() */
  gsize len;
  const char *filename;
  KgPos origin;
  GError *error; /* first error wins */
  KgAst *result;
  yyscan_t scanner;
  KgLexer lexer;    /* the scanner's extra state */
  GPtrArray *queue; /* look-ahead of raw tokens (KgToken *), from queue_head on */
  guint queue_head;
  GArray *open;             /* KgSpan of each bracket handed to the parser and not yet closed */
  gsize scan_budget;        /* look-ahead steps left: keeps hostile input linear (32 per token) */
  int last_kind;            /* kind of the last token handed to the parser */
  int last_kind2;           /* and of the one before it */
  guint n_handed;           /* tokens handed to the parser so far */
  gboolean prefixed;        /* the statement starts with EXPLAIN or PROFILE */
  gboolean index_statement; /* the statement is CREATE/DROP INDEX or SHOW INDEXES */
  int load_csv;             /* where in a LOAD CSV clause the parser is (parser.c's LOAD_*) */
  gboolean after_trim;      /* the last token was the function name trim */
  guint trim_depth;         /* open brackets inside trim( ... ), where BOTH, LEADING, TRAILING
                             * and FROM are words of the call; 0 outside */
  char *selector_param;     /* (nullable) `SHORTEST $k`: the parameter of the path prefix
                             * being parsed, until its pattern part takes it */
};

/* --- Lexer entry points (lexer.l) ----------------------------------------------- */

/* kg_lex_raw() (raw tokens, before the look-ahead filter in parser.c) and kg_yylex()
 * (the filter the grammar calls) are declared in the generated grammar.h. */

/* Starts scanning @len bytes of @src (copied). */
gboolean kg_lex_begin (yyscan_t *scanner, KgLexer *lx, const char *src, gsize len, const KgPos *origin);
void kg_lex_end (yyscan_t scanner, KgLexer *lx);

/* The text @span covers in the source, as a new string. */
char *kg_parse_ctx_text (KgParseCtx *ctx, const KgSpan *span);

/* Keyword lookup shared by the lexer and kg_parse_keywords(): the token kind, or -1. */
int kg_keyword_lookup (const char *word, gsize len);

/* --- AST helpers for the grammar actions (ast.c) ------------------------------- */

KgAst *kg_ast_new1 (KgAstKind kind, const KgSpan *span, KgAst *a);
KgAst *kg_ast_new2 (KgAstKind kind, const KgSpan *span, KgAst *a, KgAst *b);
KgAst *kg_ast_binop (KgAstOp op, const KgSpan *span, KgAst *a, KgAst *b);
/* Sets ->name, taking ownership of @name. */
void kg_ast_take_name (KgAst *ast, char *name);
/* Appends @name to ->names, taking ownership. */
void kg_ast_take_names_item (KgAst *ast, char *name);
/* Moves the strings of @names (transfer full) into ->names. */
void kg_ast_take_names (KgAst *ast, GPtrArray *names);

/* Regroups long AND/OR/XOR chains into balanced trees (they are associative). */
void kg_ast_balance_logic (KgAst **root);

/* Iterative checks after a successful parse: the depth limit, left-over big literals,
 * pattern expressions outside conditions, parameters as property maps in MATCH/MERGE,
 * label expressions in DELETE, YIELD * inside a larger query. */
gboolean kg_ast_check_tree (const KgAst *ast, const char *filename, GError **error);

G_END_DECLS
