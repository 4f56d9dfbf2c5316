/* loader/rdf-vocab.c — IRIs of kgq's RDF mapping and the names they stand for (see
 * rdf-vocab.h).
 */
#include "loader/rdf-vocab.h"

#include <string.h>

char *
kg_rdf_vocab_iri (const char *ns, const char *name)
{
  GString *s = g_string_new (ns);
  for (const guchar *p = (const guchar *) name; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-._~", *p) != NULL || *p >= 0x80)
        g_string_append_c (s, (char) *p);
      else
        g_string_append_printf (s, "%%%02X", *p);
    }
  return g_string_free (s, FALSE);
}

static const char *const kgq_namespaces[] = { KG_RDF_VOCAB, KG_RDF_TYPE, KG_RDF_NODE, KG_RDF_REL, KG_RDF_SOURCE };

gboolean
kg_rdf_in_vocab (const char *iri)
{
  return g_str_has_prefix (iri, KG_RDF_VOCAB);
}

char *
kg_rdf_local_name (const char *iri)
{
  const char *local = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kgq_namespaces) && local == NULL; i++)
    if (g_str_has_prefix (iri, kgq_namespaces[i]))
      local = iri + strlen (kgq_namespaces[i]);
  if (local == NULL)
    {
      const char *cut = NULL;
      for (const char *p = iri; *p != '\0'; p++)
        if (*p == '#' || *p == '/' || *p == ':')
          cut = p;
      local = cut != NULL && cut[1] != '\0' ? cut + 1 : iri;
    }
  char *decoded = g_uri_unescape_string (local, NULL);
  /* An escape that decodes to invalid UTF-8 (or NUL) is left as written. */
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    {
      g_free (decoded);
      return g_strdup (local);
    }
  return decoded;
}

const char *
kg_rdf_split_lang (char *name)
{
  char *at = strrchr (name, '@');
  if (at == NULL || at == name || !g_ascii_isalpha (at[1]))
    return NULL;
  /* BCP 47 as Turtle's LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* */
  gboolean dash = FALSE;
  for (const char *p = at + 1; *p != '\0'; p++)
    {
      if (*p == '-')
        {
          if (dash || p[1] == '\0')
            return NULL;
          dash = TRUE;
        }
      else if (g_ascii_isalnum (*p) && (dash || g_ascii_isalpha (*p) || p > at + 1))
        dash = FALSE;
      else
        return NULL;
    }
  *at = '\0';
  return at + 1;
}
