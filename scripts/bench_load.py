#!/usr/bin/env python3
"""Load benchmark (issue #23, performance), run by scripts/bench-load.sh from `make bench`.

On SQLite, and on PostgreSQL when EQMS_TEST_POSTGRES_URL names a database (scripts/with-postgres.sh
sets it), for each database size (the evidence register grown through `eqms evidence import`):

- cold pages: the dashboard and a requirement page, each requested right after one evidence record
  was logged through the JSON API, so that every cache is cold; median and p99 over the tries;
- readers alone, then a mixed load: readers (each a process with its own keep-alive connection and
  its own session) spread over the dashboard, the evidence register and a requirement page, then
  the same readers beside one writer logging evidence through the JSON API ten times a second.
  A request that times out is a failure and its time is counted. Afterwards every write is looked
  for through the API;
- the server's memory (/proc/PID/status): idle after start, after the cold pages and the readers
  alone, and its peak (VmHWM) after the mixed load;

and, on the largest database, evidence creation through the web form (with a 10 KB file) and the
JSON API (which takes no files) at 1, 8 and 32 clients, in records per second.

Prints a table and each bound as met / not met, and writes the figures to bench-load.json.
Python 3 standard library only; one process per client, so that the GIL does not limit the client.
"""

import http.client
import json
import math
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIREMENT_PAGE = "/catalogue/iso-9001-2015/8.5.1"
READER_PAGES = ["/", "/evidence", REQUIREMENT_PAGE]
COLD_PAGES = ["/", REQUIREMENT_PAGE]
PASSWORD = "bench-lantern-2026"
MIB = 1024 * 1024
# The page caches' caps (README, "Pages from memory"): 64 MiB for the sessions' pages, 32 MiB for the
# pages shared by a role; the bound allows 64 MB more.
CACHE_CAPS = 64 * MIB + 32 * MIB
MEMORY_SLACK = 64 * 1000 * 1000


def setting(name, default):
    value = os.environ.get(name, "")
    return value if value else default


def integers(text):
    return [int(part) for part in text.replace(" ", "").split(",") if part]


EQMS = os.path.abspath(os.path.join(ROOT, setting("EQMS_BINARY", ".build/release/eqms")))
SIZES = sorted(integers(setting("EQMS_BENCH_LOAD_RECORDS", "20000,100000")))
SECONDS = float(setting("EQMS_BENCH_LOAD_SECONDS", "30"))
TRIES = int(setting("EQMS_BENCH_LOAD_TRIES", "20"))
READERS = int(setting("EQMS_BENCH_LOAD_READERS", "16"))
WRITES_PER_SECOND = float(setting("EQMS_BENCH_LOAD_WRITES_PER_SECOND", "10"))
TIMEOUT = float(setting("EQMS_BENCH_LOAD_TIMEOUT", "5"))
CREATE_CLIENTS = integers(setting("EQMS_BENCH_LOAD_CREATE_CLIENTS", "1,8,32"))
CREATE_SECONDS = float(setting("EQMS_BENCH_LOAD_CREATE_SECONDS", "10"))
BACKENDS = [b for b in setting("EQMS_BENCH_LOAD_BACKENDS", "sqlite,postgres").split(",") if b]
OUTPUT = setting("EQMS_BENCH_LOAD_OUT", "bench-load.json")


class BenchFailure(Exception):
    pass


# ── Figures ──────────────────────────────────────────────────────────────────────────────────────


def percentile(values, fraction):
    """Nearest rank: the smallest value with at least `fraction` of the values at or below it."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def milliseconds(seconds):
    return round(seconds * 1000, 2)


class Report:
    def __init__(self):
        self.figures = []
        self.checks = []

    def check(self, name, measured, bound, met):
        self.checks.append({"name": name, "measured": measured, "bound": bound, "met": bool(met)})


# ── HTTP ─────────────────────────────────────────────────────────────────────────────────────────


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(connection, method, path, body=None, headers=None):
    """Sends one request on a keep-alive connection; returns (status, headers, body)."""
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    return response.status, response.getheaders(), data


def cookies(headers):
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            if "=" in pair:
                key, text = pair.split("=", 1)
                found[key.strip()] = text.strip()
    return found


def sign_in(port, username):
    """Signs in through the real form; returns (session cookie header, form token)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        status, headers, body = request(connection, "GET", "/login")
        jar = cookies(headers)
        match = re.search(rb'name="_csrf" value="([^"]*)"', body)
        if status != 200 or not match:
            raise BenchFailure(f"the sign-in page answered {status}")
        form = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "_csrf": match.group(1).decode()})
        cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        status, headers, _ = request(connection, "POST", "/login", form, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        session = cookies(headers).get("eqms_session")
        if not session:
            raise BenchFailure(f"could not sign in as {username} (answer {status})")
        cookie = f"eqms_session={session}"
        status, _, body = request(connection, "GET", "/evidence/new", headers={"Cookie": cookie})
        match = re.search(rb'name="_csrf" value="([^"]*)"', body)
        return cookie, match.group(1).decode() if match else ""
    finally:
        connection.close()


def api_write(connection, token, title, owner):
    body = json.dumps({
        "title": title, "requirements": ["iso-9001-2015:8.5.1", "iso-54001-2019:EP-04"], "kind": "link",
        "link": "https://iec.example/load", "owner": owner, "process": "EP-04"})
    status, _, data = request(connection, "POST", "/api/v1/evidence", body, {
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    record = json.loads(data) if status == 201 else {}
    return status, record.get("id")


FILE_BYTES = bytes((index * 7919) % 251 for index in range(10 * 1024))


def form_body(csrf, title, boundary):
    parts = []
    fields = [("_csrf", csrf), ("title", title), ("requirements", "iso-9001-2015:7.5.3"),
              ("kind", "document"), ("owner", "formwriter"), ("process", "EP-04"),
              ("location", "headquarters"), ("confidentiality", "internal")]
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="minutes.pdf"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode() + b"%PDF-1.4\n" + FILE_BYTES + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


# ── Client processes ─────────────────────────────────────────────────────────────────────────────


def reader(port, cookie, offset, start_at, stop_at, timeout, results):
    """Reads the pages in turn until stop_at; sends back (latencies, failures, statuses)."""
    latencies, failures, statuses = [], 0, {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    index = offset
    while time.time() < start_at:
        time.sleep(0.001)
    while time.time() < stop_at:
        path = READER_PAGES[index % len(READER_PAGES)]
        index += 1
        began = time.perf_counter()
        try:
            status, _, _ = request(connection, "GET", path, headers={"Cookie": cookie})
            latencies.append(time.perf_counter() - began)
            statuses[status] = statuses.get(status, 0) + 1
            if status != 200:
                failures += 1
        except (OSError, http.client.HTTPException):
            # A timeout (or a dropped connection) is a failure, and its time counts.
            latencies.append(time.perf_counter() - began)
            failures += 1
            statuses["error"] = statuses.get("error", 0) + 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.close()
    results.put(("reader", latencies, failures, statuses))


def writer(port, token, owner, start_at, stop_at, per_second, timeout, results):
    """Logs evidence through the API at a steady rate until stop_at; sends back what it wrote."""
    latencies, errors, ids = [], 0, []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    count = 0
    while time.time() < start_at:
        time.sleep(0.001)
    while True:
        due = start_at + count / per_second
        if due >= stop_at:
            break
        pause = due - time.time()
        if pause > 0:
            time.sleep(pause)
        began = time.perf_counter()
        try:
            status, record = api_write(connection, token, f"Load write {owner} {count}", owner)
            latencies.append(time.perf_counter() - began)
            if status == 201 and record:
                ids.append(record)
            else:
                errors += 1
        except (OSError, http.client.HTTPException, ValueError):
            latencies.append(time.perf_counter() - began)
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        count += 1
    connection.close()
    results.put(("writer", latencies, errors, ids))


def creator(port, via, cookie, csrf, token, number, start_at, stop_at, results):
    """Creates evidence records until stop_at, through the form or the API; sends back the count."""
    created, errors = 0, 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    boundary = f"eqmsbench{number:04d}"
    while time.time() < start_at:
        time.sleep(0.001)
    while time.time() < stop_at:
        title = f"Created {via} {number}-{created + errors}"
        try:
            if via == "form":
                status, _, _ = request(connection, "POST", "/evidence", form_body(csrf, title, boundary), {
                    "Cookie": cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"})
                ok = status == 303
            else:
                status, record = api_write(connection, token, title, "apiwriter")
                ok = status == 201 and record
        except (OSError, http.client.HTTPException, ValueError):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            time.sleep(0.05)
        if ok:
            created += 1
        else:
            errors += 1
    connection.close()
    results.put(("creator", created, errors))


def run_clients(targets, expected, started=None):
    """Starts one process per (function, arguments) and collects what each sends back; `started` is
    called once they all run (forked before any thread of ours starts)."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=function, args=(*arguments, results), daemon=True)
                 for function, arguments in targets]
    for process in processes:
        process.start()
    if started:
        started()
    try:
        collected = [results.get(timeout=expected + 120) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
    return collected


# ── The server ───────────────────────────────────────────────────────────────────────────────────


def memory(pid):
    """VmRSS and VmHWM of a process, in bytes."""
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, amount, _ = line.split()
                values[key[:-1]] = int(amount) * 1024
    return values


class Server:
    def __init__(self, store, folder):
        self.store = store
        self.folder = folder
        self.port = free_port()
        self.process = None
        self.log = None

    def start(self):
        self.log = open(os.path.join(self.folder, "serve.log"), "ab")
        # The server's uploads in progress stay in the bench's folder, removed at the end even
        # when the server dies in the middle of one.
        temporary = os.path.join(self.folder, "tmp")
        os.makedirs(temporary, exist_ok=True)
        self.process = subprocess.Popen(
            [EQMS, "serve", *self.store, "--port", str(self.port)], stdout=self.log, stderr=self.log,
            env={**os.environ, "TMPDIR": temporary})
        for _ in range(600):
            if self.process.poll() is not None:
                raise BenchFailure(f"eqms serve exited with {self.process.returncode}; see its log")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                status, _, _ = request(connection, "GET", "/health")
                connection.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise BenchFailure("eqms serve did not answer /health within a minute")

    def check(self, phase):
        """Fails, with the end of the server's log, when the server has exited."""
        if self.process and self.process.poll() is not None:
            raise BenchFailure(f"eqms serve exited with {self.process.returncode} during {phase}:\n{self.log_tail()}")

    def log_tail(self):
        try:
            with open(os.path.join(self.folder, "serve.log"), "rb") as log:
                lines = log.readlines()
        except OSError:
            return ""
        # A Swift crash: its message and the crashed thread's first frames, else the log's end.
        crashed = [index for index, line in enumerate(lines)
                   if b"Fatal error" in line or b"Program crashed" in line or b" crashed:" in line]
        if not crashed:
            return b"".join(lines[-30:]).decode(errors="replace")
        chosen = [lines[crashed[0]]] + (lines[crashed[-1]:crashed[-1] + 14] if len(crashed) > 1 else [])
        return b"".join(chosen).decode(errors="replace")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.log:
            self.log.close()
            self.log = None


class Sampler(threading.Thread):
    """Samples a process's VmRSS every 50 ms until stopped."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            try:
                self.peak = max(self.peak, memory(self.pid)["VmRSS"])
            except (OSError, KeyError):
                return
            self.halt.wait(0.05)


def eqms(*arguments, stdin=None):
    result = subprocess.run([EQMS, *arguments], input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchFailure(f"eqms {' '.join(arguments[:2])} failed: {result.stderr.strip()[:500]}")
    return result.stdout


def write_csv(path, first, count):
    """The evidence records first … first+count-1, as bench-web.sh generates them."""
    import random

    generator = random.Random(7 + first)
    keys = ["iso-9001-2015:7.5.3", "iso-9001-2015:8.5.1", "iso-9001-2015:9.2.2", "iso-9001-2015:7.2",
            "iso-54001-2019:EP-04", "iso-54001-2019:EP-01", "iso-54001-2019:9.1.1", "iso-9001-2015:10.2.2"]
    with open(path, "w") as out:
        out.write("title,requirements,kind,owner,process,effective_date,valid_until,review_due,"
                  "confidentiality,link,files\n")
        for index in range(first, first + count):
            a, b = generator.sample(keys, 2)
            month = 1 + index % 12
            out.write(f"Polling station record {index},{a};{b},link,amal,EP-04,2026-{month:02d}-01,"
                      f"2027-{month:02d}-01,,internal,https://iec.example/r/{index},\n")


# ── The measurements ─────────────────────────────────────────────────────────────────────────────


def cold_pages(server, cookie, token, backend, records):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    writer_connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    rows = []
    try:
        for page in COLD_PAGES:
            times = []
            for attempt in range(TRIES):
                status, record = api_write(writer_connection, token, f"Cold {page} {attempt}", "coldwriter")
                if status != 201:
                    raise BenchFailure(f"the API refused a write before a cold page ({status})")
                began = time.perf_counter()
                status, _, _ = request(connection, "GET", page, headers={"Cookie": cookie})
                times.append(time.perf_counter() - began)
                if status != 200:
                    raise BenchFailure(f"{page} answered {status}")
            row = {"backend": backend, "records": records, "page": page, "tries": TRIES,
                   "medianMilliseconds": milliseconds(statistics.median(times)),
                   "p99Milliseconds": milliseconds(percentile(times, 0.99))}
            rows.append(row)
            print(f"  cold {page:<34} {row['medianMilliseconds']:>9.1f} ms median "
                  f"{row['p99Milliseconds']:>9.1f} ms p99", flush=True)
    finally:
        connection.close()
        writer_connection.close()
    return rows


def load(server, sessions, token, backend, records, with_writer, tag, started=None):
    start_at = time.time() + 1.0
    stop_at = start_at + SECONDS
    targets = [(reader, (server.port, sessions[index], index, start_at, stop_at, TIMEOUT))
               for index in range(READERS)]
    owner = f"loadwriter{tag}"
    if with_writer:
        targets.append((writer, (server.port, token, owner, start_at, stop_at, WRITES_PER_SECOND, TIMEOUT)))
    collected = run_clients(targets, SECONDS + 1, started)
    latencies, failures, statuses = [], 0, {}
    row = {"backend": backend, "records": records, "phase": "mixed" if with_writer else "readers alone",
           "readers": READERS, "seconds": SECONDS}
    for entry in collected:
        if entry[0] == "reader":
            latencies += entry[1]
            failures += entry[2]
            for key, value in entry[3].items():
                statuses[str(key)] = statuses.get(str(key), 0) + value
        else:
            _, write_latencies, write_errors, ids = entry
            listing = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            status, _, body = request(listing, "GET", f"/api/v1/evidence?owner={owner}",
                                      headers={"Authorization": f"Bearer {token}"})
            listing.close()
            listed = {record["id"] for record in json.loads(body)} if status == 200 else set()
            row.update({
                "writes": len(write_latencies), "writeErrors": write_errors,
                "writerMedianMilliseconds": milliseconds(statistics.median(write_latencies))
                if write_latencies else None,
                "writerP99Milliseconds": milliseconds(percentile(write_latencies, 0.99)),
                "writesMissing": len(set(ids) - listed), "writesListed": len(listed)})
    successes = len(latencies) - failures
    row.update({
        "requests": len(latencies), "failures": failures, "statuses": statuses,
        "requestsPerSecond": round(successes / SECONDS, 1),
        "medianMilliseconds": milliseconds(statistics.median(latencies)) if latencies else None,
        "p99Milliseconds": milliseconds(percentile(latencies, 0.99))})
    line = (f"  {row['phase']:<14} {row['requestsPerSecond']:>9.1f} req/s  p99 {row['p99Milliseconds']:>9.1f} ms"
            f"  failures {failures}")
    if with_writer:
        line += (f"  writer p99 {row['writerP99Milliseconds']:.1f} ms, {row['writeErrors']} error(s),"
                 f" {row['writesMissing']} missing")
    print(line, flush=True)
    return row


def creation(server, token, backend, records):
    """Records per second through the form (10 KB file) and the API at each client count. A server
    that crashes is noted, started again, and the rest of that way of creating is skipped."""
    rows = []
    for via in ("form", "api"):
        sessions = [sign_in(server.port, "writer") for _ in range(max(CREATE_CLIENTS))] if via == "form" else []
        crash = None
        for clients in CREATE_CLIENTS:
            row = {"backend": backend, "records": records, "via": via, "clients": clients,
                   "file": "10 KB" if via == "form" else "none (the API takes no files)",
                   "seconds": CREATE_SECONDS}
            if crash:
                row.update({"created": 0, "errors": 0, "recordsPerSecond": None,
                            "notRun": "the server crashed at fewer clients"})
                rows.append(row)
                continue
            start_at = time.time() + 1.0
            stop_at = start_at + CREATE_SECONDS
            targets = [(creator, (server.port, via, *(sessions[index] if sessions else ("", "")), token, index,
                                  start_at, stop_at))
                       for index in range(clients)]
            collected = run_clients(targets, CREATE_SECONDS + 1)
            created = sum(entry[1] for entry in collected)
            errors = sum(entry[2] for entry in collected)
            row.update({"created": created, "errors": errors, "recordsPerSecond": round(created / CREATE_SECONDS, 1)})
            try:
                server.check(f"the evidence creation through the {via}")
            except BenchFailure as failure:
                crash = str(failure)
                row["crash"] = crash
                print(f"  {crash}", file=sys.stderr, flush=True)
                server.stop()
                server.start()
            rows.append(row)
            print(f"  create via {via:<4} {clients:>3} client(s) {row['recordsPerSecond']:>9.1f} records/s"
                  f"  errors {errors}{'  SERVER CRASHED' if crash else ''}", flush=True)
    return rows


def run_backend(backend, folder, results):
    if backend == "sqlite":
        store = ["--db", os.path.join(folder, "eqms.sqlite")]
    else:
        url = os.environ.get("EQMS_TEST_POSTGRES_URL", "")
        if not url:
            raise BenchFailure("no PostgreSQL: run this through scripts/with-postgres.sh")
        store = ["--database-url", url]
    print(f"── {backend} ──", flush=True)
    eqms("init", *store)
    eqms("user", "add", "reader", "--role", "viewer", *store, "--password-stdin", stdin=PASSWORD + "\n")
    eqms("user", "add", "writer", "--role", "quality-manager", *store, "--password-stdin", stdin=PASSWORD + "\n")
    token = eqms("user", "token", "writer", *store, "--json")
    token = json.loads(token)["token"]
    server = Server(store, folder)
    try:
        measure_sizes(backend, store, token, server, results)
    except (OSError, http.client.HTTPException) as error:
        server.check("a request")
        raise BenchFailure(f"a request failed: {error!r}")
    finally:
        server.stop()


def measure_sizes(backend, store, token, server, results):
    """Grows the register to each size in turn and measures it with a server started afresh."""
    loaded = 0
    folder = server.folder
    for records in SIZES:
        csv = os.path.join(folder, "evidence.csv")
        write_csv(csv, loaded, records - loaded)
        began = time.perf_counter()
        eqms("evidence", "import", *store, csv)
        print(f"{backend}: {records} evidence records (import of {records - loaded}: "
              f"{time.perf_counter() - began:.1f} s)", flush=True)
        loaded = records
        server.start()
        idle = memory(server.process.pid)["VmRSS"]
        readers = [sign_in(server.port, "reader")[0] for _ in range(READERS)]
        results["cold"] += cold_pages(server, readers[0], token, backend, records)
        server.check("the cold pages")
        results["load"].append(load(server, readers, token, backend, records, False, ""))
        server.check("the readers alone")
        settled = memory(server.process.pid)["VmRSS"]
        sampler = Sampler(server.process.pid)
        results["load"].append(
            load(server, readers, token, backend, records, True, f"{backend}{records}", sampler.start))
        sampler.halt.set()
        sampler.join()
        server.check("the mixed load")
        after = memory(server.process.pid)
        row = {"backend": backend, "records": records, "idleMiB": round(idle / MIB, 1),
               "afterReadsMiB": round(settled / MIB, 1), "peakSampledMiB": round(sampler.peak / MIB, 1),
               "peakMiB": round(after["VmHWM"] / MIB, 1),
               "boundMiB": round((idle + CACHE_CAPS + MEMORY_SLACK) / MIB, 1)}
        results["memory"].append(row)
        print(f"  memory: idle {row['idleMiB']} MiB, after reads {row['afterReadsMiB']} MiB,"
              f" peak {row['peakMiB']} MiB (bound {row['boundMiB']} MiB)", flush=True)
        if records == SIZES[-1] and CREATE_CLIENTS:
            results["creation"] += creation(server, token, backend, records)
        server.stop()


# ── Report ───────────────────────────────────────────────────────────────────────────────────────


def checks(results):
    report = Report()
    smallest, largest = SIZES[0], SIZES[-1]
    for row in results["cold"]:
        if row["records"] != largest:
            continue
        report.check(f"cold {row['page']} p99 at {largest} ({row['backend']})", row["p99Milliseconds"],
                     "< 50 ms", row["p99Milliseconds"] < 50)
        small = next((r for r in results["cold"] if r["backend"] == row["backend"] and r["page"] == row["page"]
                      and r["records"] == smallest), None)
        if small and smallest != largest:
            ratio = round(row["medianMilliseconds"] / small["medianMilliseconds"], 3)
            report.check(f"cold {row['page']} median {largest} / {smallest} ({row['backend']})", ratio,
                         "≤ 1.5", ratio <= 1.5)
    for row in results["load"]:
        if row["phase"] != "mixed":
            continue
        where = f"{row['records']} ({row['backend']})"
        alone = next(r for r in results["load"] if r["backend"] == row["backend"]
                     and r["records"] == row["records"] and r["phase"] == "readers alone")
        report.check(f"mixed: readers' p99 at {where}", row["p99Milliseconds"], "< 50 ms",
                     row["p99Milliseconds"] < 50)
        ratio = round(row["requestsPerSecond"] / alone["requestsPerSecond"], 3) if alone["requestsPerSecond"] else 0
        report.check(f"mixed: readers' throughput / alone at {where}", ratio, "≥ 0.5", ratio >= 0.5)
        report.check(f"mixed: readers' failures at {where}", row["failures"], "0", row["failures"] == 0)
        report.check(f"mixed: writer's p99 at {where}", row["writerP99Milliseconds"], "< 50 ms",
                     row["writerP99Milliseconds"] < 50)
        report.check(f"mixed: writer's errors at {where}", row["writeErrors"], "0", row["writeErrors"] == 0)
        report.check(f"mixed: writes missing afterwards at {where}", row["writesMissing"], "0",
                     row["writesMissing"] == 0)
    for row in results["memory"]:
        report.check(f"memory: peak at {row['records']} ({row['backend']}), MiB", row["peakMiB"],
                     f"≤ idle + 96 MiB caches + 64 MB = {row['boundMiB']}", row["peakMiB"] <= row["boundMiB"])
    for row in results["creation"]:
        if row.get("notRun"):
            continue
        where = f"create via {row['via']} at {row['clients']} client(s) ({row['backend']})"
        if row.get("crash"):
            report.check(f"{where}: the server crashed", 1, "no crash", False)
        elif row["errors"]:
            report.check(f"{where}: errors", row["errors"], "0", False)
    return report.checks


def table(results, all_checks):
    line = "─" * 100
    print(line)
    print("Cold pages (a write through the API before each request)")
    print(f"{'backend':<9} {'records':>8}  {'page':<34} {'median ms':>10} {'p99 ms':>10}")
    for row in results["cold"]:
        print(f"{row['backend']:<9} {row['records']:>8}  {row['page']:<34} {row['medianMilliseconds']:>10.1f}"
              f" {row['p99Milliseconds']:>10.1f}")
    print(f"\nReaders ({READERS}, own keep-alive connections) alone and beside one writer at "
          f"{WRITES_PER_SECOND:g} writes/s, {SECONDS:g} s")
    print(f"{'backend':<9} {'records':>8}  {'phase':<14} {'req/s':>9} {'p99 ms':>9} {'fail':>6}"
          f" {'write p99 ms':>13} {'w.err':>6} {'missing':>8}")
    for row in results["load"]:
        writes = (f" {row['writerP99Milliseconds']:>13.1f} {row['writeErrors']:>6} {row['writesMissing']:>8}"
                  if row["phase"] == "mixed" else "")
        print(f"{row['backend']:<9} {row['records']:>8}  {row['phase']:<14} {row['requestsPerSecond']:>9.1f}"
              f" {row['p99Milliseconds']:>9.1f} {row['failures']:>6}{writes}")
    print("\nServer memory (VmRSS; the peak is VmHWM after the mixed load)")
    print(f"{'backend':<9} {'records':>8}  {'idle MiB':>9} {'after reads':>12} {'peak MiB':>9} {'bound MiB':>10}")
    for row in results["memory"]:
        print(f"{row['backend']:<9} {row['records']:>8}  {row['idleMiB']:>9.1f} {row['afterReadsMiB']:>12.1f}"
              f" {row['peakMiB']:>9.1f} {row['boundMiB']:>10.1f}")
    if results["creation"]:
        print("\nEvidence creation (web form with a 10 KB file; JSON API, which takes no files)")
        print(f"{'backend':<9} {'records':>8}  {'via':<5} {'clients':>8} {'records/s':>10} {'errors':>7}")
        for row in results["creation"]:
            rate = "not run" if row.get("notRun") else f"{row['recordsPerSecond']:.1f}"
            print(f"{row['backend']:<9} {row['records']:>8}  {row['via']:<5} {row['clients']:>8}"
                  f" {rate:>10} {row['errors']:>7}{'  server crashed' if row.get('crash') else ''}")
    print(line)
    for check in all_checks:
        print(f"  → {check['name']}: {check['measured']} (bound {check['bound']}) "
              f"{'MET' if check['met'] else 'NOT MET'}")


def main():
    if not os.access(EQMS, os.X_OK):
        print(f"error: {EQMS} is not built (make bench builds it; EQMS_BINARY names another)", file=sys.stderr)
        return 1
    os.environ.setdefault("EQMS_STANDARDS", os.path.join(ROOT, "Standards"))
    os.environ.setdefault("EQMS_ACTOR", "bench")
    results = {"cold": [], "load": [], "memory": [], "creation": []}
    print(f"Load benchmark: {', '.join(BACKENDS)}; {', '.join(map(str, SIZES))} records; {READERS} readers,"
          f" {SECONDS:g} s; {TRIES} cold tries; creation at {CREATE_CLIENTS} client(s) for {CREATE_SECONDS:g} s",
          flush=True)
    for backend in BACKENDS:
        folder = tempfile.mkdtemp(prefix=f"eqms-load-bench-{backend}-")
        try:
            run_backend(backend, folder, results)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    all_checks = checks(results)
    table(results, all_checks)
    settings = {"binary": EQMS, "records": SIZES, "seconds": SECONDS, "tries": TRIES, "readers": READERS,
                "writesPerSecond": WRITES_PER_SECOND, "timeoutSeconds": TIMEOUT,
                "createClients": CREATE_CLIENTS, "createSeconds": CREATE_SECONDS}
    with open(OUTPUT, "w") as out:
        json.dump({"settings": settings, **results, "checks": all_checks}, out, indent=2, sort_keys=True)
    met = all(check["met"] for check in all_checks)
    print(f"Figures written to {OUTPUT} (all bounds met: {'yes' if met else 'no'})")
    return 0


def stop(signum, _frame):
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        sys.exit(main())
    except BenchFailure as failure:
        print(f"error: {failure}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("interrupted; the servers are stopped and the folders removed", file=sys.stderr)
        sys.exit(130)
