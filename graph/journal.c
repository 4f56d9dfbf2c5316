/* graph/journal.c — redo records (encoding, applying) and the journal file beside a
 * snapshot: replay on open, synced appends, checkpoints. graph.c writes the records as
 * mutations happen (with the encoders of value-codec.c); this file applies them and
 * manages the file, through the store's public API (graph/graph.h) only.
 *
 * File layout (host byte order, like snapshots):
 *   header  8 bytes "KGQJRNL1", then the snapshot's length and checksum (16 bytes)
 *   record  u32 payload length, u64 checksum of the payload, the payload (redo ops)
 *
 * One process writes a journal at a time: the first write takes an exclusive lock on
 * `FILE.lock` and keeps it; a second process's writes then fail, as do the writes of
 * a session that read the journal before another process changed it.
 */
#include "graph/graph-private.h"
#include "graph/journal.h"
#include "graph/snapshot.h"
#include "graph/value-codec.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define JOURNAL_MAGIC "KGQJRNL1"
#define JOURNAL_HEADER 24
#define RECORD_HEADER 12

/* --- Decoding ---------------------------------------------------------------------- */

/* The bounds-checked reads are the value codec's (value-codec.h). */
typedef KgCodecReader In;

/* Applies one op; FALSE when it is malformed or does not fit the graph. */
static gboolean
apply_op (KgGraph *g, In *in)
{
  guint8 op = 0;
  kg_codec_take (in, &op, 1);
  switch (op)
    {
    case KG_REDO_ADD_NODE:
      {
        guint32 id = kg_codec_u32 (in);
        return !in->bad && id == kg_graph_node_bound (g) && kg_graph_add_node (g) == id;
      }
    case KG_REDO_DELETE_NODE:
      {
        guint32 id = kg_codec_u32 (in);
        return !in->bad && kg_graph_node_exists (g, id) && kg_graph_delete_node (g, id, TRUE, NULL);
      }
    case KG_REDO_ADD_LABEL:
    case KG_REDO_REMOVE_LABEL:
      {
        guint32 id = kg_codec_u32 (in);
        g_autofree char *name = kg_codec_str (in);
        if (in->bad || !kg_graph_node_exists (g, id))
          return FALSE;
        KgSymbol label = kg_graph_intern (g, KG_SYM_LABEL, name);
        if (op == KG_REDO_ADD_LABEL)
          kg_graph_node_add_label (g, id, label);
        else
          kg_graph_node_remove_label (g, id, label);
        return TRUE;
      }
    case KG_REDO_NODE_PROP:
    case KG_REDO_EDGE_PROP:
      {
        guint32 id = kg_codec_u32 (in);
        g_autofree char *name = kg_codec_str (in);
        KgValue v = kg_codec_value (in, 0);
        gboolean edge = op == KG_REDO_EDGE_PROP;
        gboolean ok = !in->bad && (edge ? kg_graph_edge_exists (g, id) : kg_graph_node_exists (g, id));
        if (ok)
          {
            KgSymbol key = kg_graph_intern (g, KG_SYM_KEY, name);
            if (edge)
              kg_graph_edge_set_prop (g, id, key, &v);
            else
              kg_graph_node_set_prop (g, id, key, &v);
          }
        kg_value_clear (&v);
        return ok;
      }
    case KG_REDO_ADD_EDGE:
      {
        guint32 id = kg_codec_u32 (in), src = kg_codec_u32 (in), dst = kg_codec_u32 (in);
        g_autofree char *name = kg_codec_str (in);
        if (in->bad || id != kg_graph_edge_bound (g) || !kg_graph_node_exists (g, src) ||
            !kg_graph_node_exists (g, dst))
          return FALSE;
        KgSymbol type = kg_graph_intern (g, KG_SYM_TYPE, name);
        return kg_graph_add_edge (g, src, dst, type) == id;
      }
    case KG_REDO_DELETE_EDGE:
      {
        guint32 id = kg_codec_u32 (in);
        return !in->bad && kg_graph_delete_edge (g, id);
      }
    case KG_REDO_CREATE_INDEX:
      {
        g_autofree char *label = kg_codec_str (in);
        g_autofree char *key = kg_codec_str (in);
        if (in->bad)
          return FALSE;
        kg_graph_create_index (g, kg_graph_intern (g, KG_SYM_LABEL, label), kg_graph_intern (g, KG_SYM_KEY, key));
        return TRUE;
      }
    case KG_REDO_CREATE_NAMED_INDEX:
      {
        g_autofree char *label = kg_codec_str (in);
        g_autofree char *key = kg_codec_str (in);
        g_autofree char *name = kg_codec_str (in);
        if (in->bad)
          return FALSE;
        kg_graph_create_named_index (g, kg_graph_intern (g, KG_SYM_LABEL, label), kg_graph_intern (g, KG_SYM_KEY, key),
                                     name);
        return TRUE;
      }
    case KG_REDO_DROP_INDEX:
      {
        g_autofree char *label = kg_codec_str (in);
        g_autofree char *key = kg_codec_str (in);
        if (in->bad)
          return FALSE;
        kg_graph_drop_index (g, kg_graph_intern (g, KG_SYM_LABEL, label), kg_graph_intern (g, KG_SYM_KEY, key));
        return TRUE;
      }
    case KG_REDO_CREATE_FULLTEXT:
      {
        KgValue def = kg_codec_value (in, 0);
        gboolean ok = !in->bad && kg_graph_ft_create_definition (g, &def, NULL);
        kg_value_clear (&def);
        return ok;
      }
    case KG_REDO_DROP_FULLTEXT:
      {
        g_autofree char *name = kg_codec_str (in);
        return !in->bad && kg_graph_drop_fulltext (g, name);
      }
    case KG_REDO_CREATE_CONSTRAINT:
      return kg_constraint_read (in, g);
    case KG_REDO_DROP_CONSTRAINT:
      {
        g_autofree char *name = kg_codec_str (in);
        return !in->bad && kg_graph_drop_constraint (g, name);
      }
    default:
      return FALSE;
    }
}

gboolean
kg_graph_redo_apply (KgGraph *g, const guchar *data, gsize len, GError **error)
{
  g_return_val_if_fail (g != NULL, FALSE);
  gboolean recording = kg_graph_redo_enabled (g);
  if (recording)
    kg_graph_set_redo (g, FALSE); /* applying is not itself recorded */
  In in = { data, data + len, FALSE };
  kg_graph_txn_begin (g);
  gboolean ok = TRUE;
  while (ok && in.p < in.end)
    ok = apply_op (g, &in);
  if (ok)
    kg_graph_txn_commit (g);
  else
    kg_graph_txn_rollback (g);
  if (recording)
    kg_graph_set_redo (g, TRUE);
  if (!ok)
    g_set_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT,
                 "a journal record does not apply to the graph (change at byte %zu)", (gsize) (in.p - data));
  return ok;
}

/* --- The journal file -------------------------------------------------------------- */

struct _KgJournal
{
  char *path;
  char *snapshot;
  int fd;          /* -1 until the first append */
  guint64 end;     /* where the next record goes (after the last whole record) */
  gboolean valid;  /* the file on disk has our header (else it is rewritten first) */
  guchar base[16]; /* the snapshot's length and checksum */
  int lock_fd;     /* FILE.lock, held from the first write on; -1 before */
  gboolean seen;   /* the journal existed when it was read */
  struct stat st;  /* ... and what it was then */
};

static gboolean
set_errno_error (GError **error, int err, const char *what, const char *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "cannot %s %s: %s", what, path, g_strerror (err));
  return FALSE;
}

/* The snapshot's identity: its header's payload length and checksum. */
static gboolean
snapshot_id (const char *path, guchar id[16], GError **error)
{
  int fd = g_open (path, O_RDONLY, 0);
  if (fd < 0)
    return set_errno_error (error, errno, "read", path);
  guchar header[KG_SNAPSHOT_HEADER_SIZE];
  ssize_t n = read (fd, header, sizeof header);
  close (fd);
  if (n != (ssize_t) sizeof header)
    {
      g_set_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT, "%s: not a kgq snapshot", path);
      return FALSE;
    }
  memcpy (id, header + KG_SNAPSHOT_CHECKSUM_OFFSET - 8, 16);
  return TRUE;
}

static gboolean
write_all (int fd, const guchar *p, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Replaces the file with an empty journal on j->base (a temporary file, then rename). */
static gboolean
start_empty (KgJournal *j, GError **error)
{
  if (j->fd >= 0)
    {
      close (j->fd);
      j->fd = -1;
    }
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", j->path);
  int fd = g_mkstemp_full (tmp, O_RDWR, 0644);
  if (fd < 0)
    return set_errno_error (error, errno, "create", tmp);
  guchar header[JOURNAL_HEADER];
  memcpy (header, JOURNAL_MAGIC, 8);
  memcpy (header + 8, j->base, 16);
  if (!write_all (fd, header, sizeof header) || fsync (fd) != 0 || g_rename (tmp, j->path) != 0)
    {
      int err = errno;
      close (fd);
      g_unlink (tmp);
      return set_errno_error (error, err, "write", j->path);
    }
  /* Make the rename itself durable. */
  g_autofree char *dir = g_path_get_dirname (j->path);
  int dfd = g_open (dir, O_RDONLY, 0);
  if (dfd >= 0)
    {
      fsync (dfd);
      close (dfd);
    }
  j->fd = fd;
  j->end = JOURNAL_HEADER;
  j->valid = TRUE;
  return TRUE;
}

/* Takes the writer's lock and checks the journal is still the one that was read. */
static gboolean
acquire (KgJournal *j, GError **error)
{
  if (j->lock_fd >= 0)
    return TRUE;
  g_autofree char *lock = g_strconcat (j->snapshot, ".lock", NULL);
  int fd = g_open (lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return set_errno_error (error, errno, "create", lock);
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int err = errno;
      close (fd);
      if (err == EWOULDBLOCK)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_AGAIN,
                       "%s is being written by another kgq process; this statement was not applied", j->snapshot);
          return FALSE;
        }
      return set_errno_error (error, err, "lock", lock);
    }
  struct stat now;
  gboolean exists = g_stat (j->path, &now) == 0;
  if (exists != j->seen || (exists && (now.st_ino != j->st.st_ino || now.st_size != j->st.st_size)))
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_AGAIN,
                   "%s changed since this session read it (another kgq process wrote to it); "
                   "this statement was not applied: open %s again",
                   j->path, j->snapshot);
      return FALSE;
    }
  j->lock_fd = fd;
  return TRUE;
}

KgJournal *
kg_journal_open (const char *path, const char *snapshot, KgGraph *graph, guint *n_replayed, GError **error)
{
  g_return_val_if_fail (path != NULL && snapshot != NULL && graph != NULL, NULL);
  if (n_replayed)
    *n_replayed = 0;
  g_autoptr (KgJournal) j = g_new0 (KgJournal, 1);
  j->path = g_strdup (path);
  j->snapshot = g_strdup (snapshot);
  j->fd = -1;
  j->lock_fd = -1;
  if (!snapshot_id (snapshot, j->base, error))
    return NULL;
  j->seen = g_stat (path, &j->st) == 0;

  GError *local = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;
  if (!g_file_get_contents (path, &data, &size, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_error_free (local);
          return g_steal_pointer (&j);
        }
      g_propagate_error (error, local);
      return NULL;
    }
  if (size < JOURNAL_HEADER || memcmp (data, JOURNAL_MAGIC, 8) != 0 || memcmp (data + 8, j->base, 16) != 0)
    return g_steal_pointer (&j); /* not ours, or left over from before a checkpoint */

  j->valid = TRUE;
  gsize pos = JOURNAL_HEADER;
  const guchar *d = (const guchar *) data;
  while (size - pos >= RECORD_HEADER)
    {
      guint32 len;
      guint64 sum;
      memcpy (&len, d + pos, 4);
      memcpy (&sum, d + pos + 4, 8);
      if (len > size - pos - RECORD_HEADER || kg_snapshot_checksum (d + pos + RECORD_HEADER, len) != sum)
        break; /* a torn tail */
      if (!kg_graph_redo_apply (graph, d + pos + RECORD_HEADER, len, &local))
        {
          g_set_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT, "%s: %s", path, local->message);
          g_error_free (local);
          return NULL;
        }
      pos += RECORD_HEADER + len;
      if (n_replayed)
        (*n_replayed)++;
    }
  j->end = pos;
  return g_steal_pointer (&j);
}

gboolean
kg_journal_append (KgJournal *j, const guchar *data, gsize len, GError **error)
{
  g_return_val_if_fail (j != NULL, FALSE);
  if (len == 0)
    return TRUE;
  if (len > G_MAXUINT32)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC, "cannot write %s: one statement changed too much", j->path);
      return FALSE;
    }
  if (!acquire (j, error))
    return FALSE;
  if (!j->valid)
    {
      if (!start_empty (j, error))
        return FALSE;
    }
  else if (j->fd < 0)
    {
      j->fd = g_open (j->path, O_RDWR, 0);
      if (j->fd < 0)
        return set_errno_error (error, errno, "open", j->path);
    }
  /* Cut off a torn tail (or a record whose append failed) before writing. */
  if (ftruncate (j->fd, (off_t) j->end) != 0 || lseek (j->fd, (off_t) j->end, SEEK_SET) < 0)
    return set_errno_error (error, errno, "write", j->path);
  guchar header[RECORD_HEADER];
  guint32 len32 = (guint32) len;
  guint64 sum = kg_snapshot_checksum (data, len);
  memcpy (header, &len32, 4);
  memcpy (header + 4, &sum, 8);
  if (!write_all (j->fd, header, sizeof header) || !write_all (j->fd, data, len) || fdatasync (j->fd) != 0)
    {
      int err = errno;
      if (ftruncate (j->fd, (off_t) j->end) != 0)
        { /* the torn record is cut off at the next append or ignored at the next open */
        }
      return set_errno_error (error, err, "write", j->path);
    }
  j->end += RECORD_HEADER + len;
  return TRUE;
}

gboolean
kg_journal_checkpoint (KgJournal *j, const KgGraph *graph, GError **error)
{
  g_return_val_if_fail (j != NULL && graph != NULL, FALSE);
  if (!acquire (j, error))
    return FALSE;
  if (!kg_graph_save (graph, j->snapshot, error))
    return FALSE;
  /* From here the old journal no longer matches the snapshot, so a crash before the
   * new one is in place loses nothing. */
  if (!snapshot_id (j->snapshot, j->base, error))
    return FALSE;
  return start_empty (j, error);
}

const char *
kg_journal_path (const KgJournal *j)
{
  return j->path;
}

void
kg_journal_free (KgJournal *j)
{
  if (j == NULL)
    return;
  if (j->fd >= 0)
    close (j->fd);
  if (j->lock_fd >= 0)
    close (j->lock_fd);
  g_free (j->path);
  g_free (j->snapshot);
  g_free (j);
}
