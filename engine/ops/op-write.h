/* engine/ops/op-write.h — the eager skeleton the write operators share (op-eager.c).
 * Internal to engine/ops; not a public header.
 *
 * A write operator is eager unless the planner has let it stream (kg_op_write_stream(),
 * decided by plan-write.c): then each input row is written and yielded at once, with
 * nothing buffered.
 */
#pragma once

#include "engine/ops/op-private.h"

G_BEGIN_DECLS

typedef struct _KgWriteOp KgWriteOp;

struct _KgWriteOp
{
  KgOp base;
  /* the current input row is in the slots; push output rows (kg_exec_save_row) to @out;
   * with @out NULL (streaming) the one output row is left in the slots */
  gboolean (*apply) (KgWriteOp *self, GPtrArray *out, GError **error);
  gboolean (*begin) (KgWriteOp *self, GError **error);  /* nullable */
  gboolean (*finish) (KgWriteOp *self, GError **error); /* nullable */
  GPtrArray *out;
  guint pos;
  gboolean filled;
  gboolean stream; /* set at plan time: no barrier, one row in, one row out */
};

gboolean kg_write_open (KgOp *op, GError **error);
KgOpStatus kg_write_next (KgOp *op, GError **error);
void kg_write_close (KgOp *op);

/* Checks a value may be stored as a property (scalars and lists of scalars). */
gboolean kg_write_check_prop (KgExec *exec, const KgValue *v, const KgSpan *span, GError **error);

G_END_DECLS
