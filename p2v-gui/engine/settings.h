/* ferry-p2v: the configuration, from the p2v.* kernel command line keys.
 *
 * Every setting is declared once, in the table ferry_p2v_settings
 * (settings.c): its key, virt-p2v's other name for it, its type, where it
 * lives in struct ferry_p2v_config, its default and a one-line doc.  The
 * parser, the dump (--dump-config), --help and the check of the man page
 * all walk that table.
 *
 * Rules of the kernel command line (see kernel-cmdline.h for how it is split):
 *
 *   - Parameters whose key does not start with "p2v." belong to the
 *     kernel or to init and are ignored.
 *   - An unknown p2v.* key is an error naming it (with the nearest known
 *     key when there is one): ferry-p2v runs unattended, and a typo
 *     silently ignored would convert with settings nobody asked for.
 *     virt-p2v keys that ferry-p2v does not take are errors too, saying
 *     so.  virt-p2v's long names (p2v.remote.server, p2v.output.type...)
 *     are accepted for the keys they name.
 *   - A key given twice: the last one wins, except for the lists
 *     (p2v.disks, p2v.removable, p2v.interfaces, p2v.network, p2v.oo),
 *     which gather the elements of every occurrence, in order.  An empty
 *     list value ("p2v.removable=") adds nothing but still counts as given:
 *     an empty list then replaces the default.
 *   - A bad value (not a number, out of range, not one of the choices,
 *     malformed) is an error naming the key and the value.  Values are
 *     shown with control characters escaped; the password is never shown,
 *     in errors or in the dump.
 *   - A boolean key alone is true; with a value it takes 1/0, true/false,
 *     yes/no, on/off, y/n, t/f (any case); an empty value is true, as in
 *     virt-p2v.
 *
 * The engine (the headless front end, and later the GTK wizard) reads the
 * fields of struct ferry_p2v_config by name.  Settings whose default is
 * the machine's own (the guest name, vCPUs, memory, disks, CD-ROM drives,
 * network interfaces) are left unset by the parser and filled in by
 * ferry_p2v_config_resolve once the machine is probed.
 */
#ifndef FERRY_P2V_CONFIG_H
#define FERRY_P2V_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "probe.h"

struct ferry_p2v_config {
  char *server;            /* p2v.server: NULL if not given */
  int port;                /* p2v.port: 1..65535 */
  char *username;          /* p2v.username */
  char *password;          /* p2v.password: NULL if not given; secret */
  char *identity;          /* p2v.identity: a file:// URL, or NULL */
  bool sudo;               /* p2v.sudo */
  char *name;              /* p2v.name: NULL until resolved */
  int vcpus;               /* p2v.vcpus: 0 until resolved */
  uint64_t memory;         /* p2v.memory, bytes: 0 until resolved */
  /* Lists of strings (char *), NULL when not given (then resolved to the
   * machine's): p2v.disks, p2v.removable, p2v.interfaces.
   */
  GPtrArray *disks;
  GPtrArray *removable;
  GPtrArray *interfaces;
  GPtrArray *network;      /* p2v.network: "IFACE:NETWORK" or "NETWORK" */
  char *output;            /* p2v.o: the output type */
  char *output_alloc;      /* p2v.oa: "sparse" or "preallocated" */
  char *output_conn;       /* p2v.oc: or NULL */
  char *output_format;     /* p2v.of: "raw" or "qcow2" */
  char *output_storage;    /* p2v.os: or NULL (the server's choice) */
  GPtrArray *output_options;  /* p2v.oo: -oo options, in order */
  char *pre;               /* p2v.pre: a command, "" (none) or NULL */
  char *post;              /* p2v.post: same */
  char *fail;              /* p2v.fail: same */
  char *hostkey;           /* p2v.hostkey: "SHA256:..." or NULL */
  bool verbose;            /* p2v.verbose */
  /* Which settings the command line gave: bit I for ferry_p2v_settings[I].
   * Read it with ferry_p2v_config_is_set.
   */
  uint64_t given;
};

enum ferry_p2v_type {
  FERRY_P2V_STRING,
  FERRY_P2V_INT,           /* an int, decimal, between min and max */
  FERRY_P2V_BOOL,
  FERRY_P2V_LIST,          /* comma-separated strings, accumulated */
  FERRY_P2V_ENUM,          /* one of choices, kept as a string */
  FERRY_P2V_SIZE,          /* a uint64_t of bytes, written N with a unit */
};

/* Flags of a setting. */
#define FERRY_P2V_SECRET       1u  /* never shown: <hidden> in the dump */
#define FERRY_P2V_ALLOW_EMPTY  2u  /* a string that may be "" */
#define FERRY_P2V_UNIQUE       4u  /* a list whose elements differ */

struct ferry_p2v_setting {
  const char *key;          /* "p2v.server" */
  const char *alias;        /* virt-p2v's other name, or NULL */
  enum ferry_p2v_type type;
  size_t offset;            /* of the field in struct ferry_p2v_config */
  const char *metavar;      /* what the value looks like, for the docs */
  const char *default_value;  /* in command line syntax, or NULL */
  const char *default_doc;  /* a default decided at run time, in words;
                               the dump shows it as <default_doc> */
  const char *doc;          /* one line */
  const char *const *choices;  /* FERRY_P2V_ENUM: NULL-terminated */
  long long min, max;       /* FERRY_P2V_INT, FERRY_P2V_SIZE */
  unsigned flags;
  /* Optional: is VALUE (a string, or each element of a list) right?
   * KEY is the key as the command line wrote it (the alias, maybe).
   * Returns 0, or -1 with an error that names KEY and VALUE.
   */
  int (*check) (const char *key, const char *value);
  /* Optional, for lists: is the whole list right, once an occurrence is
   * added?  Same return.
   */
  int (*check_list) (const char *key, const GPtrArray *list);
};

/* The table, in the order of the dump and of the docs. */
extern const struct ferry_p2v_setting ferry_p2v_settings[];
extern const size_t ferry_p2v_n_settings;

/* The setting called KEY (its key or its alias), or NULL. */
const struct ferry_p2v_setting *ferry_p2v_setting_find (const char *key);

/* A configuration holding the defaults of the table. */
struct ferry_p2v_config *ferry_p2v_config_new (void);
void ferry_p2v_config_free (struct ferry_p2v_config *config);
typedef struct ferry_p2v_config ferry_p2v_config;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ferry_p2v_config, ferry_p2v_config_free)

/* Apply the p2v.* parameters of the kernel command line TEXT (LEN bytes)
 * to CONFIG, by the rules above.  Returns 0, or -1 with the error set at
 * the first bad parameter (CONFIG is then half updated: throw it away).
 */
int ferry_p2v_config_parse (struct ferry_p2v_config *config,
                            const char *text, size_t len);

/* Same, reading the command line from file PATH (/proc/cmdline). */
int ferry_p2v_config_parse_file (struct ferry_p2v_config *config,
                                 const char *path);

/* What a front end starts from: a new configuration with the p2v.* keys
 * of CMDLINE (the text of --cmdline) if not NULL, else of the file
 * CMDLINE_FILE (--cmdline-file), else of /proc/cmdline; with VERBOSE
 * (-v), p2v.verbose is on whatever the keys say.  NULL with the error
 * set.
 */
struct ferry_p2v_config *ferry_p2v_config_load (const char *cmdline,
                                                const char *cmdline_file,
                                                bool verbose);

/* Did the command line give the setting called KEY? */
bool ferry_p2v_config_is_set (const struct ferry_p2v_config *config,
                              const char *key);

/* Fill the unset settings whose default is the machine's from MACHINE,
 * and check the names the command line gave against it:
 *
 *   p2v.name        the host name up to its first dot; "p2v-" and eight
 *                   random letters when the machine has none
 *   p2v.vcpus       the online CPUs
 *   p2v.memory      MemTotal rounded up to a whole GiB (MemTotal leaves
 *                   out what the firmware and kernel keep)
 *   p2v.disks       the fixed disks not in use by the live system; each
 *                   named disk must be a disk of the machine, not a
 *                   CD-ROM drive and not in use
 *   p2v.removable   the CD-ROM drives; each named one must be one
 *   p2v.interfaces  the network interfaces; each named one must exist,
 *                   and so must each interface p2v.network maps
 *
 * At least one disk must be left to convert.  Returns 0, or -1 with an
 * error naming the key and the name.
 */
int ferry_p2v_config_resolve (struct ferry_p2v_config *config,
                              const struct ferry_p2v_machine *machine);

/* CONFIG as text: one "KEY = VALUE" line per setting, in the table's
 * order.  Strings and choices are quoted with C escapes ("..."), numbers
 * and booleans are bare, memory is written with the largest exact unit (4G, 1536M),
 * lists are ["a", "b"]; a setting left to a default decided at run time
 * is <its default_doc>, any other unset string <unset>.  The password is
 * <hidden> when given and <unset> otherwise, never its value.
 */
char *ferry_p2v_config_dump (const struct ferry_p2v_config *config);

/* Parse a size as p2v.memory takes it: a decimal number and a unit, K,
 * M, G, T, P or E (powers of 1024, "k" too, optionally followed by "iB"
 * or "B").  Returns 0 and sets *BYTES, or -1 with an error naming KEY.
 */
int ferry_p2v_parse_size (const char *key, const char *value,
                          uint64_t *bytes);

/* BYTES with the largest unit that divides it exactly ("4G", "1536M",
 * "512" without a unit when none does), in a new string.
 */
char *ferry_p2v_format_size (uint64_t bytes);

/* The argv of p2v.pre, p2v.post or p2v.fail (KEY, for messages).
 * COMMAND is split into words as a shell would (quotes and backslashes),
 * but nothing is expanded and no shell ever runs it.  Returns 0 and sets
 * *ARGV to a new NULL-terminated vector (g_strfreev), or to NULL when
 * COMMAND is empty (nothing to run); or returns -1 with the error set
 * when COMMAND cannot be split (an open quote).
 */
int ferry_p2v_command_argv (const char *key, const char *command,
                            char ***argv);

/* The file named by p2v.identity's file:// URL, in a new string, or NULL
 * with the error set.
 */
char *ferry_p2v_identity_path (const char *url);

#endif /* FERRY_P2V_CONFIG_H */
