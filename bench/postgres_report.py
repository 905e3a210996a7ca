#!/usr/bin/env python3
"""Driver of bench/postgres.sh: webhook ingest into Hark on SQLite, on PostgreSQL with one instance and
on PostgreSQL with two instances sharing one database, interleaved rounds, one run.

usage: postgres_report.py --spec SPEC.json -d SECS -r ROUNDS [--json OUT] [--results-md FILE] ...

SPEC.json (written by postgres.sh):
  {"pg_pid": POSTMASTER_PID, "pg_url": "postgres://.../postgres",
   "setups": [{"name": "sqlite", "store": {"kind": "sqlite", "path": DB} | {"kind": "postgres", "url": URL, "db": NAME},
               "instances": [{"name": "...", "port": P, "pid": PID, "pool": "DIR/pool-r", "offset": K,
                              "conns": C, "threads": T}]}]}
Round k of an instance uses the pool files "<pool><offset + k>-t<thread>.txt" (gen_pool.py), so every
delivery id is new. Instances of one setup are loaded at the same time (one wrk each); their req/s are
summed. After each setup's round the driver waits (bounded) until the setup's recurrence backlog
(`recurrence_pending`, filled by every stored mention) is empty, so that no setup's background work
runs in the next setup's round. Standard library only; helpers from webhooks.py."""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import webhooks as W  # noqa: E402  (tree, rss_kib, cpu_s, thread_cpu, machine_busy_s, metrics, errors, med, loadavg)

# Targets (the issue's): one instance on PostgreSQL >= 0.5x the SQLite figure; two instances above one.
PG1_MIN_RATIO, PG2_MIN_RATIO = 0.5, 1.0


def store_query(store, sql):
    """One integer from the setup's store, or -1."""
    if store["kind"] == "sqlite":
        cmd = ["sqlite3", store["path"], sql]
    else:
        cmd = ["psql", "-X", "-At", "-d", store["url"], "-c", sql]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return int(out.stdout.strip().splitlines()[-1])
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return -1


def pg_row(url, sql):
    """One row of numbers from PostgreSQL (cluster statistics), or []."""
    try:
        out = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-d", url, "-c", sql], capture_output=True,
                             text=True, timeout=30)
        return [float(x) if x else 0.0 for x in out.stdout.strip().split("\t")]
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return []


WAL_SQL = "select wal_records, wal_fpi, wal_bytes, wal_write, wal_sync from pg_stat_wal"
DB_SQL = ("select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, blks_read, blks_hit "
          "from pg_stat_database where datname = '{db}'")


def pg_cpu(pid):
    """CPU seconds of each process of the PostgreSQL cluster: {pid: (is a client backend, seconds)}."""
    out = {}
    for p in W.tree(pid):
        try:
            ticks = W.stat_ticks(f"/proc/{p}/stat")[1] / W.TICK
            with open(f"/proc/{p}/cmdline", "rb") as f:
                title = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        # "postgres: hark db 127.0.0.1(port) idle" is a client backend; the rest is background work
        # (walwriter, checkpointer, autovacuum...).
        out[p] = (p != pid and re.search(r"\(\d+\)", title) is not None, ticks)
    return out


def pg_delta(before, after):
    """(client backends, background) CPU seconds spent between two pg_cpu() readings. Processes that
    ended in between are not counted (their last seconds are lost, never subtracted)."""
    back = bg = 0.0
    for p, (client, ticks) in after.items():
        spent = ticks - before.get(p, (client, 0.0))[1]
        if client:
            back += spent
        else:
            bg += spent
    return back, bg


def run_wrks(jobs, a):
    """Starts one wrk per (url, prefix, conns, threads) at once; returns their RESULT dicts."""
    procs = []
    for url, prefix, conns, threads in jobs:
        cmd = ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{a.duration}s", "--timeout", "10s",
               "-s", os.path.join(HERE, "webhook.lua"), url, "--", prefix]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    out = []
    deadline = time.monotonic() + a.duration + 120   # bounded: the Lua init reads the pool, then -d seconds
    for p in procs:
        try:
            so, se = p.communicate(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            so, se = p.communicate()
        m = dict(re.findall(r"(\w+)=([\d.]+)", so.split("RESULT", 1)[1])) if "RESULT" in so else {}
        if not m:
            print(f"  wrk gave no RESULT line (rc={p.returncode}): {se.strip()[:300]}", flush=True)
        out.append({k: float(v) for k, v in m.items()})
    return out


def commit_stats(m0, m1, duration):
    d = {k: m1.get(k, 0) - m0.get(k, 0) for k in m1}
    commits = d.get("hark_commit_duration_seconds_count", 0)
    return {
        "commits": commits,
        "batch_mean": d.get("hark_commit_batch_requests_sum", 0) / commits if commits else 0,
        "commit_ms_mean": 1000 * d.get("hark_commit_duration_seconds_sum", 0) / commits if commits else 0,
        "commit_busy": d.get("hark_commit_duration_seconds_sum", 0) / duration,
        "failures": d.get("hark_commit_failures_total", 0),
    }


def wait_quiet(a, spec):
    """Waits (at most --quiet-max s) until the rest of the machine uses under --quiet-cpu CPUs over a
    2 s window (other people's builds and tests share the 2 CPUs); returns (seconds waited, CPUs busy)."""
    own = [i["pid"] for s in spec["setups"] for i in s["instances"]] + [spec["pg_pid"], os.getpid()]
    own_cpu = lambda: sum(W.cpu_s(p) for p in own)
    t0, said = time.monotonic(), False
    while True:
        b0, o0 = W.machine_busy_s(), own_cpu()
        time.sleep(2)
        other = max(0.0, (W.machine_busy_s() - b0) - (own_cpu() - o0)) / 2
        waited = time.monotonic() - t0
        if other <= a.quiet_cpu or waited >= a.quiet_max:
            if said:
                print(f"  ... waited {waited:.0f} s, others now use {other:.2f} CPUs", flush=True)
            return waited, other
        if not said:
            print(f"  waiting for a quieter machine: others use {other:.2f} CPUs (at most {a.quiet_max:.0f} s, "
                  f"--quiet-max 0 skips)", flush=True)
            said = True


def one_round(setup, rnd, a, spec):
    quiet = wait_quiet(a, spec) if a.quiet_max > 0 else (0.0, -1.0)
    insts = setup["instances"]
    pg = setup["store"]["kind"] == "postgres"
    jobs = [(f"http://127.0.0.1:{i['port']}/hooks/bench", f"{i['pool']}{i['offset'] + rnd}", i["conns"], i["threads"])
            for i in insts]
    peaks = {i["name"]: 0.0 for i in insts}
    stop = threading.Event()

    def sampler():
        while not stop.is_set():
            for i in insts:
                peaks[i["name"]] = max(peaks[i["name"]], W.rss_kib(i["pid"]) / 1024)
            stop.wait(0.2)

    met0 = {i["name"]: W.metrics(f"http://127.0.0.1:{i['port']}/metrics") for i in insts}
    thr0 = {i["name"]: W.thread_cpu(i["pid"]) for i in insts}
    cpu0 = sum(W.cpu_s(i["pid"]) for i in insts)
    wal0 = pg_row(spec["pg_url"], WAL_SQL) if pg else []
    db0 = pg_row(spec["pg_url"], DB_SQL.format(db=setup["store"]["db"])) if pg else []
    pgc0 = pg_cpu(spec["pg_pid"])
    ru0, busy0 = os.times(), W.machine_busy_s()
    th = threading.Thread(target=sampler)
    th.start()
    rs = run_wrks(jobs, a)
    stop.set()
    th.join()
    ru1, busy1 = os.times(), W.machine_busy_s()
    pgc1 = pg_cpu(spec["pg_pid"])
    cpu1 = sum(W.cpu_s(i["pid"]) for i in insts)
    met1 = {i["name"]: W.metrics(f"http://127.0.0.1:{i['port']}/metrics") for i in insts}
    thr1 = {i["name"]: W.thread_cpu(i["pid"]) for i in insts}
    wal1 = pg_row(spec["pg_url"], WAL_SQL) if pg else []
    db1 = pg_row(spec["pg_url"], DB_SQL.format(db=setup["store"]["db"])) if pg else []

    reqs = sum(r.get("reqs", 0) for r in rs)
    r = {
        "setup": setup["name"], "round": rnd + 1,
        "rps": sum(r.get("rps", 0) for r in rs),
        "reqs": reqs,
        "ok_2xx": sum(r.get("reqs", 0) - r.get("status_err", 0) for r in rs),
        "errors": sum(W.errors(r) for r in rs),
        # Latency over the setup: request-weighted mean of the wrk processes' p50, the worst p99 and max.
        "p50_ms": sum(r.get("p50_ms", 0) * r.get("reqs", 0) for r in rs) / reqs if reqs else 0,
        "p99_ms": max(r.get("p99_ms", 0) for r in rs),
        "max_ms": max(r.get("max_ms", 0) for r in rs),
        "sent": sum(r.get("sent", 0) - 1 for r in rs),   # wrk calls request() once to check it
        "wrapped": sum(r.get("wrapped", 0) for r in rs),
        "per_wrk": [{k: r.get(k, 0) for k in ("rps", "reqs", "p50_ms", "p99_ms")} for r in rs],
        "hark_cpu_s": cpu1 - cpu0,
        "pg_backend_cpu_s": pg_delta(pgc0, pgc1)[0],
        "pg_bg_cpu_s": pg_delta(pgc0, pgc1)[1],
        "wrk_cpu_s": (ru1.children_user + ru1.children_system) - (ru0.children_user + ru0.children_system),
        "peak_mib": peaks,
        "instances": {},
        "quiet_wait_s": quiet[0], "others_before_cpus": quiet[1],
    }
    r["other_cpu_s"] = max(0.0, (busy1 - busy0) - r["hark_cpu_s"] - r["pg_backend_cpu_s"] - r["pg_bg_cpu_s"]
                           - r["wrk_cpu_s"])
    for i in insts:
        n = i["name"]
        st = commit_stats(met0[n], met1[n], a.duration)
        st["threads_cpu_s"] = {k: round(v - thr0[n].get(k, 0), 2) for k, v in sorted(thr1[n].items())
                               if v - thr0[n].get(k, 0) > 0.05}
        r["instances"][n] = st
    if wal0 and wal1:
        d = [y - x for x, y in zip(wal0, wal1)]
        r["wal"] = dict(zip(("records", "fpi", "bytes", "write", "sync"), d))
    if db0 and db1:
        d = [y - x for x, y in zip(db0, db1)]
        r["db"] = dict(zip(("xact_commit", "xact_rollback", "tup_inserted", "tup_updated", "tup_deleted",
                            "blks_read", "blks_hit"), d))

    # Recurrence backlog left by the round, then wait (bounded) until it is decided.
    t0 = time.monotonic()
    pending = store_query(setup["store"], "select count(*) from recurrence_pending")
    r["pending_after"] = pending
    cpu_d0, pgd0 = sum(W.cpu_s(i["pid"]) for i in insts), pg_cpu(spec["pg_pid"])
    left = pending
    while left > 0 and time.monotonic() - t0 < a.drain_max:
        time.sleep(1)
        left = store_query(setup["store"], "select count(*) from recurrence_pending")
    r["drain_s"] = time.monotonic() - t0
    r["drain_cpu_s"] = sum(W.cpu_s(i["pid"]) for i in insts) - cpu_d0 + sum(pg_delta(pgd0, pg_cpu(spec["pg_pid"])))
    r["pending_left"] = left
    time.sleep(a.settle)

    com = "; ".join(f"{n} {s['commits']:.0f} x {s['batch_mean']:.1f} req {s['commit_ms_mean']:.1f} ms busy {100 * s['commit_busy']:.0f}%"
                    for n, s in r["instances"].items())
    print(f"  round {rnd + 1} {setup['name']:<7} {r['rps']:>8.0f} req/s  p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms  "
          f"2xx {r['ok_2xx']:.0f}  errors {r['errors']:.0f}  wrapped {r['wrapped']:.0f}  cpu hark {r['hark_cpu_s']:.1f}s "
          f"pg {r['pg_backend_cpu_s']:.1f}+{r['pg_bg_cpu_s']:.1f}s wrk {r['wrk_cpu_s']:.1f}s other {r['other_cpu_s']:.1f}s  "
          f"[{com}]  recurrence backlog {pending} drained in {r['drain_s']:.0f} s" + (f" ({left} left)" if left else ""),
          flush=True)
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True)
    ap.add_argument("-d", "--duration", type=int, default=10)
    ap.add_argument("-r", "--rounds", type=int, default=3)
    ap.add_argument("-c", "--conns", type=int, default=64)
    ap.add_argument("--drain-max", type=float, default=180.0, help="longest wait for the recurrence backlog, s")
    ap.add_argument("--settle", type=float, default=2.0, help="pause after each round's drain, s")
    ap.add_argument("--quiet-cpu", type=float, default=0.25, help="CPUs others may use before a round")
    ap.add_argument("--quiet-max", type=float, default=300.0, help="longest wait for that before a round, s")
    ap.add_argument("--probes-per-instance", type=int, default=1)
    ap.add_argument("--json")
    ap.add_argument("--results-md")
    ap.add_argument("--command", default="bench/postgres.sh")
    ap.add_argument("--info", action="append", default=[], help="KEY=VALUE lines for the RESULTS.md header")
    a = ap.parse_args()
    with open(a.spec) as f:
        spec = json.load(f)
    setups = spec["setups"]
    names = [s["name"] for s in setups]
    assert names == ["sqlite", "pg1", "pg2"], names

    load_start = W.loadavg()
    res = {n: [] for n in names}
    for rnd in range(a.rounds):
        for s in setups:
            res[s["name"]].append(one_round(s, rnd, a, spec))
    load_end = W.loadavg()

    # Counts: every 2xx-acknowledged request is in the store exactly once. Mentions in the store (and
    # distinct external ids: the delivery id is the body's id) against the instances' 202
    # duplicate=false answers (hark_intake_total stored|revised) and wrk's 2xx, which misses up to -c
    # requests in flight per round when wrk's time is up (Hark still commits them).
    checks, counts = [], {}
    for s in setups:
        n = s["name"]
        stored = dups = 0.0
        other = {}
        for i in s["instances"]:
            m = W.metrics(f"http://127.0.0.1:{i['port']}/metrics")
            src = [k for k in m if k.startswith("hark_intake_total{")]
            stored += sum(m[k] for k in src if 'outcome="stored"' in k or 'outcome="revised"' in k)
            dups += sum(m[k] for k in src if 'outcome="duplicate"' in k)
            for k in src:
                if not re.search(r'outcome="(stored|revised|duplicate)"', k):
                    other[f"{i['name']}:{k}"] = m[k]
        mentions = store_query(s["store"], "select count(*) from mentions")
        distinct = store_query(s["store"], "select count(distinct external_id) from mentions")
        rs = res[n]
        wrk_2xx = sum(r["ok_2xx"] for r in rs)
        sent = sum(r["sent"] for r in rs)
        wrapped = sum(r["wrapped"] for r in rs)
        probes = a.probes_per_instance * len(s["instances"])
        slack = a.conns * a.rounds
        ok = (mentions >= 0 and mentions == stored and distinct == mentions and dups == 0 and wrapped == 0
              and not other and wrk_2xx + probes <= mentions <= wrk_2xx + probes + slack)
        counts[n] = dict(mentions=mentions, distinct=distinct, stored=stored, duplicates=dups, wrk_2xx=wrk_2xx,
                         sent=sent, wrapped=wrapped, probes=probes, other=other)
        checks.append((f"{n}: every 2xx in the store exactly once",
                       f"{mentions} mentions ({distinct} distinct ids), {stored:.0f} stored/revised answers, {dups:.0f} duplicates, "
                       f"wrk 2xx {wrk_2xx:.0f} + {probes} probe(s) (+ <= {slack} in flight at wrk stops; requests written by wrk "
                       f"{sent:.0f}), ids reused {wrapped:.0f}" + (f", other outcomes {other}" if other else ""), ok))

    def per_round_ratio(x, y):
        return [p["rps"] / q["rps"] for p, q in zip(res[x], res[y]) if q["rps"]]

    r1 = per_round_ratio("pg1", "sqlite")
    r2 = per_round_ratio("pg2", "pg1")
    med = {n: W.med([r["rps"] for r in res[n]]) for n in names}
    checks = [
        (f"PG, 1 instance >= {PG1_MIN_RATIO}x SQLite", f"x{W.med(r1):.3f} (median of per-round ratios; rounds "
         + ", ".join(f"{x:.3f}" for x in r1) + f"; medians {med['pg1']:.0f} / {med['sqlite']:.0f} req/s)",
         W.med(r1) >= PG1_MIN_RATIO),
        ("PG, 2 instances > 1 instance", f"x{W.med(r2):.3f} (median of per-round ratios; rounds "
         + ", ".join(f"{x:.3f}" for x in r2) + f"; medians {med['pg2']:.0f} / {med['pg1']:.0f} req/s)",
         W.med(r2) > PG2_MIN_RATIO),
    ] + checks

    labels = {"sqlite": "1 x SQLite", "pg1": "1 x PostgreSQL", "pg2": "2 x PostgreSQL"}
    lines = [f"wrk -c{a.conns} in all (two instances: one wrk each with half the connections, at once, req/s summed), "
             f"-d{a.duration}s, {a.rounds} interleaved rounds, ~700-byte signed JSON, a new delivery id per request; "
             "median (min-max) of rounds. Two instances: p50 = request-weighted mean of the two wrk p50s, p99 = the worse one.", ""]
    hdr = ("| setup | req/s median (min-max) | x SQLite | x PG-1 | p50 ms | p99 ms | errors | Hark CPU ms/req | "
           "PG CPU ms/req | commits: req each, ms each |")
    lines += [hdr, "|---|---|---|---|---|---|---|---|---|---|"]
    for n in names:
        rs = res[n]
        rps = [r["rps"] for r in rs]
        xs = W.med(per_round_ratio(n, "sqlite"))
        xp = W.med(per_round_ratio(n, "pg1")) if n != "sqlite" else None
        hcpu = W.med([1000 * r["hark_cpu_s"] / r["reqs"] for r in rs if r["reqs"]])
        pcpu = W.med([1000 * (r["pg_backend_cpu_s"] + r["pg_bg_cpu_s"]) / r["reqs"] for r in rs if r["reqs"]])
        insts = [i["name"] for i in next(s for s in setups if s["name"] == n)["instances"]]
        com = ", ".join(f"{W.med([r['instances'][i]['batch_mean'] for r in rs]):.1f} req {W.med([r['instances'][i]['commit_ms_mean'] for r in rs]):.1f} ms"
                        for i in insts)
        lines.append(f"| {labels[n]} | {W.med(rps):.0f} ({min(rps):.0f}-{max(rps):.0f}) | {xs:.3f} | "
                     + (f"{xp:.3f}" if xp is not None else "–")
                     + f" | {W.med([r['p50_ms'] for r in rs]):.2f} | {W.med([r['p99_ms'] for r in rs]):.2f} | "
                     f"{sum(r['errors'] for r in rs):.0f} | {hcpu:.3f} | "
                     + (f"{pcpu:.3f}" if n != "sqlite" else "–") + f" | {com} |")
    lines += ["", "| target | measured | result |", "|---|---|---|"]
    lines += [f"| {w} | {g} | {'PASS' if ok else 'FAIL'} |" for w, g, ok in checks]
    lines += ["", "Per round (CPU seconds over the round: Hark = all instances of the setup; PG = PostgreSQL client "
              "backends + background processes; other = everything else on the machine; commits per instance from "
              "Hark's /metrics; recurrence backlog = `recurrence_pending` when wrk stopped, and how long until it was "
              "empty before the next setup's round):", ""]
    lines += ["| round | setup | req/s | p50 ms | p99 ms | max ms | 2xx | Hark CPU s | PG CPU s | wrk CPU s | other CPU s | "
              "commits: n x req, ms each, busy | WAL per req | recurrence backlog, drain s | waited for quiet s (others' CPUs) |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for rnd in range(a.rounds):
        for n in names:
            r = res[n][rnd]
            com = "; ".join(f"{i}: {s['commits']:.0f} x {s['batch_mean']:.1f}, {s['commit_ms_mean']:.1f} ms, {100 * s['commit_busy']:.0f}%"
                            + (f", {s['failures']:.0f} failed" if s["failures"] else "")
                            for i, s in r["instances"].items())
            wal = (f"{r['wal']['bytes'] / r['reqs'] / 1024:.1f} KiB, {r['wal']['sync'] / max(1, sum(s['commits'] for s in r['instances'].values())):.2f} fsync/commit"
                   if r.get("wal") and r["reqs"] else "–")
            pgc = f"{r['pg_backend_cpu_s']:.1f} + {r['pg_bg_cpu_s']:.1f}"
            lines.append(f"| {rnd + 1} | {labels[n]} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.1f} | "
                         f"{r['ok_2xx']:.0f} | {r['hark_cpu_s']:.1f} | {pgc} | {r['wrk_cpu_s']:.1f} | {r['other_cpu_s']:.1f} | "
                         f"{com} | {wal} | {r['pending_after']}, {r['drain_s']:.0f} s"
                         + (f" ({r['pending_left']} left)" if r["pending_left"] else "")
                         + f" | {r['quiet_wait_s']:.0f} ({r['others_before_cpus']:.2f}) |")
    lines.append("")
    for rnd in range(a.rounds):
        for n in names:
            for i, s in res[n][rnd]["instances"].items():
                lines.append(f"- round {rnd + 1} {i} threads (CPU s): "
                             + ", ".join(f"{k} {v}" for k, v in sorted(s["threads_cpu_s"].items(), key=lambda kv: -kv[1])))
    summary = "\n".join(lines)
    print()
    print(summary)

    if a.json:
        with open(a.json, "w") as f:
            json.dump({"rounds": res, "checks": [[w, g, o] for w, g, o in checks], "counts": counts, "spec": spec}, f, indent=1)
    if a.results_md:
        now = datetime.datetime.now().astimezone()
        sec = [f"## {now:%Y-%m-%d %H:%M %Z} — webhook ingest on PostgreSQL (bench/postgres.sh)", ""]
        for kv in a.info:
            k, _, v = kv.partition("=")
            sec.append(f"- {k}: {v}")
        sec.append(f"- load average at start / end of the rounds: {load_start} / {load_end} (other CPU s per round in the last table)")
        sec.append(f"- command: `{a.command}`")
        sec.append(f"- verdict: {sum(ok for *_, ok in checks)}/{len(checks)} checks pass"
                   + ("" if all(ok for *_, ok in checks) else " — FAIL: " + "; ".join(w for w, _, ok in checks if not ok)))
        sec += ["", summary, ""]
        with open(a.results_md, "a") as f:
            f.write("\n" + "\n".join(sec) + "\n")
        print(f"\nappended to {a.results_md}")
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
