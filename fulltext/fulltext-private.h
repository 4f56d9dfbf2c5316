/* fulltext/fulltext-private.h — what the query parser (query.c) and the searcher
 * (index.c) share: the parsed query tree. Nothing outside fulltext/ includes it.
 */
#pragma once

#include "fulltext/fulltext.h"

G_BEGIN_DECLS

typedef enum
{
  FT_TERM,     /* text is analysed like indexed text; several words match any of them */
  FT_PHRASE,   /* the analysed words at consecutive positions (within `slop` moves) */
  FT_PREFIX,   /* text (folded, not stemmed) is the prefix of a term */
  FT_WILDCARD, /* text holds * and ? */
  FT_FUZZY,    /* terms within `edits` of the folded (or stemmed) text */
  FT_RANGE,    /* terms between text and upper (folded, not stemmed; NULL: open) */
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
  guint slop;          /* FT_PHRASE: how many position moves a match may need */
  char *upper;         /* FT_RANGE: the upper bound (nullable: open); text is the lower */
  gboolean lower_incl; /* FT_RANGE: `[` rather than `{` */
  gboolean upper_incl; /* FT_RANGE: `]` rather than `}` */
  double boost;        /* 1 unless `^n` */
  guint offset;        /* characters from the start of the query, for errors */
  GPtrArray *children; /* FT_BOOL: KgFtQuery * */
};

G_END_DECLS
