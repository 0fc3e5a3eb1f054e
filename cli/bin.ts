// The entry point: `node cli/bin.ts …` in development (Node 24 strips the types), bundled as dist/cli.mjs.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
