/* ferry: libvirt domain XML for a converted guest.
 *
 * Written with libxml2's text writer, never by hand.  The document passes
 * virt-xml-validate.  It records the guest's libosinfo id and, in ferry's
 * own metadata element, whether the guest got virtio devices and any
 * notes conversion made.
 */
#ifndef FERRY_DOMAIN_XML_H
#define FERRY_DOMAIN_XML_H

#include "source.h"
#include "target.h"

/* The XML namespace of ferry's <metadata> element. */
#define FERRY_XMLNS "http://ferry.invalid/xmlns/conversion/1.0"

/* The domain XML for guest NAME whose disk I is the file DISKS[I] in
 * format FORMAT.  Returns a new string, or NULL with the error set.
 */
char *ferry_domain_xml (const char *name, const struct ferry_source *source,
                        const struct ferry_target *target,
                        char *const *disks, const char *format);

/* The target device name of disk I on BUS ("vda", "hdb", "sdc"). */
char *ferry_domain_disk_target (enum ferry_bus bus, size_t i);

#endif /* FERRY_DOMAIN_XML_H */
