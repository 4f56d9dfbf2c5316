/* engine/id-set.h — a set of 64-bit keys (node or relationship ids, integers) without a
 * value per member, for DISTINCT over ids.
 *
 * It starts as an open-addressing hash set of guint64 (linear probing, at most half
 * full) and turns into a bitmap over [0, largest key] once the bitmap would take no
 * more memory than the hash set does: dense ids (a good fraction of the id space) cost a
 * bit each, sparse ones 16–32 bytes. A bitmap that a far key would make too big for the
 * members it holds turns back into a hash set. Not here: what the keys mean (the caller
 * keeps one set per kind of value) and any locking: a set belongs to one thread; sets of
 * parallel copies are merged by kg_id_set_union() once the copies are done.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KgIdSet KgIdSet;

/**
 * KgIdSetFunc:
 * @key: a member
 * @data: the caller's pointer
 *
 * Returns: TRUE to go on, FALSE to stop.
 */
typedef gboolean (*KgIdSetFunc) (guint64 key, gpointer data);

/** kg_id_set_new: Returns: (transfer full): an empty set. */
KgIdSet *kg_id_set_new (void);
void kg_id_set_free (KgIdSet *set);

/** kg_id_set_add: Returns: TRUE when @key was not in @set (it is now). */
gboolean kg_id_set_add (KgIdSet *set, guint64 key);
gboolean kg_id_set_contains (const KgIdSet *set, guint64 key);
/** kg_id_set_size: Returns: the number of members. */
guint64 kg_id_set_size (const KgIdSet *set);
/** kg_id_set_bytes: Returns: the memory the set holds, for the statement's memory limit. */
gsize kg_id_set_bytes (const KgIdSet *set);
/** kg_id_set_is_bitmap: Returns: whether @set is held as a bitmap now (for tests). */
gboolean kg_id_set_is_bitmap (const KgIdSet *set);

/**
 * kg_id_set_foreach:
 *
 * Calls @fn for each member of @set (in no particular order) until it returns FALSE.
 * Returns: FALSE when @fn stopped it.
 */
gboolean kg_id_set_foreach (const KgIdSet *set, KgIdSetFunc fn, gpointer data);

/**
 * kg_id_set_union:
 * @dst: the set to add to
 * @src: the set to add
 * @fn: (nullable): called for each member of @src that was not in @dst (after it is added)
 *
 * Adds the members of @src to @dst: two bitmaps by OR over their words, otherwise one
 * member at a time. Stops early when @fn returns FALSE.
 * Returns: the number of members added, or -1 when @fn stopped it.
 */
gint64 kg_id_set_union (KgIdSet *dst, const KgIdSet *src, KgIdSetFunc fn, gpointer data);

G_END_DECLS
