// The agent's entry point, bundled as dist/agent.mjs: `node dist/agent.mjs --secret-id … -- envoy -c …`.
// A shim over `run`, which takes every dependency as a parameter (tests call it directly).
import { run } from './run-agent.ts';

const status = await run(process.argv.slice(2));
// Exit now with the command's (or the agent's) status: lingering SDK sockets must not keep PID 1 alive.
process.exit(status);
