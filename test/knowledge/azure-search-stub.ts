import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The admin key the stub expects in the api-key header. */
export const API_KEY = 'stub-admin-key-7f3a9c41e2b8';

export type Doc = Record<string, unknown>;

export interface SeenRequest {
  method: string;
  path: string;
  apiVersion: string | null;
  apiKey: string | undefined;
  body: any;
}

/** What the stub does instead of answering normally: a status to return, or no answer at all. */
type Fault = { status: number; headers?: Record<string, string>; json?: unknown } | 'hang';

interface StubIndex {
  definition: any;
  docs: Map<string, Doc>;
}

/** A tiny OData filter evaluator for the forms the backend sends: eq/ne/gt/lt/ge/le, and/or/not, parentheses, search.in. */
function compileFilter(text: string, isFilterable: (field: string) => boolean): (doc: Doc) => boolean {
  const tokens: string[] = [];
  const lexer = /\s*(?:'(?:[^']|'')*'|[(),]|-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_.]*)\s*/y;
  while (lexer.lastIndex < text.length) {
    const at = lexer.lastIndex;
    const m = lexer.exec(text);
    if (!m) throw new Error(`Invalid expression: cannot read the filter at position ${at}.`);
    tokens.push(m[0].trim());
  }
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const take = (expected?: string): string => {
    const t = tokens[pos++];
    if (t === undefined || (expected !== undefined && t !== expected))
      throw new Error(`Invalid expression: expected ${expected ?? 'more'} at token ${pos}.`);
    return t;
  };
  const field = (): string => {
    const name = take();
    if (!/^[A-Za-z_]\w*$/.test(name) || !isFilterable(name))
      throw new Error(`Invalid expression: '${name}' is not a filterable field.`);
    return name;
  };
  const literal = (): unknown => {
    const t = take();
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    if (/^-?\d/.test(t)) return Number(t);
    throw new Error(`Invalid expression: '${t}' is not a constant.`);
  };
  type Node = (doc: Doc) => boolean;
  const primary = (): Node => {
    if (peek() === '(') {
      take('(');
      const inner = orExpr();
      take(')');
      return inner;
    }
    if (peek() === 'not') {
      take();
      const inner = primary();
      return (d) => !inner(d);
    }
    if (peek() === 'search.in') {
      take();
      take('(');
      const name = field();
      take(',');
      const list = literal();
      let delimiters = ' ,';
      if (peek() === ',') {
        take(',');
        delimiters = String(literal());
      }
      take(')');
      const values = String(list)
        .split(new RegExp(`[${delimiters.replace(/[\]\\^-]/g, '\\$&')}]`))
        .filter((v) => v !== '');
      return (d) => values.includes(d[name] as string);
    }
    const name = field();
    const op = take();
    const value = literal();
    const compare: Record<string, (a: any, b: any) => boolean> = {
      eq: (a, b) => (a ?? null) === b,
      ne: (a, b) => (a ?? null) !== b,
      gt: (a, b) => a !== null && a !== undefined && a > b,
      lt: (a, b) => a !== null && a !== undefined && a < b,
      ge: (a, b) => a !== null && a !== undefined && a >= b,
      le: (a, b) => a !== null && a !== undefined && a <= b,
    };
    if (!compare[op]) throw new Error(`Invalid expression: unknown operator '${op}'.`);
    return (d) => compare[op](d[name], value);
  };
  const andExpr = (): Node => {
    let left = primary();
    while (peek() === 'and') {
      take();
      const l = left;
      const r = primary();
      left = (d) => l(d) && r(d);
    }
    return left;
  };
  function orExpr(): Node {
    let left = andExpr();
    while (peek() === 'or') {
      take();
      const l = left;
      const r = andExpr();
      left = (d) => l(d) || r(d);
    }
    return left;
  }
  const node = orExpr();
  if (pos !== tokens.length) throw new Error(`Invalid expression: unexpected '${tokens[pos]}'.`);
  return node;
}

const words = (s: unknown): string[] =>
  String(s ?? '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * A local stand-in for the Azure AI Search REST API (the paths and bodies @azure/search-documents uses):
 * index definitions, batch indexing and POST search, with documents kept in memory, term-count scoring
 * weighted by the index's default scoring profile, and the OData filters evaluated against filterable fields.
 */
export async function startSearchStub(): Promise<{
  url: string;
  seen: SeenRequest[];
  indexes: Map<string, StubIndex>;
  fault: (f: ((req: SeenRequest) => Fault | undefined) | undefined) => void;
  failDocuments: (f: ((key: string) => number | undefined) | undefined) => void;
  ignoreFilters: (on: boolean) => void;
  close: () => Promise<void>;
}> {
  const seen: SeenRequest[] = [];
  const indexes = new Map<string, StubIndex>();
  let fault: ((req: SeenRequest) => Fault | undefined) | undefined;
  let ignoreFilters = false;
  let failDocument: ((key: string) => number | undefined) | undefined;
  const fieldOf = (index: StubIndex, name: string): any => index.definition.fields.find((f: any) => f.name === name);

  const searchDocs = (index: StubIndex, body: any): { status: number; json: unknown } => {
    if (body.queryType === 'semantic') {
      const names = (index.definition.semantic?.configurations ?? []).map((c: any) => c.name);
      if (!names.includes(body.semanticConfiguration))
        return {
          status: 400,
          json: { error: { message: `Unknown semantic configuration '${body.semanticConfiguration}'.` } },
        };
    }
    let filter: (d: Doc) => boolean = () => true;
    if (body.filter && !ignoreFilters)
      filter = compileFilter(body.filter, (f) => Boolean(fieldOf(index, f)?.filterable));
    const searchable = index.definition.fields.filter((f: any) => f.searchable).map((f: any) => f.name as string);
    const searchFields: string[] = body.searchFields ? String(body.searchFields).split(',') : searchable;
    for (const f of searchFields)
      if (!searchable.includes(f)) throw new Error(`Invalid expression: '${f}' is not searchable.`);
    const profile = (index.definition.scoringProfiles ?? []).find(
      (p: any) => p.name === index.definition.defaultScoringProfile,
    );
    const weights: Record<string, number> = profile?.text?.weights ?? {};
    const terms = new Set(words(body.search));
    const scored: Array<{ doc: Doc; score: number }> = [];
    for (const doc of index.docs.values()) {
      if (!filter(doc)) continue;
      let score = 0;
      if (body.search === '*') score = 1;
      else for (const f of searchFields) score += words(doc[f]).filter((w) => terms.has(w)).length * (weights[f] ?? 1);
      if (score > 0) scored.push({ doc, score });
    }
    if (body.orderby) {
      const [name, dir] = String(body.orderby).split(' ');
      if (!fieldOf(index, name)?.sortable) throw new Error(`Invalid expression: '${name}' is not sortable.`);
      const sign = dir === 'desc' ? -1 : 1;
      scored.sort((a, b) =>
        a.doc[name] === b.doc[name] ? 0 : (a.doc[name] as string) < (b.doc[name] as string) ? -sign : sign,
      );
    } else {
      scored.sort((a, b) => b.score - a.score || String(a.doc.id).localeCompare(String(b.doc.id)));
    }
    const select: string[] | undefined =
      body.select && body.select !== '*' ? String(body.select).split(',') : undefined;
    for (const f of select ?? [])
      if (!fieldOf(index, f)) throw new Error(`Invalid expression: unknown field '${f}' in select.`);
    const top = body.top ?? 50;
    const best = scored[0]?.score ?? 1;
    const value = scored.slice(0, top).map(({ doc, score }) => ({
      '@search.score': score,
      ...(body.queryType === 'semantic'
        ? { '@search.rerankerScore': Math.round((4 * score * 1000) / best) / 1000 }
        : {}),
      ...(select ? Object.fromEntries(select.map((f) => [f, doc[f] ?? null])) : doc),
    }));
    return { status: 200, json: { value } };
  };

  const indexDocs = (index: StubIndex, body: any): { status: number; json: unknown } => {
    const keyField = index.definition.fields.find((f: any) => f.key).name as string;
    const value = (body.value as Doc[]).map((action) => {
      const { '@search.action': kind, ...fields } = action;
      const key = String(fields[keyField] ?? '');
      if (!/^[A-Za-z0-9_\-=]+$/.test(key))
        return { key, status: false, errorMessage: `Invalid document key: '${key}'.`, statusCode: 400 };
      for (const name of Object.keys(fields))
        if (!fieldOf(index, name))
          return {
            key,
            status: false,
            errorMessage: `The property '${name}' does not exist on the index.`,
            statusCode: 400,
          };
      const injected = failDocument?.(key);
      if (injected) return { key, status: false, errorMessage: 'Injected document failure.', statusCode: injected };
      const existing = index.docs.get(key);
      if (kind === 'delete') {
        index.docs.delete(key);
        return { key, status: true, errorMessage: null, statusCode: 200 };
      }
      if (kind === 'mergeOrUpload' || kind === 'upload') {
        index.docs.set(key, kind === 'upload' ? fields : { ...(existing ?? {}), ...fields });
        return { key, status: true, errorMessage: null, statusCode: existing ? 200 : 201 };
      }
      return { key, status: false, errorMessage: `Unsupported action '${String(kind)}'.`, statusCode: 400 };
    });
    return { status: value.every((v) => v.status) ? 200 : 207, json: { value } };
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const seenReq: SeenRequest = {
        method: req.method ?? '',
        path: decodeURIComponent(url.pathname),
        apiVersion: url.searchParams.get('api-version'),
        apiKey: req.headers['api-key'] as string | undefined,
        body: raw ? JSON.parse(raw) : undefined,
      };
      seen.push(seenReq);
      const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
        // Not chained: restify, loaded by other suites in the same worker, patches ServerResponse.writeHead to return nothing.
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(json === undefined ? undefined : JSON.stringify(json));
      };
      const injected = fault?.(seenReq);
      if (injected === 'hang') return;
      if (injected)
        return send(injected.status, injected.json ?? { error: { message: 'Injected failure.' } }, injected.headers);
      if (seenReq.apiKey !== API_KEY) return send(403, { error: { message: 'Access denied.' } });
      if (!seenReq.apiVersion) return send(400, { error: { message: 'The api-version query parameter is required.' } });
      const m = /^\/indexes\('([^']+)'\)(\/docs\/search\.(?:index|post\.search))?$/.exec(seenReq.path);
      if (!m) return send(404, { error: { message: `No route for ${seenReq.method} ${seenReq.path}.` } });
      const [, name, docsPath] = m;
      const index = indexes.get(name);
      try {
        if (!docsPath && seenReq.method === 'GET') {
          return index
            ? send(200, index.definition)
            : send(404, {
                error: { code: 'ResourceNotFound', message: `No index with the name '${name}' was found.` },
              });
        }
        if (!docsPath && seenReq.method === 'PUT') {
          if (seenReq.body.name !== name)
            return send(400, { error: { message: 'The index name in the body does not match the URL.' } });
          const keys = seenReq.body.fields.filter((f: any) => f.key);
          if (keys.length !== 1 || keys[0].type !== 'Edm.String')
            return send(400, { error: { message: 'An index needs exactly one key field of type Edm.String.' } });
          indexes.set(name, { definition: seenReq.body, docs: index?.docs ?? new Map() });
          return send(index ? 200 : 201, seenReq.body);
        }
        if (!index) return send(404, { error: { message: `No index with the name '${name}' was found.` } });
        if (docsPath === '/docs/search.index' && seenReq.method === 'POST') {
          const r = indexDocs(index, seenReq.body);
          return send(r.status, r.json);
        }
        if (docsPath === '/docs/search.post.search' && seenReq.method === 'POST') {
          const r = searchDocs(index, seenReq.body);
          return send(r.status, r.json);
        }
        return send(405, { error: { message: 'Method not allowed.' } });
      } catch (err) {
        return send(400, { error: { code: 'InvalidRequestParameter', message: (err as Error).message } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    indexes,
    fault: (f) => (fault = f),
    failDocuments: (f) => (failDocument = f),
    ignoreFilters: (on) => (ignoreFilters = on),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A running search stub. */
export type SearchStub = Awaited<ReturnType<typeof startSearchStub>>;
