// Test harness for the tablet app's end-to-end tests: real installations made with the real
// `yorisoi` CLI in temporary folders, the real server over mutual TLS, and Debian's Chromium
// driven by playwright-core presenting enrolled device certificates. Dummy data only.
// Run through e2e/run.sh (it makes the template installation whose CA Node trusts).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

// Every wait here is bounded: a command, a server or a request that hangs fails the test that
// waited for it, by name, instead of holding the whole suite until ctest's timeout.
const COMMAND_TIMEOUT_MS = 60000;
const STOP_TIMEOUT_MS = 20000;
const REQUEST_TIMEOUT_MS = 30000;

function run(args, input = "") {
  const r = spawnSync(BIN, args, { input, encoding: "utf8", timeout: COMMAND_TIMEOUT_MS });
  if (r.error) throw new Error(`yorisoi ${args.slice(0, 2).join(" ")}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`yorisoi ${args.slice(0, 2).join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

// A data folder (a copy of the template: the same CA) with tenant-a, its unit "center" and the
// given users ({login: role}). `config` is merged one level deep into config.json.
export function makeInstallation(users, config = {}) {
  if (!process.env.E2E_TEMPLATE) throw new Error("run the e2e tests through e2e/run.sh");
  const root = mkdtempSync(join(tmpdir(), "yorisoi-e2e-"));
  const data = join(root, "data");
  cpSync(process.env.E2E_TEMPLATE, data, { recursive: true });
  const configPath = join(data, "config.json");
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
  return { root, data, ids, devices: {} };
}

// Enrolls a device with the CLI; its PEM files are what the browser and the test client present.
export function enrollDevice(inst, name, kind = "tablet") {
  const prefix = join(inst.root, name);
  const out = run([
    "device",
    "enroll",
    "--data",
    inst.data,
    "--tenant",
    TENANT,
    "--name",
    name,
    "--kind",
    kind,
    "--out",
    prefix,
  ]);
  const password = /password \(shown once\): (\S+)/.exec(out)?.[1];
  inst.devices[name] = {
    certPath: `${prefix}.crt.pem`,
    keyPath: `${prefix}.key.pem`,
    p12Path: `${prefix}.p12`,
    password,
  };
  return inst.devices[name];
}

export function revokeDevice(inst, name, reason = "lost") {
  run([
    "device",
    "revoke",
    "--data",
    inst.data,
    "--tenant",
    TENANT,
    "--name",
    name,
    "--reason",
    reason,
  ]);
}

// Starts `yorisoi serve` on free ports; resolves with {port, stop, log}.
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
          // Resolves with the exit code; a server still running STOP_TIMEOUT_MS after SIGTERM
          // is killed and the promise rejects with its log (ids only) so the hang is seen.
          stop: () =>
            new Promise((done, fail) => {
              if (child.exitCode !== null || child.signalCode !== null) {
                done(child.exitCode);
                return;
              }
              const killer = setTimeout(() => {
                child.kill("SIGKILL");
                fail(new Error(`server did not stop within ${STOP_TIMEOUT_MS} ms: ${err}`));
              }, STOP_TIMEOUT_MS);
              child.on("exit", (code) => {
                clearTimeout(killer);
                done(code);
              });
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

// Browser-context options presenting a device's certificate to the server (mTLS).
export function deviceOptions(base, device) {
  return {
    viewport: { width: 1280, height: 800 },
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    clientCertificates: [{ origin: base, certPath: device.certPath, keyPath: device.keyPath }],
  };
}

export async function launchPersistent(data, userDataDir, options) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: chromiumArgs(data),
    ...options,
  });
}

// A JSON API call from the test itself (set-up of data), trusting the installation's CA and
// presenting a device's certificate.
export function apiCall(data, port, method, path, body, token, device) {
  const ca = readFileSync(join(data, "tls/ca.crt.pem"));
  const cert = device
    ? { cert: readFileSync(device.certPath), key: readFileSync(device.keyPath) }
    : {};
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = httpsRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path: `/api/v1${path}`,
        ca,
        ...cert,
        agent: false,
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
    req.setTimeout(REQUEST_TIMEOUT_MS, () =>
      req.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS} ms`)),
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export async function apiLogin(data, port, login, device) {
  const body = { tenant: TENANT, login, password: PASSWORD };
  const r = await apiCall(data, port, "POST", "/login", body, undefined, device);
  if (r.status !== 200) throw new Error(`login ${login}: ${r.status}`);
  return r.json.token;
}

export function cleanup(root) {
  rmSync(root, { recursive: true, force: true });
}
