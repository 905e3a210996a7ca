#!/usr/bin/env python3
"""Helpers of bench/mail.sh (standard library only).

  mail_report.py add FILE KEY=VALUE ...
      Appends one run as a JSON line: leg, round, rc, wall_ns, time ("%e %M %U %S" of GNU time),
      logins and served ("BODIES BYTES") from Dovecot's log, check (KEY=VALUE words), mentions.
  mail_report.py last FILE --messages N --bytes B [--manifest M]
      Prints the last run in one line (progress).
  mail_report.py rusage -f '%e %M %U %S' -o FILE CMD ARG...
      Stand-in for GNU time when /usr/bin/time is missing: runs CMD, writes that one format line
      from wait4 (wall s, peak RSS KiB, user s, system s), exits with CMD's status.
  mail_report.py report FILE --messages N --bytes B [--manifest M] [--info K=V ...]
                        [--command CMD] [--results-md FILE]
      Prints the table (median messages/s of the measured rounds with min-max, MB/s, CPU, peak RSS,
      connections and bodies served as Dovecot logged them, speed as a multiple of imaplib+email)
      and the verdict on issue 4's target; appends a dated section to FILE when given. Exit 1 when
      the target is missed or the Hark leg failed.
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

TARGET_MSGS_PER_S = 4000       # issue 4: fetched, decoded and stored, plain loopback, one connection
EXPECTED_VS_IMAPLIB = 8        # "about 8x imaplib+email" (for reference)
LEG_TITLES = {
    "imaplib+email": "Python imaplib, batches of 100, + email parsing (best text body)",
    "imaplib-fetch": "Python imaplib, batches of 100, fetch only (reference)",
    "curl": "curl CLI, one URL per UID, one connection",
    "hark": "hark poll (fetch, decode, store in SQLite)",
}


def add(path, pairs):
    rec = {}
    for pair in pairs:
        k, _, v = pair.partition("=")
        rec[k] = v
    out = {"leg": rec["leg"], "round": int(rec["round"]), "rc": int(rec["rc"]),
           "wall_s": int(rec["wall_ns"]) / 1e9, "logins": int(rec.get("logins") or 0)}
    t = rec.get("time", "").split()
    if len(t) == 4:
        out["time_wall_s"], out["rss_mib"], out["cpu_s"] = float(t[0]), int(t[1]) / 1024, float(t[2]) + float(t[3])
    s = rec.get("served", "").split()
    out["served_bodies"], out["served_bytes"] = (int(s[0]), int(s[1])) if len(s) == 2 else (0, 0)
    check = {}
    for word in rec.get("check", "").split():
        k, _, v = word.partition("=")
        if v.isdigit():
            check[k] = int(v)
    out["check"] = check
    out["mentions"] = int(rec["mentions"]) if rec.get("mentions", "").isdigit() else None
    out["stderr_tail"] = rec.get("stderr_tail", "")[-500:]
    with open(path, "a") as f:
        f.write(json.dumps(out) + "\n")


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def verdict_of(r, n, nbytes, auto_replies):
    """(ok, status text) of one run."""
    if r["rc"] != 0:
        return False, ("timed out" if r["rc"] == 124 else f"failed (exit code {r['rc']})")
    c = r["check"]
    leg = r["leg"]
    if leg.startswith("imaplib"):
        if c.get("messages") != n or c.get("distinct_uids") != n:
            return False, f"fetched {c.get('messages')} of {n}"
        if leg == "imaplib+email" and c.get("no_body", 0):
            return True, f"ok ({c['no_body']} without a text body)"
        return True, "ok"
    if leg == "curl":
        if c.get("urls_ok") != n:
            return False, f"{c.get('urls_ok')} of {n} URLs ok"
        if c.get("out_bytes") != nbytes:
            return False, f"{c.get('out_bytes')} bytes written, {nbytes} served"
        return True, "ok"
    if leg == "hark":
        m = r.get("mentions")
        low = n - auto_replies
        if m is None:
            return False, "exit 0 but no mentions table"
        if not low <= m <= n:
            return False, f"{m} mentions stored, expected {low}..{n}"
        if r["served_bodies"] < n:
            return False, f"Dovecot served {r['served_bodies']} bodies of {n}"
        return True, f"ok ({m} mentions)"
    return True, "ok"


def last(path, n, nbytes, auto_replies):
    r = load(path)[-1]
    ok, status = verdict_of(r, n, nbytes, auto_replies)
    rate = f"{n / r['wall_s']:7.0f}" if ok and r["wall_s"] > 0 else "      —"
    tag = "warm-up" if r["round"] == 0 else f"round {r['round']}"
    print(f"   {r['leg']:<14} {tag:<8} {r['wall_s']:7.2f} s {rate} msg/s  peak RSS {r.get('rss_mib', 0):6.1f} MiB  "
          f"connections {r['logins']}  bodies served {r['served_bodies']}  {status}", flush=True)


def rusage(args):
    ap = argparse.ArgumentParser(prog="mail_report.py rusage")
    ap.add_argument("-f", required=True)
    ap.add_argument("-o", required=True)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args(args)
    t0 = time.monotonic()
    p = subprocess.Popen(a.cmd)
    _, status, ru = os.wait4(p.pid, 0)
    with open(a.o, "w") as f:
        f.write(f"{time.monotonic() - t0:.2f} {ru.ru_maxrss} {ru.ru_utime:.2f} {ru.ru_stime:.2f}\n")
    return os.waitstatus_to_exitcode(status) & 0xFF


def spread(xs, fmt="{:.0f}"):
    if not xs:
        return "—"
    med = statistics.median(xs)
    return f"{fmt.format(med)} ({fmt.format(min(xs))}-{fmt.format(max(xs))})" if len(xs) > 1 else fmt.format(med)


def report(a):
    runs = load(a.results)
    n, nbytes = a.messages, a.bytes
    manifest = json.load(open(a.manifest)) if a.manifest else {}
    auto = manifest.get("auto_replies", 0)
    legs = [leg for leg in LEG_TITLES if any(r["leg"] == leg for r in runs)]
    measured = [r for r in runs if r["round"] > 0]
    rounds = sorted({r["round"] for r in measured})
    for r in runs:
        r["ok"], r["status"] = verdict_of(r, n, nbytes, auto)
    by_leg_round = {(r["leg"], r["round"]): r for r in measured}

    def ratio_to_imaplib(leg):
        xs = []
        for rd in rounds:
            base, this = by_leg_round.get(("imaplib+email", rd)), by_leg_round.get((leg, rd))
            if base and this and base["ok"] and this["ok"]:
                xs.append(base["wall_s"] / this["wall_s"])
        return xs

    rows, summary = [], {}
    for leg in legs:
        rs = [r for r in measured if r["leg"] == leg]
        good = [r for r in rs if r["ok"]]
        rates = [n / r["wall_s"] for r in good]
        mbs = [nbytes / 1e6 / r["wall_s"] for r in good]
        ratios = ratio_to_imaplib(leg)
        bad = [r for r in rs if not r["ok"]]
        if not bad:
            status = good[0]["status"] if good else "not run"
        elif not good:
            statuses = sorted({r["status"] for r in bad})
            status = "; ".join(statuses) + (f" ({len(bad)}/{len(rs)} rounds)" if len(rs) > 1 else "")
        else:
            status = f"{len(bad)}/{len(rs)} rounds failed: " + "; ".join(sorted({r['status'] for r in bad}))
        summary[leg] = {"rates": rates, "ratios": ratios, "good": good, "bad": bad, "runs": rs, "status": status}
        rows.append([
            leg,
            spread(rates),
            spread(mbs, "{:.1f}") if mbs else "—",
            spread([r["wall_s"] for r in good], "{:.2f}") if good else "—",
            f"{statistics.median([r['cpu_s'] for r in good if 'cpu_s' in r]):.2f}" if good else "—",
            f"{max(r.get('rss_mib', 0) for r in rs):.1f}" if rs else "—",
            "/".join(str(x) for x in sorted({r["logins"] for r in rs})),
            "/".join(str(x) for x in sorted({r["served_bodies"] for r in rs})),
            f"{statistics.median(ratios):.2f}" if ratios else "—",
            status,
        ])
    head = ["leg", "messages/s median (min-max)", "MB/s", "wall s", "CPU s", "peak RSS MiB", "connections",
            "bodies served", "x imaplib+email", "status"]
    table = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    table += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]

    # Verdict on the Hark leg.
    h = summary.get("hark", {"rates": [], "ratios": [], "good": [], "bad": [], "runs": [], "status": "not run"})
    vt = ["| target | measured | result |", "|---|---|---|"]
    failed = []
    if h["rates"] and not h["bad"]:
        rate = statistics.median(h["rates"])
        res = "PASS" if rate >= TARGET_MSGS_PER_S else "FAIL"
        vt.append(f"| Hark >= {TARGET_MSGS_PER_S:,} messages/s fetched, decoded and stored | {rate:.0f} msg/s "
                  f"(median of {len(h['rates'])} rounds; {spread(h['rates'])}) | {res} |")
        if res == "FAIL":
            failed.append("speed")
        ratio = f"x{statistics.median(h['ratios']):.2f} (median of per-round ratios)" if h["ratios"] else "—"
        vt.append(f"| Hark vs imaplib+email (the issue expects about {EXPECTED_VS_IMAPLIB}x) | {ratio} | for reference |")
        logins = sorted({r["logins"] for r in h["runs"]})
        res = "PASS" if logins == [1] else "FAIL"
        vt.append(f"| Hark uses one connection | {'/'.join(map(str, logins))} login(s) per run (Dovecot's log) | {res} |")
        if res == "FAIL":
            failed.append("one connection")
        ms = sorted({r["mentions"] for r in h["runs"]})
        vt.append(f"| every message stored once | {'/'.join(map(str, ms))} mentions from {n} messages "
                  f"({auto} auto-replies, which may be left out) | PASS |")
    else:
        vt.append(f"| Hark >= {TARGET_MSGS_PER_S:,} messages/s fetched, decoded and stored | {h['status']} | FAIL |")
        failed.append("hark leg " + h["status"])
    verdict = "target met" if not failed else "FAIL: " + "; ".join(failed)

    per_round = ["| round | leg | wall s | messages/s | CPU s | peak RSS MiB | connections | bodies / bytes served | status |",
                 "|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        rate = f"{n / r['wall_s']:.0f}" if r["ok"] else "—"
        per_round.append(
            f"| {r['round'] or 'warm-up'} | {r['leg']} | {r['wall_s']:.2f} | {rate} | {r.get('cpu_s', 0):.2f} | "
            f"{r.get('rss_mib', 0):.1f} | {r['logins']} | {r['served_bodies']} / {r['served_bytes']} | {r['status']} |")
    notes = []
    for leg in legs:
        for r in summary[leg]["bad"][:1]:
            tail = r["stderr_tail"].strip().replace("`", "'")[-500:] or "(empty)"
            notes.append(f"- {leg} round {r['round']}: {r['status']}; stderr ends: `{tail}`")

    corpus = ""
    if manifest:
        kinds = ", ".join(f"{k} {v}" for k, v in manifest.get("kinds", {}).items())
        charsets = ", ".join(f"{k} {v}" for k, v in manifest.get("charsets", {}).items())
        encs = ", ".join(f"{k} {v}" for k, v in manifest.get("first_text_part_encoding", {}).items())
        corpus = (f"{manifest['messages']} messages (bench/mail_generate.py, seed {manifest['seed']}), "
                  f"{manifest['bytes'] / 1e6:.1f} MB as generated (LF), {nbytes / 1e6:.1f} MB as served (CRLF); size median "
                  f"{manifest['size_median'] / 1000:.1f} KB, p90 {manifest['size_p90'] / 1000:.1f} KB, max {manifest['size_max'] / 1000:.0f} KB, "
                  f"{manifest['over_100k']} over 100 KB; kinds: {kinds}; charsets: {charsets}; first text part: {encs}; "
                  f"{manifest['attachments']} attachments")

    title = f"{n} messages on plain loopback IMAP, one connection per leg; median of the measured rounds"
    print()
    print(title)
    print("\n".join(table))
    print()
    print("\n".join(vt))
    for line in notes:
        print(line)
    print(f"\nverdict: {verdict}")
    if a.results_md:
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        sec = [f"\n## {now} — mail fetch (IMAP)\n"]
        sec += [f"- {x.split('=', 1)[0]}: {x.split('=', 1)[1]}" for x in a.info]
        if corpus:
            sec.append(f"- mailbox: {corpus}")
        if a.command:
            sec.append(f"- command: `{a.command}`")
        sec.append(f"- verdict: {verdict}\n")
        sec += [title] + table + [""] + vt + [""]
        if notes:
            sec += notes + [""]
        sec += ["Every run (Dovecot's log gives the connections and what it sent):", ""] + per_round
        with open(a.results_md, "a") as f:
            f.write("\n".join(sec) + "\n")
        print(f"\nappended to {a.results_md}")
    return 1 if failed else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "add":
        add(sys.argv[2], sys.argv[3:])
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "rusage":
        return rusage(sys.argv[2:])
    if len(sys.argv) > 1 and sys.argv[1] == "last":
        ap = argparse.ArgumentParser()
        ap.add_argument("file")
        ap.add_argument("--messages", type=int, required=True)
        ap.add_argument("--bytes", type=int, required=True)
        ap.add_argument("--manifest")
        a = ap.parse_args(sys.argv[2:])
        last(a.file, a.messages, a.bytes, json.load(open(a.manifest)).get("auto_replies", 0) if a.manifest else 0)
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["report"])
    ap.add_argument("results")
    ap.add_argument("--messages", type=int, required=True)
    ap.add_argument("--bytes", type=int, required=True)
    ap.add_argument("--manifest")
    ap.add_argument("--info", action="append", default=[])
    ap.add_argument("--command")
    ap.add_argument("--results-md")
    return report(ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())
