/* tests/fuzz/fuzz-parser.c — libFuzzer entry point for the Cypher parser.
 *
 * Feeds arbitrary bytes to kg_parse(), kg_parse_split() and kg_parse_is_complete()
 * and checks the parser's contract: exactly one of the tree and the error comes back,
 * errors render, trees dump and copy. It does not check what the tree means. Built as
 * a libFuzzer target with -DKG_FUZZ=ON (clang), and linked with onefile.c otherwise so
 * ctest replays the corpus.
 */
#include "parser/parser.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Every span lies within the text, and within its parent's span. */
static void
check_spans (const KgAst *root, size_t size)
{
  GPtrArray *stack = g_ptr_array_new ();
  g_ptr_array_add (stack, (gpointer) root);
  while (stack->len > 0)
    {
      const KgAst *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);
      g_assert (node->span.start.offset <= node->span.end.offset);
      g_assert (node->span.end.offset <= size);
      for (guint i = 0; i < kg_ast_n_children (node); i++)
        {
          const KgAst *child = kg_ast_child (node, i);
          if (child == NULL)
            continue;
          g_assert (child->span.start.offset >= node->span.start.offset);
          g_assert (child->span.end.offset <= node->span.end.offset);
          g_ptr_array_add (stack, (gpointer) child);
        }
    }
  g_ptr_array_unref (stack);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* kg_parse_is_complete() and the renderer take NUL-terminated text */
  char *src = g_malloc (size + 1);
  memcpy (src, data, size);
  src[size] = '\0';

  GError *error = NULL;
  KgAst *ast = kg_parse (src, (gssize) size, "fuzz", NULL, &error);
  g_assert ((ast == NULL) != (error == NULL)); /* exactly one of the two */
  if (error != NULL)
    {
      g_assert (error->domain == KG_QUERY_ERROR);
      g_free (kg_query_error_render (error, src));
      g_error_free (error);
    }
  else
    {
      g_assert (ast->kind == KG_AST_QUERY);
      check_spans (ast, size);
      KgAst *copy = kg_ast_copy (ast);
      char *d1 = kg_ast_dump (ast);
      char *d2 = kg_ast_dump (copy);
      g_assert (strcmp (d1, d2) == 0);
      g_free (d1);
      g_free (d2);
      kg_ast_free (copy);
      kg_ast_free (ast);
    }
  (void) kg_parse_is_complete (src);

  GArray *slices = kg_parse_split (src, (gssize) size);
  for (guint i = 0; i < slices->len; i++)
    {
      KgStatementSlice *s = &g_array_index (slices, KgStatementSlice, i);
      g_assert (s->start.offset + s->length <= size);
    }
  g_array_unref (slices);
  g_free (src);
  return 0;
}
