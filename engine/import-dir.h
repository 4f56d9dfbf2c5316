/* engine/import-dir.h — where statements may read and write files: the import directory.
 *
 * LOAD CSV and the kgq.import.* / kgq.export.* procedures name files by URL
 * (`file:///people.csv`) or relative path; both are taken relative to the import
 * directory (`--import-dir`, KgqDb/KgqSession options, the current directory by
 * default), as Neo4j resolves them against its import directory. Nothing outside it
 * can be reached: `..` is refused, and so is a path whose symbolic links lead out.
 * Network URLs are refused with a message that says so. No file is opened here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * kg_import_resolve:
 * @import_dir: (nullable): the import directory; NULL for the current directory
 * @url: the URL or path as the statement gives it
 * @for_writing: the file is to be written: it need not exist, but its directory must
 * @real_path: (out) (transfer full): the absolute path to open (symbolic links resolved)
 * @error: a message in a user's words (no domain of its own: the caller re-raises it
 *   with its span)
 *
 * Returns: FALSE when @url is not a local file inside the import directory.
 */
gboolean kg_import_resolve (const char *import_dir, const char *url, gboolean for_writing, char **real_path, GError **error);

G_END_DECLS
