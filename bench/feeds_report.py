#!/usr/bin/env python3
"""Helpers of bench/feeds.sh (standard library only).

  feeds_report.py peak [-n RUNS] -- CMD ARG...
      Runs CMD (no shell) RUNS times, sampling /proc/PID/status every 2 ms; prints one JSON object:
      the largest ru_maxrss (MiB, the kernel's peak RSS of the process) and the largest sampled
      RssAnon (heap, stacks) and RssFile (code and mapped files) over the runs, and the exit codes.
  feeds_report.py check --lxml-items N FILE.jsonl
      Reads `hark parse feed` output (one JSON object per file, one per line); prints a JSON object
      with the number of objects, the items in them and how many are recovered.
  feeds_report.py report --runab J --bytes B --items N --files F [--peak NAME=J ...] [--check NAME=J ...]
                         [--info K=V ...] [--busy PCT] [--results-md FILE] [--command CMD]
      Prints the throughput table (median MB/s and items/s with min-max spread, speed as a multiple of
      feedparser and of xmllint --stream as the median of per-round ratios) and the verdict table of
      issue 3's targets; appends a dated section to FILE when given. Exit 1 when a target is missed.
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import time

# Issue 3's targets.
HTML_VS_XMLLINT, HTML_VS_FEEDPARSER, NOHTML_VS_XMLLINT, PEAK_MAX_MIB = 0.35, 30.0, 0.6, 32.0


def peak(argv, runs):
    out = {"maxrss_mib": 0.0, "rss_anon_mib": 0.0, "rss_file_mib": 0.0, "rc": [], "wall_s": []}
    for _ in range(runs):
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
        anon = filemb = 0
        while True:
            try:
                with open(f"/proc/{p.pid}/status") as f:
                    t = f.read()
                a = re.search(r"RssAnon:\s+(\d+)", t)
                fl = re.search(r"RssFile:\s+(\d+)", t)
                if a:
                    anon = max(anon, int(a.group(1)))
                if fl:
                    filemb = max(filemb, int(fl.group(1)))
            except OSError:
                pass
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.002)
        out["wall_s"].append(round(time.monotonic() - t0, 3))
        out["rc"].append(os.waitstatus_to_exitcode(status))
        out["maxrss_mib"] = max(out["maxrss_mib"], ru.ru_maxrss / 1024)
        out["rss_anon_mib"] = max(out["rss_anon_mib"], anon / 1024)
        out["rss_file_mib"] = max(out["rss_file_mib"], filemb / 1024)
    out["rc"] = sorted(set(out["rc"]))
    return out


def check(path):
    objs = items = recovered = rec_items = errors = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except ValueError:
                errors += 1
                continue
            objs += 1
            if "items" not in d:
                errors += 1
                continue
            items += len(d.get("items") or [])
            recovered += bool(d.get("recovered"))
            rec_items += sum(bool(i.get("recovered")) for i in d.get("items") or [])
    return {"objects": objs, "items": items, "recovered_feeds": recovered, "recovered_items": rec_items,
            "unparsable_lines_or_errors": errors}


def per_round(d, a, b):
    """Median over rounds of wall(b) / wall(a): how many times faster a is than b."""
    return statistics.median(y / x for x, y in zip(d[a]["runs"], d[b]["runs"]))


def report(a):
    d = json.load(open(a.runab))
    b, n = a.bytes, a.items
    peaks = {k: json.load(open(v)) for k, v in (x.split("=", 1) for x in a.peak)}
    checks_in = {k: json.load(open(v)) for k, v in (x.split("=", 1) for x in a.check)}
    has_fp = "feedparser" in d
    rounds = len(d[next(iter(d))]["runs"])
    lines = [f"{rounds} interleaved rounds over {a.files} files, {b / 1e6:.1f} MB, {n} items; median (min-max) of rounds; "
             "'x' columns: median of per-round wall-time ratios (the targets); 'by CPU s': ratio of median CPU seconds "
             "(steadier when other work shares the CPUs)",
             f"| command | MB/s median (min-max) | items/s median | x feedparser | x xmllint --stream | CPU s median | x xmllint by CPU s | peak RSS MiB (median of rounds) | exit |",
             "|---|---|---|---|---|---|---|---|---|"]
    for k, v in d.items():
        mbs = b / 1e6 / v["wall_median"]
        spread = f"{b / 1e6 / v['wall_max']:.1f}-{b / 1e6 / v['wall_min']:.1f}"
        vs_fp = f"{per_round(d, k, 'feedparser'):.1f}" if has_fp else "n/a"
        vs_x = per_round(d, k, "xmllint-stream")
        cpu_x = d["xmllint-stream"]["cpu_median"] / v["cpu_median"] if v["cpu_median"] else float("nan")
        lines.append(f"| {k} | {mbs:.2f} ({spread}) | {n / v['wall_median']:.0f} | {vs_fp} | {vs_x:.3f} | "
                     f"{v['cpu_median']:.3f} | {cpu_x:.3f} | {v['rss_mib_median']:.1f} | {','.join(map(str, v['rc']))} |")
    verdicts = []
    html, nohtml = "hark-html", "hark-no-html"
    if html in d:
        r = per_round(d, html, "xmllint-stream")
        rr = [y / x for x, y in zip(d[html]["runs"], d["xmllint-stream"]["runs"])]
        verdicts.append((f"HTML on >= {HTML_VS_XMLLINT}x xmllint --stream MB/s",
                         f"{r:.3f}x (per round {', '.join(f'{x:.3f}' for x in rr)})", r >= HTML_VS_XMLLINT))
        if has_fp:
            r = per_round(d, html, "feedparser")
            rr = [y / x for x, y in zip(d[html]["runs"], d["feedparser"]["runs"])]
            verdicts.append((f"HTML on >= {HTML_VS_FEEDPARSER:.0f}x feedparser",
                             f"{r:.1f}x (per round {', '.join(f'{x:.1f}' for x in rr)})", r >= HTML_VS_FEEDPARSER))
        else:
            verdicts.append((f"HTML on >= {HTML_VS_FEEDPARSER:.0f}x feedparser", "not measured (--no-feedparser)", None))
    if nohtml in d:
        r = per_round(d, nohtml, "xmllint-stream")
        rr = [y / x for x, y in zip(d[nohtml]["runs"], d["xmllint-stream"]["runs"])]
        verdicts.append((f"HTML off >= {NOHTML_VS_XMLLINT}x xmllint --stream MB/s",
                         f"{r:.3f}x (per round {', '.join(f'{x:.3f}' for x in rr)})", r >= NOHTML_VS_XMLLINT))
    else:
        verdicts.append((f"HTML off >= {NOHTML_VS_XMLLINT}x xmllint --stream MB/s", "not measured (hark has no --no-html)", None))
    for k, p in peaks.items():
        ok = p["maxrss_mib"] <= PEAK_MAX_MIB and p["rc"] == [0]
        verdicts.append((f"{k}: peak RSS <= {PEAK_MAX_MIB:.0f} MiB",
                         f"{p['maxrss_mib']:.1f} MiB (ru_maxrss, worst of {len(p['wall_s'])} runs; sampled RssAnon "
                         f"{p['rss_anon_mib']:.1f} + RssFile {p['rss_file_mib']:.1f}; exit {','.join(map(str, p['rc']))})",
                         ok if p["rc"] == [0] else False))
    for k, c in checks_in.items():
        ok = c["objects"] == a.files and c["unparsable_lines_or_errors"] == 0
        verdicts.append((f"{k}: one feed object per file (sanity, not a target)",
                         f"{c['objects']}/{a.files} objects, {c['items']}/{n} items (lxml count), "
                         f"{c['recovered_feeds']} recovered feeds, {c['unparsable_lines_or_errors']} errors", ok))
    rc_bad = [k for k, v in d.items() if v["rc"] != [0]]
    if rc_bad:
        verdicts.append(("every command exits 0 in every round", "non-zero: " + ", ".join(rc_bad), False))
    vt = ["| target | measured | result |", "|---|---|---|"]
    for t, m, ok in verdicts:
        vt.append(f"| {t} | {m} | {'n/a' if ok is None else ('PASS' if ok else 'FAIL')} |")
    scored = [(t, ok) for t, _, ok in verdicts if ok is not None and "not a target" not in t]
    passed = sum(ok for _, ok in scored)
    failed = [t for t, ok in scored if not ok]
    verdict = f"{passed}/{len(scored)} targets pass" + (" — FAIL: " + "; ".join(failed) if failed else "")
    print()
    print("\n".join(lines))
    print()
    print("\n".join(vt))
    print(f"\nverdict: {verdict}")
    if a.results_md:
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        sec = [f"\n## {now} — feed parsing\n"]
        sec += [f"- {x.split('=', 1)[0]}: {x.split('=', 1)[1]}" for x in a.info]
        if a.busy is not None:
            sec.append(f"- machine busy during the rounds: {a.busy:.0f}% of {os.cpu_count()} CPUs (the benchmark itself keeps one busy)")
        if a.command:
            sec.append(f"- command: `{a.command}`")
        sec.append(f"- verdict: {verdict}\n")
        sec += lines + [""] + vt
        with open(a.results_md, "a") as f:
            f.write("\n".join(sec) + "\n")
        print(f"\nappended to {a.results_md}")
    return 1 if failed else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "peak":
        args = sys.argv[2:]
        runs = 3
        if args[:1] == ["-n"]:
            runs, args = int(args[1]), args[2:]
        if args[:1] == ["--"]:
            args = args[1:]
        print(json.dumps(peak(args, runs)))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        print(json.dumps(check(sys.argv[2])))
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["report"])
    ap.add_argument("--runab", required=True)
    ap.add_argument("--bytes", type=int, required=True)
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--files", type=int, required=True)
    ap.add_argument("--peak", action="append", default=[])
    ap.add_argument("--check", action="append", default=[])
    ap.add_argument("--info", action="append", default=[])
    ap.add_argument("--busy", type=float)
    ap.add_argument("--results-md")
    ap.add_argument("--command")
    return report(ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())
