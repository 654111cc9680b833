/* Unit test: device renaming in guest configuration text (devname.h). */

#include <config.h>

#include <string.h>

#include "devname.h"
#include "tap.h"
#include "banned.h"

static const struct {
  const char *in;
  size_t ndisks;
  const char *out;       /* NULL: unchanged */
  size_t count;
} cases[] = {
  { "/dev/sda1 / ext4 defaults 0 1\n", 1, "/dev/vda1 / ext4 defaults 0 1\n", 1 },
  { "/dev/sda1 /\n/dev/sda2 none swap\n", 1, "/dev/vda1 /\n/dev/vda2 none swap\n", 2 },
  { "/dev/hda1 /\n", 1, "/dev/vda1 /\n", 1 },
  { "/dev/xvda1 /\n", 1, "/dev/vda1 /\n", 1 },
  { "/dev/xvdb\n", 2, "/dev/vdb\n", 1 },
  { "/dev/sdb1 /srv\n", 1, NULL, 0 },             /* not a converted disk */
  { "/dev/sdb1 /srv\n", 2, "/dev/vdb1 /srv\n", 1 },
  { "root=/dev/sda1 ro resume=/dev/sda2 quiet", 1,
    "root=/dev/vda1 ro resume=/dev/vda2 quiet", 2 },
  { "UUID=1234 / ext4\n", 1, NULL, 0 },
  { "/dev/disk/by-id/ata-sda1\n", 1, NULL, 0 },   /* not a bare name */
  { "/dev/sda1x\n", 1, NULL, 0 },                 /* longer word */
  { "/dev/sda1.bak\n", 1, NULL, 0 },
  { "/mnt/dev/sda1\n", 1, NULL, 0 },              /* /dev/ inside a word */
  { "x/dev/sda1\n", 1, NULL, 0 },
  { "(/dev/sda1)\n", 1, "(/dev/vda1)\n", 1 },
  { "/dev/sda", 1, "/dev/vda", 1 },               /* at the very end */
  { "/dev/sd", 1, NULL, 0 },
  { "/dev/", 1, NULL, 0 },
  { "", 1, NULL, 0 },
  { "/dev/sdaa1\n", 27, "/dev/vdaa1\n", 1 },      /* index 26 */
  { "/dev/sdaa1\n", 26, NULL, 0 },
  { "/dev/sdzzzzz\n", 1000000, NULL, 0 },         /* too many letters */
  { "/dev/sdA1\n", 1, NULL, 0 },                  /* upper case: not ours */
  { "/dev/vda1\n", 1, NULL, 0 },                  /* already virtio */
  { "/dev/nvme0n1p1\n", 1, NULL, 0 },
  { "/dev/sda1\t/dev/hda2 /dev/xvda3", 1, "/dev/vda1\t/dev/vda2 /dev/vda3", 3 },
  { "/dev//dev/sda1", 1, "/dev//dev/vda1", 1 },
};

int
main (void)
{
  size_t i;

  tap_plan (G_N_ELEMENTS (cases) * 2 + 17);

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    size_t new_len = 0, count = 99;
    g_autofree char *in_esc = g_strescape (cases[i].in, NULL);
    g_autofree char *out_esc = cases[i].out ? g_strescape (cases[i].out, NULL)
      : NULL;
    g_autofree char *out = ferry_devname_remap (cases[i].in,
                                                strlen (cases[i].in),
                                                cases[i].ndisks,
                                                &new_len, &count);
    if (cases[i].out == NULL)
      tap_ok (out == NULL, "'%s' (%zu disks) is left alone",
              in_esc, cases[i].ndisks);
    else
      tap_ok (out != NULL && strcmp (out, cases[i].out) == 0 &&
              new_len == strlen (cases[i].out),
              "'%s' becomes '%s'", in_esc, out_esc);
    tap_ok (count == cases[i].count, "case %zu renames %zu names (got %zu)",
            i, cases[i].count, count);
  }

  /* Embedded NUL bytes: the length is what counts. */
  {
    static const char text[] = "/dev/sda1\0/dev/sda2";
    size_t new_len = 0;
    g_autofree char *out = ferry_devname_remap (text, sizeof text - 1, 1,
                                                &new_len, NULL);
    tap_ok (out != NULL && new_len == sizeof text - 1 &&
            memcmp (out, "/dev/vda1\0/dev/vda2", new_len) == 0,
            "text with a NUL byte is renamed on both sides");
  }

  {
    static const char cfg[] = "linux /vmlinuz root=/dev/sdb1 ro resume=/dev/sdb12\n"
      "# /dev/sdb1x /x/dev/sdb1\n";
    size_t n = 0;
    g_autofree char *out = ferry_devname_replace (cfg, sizeof cfg - 1,
                                                  "/dev/sdb1", "/dev/vda1", &n);
    g_autofree char *none = ferry_devname_replace (cfg, sizeof cfg - 1,
                                                   "/dev/sdc1", "/dev/vda1", &n);
    g_autofree char *empty = ferry_devname_replace (cfg, sizeof cfg - 1,
                                                    "", "/dev/vda1", &n);
    g_autofree char *end = ferry_devname_replace ("root=/dev/sdb1", 14,
                                                  "/dev/sdb1", "/dev/vda1", &n);
    tap_ok (out != NULL && strcmp (out, "linux /vmlinuz root=/dev/vda1 ro "
                                   "resume=/dev/sdb12\n# /dev/sdb1x "
                                   "/x/dev/sdb1\n") == 0,
            "replace renames the standalone name only");
    tap_ok (none == NULL, "replace of an absent name changes nothing");
    tap_ok (empty == NULL, "replace of an empty name changes nothing");
    tap_ok (end != NULL && strcmp (end, "root=/dev/vda1") == 0 && n == 14,
            "replace works at the very end");
    tap_ok (out != NULL && strlen (out) == sizeof cfg - 1,
            "replace keeps the length when the names are as long");
  }

  tap_ok (ferry_devname_index ("a", 1) == 0, "index of a is 0");
  tap_ok (ferry_devname_index ("z", 1) == 25, "index of z is 25");
  tap_ok (ferry_devname_index ("aa", 2) == 26, "index of aa is 26");
  tap_ok (ferry_devname_index ("", 0) == -1, "empty letters are no index");
  tap_ok (ferry_devname_index ("a1", 2) == -1, "a digit is no letter");
  {
    g_autofree char *a = ferry_devname_letters (0);
    g_autofree char *z = ferry_devname_letters (25);
    g_autofree char *aa = ferry_devname_letters (26);
    g_autofree char *ab = ferry_devname_letters (27);
    g_autofree char *zz = ferry_devname_letters (701);
    g_autofree char *aaa = ferry_devname_letters (702);
    tap_ok (strcmp (a, "a") == 0, "letters of 0: a");
    tap_ok (strcmp (z, "z") == 0, "letters of 25: z");
    tap_ok (strcmp (aa, "aa") == 0, "letters of 26: aa");
    tap_ok (strcmp (ab, "ab") == 0, "letters of 27: ab");
    tap_ok (strcmp (zz, "zz") == 0, "letters of 701: zz");
    tap_ok (strcmp (aaa, "aaa") == 0, "letters of 702: aaa");
  }
  return tap_done ();
}
