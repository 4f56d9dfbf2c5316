/* server/bolt-users.c — the password file of `kgq serve` (`kgq passwd` writes it).
 *
 * One `name:hash` line per user; the hash is libsodium's crypto_pwhash_str() string
 * (Argon2id with its salt and cost parameters inside), at the "interactive" cost:
 * about 64 MiB and a few tens of milliseconds to verify. Verifications are serialised
 * by @verify_lock, so a burst of logins costs time, never gigabytes. Drivers open a
 * pool of connections with the same credentials, so after one slow success the pair is
 * remembered as a keyed BLAKE2b digest (the key random per process), never as text;
 * a wrong password always pays the full hash. Names may not contain ':' or line breaks.
 * kg_bolt_users_reload() reads the file again (SIGHUP) and forgets every remembered pair.
 * This file does no networking and knows nothing of Bolt.
 */
#include "server/bolt.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

struct _KgBoltUsers
{
  char *path;           /* the file, read again by kg_bolt_users_reload() */
  GHashTable *hashes;   /* name -> crypto_pwhash_str string; under @verify_lock */
  GMutex verify_lock;   /* one Argon2 verification at a time; guards @hashes and @verified */
  GHashTable *verified; /* hex digest of (name, password) -> present */
  guint8 key[crypto_generichash_KEYBYTES];
};

static gboolean
valid_name (const char *name)
{
  return name[0] != '\0' && strpbrk (name, ":\r\n") == NULL && g_utf8_validate (name, -1, NULL);
}

/* Reads @path into name -> hash; a missing file is an empty table when @missing_ok. */
static GHashTable *
read_file (const char *path, gboolean missing_ok, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!g_file_get_contents (path, &text, NULL, &local))
    {
      if (missing_ok && g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&table);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (line[0] == '\0' || line[0] == '#')
        continue;
      char *colon = strchr (line, ':');
      if (colon == NULL || colon == line || colon[1] == '\0')
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: not a name:hash line", path, i + 1);
          return NULL;
        }
      *colon = '\0';
      g_hash_table_replace (table, g_strdup (line), g_strdup (colon + 1));
    }
  return g_steal_pointer (&table);
}

static gboolean
sodium_ready (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libsodium could not be initialised");
      return FALSE;
    }
  return TRUE;
}

KgBoltUsers *
kg_bolt_users_load (const char *path, GError **error)
{
  if (!sodium_ready (error))
    return NULL;
  GHashTable *hashes = read_file (path, FALSE, error);
  if (hashes == NULL)
    return NULL;
  KgBoltUsers *users = g_new0 (KgBoltUsers, 1);
  users->path = g_strdup (path);
  users->hashes = hashes;
  users->verified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&users->verify_lock);
  randombytes_buf (users->key, sizeof users->key);
  return users;
}

void
kg_bolt_users_free (KgBoltUsers *users)
{
  if (users == NULL)
    return;
  g_free (users->path);
  g_hash_table_unref (users->hashes);
  g_hash_table_unref (users->verified);
  g_mutex_clear (&users->verify_lock);
  sodium_memzero (users->key, sizeof users->key);
  g_free (users);
}

/* A keyed digest of the pair, as hex: what the cache of good logins holds. */
static char *
pair_digest (const KgBoltUsers *users, const char *name, const char *password)
{
  crypto_generichash_state st;
  guint8 out[32];
  char hex[65];
  crypto_generichash_init (&st, users->key, sizeof users->key, sizeof out);
  crypto_generichash_update (&st, (const guint8 *) name, strlen (name) + 1);
  crypto_generichash_update (&st, (const guint8 *) password, strlen (password));
  crypto_generichash_final (&st, out, sizeof out);
  sodium_bin2hex (hex, sizeof hex, out, sizeof out);
  return g_strdup (hex);
}

gboolean
kg_bolt_users_reload (KgBoltUsers *users, guint *n_users, GError **error)
{
  GHashTable *hashes = read_file (users->path, FALSE, error);
  if (hashes == NULL)
    return FALSE;
  g_mutex_lock (&users->verify_lock);
  g_hash_table_unref (users->hashes);
  users->hashes = hashes;
  g_hash_table_remove_all (users->verified);
  if (n_users)
    *n_users = g_hash_table_size (hashes);
  g_mutex_unlock (&users->verify_lock);
  return TRUE;
}

const char *
kg_bolt_users_path (KgBoltUsers *users)
{
  return users->path;
}

gboolean
kg_bolt_users_check (KgBoltUsers *users, const char *name, const char *password)
{
  g_autofree char *digest = pair_digest (users, name, password);
  g_mutex_lock (&users->verify_lock);
  const char *hash = g_hash_table_lookup (users->hashes, name);
  gboolean ok = g_hash_table_contains (users->verified, digest);
  if (!ok)
    {
      /* An unknown name costs a hash too, so timing does not tell names apart. */
      static char dummy[crypto_pwhash_STRBYTES];
      if (hash == NULL && dummy[0] == '\0' &&
          crypto_pwhash_str (dummy, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy[0] = '\0';
      ok = crypto_pwhash_str_verify (hash != NULL ? hash : dummy, password, strlen (password)) == 0 && hash != NULL;
      if (ok && g_hash_table_size (users->verified) < 4096)
        g_hash_table_add (users->verified, g_steal_pointer (&digest));
    }
  g_mutex_unlock (&users->verify_lock);
  return ok;
}

gboolean
kg_bolt_passwd_set (const char *path, const char *name, const char *password, GError **error)
{
  if (!valid_name (name))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "a user name must be non-empty UTF-8 without ':' or line breaks");
      return FALSE;
    }
  if (!sodium_ready (error))
    return FALSE;
  g_autoptr (GHashTable) table = read_file (path, TRUE, error);
  if (table == NULL)
    return FALSE;
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "not enough memory to hash the password");
      return FALSE;
    }
  g_hash_table_replace (table, g_strdup (name), g_strdup (hash));

  /* Sorted by name, so the file diffs well. */
  g_autoptr (GList) names = g_list_sort (g_hash_table_get_keys (table), (GCompareFunc) strcmp);
  g_autoptr (GString) out = g_string_new (NULL);
  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (out, "%s:%s\n", (const char *) l->data, (const char *) g_hash_table_lookup (table, l->data));
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", path);
  int fd = g_mkstemp_full (tmp, O_WRONLY, 0600);
  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", tmp, g_strerror (errno));
      return FALSE;
    }
  gboolean ok = write (fd, out->str, out->len) == (gssize) out->len && fsync (fd) == 0;
  int saved = errno;
  close (fd);
  if (!ok || g_rename (tmp, path) != 0)
    {
      if (ok)
        saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
