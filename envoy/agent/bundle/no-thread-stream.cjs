// Stands in for pino's `thread-stream` in dist/agent-supervisor.cjs. The agent
// logs through pino.destination (synchronous fd 2), never a pino transport,
// and thread-stream loads worker_threads (with assert and more) on require:
// ~2 MB of the resident agent for nothing. Used anyway, it fails loudly.
'use strict';
module.exports = class ThreadStreamNotBundled {
  constructor() {
    throw new Error('pino transports (thread-stream) are not part of the agent bundle; log to a destination');
  }
};
