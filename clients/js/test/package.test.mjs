// The built package as an application gets it: loaded by its name through the "exports" of
// package.json (ESM import and CommonJS require), and packed the way `npm pack` would pack it.
// Runs against dist/, so `npm run build` must have run.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const require = createRequire(import.meta.url);

/** A WebSocket that opens and welcomes at once, and answers publish; enough to see the client work. */
function echoServer() {
  const sent = [];
  class Socket {
    readyState = 0;
    protocol = "";
    onopen = null;
    onmessage = null;
    onclose = null;
    onerror = null;
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      queueMicrotask(() => {
        this.readyState = 1;
        this.protocol = "redcast.v1";
        this.onopen?.({});
        this.onmessage?.({
          data: JSON.stringify({ type: "welcome", client: "c1", user: "u", ping_interval: 0 }),
        });
      });
    }
    send(data) {
      const c = JSON.parse(data);
      sent.push(c);
      if (c.type === "publish") {
        queueMicrotask(() =>
          this.onmessage?.({
            data: JSON.stringify({ type: "published", id: c.id, offset: 1, epoch: "e" }),
          }),
        );
      }
    }
    close() {
      this.readyState = 3;
    }
  }
  return { Socket, sent };
}

async function exercise(mod) {
  const { RedcastClient, RedcastError, SUBPROTOCOL } = mod;
  assert.equal(SUBPROTOCOL, "redcast.v1");
  const { Socket, sent } = echoServer();
  const client = new RedcastClient({
    urls: ["ws://localhost:8080/ws"],
    token: "t",
    WebSocket: Socket,
  });
  assert.equal((await client.connect()).client, "c1");
  assert.deepEqual(await client.publish("general", "hello"), { offset: 1, epoch: "e" });
  assert.deepEqual(sent, [{ type: "publish", id: 1, channel: "general", payload: "hello" }]);
  client.close();
  await assert.rejects(client.ping(), (e) => e instanceof RedcastError && e.code === "closed");
}

test("import 'redcast-js' loads the ESM build", async () => {
  const mod = await import("redcast-js");
  await exercise(mod);
});

test("require('redcast-js') loads the CommonJS build", async () => {
  const resolved = require.resolve("redcast-js");
  assert.equal(resolved, join(root, "dist", "cjs", "index.js"));
  await exercise(require("redcast-js"));
});

test("every path package.json names exists", () => {
  const paths = [pkg.main, pkg.module, pkg.types];
  for (const condition of Object.values(pkg.exports["."])) {
    paths.push(condition.types, condition.default);
  }
  for (const p of paths) {
    assert.ok(existsSync(join(root, p)), `${p} is missing`);
  }
  assert.equal(pkg.dependencies, undefined, "no runtime dependencies");
  for (const [name, version] of Object.entries(pkg.devDependencies)) {
    assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is pinned to an exact version`);
  }
});

test("npm pack ships the builds, the declarations and the README, and nothing else", () => {
  const [report] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: root,
      encoding: "utf8",
    }),
  );
  const files = report.files.map((f) => f.path).sort();
  for (const format of ["esm", "cjs"]) {
    for (const file of ["index.js", "index.d.ts", "client.d.ts", "package.json"]) {
      assert.ok(files.includes(`dist/${format}/${file}`), `dist/${format}/${file} is not packed`);
    }
  }
  assert.ok(files.includes("README.md"));
  assert.ok(files.includes("package.json"));
  const unexpected = files.filter(
    (f) =>
      !/^dist\/(esm|cjs)\/[^/]+\.(js|d\.ts|json)$/.test(f) &&
      f !== "README.md" &&
      f !== "package.json",
  );
  assert.deepEqual(unexpected, []);
  assert.equal(report.name, "redcast-js");
  assert.equal(report.version, pkg.version);
});
