/* tests/server/bolt-client.c — a small Bolt client that plays a script against a
 * server and prints the exchange, for the golden transcripts (transcripts.sh).
 *
 *   bolt-client PORT SCRIPT
 *
 * SCRIPT has one request a line; blank lines and lines starting with '#' are copied to
 * the transcript as they are:
 *
 *   handshake 5.8 4.4          the magic and up to four versions, best first
 *   HELLO [{"user_agent": "x"}]  a message by name, its fields as one JSON array
 *   raw 00 03 b1 70 a0 00 00    bytes sent as they are (hex), for what no driver sends
 *
 * JSON numbers with a '.' or an exponent become floats, others integers. After each
 * message but GOODBYE the client reads the server's answers up to the summary (SUCCESS,
 * FAILURE or IGNORED); after GOODBYE, a raw write or a closed connection it reads until
 * the server closes. Every answer is printed as "S: NAME value, …" with PackStream
 * values written Cypher-like and structures by name (Node(…), Date(…), …). Values
 * that change from run to run (t_first, t_last, connection_id, server, and a profile's
 * time and Time) print as `…`.
 * Exits 1 when the server does not answer within 10 seconds or the script is malformed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <json-glib/json-glib.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/packstream.h"

static int sock = -1;

static const struct
{
  const char *name;
  guint8 tag;
} requests[] = {
  { "HELLO", 0x01 },
  { "GOODBYE", 0x02 },
  { "RESET", 0x0F },
  { "RUN", 0x10 },
  { "BEGIN", 0x11 },
  { "COMMIT", 0x12 },
  { "ROLLBACK", 0x13 },
  { "DISCARD", 0x2F },
  { "PULL", 0x3F },
  { "TELEMETRY", 0x54 },
  { "ROUTE", 0x66 },
  { "LOGON", 0x6A },
  { "LOGOFF", 0x6B },
};

static const struct
{
  guint8 tag;
  const char *name;
} structures[] = {
  { 0x4E, "Node" },
  { 0x52, "Relationship" },
  { 0x72, "UnboundRelationship" },
  { 0x50, "Path" },
  { 0x44, "Date" },
  { 0x54, "Time" },
  { 0x74, "LocalTime" },
  { 0x49, "DateTime" },
  { 0x69, "DateTimeZoneId" },
  { 0x46, "LegacyDateTime" },
  { 0x66, "LegacyDateTimeZoneId" },
  { 0x64, "LocalDateTime" },
  { 0x45, "Duration" },
  { 0x58, "Point2D" },
  { 0x59, "Point3D" },
};

static const char *const volatile_keys[] = { "t_first", "t_last", "connection_id", "server" };
/* Keys that change from run to run at any depth: a profile's times. */
static const char *const volatile_deep_keys[] = { "time", "Time" };

/* --- Sending -------------------------------------------------------------------- */

static void
send_all (const guint8 *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = send (sock, data, len, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return; /* the reading side reports the closed connection */
      data += n;
      len -= (gsize) n;
    }
}

/* One message in chunks of at most 65 535 bytes, then the 00 00 end marker. */
static void
send_message (const GByteArray *msg)
{
  gsize at = 0;
  while (at < msg->len)
    {
      gsize n = MIN (msg->len - at, 65535);
      guint8 head[2] = { (guint8) (n >> 8), (guint8) n };
      send_all (head, 2);
      send_all (msg->data + at, n);
      at += n;
    }
  static const guint8 end[2] = { 0, 0 };
  send_all (end, 2);
}

static void
put_json (GByteArray *out, JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      kg_packstream_put_null (out);
      break;
    case JSON_NODE_VALUE:
      {
        GType t = json_node_get_value_type (node);
        if (t == G_TYPE_BOOLEAN)
          kg_packstream_put_bool (out, json_node_get_boolean (node));
        else if (t == G_TYPE_INT64)
          kg_packstream_put_int (out, json_node_get_int (node));
        else if (t == G_TYPE_DOUBLE)
          kg_packstream_put_float (out, json_node_get_double (node));
        else
          kg_packstream_put_string (out, json_node_get_string (node), -1);
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);
        guint n = json_array_get_length (a);
        kg_packstream_put_list_header (out, n);
        for (guint i = 0; i < n; i++)
          put_json (out, json_array_get_element (a, i));
        break;
      }
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        GList *members = json_object_get_members (o);
        kg_packstream_put_map_header (out, g_list_length (members));
        for (GList *m = members; m; m = m->next)
          {
            kg_packstream_put_string (out, m->data, -1);
            put_json (out, json_object_get_member (o, m->data));
          }
        g_list_free (members);
        break;
      }
    }
}

/* --- Receiving and printing ----------------------------------------------------- */

static gboolean
recv_all (guint8 *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = recv (sock, data, len, 0);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          printf ("S: <no answer within 10 seconds>\n");
          exit (1);
        }
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* One whole message (NOOP chunks skipped), or NULL when the server closed. */
static GByteArray *
recv_message (void)
{
  GByteArray *msg = g_byte_array_new ();
  for (;;)
    {
      guint8 head[2];
      if (!recv_all (head, 2))
        {
          g_byte_array_unref (msg);
          return NULL;
        }
      gsize n = (gsize) head[0] << 8 | head[1];
      if (n == 0)
        {
          if (msg->len == 0)
            continue; /* a NOOP between messages */
          return msg;
        }
      guint len = msg->len;
      g_byte_array_set_size (msg, len + (guint) n);
      if (!recv_all (msg->data + len, n))
        {
          g_byte_array_unref (msg);
          return NULL;
        }
    }
}

typedef struct
{
  const guint8 *p, *end;
  gboolean bad;
} Reader;

static guint64
take (Reader *r, guint n)
{
  if ((gsize) (r->end - r->p) < n)
    {
      r->bad = TRUE;
      r->p = r->end;
      return 0;
    }
  guint64 v = 0;
  for (guint i = 0; i < n; i++)
    v = v << 8 | *r->p++;
  return v;
}

static void print_value (GString *out, Reader *r, int depth);

static void
print_string (GString *out, Reader *r, guint64 n)
{
  if ((guint64) (r->end - r->p) < n)
    {
      r->bad = TRUE;
      r->p = r->end;
      return;
    }
  g_string_append_c (out, '"');
  for (guint64 i = 0; i < n; i++)
    {
      guint8 c = r->p[i];
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
  r->p += n;
}

static void
print_items (GString *out, Reader *r, guint64 n, int depth, const char *sep)
{
  for (guint64 i = 0; i < n && !r->bad; i++)
    {
      if (i > 0)
        g_string_append (out, sep);
      print_value (out, r, depth + 1);
    }
}

static void
print_map (GString *out, Reader *r, guint64 n, int depth)
{
  g_string_append_c (out, '{');
  for (guint64 i = 0; i < n && !r->bad; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_autoptr (GString) key = g_string_new (NULL);
      print_value (key, r, depth + 1);
      g_string_append_printf (out, "%s: ", key->str);
      gboolean masked = FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (volatile_keys) && depth == 1; k++)
        {
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", volatile_keys[k]);
          masked = masked || strcmp (key->str, quoted) == 0;
        }
      for (guint k = 0; k < G_N_ELEMENTS (volatile_deep_keys); k++)
        {
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", volatile_deep_keys[k]);
          masked = masked || strcmp (key->str, quoted) == 0;
        }
      if (masked)
        {
          g_autoptr (GString) skipped = g_string_new (NULL);
          print_value (skipped, r, depth + 1);
          g_string_append (out, "…");
        }
      else
        print_value (out, r, depth + 1);
    }
  g_string_append_c (out, '}');
}

static void
print_value (GString *out, Reader *r, int depth)
{
  if (depth > KG_PACKSTREAM_MAX_DEPTH || r->p >= r->end)
    {
      r->bad = TRUE;
      return;
    }
  guint8 m = *r->p++;
  guint8 hi = m & 0xF0, lo = m & 0x0F;
  if (m < 0x80)
    g_string_append_printf (out, "%d", m);
  else if (m >= 0xF0)
    g_string_append_printf (out, "%d", (int) m - 256);
  else if (hi == 0x80)
    print_string (out, r, lo);
  else if (hi == 0x90 || m == 0xD4 || m == 0xD5 || m == 0xD6)
    {
      guint64 n = hi == 0x90 ? lo : take (r, m == 0xD4 ? 1 : m == 0xD5 ? 2
                                                                       : 4);
      g_string_append_c (out, '[');
      print_items (out, r, n, depth, ", ");
      g_string_append_c (out, ']');
    }
  else if (hi == 0xA0 || m == 0xD8 || m == 0xD9 || m == 0xDA)
    print_map (out, r, hi == 0xA0 ? lo : take (r, m == 0xD8 ? 1 : m == 0xD9 ? 2
                                                                            : 4),
               depth);
  else if (hi == 0xB0)
    {
      guint8 tag = (guint8) take (r, 1);
      const char *name = NULL;
      for (guint i = 0; i < G_N_ELEMENTS (structures); i++)
        if (structures[i].tag == tag)
          name = structures[i].name;
      if (name)
        g_string_append (out, name);
      else
        g_string_append_printf (out, "Structure_%02X", tag);
      g_string_append_c (out, '(');
      print_items (out, r, lo, depth, ", ");
      g_string_append_c (out, ')');
    }
  else
    switch (m)
      {
      case 0xC0:
        g_string_append (out, "null");
        break;
      case 0xC2:
        g_string_append (out, "false");
        break;
      case 0xC3:
        g_string_append (out, "true");
        break;
      case 0xC1:
        {
          guint64 bits = take (r, 8);
          double d;
          memcpy (&d, &bits, sizeof d);
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          g_string_append (out, g_ascii_dtostr (buf, sizeof buf, d));
          if (!strpbrk (buf, ".eEn"))
            g_string_append (out, ".0");
          break;
        }
      case 0xC8:
        g_string_append_printf (out, "%d", (gint8) take (r, 1));
        break;
      case 0xC9:
        g_string_append_printf (out, "%d", (gint16) take (r, 2));
        break;
      case 0xCA:
        g_string_append_printf (out, "%d", (gint32) take (r, 4));
        break;
      case 0xCB:
        g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) take (r, 8));
        break;
      case 0xD0:
      case 0xD1:
      case 0xD2:
        print_string (out, r, take (r, m == 0xD0 ? 1 : m == 0xD1 ? 2
                                                                 : 4));
        break;
      case 0xCC:
      case 0xCD:
      case 0xCE:
        {
          guint64 n = take (r, m == 0xCC ? 1 : m == 0xCD ? 2
                                                         : 4);
          g_string_append (out, "bytes(");
          for (guint64 i = 0; i < n && !r->bad; i++)
            g_string_append_printf (out, "%02x", (guint) take (r, 1));
          g_string_append_c (out, ')');
          break;
        }
      default:
        g_string_append_printf (out, "<marker %02X>", m);
        r->bad = TRUE;
      }
}

/* Prints one answer; returns TRUE when it is a summary. */
static gboolean
print_answer (const GByteArray *msg)
{
  Reader r = { msg->data, msg->data + msg->len, FALSE };
  g_autoptr (GString) out = g_string_new ("S: ");
  gboolean summary = FALSE;
  if (msg->len >= 2 && (msg->data[0] & 0xF0) == 0xB0)
    {
      guint n = msg->data[0] & 0x0F;
      guint8 tag = msg->data[1];
      r.p += 2;
      summary = tag != 0x71;
      g_string_append (out, tag == 0x70   ? "SUCCESS"
                            : tag == 0x71 ? "RECORD"
                            : tag == 0x7E ? "IGNORED"
                            : tag == 0x7F ? "FAILURE"
                                          : "UNKNOWN");
      if (n > 0)
        g_string_append_c (out, ' ');
      print_items (out, &r, n, 0, ", ");
    }
  else
    r.bad = TRUE;
  if (r.bad || r.p != r.end)
    {
      g_string_append (out, " <malformed:");
      for (guint i = 0; i < msg->len && i < 64; i++)
        g_string_append_printf (out, " %02x", msg->data[i]);
      g_string_append_c (out, '>');
      summary = TRUE;
    }
  printf ("%s\n", out->str);
  return summary;
}

/* Reads answers up to a summary, or to the end of the connection when @to_close. */
static gboolean
read_answers (gboolean to_close)
{
  for (;;)
    {
      g_autoptr (GByteArray) msg = recv_message ();
      if (!msg)
        {
          printf ("S: <closed>\n");
          return FALSE;
        }
      if (print_answer (msg) && !to_close)
        return TRUE;
    }
}

/* --- The script ----------------------------------------------------------------- */

static gboolean
do_handshake (const char *args)
{
  guint8 hs[20] = { 0x60, 0x60, 0xB0, 0x17 };
  g_auto (GStrv) versions = g_strsplit_set (args, " ", -1);
  guint n = 0;
  for (guint i = 0; versions[i]; i++)
    {
      unsigned major, minor;
      if (!*versions[i])
        continue;
      if (n == 4 || sscanf (versions[i], "%u.%u", &major, &minor) != 2)
        return FALSE;
      hs[4 + 4 * n + 2] = (guint8) minor;
      hs[4 + 4 * n + 3] = (guint8) major;
      n++;
    }
  send_all (hs, sizeof hs);
  guint8 answer[4];
  if (!recv_all (answer, 4))
    {
      printf ("S: <closed>\n");
      return FALSE;
    }
  if (answer[2] == 0 && answer[3] == 0)
    printf ("S: no version\n");
  else
    printf ("S: version %u.%u\n", answer[3], answer[2]);
  return TRUE;
}

static gboolean
do_message (const char *line, guint lineno, gboolean *open)
{
  const char *space = strchr (line, ' ');
  g_autofree char *name = space ? g_strndup (line, (gsize) (space - line)) : g_strdup (line);
  int tag = -1;
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    if (strcmp (requests[i].name, name) == 0)
      tag = requests[i].tag;
  if (tag < 0)
    {
      fprintf (stderr, "script:%u: unknown request %s\n", lineno, name);
      exit (1);
    }
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *fields = NULL;
  if (space && json_parser_load_from_data (parser, space + 1, -1, &error) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    fields = json_node_get_array (json_parser_get_root (parser));
  else if (space)
    {
      fprintf (stderr, "script:%u: the fields are not a JSON array: %s\n", lineno,
               error ? error->message : "not an array");
      exit (1);
    }
  g_autoptr (GByteArray) msg = g_byte_array_new ();
  guint n = fields ? json_array_get_length (fields) : 0;
  kg_packstream_put_struct_header (msg, (guint8) tag, n);
  for (guint i = 0; i < n; i++)
    put_json (msg, json_array_get_element (fields, i));
  send_message (msg);
  *open = read_answers (tag == 0x02);
  return TRUE;
}

static gboolean
do_raw (const char *hex, guint lineno, gboolean *open)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  g_auto (GStrv) parts = g_strsplit_set (hex, " ", -1);
  for (guint i = 0; parts[i]; i++)
    {
      if (!*parts[i])
        continue;
      char *end;
      unsigned long b = strtoul (parts[i], &end, 16);
      if (*end || b > 0xFF)
        {
          fprintf (stderr, "script:%u: not a hex byte: %s\n", lineno, parts[i]);
          exit (1);
        }
      guint8 byte = (guint8) b;
      g_byte_array_append (bytes, &byte, 1);
    }
  send_all (bytes->data, bytes->len);
  *open = read_answers (TRUE);
  return TRUE;
}

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fprintf (stderr, "usage: bolt-client PORT SCRIPT\n");
      return 2;
    }
  g_autofree char *script = NULL;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (argv[2], &script, NULL, &error))
    {
      fprintf (stderr, "bolt-client: %s\n", error->message);
      return 1;
    }
  sock = socket (AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) atoi (argv[1])) };
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  struct timeval tv = { .tv_sec = 10 };
  setsockopt (sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (connect (sock, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      fprintf (stderr, "bolt-client: connect: %s\n", g_strerror (errno));
      return 1;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);

  g_auto (GStrv) lines = g_strsplit (script, "\n", -1);
  gboolean open = TRUE;
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];
      if (!lines[i + 1] && !*line)
        break;
      if (!*line || *line == '#')
        {
          printf ("%s\n", line);
          continue;
        }
      if (!open)
        {
          printf ("# (the connection is closed; the rest of the script is not sent)\n");
          break;
        }
      printf ("C: %s\n", line);
      if (g_str_has_prefix (line, "handshake "))
        open = do_handshake (line + strlen ("handshake "));
      else if (g_str_has_prefix (line, "raw "))
        do_raw (line + strlen ("raw "), i + 1, &open);
      else
        do_message (line, i + 1, &open);
    }
  close (sock);
  return 0;
}
