/* ferry: build-wide settings, included first by every source file. */
#ifndef FERRY_CONFIG_H
#define FERRY_CONFIG_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#define FERRY_PACKAGE "ferry"
#ifndef FERRY_VERSION
#define FERRY_VERSION "0.1.0"
#endif

#endif /* FERRY_CONFIG_H */
