#!/usr/bin/env python3
"""What indexes cost a response's insert, in SQLite alone.

Replays the writer's batches (64 responses and their deliveries per
transaction, WAL, synchronous=FULL) against two copies of one schema: as
migrated, and with the named indexes dropped. The pairs alternate in one
sitting, so the ratio holds however fast the machine is this hour.

    python3 benches/insert_indexes.py DATABASE.db INDEX [INDEX...]

DATABASE.db is a freshly migrated database with one account and no survey
(`ankieter account create` makes one).
"""
import json, os, shutil, sqlite3, statistics, sys, tempfile, time, uuid

ROWS, BATCH, PAIRS = 40_000, 64, 4


def run(path, account, survey):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    answers = json.dumps([{"question_id": f"q{i}", "question_text": "Pytanie?",
                           "values": ["odpowiedź " * 3]} for i in range(8)])
    plan = json.dumps({"target": {"mode": "email", "email": "x@example.pl"},
                       "changes": {"properties": [[f"ankieta.q{i}", "odpowiedź"] for i in range(8)],
                                   "tags": ["ANKIETA"], "force_opt_in": False}})
    start = time.perf_counter()
    now = int(time.time() * 1000)
    for first in range(0, ROWS, BATCH):
        db.execute("BEGIN")
        for n in range(first, first + BATCH):
            rid, did = str(uuid.uuid4()), str(uuid.uuid4())
            at = now + n
            db.execute("INSERT INTO responses (id, account_id, survey_id, answers, created_at) "
                       "VALUES (?, ?, ?, ?, ?)", (rid, account, survey, answers, at))
            db.execute("INSERT INTO deliveries (id, account_id, survey_id, response_id, status, plan, "
                       "next_attempt_at, created_at, updated_at, contact_email) "
                       "VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)",
                       (did, account, survey, rid, plan, at, at, at, f"r{n}@example.pl"))
        db.execute("COMMIT")
    took = time.perf_counter() - start
    db.close()
    return ROWS / took


def main():
    base, dropped = sys.argv[1], sys.argv[2:]
    work = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(base)))
    db = sqlite3.connect(base)
    account = db.execute("SELECT id FROM accounts").fetchone()[0]
    db.close()
    ratios = []
    for pair in range(PAIRS):
        rates = {}
        for variant in ("with", "without"):
            path = os.path.join(work, f"{variant}.db")
            shutil.copy(base, path)
            db = sqlite3.connect(path)
            survey = str(uuid.uuid4())
            db.execute("INSERT INTO surveys (id, account_id, slug, document, created_at, updated_at) "
                       "VALUES (?, ?, ?, '{}', 0, 0)", (survey, account, f"s{pair}"))
            if variant == "without":
                for name in dropped:
                    db.execute(f"DROP INDEX {name}")
            db.commit()
            db.close()
            rates[variant] = run(path, account, survey)
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
        ratio = rates["with"] / rates["without"]
        ratios.append(ratio)
        print(f"pair {pair + 1}: with {rates['with']:.0f}/s, without {rates['without']:.0f}/s, ratio {ratio:.3f}")
    print(f"median ratio {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
