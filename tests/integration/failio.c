/*
 * failio.c: an LD_PRELOAD shim for the integration tests that makes chosen
 * libc calls fail, stall or kill the process, only on chosen paths, so that
 * reading the entries works while writing public/ does not.
 *
 *   cc -shared -fPIC -o failio.so failio.c -ldl
 *   LD_PRELOAD=./failio.so FAILIO_CALL=write FAILIO_ERRNO=ENOSPC \
 *       FAILIO_PATH=public/ feedgen build
 *
 * Environment (all optional; with none set the shim only passes calls on):
 *   FAILIO_PATH=SUB    only calls on a path containing SUB are "output calls";
 *                      SUB ending in '$' matches the end of the path only;
 *                      SUB1|SUB2 matches a path either one matches.
 *                      Unset: every path matches. Paths are made absolute
 *                      first (against the working folder), so SUB can be an
 *                      absolute folder such as /tmp/x/s/public/. For calls on
 *                      a descriptor (write, pwrite, fsync, fdatasync, fchmod,
 *                      ftruncate, close) the path is the one /proc/self/fd/N
 *                      names.
 *   FAILIO_CALL=LIST   the calls that fail, comma-separated: open, write,
 *                      pwrite, fsync, fdatasync, fchmod, ftruncate, close,
 *                      rename, mkstemp, unlink, readdir, stat (open covers
 *                      open and openat, fsync covers fdatasync, rename covers
 *                      renameat, mkstemp covers mkostemp, stat covers lstat,
 *                      fstat and fstatat;
 *                      readdir's path is its folder's)
 *   FAILIO_ERRNO=NAME  the errno they fail with: ENOSPC, EIO, EROFS, EACCES,
 *                      EDQUOT, EPERM, ENOENT, EEXIST, EBADF, ENOTDIR, EINTR,
 *                      EFBIG, EMFILE, ENFILE, EXDEV, EBUSY, EAGAIN, ENOMEM, or
 *                      a number (default EIO)
 *   FAILIO_NTH=K       fail only the K-th matching call (counted over the
 *                      calls in FAILIO_CALL on matching paths), not every one
 *   FAILIO_PARTIAL=1   a failing write first writes half its bytes and returns
 *                      that short count, as a filling disk does; the next
 *                      write call fails
 *   FAILIO_WRITABLE=1  descriptor calls match only descriptors open for
 *                      writing (so close fails on the temporary, not on the
 *                      read of the old feed); fsync of a folder still matches
 *                      when the folder's path matches
 *   FAILIO_ABORT_AT=N  raise(SIGKILL) just before the N-th output call among
 *                      the counted calls below (a crash at a precise point);
 *                      FAILIO_ABORT_AFTER=1 kills just after that call instead
 *   FAILIO_SLEEP_AT=N  sleep FAILIO_SLEEP_MS (default 3000) ms before the N-th
 *                      counted output call (holds the lock, for lock tests);
 *                      FAILIO_SLEEP_CALL=NAME sleeps before the first output
 *                      call of that name instead (e.g. close, with FAILIO_PATH
 *                      ending in .feedgen.lock$: just before the lock goes)
 *   FAILIO_DEVFULL=1   after a matching mkstemp succeeds, its descriptor is
 *                      made to point to /dev/full (dup2), so the real kernel
 *                      answers the writes with ENOSPC; fchmod on it is skipped
 *                      (it would change the device node's mode)
 *   FAILIO_LOG=FILE    append "N CALL PATH" for every counted output call, so a
 *                      clean run tells how many kill points a build has
 *
 * Counted output calls: open, openat, mkstemp, mkostemp, write, pwrite,
 * fchmod, ftruncate, fsync, fdatasync, close, rename, renameat, unlink, on
 * matching paths; readdir and stat only when FAILIO_CALL names them (they
 * read, and would only add kill points). Calls libc makes internally (stdio's writes to stderr,
 * mkstemp's own open) do not go through these symbols and are not seen.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

enum call { C_OPEN, C_WRITE, C_PWRITE, C_FSYNC, C_FDATASYNC, C_FCHMOD, C_FTRUNCATE,
	C_CLOSE, C_RENAME, C_MKSTEMP, C_UNLINK, C_READDIR, C_STAT, C_N };

static const char *const call_names[C_N] = {
	"open", "write", "pwrite", "fsync", "fdatasync", "fchmod", "ftruncate",
	"close", "rename", "mkstemp", "unlink", "readdir", "stat",
};

static struct {
	int ready;
	char *path;		/* FAILIO_PATH, or NULL for every path */
	int fail[C_N];
	int err;
	long nth, matched;
	int partial, partial_done;
	int writable;
	long abort_at, sleep_at, sleep_ms, counted;
	int abort_after, sleep_call, devfull;
	int logfd;
} cfg = {.logfd = -1};

static int (*real_open)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_fchmod)(int, mode_t);
static int (*real_ftruncate)(int, off_t);
static int (*real_close)(int);
static int (*real_rename)(const char *, const char *);
static int (*real_renameat)(int, const char *, int, const char *);
static int (*real_mkstemp)(char *);
static int (*real_mkostemp)(char *, int);
static int (*real_unlink)(const char *);
static struct dirent *(*real_readdir)(DIR *);
static int (*real_stat)(const char *, struct stat *);
static int (*real_lstat)(const char *, struct stat *);

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{"ENOSPC", ENOSPC}, {"EIO", EIO}, {"EROFS", EROFS}, {"EACCES", EACCES},
	{"EDQUOT", EDQUOT}, {"EPERM", EPERM}, {"ENOENT", ENOENT}, {"EEXIST", EEXIST},
	{"EBADF", EBADF}, {"ENOTDIR", ENOTDIR}, {"EINTR", EINTR}, {"EFBIG", EFBIG},
	{"EMFILE", EMFILE}, {"ENFILE", ENFILE}, {"EXDEV", EXDEV}, {"EBUSY", EBUSY},
	{"EAGAIN", EAGAIN}, {"ENOMEM", ENOMEM},
};

static void *
sym(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (!p) {
		fprintf(stderr, "failio: dlsym(%s) failed\n", name);
		_exit(125);
	}
	return p;
}

static long
env_long(const char *name)
{
	const char *s = getenv(name);

	return s && *s ? strtol(s, NULL, 10) : 0;
}

static void
init(void)
{
	const char *s;
	size_t i;

	if (cfg.ready)
		return;
	real_open = (int (*)(const char *, int, ...))sym("open");
	real_openat = (int (*)(int, const char *, int, ...))sym("openat");
	real_write = (ssize_t (*)(int, const void *, size_t))sym("write");
	real_pwrite = (ssize_t (*)(int, const void *, size_t, off_t))sym("pwrite");
	real_fsync = (int (*)(int))sym("fsync");
	real_fdatasync = (int (*)(int))sym("fdatasync");
	real_fchmod = (int (*)(int, mode_t))sym("fchmod");
	real_ftruncate = (int (*)(int, off_t))sym("ftruncate");
	real_close = (int (*)(int))sym("close");
	real_rename = (int (*)(const char *, const char *))sym("rename");
	real_renameat = (int (*)(int, const char *, int, const char *))sym("renameat");
	real_mkstemp = (int (*)(char *))sym("mkstemp");
	real_mkostemp = (int (*)(char *, int))sym("mkostemp");
	real_unlink = (int (*)(const char *))sym("unlink");
	real_readdir = (struct dirent *(*)(DIR *))sym("readdir");
	real_stat = (int (*)(const char *, struct stat *))sym("stat");
	real_lstat = (int (*)(const char *, struct stat *))sym("lstat");

	if ((s = getenv("FAILIO_PATH")) && *s) {
		cfg.path = strdup(s);
	}
	if ((s = getenv("FAILIO_CALL")) && *s) {
		for (i = 0; i < C_N; i++) {
			const char *p = s;
			size_t n = strlen(call_names[i]);

			while ((p = strstr(p, call_names[i]))) {
				if ((p == s || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
					cfg.fail[i] = 1;
				p += n;
			}
		}
	}
	cfg.fail[C_FDATASYNC] |= cfg.fail[C_FSYNC];
	cfg.err = EIO;
	if ((s = getenv("FAILIO_ERRNO")) && *s) {
		if (*s >= '0' && *s <= '9')
			cfg.err = atoi(s);
		else
			for (i = 0; i < sizeof errnos / sizeof *errnos; i++)
				if (strcmp(s, errnos[i].name) == 0)
					cfg.err = errnos[i].value;
	}
	cfg.nth = env_long("FAILIO_NTH");
	cfg.partial = env_long("FAILIO_PARTIAL") != 0;
	cfg.writable = env_long("FAILIO_WRITABLE") != 0;
	cfg.abort_at = env_long("FAILIO_ABORT_AT");
	cfg.abort_after = env_long("FAILIO_ABORT_AFTER") != 0;
	cfg.sleep_at = env_long("FAILIO_SLEEP_AT");
	cfg.sleep_ms = getenv("FAILIO_SLEEP_MS") ? env_long("FAILIO_SLEEP_MS") : 3000;
	cfg.sleep_call = -1;
	if ((s = getenv("FAILIO_SLEEP_CALL")) && *s)
		for (i = 0; i < C_N; i++)
			if (strcmp(s, call_names[i]) == 0)
				cfg.sleep_call = (int)i;
	cfg.devfull = env_long("FAILIO_DEVFULL") != 0;
	cfg.ready = 1;
	if ((s = getenv("FAILIO_LOG")) && *s)
		cfg.logfd = real_open(s, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

/* Whether p matches one '|'-separated alternative of FAILIO_PATH ('$': at the end). */
static int
path_matches(const char *p)
{
	const char *alt, *bar;
	size_t n, len;

	if (!p)
		return 0;
	if (!cfg.path)
		return 1;
	n = strlen(p);
	for (alt = cfg.path; ; alt = bar + 1) {
		bar = strchr(alt, '|');
		len = bar ? (size_t)(bar - alt) : strlen(alt);
		if (len > 0 && alt[len - 1] == '$') {
			len--;
			if (n >= len && memcmp(p + n - len, alt, len) == 0)
				return 1;
		} else if (len > 0) {
			const char *q;

			for (q = p; q + len <= p + n; q++)
				if (memcmp(q, alt, len) == 0)
					return 1;
		}
		if (!bar)
			return 0;
	}
}

/*
 * path made absolute (against dirfd's folder, or the working folder), in buf,
 * so that FAILIO_PATH can be an absolute prefix whatever the program passes.
 */
static const char *
abs_path(int dirfd, const char *path, char *buf, size_t size)
{
	char dir[4096];

	if (!path)
		return NULL;
	if (path[0] == '/')
		return path;
	if (dirfd == AT_FDCWD) {
		if (!getcwd(dir, sizeof dir))
			return path;
	} else {
		char link[64];
		ssize_t n;

		snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
		if ((n = readlink(link, dir, sizeof dir - 1)) < 0)
			return path;
		dir[n] = '\0';
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	snprintf(buf, size, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, path);
	return buf;
}

/* The path of descriptor fd, in buf; NULL when there is none. */
static const char *
fd_path(int fd, char *buf, size_t size)
{
	char link[64];
	ssize_t n;

	if (fd < 0 || fd == cfg.logfd)
		return NULL;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, buf, size - 1)) < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

static int
fd_matches(int fd, int is_sync)
{
	char buf[4096];
	int fl;

	if (!path_matches(fd_path(fd, buf, sizeof buf)))
		return 0;
	if (cfg.writable) {
		struct stat st;

		if ((fl = fcntl(fd, F_GETFL)) < 0)
			return 0;
		if ((fl & O_ACCMODE) == O_RDONLY &&
		    !(is_sync && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)))
			return 0;
	}
	return 1;
}

static void
log_call(enum call c, const char *path)
{
	char line[4200];
	int n;

	if (cfg.logfd < 0)
		return;
	n = snprintf(line, sizeof line, "%ld %s %s\n", cfg.counted, call_names[c], path ? path : "?");
	if (n > 0)
		(void)!real_write(cfg.logfd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/*
 * Called before an output call: counts it, logs it, stalls or kills when told,
 * and says whether it must fail (errno is then set by the caller).
 */
static int
before(enum call c, const char *path)
{
	cfg.counted++;
	log_call(c, path);
	if ((cfg.sleep_at && cfg.counted == cfg.sleep_at) || (int)c == cfg.sleep_call) {
		struct timespec ts = {cfg.sleep_ms / 1000, (cfg.sleep_ms % 1000) * 1000000L};

		cfg.sleep_call = -1;	/* the first such call only */
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	if (cfg.abort_at && !cfg.abort_after && cfg.counted == cfg.abort_at)
		raise(SIGKILL);
	if (!cfg.fail[c])
		return 0;
	cfg.matched++;
	return !cfg.nth || cfg.matched == cfg.nth;
}

static void
after(void)
{
	if (cfg.abort_at && cfg.abort_after && cfg.counted == cfg.abort_at)
		raise(SIGKILL);
}

#define FAIL(value) do { errno = cfg.err; return (value); } while (0)

static int
open_common(int dirfd, int at, const char *path, int flags, mode_t mode)
{
	char buf[8192];
	const char *abs;
	int out, r, saved;

	init();
	abs = abs_path(at ? dirfd : AT_FDCWD, path, buf, sizeof buf);
	out = path_matches(abs);
	if (out && before(C_OPEN, abs))
		FAIL(-1);
	r = at ? real_openat(dirfd, path, flags, mode) : real_open(path, flags, mode);
	saved = errno;
	if (out)
		after();
	errno = saved;
	return r;
}

static int
has_mode(int flags)
{
#ifdef O_TMPFILE
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return 1;
#endif
	return (flags & O_CREAT) != 0;
}

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (has_mode(flags)) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common(AT_FDCWD, 0, path, flags, mode);
}

int open64(const char *path, int flags, ...) __attribute__((alias("open")));

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (has_mode(flags)) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common(dirfd, 1, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...) __attribute__((alias("openat")));

ssize_t
write(int fd, const void *p, size_t n)
{
	char buf[4096];
	const char *path;
	ssize_t r;
	int saved;

	init();
	if (!fd_matches(fd, 0))
		return real_write(fd, p, n);
	path = fd_path(fd, buf, sizeof buf);
	if (before(C_WRITE, path)) {
		if (cfg.partial && !cfg.partial_done && n > 1) {
			cfg.partial_done = 1;
			cfg.matched--;	/* the next write is the one that fails */
			if (cfg.nth)
				cfg.nth = cfg.matched + 1;
			return real_write(fd, p, n / 2);
		}
		FAIL(-1);
	}
	r = real_write(fd, p, n);
	saved = errno;
	after();
	errno = saved;
	return r;
}

ssize_t
pwrite(int fd, const void *p, size_t n, off_t off)
{
	char buf[4096];
	ssize_t r;
	int saved;

	init();
	if (!fd_matches(fd, 0))
		return real_pwrite(fd, p, n, off);
	if (before(C_PWRITE, fd_path(fd, buf, sizeof buf)))
		FAIL(-1);
	r = real_pwrite(fd, p, n, off);
	saved = errno;
	after();
	errno = saved;
	return r;
}

ssize_t pwrite64(int fd, const void *p, size_t n, off_t off) __attribute__((alias("pwrite")));

/* The calls on a descriptor that return 0 or -1. */
static int
fd_call(enum call c, int fd, int is_sync, int (*real)(int, long), long arg)
{
	char buf[4096];
	int r, saved;

	init();
	if (!fd_matches(fd, is_sync))
		return real(fd, arg);
	if (before(c, fd_path(fd, buf, sizeof buf))) {
		if (c == C_CLOSE)
			real(fd, arg);	/* Linux frees the descriptor even when close fails */
		FAIL(-1);
	}
	r = real(fd, arg);
	saved = errno;
	after();
	errno = saved;
	return r;
}

static int do_fsync(int fd, long a) { (void)a; return real_fsync(fd); }
static int do_fdatasync(int fd, long a) { (void)a; return real_fdatasync(fd); }
static int do_fchmod(int fd, long a) { return real_fchmod(fd, (mode_t)a); }
static int do_ftruncate(int fd, long a) { return real_ftruncate(fd, (off_t)a); }
static int do_close(int fd, long a) { (void)a; return real_close(fd); }

int fsync(int fd) { return fd_call(C_FSYNC, fd, 1, do_fsync, 0); }
int fdatasync(int fd) { return fd_call(C_FDATASYNC, fd, 1, do_fdatasync, 0); }
int
fchmod(int fd, mode_t m)
{
	char buf[64];

	init();
	/* Never change the mode of the real /dev/full (FAILIO_DEVFULL). */
	if (cfg.devfull && fd_path(fd, buf, sizeof buf) && strcmp(buf, "/dev/full") == 0)
		return 0;
	return fd_call(C_FCHMOD, fd, 0, do_fchmod, (long)m);
}
int ftruncate(int fd, off_t len) { return fd_call(C_FTRUNCATE, fd, 0, do_ftruncate, (long)len); }
int ftruncate64(int fd, off_t len) __attribute__((alias("ftruncate")));
int close(int fd) { return fd_call(C_CLOSE, fd, 0, do_close, 0); }

static int
rename_common(int ofd, const char *from, int nfd, const char *to, int at)
{
	char b1[8192], b2[8192];
	const char *f = abs_path(at ? ofd : AT_FDCWD, from, b1, sizeof b1);
	const char *t = abs_path(at ? nfd : AT_FDCWD, to, b2, sizeof b2);
	int out, r, saved;

	init();
	out = path_matches(f) || path_matches(t);
	if (out && before(C_RENAME, t))
		FAIL(-1);
	r = at ? real_renameat(ofd, from, nfd, to) : real_rename(from, to);
	saved = errno;
	if (out)
		after();
	errno = saved;
	return r;
}

int rename(const char *from, const char *to) { return rename_common(AT_FDCWD, from, AT_FDCWD, to, 0); }
int renameat(int ofd, const char *from, int nfd, const char *to) { return rename_common(ofd, from, nfd, to, 1); }

static int
mkstemp_common(char *tmpl, int flags, int with_flags)
{
	char buf[8192];
	const char *abs;
	int out, r, saved;

	init();
	abs = abs_path(AT_FDCWD, tmpl, buf, sizeof buf);
	out = path_matches(abs);
	if (out && before(C_MKSTEMP, abs))
		FAIL(-1);
	r = with_flags ? real_mkostemp(tmpl, flags) : real_mkstemp(tmpl);
	saved = errno;
	if (out && r >= 0 && cfg.devfull) {
		int full = real_open("/dev/full", O_WRONLY | O_CLOEXEC);

		if (full >= 0) {
			dup2(full, r);
			real_close(full);
		}
	}
	if (out)
		after();
	errno = saved;
	return r;
}

int mkstemp(char *tmpl) { return mkstemp_common(tmpl, 0, 0); }
int mkstemp64(char *tmpl) __attribute__((alias("mkstemp")));
int mkostemp(char *tmpl, int flags) { return mkstemp_common(tmpl, flags, 1); }
int mkostemp64(char *tmpl, int flags) __attribute__((alias("mkostemp")));

int
unlink(const char *path)
{
	char buf[8192];
	const char *abs;
	int out, r, saved;

	init();
	abs = abs_path(AT_FDCWD, path, buf, sizeof buf);
	out = path_matches(abs);
	if (out && before(C_UNLINK, abs))
		FAIL(-1);
	r = real_unlink(path);
	saved = errno;
	if (out)
		after();
	errno = saved;
	return r;
}

/* readdir, stat and lstat fail only when FAILIO_CALL names them. */
struct dirent *
readdir(DIR *d)
{
	char buf[4096];
	const char *path;

	init();
	if (!cfg.fail[C_READDIR] || !path_matches(path = fd_path(dirfd(d), buf, sizeof buf)))
		return real_readdir(d);
	if (before(C_READDIR, path))
		FAIL(NULL);
	return real_readdir(d);
}

/* x86_64 and the other LP64 ABIs: the 64 variants have the same layout. */
struct dirent64 *readdir64(DIR *d) { return (struct dirent64 *)(void *)readdir(d); }

static int
stat_common(const char *path, struct stat *st, int (*real)(const char *, struct stat *))
{
	char buf[8192];
	const char *abs;

	init();
	abs = abs_path(AT_FDCWD, path, buf, sizeof buf);
	if (!cfg.fail[C_STAT] || !path_matches(abs))
		return real(path, st);
	if (before(C_STAT, abs))
		FAIL(-1);
	return real(path, st);
}

int stat(const char *path, struct stat *st) { init(); return stat_common(path, st, real_stat); }
int stat64(const char *path, struct stat64 *st) { return stat((path), (struct stat *)(void *)st); }
int lstat(const char *path, struct stat *st) { init(); return stat_common(path, st, real_lstat); }
int lstat64(const char *path, struct stat64 *st) { return lstat(path, (struct stat *)(void *)st); }

/* fstat, on the path its descriptor names: the scan opens an entry first when it has no cache record. */
static int (*real_fstat)(int, struct stat *);

int
fstat(int fd, struct stat *st)
{
	char buf[4096];
	const char *path;

	init();
	if (!real_fstat)
		real_fstat = (int (*)(int, struct stat *))sym("fstat");
	if (!cfg.fail[C_STAT] || !path_matches(path = fd_path(fd, buf, sizeof buf)))
		return real_fstat(fd, st);
	if (before(C_STAT, path))
		FAIL(-1);
	return real_fstat(fd, st);
}

int fstat64(int fd, struct stat64 *st) { return fstat(fd, (struct stat *)(void *)st); }

/* fstatat, on the path dirfd and path name: the scan stats entries by name in their folder. */
static int (*real_fstatat)(int, const char *, struct stat *, int);

int
fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	char buf[8192];
	const char *abs;

	init();
	if (!real_fstatat)
		real_fstatat = (int (*)(int, const char *, struct stat *, int))sym("fstatat");
	if (!cfg.fail[C_STAT])
		return real_fstatat(dirfd, path, st, flags);
	abs = abs_path(dirfd, path, buf, sizeof buf);
	if (!path_matches(abs))
		return real_fstatat(dirfd, path, st, flags);
	if (before(C_STAT, abs))
		FAIL(-1);
	return real_fstatat(dirfd, path, st, flags);
}

int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags) { return fstatat(dirfd, path, (struct stat *)(void *)st, flags); }
