/* graph/snapshot.c — binary snapshots of a graph: kg_graph_save() and kg_graph_load().
 *
 * File layout (host byte order, checked by a marker, so a snapshot moves between
 * machines of the same endianness only):
 *
 *   header   "KGQSNAP\n", u32 format version, u32 byte-order marker 0x01020304,
 *            u64 payload length, u64 payload checksum
 *   payload  symbols (labels, types, keys: count, then length + bytes each);
 *            nodes (bound, live count, alive bitmap, per node: label count + labels);
 *            edges (bound, alive bitmap, src[], dst[], type[]);
 *            node property columns, edge property columns (key, lo, hi, then one
 *            tagged value per slot, tag 0 for absent);
 *            indexes ((label, key) pairs, then their names; rebuilt on load);
 *            full-text indexes (count, then each definition as a value: a trailing
 *            section, absent from older snapshots; their contents are rebuilt on load).
 *            since version 2, constraints (count, then each as kg_constraint_put()
 *            writes it, by name), after the full-text indexes.
 *
 * Adjacency, degrees and index contents are derived data: load rebuilds them in one
 * pass, which costs far less than writing and checksumming them. Saving writes a
 * temporary file beside the target, syncs it and renames it over the target, so a crash
 * never leaves a half-written snapshot under the real name. Loading maps the file,
 * verifies the checksum before parsing, and bounds-checks every read, so truncated or
 * corrupt files fail with KG_GRAPH_ERROR_SNAPSHOT rather than crash.
 *
 * Not here: compression, cross-endian files, incremental saves.
 */
#include "graph/graph-private.h"
#include "graph/stats.h"
#include "graph/value-codec.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SNAP_MAGIC "KGQSNAP\n"
#define SNAP_VERSION 2 /* 2 adds the constraints; version 1 files are still read */
#define SNAP_BOM 0x01020304u
#define SNAP_HEADER (8 + 4 + 4 + 8 + 8)

/* --- Checksum ---------------------------------------------------------------------- */

/* A word-at-a-time multiply-rotate hash: fast enough to run at memory speed, strong
 * enough to catch truncation and flipped bits. Streamable over chunks whose sizes are
 * multiples of 8 (all but the last). */
typedef struct
{
  guint64 h;
  guint64 n;
} Sum;

#define SUM_P1 G_GUINT64_CONSTANT (0x9E3779B185EBCA87)
#define SUM_P2 G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F)

static inline guint64
rotl64 (guint64 x, int r)
{
  return (x << r) | (x >> (64 - r));
}

static void
sum_init (Sum *s)
{
  s->h = G_GUINT64_CONSTANT (0x27D4EB2F165667C5);
  s->n = 0;
}

static void
sum_update (Sum *s, const guchar *p, gsize len)
{
  guint64 h = s->h;
  gsize i = 0;
  for (; i + 8 <= len; i += 8)
    {
      guint64 w;
      memcpy (&w, p + i, 8);
      h = rotl64 (h ^ (w * SUM_P2), 31) * SUM_P1;
    }
  for (; i < len; i++)
    h = rotl64 (h ^ (p[i] * SUM_P1), 11) * SUM_P2;
  s->h = h;
  s->n += len;
}

static guint64
sum_final (const Sum *s)
{
  guint64 h = s->h ^ s->n;
  h ^= h >> 33;
  h *= SUM_P2;
  h ^= h >> 29;
  return h;
}

guint64
kg_snapshot_checksum (const guchar *data, gsize len)
{
  Sum s;
  sum_init (&s);
  sum_update (&s, data, len);
  return sum_final (&s);
}

G_STATIC_ASSERT (SNAP_HEADER == KG_SNAPSHOT_HEADER_SIZE);

/* --- Writer ------------------------------------------------------------------------ */

#define WBUF (1u << 20) /* a multiple of 8, for the checksum */

typedef struct
{
  FILE *f;
  guchar *buf;
  gsize len;
  Sum sum;
  guint64 total;
  gboolean failed;
} Writer;

static void
w_flush (Writer *w)
{
  if (w->len == 0)
    return;
  sum_update (&w->sum, w->buf, w->len);
  if (!w->failed && fwrite (w->buf, 1, w->len, w->f) != w->len)
    w->failed = TRUE;
  w->total += w->len;
  w->len = 0;
}

static void
w_bytes (Writer *w, const void *data, gsize len)
{
  const guchar *p = data;
  while (len > 0)
    {
      gsize n = MIN (len, WBUF - w->len);
      memcpy (w->buf + w->len, p, n);
      w->len += n;
      p += n;
      len -= n;
      if (w->len == WBUF)
        w_flush (w);
    }
}

static void
w_u32 (Writer *w, guint32 v)
{
  w_bytes (w, &v, 4);
}

static void
w_str (Writer *w, const char *s)
{
  gsize len = strlen (s);
  w_u32 (w, (guint32) len);
  w_bytes (w, s, len);
}

/* The shared value encoder's output: the buffered, checksummed file. */
static void
w_sink (gpointer w, const void *data, gsize len)
{
  w_bytes (w, data, len);
}

static void
w_columns (Writer *w, GPtrArray *cols)
{
  guint32 n = 0;
  for (guint k = 0; k < cols->len; k++)
    {
      const KgColumn *c = g_ptr_array_index (cols, k);
      if (c && c->n_set > 0)
        n++;
    }
  w_u32 (w, n);
  for (guint k = 0; k < cols->len; k++)
    {
      const KgColumn *c = g_ptr_array_index (cols, k);
      if (c == NULL || c->n_set == 0)
        continue;
      /* Trim the absent slots at both ends. */
      guint32 lo = c->lo, hi = c->hi;
      while (lo < hi && c->v[lo - c->lo].type == KG_VALUE_NULL)
        lo++;
      while (hi > lo && c->v[hi - 1 - c->lo].type == KG_VALUE_NULL)
        hi--;
      w_u32 (w, k);
      w_u32 (w, lo);
      w_u32 (w, hi);
      for (guint32 i = lo; i < hi; i++)
        kg_codec_put_value (w_sink, w, &c->v[i - c->lo]);
    }
}

static guint32
words_for (guint32 n)
{
  return (n + 63) / 64;
}

static void
w_payload (Writer *w, const KgGraph *g)
{
  for (int k = 0; k < 3; k++)
    {
      w_u32 (w, g->sym_names[k]->len);
      for (guint i = 0; i < g->sym_names[k]->len; i++)
        w_str (w, g_ptr_array_index (g->sym_names[k], i));
    }
  w_u32 (w, g->node_bound);
  w_u32 (w, g->n_nodes);
  w_bytes (w, g->node_alive, (gsize) words_for (g->node_bound) * 8);
  for (guint32 i = 0; i < g->node_bound; i++)
    {
      const KgLabelSet *ls = &g->labels[i];
      w_bytes (w, &ls->n, 2);
      w_bytes (w, ls->cap > 0 ? ls->u.heap : ls->u.inl, (gsize) ls->n * 4);
    }
  w_u32 (w, g->edge_bound);
  w_u32 (w, g->n_edges);
  w_bytes (w, g->edge_alive, (gsize) words_for (g->edge_bound) * 8);
  w_bytes (w, g->e_src, (gsize) g->edge_bound * 4);
  w_bytes (w, g->e_dst, (gsize) g->edge_bound * 4);
  w_bytes (w, g->e_type, (gsize) g->edge_bound * 4);
  w_columns (w, g->node_cols);
  w_columns (w, g->edge_cols);
  w_u32 (w, g->indexes->len);
  for (guint i = 0; i < g->indexes->len; i++)
    {
      const KgIndex *idx = g_ptr_array_index (g->indexes, i);
      w_u32 (w, idx->label);
      w_u32 (w, idx->key);
    }
  /* index names: a trailing section (snapshots without it load with default names) */
  for (guint i = 0; i < g->indexes->len; i++)
    w_str (w, ((const KgIndex *) g_ptr_array_index (g->indexes, i))->name);
  w_u32 (w, g->fulltext->len);
  for (guint i = 0; i < g->fulltext->len; i++)
    {
      KgValue def = kg_graph_ft_definition (g, g_ptr_array_index (g->fulltext, i));
      kg_codec_put_value (w_sink, w, &def);
      kg_value_clear (&def);
    }
  w_u32 (w, kg_graph_n_constraints (g));
  for (guint i = 0; i < kg_graph_n_constraints (g); i++)
    kg_constraint_put (w_sink, w, g, kg_graph_constraint_at (g, i));
}

gboolean
kg_graph_save (const KgGraph *g, const char *path, GError **error)
{
  g_return_val_if_fail (g != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (!g->bulk, FALSE);

  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", path);
  int fd = g_mkstemp_full (tmp, O_RDWR, 0644);
  if (fd < 0)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "cannot create %s: %s", tmp, g_strerror (err));
      return FALSE;
    }
  Writer w = { 0 };
  w.f = fdopen (fd, "wb");
  if (w.f == NULL)
    {
      int err = errno;
      close (fd);
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "cannot write %s: %s", tmp, g_strerror (err));
      return FALSE;
    }
  w.buf = g_malloc (WBUF);
  sum_init (&w.sum);

  guchar header[SNAP_HEADER] = { 0 };
  if (fwrite (header, 1, SNAP_HEADER, w.f) != SNAP_HEADER)
    w.failed = TRUE;
  w_payload (&w, g);
  w_flush (&w);
  g_free (w.buf);

  guint32 version = SNAP_VERSION, bom = SNAP_BOM;
  guint64 len = w.total, sum = sum_final (&w.sum);
  memcpy (header, SNAP_MAGIC, 8);
  memcpy (header + 8, &version, 4);
  memcpy (header + 12, &bom, 4);
  memcpy (header + 16, &len, 8);
  memcpy (header + 24, &sum, 8);
  if (!w.failed && (fseek (w.f, 0, SEEK_SET) != 0 || fwrite (header, 1, SNAP_HEADER, w.f) != SNAP_HEADER))
    w.failed = TRUE;
  if (!w.failed && (fflush (w.f) != 0 || fsync (fileno (w.f)) != 0))
    w.failed = TRUE;
  int err = errno;
  if (fclose (w.f) != 0 && !w.failed)
    {
      w.failed = TRUE;
      err = errno;
    }
  if (!w.failed && g_rename (tmp, path) != 0)
    {
      w.failed = TRUE;
      err = errno;
    }
  if (w.failed)
    {
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "cannot write snapshot %s: %s", path, g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

/* --- Reader ------------------------------------------------------------------------ */

/* The bounds-checked reads are the value codec's (value-codec.h). */
typedef KgCodecReader Reader;

static gboolean
r_columns (Reader *r, KgGraph *g, gboolean edges)
{
  guint32 n = kg_codec_u32 (r);
  guint32 bound = edges ? g->edge_bound : g->node_bound;
  guint n_keys = g->sym_names[KG_SYM_KEY]->len;
  if (!kg_codec_fits (r, n, 12))
    return FALSE;
  for (guint32 i = 0; i < n && !r->bad; i++)
    {
      guint32 key = kg_codec_u32 (r), lo = kg_codec_u32 (r), hi = kg_codec_u32 (r);
      if (r->bad || key >= n_keys || lo >= hi || hi > bound || !kg_codec_fits (r, hi - lo, 1))
        return FALSE;
      KgColumn *c = kg_graph_column (g, edges, key);
      if (c->n_set > 0)
        return FALSE; /* a key twice */
      kg_column_reserve (c, lo, hi);
      for (guint32 id = lo; id < hi && !r->bad; id++)
        {
          KgValue v = kg_codec_value (r, 0);
          if (v.type == KG_VALUE_NULL)
            continue;
          const guint64 *alive = edges ? g->edge_alive : g->node_alive;
          if (!kg_bit_get (alive, id))
            {
              kg_value_clear (&v);
              r->bad = TRUE;
              break;
            }
          c->v[id - c->lo] = v;
          c->n_set++;
        }
    }
  return !r->bad;
}

/* Clears the bits at and above @bound in the last word of a bitmap. */
static void
mask_tail (guint64 *bits, guint32 bound)
{
  if (bound & 63)
    bits[bound >> 6] &= (G_GUINT64_CONSTANT (1) << (bound & 63)) - 1;
}

static guint32
popcount_bits (const guint64 *bits, guint32 bound)
{
  guint32 n = 0;
  for (guint32 i = 0; i < words_for (bound); i++)
    n += (guint32) __builtin_popcountll (bits[i]);
  return n;
}

static gboolean
r_payload (Reader *r, KgGraph *g, guint32 version)
{
  for (int k = 0; k < 3; k++)
    {
      guint32 n = kg_codec_u32 (r);
      if (!kg_codec_fits (r, n, 4))
        return FALSE;
      for (guint32 i = 0; i < n; i++)
        {
          g_autofree char *name = kg_codec_str (r);
          if (name == NULL || kg_graph_lookup (g, k, name) != KG_NONE)
            return FALSE;
          kg_graph_intern (g, k, name);
        }
    }
  guint n_labels = g->sym_names[KG_SYM_LABEL]->len;
  guint n_types = g->sym_names[KG_SYM_TYPE]->len;

  /* Nodes */
  guint32 node_bound = kg_codec_u32 (r), n_nodes = kg_codec_u32 (r);
  if (node_bound >= G_MAXUINT32 - 1 || !kg_codec_fits (r, words_for (node_bound), 8) || !kg_codec_fits (r, node_bound, 2))
    return FALSE;
  kg_graph_grow_nodes (g, MAX (node_bound, 64));
  kg_codec_take (r, g->node_alive, (gsize) words_for (node_bound) * 8);
  mask_tail (g->node_alive, node_bound);
  if (popcount_bits (g->node_alive, node_bound) != n_nodes)
    return FALSE;
  g->node_bound = node_bound;
  g->n_nodes = n_nodes;
  for (guint32 i = 0; i < node_bound; i++)
    {
      guint16 n;
      kg_codec_take (r, &n, 2);
      if (r->bad || (n > 0 && !kg_bit_get (g->node_alive, i)) || !kg_codec_fits (r, n, 4))
        return FALSE;
      for (guint j = 0; j < n; j++)
        {
          guint32 label = kg_codec_u32 (r);
          if (label >= n_labels || !kg_graph_node_add_label (g, i, label))
            return FALSE;
        }
    }

  /* Relationships */
  guint32 edge_bound = kg_codec_u32 (r), n_edges = kg_codec_u32 (r);
  if (edge_bound >= G_MAXUINT32 - 1 || !kg_codec_fits (r, words_for (edge_bound), 8) || !kg_codec_fits (r, edge_bound, 12))
    return FALSE;
  kg_graph_grow_edges (g, MAX (edge_bound, 64));
  kg_codec_take (r, g->edge_alive, (gsize) words_for (edge_bound) * 8);
  mask_tail (g->edge_alive, edge_bound);
  if (popcount_bits (g->edge_alive, edge_bound) != n_edges)
    return FALSE;
  kg_codec_take (r, g->e_src, (gsize) edge_bound * 4);
  kg_codec_take (r, g->e_dst, (gsize) edge_bound * 4);
  kg_codec_take (r, g->e_type, (gsize) edge_bound * 4);
  for (guint32 e = 0; e < edge_bound; e++)
    {
      if (g->e_src[e] >= node_bound || g->e_dst[e] >= node_bound || g->e_type[e] >= n_types)
        return FALSE;
      if (kg_bit_get (g->edge_alive, e) &&
          (!kg_bit_get (g->node_alive, g->e_src[e]) || !kg_bit_get (g->node_alive, g->e_dst[e])))
        return FALSE;
    }
  g->edge_bound = edge_bound;
  kg_graph_restore_edges (g);

  /* Properties and indexes */
  if (!r_columns (r, g, FALSE) || !r_columns (r, g, TRUE))
    return FALSE;
  guint32 n_idx = kg_codec_u32 (r);
  if (!kg_codec_fits (r, n_idx, 8))
    return FALSE;
  guint32 *pairs = g_new (guint32, 2 * (gsize) n_idx + 1);
  for (guint32 i = 0; i < n_idx; i++)
    {
      guint32 label = kg_codec_u32 (r), key = kg_codec_u32 (r);
      if (r->bad || label >= n_labels || key >= g->sym_names[KG_SYM_KEY]->len)
        {
          g_free (pairs);
          return FALSE;
        }
      pairs[2 * i] = label;
      pairs[2 * i + 1] = key;
    }
  gboolean named = r->p < r->end;
  for (guint32 i = 0; i < n_idx; i++)
    {
      g_autofree char *name = named ? kg_codec_str (r) : NULL;
      if (r->bad)
        {
          g_free (pairs);
          return FALSE;
        }
      kg_graph_create_named_index (g, pairs[2 * i], pairs[2 * i + 1], name);
    }
  g_free (pairs);
  if (named && r->p < r->end)
    {
      guint32 n_ft = kg_codec_u32 (r);
      if (!kg_codec_fits (r, n_ft, 4))
        return FALSE;
      for (guint32 i = 0; i < n_ft && !r->bad; i++)
        {
          KgValue def = kg_codec_value (r, 0);
          gboolean ok = !r->bad && kg_graph_ft_create_definition (g, &def, NULL);
          kg_value_clear (&def);
          if (!ok)
            return FALSE;
        }
    }
  if (version >= 2)
    {
      guint32 n_con = kg_codec_u32 (r);
      if (!kg_codec_fits (r, n_con, 20))
        return FALSE;
      for (guint32 i = 0; i < n_con; i++)
        if (!kg_constraint_read (r, g))
          return FALSE;
    }
  return !r->bad && r->p == r->end;
}

KgGraph *
kg_graph_load (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  GError *local = NULL;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, "%s: is a directory, not a kgq snapshot", path);
      return NULL;
    }
  GMappedFile *mf = g_mapped_file_new (path, FALSE, &local);
  if (mf == NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  const guchar *data = (const guchar *) g_mapped_file_get_contents (mf);
  gsize size = g_mapped_file_get_length (mf);
  const char *why = NULL;
  KgGraph *g = NULL;
  guint32 version = 0, bom = 0;
  guint64 len = 0, sum = 0;
  if (size < SNAP_HEADER || memcmp (data, SNAP_MAGIC, 8) != 0)
    why = "not a kgq snapshot";
  else
    {
      memcpy (&version, data + 8, 4);
      memcpy (&bom, data + 12, 4);
      memcpy (&len, data + 16, 8);
      memcpy (&sum, data + 24, 8);
      if (version < 1 || version > SNAP_VERSION)
        why = "unsupported snapshot version";
      else if (bom != SNAP_BOM)
        why = "snapshot written on a machine of another byte order";
      else if (len != size - SNAP_HEADER)
        why = "snapshot is truncated";
      else
        {
          if (kg_snapshot_checksum (data + SNAP_HEADER, len) != sum)
            why = "snapshot checksum mismatch (the file is corrupt)";
        }
    }
  if (why == NULL)
    {
      Reader r = { data + SNAP_HEADER, data + size, FALSE };
      g = kg_graph_new ();
      if (!r_payload (&r, g, version))
        {
          why = "snapshot content is invalid";
          g_clear_pointer (&g, kg_graph_free);
        }
      else
        kg_graph_stats_refresh (g);
    }
  g_mapped_file_unref (mf);
  if (why)
    {
      g_set_error (error, KG_GRAPH_ERROR, KG_GRAPH_ERROR_SNAPSHOT, "%s: %s", path, why);
      return NULL;
    }
  return g;
}
