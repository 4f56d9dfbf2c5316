/* graph/snapshot.h — what other parts of graph/ know of the snapshot format: its payload
 * checksum and where the header keeps it. The journal uses them to tie itself to the
 * snapshot it extends; tests use them to forge snapshots with a valid checksum and so
 * exercise the reader's own checks. Internal to graph/; saving and loading are
 * kg_graph_save()/kg_graph_load() in graph.h.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The checksum of a snapshot's payload (the bytes after the header). */
guint64 kg_snapshot_checksum (const guchar *data, gsize len);

#define KG_SNAPSHOT_HEADER_SIZE 32     /* bytes before the payload */
#define KG_SNAPSHOT_CHECKSUM_OFFSET 24 /* where the header keeps the checksum (u64) */

G_END_DECLS
