/* export/rdf.c — the graph as RDF (N-Triples, N-Quads, Turtle, TriG) through serd, with
 * the mapping of docs/formats.md that loader/rdf.c reverses.
 *
 * A node is its `uri` property when that is an absolute IRI or a blank node label
 * (`_:b1`), else urn:kgq:node:ID. Labels are rdf:type statements and properties are
 * literal statements, both in kgq's vocabulary urn:kgq:vocab: unless the node's
 * `rdf_types` / `rdf_predicates` lists (what loader/rdf.c keeps of a foreign file) name
 * an IRI with the same local name. Values get XSD datatypes where XSD holds them exactly
 * and kgq's own (urn:kgq:type:...) where it does not; a list of two or more scalars is
 * one statement per item, as RDF writes several values. A relationship is a statement
 * (predicate: its type); when it has properties, or shares its ends and type with
 * another, it is also reified (an rdf:Statement resource urn:kgq:rel:ID carrying its
 * properties). In N-Quads and TriG, a relationship's `sources` are named graphs: each
 * statement about it is written once in the graph of each report that makes the claim
 * (the IRI of the node whose `id` is the source, else urn:kgq:source:SOURCE).
 *
 * Every node is written first, in id order, then every relationship, so that reading
 * the file back creates them in the same order. It reads the graph and writes to the
 * FILE it is given.
 */
#include "export/formats.h"

#include <math.h>
#include <serd/serd.h>
#include <string.h>

#include "common/print.h"
#include "export/export-private.h"
#include "loader/rdf-vocab.h"

typedef struct
{
  const KgGraph *g;
  SerdWriter *w;
  SerdEnv *env;
  gboolean quads;
  SerdStatus status;
  GHashTable *source_graph; /* source text -> graph IRI (owned) */
  GHashTable *spo_count;    /* "src type dst" -> how many relationships share it */
  KgSymbol k_uri, k_types, k_preds, k_sources, k_id;
} RdfOut;

/* --- Names ---------------------------------------------------------------------- */

/* Whether @s can be written as a node: an absolute IRI (a scheme, then ':') or "_:label". */
static gboolean
usable_uri (const KgValue *v)
{
  if (v == NULL || v->type != KG_VALUE_STRING)
    return FALSE;
  const char *s = v->u.s;
  if (g_str_has_prefix (s, "_:"))
    return s[2] != '\0' && strpbrk (s + 2, " \t\r\n<>\"{}|^`\\") == NULL;
  if (!g_ascii_isalpha (s[0]))
    return FALSE;
  const char *p = s + 1;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return *p == ':' && strpbrk (s, " \t\r\n<>\"{}|^`\\") == NULL;
}

/* The IRI a list property @list of foreign IRIs gives for @name, if any. */
static const char *
foreign_iri (const KgValue *list, const char *name)
{
  if (list == NULL || list->type != KG_VALUE_LIST)
    return NULL;
  for (guint i = 0; i < list->u.list->len; i++)
    {
      const KgValue *it = &list->u.list->items[i];
      if (it->type != KG_VALUE_STRING)
        continue;
      g_autofree char *local = kg_rdf_local_name (it->u.s);
      if (strcmp (local, name) == 0)
        return it->u.s;
    }
  return NULL;
}

/* The IRI of @name: from @foreign when it lists one, else in kgq's vocabulary. */
static char *
name_iri (const KgValue *foreign, const char *name)
{
  const char *iri = foreign_iri (foreign, name);
  return iri != NULL ? g_strdup (iri) : kg_rdf_vocab_iri (KG_RDF_VOCAB, name);
}

/* A node's IRI or blank node (the string is owned by @buf). */
static SerdNode
node_term (RdfOut *o, KgNodeId n, GString *buf)
{
  const KgValue *uri = o->k_uri != KG_NONE ? kg_graph_node_prop (o->g, n, o->k_uri) : NULL;
  if (usable_uri (uri) && g_str_has_prefix (uri->u.s, "_:"))
    {
      g_string_assign (buf, uri->u.s + 2);
      return serd_node_from_string (SERD_BLANK, (const uint8_t *) buf->str);
    }
  if (usable_uri (uri))
    g_string_assign (buf, uri->u.s);
  else
    g_string_printf (buf, "%s%u", KG_RDF_NODE, n);
  return serd_node_from_string (SERD_URI, (const uint8_t *) buf->str);
}

static SerdNode
uri_term (const char *s)
{
  return serd_node_from_string (SERD_URI, (const uint8_t *) s);
}

static void
emit (RdfOut *o, const SerdNode *graph, const SerdNode *s, const SerdNode *p, const SerdNode *obj, const SerdNode *dt, const SerdNode *lang)
{
  if (o->status != SERD_SUCCESS)
    return;
  o->status = serd_writer_write_statement (o->w, 0, o->quads ? graph : NULL, s, p, obj, dt, lang);
}

/* --- Literals ------------------------------------------------------------------- */

/* Appends hh:mm:ss[.fffffffff] for @nanos since midnight. */
static void
append_clock (GString *out, gint64 nanos)
{
  gint64 secs = nanos / 1000000000, frac = nanos % 1000000000;
  g_string_append_printf (out, "%02d:%02d:%02d", (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60));
  if (frac != 0)
    {
      char digits[16];
      g_snprintf (digits, sizeof digits, "%09" G_GINT64_FORMAT, frac);
      for (int i = 8; i > 0 && digits[i] == '0'; i--)
        digits[i] = '\0';
      g_string_append_printf (out, ".%s", digits);
    }
}

/* Appends a date in XSD form (four-digit years at least, '-' before years BCE). */
static gboolean
append_ymd (GString *out, gint64 days)
{
  if (days < G_MININT32 || days > G_MAXINT32)
    return FALSE;
  int y, m, d;
  kg_date_to_ymd ((gint32) days, &y, &m, &d);
  g_string_append_printf (out, "%s%04d-%02d-%02d", y < 0 ? "-" : "", ABS (y), m, d);
  return TRUE;
}

gboolean
kg_rdf_literal (const KgValue *v, GString *lex, const char **datatype)
{
  g_string_truncate (lex, 0);
  const KgTemporal *t = kg_value_type_is_temporal (v->type) ? v->u.t : NULL;
  switch (v->type)
    {
    case KG_VALUE_STRING:
      g_string_assign (lex, v->u.s);
      *datatype = NULL;
      return TRUE;
    case KG_VALUE_BOOL:
      g_string_assign (lex, v->u.b ? "true" : "false");
      *datatype = KG_XSD "boolean";
      return TRUE;
    case KG_VALUE_INT:
      g_string_printf (lex, "%" G_GINT64_FORMAT, v->u.i);
      *datatype = KG_XSD "integer";
      return TRUE;
    case KG_VALUE_FLOAT:
      if (isnan (v->u.f))
        g_string_assign (lex, "NaN");
      else if (isinf (v->u.f))
        g_string_assign (lex, v->u.f > 0 ? "INF" : "-INF");
      else
        kg_float_append (lex, v->u.f);
      *datatype = KG_XSD "double";
      return TRUE;
    case KG_VALUE_DATE:
      *datatype = KG_XSD "date";
      return append_ymd (lex, v->u.date);
    case KG_VALUE_LOCALTIME:
    case KG_VALUE_TIME:
      append_clock (lex, t->nanos);
      if (v->type == KG_VALUE_TIME)
        kg_offset_append (lex, t->offset);
      *datatype = KG_XSD "time";
      return TRUE;
    case KG_VALUE_LOCALDATETIME:
    case KG_VALUE_DATETIME:
      if (!append_ymd (lex, t->days))
        return FALSE;
      g_string_append_c (lex, 'T');
      append_clock (lex, t->nanos);
      *datatype = KG_XSD "dateTime";
      if (v->type == KG_VALUE_DATETIME)
        kg_offset_append (lex, t->offset);
      if (v->type == KG_VALUE_DATETIME && t->zone != NULL)
        {
          /* XSD has offsets only; a zone name needs kgq's own datatype. */
          g_string_append_printf (lex, "[%s]", t->zone);
          *datatype = KG_RDF_TYPE "DateTime";
        }
      return TRUE;
    case KG_VALUE_DURATION:
      {
        /* Months, days and seconds apart, each with its sign: exact, and XSD when none is negative. */
        gboolean neg = t->months < 0 || t->days < 0 || t->seconds < 0;
        gint64 secs = t->seconds;
        g_string_printf (lex, "P%" G_GINT64_FORMAT "M%" G_GINT64_FORMAT "DT", t->months, t->days);
        if (secs < 0 && t->nanos > 0)
          g_string_append_printf (lex, "-%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT "S", -(secs + 1), 1000000000 - t->nanos);
        else
          g_string_append_printf (lex, "%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT "S", secs, t->nanos);
        *datatype = neg ? KG_RDF_TYPE "Duration" : KG_XSD "duration";
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* Writes @subject @pred @v in @graph: a scalar as one literal, a list of two or more
 * scalars as one literal each, anything else as kgq's JSON datatype. A key
 * `name@lang` with a string value is a language-tagged literal of `name`. */
static void
emit_value (RdfOut *o, const SerdNode *graph, const SerdNode *subject, const char *pred, const char *lang, const KgValue *v)
{
  g_autoptr (GString) lex = g_string_new (NULL);
  const char *dt = NULL;
  SerdNode p = uri_term (pred);
  gboolean many = v->type == KG_VALUE_LIST && v->u.list->len >= 2;
  for (guint i = 0; many && i < v->u.list->len; i++)
    many = kg_rdf_literal (&v->u.list->items[i], lex, &dt) && (lang == NULL || v->u.list->items[i].type == KG_VALUE_STRING);
  guint n = many ? v->u.list->len : 1;
  for (guint i = 0; i < n; i++)
    {
      const KgValue *item = many ? &v->u.list->items[i] : v;
      SerdNode dtn = SERD_NODE_NULL, ln = SERD_NODE_NULL;
      if (lang != NULL && item->type == KG_VALUE_STRING)
        {
          g_string_assign (lex, item->u.s);
          ln = serd_node_from_string (SERD_LITERAL, (const uint8_t *) lang);
        }
      else if (!kg_rdf_literal (item, lex, &dt))
        {
          g_string_truncate (lex, 0);
          kg_export_json_value (lex, item);
          dt = KG_RDF_TYPE "json";
        }
      if (dt != NULL && ln.buf == NULL)
        dtn = uri_term (dt);
      SerdNode obj = serd_node_from_string (SERD_LITERAL, (const uint8_t *) lex->str);
      emit (o, graph, subject, &p, &obj, dtn.buf != NULL ? &dtn : NULL, ln.buf != NULL ? &ln : NULL);
    }
}

/* Writes the properties of a node or relationship about @subject, leaving out the keys
 * the mapping itself uses (the @n_skip keys of @skip; KG_NONE entries match nothing). */
static void
emit_props (RdfOut *o, const SerdNode *graph, const SerdNode *subject, guint32 id, gboolean is_node, const KgSymbol *skip, guint n_skip)
{
  guint n = 0;
  g_autofree KgExportProp *props = kg_export_sorted_props (o->g, id, is_node, &n);
  const KgValue *foreign = o->k_preds == KG_NONE ? NULL : is_node ? kg_graph_node_prop (o->g, id, o->k_preds)
                                                                  : kg_graph_edge_prop (o->g, id, o->k_preds);
  for (guint i = 0; i < n; i++)
    {
      KgSymbol key = kg_graph_lookup (o->g, KG_SYM_KEY, props[i].name);
      gboolean skipped = FALSE;
      for (guint j = 0; j < n_skip; j++)
        skipped |= skip[j] != KG_NONE && skip[j] == key;
      if (skipped)
        continue;
      /* `name@lang` is a language-tagged literal of `name` when its values are strings. */
      g_autofree char *name = g_strdup (props[i].name);
      const KgValue *v = props[i].value;
      const char *lang = v->type == KG_VALUE_STRING || v->type == KG_VALUE_LIST ? kg_rdf_split_lang (name) : NULL;
      gboolean strings = v->type == KG_VALUE_STRING || (v->type == KG_VALUE_LIST && v->u.list->len >= 2);
      for (guint j = 0; lang != NULL && v->type == KG_VALUE_LIST && j < v->u.list->len; j++)
        strings &= v->u.list->items[j].type == KG_VALUE_STRING;
      if (lang != NULL && !strings)
        {
          g_free (name);
          name = g_strdup (props[i].name);
          lang = NULL;
        }
      g_autofree char *pred = name_iri (foreign, name);
      emit_value (o, graph, subject, pred, lang, props[i].value);
    }
}

/* --- Nodes and relationships ---------------------------------------------------- */

static void
emit_node (RdfOut *o, KgNodeId n)
{
  g_autoptr (GString) sbuf = g_string_new (NULL);
  SerdNode s = node_term (o, n, sbuf);
  SerdNode type = uri_term (KG_RDF "type");
  guint n_labels = 0;
  const KgSymbol *labels = kg_graph_node_labels (o->g, n, &n_labels);
  const KgValue *foreign = o->k_types != KG_NONE ? kg_graph_node_prop (o->g, n, o->k_types) : NULL;
  for (guint i = 0; i < n_labels; i++)
    {
      g_autofree char *iri = name_iri (foreign, kg_graph_symbol_name (o->g, KG_SYM_LABEL, labels[i]));
      SerdNode cls = uri_term (iri);
      emit (o, NULL, &s, &type, &cls, NULL, NULL);
    }
  if (n_labels == 0)
    {
      /* Every node gets a statement, so that reading back creates it in its place. */
      SerdNode res = uri_term (KG_RDFS "Resource");
      emit (o, NULL, &s, &type, &res, NULL, NULL);
    }
  /* `uri` is the node itself only when it is usable as one; else it is a property. */
  gboolean uri_used = usable_uri (o->k_uri != KG_NONE ? kg_graph_node_prop (o->g, n, o->k_uri) : NULL);
  const KgSymbol skip[] = { o->k_types, o->k_preds, uri_used ? o->k_uri : KG_NONE };
  emit_props (o, NULL, &s, n, TRUE, skip, G_N_ELEMENTS (skip));
}

static char *
spo_key (const KgGraph *g, KgEdgeId e)
{
  return g_strdup_printf ("%u %u %u", kg_graph_edge_src (g, e), kg_graph_edge_type (g, e), kg_graph_edge_dst (g, e));
}

/* The named graphs of @e: one per source when @e's `sources` is a non-empty list of
 * strings and the syntax has graphs; else just the default graph (NULL). */
static GPtrArray *
edge_graphs (RdfOut *o, KgEdgeId e, gboolean *as_graphs)
{
  GPtrArray *graphs = g_ptr_array_new ();
  const KgValue *src = o->k_sources != KG_NONE ? kg_graph_edge_prop (o->g, e, o->k_sources) : NULL;
  *as_graphs = FALSE;
  if (o->quads && src != NULL)
    {
      const KgValue *items = src->type == KG_VALUE_LIST ? src->u.list->items : src;
      guint n = src->type == KG_VALUE_LIST ? src->u.list->len : 1;
      gboolean strings = n > 0;
      for (guint i = 0; i < n; i++)
        strings &= items[i].type == KG_VALUE_STRING;
      if (strings && src->type == KG_VALUE_LIST)
        {
          *as_graphs = TRUE;
          for (guint i = 0; i < n; i++)
            {
              const char *iri = g_hash_table_lookup (o->source_graph, items[i].u.s);
              if (iri == NULL)
                {
                  /* A source that is an IRI (a named graph read from RDF) names itself. */
                  char *made = usable_uri (&items[i]) && !g_str_has_prefix (items[i].u.s, "_:") ? g_strdup (items[i].u.s) : kg_rdf_vocab_iri (KG_RDF_SOURCE, items[i].u.s);
                  g_hash_table_insert (o->source_graph, g_strdup (items[i].u.s), made);
                  iri = made;
                }
              g_ptr_array_add (graphs, (gpointer) iri);
            }
        }
    }
  if (graphs->len == 0)
    g_ptr_array_add (graphs, NULL);
  return graphs;
}

static void
emit_edge (RdfOut *o, KgEdgeId e)
{
  g_autoptr (GString) sbuf = g_string_new (NULL), obuf = g_string_new (NULL);
  SerdNode s = node_term (o, kg_graph_edge_src (o->g, e), sbuf);
  SerdNode obj = node_term (o, kg_graph_edge_dst (o->g, e), obuf);
  const KgValue *uri = o->k_uri != KG_NONE ? kg_graph_edge_prop (o->g, e, o->k_uri) : NULL;
  const char *type = kg_graph_symbol_name (o->g, KG_SYM_TYPE, kg_graph_edge_type (o->g, e));
  g_autofree char *pred = NULL;
  if (usable_uri (uri) && !g_str_has_prefix (uri->u.s, "_:"))
    pred = g_strdup (uri->u.s);
  else
    pred = kg_rdf_vocab_iri (KG_RDF_VOCAB, type);
  gboolean uri_used = pred != NULL && uri != NULL && uri->type == KG_VALUE_STRING && strcmp (pred, uri->u.s) == 0;
  SerdNode p = uri_term (pred);

  gboolean as_graphs = FALSE;
  g_autoptr (GPtrArray) graphs = edge_graphs (o, e, &as_graphs);
  g_autofree char *key = spo_key (o->g, e);
  guint shared = GPOINTER_TO_UINT (g_hash_table_lookup (o->spo_count, key));
  const KgSymbol skip[] = { as_graphs ? o->k_sources : KG_NONE, uri_used ? o->k_uri : KG_NONE, o->k_preds };
  guint own = 0;
  for (guint i = 0; i < kg_graph_edge_n_props (o->g, e); i++)
    {
      KgSymbol k;
      kg_graph_edge_prop_at (o->g, e, i, &k);
      own += k != skip[0] && k != skip[1] && k != skip[2];
    }
  gboolean reify = own > 0 || shared > 1;

  g_autofree char *rel = g_strdup_printf ("%s%u", KG_RDF_REL, e);
  SerdNode r = uri_term (rel);
  SerdNode rdf_type = uri_term (KG_RDF "type"), stmt = uri_term (KG_RDF "Statement");
  SerdNode rs = uri_term (KG_RDF "subject"), rp = uri_term (KG_RDF "predicate"), ro = uri_term (KG_RDF "object");
  for (guint i = 0; i < graphs->len; i++)
    {
      g_autofree char *giri = g_strdup (g_ptr_array_index (graphs, i));
      SerdNode gn = giri != NULL ? uri_term (giri) : SERD_NODE_NULL;
      const SerdNode *gp = giri != NULL ? &gn : NULL;
      emit (o, gp, &s, &p, &obj, NULL, NULL);
      if (!reify)
        continue;
      emit (o, gp, &r, &rdf_type, &stmt, NULL, NULL);
      emit (o, gp, &r, &rs, &s, NULL, NULL);
      emit (o, gp, &r, &rp, &p, NULL, NULL);
      emit (o, gp, &r, &ro, &obj, NULL, NULL);
      emit_props (o, gp, &r, e, FALSE, skip, G_N_ELEMENTS (skip));
    }
}

/* --- Driver --------------------------------------------------------------------- */

/* Maps each string `id` to the IRI of the first node that has it, for named graphs. */
static void
index_sources (RdfOut *o)
{
  if (o->k_id == KG_NONE)
    return;
  g_autoptr (GString) buf = g_string_new (NULL);
  KgNodeIter it;
  KgNodeId n;
  kg_graph_nodes_init (o->g, KG_NONE, &it);
  while (kg_node_iter_next (&it, &n))
    {
      const KgValue *id = kg_graph_node_prop (o->g, n, o->k_id);
      if (id == NULL || id->type != KG_VALUE_STRING || g_hash_table_contains (o->source_graph, id->u.s))
        continue;
      SerdNode t = node_term (o, n, buf);
      if (t.type == SERD_URI)
        g_hash_table_insert (o->source_graph, g_strdup (id->u.s), g_strdup ((const char *) t.buf));
    }
}

static void
count_spo (RdfOut *o)
{
  KgEdgeIter it;
  KgEdgeId e;
  kg_graph_edges_init (o->g, KG_NONE, &it);
  while (kg_edge_iter_next (&it, &e))
    {
      char *key = spo_key (o->g, e);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (o->spo_count, key));
      g_hash_table_insert (o->spo_count, key, GUINT_TO_POINTER (n + 1));
    }
}

gboolean
kg_export_rdf (const KgGraph *graph, FILE *out, KgRdfSyntax syntax, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  static const SerdSyntax syntaxes[] = {
    [KG_RDF_NTRIPLES] = SERD_NTRIPLES,
    [KG_RDF_NQUADS] = SERD_NQUADS,
    [KG_RDF_TURTLE] = SERD_TURTLE,
    [KG_RDF_TRIG] = SERD_TRIG,
  };
  g_return_val_if_fail ((guint) syntax < G_N_ELEMENTS (syntaxes), FALSE);
  gboolean terse = syntax == KG_RDF_TURTLE || syntax == KG_RDF_TRIG;

  RdfOut o = { 0 };
  o.g = graph;
  o.quads = syntax == KG_RDF_NQUADS || syntax == KG_RDF_TRIG;
  o.k_uri = kg_graph_lookup (graph, KG_SYM_KEY, "uri");
  o.k_types = kg_graph_lookup (graph, KG_SYM_KEY, "rdf_types");
  o.k_preds = kg_graph_lookup (graph, KG_SYM_KEY, "rdf_predicates");
  o.k_sources = kg_graph_lookup (graph, KG_SYM_KEY, "sources");
  o.k_id = kg_graph_lookup (graph, KG_SYM_KEY, "id");
  o.source_graph = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  o.spo_count = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o.env = serd_env_new (NULL);
  o.w = serd_writer_new (syntaxes[syntax], terse ? SERD_STYLE_ABBREVIATED | SERD_STYLE_CURIED : 0, o.env, NULL, serd_file_sink, out);
  if (terse)
    {
      static const char *const prefixes[][2] = {
        { "rdf", KG_RDF },
        { "rdfs", KG_RDFS },
        { "xsd", KG_XSD },
        { "kgq", KG_RDF_VOCAB },
        { "kgqt", KG_RDF_TYPE },
      };
      for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
        {
          SerdNode name = serd_node_from_string (SERD_LITERAL, (const uint8_t *) prefixes[i][0]);
          SerdNode uri = uri_term (prefixes[i][1]);
          serd_env_set_prefix (o.env, &name, &uri);
          serd_writer_set_prefix (o.w, &name, &uri);
        }
    }
  index_sources (&o);
  count_spo (&o);

  KgNodeIter it;
  KgNodeId n;
  kg_graph_nodes_init (graph, KG_NONE, &it);
  while (o.status == SERD_SUCCESS && kg_node_iter_next (&it, &n))
    emit_node (&o, n);
  KgEdgeIter eit;
  KgEdgeId e;
  kg_graph_edges_init (graph, KG_NONE, &eit);
  while (o.status == SERD_SUCCESS && kg_edge_iter_next (&eit, &e))
    emit_edge (&o, e);
  if (o.status == SERD_SUCCESS)
    o.status = serd_writer_finish (o.w);
  SerdStatus status = o.status;
  serd_writer_free (o.w);
  serd_env_free (o.env);
  g_hash_table_unref (o.source_graph);
  g_hash_table_unref (o.spo_count);
  if (status != SERD_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write RDF: %s", (const char *) serd_strerror (status));
      return FALSE;
    }
  return kg_export_flush (out, error);
}
