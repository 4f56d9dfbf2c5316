/* export/export-private.h — helpers the writers of export/ share: properties in key
 * order and checked writes. Not for use outside export/.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "graph/graph.h"

G_BEGIN_DECLS

/* One property of a node or relationship; both pointers belong to the graph. */
typedef struct
{
  const char *name;
  const KgValue *value;
} KgExportProp;

/* Returns: (transfer container): the properties of @id in ascending order of key name
 * (stable output whatever order the keys were interned in); never NULL. */
KgExportProp *kg_export_sorted_props (const KgGraph *g, guint32 id, gboolean is_node, guint *n_props);

/* Writes @text to @out; FALSE with a G_FILE_ERROR when the write fails. */
gboolean kg_export_put (FILE *out, const GString *text, GError **error);

/* Flushes @out; FALSE with a G_FILE_ERROR when the data could not be written. */
gboolean kg_export_flush (FILE *out, GError **error);

/**
 * kg_export_markup_escape:
 * @controls: what becomes of bytes below 0x20: with KG_ESCAPE_WHITESPACE_REFS, \r \n \t
 *   turn into character references (XML parsers would normalise them away) and the
 *   rest pass; with KG_ESCAPE_DROP_CONTROLS all are left out (Graphviz labels)
 *
 * Appends @s with & < > " as entities: XML text and attribute values, HTML-like labels.
 */
typedef enum
{
  KG_ESCAPE_WHITESPACE_REFS,
  KG_ESCAPE_DROP_CONTROLS,
} KgEscapeControls;

void kg_export_markup_escape (GString *out, const char *s, KgEscapeControls controls);

/* Appends @v in the value encoding of export/jsonl.c (docs/formats.md): a list that
 * needs no type note as its bare JSON array, anything else as {"v":VALUE} or
 * {"v":VALUE,"kgq:types":NOTE}; kg_jsonl_value_parse() in loader/ reads it back
 * exactly. For values other formats cannot spell. */
void kg_export_json_value (GString *out, const KgValue *v);

/* The RDF lexical form (into @lex) and datatype IRI (NULL: a plain string) of a scalar
 * @v, as export/rdf.c writes it (docs/formats.md). Returns: FALSE when RDF cannot hold
 * @v as one literal (lists, maps, entities, dates beyond 32-bit days). */
gboolean kg_rdf_literal (const KgValue *v, GString *lex, const char **datatype);

G_END_DECLS
