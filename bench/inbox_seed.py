#!/usr/bin/env python3
"""Fills a Hark SQLite store (already migrated by `hark`) with N realistic mentions for
bench/inbox.sh: texts drawn from the labelled sets (dev set and the project's own fixtures) with
varied authors, times over 60 days, statuses, assessments, due times; the search index is built
at the end. With --with-input (bench/migrate.sh) each mention also gets what the webhook path
stores beside it: its raw input (the JSON body it came as), a delivery key and a mention key
(SHA-256 digests, as the store keeps them).
usage: inbox_seed.py [--with-input] DATABASE N TEXTS.jsonl [TEXTS.jsonl ...]"""
import hashlib, json, random, sqlite3, sys, time, uuid

def uuid7(ms, rnd):
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rnd.getrandbits(12) << 64 | 0b10 << 62 | rnd.getrandbits(62)
    return str(uuid.UUID(int=value))

def main():
    args = sys.argv[1:]
    with_input = "--with-input" in args
    args = [a for a in args if a != "--with-input"]
    db, n, files = args[0], int(args[1]), args[2:]
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
    rows, inputs = [], []
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
        if with_input:
            mention_id, source = rows[-1][0], rows[-1][1]
            body = json.dumps({"id": f"ext-{i}", "text": rows[-1][11], "title": t.get("title"),
                               "author": f"Customer {customer}", "email": f"c{customer}@example.no"},
                              ensure_ascii=False).encode()
            inputs.append((mention_id, source, received, body))
        if len(rows) == 5000:
            insert(con, rows, inputs)
            rows, inputs = [], []
    insert(con, rows, inputs)
    con.execute("DELETE FROM fts_pending")
    con.execute("INSERT INTO mentions_fts(mentions_fts) VALUES ('rebuild')")
    con.commit()
    con.execute("ANALYZE")
    con.close()

def insert(con, rows, inputs):
    con.executemany(
        """INSERT INTO mentions (id, source, channel, external_id, received_at, published_at, author_name,
        author_address, author_handle, subject, title, text, link, content_digest, language, complaint, severity,
        category, brands, cues, status, assignee, flags, revisions, updated_at, due_at, response_kind)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
    digest = lambda text: hashlib.sha256(text.encode()).digest()
    con.executemany("INSERT INTO raw_inputs (mention_id, received_at, content_type, bytes) VALUES (?, ?, ?, ?)",
                    [(m, at, "application/json", body) for m, _, at, body in inputs])
    con.executemany("INSERT INTO delivery_keys (key_hash, source, body_digest, mention_id, created_at) VALUES (?, ?, ?, ?, ?)",
                    [(digest(f"delivery|{s}|{m}"), s, hashlib.sha256(body).digest(), m, at) for m, s, at, body in inputs])
    con.executemany("INSERT INTO mention_keys (key_hash, source, mention_id, created_at) VALUES (?, ?, ?, ?)",
                    [(digest(f"mention|{s}|{m}"), s, m, at) for m, s, at, _ in inputs])
    con.commit()

if __name__ == "__main__":
    main()
