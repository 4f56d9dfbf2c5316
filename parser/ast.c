/* parser/ast.c — construction, copying, freeing and dumping of KgAst trees.
 *
 * Every walk here is iterative with an explicit stack, so a tree as deep as the input
 * allows (hostile input included) cannot overflow the C stack. It knows nothing of
 * Cypher semantics: node layouts are documented in parser/ast.h and filled by the
 * grammar; the binder's annotations are only ever reset here.
 */
#include "parser/ast.h"
#include "common/print.h"
#include "parser/parser-private.h"

#include <string.h>

/* --- Construction ---------------------------------------------------------------- */

KgAst *
kg_ast_new (KgAstKind kind, const KgSpan *span)
{
  g_return_val_if_fail (kind < KG_AST_N_KINDS, NULL);
  KgAst *ast = g_new0 (KgAst, 1);
  ast->kind = kind;
  if (span != NULL)
    ast->span = *span;
  ast->value = kg_value_null ();
  ast->min_hops = -1;
  ast->max_hops = -1;
  ast->slot = -1;
  ast->var_slot = -1;
  ast->elem_slot = -1;
  ast->fold = -1;
  return ast;
}

KgAst *
kg_ast_new1 (KgAstKind kind, const KgSpan *span, KgAst *a)
{
  KgAst *ast = kg_ast_new (kind, span);
  kg_ast_add_child (ast, a);
  return ast;
}

KgAst *
kg_ast_new2 (KgAstKind kind, const KgSpan *span, KgAst *a, KgAst *b)
{
  KgAst *ast = kg_ast_new1 (kind, span, a);
  kg_ast_add_child (ast, b);
  return ast;
}

KgAst *
kg_ast_binop (KgAstOp op, const KgSpan *span, KgAst *a, KgAst *b)
{
  KgAst *ast = kg_ast_new2 (KG_AST_BINARY_OP, span, a, b);
  ast->op = op;
  return ast;
}

void
kg_ast_add_child (KgAst *ast, KgAst *child)
{
  g_return_if_fail (ast != NULL);
  if (ast->children == NULL)
    ast->children = g_ptr_array_new_with_free_func ((GDestroyNotify) kg_ast_free);
  g_ptr_array_add (ast->children, child);
}

static GPtrArray *
names_array (KgAst *ast)
{
  if (ast->names == NULL)
    ast->names = g_ptr_array_new_with_free_func (g_free);
  return ast->names;
}

void
kg_ast_add_name (KgAst *ast, const char *name)
{
  g_return_if_fail (ast != NULL && name != NULL);
  g_ptr_array_add (names_array (ast), g_strdup (name));
}

void
kg_ast_take_name (KgAst *ast, char *name)
{
  g_free (ast->name);
  ast->name = name;
}

void
kg_ast_take_names_item (KgAst *ast, char *name)
{
  g_ptr_array_add (names_array (ast), name);
}

void
kg_ast_take_names (KgAst *ast, GPtrArray *names)
{
  GPtrArray *to = names_array (ast);
  for (guint i = 0; i < names->len; i++)
    {
      g_ptr_array_add (to, names->pdata[i]);
      names->pdata[i] = NULL;
    }
  g_ptr_array_unref (names);
}

/* --- Access ---------------------------------------------------------------------- */

/* --- Freeing and copying ------------------------------------------------------------ */

void
kg_ast_free (KgAst *ast)
{
  if (ast == NULL)
    return;
  /* Children are detached onto an explicit stack before their array is released, so
   * the array's own free function only ever sees NULLs and never recurses. */
  GPtrArray *stack = NULL;
  KgAst *cur = ast;
  while (cur != NULL)
    {
      if (cur->children != NULL)
        {
          for (guint i = 0; i < cur->children->len; i++)
            {
              KgAst *c = cur->children->pdata[i];
              if (c == NULL)
                continue;
              cur->children->pdata[i] = NULL;
              if (stack == NULL)
                stack = g_ptr_array_new ();
              g_ptr_array_add (stack, c);
            }
          g_ptr_array_unref (cur->children);
        }
      if (cur->names != NULL)
        g_ptr_array_unref (cur->names);
      g_free (cur->name);
      kg_value_clear (&cur->value);
      g_free (cur);
      cur = stack != NULL && stack->len > 0 ? g_ptr_array_steal_index_fast (stack, stack->len - 1) : NULL;
    }
  if (stack != NULL)
    g_ptr_array_unref (stack);
}

/* Everything but the children; annotations reset. */
static KgAst *
copy_node (const KgAst *src)
{
  KgAst *dst = kg_ast_new (src->kind, &src->span);
  dst->flags = src->flags;
  dst->op = src->op;
  dst->name = g_strdup (src->name);
  if (src->names != NULL)
    for (guint i = 0; i < src->names->len; i++)
      kg_ast_add_name (dst, src->names->pdata[i]);
  kg_value_copy (&src->value, &dst->value);
  dst->min_hops = src->min_hops;
  dst->max_hops = src->max_hops;
  return dst;
}

KgAst *
kg_ast_copy (const KgAst *ast)
{
  if (ast == NULL)
    return NULL;
  KgAst *root = copy_node (ast);
  GPtrArray *stack = g_ptr_array_new (); /* pairs: source, copy */
  g_ptr_array_add (stack, (gpointer) ast);
  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      KgAst *dst = g_ptr_array_steal_index_fast (stack, stack->len - 1);
      const KgAst *src = g_ptr_array_steal_index_fast (stack, stack->len - 1);
      if (src->children == NULL)
        continue;
      dst->children = g_ptr_array_new_full (src->children->len, (GDestroyNotify) kg_ast_free);
      for (guint i = 0; i < src->children->len; i++)
        {
          const KgAst *c = src->children->pdata[i];
          KgAst *d = c != NULL ? copy_node (c) : NULL;
          g_ptr_array_add (dst->children, d);
          if (c != NULL)
            {
              g_ptr_array_add (stack, (gpointer) c);
              g_ptr_array_add (stack, d);
            }
        }
    }
  g_ptr_array_unref (stack);
  return root;
}

/* --- Names for dumps ------------------------------------------------------------------ */

static const char *const kind_names[KG_AST_N_KINDS] = {
  [KG_AST_QUERY] = "query",
  [KG_AST_UNION] = "union",
  [KG_AST_SINGLE_QUERY] = "single-query",
  [KG_AST_MATCH] = "match",
  [KG_AST_UNWIND] = "unwind",
  [KG_AST_WITH] = "with",
  [KG_AST_RETURN] = "return",
  [KG_AST_PROJECTION_LIST] = "projection-list",
  [KG_AST_PROJECTION_ITEM] = "projection-item",
  [KG_AST_ORDER_BY] = "order-by",
  [KG_AST_SORT_ITEM] = "sort-item",
  [KG_AST_CREATE] = "create",
  [KG_AST_MERGE] = "merge",
  [KG_AST_MERGE_ACTION] = "merge-action",
  [KG_AST_SET] = "set",
  [KG_AST_SET_PROPERTY] = "set-property",
  [KG_AST_SET_ALL_PROPERTIES] = "set-all-properties",
  [KG_AST_SET_MERGE_PROPERTIES] = "set-merge-properties",
  [KG_AST_SET_LABELS] = "set-labels",
  [KG_AST_REMOVE] = "remove",
  [KG_AST_REMOVE_PROPERTY] = "remove-property",
  [KG_AST_REMOVE_LABELS] = "remove-labels",
  [KG_AST_DELETE] = "delete",
  [KG_AST_CALL] = "call",
  [KG_AST_LOAD_CSV] = "load-csv",
  [KG_AST_CALL_SUBQUERY] = "call-subquery",
  [KG_AST_IN_TRANSACTIONS] = "in-transactions",
  [KG_AST_FINISH] = "finish",
  [KG_AST_FOREACH] = "foreach",
  [KG_AST_PATTERN] = "pattern",
  [KG_AST_PATTERN_PART] = "pattern-part",
  [KG_AST_NODE_PATTERN] = "node-pattern",
  [KG_AST_REL_PATTERN] = "rel-pattern",
  [KG_AST_QPP] = "qpp",
  [KG_AST_LITERAL] = "literal",
  [KG_AST_PARAMETER] = "parameter",
  [KG_AST_VARIABLE] = "variable",
  [KG_AST_PROPERTY] = "property",
  [KG_AST_LIST] = "list",
  [KG_AST_MAP] = "map",
  [KG_AST_BINARY_OP] = "binary-op",
  [KG_AST_UNARY_OP] = "unary-op",
  [KG_AST_IS_NULL] = "is-null",
  [KG_AST_IS_TYPE] = "is-type",
  [KG_AST_TYPE] = "type",
  [KG_AST_LABEL_CHECK] = "label-check",
  [KG_AST_INDEX] = "index",
  [KG_AST_SLICE] = "slice",
  [KG_AST_FUNCTION_CALL] = "function-call",
  [KG_AST_CASE] = "case",
  [KG_AST_LIST_COMPREHENSION] = "list-comprehension",
  [KG_AST_QUANTIFIER] = "quantifier",
  [KG_AST_REDUCE] = "reduce",
  [KG_AST_PATTERN_COMPREHENSION] = "pattern-comprehension",
  [KG_AST_PATTERN_PREDICATE] = "pattern-predicate",
  [KG_AST_EXISTS_SUBQUERY] = "exists-subquery",
  [KG_AST_MAP_PROJECTION] = "map-projection",
  [KG_AST_MAP_PROJECTION_ITEM] = "map-projection-item",
  [KG_AST_STAR] = "star",
  [KG_AST_DYNAMIC_LABEL] = "dynamic-label",
  [KG_AST_CREATE_INDEX] = "create-index",
  [KG_AST_DROP_INDEX] = "drop-index",
  [KG_AST_SHOW_INDEXES] = "show-indexes",
  [KG_AST_CREATE_CONSTRAINT] = "create-constraint",
  [KG_AST_DROP_CONSTRAINT] = "drop-constraint",
  [KG_AST_SHOW_CONSTRAINTS] = "show-constraints",
  [KG_AST_CREATE_FULLTEXT_INDEX] = "create-fulltext-index",
};

gboolean
kg_ast_writes (const KgAst *ast)
{
  if (ast == NULL)
    return FALSE;
  switch (ast->kind)
    {
    case KG_AST_CREATE:
    case KG_AST_MERGE:
    case KG_AST_SET:
    case KG_AST_REMOVE:
    case KG_AST_DELETE:
    case KG_AST_CREATE_INDEX:
    case KG_AST_DROP_INDEX:
    case KG_AST_CREATE_CONSTRAINT:
    case KG_AST_DROP_CONSTRAINT:
    case KG_AST_CREATE_FULLTEXT_INDEX:
      return TRUE;
    default:
      break;
    }
  for (guint i = 0; ast->children != NULL && i < ast->children->len; i++)
    if (kg_ast_writes (g_ptr_array_index (ast->children, i)))
      return TRUE;
  return FALSE;
}

const char *
kg_ast_kind_name (KgAstKind kind)
{
  if ((guint) kind >= KG_AST_N_KINDS)
    return "?";
  return kind_names[kind];
}

static const char *const op_names[] = {
  [KG_OP_OR] = "OR",
  [KG_OP_XOR] = "XOR",
  [KG_OP_AND] = "AND",
  [KG_OP_NOT] = "NOT",
  [KG_OP_EQ] = "=",
  [KG_OP_NE] = "<>",
  [KG_OP_LT] = "<",
  [KG_OP_LE] = "<=",
  [KG_OP_GT] = ">",
  [KG_OP_GE] = ">=",
  [KG_OP_ADD] = "+",
  [KG_OP_SUB] = "-",
  [KG_OP_MUL] = "*",
  [KG_OP_DIV] = "/",
  [KG_OP_MOD] = "%",
  [KG_OP_POW] = "^",
  [KG_OP_NEG] = "-",
  [KG_OP_PLUS] = "+",
  [KG_OP_IN] = "IN",
  [KG_OP_STARTS_WITH] = "STARTS WITH",
  [KG_OP_ENDS_WITH] = "ENDS WITH",
  [KG_OP_CONTAINS] = "CONTAINS",
  [KG_OP_REGEX] = "=~",
  [KG_OP_ALL] = "all",
  [KG_OP_ANY] = "any",
  [KG_OP_NONE] = "none",
  [KG_OP_SINGLE] = "single",
};

const char *
kg_ast_op_name (KgAstOp op)
{
  if ((guint) op >= G_N_ELEMENTS (op_names))
    return "?";
  return op_names[op];
}

static const char *const flag_names[] = {
  "explain",
  "profile",
  "all",
  "optional",
  "distinct",
  "star",
  "aliased",
  "desc",
  "on-create",
  "on-match",
  "detach",
  "shortest",
  "all-shortest",
  "varlength",
  "not",
  "if-exists",
  "on-label",
  "scoped",
  "relationship",
  "headers",
  "where",
  "show",
  "rows",
  "status",
  "on-error",
  "standalone",
  "quantified",
};

/* --- Dump ----------------------------------------------------------------------------- */

static void
append_name (GString *out, const char *name)
{
  gboolean plain = name[0] != '\0' && !g_ascii_isdigit (name[0]);
  for (const char *p = name; *p != '\0' && plain; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      plain = FALSE;
  if (plain)
    {
      g_string_append (out, name);
      return;
    }
  g_string_append_c (out, '`');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '`')
        g_string_append_c (out, '`');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '`');
}

static const char *
names_label (KgAstKind kind)
{
  switch (kind)
    {
    case KG_AST_NODE_PATTERN:
    case KG_AST_LABEL_CHECK:
    case KG_AST_SET_LABELS:
    case KG_AST_REMOVE_LABELS:
      return "labels";
    case KG_AST_REL_PATTERN:
      return "types";
    case KG_AST_MAP:
      return "keys";
    case KG_AST_CALL:
      return "yield";
    case KG_AST_CALL_SUBQUERY:
      return "scope";
    case KG_AST_REDUCE:
      return "element";
    case KG_AST_CREATE_INDEX:
    case KG_AST_DROP_INDEX:
    case KG_AST_CREATE_CONSTRAINT:
    case KG_AST_CREATE_FULLTEXT_INDEX:
      return "on";
    default:
      return "names";
    }
}

static void
dump_node (GString *out, const KgAst *ast)
{
  g_string_append_printf (out, "%s @%u:%u-%u:%u", kg_ast_kind_name (ast->kind),
                          ast->span.start.line, ast->span.start.column,
                          ast->span.end.line, ast->span.end.column);
  switch (ast->kind)
    {
    case KG_AST_BINARY_OP:
    case KG_AST_UNARY_OP:
    case KG_AST_QUANTIFIER:
      g_string_append_printf (out, " op=%s", kg_ast_op_name (ast->op));
      break;
    case KG_AST_REL_PATTERN:
      {
        static const char *const dirs[] = { "none", "right", "left", "both" };
        g_string_append_printf (out, " dir=%s", (guint) ast->op < 4 ? dirs[ast->op] : "?");
        break;
      }
    case KG_AST_EXISTS_SUBQUERY:
      /* EXISTS is the default, not shown */
      if (ast->op == KG_SUBQUERY_COUNT || ast->op == KG_SUBQUERY_COLLECT)
        g_string_append_printf (out, " subquery=%s", ast->op == KG_SUBQUERY_COUNT ? "count" : "collect");
      break;
    case KG_AST_PATTERN_PART:
      if (ast->flags & KG_AST_F_QUANTIFIED)
        {
          static const char *const selectors[] = { "none", "all", "any", "shortest", "all-shortest", "groups" };
          static const char *const modes[] = { "default", "walk", "trail", "acyclic", "simple" };
          if (ast->op != KG_PATH_SELECT_NONE)
            g_string_append_printf (out, " select=%s", (guint) ast->op < 6 ? selectors[ast->op] : "?");
          if (ast->min_hops >= 0)
            g_string_append_printf (out, " k=%" G_GINT64_FORMAT, ast->min_hops);
          if (ast->max_hops > 0)
            g_string_append_printf (out, " mode=%s", ast->max_hops < 5 ? modes[ast->max_hops] : "?");
        }
      break;
    case KG_AST_DYNAMIC_LABEL:
      {
        static const char *const modes[] = { "plain", "all", "any" };
        g_string_append_printf (out, " mode=%s", (guint) ast->op < 3 ? modes[ast->op] : "?");
        break;
      }
    case KG_AST_QPP:
      g_string_append_printf (out, " iterations=%" G_GINT64_FORMAT "..", ast->min_hops);
      if (ast->max_hops >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, ast->max_hops);
      break;
    case KG_AST_IN_TRANSACTIONS:
      {
        static const char *const modes[] = { "fail", "continue", "break", "retry" };
        g_string_append_printf (out, " on-error=%s", (guint) ast->op < 4 ? modes[ast->op] : "?");
        break;
      }
    case KG_AST_MAP_PROJECTION_ITEM:
      {
        static const char *const items[] = { "property", "all", "literal", "variable" };
        g_string_append_printf (out, " item=%s", (guint) ast->op < 4 ? items[ast->op] : "?");
        break;
      }
    default:
      break;
    }
  if (ast->name != NULL)
    {
      g_string_append (out, " name=");
      append_name (out, ast->name);
    }
  if (ast->names != NULL)
    {
      g_string_append_printf (out, " %s=[", names_label (ast->kind));
      for (guint i = 0; i < ast->names->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_name (out, ast->names->pdata[i]);
        }
      g_string_append_c (out, ']');
    }
  if (ast->kind == KG_AST_LITERAL)
    {
      g_string_append (out, " value=");
      kg_value_append_literal (out, &ast->value);
    }
  if ((ast->flags & KG_AST_F_VARLENGTH) && ast->kind != KG_AST_QPP)
    {
      g_string_append (out, " hops=");
      if (ast->min_hops >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, ast->min_hops);
      g_string_append (out, "..");
      if (ast->max_hops >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, ast->max_hops);
    }
  if (ast->flags != 0)
    {
      gboolean first = TRUE;
      g_string_append (out, " flags=[");
      for (guint i = 0; i < G_N_ELEMENTS (flag_names); i++)
        if (ast->flags & (1u << i))
          {
            g_string_append_printf (out, "%s%s", first ? "" : ",", flag_names[i]);
            first = FALSE;
          }
      g_string_append_c (out, ']');
    }
}

char *
kg_ast_dump (const KgAst *ast)
{
  GString *out = g_string_new (NULL);
  /* Entries: node (nullable), depth; children pushed in reverse to come out in order. */
  GArray *stack = g_array_new (FALSE, FALSE, sizeof (gpointer) * 2);
  gpointer top[2] = { (gpointer) ast, GUINT_TO_POINTER (0) };
  g_array_append_val (stack, top);
  while (stack->len > 0)
    {
      gpointer *e = &g_array_index (stack, gpointer, (stack->len - 1) * 2);
      const KgAst *node = e[0];
      guint depth = GPOINTER_TO_UINT (e[1]);
      g_array_set_size (stack, stack->len - 1);
      for (guint i = 0; i < depth; i++)
        g_string_append (out, "  ");
      if (node == NULL)
        {
          g_string_append (out, "(none)\n");
          continue;
        }
      dump_node (out, node);
      g_string_append_c (out, '\n');
      for (guint i = kg_ast_n_children (node); i > 0; i--)
        {
          gpointer c[2] = { node->children->pdata[i - 1], GUINT_TO_POINTER (depth + 1) };
          g_array_append_val (stack, c);
        }
    }
  g_array_unref (stack);
  return g_string_free (out, FALSE);
}

/* --- Long AND / OR / XOR chains -------------------------------------------------------- */

static gboolean
is_logic_op (const KgAst *node, int op)
{
  return node != NULL && node->kind == KG_AST_BINARY_OP && node->op == op && (op == KG_OP_AND || op == KG_OP_OR || op == KG_OP_XOR);
}

/* A balanced tree over operands [lo, hi): depth log2 of the count. */
static KgAst *
balanced (KgAst **operands, guint lo, guint hi, int op)
{
  if (hi - lo == 1)
    return operands[lo];
  guint mid = lo + (hi - lo) / 2;
  KgAst *left = balanced (operands, lo, mid, op);
  KgAst *right = balanced (operands, mid, hi, op);
  KgSpan span = { left->span.start, right->span.end };
  return kg_ast_binop (op, &span, left, right);
}

void
kg_ast_balance_logic (KgAst **root)
{
  /* These operators are associative in Cypher's three-valued logic, so a generated
   * `a OR b OR c ...` of thousands of terms may be regrouped; the depth limit then
   * only stops genuinely deep queries. */
  GPtrArray *slots = g_ptr_array_new ();
  g_ptr_array_add (slots, root);
  while (slots->len > 0)
    {
      KgAst **slot = g_ptr_array_steal_index_fast (slots, slots->len - 1);
      KgAst *node = *slot;
      if (node == NULL)
        continue;
      guint spine = 0;
      for (const KgAst *cur = node; is_logic_op (cur, node->op); cur = kg_ast_child (cur, 0))
        spine++;
      if (spine >= 32)
        {
          int op = node->op;
          GPtrArray *operands = g_ptr_array_new ();
          KgAst *cur = node;
          while (is_logic_op (cur, op))
            {
              g_ptr_array_add (operands, cur->children->pdata[1]);
              KgAst *next = cur->children->pdata[0];
              cur->children->pdata[0] = cur->children->pdata[1] = NULL;
              kg_ast_free (cur);
              cur = next;
            }
          g_ptr_array_add (operands, cur);
          /* collected right to left */
          for (guint i = 0, j = operands->len - 1; i < j; i++, j--)
            {
              gpointer t = operands->pdata[i];
              operands->pdata[i] = operands->pdata[j];
              operands->pdata[j] = t;
            }
          *slot = node = balanced ((KgAst **) operands->pdata, 0, operands->len, op);
          g_ptr_array_unref (operands);
        }
      for (guint i = 0; i < kg_ast_n_children (node); i++)
        g_ptr_array_add (slots, &node->children->pdata[i]);
    }
  g_ptr_array_unref (slots);
}

/* --- Checks after parsing ------------------------------------------------------------- */

/* Whether a child of @node, at @index, may be a pattern predicate given whether @node
 * itself may be one (@allowed): openCypher only accepts `(a)-->(b)` as a condition
 * (a WHERE, possibly under AND/OR/XOR/NOT) or as the argument of exists(). */
static gboolean
predicate_allowed (const KgAst *node, guint index, gboolean allowed)
{
  switch (node->kind)
    {
    case KG_AST_MATCH:
    case KG_AST_LIST_COMPREHENSION:
    case KG_AST_QUANTIFIER:
    case KG_AST_PATTERN_COMPREHENSION:
    case KG_AST_EXISTS_SUBQUERY:
      return index == 1;
    case KG_AST_WITH:
      return index == 4;
    case KG_AST_BINARY_OP:
      return allowed && (node->op == KG_OP_AND || node->op == KG_OP_OR || node->op == KG_OP_XOR);
    case KG_AST_UNARY_OP:
      return allowed && node->op == KG_OP_NOT;
    case KG_AST_FUNCTION_CALL:
      return node->name != NULL && g_ascii_strcasecmp (node->name, "exists") == 0;
    default:
      return FALSE;
    }
}

/* CALL ... YIELD * is only valid as a whole query (SHOW ... YIELD * may go on). */
static gboolean
is_yield_star (const KgAst *node)
{
  return node != NULL && node->kind == KG_AST_CALL && !(node->flags & KG_AST_F_SHOW) && kg_ast_n_names (node) >= 1 &&
         strcmp (kg_ast_name_at (node, 0), "*") == 0;
}

/* Rules of openCypher that only depend on the shape of one clause (the TCK raises them
 * as SyntaxError) and that the planner does not already check (relationship types and
 * directions in CREATE/MERGE, WITH aliases and UNION mixing are engine/plan.c's).
 * Returns the offending node and sets *@msg, or NULL. */
static const KgAst *
check_pattern (const KgAst *pattern, KgAstKind clause, const char **msg)
{
  /* MERGE holds one PATTERN_PART directly; CREATE and MATCH a PATTERN of them */
  guint n_parts = pattern->kind == KG_AST_PATTERN ? kg_ast_n_children (pattern) : 1;
  for (guint p = 0; p < n_parts; p++)
    {
      const KgAst *part = pattern->kind == KG_AST_PATTERN ? kg_ast_child (pattern, p) : pattern;
      for (guint i = 0; i < kg_ast_n_children (part); i++)
        {
          const KgAst *el = kg_ast_child (part, i);
          const KgAst *props = kg_ast_child (el, 0);
          if (props != NULL && props->kind == KG_AST_PARAMETER && clause != KG_AST_CREATE)
            {
              *msg = clause == KG_AST_MATCH
                         ? "a parameter cannot stand for the properties of a pattern in MATCH; write {key: $param.key}"
                         : "a parameter cannot stand for the properties of a pattern in MERGE; write {key: $param.key}";
              return props;
            }
        }
    }
  return NULL;
}

static const KgAst *
check_clause (const KgAst *node, const char **msg)
{
  switch (node->kind)
    {
    case KG_AST_MATCH:
    case KG_AST_CREATE:
    case KG_AST_MERGE:
      return kg_ast_child (node, 0) != NULL ? check_pattern (kg_ast_child (node, 0), node->kind, msg) : NULL;
    case KG_AST_DELETE:
      for (guint i = 0; i < kg_ast_n_children (node); i++)
        if (kg_ast_child (node, i)->kind == KG_AST_LABEL_CHECK)
          {
            *msg = "DELETE removes nodes, relationships or paths; to drop a label use REMOVE n:Label";
            return kg_ast_child (node, i);
          }
      return NULL;
    default:
      return NULL;
    }
}

gboolean
kg_ast_check_tree (const KgAst *ast, const char *filename, GError **error)
{
  /* entries: node, (depth << 1) | predicate allowed */
  GArray *stack = g_array_new (FALSE, FALSE, sizeof (gpointer) * 2);
  gpointer top[2] = { (gpointer) ast, GSIZE_TO_POINTER (0) };
  g_array_append_val (stack, top);
  gboolean ok = TRUE;
  while (stack->len > 0 && ok)
    {
      gpointer *e = &g_array_index (stack, gpointer, (stack->len - 1) * 2);
      const KgAst *node = e[0];
      gsize packed = GPOINTER_TO_SIZE (e[1]);
      gsize depth = packed >> 1;
      gboolean allowed = (packed & 1) != 0;
      const char *msg = NULL;
      g_array_set_size (stack, stack->len - 1);
      if (node == NULL)
        continue;
      if (depth > KG_PARSE_MAX_DEPTH)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_SYNTAX, filename, &node->span,
                              "query is nested too deeply (more than %d levels)", KG_PARSE_MAX_DEPTH);
          ok = FALSE;
        }
      else if (node->flags & KG_AST_F_PRIVATE_BIGINT)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_SYNTAX, filename, &node->span,
                              "integer literal is too large");
          ok = FALSE;
        }
      else if (node->kind == KG_AST_PATTERN_PREDICATE && !allowed)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_SYNTAX, filename, &node->span,
                              "a pattern can only be used as a condition here (in WHERE, or inside "
                              "exists()); use a pattern comprehension [(a)-->(b) | b] to get values");
          ok = FALSE;
        }
      else if (check_clause (node, &msg) != NULL)
        {
          kg_query_error_set (error, KG_QUERY_ERROR_SYNTAX, filename, &check_clause (node, &msg)->span, "%s", msg);
          ok = FALSE;
        }
      else if (node->kind == KG_AST_SINGLE_QUERY && kg_ast_n_children (node) > 1)
        for (guint i = 0; i < kg_ast_n_children (node) && ok; i++)
          if (is_yield_star (kg_ast_child (node, i)))
            {
              kg_query_error_set (error, KG_QUERY_ERROR_SYNTAX, filename, &kg_ast_child (node, i)->span,
                                  "YIELD * is only allowed when CALL is the whole query; name the columns");
              ok = FALSE;
            }
      for (guint i = kg_ast_n_children (node); i > 0 && ok; i--)
        {
          gsize child = ((depth + 1) << 1) | (predicate_allowed (node, i - 1, allowed) ? 1 : 0);
          gpointer c[2] = { node->children->pdata[i - 1], GSIZE_TO_POINTER (child) };
          g_array_append_val (stack, c);
        }
    }
  g_array_unref (stack);
  return ok;
}
