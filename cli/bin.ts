// The entry point: `tsx cli/bin.ts …` in development, bundled as dist/cli.mjs.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
