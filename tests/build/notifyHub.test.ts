// npm run notify-hub against a site stub and a WebSub hub stub on 127.0.0.1 that records what it receives.

import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempFolder } from "./seedsFolder";

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function notify(env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join("node_modules", ".bin", "tsx"), ["src/build/notifyHubCli.ts"], {
      env: { ...process.env, ...env },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

describe("npm run notify-hub", () => {
  it("pings the hub once per changed feed, and not again until its ETag changes", async () => {
    const etags: Record<string, string> = {
      "/feed.xml": '"a1"',
      "/atom.xml": '"b1"',
      "/feed.json": '"c1"',
      "/tags/world/feed.xml": '"d1"',
      "/tags/world/atom.xml": '"e1"',
      "/tags/world/feed.json": '"f1"',
    };
    let origin = "";
    const site = await listen((req, res) => {
      if (req.url === "/feeds.opml") {
        res.writeHead(200, { "Content-Type": "text/x-opml" });
        res.end(
          `<opml version="2.0"><body><outline xmlUrl="${origin}/feed.xml"/><outline text="Topics"><outline xmlUrl="${origin}/tags/world/feed.xml"/></outline></body></opml>`,
        );
        return;
      }
      const etag = etags[req.url ?? ""];
      res.writeHead(etag ? 200 : 404, etag ? { ETag: etag } : {});
      res.end();
    });
    origin = site;
    const received: string[] = [];
    const hub = await listen((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        received.push(`${req.method} ${req.headers["content-type"]} ${body}`);
        res.writeHead(204);
        res.end();
      });
    });
    const env = { SITE_URL: site, HUB_URL: `${hub}/`, WEBSUB_STATE: join(tempFolder(), "state.json") };

    const first = await notify(env);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain(
      "notified 6 feed(s) (/feed.xml, /atom.xml, /feed.json, /tags/world/feed.xml, /tags/world/atom.xml, /tags/world/feed.json), 0 unchanged",
    );
    expect(received).toEqual(
      [
        "/feed.xml",
        "/atom.xml",
        "/feed.json",
        "/tags/world/feed.xml",
        "/tags/world/atom.xml",
        "/tags/world/feed.json",
      ].map(
        (path) =>
          `POST application/x-www-form-urlencoded ${new URLSearchParams({ "hub.mode": "publish", "hub.url": `${site}${path}` })}`,
      ),
    );

    const second = await notify(env);
    expect(second.stderr).toContain("notified 0 feed(s), 6 unchanged");
    expect(received).toHaveLength(6);

    etags["/atom.xml"] = '"b2"';
    const third = await notify(env);
    expect(third.stderr).toContain("notified 1 feed(s) (/atom.xml), 5 unchanged");
    expect(received.at(-1)).toContain(encodeURIComponent(`${site}/atom.xml`));
  });

  it("reports a failing hub, exits 1, and retries next time", async () => {
    const site = await listen((_req, res) => {
      res.writeHead(200, { ETag: '"x"' });
      res.end();
    });
    let fail = true;
    const hub = await listen((_req, res) => {
      res.writeHead(fail ? 503 : 204);
      res.end();
    });
    const env = { SITE_URL: site, HUB_URL: hub, WEBSUB_STATE: join(tempFolder(), "state.json") };
    const first = await notify(env);
    expect(first.status).toBe(1);
    expect(first.stderr).toContain("3 failed");
    fail = false;
    expect((await notify(env)).stderr).toContain("notified 3 feed(s)");
  });

  it("does nothing without a hub", async () => {
    const run = await notify({
      HUB_URL: "",
      SITE_URL: "http://127.0.0.1:9",
      WEBSUB_STATE: join(tempFolder(), "s.json"),
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("HUB_URL is empty");
  });
});
