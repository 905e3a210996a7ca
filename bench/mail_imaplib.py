#!/usr/bin/env python3
"""The Python peer of bench/mail.sh (standard library only): what people write by hand.

usage: mail_imaplib.py [--noparse] [--expect N] [--batch 100]
env:   IMAP_HOST (127.0.0.1) IMAP_PORT IMAP_USER IMAP_PASS_FILE (a file holding the password)
       IMAP_MAILBOX (INBOX)

One plain connection: LOGIN, EXAMINE (read-only), UID SEARCH ALL, then UID FETCH in batches of
100 UIDs of (UID INTERNALDATE RFC822.SIZE BODY.PEEK[]); every message is parsed with
email.message_from_bytes(policy=email.policy.default) and its best text body extracted
(get_body(preferencelist=('plain', 'html')).get_content()). Nothing is stored. --noparse fetches
only (the IMAP part alone). Prints one line to stderr: messages=N bytes=B text_chars=C
no_body=K; exit 1 when --expect N is given and a different number was fetched.
"""
import argparse
import email
import email.policy
import imaplib
import os
import re
import sys

META = re.compile(rb"UID (\d+)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--noparse", action="store_true")
    ap.add_argument("--expect", type=int)
    ap.add_argument("--batch", type=int, default=100)
    a = ap.parse_args()
    with open(os.environ["IMAP_PASS_FILE"]) as f:
        password = f.read().strip()
    imap = imaplib.IMAP4(os.environ.get("IMAP_HOST", "127.0.0.1"), int(os.environ["IMAP_PORT"]))
    imap.login(os.environ["IMAP_USER"], password)
    status, _ = imap.select(os.environ.get("IMAP_MAILBOX", "INBOX"), readonly=True)
    if status != "OK":
        sys.exit("EXAMINE failed")
    status, data = imap.uid("SEARCH", None, "ALL")
    uids = sorted(int(u) for u in data[0].split())
    count = nbytes = chars = no_body = 0
    seen = set()
    for start in range(0, min(len(uids), 10_000_000), a.batch):
        batch = uids[start:start + a.batch]
        status, data = imap.uid("FETCH", f"{batch[0]}:{batch[-1]}", "(UID INTERNALDATE RFC822.SIZE BODY.PEEK[])")
        if status != "OK":
            sys.exit(f"UID FETCH {batch[0]}:{batch[-1]} failed: {data!r}")
        for item in data:
            if not isinstance(item, tuple):
                continue
            meta, raw = item
            uid = META.search(meta)
            if uid:
                seen.add(int(uid.group(1)))
            count += 1
            nbytes += len(raw)
            if a.noparse:
                continue
            message = email.message_from_bytes(raw, policy=email.policy.default)
            body = message.get_body(preferencelist=("plain", "html"))
            if body is None:
                no_body += 1
                continue
            chars += len(body.get_content())
    imap.logout()
    print(f"messages={count} bytes={nbytes} text_chars={chars} no_body={no_body} distinct_uids={len(seen)}", file=sys.stderr)
    if a.expect is not None and (count != a.expect or len(seen) != a.expect):
        print(f"expected {a.expect} messages, fetched {count} ({len(seen)} distinct UIDs)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
