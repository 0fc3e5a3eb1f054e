/** `node agent.mjs --material-worker start|check …`: the bundle's loader runs the material worker (worker-main.ts). */
export const MATERIAL_WORKER_FLAG = '--material-worker';
