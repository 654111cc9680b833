/* ferry: -i ova, a virtual machine packaged as OVF.
 *
 * The one argument is the package: a tar file (ustar, pax or GNU, as
 * VMware, VirtualBox and ovftool write them), perhaps compressed as a
 * whole with gzip, xz or zstd, a zip file, or a folder holding the
 * unpacked files.  The package holds one OVF descriptor (.ovf), from which
 * the source model is built (parse-ovf.h), perhaps manifests (.mf, one or
 * several: some exporters write one per disk) of SHA1, SHA256 or SHA512
 * checksums, and the files the descriptor names: the disks, usually
 * streamOptimized VMDKs.  A disk the descriptor names "disk1.vmdk" may be
 * in the package only as snapshots, "disk1.vmdk.000000000",
 * "disk1.vmdk.000000001", ...: the newest is read, as virt-v2v does.
 * "._NAME" files (what tar on a Mac adds) are neither descriptor nor
 * manifest.
 *
 * A package is hostile input.  Everything about it is checked before any
 * disk is opened and before anything is written: every member's name
 * must stay in the package (no absolute name, no ".."), members are
 * regular files (no symbolic or hard links, no devices), no name appears
 * twice, there is exactly one .ovf, every file the descriptor names is in
 * the package, and every checksum of the manifests matches its member.
 * Where being strict protects nobody, ferry warns and goes on, as
 * virt-v2v does: a member whose size is not the descriptor's ovf:size
 * (its own header says how much is read, and the checksums prove it), a
 * manifest line that does not parse or names a file that is not there.
 * A disk is then opened alone (image.h, ferry_image_probe_alone): it may
 * name no other file.
 *
 * Disks are not copied out of an uncompressed tar when they can be read
 * in place: the source disk is then a qemu "json:" name that reads the
 * member's bytes at their offset in the tar.  A gzip-compressed disk
 * (ovf:compression), a disk of a compressed tar or of a zip, or a member
 * that cannot be read in place (a sparse tar member, a size qemu's raw
 * layer refuses: not whole 512-byte sectors, a package name that is not
 * UTF-8, which qemu's JSON cannot carry) is extracted into a private
 * temporary folder, kept with the source and removed with it (source.h,
 * input_data) or by a fatal signal (tempfiles.h); nothing else of the
 * package is written anywhere.  With --print-source nothing is extracted
 * and no disk is probed: disks read in place show their json: name,
 * extracted ones no location.
 *
 * A few bytes of a package can stand for many, and what is extracted is
 * bounded by what the package declares (ova-limits.h): a member is read
 * up to the size its tar or zip header declares, not a byte further,
 * whatever a zip member's compressed data would expand to; a gzip disk is
 * decompressed up to its Disk's declared ovf:capacity plus a margin, and
 * a gzip disk whose capacity is not declared is not decompressed at all.
 * A compressed tar is decompressed as it is read, through a bounded
 * buffer, and a stream that does not decompress (corrupt, truncated, or
 * with sizes that lie) fails the run.  Before anything is extracted, the
 * free space where it goes must hold every disk to extract (a gzip one at
 * least its compressed size), and the free space is checked again before
 * each write: a write that would not fit is not made.  An extraction is
 * written under a ".part" name, renamed once whole and checked; one that
 * fails is removed at once.  Only the descriptor and the manifests are
 * read into memory, all bounded, and so are member names and their
 * count.
 *
 * Members are named in messages as PACKAGE/MEMBER, for a tar or zip as
 * for a folder.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "input.h"
#include "image.h"
#include "parse-ovf.h"
#include "errors.h"
#include "text.h"
#include "json.h"
#include "ova-limits.h"
#include "report.h"
#include "tempfiles.h"
#include "banned.h"

#define MAX_MEMBERS       10000      /* files in a package */
#define MAX_MANIFEST_SIZE (1u << 20) /* bytes in a .mf */
#define MAX_MANIFESTS_SIZE (4u << 20) /* bytes in all .mf together */
#define MAX_SNAPSHOT_DIGITS 20       /* in "disk1.vmdk.000000001" */
#define MAX_NAME_SIZE     4096       /* bytes in a member's name */
#define HEAD_SIZE         512        /* first bytes kept of each member */
#define BUFFER_SIZE       (1u << 20)

/* One manifest line. */
struct digest {
  GChecksumType type;
  const char *algorithm;   /* "SHA256", as the manifest writes it */
  char *hex;               /* expected, lower case */
  size_t line;
  const struct member *manifest;  /* the .mf it is in */
};

/* One file of the package. */
struct member {
  char *name;              /* normalized: "a/b", no ".", no ".." */
  uint64_t size;
  int64_t offset;          /* where its data starts in the tar file, when
                            * it can be read there in place; else -1 */
  unsigned char head[HEAD_SIZE];
  size_t head_len;         /* the first bytes of its data */
  GPtrArray *digests;      /* of struct digest *, from the manifest */
  const char *extract_to;  /* pass 2 writes it here (borrowed), or NULL */
  const char *extract_part;/* ... first under this name (borrowed), then
                            * renames it once it is whole and checked */
  bool gunzip;             /* ... decompressing it */
  uint64_t capacity;       /* with GUNZIP: its Disk's ovf:capacity, which
                            * bounds what is decompressed (never 0) */
  char *text;              /* a manifest's text, read whole, or NULL */
  size_t text_len;
};

struct package {
  const char *arg;         /* as the user named it */
  char *display;           /* ARG without trailing slashes */
  char *path;              /* absolute, symlinks resolved */
  bool is_dir;
  bool is_tar;             /* an uncompressed tar: members have offsets */
  GHashTable *members;     /* name -> struct member * (owned) */
  struct member *ovf;
  GPtrArray *mfs;          /* of struct member * (borrowed): the
                            * manifests, in the order met */
  uint64_t mfs_size;       /* their bytes together */
  char *ovf_text;
  size_t ovf_len;
  const char *tmpdir;      /* where extractions go, as TMPDIR names it
                            * (borrowed), or NULL when there are none */
};

/* The private folder of extracted disks (source->input_data). */
struct scratch {
  char *parent;            /* TMPDIR, where DIR is */
  char *dir;
  GPtrArray *files;        /* paths, registered with tempfiles.h */
};

static void
digest_free (gpointer data)
{
  struct digest *d = data;

  g_free (d->hex);
  g_free (d);
}

static void
member_free (gpointer data)
{
  struct member *m = data;

  g_free (m->name);
  g_free (m->text);
  if (m->digests != NULL)
    g_ptr_array_unref (m->digests);
  g_free (m);
}

static void
package_clear (struct package *pkg)
{
  g_free (pkg->display);
  g_free (pkg->path);
  if (pkg->members != NULL)
    g_hash_table_unref (pkg->members);
  if (pkg->mfs != NULL)
    g_ptr_array_unref (pkg->mfs);
  g_free (pkg->ovf_text);
}

static void
scratch_free (void *data)
{
  struct scratch *s = data;
  size_t i;

  if (s == NULL)
    return;
  for (i = 0; i < s->files->len; i++) {
    unlink (s->files->pdata[i]);
    ferry_tempfile_unregister (s->files->pdata[i]);
  }
  g_ptr_array_unref (s->files);
  if (s->dir != NULL) {
    rmdir (s->dir);
    ferry_tempfile_unregister (s->dir);
    g_free (s->dir);
  }
  g_free (s->parent);
  g_free (s);
}
typedef struct scratch scratch;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (scratch, scratch_free)

/* How messages name member NAME: PACKAGE/NAME. */
static char *
member_display (const struct package *pkg, const char *name)
{
  g_autofree char *escaped = ferry_text_cescape (name);

  return g_strconcat (pkg->display, "/", escaped, NULL);
}

/* NAME, relative to folder BASE of the package ("" for the top), as a
 * member name: components "" and "." dropped, refused (NULL) when it is
 * absolute, holds "..", names nothing, or is a URL.
 */
static char *
normalize_name (const char *base, const char *name)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *joined = NULL;
  size_t i;

  if (name[0] == '/' || strstr (name, "://") != NULL)
    return NULL;
  joined = base[0] ? g_strconcat (base, "/", name, NULL) : g_strdup (name);
  parts = g_strsplit (joined, "/", -1);
  for (i = 0; parts[i] != NULL; i++) {
    if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
      continue;
    if (strcmp (parts[i], "..") == 0)
      return NULL;
    if (out->len > 0)
      g_string_append_c (out, '/');
    g_string_append (out, parts[i]);
  }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The folder of member NAME ("" at the top). */
static char *
member_folder (const char *name)
{
  const char *slash = strrchr (name, '/');

  return slash ? g_strndup (name, slash - name) : g_strdup ("");
}

static bool
has_suffix (const char *name, const char *suffix)
{
  size_t n = strlen (name), s = strlen (suffix);

  return n > s && g_ascii_strcasecmp (name + n - s, suffix) == 0;
}

/* "._NAME", the AppleDouble file tar on a Mac adds beside NAME. */
static bool
is_apple_double (const char *name)
{
  const char *slash = strrchr (name, '/');

  return g_str_has_prefix (slash ? slash + 1 : name, "._");
}

static int
read_full (int fd, void *buf, size_t len, off_t offset, size_t *got)
{
  size_t done = 0;

  while (done < len) {
    ssize_t r = pread (fd, (char *) buf + done, len - done, offset + done);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0)
      break;
    done += r;
  }
  *got = done;
  return 0;
}

static int
write_full (int fd, const void *buf, size_t len)
{
  size_t done = 0;

  while (done < len) {
    ssize_t r = write (fd, (const char *) buf + done, len - done);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    done += r;
  }
  return 0;
}

/* Add member NAME (as found in the package, not yet normalized) of SIZE
 * bytes, refusing names that leave the package and names seen before.
 * Returns the new member, or NULL with the error set.
 */
static struct member *
add_member (struct package *pkg, const char *raw, uint64_t size)
{
  g_autofree char *name = NULL;
  struct member *m;

  /* Names are kept for every member: bounded, with their count. */
  if (strlen (raw) > MAX_NAME_SIZE) {
    g_autofree char *s = ferry_text_cescape (raw);

    ferry_error ("'%s' holds a file whose name is longer than %d bytes, "
                 "'%.64s...': refused", pkg->display, MAX_NAME_SIZE, s);
    return NULL;
  }
  name = normalize_name ("", raw);
  if (name == NULL) {
    g_autofree char *s = ferry_text_cescape (raw);

    ferry_error ("'%s' holds '%s', whose name leaves the package: refused",
                 pkg->display, s);
    return NULL;
  }
  if (g_hash_table_contains (pkg->members, name)) {
    g_autofree char *s = ferry_text_cescape (name);

    ferry_error ("'%s' holds '%s' twice: refused", pkg->display, s);
    return NULL;
  }
  if (g_hash_table_size (pkg->members) >= MAX_MEMBERS) {
    ferry_error ("'%s' holds more than %d files: refused", pkg->display,
                 MAX_MEMBERS);
    return NULL;
  }
  m = g_new0 (struct member, 1);
  m->name = g_steal_pointer (&name);
  m->size = size;
  m->offset = -1;
  g_hash_table_insert (pkg->members, m->name, m);

  /* The descriptor and the manifests are read whole.  "._NAME" files are
   * the resource forks some Mac tars add: neither.
   */
  if (is_apple_double (m->name))
    return m;
  if (has_suffix (m->name, ".ovf")) {
    if (pkg->ovf != NULL) {
      g_autofree char *a = ferry_text_cescape (pkg->ovf->name);
      g_autofree char *b = ferry_text_cescape (m->name);

      ferry_error ("'%s' holds two OVF descriptors, '%s' and '%s': refused",
                   pkg->display, a, b);
      return NULL;
    }
    if (size > FERRY_OVF_MAX_SIZE) {
      g_autofree char *d = member_display (pkg, m->name);

      ferry_error ("cannot parse '%s': larger than %u MiB, not an OVF "
                   "descriptor", d, FERRY_OVF_MAX_SIZE >> 20);
      return NULL;
    }
    pkg->ovf = m;
  }
  else if (has_suffix (m->name, ".mf")) {
    /* Some exporters write one manifest per disk: all are read. */
    if (size > MAX_MANIFEST_SIZE) {
      g_autofree char *d = member_display (pkg, m->name);

      ferry_error ("cannot parse '%s': larger than %u MiB, not a manifest",
                   d, MAX_MANIFEST_SIZE >> 20);
      return NULL;
    }
    pkg->mfs_size += size;
    if (pkg->mfs_size > MAX_MANIFESTS_SIZE) {
      ferry_error ("'%s' holds manifests (.mf) of more than %u MiB "
                   "together: refused", pkg->display,
                   MAX_MANIFESTS_SIZE >> 20);
      return NULL;
    }
    g_ptr_array_add (pkg->mfs, m);
  }
  return m;
}

static bool
is_manifest (const struct package *pkg, const struct member *m)
{
  size_t i;

  for (i = 0; i < pkg->mfs->len; i++)
    if (pkg->mfs->pdata[i] == m)
      return true;
  return false;
}

/* A reader of one member's bytes, from the archive's current entry or
 * from a file, that feeds every byte to the member's checksums.  It
 * delivers no byte past the member's declared size: a zip member whose
 * data expands further, or a file of a package folder that grew since it
 * was listed, fails with OVERRUN set.
 */
struct stream {
  struct archive *archive;
  int fd;
  GPtrArray *checksums;    /* of GChecksum *, one per digest */
  uint64_t size;           /* declared: the most it delivers */
  uint64_t bytes;          /* delivered so far */
  uint64_t overrun;        /* when not 0, how many bytes it had read
                            * when it passed SIZE */
  char *buffer;            /* 2 * BUFFER_SIZE: what the gzip reader
                            * reads, then what it decompresses */
};

static ssize_t
stream_read (struct stream *s, void *buf, size_t len)
{
  ssize_t r;
  size_t i;

  if (s->archive != NULL) {
    r = archive_read_data (s->archive, buf, len);
    if (r < 0) {
      errno = EIO;
      return -1;
    }
  }
  else {
    do
      r = read (s->fd, buf, len);
    while (r == -1 && errno == EINTR);
    if (r == -1)
      return -1;
  }
  if (s->bytes + r > s->size) {
    s->overrun = s->bytes + r;
    errno = EFBIG;
    return -1;
  }
  for (i = 0; i < s->checksums->len; i++)
    g_checksum_update (s->checksums->pdata[i], buf, r);
  s->bytes += r;
  return r;
}

static la_ssize_t
gzip_source (struct archive *a, void *opaque, const void **buf)
{
  struct stream *s = opaque;
  ssize_t r = stream_read (s, s->buffer, BUFFER_SIZE);

  if (r == -1) {
    archive_set_error (a, errno, "cannot read the compressed data");
    return -1;
  }
  *buf = s->buffer;
  return r;
}

/* The error for stream S of member DISPLAY, which failed: an overrun of
 * its declared size, or what the archive or the system said.  VERB is
 * what was being done ("read", "extract").
 */
static void
stream_error (const struct stream *s, const char *verb, const char *display)
{
  if (s->overrun != 0)
    ferry_error ("cannot %s '%s': it holds more than the %" PRIu64 " bytes "
                 "the package declares for it (%" PRIu64 " read): refused",
                 verb, display, s->size, s->overrun);
  else if (s->archive != NULL)
    ferry_error ("cannot %s '%s': %s", verb, display,
                 archive_error_string (s->archive));
  else
    ferry_error_errno (errno, "cannot %s '%s'", verb, display);
}

/* Whether NEEDED more bytes fit in the filesystem of DEST, the
 * extraction of DISPLAY into PKG->tmpdir, which has WRITTEN bytes so far.
 * The error names the folder, the bytes needed and the bytes free.
 */
static int
check_space (const struct package *pkg, const char *display, int dest,
             uint64_t needed, uint64_t written)
{
  struct statvfs fs;
  uint64_t free_bytes;

  if (fstatvfs (dest, &fs) == -1) {
    ferry_error_errno (errno, "cannot extract '%s': cannot find the free "
                       "space in '%s'", display, pkg->tmpdir);
    return -1;
  }
  free_bytes = ferry_ova_free_space (fs.f_bavail, fs.f_frsize);
  if (needed <= free_bytes)
    return 0;
  if (written == 0)
    ferry_error ("cannot extract '%s' into '%s': %" PRIu64 " bytes needed, "
                 "%" PRIu64 " free: set TMPDIR to a folder with more space",
                 display, pkg->tmpdir, needed, free_bytes);
  else
    ferry_error ("cannot extract '%s' into '%s': %" PRIu64 " more bytes "
                 "needed after the first %" PRIu64 ", %" PRIu64 " free: set "
                 "TMPDIR to a folder with more space", display, pkg->tmpdir,
                 needed, written, free_bytes);
  return -1;
}

/* Decompress the gzip stream S, member M, into DEST (already open): not
 * past the bound M's declared capacity sets, nor past the free space.
 */
static int
gunzip (const struct package *pkg, const struct member *m,
        struct stream *s, int dest, const char *display)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  uint64_t limit = ferry_ova_decompressed_limit (m->capacity);
  uint64_t written = 0;
  int r = -1;

  g_assert (limit > 0);
  archive_read_support_filter_gzip (a);
  archive_read_support_format_raw (a);
  if (archive_read_open (a, s, NULL, gzip_source, NULL) != ARCHIVE_OK ||
      archive_read_next_header (a, &entry) != ARCHIVE_OK) {
    if (s->overrun != 0)
      stream_error (s, "extract", display);
    else
      ferry_error ("cannot decompress '%s': %s", display,
                   archive_error_string (a) ? archive_error_string (a)
                   : "not gzip data");
    goto out;
  }
  if (archive_filter_code (a, 0) != ARCHIVE_FILTER_GZIP) {
    ferry_error ("cannot decompress '%s': not gzip data, although the OVF "
                 "says it is (ovf:compression)", display);
    goto out;
  }
  for (;;) {
    la_ssize_t n = archive_read_data (a, s->buffer + BUFFER_SIZE,
                                      BUFFER_SIZE);

    if (n < 0) {
      if (s->overrun != 0)
        stream_error (s, "extract", display);
      else
        ferry_error ("cannot decompress '%s': %s", display,
                     archive_error_string (a));
      goto out;
    }
    if (n == 0)
      break;
    /* Nothing past the bound is written: a bomb stops here. */
    if ((uint64_t) n > limit - written) {
      ferry_error ("cannot decompress '%s': it expands to more than %"
                   PRIu64 " bytes, its disk's declared capacity of %"
                   PRIu64 " bytes (ovf:capacity) and a margin: refused",
                   display, limit, m->capacity);
      goto out;
    }
    if (check_space (pkg, display, dest, n, written) == -1)
      goto out;
    if (write_full (dest, s->buffer + BUFFER_SIZE, n) == -1) {
      ferry_error_errno (errno, "cannot extract '%s' to '%s'", display,
                         m->extract_part);
      goto out;
    }
    written += n;
  }
  r = 0;

 out:
  archive_read_free (a);
  return r;
}

/* Read member M whole from S: check its size and checksums, and write it
 * (decompressed, with M->gunzip) to M->extract_part, renamed
 * M->extract_to once all is checked.  An extraction that fails is removed.
 */
static int
consume_member (const struct package *pkg, struct member *m,
                struct stream *s)
{
  g_autofree char *display = member_display (pkg, m->name);
  g_autoptr (GPtrArray) checksums =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_checksum_free);
  g_autofree char *buffer = g_malloc (2 * BUFFER_SIZE);
  const char *verb = m->extract_to != NULL ? "extract" : "read";
  bool created = false;
  int dest = -1;
  size_t i;
  int r = -1;

  for (i = 0; m->digests && i < m->digests->len; i++)
    g_ptr_array_add (checksums, g_checksum_new (((struct digest *)
                                                 m->digests->pdata[i])->type));
  s->checksums = checksums;
  s->buffer = buffer;
  s->size = m->size;
  s->bytes = 0;
  s->overrun = 0;

  if (m->extract_to != NULL) {
    dest = open (m->extract_part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                 0600);
    if (dest == -1) {
      ferry_error_errno (errno, "cannot create '%s'", m->extract_part);
      goto out;
    }
    created = true;
    /* Its size in the package: what a copy needs, and about the least
     * gzip data decompresses to.
     */
    if (check_space (pkg, display, dest, m->size, 0) == -1)
      goto out;
  }
  /* --print-source checks a compressed disk without decompressing it. */
  if (m->gunzip && dest != -1 && gunzip (pkg, m, s, dest, display) == -1)
    goto out;
  /* Read to the end (what follows a gzip stream too): the checksums are
   * of the whole member.
   */
  for (;;) {
    ssize_t n = stream_read (s, buffer, BUFFER_SIZE);

    if (n == -1) {
      stream_error (s, verb, display);
      goto out;
    }
    if (n == 0)
      break;
    if (dest != -1 && !m->gunzip) {
      uint64_t written = s->bytes - n;

      if (check_space (pkg, display, dest, m->size - written, written) == -1)
        goto out;
      if (write_full (dest, buffer, n) == -1) {
        ferry_error_errno (errno, "cannot extract '%s' to '%s'", display,
                           m->extract_part);
        goto out;
      }
    }
  }
  if (dest != -1 && close (dest) == -1) {
    dest = -1;
    ferry_error_errno (errno, "cannot extract '%s' to '%s'", display,
                       m->extract_part);
    goto out;
  }
  dest = -1;
  if (s->bytes != m->size) {
    ferry_error ("cannot read '%s': %" PRIu64 " bytes instead of %" PRIu64
                 " (truncated?)", display, s->bytes, m->size);
    goto out;
  }

  for (i = 0; i < checksums->len; i++) {
    const struct digest *d = m->digests->pdata[i];
    const char *got = g_checksum_get_string (checksums->pdata[i]);

    if (g_ascii_strcasecmp (got, d->hex) != 0) {
      g_autofree char *mf = member_display (pkg, d->manifest->name);

      ferry_error ("'%s' does not match its %s checksum in '%s' line %zu: "
                   "refused", display, d->algorithm, mf, d->line);
      goto out;
    }
  }
  if (created && rename (m->extract_part, m->extract_to) == -1) {
    ferry_error_errno (errno, "cannot extract '%s' to '%s'", display,
                       m->extract_to);
    goto out;
  }
  created = false;
  r = 0;

 out:
  if (dest != -1)
    close (dest);
  if (created)
    unlink (m->extract_part);
  s->checksums = NULL;
  s->buffer = NULL;
  return r;
}

static struct archive *
open_archive (const struct package *pkg)
{
  struct archive *a = archive_read_new ();

  /* A tar may be compressed as a whole, as virt-v2v reads it: with gzip,
   * xz or zstd, decompressed as it is read (its disks are extracted).
   */
  if (archive_read_support_filter_gzip (a) != ARCHIVE_OK ||
      archive_read_support_filter_xz (a) != ARCHIVE_OK ||
      archive_read_support_filter_zstd (a) != ARCHIVE_OK) {
    ferry_error ("cannot read '%s': %s", pkg->display,
                 archive_error_string (a));
    archive_read_free (a);
    return NULL;
  }
  archive_read_support_format_tar (a);
  archive_read_support_format_zip (a);
  if (archive_read_open_filename (a, pkg->path, 1 << 16) != ARCHIVE_OK) {
    ferry_error ("cannot read '%s': %s", pkg->display,
                 archive_error_string (a));
    archive_read_free (a);
    return NULL;
  }
  return a;
}

/* The entry's name: UTF-8 when the archive says how to get it. */
static const char *
entry_name (struct archive_entry *entry)
{
  const char *name = archive_entry_pathname_utf8 (entry);

  return name ? name : archive_entry_pathname (entry);
}

/* Read the whole of the archive's current entry, at most MAX bytes, into
 * a new buffer.
 */
static char *
read_entry (const struct package *pkg, struct archive *a,
            const struct member *m, size_t *len)
{
  g_autofree char *buf = g_malloc (m->size + 1);
  la_ssize_t r = archive_read_data (a, buf, m->size);

  if (r < 0 || (uint64_t) r != m->size) {
    g_autofree char *d = member_display (pkg, m->name);

    ferry_error ("cannot read '%s': %s", d,
                 r < 0 ? archive_error_string (a) : "truncated");
    return NULL;
  }
  buf[m->size] = '\0';
  *len = m->size;
  return g_steal_pointer (&buf);
}

/* Pass 1 over a tar or zip file: every member's name, type and size, the
 * offset of the data of each member of an uncompressed tar (checked
 * against the bytes libarchive reads), the descriptor and the manifest.
 */
static int
list_archive (struct package *pkg)
{
  struct archive *a = NULL;
  struct archive_entry *entry;
  struct stat st;
  int fd = -1;
  int r = -1;

  fd = open (pkg->path, O_RDONLY | O_CLOEXEC);
  if (fd == -1 || fstat (fd, &st) == -1) {
    ferry_error_errno (errno, "cannot open '%s'", pkg->display);
    goto out;
  }
  a = open_archive (pkg);
  if (a == NULL)
    goto out;

  for (;;) {
    const char *raw;
    struct member *m;
    mode_t type;
    int64_t header, offset;
    int h = archive_read_next_header (a, &entry);

    if (h == ARCHIVE_EOF)
      break;
    if (h < ARCHIVE_WARN) {
      ferry_error ("cannot read '%s': %s", pkg->display,
                   archive_error_string (a));
      goto out;
    }
    pkg->is_tar = (archive_format (a) & ARCHIVE_FORMAT_BASE_MASK) ==
      ARCHIVE_FORMAT_TAR && archive_filter_count (a) == 1 &&
      archive_filter_code (a, 0) == ARCHIVE_FILTER_NONE;

    raw = entry_name (entry);
    if (raw == NULL || raw[0] == '\0') {
      ferry_error ("'%s' holds a file with no name: refused", pkg->display);
      goto out;
    }
    type = archive_entry_filetype (entry);
    if (archive_entry_hardlink (entry) != NULL || type == AE_IFLNK ||
        (type != AE_IFREG && type != AE_IFDIR)) {
      g_autofree char *s = ferry_text_cescape (raw);

      ferry_error ("'%s' holds '%s', %s: refused", pkg->display, s,
                   archive_entry_hardlink (entry) ? "a hard link"
                   : type == AE_IFLNK ? "a symbolic link"
                   : "not a regular file");
      goto out;
    }
    if (type == AE_IFDIR) {
      g_autofree char *name = normalize_name ("", raw);

      if (name == NULL && strcmp (raw, "./") != 0 && strcmp (raw, ".") != 0) {
        g_autofree char *s = ferry_text_cescape (raw);

        ferry_error ("'%s' holds '%s', whose name leaves the package: "
                     "refused", pkg->display, s);
        goto out;
      }
      continue;
    }
    if (!archive_entry_size_is_set (entry) || archive_entry_size (entry) < 0) {
      g_autofree char *s = ferry_text_cescape (raw);

      ferry_error ("'%s' holds '%s', whose size is not known: refused",
                   pkg->display, s);
      goto out;
    }
    m = add_member (pkg, raw, archive_entry_size (entry));
    if (m == NULL)
      goto out;

    if (m == pkg->ovf) {
      pkg->ovf_text = read_entry (pkg, a, m, &pkg->ovf_len);
      if (pkg->ovf_text == NULL)
        goto out;
      continue;
    }
    if (is_manifest (pkg, m)) {
      m->text = read_entry (pkg, a, m, &m->text_len);
      if (m->text == NULL)
        goto out;
      continue;
    }

    /* The data of a tar member starts at the 512-byte block after its
     * header(s), where libarchive stands once it has read them.
     */
    header = archive_read_header_position (a);
    offset = archive_filter_bytes (a, 0);
    {
      la_ssize_t n = archive_read_data (a, m->head, MIN (m->size, HEAD_SIZE));

      if (n < 0) {
        g_autofree char *d = member_display (pkg, m->name);

        ferry_error ("cannot read '%s': %s", d, archive_error_string (a));
        goto out;
      }
      m->head_len = n;
    }
    /* qemu's raw layer wants a size in whole sectors. */
    if (pkg->is_tar && archive_entry_sparse_count (entry) == 0 &&
        m->size % 512 == 0 && offset > header && offset % 512 == 0 &&
        (uint64_t) offset + m->size <= (uint64_t) st.st_size) {
      unsigned char check[HEAD_SIZE];
      size_t got = 0;

      if (read_full (fd, check, m->head_len, offset, &got) == 0 &&
          got == m->head_len && memcmp (check, m->head, got) == 0)
        m->offset = offset;
    }
  }
  r = 0;

 out:
  if (a != NULL)
    archive_read_free (a);
  if (fd != -1)
    close (fd);
  return r;
}

/* Read file NAME of the package folder whole (it is small: checked). */
static char *
read_dir_file (const struct package *pkg, const struct member *m,
               size_t *len)
{
  g_autofree char *path = g_build_filename (pkg->path, m->name, NULL);
  g_autofree char *buf = g_malloc (m->size + 1);
  size_t got = 0;
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

  if (fd == -1 || read_full (fd, buf, m->size, 0, &got) == -1) {
    g_autofree char *d = member_display (pkg, m->name);

    ferry_error_errno (errno, "cannot read '%s'", d);
    if (fd != -1)
      close (fd);
    return NULL;
  }
  close (fd);
  buf[got] = '\0';
  *len = got;
  return g_steal_pointer (&buf);
}

/* Pass 1 over a folder: its files (the top level only). */
static int
list_dir (struct package *pkg)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (pkg->path, 0, &error);
  const char *name;
  size_t i;

  if (dir == NULL) {
    ferry_error ("cannot read '%s': %s", pkg->display, error->message);
    return -1;
  }
  while ((name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *path = g_build_filename (pkg->path, name, NULL);
    struct member *m;
    struct stat st;
    size_t got = 0;
    int fd;

    if (lstat (path, &st) == -1) {
      ferry_error_errno (errno, "cannot read '%s/%s'", pkg->display, name);
      return -1;
    }
    if (S_ISDIR (st.st_mode))
      continue;
    if (!S_ISREG (st.st_mode)) {
      g_autofree char *s = ferry_text_cescape (name);

      ferry_error ("'%s' holds '%s', %s: refused", pkg->display, s,
                   S_ISLNK (st.st_mode) ? "a symbolic link"
                   : "not a regular file");
      return -1;
    }
    m = add_member (pkg, name, st.st_size);
    if (m == NULL)
      return -1;
    /* Not blocking, should the file have become a FIFO since lstat. */
    fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd != -1 && fstat (fd, &st) == 0 && !S_ISREG (st.st_mode))
      errno = EINVAL;
    if (fd == -1 || !S_ISREG (st.st_mode) ||
        read_full (fd, m->head, MIN (m->size, HEAD_SIZE), 0, &got) == -1) {
      g_autofree char *d = member_display (pkg, m->name);

      ferry_error_errno (errno, "cannot read '%s'", d);
      if (fd != -1)
        close (fd);
      return -1;
    }
    close (fd);
    m->head_len = got;
  }
  if (pkg->ovf != NULL &&
      (pkg->ovf_text = read_dir_file (pkg, pkg->ovf, &pkg->ovf_len)) == NULL)
    return -1;
  for (i = 0; i < pkg->mfs->len; i++) {
    struct member *mf = pkg->mfs->pdata[i];

    if ((mf->text = read_dir_file (pkg, mf, &mf->text_len)) == NULL)
      return -1;
  }
  return 0;
}

/* The snapshot number of member NAME when it is snapshot "BASE.N" of
 * BASE (N digits only, so in BASE's folder), or NULL.
 */
static const char *
snapshot_number (const char *name, const char *base)
{
  size_t len = strlen (base);
  const char *digits;

  if (strncmp (name, base, len) != 0 || name[len] != '.')
    return NULL;
  digits = name + len + 1;
  if (digits[0] == '\0' || strlen (digits) > MAX_SNAPSHOT_DIGITS ||
      strspn (digits, "0123456789") != strlen (digits))
    return NULL;
  return digits;
}

/* Whether snapshot number A is older than B: as numbers, ties broken by
 * the text, so that the choice does not depend on the order of members.
 */
static bool
snapshot_older (const char *a, const char *b)
{
  size_t la, lb;

  a += strspn (a, "0");
  b += strspn (b, "0");
  la = strlen (a);
  lb = strlen (b);
  if (la != lb)
    return la < lb;
  return strcmp (a, b) < 0;
}

/* The newest snapshot of NAME in the package ("NAME.000000001" over
 * "NAME.000000000"), as VMware's exports hold them where the descriptor
 * names NAME: NULL when there is none.
 */
static struct member *
find_snapshot (const struct package *pkg, const char *name)
{
  GHashTableIter iter;
  gpointer value;
  struct member *newest = NULL;
  const char *newest_number = NULL;

  g_hash_table_iter_init (&iter, pkg->members);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    struct member *m = value;
    const char *number = snapshot_number (m->name, name);

    if (number == NULL)
      continue;
    if (newest == NULL || snapshot_older (newest_number, number) ||
        (!snapshot_older (number, newest_number) &&
         strcmp (m->name, newest->name) > 0)) {
      newest = m;
      newest_number = number;
    }
  }
  return newest;
}

/* Every file the descriptor names is a member (or, for a disk, has
 * snapshots in the package: the newest is taken).  A size that is not
 * the declared one is a warning: the member's own header says what is
 * read, and the manifest is what proves the package whole.  MEMBERS
 * receives the member of each of OVF->files.
 */
static int
check_references (const struct package *pkg, const struct ferry_ovf *ovf,
                  GHashTable *members)
{
  g_autofree char *folder = member_folder (pkg->ovf->name);
  g_autofree char *ovf_display = member_display (pkg, pkg->ovf->name);
  g_autoptr (GHashTable) named = g_hash_table_new (NULL, NULL);
  size_t i;

  for (i = 0; i < ovf->files->len; i++) {
    const struct ferry_ovf_file *f = ovf->files->pdata[i];
    g_autofree char *name = normalize_name (folder, f->href);
    g_autofree char *href = ferry_text_cescape (f->href);
    struct member *m;

    if (name == NULL) {
      ferry_error ("'%s' refers to '%s', outside the package: refused",
                   ovf_display, href);
      return -1;
    }
    m = g_hash_table_lookup (pkg->members, name);
    if (m == NULL && (m = find_snapshot (pkg, name)) != NULL) {
      g_autofree char *s = ferry_text_cescape (m->name);

      ferry_debug ("'%s' refers to '%s': reading its newest snapshot, '%s'",
                   ovf_display, href, s);
    }
    if (m == NULL) {
      ferry_error ("'%s' refers to '%s', which is not in '%s'",
                   ovf_display, href, pkg->display);
      return -1;
    }
    if (!g_hash_table_add (named, m)) {
      ferry_error ("'%s' refers to '%s' twice, under two names: refused",
                   ovf_display, href);
      return -1;
    }
    if (f->size >= 0 && (uint64_t) f->size != m->size) {
      g_autofree char *d = member_display (pkg, m->name);

      ferry_warning ("'%s' is %" PRIu64 " bytes, but '%s' says %" PRId64
                     " (ovf:size): reading its %" PRIu64 " bytes",
                     d, m->size, ovf_display, f->size, m->size);
    }
    g_hash_table_insert (members, (gpointer) f, m);
  }
  return 0;
}

/* Warn about line NUMBER of manifest DISPLAY, LINE, which is skipped. */
static void G_GNUC_PRINTF (4, 5)
manifest_warning (const char *display, size_t number, const char *line,
                  const char *fmt, ...)
{
  g_autofree char *why = NULL;
  g_autofree char *s = ferry_text_cescape (line);
  va_list args;

  va_start (args, fmt);
  why = g_strdup_vprintf (fmt, args);
  va_end (args);
  ferry_warning ("'%s' line %zu, '%.80s%s': %s (line ignored)", display,
                 number, s, strlen (s) > 80 ? "..." : "", why);
}

/* Manifest MF: "SHA256(NAME)= HEX" lines, attached to their members.  A
 * line that does not parse, or names no member, is a warning, as the
 * checksums of the other lines are still checked; a bound is an error.
 */
static int
read_one_manifest (struct package *pkg, const struct member *mf)
{
  static const struct {
    const char *name;
    GChecksumType type;
  } algorithms[] = {
    { "SHA1", G_CHECKSUM_SHA1 },
    { "SHA256", G_CHECKSUM_SHA256 },
    { "SHA512", G_CHECKSUM_SHA512 },
  };
  g_autofree char *display = member_display (pkg, mf->name);
  g_autofree char *folder = member_folder (mf->name);
  g_auto (GStrv) lines = NULL;
  size_t i, j;

  if (memchr (mf->text, '\0', mf->text_len) != NULL) {
    ferry_error ("cannot parse '%s': NUL byte, not a text file", display);
    return -1;
  }
  lines = g_strsplit (mf->text, "\n", -1);
  for (i = 0; lines[i] != NULL; i++) {
    char *line = g_strstrip (lines[i]);
    g_autofree char *original = g_strdup (line);
    char *open_paren, *close_paren, *equals, *hex;
    g_autofree char *name = NULL;
    struct member *m;
    struct digest *d;
    size_t want;

    if (line[0] == '\0')
      continue;
    open_paren = strchr (line, '(');
    equals = strrchr (line, '=');
    if (open_paren == NULL || equals == NULL || equals < open_paren)
      goto syntax;
    close_paren = equals;
    while (close_paren > open_paren && close_paren[-1] == ' ')
      close_paren--;
    if (close_paren[-1] != ')' || close_paren - 1 <= open_paren + 1)
      goto syntax;
    close_paren--;
    *open_paren = '\0';
    *close_paren = '\0';
    hex = g_strstrip (equals + 1);

    for (j = 0; j < G_N_ELEMENTS (algorithms); j++)
      if (g_ascii_strcasecmp (g_strstrip (line), algorithms[j].name) == 0)
        break;
    if (j == G_N_ELEMENTS (algorithms)) {
      g_autofree char *s = ferry_text_cescape (line);

      manifest_warning (display, i + 1, original, "unknown checksum '%s' "
                        "(SHA1, SHA256 or SHA512)", s);
      continue;
    }
    want = 2 * g_checksum_type_get_length (algorithms[j].type);
    if (strlen (hex) != want ||
        strspn (hex, "0123456789abcdefABCDEF") != want) {
      manifest_warning (display, i + 1, original, "the %s checksum is not "
                        "%zu hexadecimal digits", algorithms[j].name, want);
      continue;
    }
    name = normalize_name (folder, open_paren + 1);
    m = name ? g_hash_table_lookup (pkg->members, name) : NULL;
    if (m == NULL) {
      g_autofree char *s = ferry_text_cescape (open_paren + 1);

      manifest_warning (display, i + 1, original, "'%s' is not in '%s'",
                        s, pkg->display);
      continue;
    }
    if (m->digests == NULL)
      m->digests = g_ptr_array_new_with_free_func (digest_free);
    if (m->digests->len >= G_N_ELEMENTS (algorithms) * 4) {
      g_autofree char *s = ferry_text_cescape (m->name);

      ferry_error ("cannot parse '%s' line %zu: too many checksums of '%s'",
                   display, i + 1, s);
      return -1;
    }
    d = g_new0 (struct digest, 1);
    d->type = algorithms[j].type;
    d->algorithm = algorithms[j].name;
    d->hex = g_ascii_strdown (hex, -1);
    d->line = i + 1;
    d->manifest = mf;
    g_ptr_array_add (m->digests, d);
    continue;

  syntax:
    manifest_warning (display, i + 1, original,
                      "expected 'SHA256(FILE)= HEX'");
  }
  return 0;
}

/* Every manifest of the package. */
static int
read_manifest (struct package *pkg)
{
  size_t i;

  for (i = 0; i < pkg->mfs->len; i++)
    if (read_one_manifest (pkg, pkg->mfs->pdata[i]) == -1)
      return -1;
  return 0;
}

static bool
needs_reading (const struct member *m)
{
  return m->digests != NULL || m->extract_to != NULL;
}

/* Pass 2: read the members that have checksums or are to be extracted. */
static int
read_members (const struct package *pkg)
{
  struct archive *a = NULL;
  struct archive_entry *entry;
  GHashTableIter iter;
  gpointer value;
  int r = -1;

  if (pkg->is_dir) {
    g_hash_table_iter_init (&iter, pkg->members);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
      struct member *m = value;
      g_autofree char *path = NULL;
      struct stream s = { .fd = -1 };

      if (!needs_reading (m))
        continue;
      path = g_build_filename (pkg->path, m->name, NULL);
      s.fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (s.fd == -1) {
        g_autofree char *d = member_display (pkg, m->name);

        ferry_error_errno (errno, "cannot read '%s'", d);
        return -1;
      }
      r = consume_member (pkg, m, &s);
      close (s.fd);
      if (r == -1)
        return -1;
    }
    return 0;
  }

  a = open_archive (pkg);
  if (a == NULL)
    return -1;
  for (;;) {
    g_autofree char *name = NULL;
    struct member *m;
    struct stream s = { .archive = a, .fd = -1 };
    int h = archive_read_next_header (a, &entry);

    if (h == ARCHIVE_EOF)
      break;
    if (h < ARCHIVE_WARN) {
      ferry_error ("cannot read '%s': %s", pkg->display,
                   archive_error_string (a));
      goto out;
    }
    if (archive_entry_filetype (entry) != AE_IFREG)
      continue;
    name = normalize_name ("", entry_name (entry));
    m = name ? g_hash_table_lookup (pkg->members, name) : NULL;
    if (m == NULL || !needs_reading (m))
      continue;
    if (consume_member (pkg, m, &s) == -1)
      goto out;
  }
  r = 0;

 out:
  archive_read_free (a);
  return r;
}

static int
scratch_create (struct scratch **out)
{
  g_autoptr (scratch) s = g_new0 (struct scratch, 1);
  const char *tmpdir = g_getenv ("TMPDIR");
  g_autofree char *template = NULL;

  if (tmpdir == NULL || tmpdir[0] == '\0')
    tmpdir = "/var/tmp";
  s->files = g_ptr_array_new_with_free_func (g_free);
  template = g_build_filename (tmpdir, "ferry-ova.XXXXXX", NULL);
  if (g_mkdtemp (template) == NULL) {
    ferry_error_errno (errno, "cannot create a temporary folder in '%s'",
                       tmpdir);
    return -1;
  }
  s->dir = g_steal_pointer (&template);
  s->parent = g_strdup (tmpdir);
  if (ferry_tempfile_register (s->dir, true) == -1) {
    rmdir (s->dir);
    g_clear_pointer (&s->dir, g_free);
    return -1;
  }
  *out = g_steal_pointer (&s);
  return 0;
}

/* A new file name in the scratch folder for disk INDEX, and the name it
 * is written under until it is whole, both registered for removal.
 */
static int
scratch_add (struct scratch *s, size_t index, const char **path,
             const char **part)
{
  g_autofree char *base = g_strdup_printf ("disk-%zu", index);
  char *whole = g_build_filename (s->dir, base, NULL);
  char *partial = g_strconcat (whole, ".part", NULL);

  /* Owned by S from here: unregistering one never registered is
   * harmless.
   */
  g_ptr_array_add (s->files, whole);
  g_ptr_array_add (s->files, partial);
  if (ferry_tempfile_register (whole, false) == -1 ||
      ferry_tempfile_register (partial, false) == -1)
    return -1;
  *path = whole;
  *part = partial;
  return 0;
}

/* Refuse early, before the package is read again, when the disks to
 * extract cannot all fit in the free space of the scratch folder: each
 * needs its size in the package (a gzip one at least that much, and each
 * of its writes is checked again as it is decompressed).
 */
static int
scratch_check_space (const struct scratch *s, const struct package *pkg,
                     const struct ferry_ovf *ovf, GHashTable *file_members)
{
  struct statvfs fs;
  uint64_t free_bytes, needed = 0;
  size_t i, before = 0;

  if (statvfs (s->dir, &fs) == -1) {
    ferry_error_errno (errno, "cannot find the free space in '%s'",
                       s->parent);
    return -1;
  }
  free_bytes = ferry_ova_free_space (fs.f_bavail, fs.f_frsize);
  for (i = 0; i < ovf->disk_files->len; i++) {
    const struct member *m = g_hash_table_lookup (file_members,
                                                  ovf->disk_files->pdata[i]);
    g_autofree char *display = NULL;

    if (m->extract_to == NULL)
      continue;
    needed = ferry_ova_add (needed, m->size);
    if (needed > free_bytes) {
      display = member_display (pkg, m->name);
      ferry_error ("cannot extract '%s' into '%s': %" PRIu64 " bytes "
                   "needed%s, %" PRIu64 " free: set TMPDIR to a folder with "
                   "more space", display, s->parent, needed,
                   before ? " with the disks before it" : "", free_bytes);
      return -1;
    }
    before++;
  }
  return 0;
}

/* A json: name reading SIZE bytes at OFFSET in FILE as FORMAT (NULL: let
 * qemu probe).
 */
static char *
json_location (const char *format, const char *file, uint64_t offset,
               uint64_t size)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *json = NULL;

  json_builder_begin_object (b);
  if (format != NULL)
    ferry_json_add_string (b, "driver", format);
  json_builder_set_member_name (b, "file");
  json_builder_begin_object (b);
  ferry_json_add_string (b, "driver", "raw");
  ferry_json_add_u64 (b, "offset", offset);
  ferry_json_add_u64 (b, "size", size);
  json_builder_set_member_name (b, "file");
  json_builder_begin_object (b);
  ferry_json_add_string (b, "driver", "file");
  ferry_json_add_string (b, "filename", file);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json = ferry_json_generate (b, false);
  return g_strconcat ("json:", json, NULL);
}

/* A VMDK that is a text descriptor names its extents: only sparse VMDKs
 * (one file, magic "KDMV", or "COWD" for VMware 3) are taken.
 */
static bool
is_sparse_vmdk (const unsigned char *head, size_t len)
{
  return len >= 4 && (memcmp (head, "KDMV", 4) == 0 ||
                      memcmp (head, "COWD", 4) == 0);
}

static bool
looks_like_descriptor (const unsigned char *head, size_t len)
{
  static const char text[] = "# Disk DescriptorFile";

  return len >= strlen (text) && memcmp (head, text, strlen (text)) == 0;
}

/* The first bytes of an extracted disk. */
static int
read_head (const char *path, unsigned char *head, size_t *len)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  int r;

  if (fd == -1) {
    ferry_error_errno (errno, "cannot open '%s'", path);
    return -1;
  }
  r = read_full (fd, head, HEAD_SIZE, 0, len);
  if (r == -1)
    ferry_error_errno (errno, "cannot read '%s'", path);
  close (fd);
  return r;
}

/* FORMAT may be DISK's own. */
static void
set_format (struct ferry_source_disk *disk, const char *format)
{
  char *copy = g_strdup (format);

  g_free (disk->format);
  disk->format = copy;
}

/* Give DISK its location, format and size: MEMBER read in place or from
 * EXTRACTED, as FORMAT (NULL: probe), unless METADATA_ONLY.
 */
static int
open_disk (const struct package *pkg, struct ferry_source_disk *disk,
           const struct member *m, const char *extracted, const char *format,
           bool metadata_only)
{
  g_autofree char *display = member_display (pkg, m->name);
  g_autofree char *location = NULL;
  struct ferry_image_info info;
  unsigned char head[HEAD_SIZE];
  size_t head_len = 0;
  bool in_place = false;

  if (extracted != NULL) {
    if (read_head (extracted, head, &head_len) == -1)
      return -1;
    location = g_strdup (extracted);
  }
  else if (m->gunzip || (!pkg->is_dir && m->offset < 0)) {
    /* --print-source: what would be extracted is not. */
    g_assert (metadata_only);
    g_clear_pointer (&disk->location, g_free);
    set_format (disk, format);
    return 0;
  }
  else {
    memcpy (head, m->head, m->head_len);
    head_len = m->head_len;
    if (pkg->is_dir)
      location = g_build_filename (pkg->path, m->name, NULL);
    else {
      in_place = true;
      location = json_location (format, pkg->path, m->offset, m->size);
    }
  }

  if (looks_like_descriptor (head, head_len) ||
      (format != NULL && strcmp (format, "vmdk") == 0 &&
       !is_sparse_vmdk (head, head_len))) {
    ferry_error ("'%s' is not a sparse VMDK (a descriptor names other "
                 "files): refused", display);
    return -1;
  }

  if (metadata_only) {
    g_free (disk->location);
    disk->location = g_steal_pointer (&location);
    set_format (disk, format);
    return 0;
  }

  if (ferry_image_probe_alone (location, format, display, &info) == -1)
    return -1;
  if (strcmp (info.format, "vmdk") == 0 && !is_sparse_vmdk (head, head_len)) {
    ferry_error ("'%s' is not a sparse VMDK (a descriptor names other "
                 "files): refused", display);
    g_free (info.format);
    return -1;
  }
  /* A probed format goes into the json: name, which the overlay names. */
  if (in_place && format == NULL) {
    g_free (location);
    location = json_location (info.format, pkg->path, m->offset, m->size);
  }
  g_free (disk->location);
  disk->location = g_steal_pointer (&location);
  g_free (disk->format);
  disk->format = info.format;
  disk->virtual_size = info.virtual_size;
  return 0;
}

/* The guest's name when the descriptor has none: the .ovf's file name
 * without its extension.
 */
static char *
name_from_member (const char *name)
{
  g_autofree char *base = g_path_get_basename (name);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static struct ferry_source *
ova_open (const struct ferry_input_options *options,
          char *const *args, size_t nargs)
{
  struct package pkg = { .arg = args[0] };
  g_autoptr (ferry_ovf) ovf = NULL;
  g_autoptr (ferry_source) source = NULL;
  g_autoptr (scratch) scratch = NULL;
  g_autoptr (GHashTable) file_members = g_hash_table_new (NULL, NULL);
  g_autofree char *ovf_display = NULL, *fallback = NULL;
  struct ferry_source *result = NULL;
  bool read_again = false;
  struct stat st;
  size_t i;

  pkg.display = g_strdup (pkg.arg);
  while (strlen (pkg.display) > 1 && g_str_has_suffix (pkg.display, "/"))
    pkg.display[strlen (pkg.display) - 1] = '\0';
  pkg.members = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       member_free);
  pkg.mfs = g_ptr_array_new ();
  if (stat (pkg.arg, &st) == -1 ||
      (pkg.path = realpath (pkg.arg, NULL)) == NULL) {
    ferry_error_errno (errno, "cannot open '%s'", pkg.display);
    goto out;
  }
  pkg.is_dir = S_ISDIR (st.st_mode);
  if (!pkg.is_dir && !S_ISREG (st.st_mode)) {
    ferry_error ("cannot read '%s': not a file or a folder", pkg.display);
    goto out;
  }
  if ((pkg.is_dir ? list_dir (&pkg) : list_archive (&pkg)) == -1)
    goto out;
  if (pkg.ovf == NULL) {
    ferry_error ("'%s' holds no OVF descriptor (.ovf): not an OVA",
                 pkg.display);
    goto out;
  }

  ovf_display = member_display (&pkg, pkg.ovf->name);
  fallback = name_from_member (pkg.ovf->name);
  ovf = ferry_ovf_parse (pkg.ovf_text, pkg.ovf_len, ovf_display, fallback);
  if (ovf == NULL ||
      check_references (&pkg, ovf, file_members) == -1 ||
      read_manifest (&pkg) == -1)
    goto out;

  /* Which disks must be extracted: compressed ones, and any that cannot
   * be read in place (zip members, sparse tar members, or a package
   * whose name qemu's JSON cannot carry).
   */
  for (i = 0; i < ovf->disk_files->len; i++) {
    const struct ferry_ovf_file *f = ovf->disk_files->pdata[i];
    const struct ferry_source_disk *disk = ovf->source->disks->pdata[i];
    struct member *m = g_hash_table_lookup (file_members, f);

    m->gunzip = f->gzip;
    m->capacity = disk->virtual_size;
    if (!pkg.is_dir && !g_utf8_validate (pkg.path, -1, NULL))
      m->offset = -1;
    if (options->metadata_only || (!m->gunzip && (pkg.is_dir ||
                                                  m->offset >= 0)))
      continue;
    /* Only a declared capacity bounds what gzip data expands to. */
    if (m->gunzip && m->capacity == 0) {
      g_autofree char *d = member_display (&pkg, m->name);

      ferry_error ("cannot decompress '%s': '%s' declares no capacity for "
                   "its disk (ovf:capacity), which would bound it: refused",
                   d, ovf_display);
      goto out;
    }
    if (scratch == NULL && scratch_create (&scratch) == -1)
      goto out;
    if (scratch_add (scratch, i, &m->extract_to, &m->extract_part) == -1)
      goto out;
  }
  if (scratch != NULL) {
    pkg.tmpdir = scratch->parent;
    if (scratch_check_space (scratch, &pkg, ovf, file_members) == -1)
      goto out;
  }
  for (i = 0; i < ovf->files->len; i++) {
    struct member *m = g_hash_table_lookup (file_members,
                                            ovf->files->pdata[i]);
    read_again |= needs_reading (m);
  }
  if (pkg.mfs->len > 0 || read_again) {
    if (read_members (&pkg) == -1)
      goto out;
  }

  source = g_steal_pointer (&ovf->source);
  for (i = 0; i < source->disks->len; i++) {
    const struct ferry_ovf_file *f = ovf->disk_files->pdata[i];
    struct member *m = g_hash_table_lookup (file_members, f);
    struct ferry_source_disk *disk = source->disks->pdata[i];
    const char *format = options->format ? options->format : disk->format;

    if (open_disk (&pkg, disk, m, m->extract_to, format,
                   options->metadata_only) == -1)
      goto out;
  }
  source->input_data = g_steal_pointer (&scratch);
  source->input_data_free = scratch_free;
  result = g_steal_pointer (&source);

 out:
  package_clear (&pkg);
  return result;
}

const struct ferry_input_module ferry_input_ova = {
  .name = "ova",
  .description = "an OVF package: .ova tar or zip file, or its folder",
  .min_args = 1,
  .max_args = 1,
  .open = ova_open,
};
