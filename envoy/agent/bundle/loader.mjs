// dist/agent.mjs — starts the Envoy startup agent fast. The agent itself is
// dist/agent-core.cjs (one CommonJS bundle of envoy/agent/run-agent.ts); this
// loader compiles it with the V8 code cache dist/agent-core.cache that the
// build wrote after a warm-up run, so a start skips parsing and compiling
// ~0.8 MB of JavaScript (the bulk of a cold start). A cache from another Node
// or V8 version is rejected by V8 and the core is compiled as usual: slower,
// never wrong. Usage: node dist/agent.mjs --secret-id … [-- envoy -c …]
// In watch mode the resident process is dist/agent-supervisor.cjs (no AWS SDK,
// X.509 or YAML code): it starts `node agent.mjs --material-worker …`, which
// runs the core, for the first fetch and for each check.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

export const CORE_PATH = fileURLToPath(new URL('./agent-core.cjs', import.meta.url));
export const CACHE_PATH = fileURLToPath(new URL('./agent-core.cache', import.meta.url));
export const SUPERVISOR_PATH = fileURLToPath(new URL('./agent-supervisor.cjs', import.meta.url));
const MATERIAL_WORKER_FLAG = '--material-worker';

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

/**
 * Runs that end soon go straight to the core, without loading the supervisor
 * first (~20 ms of a --once start): flags before `--` or their variables name
 * them. Anything else starts the supervisor, which sends what it does not keep
 * resident (bad settings too) to the core as well; the core is the whole agent,
 * so either road behaves the same.
 */
function endsSoon(argv, env) {
  const flags = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  return (
    flags.some((f) => f === '--once' || f === '--print-config' || f === '--help' || f === '-h') ||
    Boolean(env.PCA_MTLS_ONCE || env.PCA_MTLS_PRINT_CONFIG)
  );
}

/** The agent as the image runs it: the worker, the core for runs that end soon, or the resident supervisor. */
async function main(argv) {
  if (argv[0] === MATERIAL_WORKER_FLAG) return loadAgentCore().core.runWorker(argv.slice(1));
  if (endsSoon(argv, process.env)) return loadAgentCore().core.run(argv);
  const { runSupervisor } = createRequire(SUPERVISOR_PATH)(SUPERVISOR_PATH);
  return runSupervisor(argv, {
    runCore: (args) => loadAgentCore().core.run(args),
    selfCommand: [process.execPath, fileURLToPath(import.meta.url)],
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const status = await main(process.argv.slice(2));
  // Exit now with the command's (or the agent's) status: lingering SDK sockets must not keep PID 1 alive.
  process.exit(status);
}
