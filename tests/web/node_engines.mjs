// Fails unless the Node.js running it satisfies the engines.node range of every package in the
// lock file: a too-old Node.js (Debian 12's 18) otherwise shows up only as one test's odd error
// ("Playwright requires Node.js 20 or higher"), or not at all on a machine that happens to carry
// a newer one. Usage: node node_engines.mjs LOCK_FILE SEMVER_MODULE_DIR
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [lockFile, semverDir] = process.argv.slice(2);
const semver = createRequire(import.meta.url)(resolve(semverDir));
const lock = JSON.parse(readFileSync(lockFile, "utf8"));
const bad = [];
let checked = 0;
for (const [path, pkg] of Object.entries(lock.packages ?? {})) {
  const range = pkg.engines?.node;
  if (!range) continue;
  checked++;
  if (!semver.satisfies(process.version, range)) bad.push(`${path || "(root)"}: node ${range}`);
}
if (checked === 0) {
  console.error(`node_engines: no engines.node in ${lockFile}: nothing checked`);
  process.exit(1);
}
if (bad.length > 0) {
  console.error(`node_engines: node ${process.version} does not satisfy:\n  ${bad.join("\n  ")}`);
  process.exit(1);
}
console.log(`node_engines: node ${process.version} satisfies ${checked} engines ranges`);
