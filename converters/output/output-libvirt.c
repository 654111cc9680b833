/* ferry: -o libvirt, a guest defined in libvirt, its disks in a pool.
 *
 * -oc names the connection (libvirt's default without it), -os the
 * storage pool ("default" without it).  The pool must exist, be active,
 * and keep its volumes as files in a folder: type dir, fs or netfs.
 * Disk I becomes the volume NAME-sdX of the pool (X: a, b, ... as -o
 * local names its files), and the guest is defined, not started, with
 * the domain XML -o local writes (domain-xml.h) naming the volumes' paths.
 *
 * Everything that can be checked is checked in setup, before any slow
 * work: the connection, the pool and its state, that no domain is called
 * NAME and that no volume (nor, for a local pool, no file) has a disk's
 * name.  On any failure nothing stays: no domain, no volume, no file.
 *
 * Two ways to get the disks into the pool:
 *   - a local connection (ferry_virt_uri_is_local) copies straight into
 *     the pool's folder under temporary names (.NAME-sdX.part), which
 *     finalize renames; publish then refreshes the pool, so that libvirt
 *     lists the new volumes, and defines the domain;
 *   - any other connection (qemu+ssh://...) copies into a private local
 *     folder (TMPDIR), then publish creates each volume with libvirt and
 *     uploads the copy into it over libvirt's connection as a sparse
 *     stream (holes are not sent), and defines the domain.  The local
 *     copy needs as much free space as the disk's allocated data.
 *
 * The domain type is "kvm" when the host offers KVM for the guest's
 * architecture, "qemu" (emulation, with a warning) when it does not.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "output.h"
#include "devname.h"
#include "domain-xml.h"
#include "virt.h"
#include "xml-writer.h"
#include "errors.h"
#include "report.h"
#include "tempfiles.h"
#include "banned.h"

#define DEFAULT_POOL "default"

struct libvirt_output {
  virConnectPtr conn;
  virStoragePoolPtr pool;
  char *uri;               /* the connection's URI, for messages */
  const char *pool_name;   /* -os, or DEFAULT_POOL */
  char *pool_dir;          /* the pool's folder (<target><path>) */
  GPtrArray *volumes;      /* char *: the volume names, one per disk */
  bool upload;             /* not local: copy here, then upload */
  char *scratch;           /* upload: the private folder of the copies */
};

static struct libvirt_output *
state (struct ferry_output *out)
{
  return out->module_data;
}

/* The text of <pool><target><path> and the pool's type, from the pool's
 * XML; both new strings.
 */
static int
pool_describe (struct libvirt_output *st, char **type, char **path)
{
  char *xml = virStoragePoolGetXMLDesc (st->pool, 0);
  xmlDocPtr doc;
  xmlNodePtr root, node, child;
  xmlChar *t;

  if (xml == NULL) {
    ferry_virt_error ("cannot get the XML of libvirt storage pool '%s' on "
                      "'%s'", st->pool_name, st->uri);
    return -1;
  }
  doc = xmlReadMemory (xml, strlen (xml), "pool.xml", NULL, XML_PARSE_NONET);
  free (xml);
  root = doc ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL || !xmlStrEqual (root->name, BAD_CAST "pool")) {
    if (doc)
      xmlFreeDoc (doc);
    ferry_error ("cannot parse the XML of libvirt storage pool '%s' on '%s'",
                 st->pool_name, st->uri);
    return -1;
  }
  t = xmlGetProp (root, BAD_CAST "type");
  *type = g_strdup (t ? (const char *) t : "");
  xmlFree (t);
  *path = NULL;
  for (node = root->children; node != NULL; node = node->next) {
    if (node->type != XML_ELEMENT_NODE ||
        !xmlStrEqual (node->name, BAD_CAST "target"))
      continue;
    for (child = node->children; child != NULL; child = child->next)
      if (child->type == XML_ELEMENT_NODE &&
          xmlStrEqual (child->name, BAD_CAST "path")) {
        xmlChar *text = xmlNodeGetContent (child);

        g_free (*path);
        *path = g_strstrip (g_strdup ((const char *) text));
        xmlFree (text);
      }
  }
  xmlFreeDoc (doc);
  return 0;
}

/* Fail unless the guest's name and its volumes' names are free. */
static int
check_names_free (struct ferry_output *out)
{
  struct libvirt_output *st = state (out);
  virDomainPtr dom;
  size_t i;

  dom = virDomainLookupByName (st->conn, out->name);
  if (dom != NULL) {
    virDomainFree (dom);
    ferry_error ("a libvirt domain called '%s' already exists on '%s': name "
                 "the guest differently with -on, or remove that domain "
                 "(virsh -c '%s' undefine '%s')", out->name, st->uri,
                 st->uri, out->name);
    return -1;
  }
  if (ferry_virt_last_error_code () != VIR_ERR_NO_DOMAIN) {
    ferry_virt_error ("cannot look up domain '%s' on '%s'", out->name,
                      st->uri);
    return -1;
  }
  virResetLastError ();

  for (i = 0; i < st->volumes->len; i++) {
    const char *volname = st->volumes->pdata[i];
    virStorageVolPtr vol = virStorageVolLookupByName (st->pool, volname);

    if (vol != NULL) {
      virStorageVolFree (vol);
      ferry_error ("volume '%s' already exists in libvirt storage pool '%s' "
                   "on '%s': name the guest differently with -on, or "
                   "delete the volume (virsh -c '%s' vol-delete --pool "
                   "'%s' '%s')", volname, st->pool_name, st->uri, st->uri,
                   st->pool_name, volname);
      return -1;
    }
    if (ferry_virt_last_error_code () != VIR_ERR_NO_STORAGE_VOL) {
      ferry_virt_error ("cannot look up volume '%s' in libvirt storage pool "
                        "'%s' on '%s'", volname, st->pool_name, st->uri);
      return -1;
    }
    virResetLastError ();
  }
  return 0;
}

/* Open DIR as the output folder and create each volume's file there. */
static int
add_disk_paths (struct ferry_output *out, const char *dir, const char *what)
{
  struct libvirt_output *st = state (out);
  size_t i;

  if (ferry_output_open_dir (out, dir, what) == -1)
    return -1;
  for (i = 0; i < st->volumes->len; i++)
    if (ferry_output_add_disk (out, st->volumes->pdata[i]) == -1)
      return -1;
  return 0;
}

/* Local pool: the disks are written in the pool's folder. */
static int
setup_local (struct ferry_output *out)
{
  struct libvirt_output *st = state (out);
  g_autofree char *what =
    g_strdup_printf ("'%s', the folder of libvirt storage pool '%s',",
                     st->pool_dir, st->pool_name);

  if (!g_file_test (st->pool_dir, G_FILE_TEST_IS_DIR)) {
    ferry_error ("libvirt storage pool '%s' on '%s' keeps its volumes in "
                 "'%s', which is not a folder on this machine",
                 st->pool_name, st->uri, st->pool_dir);
    return -1;
  }
  return add_disk_paths (out, st->pool_dir, what);
}

/* Remote pool: the disks are written in a private local folder first. */
static int
setup_upload (struct ferry_output *out)
{
  struct libvirt_output *st = state (out);
  const char *tmpdir = g_getenv ("TMPDIR");
  g_autofree char *template = NULL;

  if (tmpdir == NULL || tmpdir[0] == '\0')
    tmpdir = "/var/tmp";
  template = g_build_filename (tmpdir, "ferry-libvirt.XXXXXX", NULL);
  if (g_mkdtemp (template) == NULL) {
    ferry_error_errno (errno, "cannot create a temporary folder in '%s'",
                       tmpdir);
    return -1;
  }
  st->scratch = g_steal_pointer (&template);
  if (ferry_tempfile_register (st->scratch, true) == -1)
    return -1;
  return add_disk_paths (out, st->scratch, st->scratch);
}

static int
libvirt_setup (struct ferry_output *out)
{
  struct libvirt_output *st = g_new0 (struct libvirt_output, 1);
  g_autofree char *type = NULL;
  int active;
  size_t i;

  out->module_data = st;
  st->pool_name = out->options.storage ? out->options.storage : DEFAULT_POOL;
  st->volumes = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < out->source->disks->len; i++) {
    g_autofree char *letters = ferry_devname_letters (i);

    g_ptr_array_add (st->volumes, g_strconcat (out->name, "-sd", letters,
                                               NULL));
  }

  st->conn = ferry_virt_open (out->options.conn, false);
  if (st->conn == NULL)
    return -1;
  st->uri = ferry_virt_uri (st->conn);

  st->pool = virStoragePoolLookupByName (st->conn, st->pool_name);
  if (st->pool == NULL) {
    if (ferry_virt_last_error_code () == VIR_ERR_NO_STORAGE_POOL) {
      virResetLastError ();
      ferry_error ("-os '%s': there is no libvirt storage pool of that name "
                   "on '%s' (virsh -c '%s' pool-list --all shows them)",
                   st->pool_name, st->uri, st->uri);
    }
    else
      ferry_virt_error ("-os '%s': cannot look up the libvirt storage pool "
                        "on '%s'", st->pool_name, st->uri);
    return -1;
  }
  active = virStoragePoolIsActive (st->pool);
  if (active == -1) {
    ferry_virt_error ("cannot get the state of libvirt storage pool '%s' on "
                      "'%s'", st->pool_name, st->uri);
    return -1;
  }
  if (active == 0) {
    ferry_error ("-os '%s': the libvirt storage pool on '%s' is not active "
                 "(start it: virsh -c '%s' pool-start '%s')", st->pool_name,
                 st->uri, st->uri, st->pool_name);
    return -1;
  }
  if (pool_describe (st, &type, &st->pool_dir) == -1)
    return -1;
  if (strcmp (type, "dir") != 0 && strcmp (type, "fs") != 0 &&
      strcmp (type, "netfs") != 0) {
    ferry_error ("-os '%s': the libvirt storage pool on '%s' is of type "
                 "'%s': -o libvirt writes to pools of type dir, fs or netfs",
                 st->pool_name, st->uri, type);
    return -1;
  }
  if (st->pool_dir == NULL || st->pool_dir[0] != '/') {
    ferry_error ("-os '%s': the libvirt storage pool on '%s' names no "
                 "folder (<target><path>)", st->pool_name, st->uri);
    return -1;
  }

  /* Volumes made since libvirt last looked are only seen after this. */
  if (virStoragePoolRefresh (st->pool, 0) == -1) {
    ferry_virt_error ("cannot refresh libvirt storage pool '%s' on '%s'",
                      st->pool_name, st->uri);
    return -1;
  }
  if (check_names_free (out) == -1)
    return -1;

  st->upload = !ferry_virt_uri_is_local (st->uri);
  ferry_debug ("-o libvirt: pool '%s' (%s) in '%s' on '%s', %s",
               st->pool_name, type, st->pool_dir, st->uri,
               st->upload ? "uploading the disks" : "writing in place");
  return st->upload ? setup_upload (out) : setup_local (out);
}

/* The new volume NAME of CAPACITY bytes, as libvirt's XML. */
static char *
volume_xml (const char *name, uint64_t capacity)
{
  g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, capacity);
  g_autoptr (xmlBuffer) buf = xmlBufferCreate ();
  g_autoptr (xmlTextWriter) w = buf ? xmlNewTextWriterMemory (buf, 0) : NULL;
  int r = 0;

  if (w == NULL)
    return NULL;
  r |= START (w, "volume");
  r |= TEXT (w, "name", name);
  r |= START (w, "capacity");
  r |= ATTR (w, "unit", "bytes");
  r |= xmlTextWriterWriteString (w, BAD_CAST size);
  r |= END (w);
  r |= TEXT (w, "allocation", "0");
  r |= START (w, "target");
  r |= ferry_xml_empty (w, "format", "type", "raw", NULL);
  r |= END (w);
  r |= END (w);
  r |= xmlTextWriterEndDocument (w);
  if (r < 0)
    return NULL;
  g_clear_pointer (&w, xmlFreeTextWriter);
  return g_strdup ((const char *) xmlBufferContent (buf));
}

/* The sparse stream's callbacks: OPAQUE is the file descriptor. */
static int
send_data (virStreamPtr stream, char *data, size_t nbytes, void *opaque)
{
  int fd = *(int *) opaque;
  ssize_t n;

  do
    n = read (fd, data, nbytes);
  while (n == -1 && errno == EINTR);
  return n;
}

static int
send_in_data (virStreamPtr stream, int *in_data, long long *length,
              void *opaque)
{
  int fd = *(int *) opaque;
  off_t cur, data, hole, end;

  cur = lseek (fd, 0, SEEK_CUR);
  end = lseek (fd, 0, SEEK_END);
  if (cur == -1 || end == -1 || lseek (fd, cur, SEEK_SET) == -1)
    return -1;
  if (cur >= end) {
    /* The end of the file: libvirt stops here. */
    *in_data = 0;
    *length = 0;
    return 0;
  }
  data = lseek (fd, cur, SEEK_DATA);
  if (data == -1 && errno != ENXIO)
    return -1;
  if (data == -1 || data > cur) {
    /* A hole, up to the next data or to the end. */
    *in_data = 0;
    *length = (data == -1 ? end : data) - cur;
  }
  else {
    hole = lseek (fd, cur, SEEK_HOLE);
    if (hole == -1)
      return -1;
    *in_data = 1;
    *length = hole - cur;
  }
  return lseek (fd, cur, SEEK_SET) == -1 ? -1 : 0;
}

static int
send_skip (virStreamPtr stream, long long length, void *opaque)
{
  int fd = *(int *) opaque;

  return lseek (fd, length, SEEK_CUR) == -1 ? -1 : 0;
}

/* Upload LOCAL into the new volume VOLNAME; on success *VOL is the volume
 * (also when the upload failed after creating it: the caller deletes it).
 */
static int
upload_disk (struct libvirt_output *st, const char *local,
             const char *volname, virStorageVolPtr *vol)
{
  g_autofree char *xml = NULL;
  g_autoptr (virStream) stream = NULL;
  struct stat sb;
  int fd, r = -1;

  fd = open (local, O_RDONLY | O_CLOEXEC);
  if (fd == -1 || fstat (fd, &sb) == -1) {
    ferry_error_errno (errno, "cannot read '%s'", local);
    if (fd != -1)
      close (fd);
    return -1;
  }
  xml = volume_xml (volname, sb.st_size);
  if (xml == NULL) {
    ferry_error ("cannot describe volume '%s': out of memory", volname);
    goto out;
  }
  *vol = virStorageVolCreateXML (st->pool, xml, 0);
  if (*vol == NULL) {
    ferry_virt_error ("cannot create volume '%s' in libvirt storage pool "
                      "'%s' on '%s'", volname, st->pool_name, st->uri);
    goto out;
  }
  stream = virStreamNew (st->conn, 0);
  if (stream == NULL ||
      virStorageVolUpload (*vol, stream, 0, 0,
                           VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM) == -1) {
    ferry_virt_error ("cannot upload to volume '%s' of libvirt storage pool "
                      "'%s' on '%s'", volname, st->pool_name, st->uri);
    goto out;
  }
  if (virStreamSparseSendAll (stream, send_data, send_in_data, send_skip,
                              &fd) == -1) {
    ferry_virt_error ("cannot upload '%s' to volume '%s' of libvirt storage "
                      "pool '%s' on '%s'", local, volname, st->pool_name,
                      st->uri);
    virStreamAbort (stream);
    virResetLastError ();
    goto out;
  }
  if (virStreamFinish (stream) == -1) {
    ferry_virt_error ("cannot upload '%s' to volume '%s' of libvirt storage "
                      "pool '%s' on '%s'", local, volname, st->pool_name,
                      st->uri);
    goto out;
  }
  r = 0;

 out:
  close (fd);
  return r;
}

/* Create the volumes and upload the local copies into them; PATHS gets
 * the volumes' paths, CREATED the volumes made (also on failure).
 */
static int
upload_disks (struct ferry_output *out, GPtrArray *paths, GPtrArray *created)
{
  struct libvirt_output *st = state (out);
  size_t i;

  for (i = 0; i < st->volumes->len; i++) {
    const char *volname = st->volumes->pdata[i];
    virStorageVolPtr vol = NULL;
    char *path;
    int r;

    ferry_message ("Uploading disk %zu/%u to volume '%s' of storage pool "
                   "'%s'", i + 1, st->volumes->len, volname, st->pool_name);
    r = upload_disk (st, out->disk_final->pdata[i], volname, &vol);
    if (vol != NULL)
      g_ptr_array_add (created, vol);
    if (r == -1)
      return -1;
    path = virStorageVolGetPath (vol);
    if (path == NULL) {
      ferry_virt_error ("cannot get the path of volume '%s' of libvirt "
                        "storage pool '%s' on '%s'", volname, st->pool_name,
                        st->uri);
      return -1;
    }
    g_ptr_array_add (paths, g_strdup (path));
    free (path);
  }
  return 0;
}

/* XML with the domain type changed to TYPE, in a new string. */
static char *
set_domain_type (const char *xml, const char *type)
{
  xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                                 XML_PARSE_NONET);
  xmlBufferPtr buf = NULL;
  xmlSaveCtxtPtr save = NULL;
  char *r = NULL;

  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    goto out;
  xmlSetProp (xmlDocGetRootElement (doc), BAD_CAST "type", BAD_CAST type);
  buf = xmlBufferCreate ();
  save = buf ? xmlSaveToBuffer (buf, "UTF-8", 0) : NULL;
  if (save != NULL) {
    long saved = xmlSaveDoc (save, doc);

    if (xmlSaveClose (save) != -1 && saved != -1)
      r = g_strdup ((const char *) xmlBufferContent (buf));
  }

 out:
  if (buf != NULL)
    xmlBufferFree (buf);
  if (doc != NULL)
    xmlFreeDoc (doc);
  if (r == NULL)
    ferry_error ("cannot change the type of the domain XML: out of memory");
  return r;
}

/* Does the host offer KVM for guests of ARCH? */
static bool
host_has_kvm (struct libvirt_output *st, const char *arch)
{
  char *caps = virConnectGetDomainCapabilities (st->conn, NULL, arch, NULL,
                                                "kvm", 0);

  if (caps == NULL) {
    ferry_debug ("-o libvirt: no KVM for %s on '%s': %s", arch, st->uri,
                 virGetLastErrorMessage ());
    virResetLastError ();
    return false;
  }
  free (caps);
  return true;
}

static int
libvirt_publish (struct ferry_output *out, const struct ferry_target *target)
{
  struct libvirt_output *st = state (out);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) created = g_ptr_array_new ();
  g_autofree char *xml = NULL;
  const char *arch = target->inspection.arch;
  virDomainPtr dom;
  size_t i;

  if (st->upload) {
    for (i = 0; i < out->disk_final->len; i++)
      if (ferry_tempfile_register (out->disk_final->pdata[i], false) == -1)
        ferry_error_clear ();
    if (upload_disks (out, paths, created) == -1)
      goto fail;
  }
  else
    for (i = 0; i < out->disk_final->len; i++)
      g_ptr_array_add (paths, g_strdup (out->disk_final->pdata[i]));
  g_ptr_array_add (paths, NULL);

  xml = ferry_domain_xml (out->name, out->source, target,
                          (char *const *) paths->pdata,
                          ferry_output_format_name
                          (out->options.format));
  if (xml == NULL)
    goto fail;
  /* As domain-xml.c names it. */
  if (arch == NULL || strcmp (arch, "i386") == 0)
    arch = "i686";
  if (!host_has_kvm (st, arch)) {
    char *qemu;

    ferry_warning ("the libvirt host '%s' offers no KVM for %s guests: "
                   "'%s' is defined to run under emulation (domain type "
                   "qemu), which is slow", st->uri, arch, out->name);
    qemu = set_domain_type (xml, "qemu");
    if (qemu == NULL)
      goto fail;
    g_free (xml);
    xml = qemu;
  }
  ferry_debug ("-o libvirt: domain XML:\n%s", xml);

  /* libvirt lists the new volumes only after this. */
  if (virStoragePoolRefresh (st->pool, 0) == -1) {
    ferry_virt_error ("cannot refresh libvirt storage pool '%s' on '%s'",
                      st->pool_name, st->uri);
    goto fail;
  }
  ferry_message ("Defining the libvirt domain '%s' on '%s'", out->name,
                 st->uri);
  dom = virDomainDefineXML (st->conn, xml);
  if (dom == NULL) {
    ferry_virt_error ("cannot define libvirt domain '%s' on '%s'",
                      out->name, st->uri);
    goto fail;
  }
  virDomainFree (dom);
  return 0;

 fail:
  /* No volume stays: the ones created are deleted, and the files written
   * in place are removed and the pool refreshed.
   */
  for (i = 0; i < created->len; i++) {
    if (virStorageVolDelete (created->pdata[i], 0) == -1)
      ferry_warning ("cannot delete volume '%s' of libvirt storage pool "
                     "'%s' on '%s': %s", (char *) st->volumes->pdata[i],
                     st->pool_name, st->uri, virGetLastErrorMessage ());
    virStorageVolFree (created->pdata[i]);
  }
  if (!st->upload) {
    for (i = 0; i < out->disk_final->len; i++)
      unlink (out->disk_final->pdata[i]);
    virStoragePoolRefresh (st->pool, 0);
  }
  virResetLastError ();
  return -1;
}

static void
libvirt_close (struct ferry_output *out)
{
  struct libvirt_output *st = state (out);
  size_t i;

  if (st == NULL)
    return;
  if (st->scratch != NULL) {
    /* The local copies, whether renamed or not. */
    for (i = 0; out->disk_final != NULL && i < out->disk_final->len; i++) {
      unlink (out->disk_final->pdata[i]);
      ferry_tempfile_unregister (out->disk_final->pdata[i]);
    }
    rmdir (st->scratch);
    ferry_tempfile_unregister (st->scratch);
    g_free (st->scratch);
  }
  if (st->pool != NULL)
    virStoragePoolFree (st->pool);
  if (st->conn != NULL)
    virConnectClose (st->conn);
  g_ptr_array_unref (st->volumes);
  g_free (st->uri);
  g_free (st->pool_dir);
  g_free (st);
  out->module_data = NULL;
}

const struct ferry_output_module ferry_output_libvirt = {
  .name = "libvirt",
  .description = "a guest defined in libvirt, its disks in a storage pool "
                 "(-oc URI -os POOL)",
  .takes_conn = true,
  .setup = libvirt_setup,
  .publish = libvirt_publish,
  .close = libvirt_close,
};
