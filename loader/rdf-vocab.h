/* loader/rdf-vocab.h — the names of kgq's RDF mapping, shared by the RDF reader
 * (loader/rdf.c) and writer (export/rdf.c): the namespaces kgq writes and recognises,
 * and how a label, type or key becomes an IRI and back (docs/formats.md).
 *
 * Pure string functions; nothing here reads or writes RDF.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KgRdfSyntax:
 * @KG_RDF_NTRIPLES: N-Triples (one triple a line)
 * @KG_RDF_NQUADS: N-Quads (one triple or quad a line; named graphs)
 * @KG_RDF_TURTLE: Turtle (prefixes, abbreviations)
 * @KG_RDF_TRIG: TriG (Turtle with named graphs)
 */
typedef enum
{
  KG_RDF_NTRIPLES,
  KG_RDF_NQUADS,
  KG_RDF_TURTLE,
  KG_RDF_TRIG,
} KgRdfSyntax;

#define KG_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define KG_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define KG_XSD "http://www.w3.org/2001/XMLSchema#"

/* Labels, relationship types and property keys with no IRI of their own. */
#define KG_RDF_VOCAB "urn:kgq:vocab:"
/* kgq's datatypes for values XSD cannot hold exactly (DateTime, Duration, json). */
#define KG_RDF_TYPE "urn:kgq:type:"
/* Nodes without a usable `uri` (urn:kgq:node:ID). */
#define KG_RDF_NODE "urn:kgq:node:"
/* The rdf:Statement resource of a reified relationship (urn:kgq:rel:ID). */
#define KG_RDF_REL "urn:kgq:rel:"
/* Named graphs of sources that name no node's `id`. */
#define KG_RDF_SOURCE "urn:kgq:source:"

/**
 * kg_rdf_vocab_iri:
 * @ns: one of kgq's namespaces
 * @name: a label, type, key or source
 * Returns: (transfer full): @ns followed by @name, percent-encoding every ASCII byte but
 *   letters, digits and `-._~` (UTF-8 beyond ASCII is kept, as IRIs allow).
 */
char *kg_rdf_vocab_iri (const char *ns, const char *name);

/**
 * kg_rdf_local_name:
 * Returns: (transfer full): the name @iri stands for: what follows one of kgq's
 *   namespaces, else what follows the last '#', '/' or ':' (the whole IRI when that is
 *   empty), percent-decoding undone.
 */
char *kg_rdf_local_name (const char *iri);

/**
 * kg_rdf_in_vocab:
 * Returns: whether @iri is in kgq's vocabulary (so its local name is all there is to it).
 */
gboolean kg_rdf_in_vocab (const char *iri);

/**
 * kg_rdf_split_lang:
 * @name: a property key, changed in place
 * Returns: (nullable): for `name@en-GB`, cuts @name at the '@' and returns "en-GB";
 *   NULL (and @name unchanged) when @name has no language tag suffix.
 */
const char *kg_rdf_split_lang (char *name);

G_END_DECLS
