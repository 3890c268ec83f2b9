#!/usr/bin/python3
"""manual_check.py FEEDGEN FEEDGEN.1 [README.md]: the helps and the manual agree.

The commands are read from `feedgen --help`'s synopses. For each one,
`feedgen COMMAND --help` (and `feedgen help COMMAND`) must exit 0 and list, one
line each, the options its synopsis shows; those must be the options of the
command's synopsis in feedgen.1 (and in the README's Commands section), and
each must have its paragraph in feedgen.1's OPTIONS, whose leading list of commands ("build, next and new: ...", "every command but
watch: ..."), when it has one, must name exactly the commands that list it.
The roff is read loosely: escapes dropped, options found by their dashes.
Prints one "problem: ..." line per disagreement and exits 1 when there is any.
"""
import re
import subprocess
import sys

feedgen, manpage = sys.argv[1], sys.argv[2]
problems = []
OPTION = re.compile(r'(?<![\w-])(--?[a-zA-Z][a-zA-Z-]*)')


def run(*args):
    p = subprocess.run([feedgen, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def unroff(line):
    line = re.sub(r'\\f[BIRP]', '', line).replace('\\-', '-').replace('\\e', '\\')
    return line.replace('"', ' ')


# feedgen --help: the commands, from the synopses and from the list under "commands:".
rc, general, err = run('--help')
if rc != 0 or err:
    problems.append(f'feedgen --help exits {rc}, stderr {err!r}')
commands = re.findall(r'^(?:usage:)? +feedgen ([a-z][a-z-]*) ', general, re.M)
listed = re.findall(r'^  ([a-z][a-z-]*)  ', general.split('\ncommands:\n', 1)[-1].split('\n\n')[0], re.M)
if not commands:
    problems.append('feedgen --help shows no command synopsis')
if commands != listed:
    problems.append(f'feedgen --help: synopses name {commands}, the command list {listed}')

# feedgen.1: OPTIONS (forms and paragraphs), SYNOPSIS (per command), COMMANDS.
sections = {}
name = None
for line in open(manpage, encoding='utf-8').read().split('\n'):
    if line.startswith('.SH '):
        name = line[4:].strip().strip('"')
        sections[name] = []
    elif name:
        sections[name].append(line)
for needed in ('SYNOPSIS', 'COMMANDS', 'OPTIONS'):
    if needed not in sections:
        problems.append(f'feedgen.1 has no {needed} section')
        sections[needed] = []

long_of = {}        # '-c' -> '--config', '--config' -> '--config'
paragraph = {}      # '--config' -> its text
lines = sections['OPTIONS']
for i, line in enumerate(lines):
    if line == '.TP' and i + 1 < len(lines):
        forms = OPTION.findall(unroff(lines[i + 1]))
        longs = [f for f in forms if f.startswith('--')]
        if not longs:
            problems.append(f'feedgen.1 OPTIONS: no long option in {lines[i + 1]!r}')
            continue
        for f in forms:
            long_of[f] = longs[0]
        text = []
        for more in lines[i + 2:]:
            if more in ('.TP', '.PP') or more.startswith('.SH'):
                break
            text.append(unroff(re.sub(r'^\.[A-Z]+ ?', '', more)))
        paragraph[longs[0]] = ' '.join(text).strip()


def canonical(forms, where):
    out = set()
    for f in forms:
        if f not in long_of:
            problems.append(f'{where}: {f} has no paragraph in feedgen.1 OPTIONS')
        out.add(long_of.get(f, f))
    return out


man_synopsis = {}
block = None
for line in sections['SYNOPSIS']:
    text = unroff(line)
    m = re.match(r'\.B feedgen ([a-z][a-z-]*)$', text)
    if m and m.group(1) != 'help':
        block = man_synopsis.setdefault(m.group(1), [])
    elif line == '.br':
        block = None
    elif block is not None:
        block += OPTION.findall(text)
if sorted(man_synopsis) != sorted(commands):
    problems.append(f'feedgen.1 SYNOPSIS names {sorted(man_synopsis)}, feedgen --help {sorted(commands)}')
man_commands = [unroff(lines_next).split()[1] for lines_prev, lines_next
                in zip(sections['COMMANDS'], sections['COMMANDS'][1:])
                if lines_prev == '.TP' and lines_next.startswith('.B ')]
if sorted(man_commands) != sorted(commands + ['help']):
    problems.append(f'feedgen.1 COMMANDS names {sorted(man_commands)}, expected {sorted(commands + ["help"])}')

# Each command: its --help, its synopsis there, feedgen.1's synopsis.
takers, takers_of = {}, {}
for cmd in commands:
    rc, out, err = run(cmd, '--help')
    if rc != 0 or err or not out.startswith(f'usage: feedgen {cmd} '):
        problems.append(f'feedgen {cmd} --help: exit {rc}, stderr {err!r}, stdout starts {out[:40]!r}')
        continue
    if run('help', cmd) != (0, out, ''):
        problems.append(f'feedgen help {cmd} differs from feedgen {cmd} --help')
    head, _, rest = out.partition('\noptions:\n')
    option_lines = [l for l in rest.split('\n\n')[0].split('\n') if l.strip()]
    listed = set()
    for l in option_lines:
        m = re.match(r'^  (?:(-[a-zA-Z]), |    )(--[a-z][a-z-]*)(?: [A-Z][A-Z|]*)? {2,}\S', l)
        if not m:
            problems.append(f'feedgen {cmd} --help: not an option line: {l!r}')
            continue
        listed.add(m.group(2))
        if m.group(1) and long_of.get(m.group(1)) != m.group(2):
            problems.append(f'feedgen {cmd} --help: {m.group(1)} is {m.group(2)}, feedgen.1 says {long_of.get(m.group(1))}')
    canonical(listed, f'feedgen {cmd} --help')
    shown = canonical(OPTION.findall(out.split('\n', 1)[0][len('usage: '):]), f'feedgen {cmd} --help synopsis')
    if shown != listed:
        problems.append(f'feedgen {cmd} --help: synopsis shows {sorted(shown)}, option lines {sorted(listed)}')
    man = canonical(man_synopsis.get(cmd, []), f'feedgen.1 synopsis of {cmd}')
    if man != listed:
        problems.append(f'{cmd}: feedgen.1 synopsis has {sorted(man)}, feedgen {cmd} --help {sorted(listed)}')
    for o in listed:
        takers.setdefault(o, set()).add(cmd)
    takers_of[cmd] = listed

# README.md (third argument): the synopses of its Commands section show the same options.
if len(sys.argv) > 3:
    text = open(sys.argv[3], encoding='utf-8').read()
    block = text.split('\n## Commands\n', 1)[-1].split('```\n', 2)[1] if '\n## Commands\n' in text else ''
    seen = set()
    for line in block.split('\n'):
        m = re.match(r'feedgen ([a-z][a-z-]*) ', line)
        if not m or m.group(1) not in commands:
            continue
        seen.add(m.group(1))
        shown = {long_of.get(f, f) for f in OPTION.findall(line)}
        if shown != takers_of.get(m.group(1), set()):
            problems.append(f'README.md Commands: {m.group(1)} shows {sorted(shown)}, --help {sorted(takers_of.get(m.group(1), set()))}')
    if seen != set(commands):
        problems.append(f'README.md Commands shows {sorted(seen)}, feedgen --help {sorted(commands)}')

# OPTIONS: each paragraph belongs to an option some command takes (or --help,
# --version), and its leading list of commands, if any, is the right one.
names = '|'.join(re.escape(c) for c in commands)
for o, text in paragraph.items():
    if o in ('--help', '--version'):
        if not re.search(rf'^ *(-[a-zA-Z], )?{o}\b', general, re.M):
            problems.append(f'feedgen --help does not list {o}')
        continue
    if o not in takers:
        problems.append(f'feedgen.1 OPTIONS has {o}, which no command\'s --help lists')
        continue
    m = re.match(rf'^every command but ((?:{names})(?:(?:, | and )(?:{names}))*):', text)
    n = re.match(rf'^((?:{names})(?:(?:, | and )(?:{names}))*):', text)
    if m:
        said = set(commands) - set(re.split(r', | and ', m.group(1)))
    elif n:
        said = set(re.split(r', | and ', n.group(1)))
    else:
        said = set(commands) if takers[o] != set(commands) else None
        if said is not None:
            problems.append(f'feedgen.1 OPTIONS: {o} does not say which commands take it ({sorted(takers[o])})')
            continue
    if said is not None and said != takers[o]:
        problems.append(f'feedgen.1 OPTIONS: {o} is for {sorted(said)}, --help lists it for {sorted(takers[o])}')

for p in problems:
    print('problem:', p)
sys.exit(1 if problems else 0)
