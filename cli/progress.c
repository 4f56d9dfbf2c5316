/* cli/progress.c — the status line of a long computation (a graph algorithm) on a
 * terminal: once a run has gone on for a second, stderr shows what runs, where it is
 * and how far it has got, redrawn in place ("algo.pageRank: iteration 7 of at most 20
 * (change 3.1e-05, tolerance 1e-07) 35% 2.4 s — Ctrl-C stops it"), and erased when the
 * run ends, before its rows or its error are printed.
 *
 * Only on a terminal: a redirected stderr gets no status lines. The reports come from
 * the engine (kgq_session_set_progress()); nothing here decides how long a step takes.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

static gboolean line_shown;

/* The columns of the terminal on stderr, so the line never wraps. */
static guint
stderr_width (void)
{
  struct winsize ws;
  if (ioctl (STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
    return ws.ws_col;
  return 80;
}

static void
on_progress (const char *task, const char *phase, double fraction, gint64 elapsed_us, gpointer data)
{
  if (task == NULL)
    {
      if (line_shown)
        fputs ("\r\033[K", stderr);
      line_shown = FALSE;
      fflush (stderr);
      return;
    }
  if (elapsed_us < G_USEC_PER_SEC)
    return;
  g_autoptr (GString) s = g_string_new (task);
  if (phase != NULL && *phase != '\0')
    g_string_append_printf (s, ": %s", phase);
  if (fraction >= 0)
    g_string_append_printf (s, " %.0f%%", fraction * 100);
  g_string_append_printf (s, " %.1f s, Ctrl-C stops it", elapsed_us / (double) G_USEC_PER_SEC);
  guint width = stderr_width () - 1;
  if (g_utf8_strlen (s->str, -1) > width)
    g_string_truncate (s, g_utf8_offset_to_pointer (s->str, width) - s->str);
  fprintf (stderr, "\r\033[K%s", s->str);
  fflush (stderr);
  line_shown = TRUE;
}

void
kg_cli_progress_install (KgqSession *session)
{
  if (isatty (STDERR_FILENO))
    kgq_session_set_progress (session, on_progress, NULL);
}
