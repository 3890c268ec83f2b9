/* main.c: the command line: which command, which options; then the pipeline runs. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "diag.h"
#include "pool.h"
#include "progress.h"
#include "watch.h"

#ifndef FEEDGEN_VERSION
#define FEEDGEN_VERSION "0"
#endif

/* The commands, sorted by name. Each has a bit for the options table below. */
enum {
	CMD_BUILD = 1, CMD_CHECK = 2, CMD_NEW = 4, CMD_NEXT = 8, CMD_PUBLISH = 16,
	CMD_SERVER_CONFIG = 32, CMD_WATCH = 64, CMD_IMPORT = 128, CMD_ALL = 255
};

struct command {
	const char *name;
	unsigned bit;		/* CMD_* */
	const char *operands;	/* what the synopsis ends with, or "" */
	const char *about;	/* what it does, lines of at most 70 characters */
};

static const struct command commands[] = {
	{"build", CMD_BUILD, "",
	    "check every entry, then write the feeds that changed and notify\n"
	    "the hubs"},
	{"check", CMD_CHECK, " [ENTRY...]",
	    "check every entry (or the named ones); write nothing"},
	{"import", CMD_IMPORT, " SOURCE",
	    "write entries from a Jekyll or Hugo site's posts (SOURCE: its\n"
	    "_posts or content folder, or the site), keeping the id, link,\n"
	    "title and date each item has in the old site's feed"},
	{"new", CMD_NEW, " TITLE",
	    "write entries/YYYY-MM-DD-slug.md for TITLE, dated now, with an id\n"
	    "no other entry holds and draft: true; print its path"},
	{"next", CMD_NEXT, "",
	    "print when the next scheduled entry goes live or one expires"},
	{"publish", CMD_PUBLISH, "",
	    "send the pending WebSub hub notifications only"},
	{"server-config", CMD_SERVER_CONFIG, " nginx|apache",
	    "print the nginx or apache snippet that sends each feed's\n"
	    "Content-Type and WebSub Link headers"},
	{"watch", CMD_WATCH, "",
	    "build, then build again whenever entries, the configuration or\n"
	    "the schemas change, or a scheduled entry is due; retry pending\n"
	    "hub notifications; stop on SIGTERM or SIGINT"},
};

/*
 * Every option, in the order the synopses show them: the one source of what
 * each command accepts (the parser refuses the rest), of the synopses, and of
 * the option lines of --help and COMMAND --help. feedgen.1 must agree
 * (tests/integration/t-manual.sh compares them).
 */
struct opt {
	const char *name;	/* the long name */
	int val;		/* getopt's value: the short letter, or a letter of its own */
	int has_short;		/* val is also a short option */
	const char *arg;	/* the value's name, or NULL */
	const char *syn;	/* as the synopsis shows it, or NULL (shown with the one before) */
	unsigned commands;	/* CMD_*: the commands that take it */
	const char *help;	/* one line */
};

static const struct opt opts[] = {
	{"config", 'c', 1, "FILE", "[-c FILE]", CMD_ALL, "the site configuration (default: feedgen.yaml)"},
	{"now", 'N', 0, "TIME", "[--now TIME]", CMD_BUILD | CMD_NEW | CMD_NEXT,
	    "the clock, YYYY-MM-DD or RFC 3339 (default: now)"},
	{"dry-run", 'n', 1, NULL, "[--dry-run]", CMD_ALL & ~CMD_WATCH, "write nothing, send nothing"},
	{"no-publish", 'P', 0, NULL, "[--no-publish]", CMD_BUILD, "write the feeds but notify no hub (kept pending)"},
	{"no-cache", 'K', 0, NULL, "[--no-cache]", CMD_BUILD | CMD_NEW | CMD_NEXT,
	    "read every entry file; leave .feedgen/cache alone"},
	{"jobs", 'j', 1, "N", "[-j N]", CMD_BUILD | CMD_CHECK | CMD_NEW | CMD_NEXT | CMD_WATCH,
	    "read entries on N threads (default: one per processor)"},
	{"no-caret", 'R', 0, NULL, "[--no-caret]", CMD_ALL,
	    "one line per message: no source line, caret or hint"},
	{"quiet", 'q', 1, NULL, "[-q|-v]", CMD_ALL, "print errors only, and no progress line on a terminal"},
	{"verbose", 'v', 1, NULL, NULL, CMD_ALL, "say what was read and what changed"},
	{"category", 'C', 0, "C", "[--category C]...", CMD_NEW, "a category for the entry (repeatable)"},
	{"feed", 'F', 0, "FILE|URL", "[--feed FILE|URL]", CMD_IMPORT,
	    "the feed the old site publishes (RSS or Atom), a file or a URL"},
	/* Taken by every command, and listed by --help only: COMMAND --help is the help. */
	{"help", 'h', 1, NULL, NULL, 0, "this text; after a command, that command's options"},
	{"version", 'V', 1, NULL, NULL, 0, "the version"},
};

#define NOPTS (sizeof opts / sizeof *opts)

/* What one option does for one command, where the general line says too little. */
static const struct {
	unsigned command;
	int val;
	const char *help;
} notes[] = {
	{CMD_BUILD, 'n', "check, and say what would change (with -v); write nothing"},
	{CMD_CHECK, 'n', "accepted; check writes nothing anyway"},
	{CMD_IMPORT, 'n', "print the files it would write; write nothing"},
	{CMD_NEW, 'n', "print the path and the text it would write; write nothing"},
	{CMD_NEXT, 'n', "accepted; next writes nothing anyway"},
	{CMD_PUBLISH, 'n', "print the notifications it would send; send nothing"},
	{CMD_SERVER_CONFIG, 'n', "accepted; server-config writes nothing anyway"},
};

static const char help_intro[] =
    "\n"
    "Builds RSS 2.0 (feed.xml) and Atom 1.0 (atom.xml) feeds, and JSON Feed 1.1\n"
    "(feed.json) when configured, from dated entry files, YYYY-MM-DD-slug.md or\n"
    ".yaml, after checking each against the schema.\n";

static const char help_outro[] =
    "\n"
    "An option a command does not use is a usage error. Messages are in colour\n"
    "when stderr is a terminal, unless NO_COLOR is set (to anything but empty).\n"    "Without --now, the clock is SOURCE_DATE_EPOCH when it is set.\n"
    "feedgen COMMAND --help (or feedgen help COMMAND) lists one command's options;\n"
    "man feedgen is the manual, man 5 feedgen the entry and configuration formats.\n"
    "\n"
    "exit status: 0 success, 1 invalid input (nothing written), 2 usage,\n"
    "3 system error (previous feeds intact), 4 hub notification pending\n";

/* Prints "feedgen CMD [options] OPERANDS", the command's synopsis, to f. */
static void
synopsis(FILE *f, const struct command *cmd)
{
	size_t i;

	fprintf(f, "feedgen %s", cmd->name);
	for (i = 0; i < NOPTS; i++)
		if ((opts[i].commands & cmd->bit) && opts[i].syn)
			fprintf(f, " %s", opts[i].syn);
	fprintf(f, "%s\n", cmd->operands);
}

static void
usage_text(FILE *f)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof *commands; i++) {
		fputs(i ? "       " : "usage: ", f);
		synopsis(f, &commands[i]);
	}
	fputs("       feedgen --help | --version | COMMAND --help\n", f);
}

/* Prints "  -c, --config FILE  help", the help column at 21 as GNU tools align it. */
static void
option_line(const struct opt *o, const char *help)
{
	int n;

	n = printf("  %c%c%c --%s%s%s", o->has_short ? '-' : ' ', o->has_short ? o->val : ' ',
	    o->has_short ? ',' : ' ', o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	printf("%*s%s\n", n < 19 ? 21 - n : 2, "", help);
}

/* Prints lines of text, each indented by indent spaces after the first. */
static void
indented(const char *text, int indent)
{
	for (; *text; text++) {
		putchar(*text);
		if (*text == '\n')
			printf("%*s", indent, "");
	}
	putchar('\n');
}

static int
help(void)
{
	size_t i, j;

	usage_text(stdout);
	fputs(help_intro, stdout);
	fputs("\ncommands:\n", stdout);
	for (i = 0; i < sizeof commands / sizeof *commands; i++) {
		int n = printf("  %s", commands[i].name);

		printf("%*s", n < 16 ? 17 - n : 2, "");
		indented(commands[i].about, 17);
	}
	fputs("\noptions:\n", stdout);
	for (i = 0; i < NOPTS; i++) {
		const char *sep = "";

		option_line(&opts[i], opts[i].help);
		if (opts[i].commands == CMD_ALL || !opts[i].commands)
			continue;
		printf("%21sfor ", "");
		for (j = 0; j < sizeof commands / sizeof *commands; j++)
			if (opts[i].commands & commands[j].bit) {
				printf("%s%s", sep, commands[j].name);
				sep = ", ";
			}
		putchar('\n');
	}
	fputs(help_outro, stdout);
	return EXIT_OK;
}

/* feedgen COMMAND --help: its synopsis, what it does, and its options, one line each. */
static int
command_help(const struct command *cmd)
{
	size_t i, j;

	fputs("usage: ", stdout);
	synopsis(stdout, cmd);
	putchar('\n');
	indented(cmd->about, 0);
	fputs("\noptions:\n", stdout);
	for (i = 0; i < NOPTS; i++) {
		const char *text = opts[i].help;

		if (!(opts[i].commands & cmd->bit))
			continue;
		for (j = 0; j < sizeof notes / sizeof *notes; j++)
			if (notes[j].command == cmd->bit && notes[j].val == opts[i].val)
				text = notes[j].help;
		option_line(&opts[i], text);
	}
	fputs("\nfeedgen --help lists every command; man feedgen is the manual.\n", stdout);
	return EXIT_OK;
}

/* The command line, read. */
struct cli {
	const struct command *cmd;
	struct run_opts o;
	char *cats[32];
	int ncats;
	char **args;		/* the operands after the options */
	int nargs;
};

static int usage(const struct command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A usage error: the message, then the command's synopsis (every one's when cmd is NULL). */
static int
usage(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("feedgen: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (cmd) {
		fputs("usage: ", stderr);
		synopsis(stderr, cmd);
	} else {
		usage_text(stderr);
	}
	return EXIT_USAGE;
}

static int
version(void)
{
	printf("feedgen %s\n", FEEDGEN_VERSION);
	return EXIT_OK;
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static const struct opt *
find_opt(int val)
{
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (opts[i].val == val)
			return &opts[i];
	return NULL;
}

/* An option the command would ignore: said, not dropped silently. */
static int
not_for(const struct command *cmd, const struct opt *o)
{
	if (o->val == 'n' && cmd->bit == CMD_WATCH)
		return usage(cmd, "option '--dry-run' does not go with watch, which writes as build does "
		    "(expected build --dry-run to see what would change)");
	return usage(cmd, "option '--%s' does nothing for %s (see feedgen %s --help)", o->name, cmd->name,
	    cmd->name);
}

/* getopt_long's tables, made from opts[]: longopts has NOPTS + 1 places, shortopts 2 * NOPTS + 2. */
static void
getopt_tables(struct option *longopts, char *shortopts)
{
	size_t i;

	*shortopts++ = ':';	/* a missing value is ':', not '?' */
	for (i = 0; i < NOPTS; i++) {
		longopts[i] = (struct option){opts[i].name, opts[i].arg ? required_argument : no_argument, NULL,
		    opts[i].val};
		if (opts[i].has_short) {
			*shortopts++ = (char)opts[i].val;
			if (opts[i].arg)
				*shortopts++ = ':';
		}
	}
	longopts[i] = (struct option){NULL, 0, NULL, 0};
	*shortopts = '\0';
}

/* Reads the options after the command. Returns -1 to go on, else the exit status. */
static int
parse_options(int argc, char **argv, struct cli *cli)
{
	const struct command *cmd = cli->cmd;
	struct option longopts[NOPTS + 1];
	char shortopts[2 * NOPTS + 2];
	const struct opt *o;
	int c;

	getopt_tables(longopts, shortopts);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == ':')
			return usage(cmd, "option '%s' needs a value", argv[optind - 1]);
		if (!(o = find_opt(c))) {
			/* optopt names a short option even inside a bundle such as -xq. */
			if (optopt)
				return usage(cmd, "unknown option '-%c'", optopt);
			return usage(cmd, "unknown option '%s'", argv[optind - 1]);
		}
		if (c == 'h')
			return command_help(cmd);
		if (c == 'V')
			return version();
		if (!(o->commands & cmd->bit))
			return not_for(cmd, o);
		switch (c) {
		case 'c': cli->o.config = optarg; break;
		case 'C':
			if (cli->ncats == (int)(sizeof cli->cats / sizeof *cli->cats))
				return usage(cmd, "too many --category options (at most 32)");
			cli->cats[cli->ncats++] = optarg;
			break;
		case 'j': {
			char *end;
			long n;

			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || n < 1 || n > POOL_MAX_THREADS)
				return usage(cmd, "--jobs '%s' is not a number of threads (expected 1 to %d)", optarg,
				    POOL_MAX_THREADS);
			cli->o.jobs = (int)n;
			break;
		}
		case 'F': cli->o.feed = optarg; break;
		case 'n': cli->o.dry_run = 1; break;
		case 'N': cli->o.now_text = optarg; break;
		case 'K': cli->o.no_cache = 1; break;
		case 'P': cli->o.no_publish = 1; break;
		case 'R': diag_set_excerpts(0); break;
		case 'q': cli->o.quiet = 1; diag_set_quiet(1); progress_set_enabled(0); break;
		case 'v': diag_set_verbose(1); break;
		}
	}
	cli->args = argv + optind;
	cli->nargs = argc - optind;
	return -1;
}

#define COMMAND_LIST "build, check, import, next, new, publish, server-config or watch"

/* Reads argv into cli. Returns -1 to go on, else the exit status. */
static int
parse(int argc, char **argv, struct cli *cli)
{
	const struct command *cmd;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return help();
	if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0))
		return version();
	if (argc < 2)
		return usage(NULL, "no command given (expected " COMMAND_LIST ")");
	if (strcmp(argv[1], "help") == 0) {
		if (argc == 2)
			return help();
		if (argc > 3)
			return usage(NULL, "help takes one command (expected feedgen help COMMAND)");
		if (!(cmd = find_command(argv[2])))
			return usage(NULL, "unknown command '%s' (expected " COMMAND_LIST ")", argv[2]);
		return command_help(cmd);
	}
	if (argv[1][0] == '-')
		return usage(NULL, "unknown option '%s' (expected a command first)", argv[1]);
	if (!(cli->cmd = find_command(argv[1])))
		return usage(NULL, "unknown command '%s' (expected " COMMAND_LIST ")", argv[1]);
	/* getopt starts at argv[1]: the command stands where the program name would. */
	return parse_options(argc - 1, argv + 1, cli);
}

/* Checks the command's operands and runs it. Returns the exit status. */
static int
dispatch(struct cli *cli)
{
	const char *name = cli->cmd->name;

	if (strcmp(name, "check") == 0) {
		cli->o.files = cli->args;
		cli->o.nfiles = cli->nargs;
		return build_check(&cli->o);
	}
	if (strcmp(name, "new") == 0) {
		if (cli->nargs != 1)
			return usage(cli->cmd, "new takes one title (expected feedgen new \"Title of the story\")");
		cli->o.categories = cli->cats;
		cli->o.ncategories = cli->ncats;
		return build_new(&cli->o, cli->args[0]);
	}
	if (strcmp(name, "import") == 0) {
		if (cli->nargs != 1)
			return usage(cli->cmd, "import takes one SOURCE (expected a Jekyll _posts folder, a "
			    "Hugo content folder, or the site's folder)");
		return build_import(&cli->o, cli->args[0]);
	}
	if (strcmp(name, "server-config") == 0) {
		if (cli->nargs != 1)
			return usage(cli->cmd, "server-config takes one argument (expected nginx or apache)");
		if (strcmp(cli->args[0], "nginx") != 0 && strcmp(cli->args[0], "apache") != 0)
			return usage(cli->cmd, "unknown web server '%s' (expected nginx or apache)", cli->args[0]);
		return build_server_config(&cli->o, cli->args[0]);
	}
	if (cli->nargs > 0)
		return usage(cli->cmd, "unexpected argument '%s'", cli->args[0]);
	if (strcmp(name, "build") == 0)
		return build_run(&cli->o);
	if (strcmp(name, "next") == 0)
		return build_next(&cli->o);
	if (strcmp(name, "watch") == 0) {
		return watch_run(&cli->o);
	}
	return build_publish(&cli->o);
}

int
main(int argc, char **argv)
{
	struct cli cli = {.o = {.config = "feedgen.yaml"}};
	const char *no_colour = getenv("NO_COLOR"), *term = getenv("TERM");
	int rc;

	/* no-color.org: NO_COLOR set and not empty turns colour off, whatever its value. */
	diag_set_colour(isatty(STDERR_FILENO) && !(no_colour && *no_colour) &&
	    !(term && strcmp(term, "dumb") == 0));
	if ((rc = parse(argc, argv, &cli)) < 0)
		rc = dispatch(&cli);
	diag_reset();
	return rc;
}
