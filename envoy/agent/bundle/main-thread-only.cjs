// Stands in for `worker_threads` where pino's lib/tools.js asks only whether it
// runs on the main thread (to flush async destinations on exit): the resident
// agent always does, and loading worker_threads for that one boolean costs it
// memory. Only dist/agent-supervisor.cjs uses this stand-in.
'use strict';
module.exports = { isMainThread: true };
