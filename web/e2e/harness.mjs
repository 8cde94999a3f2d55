// Test harness for the tablet app's end-to-end tests: a real installation made with the real
// `yorisoi` CLI in a temporary folder, the real server over TLS, and Debian's Chromium driven by
// playwright-core. Dummy data only.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const BIN =
  process.env.YORISOI_BIN ?? new URL("../../build/debug/yorisoi", import.meta.url).pathname;
export const OUT = process.env.E2E_OUT ?? new URL("../e2e-output", import.meta.url).pathname;
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
mkdirSync(OUT, { recursive: true });

export const TENANT = "tenant-a";
export const PASSWORD = "Kari-Pass-e2e-dummy-2025";

function run(args, input = "") {
  const r = spawnSync(BIN, args, { input, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`yorisoi ${args.slice(0, 2).join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

// A data folder with tenant-a, its unit "center" and the given users ({login: role}).
export function makeInstallation(users, config = {}) {
  const root = mkdtempSync(join(tmpdir(), "yorisoi-e2e-"));
  const data = join(root, "data");
  run(["init", "--data", data]);
  const configPath = join(data, "config.json");
  // One level of merging: {session: {idle_lock_seconds: 30}} keeps the other session settings.
  const current = JSON.parse(readFileSync(configPath, "utf8"));
  for (const [k, v] of Object.entries(config)) {
    current[k] = typeof v === "object" && v !== null ? { ...current[k], ...v } : v;
  }
  writeFileSync(configPath, JSON.stringify(current, null, 2));
  run(["tenant", "add", "--data", data, "--id", TENANT, "--name", "テスト区A"]);
  run([
    "unit",
    "add",
    "--data",
    data,
    "--tenant",
    TENANT,
    "--id",
    "center",
    "--name",
    "子ども総合センター",
  ]);
  const ids = {};
  for (const [login, role] of Object.entries(users)) {
    const args = [
      "user",
      "add",
      "--data",
      data,
      "--tenant",
      TENANT,
      "--login",
      login,
      "--name",
      `職員${login}（テスト）`,
      "--role",
      role,
    ];
    if (role === "caseworker" || role === "supervisor") args.push("--unit", "center");
    ids[login] = run(args, `${PASSWORD}\n`).trim();
  }
  return { root, data, ids };
}

// Starts `yorisoi serve` on free ports; resolves with {port, stop}.
export function startServer(data) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      BIN,
      ["serve", "--data", data, "--listen", "127.0.0.1:0", "--ops", "127.0.0.1:0"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 30000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening https=[^ ]*:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          port: Number(m[1]),
          log: () => err,
          stop: () =>
            new Promise((done) => {
              child.on("exit", (code) => done(code));
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

// The server certificate's SPKI hash: Chromium trusts exactly that key and nothing else.
export function spkiHash(data) {
  const r = spawnSync(
    "sh",
    [
      "-c",
      `openssl x509 -in '${data}/tls/server.crt.pem' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`,
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

export function chromiumArgs(data) {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--ignore-certificate-errors-spki-list=${spkiHash(data)}`,
  ];
}

export async function launch(data) {
  return chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(data) });
}

export async function launchPersistent(data, userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: chromiumArgs(data),
    viewport: { width: 1280, height: 800 },
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    ...options,
  });
}

// A JSON API call from the test itself (set-up of data), trusting the installation's CA.
export function apiCall(data, port, method, path, body, token) {
  const ca = readFileSync(join(data, "tls/ca.crt.pem"));
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = httpsRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path: `/api/v1${path}`,
        ca,
        servername: "localhost",
        headers: {
          ...(payload
            ? { "Content-Type": "application/json", "Content-Length": payload.length }
            : {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () =>
          resolve({ status: res.statusCode, json: text ? JSON.parse(text) : null }),
        );
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export async function apiLogin(data, port, login) {
  const r = await apiCall(data, port, "POST", "/login", {
    tenant: TENANT,
    login,
    password: PASSWORD,
  });
  if (r.status !== 200) throw new Error(`login ${login}: ${r.status}`);
  return r.json.token;
}

export function cleanup(root) {
  rmSync(root, { recursive: true, force: true });
}
