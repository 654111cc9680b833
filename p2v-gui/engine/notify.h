/* ferry-p2v: how the engine speaks to its front end.
 *
 * Inside the engine, every word for the user goes through these helpers,
 * which call the front end's callbacks (engine.h) and nothing else: the
 * engine has no other way to speak.  Each helper does nothing when its
 * callback is NULL, and makes the text one line of valid UTF-8 (invalid
 * bytes replaced, control characters made spaces), as engine.h
 * promises.
 */
#ifndef FERRY_P2V_NOTIFY_H
#define FERRY_P2V_NOTIFY_H

#include <glib.h>

#include "engine.h"

/* The front end of one run: its callbacks (never NULL) and their
 * opaque pointer.
 */
struct ferry_p2v_notify {
  const struct ferry_p2v_callbacks *callbacks;
  void *opaque;
};

void ferry_p2v_notify_status (const struct ferry_p2v_notify *n,
                              const char *fmt, ...) G_GNUC_PRINTF (2, 3);

void ferry_p2v_notify_log (const struct ferry_p2v_notify *n,
                           enum ferry_p2v_log_level level,
                           const char *fmt, ...) G_GNUC_PRINTF (3, 4);

void ferry_p2v_notify_message (const struct ferry_p2v_notify *n,
                               enum ferry_p2v_message_type type,
                               const char *text);

void ferry_p2v_notify_progress (const struct ferry_p2v_notify *n,
                                size_t disk, uint64_t done, uint64_t total);

/* The outcome (exactly one per run). */
void ferry_p2v_notify_finished (const struct ferry_p2v_notify *n,
                                const char *result);
void ferry_p2v_notify_failed (const struct ferry_p2v_notify *n,
                              const char *message);
void ferry_p2v_notify_cancelled (const struct ferry_p2v_notify *n);

#endif /* FERRY_P2V_NOTIFY_H */
