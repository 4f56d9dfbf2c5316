/* engine/ops/group-key.c — the keys that Aggregation and DegreeCount group by (see
 * KgGroupKey in op-private.h): a hash over the values, and equality as
 * kg_value_equivalent() has it (1 and 1.0 are one group, null is a group of its own).
 */
#include "engine/ops/op-private.h"

guint
kg_group_key_hash_values (const KgValue *values, guint n)
{
  guint h = 17;
  for (guint i = 0; i < n; i++)
    h = h * 31 + kg_value_hash (&values[i]);
  return h;
}

guint
kg_group_key_hash (gconstpointer key)
{
  return ((const KgGroupKey *) key)->hash;
}

gboolean
kg_group_key_equal (gconstpointer a, gconstpointer b)
{
  const KgGroupKey *x = a, *y = b;
  if (x->n != y->n)
    return FALSE;
  for (guint i = 0; i < x->n; i++)
    if (!kg_value_equivalent (&x->values[i], &y->values[i]))
      return FALSE;
  return TRUE;
}

void
kg_group_key_clear (KgGroupKey *key)
{
  for (guint i = 0; i < key->n; i++)
    kg_value_clear (&key->values[i]);
  g_clear_pointer (&key->values, g_free);
  key->n = 0;
}
