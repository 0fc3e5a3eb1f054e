/**
 * Keeps the TLS material of a long-running server or client current while the
 * agent rotates `<out-dir>/current`: a directory watch reacts within moments,
 * and a slow poll of the link catches what inotify misses (a rename can be
 * coalesced or lost, the watch can die with its directory). A new set is
 * swapped in only after it passed every check in `readTlsMaterial`; on any
 * error the previous material stays in use and the error is logged once per
 * target (file names and serials only, never key material).
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../logger.ts';
import { readTlsMaterial, resolveCurrentDirectory, type TlsMaterial } from './tls-material-files.ts';

/** How often the link is re-read even when no watch event came. */
export const DEFAULT_TLS_POLL_INTERVAL_MS = 10_000;
/** A swap fires several events (symlink created, renamed); one reload after they settle. */
export const WATCH_DEBOUNCE_MS = 50;

export interface ReloadingTlsMaterialOptions {
  /** The agent's output directory (holding the `current` link). */
  outDir: string;
  logger: Logger;
  /** Default DEFAULT_TLS_POLL_INTERVAL_MS; 0 turns the poll off. */
  pollIntervalMs?: number;
  /** Default true; false relies on the poll alone. */
  watchDirectory?: boolean;
}

export type TlsMaterialListener = (material: TlsMaterial) => void;

export class ReloadingTlsMaterial {
  private material: TlsMaterial;
  private readonly listeners = new Set<TlsMaterialListener>();
  private watcher: FSWatcher | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private running: Promise<boolean> | undefined;
  private recheck = false;
  /** The directory whose material was refused, so the same failure is logged once. */
  private refused: string | undefined;
  private closed = false;

  constructor(
    initial: TlsMaterial,
    private readonly options: ReloadingTlsMaterialOptions,
  ) {
    this.material = initial;
  }

  /** The material in use now. */
  get current(): TlsMaterial {
    return this.material;
  }

  /** Calls `listener` with each new set after it was swapped in; returns the unsubscribe function. */
  onChange(listener: TlsMaterialListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves the link and swaps in the material when it points somewhere new.
   * Calls overlap safely: one check runs at a time, and an event that arrives
   * during it causes one more. Resolves true when a new set was swapped in.
   */
  checkNow(): Promise<boolean> {
    if (this.running) {
      this.recheck = true;
      return this.running;
    }
    this.running = (async () => {
      let swapped = false;
      do {
        this.recheck = false;
        swapped = (await this.checkOnce()) || swapped;
      } while (this.recheck && !this.closed);
      return swapped;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Starts watching and polling. */
  start(): this {
    const { outDir, logger, pollIntervalMs = DEFAULT_TLS_POLL_INTERVAL_MS, watchDirectory = true } = this.options;
    if (watchDirectory) {
      try {
        this.watcher = watch(outDir, { persistent: false }, () => this.scheduleCheck());
        this.watcher.on('error', (err) => {
          logger.warn({ err: { message: err.message }, outDir }, 'TLS directory watch failed; relying on the poll');
          this.watcher?.close();
          this.watcher = undefined;
        });
      } catch (err) {
        logger.warn(
          { err: { message: (err as Error).message }, outDir },
          'cannot watch the TLS directory; relying on the poll',
        );
      }
    }
    if (pollIntervalMs > 0) {
      this.pollTimer = setInterval(() => void this.checkNow(), pollIntervalMs);
      this.pollTimer.unref();
    }
    return this;
  }

  /** Stops watching; the current material stays readable. */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
    clearInterval(this.pollTimer);
    clearTimeout(this.debounceTimer);
  }

  private scheduleCheck(): void {
    if (this.closed) return;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => void this.checkNow(), WATCH_DEBOUNCE_MS);
    this.debounceTimer.unref();
  }

  private async checkOnce(): Promise<boolean> {
    const { outDir, logger } = this.options;
    let target: string | undefined;
    try {
      target = await resolveCurrentDirectory(outDir);
    } catch (err) {
      logger.error(
        { err: { code: (err as NodeJS.ErrnoException).code }, outDir },
        'cannot resolve the current TLS directory; keeping the loaded certificate',
      );
      return false;
    }
    if (!target || target === this.material.directory || target === this.refused) return false;
    let next: TlsMaterial;
    try {
      next = await readTlsMaterial(outDir);
    } catch (err) {
      this.refused = target;
      const e = err as { code?: string; message?: string };
      logger.error(
        { err: { code: e.code, message: e.message }, directory: target, keptSerial: this.material.leaf.serial },
        'refused new TLS material; keeping the loaded certificate',
      );
      return false;
    }
    if (this.closed) return false;
    const previous = this.material;
    this.material = next;
    this.refused = undefined;
    logger.info(
      {
        directory: next.directory,
        serial: next.leaf.serial,
        notAfter: next.leaf.notAfter,
        previousSerial: previous.leaf.serial,
      },
      'TLS material rotated',
    );
    for (const listener of this.listeners) {
      try {
        listener(next);
      } catch (err) {
        logger.error(
          { err: { message: (err as Error).message }, serial: next.leaf.serial },
          'a TLS material listener failed',
        );
      }
    }
    return true;
  }
}

/**
 * Loads the material (failing when it is missing or inconsistent: a server
 * must not start without it) and keeps it current.
 *
 * @example
 * const tls = await watchTlsMaterial({ outDir: '/run/pca-mtls', logger });
 * tls.onChange((m) => server.setSecureContext(secureContextOptions(m)));
 * // on shutdown: tls.close()
 */
export async function watchTlsMaterial(options: ReloadingTlsMaterialOptions): Promise<ReloadingTlsMaterial> {
  const initial = await readTlsMaterial(options.outDir);
  options.logger.info(
    { directory: initial.directory, serial: initial.leaf.serial, notAfter: initial.leaf.notAfter },
    'TLS material loaded',
  );
  return new ReloadingTlsMaterial(initial, options).start();
}
