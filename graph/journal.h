/* graph/journal.h — the redo journal that keeps writes made on a snapshot durable.
 *
 * While redo recording is on, every mutation a transaction makes is also written, as a
 * physical change (node 7 created, property `age` of node 7 set to 42, ...), into the
 * graph's redo buffer; the buffer holds exactly the changes of the running (or last
 * committed) transaction. A KgJournal appends one such buffer per statement to a file
 * beside the snapshot (`FILE.journal`), as a length-prefixed, checksummed record, and
 * syncs it before returning, so a statement is acknowledged only once it is on disk.
 *
 * Opening a journal replays its whole records into the graph loaded from the snapshot
 * and ignores a torn tail (a record cut short or with a bad checksum: a crash in the
 * middle of writing it), which the next append cuts off. The journal names the
 * snapshot it extends (by the snapshot's length and checksum); a journal written
 * against another snapshot (left over when a checkpoint was interrupted after the new
 * snapshot was in place) is ignored. A checkpoint writes the snapshot and then starts
 * an empty journal.
 *
 * One process writes at a time: the first append takes an exclusive lock on
 * `SNAPSHOT.lock` (held until the journal is freed) and checks that the journal is still
 * the one replayed; otherwise appends fail with G_FILE_ERROR_AGAIN.
 *
 * It does not replay statement text (so rand() or timestamps replay exactly) and does
 * not journal bulk loads.
 */
#pragma once

#include <glib.h>

#include "graph/graph.h"

G_BEGIN_DECLS

/**
 * kg_graph_redo_apply:
 * Applies a buffer of changes from kg_graph_redo_data() to @graph (outside any
 * transaction: all or nothing).
 * Returns: FALSE with KG_GRAPH_ERROR_SNAPSHOT when @data is malformed or does not fit
 *   the graph (nothing changes then).
 */
gboolean kg_graph_redo_apply (KgGraph *graph, const guchar *data, gsize len, GError **error);

typedef struct _KgJournal KgJournal;

/**
 * kg_journal_open:
 * @path: the journal file (need not exist)
 * @snapshot: the snapshot file @graph was loaded from
 * @n_replayed: (out) (optional): whole records applied
 *
 * Replays @path's records into @graph when the journal extends @snapshot. The file is
 * opened for writing only at the first append.
 * Returns: (transfer full) (nullable): the journal, or NULL with an error (a file that
 *   cannot be read, or a record that does not apply).
 */
KgJournal *kg_journal_open (const char *path, const char *snapshot, KgGraph *graph, guint *n_replayed, GError **error);

/**
 * kg_journal_append:
 * Appends one record and syncs it to disk. An empty record is not written.
 * Returns: FALSE with a G_FILE_ERROR when it is not durably written (the file is left
 *   as before).
 */
gboolean kg_journal_append (KgJournal *journal, const guchar *data, gsize len, GError **error);

/**
 * kg_journal_checkpoint:
 * Saves @graph to the snapshot atomically, then starts an empty journal on it.
 */
gboolean kg_journal_checkpoint (KgJournal *journal, const KgGraph *graph, GError **error);

/** kg_journal_path: Returns: (transfer none): the journal's file name. */
const char *kg_journal_path (const KgJournal *journal);

void kg_journal_free (KgJournal *journal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KgJournal, kg_journal_free)

G_END_DECLS
