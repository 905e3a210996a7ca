#!/usr/bin/env python3
"""Driver of bench/webhooks.sh (adapted from /work/shared/bench/webhooks.py): interleaved wrk rounds
against several servers with bench/webhook.lua, resident memory and CPU of each server, the Hark
checks (targets, SQLite count against 202 answers), a summary table and a dated RESULTS.md section.

usage: webhooks.py --pool-dir DIR --target NAME=URL,PID ... --hark NAME --base NAME [options]
  Each wrk run of round k uses DIR/pool-r<k>-t<thread>.txt (see gen_pool.py), so every delivery id is new to
  the server that receives it. Standard library only."""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TICK = os.sysconf("SC_CLK_TCK")
# Targets (the brief's): Hark >= 0.4x nginx req/s, p99 < 20 ms, RSS <= 32 MiB idle, <= 64 MiB under
# load, flat after load (after-load RSS of the last round within FLAT_MIB of the first round's).
RATIO_MIN, P99_MAX_MS, IDLE_MAX_MIB, PEAK_MAX_MIB, FLAT_MIB = 0.4, 20.0, 32.0, 64.0, 4.0


def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children") as f:
                    todo += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def rss_kib(pid):
    tot = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                m = re.search(r"VmRSS:\s+(\d+)", f.read())
                tot += int(m.group(1)) if m else 0
        except OSError:
            pass
    return tot


def rss_split(pid):
    """(anonymous, file-backed) resident MiB of one process: code of the binary and libraries vs heap."""
    try:
        with open(f"/proc/{pid}/status") as f:
            t = f.read()
        g = lambda k: int(re.search(rf"{k}:\s+(\d+)", t).group(1)) / 1024
        return g("RssAnon"), g("RssFile") + g("RssShmem")
    except (OSError, AttributeError):
        return 0.0, 0.0


def stat_ticks(path):
    with open(path) as f:
        s = f.read()
    comm = s[s.index("(") + 1:s.rindex(")")]
    fields = s[s.rindex(")") + 2:].split()
    return comm, int(fields[11]) + int(fields[12])  # utime + stime


def cpu_s(pid):
    tot = 0
    for p in tree(pid):
        try:
            tot += stat_ticks(f"/proc/{p}/stat")[1]
        except OSError:
            pass
    return tot / TICK


def thread_cpu(pid):
    """CPU seconds per thread name (digits folded: NIO-ELT-0-#3 -> NIO-ELT-0-#N) of one process."""
    out = {}
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            try:
                comm, ticks = stat_ticks(f"/proc/{pid}/task/{t}/stat")
            except OSError:
                continue
            key = re.sub(r"#\d+$", "#N", comm)
            out[key] = out.get(key, 0) + ticks / TICK
    except OSError:
        pass
    return out


def machine_busy_s():
    """CPU seconds all CPUs spent busy since boot (user, nice, system, irq, softirq, steal)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / TICK


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def metrics(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            text = r.read().decode()
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            k, _, v = line.rpartition(" ")
            try:
                out[k] = float(v)
            except ValueError:
                pass
    return out


def run_wrk(url, pool, a):
    cmd = ["wrk", "-t", str(a.threads), "-c", str(a.conns), "-d", f"{a.duration}s", "--timeout", "10s",
           "-s", os.path.join(HERE, "webhook.lua"), url, "--", pool]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Bounded: wrk ends after -d seconds; the Lua init reads the pool first (a few seconds at most).
    try:
        out, err = p.communicate(timeout=a.duration + 120)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    m = dict(re.findall(r"(\w+)=([\d.]+)", out.split("RESULT", 1)[1])) if "RESULT" in out else {}
    if not m:
        print(f"  wrk gave no RESULT line (rc={p.returncode}): {err.strip()[:300]}")
    shown = cmd[:-4] + ["bench/webhook.lua", "URL", "--", "POOL/pool-r<round>"]
    return {k: float(v) for k, v in m.items()}, " ".join(shown)


def one(name, url, pid, rnd, a, is_hark):
    pool = os.path.join(a.pool_dir, f"pool-r{rnd}")
    samples, stop = [], threading.Event()

    def sampler():
        while not stop.is_set():
            samples.append(rss_kib(pid) / 1024)
            stop.wait(a.sample)

    idle = rss_kib(pid) / 1024
    cpu0, thr0 = cpu_s(pid), (thread_cpu(pid) if is_hark else {})
    met0 = metrics(a.metrics_url) if is_hark and a.metrics_url else {}
    ru0, busy0 = os.times(), machine_busy_s()
    th = threading.Thread(target=sampler)
    th.start()
    r, cmd = run_wrk(url, pool, a)
    stop.set()
    th.join()
    ru1, busy1 = os.times(), machine_busy_s()
    cpu1, thr1 = cpu_s(pid), (thread_cpu(pid) if is_hark else {})
    met1 = metrics(a.metrics_url) if is_hark and a.metrics_url else {}
    time.sleep(a.after)
    r.update(name=name, round=rnd + 1, idle_mib=idle, peak_mib=max(samples + [idle]), after_mib=rss_kib(pid) / 1024,
             samples=len(samples), server_cpu_s=cpu1 - cpu0,
             wrk_cpu_s=(ru1.children_user + ru1.children_system) - (ru0.children_user + ru0.children_system))
    # CPU time of everything else on the machine meanwhile (other users' builds and tests, this driver).
    r["other_cpu_s"] = max(0.0, (busy1 - busy0) - r["server_cpu_s"] - r["wrk_cpu_s"])
    r["ok_2xx"] = r.get("reqs", 0) - r.get("status_err", 0)
    if is_hark:
        r["threads_cpu_s"] = {k: round(v - thr0.get(k, 0), 2) for k, v in sorted(thr1.items()) if v - thr0.get(k, 0) > 0.05}
        d = {k: met1.get(k, 0) - met0.get(k, 0) for k in met1}
        commits = d.get("hark_commit_duration_seconds_count", 0)
        r["commits"] = commits
        r["batch_mean"] = d.get("hark_commit_batch_requests_sum", 0) / commits if commits else 0
        r["commit_ms_mean"] = 1000 * d.get("hark_commit_duration_seconds_sum", 0) / commits if commits else 0
        r["commit_busy"] = d.get("hark_commit_duration_seconds_sum", 0) / a.duration
    print(f"  round {rnd + 1} {name:<7} {r.get('rps', 0):>9.0f} req/s  p50 {r.get('p50_ms', 0):7.2f} ms  "
          f"p99 {r.get('p99_ms', 0):7.2f} ms  2xx {r['ok_2xx']:.0f}  errors {errors(r):.0f}  wrapped {r.get('wrapped', 0):.0f}  "
          f"RSS {idle:.1f}/{r['peak_mib']:.1f}/{r['after_mib']:.1f} MiB  cpu srv {r['server_cpu_s']:.1f}s wrk {r['wrk_cpu_s']:.1f}s other {r['other_cpu_s']:.1f}s"
          + (f"  commits {r['commits']:.0f} x{r['batch_mean']:.1f} items, {r['commit_ms_mean']:.2f} ms each" if is_hark else ""),
          flush=True)
    return r, cmd


def errors(r):
    return sum(r.get(k, 0) for k in ("connect_err", "read_err", "write_err", "status_err", "timeout"))


def sqlite_count(db, table):
    try:
        out = subprocess.run(["sqlite3", db, f"select count(*) from {table}"], capture_output=True, text=True,
                             timeout=60)
        return int(out.stdout.strip())
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return -1


def med(xs):
    return statistics.median(xs) if xs else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pool-dir", required=True)
    ap.add_argument("--target", action="append", required=True, help="NAME=URL,PID")
    ap.add_argument("--hark", required=True)
    ap.add_argument("--base", required=True)
    ap.add_argument("-d", "--duration", type=int, default=12)
    ap.add_argument("-c", "--conns", type=int, default=64)
    ap.add_argument("-t", "--threads", type=int, default=2)
    ap.add_argument("-r", "--rounds", type=int, default=3)
    ap.add_argument("--sample", type=float, default=0.2, help="RSS sampling period, s")
    ap.add_argument("--after", type=float, default=3.0, help="RSS 'after' is taken this long after a round, s")
    ap.add_argument("--settle", type=float, default=5.0, help="final after-run RSS wait, s")
    ap.add_argument("--metrics-url")
    ap.add_argument("--hark-db")
    ap.add_argument("--hark-probes", type=int, default=0, help="stored (non-duplicate) probe webhooks sent before")
    ap.add_argument("--py", help="NAME=DBPATH of the Python receiver, for its row count")
    ap.add_argument("--py-probes", type=int, default=0)
    ap.add_argument("--json")
    ap.add_argument("--results-md")
    ap.add_argument("--command", default="bench/webhooks.sh")
    ap.add_argument("--info", action="append", default=[], help="KEY=VALUE lines for the RESULTS.md header")
    a = ap.parse_args()

    targets = []
    for t in a.target:
        name, rest = t.split("=", 1)
        url, pid = rest.rsplit(",", 1)
        targets.append((name, url, int(pid)))
    hark_pid = dict((n, p) for n, _, p in targets)[a.hark]
    load_start = loadavg()
    idle_split = rss_split(hark_pid)
    idle0 = rss_kib(hark_pid) / 1024
    print(f"Hark idle RSS before any load: {idle0:.1f} MiB")
    res = {n: [] for n, _, _ in targets}
    wrk_cmd = ""
    for rnd in range(a.rounds):
        for name, url, pid in targets:
            r, wrk_cmd = one(name, url, pid, rnd, a, name == a.hark)
            res[name].append(r)
    load_end = loadavg()
    time.sleep(a.settle)
    hark_after_run = rss_kib(hark_pid) / 1024
    after_split = rss_split(hark_pid)

    # Counts: mentions in Hark's SQLite against the 202 duplicate=false answers (Hark's own counter
    # hark_intake_total{outcome=stored|revised}) and wrk's 2xx (wrk stops counting the <= -c requests
    # in flight when the time is up; Hark still commits and answers them).
    m = metrics(a.metrics_url) if a.metrics_url else {}
    src = [k for k in m if k.startswith("hark_intake_total{")]
    stored = sum(m[k] for k in src if 'outcome="stored"' in k or 'outcome="revised"' in k)
    dups = sum(m[k] for k in src if 'outcome="duplicate"' in k)
    other = {k: m[k] for k in src if not re.search(r'outcome="(stored|revised|duplicate)"', k)}
    mentions = sqlite_count(a.hark_db, "mentions") if a.hark_db else -1
    hark_rs = res[a.hark]
    wrk_2xx = sum(r["ok_2xx"] for r in hark_rs)
    wrk_sent = sum(r.get("sent", 0) - 1 for r in hark_rs)  # wrk calls request() once to check it
    wrapped = sum(r.get("wrapped", 0) for r in hark_rs)
    slack = a.conns * a.rounds
    count_ok = (mentions == stored and mentions >= 0 and dups == 0 and wrapped == 0
                and wrk_2xx + a.hark_probes <= mentions <= wrk_2xx + a.hark_probes + slack)
    py_rows = None
    if a.py:
        pn, pdb = a.py.split("=", 1)
        py_rows = sqlite_count(pdb, "mention")
        py_2xx = sum(r["ok_2xx"] for r in res[pn])

    # Summary.
    base = res[a.base]
    ratios = [h.get("rps", 0) / b.get("rps", 1) for h, b in zip(hark_rs, base) if b.get("rps")]
    ratio = med(ratios)
    p99 = med([r.get("p99_ms", 0) for r in hark_rs])
    peak = max(r["peak_mib"] for r in hark_rs)
    after_first, after_last = hark_rs[0]["after_mib"], hark_rs[-1]["after_mib"]
    flat = after_last - after_first <= FLAT_MIB and hark_after_run - after_first <= FLAT_MIB
    checks = [
        (f"Hark req/s >= {RATIO_MIN}x nginx", f"x{ratio:.3f} (median of per-round ratios; rounds "
         + ", ".join(f"{x:.3f}" for x in ratios) + ")", ratio >= RATIO_MIN),
        (f"Hark p99 < {P99_MAX_MS:.0f} ms", f"{p99:.2f} ms (median of rounds; worst "
         f"{max(r.get('p99_ms', 0) for r in hark_rs):.2f} ms)", p99 < P99_MAX_MS),
        (f"Hark RSS idle <= {IDLE_MAX_MIB:.0f} MiB", f"{idle0:.1f} MiB (fresh, before any load; anon {idle_split[0]:.1f}, file-backed {idle_split[1]:.1f})", idle0 <= IDLE_MAX_MIB),
        (f"Hark RSS under load <= {PEAK_MAX_MIB:.0f} MiB", f"{peak:.1f} MiB (peak of {a.sample * 1000:.0f} ms samples)",
         peak <= PEAK_MAX_MIB),
        (f"Hark RSS flat after load (+<= {FLAT_MIB:.0f} MiB)",
         "after rounds " + " / ".join(f"{r['after_mib']:.1f}" for r in hark_rs)
         + f" MiB, {a.settle:.0f} s after the run {hark_after_run:.1f} MiB (anon {after_split[0]:.1f}, file-backed "
         f"{after_split[1]:.1f})", flat),
        ("mentions in SQLite = 202 duplicate=false", f"{mentions} mentions, {stored:.0f} stored/revised, "
         f"{dups:.0f} duplicates, wrk 2xx {wrk_2xx:.0f} + {a.hark_probes} probe(s) (+ <= {slack} in flight at wrk stops; "
         f"requests written by wrk {wrk_sent:.0f}), ids reused {wrapped:.0f}" + (f", other outcomes {other}" if other else ""), count_ok),
    ]
    lines = []
    lines.append(f"wrk -t{a.threads} -c{a.conns} -d{a.duration}s, {a.rounds} interleaved rounds, ~700-byte signed JSON, "
                 f"a new delivery id per request; median (min-max) of rounds")
    hdr = f"| {'server':<8} | {'req/s median (min-max)':<24} | {'p50 ms':>7} | {'p99 ms':>7} | {'errors':>6} | " \
          f"{'x nginx':>7} | {'RSS MiB idle/peak/after':>24} | {'CPU s/1k req':>12} |"
    lines.append(hdr)
    lines.append("|" + "|".join("-" * (len(c)) for c in hdr.split("|")[1:-1]) + "|")
    for name, _, _ in targets:
        rs = res[name]
        rps = [r.get("rps", 0) for r in rs]
        rat = med([r.get("rps", 0) / b.get("rps", 1) for r, b in zip(rs, base) if b.get("rps")])
        cpu_per_k = med([1000 * r["server_cpu_s"] / r["reqs"] for r in rs if r.get("reqs")])
        mem = f"{med([r['idle_mib'] for r in rs]):.1f}/{max(r['peak_mib'] for r in rs):.1f}/{med([r['after_mib'] for r in rs]):.1f}"
        lines.append(f"| {name:<8} | {f'{med(rps):.0f} ({min(rps):.0f}-{max(rps):.0f})':<24} | "
                     f"{med([r.get('p50_ms', 0) for r in rs]):>7.2f} | {med([r.get('p99_ms', 0) for r in rs]):>7.2f} | "
                     f"{sum(errors(r) for r in rs):>6.0f} | {rat:>7.3f} | {mem:>24} | {cpu_per_k:>12.3f} |")
    lines.append("")
    lines.append("| target | measured | result |")
    lines.append("|---|---|---|")
    for what, got, ok in checks:
        lines.append(f"| {what} | {got} | {'PASS' if ok else 'FAIL'} |")
    if py_rows is not None:
        lines.append("")
        lines.append(f"Python receiver: {py_rows} rows in its SQLite, wrk 2xx {py_2xx:.0f} + {a.py_probes} probe(s).")
    lines.append("")
    lines.append("Per round (Hark: CPU seconds by thread, group commit from /metrics):")
    lines.append("")
    lines.append("| round | server | req/s | p50 ms | p99 ms | max ms | 2xx | RSS idle/peak/after MiB | server CPU s | wrk CPU s | other CPU s | Hark commits |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for rnd in range(a.rounds):
        for name, _, _ in targets:
            r = res[name][rnd]
            extra = (f"{r['commits']:.0f} x {r['batch_mean']:.1f} req, {r['commit_ms_mean']:.2f} ms each, "
                     f"busy {100 * r['commit_busy']:.0f}%" if name == a.hark else "")
            lines.append(f"| {rnd + 1} | {name} | {r.get('rps', 0):.0f} | {r.get('p50_ms', 0):.2f} | {r.get('p99_ms', 0):.2f} | "
                         f"{r.get('max_ms', 0):.1f} | {r['ok_2xx']:.0f} | {r['idle_mib']:.1f}/{r['peak_mib']:.1f}/{r['after_mib']:.1f} | "
                         f"{r['server_cpu_s']:.1f} | {r['wrk_cpu_s']:.1f} | {r['other_cpu_s']:.1f} | {extra} |")
    lines.append("")
    for rnd, r in enumerate(hark_rs):
        lines.append(f"- Hark round {rnd + 1} threads (CPU s): "
                     + ", ".join(f"{k} {v}" for k, v in sorted(r["threads_cpu_s"].items(), key=lambda kv: -kv[1])))
    summary = "\n".join(lines)
    print()
    print(summary)

    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rounds": res, "checks": [[w, g, o] for w, g, o in checks], "hark_idle_mib": idle0,
                       "hark_after_run_mib": hark_after_run, "mentions": mentions, "stored": stored,
                       "duplicates": dups, "wrk_cmd": wrk_cmd}, f, indent=1)
    if a.results_md:
        now = datetime.datetime.now().astimezone()
        sec = [f"## {now:%Y-%m-%d %H:%M %Z} — webhook ingest", ""]
        for kv in a.info:
            k, _, v = kv.partition("=")
            sec.append(f"- {k}: {v}")
        sec.append(f"- load average at start / end of the rounds: {load_start} / {load_end} (other CPU s per round in the last table)")
        sec.append(f"- command: `{a.command}`")
        sec.append(f"- wrk, per server and round: `{wrk_cmd}`")
        sec.append(f"- verdict: {sum(ok for *_, ok in checks)}/{len(checks)} targets pass"
                   + ("" if all(ok for *_, ok in checks) else " — FAIL: " + "; ".join(w for w, _, ok in checks if not ok)))
        sec += ["", summary, ""]
        new = not os.path.exists(a.results_md)
        with open(a.results_md, "a") as f:
            if new:
                f.write("# Webhook ingest benchmark results\n\nAppended by `bench/webhooks.sh`, newest last. "
                        "Compare ratios measured side by side in one run, not absolute figures across runs.\n\n")
            f.write("\n".join(sec) + "\n")
        print(f"\nappended to {a.results_md}")
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
