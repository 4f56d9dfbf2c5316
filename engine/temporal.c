/* engine/temporal.c — the part of Cypher's temporal functions that needs the engine:
 * the statement clock behind date(), localtime(), time(), localdatetime(),
 * datetime() and their realtime/statement/transaction forms with no argument.
 *
 * Everything that is pure calendar computation (ISO 8601 parsing in every form,
 * temporal maps, fields, truncation, duration arithmetic) lives in common/temporal.c,
 * where the loader uses it too. No graph, no printing.
 */
#include "engine/expr-private.h"

#define NS G_GINT64_CONSTANT (1000000000)

KgValue
kg_expr_temporal_now (KgEvalEnv *env, KgValueType type)
{
  /* One clock reading per statement (as Cypher's statement clock): reuse the reading
   * while the same evaluation environment asks again within a second. */
  static _Thread_local const KgEvalEnv *last_env;
  static _Thread_local gint64 last_mono, last_real;
  gint64 mono = g_get_monotonic_time ();
  if (env == NULL || env != last_env || mono - last_mono > G_USEC_PER_SEC)
    {
      last_env = env;
      last_mono = mono;
      last_real = g_get_real_time ();
    }
  gint64 us = last_real;
  gint64 secs = us / 1000000, days = secs / 86400;
  gint64 nanos = (secs % 86400) * NS + (us % 1000000) * 1000;
  if (type == KG_VALUE_DATE)
    return kg_value_date ((gint32) days);
  /* UTC, so no zone rule applies. */
  return kg_value_temporal (type, kg_temporal_new (type == KG_VALUE_LOCALTIME || type == KG_VALUE_TIME ? 0 : days, nanos, 0, NULL));
}
