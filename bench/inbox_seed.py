#!/usr/bin/env python3
"""Fills a Hark SQLite store (already migrated by `hark`) with N realistic mentions for
bench/inbox.sh: texts drawn from the labelled sets (dev set and the project's own fixtures) with
varied authors, times over 60 days, statuses, assessments, due times; the search index is built
at the end. usage: inbox_seed.py DATABASE N TEXTS.jsonl [TEXTS.jsonl ...]"""
import json, random, sqlite3, sys, time, uuid

def uuid7(ms, rnd):
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rnd.getrandbits(12) << 64 | 0b10 << 62 | rnd.getrandbits(62)
    return str(uuid.UUID(int=value))

def main():
    db, n, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    texts = []
    for path in files:
        try:
            with open(path, encoding="utf-8") as handle:
                texts += [json.loads(line) for line in handle if line.strip()]
        except OSError:
            pass
    if not texts:
        sys.exit("inbox_seed.py: no labelled texts found")
    rnd = random.Random(42)
    now = int(time.time() * 1000)
    statuses = ["new"] * 5 + ["acknowledged", "in_progress", "resolved", "followed_up", "closed", "dismissed"]
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    rows = []
    for i in range(n):
        t = rnd.choice(texts)
        received = now - rnd.randrange(60 * 86400 * 1000)
        severity = t.get("severity", "none")
        complaint = 1 if t.get("complaint") else 0
        due = received + (4 if severity == "very_dissatisfied" else 24) * 3600 * 1000 if complaint else None
        status = rnd.choice(statuses)
        customer = rnd.randrange(n // 4 + 1)
        rows.append((
            uuid7(received, rnd), rnd.choice(["forms", "reviews", "support"]), t.get("channel", "webhook"),
            f"ext-{i}", received, received, f"Customer {customer}", f"c{customer}@example.no", None,
            t.get("subject"), t.get("title"), t["text"] + f" (#{i})", None, f"digest-{i}", t.get("language", "en"),
            complaint, severity, t.get("category", "none"),
            json.dumps(["Nordlys Energi"] if rnd.random() < 0.7 else ["Fjord Kraft"]), "[]", status,
            rnd.choice([None, None, "kari", "ola"]), "[]", 0, received, due, "written" if complaint else None))
        if len(rows) == 5000:
            insert(con, rows)
            rows = []
    insert(con, rows)
    con.execute("DELETE FROM fts_pending")
    con.execute("INSERT INTO mentions_fts(mentions_fts) VALUES ('rebuild')")
    con.commit()
    con.execute("ANALYZE")
    con.close()

def insert(con, rows):
    con.executemany(
        """INSERT INTO mentions (id, source, channel, external_id, received_at, published_at, author_name,
        author_address, author_handle, subject, title, text, link, content_digest, language, complaint, severity,
        category, brands, cues, status, assignee, flags, revisions, updated_at, due_at, response_kind)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
    con.commit()

if __name__ == "__main__":
    main()
