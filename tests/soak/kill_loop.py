#!/usr/bin/env python3
"""The kill loop: answers acknowledged by `danvan quiz --plain` survive a SIGKILL at any moment.

Builds the release binary, makes a database in a temp folder with one official (CB001), then
KILLS times starts `danvan quiz q-mot-cua --plain --person CB001` on a pipe, answers each question
as it is asked, notes every answer the program acknowledged (the verdict line printed after the
answer is saved: "Right!", "Not right.", "Partly right: ..."), and SIGKILLs it after a random delay.
Every CHECK_EVERY kills and at the end it checks `PRAGMA integrity_check` = ok and that every
acknowledged answer is in the `answers` table. Not part of `cargo test`:

    python3 tests/soak/kill_loop.py [KILLS] [--check-every N] [--seed S] [--binary PATH]

Exit code 0 only when no acknowledged answer was lost and no integrity check failed.
"""

import argparse
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUIZ = "q-mot-cua"
QUESTION = re.compile(r"^Question\W*(\d+)\W*of\W*(\d+)\W*$")
VERDICT = re.compile(r"^(Right!|Not right\.|Partly right:)")
# The answer to type for each kind of question, from the hint line the plain quiz prints.
ANSWERS = [
    ("(type one letter", "a"),
    ("(type letters separated by commas", "a"),
    ("(type: true or false)", "true"),
    ("(type your answer)", "x"),
]


def build():
    subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "danvan"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "danvan")


def make_db(binary, folder):
    db = os.path.join(folder, "danvan.db")
    roster = os.path.join(folder, "roster.csv")
    with open(roster, "w", encoding="utf-8") as f:
        f.write("Họ và tên,Mã cán bộ,Mã đơn vị,Tên đơn vị,Chức vụ,Ngày bổ nhiệm\n")
        f.write("Nguyễn Thị Hoa,CB001,UBND-TT,UBND xã Tân Tiến,Công chức,01/03/2026\n")
    subprocess.run([binary, "--db", db, "--lang", "en", "roster", "import", roster],
                   check=True, stdout=subprocess.DEVNULL)
    return db


def attempts(db):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return {row[0]: row[1] for row in c.execute("SELECT id, status FROM attempts")}


def run_once(binary, db, delay):
    """One run, killed after `delay` seconds (or ended by itself). Returns the positions
    (0-based) whose answers were acknowledged."""
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.Popen([binary, "--db", db, "--lang", "en", "quiz", QUIZ, "--plain",
                          "--person", "CB001"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + delay
    acked, buf, position, answer = [], b"", None, None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([p.stdout], [], [], left)
        if not ready:
            break
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8", "replace").replace("\u2068", "").replace("\u2069", "").strip()
            # The verdict follows the prompt on its line: "> Right!".
            while line.startswith(">"):
                line = line[1:].lstrip()
            m = QUESTION.match(line)
            if m:
                position = int(m.group(1)) - 1
            for hint, a in ANSWERS:
                if line.startswith(hint):
                    answer = a
            if VERDICT.match(line) and position is not None:
                acked.append(position)
        if buf.endswith(b"> ") and answer is not None:
            buf = b""
            try:
                p.stdin.write(answer.encode() + b"\n")
                p.stdin.flush()
            except BrokenPipeError:
                break
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
    p.wait()
    for f in (p.stdin, p.stdout):
        try:
            f.close()
        except BrokenPipeError:
            pass
    return acked


def check(db, expected):
    """(integrity ok, lost answers): `expected` is a set of (attempt id, position)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        ok = c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = set(c.execute("SELECT attempt_id, position FROM answers"))
    return ok, expected - stored


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kills", nargs="?", type=int, default=1000)
    ap.add_argument("--check-every", type=int, default=10)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--max-delay", type=float, default=0.6, help="seconds")
    ap.add_argument("--binary", help="use this danvan instead of building the release binary")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    rng = random.Random(seed)
    binary = args.binary or build()
    with tempfile.TemporaryDirectory(prefix="danvan-kill-") as folder:
        db = make_db(binary, folder)
        expected, kills, acked_total, integrity_failures, unplaced = set(), 0, 0, 0, 0
        lost = set()
        started = time.monotonic()
        for i in range(1, args.kills + 1):
            before = attempts(db)
            open_before = [a for a, status in before.items() if status == "open"]
            acked = run_once(binary, db, rng.uniform(0.0, args.max_delay))
            kills += 1
            if acked:
                after = attempts(db)
                new = [a for a in after if a not in before]
                # Runs are one after another: the attempt answered is the one left open, else the
                # one this run started.
                used = open_before or new
                if len(used) != 1:
                    unplaced += len(acked)
                else:
                    expected |= {(used[0], pos) for pos in acked}
                acked_total += len(acked)
            if i % args.check_every == 0 or i == args.kills:
                ok, missing = check(db, expected)
                integrity_failures += 0 if ok else 1
                lost |= missing
                if not ok or missing:
                    print(f"kill {i}: integrity {'ok' if ok else 'FAILED'}, {len(missing)} lost",
                          file=sys.stderr)
        elapsed = time.monotonic() - started
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
            stored = c.execute("SELECT count(*) FROM answers").fetchone()[0]
            tries = c.execute("SELECT count(*) FROM attempts").fetchone()[0]
    print(f"seed {seed}")
    print(f"kills {kills} in {elapsed:.0f} s")
    print(f"acknowledged answers {acked_total} (attempts {tries}, answers stored {stored})")
    print(f"lost answers {len(lost) + unplaced}")
    print(f"integrity failures {integrity_failures}")
    return 0 if not lost and not unplaced and integrity_failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
