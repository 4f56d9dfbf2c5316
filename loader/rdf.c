/* loader/rdf.c — RDF in (N-Triples, N-Quads, Turtle, TriG) through serd, with the
 * mapping of docs/formats.md that export/rdf.c writes.
 *
 * serd parses the file strictly and hands over one statement at a time, with prefixed
 * names and relative IRIs expanded here against the file's prefixes and base. Every
 * statement is kept until the whole file has parsed, so a syntax error anywhere
 * ("FILE:LINE:COL: message", from serd) loads nothing. Then the statements are mapped
 * in file order: an IRI or blank node becomes a node the first time it is seen (with
 * its IRI in `uri`, unless it is one of kgq's urn:kgq:node: names); rdf:type gives
 * labels (the local name; a class outside kgq's vocabulary is kept in `rdf_types`);
 * literals give properties (the predicate's local name, `name@lang` for a language tag,
 * XSD datatypes as Cypher types, several values as a list; a predicate outside kgq's
 * vocabulary is kept in `rdf_predicates`); an IRI object gives a relationship named by
 * the predicate's local name. An rdf:Statement resource with rdf:subject, rdf:predicate
 * and rdf:object is that relationship with properties (and stands in for the plain
 * statement it describes); the named graphs a relationship is stated in become its
 * `sources`. An ill-typed literal ("x"^^xsd:integer) is legal RDF and stays a string.
 */
#include "loader/formats.h"

#include <errno.h>
#include <math.h>
#include <serd/serd.h>
#include <stdio.h>
#include <string.h>

#include "common/temporal.h"
#include "loader/loader-private.h"
#include "loader/rdf-vocab.h"

typedef enum
{
  TERM_IRI,
  TERM_BLANK,
  TERM_LITERAL,
} TermKind;

typedef struct
{
  char *g; /* graph IRI or NULL for the default graph */
  char *s; /* subject: an IRI, or "_:label" */
  char *p;
  char *o;
  char *dt;   /* literal datatype IRI, or NULL */
  char *lang; /* literal language tag, or NULL */
  TermKind o_kind;
} Quad;

static void
quad_clear (gpointer data)
{
  Quad *q = data;
  g_free (q->g);
  g_free (q->s);
  g_free (q->p);
  g_free (q->o);
  g_free (q->dt);
  g_free (q->lang);
}

typedef struct
{
  const char *name;
  SerdEnv *env;
  GArray *quads; /* Quad */
  GError *error; /* the first error serd reported */
} RdfRead;

/* --- Parsing -------------------------------------------------------------------- */

static SerdStatus
on_error (void *handle, const SerdError *e)
{
  RdfRead *rd = handle;
  if (rd->error != NULL)
    return SERD_SUCCESS;
  va_list args;
  va_copy (args, *e->args);
  g_autofree char *msg = g_strdup_vprintf (e->fmt, args);
  va_end (args);
  g_strchomp (msg);
  g_set_error (&rd->error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE, "%s:%u:%u: %s", rd->name, e->line, e->col, msg);
  return SERD_SUCCESS;
}

static SerdStatus
on_base (void *handle, const SerdNode *uri)
{
  RdfRead *rd = handle;
  return serd_env_set_base_uri (rd->env, uri);
}

static SerdStatus
on_prefix (void *handle, const SerdNode *name, const SerdNode *uri)
{
  RdfRead *rd = handle;
  return serd_env_set_prefix (rd->env, name, uri);
}

/* The text of an IRI (expanded), blank node ("_:label") or literal. */
static char *
term_text (RdfRead *rd, const SerdNode *n)
{
  if (n->type == SERD_BLANK)
    {
      /* serd names anonymous nodes ([ ... ]) b1, b2, ... and renames a file's own b1 to
       * B1 to keep them apart; the made-up ones become anon1, ... so that reading the
       * file kgq writes back gives the same labels again. */
      const char *label = (const char *) n->buf;
      if (label[0] == 'b' && label[1] != '\0' && strspn (label + 1, "0123456789") == strlen (label + 1))
        return g_strdup_printf ("_:anon%s", label + 1);
      return g_strdup_printf ("_:%s", label);
    }
  if (n->type == SERD_URI || n->type == SERD_CURIE)
    {
      SerdNode full = serd_env_expand_node (rd->env, n);
      if (full.buf != NULL)
        {
          char *s = g_strdup ((const char *) full.buf);
          serd_node_free (&full);
          return s;
        }
    }
  return g_strndup ((const char *) n->buf, n->n_bytes);
}

static SerdStatus
on_statement (void *handle,
              SerdStatementFlags flags,
              const SerdNode *graph,
              const SerdNode *subject,
              const SerdNode *predicate,
              const SerdNode *object,
              const SerdNode *datatype,
              const SerdNode *lang)
{
  RdfRead *rd = handle;
  Quad q = { 0 };
  q.g = graph != NULL && graph->buf != NULL ? term_text (rd, graph) : NULL;
  q.s = term_text (rd, subject);
  q.p = term_text (rd, predicate);
  q.o = term_text (rd, object);
  q.o_kind = object->type == SERD_LITERAL ? TERM_LITERAL : object->type == SERD_BLANK ? TERM_BLANK
                                                                                      : TERM_IRI;
  q.dt = datatype != NULL && datatype->buf != NULL ? term_text (rd, datatype) : NULL;
  q.lang = lang != NULL && lang->buf != NULL ? g_strdup ((const char *) lang->buf) : NULL;
  g_array_append_val (rd->quads, q);
  return SERD_SUCCESS;
}

/* --- Literals ------------------------------------------------------------------- */

/* Whether the time part of @text (after a 'T' when @has_date) carries an offset. */
static gboolean
has_offset (const char *text, gboolean has_date)
{
  const char *t = has_date ? strchr (text, 'T') : text;
  return t != NULL && strpbrk (t, "Z+-") != NULL;
}

gboolean
kg_rdf_typed_value (const char *lex, const char *dt, KgValue *out)
{
  if (!g_str_has_prefix (dt, KG_XSD) && !g_str_has_prefix (dt, KG_RDF_TYPE))
    return FALSE;
  gboolean xsd = g_str_has_prefix (dt, KG_XSD);
  const char *t = dt + (xsd ? strlen (KG_XSD) : strlen (KG_RDF_TYPE));
  static const char *const ints[] = { "integer", "long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                      "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
                                      "unsignedShort", "unsignedByte", NULL };
  if (xsd && g_strv_contains (ints, t))
    {
      gint64 v;
      const char *s = lex[0] == '+' ? lex + 1 : lex;
      if (!g_ascii_string_to_signed (s, 10, G_MININT64, G_MAXINT64, &v, NULL))
        return FALSE;
      *out = kg_value_int (v);
      return TRUE;
    }
  if (xsd && (strcmp (t, "double") == 0 || strcmp (t, "float") == 0 || strcmp (t, "decimal") == 0))
    {
      char *end;
      double v;
      if (strcmp (lex, "INF") == 0 || strcmp (lex, "+INF") == 0)
        v = INFINITY;
      else if (strcmp (lex, "-INF") == 0)
        v = -INFINITY;
      else if (strcmp (lex, "NaN") == 0)
        v = NAN;
      else
        {
          v = g_ascii_strtod (lex, &end);
          if (end == lex || *end != '\0' || !isfinite (v) || g_ascii_isalpha (lex[lex[0] == '-' || lex[0] == '+'])) /* no "inf", "nan" */
            return FALSE;
        }
      *out = kg_value_float (v);
      return TRUE;
    }
  if (xsd && strcmp (t, "boolean") == 0)
    {
      if (strcmp (lex, "true") != 0 && strcmp (lex, "1") != 0 && strcmp (lex, "false") != 0 && strcmp (lex, "0") != 0)
        return FALSE;
      *out = kg_value_bool (lex[0] == 't' || lex[0] == '1');
      return TRUE;
    }
  if (xsd && strcmp (t, "string") == 0)
    {
      *out = kg_value_string (lex);
      return TRUE;
    }
  /* Dates, times and durations in every form the Cypher functions take (common/temporal.h). */
  gint32 days;
  if (xsd && strcmp (t, "date") == 0)
    {
      if (!kg_date_parse (lex, &days))
        return FALSE;
      *out = kg_value_date (days);
      return TRUE;
    }
  if (xsd && strcmp (t, "time") == 0)
    return kg_temporal_parse (has_offset (lex, FALSE) ? KG_VALUE_TIME : KG_VALUE_LOCALTIME, lex, out);
  if (xsd && strcmp (t, "dateTime") == 0)
    return kg_temporal_parse (has_offset (lex, TRUE) ? KG_VALUE_DATETIME : KG_VALUE_LOCALDATETIME, lex, out);
  if (!xsd && strcmp (t, "DateTime") == 0)
    return strchr (lex, '[') != NULL && kg_temporal_parse (KG_VALUE_DATETIME, lex, out);
  if ((xsd && strcmp (t, "duration") == 0) || (!xsd && strcmp (t, "Duration") == 0))
    return kg_temporal_parse (KG_VALUE_DURATION, lex, out);
  if (!xsd && strcmp (t, "json") == 0)
    {
      /* Lists and maps RDF cannot spell, in the value encoding of JSON Lines. */
      g_autofree char *reason = NULL;
      return kg_jsonl_value_parse (lex, strlen (lex), out, &reason);
    }
  return FALSE;
}

static KgValue
literal_value (const Quad *q)
{
  KgValue v = KG_VALUE_INIT;
  if (q->dt != NULL && kg_rdf_typed_value (q->o, q->dt, &v))
    return v;
  return kg_value_string (q->o);
}

/* --- Mapping -------------------------------------------------------------------- */

typedef struct
{
  char *iri;          /* NULL for urn:kgq:node: names */
  GPtrArray *labels;  /* char *, owned */
  GPtrArray *keys;    /* char *, owned, in first-seen order */
  GHashTable *values; /* key -> GPtrArray of KgValue * */
  GPtrArray *types;   /* foreign class IRIs */
  GPtrArray *preds;   /* foreign predicate IRIs */
} MNode;

typedef struct
{
  guint src, dst;
  char *type;
  char *pred;         /* the predicate IRI when outside kgq's vocabulary */
  GPtrArray *keys;    /* as MNode */
  GHashTable *values; /* as MNode */
  GPtrArray *preds;   /* foreign predicate IRIs of properties */
  GPtrArray *graphs;  /* graph IRIs (borrowed from the quads), in first-seen order */
  const char *first_graph;
} MEdge;

/* A reification: the relationship a statement resource describes. */
typedef struct
{
  const char *s, *p, *o; /* borrowed from the quads */
  guint have;            /* bits: 1 subject, 2 predicate, 4 object */
  gint edge;             /* index into the edges once created, else -1 */
} Reif;

static void
value_ptr_free (gpointer p)
{
  KgValue *v = p;
  kg_value_clear (v);
  g_free (v);
}

static GHashTable *
values_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}

static void
mnode_clear (gpointer data)
{
  MNode *n = data;
  g_free (n->iri);
  g_ptr_array_unref (n->labels);
  g_ptr_array_unref (n->keys);
  g_hash_table_unref (n->values);
  g_ptr_array_unref (n->types);
  g_ptr_array_unref (n->preds);
}

static void
medge_clear (gpointer data)
{
  MEdge *e = data;
  g_free (e->type);
  g_free (e->pred);
  g_ptr_array_unref (e->keys);
  g_hash_table_unref (e->values);
  g_ptr_array_unref (e->preds);
  g_ptr_array_unref (e->graphs);
}

typedef struct
{
  GArray *nodes;        /* MNode */
  GArray *edges;        /* MEdge */
  GHashTable *node_of;  /* term text -> index + 1 */
  GHashTable *reifs;    /* statement resource text -> Reif * */
  GHashTable *reified;  /* "s\1p\1o" of complete reifications -> NULL */
  GHashTable *plain_of; /* "s\1p\1o" -> edge index + 1 of an unreified relationship */
} Mapping;

static gboolean
str_in (GPtrArray *a, const char *s)
{
  for (guint i = 0; i < a->len; i++)
    if (strcmp (g_ptr_array_index (a, i), s) == 0)
      return TRUE;
  return FALSE;
}

static void
add_unique (GPtrArray *a, const char *s)
{
  if (!str_in (a, s))
    g_ptr_array_add (a, g_strdup (s));
}

static guint
node_for (Mapping *m, const char *term)
{
  gpointer idx = g_hash_table_lookup (m->node_of, term);
  if (idx != NULL)
    return GPOINTER_TO_UINT (idx) - 1;
  MNode n = { 0 };
  n.iri = g_str_has_prefix (term, KG_RDF_NODE) ? NULL : g_strdup (term);
  n.labels = g_ptr_array_new_with_free_func (g_free);
  n.keys = g_ptr_array_new_with_free_func (g_free);
  n.values = values_new ();
  n.types = g_ptr_array_new_with_free_func (g_free);
  n.preds = g_ptr_array_new_with_free_func (g_free);
  g_array_append_val (m->nodes, n);
  g_hash_table_insert (m->node_of, g_strdup (term), GUINT_TO_POINTER (m->nodes->len));
  return m->nodes->len - 1;
}

static guint
edge_new (Mapping *m, const char *s, const char *p, const char *o)
{
  MEdge e = { 0 };
  e.src = node_for (m, s);
  e.dst = node_for (m, o);
  e.type = kg_rdf_local_name (p);
  e.pred = kg_rdf_in_vocab (p) ? NULL : g_strdup (p);
  e.keys = g_ptr_array_new_with_free_func (g_free);
  e.values = values_new ();
  e.preds = g_ptr_array_new_with_free_func (g_free);
  e.graphs = g_ptr_array_new ();
  g_array_append_val (m->edges, e);
  return m->edges->len - 1;
}

/* Adds a literal @q to the properties (@keys, @values, @preds) of a node or relationship. */
static void
add_literal (GPtrArray *keys, GHashTable *values, GPtrArray *preds, const Quad *q)
{
  g_autofree char *local = kg_rdf_local_name (q->p);
  char *key = q->lang != NULL ? g_strdup_printf ("%s@%s", local, q->lang) : g_strdup (local);
  GPtrArray *vals = g_hash_table_lookup (values, key);
  if (vals == NULL)
    {
      vals = g_ptr_array_new_with_free_func (value_ptr_free);
      g_ptr_array_add (keys, g_strdup (key));
      g_hash_table_insert (values, key, vals);
    }
  else
    g_free (key);
  KgValue *v = g_new (KgValue, 1);
  *v = literal_value (q);
  g_ptr_array_add (vals, v);
  if (!kg_rdf_in_vocab (q->p))
    add_unique (preds, q->p);
}

static void
add_graph (MEdge *e, const char *g)
{
  if (g == NULL)
    return;
  for (guint i = 0; i < e->graphs->len; i++)
    if (strcmp (g_ptr_array_index (e->graphs, i), g) == 0)
      return;
  g_ptr_array_add (e->graphs, (gpointer) g);
}

static char *
spo (const char *s, const char *p, const char *o)
{
  return g_strconcat (s, "\1", p, "\1", o, NULL);
}

/* Finds the statement resources: subjects with rdf:subject, rdf:predicate (an IRI) and
 * rdf:object (not a literal). */
static void
find_reifications (Mapping *m, GArray *quads)
{
  for (guint i = 0; i < quads->len; i++)
    {
      const Quad *q = &g_array_index (quads, Quad, i);
      guint bit = strcmp (q->p, KG_RDF "subject") == 0 ? 1 : strcmp (q->p, KG_RDF "predicate") == 0 ? 2
                                                         : strcmp (q->p, KG_RDF "object") == 0      ? 4
                                                                                                    : 0;
      if (bit == 0 || q->o_kind == TERM_LITERAL || (bit == 2 && q->o_kind != TERM_IRI))
        continue;
      Reif *r = g_hash_table_lookup (m->reifs, q->s);
      if (r == NULL)
        {
          r = g_new0 (Reif, 1);
          r->edge = -1;
          g_hash_table_insert (m->reifs, g_strdup (q->s), r);
        }
      if (r->have & bit)
        continue; /* the first one counts */
      r->have |= bit;
      if (bit == 1)
        r->s = q->o;
      else if (bit == 2)
        r->p = q->o;
      else
        r->o = q->o;
    }
  GHashTableIter it;
  gpointer key, val;
  g_hash_table_iter_init (&it, m->reifs);
  while (g_hash_table_iter_next (&it, &key, &val))
    {
      Reif *r = val;
      if (r->have != 7)
        g_hash_table_iter_remove (&it);
      else
        g_hash_table_add (m->reified, spo (r->s, r->p, r->o));
    }
}

/* Maps one statement, in file order. */
static void
map_quad (Mapping *m, const Quad *q)
{
  Reif *r = g_hash_table_lookup (m->reifs, q->s);
  if (r != NULL)
    {
      if (r->edge < 0)
        {
          r->edge = (gint) edge_new (m, r->s, r->p, r->o);
          g_array_index (m->edges, MEdge, r->edge).first_graph = q->g;
        }
      MEdge *e = &g_array_index (m->edges, MEdge, r->edge);
      add_graph (e, q->g);
      gboolean own = strcmp (q->p, KG_RDF "subject") == 0 || strcmp (q->p, KG_RDF "predicate") == 0 || strcmp (q->p, KG_RDF "object") == 0 || (strcmp (q->p, KG_RDF "type") == 0 && strcmp (q->o, KG_RDF "Statement") == 0);
      /* The same properties are written in each of the relationship's graphs: read one. */
      if (!own && g_strcmp0 (q->g, e->first_graph) == 0)
        add_literal (e->keys, e->values, e->preds, q);
      return;
    }

  guint s = node_for (m, q->s);
  if (q->o_kind == TERM_LITERAL)
    {
      MNode *n = &g_array_index (m->nodes, MNode, s);
      add_literal (n->keys, n->values, n->preds, q);
      return;
    }
  if (strcmp (q->p, KG_RDF "type") == 0)
    {
      MNode *n = &g_array_index (m->nodes, MNode, s);
      if (strcmp (q->o, KG_RDFS "Resource") == 0)
        return;
      g_autofree char *label = kg_rdf_local_name (q->o);
      add_unique (n->labels, label);
      if (!kg_rdf_in_vocab (q->o))
        add_unique (n->types, q->o);
      return;
    }
  node_for (m, q->o);
  g_autofree char *key = spo (q->s, q->p, q->o);
  if (g_hash_table_contains (m->reified, key))
    return; /* its rdf:Statement makes the relationship */
  gpointer idx = g_hash_table_lookup (m->plain_of, key);
  if (idx == NULL)
    {
      guint e = edge_new (m, q->s, q->p, q->o);
      idx = GUINT_TO_POINTER (e + 1);
      g_hash_table_insert (m->plain_of, g_steal_pointer (&key), idx);
    }
  add_graph (&g_array_index (m->edges, MEdge, GPOINTER_TO_UINT (idx) - 1), q->g);
}

/* The source a named graph stands for: the `id` of the node it names, else what follows
 * urn:kgq:source:, else the graph's IRI. */
static KgValue
graph_source (Mapping *m, const char *g)
{
  gpointer idx = g_hash_table_lookup (m->node_of, g);
  if (idx != NULL)
    {
      MNode *n = &g_array_index (m->nodes, MNode, GPOINTER_TO_UINT (idx) - 1);
      GPtrArray *ids = g_hash_table_lookup (n->values, "id");
      if (ids != NULL && ids->len == 1 && ((KgValue *) ids->pdata[0])->type == KG_VALUE_STRING)
        return kg_value_string (((KgValue *) ids->pdata[0])->u.s);
    }
  if (g_str_has_prefix (g, KG_RDF_SOURCE))
    {
      g_autofree char *s = kg_rdf_local_name (g);
      return kg_value_string (s);
    }
  return kg_value_string (g);
}

static int
cmp_strv (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* @a as a LIST of strings; @sorted for sets (predicates), else in @a's order. */
static KgValue
string_list (GPtrArray *a, gboolean sorted)
{
  if (sorted)
    g_ptr_array_sort (a, cmp_strv);
  KgList *l = kg_list_new (a->len);
  for (guint i = 0; i < a->len; i++)
    {
      KgValue v = kg_value_string (g_ptr_array_index (a, i));
      kg_list_append (l, &v);
    }
  return kg_value_list (l);
}

typedef void (*SetProp) (KgGraph *g, guint32 id, KgSymbol key, const KgValue *v);

static void
set_node_prop (KgGraph *g, guint32 id, KgSymbol key, const KgValue *v)
{
  kg_graph_node_set_prop (g, id, key, v);
}

static void
set_edge_prop (KgGraph *g, guint32 id, KgSymbol key, const KgValue *v)
{
  kg_graph_edge_set_prop (g, id, key, v);
}

static void
put (KgGraph *graph, SetProp set, guint32 id, const char *key, KgValue v)
{
  set (graph, id, kg_graph_intern (graph, KG_SYM_KEY, key), &v);
  kg_value_clear (&v);
}

/* Writes the collected properties: one value as itself, several as a list. */
static void
put_values (KgGraph *graph, SetProp set, guint32 id, GPtrArray *keys, GHashTable *values)
{
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      GPtrArray *vals = g_hash_table_lookup (values, key);
      KgValue v = KG_VALUE_INIT;
      if (vals->len == 1)
        kg_value_copy (vals->pdata[0], &v);
      else
        {
          KgList *l = kg_list_new (vals->len);
          for (guint j = 0; j < vals->len; j++)
            {
              KgValue item;
              kg_value_copy (vals->pdata[j], &item);
              kg_list_append (l, &item);
            }
          v = kg_value_list (l);
        }
      put (graph, set, id, key, v);
    }
}

static void
write_graph (Mapping *m, KgGraph *graph, KgImportStats *stats)
{
  guint n_nodes = m->nodes->len, n_edges = m->edges->len;
  g_autofree KgNodeId *ids = g_new (KgNodeId, MAX (n_nodes, 1));
  kg_graph_reserve (graph, n_nodes, n_edges);
  kg_graph_bulk_begin (graph);
  for (guint i = 0; i < n_nodes; i++)
    {
      MNode *n = &g_array_index (m->nodes, MNode, i);
      ids[i] = kg_graph_add_node (graph);
      for (guint j = 0; j < n->labels->len; j++)
        kg_graph_node_add_label (graph, ids[i], kg_graph_intern (graph, KG_SYM_LABEL, g_ptr_array_index (n->labels, j)));
      if (n->iri != NULL)
        put (graph, set_node_prop, ids[i], "uri", kg_value_string (n->iri));
      put_values (graph, set_node_prop, ids[i], n->keys, n->values);
      if (n->types->len > 0)
        put (graph, set_node_prop, ids[i], "rdf_types", string_list (n->types, FALSE));
      if (n->preds->len > 0)
        put (graph, set_node_prop, ids[i], "rdf_predicates", string_list (n->preds, TRUE));
    }
  for (guint i = 0; i < n_edges; i++)
    {
      MEdge *e = &g_array_index (m->edges, MEdge, i);
      KgEdgeId id = kg_graph_add_edge (graph, ids[e->src], ids[e->dst], kg_graph_intern (graph, KG_SYM_TYPE, e->type));
      if (e->pred != NULL)
        put (graph, set_edge_prop, id, "uri", kg_value_string (e->pred));
      put_values (graph, set_edge_prop, id, e->keys, e->values);
      if (e->preds->len > 0)
        put (graph, set_edge_prop, id, "rdf_predicates", string_list (e->preds, TRUE));
      if (e->graphs->len > 0)
        {
          KgList *l = kg_list_new (e->graphs->len);
          for (guint j = 0; j < e->graphs->len; j++)
            {
              KgValue v = graph_source (m, g_ptr_array_index (e->graphs, j));
              kg_list_append (l, &v);
            }
          put (graph, set_edge_prop, id, "sources", kg_value_list (l));
        }
    }
  kg_graph_bulk_end (graph);
  if (stats != NULL)
    {
      stats->nodes = n_nodes;
      stats->relationships = n_edges;
    }
}

static void
map_and_write (GArray *quads, KgGraph *graph, KgImportStats *stats)
{
  Mapping m = { 0 };
  m.nodes = g_array_new (FALSE, FALSE, sizeof (MNode));
  g_array_set_clear_func (m.nodes, mnode_clear);
  m.edges = g_array_new (FALSE, FALSE, sizeof (MEdge));
  g_array_set_clear_func (m.edges, medge_clear);
  m.node_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.reifs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  m.reified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.plain_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  find_reifications (&m, quads);
  for (guint i = 0; i < quads->len; i++)
    map_quad (&m, &g_array_index (quads, Quad, i));
  write_graph (&m, graph, stats);
  g_hash_table_unref (m.plain_of);
  g_hash_table_unref (m.reified);
  g_hash_table_unref (m.reifs);
  g_hash_table_unref (m.node_of);
  g_array_unref (m.edges);
  g_array_unref (m.nodes);
}

/* --- Entry points --------------------------------------------------------------- */

static const SerdSyntax serd_syntax[] = {
  [KG_RDF_NTRIPLES] = SERD_NTRIPLES,
  [KG_RDF_NQUADS] = SERD_NQUADS,
  [KG_RDF_TURTLE] = SERD_TURTLE,
  [KG_RDF_TRIG] = SERD_TRIG,
};

/* Parses @fp or @text (one of them) completely, then maps and writes it. */
static gboolean
load (KgGraph *graph, const char *name, FILE *fp, const char *text, KgRdfSyntax syntax, KgImportStats *stats, GError **error)
{
  RdfRead rd = { 0 };
  rd.name = name;
  rd.quads = g_array_new (FALSE, FALSE, sizeof (Quad));
  g_array_set_clear_func (rd.quads, quad_clear);
  /* Relative IRIs resolve against the file itself, as RDF readers do. */
  SerdNode base = SERD_NODE_NULL;
  if (fp != NULL && g_path_is_absolute (name))
    base = serd_node_new_file_uri ((const uint8_t *) name, NULL, NULL, true);
  rd.env = serd_env_new (base.buf != NULL ? &base : NULL);
  SerdReader *reader = serd_reader_new (serd_syntax[syntax], &rd, NULL, on_base, on_prefix, on_statement, NULL);
  serd_reader_set_strict (reader, true);
  serd_reader_set_error_sink (reader, on_error, &rd);
  SerdStatus st = fp != NULL ? serd_reader_read_file_handle (reader, fp, (const uint8_t *) name)
                             : serd_reader_read_string (reader, (const uint8_t *) text);
  serd_reader_free (reader);
  serd_env_free (rd.env);
  serd_node_free (&base);
  gboolean ok = rd.error == NULL && st <= SERD_FAILURE;
  if (ok)
    map_and_write (rd.quads, graph, stats);
  else if (rd.error != NULL)
    g_propagate_error (error, rd.error);
  else
    g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE, "%s:0:0: %s", name, (const char *) serd_strerror (st));
  g_array_unref (rd.quads);
  return ok;
}

gboolean
kg_import_rdf_data (KgGraph *graph, const char *name, const char *data, gsize len, KgRdfSyntax syntax, KgImportStats *stats, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail ((guint) syntax < G_N_ELEMENTS (serd_syntax), FALSE);
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_PARSE, "%s:0:0: NUL byte in RDF text", name);
      return FALSE;
    }
  g_autofree char *text = g_strndup (data, len);
  return load (graph, name != NULL ? name : "<data>", NULL, text, syntax, stats, error);
}

gboolean
kg_import_rdf (KgGraph *graph, const char *path, KgRdfSyntax syntax, KgImportStats *stats, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail ((guint) syntax < G_N_ELEMENTS (serd_syntax), FALSE);
  FILE *fp = fopen (path, "rb");
  if (fp == NULL)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", path, g_strerror (err));
      return FALSE;
    }
  gboolean ok = load (graph, path, fp, NULL, syntax, stats, error);
  fclose (fp);
  return ok;
}

gboolean
kg_rdf_syntax_parse (const char *name, KgRdfSyntax *syntax)
{
  static const struct
  {
    const char *name;
    KgRdfSyntax syntax;
  } names[] = {
    { "ntriples", KG_RDF_NTRIPLES },
    { "nt", KG_RDF_NTRIPLES },
    { "nquads", KG_RDF_NQUADS },
    { "nq", KG_RDF_NQUADS },
    { "turtle", KG_RDF_TURTLE },
    { "ttl", KG_RDF_TURTLE },
    { "trig", KG_RDF_TRIG },
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i].name) == 0)
      {
        *syntax = names[i].syntax;
        return TRUE;
      }
  return FALSE;
}

KgRdfSyntax
kg_rdf_syntax_for_path (const char *path)
{
  const char *dot = strrchr (path, '.');
  KgRdfSyntax s = KG_RDF_NQUADS;
  if (dot != NULL && kg_rdf_syntax_parse (dot + 1, &s))
    return s;
  return KG_RDF_NQUADS;
}
