/* engine/ops/op-create.c — Create: CREATE's nodes, relationships and paths, one input
 * row at a time, behind the eager barrier (op-eager.c). kg_exec_create() is shared with
 * Merge. Does not match anything.
 */
#include "engine/ops/op-private.h"
#include "engine/ops/op-write.h"

#include <string.h>

gboolean
kg_write_check_prop (KgExec *exec, const KgValue *v, const KgSpan *span, GError **error)
{
  switch (v->type)
    {
    case KG_VALUE_MAP:
    case KG_VALUE_NODE:
    case KG_VALUE_EDGE:
    case KG_VALUE_PATH:
      kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, span,
                          "a property value cannot be a %s", kg_value_type_name (v->type));
      return FALSE;
    case KG_VALUE_LIST:
      for (guint i = 0; i < v->u.list->len; i++)
        {
          KgValueType t = v->u.list->items[i].type;
          if (t == KG_VALUE_LIST || t == KG_VALUE_MAP || t == KG_VALUE_NODE || t == KG_VALUE_EDGE || t == KG_VALUE_PATH)
            {
              kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, span,
                                  "a property list may only hold simple values, not %s", kg_value_type_name (t));
              return FALSE;
            }
        }
      return TRUE;
    default:
      return TRUE;
    }
}

/* Stores value @v of key @key (@span: its place in the pattern) on the new entity:
 * FALSE with @error set when it may not be stored. */
static gboolean
set_one (KgExec *exec, gboolean node, guint32 id, gboolean merge, const char *name, KgSymbol *key, const KgValue *v, const KgSpan *span, GError **error)
{
  if (v->type == KG_VALUE_NULL)
    {
      if (!merge)
        return TRUE;
      kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, exec->filename, span,
                          "cannot merge a %s using a null property value for `%s`", node ? "node" : "relationship", name);
      return FALSE;
    }
  if (!kg_write_check_prop (exec, v, span, error))
    return FALSE;
  if (*key == KG_NONE)
    *key = kg_graph_intern (exec->graph, KG_SYM_KEY, name);
  if (node)
    kg_graph_node_set_prop (exec->graph, id, *key, v);
  else
    kg_graph_edge_set_prop (exec->graph, id, *key, v);
  exec->stats.properties_set++;
  return TRUE;
}

/* A pattern's literal map of distinct keys, {k1: e1, k2: e2, ...}: its values are
 * evaluated one by one into the store, with no map built per row and the keys' symbols
 * resolved once (it->prop_syms). All values are evaluated before any is checked, as
 * when the map is evaluated whole, so the same error comes first. */
static gboolean
set_literal_props (KgExec *exec, KgCreateItem *it, gboolean node, guint32 id, gboolean merge, GError **error)
{
  KgAst *props = it->props;
  guint n = kg_ast_n_children (props);
  KgValue small[8];
  KgValue *vals = n <= G_N_ELEMENTS (small) ? small : g_new (KgValue, n);
  guint done = 0;
  gboolean ok = TRUE;
  for (; done < n && ok; done++)
    ok = kg_expr_eval (&exec->env, kg_ast_child (props, done), &vals[done], error);
  if (!ok)
    done--;
  for (guint i = 0; i < n && ok; i++)
    ok = set_one (exec, node, id, merge, kg_ast_name_at (props, i), &it->prop_syms[i], &vals[i], &kg_ast_child (props, i)->span,
                  error);
  for (guint i = 0; i < done; i++)
    kg_value_clear (&vals[i]);
  if (vals != small)
    g_free (vals);
  return ok;
}

/* Evaluates a pattern's property map and stores it on the new entity. */
static gboolean
set_props (KgExec *exec, KgCreateItem *it, gboolean node, guint32 id, gboolean merge, GError **error)
{
  KgAst *props = it->props;
  if (props == NULL)
    return TRUE;
  if (it->prop_syms != NULL)
    return set_literal_props (exec, it, node, id, merge, error);
  KgValue m = KG_VALUE_INIT;
  if (!kg_expr_eval (&exec->env, props, &m, error))
    return FALSE;
  if (m.type == KG_VALUE_NULL)
    return TRUE;
  if (m.type != KG_VALUE_MAP)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_TYPE, exec->filename, &props->span,
                          "expected a map of properties, got %s", kg_value_type_name (m.type));
      kg_value_clear (&m);
      return FALSE;
    }
  gboolean ok = TRUE;
  for (guint i = 0; i < m.u.map->len && ok; i++)
    {
      const KgSpan *span = props->kind == KG_AST_MAP && i < kg_ast_n_children (props) ? &kg_ast_child (props, i)->span : &props->span;
      KgSymbol key = KG_NONE;
      ok = set_one (exec, node, id, merge, m.u.map->keys[i], &key, &m.u.map->vals[i], span, error);
    }
  kg_value_clear (&m);
  return ok;
}

/* Sets up @it's symbol caches (see KgCreateItem.resolved): each symbol is interned
 * where it was before, when first needed, so a statement that fails early or stores
 * only nulls makes no new names. */
static void
resolve_item (KgCreateItem *it)
{
  it->resolved = TRUE;
  it->type_sym = KG_NONE;
  if (it->labels != NULL && it->labels->len > 0)
    {
      it->label_syms = g_new (KgSymbol, it->labels->len);
      for (guint l = 0; l < it->labels->len; l++)
        it->label_syms[l] = KG_NONE;
    }
  KgAst *props = it->props;
  if (props == NULL || props->kind != KG_AST_MAP)
    return;
  guint n = kg_ast_n_children (props);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < i; j++)
      if (strcmp (kg_ast_name_at (props, i), kg_ast_name_at (props, j)) == 0)
        return; /* a key given twice: the map decides which value stays */
  it->prop_syms = g_new (KgSymbol, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    it->prop_syms[i] = KG_NONE;
}

/* The labels the DYNAMIC_LABELs of node pattern @np give for the current row. */
static GPtrArray *
dynamic_names (KgExec *exec, const KgAst *np, GError **error)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);
  for (guint i = kg_ast_dynamic_labels (np); i < kg_ast_n_children (np); i++)
    {
      GPtrArray *names = kg_eval_dynamic_label (&exec->env, kg_ast_child (np, i), FALSE, error);
      if (names == NULL)
        {
          g_ptr_array_unref (all);
          return NULL;
        }
      for (guint j = 0; j < names->len; j++)
        g_ptr_array_add (all, g_steal_pointer (&names->pdata[j]));
      g_ptr_array_unref (names);
    }
  return all;
}

/* The one type DYNAMIC_LABEL @dyn gives a relationship to create: a STRING, or a list of
 * one (Neo4j's rule: a relationship has exactly one type). */
static char *
dynamic_type (KgExec *exec, const KgAst *dyn, GError **error)
{
  g_autoptr (GPtrArray) names = kg_eval_dynamic_label (&exec->env, dyn, TRUE, error);
  if (names == NULL)
    return NULL;
  if (names->len != 1)
    {
      kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, exec->filename, &dyn->span,
                          "a relationship must have exactly one type, but the dynamic type gives %u", names->len);
      return NULL;
    }
  return g_steal_pointer (&names->pdata[0]);
}

gboolean
kg_exec_create (KgExec *exec, KgCreateSpec *spec, gboolean merge, GError **error)
{
  KgGraph *g = exec->graph;
  for (guint i = 0; i < spec->items->len; i++)
    {
      KgCreateItem *it = &g_array_index (spec->items, KgCreateItem, i);
      if (!it->resolved && !it->exists)
        resolve_item (it);
      if (!it->rel)
        {
          if (it->exists)
            {
              const KgValue *v = &exec->slots[it->slot];
              if (v->type != KG_VALUE_NODE)
                {
                  kg_query_error_set (error, v->type == KG_VALUE_NULL ? KG_QUERY_ERROR_SEMANTIC : KG_QUERY_ERROR_TYPE,
                                      exec->filename, &it->span, "cannot create a relationship with a %s end",
                                      v->type == KG_VALUE_NULL ? "null" : kg_value_type_name (v->type));
                  return FALSE;
                }
              continue;
            }
          g_autoptr (GPtrArray) dynamic = it->dynamic ? dynamic_names (exec, it->dynamic, error) : NULL;
          if (it->dynamic && dynamic == NULL)
            return FALSE;
          KgNodeId n = kg_graph_add_node (g);
          exec->stats.nodes_created++;
          for (guint l = 0; it->labels && l < it->labels->len; l++)
            {
              if (it->label_syms[l] == KG_NONE)
                it->label_syms[l] = kg_graph_intern (g, KG_SYM_LABEL, g_ptr_array_index (it->labels, l));
              if (kg_graph_node_add_label (g, n, it->label_syms[l]))
                exec->stats.labels_added++;
            }
          for (guint l = 0; dynamic && l < dynamic->len; l++)
            if (kg_graph_node_add_label (g, n, kg_graph_intern (g, KG_SYM_LABEL, g_ptr_array_index (dynamic, l))))
              exec->stats.labels_added++;
          kg_exec_set_id (exec, it->slot, KG_VALUE_NODE, n);
          if (!set_props (exec, it, TRUE, n, merge, error))
            return FALSE;
        }
      else
        {
          const KgValue *s = &exec->slots[it->src_slot], *d = &exec->slots[it->dst_slot];
          if (s->type != KG_VALUE_NODE || d->type != KG_VALUE_NODE)
            {
              kg_query_error_set (error, KG_QUERY_ERROR_SEMANTIC, exec->filename,
                                  s->type != KG_VALUE_NODE ? &it->src_span : &it->dst_span,
                                  "cannot create a relationship with a null end");
              return FALSE;
            }
          if (!kg_graph_node_exists (g, s->u.id) || !kg_graph_node_exists (g, d->u.id))
            {
              kg_query_error_set (error, KG_QUERY_ERROR_ENTITY_NOT_FOUND, exec->filename,
                                  !kg_graph_node_exists (g, s->u.id) ? &it->src_span : &it->dst_span,
                                  "cannot create a relationship with a deleted node");
              return FALSE;
            }
          g_autofree char *type = it->dynamic ? dynamic_type (exec, it->dynamic, error) : NULL;
          if (it->dynamic && type == NULL)
            return FALSE;
          if (type == NULL && it->type_sym == KG_NONE)
            it->type_sym = kg_graph_intern (g, KG_SYM_TYPE, it->type);
          KgEdgeId e = kg_graph_add_edge (g, s->u.id, d->u.id, type ? kg_graph_intern (g, KG_SYM_TYPE, type) : it->type_sym);
          exec->stats.relationships_created++;
          kg_exec_set_id (exec, it->slot, KG_VALUE_EDGE, e);
          if (!set_props (exec, it, FALSE, e, merge, error))
            return FALSE;
        }
    }
  if (spec->path_slot >= 0)
    {
      guint n = spec->path_rels.n;
      guint32 *ns = g_new (guint32, n + 1), *es = g_new (guint32, n + 1);
      for (guint i = 0; i <= n; i++)
        ns[i] = exec->slots[spec->path_nodes.v[i]].u.id;
      for (guint i = 0; i < n; i++)
        es[i] = exec->slots[spec->path_rels.v[i]].u.id;
      KgValue pv = kg_value_path (kg_path_new (n, ns, es));
      kg_exec_set_slot (exec, spec->path_slot, &pv);
      g_free (ns);
      g_free (es);
    }
  return TRUE;
}

void
kg_create_spec_clear (KgCreateSpec *spec)
{
  if (spec->items)
    {
      for (guint i = 0; i < spec->items->len; i++)
        {
          KgCreateItem *it = &g_array_index (spec->items, KgCreateItem, i);
          g_free (it->type);
          if (it->labels)
            g_ptr_array_free (it->labels, TRUE);
          g_free (it->label_syms);
          g_free (it->prop_syms);
        }
      g_array_free (spec->items, TRUE);
      spec->items = NULL;
    }
  kg_slots_clear (&spec->path_nodes);
  kg_slots_clear (&spec->path_rels);
}

/* The ends of one item of a simple Create over a batch: ids per row (a stride of 0: the
 * same id for every row). */
typedef struct
{
  KgCreateItem *it;
  const guint32 *src, *dst;
  guint src_stride, dst_stride;
  guint32 *scratch; /* 2 * KG_BATCH_MAX: where columns of parent batches are gathered */
} CreateEnds;

typedef struct
{
  KgWriteOp w;
  GPtrArray *specs; /* KgCreateSpec* */
  /* The batch path (kg_op_create_plan_batches): the input's batches written whole */
  gboolean batched;
  gboolean simple;  /* only relationships between bound nodes, no properties */
  guint left;       /* rows of the batch written but not yet yielded */
  GError *pending;  /* the error met after them */
  CreateEnds *ends; /* one per item of the specs */
} OpCreate;

static gboolean
create_apply (KgWriteOp *w, GPtrArray *out, GError **error)
{
  OpCreate *self = (OpCreate *) w;
  KgExec *exec = w->base.exec;
  for (guint i = 0; i < self->specs->len; i++)
    if (!kg_exec_create (exec, g_ptr_array_index (self->specs, i), FALSE, error))
      return FALSE;
  if (out != NULL)
    g_ptr_array_add (out, kg_exec_save_row (exec));
  return TRUE;
}

/* Whether every pattern of @self is relationships between nodes bound before, with a
 * static type and no properties: then a row is its endpoints' ids and nothing else. */
static gboolean
specs_simple (OpCreate *self)
{
  for (guint i = 0; i < self->specs->len; i++)
    {
      KgCreateSpec *spec = g_ptr_array_index (self->specs, i);
      if (spec->path_slot >= 0)
        return FALSE;
      for (guint j = 0; j < spec->items->len; j++)
        {
          KgCreateItem *it = &g_array_index (spec->items, KgCreateItem, j);
          if (it->rel ? it->dynamic != NULL || it->props != NULL : !it->exists)
            return FALSE;
        }
    }
  return TRUE;
}

/* The ids of @slot for the rows of @b (a batch's column, or the plan's row's one value
 * repeated by a stride of 0). FALSE when they are not nodes. */
static gboolean
end_ids (KgExec *exec, const KgBatch *b, int slot, guint32 *scratch, const guint32 **ids, guint *stride)
{
  KgValueType type;
  *ids = kg_batch_ids (b, slot, scratch, &type);
  *stride = 1;
  if (*ids == NULL)
    {
      if (kg_batch_has_slot (b, slot))
        return FALSE; /* a value column: the row path decides */
      const KgValue *v = &exec->slots[slot];
      type = v->type;
      *ids = &v->u.id;
      *stride = 0;
    }
  return type == KG_VALUE_NODE;
}

/* Writes the relationships of the alive rows of @b from the @from-th on from its columns
 * of ids, in order, up to the first row whose ends are not all nodes that exist.
 * Returns: the index of that row (b->n_sel: all written); *@give_up set when the
 * columns are not ids of nodes, so that the rest is for the row path. */
static guint
create_batch_simple (OpCreate *self, const KgBatch *b, guint from, gboolean *give_up)
{
  KgExec *exec = self->w.base.exec;
  KgGraph *g = exec->graph;
  guint n_items = 0;
  for (guint i = 0; i < self->specs->len; i++)
    n_items += ((KgCreateSpec *) g_ptr_array_index (self->specs, i))->items->len;
  if (self->ends == NULL)
    self->ends = g_new0 (CreateEnds, n_items);
  guint e = 0;
  for (guint i = 0; i < self->specs->len; i++)
    {
      KgCreateSpec *spec = g_ptr_array_index (self->specs, i);
      for (guint j = 0; j < spec->items->len; j++, e++)
        {
          KgCreateItem *it = &g_array_index (spec->items, KgCreateItem, j);
          CreateEnds *ce = &self->ends[e];
          ce->it = it;
          if (ce->scratch == NULL)
            ce->scratch = g_new (guint32, 2 * KG_BATCH_MAX);
          if (!end_ids (exec, b, it->rel ? it->src_slot : it->slot, ce->scratch, &ce->src, &ce->src_stride) ||
              (it->rel && !end_ids (exec, b, it->dst_slot, ce->scratch + KG_BATCH_MAX, &ce->dst, &ce->dst_stride)))
            {
              *give_up = TRUE;
              return from;
            }
          if (it->rel && !it->resolved)
            resolve_item (it);
        }
    }
  guint done = from;
  for (; done < b->n_sel; done++)
    {
      guint r = kg_batch_row (b, done);
      gboolean ok = TRUE;
      for (e = 0; e < n_items && ok; e++)
        {
          const CreateEnds *ce = &self->ends[e];
          ok = kg_graph_node_exists (g, ce->src[r * ce->src_stride]) &&
               (!ce->it->rel || kg_graph_node_exists (g, ce->dst[r * ce->dst_stride]));
        }
      if (!ok)
        break;
      for (e = 0; e < n_items; e++)
        {
          const CreateEnds *ce = &self->ends[e];
          KgCreateItem *it = ce->it;
          if (!it->rel)
            continue;
          if (it->type_sym == KG_NONE)
            it->type_sym = kg_graph_intern (g, KG_SYM_TYPE, it->type);
          kg_graph_add_edge (g, ce->src[r * ce->src_stride], ce->dst[r * ce->dst_stride], it->type_sym);
          exec->stats.relationships_created++;
        }
    }
  return done;
}

/* The batch path: a Create at the root of a statement that returns nothing, over
 * LoadCsv and IndexSeeks that hand out batches. Each batch's rows are written in order,
 * as the row path would write them; the rows are then yielded without being loaded
 * (nothing reads them), so PROFILE counts them. A row the simple way cannot write is
 * loaded and written by kg_exec_create(), which also reports its errors. */
static KgOpStatus
create_next (KgOp *op, GError **error)
{
  OpCreate *self = (OpCreate *) op;
  if (!self->batched)
    return kg_write_next (op, error);
  if (self->left > 0)
    {
      self->left--;
      return KG_NEXT_ROW;
    }
  if (self->pending)
    {
      g_propagate_error (error, self->pending);
      self->pending = NULL;
      return KG_NEXT_ERROR;
    }
  KgExec *exec = op->exec;
  for (;;)
    {
      KgBatch *b;
      KgOpStatus st = kg_op_next_batch (op->child, &b, error);
      if (st != KG_NEXT_ROW)
        return st;
      guint done = 0;
      gboolean give_up = !self->simple;
      while (done < b->n_sel)
        {
          /* the rows the simple way, and the one it stops at (if any) the row path's
           * way, which also says what is wrong with it */
          if (!give_up)
            done = create_batch_simple (self, b, done, &give_up);
          if (done >= b->n_sel)
            break;
          kg_batch_load_row (exec, b, kg_batch_row (b, done));
          if (!create_apply (&self->w, NULL, &self->pending))
            break;
          done++;
        }
      if (done == 0 && self->pending)
        {
          g_propagate_error (error, self->pending);
          self->pending = NULL;
          return KG_NEXT_ERROR;
        }
      if (done > 0)
        {
          self->left = done - 1;
          return KG_NEXT_ROW;
        }
    }
}

static void
create_close (KgOp *op)
{
  OpCreate *self = (OpCreate *) op;
  self->left = 0;
  g_clear_error (&self->pending);
  kg_write_close (op);
}

static void
create_free (KgOp *op)
{
  OpCreate *self = (OpCreate *) op;
  g_clear_error (&self->pending);
  if (self->ends)
    {
      guint n_items = 0;
      for (guint i = 0; i < self->specs->len; i++)
        n_items += ((KgCreateSpec *) g_ptr_array_index (self->specs, i))->items->len;
      for (guint i = 0; i < n_items; i++)
        g_free (self->ends[i].scratch);
      g_free (self->ends);
    }
  g_ptr_array_free (((OpCreate *) op)->specs, TRUE);
}

static void
create_describe (KgOp *op, GString *out)
{
  OpCreate *self = (OpCreate *) op;
  guint n = 0, r = 0;
  for (guint i = 0; i < self->specs->len; i++)
    {
      KgCreateSpec *s = g_ptr_array_index (self->specs, i);
      for (guint j = 0; j < s->items->len; j++)
        {
          KgCreateItem *it = &g_array_index (s->items, KgCreateItem, j);
          if (it->rel)
            r++;
          else if (!it->exists)
            n++;
        }
    }
  g_string_append_printf (out, "nodes=%u relationships=%u", n, r);
  if (self->w.stream)
    g_string_append (out, " streaming");
}

void
kg_op_create_writes (KgOp *op, gboolean *nodes, gboolean *rels)
{
  OpCreate *self = (OpCreate *) op;
  *nodes = *rels = FALSE;
  for (guint i = 0; i < self->specs->len; i++)
    {
      KgCreateSpec *s = g_ptr_array_index (self->specs, i);
      for (guint j = 0; j < s->items->len; j++)
        {
          KgCreateItem *it = &g_array_index (s->items, KgCreateItem, j);
          if (it->rel)
            *rels = TRUE;
          else if (!it->exists)
            *nodes = TRUE;
        }
    }
}

static const KgOpClass create_class = {
  .name = "Create",
  .size = sizeof (OpCreate),
  .open = kg_write_open,
  .next = create_next,
  .close = create_close,
  .free = create_free,
  .describe = create_describe,
};

static void
spec_free (gpointer p)
{
  kg_create_spec_clear (p);
  g_free (p);
}

KgOp *
kg_op_create_new (KgExec *exec, KgOp *child, GPtrArray *specs)
{
  OpCreate *self = (OpCreate *) kg_op_new (&create_class, exec, child);
  self->w.apply = create_apply;
  self->specs = g_ptr_array_new_with_free_func (spec_free);
  for (guint i = 0; i < specs->len; i++)
    g_ptr_array_add (self->specs, g_ptr_array_index (specs, i));
  return &self->w.base;
}

void
kg_op_create_plan_batches (KgOp *root)
{
  if (root == NULL || root->klass != &create_class || !((KgWriteOp *) root)->stream || root->child == NULL)
    return;
  KgOp *op = root->child;
  while (kg_op_is_index_seek (op) && op->batch == KG_BATCH_NONE)
    op = op->child;
  if (!kg_op_is_load_csv (op) || op->batch != KG_BATCH_NONE)
    return;
  op->batch = KG_BATCH_OUT;
  for (op = root->child; !kg_op_is_load_csv (op); op = op->child)
    op->batch = KG_BATCH_OUT;
  root->batch = KG_BATCH_IN;
  OpCreate *self = (OpCreate *) root;
  self->batched = TRUE;
  self->simple = specs_simple (self);
}
