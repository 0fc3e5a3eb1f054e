/**
 * What the agent knows about the material in place, for /healthz, /metrics
 * and logs. Holds no secret: serials, dates, version ids and error codes only.
 */
export interface MaterialInPlace {
  readonly identity: string;
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The Secrets Manager versions the files came from. */
  readonly identityVersionId: string;
  readonly trustVersionId: string;
  /** The `v-…` directory `current` points at. */
  readonly version: string;
  readonly writtenAt: Date;
}

export interface FailureRecord {
  readonly code: string;
  readonly message: string;
  readonly at: Date;
}

export interface StatusListener {
  materialWritten?(material: MaterialInPlace, rotation: boolean): void;
  checkFailed?(failure: FailureRecord): void;
  checked?(at: Date): void;
}

/**
 * Past this fraction of the certificate's lifetime the material counts as
 * overdue for renewal and /healthz fails. Renewal runs well before it: ACM at
 * ~85% (60 of 395 days left), the reconcile sweep at 2/3 for `pca` certificates.
 */
export const RENEWAL_OVERDUE_FRACTION = 0.9;

export class AgentStatus {
  material?: MaterialInPlace;
  lastRotationAt?: Date;
  lastCheckAt?: Date;
  lastFailure?: FailureRecord;
  rotations = 0;
  failures = 0;
  private readonly listeners: StatusListener[] = [];

  subscribe(listener: StatusListener): void {
    this.listeners.push(listener);
  }

  /** Material was verified and swapped in; `rotation` is false for the first write of this process. */
  materialWritten(material: MaterialInPlace): void {
    const rotation = this.material !== undefined;
    this.material = material;
    if (rotation) {
      this.rotations++;
      this.lastRotationAt = material.writtenAt;
    }
    for (const l of this.listeners) l.materialWritten?.(material, rotation);
  }

  checkFailed(code: string, message: string, at: Date): void {
    this.failures++;
    this.lastFailure = { code, message, at };
    for (const l of this.listeners) l.checkFailed?.(this.lastFailure);
  }

  checked(at: Date): void {
    this.lastCheckAt = at;
    for (const l of this.listeners) l.checked?.(at);
  }

  /** When the material in place becomes overdue for renewal. */
  renewalDeadline(): Date | undefined {
    const m = this.material;
    if (!m) return undefined;
    const lifetime = m.notAfter.getTime() - m.notBefore.getTime();
    return new Date(m.notBefore.getTime() + lifetime * RENEWAL_OVERDUE_FRACTION);
  }

  /** Healthy: valid material in place, not expired, not past the renewal threshold. */
  health(now: Date): { healthy: boolean; reason?: string } {
    const m = this.material;
    if (!m) return { healthy: false, reason: 'no verified material written yet' };
    if (now.getTime() >= m.notAfter.getTime())
      return { healthy: false, reason: `certificate ${m.serial} expired at ${m.notAfter.toISOString()}` };
    if (now.getTime() < m.notBefore.getTime())
      return { healthy: false, reason: `certificate ${m.serial} is not valid before ${m.notBefore.toISOString()}` };
    const deadline = this.renewalDeadline()!;
    if (now.getTime() >= deadline.getTime()) {
      return {
        healthy: false,
        reason: `certificate ${m.serial} is past its renewal threshold (${deadline.toISOString()}); renewal has not reached this task`,
      };
    }
    return { healthy: true };
  }
}
