/* tests/fuzz/fuzz-http-request.c — libFuzzer entry point for the HTTP Query API's
 * request decoder (server/http-query.c): a JSON body with a statement and parameters,
 * read as plain and as typed JSON.
 *
 * Checks the decoder's contract: exactly one of a request and an error comes back, a
 * request's parameters are a map or null, and nothing leaks. Typed temporal parameters
 * are read by the Cypher functions of an empty database. It does not run statements.
 * Built as a libFuzzer target with -DKG_FUZZ=ON (clang), and linked with onefile.c
 * otherwise so ctest replays the corpus.
 */
#include "server/http-private.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static KgqDb *db;
  static KgBoltBackend *backend;
  if (db == NULL)
    {
      KgBoltLimits limits = { 0 };
      db = kgq_db_new ();
      backend = kg_bolt_backend_new (db, &limits);
    }
  KgBoltSession *session = kg_bolt_session_new (backend);
  for (int typed = 0; typed < 2; typed++)
    for (int need = 0; need < 2; need++)
      {
        KgHttpRequest r;
        GError *error = NULL;
        gboolean ok = kg_http_request_decode (session, (const char *) data, size, typed, need, &r, &error);
        g_assert (ok == (error == NULL));
        if (ok)
          {
            g_assert (r.params.type == KG_VALUE_MAP || r.params.type == KG_VALUE_NULL);
            g_assert (!need || r.statement != NULL);
            kg_http_request_clear (&r);
          }
        g_clear_error (&error);
      }
  kg_bolt_session_free (session);
  return 0;
}
