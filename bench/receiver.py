#!/usr/bin/env python3
"""Peer baseline: the webhook receiver a user would hand-write (http.server part of the shared
/work/shared/bench/receiver.py, unchanged in what it does). Each POSTed JSON body is parsed and
written to SQLite (WAL), one commit per request, then 204 is returned. It does not verify the
signature. synchronous is NORMAL as in the shared reference (in WAL mode: no fsync per commit, so
not durable on power loss, unlike Hark's FULL); pass FULL as 4th argument for a like-for-like store.

usage: receiver.py PORT DBPATH [NORMAL|FULL]       (http.server.ThreadingHTTPServer, HTTP/1.1
keep-alive, one thread per connection). Binds 127.0.0.1 only."""
import json
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, dbpath = int(sys.argv[1]), sys.argv[2]
sync = (sys.argv[3] if len(sys.argv) > 3 else "NORMAL").upper()
assert sync in ("NORMAL", "FULL"), sync
SCHEMA = """CREATE TABLE IF NOT EXISTS mention(id INTEGER PRIMARY KEY, source TEXT NOT NULL,
 external_id TEXT NOT NULL, received_at REAL NOT NULL, raw BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS mention_dedup ON mention(source, external_id);"""
init = sqlite3.connect(dbpath)
init.execute("PRAGMA journal_mode=WAL")
init.executescript(SCHEMA)
init.close()
local = threading.local()


def db():
    c = getattr(local, "con", None)
    if c is None:
        c = sqlite3.connect(dbpath, isolation_level=None, timeout=30)
        c.execute(f"PRAGMA synchronous={sync}")
        c.execute("PRAGMA busy_timeout=30000")
        local.con = c
    return c


def store(raw, delivery):
    doc = json.loads(raw)
    ext = delivery or str(doc.get("id"))
    db().execute("INSERT OR IGNORE INTO mention(source, external_id, received_at, raw) VALUES (?,?,?,?)",
                 ("webhook", ext, time.time(), raw))  # autocommit: one commit per request


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        store(self.rfile.read(n), self.headers.get("X-Delivery-Id"))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *a):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 1024
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
