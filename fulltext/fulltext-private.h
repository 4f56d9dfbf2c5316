/* fulltext/fulltext-private.h — what the query parser (query.c) and the searcher
 * (index.c) share: the parsed query tree. Nothing outside fulltext/ includes it.
 */
#pragma once

#include "fulltext/fulltext.h"

G_BEGIN_DECLS

typedef enum
{
  FT_TERM,     /* text is analysed like indexed text; several words match any of them */
  FT_PHRASE,   /* the analysed words at consecutive positions */
  FT_PREFIX,   /* text (folded, not stemmed) is the prefix of a term */
  FT_WILDCARD, /* text holds * and ? */
  FT_FUZZY,    /* terms within `edits` of the folded (or stemmed) text */
  FT_BOOL,     /* children, each with its occur */
} FtKind;

typedef enum
{
  FT_SHOULD,
  FT_MUST,
  FT_MUST_NOT,
} FtOccur;

struct _KgFtQuery
{
  FtKind kind;
  FtOccur occur;       /* how the parent combines this clause */
  char *field;         /* (nullable): `field:`, inherited by a group's clauses */
  char *text;          /* leaves: the text as written, escapes removed */
  guint edits;         /* FT_FUZZY */
  double boost;        /* 1 unless `^n` */
  guint offset;        /* characters from the start of the query, for errors */
  GPtrArray *children; /* FT_BOOL: KgFtQuery * */
};

G_END_DECLS
