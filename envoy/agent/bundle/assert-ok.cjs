// Stands in for `assert` in sonic-boom (pino's fd writer), which calls it as
// assert(condition, message) only: the same check without loading node:assert
// and its diffing machinery into the resident agent. dist/agent-supervisor.cjs only.
'use strict';
module.exports = function assertOk(condition, message) {
  if (!condition) throw new Error(message);
};
