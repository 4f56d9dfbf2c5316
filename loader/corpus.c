/* loader/corpus.c — reads a corpus directory (corpus/README.md) and builds the graph.
 *
 * Two phases. The first reads every file and checks it (declared labels and types,
 * unique ids, known entities and reports, well-formed properties, a source and a note on
 * every claim) and merges identical claims, all in memory; any problem stops the load
 * with "FILE:LINE: reason". Only then does the second phase write to the graph, through
 * the public graph API, in a fixed order, so ids are the same on every load and a failed
 * load changes nothing. Finding conflicts is in loader/conflicts.c; nothing here prints.
 */
#include "loader/loader.h"
#include "loader/loader-private.h"

#include <string.h>

#ifndef KG_CORPUS_DIR
#define KG_CORPUS_DIR "corpus"
#endif
#ifndef KG_CORPUS_INSTALL_DIR
#define KG_CORPUS_INSTALL_DIR KG_CORPUS_DIR
#endif

/* --- In-memory model ------------------------------------------------------------ */

typedef struct
{
  char *name;
  guint line;
  gboolean used;
} Decl;

typedef struct TypeDecl TypeDecl;
struct TypeDecl
{
  char *name;
  guint line;
  gboolean single;
  gboolean used;
  char *inverse_name; /* as written in relations.csv, or NULL */
  TypeDecl *inverse;  /* resolved: the type that reads this one backwards, or NULL */
};

/* A report or an entity: one node. */
typedef struct
{
  char *id;
  gboolean is_doc;
  guint doc_index; /* for reports: position in documents.csv */
  char **labels;
  char *name;
  char **aliases;
  KgValue props;    /* MAP */
  char ***prop_src; /* per key of props, in its order: the reports stating it (entities) */
  const char *file; /* for warnings */
  guint line;
  guint *mentions; /* per report: how many claims name this node */
  guint8 *stated;  /* per report: a claim says the report mentions this node */
  gboolean used;
} Ent;

/* One merged claim: one relationship. Rows with the same subject, type and object
 * merge when their properties agree wherever both give a key; the claim's properties
 * are then the union, and row_props keeps what each row said, so the graph can say
 * which reports give each qualifier. */
typedef struct
{
  Ent *subject;
  TypeDecl *type;
  Ent *object;
  KgValue props; /* MAP: the union of the rows' properties */
  guint8 *from;  /* per report: does it make this claim */
  GPtrArray *evidence;
  GPtrArray *rows;      /* "FILE:LINE" of each row, parallel to evidence */
  GArray *row_doc;      /* guint: the report of each row, parallel to evidence */
  GPtrArray *row_props; /* KgValue * (MAP): each row's own properties, parallel to evidence */
  gboolean inferred;    /* the inverse reading of another claim, added by the loader */
} Claim;

typedef struct
{
  char *dir;
  GPtrArray *labels;    /* Decl * */
  GHashTable *label_by; /* name -> Decl * */
  GPtrArray *types;     /* TypeDecl * */
  GHashTable *type_by;  /* name -> TypeDecl * */
  GPtrArray *docs;      /* Ent * (reports) */
  GPtrArray *ents;      /* Ent * (entities) */
  GHashTable *by_id;    /* id -> Ent * (both) */
  GPtrArray *claims;    /* Claim * */
  GPtrArray *inferred;  /* Claim *: inverse readings, written after the claims */
  GHashTable *claim_by; /* "subject type object" -> GPtrArray of Claim * */
  guint n_rows;
  GPtrArray *warnings;
} Corpus;

static void
decl_free (gpointer p)
{
  Decl *d = p;
  g_free (d->name);
  g_free (d);
}

static void
type_decl_free (gpointer p)
{
  TypeDecl *t = p;
  g_free (t->name);
  g_free (t->inverse_name);
  g_free (t);
}

static void
ent_free (gpointer p)
{
  Ent *e = p;
  g_free (e->id);
  g_strfreev (e->labels);
  g_free (e->name);
  g_strfreev (e->aliases);
  for (guint i = 0; e->prop_src != NULL && e->props.type == KG_VALUE_MAP && i < e->props.u.map->len; i++)
    g_strfreev (e->prop_src[i]);
  g_free (e->prop_src);
  kg_value_clear (&e->props);
  g_free (e->mentions);
  g_free (e->stated);
  g_free (e);
}

static void
claim_free (gpointer p)
{
  Claim *c = p;
  kg_value_clear (&c->props);
  g_free (c->from);
  g_ptr_array_unref (c->evidence);
  g_ptr_array_unref (c->rows);
  g_array_unref (c->row_doc);
  g_ptr_array_unref (c->row_props);
  g_free (c);
}

static void
map_value_free (gpointer p)
{
  kg_value_clear (p);
  g_free (p);
}

static Corpus *
corpus_new (const char *dir)
{
  Corpus *c = g_new0 (Corpus, 1);
  c->dir = g_strdup (dir);
  c->labels = g_ptr_array_new_with_free_func (decl_free);
  c->label_by = g_hash_table_new (g_str_hash, g_str_equal);
  c->types = g_ptr_array_new_with_free_func (type_decl_free);
  c->type_by = g_hash_table_new (g_str_hash, g_str_equal);
  c->docs = g_ptr_array_new_with_free_func (ent_free);
  c->ents = g_ptr_array_new_with_free_func (ent_free);
  c->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  c->claims = g_ptr_array_new_with_free_func (claim_free);
  c->inferred = g_ptr_array_new_with_free_func (claim_free);
  c->claim_by = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  c->warnings = g_ptr_array_new_with_free_func (g_free);
  return c;
}

static void
corpus_free (Corpus *c)
{
  g_hash_table_unref (c->claim_by);
  g_ptr_array_unref (c->inferred);
  g_ptr_array_unref (c->claims);
  g_hash_table_unref (c->by_id);
  g_ptr_array_unref (c->ents);
  g_ptr_array_unref (c->docs);
  g_hash_table_unref (c->type_by);
  g_ptr_array_unref (c->types);
  g_hash_table_unref (c->label_by);
  g_ptr_array_unref (c->labels);
  if (c->warnings != NULL)
    g_ptr_array_unref (c->warnings);
  g_free (c->dir);
  g_free (c);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Corpus, corpus_free)

/* --- Helpers -------------------------------------------------------------------- */

#define LOAD_FAIL(error, code, t, ...)                                      \
  G_STMT_START                                                              \
  {                                                                         \
    g_autofree char *_why = g_strdup_printf (__VA_ARGS__);                  \
    g_set_error (error, KG_LOAD_ERROR, code, "%s:%u: %s", (t)->reader.path, \
                 (t)->line, _why);                                          \
  }                                                                         \
  G_STMT_END

static gboolean
is_camel_case (const char *s)
{
  if (!g_ascii_isupper (s[0]))
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_snake_case (const char *s)
{
  if (!g_ascii_islower (s[0]))
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* Ids: lower-case letters, digits and underscores, not starting with '_'. */
static gboolean
is_valid_id (const char *s)
{
  if (s[0] == '\0' || s[0] == '_')
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
trimmed (const char *s)
{
  return g_strstrip (g_strdup (s));
}

/* "closest: a, b, c" for an unknown name among the keys of a list of names. */
static char *
suggest (const char *word, GPtrArray *names)
{
  g_autofree char *best = kg_closest_names (word, names, 3);
  if (best[0] == '\0')
    return g_strdup ("");
  return g_strdup_printf (" (closest: %s)", best);
}

/* Entity ids and names, shown as "id (Name)", for "unknown entity" messages. */
static char *
suggest_entity (Corpus *c, const char *word)
{
  typedef struct
  {
    guint dist;
    guint order;
    Ent *e;
  } Hit;
  g_autoptr (GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  guint order = 0;
  GPtrArray *lists[2] = { c->docs, c->ents };
  for (guint l = 0; l < 2; l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        Ent *e = g_ptr_array_index (lists[l], i);
        guint d = kg_edit_distance (word, e->id);
        g_autofree char *lname = g_utf8_strdown (e->name, -1);
        g_autofree char *lword = g_utf8_strdown (word, -1);
        d = MIN (d, kg_edit_distance (lword, lname));
        for (char **a = e->aliases; a && *a; a++)
          {
            g_autofree char *la = g_utf8_strdown (*a, -1);
            d = MIN (d, kg_edit_distance (lword, la));
          }
        Hit h = { d, order++, e };
        g_array_append_val (hits, h);
      }
  /* Sort by distance, then file order; a simple insertion sort keeps it stable. */
  for (guint i = 1; i < hits->len; i++)
    for (guint j = i; j > 0; j--)
      {
        Hit *a = &g_array_index (hits, Hit, j - 1), *b = &g_array_index (hits, Hit, j);
        if (a->dist < b->dist || (a->dist == b->dist && a->order < b->order))
          break;
        Hit t = *a;
        *a = *b;
        *b = t;
      }
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < hits->len && i < 3; i++)
    {
      Ent *e = g_array_index (hits, Hit, i).e;
      g_string_append_printf (out, "%s%s (%s)", i ? ", " : " (closest: ", e->id, e->name);
    }
  if (out->len > 0)
    g_string_append_c (out, ')');
  return g_string_free (out, FALSE);
}

/* The string member at @offset (G_STRUCT_OFFSET) of each struct in @items, borrowed,
 * in order: the candidates of a "did you mean" suggestion. */
static GPtrArray *
strings_at (GPtrArray *items, gsize offset)
{
  GPtrArray *names = g_ptr_array_new ();
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (names, G_STRUCT_MEMBER (char *, g_ptr_array_index (items, i), offset));
  return names;
}

#define names_of_decls(decls) strings_at ((decls), G_STRUCT_OFFSET (Decl, name))
#define names_of_types(types) strings_at ((types), G_STRUCT_OFFSET (TypeDecl, name))
#define ids_of_docs(docs) strings_at ((docs), G_STRUCT_OFFSET (Ent, id))

/* --- labels.csv ----------------------------------------------------------------- */

static gboolean
read_labels (Corpus *c, GError **error)
{
  static const char *const cols[] = { "!label", "description", NULL };
  g_autofree char *path = g_build_filename (c->dir, "labels.csv", NULL);
  KgCsvTable t;
  gboolean ok = kg_csv_table_open (&t, path, cols, error);
  while (ok && kg_csv_table_next (&t, error))
    {
      g_autofree char *name = trimmed (kg_csv_table_get (&t, 0));
      if (!is_camel_case (name))
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, &t,
                     "label '%s' is not a CamelCase noun (like Person or Venue)", name);
          ok = FALSE;
          break;
        }
      Decl *prev = g_hash_table_lookup (c->label_by, name);
      if (prev != NULL)
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_DUPLICATE, &t,
                     "duplicate label '%s' (first declared on line %u)", name, prev->line);
          ok = FALSE;
          break;
        }
      Decl *d = g_new0 (Decl, 1);
      d->name = g_steal_pointer (&name);
      d->line = t.line;
      g_ptr_array_add (c->labels, d);
      g_hash_table_insert (c->label_by, d->name, d);
    }
  if (ok && error != NULL && *error != NULL)
    ok = FALSE;
  kg_csv_table_clear (&t);
  return ok;
}

/* --- relations.csv -------------------------------------------------------------- */

/* Pairs each type with its declared inverse: declaring it on one side is enough, a type
 * may be its own inverse (a symmetric relation), and two declarations must agree. */
static gboolean
resolve_inverses (Corpus *c, const char *path, GError **error)
{
  for (guint i = 0; i < c->types->len; i++)
    {
      TypeDecl *d = g_ptr_array_index (c->types, i);
      if (d->inverse_name == NULL)
        continue;
      TypeDecl *inv = g_hash_table_lookup (c->type_by, d->inverse_name);
      if (inv == NULL)
        {
          g_autoptr (GPtrArray) names = names_of_types (c->types);
          g_autofree char *hint = suggest (d->inverse_name, names);
          g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_UNKNOWN, "%s:%u: unknown inverse type '%s' of '%s'%s",
                       path, d->line, d->inverse_name, d->name, hint);
          return FALSE;
        }
      if ((d->inverse != NULL && d->inverse != inv) || (inv->inverse != NULL && inv->inverse != d))
        {
          TypeDecl *other = d->inverse != NULL && d->inverse != inv ? d->inverse : inv->inverse;
          g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID,
                       "%s:%u: '%s' is declared the inverse of '%s', but '%s' is already the inverse of '%s'",
                       path, d->line, d->inverse_name, d->name, other->name,
                       other == d->inverse ? d->name : inv->name);
          return FALSE;
        }
      d->inverse = inv;
      inv->inverse = d;
    }
  return TRUE;
}

static gboolean
read_types (Corpus *c, GError **error)
{
  static const char *const cols[] = { "!type", "!single_valued", "description", "inverse", NULL };
  g_autofree char *path = g_build_filename (c->dir, "relations.csv", NULL);
  KgCsvTable t;
  gboolean ok = kg_csv_table_open (&t, path, cols, error);
  while (ok && kg_csv_table_next (&t, error))
    {
      g_autofree char *name = trimmed (kg_csv_table_get (&t, 0));
      g_autofree char *single = trimmed (kg_csv_table_get (&t, 1));
      g_autofree char *inverse = trimmed (kg_csv_table_get (&t, 3));
      if (!is_snake_case (name))
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, &t,
                     "relationship type '%s' is not a lower snake_case verb (like hands_to)", name);
          ok = FALSE;
          break;
        }
      TypeDecl *prev = g_hash_table_lookup (c->type_by, name);
      if (prev != NULL)
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_DUPLICATE, &t,
                     "duplicate relationship type '%s' (first declared on line %u)", name, prev->line);
          ok = FALSE;
          break;
        }
      gboolean is_single;
      if (g_ascii_strcasecmp (single, "yes") == 0 || g_ascii_strcasecmp (single, "true") == 0)
        is_single = TRUE;
      else if (g_ascii_strcasecmp (single, "no") == 0 || g_ascii_strcasecmp (single, "false") == 0)
        is_single = FALSE;
      else
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_VALUE, &t,
                     "single_valued must be yes or no, not '%s'", single);
          ok = FALSE;
          break;
        }
      TypeDecl *d = g_new0 (TypeDecl, 1);
      d->name = g_steal_pointer (&name);
      d->line = t.line;
      d->single = is_single;
      d->inverse_name = inverse[0] != '\0' ? g_steal_pointer (&inverse) : NULL;
      g_ptr_array_add (c->types, d);
      g_hash_table_insert (c->type_by, d->name, d);
    }
  if (ok && error != NULL && *error != NULL)
    ok = FALSE;
  kg_csv_table_clear (&t);
  return ok && resolve_inverses (c, path, error);
}

/* --- documents.csv and entities.csv --------------------------------------------- */

static gboolean
check_new_id (Corpus *c, KgCsvTable *t, const char *id, GError **error)
{
  if (!is_valid_id (id))
    {
      LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, t,
                 "id '%s' must be lower-case letters, digits and underscores", id);
      return FALSE;
    }
  Ent *prev = g_hash_table_lookup (c->by_id, id);
  if (prev != NULL)
    {
      LOAD_FAIL (error, KG_LOAD_ERROR_DUPLICATE, t, "duplicate id '%s' (first defined at %s:%u)",
                 id, prev->file, prev->line);
      return FALSE;
    }
  return TRUE;
}

static void
map_set_string (KgMap *map, const char *key, const char *s)
{
  KgValue v = kg_value_string (s);
  kg_map_set (map, key, &v);
}

static gboolean
read_documents (Corpus *c, GError **error)
{
  static const char *const cols[] = { "!id", "!file", "date", "outlet", "author", "title", NULL };
  g_autofree char *path = g_build_filename (c->dir, "documents.csv", NULL);
  KgCsvTable t;
  gboolean ok = kg_csv_table_open (&t, path, cols, error);
  while (ok && kg_csv_table_next (&t, error))
    {
      g_autofree char *id = trimmed (kg_csv_table_get (&t, 0));
      g_autofree char *file = trimmed (kg_csv_table_get (&t, 1));
      g_autofree char *date = trimmed (kg_csv_table_get (&t, 2));
      g_autofree char *outlet = trimmed (kg_csv_table_get (&t, 3));
      g_autofree char *author = trimmed (kg_csv_table_get (&t, 4));
      g_autofree char *title = trimmed (kg_csv_table_get (&t, 5));
      if (!check_new_id (c, &t, id, error))
        {
          ok = FALSE;
          break;
        }
      if (file[0] == '\0')
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, &t, "report '%s' has no file name", id);
          ok = FALSE;
          break;
        }
      gint32 days = 0;
      if (date[0] != '\0' && !kg_date_parse (date, &days))
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_VALUE, &t, "'%s' is not a date (ISO 8601)", date);
          ok = FALSE;
          break;
        }
      Ent *e = g_new0 (Ent, 1);
      e->is_doc = TRUE;
      e->doc_index = c->docs->len;
      e->id = g_strdup (id);
      e->labels = g_strsplit ("Document", ":", -1);
      e->name = g_strdup (title[0] != '\0' ? title : id);
      e->aliases = g_new0 (char *, 1);
      KgMap *map = kg_map_new (6);
      map_set_string (map, "file", file);
      if (date[0] != '\0')
        {
          KgValue v = kg_value_date (days);
          kg_map_set (map, "date", &v);
        }
      if (outlet[0] != '\0')
        map_set_string (map, "outlet", outlet);
      if (author[0] != '\0')
        map_set_string (map, "author", author);
      if (title[0] != '\0')
        map_set_string (map, "title", title);
      e->props = kg_value_map (map);
      e->file = "documents.csv";
      e->line = t.line;
      g_ptr_array_add (c->docs, e);
      g_hash_table_insert (c->by_id, e->id, e);
    }
  if (ok && error != NULL && *error != NULL)
    ok = FALSE;
  if (c->docs->len == 0 && ok)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:1: no reports are listed", path);
      ok = FALSE;
    }
  kg_csv_table_clear (&t);
  return ok;
}

static const char *const reserved_node_keys[] = { "id", "name", "aliases", "sources", "evidence", NULL };
static const char *const reserved_edge_keys[] = { "sources", "evidence", NULL };

/* A key of @map the loader fills in: one of @reserved, or KEY_sources (which says who
 * gives KEY). */
static const char *
reserved_key (const KgValue *map, const char *const *reserved)
{
  for (const char *const *k = reserved; *k; k++)
    if (kg_map_get (map->u.map, *k) != NULL)
      return *k;
  for (guint i = 0; i < map->u.map->len; i++)
    if (g_str_has_suffix (map->u.map->keys[i], "_sources"))
      return map->u.map->keys[i];
  return NULL;
}

/* Report ids from a `property_sources` value (a string or a list of strings), added to
 * @from (per report). FALSE with an error for an unknown report or another type. */
static gboolean
add_report_ids (Corpus *c, KgCsvTable *t, const char *key, const KgValue *v, guint8 *from, GError **error)
{
  guint n = v->type == KG_VALUE_LIST ? v->u.list->len : 1;
  for (guint i = 0; i < n; i++)
    {
      const KgValue *x = v->type == KG_VALUE_LIST ? &v->u.list->items[i] : v;
      if (x->type != KG_VALUE_STRING)
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_VALUE, t,
                     "property_sources of '%s' must be report ids ('r1' or ['r1', 'r2'])", key);
          return FALSE;
        }
      g_autofree char *rid = trimmed (x->u.s);
      Ent *doc = g_hash_table_lookup (c->by_id, rid);
      if (doc == NULL || !doc->is_doc)
        {
          g_autoptr (GPtrArray) doc_ids = ids_of_docs (c->docs);
          g_autofree char *hint = suggest (rid, doc_ids);
          LOAD_FAIL (error, KG_LOAD_ERROR_UNKNOWN, t,
                     "unknown report '%s' in property_sources (not in documents.csv)%s", rid, hint);
          return FALSE;
        }
      from[doc->doc_index] = 1;
    }
  return TRUE;
}

/* The `property_sources` cell of entity @id: empty (only when it has no properties),
 * report ids joined by `|` (for every property), or a map from property key to a report
 * id or a list of them. Returns, per key of @props in its order, the reports in
 * documents.csv order; NULL with an error when a property has no report, a key is not a
 * property, or a report is unknown. */
static char ***
property_sources (Corpus *c, KgCsvTable *t, const char *id, const KgValue *props, const char *cell, GError **error)
{
  const KgMap *m = props->u.map;
  guint n_docs = c->docs->len;
  g_autofree guint8 *from = g_new0 (guint8, (gsize) n_docs * MAX (m->len, 1));
  g_autofree char *text = trimmed (cell);
  if (text[0] == '{')
    {
      KgValue map = KG_VALUE_INIT;
      g_autofree char *reason = NULL;
      if (!kg_literal_parse_map (text, &map, &reason))
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_VALUE, t, "bad property_sources for '%s': %s", id, reason);
          return NULL;
        }
      for (guint i = 0; i < map.u.map->len; i++)
        {
          const char *key = map.u.map->keys[i];
          guint k = 0;
          while (k < m->len && strcmp (m->keys[k], key) != 0)
            k++;
          if (k == m->len)
            {
              LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, t,
                         "property_sources names '%s', which is not a property of '%s'", key, id);
              kg_value_clear (&map);
              return NULL;
            }
          if (!add_report_ids (c, t, key, &map.u.map->vals[i], from + (gsize) k * n_docs, error))
            {
              kg_value_clear (&map);
              return NULL;
            }
        }
      kg_value_clear (&map);
    }
  else if (text[0] != '\0')
    {
      if (m->len == 0)
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, t, "property_sources for '%s', which has no properties", id);
          return NULL;
        }
      g_auto (GStrv) parts = g_strsplit (text, "|", -1);
      KgList *list = kg_list_new (4);
      for (char **p = parts; *p; p++)
        {
          KgValue v = kg_value_string (g_strstrip (*p));
          kg_list_append (list, &v);
        }
      KgValue all = kg_value_list (list);
      gboolean ok = add_report_ids (c, t, "every property", &all, from, error);
      kg_value_clear (&all);
      if (!ok)
        return NULL;
      for (guint k = 1; k < m->len; k++)
        memcpy (from + (gsize) k * n_docs, from, n_docs);
    }
  char ***out = g_new0 (char **, MAX (m->len, 1));
  for (guint k = 0; k < m->len; k++)
    {
      GPtrArray *ids = g_ptr_array_new ();
      for (guint d = 0; d < n_docs; d++)
        if (from[(gsize) k * n_docs + d])
          g_ptr_array_add (ids, g_strdup (((Ent *) g_ptr_array_index (c->docs, d))->id));
      g_ptr_array_add (ids, NULL);
      out[k] = (char **) g_ptr_array_free (ids, FALSE);
      if (out[k][0] == NULL)
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, t,
                     "property '%s' of '%s' has no sources (name the reports that state it in property_sources)",
                     m->keys[k], id);
          for (guint j = 0; j <= k; j++)
            g_strfreev (out[j]);
          g_free (out);
          return NULL;
        }
    }
  return out;
}

static gboolean
read_entities (Corpus *c, GError **error)
{
  static const char *const cols[] = { "!id", "!label", "!name", "aliases", "properties", "property_sources", NULL };
  g_autofree char *path = g_build_filename (c->dir, "entities.csv", NULL);
  KgCsvTable t;
  gboolean ok = kg_csv_table_open (&t, path, cols, error);
  g_autoptr (GPtrArray) label_names = names_of_decls (c->labels);
  while (ok && kg_csv_table_next (&t, error))
    {
      g_autofree char *id = trimmed (kg_csv_table_get (&t, 0));
      g_autofree char *label = trimmed (kg_csv_table_get (&t, 1));
      g_autofree char *name = trimmed (kg_csv_table_get (&t, 2));
      const char *aliases = kg_csv_table_get (&t, 3);
      const char *props = kg_csv_table_get (&t, 4);
      const char *prop_sources = kg_csv_table_get (&t, 5);
      if (!check_new_id (c, &t, id, error))
        {
          ok = FALSE;
          break;
        }
      if (name[0] == '\0')
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, &t, "entity '%s' has no name", id);
          ok = FALSE;
          break;
        }
      g_auto (GStrv) labels = g_strsplit (label, ":", -1);
      if (labels[0] == NULL)
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, &t, "entity '%s' has no label", id);
          ok = FALSE;
          break;
        }
      for (char **l = labels; *l; l++)
        {
          g_strstrip (*l);
          Decl *d = g_hash_table_lookup (c->label_by, *l);
          if (d == NULL)
            {
              g_autofree char *hint = suggest (*l, label_names);
              LOAD_FAIL (error, KG_LOAD_ERROR_UNKNOWN, &t,
                         "unknown label '%s' (not in labels.csv)%s", *l, hint);
              ok = FALSE;
              break;
            }
          d->used = TRUE;
        }
      if (!ok)
        break;
      KgValue map = KG_VALUE_INIT;
      g_autofree char *reason = NULL;
      if (!kg_literal_parse_map (props, &map, &reason))
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_VALUE, &t, "bad properties for '%s': %s", id, reason);
          ok = FALSE;
          break;
        }
      const char *rk = reserved_key (&map, reserved_node_keys);
      if (rk != NULL)
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, &t,
                     "property '%s' of '%s' is reserved (it has its own column or is computed)", rk, id);
          kg_value_clear (&map);
          ok = FALSE;
          break;
        }
      char ***prop_src = property_sources (c, &t, id, &map, prop_sources, error);
      if (prop_src == NULL)
        {
          kg_value_clear (&map);
          ok = FALSE;
          break;
        }
      Ent *e = g_new0 (Ent, 1);
      e->prop_src = prop_src;
      e->id = g_steal_pointer (&id);
      e->labels = g_steal_pointer (&labels);
      e->name = g_steal_pointer (&name);
      g_auto (GStrv) parts = g_strsplit (aliases, "|", -1);
      GPtrArray *al = g_ptr_array_new ();
      for (char **a = parts; *a; a++)
        {
          g_strstrip (*a);
          if (**a != '\0')
            g_ptr_array_add (al, g_strdup (*a));
        }
      g_ptr_array_add (al, NULL);
      e->aliases = (char **) g_ptr_array_free (al, FALSE);
      e->props = map;
      e->file = "entities.csv";
      e->line = t.line;
      g_ptr_array_add (c->ents, e);
      g_hash_table_insert (c->by_id, e->id, e);
    }
  if (ok && error != NULL && *error != NULL)
    ok = FALSE;
  kg_csv_table_clear (&t);
  return ok;
}

/* --- claims/ *.csv -------------------------------------------------------------- */

static Ent *
lookup_entity (Corpus *c, KgCsvTable *t, const char *what, const char *id, GError **error)
{
  Ent *e = g_hash_table_lookup (c->by_id, id);
  if (e == NULL)
    {
      g_autofree char *hint = suggest_entity (c, id);
      if (id[0] == '\0')
        LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, t, "the claim has no %s", what);
      else
        LOAD_FAIL (error, KG_LOAD_ERROR_UNKNOWN, t, "unknown entity '%s' as %s%s", id, what, hint);
    }
  return e;
}

/* Whether two property maps agree on every key both give. */
static gboolean
props_compatible (const KgValue *a, const KgValue *b)
{
  const KgMap *m = b->u.map;
  for (guint i = 0; i < m->len; i++)
    {
      const KgValue *v = kg_map_get (a->u.map, m->keys[i]);
      if (v != NULL && !kg_value_equivalent (v, &m->vals[i]))
        return FALSE;
    }
  return TRUE;
}

/* The claim a row from report @doc with properties @props joins: the first one with
 * the same subject, type and object whose properties agree with the row's and which
 * the report does not make yet, or a new one. The union of the properties is kept on
 * the claim; the row's own map stays the caller's. When the report already states
 * exactly this, sets @dup to the earlier row ("FILE:LINE") and returns NULL. */
static Claim *
claim_for_row (Corpus *c, Ent *subj, TypeDecl *td, Ent *obj, guint doc, const KgValue *props, char **dup)
{
  char *key = g_strdup_printf ("%s\x1f%s\x1f%s", subj->id, td->name, obj->id);
  GPtrArray *same = g_hash_table_lookup (c->claim_by, key);
  if (same == NULL)
    {
      same = g_ptr_array_new ();
      g_hash_table_insert (c->claim_by, key, same);
    }
  else
    g_free (key);
  g_autofree char *canon = kg_literal_canonical (props);
  Claim *cl = NULL;
  for (guint i = 0; i < same->len && cl == NULL; i++)
    {
      Claim *x = g_ptr_array_index (same, i);
      if (x->from[doc])
        {
          for (guint r = 0; r < x->row_doc->len; r++)
            if (g_array_index (x->row_doc, guint, r) == doc)
              {
                g_autofree char *prev = kg_literal_canonical (g_ptr_array_index (x->row_props, r));
                if (strcmp (prev, canon) == 0)
                  {
                    *dup = g_strdup (g_ptr_array_index (x->rows, r));
                    return NULL;
                  }
              }
          continue;
        }
      if (props_compatible (&x->props, props))
        cl = x;
    }
  if (cl == NULL)
    {
      cl = g_new0 (Claim, 1);
      cl->subject = subj;
      cl->type = td;
      cl->object = obj;
      cl->props = kg_value_map (kg_map_new (4));
      cl->from = g_new0 (guint8, c->docs->len);
      cl->evidence = g_ptr_array_new_with_free_func (g_free);
      cl->rows = g_ptr_array_new_with_free_func (g_free);
      cl->row_doc = g_array_new (FALSE, FALSE, sizeof (guint));
      cl->row_props = g_ptr_array_new_with_free_func (map_value_free);
      g_ptr_array_add (c->claims, cl);
      g_ptr_array_add (same, cl);
    }
  const KgMap *m = props->u.map;
  for (guint i = 0; i < m->len; i++)
    if (kg_map_get (cl->props.u.map, m->keys[i]) == NULL)
      {
        KgValue v;
        kg_value_copy (&m->vals[i], &v);
        kg_map_set (cl->props.u.map, m->keys[i], &v);
      }
  return cl;
}

static gboolean
read_claims_file (Corpus *c, const char *path, const char *rel, GError **error)
{
  static const char *const cols[] = { "!source", "!subject", "!type", "!object", "properties", "evidence", NULL };
  KgCsvTable t;
  gboolean ok = kg_csv_table_open (&t, path, cols, error);
  g_autoptr (GPtrArray) type_names = names_of_types (c->types);
  g_autoptr (GPtrArray) doc_ids = ids_of_docs (c->docs);
  while (ok && kg_csv_table_next (&t, error))
    {
      g_autofree char *source = trimmed (kg_csv_table_get (&t, 0));
      g_autofree char *subject = trimmed (kg_csv_table_get (&t, 1));
      g_autofree char *type = trimmed (kg_csv_table_get (&t, 2));
      g_autofree char *object = trimmed (kg_csv_table_get (&t, 3));
      const char *props = kg_csv_table_get (&t, 4);
      g_autofree char *evidence = trimmed (kg_csv_table_get (&t, 5));
      ok = FALSE;
      if (source[0] == '\0')
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, &t,
                     "a claim without a source (every claim names the report that makes it)");
          break;
        }
      Ent *doc = g_hash_table_lookup (c->by_id, source);
      if (doc == NULL || !doc->is_doc)
        {
          g_autofree char *hint = suggest (source, doc_ids);
          LOAD_FAIL (error, KG_LOAD_ERROR_UNKNOWN, &t, "unknown report '%s' as source (not in documents.csv)%s",
                     source, hint);
          break;
        }
      Ent *subj = lookup_entity (c, &t, "subject", subject, error);
      if (subj == NULL)
        break;
      TypeDecl *td = g_hash_table_lookup (c->type_by, type);
      if (td == NULL)
        {
          g_autofree char *hint = suggest (type, type_names);
          if (type[0] == '\0')
            LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, &t, "the claim has no type");
          else
            LOAD_FAIL (error, KG_LOAD_ERROR_UNKNOWN, &t,
                       "unknown relationship type '%s' (not in relations.csv)%s", type, hint);
          break;
        }
      Ent *obj = lookup_entity (c, &t, "object", object, error);
      if (obj == NULL)
        break;
      if (evidence[0] == '\0')
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, &t,
                     "a claim without evidence (say in a few words where %s makes it)", source);
          break;
        }
      KgValue map = KG_VALUE_INIT;
      g_autofree char *reason = NULL;
      if (!kg_literal_parse_map (props, &map, &reason))
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_VALUE, &t, "bad properties: %s", reason);
          break;
        }
      const char *rk = reserved_key (&map, reserved_edge_keys);
      if (rk != NULL)
        {
          LOAD_FAIL (error, KG_LOAD_ERROR_INVALID, &t,
                     "property '%s' is reserved (the loader fills it in)", rk);
          kg_value_clear (&map);
          break;
        }

      g_autofree char *dup = NULL;
      Claim *cl = claim_for_row (c, subj, td, obj, doc->doc_index, &map, &dup);
      if (dup != NULL)
        {
          kg_value_clear (&map);
          LOAD_FAIL (error, KG_LOAD_ERROR_DUPLICATE, &t, "duplicate claim: %s already states it for %s", dup, source);
          break;
        }
      cl->from[doc->doc_index] = 1;
      /* Notes start with the report id so each stays attributable once merged. */
      g_autofree char *prefix = g_strdup_printf ("%s:", source);
      if (g_str_has_prefix (evidence, prefix))
        g_ptr_array_add (cl->evidence, g_strdup (evidence));
      else
        g_ptr_array_add (cl->evidence, g_strdup_printf ("%s: %s", source, evidence));
      g_ptr_array_add (cl->rows, g_strdup_printf ("%s:%u", rel, t.line));
      g_array_append_val (cl->row_doc, doc->doc_index);
      KgValue *own = g_new (KgValue, 1);
      *own = map;
      g_ptr_array_add (cl->row_props, own);

      td->used = TRUE;
      subj->used = obj->used = TRUE;
      guint n_docs = c->docs->len;
      if (subj->mentions == NULL)
        subj->mentions = g_new0 (guint, n_docs);
      if (obj->mentions == NULL)
        obj->mentions = g_new0 (guint, n_docs);
      subj->mentions[doc->doc_index]++;
      if (obj != subj)
        obj->mentions[doc->doc_index]++;
      /* "r1 mentions X" written as a claim: the loader adds no second such link. */
      if (strcmp (td->name, "mentions") == 0 && subj->is_doc && !obj->is_doc)
        {
          if (obj->stated == NULL)
            obj->stated = g_new0 (guint8, n_docs);
          obj->stated[subj->doc_index] = 1;
        }
      c->n_rows++;
      ok = TRUE;
    }
  if (ok && error != NULL && *error != NULL)
    ok = FALSE;
  kg_csv_table_clear (&t);
  return ok;
}

static int
cmp_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static gboolean
read_claims (Corpus *c, GError **error)
{
  g_autofree char *dir = g_build_filename (c->dir, "claims", NULL);
  g_autoptr (GError) local = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &local);
  if (d == NULL)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_IO, "%s:0: cannot read the claims folder: %s",
                   dir, local->message);
      return FALSE;
    }
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".csv") && name[0] != '.')
      g_ptr_array_add (files, g_strdup (name));
  g_ptr_array_sort (files, cmp_strings); /* readdir order is not stable */
  if (files->len == 0)
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_INVALID, "%s:0: no claims files (*.csv)", dir);
      return FALSE;
    }
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (files, i), NULL);
      g_autofree char *rel = g_build_filename ("claims", g_ptr_array_index (files, i), NULL);
      if (!read_claims_file (c, path, rel, error))
        return FALSE;
    }
  return TRUE;
}

/* The inverse readings: for each claim whose type declares an inverse, the same claim
 * read backwards (object, inverse type, subject), from the reports that do not already
 * state it that way themselves, with their notes and the claim's properties. */
static void
add_inferred (Corpus *c)
{
  guint n_docs = c->docs->len;
  for (guint i = 0; i < c->claims->len; i++)
    {
      Claim *cl = g_ptr_array_index (c->claims, i);
      TypeDecl *inv = cl->type->inverse;
      if (inv == NULL || (inv == cl->type && cl->subject == cl->object))
        continue;
      g_autofree guint8 *left = g_memdup2 (cl->from, n_docs);
      g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%s", cl->object->id, inv->name, cl->subject->id);
      GPtrArray *stated = g_hash_table_lookup (c->claim_by, key);
      for (guint j = 0; stated != NULL && j < stated->len; j++)
        for (guint d = 0; d < n_docs; d++)
          if (((Claim *) g_ptr_array_index (stated, j))->from[d])
            left[d] = 0;
      gboolean any = FALSE;
      for (guint d = 0; d < n_docs; d++)
        any |= left[d];
      if (!any)
        continue;
      Claim *x = g_new0 (Claim, 1);
      x->subject = cl->object;
      x->type = inv;
      x->object = cl->subject;
      x->inferred = TRUE;
      kg_value_copy (&cl->props, &x->props);
      x->from = g_new0 (guint8, n_docs);
      x->evidence = g_ptr_array_new_with_free_func (g_free);
      x->rows = g_ptr_array_new_with_free_func (g_free);
      x->row_doc = g_array_new (FALSE, FALSE, sizeof (guint));
      x->row_props = g_ptr_array_new_with_free_func (map_value_free);
      for (guint row = 0; row < cl->row_doc->len; row++)
        {
          guint d = g_array_index (cl->row_doc, guint, row);
          if (!left[d])
            continue;
          x->from[d] = 1;
          g_ptr_array_add (x->evidence, g_strdup (g_ptr_array_index (cl->evidence, row)));
          g_ptr_array_add (x->rows, g_strdup (g_ptr_array_index (cl->rows, row)));
          g_array_append_val (x->row_doc, d);
          KgValue *own = g_new (KgValue, 1);
          kg_value_copy (g_ptr_array_index (cl->row_props, row), own);
          g_ptr_array_add (x->row_props, own);
        }
      inv->used = TRUE;
      g_ptr_array_add (c->inferred, x);
    }
}

static void
collect_warnings (Corpus *c)
{
  for (guint i = 0; i < c->ents->len; i++)
    {
      Ent *e = g_ptr_array_index (c->ents, i);
      if (!e->used)
        g_ptr_array_add (c->warnings, g_strdup_printf ("%s/entities.csv:%u: entity '%s' appears in no claim",
                                                       c->dir, e->line, e->id));
      /* A report that states a property of the entity names it in some claim too. */
      for (guint p = 0; e->used && p < e->props.u.map->len; p++)
        for (char **r = e->prop_src[p]; *r; r++)
          {
            Ent *doc = g_hash_table_lookup (c->by_id, *r);
            if (e->mentions[doc->doc_index] == 0)
              g_ptr_array_add (c->warnings,
                               g_strdup_printf ("%s/entities.csv:%u: property '%s' of '%s' is sourced to %s, "
                                                "but no claim of %s names '%s'",
                                                c->dir, e->line, e->props.u.map->keys[p], e->id, *r, *r, e->id));
          }
    }
  for (guint i = 0; i < c->labels->len; i++)
    {
      Decl *d = g_ptr_array_index (c->labels, i);
      if (!d->used && strcmp (d->name, "Document") != 0)
        g_ptr_array_add (c->warnings, g_strdup_printf ("%s/labels.csv:%u: label '%s' is not used",
                                                       c->dir, d->line, d->name));
    }
  for (guint i = 0; i < c->types->len; i++)
    {
      TypeDecl *d = g_ptr_array_index (c->types, i);
      if (!d->used && strcmp (d->name, "mentions") != 0)
        g_ptr_array_add (c->warnings, g_strdup_printf ("%s/relations.csv:%u: relationship type '%s' is not used",
                                                       c->dir, d->line, d->name));
    }
}

/* --- Writing the graph ---------------------------------------------------------- */

/* Whether the loader adds a `mentions` link from report @d to @e: some claim of the
 * report names @e, and no claim already states the mention. */
static gboolean
adds_mention (const Ent *e, guint d)
{
  return e->mentions != NULL && e->mentions[d] > 0 && (e->stated == NULL || !e->stated[d]);
}

static guint
count_added_mentions (Corpus *c)
{
  guint n = 0;
  for (guint i = 0; i < c->ents->len; i++)
    for (guint d = 0; d < c->docs->len; d++)
      n += adds_mention (g_ptr_array_index (c->ents, i), d);
  return n;
}

typedef struct
{
  KgSymbol id, name, aliases, sources, evidence;
} Keys;

static KgValue
string_list (char **strv)
{
  guint n = strv ? g_strv_length (strv) : 0;
  KgList *list = kg_list_new (n);
  for (guint i = 0; i < n; i++)
    {
      KgValue v = kg_value_string (strv[i]);
      kg_list_append (list, &v);
    }
  return kg_value_list (list);
}

static void
set_map_props (KgGraph *g, gboolean node, guint32 id, const KgValue *map)
{
  const KgMap *m = map->u.map;
  for (guint i = 0; i < m->len; i++)
    {
      KgSymbol key = kg_graph_intern (g, KG_SYM_KEY, m->keys[i]);
      if (node)
        kg_graph_node_set_prop (g, id, key, &m->vals[i]);
      else
        kg_graph_edge_set_prop (g, id, key, &m->vals[i]);
    }
}

static void
set_string (KgGraph *g, gboolean node, guint32 id, KgSymbol key, const char *s)
{
  KgValue v = kg_value_string (s);
  if (node)
    kg_graph_node_set_prop (g, id, key, &v);
  else
    kg_graph_edge_set_prop (g, id, key, &v);
  kg_value_clear (&v);
}

static void
set_list (KgGraph *g, gboolean node, guint32 id, KgSymbol key, char **strv)
{
  KgValue v = string_list (strv);
  if (node)
    kg_graph_node_set_prop (g, id, key, &v);
  else
    kg_graph_edge_set_prop (g, id, key, &v);
  kg_value_clear (&v);
}

/* A merged claim's qualifier that not every one of its reports gives carries the
 * reports that do, as `<key>_sources` (in report order). */
static void
set_qualifier_sources (Corpus *c, KgGraph *g, KgEdgeId r, const Claim *cl)
{
  const KgMap *m = cl->props.u.map;
  guint n_from = 0;
  for (guint d = 0; d < c->docs->len; d++)
    n_from += cl->from[d];
  for (guint i = 0; i < m->len; i++)
    {
      g_autofree guint8 *gives = g_new0 (guint8, c->docs->len);
      guint n = 0;
      for (guint row = 0; row < cl->row_doc->len; row++)
        {
          const KgValue *own = g_ptr_array_index (cl->row_props, row);
          guint d = g_array_index (cl->row_doc, guint, row);
          if (kg_map_get (own->u.map, m->keys[i]) != NULL && !gives[d])
            {
              gives[d] = 1;
              n++;
            }
        }
      if (n == n_from)
        continue;
      GPtrArray *src = g_ptr_array_new ();
      for (guint d = 0; d < c->docs->len; d++)
        if (gives[d])
          g_ptr_array_add (src, ((Ent *) g_ptr_array_index (c->docs, d))->id);
      g_ptr_array_add (src, NULL);
      g_autofree char *name = g_strdup_printf ("%s_sources", m->keys[i]);
      set_list (g, FALSE, r, kg_graph_intern (g, KG_SYM_KEY, name), (char **) src->pdata);
      g_ptr_array_free (src, TRUE);
    }
}

/* One claim as a relationship: its properties, the reports behind each qualifier,
 * `sources`, `evidence`, and `inferred: true` for an inverse reading. */
static void
write_claim (Corpus *c, KgGraph *g, const Keys *k, GHashTable *node_of, Claim *cl)
{
  KgNodeId s = GPOINTER_TO_UINT (g_hash_table_lookup (node_of, cl->subject));
  KgNodeId o = GPOINTER_TO_UINT (g_hash_table_lookup (node_of, cl->object));
  KgEdgeId r = kg_graph_add_edge (g, s, o, kg_graph_intern (g, KG_SYM_TYPE, cl->type->name));
  set_map_props (g, FALSE, r, &cl->props);
  set_qualifier_sources (c, g, r, cl);
  GPtrArray *src = g_ptr_array_new ();
  for (guint d = 0; d < c->docs->len; d++)
    if (cl->from[d])
      g_ptr_array_add (src, ((Ent *) g_ptr_array_index (c->docs, d))->id);
  g_ptr_array_add (src, NULL);
  set_list (g, FALSE, r, k->sources, (char **) src->pdata);
  g_ptr_array_free (src, TRUE);
  g_ptr_array_add (cl->evidence, NULL);
  set_list (g, FALSE, r, k->evidence, (char **) cl->evidence->pdata);
  g_ptr_array_remove_index (cl->evidence, cl->evidence->len - 1);
  if (cl->inferred)
    {
      KgValue yes = kg_value_bool (TRUE);
      kg_graph_edge_set_prop (g, r, kg_graph_intern (g, KG_SYM_KEY, "inferred"), &yes);
    }
}

static void
write_graph (Corpus *c, KgGraph *g)
{
  Keys k = {
    kg_graph_intern (g, KG_SYM_KEY, "id"),
    kg_graph_intern (g, KG_SYM_KEY, "name"),
    kg_graph_intern (g, KG_SYM_KEY, "aliases"),
    kg_graph_intern (g, KG_SYM_KEY, "sources"),
    kg_graph_intern (g, KG_SYM_KEY, "evidence"),
  };
  /* Intern declared labels and types first, in file order, so symbol ids are stable. */
  for (guint i = 0; i < c->labels->len; i++)
    kg_graph_intern (g, KG_SYM_LABEL, ((Decl *) g_ptr_array_index (c->labels, i))->name);
  kg_graph_intern (g, KG_SYM_LABEL, "Document");
  for (guint i = 0; i < c->types->len; i++)
    kg_graph_intern (g, KG_SYM_TYPE, ((TypeDecl *) g_ptr_array_index (c->types, i))->name);
  KgSymbol mentions = kg_graph_intern (g, KG_SYM_TYPE, "mentions");

  guint n_docs = c->docs->len;
  kg_graph_reserve (g, n_docs + c->ents->len, c->claims->len + count_added_mentions (c) + c->inferred->len);

  g_autofree KgNodeId *doc_node = g_new (KgNodeId, n_docs);
  g_autoptr (GHashTable) node_of = g_hash_table_new (g_direct_hash, g_direct_equal);
  GPtrArray *lists[2] = { c->docs, c->ents };
  for (guint l = 0; l < 2; l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        Ent *e = g_ptr_array_index (lists[l], i);
        KgNodeId n = kg_graph_add_node (g);
        g_hash_table_insert (node_of, e, GUINT_TO_POINTER (n));
        if (e->is_doc)
          doc_node[e->doc_index] = n;
        for (char **lab = e->labels; *lab; lab++)
          kg_graph_node_add_label (g, n, kg_graph_intern (g, KG_SYM_LABEL, *lab));
        set_string (g, TRUE, n, k.id, e->id);
        set_string (g, TRUE, n, k.name, e->name);
        if (!e->is_doc)
          set_list (g, TRUE, n, k.aliases, e->aliases);
        set_map_props (g, TRUE, n, &e->props);
        for (guint p = 0; e->prop_src != NULL && p < e->props.u.map->len; p++)
          {
            g_autofree char *key = g_strdup_printf ("%s_sources", e->props.u.map->keys[p]);
            set_list (g, TRUE, n, kg_graph_intern (g, KG_SYM_KEY, key), e->prop_src[p]);
          }
        if (!e->is_doc)
          {
            GPtrArray *src = g_ptr_array_new ();
            for (guint d = 0; e->mentions && d < n_docs; d++)
              if (e->mentions[d] > 0)
                g_ptr_array_add (src, ((Ent *) g_ptr_array_index (c->docs, d))->id);
            g_ptr_array_add (src, NULL);
            set_list (g, TRUE, n, k.sources, (char **) src->pdata);
            g_ptr_array_free (src, TRUE);
          }
      }

  kg_graph_bulk_begin (g);
  for (guint i = 0; i < c->claims->len; i++)
    write_claim (c, g, &k, node_of, g_ptr_array_index (c->claims, i));
  for (guint d = 0; d < n_docs; d++)
    {
      Ent *doc = g_ptr_array_index (c->docs, d);
      for (guint i = 0; i < c->ents->len; i++)
        {
          Ent *e = g_ptr_array_index (c->ents, i);
          if (!adds_mention (e, d))
            continue;
          KgNodeId o = GPOINTER_TO_UINT (g_hash_table_lookup (node_of, e));
          KgEdgeId r = kg_graph_add_edge (g, doc_node[d], o, mentions);
          char *src[] = { doc->id, NULL };
          set_list (g, FALSE, r, k.sources, src);
          g_autofree char *note = g_strdup_printf ("%s: named in %u claim%s of this report", doc->id,
                                                   e->mentions[d], e->mentions[d] == 1 ? "" : "s");
          char *ev[] = { note, NULL };
          set_list (g, FALSE, r, k.evidence, ev);
        }
    }
  for (guint i = 0; i < c->inferred->len; i++)
    write_claim (c, g, &k, node_of, g_ptr_array_index (c->inferred, i));
  kg_graph_bulk_end (g);
  /* entities are mostly looked up by name: index it for every label */
  KgSymbol name = kg_graph_lookup (g, KG_SYM_KEY, "name");
  for (guint l = 0; name != KG_NONE && l < kg_graph_n_symbols (g, KG_SYM_LABEL); l++)
    kg_graph_create_index (g, l, name);
  /* full-text: `names` over every entity's name and aliases, `evidence` over the claims' */
  KgSymbol document = kg_graph_lookup (g, KG_SYM_LABEL, "Document");
  g_autoptr (GArray) labels = g_array_new (FALSE, FALSE, sizeof (KgSymbol));
  for (KgSymbol l = 0; l < kg_graph_n_symbols (g, KG_SYM_LABEL); l++)
    if (l != document)
      g_array_append_val (labels, l);
  g_autoptr (GArray) types = g_array_new (FALSE, FALSE, sizeof (KgSymbol));
  for (KgSymbol t = 0; t < kg_graph_n_symbols (g, KG_SYM_TYPE); t++)
    if (t != mentions)
      g_array_append_val (types, t);
  KgSymbol name_keys[] = { k.name, k.aliases };
  if (labels->len > 0)
    kg_graph_create_fulltext (g, "names", FALSE, (KgSymbol *) labels->data, labels->len, name_keys, 2, "english", NULL);
  if (types->len > 0)
    kg_graph_create_fulltext (g, "evidence", TRUE, (KgSymbol *) types->data, types->len, &k.evidence, 1, "english", NULL);
}

/* --- Public API ----------------------------------------------------------------- */

const char *
kg_corpus_default_dir (void)
{
  const char *env = g_getenv ("KGQ_CORPUS_DIR");
  if (env != NULL && env[0] != '\0')
    return env;
  if (g_file_test (KG_CORPUS_DIR "/entities.csv", G_FILE_TEST_IS_REGULAR))
    return KG_CORPUS_DIR;
  return KG_CORPUS_INSTALL_DIR;
}

void
kg_corpus_info_free (KgCorpusInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->dir);
  g_strfreev (info->single_valued);
  if (info->conflicts != NULL)
    g_ptr_array_unref (info->conflicts);
  if (info->warnings != NULL)
    g_ptr_array_unref (info->warnings);
  g_free (info);
}

gboolean
kg_corpus_load (KgGraph *graph, const char *dir, KgCorpusInfo **info_out, GError **error)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (dir == NULL)
    dir = kg_corpus_default_dir ();

  g_autoptr (Corpus) c = corpus_new (dir);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KG_LOAD_ERROR, KG_LOAD_ERROR_IO, "%s:0: not a corpus directory", dir);
      return FALSE;
    }
  /* The readers tell a clean end of file from a failure by the error, so they always
   * get a place to put one. */
  g_autoptr (GError) local = NULL;
  if (!read_labels (c, &local) || !read_types (c, &local) || !read_documents (c, &local) ||
      !read_entities (c, &local) || !read_claims (c, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  add_inferred (c);
  collect_warnings (c);

  write_graph (c, graph);

  if (info_out != NULL)
    {
      KgCorpusInfo *info = g_new0 (KgCorpusInfo, 1);
      info->dir = g_strdup (dir);
      info->n_labels = c->labels->len;
      info->n_types = c->types->len;
      info->n_documents = c->docs->len;
      info->n_entities = c->ents->len;
      info->n_claim_rows = c->n_rows;
      info->n_claims = c->claims->len;
      info->n_mentions = count_added_mentions (c);
      info->n_inferred = c->inferred->len;
      GPtrArray *sv = g_ptr_array_new ();
      for (guint i = 0; i < c->types->len; i++)
        {
          TypeDecl *t = g_ptr_array_index (c->types, i);
          if (t->single)
            g_ptr_array_add (sv, g_strdup (t->name));
        }
      g_ptr_array_add (sv, NULL);
      info->single_valued = (char **) g_ptr_array_free (sv, FALSE);
      info->conflicts = kg_corpus_find_conflicts (graph, (const char *const *) info->single_valued);
      info->warnings = g_steal_pointer (&c->warnings);
      *info_out = info;
    }
  return TRUE;
}

KgGraph *
kg_corpus_load_new (const char *dir, KgCorpusInfo **info_out, GError **error)
{
  g_autoptr (KgGraph) graph = kg_graph_new ();
  if (!kg_corpus_load (graph, dir, info_out, error))
    return NULL;
  return g_steal_pointer (&graph);
}
