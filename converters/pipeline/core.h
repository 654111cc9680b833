/* ferry: the converter core.
 *
 * One entry point runs the whole pipeline on a source model:
 *
 *   output setup -> overlays -> inspect + convert + trim (one appliance)
 *     -> copy every disk -> output metadata and renames
 *     -> the output's finished step, if any (-o qemu -oo qemu-boot)
 *
 * Conversion runs before copying: conversion is where things fail, and
 * failing before a long copy is cheaper.  The source is never written.
 * On failure every file written so far is removed, but for a failure of
 * the finished step: the output is complete by then and stays.
 *
 * ferry-v2v calls it after its input module; ferry-p2v-server calls it
 * with a source whose disks are NBD exports.
 */
#ifndef FERRY_CORE_H
#define FERRY_CORE_H

#include "session.h"
#include "output.h"
#include "source.h"

struct ferry_network_map;

struct ferry_core_options {
  const struct ferry_output_module *output;
  struct ferry_output_options output_options;
  struct ferry_guest_options guest_options;
  /* Where the NICs go (-n, -b, --mac; network.h), or NULL for no
   * mapping: the core records the result in the target's nics.
   */
  const struct ferry_network_map *networks;
};

/* What a finished conversion produced, for the caller to report. */
struct ferry_core_result {
  uint64_t bytes_written;  /* allocated size of the output disks */
  char *metadata;          /* the main metadata file, or NULL (caller frees) */
};

/* Convert SOURCE.  Returns 0, or -1 with the error set. */
int ferry_core_convert (const struct ferry_source *source,
                        const struct ferry_core_options *options,
                        struct ferry_core_result *result);

/* ferry-inspect: inspect SOURCE and decide what a conversion would make
 * of it, converting and copying nothing (the source is never written);
 * NETWORKS places the NICs as for a conversion (NULL: no mapping).
 * Fills TARGET (initialised by the caller) and ALLOCATED[I], for every
 * source disk I, with the bytes a qcow2 copy of it would allocate after
 * trimming.  Returns 0, or -1 with the error set.
 */
int ferry_core_inspect (const struct ferry_source *source,
                        const struct ferry_guest_options *options,
                        const struct ferry_network_map *networks,
                        struct ferry_target *target, uint64_t *allocated);

#endif /* FERRY_CORE_H */
