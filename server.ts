import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { getDb } from "./app/utils/db.server";
import { createFeedRevalidation } from "./app/utils/feed-revalidation.server";
import { refusalText, refuseRequest } from "./app/utils/request-guard.server";
import { securityHeaders, setDefaultHeaders } from "./app/utils/security-headers";
import { getEnv } from "./lib/env.server";
import { setupDatabase } from "./db/setup";

installGlobals({ nativeFetch: true });
const env = getEnv();
const production = env.NODE_ENV === "production";

// Migrate (and load the demo into an empty database) before the first request is served.
await setupDatabase(env.DATABASE_URL, { seedDemo: env.SEED_DEMO === "1" });

const buildPath = path.resolve("build/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", "loopback");
app.use(compression());
app.use((_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  setDefaultHeaders(res, securityHeaders({ nonce: res.locals.cspNonce, production }));
  next();
});
/** This site's origin as the browser sees it: behind a local proxy, the host it forwarded. */
function ownOrigin(req: express.Request): string {
  const trusted = (req.app.get("trust proxy fn") as (address: string, hop: number) => boolean)(req.socket.remoteAddress ?? "", 0);
  const host = (trusted && req.get("x-forwarded-host")?.split(",")[0].trim()) || req.get("host");
  return `${req.protocol}://${host}`;
}

app.use((req, res, next) => {
  const refusal = refuseRequest({ method: req.method, url: req.originalUrl, header: (name) => req.get(name) }, ownOrigin(req));
  if (!refusal) return next();
  // The body (perhaps large, perhaps still arriving) is never read: the connection closes instead.
  res.status(refusal.status).set("Connection", "close").type("text/plain").send(refusalText(refusal, req.get("accept-language")));
});
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip }),
  }),
);

// Revalidations of published events' feeds are answered before Express (see the module); the
// request guard runs first all the same, and anything it would refuse goes on to it.
const revalidateFeed = createFeedRevalidation(getDb());
const server = http.createServer((req, res) => {
  const answered = refuseRequest({ method: req.method ?? "GET", url: req.url ?? "/", header: (name) => req.headers[name.toLowerCase()]?.toString() }, "")
    ? false
    : revalidateFeed(req, res);
  if (answered === false) app(req, res);
  else if (answered !== true) void answered.then((done) => done || app(req, res));
});
server.listen(env.PORT, () => {
  console.log(`Plenary is serving http://localhost:${env.PORT}`);
});
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
