#!/usr/bin/env python3
"""Pre-signed request pool for bench/webhook.lua (wrk's Lua has no HMAC).

usage: gen_pool.py --secret-file F --out DIR --rounds R --per-round N --threads T [--run-id ID]

Writes DIR/pool-r<k>-t<j>.txt for round k in 0..R-1 and wrk thread j in 1..T (each thread of a
round gets N/T ids of its own, so its Lua init reads only its share). Line 1 is the body template
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
    ap.add_argument("--threads", type=int, default=2)
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
    header = b"T\t" + pre_a + b"\t" + pre_b + b"\t" + pre_c + b"\n"
    share = -(-a.per_round // a.threads)
    for r in range(a.rounds):
        n = 0
        for t in range(1, a.threads + 1):
            with open(os.path.join(a.out, f"pool-r{r}-t{t}.txt"), "wb") as f:
                f.write(header)
                lines = []
                for _ in range(share):
                    did = f"{run}-r{r}-{n}".encode()
                    n += 1
                    h = mac.copy()
                    h.update(pre_a + did + pre_b + did + pre_c)
                    lines.append(did + b"\t" + h.hexdigest().encode() + b"\n")
                    if len(lines) >= 50_000:
                        f.writelines(lines)
                        lines = []
                f.writelines(lines)
    print(f"run_id={run} rounds={a.rounds} per_round={share * a.threads} threads={a.threads} body_bytes={len(body(f'{run}-r0-0'))}")


if __name__ == "__main__":
    main()
