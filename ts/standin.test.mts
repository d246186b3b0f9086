// The stand-in, used the way a TypeScript team would use it: types from
// openapi-typescript (generated from spec-bundle/openapi.yaml), requests sent
// with openapi-fetch, a JWT signed with node:crypto, and Node's own test runner.
//
// `make check-ts-standin` (tools/ts-standin-test.sh) generates ./heymarket.d.ts,
// compiles this file with the pinned tsc and runs `node --test` on the result.
// The test starts the stand-in itself through the `heymarket-mock` console
// script (HEYMARKET_MOCK_BIN, else `heymarket-mock` on PATH) on a free
// 127.0.0.1 port, with made-up credentials, and stops it afterwards.
import assert from "node:assert/strict";
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import type { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./heymarket.js";

// Made-up credentials: the stand-in is started with these and accepts nothing else.
const SECRET_ID = "ts-standin-secret-id-3f9a";
const SECRET_KEY = "ts-standin-secret-key-made-up-7c21e";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const START_TIMEOUT_MS = 30_000;

type ErrorBody = components["schemas"]["Error"];

/**
 * A Heymarket API Secret JWT, signed the vendor's way: header alg HS256 / typ JWT,
 * claims iss = Secret ID and iat = now in whole seconds, HMAC-SHA256 keyed with
 * the string `SECRET_ID||SECRET_KEY`, base64url without padding.
 */
export function signJwt(secretId: string, secretKey: string, nowMs: number = Date.now()): string {
  const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString("base64url");
  const input = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ iss: secretId, iat: Math.floor(nowMs / 1000) })}`;
  const signature = createHmac("sha256", `${secretId}||${secretKey}`).update(input).digest("base64url");
  return `${input}.${signature}`;
}

/** Signs a fresh token for every request (the vendor's advice: tokens expire 5 minutes after iat). */
function bearer(secretId: string, secretKey: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${signJwt(secretId, secretKey)}`);
      return request;
    },
  };
}

function client(baseUrl: string, secretKey: string = SECRET_KEY): Client<paths> {
  const api = createClient<paths>({ baseUrl });
  api.use(bearer(SECRET_ID, secretKey));
  return api;
}

/** The `error` field of an error body (the spec allows an object or a bare string). */
function errorCode(body: ErrorBody | undefined): string | undefined {
  return typeof body === "object" ? body.error : body;
}

type StandIn = { url: string; process: ChildProcessByStdio<null, Readable, Readable>; output: () => string };

/** Runs `heymarket-mock --port 0` and resolves with its URL once it prints `listening on URL`. */
async function startStandIn(): Promise<StandIn> {
  const command = process.env.HEYMARKET_MOCK_BIN || "heymarket-mock";
  // Only our settings: a HEYMARKET_* variable of the caller (a fault share, a rate limit) must not leak in.
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("HEYMARKET_")),
  );
  // The secrets go in the environment, not on the command line (visible to other local users).
  env.HEYMARKET_SECRET_ID = SECRET_ID;
  env.HEYMARKET_SECRET_KEY = SECRET_KEY;
  const child = spawn(command, ["--host", "127.0.0.1", "--port", "0", "--log-level", "warning"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Should the runner end without running `after` (an interrupt), the stand-in goes with it.
  process.once("exit", () => child.kill("SIGTERM"));
  let output = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (output += chunk));
  return await new Promise<StandIn>((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill("SIGTERM");
      reject(new Error(`${command}: ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail(`no 'listening on' line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.on("error", (error) => fail(error.message));
    child.on("exit", (code, signal) => fail(`exited (${code ?? signal}) before listening`));
    child.stdout.on("data", (chunk: string) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve({ url: match[1], process: child, output: () => output });
      }
    });
  });
}

describe("heymarket-mock, driven from TypeScript with openapi-fetch", () => {
  let standIn: StandIn;
  let api: Client<paths>;

  before(async () => {
    standIn = await startStandIn();
    api = client(standIn.url);
  });

  after(async () => {
    if (!standIn) return;
    const { exitCode, signalCode } = standIn.process;
    assert.ok(exitCode === null && signalCode === null, `the stand-in died (${exitCode ?? signalCode}):\n${standIn.output()}`);
    const exited = once(standIn.process, "exit");
    standIn.process.kill("SIGTERM");
    const [code] = (await exited) as [number | null, NodeJS.Signals | null];
    assert.equal(code, 0, `the stand-in should stop cleanly on SIGTERM:\n${standIn.output()}`);
    assert.ok(!standIn.output().includes(SECRET_KEY), "the stand-in printed the secret key");
  });

  it("creates a v1 contact (POST /v1/contact) and reads it back by id", async () => {
    const created = await api.POST("/v1/contact", {
      body: { phone: "15105550101", first: "Jordan", last: "Rivera", email: "jordan.rivera@example.com" },
    });
    assert.equal(created.response.status, 200, JSON.stringify(created.error));
    assert.ok(created.data, "a 200 carries the MutationResult");
    const { id, rev, uuid } = created.data;
    assert.ok(Number.isInteger(id) && id > 0, `id ${id}`);
    assert.ok(Number.isInteger(rev) && rev >= 1, `rev ${rev}`);
    assert.match(uuid, UUID);
    assert.match(created.response.headers.get("X-Request-Id") ?? "", UUID);

    const read = await api.GET("/v1/contact/{id}", { params: { path: { id } } });
    assert.equal(read.response.status, 200, JSON.stringify(read.error));
    assert.equal(read.data?.id, id);
    assert.equal(read.data?.phone, "15105550101");
    assert.equal(read.data?.first, "Jordan");
    assert.equal(read.data?.last, "Rivera");
    assert.equal(read.data?.email, "jordan.rivera@example.com");
  });

  it("creates a v2 contact from channels (POST /v2/contact) and reads it back by UUID", async () => {
    const created = await api.POST("/v2/contact", {
      body: {
        contact_channels: [
          { channel_type: "phone", channel_id: "15105550202" },
          { channel_type: "email", channel_id: "api.contact@example.com" },
        ],
        first: "API",
        last: "Contact",
        display_name: "API Contact",
      },
    });
    assert.equal(created.response.status, 200, JSON.stringify(created.error));
    assert.ok(created.data);
    assert.match(created.data.uuid, UUID);

    const read = await api.GET("/v2/contact/{contactID}", { params: { path: { contactID: created.data.uuid } } });
    assert.equal(read.response.status, 200, JSON.stringify(read.error));
    assert.equal(read.data?.uuid, created.data.uuid);
    assert.equal(read.data?.display_name, "API Contact");
    const channels = (read.data?.contact_channels ?? []).map((c) => `${c.channel_type}:${c.channel_id}`).sort();
    assert.deepEqual(channels, ["email:api.contact@example.com", "phone:15105550202"]);
  });

  it("creates a batch (POST /v1/batch/contacts): \"ok\", then the contacts not created", async () => {
    const first = await api.POST("/v1/batch/contacts", {
      params: { query: { overwrite: false } },
      body: [
        { phone: "15105550301", first: "Ada" },
        { phone: "15105550302", display_name: "Grace H" },
      ],
    });
    assert.equal(first.response.status, 200, JSON.stringify(first.error));
    assert.equal(first.data, "ok", "every item was created");

    // One phone is taken now: without overwrite it is skipped and answered; the other one is created.
    const second = await api.POST("/v1/batch/contacts", {
      params: { query: { overwrite: false } },
      body: [
        { phone: "15105550301", first: "Not Ada" },
        { phone: "15105550303", first: "Linus" },
      ],
    });
    assert.equal(second.response.status, 200, JSON.stringify(second.error));
    assert.ok(Array.isArray(second.data), `expected the contacts not created, got ${JSON.stringify(second.data)}`);
    assert.deepEqual(
      second.data.map((c) => [c.phone, c.first]),
      [["15105550301", "Ada"]],
    );

    for (const phone of ["15105550301", "15105550302", "15105550303"]) {
      const found = await api.POST("/v1/contact/get", { body: { phone } });
      assert.equal(found.response.status, 200, `${phone}: ${JSON.stringify(found.error)}`);
      assert.equal(found.data?.phone, phone);
    }
  });

  it("answers 401 with a typed error body to a JWT signed with another key", async () => {
    const wrongKey = client(standIn.url, "not-the-secret-key");
    const result = await wrongKey.POST("/v1/contact", { body: { phone: "15105550401" } });
    assert.equal(result.response.status, 401);
    assert.equal(result.data, undefined);
    assert.equal(errorCode(result.error), "unauthorized");
  });

  it("refuses with 400 bad_data a body that the types refuse too", async () => {
    const result = await api.POST("/v1/contact", {
      // @ts-expect-error -- phone is required: tsc rejects this body (the directive fails if it ever compiles)
      body: { first: "No Phone" },
    });
    assert.equal(result.response.status, 400);
    assert.equal(errorCode(result.error), "bad_data");
    const message = typeof result.error === "object" ? result.error.message : undefined;
    assert.match(message ?? "", /phone/);
  });
});
