#!/usr/bin/env python3
"""Measures Hark's inbox answers on loopback, one request at a time: the API list, a filtered list,
a full-text search, the statistics and the web page (signed in; its counts and charts are computed
on every render). Prints JSON with p50/p95/p99 in milliseconds, and the time and size of
one full CSV export.
usage: inbox_measure.py PORT TOKEN ROUNDS"""
import http.client, json, sys, time, urllib.parse

def timed(conn, method, path, headers=None, body=None):
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    return response.status, elapsed, data, response

def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

def main():
    port, token, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    auth = {"Authorization": f"Bearer {token}"}
    form = urllib.parse.urlencode({"token": token})
    status, _, _, response = timed(conn, "POST", "/login", {"Content-Type": "application/x-www-form-urlencoded"}, form)
    cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
    if status != 303 or not cookie:
        sys.exit(f"inbox_measure.py: sign-in failed ({status})")
    cases = {
        "list": ("/api/v1/mentions?limit=50", auth),
        "filtered": ("/api/v1/mentions?severity=very_dissatisfied&status=new&channel=mail&limit=50", auth),
        "search": ("/api/v1/mentions?q=faktura&limit=50", auth),
        "overdue": ("/api/v1/mentions?overdue=true&limit=50", auth),
        "statistics": ("/api/v1/statistics", auth),
        "page": ("/", {"Cookie": cookie}),
    }
    result = {}
    for name, (path, headers) in cases.items():
        times, items = [], None
        for i in range(rounds + 10):
            status, elapsed, data, _ = timed(conn, "GET", path, headers)
            if status != 200:
                sys.exit(f"inbox_measure.py: {name} answered {status}")
            if i >= 10:
                times.append(elapsed)
            if items is None and name not in ("page", "statistics"):
                items = len(json.loads(data)["items"])
        result[name] = {"p50": round(percentile(times, 50), 2), "p95": round(percentile(times, 95), 2),
                        "p99": round(percentile(times, 99), 2), "n": len(times), "items": items}
    status, elapsed, data, _ = timed(conn, "GET", "/api/v1/export?format=csv", auth)
    if status != 200:
        sys.exit(f"inbox_measure.py: export answered {status}")
    result["export"] = {"seconds": round(elapsed / 1000, 2), "bytes": len(data)}
    print(json.dumps(result))

if __name__ == "__main__":
    main()
