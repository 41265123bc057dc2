/** Injected faults, per route (a RegExp on the pathname) and method. Off until a test adds one. */
export type FaultKind = 'status' | 'html' | 'malformed' | 'truncated' | 'latency' | 'reset' | 'rate_limit' | 'timeout';
export const FAULT_KINDS: FaultKind[] = ['status', 'html', 'malformed', 'truncated', 'latency', 'reset', 'rate_limit', 'timeout'];

export interface Fault {
  id: string;
  method?: string;
  path: string;
  kind: FaultKind;
  status?: number;
  latencyMs?: number;
  retryAfter?: number;
  /** Matching requests still to affect; undefined = unlimited. */
  remaining?: number;
}

export class FaultTable {
  private faults: (Fault & { re: RegExp })[] = [];
  private next = 1;

  add(spec: Omit<Fault, 'id' | 'remaining'> & { times?: number }): Fault {
    const re = new RegExp(spec.path);
    const fault: Fault & { re: RegExp } = {
      id: `f${this.next++}`,
      path: spec.path,
      kind: spec.kind,
      re,
      ...(spec.method ? { method: spec.method.toUpperCase() } : {}),
      ...(spec.status !== undefined ? { status: spec.status } : {}),
      ...(spec.latencyMs !== undefined ? { latencyMs: spec.latencyMs } : {}),
      ...(spec.retryAfter !== undefined ? { retryAfter: spec.retryAfter } : {}),
      ...(spec.times !== undefined ? { remaining: spec.times } : {}),
    };
    this.faults.push(fault);
    return fault;
  }

  /** The first live fault for this request; consumes one of its `times`. */
  take(method: string, pathname: string): Fault | undefined {
    const fault = this.faults.find((f) => (!f.method || f.method === method) && f.re.test(pathname) && (f.remaining === undefined || f.remaining > 0));
    if (fault && fault.remaining !== undefined) fault.remaining -= 1;
    return fault;
  }

  list(): Fault[] {
    return this.faults.map(({ re: _re, ...f }) => f);
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }
}

export function htmlErrorPage(status: number): string {
  const title = status === 502 ? '502 Bad Gateway' : status === 503 ? '503 Service Temporarily Unavailable' : `${status} Error`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
