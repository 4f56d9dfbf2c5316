/* lib/notify.c — a statement's notices in the shape of Neo4j's notifications.
 *
 * The engine notes what it finds (engine/bind-notice.c, the planner's unbounded
 * patterns) as KgNotices; this file gives each the code, title, description, GQL status
 * and severity Neo4j would send, once per result, so the program, the Bolt server and
 * the HTTP API all say the same thing. It renders one with a caret for the terminal. It
 * does not decide what deserves a notice, and prints nothing.
 */
#include "lib/kgq-private.h"

#include <string.h>

typedef struct
{
  const char *code;
  const char *gql_status;
  const char *title;
  const char *what;     /* Neo4j's description says "(the missing WHAT is: NAME)" */
  const char *gql_what; /* "warn: GQL_WHAT does not exist. The GQL_NAME `NAME` ..." */
  const char *gql_name;
  const char *severity;
  const char *category;
} NoticeShape;

static const NoticeShape shapes[] = {
  [KG_NOTICE_UNKNOWN_LABEL] = { "Neo.ClientNotification.Statement.UnknownLabelWarning", "01N50",
                                "The provided label is not in the database.", "label name", "label", "label", "WARNING",
                                "UNRECOGNIZED" },
  [KG_NOTICE_UNKNOWN_TYPE] = { "Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning", "01N51",
                               "The provided relationship type is not in the database.", "relationship type",
                               "relationship type", "relationship type", "WARNING", "UNRECOGNIZED" },
  [KG_NOTICE_UNKNOWN_KEY] = { "Neo.ClientNotification.Statement.UnknownPropertyKeyWarning", "01N52",
                              "The provided property key is not in the database", "property name", "property key",
                              "property", "WARNING", "UNRECOGNIZED" },
  [KG_NOTICE_UNBOUNDED] = { "Neo.ClientNotification.Statement.UnboundedVariableLengthPattern", "03N91",
                            "The provided pattern is unbounded, consider adding an upper limit to the number of node hops.",
                            NULL, NULL, NULL, "INFORMATION", "PERFORMANCE" },
};

typedef struct
{
  KgqNotification pub;
  char *description;
  char *status_description;
} Notification;

static void
notification_clear (gpointer p)
{
  Notification *n = p;
  g_free (n->description);
  g_free (n->status_description);
}

GArray *
kgq_notifications_new (KgPlan *plan)
{
  guint n = kg_plan_n_notices (plan);
  if (n == 0)
    return NULL;
  GArray *out = g_array_sized_new (FALSE, TRUE, sizeof (Notification), n);
  g_array_set_clear_func (out, notification_clear);
  for (guint i = 0; i < n; i++)
    {
      const KgNotice *k = kg_plan_notice (plan, i);
      const NoticeShape *s = &shapes[k->kind];
      Notification m = { 0 };
      if (s->what != NULL)
        {
          g_autofree char *hint = k->hint != NULL ? g_strdup_printf (" Did you mean %s?", k->hint) : g_strdup ("");
          m.description = g_strdup_printf ("One of the %ss in your query is not available in the database, make sure you "
                                           "didn't misspell it or that the label is available when you run this statement "
                                           "in your application (the missing %s is: %s)%s",
                                           s->gql_what, s->what, k->name, hint);
          m.status_description = g_strdup_printf ("warn: %s does not exist. The %s `%s` does not exist. Verify that the "
                                                  "spelling is correct.",
                                                  s->gql_what, s->gql_name, k->name);
        }
      else
        {
          m.description = g_strdup (k->text);
          m.status_description = g_strdup_printf ("info: unbounded variable length pattern. %s", k->text);
        }
      m.pub.code = s->code;
      m.pub.gql_status = s->gql_status;
      m.pub.title = s->title;
      m.pub.description = m.description;
      m.pub.status_description = m.status_description;
      m.pub.severity = s->severity;
      m.pub.category = s->category;
      m.pub.text = k->text;
      m.pub.message = k->message;
      m.pub.name = k->name;
      m.pub.hint = k->hint;
      m.pub.span = k->span;
      g_array_append_val (out, m);
    }
  return out;
}

const KgqNotification *
kgq_notifications_get (GArray *notifications, guint i)
{
  g_return_val_if_fail (notifications != NULL && i < notifications->len, NULL);
  return &g_array_index (notifications, Notification, i).pub;
}

char *
kgq_notification_render (const KgqNotification *n, const char *source)
{
  g_return_val_if_fail (n != NULL, NULL);
  /* The message is `FILE:LINE:COL: ` then the text. */
  gsize ml = strlen (n->message), tl = strlen (n->text);
  g_autofree char *where = g_strndup (n->message, ml >= tl ? ml - tl : 0);
  g_autofree char *line = g_strdup_printf ("%swarning: %s", where, n->text);
  return kg_span_render (line, &n->span, source);
}
