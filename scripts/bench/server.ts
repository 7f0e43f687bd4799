/**
 * Helpers for the HTTP benchmarks: a `next start` of its own on a fresh database, an admin API
 * token, and the server process's memory. Only ever talks to 127.0.0.1.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

export interface BenchServer {
  base: string;
  token: string;
  child: ChildProcess;
  dir: string;
  dbFile: string;
  /** The next-server process (a descendant of the child), for memory readings. */
  serverPid(): number | null;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits while somebody else's `next build` runs: two builds at once would fight over .next. */
export async function waitForOtherBuilds(): Promise<void> {
  for (;;) {
    const out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
    const busy = out.split("\n").some((l) => /next build|next-build/.test(l) && !l.includes("ps -eo"));
    if (!busy) return;
    console.log("waiting for another next build to finish…");
    await sleep(5000);
  }
}

function children(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

function descendants(pid: number): number[] {
  const all: number[] = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    for (const c of children(p)) {
      all.push(c);
      todo.push(c);
    }
  }
  return all;
}

/** kB fields of /proc/PID/status (VmRSS, VmHWM), or null when the process is gone. */
export function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0);
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0);
    return { rss: rss / 1024, hwm: hwm / 1024 };
  } catch {
    return null;
  }
}

export async function startServer(port: number, label: string, prepare?: (dbFile: string) => void | Promise<void>): Promise<BenchServer> {
  const dir = path.resolve(`data/bench-${label}-${port}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, "rebound.db");
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATABASE_URL: `file:${dbFile}`, DATA_DIR: dir, NEXT_TELEMETRY_DISABLED: "1" };
  // The admin CLI applies the migrations, then creates the user and a token.
  const admin = (args: string[]) => execFileSync("npx", ["tsx", "scripts/admin.mts", ...args], { env, encoding: "utf8" });
  admin(["create-user", "--email", "bench@rebound.test", "--password", "bench password 12345", "--role", "admin", "--name", "Bench"]);
  const token = admin(["create-token", "--email", "bench@rebound.test", "--name", "bench"]).trim().split("\n").pop()!.trim();
  if (prepare) await prepare(dbFile);
  await waitForOtherBuilds();
  const log = fs.openSync(path.join(dir, "server.log"), "w");
  const child = spawn("node", ["scripts/start.mjs"], { env, stdio: ["ignore", log, log], detached: true });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}); see ${dir}/server.log`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("server did not start in 10 minutes");
    await sleep(500);
  }
  const serverPid = () => {
    const pids = descendants(child.pid!);
    let best: number | null = null;
    let bestRss = -1;
    for (const p of pids) {
      const m = memoryOf(p);
      if (m && m.rss > bestRss) {
        best = p;
        bestRss = m.rss;
      }
    }
    return best;
  };
  return {
    base,
    token,
    child,
    dir,
    dbFile,
    serverPid,
    async stop() {
      if (child.exitCode !== null) return;
      try {
        process.kill(-child.pid!, "SIGTERM"); // the process group: start.mjs, npx and next-server
      } catch {
        // already gone
      }
      for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * The upload, as a browser sends it: one multipart request with the file streamed from disk. The
 * client shares the server's two cores here, so it must cost little: Node's fetch with a FormData
 * spent ~1 s of CPU on 223 MB, http.request piping the file ~0.3 s (measured). `--client fetch`
 * uses fetch, as the benchmark did before 2026-12-03.
 */
export function uploadFile(server: BenchServer, file: string): Promise<Response> {
  const boundary = `----rebound-bench-${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + fs.statSync(file).size + tail.length;
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${server.token}`, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(length) };
    const req = http.request(`${server.base}/api/imports`, { method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode })));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.write(head);
    const body = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    body.on("error", reject);
    body.pipe(req, { end: false });
    body.on("end", () => req.end(tail));
  });
}
