// Runs the dev tools of node_modules (tsc, prettier) with this Node, the way npm scripts would,
// without depending on node_modules/.bin being on PATH.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const BINARIES = {
  tsc: "typescript/bin/tsc",
  prettier: "prettier/bin/prettier.cjs",
};

/** Runs `tool` with `args` in the package folder; exits the process when it fails. */
export function run(tool, ...args) {
  const result = spawnSync(process.execPath, [require.resolve(BINARIES[tool]), ...args], {
    stdio: "inherit",
    cwd: root,
  });
  if (result.status !== 0) {
    console.error(`${tool} ${args.join(" ")} failed`);
    process.exit(result.status ?? 1);
  }
}
