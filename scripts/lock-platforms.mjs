#!/usr/bin/env node
/**
 * Makes package-lock.json installable with `npm ci` from a registry that serves only this
 * platform's binaries. workerd ships its binary as optional per-platform packages; when the
 * registry has no macOS/Windows builds, `npm install` leaves them out of the lock and `npm ci`
 * then refuses the lock ("Missing: @cloudflare/workerd-darwin-64"). This adds the missing entries
 * with their os/cpu, so npm skips them on other platforms exactly as it would with a full lock.
 * Idempotent; run after `npm install` changes the lock (CI runs it before `npm ci`).
 */
import { readFileSync, writeFileSync } from "node:fs";

const PLATFORM = /-(darwin|linux|win32|windows)-(64|x64|arm64)$/;
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const packages = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const m = PLATFORM.exec(dep);
    if (!m) continue;
    const nested = `${path ? `${path}/` : ""}node_modules/${dep}`;
    if (packages[`node_modules/${dep}`] || packages[nested]) continue;
    const os = m[1] === "windows" ? "win32" : m[1];
    const cpu = m[2] === "64" ? "x64" : m[2];
    packages[`node_modules/${dep}`] = { version, cpu: [cpu], optional: true, os: [os] };
    added++;
  }
}
if (added > 0) {
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync("package-lock.json", `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
}
console.log(`lock-platforms: ${added} platform entr${added === 1 ? "y" : "ies"} added`);
