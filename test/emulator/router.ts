/** A tiny router: route templates like /v4/sources/{source_id}, matched in registration order. */
import type { IncomingMessage } from 'node:http';
import type { Reply } from './errors';
import type { AccountState } from './state';
import type { World } from './world';

export interface Ctx {
  world: World;
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  bodyText: string;
  /** The caller's account (auth routes only). */
  acc: AccountState;
  clientId: number;
  nowMs: number;
}

export type BodyResult = { ok: true; value: unknown } | { ok: false };

export function parseBody(ctx: Ctx): BodyResult {
  if (ctx.bodyText.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(ctx.bodyText) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export interface Match {
  template: string;
  params: Record<string, string>;
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    const keys: string[] = [];
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a: string, b: string) => {
      keys.push(a ?? b);
      return '([^/]+)';
    });
    this.routes.push({ method, template, pattern: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  /** A path matched under another method is still a 404 on Stitch (no 405), so only exact matches count. */
  match(method: string, pathname: string): Match | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.pattern.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)));
      return { template: r.template, params, handler: r.handler };
    }
    return undefined;
  }
}
