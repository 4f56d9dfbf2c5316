/* parser/ast.h — the Cypher syntax tree.
 *
 * One node struct for every construct: a kind, the source span, and a few generic
 * slots whose meaning per kind is listed below. A node owns its children, names and
 * value; subtrees are never shared (kg_ast_copy() clones). The parser only builds trees;
 * the binder (engine/bind.c) fills the annotation fields at the end of the struct and
 * never changes the shape.
 *
 * Child layouts ("[i]" is children[i]; NULL means "absent" where marked optional):
 *
 * Statements
 *   QUERY            [0] UNION or SINGLE_QUERY; flags KG_AST_F_EXPLAIN / KG_AST_F_PROFILE
 *   UNION            [0] left (UNION or SINGLE_QUERY), [1] right SINGLE_QUERY;
 *                    flags KG_AST_F_ALL for UNION ALL
 *   SINGLE_QUERY     children: the clauses in order
 * Clauses
 *   MATCH            [0] PATTERN, [1] WHERE expression (optional); KG_AST_F_OPTIONAL
 *   UNWIND           [0] expression, [1] VARIABLE (the alias)
 *   WITH, RETURN     [0] PROJECTION_LIST, [1] ORDER_BY (opt), [2] SKIP expr (opt),
 *                    [3] LIMIT expr (opt), [4] WHERE expr (opt, WITH only);
 *                    KG_AST_F_DISTINCT; a WITH with KG_AST_F_STANDALONE is a standalone
 *                    ORDER BY, SKIP/OFFSET, LIMIT or FILTER, written without `WITH *`;
 *                    KG_AST_F_SHOW on the WITH * and RETURN * the parser adds after a SHOW
 *                    command's YIELD ... ORDER BY, SKIP or LIMIT: `*` keeps the yielded order
 *   FINISH           no children: the query returns nothing
 *   PROJECTION_LIST  children: PROJECTION_ITEMs; KG_AST_F_STAR for `*` (items may follow)
 *   PROJECTION_ITEM  [0] expression; name = column name: the alias, or the expression's
 *                    source text exactly as written; KG_AST_F_ALIASED when AS was used
 *   ORDER_BY         children: SORT_ITEMs
 *   SORT_ITEM        [0] expression; KG_AST_F_DESC
 *   CREATE           [0] PATTERN
 *   MERGE            [0] PATTERN_PART, then MERGE_ACTIONs
 *   MERGE_ACTION     [0] SET; KG_AST_F_ON_CREATE or KG_AST_F_ON_MATCH
 *   SET              children: SET_PROPERTY, SET_ALL_PROPERTIES, SET_MERGE_PROPERTIES,
 *                    SET_LABELS
 *   SET_PROPERTY     [0] PROPERTY (target, e.g. n.name), [1] value expression
 *   SET_ALL_PROPERTIES   [0] VARIABLE, [1] expression       (n = {map})
 *   SET_MERGE_PROPERTIES [0] VARIABLE, [1] expression       (n += {map})
 *   SET_LABELS       [0] VARIABLE; names: the labels        (n:A:B); [1...] the
 *                    DYNAMIC_LABELs (n:$(expr)), if any
 *   REMOVE           children: REMOVE_PROPERTY ([0] PROPERTY) or REMOVE_LABELS
 *                    ([0] VARIABLE; names: labels; [1...] DYNAMIC_LABELs)
 *   DELETE           children: expressions; KG_AST_F_DETACH
 *   CALL             name = procedure name (dotted, as written); children: argument
 *                    expressions; names: YIELD columns (NULL when no YIELD; ["*"] for
 *                    YIELD *); KG_AST_F_STAR when called without parentheses (implicit
 *                    arguments). When a column is renamed (YIELD a AS b), KG_AST_F_ALIASED
 *                    is set and names holds column, variable pairs instead: [a, b, c, c].
 *                    KG_AST_F_WHERE: the last child is the YIELD ... WHERE condition;
 *                    KG_AST_F_SHOW: the CALL of a SHOW command's table (SHOW PROCEDURES ...)
 *   LOAD_CSV         [0] the URL expression, [1] VARIABLE (the alias), [2] the
 *                    FIELDTERMINATOR string LITERAL (optional); KG_AST_F_HEADERS for
 *                    WITH HEADERS
 *   CALL_SUBQUERY    [0] the subquery: UNION or SINGLE_QUERY; KG_AST_F_SCOPED when a scope
 *                    clause `CALL (x, y) { ... }` was written, with names = its variables
 *                    (NULL for `()`) or KG_AST_F_STAR for `(*)`; KG_AST_F_OPTIONAL for
 *                    OPTIONAL CALL; [1] IN_TRANSACTIONS (optional)
 *   IN_TRANSACTIONS  [0] the batch size expression (opt: NULL for 1000 rows), [1] VARIABLE
 *                    of REPORT STATUS AS (opt); op = KgTxnOnError; the parser's
 *                    KG_AST_F_TXN_ROWS, _STATUS and _ON_ERROR mark the options given
 *   FOREACH          [0] list expression, [1] VARIABLE, [2] SINGLE_QUERY of its clauses
 * Patterns
 *   PATTERN          children: PATTERN_PARTs
 *   PATTERN_PART     name = path variable (nullable); children alternate NODE_PATTERN,
 *                    REL_PATTERN (or QPP), NODE_PATTERN, ...; flags KG_AST_F_SHORTEST or
 *                    KG_AST_F_ALL_SHORTEST for shortestPath(...) / allShortestPaths(...).
 *                    KG_AST_F_QUANTIFIED when the part holds a QPP, a path selector or
 *                    mode, or an inline WHERE (engine/bind-qpp.c binds such parts, and
 *                    engine/plan-qpp.c plans them); then op = KgPathSelector, min_hops =
 *                    its count k (-1 when not written), names = [the parameter] of a
 *                    count written `SHORTEST $k` (the binder sets min_hops from it),
 *                    max_hops = KgPathMode, and with
 *                    KG_AST_F_WHERE the last child is the WHERE of a parenthesized path
 *                    pattern `(p = (a)-->+(b) WHERE ...)` (applied before the selection)
 *   QPP              a quantified path pattern `((a)-[r]->(b) WHERE e){min,max}` or a
 *                    quantified relationship `-[r]->{min,max}` (KG_AST_F_VARLENGTH):
 *                    [0] PATTERN_PART of the iteration (node, rel, node, ...), [1] WHERE
 *                    (opt); min_hops / max_hops the iterations (max -1: unbounded)
 *   NODE_PATTERN     name = variable (nullable); names = labels (nullable);
 *                    [0] properties: MAP or PARAMETER (optional), [1] inline WHERE (opt),
 *                    [2...] DYNAMIC_LABELs, which the node must have as well (if any)
 *   REL_PATTERN      name = variable (nullable); names = type alternatives (nullable);
 *                    op = KgAstDirection; [0] properties (optional), [1] inline WHERE
 *                    (opt), [2...] DYNAMIC_LABELs: more alternatives (`:A|$(t)`);
 *                    KG_AST_F_VARLENGTH when `*` was given, with min_hops / max_hops
 *                    (-1 when not written: `*` is -1..-1, `*2` is 2..2, `*..3` is -1..3)
 *   DYNAMIC_LABEL    `$(expr)`, `$all(expr)` or `$any(expr)` where a label or type may
 *                    stand: [0] the expression (a STRING or a LIST<STRING> when it runs);
 *                    op = KgDynamicLabel
 * Expressions
 *   LITERAL          value: null, boolean, integer, float or string
 *   PARAMETER        name (without `$`)
 *   VARIABLE         name
 *   PROPERTY         [0] expression; name = key
 *   LIST             children: items
 *   MAP              names[i] = key of children[i]
 *   BINARY_OP        op = KgAstOp; [0], [1]. A chain a < b < c arrives as
 *                    (a < b) AND (b' < c) with b' a copy of b.
 *   UNARY_OP         op = KG_OP_NOT, KG_OP_NEG or KG_OP_PLUS; [0]
 *   IS_NULL          [0]; KG_AST_F_NOT for IS NOT NULL
 *   IS_TYPE          [0] expression, [1] TYPE; KG_AST_F_NOT for IS NOT :: TYPE
 *   TYPE             name = the GQL type's name (BOOLEAN, STRING, INTEGER, FLOAT, DATE,
 *                    LOCAL TIME, ZONED TIME, LOCAL DATETIME, ZONED DATETIME, DURATION,
 *                    POINT, NODE, RELATIONSHIP, PATH, MAP, LIST, PROPERTY VALUE, ANY,
 *                    NOTHING, NULL) or UNION; LIST: [0] its element TYPE; UNION: children
 *                    the alternatives; KG_AST_F_NOT for NOT NULL
 *   LABEL_CHECK      [0] expression; names = labels      (n:Person:Actor); [1...]
 *                    DYNAMIC_LABELs (n:$(expr)), if any
 *   INDEX            [0] list or map, [1] index           (x[i])
 *   SLICE            [0] list, [1] from (opt), [2] to (opt)
 *   FUNCTION_CALL    name = function name as written (dotted names kept); children:
 *                    arguments; KG_AST_F_DISTINCT; KG_AST_F_STAR for count(*)
 *   CASE             [0] subject (opt: NULL for the generic form), [1] ELSE (opt),
 *                    then [2k+2] WHEN and [2k+3] THEN for each alternative
 *   LIST_COMPREHENSION  name = variable; [0] list, [1] WHERE (opt), [2] projection (opt)
 *   QUANTIFIER       op = KG_OP_ALL/ANY/NONE/SINGLE; name = variable; [0] list, [1] WHERE
 *   REDUCE           name = accumulator; names[0] = element variable;
 *                    [0] initial value, [1] list, [2] expression
 *   PATTERN_COMPREHENSION  name = path variable (nullable); [0] PATTERN_PART,
 *                    [1] WHERE (opt), [2] projection
 *   PATTERN_PREDICATE  [0] PATTERN_PART: a relationship pattern used as a boolean
 *   EXISTS_SUBQUERY  [0] PATTERN, SINGLE_QUERY or UNION, [1] WHERE (opt, after a PATTERN);
 *                    op = KgAstSubquery: EXISTS { ... }, COUNT { ... } or COLLECT { ... }
 *   MAP_PROJECTION   name = variable; children: MAP_PROJECTION_ITEMs
 *   MAP_PROJECTION_ITEM  op = KgAstMapItem; name = key; [0] expression for LITERAL entries
 *   STAR             `*` as a function argument is not used (see count(*)); reserved
 * Index statements (each the only child of QUERY, which carries KG_AST_F_EXPLAIN)
 *   CREATE_INDEX     name = index name (nullable); names = [label, key];
 *                    [0] VARIABLE of the pattern `(v:Label)`, [1] VARIABLE of the property
 *                    `v.key` (both absent for `ON :Label(key)`, which sets KG_AST_F_ON_LABEL);
 *                    KG_AST_F_IF_EXISTS for IF NOT EXISTS
 *   DROP_INDEX       name = index name, or NULL with names = [label, key] for
 *                    `ON :Label(key)` (KG_AST_F_ON_LABEL); KG_AST_F_IF_EXISTS for IF EXISTS
 *   SHOW_INDEXES     no children (SHOW INDEX and SHOW INDEXES)
 *   CREATE_CONSTRAINT  name = constraint name (nullable); names = [label or type, key...];
 *                    op = 1 on relationships (`FOR ()-[r:T]-()`), 0 on nodes; [0] LITERAL,
 *                    the rule after IS as one string ("UNIQUE", "NODE KEY", "NOT NULL",
 *                    ":: INTEGER"); KG_AST_F_IF_EXISTS for IF NOT EXISTS
 *   DROP_CONSTRAINT  name = constraint name; KG_AST_F_IF_EXISTS for IF EXISTS
 *   SHOW_CONSTRAINTS no children
 *   CREATE_FULLTEXT_INDEX  name = index name (nullable); names = the labels (or, with
 *                    KG_AST_F_RELATIONSHIP, the types); [0] VARIABLE of the pattern,
 *                    [1] LIST of PROPERTY `v.key`, [2] the OPTIONS MAP (optional);
 *                    KG_AST_F_IF_EXISTS for IF NOT EXISTS
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "common/span.h"
#include "common/value.h"

G_BEGIN_DECLS

typedef enum
{
  KG_AST_QUERY,
  KG_AST_UNION,
  KG_AST_SINGLE_QUERY,

  KG_AST_MATCH,
  KG_AST_UNWIND,
  KG_AST_WITH,
  KG_AST_RETURN,
  KG_AST_PROJECTION_LIST,
  KG_AST_PROJECTION_ITEM,
  KG_AST_ORDER_BY,
  KG_AST_SORT_ITEM,
  KG_AST_CREATE,
  KG_AST_MERGE,
  KG_AST_MERGE_ACTION,
  KG_AST_SET,
  KG_AST_SET_PROPERTY,
  KG_AST_SET_ALL_PROPERTIES,
  KG_AST_SET_MERGE_PROPERTIES,
  KG_AST_SET_LABELS,
  KG_AST_REMOVE,
  KG_AST_REMOVE_PROPERTY,
  KG_AST_REMOVE_LABELS,
  KG_AST_DELETE,
  KG_AST_CALL,
  KG_AST_LOAD_CSV,
  KG_AST_CALL_SUBQUERY,
  KG_AST_FOREACH,
  KG_AST_IN_TRANSACTIONS,
  KG_AST_FINISH,

  KG_AST_PATTERN,
  KG_AST_PATTERN_PART,
  KG_AST_NODE_PATTERN,
  KG_AST_REL_PATTERN,
  KG_AST_QPP,
  KG_AST_DYNAMIC_LABEL,

  KG_AST_LITERAL,
  KG_AST_PARAMETER,
  KG_AST_VARIABLE,
  KG_AST_PROPERTY,
  KG_AST_LIST,
  KG_AST_MAP,
  KG_AST_BINARY_OP,
  KG_AST_UNARY_OP,
  KG_AST_IS_NULL,
  KG_AST_IS_TYPE,
  KG_AST_TYPE,
  KG_AST_LABEL_CHECK,
  KG_AST_INDEX,
  KG_AST_SLICE,
  KG_AST_FUNCTION_CALL,
  KG_AST_CASE,
  KG_AST_LIST_COMPREHENSION,
  KG_AST_QUANTIFIER,
  KG_AST_REDUCE,
  KG_AST_PATTERN_COMPREHENSION,
  KG_AST_PATTERN_PREDICATE,
  KG_AST_EXISTS_SUBQUERY,
  KG_AST_MAP_PROJECTION,
  KG_AST_MAP_PROJECTION_ITEM,
  KG_AST_STAR,

  KG_AST_CREATE_INDEX,
  KG_AST_DROP_INDEX,
  KG_AST_SHOW_INDEXES,
  KG_AST_CREATE_CONSTRAINT,
  KG_AST_DROP_CONSTRAINT,
  KG_AST_SHOW_CONSTRAINTS,
  KG_AST_CREATE_FULLTEXT_INDEX,

  KG_AST_N_KINDS
} KgAstKind;

typedef enum
{
  KG_AST_F_EXPLAIN = 1 << 0,
  KG_AST_F_PROFILE = 1 << 1,
  KG_AST_F_ALL = 1 << 2,
  KG_AST_F_OPTIONAL = 1 << 3,
  KG_AST_F_DISTINCT = 1 << 4,
  KG_AST_F_STAR = 1 << 5,
  KG_AST_F_ALIASED = 1 << 6,
  KG_AST_F_DESC = 1 << 7,
  KG_AST_F_ON_CREATE = 1 << 8,
  KG_AST_F_ON_MATCH = 1 << 9,
  KG_AST_F_DETACH = 1 << 10,
  KG_AST_F_SHORTEST = 1 << 11,
  KG_AST_F_ALL_SHORTEST = 1 << 12,
  KG_AST_F_VARLENGTH = 1 << 13,
  KG_AST_F_NOT = 1 << 14,
  KG_AST_F_IF_EXISTS = 1 << 15,
  KG_AST_F_ON_LABEL = 1 << 16,
  KG_AST_F_SCOPED = 1 << 17,
  KG_AST_F_RELATIONSHIP = 1 << 18,
  KG_AST_F_HEADERS = 1 << 19,
  KG_AST_F_WHERE = 1 << 20,
  KG_AST_F_SHOW = 1 << 21,
  KG_AST_F_TXN_ROWS = 1 << 22,
  KG_AST_F_TXN_STATUS = 1 << 23,
  KG_AST_F_TXN_ON_ERROR = 1 << 24,
  KG_AST_F_STANDALONE = 1 << 25,
  KG_AST_F_QUANTIFIED = 1 << 26,
} KgAstFlags;

/* What CALL { ... } IN TRANSACTIONS does when a batch fails (IN_TRANSACTIONS.op). */
typedef enum
{
  KG_TXN_ON_ERROR_FAIL,     /* the statement fails; batches committed before stay */
  KG_TXN_ON_ERROR_CONTINUE, /* the batch's rows get nulls; the next batches run */
  KG_TXN_ON_ERROR_BREAK,    /* the batch's rows and all later ones get nulls; no batch runs again */
  KG_TXN_ON_ERROR_RETRY,    /* parsed to be refused by name */
} KgTxnOnError;

/* How a DYNAMIC_LABEL's names apply (DYNAMIC_LABEL.op). */
typedef enum
{
  KG_DYN_LABEL_PLAIN, /* $(e): all of the names (a relationship: its one type) */
  KG_DYN_LABEL_ALL,   /* $all(e): all of the names, as $(e); only where a pattern matches */
  KG_DYN_LABEL_ANY,   /* $any(e): one of the names at least; only where a pattern matches */
} KgDynamicLabel;

/* A pattern part's path selector (GQL), in PATTERN_PART.op; k in min_hops. */
typedef enum
{
  KG_PATH_SELECT_NONE,         /* no selector: every match */
  KG_PATH_SELECT_ALL,          /* ALL [PATHS]: every match */
  KG_PATH_SELECT_ANY,          /* ANY [k]: k matches per start and end node */
  KG_PATH_SELECT_SHORTEST,     /* SHORTEST k, ANY SHORTEST (k = 1) */
  KG_PATH_SELECT_ALL_SHORTEST, /* ALL SHORTEST: every match of the least length */
  KG_PATH_SELECT_GROUPS,       /* SHORTEST [k] GROUPS: the matches of the k least lengths */
} KgPathSelector;

/* A pattern part's path mode (GQL), in PATTERN_PART.max_hops. */
typedef enum
{
  KG_PATH_MODE_DEFAULT, /* as TRAIL */
  KG_PATH_MODE_WALK,    /* anything may repeat */
  KG_PATH_MODE_TRAIL,   /* no relationship repeats */
  KG_PATH_MODE_ACYCLIC, /* no node repeats */
  KG_PATH_MODE_SIMPLE,  /* no node repeats, but the last may be the first */
} KgPathMode;

typedef enum
{
  KG_OP_OR,
  KG_OP_XOR,
  KG_OP_AND,
  KG_OP_NOT,
  KG_OP_EQ,
  KG_OP_NE,
  KG_OP_LT,
  KG_OP_LE,
  KG_OP_GT,
  KG_OP_GE,
  KG_OP_ADD,
  KG_OP_SUB,
  KG_OP_MUL,
  KG_OP_DIV,
  KG_OP_MOD,
  KG_OP_POW,
  KG_OP_NEG,
  KG_OP_PLUS,
  KG_OP_IN,
  KG_OP_STARTS_WITH,
  KG_OP_ENDS_WITH,
  KG_OP_CONTAINS,
  KG_OP_REGEX,
  KG_OP_ALL,
  KG_OP_ANY,
  KG_OP_NONE,
  KG_OP_SINGLE,
} KgAstOp;

typedef enum
{
  KG_AST_DIR_NONE,  /* (a)-[]-(b)   */
  KG_AST_DIR_RIGHT, /* (a)-[]->(b)  */
  KG_AST_DIR_LEFT,  /* (a)<-[]-(b)  */
  KG_AST_DIR_BOTH,  /* (a)<-[]->(b) : matches either direction, like NONE */
} KgAstDirection;

typedef enum
{
  KG_MAP_ITEM_PROPERTY, /* .key          */
  KG_MAP_ITEM_ALL,      /* .*            */
  KG_MAP_ITEM_LITERAL,  /* key: expr     */
  KG_MAP_ITEM_VARIABLE, /* var           */
} KgAstMapItem;

typedef enum
{
  KG_SUBQUERY_EXISTS,  /* EXISTS { ... }: whether it has a row */
  KG_SUBQUERY_COUNT,   /* COUNT { ... }: how many rows */
  KG_SUBQUERY_COLLECT, /* COLLECT { ... }: the list of its one column */
} KgAstSubquery;

typedef struct _KgAst KgAst;

/* A function's row in the engine's function table (engine/expr.h); the parser never
 * looks inside. */
typedef struct _KgFunction KgFunction;

struct _KgAst
{
  KgAstKind kind;
  KgSpan span;         /* source range, for errors and column names */
  guint flags;         /* KgAstFlags */
  int op;              /* KgAstOp, KgAstDirection or KgAstMapItem, by kind */
  char *name;          /* variable, key, function, alias: see the table above */
  GPtrArray *names;    /* (element-type utf8) (nullable): labels, types, map keys */
  GPtrArray *children; /* (element-type KgAst) (nullable): may hold NULL entries */
  KgValue value;       /* LITERAL only */
  gint64 min_hops;     /* REL_PATTERN with KG_AST_F_VARLENGTH; -1 when not written */
  gint64 max_hops;

  /* Binder annotations (engine/bind.c). The parser and kg_ast_copy() set every slot
   * and index to -1 and `function` to NULL; nothing here is owned by the node. */
  int slot;                   /* >= 0: the value is read from row slot `slot`, not computed */
  int var_slot;               /* LIST_COMPREHENSION, QUANTIFIER: the iteration variable's
                               * slot; REDUCE: the accumulator's (name); MAP_PROJECTION and
                               * MAP_PROJECTION_ITEM (VARIABLE): the variable's */
  int elem_slot;              /* REDUCE: the element variable's slot (names[0]) */
  int fold;                   /* >= 0: a constant expression, evaluated once per statement
                               * and kept in the statement's fold cache at this index */
  const KgFunction *function; /* FUNCTION_CALL: the function's table row */
};

/** kg_ast_new: Returns: (transfer full): a node of @kind with no children, annotations unset. */
KgAst *kg_ast_new (KgAstKind kind, const KgSpan *span);
/** kg_ast_free: frees @ast and everything it owns. */
void kg_ast_free (KgAst *ast);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgAst, kg_ast_free)
/** kg_ast_copy: Returns: (transfer full): a deep copy, annotations reset. */
KgAst *kg_ast_copy (const KgAst *ast);

/** kg_ast_add_child: appends @child (transfer full, nullable) to @ast. */
void kg_ast_add_child (KgAst *ast, KgAst *child);
/** kg_ast_add_name: appends a copy of @name to @ast->names. */
void kg_ast_add_name (KgAst *ast, const char *name);
/* The accessors are inline: the evaluator calls them for every node of every row. */

/** kg_ast_child: Returns: (transfer none) (nullable): child @i, NULL when absent or out of range. */
static inline KgAst *
kg_ast_child (const KgAst *ast, guint i)
{
  if (ast == NULL || ast->children == NULL || i >= ast->children->len)
    return NULL;
  return (KgAst *) ast->children->pdata[i];
}

/** kg_ast_n_children: Returns: the number of children of @ast (0 for NULL). */
static inline guint
kg_ast_n_children (const KgAst *ast)
{
  return ast != NULL && ast->children != NULL ? ast->children->len : 0;
}

/** kg_ast_n_names: Returns: the number of names of @ast (0 for NULL). */
static inline guint
kg_ast_n_names (const KgAst *ast)
{
  return ast != NULL && ast->names != NULL ? ast->names->len : 0;
}

/** kg_ast_name_at: Returns: (transfer none) (nullable): name @i, NULL when out of range. */
static inline const char *
kg_ast_name_at (const KgAst *ast, guint i)
{
  if (ast == NULL || ast->names == NULL || i >= ast->names->len)
    return NULL;
  return (const char *) ast->names->pdata[i];
}

/**
 * kg_ast_dynamic_labels:
 * Returns: the index of the first DYNAMIC_LABEL child of a NODE_PATTERN, REL_PATTERN,
 *   LABEL_CHECK, SET_LABELS or REMOVE_LABELS (2 for patterns, else 1); the children
 *   from there on are all DYNAMIC_LABELs. kg_ast_child() at it is NULL without any.
 */
static inline guint
kg_ast_dynamic_labels (const KgAst *ast)
{
  return ast->kind == KG_AST_NODE_PATTERN || ast->kind == KG_AST_REL_PATTERN ? 2 : 1;
}

/** kg_ast_has_dynamic_labels: Returns: whether @ast (as kg_ast_dynamic_labels()) has one. */
static inline gboolean
kg_ast_has_dynamic_labels (const KgAst *ast)
{
  return ast != NULL && kg_ast_child (ast, kg_ast_dynamic_labels (ast)) != NULL;
}

/** kg_ast_kind_name: Returns: "match", "node-pattern", ... as used in dumps. */
const char *kg_ast_kind_name (KgAstKind kind);
const char *kg_ast_op_name (KgAstOp op);

/**
 * kg_ast_writes:
 * Returns: TRUE when the statement holds a clause that changes the graph (CREATE,
 *   MERGE, SET, REMOVE, DELETE, CREATE INDEX, DROP INDEX) anywhere, so the caller can
 *   take a write lock before binding it. Bound only by the tree's depth, which the
 *   parser limits.
 */
gboolean kg_ast_writes (const KgAst *ast);

/**
 * kg_ast_dump:
 * Returns: (transfer full): an indented dump for golden tests, one node a line:
 *   `node-pattern @1:7-1:17 name=a labels=[Person]`
 */
char *kg_ast_dump (const KgAst *ast);

G_END_DECLS
