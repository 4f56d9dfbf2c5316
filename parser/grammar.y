/* parser/grammar.y — the openCypher grammar (bison 3.8, pure, LALR(1) with LAC).
 *
 * Builds a KgAst whose node layouts are documented in parser/ast.h, with the source span
 * of every node. It must not touch the graph or any global state: label existence,
 * variable scoping, aggregation rules and the like are checked in engine/bind.c. Syntax
 * errors are reported in a Cypher user's words with the tokens that could have come
 * next; an error at the end of the text is KG_QUERY_ERROR_INCOMPLETE.
 *
 * Cypher is not LALR(1) as written: `(a)` may start a pattern or a parenthesized
 * expression, `[x IN l ...]` may be a comprehension or a list holding `x IN l`, and
 * `a.b(` is a namespaced function rather than a property. The look-ahead filter in
 * parser.c (kg_yylex) settles these by renaming tokens before the parser sees them:
 * LPAREN_PAT for a `(` that starts a node pattern followed by a relationship,
 * COMP_IDENT for the variable of a list comprehension, PATH_IDENT for a path variable
 * inside a pattern comprehension, FUNCNAME for a (dotted) name followed by `(`.
 *
 * Rules in brief:
 *   query        := [EXPLAIN|PROFILE] single_query (UNION [ALL] single_query)* [';']
 *                 | [EXPLAIN] index_statement [';'] | [EXPLAIN] show_statement [';']
 *   show_statement := SHOW PROCEDURES|FUNCTIONS|DATABASES [name] [YIELD names|* [WHERE e]
 *                     [RETURN ...] | WHERE e]   (a query of one CALL of a SHOW table)
 *   index_statement := CREATE INDEX [name] [IF NOT EXISTS] FOR (v:L) ON (v.k)
 *                 | CREATE INDEX ON :L(k) | DROP INDEX name [IF EXISTS] | DROP INDEX ON :L(k)
 *                 | SHOW INDEX | SHOW INDEXES   (contextual words: see index_word in parser.c)
 *                 | CREATE FULLTEXT INDEX [name] [IF NOT EXISTS] FOR (v:A|B) ON EACH [v.p, ...]
 *                   [OPTIONS {...}]  |  ... FOR ()-[v:T|U]-() ON EACH [v.p, ...] [OPTIONS {...}]
 *   single_query := clause+          (clause order is checked by the binder)
 *   clause       := [OPTIONAL] MATCH pattern [WHERE e] | UNWIND e AS v | WITH ... | RETURN ...
 *                 | CREATE pattern | MERGE part (ON CREATE|MATCH SET ...)* | SET ... | REMOVE ...
 *                 | [DETACH] DELETE e, ... | CALL proc[(args)] [YIELD names]
 *                 | LOAD CSV [WITH HEADERS] FROM e AS v [FIELDTERMINATOR 'c']
 *                 | [OPTIONAL] CALL [(v, ...) | (*) | ()] { union_query }
 *                 | FOREACH (v IN e | clause+)
 *   pattern      := part (',' part)*;  part := [v '='] [shortestPath|allShortestPaths]
 *                   node (rel node)*  |  [v '='] [selector] [mode] path  (GQL path patterns:
 *                   path := element+ or '(' [v '='] element+ [WHERE e] ')'; element := node,
 *                   rel [quantifier] node, or '(' node (rel node)+ [WHERE e] ')' quantifier;
 *                   quantifier := + | * | {n} | {n,m} | {n,} | {,m})
 *   expr         := OR < XOR < AND < NOT < comparison (chains) < IN/STARTS WITH/ENDS WITH/
 *                   CONTAINS/=~/IS [NOT] NULL < + - < * / % < ^ < unary +- < labels
 *                   < postfix . [i] [a..b] < atoms
 *
 * %expect 0 (jq's policy): conflicts are resolved with the filter or precedence, never
 * tolerated. The one precedence pair below lets an expression pattern keep growing
 * (`(a)-->(b)-->(c)`) instead of ending before a `-` or `<`.
 */
%require "3.8"
%expect 0

%code requires {
#include "parser/parser-private.h"
/* A GQL path pattern prefix: selector (KgPathSelector), its count (-1: not written;
 * KG_PATH_K_PARAM: a parameter, in KgParseCtx.selector_param) and the path mode
 * (KgPathMode). */
#define KG_PATH_K_PARAM (-2)
typedef struct
{
  int selector;
  gint64 k;
  int mode;
} KgPathPrefix;
/* span = first RHS start .. last RHS end; an empty rule sits where the previous one ended */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                         \
  do                                                        \
    {                                                       \
      if (N)                                                \
        {                                                   \
          (Cur).start = YYRHSLOC (Rhs, 1).start;            \
          (Cur).end = YYRHSLOC (Rhs, N).end;                \
        }                                                   \
      else                                                  \
        (Cur).start = (Cur).end = YYRHSLOC (Rhs, 0).end;    \
    }                                                       \
  while (0)
}

%code provides {
int kg_yylex (KG_YYSTYPE *yylval, KG_YYLTYPE *yylloc, KgParseCtx *ctx);
int kg_lex_raw (KG_YYSTYPE *yylval, KG_YYLTYPE *yylloc, yyscan_t scanner);
}

%code {
#include <string.h>
static void kg_yyerror (KG_YYLTYPE *loc, KgParseCtx *ctx, const char *msg);
static KgAst *make_literal (const KgSpan *span, KgValue v);
static KgAst *make_variable (const KgSpan *span, char *name);
static KgAst *make_property (const KgSpan *span, KgAst *of, char *key);
static KgAst *make_names (KgAstKind kind, const KgSpan *span, KgAst *child, GPtrArray *names);
static KgAst *make_projection (KgAstKind kind, const KgSpan *span, int distinct, KgAst *items,
                               KgAst *order, KgAst *skip, KgAst *limit);
static KgAst *make_node_pattern (const KgSpan *span, char *var, KgAst *labels, KgAst *props);
static KgAst *labels_new (const KgSpan *span);
static KgAst *labels_add (KgAst *labels, char *name, KgAst *dynamic);
static KgAst *labels_node (KgAstKind kind, const KgSpan *span, KgAst *child, KgAst *labels);
static KgAst *make_rel_pattern (const KgSpan *span, KgAst *detail, KgAstDirection dir);
static KgAst *make_rel_detail (const KgSpan *span, char *var, KgAst *types, KgHops hops, KgAst *props);
static KgAst *make_chain (const KgSpan *span, KgAst *left, KgAstOp op, KgAst *right);
static KgAst *make_merge_action (const KgSpan *on, const KgSpan *set, KgAst *items, guint flags);
static KgAst *make_negation (const KgSpan *span, KgAst *operand);
static KgAst *make_function (const KgSpan *span, char *name, GPtrArray *args, guint flags);
static KgAst *make_list (KgAstKind kind, const KgSpan *span, GPtrArray *items);
static KgAst *set_span (KgAst *ast, const KgSpan *span);
static KgAst *add_flags (KgAst *ast, guint flags);
static KgAst *take_child (KgAst *ast, guint i);
static KgAst *make_index (KgAstKind kind, const KgSpan *span, char *name, char *label, char *key, guint flags);
static KgAst *make_constraint (KgParseCtx *ctx, const KgSpan *span, char *name, int if_not_exists, KgAst *target,
                               KgAst *keys, char *rule, const KgSpan *rule_span);
static KgAst *take_rel_target (KgParseCtx *ctx, KgAst *rel);
static KgAst *make_fulltext (const KgSpan *span, char *name, int if_not_exists, guint flags, KgAst *var, KgAst *names,
                             KgAst *keys, KgAst *options);
static GPtrArray *names_new (char *first);
static GPtrArray *exprs_new (KgAst *first);
static void set_yield (KgAst *call, GPtrArray *pairs);
static GPtrArray *star_yield (void);
static KgAst *make_type (KgParseCtx *ctx, const KgSpan *span, char *words, KgAst *inner);
static KgAst *add_union (const KgSpan *span, KgAst *left, KgAst *right);
static void add_yield_where (KgAst *call, KgAst *where);
static gboolean hops_value (KgParseCtx *ctx, const KgSpan *span, guint64 v, gint64 *out);
static gboolean static_names (KgParseCtx *ctx, const KgAst *labels);
static void refuse_dynamic_name (KgParseCtx *ctx, const KgAst *dyn);
static KgAst *part_add (KgAst *part, KgAst *el);
static KgAst *part_add_qpp (KgAst *part, KgAst *qpp);
static KgAst *part_add_node (KgParseCtx *ctx, KgAst *part, KgAst *node);
static KgAst *part_finish (KgAst *part);
static KgAst *make_qpp (KgParseCtx *ctx, const KgSpan *span, KgAst *inner, KgAst *where, KgHops q);
static KgAst *make_quantified_rel (const KgSpan *span, KgAst *rel, KgHops q);
static KgAst *refuse_quantified (KgParseCtx *ctx, KgAst *qpp);
static KgAst *make_paren_part (KgParseCtx *ctx, const KgSpan *span, char *var, KgAst *part, KgAst *where);
static KgAst *apply_prefix (KgParseCtx *ctx, const KgSpan *span, KgAst *part, KgPathPrefix prefix);
static KgAst *name_part (KgParseCtx *ctx, const KgSpan *span, char *var, KgAst *part);
static KgAst *add_inline_where (KgAst *el, KgAst *where);
static KgAst *plain_element (KgParseCtx *ctx, KgAst *part, const char *what);
static gboolean word_is (KgParseCtx *ctx, const char *text, const KgSpan *span, const char *word, const char *where);
static gboolean concurrent_word (KgParseCtx *ctx, const char *text, const KgSpan *span);
static KgAst *make_trim (const KgSpan *span, char *name, int side, KgAst *chars, KgAst *source);
static KgAst *make_standalone (const KgSpan *span, KgAst *order, KgAst *skip, KgAst *limit, KgAst *where);
static KgAst *show_query (const KgSpan *span, GPtrArray *yield, KgAst *page, KgAst *where);
static KgAst *show_return (KgAst *query);
static gboolean txn_option_once (KgParseCtx *ctx, KgAst *txn, guint flag, const KgSpan *span, const char *what);
}

%define api.prefix {kg_yy}
%define api.pure full
%define api.location.type {KgSpan}
%define api.token.prefix {KG_TOK_}
%define api.value.type union
%define parse.error custom
%define parse.lac full
%define parse.trace
%locations

%param {KgParseCtx *ctx}

%initial-action { @$.start = @$.end = ctx->origin; }

%token <char *>    IDENT      "identifier"
%token <char *>    FUNCNAME   "function name"
%token <int>       DYN_LABEL  "'$('"      /* `$`, `$all` or `$any` before `(`: KgDynamicLabel */
%token <char *>    TRIM_NAME  "trim"       /* FUNCNAME trim: its parentheses take SQL's forms */
%token <char *>    PATH_IDENT "path variable"
%token <char *>    COMP_IDENT "list variable"
%token <char *>    PARAM      "parameter"
%token <GString *> STRING     "string literal"
%token <guint64>   INT        "integer literal"
%token <double>    FLOAT      "float literal"
%token LPAREN_PAT "node pattern"
%token <int>       SUBQUERY_KW "COUNT"  /* COUNT or COLLECT before `{` and a query: KgAstSubquery */
%token <char *>    SHOW_KIND "PROCEDURES" /* after SHOW: procedures, functions or databases */
%token <int>       TRIM_SIDE "BOTH"    /* trim(BOTH|LEADING|TRAILING ...): 0, 1, 2 (parser.c's trim_word) */
%token DOTDOT ".." NE "<>" LE "<=" GE ">=" REGEX "=~" PLUSEQ "+="
%token TYPE_COLONS "::" /* `x :: TYPE` after an operand (parser.c); IS :: keeps two ':' */

/* Keywords: keep in step with the table in parser.c. */
%token ALL "ALL" ALLSHORTESTPATHS "allShortestPaths" AND "AND" ANY "ANY" AS "AS"
%token ASC "ASC" ASCENDING "ASCENDING" BY "BY" CALL "CALL" CASE "CASE" CONTAINS "CONTAINS"
%token CREATE "CREATE" DELETE "DELETE" DESC "DESC" DESCENDING "DESCENDING" DETACH "DETACH"
%token DISTINCT "DISTINCT" ELSE "ELSE" END "END" ENDS "ENDS" EXISTS "EXISTS"
%token EXPLAIN "EXPLAIN" FALSE "false" FOREACH "FOREACH" IN "IN" IS "IS" LIMIT "LIMIT" MATCH "MATCH"
%token MERGE "MERGE" NONE "NONE" NOT "NOT" NULL "null" ON "ON" OPTIONAL "OPTIONAL"
%token OR "OR" ORDER "ORDER" PROFILE "PROFILE" REDUCE "REDUCE" REMOVE "REMOVE"
%token RETURN "RETURN" SET "SET" SHORTESTPATH "shortestPath" SINGLE "SINGLE" SKIP "SKIP"
%token STARTS "STARTS" THEN "THEN" TRUE "true" UNION "UNION" UNWIND "UNWIND" WHEN "WHEN"
%token WHERE "WHERE" WITH "WITH" XOR "XOR" YIELD "YIELD"

/* Words of the index statements. They are not reserved: the look-ahead filter in
 * parser.c turns an identifier into one of these only where a name cannot stand
 * (SHOW and DROP first in a statement, INDEX after them or after a leading CREATE,
 * IF before NOT/EXISTS and FOR before `(` inside an index statement). */
%token SHOW "SHOW" DROP "DROP" INDEX "INDEX" INDEXES "INDEXES" IF "IF" FOR "FOR"
/* Words of GQL path patterns, contextual in the same way (path_word in parser.c): SHORTEST,
 * a path mode (WALK, TRAIL, ACYCLIC, SIMPLE: the KgPathMode), PATH or PATHS, GROUP or GROUPS,
 * only where they start a pattern part or follow one another there. */
%token SHORTEST "SHORTEST" PATHS "PATHS" GROUPS "GROUPS"
%token <int> PATH_MODE "path mode"
/* Words of the constraint statements, contextual in the same way (CONSTRAINT and
 * CONSTRAINTS after a leading CREATE, DROP or SHOW; REQUIRE inside the statement). */
%token CONSTRAINT "CONSTRAINT" CONSTRAINTS "CONSTRAINTS" REQUIRE "REQUIRE"
/* Full-text index words, contextual in the same way: FULLTEXT between CREATE and INDEX,
 * EACH between ON and `[`, OPTIONS before `{` in an index statement. */
%token FULLTEXT "FULLTEXT" EACH "EACH" OPTIONS "OPTIONS"

/* Words of LOAD CSV, not reserved either: LOAD becomes a keyword only before CSV, and
 * the others only at their places in that clause (load_csv_word in parser.c). */
%token LOAD "LOAD" CSV "CSV" HEADERS "HEADERS" FROM "FROM" FIELDTERMINATOR "FIELDTERMINATOR"

/* GQL's clause words, contextual too: OFFSET, FILTER and FINISH are keywords only right
 * after a token that ends an operand (where a name cannot stand: clause_word in parser.c). */
%token OFFSET "OFFSET" FILTER "FILTER" FINISH "FINISH"

%precedence PATTERN_END TYPE_END
%precedence '-' '<' '|'
/* `WITH x ORDER BY y` keeps ORDER BY (and SKIP, OFFSET, LIMIT) in the WITH rather than
 * ending it before a standalone ORDER BY: the same rows either way. */
%precedence PROJECTION_END
%precedence ORDER SKIP OFFSET LIMIT

%nterm <KgAst *> statement union_query single_query clause match_clause unwind_clause
%nterm <KgAst *> with_clause return_clause create_clause merge_clause set_clause
%nterm <KgAst *> remove_clause delete_clause call_clause opt_where projection_list
%nterm <KgAst *> load_csv_clause opt_field_terminator
%nterm <KgAst *> projection_items projection_item opt_order sort_items sort_item opt_skip
%nterm <KgAst *> opt_limit set_items set_item prop_target remove_items remove_item
%nterm <KgAst *> pattern pattern_part anon_part pattern_element node_pattern node_body
%nterm <KgAst *> expr_pattern rel_pattern rel_detail opt_props map_literal map_entries
%nterm <KgAst *> expr or_expr xor_expr and_expr not_expr cmp_expr cmp_chain pred_expr
%nterm <KgAst *> add_expr mul_expr pow_expr unary_expr label_expr postfix_expr atom
%nterm <KgAst *> labels opt_labels opt_rel_types rel_types dyn_label
%nterm <KgAst *> literal variable opt_expr case_alts opt_else map_proj_items map_proj_item
%nterm <KgAst *> comprehension_tail index_statement index_keys call_subquery call_scope foreach_clause call_head
%nterm <KgAst *> in_transactions standalone_clause
%nterm <KgAst *> show_statement show_call show_tail show_filter show_page opt_show_name
%nterm <char *> schema_kind
%nterm <KgAst *> type_test type_union type_one type_base
%nterm <char *> type_words type_word
%nterm <KgAst *> opt_index_options
%nterm <KgAst *> constraint_statement constraint_target constraint_keys
%nterm <char *> constraint_rule constraint_type constraint_type_one
%nterm <GPtrArray *> expr_list node_labels yield_items
%nterm <GPtrArray *> var_names
%nterm <char *> name var_name opt_var proc_name opt_index_name func_name
%nterm <int> opt_if_not_exists opt_if_exists
%nterm <KgHops> opt_range path_quantifier
%nterm <KgAst *> path_body qpp
%nterm <KgPathPrefix> path_prefix
%nterm <int> opt_path_mode
%nterm <int> opt_distinct cmp_op quantifier

%destructor { g_free ($$); } <char *>
%destructor { g_string_free ($$, TRUE); } <GString *>
%destructor { kg_ast_free ($$); } <KgAst *>
%destructor { if ($$ != NULL) g_ptr_array_unref ($$); } <GPtrArray *>
%printer { fprintf (yyo, "%s", $$ != NULL ? $$ : "(none)"); } <char *>
%printer { fprintf (yyo, "%s", $$ != NULL ? kg_ast_kind_name ($$->kind) : "(none)"); } <KgAst *>

%start query

%%

/* --- Statements ----------------------------------------------------------------- */

query:
    statement opt_semi          { ctx->result = $1; }
  ;

opt_semi: %empty | ';' ;

statement:
    union_query                 { $$ = kg_ast_new1 (KG_AST_QUERY, &@$, $1); }
  | EXPLAIN union_query         { $$ = add_flags (kg_ast_new1 (KG_AST_QUERY, &@$, $2), KG_AST_F_EXPLAIN); }
  | PROFILE union_query         { $$ = add_flags (kg_ast_new1 (KG_AST_QUERY, &@$, $2), KG_AST_F_PROFILE); }
  | index_statement             { $$ = kg_ast_new1 (KG_AST_QUERY, &@$, $1); }
  | EXPLAIN index_statement     { $$ = add_flags (kg_ast_new1 (KG_AST_QUERY, &@$, $2), KG_AST_F_EXPLAIN); }
  | show_statement              { $$ = kg_ast_new1 (KG_AST_QUERY, &@$, $1); }
  | EXPLAIN show_statement      { $$ = add_flags (kg_ast_new1 (KG_AST_QUERY, &@$, $2), KG_AST_F_EXPLAIN); }
  ;


union_query:
    single_query
  | union_query UNION single_query      { $$ = kg_ast_new2 (KG_AST_UNION, &@$, $1, $3); }
  | union_query UNION ALL single_query  { $$ = add_flags (kg_ast_new2 (KG_AST_UNION, &@$, $1, $4), KG_AST_F_ALL); }
  ;

single_query:
    clause                      { $$ = kg_ast_new1 (KG_AST_SINGLE_QUERY, &@$, $1); }
  | single_query clause         { kg_ast_add_child ($1, $2); $$ = set_span ($1, &@$); }
  ;

clause:
    match_clause | unwind_clause | with_clause | return_clause | create_clause
  | merge_clause | set_clause | remove_clause | delete_clause | call_clause
  | load_csv_clause | call_subquery | foreach_clause | standalone_clause
  ;

/* GQL's standalone ORDER BY, SKIP/OFFSET, LIMIT and FILTER (Neo4j 5.24+) stand for
 * `WITH * ORDER BY ... SKIP ... LIMIT ...` and `WITH * WHERE ...`, built as such a WITH
 * marked KG_AST_F_STANDALONE; FINISH ends a query that returns nothing. */
standalone_clause:
    ORDER BY sort_items opt_skip opt_limit
      {
        KgSpan order = { @1.start, @3.end };
        $$ = make_standalone (&@$, set_span ($3, &order), $4, $5, NULL);
      }
  | SKIP expr opt_limit         { $$ = make_standalone (&@$, NULL, $2, $3, NULL); }
  | OFFSET expr opt_limit       { $$ = make_standalone (&@$, NULL, $2, $3, NULL); }
  | LIMIT expr                  { $$ = make_standalone (&@$, NULL, NULL, $2, NULL); }
  | FILTER expr                 { $$ = make_standalone (&@$, NULL, NULL, NULL, $2); }
  | FILTER WHERE expr           { $$ = make_standalone (&@$, NULL, NULL, NULL, $3); }
  | FINISH                      { $$ = kg_ast_new (KG_AST_FINISH, &@$); }
  ;

/* --- Reading clauses ------------------------------------------------------------ */

load_csv_clause:
    LOAD CSV FROM expr AS variable opt_field_terminator
      { $$ = kg_ast_new2 (KG_AST_LOAD_CSV, &@$, $4, $6); kg_ast_add_child ($$, $7); }
  | LOAD CSV WITH HEADERS FROM expr AS variable opt_field_terminator
      { $$ = add_flags (kg_ast_new2 (KG_AST_LOAD_CSV, &@$, $6, $8), KG_AST_F_HEADERS); kg_ast_add_child ($$, $9); }
  ;

opt_field_terminator:
    %empty                      { $$ = NULL; }
  | FIELDTERMINATOR STRING      { $$ = make_literal (&@2, kg_value_string_len ($2->str, $2->len)); g_string_free ($2, TRUE); }
  ;

match_clause:
    MATCH pattern opt_where           { $$ = kg_ast_new2 (KG_AST_MATCH, &@$, $2, $3); }
  | OPTIONAL MATCH pattern opt_where  { $$ = add_flags (kg_ast_new2 (KG_AST_MATCH, &@$, $3, $4), KG_AST_F_OPTIONAL); }
  ;

opt_where:
    %empty                      { $$ = NULL; }
  | WHERE expr                  { $$ = $2; }
  ;

unwind_clause:
    UNWIND expr AS variable     { $$ = kg_ast_new2 (KG_AST_UNWIND, &@$, $2, $4); }
  ;

with_clause:
    WITH opt_distinct projection_list opt_order opt_skip opt_limit opt_where
      {
        $$ = make_projection (KG_AST_WITH, &@$, $2, $3, $4, $5, $6);
        kg_ast_add_child ($$, $7);
      }
  ;

return_clause:
    RETURN opt_distinct projection_list opt_order opt_skip opt_limit
      { $$ = make_projection (KG_AST_RETURN, &@$, $2, $3, $4, $5, $6); }
  ;

opt_distinct:
    %empty                      { $$ = 0; }
  | DISTINCT                    { $$ = KG_AST_F_DISTINCT; }
  ;

projection_list:
    '*'                         { $$ = add_flags (kg_ast_new (KG_AST_PROJECTION_LIST, &@$), KG_AST_F_STAR); }
  | '*' ',' projection_items    { $$ = add_flags (set_span ($3, &@$), KG_AST_F_STAR); }
  | projection_items
  ;

projection_items:
    projection_item             { $$ = kg_ast_new1 (KG_AST_PROJECTION_LIST, &@$, $1); }
  | projection_items ',' projection_item
                                { kg_ast_add_child ($1, $3); $$ = set_span ($1, &@$); }
  ;

projection_item:
    expr                        { $$ = kg_ast_new1 (KG_AST_PROJECTION_ITEM, &@$, $1);
                                  kg_ast_take_name ($$, kg_parse_ctx_text (ctx, &@1)); }
  | expr AS name                { $$ = add_flags (kg_ast_new1 (KG_AST_PROJECTION_ITEM, &@$, $1), KG_AST_F_ALIASED);
                                  kg_ast_take_name ($$, $3); }
  ;

opt_order:
    %empty %prec PROJECTION_END { $$ = NULL; }
  | ORDER BY sort_items         { $$ = set_span ($3, &@$); }
  ;

sort_items:
    sort_item                   { $$ = kg_ast_new1 (KG_AST_ORDER_BY, &@$, $1); }
  | sort_items ',' sort_item    { kg_ast_add_child ($1, $3); $$ = set_span ($1, &@$); }
  ;

sort_item:
    expr                        { $$ = kg_ast_new1 (KG_AST_SORT_ITEM, &@$, $1); }
  | expr ASC                    { $$ = kg_ast_new1 (KG_AST_SORT_ITEM, &@$, $1); }
  | expr ASCENDING              { $$ = kg_ast_new1 (KG_AST_SORT_ITEM, &@$, $1); }
  | expr DESC                   { $$ = add_flags (kg_ast_new1 (KG_AST_SORT_ITEM, &@$, $1), KG_AST_F_DESC); }
  | expr DESCENDING             { $$ = add_flags (kg_ast_new1 (KG_AST_SORT_ITEM, &@$, $1), KG_AST_F_DESC); }
  ;

opt_skip:
    %empty %prec PROJECTION_END { $$ = NULL; }
  | SKIP expr                   { $$ = $2; }
  | OFFSET expr                 { $$ = $2; }
  ;

opt_limit:
    %empty %prec PROJECTION_END { $$ = NULL; }
  | LIMIT expr                  { $$ = $2; }
  ;

call_clause:
    call_head
  | call_head YIELD '*'         { $$ = set_span ($1, &@$); set_yield ($$, star_yield ()); }
  | call_head YIELD yield_items opt_where
      { $$ = set_span ($1, &@$); set_yield ($$, $3); add_yield_where ($$, $4); }
  ;

call_head:
    CALL func_name '(' ')'
      { $$ = kg_ast_new (KG_AST_CALL, &@$); kg_ast_take_name ($$, $2); }
  | CALL func_name '(' expr_list ')'
      { $$ = make_list (KG_AST_CALL, &@$, $4); kg_ast_take_name ($$, $2); }
  | CALL proc_name
      { $$ = add_flags (kg_ast_new (KG_AST_CALL, &@$), KG_AST_F_STAR); kg_ast_take_name ($$, $2); }
  ;

/* A called function's name; trim has a token of its own (see TRIM_NAME). */
func_name:
    FUNCNAME
  | TRIM_NAME
  ;

proc_name:
    IDENT
  | proc_name '.' name          { $$ = g_strconcat ($1, ".", $3, NULL); g_free ($1); g_free ($3); }
  ;

/* Pairs: column, alias (NULL when not aliased). */
yield_items:
    name                        { $$ = names_new ($1); g_ptr_array_add ($$, NULL); }
  | name AS name                { $$ = names_new ($1); g_ptr_array_add ($$, $3); }
  | yield_items ',' name        { g_ptr_array_add ($1, $3); g_ptr_array_add ($1, NULL); $$ = $1; }
  | yield_items ',' name AS name { g_ptr_array_add ($1, $3); g_ptr_array_add ($1, $5); $$ = $1; }
  ;

/* --- Writing clauses ------------------------------------------------------------ */

create_clause:
    CREATE pattern              { $$ = kg_ast_new1 (KG_AST_CREATE, &@$, $2); }
  ;

merge_clause:
    MERGE pattern_part          { $$ = kg_ast_new1 (KG_AST_MERGE, &@$, $2); }
  | merge_clause ON CREATE SET set_items
      { kg_ast_add_child ($1, make_merge_action (&@2, &@4, $5, KG_AST_F_ON_CREATE)); $$ = set_span ($1, &@$); }
  | merge_clause ON MATCH SET set_items
      { kg_ast_add_child ($1, make_merge_action (&@2, &@4, $5, KG_AST_F_ON_MATCH)); $$ = set_span ($1, &@$); }
  ;

set_clause:
    SET set_items               { $$ = set_span ($2, &@$); }
  ;

set_items:
    set_item                    { $$ = kg_ast_new1 (KG_AST_SET, &@$, $1); }
  | set_items ',' set_item      { kg_ast_add_child ($1, $3); $$ = set_span ($1, &@$); }
  ;

set_item:
    prop_target '=' expr        { $$ = kg_ast_new2 (KG_AST_SET_PROPERTY, &@$, $1, $3); }
  | variable '=' expr           { $$ = kg_ast_new2 (KG_AST_SET_ALL_PROPERTIES, &@$, $1, $3); }
  | variable PLUSEQ expr        { $$ = kg_ast_new2 (KG_AST_SET_MERGE_PROPERTIES, &@$, $1, $3); }
  | variable labels             { $$ = labels_node (KG_AST_SET_LABELS, &@$, $1, $2); }
  ;

prop_target:
    variable '.' name           { $$ = make_property (&@$, $1, $3); }
  | prop_target '.' name        { $$ = make_property (&@$, $1, $3); }
  | '(' expr ')' '.' name       { KgSpan inner = { @1.start, @3.end };
                                  $$ = make_property (&@$, set_span ($2, &inner), $5); }
  ;

remove_clause:
    REMOVE remove_items         { $$ = set_span ($2, &@$); }
  ;

remove_items:
    remove_item                 { $$ = kg_ast_new1 (KG_AST_REMOVE, &@$, $1); }
  | remove_items ',' remove_item { kg_ast_add_child ($1, $3); $$ = set_span ($1, &@$); }
  ;

remove_item:
    variable labels             { $$ = labels_node (KG_AST_REMOVE_LABELS, &@$, $1, $2); }
  | prop_target                 { $$ = kg_ast_new1 (KG_AST_REMOVE_PROPERTY, &@$, $1); }
  ;

delete_clause:
    DELETE expr_list            { $$ = make_list (KG_AST_DELETE, &@$, $2); }
  | DETACH DELETE expr_list     { $$ = add_flags (make_list (KG_AST_DELETE, &@$, $3), KG_AST_F_DETACH); }
  ;

/* --- Patterns ------------------------------------------------------------------- */

pattern:
    pattern_part                { $$ = kg_ast_new1 (KG_AST_PATTERN, &@$, $1); }
  | pattern ',' pattern_part    { kg_ast_add_child ($1, $3); $$ = set_span ($1, &@$); }
  ;

pattern_part:
    anon_part
  | var_name '=' anon_part      { $$ = name_part (ctx, &@$, $1, $3); if ($$ == NULL) YYERROR; }
  | PATH_IDENT '=' anon_part    { $$ = name_part (ctx, &@$, $1, $3); if ($$ == NULL) YYERROR; }
  ;

anon_part:
    path_body
  | path_prefix path_body       { $$ = apply_prefix (ctx, &@$, $2, $1); }
  | SHORTESTPATH '(' pattern_element ')'
      { $$ = plain_element (ctx, $3, "shortestPath()"); if ($$ == NULL) YYERROR;
        $$ = add_flags (set_span ($$, &@$), KG_AST_F_SHORTEST); }
  | ALLSHORTESTPATHS '(' pattern_element ')'
      { $$ = plain_element (ctx, $3, "allShortestPaths()"); if ($$ == NULL) YYERROR;
        $$ = add_flags (set_span ($$, &@$), KG_AST_F_ALL_SHORTEST); }
  ;

/* A path, or a parenthesized path with its own path variable and WHERE, which apply
 * before a selector chooses among the matches. */
path_body:
    pattern_element             { $$ = part_finish ($1); }
  | '(' pattern_element opt_where ')'
      { $$ = make_paren_part (ctx, &@$, NULL, $2, $3); if ($$ == NULL) YYERROR; }
  | '(' var_name '=' pattern_element opt_where ')'
      { $$ = make_paren_part (ctx, &@$, $2, $4, $5); if ($$ == NULL) YYERROR; }
  ;

/* SHORTEST k [mode] [PATHS] [GROUPS], ANY [k | SHORTEST], ALL [SHORTEST], or a mode alone */
path_prefix:
    PATH_MODE opt_paths         { $$ = (KgPathPrefix) { KG_PATH_SELECT_NONE, -1, $1 }; }
  | ALL opt_path_mode opt_paths { $$ = (KgPathPrefix) { KG_PATH_SELECT_ALL, -1, $2 }; }
  | ANY opt_path_mode opt_paths { $$ = (KgPathPrefix) { KG_PATH_SELECT_ANY, 1, $2 }; }
  | ANY INT opt_path_mode opt_paths
      { $$ = (KgPathPrefix) { KG_PATH_SELECT_ANY, -1, $3 }; if (!hops_value (ctx, &@2, $2, &$$.k)) YYERROR; }
  | ANY SHORTEST opt_path_mode opt_paths
                                { $$ = (KgPathPrefix) { KG_PATH_SELECT_SHORTEST, 1, $3 }; }
  | ALL SHORTEST opt_path_mode opt_paths
                                { $$ = (KgPathPrefix) { KG_PATH_SELECT_ALL_SHORTEST, -1, $3 }; }
  | SHORTEST INT opt_path_mode opt_paths
      { $$ = (KgPathPrefix) { KG_PATH_SELECT_SHORTEST, -1, $3 }; if (!hops_value (ctx, &@2, $2, &$$.k)) YYERROR; }
  | SHORTEST INT opt_path_mode opt_paths GROUPS
      { $$ = (KgPathPrefix) { KG_PATH_SELECT_GROUPS, -1, $3 }; if (!hops_value (ctx, &@2, $2, &$$.k)) YYERROR; }
  | SHORTEST PARAM opt_path_mode opt_paths
      { $$ = (KgPathPrefix) { KG_PATH_SELECT_SHORTEST, KG_PATH_K_PARAM, $3 }; g_free (ctx->selector_param); ctx->selector_param = $2; }
  | SHORTEST PARAM opt_path_mode opt_paths GROUPS
      { $$ = (KgPathPrefix) { KG_PATH_SELECT_GROUPS, KG_PATH_K_PARAM, $3 }; g_free (ctx->selector_param); ctx->selector_param = $2; }
  | ANY PARAM opt_path_mode opt_paths
      { $$ = (KgPathPrefix) { KG_PATH_SELECT_ANY, KG_PATH_K_PARAM, $3 }; g_free (ctx->selector_param); ctx->selector_param = $2; }
  | SHORTEST opt_path_mode opt_paths GROUPS
                                { $$ = (KgPathPrefix) { KG_PATH_SELECT_GROUPS, 1, $2 }; }
  ;

opt_path_mode:
    %empty                      { $$ = KG_PATH_MODE_DEFAULT; }
  | PATH_MODE
  ;

opt_paths: %empty | PATHS ;

/* A node, then relationships and nodes; quantified path patterns stand between nodes
 * or at either end (the nodes they join are then anonymous). */
pattern_element:
    node_pattern                { $$ = part_add (kg_ast_new (KG_AST_PATTERN_PART, &@$), $1); }
  | qpp                         { $$ = part_add_qpp (kg_ast_new (KG_AST_PATTERN_PART, &@$), $1); }
  | pattern_element rel_pattern node_pattern
                                { $$ = part_add (part_add ($1, $2), $3); $$ = set_span ($$, &@$); }
  | pattern_element rel_pattern path_quantifier node_pattern
      { $$ = part_add_qpp ($1, make_quantified_rel (&@2, $2, $3)); $$ = part_add ($$, $4); $$ = set_span ($$, &@$); }
  | pattern_element qpp         { $$ = set_span (part_add_qpp ($1, $2), &@$); }
  | pattern_element node_pattern
      { $$ = part_add_node (ctx, $1, $2); if ($$ == NULL) YYERROR; $$ = set_span ($$, &@$); }
  ;

qpp:
    '(' pattern_element opt_where ')' path_quantifier
      { $$ = make_qpp (ctx, &@$, $2, $3, $5); if ($$ == NULL) YYERROR; }
  ;

/* How many times: KgHops with min and max (-1: unbounded) */
path_quantifier:
    '+'                         { $$ = (KgHops) { TRUE, 1, -1 }; }
  | '*'                         { $$ = (KgHops) { TRUE, 0, -1 }; }
  | '{' INT '}'                 { $$ = (KgHops) { TRUE, -1, -1 };
                                  if (!hops_value (ctx, &@2, $2, &$$.min)) YYERROR;
                                  $$.max = $$.min; }
  | '{' INT ',' INT '}'         { $$ = (KgHops) { TRUE, -1, -1 };
                                  if (!hops_value (ctx, &@2, $2, &$$.min)) YYERROR;
                                  if (!hops_value (ctx, &@4, $4, &$$.max)) YYERROR; }
  | '{' INT ',' '}'             { $$ = (KgHops) { TRUE, -1, -1 };
                                  if (!hops_value (ctx, &@2, $2, &$$.min)) YYERROR; }
  | '{' ',' INT '}'             { $$ = (KgHops) { TRUE, 0, -1 };
                                  if (!hops_value (ctx, &@3, $3, &$$.max)) YYERROR; }
  ;

/* A pattern inside an expression: the filter only marks a `(` as LPAREN_PAT when a
 * relationship follows the node, so the pattern has at least one relationship. */
expr_pattern:
    LPAREN_PAT node_body ')' rel_pattern node_pattern
      { $$ = kg_ast_new1 (KG_AST_PATTERN_PART, &@$, set_span ($2, &@1));
        kg_ast_child ($$, 0)->span.end = @3.end;
        part_add (part_add ($$, $4), $5); }
  | expr_pattern rel_pattern node_pattern
      { $$ = set_span (part_add (part_add ($1, $2), $3), &@$); }
  /* Cypher 5 has no quantifiers in pattern expressions: said in its words, not as an
   * unexpected token (the filter marks the `(` of a node a QPP follows, too) */
  | LPAREN_PAT node_body ')' qpp
      { kg_ast_free ($2); $$ = refuse_quantified (ctx, $4); YYERROR; }
  | LPAREN_PAT node_body ')' rel_pattern path_quantifier node_pattern
      { KgSpan q = { @4.start, @5.end };
        kg_ast_free ($2); kg_ast_free ($6); $$ = refuse_quantified (ctx, make_quantified_rel (&q, $4, $5)); YYERROR; }
  | expr_pattern qpp            { kg_ast_free ($1); $$ = refuse_quantified (ctx, $2); YYERROR; }
  | expr_pattern rel_pattern path_quantifier node_pattern
      { KgSpan q = { @2.start, @3.end };
        kg_ast_free ($1); kg_ast_free ($4); $$ = refuse_quantified (ctx, make_quantified_rel (&q, $2, $3)); YYERROR; }
  ;

node_pattern:
    '(' node_body ')'           { $$ = set_span ($2, &@$); }
  | LPAREN_PAT node_body ')'    { $$ = set_span ($2, &@$); }
  ;

node_body:
    opt_var opt_labels opt_props { $$ = make_node_pattern (&@$, $1, $2, $3); }
  | opt_var opt_labels opt_props WHERE expr
                                { $$ = add_inline_where (make_node_pattern (&@$, $1, $2, $3), $5); }
  ;

opt_var:
    %empty                      { $$ = NULL; }
  | var_name
  ;

opt_labels:
    %empty                      { $$ = NULL; }
  | labels
  ;

/* Labels, static and dynamic, gathered in a LABEL_CHECK without its [0] (labels_node()). */
labels:
    ':' name                    { $$ = labels_add (labels_new (&@$), $2, NULL); }
  | ':' dyn_label               { $$ = labels_add (labels_new (&@$), NULL, $2); }
  | labels ':' name             { $$ = set_span (labels_add ($1, $3, NULL), &@$); }
  | labels ':' dyn_label        { $$ = set_span (labels_add ($1, NULL, $3), &@$); }
  ;

dyn_label:
    DYN_LABEL '(' expr ')'      { $$ = kg_ast_new1 (KG_AST_DYNAMIC_LABEL, &@$, $3); $$->op = $1; }
  ;

/* The labels of an index or constraint statement: names only. */
node_labels:
    ':' name                    { $$ = names_new ($2); }
  | node_labels ':' name        { g_ptr_array_add ($1, $3); $$ = $1; }
  /* refused in the words of static_names(), not as an unexpected '$' (Neo4j 5 has no
   * dynamic labels in schema statements either) */
  | ':' dyn_label               { refuse_dynamic_name (ctx, $2); kg_ast_free ($2); $$ = NULL; YYERROR; }
  | node_labels ':' dyn_label
      { refuse_dynamic_name (ctx, $3); g_ptr_array_unref ($1); kg_ast_free ($3); $$ = NULL; YYERROR; }
  ;

opt_props:
    %empty                      { $$ = NULL; }
  | map_literal
  | PARAM                       { $$ = kg_ast_new (KG_AST_PARAMETER, &@$); kg_ast_take_name ($$, $1); }
  ;

rel_pattern:
    '-' rel_detail '-'          { $$ = make_rel_pattern (&@$, $2, KG_AST_DIR_NONE); }
  | '-' rel_detail '-' '>'      { $$ = make_rel_pattern (&@$, $2, KG_AST_DIR_RIGHT); }
  | '<' '-' rel_detail '-'      { $$ = make_rel_pattern (&@$, $3, KG_AST_DIR_LEFT); }
  | '<' '-' rel_detail '-' '>'  { $$ = make_rel_pattern (&@$, $3, KG_AST_DIR_BOTH); }
  ;

rel_detail:
    %empty                      { KgHops h = { FALSE, -1, -1 }; $$ = make_rel_detail (&@$, NULL, NULL, h, NULL); }
  | '[' opt_var opt_rel_types opt_range opt_props ']'
                                { $$ = make_rel_detail (&@$, $2, $3, $4, $5); }
  | '[' opt_var opt_rel_types opt_range opt_props WHERE expr ']'
                                { $$ = add_inline_where (make_rel_detail (&@$, $2, $3, $4, $5), $7); }
  ;

opt_rel_types:
    %empty                      { $$ = NULL; }
  | rel_types
  ;

rel_types:
    ':' name                    { $$ = labels_add (labels_new (&@$), $2, NULL); }
  | ':' dyn_label               { $$ = labels_add (labels_new (&@$), NULL, $2); }
  | rel_types '|' name          { $$ = set_span (labels_add ($1, $3, NULL), &@$); }
  | rel_types '|' dyn_label     { $$ = set_span (labels_add ($1, NULL, $3), &@$); }
  | rel_types '|' ':' name      { $$ = set_span (labels_add ($1, $4, NULL), &@$); }
  | rel_types '|' ':' dyn_label { $$ = set_span (labels_add ($1, NULL, $4), &@$); }
  ;

opt_range:
    %empty                      { $$ = (KgHops) { FALSE, -1, -1 }; }
  | '*'                         { $$ = (KgHops) { TRUE, -1, -1 }; }
  | '*' INT                     { $$ = (KgHops) { TRUE, -1, -1 };
                                  if (!hops_value (ctx, &@2, $2, &$$.min)) YYERROR;
                                  $$.max = $$.min; }
  | '*' INT DOTDOT              { $$ = (KgHops) { TRUE, -1, -1 };
                                  if (!hops_value (ctx, &@2, $2, &$$.min)) YYERROR; }
  | '*' INT DOTDOT INT          { $$ = (KgHops) { TRUE, -1, -1 };
                                  if (!hops_value (ctx, &@2, $2, &$$.min)) YYERROR;
                                  if (!hops_value (ctx, &@4, $4, &$$.max)) YYERROR; }
  | '*' DOTDOT INT              { $$ = (KgHops) { TRUE, -1, -1 };
                                  if (!hops_value (ctx, &@3, $3, &$$.max)) YYERROR; }
  | '*' DOTDOT                  { $$ = (KgHops) { TRUE, -1, -1 }; }
  ;

/* --- Expressions ---------------------------------------------------------------- */

expr: or_expr ;

or_expr:
    xor_expr
  | or_expr OR xor_expr         { $$ = kg_ast_binop (KG_OP_OR, &@$, $1, $3); }
  ;

xor_expr:
    and_expr
  | xor_expr XOR and_expr       { $$ = kg_ast_binop (KG_OP_XOR, &@$, $1, $3); }
  ;

and_expr:
    not_expr
  | and_expr AND not_expr       { $$ = kg_ast_binop (KG_OP_AND, &@$, $1, $3); }
  ;

not_expr:
    cmp_expr
  | NOT not_expr                { $$ = kg_ast_new1 (KG_AST_UNARY_OP, &@$, $2); $$->op = KG_OP_NOT; }
  ;

cmp_expr:
    pred_expr
  | cmp_chain
  ;

cmp_chain:
    pred_expr cmp_op pred_expr  { $$ = kg_ast_binop ($2, &@$, $1, $3); }
  | cmp_chain cmp_op pred_expr  { $$ = make_chain (&@$, $1, $2, $3); }
  ;

cmp_op:
    '='                         { $$ = KG_OP_EQ; }
  | NE                          { $$ = KG_OP_NE; }
  | '<'                         { $$ = KG_OP_LT; }
  | '>'                         { $$ = KG_OP_GT; }
  | LE                          { $$ = KG_OP_LE; }
  | GE                          { $$ = KG_OP_GE; }
  ;

pred_expr:
    add_expr
  | pred_expr IN add_expr           { $$ = kg_ast_binop (KG_OP_IN, &@$, $1, $3); }
  | pred_expr STARTS WITH add_expr  { $$ = kg_ast_binop (KG_OP_STARTS_WITH, &@$, $1, $4); }
  | pred_expr ENDS WITH add_expr    { $$ = kg_ast_binop (KG_OP_ENDS_WITH, &@$, $1, $4); }
  | pred_expr CONTAINS add_expr     { $$ = kg_ast_binop (KG_OP_CONTAINS, &@$, $1, $3); }
  | pred_expr REGEX add_expr        { $$ = kg_ast_binop (KG_OP_REGEX, &@$, $1, $3); }
  | pred_expr IS NULL               { $$ = kg_ast_new1 (KG_AST_IS_NULL, &@$, $1); }
  | pred_expr IS NOT NULL           { $$ = add_flags (kg_ast_new1 (KG_AST_IS_NULL, &@$, $1), KG_AST_F_NOT); }
  | pred_expr IS type_test          { $$ = kg_ast_new2 (KG_AST_IS_TYPE, &@$, $1, $3); }
  | pred_expr IS NOT type_test      { $$ = add_flags (kg_ast_new2 (KG_AST_IS_TYPE, &@$, $1, $4), KG_AST_F_NOT); }
  | pred_expr TYPE_COLONS type_union %prec TYPE_END
                                    { $$ = kg_ast_new2 (KG_AST_IS_TYPE, &@$, $1, $3); }
  ;

add_expr:
    mul_expr
  | add_expr '+' mul_expr       { $$ = kg_ast_binop (KG_OP_ADD, &@$, $1, $3); }
  | add_expr '-' mul_expr       { $$ = kg_ast_binop (KG_OP_SUB, &@$, $1, $3); }
  ;

mul_expr:
    pow_expr
  | mul_expr '*' pow_expr       { $$ = kg_ast_binop (KG_OP_MUL, &@$, $1, $3); }
  | mul_expr '/' pow_expr       { $$ = kg_ast_binop (KG_OP_DIV, &@$, $1, $3); }
  | mul_expr '%' pow_expr       { $$ = kg_ast_binop (KG_OP_MOD, &@$, $1, $3); }
  ;

pow_expr:
    unary_expr
  | pow_expr '^' unary_expr     { $$ = kg_ast_binop (KG_OP_POW, &@$, $1, $3); }
  ;

unary_expr:
    label_expr
  | '-' unary_expr              { $$ = make_negation (&@$, $2); }
  | '+' unary_expr              { $$ = kg_ast_new1 (KG_AST_UNARY_OP, &@$, $2); $$->op = KG_OP_PLUS; }
  ;

label_expr:
    postfix_expr
  | postfix_expr labels         { $$ = labels_node (KG_AST_LABEL_CHECK, &@$, $1, $2); }
  ;

postfix_expr:
    atom
  | postfix_expr '.' name       { $$ = make_property (&@$, $1, $3); }
  | postfix_expr '[' expr ']'   { $$ = kg_ast_new2 (KG_AST_INDEX, &@$, $1, $3); }
  | postfix_expr '[' opt_expr DOTDOT opt_expr ']'
                                { $$ = kg_ast_new2 (KG_AST_SLICE, &@$, $1, $3); kg_ast_add_child ($$, $5); }
  ;

opt_expr:
    %empty                      { $$ = NULL; }
  | expr
  ;

atom:
    literal
  | PARAM                       { $$ = kg_ast_new (KG_AST_PARAMETER, &@$); kg_ast_take_name ($$, $1); }
  | variable
  | '(' expr ')'                { $$ = set_span ($2, &@$); }
  | '[' ']'                     { $$ = kg_ast_new (KG_AST_LIST, &@$); }
  | '[' expr_list ']'           { $$ = make_list (KG_AST_LIST, &@$, $2); }
  | map_literal
  | '[' COMP_IDENT IN expr comprehension_tail ']'
      { $$ = $5; kg_ast_take_name ($$, $2); $$->children->pdata[0] = $4; set_span ($$, &@$); }
  | '[' expr_pattern opt_where '|' expr ']'
      { $$ = kg_ast_new2 (KG_AST_PATTERN_COMPREHENSION, &@$, $2, $3); kg_ast_add_child ($$, $5); }
  | '[' PATH_IDENT '=' expr_pattern opt_where '|' expr ']'
      { $$ = kg_ast_new2 (KG_AST_PATTERN_COMPREHENSION, &@$, $4, $5); kg_ast_add_child ($$, $7);
        kg_ast_take_name ($$, $2); }
  | quantifier '(' var_name IN expr opt_where ')'
      { $$ = kg_ast_new2 (KG_AST_QUANTIFIER, &@$, $5, $6); $$->op = $1; kg_ast_take_name ($$, $3); }
  | REDUCE '(' var_name '=' expr ',' var_name IN expr '|' expr ')'
      { $$ = kg_ast_new2 (KG_AST_REDUCE, &@$, $5, $9); kg_ast_add_child ($$, $11);
        kg_ast_take_name ($$, $3); kg_ast_take_names_item ($$, $7); }
  | CASE case_alts opt_else END
      { $$ = set_span ($2, &@$); $$->children->pdata[1] = $3; }
  | CASE expr case_alts opt_else END
      { $$ = set_span ($3, &@$); $$->children->pdata[0] = $2; $$->children->pdata[1] = $4; }
  | FUNCNAME '(' ')'            { $$ = make_function (&@$, $1, NULL, 0); }
  | FUNCNAME '(' expr_list ')'  { $$ = make_function (&@$, $1, $3, 0); }
  | FUNCNAME '(' DISTINCT expr_list ')'
                                { $$ = make_function (&@$, $1, $4, KG_AST_F_DISTINCT); }
  | FUNCNAME '(' '*' ')'        { $$ = make_function (&@$, $1, NULL, KG_AST_F_STAR); }
  | TRIM_NAME '(' ')'           { $$ = make_function (&@$, $1, NULL, 0); }
  | TRIM_NAME '(' expr_list ')' { $$ = make_function (&@$, $1, $3, 0); }
  | TRIM_NAME '(' TRIM_SIDE FROM expr ')'
                                { $$ = make_trim (&@$, $1, $3, NULL, $5); }
  | TRIM_NAME '(' TRIM_SIDE expr FROM expr ')'
                                { $$ = make_trim (&@$, $1, $3, $4, $6); }
  | TRIM_NAME '(' expr FROM expr ')'
                                { $$ = make_trim (&@$, $1, 0, $3, $5); }
  | EXISTS '(' expr ')'         { $$ = make_function (&@$, kg_parse_ctx_text (ctx, &@1), exprs_new ($3), 0); }
  | EXISTS '{' pattern opt_where '}'
                                { $$ = kg_ast_new2 (KG_AST_EXISTS_SUBQUERY, &@$, $3, $4); }
  | EXISTS '{' union_query '}'  { $$ = kg_ast_new2 (KG_AST_EXISTS_SUBQUERY, &@$, $3, NULL); }
  | SUBQUERY_KW '{' pattern opt_where '}'
                                { $$ = kg_ast_new2 (KG_AST_EXISTS_SUBQUERY, &@$, $3, $4); $$->op = $1; }
  | SUBQUERY_KW '{' union_query '}'
                                { $$ = kg_ast_new2 (KG_AST_EXISTS_SUBQUERY, &@$, $3, NULL); $$->op = $1; }
  | var_name '{' '}'            { $$ = kg_ast_new (KG_AST_MAP_PROJECTION, &@$); kg_ast_take_name ($$, $1); }
  | var_name '{' map_proj_items '}'
                                { $$ = set_span ($3, &@$); kg_ast_take_name ($$, $1); }
  | expr_pattern %prec PATTERN_END
                                { $$ = kg_ast_new1 (KG_AST_PATTERN_PREDICATE, &@$, $1); }
  ;

comprehension_tail:
    opt_where                   { $$ = kg_ast_new (KG_AST_LIST_COMPREHENSION, &@$);
                                  kg_ast_add_child ($$, NULL); kg_ast_add_child ($$, $1); kg_ast_add_child ($$, NULL); }
  | opt_where '|' expr          { $$ = kg_ast_new (KG_AST_LIST_COMPREHENSION, &@$);
                                  kg_ast_add_child ($$, NULL); kg_ast_add_child ($$, $1); kg_ast_add_child ($$, $3); }
  ;

quantifier:
    ALL                         { $$ = KG_OP_ALL; }
  | ANY                         { $$ = KG_OP_ANY; }
  | NONE                        { $$ = KG_OP_NONE; }
  | SINGLE                      { $$ = KG_OP_SINGLE; }
  ;

case_alts:
    WHEN expr THEN expr         { $$ = kg_ast_new (KG_AST_CASE, &@$); kg_ast_add_child ($$, NULL);
                                  kg_ast_add_child ($$, NULL); kg_ast_add_child ($$, $2); kg_ast_add_child ($$, $4); }
  | case_alts WHEN expr THEN expr
                                { kg_ast_add_child ($1, $3); kg_ast_add_child ($1, $5); $$ = $1; }
  ;

opt_else:
    %empty                      { $$ = NULL; }
  | ELSE expr                   { $$ = $2; }
  ;

map_proj_items:
    map_proj_item               { $$ = kg_ast_new1 (KG_AST_MAP_PROJECTION, &@$, $1); }
  | map_proj_items ',' map_proj_item
                                { kg_ast_add_child ($1, $3); $$ = $1; }
  ;

map_proj_item:
    '.' name                    { $$ = kg_ast_new (KG_AST_MAP_PROJECTION_ITEM, &@$); $$->op = KG_MAP_ITEM_PROPERTY;
                                  kg_ast_take_name ($$, $2); }
  | '.' '*'                     { $$ = kg_ast_new (KG_AST_MAP_PROJECTION_ITEM, &@$); $$->op = KG_MAP_ITEM_ALL; }
  | name ':' expr               { $$ = kg_ast_new1 (KG_AST_MAP_PROJECTION_ITEM, &@$, $3); $$->op = KG_MAP_ITEM_LITERAL;
                                  kg_ast_take_name ($$, $1); }
  | var_name                    { $$ = kg_ast_new (KG_AST_MAP_PROJECTION_ITEM, &@$); $$->op = KG_MAP_ITEM_VARIABLE;
                                  kg_ast_take_name ($$, $1); }
  ;

map_literal:
    '{' '}'                     { $$ = kg_ast_new (KG_AST_MAP, &@$); }
  | '{' map_entries '}'         { $$ = set_span ($2, &@$); }
  ;

map_entries:
    name ':' expr               { $$ = kg_ast_new1 (KG_AST_MAP, &@$, $3); kg_ast_take_names_item ($$, $1); }
  | map_entries ',' name ':' expr
                                { kg_ast_add_child ($1, $5); kg_ast_take_names_item ($1, $3); $$ = $1; }
  ;

expr_list:
    expr                        { $$ = exprs_new ($1); }
  | expr_list ',' expr          { g_ptr_array_add ($1, $3); $$ = $1; }
  ;

literal:
    INT
      {
        if ($1 > (guint64) G_MAXINT64)
          $$ = add_flags (make_literal (&@$, kg_value_int (G_MININT64)), KG_AST_F_PRIVATE_BIGINT);
        else
          $$ = make_literal (&@$, kg_value_int ((gint64) $1));
      }
  | FLOAT                       { $$ = make_literal (&@$, kg_value_float ($1)); }
  | STRING                      { $$ = make_literal (&@$, kg_value_string_len ($1->str, $1->len)); g_string_free ($1, TRUE); }
  | TRUE                        { $$ = make_literal (&@$, kg_value_bool (TRUE)); }
  | FALSE                       { $$ = make_literal (&@$, kg_value_bool (FALSE)); }
  | NULL                        { $$ = make_literal (&@$, kg_value_null ()); }
  ;

variable:
    var_name                    { $$ = make_variable (&@$, $1); }
  ;

/* --- Subqueries and FOREACH (after the patterns: the order in which tokens first
 * appear here is the order of the "expected ..." lists) ------------------------------ */

/* CALL { ... } subqueries: the scope clause builds the node, the body is added. */
call_subquery:
    CALL call_scope '{' union_query '}'
      { $$ = set_span ($2, &@$); kg_ast_add_child ($$, $4); }
  | OPTIONAL CALL call_scope '{' union_query '}'
      { $$ = add_flags (set_span ($3, &@$), KG_AST_F_OPTIONAL); kg_ast_add_child ($$, $5); }
  | CALL call_scope '{' union_query '}' in_transactions
      { $$ = set_span ($2, &@$); kg_ast_add_child ($$, $4); kg_ast_add_child ($$, $6); }
  | OPTIONAL CALL call_scope '{' union_query '}' in_transactions
      { $$ = add_flags (set_span ($3, &@$), KG_AST_F_OPTIONAL); kg_ast_add_child ($$, $5); kg_ast_add_child ($$, $7); }
  ;

/* IN TRANSACTIONS and its options, in any order, each once. The words are names
 * (nothing is reserved), checked by word_is(). `IN [n] CONCURRENT TRANSACTIONS` is
 * refused here by name, `ON ERROR RETRY` by the binder. The batch size is an add_expr:
 * a type test's words (`IS :: INTEGER`) would run into ROWS. */
in_transactions:
    IN IDENT
      {
        gboolean ok = !concurrent_word (ctx, $2, &@$) && word_is (ctx, $2, &@2, "TRANSACTIONS", "after IN");
        g_free ($2);
        if (!ok)
          YYERROR;
        $$ = kg_ast_new (KG_AST_IN_TRANSACTIONS, &@$);
        $$->op = KG_TXN_ON_ERROR_FAIL;
        kg_ast_add_child ($$, NULL);
        kg_ast_add_child ($$, NULL);
      }
  | IN INT IDENT
      {
        if (!concurrent_word (ctx, $3, &@$))
          word_is (ctx, $3, &@3, "CONCURRENT", "after IN n");
        g_free ($3);
        $$ = NULL;
        YYERROR;
      }
  | in_transactions IDENT add_expr IDENT
      {
        gboolean ok = word_is (ctx, $2, &@2, "OF", "after TRANSACTIONS") &&
                      (word_is (NULL, $4, &@4, "ROWS", NULL) || word_is (ctx, $4, &@4, "ROW", "after the batch size (ROWS)")) &&
                      txn_option_once (ctx, $1, KG_AST_F_TXN_ROWS, &@2, "OF ... ROWS");
        g_free ($2);
        g_free ($4);
        if (!ok)
          {
            kg_ast_free ($1);
            kg_ast_free ($3);
            YYERROR;
          }
        $$ = set_span ($1, &@$);
        g_ptr_array_index ($$->children, 0) = $3;
      }
  | in_transactions IDENT IDENT AS variable
      {
        gboolean ok = word_is (ctx, $2, &@2, "REPORT", "after TRANSACTIONS") && word_is (ctx, $3, &@3, "STATUS", "after REPORT") &&
                      txn_option_once (ctx, $1, KG_AST_F_TXN_STATUS, &@2, "REPORT STATUS");
        g_free ($2);
        g_free ($3);
        if (!ok)
          {
            kg_ast_free ($1);
            kg_ast_free ($5);
            YYERROR;
          }
        $$ = set_span ($1, &@$);
        g_ptr_array_index ($$->children, 1) = $5;
      }
  | in_transactions ON IDENT IDENT
      {
        int mode = word_is (NULL, $4, &@4, "CONTINUE", NULL) ? KG_TXN_ON_ERROR_CONTINUE
                   : word_is (NULL, $4, &@4, "BREAK", NULL)  ? KG_TXN_ON_ERROR_BREAK
                   : word_is (NULL, $4, &@4, "RETRY", NULL)  ? KG_TXN_ON_ERROR_RETRY
                                                             : KG_TXN_ON_ERROR_FAIL;
        gboolean ok = word_is (ctx, $3, &@3, "ERROR", "after ON") &&
                      (mode != KG_TXN_ON_ERROR_FAIL || word_is (ctx, $4, &@4, "FAIL", "after ON ERROR (CONTINUE, BREAK or FAIL)")) &&
                      txn_option_once (ctx, $1, KG_AST_F_TXN_ON_ERROR, &@2, "ON ERROR");
        g_free ($3);
        g_free ($4);
        if (!ok)
          {
            kg_ast_free ($1);
            YYERROR;
          }
        $$ = set_span ($1, &@$);
        $$->op = mode;
      }
  ;

call_scope:
    %empty                      { $$ = kg_ast_new (KG_AST_CALL_SUBQUERY, &@$); }
  | '(' ')'                     { $$ = add_flags (kg_ast_new (KG_AST_CALL_SUBQUERY, &@$), KG_AST_F_SCOPED); }
  | '(' '*' ')'                 { $$ = add_flags (kg_ast_new (KG_AST_CALL_SUBQUERY, &@$), KG_AST_F_SCOPED | KG_AST_F_STAR); }
  | '(' var_names ')'           { $$ = add_flags (make_names (KG_AST_CALL_SUBQUERY, &@$, NULL, $2), KG_AST_F_SCOPED); }
  ;

var_names:
    var_name                    { $$ = names_new ($1); }
  | var_names ',' var_name      { g_ptr_array_add ($1, $3); $$ = $1; }
  ;

foreach_clause:
    FOREACH '(' variable IN expr '|' single_query ')'
      { $$ = kg_ast_new2 (KG_AST_FOREACH, &@$, $5, $3); kg_ast_add_child ($$, $7); }
  ;

/* --- SHOW PROCEDURES, FUNCTIONS, DATABASES --------------------------------------- */

/* A SINGLE_QUERY: the CALL of the SHOW table (KG_AST_F_SHOW), the WITH * of a YIELD's
 * ORDER BY, SKIP and LIMIT if given, then RETURN if given. */
show_statement:
    show_call                   { $$ = show_return ($1); }
  | show_call return_clause     { kg_ast_add_child ($1, $2); $$ = set_span ($1, &@$); }
  ;

show_call:
    SHOW schema_kind show_filter
      { $$ = set_span ($3, &@$); kg_ast_take_name (set_span (kg_ast_child ($$, 0), &@$), $2); }
  | SHOW SHOW_KIND opt_show_name show_tail
      {
        $$ = set_span ($4, &@$);
        KgAst *call = set_span (kg_ast_child ($$, 0), &@$);
        kg_ast_take_name (call, $2);
        if ($3 != NULL)
          kg_ast_add_child (call, $3);
        if (call->flags & KG_AST_F_WHERE)
          {
            /* the WHERE stays last */
            KgAst *where = take_child (call, 0);
            g_ptr_array_remove_index (call->children, 0);
            kg_ast_add_child (call, where);
          }
      }
  ;

/* SHOW DATABASE name: the name is the table's argument */
opt_show_name:
    %empty                      { $$ = NULL; }
  | IDENT                       { $$ = make_literal (&@$, kg_value_string ($1)); g_free ($1); }
  | STRING                      { $$ = make_literal (&@$, kg_value_string_len ($1->str, $1->len)); g_string_free ($1, TRUE); }
  ;

/* SHOW INDEXES and SHOW CONSTRAINTS alone are index statements; with YIELD or WHERE,
 * tables (engine/proc-show.c). */
schema_kind:
    INDEX                       { $$ = g_strdup ("indexes"); }
  | INDEXES                     { $$ = g_strdup ("indexes"); }
  | CONSTRAINT                  { $$ = g_strdup ("constraints"); }
  | CONSTRAINTS                 { $$ = g_strdup ("constraints"); }
  ;

/* A SINGLE_QUERY holding the CALL node, without name and argument yet. */
show_tail:
    %empty                      { $$ = show_query (&@$, NULL, NULL, NULL); }
  | show_filter
  ;

show_filter:
    WHERE expr                  { $$ = show_query (&@$, NULL, NULL, $2); }
  | YIELD '*' show_page opt_where
                                { $$ = show_query (&@$, star_yield (), $3, $4); }
  | YIELD yield_items show_page opt_where
                                { $$ = show_query (&@$, $2, $3, $4); }
  ;

/* YIELD's ORDER BY, SKIP and LIMIT as the standalone WITH they stand for (NULL: none). */
show_page:
    opt_order opt_skip opt_limit
      { $$ = $1 || $2 || $3 ? make_standalone (&@$, $1, $2, $3, NULL) : NULL; }
  ;

/* --- Types (IS :: TYPE) ---------------------------------------------------------- */

/* `:: TYPE` or `TYPED TYPE` after IS. The words of a type are names (`LOCAL DATETIME`,
 * `TIME WITHOUT TIME ZONE`; not WITH, which would start the next clause), resolved to the GQL name by make_type(); `<` after them opens
 * an element type and `|` joins alternatives, both taken greedily (TYPE_END). */
type_test:
    ':' ':' type_union %prec TYPE_END { $$ = $3; }
  | IDENT type_union %prec TYPE_END
      {
        /* YYERROR does not free the right-hand side: the action does */
        if (g_ascii_strcasecmp ($1, "TYPED") != 0)
          {
            kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, &@1,
                                "unexpected '%s' after IS, expected NULL, :: or TYPED", $1);
            g_free ($1);
            kg_ast_free ($2);
            YYERROR;
          }
        $$ = $2;
        g_free ($1);
      }
  ;

type_union:
    type_one
  | type_union '|' type_one     { $$ = add_union (&@$, $1, $3); }
  ;

type_one:
    type_base
  | type_base NOT NULL          { $$ = add_flags (set_span ($1, &@$), KG_AST_F_NOT); }
  ;

type_base:
    type_words %prec TYPE_END
      { $$ = make_type (ctx, &@$, $1, NULL); if ($$ == NULL) YYERROR; }
  | type_words '<' type_union '>'
      { $$ = make_type (ctx, &@$, $1, $3); if ($$ == NULL) YYERROR; }
  | NULL                        { $$ = kg_ast_new (KG_AST_TYPE, &@$); kg_ast_take_name ($$, g_strdup ("NULL")); }
  ;

/* The words of a type, upper case, one space apart (also read by constraint_type). */
type_words:
    type_word
  | type_words type_word        { $$ = g_strconcat ($1, " ", $2, NULL); g_free ($1); g_free ($2); }
  ;

type_word:
    IDENT                       { $$ = g_ascii_strup ($1, -1); g_free ($1); }
  | ANY                         { $$ = g_strdup ("ANY"); }
  ;

/* --- Index statements ------------------------------------------------------------ */

index_statement:
    CREATE INDEX opt_index_name opt_if_not_exists FOR '(' var_name node_labels ')' ON '(' index_keys ')'
      {
        if ($8->len > 1 || kg_ast_n_children ($12) > 1)
          {
            kg_query_error_set (&ctx->error, KG_QUERY_ERROR_UNSUPPORTED, ctx->filename,
                                $8->len > 1 ? &@8 : &kg_ast_child ($12, 1)->span,
                                $8->len > 1 ? "kgq indexes cover the nodes of one label"
                                            : "kgq indexes cover one property; create one index per property");
            g_free ($3);
            g_free ($7);
            g_ptr_array_unref ($8);
            kg_ast_free ($12);
            YYERROR;
          }
        KgAst *prop = take_child ($12, 0);
        $$ = make_index (KG_AST_CREATE_INDEX, &@$, $3, g_strdup ($8->pdata[0]), g_strdup (prop->name),
                         $4 ? KG_AST_F_IF_EXISTS : 0);
        g_ptr_array_unref ($8);
        kg_ast_add_child ($$, make_variable (&@7, $7));
        kg_ast_add_child ($$, take_child (prop, 0));
        kg_ast_free (prop);
        kg_ast_free ($12);
      }
  | CREATE INDEX ON ':' name '(' name ')'
      { $$ = make_index (KG_AST_CREATE_INDEX, &@$, NULL, $5, $7, KG_AST_F_ON_LABEL); }
  | DROP INDEX name opt_if_exists
      { $$ = make_index (KG_AST_DROP_INDEX, &@$, $3, NULL, NULL, $4 ? KG_AST_F_IF_EXISTS : 0); }
  | DROP INDEX ON ':' name '(' name ')'
      { $$ = make_index (KG_AST_DROP_INDEX, &@$, NULL, $5, $7, KG_AST_F_ON_LABEL); }
  | SHOW INDEX                  { $$ = kg_ast_new (KG_AST_SHOW_INDEXES, &@$); }
  | SHOW INDEXES                { $$ = kg_ast_new (KG_AST_SHOW_INDEXES, &@$); }
  | CREATE FULLTEXT INDEX opt_index_name opt_if_not_exists FOR '(' var_name rel_types ')'
    ON EACH '[' index_keys ']' opt_index_options
      { if (!static_names (ctx, $9)) { g_free ($4); g_free ($8); kg_ast_free ($9); kg_ast_free ($14); kg_ast_free ($16); YYERROR; }
        $$ = make_fulltext (&@$, $4, $5, 0, make_variable (&@8, $8), $9, $14, $16); }
  | CREATE FULLTEXT INDEX opt_index_name opt_if_not_exists FOR LPAREN_PAT ')' '-' '[' var_name rel_types ']'
    '-' '(' ')' ON EACH '[' index_keys ']' opt_index_options
      { if (!static_names (ctx, $12)) { g_free ($4); g_free ($11); kg_ast_free ($12); kg_ast_free ($20); kg_ast_free ($22); YYERROR; }
        $$ = make_fulltext (&@$, $4, $5, KG_AST_F_RELATIONSHIP, make_variable (&@11, $11), $12, $20, $22); }
  | constraint_statement
  ;

opt_index_options:
    %empty                      { $$ = NULL; }
  | OPTIONS map_literal         { $$ = $2; }
  ;

/* --- Constraint statements ------------------------------------------------------- */

constraint_statement:
    CREATE CONSTRAINT opt_index_name opt_if_not_exists FOR constraint_target REQUIRE constraint_keys IS constraint_rule
      {
        $$ = make_constraint (ctx, &@$, $3, $4, $6, $8, $10, &@10);
        if ($$ == NULL)
          YYERROR;
      }
  | DROP CONSTRAINT name opt_if_exists
      {
        $$ = kg_ast_new (KG_AST_DROP_CONSTRAINT, &@$);
        kg_ast_take_name ($$, $3);
        $$->flags |= $4 ? KG_AST_F_IF_EXISTS : 0;
      }
  | SHOW CONSTRAINT             { $$ = kg_ast_new (KG_AST_SHOW_CONSTRAINTS, &@$); }
  | SHOW CONSTRAINTS            { $$ = kg_ast_new (KG_AST_SHOW_CONSTRAINTS, &@$); }
  ;

/* `(v:Label)` or `()-[v:TYPE]-()`: a VARIABLE node whose names hold the label or type,
 * with op 1 for a relationship */
constraint_target:
    '(' var_name node_labels ')'
      { $$ = make_variable (&@2, $2); $$->names = $3; }
  | LPAREN_PAT ')' rel_pattern '(' ')'
      { $$ = take_rel_target (ctx, $3); if ($$ == NULL) YYERROR; }
  ;

/* `v.key` or `(v.a, v.b)`: a LIST of PROPERTY nodes */
constraint_keys:
    variable '.' name           { $$ = kg_ast_new1 (KG_AST_LIST, &@$, make_property (&@$, $1, $3)); }
  | '(' index_keys ')'          { $$ = set_span ($2, &@$); }
  ;

/* What follows IS, as one upper-case string: "UNIQUE", "NODE KEY", "NOT NULL",
 * ":: INTEGER", "TYPED LIST<STRING NOT NULL>"; engine/schema-constraint.c reads it. */
constraint_rule:
    NOT NULL                    { $$ = g_strdup ("NOT NULL"); }
  | ':' ':' constraint_type     { $$ = g_strconcat (":: ", $3, NULL); g_free ($3); }
  | constraint_type
  ;

constraint_type:
    constraint_type_one
  | constraint_type '|' constraint_type_one
      { $$ = g_strconcat ($1, " | ", $3, NULL); g_free ($1); g_free ($3); }
  ;

constraint_type_one:
    type_words
  | type_words NOT NULL         { $$ = g_strconcat ($1, " NOT NULL", NULL); g_free ($1); }
  | type_words '<' constraint_type '>'
      { $$ = g_strconcat ($1, "<", $3, ">", NULL); g_free ($1); g_free ($3); }
  | type_words '<' constraint_type '>' NOT NULL
      { $$ = g_strconcat ($1, "<", $3, "> NOT NULL", NULL); g_free ($1); g_free ($3); }
  ;

opt_index_name:
    %empty                      { $$ = NULL; }
  | name
  ;

opt_if_not_exists:
    %empty                      { $$ = 0; }
  | IF NOT EXISTS               { $$ = 1; }
  ;

opt_if_exists:
    %empty                      { $$ = 0; }
  | IF EXISTS                   { $$ = 1; }
  ;

/* `(v.key, ...)`: a LIST of PROPERTY nodes (more than one is refused above) */
index_keys:
    variable '.' name           { $$ = kg_ast_new1 (KG_AST_LIST, &@$, make_property (&@$, $1, $3)); }
  | index_keys ',' variable '.' name
                                { kg_ast_add_child ($1, make_property (&@3, $3, $5)); $$ = set_span ($1, &@$); }
  ;

/* Names after `:`, `.`, `AS` and map keys: any keyword works, spelled as written. */
name:
    IDENT
  | keyword                     { $$ = kg_parse_ctx_text (ctx, &@1); }
  ;

/* Variables: identifiers, and the keywords that read as nouns and cause no ambiguity
 * (`order`, `limit`, `call`, `profile`, `any`...). Operator-like keywords (IN, IS, END,
 * AS...) stay reserved so that mistakes around them get sensible messages. */
var_name:
    IDENT
  | soft_keyword                { $$ = kg_parse_ctx_text (ctx, &@1); }
  ;

soft_keyword:
    ALL | ALLSHORTESTPATHS | ANY | ASC | ASCENDING | BY | CALL | DESC | DESCENDING | DETACH | EXPLAIN
  | LIMIT | NONE | OPTIONAL | ORDER | PROFILE | REDUCE | SHORTESTPATH | SINGLE | SKIP | UNION
  | YIELD | END
  ;

keyword:
    ALL | ALLSHORTESTPATHS | AND | ANY | AS | ASC | ASCENDING | BY | CALL | CASE | CONTAINS
  | CREATE | DELETE | DESC | DESCENDING | DETACH | DISTINCT | ELSE | END | ENDS | EXISTS
  | EXPLAIN | FALSE | FOREACH | IN | IS | LIMIT | MATCH | MERGE | NONE | NOT | NULL | ON | OPTIONAL
  | OR | ORDER | PROFILE | REDUCE | REMOVE | RETURN | SET | SHORTESTPATH | SINGLE | SKIP
  | STARTS | THEN | TRUE | UNION | UNWIND | WHEN | WHERE | WITH | XOR | YIELD
  ;

%%

/* --- Action helpers --------------------------------------------------------------- */

static KgAst *
set_span (KgAst *ast, const KgSpan *span)
{
  if (ast != NULL)
    ast->span = *span;
  return ast;
}

static KgAst *
add_flags (KgAst *ast, guint flags)
{
  ast->flags |= flags;
  return ast;
}

/* Child @i of @ast, left NULL in its place. */
static KgAst *
take_child (KgAst *ast, guint i)
{
  KgAst *child = ast->children->pdata[i];
  ast->children->pdata[i] = NULL;
  return child;
}

/* A CREATE CONSTRAINT node (see ast.h) from its parts, all taken; NULL with ctx->error
 * set when the target has more than one label or a key is not on its variable. */
static KgAst *
make_constraint (KgParseCtx *ctx, const KgSpan *span, char *name, int if_not_exists, KgAst *target, KgAst *keys,
                 char *rule, const KgSpan *rule_span)
{
  const KgSpan *bad = NULL;
  const char *why = NULL;
  if (target->names == NULL || target->names->len != 1)
    {
      bad = &target->span;
      why = target->op ? "a constraint is on the relationships of one type" : "a constraint is on the nodes of one label";
    }
  for (guint i = 0; bad == NULL && i < kg_ast_n_children (keys); i++)
    {
      const KgAst *prop = kg_ast_child (keys, i);
      const KgAst *var = kg_ast_child (prop, 0);
      if (strcmp (var->name, target->name) != 0)
        {
          bad = &var->span;
          why = "the properties of a constraint are those of its pattern's variable";
        }
    }
  if (bad != NULL)
    {
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SEMANTIC, ctx->filename, bad, "%s", why);
      g_free (name);
      g_free (rule);
      kg_ast_free (target);
      kg_ast_free (keys);
      return NULL;
    }
  KgAst *ast = kg_ast_new (KG_AST_CREATE_CONSTRAINT, span);
  if (name != NULL)
    kg_ast_take_name (ast, name);
  kg_ast_take_names_item (ast, g_strdup (target->names->pdata[0]));
  for (guint i = 0; i < kg_ast_n_children (keys); i++)
    kg_ast_take_names_item (ast, g_strdup (kg_ast_child (keys, i)->name));
  ast->op = target->op;
  ast->flags |= if_not_exists ? KG_AST_F_IF_EXISTS : 0;
  KgValue v = kg_value_string (rule);
  g_free (rule);
  kg_ast_add_child (ast, make_literal (rule_span, v));
  kg_ast_free (target);
  kg_ast_free (keys);
  return ast;
}

/* The VARIABLE of `()-[v:TYPE]-()` (taking @rel), as constraint_target gives it. */
static KgAst *
take_rel_target (KgParseCtx *ctx, KgAst *rel)
{
  if (kg_ast_has_dynamic_labels (rel))
    {
      refuse_dynamic_name (ctx, kg_ast_child (rel, kg_ast_dynamic_labels (rel)));
      kg_ast_free (rel);
      return NULL;
    }
  if (rel->name == NULL || rel->names == NULL || (rel->flags & KG_AST_F_VARLENGTH) || kg_ast_n_children (rel) > 0)
    {
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, &rel->span,
                          "a relationship constraint is written FOR ()-[r:TYPE]-()");
      kg_ast_free (rel);
      return NULL;
    }
  KgAst *var = make_variable (&rel->span, g_strdup (rel->name));
  var->names = rel->names;
  rel->names = NULL;
  var->op = 1;
  kg_ast_free (rel);
  return var;
}

/* An index statement node: @name, @label and @key are taken (each may be NULL). */
static KgAst *
make_index (KgAstKind kind, const KgSpan *span, char *name, char *label, char *key, guint flags)
{
  KgAst *ast = kg_ast_new (kind, span);
  if (name != NULL)
    kg_ast_take_name (ast, name);
  if (label != NULL)
    {
      kg_ast_take_names_item (ast, label);
      kg_ast_take_names_item (ast, key);
    }
  ast->flags |= flags;
  return ast;
}

/* A CREATE FULLTEXT INDEX node; takes every argument (@options may be NULL). */
static KgAst *
make_fulltext (const KgSpan *span, char *name, int if_not_exists, guint flags, KgAst *var, KgAst *names,
               KgAst *keys, KgAst *options)
{
  KgAst *ast = make_index (KG_AST_CREATE_FULLTEXT_INDEX, span, name, NULL, NULL,
                           flags | (if_not_exists ? KG_AST_F_IF_EXISTS : 0));
  for (guint i = 0; i < kg_ast_n_names (names); i++)
    kg_ast_take_names_item (ast, g_strdup (kg_ast_name_at (names, i)));
  kg_ast_free (names);
  kg_ast_add_child (ast, var);
  kg_ast_add_child (ast, keys);
  if (options != NULL)
    kg_ast_add_child (ast, options);
  return ast;
}

static GPtrArray *
names_new (char *first)
{
  GPtrArray *a = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (a, first);
  return a;
}

static GPtrArray *
exprs_new (KgAst *first)
{
  GPtrArray *a = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_ast_free);
  g_ptr_array_add (a, first);
  return a;
}

static KgAst *
make_literal (const KgSpan *span, KgValue v)
{
  KgAst *ast = kg_ast_new (KG_AST_LITERAL, span);
  ast->value = v;
  return ast;
}

static KgAst *
make_variable (const KgSpan *span, char *name)
{
  KgAst *ast = kg_ast_new (KG_AST_VARIABLE, span);
  kg_ast_take_name (ast, name);
  return ast;
}

static KgAst *
make_property (const KgSpan *span, KgAst *of, char *key)
{
  KgAst *ast = kg_ast_new1 (KG_AST_PROPERTY, span, of);
  kg_ast_take_name (ast, key);
  return ast;
}

/* A node with an optional first child and the strings of @names (transfer full). */
static KgAst *
make_names (KgAstKind kind, const KgSpan *span, KgAst *child, GPtrArray *names)
{
  KgAst *ast = kg_ast_new (kind, span);
  if (child != NULL)
    kg_ast_add_child (ast, child);
  if (names != NULL)
    kg_ast_take_names (ast, names);
  return ast;
}

/* Moves the elements of @items (transfer full) into a new node of @kind. */
static KgAst *
make_list (KgAstKind kind, const KgSpan *span, GPtrArray *items)
{
  KgAst *ast = kg_ast_new (kind, span);
  for (guint i = 0; i < items->len; i++)
    {
      kg_ast_add_child (ast, items->pdata[i]);
      items->pdata[i] = NULL;
    }
  g_ptr_array_unref (items);
  return ast;
}

static KgAst *
make_projection (KgAstKind kind, const KgSpan *span, int distinct, KgAst *items,
                 KgAst *order, KgAst *skip, KgAst *limit)
{
  KgAst *ast = kg_ast_new2 (kind, span, items, order);
  kg_ast_add_child (ast, skip);
  kg_ast_add_child (ast, limit);
  ast->flags |= (guint) distinct;
  return ast;
}

/* A label list being parsed: a LABEL_CHECK whose [0] is filled later (labels_node()). */
static KgAst *
labels_new (const KgSpan *span)
{
  KgAst *ast = kg_ast_new (KG_AST_LABEL_CHECK, span);
  kg_ast_add_child (ast, NULL);
  return ast;
}

/* Adds the static label @name or the DYNAMIC_LABEL @dynamic (either taken) to @labels. */
static KgAst *
labels_add (KgAst *labels, char *name, KgAst *dynamic)
{
  if (name != NULL)
    kg_ast_take_names_item (labels, name);
  else
    kg_ast_add_child (labels, dynamic);
  return labels;
}

/* @labels as a node of @kind (LABEL_CHECK, SET_LABELS, REMOVE_LABELS) on @child. */
static KgAst *
labels_node (KgAstKind kind, const KgSpan *span, KgAst *child, KgAst *labels)
{
  labels->kind = kind;
  labels->children->pdata[0] = child;
  return set_span (labels, span);
}

/* Moves the names and DYNAMIC_LABELs of @labels (taken, nullable) to pattern element @el,
 * whose children [0] and [1] are set: the dynamic ones go from [2] on. */
static void
labels_to_element (KgAst *el, KgAst *labels)
{
  if (labels == NULL)
    return;
  el->names = g_steal_pointer (&labels->names);
  while (kg_ast_n_children (labels) > 1 && kg_ast_n_children (el) < 2)
    kg_ast_add_child (el, NULL);
  for (guint i = 1; i < kg_ast_n_children (labels); i++)
    {
      kg_ast_add_child (el, kg_ast_child (labels, i));
      labels->children->pdata[i] = NULL;
    }
  kg_ast_free (labels);
}

static KgAst *
make_node_pattern (const KgSpan *span, char *var, KgAst *labels, KgAst *props)
{
  KgAst *ast = make_names (KG_AST_NODE_PATTERN, span, props, NULL);
  ast->name = var;
  labels_to_element (ast, labels);
  return ast;
}

static KgAst *
make_rel_detail (const KgSpan *span, char *var, KgAst *types, KgHops hops, KgAst *props)
{
  KgAst *ast = make_names (KG_AST_REL_PATTERN, span, props, NULL);
  ast->name = var;
  labels_to_element (ast, types);
  if (hops.given)
    {
      ast->flags |= KG_AST_F_VARLENGTH;
      ast->min_hops = hops.min;
      ast->max_hops = hops.max;
    }
  return ast;
}

static KgAst *
make_rel_pattern (const KgSpan *span, KgAst *detail, KgAstDirection dir)
{
  detail->op = dir;
  return set_span (detail, span);
}

/* --- GQL path patterns ----------------------------------------------------------- */

static gboolean
has_inline_where (const KgAst *el)
{
  return (el->kind == KG_AST_NODE_PATTERN || el->kind == KG_AST_REL_PATTERN) && kg_ast_child (el, 1) != NULL;
}

/* `(n WHERE e)`, `-[r WHERE e]->`: the WHERE is child 1 (child 0, the properties, may
 * be absent) */
static KgAst *
add_inline_where (KgAst *el, KgAst *where)
{
  if (kg_ast_n_children (el) >= 2)
    {
      el->children->pdata[1] = where; /* dynamic labels follow */
      return el;
    }
  if (kg_ast_n_children (el) == 0)
    kg_ast_add_child (el, NULL);
  kg_ast_add_child (el, where);
  return el;
}

/* Appends a node or relationship pattern; a part with an inline WHERE is a GQL one. */
static KgAst *
part_add (KgAst *part, KgAst *el)
{
  if (has_inline_where (el))
    part->flags |= KG_AST_F_QUANTIFIED;
  kg_ast_add_child (part, el);
  return part;
}

static KgAst *
anon_node (const KgPos *at)
{
  KgSpan span = { *at, *at };
  return kg_ast_new (KG_AST_NODE_PATTERN, &span);
}

static gboolean
last_is_qpp (const KgAst *part)
{
  guint n = kg_ast_n_children (part);
  return n > 0 && kg_ast_child (part, n - 1)->kind == KG_AST_QPP;
}

/* A QPP joins two nodes: an anonymous one stands where the pattern names none. */
static KgAst *
part_add_qpp (KgAst *part, KgAst *qpp)
{
  if (kg_ast_n_children (part) == 0 || last_is_qpp (part))
    kg_ast_add_child (part, anon_node (&qpp->span.start));
  part->flags |= KG_AST_F_QUANTIFIED;
  kg_ast_add_child (part, qpp);
  return part;
}

/* Two node patterns side by side only where a QPP ends. */
static KgAst *
part_add_node (KgParseCtx *ctx, KgAst *part, KgAst *node)
{
  if (!last_is_qpp (part))
    {
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, &node->span,
                          "a node pattern cannot follow another node pattern: join them with a relationship");
      kg_ast_free (node);
      kg_ast_free (part);
      return NULL;
    }
  return part_add (part, node);
}

static KgAst *
part_finish (KgAst *part)
{
  if (last_is_qpp (part))
    kg_ast_add_child (part, anon_node (&part->span.end));
  return part;
}

/* The pattern of shortestPath() and of one QPP iteration: nodes and relationships only. */
static KgAst *
plain_element (KgParseCtx *ctx, KgAst *part, const char *what)
{
  for (guint i = 0; i < kg_ast_n_children (part); i++)
    if (kg_ast_child (part, i)->kind == KG_AST_QPP)
      {
        kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, &kg_ast_child (part, i)->span,
                            "%s cannot hold a quantified path pattern", what);
        kg_ast_free (part);
        return NULL;
      }
  return part;
}

static gboolean
check_quantifier (KgParseCtx *ctx, const KgSpan *span, KgHops q)
{
  if (q.max >= 0 && q.min > q.max)
    {
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, span,
                          "a quantifier's lower bound %" G_GINT64_FORMAT " is above its upper bound %" G_GINT64_FORMAT,
                          q.min, q.max);
      return FALSE;
    }
  return TRUE;
}

static KgAst *
make_qpp (KgParseCtx *ctx, const KgSpan *span, KgAst *inner, KgAst *where, KgHops q)
{
  inner = plain_element (ctx, inner, "a quantified path pattern");
  if (inner == NULL)
    {
      kg_ast_free (where);
      return NULL;
    }
  if (kg_ast_n_children (inner) < 3)
    {
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, &inner->span,
                          "a quantified path pattern needs at least one relationship");
      kg_ast_free (inner);
      kg_ast_free (where);
      return NULL;
    }
  if (!check_quantifier (ctx, span, q))
    {
      kg_ast_free (inner);
      kg_ast_free (where);
      return NULL;
    }
  KgAst *qpp = kg_ast_new2 (KG_AST_QPP, span, inner, where);
  qpp->min_hops = q.min;
  qpp->max_hops = q.max;
  return qpp;
}

/* `-[r:R]->{1,3}` is `(()-[r:R]->()){1,3}` */
static KgAst *
make_quantified_rel (const KgSpan *span, KgAst *rel, KgHops q)
{
  KgSpan all = { rel->span.start, span->end };
  KgAst *inner = kg_ast_new (KG_AST_PATTERN_PART, &rel->span);
  kg_ast_add_child (inner, anon_node (&rel->span.start));
  part_add (inner, rel);
  kg_ast_add_child (inner, anon_node (&rel->span.end));
  KgAst *qpp = kg_ast_new1 (KG_AST_QPP, &all, inner);
  kg_ast_add_child (qpp, NULL);
  qpp->flags |= KG_AST_F_VARLENGTH;
  qpp->min_hops = q.min;
  qpp->max_hops = q.max;
  return qpp;
}

/* A quantified path pattern or relationship inside a pattern expression: the error,
 * at it, and the hint to write the predicate as a subquery. Frees @qpp; returns NULL. */
static KgAst *
refuse_quantified (KgParseCtx *ctx, KgAst *qpp)
{
  kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, &qpp->span,
                      "a pattern expression cannot hold a %s; write the pattern in EXISTS { ... } or COUNT { ... }",
                      (qpp->flags & KG_AST_F_VARLENGTH) ? "quantified relationship" : "quantified path pattern");
  kg_ast_free (qpp);
  return NULL;
}

static KgAst *
make_paren_part (KgParseCtx *ctx, const KgSpan *span, char *var, KgAst *part, KgAst *where)
{
  part = part_finish (part);
  set_span (part, span);
  if (var != NULL)
    kg_ast_take_name (part, var);
  if (where != NULL)
    {
      part->flags |= KG_AST_F_QUANTIFIED | KG_AST_F_WHERE;
      kg_ast_add_child (part, where);
    }
  (void) ctx;
  return part;
}

static KgAst *
apply_prefix (KgParseCtx *ctx, const KgSpan *span, KgAst *part, KgPathPrefix prefix)
{
  part->flags |= KG_AST_F_QUANTIFIED;
  part->op = prefix.selector;
  part->min_hops = prefix.k;
  if (prefix.k == KG_PATH_K_PARAM)
    {
      /* the binder reads the count from the parameter */
      part->min_hops = -1;
      kg_ast_take_names_item (part, g_steal_pointer (&ctx->selector_param));
    }
  part->max_hops = prefix.mode;
  return set_span (part, span);
}

static KgAst *
name_part (KgParseCtx *ctx, const KgSpan *span, char *var, KgAst *part)
{
  if (part->name != NULL)
    {
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, span,
                          "the path has two variables, `%s` and `%s`", var, part->name);
      g_free (var);
      kg_ast_free (part);
      return NULL;
    }
  kg_ast_take_name (part, var);
  return set_span (part, span);
}

/* a < b < c arrives as (a < b) AND (b' < c), b' a copy of b. */
static KgAst *
make_chain (const KgSpan *span, KgAst *left, KgAstOp op, KgAst *right)
{
  KgAst *last = left;
  if (left->op == KG_OP_AND && left->kind == KG_AST_BINARY_OP)
    last = kg_ast_child (left, 1);
  KgAst *middle = kg_ast_copy (kg_ast_child (last, 1));
  KgSpan rspan = { middle->span.start, right->span.end };
  return kg_ast_binop (KG_OP_AND, span, left, kg_ast_binop (op, &rspan, middle, right));
}

/* ON CREATE|MATCH SET ...: the action spans ON..end, its SET node SET..end. */
static KgAst *
make_merge_action (const KgSpan *on, const KgSpan *set, KgAst *items, guint flags)
{
  items->span.start = set->start;
  KgSpan span = { on->start, items->span.end };
  return add_flags (kg_ast_new1 (KG_AST_MERGE_ACTION, &span, items), flags);
}

static KgAst *
make_negation (const KgSpan *span, KgAst *operand)
{
  if (operand->kind == KG_AST_LITERAL && (operand->flags & KG_AST_F_PRIVATE_BIGINT))
    {
      operand->flags &= ~KG_AST_F_PRIVATE_BIGINT;
      return set_span (operand, span);
    }
  KgAst *ast = kg_ast_new1 (KG_AST_UNARY_OP, span, operand);
  ast->op = KG_OP_NEG;
  return ast;
}

static KgAst *
make_function (const KgSpan *span, char *name, GPtrArray *args, guint flags)
{
  KgAst *ast = args != NULL ? make_list (KG_AST_FUNCTION_CALL, span, args)
                            : kg_ast_new (KG_AST_FUNCTION_CALL, span);
  kg_ast_take_name (ast, name);
  ast->flags |= flags;
  return ast;
}

/* YIELD columns: names = the columns; when any is aliased, KG_AST_F_ALIASED is set and
 * names holds column, alias pairs instead (alias = column where none was written). */
static void
set_yield (KgAst *call, GPtrArray *pairs)
{
  if (pairs == NULL)
    return;
  gboolean aliased = FALSE;
  for (guint i = 1; i < pairs->len; i += 2)
    aliased |= pairs->pdata[i] != NULL;
  for (guint i = 0; i < pairs->len; i += 2)
    {
      kg_ast_take_names_item (call, pairs->pdata[i]);
      pairs->pdata[i] = NULL;
      if (aliased)
        {
          char *alias = pairs->pdata[i + 1];
          kg_ast_take_names_item (call, alias != NULL ? alias : g_strdup (call->names->pdata[call->names->len - 1]));
          pairs->pdata[i + 1] = NULL;
        }
    }
  if (aliased)
    call->flags |= KG_AST_F_ALIASED;
  g_ptr_array_unref (pairs);
}

/* The GQL name of the type spelt @words (upper case, one space apart; taken), with
 * @inner (taken) for LIST<...> and ANY<...>; NULL with ctx->error set when unknown. */
static KgAst *
make_type (KgParseCtx *ctx, const KgSpan *span, char *words, KgAst *inner)
{
  static const char *const synonyms[][2] = {
    { "ANY", "ANY" }, { "ANY VALUE", "ANY" }, { "NOTHING", "NOTHING" },
    { "BOOL", "BOOLEAN" }, { "BOOLEAN", "BOOLEAN" },
    { "STRING", "STRING" }, { "VARCHAR", "STRING" },
    { "INT", "INTEGER" }, { "INTEGER", "INTEGER" }, { "INT64", "INTEGER" }, { "INTEGER64", "INTEGER" },
    { "SIGNED INTEGER", "INTEGER" },
    { "FLOAT", "FLOAT" }, { "FLOAT64", "FLOAT" },
    { "DATE", "DATE" },
    { "LOCAL TIME", "LOCAL TIME" }, { "TIME WITHOUT TIME ZONE", "LOCAL TIME" },
    { "ZONED TIME", "ZONED TIME" },
    { "LOCAL DATETIME", "LOCAL DATETIME" }, { "TIMESTAMP WITHOUT TIME ZONE", "LOCAL DATETIME" },
    { "ZONED DATETIME", "ZONED DATETIME" },
    { "DURATION", "DURATION" }, { "POINT", "POINT" },
    { "NODE", "NODE" }, { "ANY NODE", "NODE" }, { "VERTEX", "NODE" }, { "ANY VERTEX", "NODE" },
    { "RELATIONSHIP", "RELATIONSHIP" }, { "ANY RELATIONSHIP", "RELATIONSHIP" }, { "EDGE", "RELATIONSHIP" },
    { "ANY EDGE", "RELATIONSHIP" },
    { "PATH", "PATH" }, { "ANY PATH", "PATH" },
    { "MAP", "MAP" }, { "ANY MAP", "MAP" },
    { "LIST", "LIST" }, { "ARRAY", "LIST" },
    { "PROPERTY VALUE", "PROPERTY VALUE" }, { "ANY PROPERTY VALUE", "PROPERTY VALUE" },
  };
  const char *name = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (synonyms) && name == NULL; i++)
    if (strcmp (words, synonyms[i][0]) == 0)
      name = synonyms[i][1];
  gboolean generic = name != NULL && (strcmp (name, "LIST") == 0 || strcmp (name, "ANY") == 0);
  if (name == NULL || (inner != NULL && !generic) || (inner == NULL && strcmp (name, "LIST") == 0))
    {
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, span,
                          name == NULL ? "unknown type '%s'" : inner != NULL ? "the type %s takes no element type"
                                                                             : "the type %s needs an element type: %s<ANY>",
                          words, words);
      g_free (words);
      kg_ast_free (inner);
      return NULL;
    }
  g_free (words);
  if (inner != NULL && strcmp (name, "ANY") == 0)
    return set_span (inner, span); /* ANY<A | B> is A | B */
  KgAst *type = kg_ast_new (KG_AST_TYPE, span);
  kg_ast_take_name (type, g_strdup (name));
  if (inner != NULL)
    kg_ast_add_child (type, inner);
  return type;
}

/* A | B: one UNION node holding every alternative. */
static KgAst *
add_union (const KgSpan *span, KgAst *left, KgAst *right)
{
  if (left->kind != KG_AST_TYPE || g_strcmp0 (left->name, "UNION") != 0)
    {
      KgAst *u = kg_ast_new1 (KG_AST_TYPE, span, left);
      kg_ast_take_name (u, g_strdup ("UNION"));
      left = u;
    }
  kg_ast_add_child (left, right);
  return set_span (left, span);
}

/* YIELD *: the one column "*" */
static GPtrArray *
star_yield (void)
{
  GPtrArray *pairs = names_new (g_strdup ("*"));
  g_ptr_array_add (pairs, NULL);
  return pairs;
}

/* YIELD ... WHERE: the condition becomes the call's last child (KG_AST_F_WHERE). */
static void
add_yield_where (KgAst *call, KgAst *where)
{
  if (where == NULL)
    return;
  kg_ast_add_child (call, where);
  call->flags |= KG_AST_F_WHERE;
}

/* A schema statement names its labels and types: an error for a dynamic one in @labels. */
static gboolean
static_names (KgParseCtx *ctx, const KgAst *labels)
{
  const KgAst *dyn = kg_ast_child (labels, 1);
  if (dyn == NULL)
    return TRUE;
  refuse_dynamic_name (ctx, dyn);
  return FALSE;
}

/* The error at a dynamic label or type where a schema statement needs a name. */
static void
refuse_dynamic_name (KgParseCtx *ctx, const KgAst *dyn)
{
  kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, &dyn->span,
                      "an index or constraint names its labels or types: a dynamic one (`$(...)`) is not allowed here");
}

static gboolean
hops_value (KgParseCtx *ctx, const KgSpan *span, guint64 v, gint64 *out)
{
  if (v > (guint64) G_MAXINT32)
    {
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, span,
                          "relationship length %" G_GUINT64_FORMAT " is too large", v);
      return FALSE;
    }
  *out = (gint64) v;
  return TRUE;
}

/* Whether the name @text is the word @word (any case); when not and @ctx is given, a
 * syntax error at @span saying what was expected @where. */
static gboolean
word_is (KgParseCtx *ctx, const char *text, const KgSpan *span, const char *word, const char *where)
{
  if (g_ascii_strcasecmp (text, word) == 0)
    return TRUE;
  if (ctx != NULL)
    kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, span, "unexpected '%s' %s, expected %s", text,
                        where, word);
  return FALSE;
}

/* IN CONCURRENT TRANSACTIONS: an error naming the construct when @text is CONCURRENT. */
static gboolean
concurrent_word (KgParseCtx *ctx, const char *text, const KgSpan *span)
{
  if (g_ascii_strcasecmp (text, "CONCURRENT") != 0)
    return FALSE;
  kg_query_error_set (&ctx->error, KG_QUERY_ERROR_UNSUPPORTED, ctx->filename, span,
                      "`IN CONCURRENT TRANSACTIONS` is not supported: kgq runs one writing statement at a time; "
                      "use IN TRANSACTIONS");
  return TRUE;
}

/* `trim([BOTH|LEADING|TRAILING] [chars] FROM source)` as the call of btrim, ltrim or
 * rtrim (with @chars as their second argument) it means. Only trim's parentheses hold
 * these words (parser.c), so @name is trim. */
static KgAst *
make_trim (const KgSpan *span, char *name, int side, KgAst *chars, KgAst *source)
{
  static const char *const functions[] = { "btrim", "ltrim", "rtrim" };
  g_free (name);
  GPtrArray *args = exprs_new (source);
  if (chars != NULL)
    g_ptr_array_add (args, chars);
  return make_function (span, g_strdup (functions[side]), args, 0);
}

/* A standalone ORDER BY, SKIP, LIMIT or FILTER as the `WITH *` it stands for. */
static KgAst *
make_standalone (const KgSpan *span, KgAst *order, KgAst *skip, KgAst *limit, KgAst *where)
{
  KgAst *items = add_flags (kg_ast_new (KG_AST_PROJECTION_LIST, span), KG_AST_F_STAR);
  KgAst *with = make_projection (KG_AST_WITH, span, 0, items, order, skip, limit);
  kg_ast_add_child (with, where);
  return add_flags (with, KG_AST_F_STANDALONE);
}

/* A SHOW command's SINGLE_QUERY: the CALL of its table yielding @yield (nullable), then
 * @page (nullable), the WITH * of the YIELD's ORDER BY, SKIP and LIMIT. The WHERE
 * filters the yielded rows, or with @page the rows @page keeps, as WITH's WHERE does. */
static KgAst *
show_query (const KgSpan *span, GPtrArray *yield, KgAst *page, KgAst *where)
{
  KgAst *call = add_flags (kg_ast_new (KG_AST_CALL, span), KG_AST_F_SHOW);
  if (yield != NULL)
    set_yield (call, yield);
  if (page != NULL)
    {
      page->children->pdata[4] = where; /* make_standalone left the slot empty */
      page->flags |= KG_AST_F_SHOW;     /* its WITH * keeps the columns' order */
    }
  else
    add_yield_where (call, where);
  KgAst *query = kg_ast_new1 (KG_AST_SINGLE_QUERY, span, call);
  if (page != NULL)
    kg_ast_add_child (query, page);
  return query;
}

/* A SHOW query with a YIELD ... ORDER BY, SKIP or LIMIT and no RETURN gets `RETURN *`
 * flagged KG_AST_F_SHOW: its columns keep the yielded order (engine/bind-project.c). */
static KgAst *
show_return (KgAst *query)
{
  if (kg_ast_n_children (query) < 2)
    return query;
  KgAst *items = add_flags (kg_ast_new (KG_AST_PROJECTION_LIST, &query->span), KG_AST_F_STAR);
  KgAst *ret = make_projection (KG_AST_RETURN, &query->span, 0, items, NULL, NULL, NULL);
  kg_ast_add_child (query, add_flags (ret, KG_AST_F_SHOW));
  return query;
}

/* Marks the option @flag given on @txn; an error when it was given already. */
static gboolean
txn_option_once (KgParseCtx *ctx, KgAst *txn, guint flag, const KgSpan *span, const char *what)
{
  if (txn->flags & flag)
    {
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, span,
                          "%s is given twice in CALL { ... } IN TRANSACTIONS", what);
      return FALSE;
    }
  txn->flags |= flag;
  return TRUE;
}

/* --- Error reporting ---------------------------------------------------------------- */

static void
kg_yyerror (KG_YYLTYPE *loc, KgParseCtx *ctx, const char *msg)
{
  if (strstr (msg, "exhausted") != NULL)
    kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, loc,
                        "query is nested too deeply");
  else
    kg_query_error_set (&ctx->error, KG_QUERY_ERROR_SYNTAX, ctx->filename, loc, "%s", msg);
}

static gboolean
is_keyword_symbol (yysymbol_kind_t s)
{
  return (s >= YYSYMBOL_ALL && s <= YYSYMBOL_YIELD) || (s >= YYSYMBOL_SHOW && s <= YYSYMBOL_OPTIONS) ||
         (s >= YYSYMBOL_OFFSET && s <= YYSYMBOL_FINISH);
}

/* Keywords that may also be variables (the soft_keyword rule). */
static gboolean
is_soft_keyword_symbol (yysymbol_kind_t s)
{
  switch (s)
    {
    case YYSYMBOL_ALL: case YYSYMBOL_ALLSHORTESTPATHS: case YYSYMBOL_ANY: case YYSYMBOL_ASC: case YYSYMBOL_ASCENDING:
    case YYSYMBOL_BY: case YYSYMBOL_CALL: case YYSYMBOL_DESC: case YYSYMBOL_DESCENDING:
    case YYSYMBOL_DETACH: case YYSYMBOL_EXPLAIN: case YYSYMBOL_LIMIT: case YYSYMBOL_NONE:
    case YYSYMBOL_OPTIONAL: case YYSYMBOL_ORDER: case YYSYMBOL_PROFILE: case YYSYMBOL_REDUCE:
    case YYSYMBOL_SHORTESTPATH: case YYSYMBOL_SINGLE: case YYSYMBOL_SKIP: case YYSYMBOL_UNION:
    case YYSYMBOL_YIELD: case YYSYMBOL_END:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether @s is the character token 'c'. */
static gboolean
is_char_symbol (yysymbol_kind_t s, char c)
{
  const char *n = yysymbol_name (s);
  return n[0] == '\'' && n[1] == c && n[2] == '\'' && n[3] == '\0';
}

/* Tokens that can start an expression. */
static gboolean
starts_expression (yysymbol_kind_t s)
{
  if (is_soft_keyword_symbol (s))
    return TRUE;
  if (is_char_symbol (s, '(') || is_char_symbol (s, '[') || is_char_symbol (s, '{')
      || is_char_symbol (s, '-') || is_char_symbol (s, '+'))
    return TRUE;
  switch (s)
    {
    case YYSYMBOL_IDENT: case YYSYMBOL_FUNCNAME: case YYSYMBOL_TRIM_NAME: case YYSYMBOL_PARAM:
    case YYSYMBOL_STRING: case YYSYMBOL_INT: case YYSYMBOL_FLOAT: case YYSYMBOL_LPAREN_PAT: case YYSYMBOL_COMP_IDENT:
    case YYSYMBOL_PATH_IDENT: case YYSYMBOL_NOT: case YYSYMBOL_TRUE: case YYSYMBOL_FALSE: case YYSYMBOL_NULL:
    case YYSYMBOL_CASE: case YYSYMBOL_EXISTS: case YYSYMBOL_SUBQUERY_KW: case YYSYMBOL_ALL: case YYSYMBOL_ANY:
    case YYSYMBOL_NONE: case YYSYMBOL_SINGLE: case YYSYMBOL_REDUCE:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
starts_clause (yysymbol_kind_t s)
{
  switch (s)
    {
    case YYSYMBOL_MATCH: case YYSYMBOL_OPTIONAL: case YYSYMBOL_UNWIND: case YYSYMBOL_WITH:
    case YYSYMBOL_RETURN: case YYSYMBOL_CREATE: case YYSYMBOL_MERGE: case YYSYMBOL_SET:
    case YYSYMBOL_REMOVE: case YYSYMBOL_DELETE: case YYSYMBOL_DETACH: case YYSYMBOL_CALL:
    case YYSYMBOL_LOAD:
    case YYSYMBOL_FOREACH:
    case YYSYMBOL_OFFSET: case YYSYMBOL_FILTER: case YYSYMBOL_FINISH:
    case YYSYMBOL_ORDER: case YYSYMBOL_SKIP: case YYSYMBOL_LIMIT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* How a token is named in "expected ..." lists. */
static char *
symbol_words (yysymbol_kind_t s)
{
  switch (s)
    {
    case YYSYMBOL_YYEOF: return g_strdup ("end of input");
    case YYSYMBOL_IDENT: return g_strdup ("a variable");
    case YYSYMBOL_FLOAT: return g_strdup ("a number");
    case YYSYMBOL_FUNCNAME: return g_strdup ("a function name");
    case YYSYMBOL_INT: return g_strdup ("an integer");
    case YYSYMBOL_PARAM: return g_strdup ("a parameter");
    case YYSYMBOL_STRING: return g_strdup ("a string");
    case YYSYMBOL_LPAREN_PAT: return g_strdup ("'('");
    case YYSYMBOL_SHOW_KIND: return g_strdup ("PROCEDURES, FUNCTIONS, DATABASES");
    case YYSYMBOL_SUBQUERY_KW: return g_strdup ("COUNT");
    default:
      break;
    }
  const char *n = yysymbol_name (s);
  if (is_keyword_symbol (s))
    return g_ascii_strup (n, -1);
  if (n[0] == '\'')
    return g_strdup (n);
  return g_strdup_printf ("'%s'", n);
}

/* The user-facing list of what could have come next. */
static char *
describe_expected (const yysymbol_kind_t *exp, int n)
{
  gboolean has[YYNTOKENS] = { FALSE };
  for (int i = 0; i < n; i++)
    has[exp[i]] = TRUE;
  has[YYSYMBOL_YYerror] = has[YYSYMBOL_YYUNDEF] = FALSE;
  /* trim is a function name like any other to the user */
  if (has[YYSYMBOL_TRIM_NAME])
    has[YYSYMBOL_FUNCNAME] = TRUE;
  has[YYSYMBOL_TRIM_NAME] = FALSE;

  /* Groups first: they name what the user meant, and remove the tokens they cover. */
  GPtrArray *groups = g_ptr_array_new ();
  if (has[YYSYMBOL_INT] && has[YYSYMBOL_IDENT] && has[YYSYMBOL_STRING])
    {
      g_ptr_array_add (groups, "an expression");
      for (int s = 0; s < YYNTOKENS; s++)
        if (starts_expression ((yysymbol_kind_t) s))
          has[s] = FALSE;
    }
  if (has[YYSYMBOL_MATCH] && has[YYSYMBOL_RETURN])
    {
      /* after a whole pattern part a `(` could only start a quantified path pattern or a
       * node next to one: not what a user who stopped there meant */
      for (int s = 0; s < YYNTOKENS; s++)
        if (is_char_symbol ((yysymbol_kind_t) s, '('))
          has[s] = FALSE;
      has[YYSYMBOL_LPAREN_PAT] = FALSE;
    }
  if (has[YYSYMBOL_LPAREN_PAT])
    {
      g_ptr_array_add (groups, has[YYSYMBOL_IDENT] || has[YYSYMBOL_SHORTESTPATH] ? "a pattern" : "a node pattern");
      for (int s = 0; s < YYNTOKENS; s++)
        if (is_char_symbol ((yysymbol_kind_t) s, '('))
          has[s] = FALSE;
      has[YYSYMBOL_LPAREN_PAT] = has[YYSYMBOL_IDENT] = FALSE;
      for (int s = 0; s < YYNTOKENS; s++)
        if (is_soft_keyword_symbol ((yysymbol_kind_t) s) && s != YYSYMBOL_SHORTESTPATH
            && s != YYSYMBOL_ALLSHORTESTPATHS && !has[YYSYMBOL_MATCH])
          has[s] = FALSE;
      has[YYSYMBOL_PATH_IDENT] = has[YYSYMBOL_SHORTESTPATH] = has[YYSYMBOL_ALLSHORTESTPATHS] = FALSE;
      has[YYSYMBOL_SHORTEST] = has[YYSYMBOL_PATH_MODE] = has[YYSYMBOL_PATHS] = has[YYSYMBOL_GROUPS] = FALSE;
      /* after a relationship: the node pattern is meant, not a quantifier */
      for (int s = 0; s < YYNTOKENS && !has[YYSYMBOL_INT]; s++)
        if (is_char_symbol ((yysymbol_kind_t) s, '*') || is_char_symbol ((yysymbol_kind_t) s, '+') ||
            is_char_symbol ((yysymbol_kind_t) s, '{'))
          has[s] = FALSE;
      has[YYSYMBOL_INDEX] = has[YYSYMBOL_CONSTRAINT] = has[YYSYMBOL_FULLTEXT] = FALSE;
    }
  if (has[YYSYMBOL_FUNCNAME] && !has[YYSYMBOL_INT])
    {
      g_ptr_array_add (groups, "a procedure name");
      has[YYSYMBOL_FUNCNAME] = has[YYSYMBOL_IDENT] = FALSE;
    }
  if (has[YYSYMBOL_IDENT] && has[YYSYMBOL_YIELD] && has[YYSYMBOL_XOR])
    {
      /* a label, type, key or alias: any keyword is accepted too */
      g_ptr_array_add (groups, "a name");
      for (int s = 0; s < YYNTOKENS; s++)
        if (is_keyword_symbol ((yysymbol_kind_t) s))
          has[s] = FALSE;
      has[YYSYMBOL_IDENT] = FALSE;
    }
  if (has[YYSYMBOL_IDENT])
    {
      g_ptr_array_add (groups, "a variable");
      has[YYSYMBOL_IDENT] = FALSE;
      for (int s = 0; s < YYNTOKENS; s++)
        if (is_soft_keyword_symbol ((yysymbol_kind_t) s) && !has[YYSYMBOL_MATCH])
          has[s] = FALSE;
    }
  if (has[YYSYMBOL_MATCH] && has[YYSYMBOL_RETURN] && has[YYSYMBOL_CREATE])
    {
      g_ptr_array_add (groups, "a clause");
      for (int s = 0; s < YYNTOKENS; s++)
        if (starts_clause ((yysymbol_kind_t) s))
          has[s] = FALSE;
      has[YYSYMBOL_EXPLAIN] = has[YYSYMBOL_PROFILE] = FALSE;
      has[YYSYMBOL_SHOW] = has[YYSYMBOL_DROP] = FALSE;
    }
  if (has[YYSYMBOL_AND] && has[YYSYMBOL_IS])
    {
      g_ptr_array_add (groups, "an operator");
      static const char ops[] = "+-*/%^=<>.[:";
      for (int s = 0; s < YYNTOKENS; s++)
        for (const char *o = ops; *o != '\0'; o++)
          if (is_char_symbol ((yysymbol_kind_t) s, *o))
            has[s] = FALSE;
      has[YYSYMBOL_TYPE_COLONS] = FALSE;
      has[YYSYMBOL_NE] = has[YYSYMBOL_LE] = has[YYSYMBOL_GE] = has[YYSYMBOL_REGEX] = FALSE;
      has[YYSYMBOL_AND] = has[YYSYMBOL_OR] = has[YYSYMBOL_XOR] = has[YYSYMBOL_IN] = FALSE;
      has[YYSYMBOL_STARTS] = has[YYSYMBOL_ENDS] = has[YYSYMBOL_CONTAINS] = has[YYSYMBOL_IS] = FALSE;
    }

  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  int rest = 0;
  for (int s = 0; s < YYNTOKENS; s++)
    rest += has[s];
  /* Long lists of single tokens help nobody: keep them only when short. */
  if (groups->len + (guint) rest <= 6)
    for (int s = 0; s < YYNTOKENS; s++)
      if (has[s])
        g_ptr_array_add (items, symbol_words ((yysymbol_kind_t) s));
  for (guint i = 0; i < groups->len; i++)
    g_ptr_array_add (items, g_strdup (groups->pdata[i]));
  g_ptr_array_unref (groups);

  GString *out = g_string_new (NULL);
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == items->len ? " or " : ", ");
      g_string_append (out, items->pdata[i]);
    }
  g_ptr_array_unref (items);
  return g_string_free (out, FALSE);
}

/* The offending token as the user wrote it. */
static char *
describe_token (KgParseCtx *ctx, yysymbol_kind_t s, const KgSpan *loc)
{
  switch (s)
    {
    case YYSYMBOL_YYEOF: return g_strdup ("end of input");
    case YYSYMBOL_STRING: return g_strdup ("string literal");
    default:
      break;
    }
  g_autofree char *text = kg_parse_ctx_text (ctx, loc);
  if (g_utf8_strlen (text, -1) > 30)
    {
      char *cut = g_utf8_offset_to_pointer (text, 27);
      *cut = '\0';
      return g_strdup_printf ("'%s...'", text);
    }
  return g_strdup_printf ("'%s'", text);
}

/* Edit distance with adjacent transpositions (RETRUN -> RETURN is 1), ASCII case folded. */
static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  if (la > 32 || lb > 32)
    return G_MAXUINT;
  guint d[33][33];
  for (gsize i = 0; i <= la; i++)
    d[i][0] = (guint) i;
  for (gsize j = 0; j <= lb; j++)
    d[0][j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        guint cost = g_ascii_toupper (a[i - 1]) == g_ascii_toupper (b[j - 1]) ? 0 : 1;
        guint v = MIN (MIN (d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && g_ascii_toupper (a[i - 1]) == g_ascii_toupper (b[j - 2])
            && g_ascii_toupper (a[i - 2]) == g_ascii_toupper (b[j - 1]))
          v = MIN (v, d[i - 2][j - 2] + 1);
        d[i][j] = v;
      }
  return d[la][lb];
}

/* A misspelt keyword: the expected keyword closest to @word, if close enough. */
static const char *
suggest_keyword (const char *word, const yysymbol_kind_t *exp, int n)
{
  const char *best = NULL;
  if (strlen (word) < 4)
    return NULL; /* `a` is not a misspelt AS */
  guint best_d = strlen (word) <= 5 ? 1 : 2;
  for (int i = 0; i < n; i++)
    {
      if (!is_keyword_symbol (exp[i]))
        continue;
      guint dist = edit_distance (word, yysymbol_name (exp[i]));
      if (dist <= best_d && (best == NULL || dist < best_d))
        {
          best = yysymbol_name (exp[i]);
          best_d = dist;
        }
    }
  return best;
}

/* The word (letters, digits, `_`) that ends before byte @end of the source (relative to
 * its origin), skipping blanks; "" when none. Sets *@start to where it begins. */
static char *
word_before (KgParseCtx *ctx, gsize end, gsize *start)
{
  gsize b = MIN (end, ctx->len);
  while (b > 0 && g_ascii_isspace (ctx->src[b - 1]))
    b--;
  gsize a = b;
  while (a > 0 && (g_ascii_isalnum (ctx->src[a - 1]) || ctx->src[a - 1] == '_'))
    a--;
  *start = a;
  return g_strndup (ctx->src + a, b - a);
}

static gboolean
word_in (const char *word, const char *const *words)
{
  for (; *words != NULL; words++)
    if (g_ascii_strcasecmp (word, *words) == 0)
      return TRUE;
  return FALSE;
}

/* Neo4j 5 and GQL clauses and commands kgq does not have: an error naming the construct
 * and saying why, instead of pointing at a token. @word is the unexpected name at @loc;
 * a clause was expected there when @clause_expected. Returns FALSE when @word is none. */
static gboolean
unsupported_construct (KgParseCtx *ctx, const KgSpan *loc, const char *word, gboolean clause_expected)
{
  static const char *const shown[] = { "TRANSACTION", "TRANSACTIONS", "SETTING", "SETTINGS", "USER", "USERS",
                                       "ROLE", "ROLES", "PRIVILEGE", "PRIVILEGES", "SERVER", "SERVERS",
                                       "ALIAS", "ALIASES", "CURRENT", "HOME", "DEFAULT", "POPULATED",
                                       "SUPPORTED", NULL };
  static const char *const administered[] = { "DATABASE", "DATABASES", "ALIAS", "USER", "ROLE", "COMPOSITE",
                                              "SERVER", NULL };
  static const struct
  {
    const char *word, *construct, *why;
  } clauses[] = {
    { "USE", "USE", "kgq has one graph" },
    { "LET", "LET", "bind values with WITH ... AS" },
    { "FOR", "FOR", "write UNWIND list AS x" },
    { "NEXT", "NEXT", "chain the parts with WITH" },
    { "SEARCH", "SEARCH", "kgq has no vector indexes; full-text search is CALL db.index.fulltext.queryNodes()" },
    { "INSERT", "INSERT", "write CREATE" },
    { "GROUP", "GROUP BY", "RETURN and WITH group by their items that do not aggregate" },
    { "BEGIN", "BEGIN", "a transaction is opened by the client (Bolt BEGIN, kgq_session_begin()), not by a statement" },
    { "COMMIT", "COMMIT", "a transaction is committed by the client (Bolt COMMIT, kgq_session_commit()), not by a statement" },
    { "ROLLBACK", "ROLLBACK", "a transaction is rolled back by the client (Bolt ROLLBACK, kgq_session_rollback())" },
    { "TERMINATE", "TERMINATE TRANSACTIONS", "kgq has no transactions to list or end by id; cancel a statement from its client" },
    { "GRANT", "GRANT", "kgq has no roles or privileges" },
    { "DENY", "DENY", "kgq has no roles or privileges" },
    { "REVOKE", "REVOKE", "kgq has no roles or privileges" },
    { "ALTER", "ALTER", "kgq has no administration commands: one database, users in a password file (kgq passwd)" },
    { "RENAME", "RENAME", "kgq has no administration commands: one database, users in a password file (kgq passwd)" },
    { "START", "START DATABASE", "kgq has one database, always started" },
    { "STOP", "STOP DATABASE", "kgq has one database, always started" },
  };
  gsize at = loc->start.offset >= ctx->origin.offset ? loc->start.offset - ctx->origin.offset : 0, p1 = 0, p2 = 0;
  g_autofree char *prev = word_before (ctx, at, &p1);
  g_autofree char *prev2 = word_before (ctx, p1, &p2);
  g_autofree char *up = g_ascii_strup (word, -1);
  if (g_ascii_strcasecmp (prev, "SHOW") == 0 && word_in (word, shown))
    {
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_UNSUPPORTED, ctx->filename, loc,
                          "`SHOW %s` is not supported: kgq keeps no such state (it shows PROCEDURES, FUNCTIONS, "
                          "DATABASES, INDEXES and CONSTRAINTS)",
                          up);
      return TRUE;
    }
  const char *object = NULL, *verb = NULL;
  if ((g_ascii_strcasecmp (prev, "CREATE") == 0 || g_ascii_strcasecmp (prev, "DROP") == 0) && word_in (word, administered))
    verb = prev, object = word;
  else if ((g_ascii_strcasecmp (prev2, "CREATE") == 0 || g_ascii_strcasecmp (prev2, "DROP") == 0) && word_in (prev, administered))
    verb = prev2, object = prev;
  if (object != NULL)
    {
      g_autofree char *v = g_ascii_strup (verb, -1);
      g_autofree char *o = g_ascii_strup (object, -1);
      kg_query_error_set (&ctx->error, KG_QUERY_ERROR_UNSUPPORTED, ctx->filename, loc,
                          "`%s %s` is not supported: kgq has one database, and its users are in a password file "
                          "(kgq passwd)",
                          v, o);
      return TRUE;
    }
  if (!clause_expected)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (clauses); i++)
    if (g_ascii_strcasecmp (word, clauses[i].word) == 0)
      {
        kg_query_error_set (&ctx->error, KG_QUERY_ERROR_UNSUPPORTED, ctx->filename, loc, "`%s` is not supported: %s",
                            clauses[i].construct, clauses[i].why);
        return TRUE;
      }
  return FALSE;
}

static int
yyreport_syntax_error (const yypcontext_t *yyctx, KgParseCtx *ctx)
{
  if (ctx->error != NULL)
    return 0;
  yysymbol_kind_t tok = yypcontext_token (yyctx);
  const KgSpan *loc = yypcontext_location (yyctx);
  yysymbol_kind_t exp[YYNTOKENS];
  int n = yypcontext_expected_tokens (yyctx, exp, YYNTOKENS);
  if (n < 0)
    n = 0;
  g_autofree char *what = describe_token (ctx, tok, loc);
  g_autofree char *expected = describe_expected (exp, n);
  KgQueryError code = tok == YYSYMBOL_YYEOF ? KG_QUERY_ERROR_INCOMPLETE : KG_QUERY_ERROR_SYNTAX;
  if (tok == YYSYMBOL_IDENT || tok == YYSYMBOL_FUNCNAME || tok == YYSYMBOL_TRIM_NAME || tok == YYSYMBOL_FOR)
    {
      g_autofree char *word = kg_parse_ctx_text (ctx, loc);
      gboolean clause_expected = FALSE;
      for (int i = 0; i < n; i++)
        clause_expected = clause_expected || exp[i] == YYSYMBOL_MATCH;
      if (unsupported_construct (ctx, loc, word, clause_expected))
        return 0;
      const char *kw = suggest_keyword (word, exp, n);
      if (kw != NULL)
        {
          g_autofree char *up = g_ascii_strup (kw, -1);
          kg_query_error_set (&ctx->error, code, ctx->filename, loc, "unexpected %s, expected %s (did you mean %s?)",
                              what, expected, up);
          return 0;
        }
    }
  if ((tok == YYSYMBOL_YYEOF || starts_clause (tok) || is_char_symbol (tok, ';')) && ctx->open->len > 0)
    {
      /* say which bracket is still open: the usual reason for running out of text, or
       * for meeting the next clause too early */
      const KgSpan *open = &g_array_index (ctx->open, KgSpan, ctx->open->len - 1);
      g_autofree char *bracket = kg_parse_ctx_text (ctx, open);
      kg_query_error_set (&ctx->error, code, ctx->filename, loc,
                          "unexpected %s, expected %s (the '%s' at %u:%u is not closed)",
                          what, *expected != '\0' ? expected : "more", bracket, open->start.line, open->start.column);
    }
  else if (*expected != '\0')
    kg_query_error_set (&ctx->error, code, ctx->filename, loc, "unexpected %s, expected %s", what, expected);
  else
    kg_query_error_set (&ctx->error, code, ctx->filename, loc, "unexpected %s", what);
  return 0;
}
