/*
 * watch.c: feedgen watch. One thread, one poll() over an inotify descriptor
 * and a signalfd: changes are gathered until they settle, then build_run
 * runs, synchronously, with SIGTERM, SIGINT and SIGHUP blocked, so a signal
 * is handled between two builds and never finds a staged temporary.
 */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "listing.h"
#include "xalloc.h"

/* Changes are built once none came for QUIET_MS, or SETTLE_MAX_MS after the first under a steady stream. */
#define QUIET_MS 200
#define SETTLE_MAX_MS 2000
/* While the entries folder is gone, how often to look for it (its parent's watch usually tells first). */
#define MISSING_POLL_MS 500
/* Pending hub notifications are sent again after 1 s, 2 s, 4 s... at most a minute apart, as cron would. */
#define RETRY_FIRST_MS 1000
#define RETRY_MAX_MS 60000
/* A build that failed for the system's reasons (a lock held too long, a full disk) is tried again. */
#define AGAIN_S 60
/* poll wakes at least this often, whatever it waits for: a clock set forward, a suspend. */
#define WAKE_MAX_MS 60000

/* Folders only, never through a link (the listing follows none); every change that can alter a file. */
#define MASK (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_MODIFY | \
    IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)

/*
 * What is watched: the configuration file (through its folder: editors rename
 * over it), the entries folder (and its parent, for its return), the schemas.
 */
struct paths {
	char *config_dir, *config_name;
	char *entries, *entries_parent, *entries_name;
	char *schema_dir;
};

/* A watched folder of the entries tree. */
struct folder {
	int wd;
	char *path;
};

struct watcher {
	const struct run_opts *o;
	int ifd, sfd;
	struct paths p;
	int config_wd, parent_wd, schema_wd;	/* -1 when not watched */
	struct folder *v;	/* the entries folder and its sub-folders */
	size_t n, cap;
	int missing;		/* the entries folder is not there */
	long long look_at;	/* when to look for it again */
	/* Changes not yet built: since when, the last one, the first path and whether others changed. */
	int dirty;
	long long first_ms, last_ms;
	char *what;
	int more;
	int rewatch;		/* folders came or went wholesale: watch everything again */
	/* The clock: the next scheduled change, or a failed build's next try. */
	int have_next, again;
	int64_t next;
	/* Pending hub notifications. */
	int pending, tries;
	long retry_ms;
	long long retry_at;
};

static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long
real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* path's folder and last name, newly allocated: "entries" gives "." and "entries". */
static void
split(const char *path, char **dir, char **name)
{
	size_t n = strlen(path);
	const char *slash;

	while (n > 1 && path[n - 1] == '/')
		n--;
	*dir = xstrndup(path, n);
	slash = strrchr(*dir, '/');
	if (!slash) {
		*name = *dir;
		*dir = xstrdup(".");
	} else {
		*name = xstrdup(slash + 1);
		(*dir)[slash == *dir ? 1 : slash - *dir] = '\0';
	}
}

static void
paths_free(struct paths *p)
{
	free(p->config_dir);
	free(p->config_name);
	free(p->entries);
	free(p->entries_parent);
	free(p->entries_name);
	free(p->schema_dir);
	memset(p, 0, sizeof *p);
}

/* Reads the configuration for what to watch. Returns 0, or -1 after reporting. */
static int
paths_load(const char *config, struct paths *p)
{
	struct config *cfg = config_load(config);
	char *rng, *name;

	if (!cfg)
		return -1;
	split(config, &p->config_dir, &p->config_name);
	p->entries = xstrdup(cfg->entries_dir);
	split(cfg->entries_dir, &p->entries_parent, &p->entries_name);
	rng = config_entry_schema_path(cfg);
	split(rng, &p->schema_dir, &name);
	free(name);
	free(rng);
	config_free(cfg);
	return 0;
}

static int
paths_same(const struct paths *a, const struct paths *b)
{
	return strcmp(a->entries, b->entries) == 0 && strcmp(a->schema_dir, b->schema_dir) == 0;
}

/* Watches path and the folders under it, as the listing walks them: hidden ones and links skipped. */
static void
add_tree(struct watcher *w, const char *path, int depth)
{
	struct dirent *de;
	size_t i;
	DIR *d;
	int wd;

	if ((wd = inotify_add_watch(w->ifd, path, MASK)) < 0) {
		/* Gone already, or not a folder: its parent's events said so, or will. */
		if (errno != ENOENT && errno != ENOTDIR) {
			/* Not fatal, and no exit status of the next build's: ENOSPC is fs.inotify.max_user_watches. */
			diag_warn(path, 0, 0, "cannot watch the folder: %s (its changes are built only along "
			    "with others, or on SIGHUP)", strerror(errno));
			diag_flush();
		}
		return;
	}
	for (i = 0; i < w->n; i++)
		if (w->v[i].wd == wd)
			return;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n++] = (struct folder){wd, xstrdup(path)};
	if (depth > LISTING_MAX_DEPTH || !(d = opendir(path)))
		return;
	while ((de = readdir(d))) {
		struct stat st;
		char *sub;

		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		sub = xasprintf("%s/%s", path, de->d_name);
		if (de->d_type == DT_DIR || (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)))
			add_tree(w, sub, depth + 1);
		free(sub);
	}
	closedir(d);
}

static struct folder *
find(struct watcher *w, int wd)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->v[i].wd == wd)
			return &w->v[i];
	return NULL;
}

/* Forgets the watches of path and every folder under it (moved, removed); path is not a table entry's own. */
static void
drop_under(struct watcher *w, const char *path)
{
	size_t n = strlen(path), i, k;

	for (i = 0, k = 0; i < w->n; i++) {
		const char *q = w->v[i].path;

		if (strncmp(q, path, n) == 0 && (q[n] == '\0' || q[n] == '/')) {
			inotify_rm_watch(w->ifd, w->v[i].wd);
			free(w->v[i].path);
		} else {
			w->v[k++] = w->v[i];
		}
	}
	w->n = k;
}

static void
drop_all(struct watcher *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i].path);
	w->n = 0;
	if (w->ifd >= 0)
		close(w->ifd);
	w->ifd = -1;
}

/*
 * Watches everything afresh on a new inotify descriptor: the old one's
 * watches and unread events go with it. Returns 0, or -1 after reporting.
 */
static int
watch_all(struct watcher *w)
{
	struct stat st;

	drop_all(w);
	w->rewatch = 0;
	if ((w->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
		diag_syserr(NULL, "cannot watch for changes (inotify)");
		return -1;
	}
	w->config_wd = inotify_add_watch(w->ifd, w->p.config_dir, MASK);
	w->parent_wd = inotify_add_watch(w->ifd, w->p.entries_parent, MASK);
	w->schema_wd = inotify_add_watch(w->ifd, w->p.schema_dir, MASK);
	/* Missing means not there: one there but unwatchable (a warning said why) is not looked for. */
	w->missing = !(stat(w->p.entries, &st) == 0 && S_ISDIR(st.st_mode));
	if (!w->missing)
		add_tree(w, w->p.entries, 0);
	w->look_at = mono_ms() + MISSING_POLL_MS;
	return 0;
}

/* Notes a change to dir/name (name may be NULL): a build is owed once changes settle. */
static void
changed(struct watcher *w, const char *dir, const char *name)
{
	char *path = name ? xasprintf("%s/%s", dir, name) : xstrdup(dir);
	long long t = mono_ms();

	if (!w->dirty) {
		w->dirty = 1;
		w->first_ms = t;
		free(w->what);
		w->what = path;
		w->more = 0;
	} else {
		w->more |= strcmp(w->what, path) != 0;
		free(path);
	}
	w->last_ms = t;
}

/* Slashes in path below the entries folder: a new sub-folder's depth. */
static int
depth_of(const struct watcher *w, const char *path)
{
	const char *s = path + strlen(w->p.entries);
	int d = 0;

	for (; *s; s++)
		d += *s == '/';
	return d;
}

/* A grammar and the grammars it includes: whatever else shares their folder is not ours. */
static int
is_grammar(const char *name)
{
	size_t n = strlen(name);

	return *name != '.' && n > 4 && strcmp(name + n - 4, ".rng") == 0;
}

/* One event, from whichever watches its descriptor stands for (one folder can be several). */
static void
event(struct watcher *w, const struct inotify_event *ev)
{
	const char *name = ev->len ? ev->name : "";
	struct folder *f;

	if (ev->mask & IN_Q_OVERFLOW) {
		/* Events were lost: what changed is unknown, so everything is looked at again. */
		w->rewatch = 1;
		changed(w, w->p.entries, NULL);
		return;
	}
	if (ev->wd == w->config_wd && strcmp(name, w->p.config_name) == 0)
		changed(w, w->p.config_dir, name);
	if (ev->wd == w->schema_wd && is_grammar(name))
		changed(w, w->p.schema_dir, name);
	if (ev->wd == w->parent_wd && strcmp(name, w->p.entries_name) == 0 &&
	    (ev->mask & (IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM))) {
		/* The entries folder itself came or went: rm -rf and a new one, mv of another in place. */
		w->rewatch = 1;
		changed(w, w->p.entries, NULL);
	}
	if (!(f = find(w, ev->wd)))
		return;
	if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
		if (strcmp(f->path, w->p.entries) == 0) {
			w->rewatch = 1;
			changed(w, w->p.entries, NULL);
		} else if (ev->mask & IN_IGNORED) {
			char *path = xstrdup(f->path);	/* drop_under frees f's */

			drop_under(w, path);
			free(path);
		}
		return;
	}
	/* Hidden names are an editor's temporaries and swap files; the listing skips them too. */
	if (!*name || *name == '.')
		return;
	if (ev->mask & IN_ISDIR) {
		char *sub = xasprintf("%s/%s", f->path, name);

		if (ev->mask & (IN_DELETE | IN_MOVED_FROM))
			drop_under(w, sub);
		else if (ev->mask & (IN_CREATE | IN_MOVED_TO))
			add_tree(w, sub, depth_of(w, sub));
		free(sub);
		/* f may have moved: add_tree and drop_under change the table. */
		if (!(f = find(w, ev->wd)))
			return;
	}
	changed(w, f->path, name);
}

/* Reads every event waiting. Returns 0, or -1 after reporting. */
static int
read_events(struct watcher *w)
{
	char buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	char *p;

	for (;;) {
		if ((n = read(w->ifd, buf, sizeof buf)) < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return 0;
			diag_syserr(NULL, "cannot read the changes (inotify)");
			return -1;
		}
		for (p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;

			event(w, ev);
			p += sizeof *ev + ev->len;
		}
	}
}

/* After a build: a configuration that moved the entries folder or the schemas gets them watched. */
static void
refresh(struct watcher *w)
{
	struct diag_sink quiet = {0};
	struct paths p = {0};
	int rc;

	/* An invalid configuration was just reported by the build: the old paths stay. */
	diag_sink_begin(&quiet);
	rc = paths_load(w->o->config, &p);
	diag_sink_end();
	diag_sink_free(&quiet);
	if (rc < 0)
		return;
	if (paths_same(&p, &w->p)) {
		paths_free(&p);
		return;
	}
	paths_free(&w->p);
	w->p = p;
	w->rewatch = 1;
}

/* A pending notification is owed: tried again after the current backoff. */
static void
owe(struct watcher *w)
{
	if (!w->pending) {
		w->pending = 1;
		w->retry_ms = RETRY_FIRST_MS;
	}
	w->retry_at = mono_ms() + w->retry_ms;
	diag_info("watch: hub notifications pending; next try in %ld s", (w->retry_ms + 999) / 1000);
}

/* Runs exactly what build runs, and learns from it when to wake and whether hubs are owed. */
static void
build(struct watcher *w, const char *why)
{
	struct run_opts o = *w->o;
	int rc;

	diag_info("watch: build (%s)", why);
	rc = build_run(&o);
	diag_reset();
	/* A next change not after this build's clock would have it build again at once, forever. */
	w->have_next = (rc == EXIT_OK || rc == EXIT_PENDING) && o.have_next && o.next > o.now;
	w->next = o.next;
	w->again = rc == EXIT_SYSTEM;
	if (w->again) {
		w->have_next = 1;
		w->next = (int64_t)time(NULL) + AGAIN_S;
	}
	if (rc == EXIT_PENDING) {
		owe(w);
	} else if (rc == EXIT_OK) {
		w->pending = 0;
		w->tries = 0;
	}
	refresh(w);
}

static void
retry(struct watcher *w)
{
	struct run_opts o = *w->o;
	int rc;

	diag_info("watch: publish (pending hub notifications, try %d)", ++w->tries);
	rc = build_publish(&o);
	diag_reset();
	if (rc == EXIT_OK) {
		w->pending = 0;
		w->tries = 0;
		return;
	}
	w->retry_ms = w->retry_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : w->retry_ms * 2;
	owe(w);
}

static long long
at_most(long long t, long long d)
{
	return d < t ? d : t;
}

/* How long poll may wait: until changes settle, a scheduled change, a retry, a look for the folder. */
static int
wait_ms(const struct watcher *w)
{
	long long now = mono_ms(), t = WAKE_MAX_MS;

	if (w->dirty)
		t = at_most(t, at_most(w->last_ms + QUIET_MS, w->first_ms + SETTLE_MAX_MS) - now);
	if (w->pending)
		t = at_most(t, w->retry_at - now);
	if (w->missing)
		t = at_most(t, w->look_at - now);
	if (w->have_next)
		t = at_most(t, (long long)w->next * 1000 - real_ms());
	return t < 0 ? 0 : (int)t;
}

/* Does what is due now. */
static void
due(struct watcher *w)
{
	long long now = mono_ms();
	char why[PATH_MAX + 64];

	if (w->missing && now >= w->look_at) {
		struct stat st;

		if (stat(w->p.entries, &st) == 0 && S_ISDIR(st.st_mode)) {
			w->rewatch = 1;
			changed(w, w->p.entries, NULL);
		}
		w->look_at = now + MISSING_POLL_MS;
	}
	if (w->dirty && (now >= w->last_ms + QUIET_MS || now >= w->first_ms + SETTLE_MAX_MS)) {
		snprintf(why, sizeof why, "%s%s changed", w->what, w->more ? " and more" : "");
		w->dirty = 0;
		build(w, why);
	} else if (w->have_next && real_ms() >= (long long)w->next * 1000) {
		struct when t = {.t = w->next};

		date_rfc3339(&t, why);
		if (w->again)
			snprintf(why, sizeof why, "again, after a system error");
		else
			strcat(why, " scheduled");
		build(w, why);
	}
	if (w->pending && mono_ms() >= w->retry_at)
		retry(w);
}

/* The signals watch handles itself, blocked so that they wait in the signalfd. Returns it, or -1. */
static int
signals(void)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	/* Before any thread starts: the pool's workers inherit the mask, so no thread takes them. */
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0 || (fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) {
		diag_syserr(NULL, "cannot set up the signals");
		return -1;
	}
	return fd;
}

/* Reads the signals waiting. Returns the one that stops watch, else 0. */
static int
read_signals(struct watcher *w)
{
	struct signalfd_siginfo si;

	while (read(w->sfd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGHUP) {
			changed(w, "SIGHUP", NULL);
			w->first_ms -= SETTLE_MAX_MS;	/* at once: the admin asked */
		} else {
			return (int)si.ssi_signo;
		}
	}
	return 0;
}

static int
start(struct watcher *w, struct run_opts *o)
{
	int n;

	w->o = o;
	w->ifd = w->sfd = -1;
	if (paths_load(o->config, &w->p) < 0) {
		n = diag_error_count();
		diag_flush();
		if (n > 0)
			fprintf(stderr, "feedgen: %d error%s; not watching\n", n, n == 1 ? "" : "s");
		return -1;
	}
	if ((w->sfd = signals()) < 0 || watch_all(w) < 0) {
		diag_flush();
		return -1;
	}
	diag_info("watch: watching %s (%zu folder%s), %s and %s", w->p.entries, w->n,
	    w->n == 1 ? "" : "s", o->config, w->p.schema_dir);
	return 0;
}

int
watch_run(struct run_opts *o)
{
	struct watcher w = {0};
	int sig = 0, rc;

	/* The real clock: a pinned one would never reach a scheduled entry. */
	unsetenv("SOURCE_DATE_EPOCH");
	if (start(&w, o) < 0) {
		rc = diag_status();
		goto out;
	}
	build(&w, "start");
	while (!sig) {
		struct pollfd fds[2] = {{w.sfd, POLLIN, 0}, {w.ifd, POLLIN, 0}};

		if (w.rewatch && watch_all(&w) < 0)
			break;
		fds[1].fd = w.ifd;
		if (poll(fds, 2, wait_ms(&w)) < 0 && errno != EINTR) {
			diag_syserr(NULL, "cannot wait for changes");
			break;
		}
		if ((sig = read_signals(&w)))
			break;
		if (read_events(&w) < 0)
			break;
		if (w.rewatch && watch_all(&w) < 0)
			break;
		due(&w);
	}
	if (sig)
		diag_info("watch: stop (%s)", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	diag_flush();
	rc = sig ? EXIT_OK : diag_status();
out:
	drop_all(&w);
	free(w.v);
	free(w.what);
	paths_free(&w.p);
	if (w.sfd >= 0)
		close(w.sfd);
	return rc;
}
