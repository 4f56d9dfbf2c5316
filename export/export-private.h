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

/* Appends @v as the JSON object {"v":VALUE} or {"v":VALUE,"kgq:types":NOTE}, the value
 * and type note of export/jsonl.c (docs/formats.md), which kg_jsonl_value_parse() in
 * loader/ reads back exactly. For values other formats cannot spell. */
void kg_export_json_value (GString *out, const KgValue *v);

G_END_DECLS
