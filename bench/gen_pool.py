#!/usr/bin/env python3
"""Pre-signed request pool for bench/webhook.lua (wrk's Lua has no HMAC).

usage: gen_pool.py --secret-file F --out DIR --rounds R --per-round N [--run-id ID]

Writes DIR/pool-r<k>.txt for k in 0..R-1. Line 1 is the body template
    T<TAB>A<TAB>B<TAB>C        body = A .. id .. B .. id .. C   (UTF-8, no tab or newline inside)
then N lines "<delivery id><TAB><hex HMAC-SHA256(secret, body)>". Every delivery id is unique over the
whole run (RUNID-r<k>-<n>), so a round never repeats an id of an earlier round. The body is the one
of the shared /work/shared/bench/webhook.lua (Nordic text) plus published_at, lang and platform,
~700 bytes of JSON.
"""
import argparse
import hashlib
import hmac
import os
import secrets
import time

TEXT = ("Jeg har ventet i tre uger på min pakke, og kundeservice svarer ikke. "
        "Åsa Lindström skrev: försenad leverans. ")
A = '{"id":"'
B = ('","event":"review.created","author":"Søren Ørsted","rating":1,'
     '"title":"Pakken kom aldrig","text":"' + TEXT * 4 + '","url":"https://reviews.example.dk/r/')
C = '","published_at":"2025-11-20T09:15:00Z","lang":"da","platform":"reviews-dk"}'


def body(delivery_id: str) -> bytes:
    return (A + delivery_id + B + delivery_id + C).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--secret-file", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--per-round", type=int, default=600_000)
    ap.add_argument("--run-id", default=None)
    a = ap.parse_args()
    with open(a.secret_file, "rb") as f:
        key = f.read()
    # Hark strips one trailing newline (and a CR before it) from a secret file.
    if key.endswith(b"\n"):
        key = key[:-1]
    if key.endswith(b"\r"):
        key = key[:-1]
    run = a.run_id or f"{int(time.time()):x}{secrets.token_hex(3)}"
    os.makedirs(a.out, exist_ok=True)
    pre_a, pre_b, pre_c = A.encode(), B.encode(), C.encode()
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for r in range(a.rounds):
        path = os.path.join(a.out, f"pool-r{r}.txt")
        with open(path, "wb") as f:
            f.write(b"T\t" + pre_a + b"\t" + pre_b + b"\t" + pre_c + b"\n")
            lines = []
            for n in range(a.per_round):
                did = f"{run}-r{r}-{n}".encode()
                h = mac.copy()
                h.update(pre_a + did + pre_b + did + pre_c)
                lines.append(did + b"\t" + h.hexdigest().encode() + b"\n")
                if len(lines) >= 50_000:
                    f.writelines(lines)
                    lines = []
            f.writelines(lines)
    print(f"run_id={run} rounds={a.rounds} per_round={a.per_round} body_bytes={len(body(f'{run}-r0-0'))}")


if __name__ == "__main__":
    main()
