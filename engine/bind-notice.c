/* engine/bind-notice.c — notices on a statement: names the graph has never seen.
 *
 * After a statement is bound and planned, one walk over its tree finds the labels and
 * relationship types it matches on and the property keys it reads of nodes and
 * relationships, and notes each one the graph has no symbol for (Neo4j's
 * UnknownLabelWarning, UnknownRelationshipTypeWarning, UnknownPropertyKeyWarning), with
 * the closest known name of the same kind as a hint. A name the statement itself writes
 * (CREATE, MERGE, SET) is not noted, nor is anything in a statement that calls a
 * procedure that writes (it may create any name). Notices never fail a statement. The
 * planner adds its own notice (an unbounded variable-length pattern) through
 * kg_plan_add_notice(). Nothing here evaluates, plans or prints.
 */
#include "engine/bind.h"
#include "common/text.h"
#include "engine/proc-registry.h"

#include <string.h>

typedef struct
{
  KgBinder *b;
  KgGraph *graph;
  const KgPlanOptions *options;
  GHashTable *written[3]; /* per KgSymbolKind: names the statement writes */
  gboolean write_proc;    /* the statement calls a procedure that writes */
} Notes;

static void
notice_free (gpointer p)
{
  KgNotice *n = p;
  g_free (n->name);
  g_free (n->hint);
  g_free (n->text);
  g_free (n->message);
  g_free (n);
}

void
kg_plan_add_notice (KgPlan *plan, KgNoticeKind kind, const KgSpan *span, const char *name, const char *hint, const char *text)
{
  if (plan->notices == NULL)
    plan->notices = g_ptr_array_new_with_free_func (notice_free);
  /* One notice per kind and name: the first in the text. */
  for (guint i = 0; i < plan->notices->len; i++)
    {
      KgNotice *o = g_ptr_array_index (plan->notices, i);
      if (o->kind == kind && g_strcmp0 (o->name, name) == 0)
        {
          if (o->span.start.offset <= span->start.offset)
            return;
          g_ptr_array_remove_index (plan->notices, i);
          break;
        }
    }
  KgNotice *n = g_new0 (KgNotice, 1);
  n->kind = kind;
  n->span = *span;
  n->name = g_strdup (name);
  n->hint = g_strdup (hint);
  n->text = g_strdup (text);
  const char *file = plan->exec.filename != NULL ? plan->exec.filename : "<query>";
  n->message = g_strdup_printf ("%s:%u:%u: %s", file, span->start.line, span->start.column, text);
  guint at = 0;
  while (at < plan->notices->len && ((KgNotice *) g_ptr_array_index (plan->notices, at))->span.start.offset <= span->start.offset)
    at++;
  g_ptr_array_insert (plan->notices, (gint) at, n);
}

/* --- Names the statement writes ------------------------------------------------ */

static void
add_written (Notes *n, KgSymbolKind kind, const char *name)
{
  if (name != NULL)
    g_hash_table_add (n->written[kind], (gpointer) name);
}

static void
add_written_map_keys (Notes *n, const KgAst *map)
{
  if (map != NULL && map->kind == KG_AST_MAP)
    for (guint i = 0; i < kg_ast_n_names (map); i++)
      add_written (n, KG_SYM_KEY, kg_ast_name_at (map, i));
}

/* The labels, types and keys of a CREATE or MERGE pattern. */
static void
collect_created (Notes *n, const KgAst *e)
{
  if (e == NULL)
    return;
  if (e->kind == KG_AST_NODE_PATTERN || e->kind == KG_AST_REL_PATTERN)
    {
      for (guint i = 0; i < kg_ast_n_names (e); i++)
        add_written (n, e->kind == KG_AST_NODE_PATTERN ? KG_SYM_LABEL : KG_SYM_TYPE, kg_ast_name_at (e, i));
      add_written_map_keys (n, kg_ast_child (e, 0));
      return;
    }
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    collect_created (n, kg_ast_child (e, i));
}

static void
collect_written (Notes *n, const KgAst *e)
{
  if (e == NULL)
    return;
  switch (e->kind)
    {
    case KG_AST_CREATE:
    case KG_AST_MERGE:
      collect_created (n, kg_ast_child (e, 0));
      break;
    case KG_AST_SET_LABELS:
      for (guint i = 0; i < kg_ast_n_names (e); i++)
        add_written (n, KG_SYM_LABEL, kg_ast_name_at (e, i));
      break;
    case KG_AST_SET_PROPERTY:
      if (kg_ast_child (e, 0) != NULL)
        add_written (n, KG_SYM_KEY, kg_ast_child (e, 0)->name);
      break;
    case KG_AST_SET_ALL_PROPERTIES:
    case KG_AST_SET_MERGE_PROPERTIES:
      add_written_map_keys (n, kg_ast_child (e, 1));
      break;
    case KG_AST_CALL:
      {
        const KgNativeProc *p = e->name != NULL ? kg_native_proc_lookup (e->name) : NULL;
        if (p != NULL && p->mode == KG_PROC_WRITE)
          n->write_proc = TRUE;
      }
      break;
    default:
      break;
    }
  for (guint i = 0; i < kg_ast_n_children (e); i++)
    collect_written (n, kg_ast_child (e, i));
}

/* --- Names the statement reads ------------------------------------------------- */

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || (guchar) c >= 0x80;
}

/* The span of @name inside @within: the first place it stands as a label, type or key
 * (after `:`, `|`, `&`, `!`, `.`, `{`, `,` or a backquote); @within when the text is not
 * at hand or the name is not found. */
static KgSpan
name_span (Notes *n, const KgSpan *within, const char *name)
{
  const KgPlanOptions *o = n->options;
  if (o == NULL || o->source == NULL || within->start.offset < o->source_base)
    return *within;
  const char *text = o->source;
  gsize from = within->start.offset - o->source_base;
  gsize to = MIN (within->end.offset - o->source_base, o->source_len);
  gsize len = strlen (name);
  for (gsize at = from; len > 0 && at + len <= to; at++)
    {
      if (memcmp (text + at, name, len) != 0 || (at + len < o->source_len && is_name_char (text[at + len])))
        continue;
      gsize p = at;
      while (p > from && (text[p - 1] == ' ' || text[p - 1] == '\t' || text[p - 1] == '\n' || text[p - 1] == '\r'))
        p--;
      if (p == from || strchr (":|&!.{,`", text[p - 1]) == NULL || (text[p - 1] != '`' && p == at && at > from && is_name_char (text[at - 1])))
        continue;
      KgSpan s = *within;
      for (gsize i = from; i < at; i++)
        if (text[i] == '\n')
          {
            s.start.line++;
            s.start.column = 1;
          }
        else
          s.start.column++;
      s.start.offset = at + o->source_base;
      s.end = s.start;
      s.end.column += (guint) len;
      s.end.offset += len;
      return s;
    }
  return *within;
}

/* The graph's name of @kind closest to @name, when it is close enough to be a typo. */
static const char *
closest_symbol (Notes *n, KgSymbolKind kind, const char *name)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  guint len = (guint) strlen (name);
  for (guint s = 0; s < kg_graph_n_symbols (n->graph, kind); s++)
    {
      const char *cand = kg_graph_symbol_name (n->graph, kind, (KgSymbol) s);
      guint d = kg_edit_distance (name, cand);
      if (d < best_d)
        {
          best_d = d;
          best = cand;
        }
    }
  return best != NULL && best_d <= MAX (2u, len / 3) && best_d < len ? best : NULL;
}

static void
check_name (Notes *n, KgSymbolKind kind, const char *name, const KgSpan *within)
{
  if (name == NULL || kg_graph_lookup (n->graph, kind, name) != KG_NONE || g_hash_table_contains (n->written[kind], name))
    return;
  static const char *const what[] = { [KG_SYM_LABEL] = "label", [KG_SYM_TYPE] = "relationship type", [KG_SYM_KEY] = "property key" };
  static const KgNoticeKind kinds[] = { [KG_SYM_LABEL] = KG_NOTICE_UNKNOWN_LABEL, [KG_SYM_TYPE] = KG_NOTICE_UNKNOWN_TYPE, [KG_SYM_KEY] = KG_NOTICE_UNKNOWN_KEY };
  const char *hint = closest_symbol (n, kind, name);
  g_autofree char *text = hint != NULL ? g_strdup_printf ("%s %s does not exist (did you mean %s?)", what[kind], name, hint)
                                       : g_strdup_printf ("%s %s does not exist", what[kind], name);
  KgSpan span = name_span (n, within, name);
  kg_plan_add_notice (n->b->plan, kinds[kind], &span, name, hint, text);
}

/* Whether the slot holds only nodes or relationships (and nulls), as far as the binder
 * knows: property reads of maps are not about the graph's keys. */
static guint
entity_types (Notes *n, int slot)
{
  guint t = kg_binder_slot_type (n->b, slot) & ~KG_TYPES (KG_VALUE_NULL);
  return t != 0 && (t & ~(KG_TYPES (KG_VALUE_NODE) | KG_TYPES (KG_VALUE_EDGE))) == 0 ? t : 0;
}

static void check_reads (Notes *n, const KgAst *e);

static void
check_children (Notes *n, const KgAst *e, guint from)
{
  for (guint i = from; i < kg_ast_n_children (e); i++)
    check_reads (n, kg_ast_child (e, i));
}

/* A pattern that is matched: its labels, types and property-map keys are reads. */
static void
check_pattern_element (Notes *n, const KgAst *e)
{
  KgSymbolKind kind = e->kind == KG_AST_NODE_PATTERN ? KG_SYM_LABEL : KG_SYM_TYPE;
  for (guint i = 0; i < kg_ast_n_names (e); i++)
    check_name (n, kind, kg_ast_name_at (e, i), &e->span);
  const KgAst *props = kg_ast_child (e, 0);
  if (props != NULL && props->kind == KG_AST_MAP)
    for (guint i = 0; i < kg_ast_n_names (props); i++)
      check_name (n, KG_SYM_KEY, kg_ast_name_at (props, i), &e->span);
  check_children (n, e, 0);
}

/* A CREATE or MERGE pattern: only the expressions in its property maps read. */
static void
check_created (Notes *n, const KgAst *e)
{
  if (e == NULL)
    return;
  if (e->kind == KG_AST_MAP)
    check_children (n, e, 0);
  else
    for (guint i = 0; i < kg_ast_n_children (e); i++)
      check_created (n, kg_ast_child (e, i));
}

static void
check_reads (Notes *n, const KgAst *e)
{
  if (e == NULL)
    return;
  switch (e->kind)
    {
    case KG_AST_CREATE:
      check_created (n, kg_ast_child (e, 0));
      return;
    case KG_AST_MERGE:
      check_created (n, kg_ast_child (e, 0));
      check_children (n, e, 1);
      return;
    case KG_AST_SET_PROPERTY:
    case KG_AST_REMOVE_PROPERTY:
      /* The target's key is written (or removed); its object and the value are read. */
      check_children (n, kg_ast_child (e, 0), 0);
      check_children (n, e, 1);
      return;
    case KG_AST_NODE_PATTERN:
    case KG_AST_REL_PATTERN:
      check_pattern_element (n, e);
      return;
    case KG_AST_LABEL_CHECK:
      {
        const KgAst *of = kg_ast_child (e, 0);
        guint t = of != NULL && of->kind == KG_AST_VARIABLE ? entity_types (n, of->slot) : 0;
        KgSymbolKind kind = t == KG_TYPES (KG_VALUE_EDGE) ? KG_SYM_TYPE : KG_SYM_LABEL;
        if (t == 0 || t == KG_TYPES (KG_VALUE_NODE) || t == KG_TYPES (KG_VALUE_EDGE))
          for (guint i = 0; i < kg_ast_n_names (e); i++)
            check_name (n, kind, kg_ast_name_at (e, i), &e->span);
        break;
      }
    case KG_AST_PROPERTY:
      {
        const KgAst *of = kg_ast_child (e, 0);
        if (of != NULL && of->kind == KG_AST_VARIABLE && entity_types (n, of->slot) != 0)
          check_name (n, KG_SYM_KEY, e->name, &e->span);
        break;
      }
    case KG_AST_MAP_PROJECTION:
      if (entity_types (n, e->var_slot) != 0)
        for (guint i = 0; i < kg_ast_n_children (e); i++)
          {
            const KgAst *item = kg_ast_child (e, i);
            if (item != NULL && item->op == KG_MAP_ITEM_PROPERTY)
              check_name (n, KG_SYM_KEY, item->name, &item->span);
          }
      break;
    default:
      break;
    }
  check_children (n, e, 0);
}

void
kg_bind_notices (KgBinder *b, const KgAst *query, const KgPlanOptions *options)
{
  Notes n = { 0 };
  n.b = b;
  n.graph = b->graph;
  n.options = options;
  for (guint k = 0; k < G_N_ELEMENTS (n.written); k++)
    n.written[k] = g_hash_table_new (g_str_hash, g_str_equal);
  collect_written (&n, query);
  if (!n.write_proc)
    check_reads (&n, query);
  for (guint k = 0; k < G_N_ELEMENTS (n.written); k++)
    g_hash_table_destroy (n.written[k]);
}
