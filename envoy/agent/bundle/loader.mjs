// dist/agent.mjs — starts the Envoy startup agent fast. The agent itself is
// dist/agent-core.cjs (one CommonJS bundle of envoy/agent/run-agent.ts); this
// loader compiles it with the V8 code cache dist/agent-core.cache that the
// build wrote after a warm-up run, so a start skips parsing and compiling
// ~0.8 MB of JavaScript (the bulk of a cold start). A cache from another Node
// or V8 version is rejected by V8 and the core is compiled as usual: slower,
// never wrong. Usage: node dist/agent.mjs --secret-id … [-- envoy -c …]
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

export const CORE_PATH = fileURLToPath(new URL('./agent-core.cjs', import.meta.url));
export const CACHE_PATH = fileURLToPath(new URL('./agent-core.cache', import.meta.url));

/** Compiles and evaluates the core (with the code cache when it is valid); returns its exports and the compiled script. */
export function loadAgentCore({ useCache = true } = {}) {
  const source = readFileSync(CORE_PATH, 'utf8');
  const cachedData = useCache && existsSync(CACHE_PATH) ? readFileSync(CACHE_PATH) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: CORE_PATH,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(CORE_PATH), module, CORE_PATH, dirname(CORE_PATH));
  return {
    core: module.exports,
    script,
    cacheRejected: cachedData !== undefined && script.cachedDataRejected === true,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { core } = loadAgentCore();
  const status = await core.run(process.argv.slice(2));
  // Exit now with the command's (or the agent's) status: lingering SDK sockets must not keep PID 1 alive.
  process.exit(status);
}
