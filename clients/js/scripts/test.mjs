// The unit tests: checks the formatting (prettier; `npm run format` fixes it), type-checks the
// tests (tsconfig.test.json), bundles each test/*.test.ts with the sources it imports into
// build/test (esbuild), and runs those with Node's test runner together with
// test/package.test.mjs, which loads the built package from dist/ through its own exports.
// Run `npm run build` first.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "./tools.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const testDir = join(root, "test");
const outdir = join(root, "build", "test");

if (!existsSync(join(root, "dist", "esm", "index.js"))) {
  console.error("dist/ is missing: run `npm run build` before `npm test`");
  process.exit(1);
}

run("prettier", "--check", "--log-level", "warn", ".");
run("tsc", "-p", "tsconfig.test.json");

const sources = readdirSync(testDir).filter((f) => f.endsWith(".test.ts"));
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: sources.map((f) => join(testDir, f)),
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node18",
  logLevel: "warning",
});

// Files named one by one: how `node --test` treats a directory differs between Node versions.
const files = [
  ...sources.map((f) => join(outdir, f.replace(/\.ts$/, ".mjs"))),
  ...readdirSync(testDir)
    .filter((f) => f.endsWith(".test.mjs"))
    .map((f) => join(testDir, f)),
];
const tests = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], {
  stdio: "inherit",
  cwd: root,
});
process.exit(tests.status ?? 1);
