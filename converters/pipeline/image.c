/* ferry: disk image facts from qemu-img (see image.h). */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "image.h"
#include "command.h"
#include "errors.h"
#include "json.h"
#include "banned.h"

/* How deep a chain of backing files may go. */
#define MAX_CHAIN 16

int
ferry_image_name_is_plain (const char *name)
{
  const char *colon = strchr (name, ':');
  const char *slash = strchr (name, '/');

  if (name[0] == '\0')
    return 0;
  return colon == NULL || (slash != NULL && slash < colon);
}

void
ferry_image_refs_clear (struct ferry_image_refs *refs)
{
  g_clear_pointer (&refs->name, g_free);
  g_clear_pointer (&refs->images, g_strfreev);
  g_clear_pointer (&refs->files, g_strfreev);
}

/* Member KEY of O into *NODE: NULL if it is absent, else the member,
 * which must be of TYPE and, for a JSON_NODE_VALUE, hold a VALUE_TYPE
 * (G_TYPE_STRING or G_TYPE_INT64).  -1 with the error set when it is
 * present with another type.  WHERE, in front of KEY in errors, names
 * the object O.
 */
static int
member (JsonObject *o, const char *where, const char *key, JsonNodeType type,
        GType value_type, JsonNode **node)
{
  JsonNode *n = json_object_get_member (o, key);

  *node = n;
  if (n == NULL || (json_node_get_node_type (n) == type &&
                    (type != JSON_NODE_VALUE ||
                     json_node_get_value_type (n) == value_type)))
    return 0;
  ferry_error ("%s\"%s\" is not %s", where, key,
               type == JSON_NODE_OBJECT ? "an object"
               : type == JSON_NODE_ARRAY ? "an array"
               : value_type == G_TYPE_STRING ? "a string" : "an integer");
  return -1;
}

/* String member KEY of O into *VALUE (borrowed; NULL when absent). */
static int
string_member (JsonObject *o, const char *where, const char *key,
               bool required, const char **value)
{
  JsonNode *n;

  *value = NULL;
  if (member (o, where, key, JSON_NODE_VALUE, G_TYPE_STRING, &n) == -1)
    return -1;
  if (n == NULL && required) {
    ferry_error ("%s\"%s\" is missing", where, key);
    return -1;
  }
  if (n != NULL)
    *value = json_node_get_string (n);
  return 0;
}

/* Integer member KEY of O, a size in bytes, into *VALUE (0 when absent). */
static int
size_member (JsonObject *o, const char *key, bool required, uint64_t *value)
{
  JsonNode *n;
  gint64 v;

  *value = 0;
  if (member (o, "", key, JSON_NODE_VALUE, G_TYPE_INT64, &n) == -1)
    return -1;
  if (n == NULL) {
    if (required)
      ferry_error ("\"%s\" is missing", key);
    return required ? -1 : 0;
  }
  v = json_node_get_int (n);
  if (v < 0) {
    ferry_error ("\"%s\" is negative: %" G_GINT64_FORMAT, key, v);
    return -1;
  }
  *value = v;
  return 0;
}

/* Object member KEY of O into *VALUE (NULL when absent). */
static int
object_member (JsonObject *o, const char *where, const char *key,
               JsonObject **value)
{
  JsonNode *n;

  *value = NULL;
  if (member (o, where, key, JSON_NODE_OBJECT, G_TYPE_INVALID, &n) == -1)
    return -1;
  if (n != NULL)
    *value = json_node_get_object (n);
  return 0;
}

/* The root of TEXT, which must be an object. */
static JsonNode *
parse_object (const char *text, size_t len)
{
  g_autoptr (JsonNode) root = ferry_json_parse (text, len);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root)) {
    ferry_error ("the JSON text is not an object");
    return NULL;
  }
  return g_steal_pointer (&root);
}

static void
add_name (GPtrArray *names, const char *name)
{
  if (name != NULL)
    g_ptr_array_add (names, g_strdup (name));
}

/* The names in "format-specific": "data": a qcow2's "data-file" goes to
 * IMAGES, a VMDK's "extents" to FILES.  Both are looked for whatever
 * "type" says.
 */
static int
specific_names (JsonObject *root, GPtrArray *images, GPtrArray *files)
{
  static const char where[] = "\"format-specific\" \"data\" ";
  JsonObject *specific, *data;
  JsonNode *extents;
  const char *data_file;
  guint i, n;

  if (object_member (root, "", "format-specific", &specific) == -1)
    return -1;
  if (specific == NULL)
    return 0;
  if (object_member (specific, "\"format-specific\" ", "data", &data) == -1)
    return -1;
  if (data == NULL)
    return 0;
  if (string_member (data, where, "data-file", false, &data_file) == -1 ||
      member (data, where, "extents", JSON_NODE_ARRAY, G_TYPE_INVALID,
                  &extents) == -1)
    return -1;
  add_name (images, data_file);
  if (extents == NULL)
    return 0;
  n = json_array_get_length (json_node_get_array (extents));
  for (i = 0; i < n; i++) {
    JsonNode *e = json_array_get_element (json_node_get_array (extents), i);
    g_autofree char *at = g_strdup_printf ("%s\"extents\" [%u] ", where, i);
    const char *name;

    if (!JSON_NODE_HOLDS_OBJECT (e)) {
      ferry_error ("%s\"extents\" [%u] is not an object", where, i);
      return -1;
    }
    if (string_member (json_node_get_object (e), at, "filename", true,
                       &name) == -1)
      return -1;
    add_name (files, name);
  }
  return 0;
}

int
ferry_image_parse_info (const char *text, size_t len,
                        struct ferry_image_info *info,
                        struct ferry_image_refs *refs)
{
  g_autoptr (JsonNode) node = parse_object (text, len);
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  JsonObject *root;
  const char *format, *name, *backing, *full_backing;

  memset (info, 0, sizeof *info);
  memset (refs, 0, sizeof *refs);
  if (node == NULL)
    return -1;
  root = json_node_get_object (node);
  if (string_member (root, "", "format", true, &format) == -1 ||
      size_member (root, "virtual-size", true, &info->virtual_size) == -1 ||
      size_member (root, "actual-size", false, &info->allocated) == -1 ||
      string_member (root, "", "filename", true, &name) == -1 ||
      string_member (root, "", "backing-filename", false, &backing) == -1 ||
      string_member (root, "", "full-backing-filename", false,
                     &full_backing) == -1)
    return -1;
  if (format[0] == '\0') {
    ferry_error ("\"format\" is empty");
    return -1;
  }
  /* The backing file as written is the one to open and check in turn;
   * qemu's full name for it is checked too.
   */
  add_name (images, backing ? backing : full_backing);
  if (backing != NULL)
    add_name (files, full_backing);
  if (specific_names (root, images, files) == -1)
    return -1;

  info->format = g_strdup (format);
  refs->name = g_strdup (name);
  g_ptr_array_add (images, NULL);
  g_ptr_array_add (files, NULL);
  refs->images = (char **) g_ptr_array_free (g_steal_pointer (&images), FALSE);
  refs->files = (char **) g_ptr_array_free (g_steal_pointer (&files), FALSE);
  return 0;
}

int
ferry_image_parse_measure (const char *text, size_t len,
                           uint64_t *required, uint64_t *fully_allocated)
{
  g_autoptr (JsonNode) node = parse_object (text, len);
  JsonObject *root;

  *required = *fully_allocated = 0;
  if (node == NULL)
    return -1;
  root = json_node_get_object (node);
  if (size_member (root, "required", true, required) == -1 ||
      size_member (root, "fully-allocated", true, fully_allocated) == -1)
    return -1;
  return 0;
}

/* qemu-img says "qemu-img: Could not open 'F': REASON"; keep REASON. */
static char *
qemu_reason (const char *err)
{
  g_autofree char *last = ferry_last_line (err);
  const char *p = last;
  const char *q;

  if (g_str_has_prefix (p, "qemu-img: "))
    p += strlen ("qemu-img: ");
  if (g_str_has_prefix (p, "Could not open '") &&
      (q = strstr (p, "': ")) != NULL)
    p = q + 3;
  return g_strdup (p[0] ? p : "qemu-img failed");
}

/* NAME is written inside FILE (in folder DIR, as qemu opened it).  Check
 * that it is a plain file name resolving inside ROOT (the realpath of the
 * folder of the image the user named) and return the path qemu will open
 * (DIR/NAME, or NAME if absolute) in *OPENED.
 */
static int
check_reference (const char *file, const char *dir, const char *root,
                 const char *name, char **opened)
{
  g_autofree char *joined = NULL;
  g_autofree char *real = NULL;
  g_autofree char *prefix = NULL;

  if (!ferry_image_name_is_plain (name)) {
    ferry_error ("'%s' refers to '%s', which is not a local file: refused",
                 file, name);
    return -1;
  }
  joined = g_path_is_absolute (name) ? g_strdup (name)
    : g_build_filename (dir, name, NULL);
  real = realpath (joined, NULL);
  if (real == NULL) {
    ferry_error ("'%s' refers to '%s', which cannot be opened: %s",
                 file, name, g_strerror (errno));
    return -1;
  }
  prefix = g_str_has_suffix (root, "/") ? g_strdup (root)
    : g_strconcat (root, "/", NULL);
  if (!g_str_has_prefix (real, prefix)) {
    ferry_error ("'%s' refers to '%s', outside its folder '%s': refused",
                 file, name, root);
    return -1;
  }
  *opened = g_steal_pointer (&joined);
  return 0;
}

static int probe (const char *file, const char *format, const char *root,
                  struct ferry_image_info *info, int depth);

/* Run "qemu-img info --output=json" on NAME (as FORMAT, or probed when
 * NULL) and parse its output into INFO and REFS (see
 * ferry_image_parse_info).  Errors name DISPLAY.
 */
static int
run_info (const char *name, const char *format, const char *display,
          struct ferry_image_info *info, struct ferry_image_refs *refs)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[9];
  size_t n = 0;
  int r;

  argv[n++] = "qemu-img";
  argv[n++] = "info";
  argv[n++] = "--output=json";
  if (format != NULL) {
    argv[n++] = "-f";
    argv[n++] = format;
  }
  argv[n++] = "--";
  argv[n++] = name;
  argv[n] = NULL;
  r = ferry_command_run (argv, &out, NULL, NULL, &err);
  if (r == -1)
    return -1;
  if (r != 0) {
    g_autofree char *reason = qemu_reason (err);
    if (format != NULL)
      ferry_error ("cannot open '%s' as %s: %s", display, format, reason);
    else
      ferry_error ("cannot open '%s': %s", display, reason);
    return -1;
  }
  if (ferry_image_parse_info (out, strlen (out), info, refs) == -1) {
    ferry_error_prefix ("cannot read the output of 'qemu-img info' for '%s'",
                        display);
    return -1;
  }
  return 0;
}

static int
check_references (const char *file, const char *root, char **names,
                  bool walk, int depth)
{
  g_autofree char *dir = g_path_get_dirname (file);
  size_t i;

  for (i = 0; names[i] != NULL; i++) {
    g_autofree char *opened = NULL;
    struct ferry_image_info ref_info = { 0 };

    if (check_reference (file, dir, root, names[i], &opened) == -1)
      return -1;
    /* A VMDK's extents may name the VMDK itself. */
    if (!walk || strcmp (opened, file) == 0)
      continue;
    if (probe (opened, NULL, root, &ref_info, depth + 1) == -1)
      return -1;
    g_free (ref_info.format);
  }
  return 0;
}

static int
probe (const char *file, const char *format, const char *root,
       struct ferry_image_info *info, int depth)
{
  g_auto (ferry_image_refs) refs = { 0 };
  struct stat st;

  if (depth > MAX_CHAIN) {
    ferry_error ("'%s': the chain of backing files is longer than %d",
                 file, MAX_CHAIN);
    return -1;
  }
  if (stat (file, &st) == -1) {
    ferry_error_errno (errno, "cannot open '%s'", file);
    return -1;
  }
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
    ferry_error ("'%s' is not a disk image: not a regular file or block device",
                 file);
    return -1;
  }

  if (run_info (file, format, file, info, &refs) == -1)
    return -1;

  /* Extents are raw data; backing and data files are images in turn. */
  if (check_references (file, root, refs.files, false, depth) == -1 ||
      check_references (file, root, refs.images, true, depth) == -1) {
    g_clear_pointer (&info->format, g_free);
    return -1;
  }
  return 0;
}

int
ferry_image_probe (const char *file, const char *format,
                   struct ferry_image_info *info)
{
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *root = realpath (dir, NULL);

  memset (info, 0, sizeof *info);
  if (root == NULL) {
    ferry_error_errno (errno, "cannot open '%s'", file);
    return -1;
  }
  return probe (file, format, root, info, 0);
}

int
ferry_image_probe_uri (const char *uri, const char *format,
                       struct ferry_image_info *info)
{
  g_auto (ferry_image_refs) refs = { 0 };
  size_t i;

  memset (info, 0, sizeof *info);
  if (run_info (uri, format, uri, info, &refs) == -1)
    return -1;
  info->allocated = 0;
  if (refs.images[0] != NULL) {
    ferry_error ("'%s' refers to '%s': a disk read over the network must "
                 "not name other images: refused", uri, refs.images[0]);
    g_clear_pointer (&info->format, g_free);
    return -1;
  }
  /* The one extent of a sparse VMDK is its own data. */
  for (i = 0; refs.files[i] != NULL; i++) {
    if (strcmp (refs.files[i], refs.name) != 0) {
      ferry_error ("'%s' refers to '%s': a disk read over the network must "
                   "not name other files: refused", uri, refs.files[i]);
      g_clear_pointer (&info->format, g_free);
      return -1;
    }
  }
  return 0;
}

int
ferry_image_probe_alone (const char *name, const char *format,
                         const char *display, struct ferry_image_info *info)
{
  g_auto (ferry_image_refs) refs = { 0 };
  bool in_place = g_str_has_prefix (name, "json:");
  struct stat st;
  size_t i;

  memset (info, 0, sizeof *info);
  if (!in_place &&
      (!g_path_is_absolute (name) || stat (name, &st) == -1 ||
       !S_ISREG (st.st_mode))) {
    ferry_error ("cannot open '%s': not a regular file", display);
    return -1;
  }
  if (run_info (name, format, display, info, &refs) == -1)
    return -1;
  /* qemu counts the blocks of the whole package for a json: name. */
  if (in_place)
    info->allocated = 0;

  if (refs.images[0] != NULL) {
    ferry_error ("'%s' refers to '%s', another file: refused", display,
                 refs.images[0]);
    g_clear_pointer (&info->format, g_free);
    return -1;
  }
  /* The one extent of a sparse VMDK is its own data: NAME, or for a
   * json: name the node under the format driver, which qemu prints as
   * another json: name.
   */
  for (i = 0; refs.files[i] != NULL; i++) {
    if (in_place ? !g_str_has_prefix (refs.files[i], "json:")
        : strcmp (refs.files[i], name) != 0) {
      ferry_error ("'%s' refers to '%s', another file: refused", display,
                   refs.files[i]);
      g_clear_pointer (&info->format, g_free);
      return -1;
    }
  }
  return 0;
}
