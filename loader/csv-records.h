/* loader/csv-records.h — the RFC 4180 record reader that the neo4j-admin import
 * (csv-import.c) and LOAD CSV (engine/ops/op-load-csv.c) share.
 *
 * A reader hands out one record at a time as fields that point into its buffer (valid
 * until the next call): a chosen one-byte delimiter, double-quoted fields that may hold
 * the delimiter, line breaks and doubled quotes, LF or CRLF line ends, a UTF-8 byte
 * order mark before the first field, blank lines between records skipped. It reads
 * either a memory-mapped file (csv-import's fast paths read the mapping directly) or a
 * GInputStream through a window that grows only to the longest record, so a file of
 * any size is never held in memory; gzip'd input is recognised by its magic bytes and
 * decompressed on the way. It does not convert values, check UTF-8, or know headers.
 */
#pragma once

#include <gio/gio.h>
#include <glib.h>

G_BEGIN_DECLS

/* KG_CSV_MAX_RECORD: the longest record a stream reader takes (a record longer than
 * this is most likely a quote that is never closed). */
#define KG_CSV_MAX_RECORD ((gsize) 256 << 20)

typedef struct _KgCsvField
{
  const char *s;
  gsize len;
  gssize off;      /* >= 0 while reading: the text is in the scratch at this offset */
  gboolean quoted; /* the field was quoted: keep its blanks, "" is an empty string */
} KgCsvField;

typedef struct
{
  const char *path; /* for messages (borrowed) */
  GMappedFile *map; /* the mapped file, or NULL for a stream */
  GInputStream *in; /* the stream, or NULL for a mapped file */
  char *buf;        /* a stream's window (base..end lies in it) */
  gsize buf_cap;
  gsize chunk;                  /* bytes a stream reader asks for at a time (tests make it small) */
  gboolean at_start;            /* a stream's byte order mark is not checked yet */
  gboolean eof;                 /* end is the end of the data */
  const char *base, *cur, *end; /* the data (window), the next record, the end */
  const char *released;         /* mapped pages before this were given back */
  guint64 line;                 /* line number of *cur */
  guint64 rec_line;             /* first line of the record just read */
  char delim;
  KgCsvField *fields; /* the record's fields, n_fields of them */
  guint n_fields;
  guint fields_cap;
  GString *scratch;
  const char *problem; /* why the last record was malformed (static text) */
  GError *io_error;    /* set when kg_csv_records_next() returned -2 */
} KgCsvRecords;

/**
 * kg_csv_records_open_file:
 * Maps @path (kept, borrowed) for reading with @delim. Returns: FALSE with
 * KG_LOAD_ERROR_IO ("PATH: reason") when it cannot be read or is a directory.
 */
gboolean kg_csv_records_open_file (KgCsvRecords *r, const char *path, char delim, GError **error);

/**
 * kg_csv_records_open_stream:
 * @in: (transfer none): the data; a gzip stream is decompressed
 * @name: for messages (borrowed)
 * Reads @in through a window. Returns: FALSE with KG_LOAD_ERROR_IO when the first bytes
 * cannot be read.
 */
gboolean kg_csv_records_open_stream (KgCsvRecords *r, GInputStream *in, const char *name, char delim, GError **error);

/**
 * kg_csv_records_open_range:
 * Reads the bytes @start .. @end (borrowed; whole lines of a mapped file, which must
 * outlive the reader) as records, counting lines from 1 at @start. Several threads may
 * read ranges of one mapping at once, each with its own reader.
 */
void kg_csv_records_open_range (KgCsvRecords *r, const char *path, char delim, const char *start, const char *end);

/**
 * kg_csv_records_next:
 * Reads the next record into r->fields. Returns: 1 for a record, 0 at the end, -1 for a
 * malformed record (r->problem says why; the reader is past it), -2 when reading
 * failed (r->io_error). r->rec_line is the record's first line.
 */
int kg_csv_records_next (KgCsvRecords *r);

/* kg_csv_records_release: gives the mapped pages already read back to the kernel. */
void kg_csv_records_release (KgCsvRecords *r);

void kg_csv_records_close (KgCsvRecords *r);

/* kg_csv_count_newlines: the '\n' bytes in @p .. @end. */
gsize kg_csv_count_newlines (const char *p, const char *end);

G_END_DECLS
