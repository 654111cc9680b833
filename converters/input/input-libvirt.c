/* ferry: -i libvirt, a guest that libvirt manages.
 *
 * The one argument is the domain's name (or UUID) on the libvirt
 * connection -ic names (libvirt's default without it).  The source model
 * is built from the domain's persistent ("inactive") XML by the same
 * code as -i libvirtxml (input.h, ferry_input_libvirtxml_source): disks
 * that are files or block devices are opened the way -i libvirtxml opens
 * them, so they must be reachable from this machine under the names the
 * XML gives.  They are not held to an input folder (confine.h): there is
 * no input file, and a domain's disks are wherever its administrator put
 * them, in pools anywhere.
 *
 * A disk of type 'volume' (<source pool volume>) is looked up in its
 * storage pool on the same connection and taken as the file or block
 * device libvirt says the volume is.
 *
 * A guest that is running (or paused, ...) is refused, as virt-v2v
 * refuses it: its disks change under the copy.  --print-source only
 * reads the description and works on a running guest too.
 */

#include <config.h>

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "input.h"
#include "parse-libvirtxml.h"
#include "virt.h"
#include "errors.h"
#include "banned.h"

static const char *
state_name (int state)
{
  switch (state) {
  case VIR_DOMAIN_RUNNING: return "running";
  case VIR_DOMAIN_BLOCKED: return "running (blocked)";
  case VIR_DOMAIN_PAUSED: return "paused";
  case VIR_DOMAIN_SHUTDOWN: return "shutting down";
  case VIR_DOMAIN_CRASHED: return "crashed";
  case VIR_DOMAIN_PMSUSPENDED: return "suspended";
  default: return "not shut off";
  }
}

/* The domain NAME (a name, else a UUID) on CONN, or NULL. */
static virDomainPtr
lookup (virConnectPtr conn, const char *uri, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (conn, name);
  int code;

  if (dom != NULL)
    return dom;
  code = ferry_virt_last_error_code ();
  if (code == VIR_ERR_NO_DOMAIN) {
    dom = virDomainLookupByUUIDString (conn, name);
    if (dom != NULL)
      return dom;
    code = ferry_virt_last_error_code ();
    /* A name that is not a UUID fails as an invalid argument. */
    if (code == VIR_ERR_NO_DOMAIN || code == VIR_ERR_INVALID_ARG) {
      virResetLastError ();
      ferry_error ("-i libvirt: there is no domain '%s' on '%s' (virsh -c "
                   "'%s' list --all shows them)", name, uri, uri);
      return NULL;
    }
  }
  ferry_virt_error ("-i libvirt: cannot look up domain '%s' on '%s'",
                    name, uri);
  return NULL;
}

/* Replace each <disk type='volume'> of DOC by the file or block device
 * its volume is.  FILE names the XML in errors.
 */
static int
resolve_volumes (virConnectPtr conn, xmlDocPtr doc, const char *file)
{
  xmlNodePtr root = xmlDocGetRootElement (doc);
  xmlNodePtr devices, disk, source;

  for (devices = root ? root->children : NULL; devices != NULL;
       devices = devices->next) {
    if (devices->type != XML_ELEMENT_NODE ||
        !xmlStrEqual (devices->name, BAD_CAST "devices"))
      continue;
    for (disk = devices->children; disk != NULL; disk = disk->next) {
      g_autofree xmlChar *type = NULL, *pool_name = NULL, *vol_name = NULL;
      g_autoptr (virStoragePool) pool = NULL;
      g_autoptr (virStorageVol) vol = NULL;
      virStorageVolInfo info;
      char *path;

      if (disk->type != XML_ELEMENT_NODE ||
          !xmlStrEqual (disk->name, BAD_CAST "disk"))
        continue;
      type = xmlGetProp (disk, BAD_CAST "type");
      if (type == NULL || !xmlStrEqual (type, BAD_CAST "volume"))
        continue;
      for (source = disk->children; source != NULL; source = source->next)
        if (source->type == XML_ELEMENT_NODE &&
            xmlStrEqual (source->name, BAD_CAST "source"))
          break;
      if (source == NULL)
        continue;               /* an empty CD-ROM drive */
      pool_name = xmlGetProp (source, BAD_CAST "pool");
      vol_name = xmlGetProp (source, BAD_CAST "volume");
      if (pool_name == NULL || vol_name == NULL) {
        ferry_error ("invalid <disk type='volume'> in '%s' line %ld: its "
                     "<source> names no pool or no volume", file,
                     xmlGetLineNo (source));
        return -1;
      }
      pool = virStoragePoolLookupByName (conn, (const char *) pool_name);
      if (pool != NULL)
        vol = virStorageVolLookupByName (pool, (const char *) vol_name);
      if (vol == NULL || virStorageVolGetInfo (vol, &info) == -1) {
        ferry_virt_error ("cannot find volume '%s' of storage pool '%s' "
                          "(a disk in '%s' line %ld)", vol_name, pool_name,
                          file, xmlGetLineNo (source));
        return -1;
      }
      if (info.type != VIR_STORAGE_VOL_FILE &&
          info.type != VIR_STORAGE_VOL_BLOCK) {
        ferry_error ("cannot convert volume '%s' of storage pool '%s' (a "
                     "disk in '%s' line %ld): only volumes that are files "
                     "or block devices can be read", vol_name, pool_name,
                     file, xmlGetLineNo (source));
        return -1;
      }
      path = virStorageVolGetPath (vol);
      if (path == NULL) {
        ferry_virt_error ("cannot find the path of volume '%s' of storage "
                          "pool '%s'", vol_name, pool_name);
        return -1;
      }
      xmlUnsetProp (source, BAD_CAST "pool");
      xmlUnsetProp (source, BAD_CAST "volume");
      xmlUnsetProp (source, BAD_CAST "mode");
      if (info.type == VIR_STORAGE_VOL_FILE) {
        xmlSetProp (disk, BAD_CAST "type", BAD_CAST "file");
        xmlSetProp (source, BAD_CAST "file", BAD_CAST path);
      }
      else {
        xmlSetProp (disk, BAD_CAST "type", BAD_CAST "block");
        xmlSetProp (source, BAD_CAST "dev", BAD_CAST path);
      }
      free (path);
    }
  }
  return 0;
}

/* XML (from libvirt) with its volume disks resolved, in a new string of
 * *LEN bytes; XML itself when it has none.
 */
static char *
with_volumes_resolved (virConnectPtr conn, const char *xml, const char *file,
                       int *len)
{
  xmlDocPtr doc;
  xmlBufferPtr buf;
  xmlSaveCtxtPtr save;
  char *r = NULL;

  *len = strlen (xml);
  if (strstr (xml, "'volume'") == NULL && strstr (xml, "\"volume\"") == NULL)
    return g_strdup (xml);

  /* libvirt wrote it: no DTD, no entities.  Still, nothing from the
   * network and nothing expanded.
   */
  doc = xmlReadMemory (xml, *len, file, NULL, XML_PARSE_NONET);
  if (doc == NULL) {
    ferry_error ("cannot parse '%s': libvirt gave XML that is not well "
                 "formed", file);
    return NULL;
  }
  if (resolve_volumes (conn, doc, file) == -1) {
    xmlFreeDoc (doc);
    return NULL;
  }
  /* Without an XML declaration, so that the lines stay those of the
   * text virsh shows, which errors name.
   */
  buf = xmlBufferCreate ();
  save = buf ? xmlSaveToBuffer (buf, NULL, XML_SAVE_NO_DECL) : NULL;
  if (save != NULL) {
    long saved = xmlSaveDoc (save, doc);

    if (xmlSaveClose (save) != -1 && saved != -1) {
      *len = xmlBufferLength (buf);
      r = g_strndup ((const char *) xmlBufferContent (buf), *len);
    }
  }
  if (buf != NULL)
    xmlBufferFree (buf);
  xmlFreeDoc (doc);
  if (r == NULL)
    ferry_error ("cannot write '%s' with its volumes resolved: out of memory",
                 file);
  return r;
}

static struct ferry_source *
libvirt_open (const struct ferry_input_options *options,
              char *const *args, size_t nargs)
{
  g_autoptr (virConnect) conn = NULL;
  g_autoptr (virDomain) dom = NULL;
  g_autofree char *uri = NULL, *file = NULL, *resolved = NULL;
  char *xml;
  const char *name;
  int state, reason, len = 0;

  conn = ferry_virt_open (options->conn, true);
  if (conn == NULL)
    return NULL;
  uri = ferry_virt_uri (conn);
  dom = lookup (conn, uri, args[0]);
  if (dom == NULL)
    return NULL;
  name = virDomainGetName (dom);
  if (name == NULL) {
    ferry_virt_error ("cannot get the name of domain '%s' on '%s'", args[0],
                      uri);
    return NULL;
  }

  if (!options->metadata_only) {
    if (virDomainGetState (dom, &state, &reason, 0) == -1) {
      ferry_virt_error ("cannot get the state of domain '%s' on '%s'",
                        name, uri);
      return NULL;
    }
    if (state != VIR_DOMAIN_SHUTOFF) {
      ferry_error ("libvirt domain '%s' on '%s' is %s: shut it down before "
                   "converting it (virsh -c '%s' shutdown '%s')", name, uri,
                   state_name (state), uri, name);
      return NULL;
    }
  }

  /* Errors name the text as the command that shows it, so that the line
   * numbers they give can be read.
   */
  file = g_strdup_printf ("virsh -c %s dumpxml --inactive %s", uri, name);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  if (xml == NULL) {
    ferry_virt_error ("cannot get the XML of domain '%s' on '%s'", name, uri);
    return NULL;
  }
  resolved = with_volumes_resolved (conn, xml, file, &len);
  free (xml);
  if (resolved == NULL)
    return NULL;
  /* libvirt gives absolute disk names: the folder is never used.  The
   * domain's disks are where its administrator put them, in pools
   * anywhere: they are not confined.
   */
  return ferry_input_libvirtxml_source (resolved, len, file, "/", false,
                                        options);
}

const struct ferry_input_module ferry_input_libvirt = {
  .name = "libvirt",
  .description = "a guest libvirt manages, by name (-ic URI)",
  .min_args = 1,
  .max_args = 1,
  .takes_conn = true,
  .open = libvirt_open,
};
