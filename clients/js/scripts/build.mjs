// Writes dist/: one bundled JavaScript file per module format (esbuild) and the declarations
// that tsc emits (tsconfig.json, into build/types). Each format's folder gets a package.json
// naming its module type, so Node and TypeScript read dist/esm as ESM and dist/cjs as CommonJS.
import { build } from "esbuild";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "./tools.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const types = join(root, "build", "types");

rmSync(dist, { recursive: true, force: true });
rmSync(types, { recursive: true, force: true });
run("tsc", "-p", "tsconfig.json");

const formats = { esm: "module", cjs: "commonjs" };
for (const [format, type] of Object.entries(formats)) {
  const outdir = join(dist, format);
  await build({
    entryPoints: [join(root, "src", "index.ts")],
    outfile: join(outdir, "index.js"),
    bundle: true,
    format,
    // Browsers from 2020 on and Node 18+; "neutral" because the code uses only globalThis.
    platform: "neutral",
    target: "es2020",
    legalComments: "none",
    logLevel: "warning",
  });
  writeFileSync(join(outdir, "package.json"), JSON.stringify({ type }, null, 2) + "\n");
  copyDeclarations(types, outdir);
}

/** The public declarations only: internal/ is an implementation detail no public type names. */
function copyDeclarations(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".d.ts")) {
      const text = readFileSync(join(from, entry.name), "utf8");
      if (text.includes("./internal/")) {
        throw new Error(`${entry.name} refers to an internal module; public types must not`);
      }
      mkdirSync(to, { recursive: true });
      cpSync(join(from, entry.name), join(to, entry.name));
    }
  }
}
