/* common/tsan-glib.c — ThreadSanitizer builds only (-DKG_TSAN=ON): tells ThreadSanitizer
 * about the synchronisation GLib does out of its sight.
 *
 * Debian's GLib is not built with ThreadSanitizer, and its GMutex, GCond, GOnce and
 * GAsyncQueue synchronise through futexes and atomics inside libglib, which TSan does
 * not see: every hand-off through them would be reported as a data race. This file
 * wraps the calls kgq makes (the executable's definitions come before libglib's), calls
 * GLib's own function through dlsym(RTLD_NEXT), and adds the happens-before edge the
 * call means: a lock acquires what the last unlock of the same mutex released, a pop
 * acquires what the pushes to the same queue released, g_once_init_enter() acquires
 * what g_once_init_leave() released, a pool's worker acquires what g_thread_pool_push()
 * released for its item (the pool's function is wrapped in one that says so). The
 * wrappers also serve GLib's other libraries (GIO's threaded socket service), whose
 * calls into libglib find the executable's definitions first. GRWLock needs nothing: GLib builds it on
 * pthread_rwlock_t, which TSan intercepts. Synchronisation inside GLib and GIO (their
 * thread pools, GTask, GObject) stays unseen; tests/tsan.supp names those reports.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <glib.h>

void __tsan_acquire (void *addr);
void __tsan_release (void *addr);

/* The declarations below redefine GLib's exported functions; they must keep its
 * prototypes, which glib.h already gives. */
#define REAL(name)                                                                           \
  static __typeof__ (name) *real_##name##_cache;                                             \
  __typeof__ (name) *real_##name = __atomic_load_n (&real_##name##_cache, __ATOMIC_ACQUIRE); \
  if (G_UNLIKELY (!real_##name))                                                             \
    {                                                                                        \
      real_##name = (__typeof__ (name) *) dlsym (RTLD_NEXT, #name);                          \
      __atomic_store_n (&real_##name##_cache, real_##name, __ATOMIC_RELEASE);                \
    }

void
g_mutex_lock (GMutex *mutex)
{
  REAL (g_mutex_lock);
  real_g_mutex_lock (mutex);
  __tsan_acquire (mutex);
}

gboolean
g_mutex_trylock (GMutex *mutex)
{
  REAL (g_mutex_trylock);
  gboolean locked = real_g_mutex_trylock (mutex);
  if (locked)
    __tsan_acquire (mutex);
  return locked;
}

void
g_mutex_unlock (GMutex *mutex)
{
  REAL (g_mutex_unlock);
  __tsan_release (mutex);
  real_g_mutex_unlock (mutex);
}

void
g_rec_mutex_lock (GRecMutex *mutex)
{
  REAL (g_rec_mutex_lock);
  real_g_rec_mutex_lock (mutex);
  __tsan_acquire (mutex);
}

void
g_rec_mutex_unlock (GRecMutex *mutex)
{
  REAL (g_rec_mutex_unlock);
  __tsan_release (mutex);
  real_g_rec_mutex_unlock (mutex);
}

void
g_cond_wait (GCond *cond, GMutex *mutex)
{
  REAL (g_cond_wait);
  __tsan_release (mutex);
  real_g_cond_wait (cond, mutex);
  __tsan_acquire (mutex);
}

gboolean
g_cond_wait_until (GCond *cond, GMutex *mutex, gint64 end_time)
{
  REAL (g_cond_wait_until);
  __tsan_release (mutex);
  gboolean signalled = real_g_cond_wait_until (cond, mutex, end_time);
  __tsan_acquire (mutex);
  return signalled;
}

void
g_async_queue_push (GAsyncQueue *queue, gpointer data)
{
  REAL (g_async_queue_push);
  __tsan_release (queue);
  real_g_async_queue_push (queue, data);
}

void
g_async_queue_push_front (GAsyncQueue *queue, gpointer data)
{
  REAL (g_async_queue_push_front);
  __tsan_release (queue);
  real_g_async_queue_push_front (queue, data);
}

gpointer
g_async_queue_pop (GAsyncQueue *queue)
{
  REAL (g_async_queue_pop);
  gpointer data = real_g_async_queue_pop (queue);
  __tsan_acquire (queue);
  return data;
}

gpointer
g_async_queue_try_pop (GAsyncQueue *queue)
{
  REAL (g_async_queue_try_pop);
  gpointer data = real_g_async_queue_try_pop (queue);
  if (data)
    __tsan_acquire (queue);
  return data;
}

gpointer
g_async_queue_timeout_pop (GAsyncQueue *queue, guint64 timeout)
{
  REAL (g_async_queue_timeout_pop);
  gpointer data = real_g_async_queue_timeout_pop (queue, timeout);
  if (data)
    __tsan_acquire (queue);
  return data;
}

#undef g_once_init_enter
#undef g_once_init_leave

gboolean
g_once_init_enter (volatile void *location)
{
  REAL (g_once_init_enter);
  gboolean first = real_g_once_init_enter (location);
  if (!first)
    __tsan_acquire ((void *) location);
  return first;
}

void
g_once_init_leave (volatile void *location, gsize result)
{
  REAL (g_once_init_leave);
  __tsan_release ((void *) location);
  real_g_once_init_leave (location, result);
}

/* A thread pool's function, wrapped: the worker acquires what the push of its item
 * released. One of these a pool, never freed (ThreadSanitizer builds only). */
typedef struct
{
  GFunc func;
  gpointer user_data;
} PoolFunc;

static void
pool_trampoline (gpointer item, gpointer data)
{
  PoolFunc *pf = data;
  __tsan_acquire (item);
  pf->func (item, pf->user_data);
}

GThreadPool *
g_thread_pool_new (GFunc func, gpointer user_data, gint max_threads, gboolean exclusive, GError **error)
{
  REAL (g_thread_pool_new);
  PoolFunc *pf = g_new (PoolFunc, 1);
  pf->func = func;
  pf->user_data = user_data;
  return real_g_thread_pool_new (pool_trampoline, pf, max_threads, exclusive, error);
}

GThreadPool *
g_thread_pool_new_full (GFunc func, gpointer user_data, GDestroyNotify item_free_func, gint max_threads, gboolean exclusive, GError **error)
{
  REAL (g_thread_pool_new_full);
  PoolFunc *pf = g_new (PoolFunc, 1);
  pf->func = func;
  pf->user_data = user_data;
  return real_g_thread_pool_new_full (pool_trampoline, pf, item_free_func, max_threads, exclusive, error);
}

gboolean
g_thread_pool_push (GThreadPool *pool, gpointer data, GError **error)
{
  REAL (g_thread_pool_push);
  __tsan_release (data);
  return real_g_thread_pool_push (pool, data, error);
}
