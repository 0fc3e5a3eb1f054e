// Preloaded (node -r) by bench/lambda-init.mjs: prints the process's CPU time at exit (user + system, all
// its threads), which unlike wall time does not grow with what else the machine runs.
'use strict';
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`cpu-us ${user + system}\n`);
});
