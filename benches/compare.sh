#!/usr/bin/env bash
# How fast is `danvan export --format csv` next to the sqlite3 shell writing the same rows itself?
#
#   bash benches/compare.sh [PEOPLE]      # default 100000; WORK=DIR keeps the files in DIR
#   BIN=path/to/danvan bash benches/compare.sh 10000   # time that binary instead of a release build
#   ONLY=scale bash benches/compare.sh 10000           # only the merge / export / size section
#   ONLY=stats bash benches/compare.sh 10000           # only the question statistics section
#   ONLY=search bash benches/compare.sh 1000           # only the search keystroke section
#   ONLY=startup bash benches/compare.sh 10000         # only the first frame on home
#   ONLY=lists bash benches/compare.sh 100000          # only the lists of people, against 1,000
#
# Builds the release binary, makes a demonstration database (`danvan demo`), then times
#   1. danvan export --format csv --out records.csv
#   2. sqlite3 -csv on the same database, with SQL written to give the same rows and columns in the
#      same order as src/export/records.rs (one row per official and course, officials in name order,
#      courses in pack order; unit code and name, staff code, name, position, appointment date,
#      course id and title, lessons read and in the course, best score, attempts, passed, completion
#      day, required, due date, status)
# and prints the times, the ratio and, where /usr/bin/time -v exists, the peak memory of each. With
# python3 it also reads both files back as CSV and says whether every row is the same (the sqlite3
# shell quotes more fields than danvan, so the bytes differ; the cells must not).
#
# The course facts the SQL needs (titles, lessons, the [required] tables) are read from courses/,
# the headers and status words from i18n/vi/main.ftl, so the SQL follows the content. It does not
# neutralise formula-like cells (demo data has none) nor match positions named in a [required]
# table (the built-in courses name none; the script stops if one does).
#
# Exit 2 when `danvan export` does not exist in this build or sqlite3 cannot be had. Not run by the
# tests: at 100,000 officials it takes a few minutes and a 1.2 GB database.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE="${1:-100000}"
WORK="${WORK:-$(mktemp -d -t danvan-compare.XXXXXX)}"
mkdir -p "$WORK"
DB="$WORK/demo-$PEOPLE.db"
export LC_ALL=C.UTF-8
unset DANVAN_DB DANVAN_CONTENT DANVAN_LANG

if [ -z "${BIN:-}" ]; then
  echo "== building the release binary"
  cargo build --release --quiet
  BIN="$PWD/target/release/danvan"
else
  echo "== using BIN=$BIN"
fi

if ! "$BIN" export --help >/dev/null 2>&1; then
  echo "compare.sh: this build of danvan has no 'export' command yet, so there is nothing to compare." >&2
  exit 2
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "compare.sh: sqlite3 is not installed; installing the Debian package sqlite3 (apt-get install -y sqlite3)." >&2
    apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null
  else
    echo "compare.sh: sqlite3 is not installed and cannot be installed here (needs root and apt-get)." >&2
    exit 2
  fi
fi

HAVE_TIME=0
if /usr/bin/time -v true >/dev/null 2>&1; then HAVE_TIME=1; fi

# run LABEL CMD...: run a command, keep its wall time (s) in $SECS and its peak memory (KB) in $PEAK.
run() {
  local label="$1"; shift
  local start end
  # Each run starts with no dirty pages left by the one before: the gigabyte the step before
  # wrote would otherwise be written back to disk during this one, and counted in its time.
  sync
  start=$(date +%s.%N)
  if [ "$HAVE_TIME" = 1 ]; then
    /usr/bin/time -v -o "$WORK/$label.time" "$@"
    PEAK=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$label.time")
  else
    "$@"
    PEAK="?"
  fi
  end=$(date +%s.%N)
  SECS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
}

if [ -e "$DB" ]; then
  echo "== using the existing demonstration database $DB"
else
  echo "== danvan demo --people $PEOPLE"
  run demo "$BIN" demo --db "$DB" --people "$PEOPLE" --seed 2026
  echo "   $SECS s, peak ${PEAK} KB, $(du -h "$DB" | cut -f1)"
fi

if [ -z "${ONLY:-}" ]; then
# ---- the course facts, from the content ----
ftl() { sed -n "s/^$1 = //p" i18n/vi/main.ftl | head -1; }
sql_text() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

COURSES=""
ORD=0
while IFS=$'\t' read -r kind id title; do
  [ "$kind" = course ] || continue
  file="courses/$id.toml"
  if [ ! -f "$file" ]; then
    echo "compare.sh: no $file for course $id: cannot write the SQL." >&2
    exit 2
  fi
  ORD=$((ORD + 1))
  lessons=$(grep -c '^\[\[lesson\]\]' "$file" || true)
  # The [required] table: from its header to the next table.
  req=$(awk '/^\[required\]/ {on=1; next} /^\[/ {on=0} on' "$file")
  if grep -q '^\[required\]' "$file"; then has=1; else has=0; fi
  days=$(printf '%s\n' "$req" | sed -n 's/^within_days *= *\([0-9]*\).*/\1/p')
  kinds=$(printf '%s\n' "$req" | sed -n 's/^unit_kinds *= *\[\(.*\)\].*/\1/p' | tr -d ' "')
  if printf '%s\n' "$req" | grep -q '^positions'; then
    echo "compare.sh: course $id names positions in [required]; this script's SQL does not match positions." >&2
    exit 2
  fi
  [ -n "$COURSES" ] && COURSES="$COURSES,"
  COURSES="$COURSES
    ($ORD, $(sql_text "$id"), $(sql_text "$title"), $lessons, $has, ${days:-0}, $(sql_text "$kinds"))"
done < <("$BIN" --lang vi list)

H() { sql_text "$(ftl "$1")"; }
cat > "$WORK/records.sql" <<SQL
.headers on
.mode csv
.nullvalue ''
WITH course(ord, id, title, lessons, has_req, days, kinds) AS (VALUES $COURSES),
rows AS (
  SELECT ps.name_key, ps.person_id, c.ord, u.code AS unit_code, u.name AS unit_name,
         p.staff_code, p.full_name, p.position, p.appointed_on, c.id AS course_id, c.title,
         COALESCE(cs.lessons_read, 0) AS lessons_read, c.lessons, cs.best_percent,
         COALESCE(cs.attempts, 0) AS attempts, COALESCE(cs.passed, 0) AS passed, cs.completed_at,
         CASE WHEN c.has_req = 0 THEN 0
              WHEN c.kinds = '' THEN 1
              WHEN instr(',' || c.kinds || ',', ',' || u.kind || ',') > 0 THEN 1
              ELSE 0 END AS required,
         c.days
  FROM person_summary ps
  JOIN people p ON p.id = ps.person_id
  LEFT JOIN units u ON u.id = ps.unit_id
  CROSS JOIN course c
  LEFT JOIN course_summary cs ON cs.person_id = ps.person_id AND cs.course_id = c.id
),
due AS (
  SELECT *, CASE WHEN required = 1 AND appointed_on IS NOT NULL
                 THEN date(appointed_on, '+' || days || ' days') END AS due_on
  FROM rows
)
SELECT unit_code AS $(H roster-col-unit-code),
       unit_name AS $(H roster-col-unit-name),
       staff_code AS $(H roster-col-staff-code),
       full_name AS $(H roster-col-full-name),
       position AS $(H roster-col-position),
       appointed_on AS $(H roster-col-appointed),
       course_id AS $(H completion-col-course-id),
       title AS $(H completion-col-course-title),
       lessons_read AS $(H completion-col-lessons-read),
       lessons AS $(H completion-col-lessons-total),
       CASE WHEN best_percent IS NULL THEN ''
            ELSE rtrim(rtrim(printf('%.2f', round(best_percent * 100) / 100.0), '0'), '.') END
         AS $(H completion-col-best-score),
       attempts AS $(H completion-col-attempts),
       passed AS $(H completion-col-passed),
       substr(completed_at, 1, 10) AS $(H completion-col-completed),
       required AS $(H completion-col-required),
       due_on AS $(H completion-col-due),
       CASE WHEN completed_at IS NOT NULL THEN $(H completion-status-completed)
            WHEN required = 1 AND due_on IS NOT NULL AND date('now', '+7 hours') > due_on
              THEN $(H completion-status-overdue)
            WHEN lessons_read > 0 OR attempts > 0 OR passed THEN $(H completion-status-in-progress)
            ELSE $(H completion-status-not-started) END AS $(H completion-col-status)
FROM due
ORDER BY name_key, person_id, ord;
SQL

DANVAN_CSV="$WORK/danvan.csv"
SQLITE_CSV="$WORK/sqlite3.csv"
rm -f "$DANVAN_CSV" "$SQLITE_CSV"

# Warm the page cache the same way for both.
cat "$DB" > /dev/null

echo "== danvan export --format csv"
run export "$BIN" --lang vi --db "$DB" export --format csv --out "$DANVAN_CSV"
D_SECS=$SECS; D_PEAK=$PEAK

echo "== sqlite3 -csv (same rows)"
printf '\xef\xbb\xbf' > "$SQLITE_CSV"
run sqlite3 sh -c "sqlite3 -readonly '$DB' < '$WORK/records.sql' >> '$SQLITE_CSV'"
S_SECS=$SECS; S_PEAK=$PEAK

D_ROWS=$(($(wc -l < "$DANVAN_CSV") - 1))
S_ROWS=$(($(wc -l < "$SQLITE_CSV") - 1))
RATIO=$(awk -v d="$D_SECS" -v s="$S_SECS" 'BEGIN { if (s > 0) printf "%.2f", d / s; else print "?" }')

SAME="not checked (no python3)"
if command -v python3 >/dev/null 2>&1; then
  SAME=$(python3 - "$DANVAN_CSV" "$SQLITE_CSV" <<'PY'
import csv, sys
def rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))
a, b = rows(sys.argv[1]), rows(sys.argv[2])
if a == b:
    print("yes, every cell")
else:
    n = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    print(f"NO: first difference at line {n + 1}: {a[n] if n < len(a) else None} vs {b[n] if n < len(b) else None}")
PY
)
fi

echo
echo "officials:            $PEOPLE ($(du -h "$DB" | cut -f1) database)"
echo "rows (without header): danvan $D_ROWS, sqlite3 $S_ROWS"
echo "danvan export csv:    ${D_SECS} s, peak ${D_PEAK} KB, $(du -h "$DANVAN_CSV" | cut -f1)"
echo "sqlite3 -csv:         ${S_SECS} s, peak ${S_PEAK} KB, $(du -h "$SQLITE_CSV" | cut -f1)"
echo "ratio danvan/sqlite3: $RATIO"
echo "same rows:            $SAME"
echo "files in:             $WORK"

# The records screen: one screenful (page query by key + frame) and the peak memory, at three sizes.
echo "== records screen (page query + frame, peak memory)"
for n in 1000 10000; do
  small="$WORK/demo-$n.db"
  [ -f "$small" ] || "$BIN" demo --db "$small" --people "$n" >/dev/null
  cargo bench --quiet --bench records_screen -- "$small" 3000 2>/dev/null | grep people
done
cargo bench --quiet --bench records_screen -- "$DB" 3000 2>/dev/null | grep people
fi

# ---- the lists of people (issue 12, "Every list paged"): opening the records screen, the
# profile picker's first frame, one arrow key in it and one letter of its name search, at 1,000
# people (the anchor) and at $PEOPLE, each in its own process; the ratios should stay near 1 ----
if [ -z "${ONLY:-}" ] || [ "${ONLY:-}" = lists ]; then
  echo "== lists of people (1,000 against $PEOPLE)"
  small="$WORK/demo-1000.db"
  [ -f "$small" ] || "$BIN" demo --db "$small" --people 1000 --seed 2026 >/dev/null
  cp "$small" "$WORK/lists-small.db"; cp "$DB" "$WORK/lists-large.db"
  A=$(cargo bench --quiet --bench lists -- "$WORK/lists-small.db" 200 2>/dev/null | grep people)
  B=$(cargo bench --quiet --bench lists -- "$WORK/lists-large.db" 200 2>/dev/null | grep people)
  echo "$A"; echo "$B"
  figure() { printf '%s\n' "$1" | sed -n "s/.*$2 \([0-9.]*\) .*/\1/p"; }
  for what in "records open" "picker open" "picker key" "picker search letter" "peak memory"; do
    a=$(figure "$A" "$what"); b=$(figure "$B" "$what")
    echo "$what: 1,000 people $a, $PEOPLE people $b; ratio $(awk -v d="$b" -v s="$a" 'BEGIN { if (s > 0) printf "%.2f", d / s; else print "?" }')"
  done
  rm -f "$WORK/lists-small.db" "$WORK/lists-large.db"
fi
[ "${ONLY:-}" = lists ] && exit 0

# ---- one keystroke of search (issue 10): the index searched, against building it (the old
# per-key work), in the same process ----
if [ -z "${ONLY:-}" ] || [ "${ONLY:-}" = search ]; then
  echo "== search"
  cargo bench --quiet --bench search 2>/dev/null
fi
[ "${ONLY:-}" = search ] && exit 0

# ---- the first frame on home (issue 12): the kit against a bare ratatui program's first frame,
# in the same process, on this database ----
if [ -z "${ONLY:-}" ] || [ "${ONLY:-}" = startup ]; then
  echo "== first frame"
  cp "$DB" "$WORK/startup.db"
  cargo bench --quiet --bench startup -- "$WORK/startup.db" 20 2>/dev/null
  # Process start to home on the screen of a pseudo-terminal, against a bare ratatui program's
  # (examples/bare_frame.rs) in the same run. 10,000 people, loaded 2-core machine, medians of 15:
  # before build.rs compiled the pack (main's binary, TOML parsed at start) kit 39.5-43.0 ms, bare
  # 3.4-3.7 ms, ratio 11.5-11.8; with the compact pack kit 19.3 ms, bare 3.6 ms, ratio 5.3-5.4.
  # In process (benches/startup.rs, same run): kit 9.12 ms, bare 0.275 ms, ratio 33; the pack's
  # compact form 2.62 ms where parsing its TOML took 20.0 ms (kit with the parse / bare: 96).
  # After the start-up work of stop 26 (messages parsed on first use, pack and store read side by
  # side, the saved language read from the store the kit opens, the integrity check after the
  # first frame), 100,000 people, quiet 2-core machine, medians of 15 in three runs: kit 5.0-6.1
  # ms, bare 1.5-1.6 ms, ratio 3.2-3.9 (the same runs of the build before the language change:
  # 3.66-3.69). Here the pack's thread and the store's do not overlap well: each takes about 1.5
  # ms alone and up to 3.5 ms side by side.
  # Stop 28: the pack's compact form read with serde_json::from_str (its text is valid UTF-8
  # when built: no check per string), 1.43 ms to 0.48 ms; the pack and the messages read by a
  # helper thread or by the main thread once the database is open, whichever is free first (on
  # this VM a new thread often waits a millisecond or more for a core); home's reads through
  # cached statements. In process (benches/startup.rs, 100,000 people) kit 3.39 ms to 2.46 ms.
  # In the terminal, four alternating runs of 25 against the build before: 5.9 and 7.3 ms
  # before, 6.5 and 6.5 ms after, bare 1.8-1.9 ms: ratio 3.3-4.0 before, 3.5-3.6 after, within
  # this machine's noise. What is left: SQLite parsing the schema's 38 KB (28 KB of it
  # triggers) at the first statement, about 0.9 ms; the pack 0.5 ms; the messages 0.2-0.5 ms.
  # Stop 30 (100,000 people, medians of 60, two alternating runs each, bare_frame built with
  # LTO): the build before 8.4 and 8.5 ms (3.95x, 3.93x), after 7.5 and 7.4 ms (3.50x, 3.51x).
  # Messages are parsed one at a time on first use (the whole file was 0.55-0.65 ms), the
  # signal and key threads start after the first frame, and the release build uses fat LTO.
  # Where the rest goes (marks in the binary, medians of 25): process start to main about as
  # long as the bare program's whole run; clap 0.35-0.4 ms cold (80 us warm); opening the
  # store 2.0 ms, 1.7 ms of it the first statement reading the 38 KB schema (dropping the
  # triggers' 28 KB takes that to a third); the pack 0.5-0.8 ms; home's reads 0.65 ms; the
  # first draw 0.7 ms. On this VM a new thread waits about 2 ms for a core while the main
  # thread is busy (a bare spawn-and-spin test: median 2.0-2.3 ms), so the pack's helper
  # thread seldom overlaps the store; what counts here is the main thread's own work.
  # Stop 31 (100,000 people, medians of 30, alternating, against the stop-30 binary): the
  # binary on mimalloc reads 7.3 and 7.1 ms (3.39x, 3.50x), the one before 7.4 and 7.2 ms
  # (3.41x, 3.53x): the allocator does not move the first frame.
  cargo build --release --quiet --example bare_frame
  BIN="$BIN" cargo bench --quiet --bench first_frame -- "$WORK/startup.db" 15 2>/dev/null
fi
[ "${ONLY:-}" = startup ] && exit 0

# ---- question statistics (issue 13, item 7) ----
# Anchors, measured in the same process on the same database: SELECT count(*) FROM answers and
# SELECT sum(earned) FROM answers ("one query pass"); then `danvan stats` as a command, against
# the sqlite3 shell's count(*) over the answers.
if [ -z "${ONLY:-}" ] || [ "${ONLY:-}" = stats ]; then
  echo "== question statistics ($PEOPLE people)"
  cat "$DB" > /dev/null
  cargo bench --quiet --bench question_stats -- "$DB" --rounds 7 2>/dev/null
  run stats_cli sh -c "'$BIN' --lang vi --db '$DB' stats > '$WORK/stats.csv'"
  ST_SECS=$SECS; ST_PEAK=$PEAK
  run stats_floor sh -c "sqlite3 -readonly '$DB' 'SELECT count(*) FROM answers' > /dev/null"
  SF_SECS=$SECS
  echo "danvan stats (whole command):  ${ST_SECS} s, peak ${ST_PEAK} KB, $(($(wc -l < "$WORK/stats.csv") - 1)) questions; sqlite3 count(*) ${SF_SECS} s"
fi
[ "${ONLY:-}" = stats ] && exit 0

# ---- merge, re-merge, JSON and XLSX exports, database size (issue 12) ----
# Anchors, measured here in the same run:
#   merge into an empty db  vs  the sqlite3 shell's INSERT … SELECT of the same tables from an
#                               attached copy, into an empty db of the same schema without triggers
#   re-merge (changes nothing) vs INSERT OR IGNORE of the same rows into that filled db
#   export json / xlsx peak memory vs the sqlite3 shell writing the same tables as JSON
#   export xapi time and peak memory vs the sqlite3 shell writing the tables its statements come
#                               from (people, lesson_progress, attempts, answers, course_completions)
#                               as JSON
#
# Merge figures (issue 12), `ONLY=scale`, 2-core machine, release build. "before" is the merge
# of commit c4feef3, timed with /usr/bin/time while other builds ran (its ratio is the issue's,
# 148x and 103x, measured loaded too); "after" was timed quiet with this script:
#                         merge    (anchor, ratio)   peak RSS | re-merge  (anchor, ratio)  peak RSS
#   10,000 people before  250 s    (issue: 148x)     196 MB   | 412 s     (issue: 103x)    197 MB
#   10,000 people after   5.75 s   (0.34 s, 16.9x)   34.6 MB  | 2.38 s    (0.33 s, 7.2x)   32.3 MB
#    2,000 people before  3.54 s   (-)               52.8 MB  | 1.72 s    (-)              53.7 MB
#    2,000 people after   0.93 s   (0.08 s, 11.6x)   21.7 MB  | 0.43 s    (0.08 s, 5.4x)   20.1 MB
# ("before": the whole bundle parsed into memory, and validate's completion rule scanning every
# attempt and lesson for each completion, 90% of the profile.) After, the profile of a merge into
# an empty database: SQLite ~60% (lesson progress ~21%, attempts and answers ~21%, people and
# their name and summary triggers ~11%), parsing the record lines ~12%, reading and hashing
# pass 2 ~10%, the set-based recount ~7%.
# One reading (signature at the trailer, quick_check beside it), rows parsed straight, answers 8
# a statement, unchanged attempts' answers skipped, no lookups into a database without people
# (10,000 people, loaded machine, CPU user+sys): merge 8.07 s (INSERT … SELECT 0.44 s, 18.3x;
# wall 15.2 s vs 1.02 s, 14.9x), 35.4 MB; re-merge 2.27 s (INSERT OR IGNORE 0.46 s, 4.9x; wall
# 3.87 s vs 0.85 s, 4.55x), 34.8 MB. Peak RSS no longer follows the bundle (113 MB at
# 10,000 people): what still grows is per person (the people list matched whole, the id maps,
# the (person, course) pairs to recount), about 1.6 KB a person.
# Stop 22, a merge into a database without people with its per-row insert triggers (summaries,
# name words, xAPI changes, delta owners) suspended and their rows written once, set-based, at
# the end (quiet machine, this script, wall): 10,000 people 3.10 s (INSERT … SELECT 0.26 s,
# 11.9x), 38.2 MB; 100,000 people 37.97 s (2.78 s, 13.7x), 167 MB; re-merge 1.14 s (0.31 s,
# 3.7x) and 10.96 s (3.27 s, 3.4x). The same bundles merged by the binary before the change,
# one after the other: 4.90 s and 65.97 s. Of the 10,000-person merge's 2.8 s, the set-based end
# is about 0.73 s (the recount 0.25 s, the lessons' xAPI changes 0.17 s, summaries and name
# words 0.21 s); the rest is the record stream (attempts ~20%, parsing ~8%, SHA-512 ~8%).
# Stop 27 (quiet machine, this script with `sync` before each run, one run each; 10,000 |
# 100,000 people). A new file's pages leave the page cache as it is written (Linux) through a
# 1 MB buffer; a merge runs in a 32 MB page cache; a bundle's SHA-512 is worked out on a thread
# beside the reading and writing; a merge into a database without people that has the file to
# itself writes through the rollback journal.
#   export xapi  2.47 s | 31.01 s (12.6x for 10x people; ad hoc pairs read 2.70 | 29.36 s and
#                2.56 | 28.19 s, 10.9x and 11.0x; before: 3.22 | 62.13 s, 19.3x),
#                peak 23.5 | 26.4 MB
#   export json  0.68 s | 6.67 s (9.8x; before 11.5x), peak 14.1 | 15.0 MB
#   export xlsx  0.33 s | 3.69 s (11.2x; the run before, 0.37 | 3.46 s, 9.4x; before 11.5x),
#                peak 20.0 | 21.6 MB
#   merge        1.96 s | 25.51 s (8.9x | 6.2x the INSERT ... SELECT, whose own time read
#                4.10 s here and 2.38-2.54 s in earlier runs: against 2.54 s, 10.0x; before
#                12.8x), peak 65.8 | 193.2 MB
#   re-merge     0.83 s | 7.94 s (3.2x | 2.9x the INSERT OR IGNORE; before 3.6x | 3.45x)
# (`dd` alone writes 12.7 GB here in 74x the time of 1.27 GB: without the release, the xAPI
# file's size, not its statements, set its time.)
# Stop 28 (same machine and way, build 99cd578). Command-line jobs no longer wait out the rest
# of a 100 ms tick once their work is done; a re-merge reads a person's lesson progress with one
# statement; a bundle's papers are counted, not decoded; merges read the built-in pack from its
# compact form (they parsed its TOML, about 20 ms).
#   export xapi  2.60 s | 30.45 s (11.7x), peak 25.4 | 28.3 MB (1.11x). With a 32 MB page
#                cache for its sorts: 2.55 | 29.67 s, still 11.6x, and 121 | 164 MB: not kept
#                (user time grows 10.7x, system time 15x: the 12.7 GB file, not the sorts)
#   export json  0.66 s | 6.85 s (10.4x), peak 17.2 | 17.2 MB
#   export xlsx  0.34 s | 3.38 s (9.9x), peak 22.0 | 23.8 MB
#   merge        1.88 s | 23.46 s (8.2x | 5.9x the INSERT ... SELECT, read 0.23 s | 3.95 s),
#                peak 64.9 | 192.3 MB
#   re-merge     0.70 s | 7.19 s (2.69x | 2.64x the INSERT OR IGNORE, 0.26 s | 2.72 s)
#   size         10,594 B a person at 100,000 (floor copy 7,875 B)
# Stops 29-30 (another VM, 10,000 | 100,000 people, this script, one run each, build 62291f5:
# stamps and UUIDs kept as stored, fat LTO). On the stop-29 VM the build before it read
# 3.13 s (10.8x) for the 10,000-person merge, so compare ratios, not seconds, across VMs.
#   export xapi  3.28 s | 38.77 s (11.8x), peak 22.7 | 25.4 MB (1.12x)
#   export json  0.89 s | 8.74 s (9.8x), peak 13.3 | 13.5 MB (1.01x)
#   export xlsx  0.43 s | 4.39 s (10.2x), peak 18.3 | 19.4 MB (1.06x)
#   merge        2.42 s | 31.40 s (8.6x | 8.1x the INSERT ... SELECT, 0.28 s | 3.90 s),
#                peak 60.9 | 185.4 MB
#   re-merge     0.88 s | 10.37 s (2.51x | 2.52x the INSERT OR IGNORE, 0.35 s | 4.11 s)
#   size         10,648 | 10,594 B a person (floor copy 7,942 | 7,875 B)
# Stop 31 (another VM, 10,000 | 100,000 people, this script, one run each, build 538aede: the
# binary on mimalloc without transparent huge pages; the merge's origin check cached as a
# yes/no; a re-merge reads the attempts here 256 at a time). Ad hoc farm-bench pairs on the
# same VM, 10,000 people, medians: mimalloc re-merge 0.85x, xAPI 0.93x, merge 0.97x; the
# origin cache 0.98x and the attempt batches 0.97x of the re-merge.
#   export xapi  3.08 s | 34.11 s (11.1x; the run before, build dbd1abf, 3.54 | 32.67 s, 9.2x),
#                peak 24.3 | 27.4 MB (1.13x)
#   export json  0.77 s | 7.67 s (10.0x), peak 15.3 | 15.9 MB (1.04x)
#   export xlsx  0.43 s | 4.30 s (10.0x), peak 23.3 | 25.3 MB (1.08x; with huge pages 41 | 55 MB)
#   merge        2.29 s | 28.26 s (7.9x | 7.0x the INSERT ... SELECT, 0.29 s | 4.04 s),
#                peak 67.8 | 188.0 MB
#   re-merge     0.72 s | 7.20 s (2.06x | 2.06x the INSERT OR IGNORE, 0.35 s | 3.50 s),
#                peak 63.4 | 182.2 MB
#   size         10,648 | 10,594 B a person (floor copy 7,942 | 7,875 B)
ratio() { awk -v d="$1" -v s="$2" 'BEGIN { if (s > 0 && d != "?") printf "%.2f", d / s; else print "?" }'; }
echo "== scale: merge, exports, size ($PEOPLE people)"
BUNDLE="$WORK/bundle-$PEOPLE.json"; XLSX="$WORK/records-$PEOPLE.xlsx"; XAPI="$WORK/xapi-$PEOPLE.json"
rm -f "$BUNDLE" "$XLSX" "$XAPI" "$WORK/merged.db" "$WORK/floor.db" "$WORK/sqlite3.json" \
  "$WORK/sqlite3-xapi.json"
cat "$DB" > /dev/null
run export_json "$BIN" --lang vi --db "$DB" export --format json --out "$BUNDLE"
J_SECS=$SECS; J_PEAK=$PEAK
run export_xlsx "$BIN" --lang vi --db "$DB" export --format xlsx --out "$XLSX"
X_SECS=$SECS; X_PEAK=$PEAK
TABLES="units people lesson_progress attempts answers course_completions assessments assessment_answers evidence_files assessment_versions person_summary course_summary"
{
  echo ".mode json"
  for t in $TABLES; do echo "SELECT * FROM $t;"; done
} > "$WORK/dump.sql"
run sqlite3_json sh -c "sqlite3 -readonly '$DB' < '$WORK/dump.sql' > '$WORK/sqlite3.json'"
SJ_SECS=$SECS; SJ_PEAK=$PEAK
run export_xapi "$BIN" --lang vi --db "$DB" export --format xapi --out "$XAPI"
XA_SECS=$SECS; XA_PEAK=$PEAK
{
  echo ".mode json"
  for t in people lesson_progress attempts answers course_completions; do echo "SELECT * FROM $t;"; done
} > "$WORK/dump-xapi.sql"
run sqlite3_xapi sh -c "sqlite3 -readonly '$DB' < '$WORK/dump-xapi.sql' > '$WORK/sqlite3-xapi.json'"
SX_SECS=$SECS; SX_PEAK=$PEAK

run merge "$BIN" --lang vi --db "$WORK/merged.db" merge "$BUNDLE"
M_SECS=$SECS; M_PEAK=$PEAK
run remerge "$BIN" --lang vi --db "$WORK/merged.db" merge "$BUNDLE"
R_SECS=$SECS; R_PEAK=$PEAK

# The floor: the same schema, no triggers, the rows copied by SQLite itself.
sqlite3 "$DB" ".schema --nosys" | sqlite3 "$WORK/floor.db"
sqlite3 "$WORK/floor.db" "SELECT 'DROP TRIGGER \"' || name || '\";' FROM sqlite_master WHERE type = 'trigger'" \
  | sqlite3 "$WORK/floor.db"
{
  echo "ATTACH '$DB' AS src; BEGIN;"
  for t in $TABLES; do echo "INSERT INTO main.$t SELECT * FROM src.$t;"; done
  echo "COMMIT;"
} > "$WORK/floor.sql"
{
  echo "ATTACH '$DB' AS src; BEGIN;"
  for t in $TABLES; do echo "INSERT OR IGNORE INTO main.$t SELECT * FROM src.$t;"; done
  echo "COMMIT;"
} > "$WORK/floor-again.sql"
run floor sh -c "sqlite3 '$WORK/floor.db' < '$WORK/floor.sql'"
F_SECS=$SECS; F_PEAK=$PEAK
run floor_again sh -c "sqlite3 '$WORK/floor.db' < '$WORK/floor-again.sql'"
FA_SECS=$SECS

SIZE=$(stat -c %s "$DB"); MSIZE=$(stat -c %s "$WORK/merged.db"); FSIZE=$(stat -c %s "$WORK/floor.db")
echo
echo "people:                        $PEOPLE"
echo "merge into an empty db:        ${M_SECS} s, peak ${M_PEAK} KB; INSERT … SELECT ${F_SECS} s; ratio $(ratio "$M_SECS" "$F_SECS")"
echo "re-merge (changes nothing):    ${R_SECS} s, peak ${R_PEAK} KB; INSERT OR IGNORE ${FA_SECS} s; ratio $(ratio "$R_SECS" "$FA_SECS")"
echo "export json:                   ${J_SECS} s, peak ${J_PEAK} KB; sqlite3 -json ${SJ_SECS} s, peak ${SJ_PEAK} KB; memory ratio $(ratio "$J_PEAK" "$SJ_PEAK")"
echo "export xlsx:                   ${X_SECS} s, peak ${X_PEAK} KB; memory ratio to sqlite3 -json $(ratio "$X_PEAK" "$SJ_PEAK")"
echo "export xapi:                   ${XA_SECS} s, peak ${XA_PEAK} KB, $(grep -c '^  {' "$XAPI" || true) statements; sqlite3 -json of its tables ${SX_SECS} s, peak ${SX_PEAK} KB; ratio $(ratio "$XA_SECS" "$SX_SECS"), memory ratio $(ratio "$XA_PEAK" "$SX_PEAK")"
echo "database per person:           demo $((SIZE / PEOPLE)) B, merged $((MSIZE / PEOPLE)) B, floor copy $((FSIZE / PEOPLE)) B; ratio $(ratio "$SIZE" "$FSIZE")"
