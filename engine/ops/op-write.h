/* engine/ops/op-write.h — the eager skeleton the write operators share (op-eager.c).
 * Internal to engine/ops; not a public header.
 */
#pragma once

#include "engine/ops/op-private.h"

G_BEGIN_DECLS

typedef struct _KgWriteOp KgWriteOp;

struct _KgWriteOp
{
  KgOp base;
  /* the current input row is in the slots; push output rows (kg_exec_save_row) to @out */
  gboolean (*apply) (KgWriteOp *self, GPtrArray *out, GError **error);
  gboolean (*begin) (KgWriteOp *self, GError **error);  /* nullable */
  gboolean (*finish) (KgWriteOp *self, GError **error); /* nullable */
  GPtrArray *out;
  guint pos;
  gboolean filled;
};

gboolean kg_write_open (KgOp *op, GError **error);
KgOpStatus kg_write_next (KgOp *op, GError **error);
void kg_write_close (KgOp *op);

/* Checks a value may be stored as a property (scalars and lists of scalars). */
gboolean kg_write_check_prop (KgExec *exec, const KgValue *v, const KgSpan *span, GError **error);

G_END_DECLS
