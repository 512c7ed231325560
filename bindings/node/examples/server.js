#!/usr/bin/env node
'use strict';
// A tiny tool server guarded by Tenuo warrants, in plain node:http.
//
//   node bindings/node/examples/server.js          (from the repository root, after `make node`)
//
// POST /tools/<tool> with the call's arguments as a JSON object in the body and the headers the
// Python SDK's BoundWarrant.headers() makes:
//   X-Tenuo-Warrant: the warrant (base64url), or the delegation chain (base64 warrant stack)
//   X-Tenuo-PoP:     standard base64 of the holder's 64-byte proof-of-possession
// The server verifies the chain against its trusted roots and the PoP against the call, off the
// event loop (authorizeAsync), then runs the tool or answers 401/403 with the error class.
//
// Environment: PORT (default 8787; 0 picks a free port), HOST (default 127.0.0.1),
// TENUO_TRUSTED_ROOTS (comma-separated hex public keys). Without TENUO_TRUSTED_ROOTS it runs a
// demo: it makes a root and an agent key, mints a warrant for read_file on /data/*, prints a
// curl command for an allowed call, and trusts that root.
const http = require('node:http');
const tenuo = require('..');

const { Authorizer, PublicKey, WarrantChain, RawArgs, WARRANT_HEADER, POP_HEADER } = tenuo;

// The tools this server offers.
const TOOLS = {
  read_file: (args) => ({ content: `(contents of ${args.path})` }),
  search: (args) => ({ hits: [`result for ${args.query}`] }),
};

function httpStatus(err) {
  if (!(err instanceof tenuo.TenuoError)) return 500;
  if (err instanceof tenuo.CryptoError || err instanceof tenuo.ExpiredError) return 401;
  if (err instanceof tenuo.DeserializationError || err instanceof tenuo.ValidationError) return 400;
  return 403;
}

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function createServer(trustedRoots, { onAudit } = {}) {
  const authorizer = new Authorizer({ trustedRoots });
  if (onAudit) tenuo.onAudit(onAudit);
  return http.createServer((req, res) => {
    const m = /^\/tools\/([A-Za-z0-9_.-]+)$/.exec(req.url || '');
    if (req.method !== 'POST' || !m) return reply(res, 404, { error: 'NotFound' });
    const tool = m[1];
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 1 << 20) req.destroy();
      else chunks.push(c);
    });
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8') || '{}';
      try {
        const token = req.headers[WARRANT_HEADER.toLowerCase()];
        const pop = req.headers[POP_HEADER.toLowerCase()];
        if (typeof token !== 'string') throw new tenuo.MissingField(`missing ${WARRANT_HEADER} header`);
        // The chain's signatures are checked while decoding: off the loop as well.
        const chain = await WarrantChain.parseAsync(token);
        const signature = typeof pop === 'string' ? Buffer.from(pop, 'base64') : null;
        // The body goes to libtenuo unparsed, so 1.0 stays a float and 1 an int.
        await authorizer.authorizeAsync(chain, tool, new RawArgs(body), { signature });
        const run = TOOLS[tool];
        if (!run) return reply(res, 404, { error: 'UnknownTool', tool });
        reply(res, 200, { ok: true, tool, result: run(JSON.parse(body)) });
      } catch (err) {
        const status = httpStatus(err);
        reply(res, status, {
          ok: false,
          error: err.name,
          code: err.code ?? null,
          status: err.status ?? null,
          field: err.field ?? null,
          message: status === 500 ? 'internal error' : err.message,
        });
      }
    });
  });
}

function main() {
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST || '127.0.0.1';
  let roots;
  let demo = null;
  if (process.env.TENUO_TRUSTED_ROOTS) {
    roots = process.env.TENUO_TRUSTED_ROOTS.split(',').map((h) => PublicKey.fromBytes(Buffer.from(h.trim(), 'hex')));
  } else {
    const root = tenuo.SigningKey.generate();
    const agent = tenuo.SigningKey.generate();
    const w = tenuo.Warrant.mintBuilder().capability('read_file', { path: tenuo.Pattern('/data/*') })
      .holder(agent.publicKey).ttl(3600).mint(root);
    roots = [root.publicKey];
    demo = { w, agent };
  }
  const server = createServer(roots, { onAudit: process.env.TENUO_AUDIT ? (e) => console.log('audit', JSON.stringify(e)) : undefined });
  server.listen(port, host, () => {
    const addr = server.address();
    console.log(`tenuo example server listening on http://${addr.address}:${addr.port}`);
    if (demo) {
      const args = { path: '/data/report.pdf' };
      const h = demo.w.headers(demo.agent, 'read_file', args);
      console.log('demo mode (set TENUO_TRUSTED_ROOTS to trust your own root); an allowed call, valid for ~60 s:');
      console.log(`curl -s -X POST http://${addr.address}:${addr.port}/tools/read_file ` +
        `-H '${WARRANT_HEADER}: ${h[WARRANT_HEADER]}' -H '${POP_HEADER}: ${h[POP_HEADER]}' -d '${JSON.stringify(args)}'`);
    }
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) main();
module.exports = { createServer };
