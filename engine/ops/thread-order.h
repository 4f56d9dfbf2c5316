/* engine/ops/thread-order.h — where a row sits in the order one thread reads, for the
 * operators of a parallel plan that merge what their copies kept (Sort/TopK, Distinct,
 * Aggregation).
 *
 * A morsel is read by one copy, in order, and morsels are numbered in the order one
 * thread would read them; so a row's morsel, then its place within the morsel, tells
 * which of two rows one thread meets first. Merged results keep that order, so a
 * parallel plan returns the rows of a serial one, in its order. Not here: the merges
 * themselves (each operator's absorb()), nor how morsels are handed out (ops/op-gather.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* <0, 0, >0 as the row at (@morsel_a, @row_a) comes before, with, after the row at
 * (@morsel_b, @row_b) in the order one thread reads. */
static inline int
kg_thread_order_cmp (guint64 morsel_a, guint64 row_a, guint64 morsel_b, guint64 row_b)
{
  if (morsel_a != morsel_b)
    return morsel_a < morsel_b ? -1 : 1;
  return row_a < row_b ? -1 : row_a > row_b;
}

G_END_DECLS
