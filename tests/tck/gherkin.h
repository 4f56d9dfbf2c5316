/* tests/tck/gherkin.h — a small reader for the Gherkin files of the openCypher TCK.
 *
 * Reads Feature, Background, Scenario, Scenario Outline and Examples blocks, steps
 * (Given/When/Then/And/But) with their doc strings (""") and data tables (| a | b |,
 * with \| \\ \n escapes), and expands every Scenario Outline into one scenario per
 * Examples row, substituting <name> placeholders in step text, doc strings and tables.
 * Background steps are put in front of every scenario's steps.
 *
 * It does not know what a step means (tck.c does), and it reads only the subset of
 * Gherkin the TCK uses: no Rule blocks, no i18n keywords.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *keyword;    /* "Given", "When", "Then", "And", "But" */
  char *text;       /* the rest of the line, e.g. "executing query:" */
  char *doc;        /* (nullable) the doc string's lines joined with '\n' */
  GPtrArray *table; /* (nullable) rows: GPtrArray of char * cells */
  int line;
} TckStep;

typedef struct
{
  char *feature_path; /* relative to the features directory's parent: "features/..." */
  char *feature_name;
  char *name;       /* the scenario's name; outlines get " #N" per Examples row (1-based) */
  char *key;        /* "features/...:name" — unique over the suite */
  char **tags;      /* NULL-terminated */
  GPtrArray *steps; /* TckStep * */
  int line;
} TckScenario;

void tck_scenario_free (TckScenario *scenario);

/**
 * tck_gherkin_read:
 * @path: the feature file
 * @rel_path: what to call it in scenario keys
 * @scenarios: (element-type TckScenario): the expanded scenarios are appended here
 *
 * Returns: FALSE with @error when the file cannot be read or is malformed.
 */
gboolean tck_gherkin_read (const char *path, const char *rel_path, GPtrArray *scenarios, GError **error);

/**
 * tck_gherkin_parse:
 * Like tck_gherkin_read() for text already in memory.
 */
gboolean tck_gherkin_parse (const char *text, const char *rel_path, GPtrArray *scenarios, GError **error);

G_END_DECLS
