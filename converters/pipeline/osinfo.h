/* ferry: libosinfo identifiers.
 *
 * libvirt management tools (virt-manager, oVirt, ...) pick defaults for a
 * guest from its libosinfo id, a URI such as http://debian.org/debian/12,
 * recorded in the domain's <metadata>.  libguestfs inspection gives the
 * distribution and version; this module turns them into the id.
 */
#ifndef FERRY_OSINFO_H
#define FERRY_OSINFO_H

/* The libosinfo id for an operating system, in a new string, or NULL if
 * ferry does not know one.  TYPE and DISTRO are libguestfs inspection
 * names ("linux", "debian"); MAJOR and MINOR its version numbers.
 */
char *ferry_osinfo_id (const char *type, const char *distro,
                       int major, int minor);

#endif /* FERRY_OSINFO_H */
