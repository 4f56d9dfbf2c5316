/* engine/ops/op-skip-limit.c — Skip and Limit. The count is evaluated when the operator
 * opens (it may be a parameter) and must be a non-negative integer.
 */
#include "engine/ops/op-private.h"
#include "common/print.h"

typedef enum
{
  COUNT_SKIP,
  COUNT_LIMIT,
} CountKind;

typedef struct
{
  KgOp base;
  CountKind kind; /* which clause the count belongs to (its name is in errors) */
  KgAst *count_expr;
  gint64 count;
  gint64 seen;
  gboolean drain; /* run the input to its end anyway (it writes) */
  gboolean drained;
} OpCount;

static gboolean
count_open (KgOp *op, GError **error)
{
  OpCount *self = (OpCount *) op;
  self->seen = 0;
  self->drained = FALSE;
  return kg_eval_count (op->exec, self->count_expr, self->kind == COUNT_SKIP ? "SKIP" : "LIMIT", &self->count, error);
}

static KgOpStatus
skip_next (KgOp *op, GError **error)
{
  OpCount *self = (OpCount *) op;
  while (self->seen < self->count)
    {
      KgOpStatus st = kg_op_next (op->child, error);
      if (st != KG_NEXT_ROW)
        return st;
      self->seen++;
    }
  return kg_op_next (op->child, error);
}

static KgOpStatus
limit_next (KgOp *op, GError **error)
{
  OpCount *self = (OpCount *) op;
  if (self->seen >= self->count)
    {
      if (self->drain && !self->drained)
        {
          KgOpStatus st;
          while ((st = kg_op_next (op->child, error)) == KG_NEXT_ROW)
            ;
          if (st == KG_NEXT_ERROR)
            return st;
          self->drained = TRUE;
        }
      return KG_NEXT_DONE;
    }
  KgOpStatus st = kg_op_next (op->child, error);
  if (st == KG_NEXT_ROW)
    self->seen++;
  return st;
}

static void
count_describe (KgOp *op, GString *out)
{
  OpCount *self = (OpCount *) op;
  if (self->count_expr->kind == KG_AST_LITERAL)
    kg_value_append_literal (out, &self->count_expr->value);
  else if (self->count_expr->kind == KG_AST_PARAMETER)
    g_string_append_printf (out, "$%s", self->count_expr->name);
}

static const KgOpClass skip_class = {
  .name = "Skip",
  .size = sizeof (OpCount),
  .open = count_open,
  .next = skip_next,
  .describe = count_describe,
};

static const KgOpClass limit_class = {
  .name = "Limit",
  .size = sizeof (OpCount),
  .open = count_open,
  .next = limit_next,
  .describe = count_describe,
};

KgOp *
kg_op_skip_new (KgExec *exec, KgOp *child, KgAst *count)
{
  OpCount *self = (OpCount *) kg_op_new (&skip_class, exec, child);
  self->kind = COUNT_SKIP;
  self->count_expr = count;
  return &self->base;
}

KgOp *
kg_op_limit_new (KgExec *exec, KgOp *child, KgAst *count, gboolean drain)
{
  OpCount *self = (OpCount *) kg_op_new (&limit_class, exec, child);
  self->kind = COUNT_LIMIT;
  self->count_expr = count;
  self->drain = drain;
  return &self->base;
}
