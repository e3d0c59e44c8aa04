import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsModelsDir } from '../paths.js';
import { modelOverlays } from './model-overlays.js';

/** The four AWS wire protocols of the aws-sdk v2 models (plus CBOR is not needed by installed clients). */
export type Protocol = 'json' | 'rest-json' | 'query' | 'ec2';

type RawRef = Record<string, unknown> & { shape?: string; type?: string };

/** A shape of an AWS model with its references resolved (compiled once per model, reused per request). */
export interface Shape {
  readonly type:
    | 'structure'
    | 'list'
    | 'map'
    | 'string'
    | 'integer'
    | 'long'
    | 'float'
    | 'double'
    | 'boolean'
    | 'timestamp'
    | 'blob';
  readonly members: ReadonlyMap<string, Member>;
  /** For lists. */
  readonly member?: Member;
  /** For maps. */
  readonly key?: Member;
  readonly value?: Member;
  readonly flattened: boolean;
  readonly timestampFormat?: string;
  /** JSON-encoded string (`jsonvalue`). */
  readonly jsonvalue: boolean;
  /** rest-json: the member sent as the raw body. */
  readonly payload?: string;
}

export interface Member {
  readonly name: string;
  readonly shape: Shape;
  readonly locationName?: string;
  readonly location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  readonly queryName?: string;
  readonly flattened: boolean;
  readonly timestampFormat?: string;
  readonly xmlAttribute: boolean;
}

export interface Paginator {
  readonly inputToken: string;
  readonly outputToken: string;
  readonly limitKey?: string;
  readonly resultKey: string;
  readonly moreResults?: string;
}

export interface Operation {
  readonly name: string;
  readonly method: string;
  readonly requestUri: string;
  readonly responseCode: number;
  readonly input: Shape;
  readonly output: Shape;
  readonly resultWrapper?: string;
  readonly paginator?: Paginator;
  /** rest-json: compiled path template. */
  readonly path?: { regex: RegExp; labels: string[]; greedy: Set<string>; query: Record<string, string> };
}

export interface ServiceModel {
  readonly uid: string;
  readonly protocol: Protocol;
  readonly apiVersion: string;
  readonly signingName: string;
  readonly targetPrefix?: string;
  readonly jsonVersion?: string;
  readonly xmlNamespace?: string;
  readonly operations: ReadonlyMap<string, Operation>;
}

const cache = new Map<string, ServiceModel>();

const EMPTY_MEMBERS: ReadonlyMap<string, Member> = new Map();
const EMPTY_STRUCTURE: Shape = {
  type: 'structure',
  members: EMPTY_MEMBERS,
  flattened: false,
  jsonvalue: false,
};

type RawOperation = RawRef & { http?: Record<string, unknown>; input?: RawRef; output?: RawRef };
type RawPaginator = Record<string, unknown>;

interface RawModel {
  metadata: Record<string, string>;
  operations: Record<string, RawOperation>;
  shapes: Record<string, RawRef>;
  paginators: Record<string, RawPaginator>;
}

/** Loads and compiles `data/aws-models/<uid>.min.json` (+ paginators), cached per process. */
export function loadModel(uid: string): ServiceModel {
  const cached = cache.get(uid);
  if (cached) return cached;
  const raw = readModel(uid);
  const compileShape = shapeCompiler(uid, raw.shapes);
  const operations = new Map<string, Operation>();
  for (const [name, op] of Object.entries(raw.operations)) {
    operations.set(
      name,
      compileOperation(name, op, raw.paginators[name], compileShape, raw.metadata.protocol),
    );
  }
  const model: ServiceModel = {
    uid,
    protocol: raw.metadata.protocol as Protocol,
    apiVersion: raw.metadata.apiVersion as string,
    signingName: raw.metadata.signingName ?? (raw.metadata.endpointPrefix as string),
    targetPrefix: raw.metadata.targetPrefix,
    jsonVersion: raw.metadata.jsonVersion,
    xmlNamespace: raw.metadata.xmlNamespace,
    operations,
  };
  cache.set(uid, model);
  return model;
}

/** The vendored model and its paginators, with the overlays applied. */
function readModel(uid: string): RawModel {
  const raw = JSON.parse(readFileSync(join(awsModelsDir, `${uid}.min.json`), 'utf8')) as Omit<
    RawModel,
    'paginators'
  >;
  let paginators: Record<string, RawPaginator> = {};
  try {
    paginators = (
      JSON.parse(readFileSync(join(awsModelsDir, `${uid}.paginators.json`), 'utf8')) as {
        pagination: Record<string, RawPaginator>;
      }
    ).pagination;
  } catch {
    // Some services have no paginators file.
  }
  // Operations newer than the v2 models (see model-overlays.ts).
  const overlay = modelOverlays[uid];
  if (overlay) {
    raw.operations = { ...raw.operations, ...(overlay.operations as typeof raw.operations) };
    raw.shapes = { ...raw.shapes, ...(overlay.shapes as typeof raw.shapes) };
    paginators = { ...paginators, ...overlay.pagination };
  }
  return { ...raw, paginators };
}

/** Resolves shape references of one model; named shapes are compiled once and shared. */
function shapeCompiler(uid: string, shapes: Record<string, RawRef>): (ref: RawRef) => Shape {
  const named = new Map<string, Shape>();
  const compileShape = (ref: RawRef): Shape => {
    if (ref.shape) {
      const existing = named.get(ref.shape);
      if (existing) return existing;
      const target = shapes[ref.shape];
      if (!target) throw new Error(`${uid}: unknown shape ${ref.shape}`);
      // Insert before compiling members so recursive shapes terminate.
      const shape = {} as { -readonly [K in keyof Shape]: Shape[K] };
      named.set(ref.shape, shape);
      Object.assign(shape, build(target));
      return shape;
    }
    return build(ref);
  };
  const compileMember = (name: string, ref: RawRef): Member => {
    const shape = compileShape(ref);
    return {
      name,
      shape,
      locationName: ref.locationName as string | undefined,
      location: ref.location as Member['location'],
      queryName: ref.queryName as string | undefined,
      flattened: (ref.flattened as boolean | undefined) ?? shape.flattened,
      timestampFormat: (ref.timestampFormat as string | undefined) ?? shape.timestampFormat,
      xmlAttribute: ref.xmlAttribute === true,
    };
  };
  const build = (ref: RawRef): Shape => {
    // min.json drops `type` for strings.
    const type = (ref.type ?? (ref.members ? 'structure' : 'string')) as Shape['type'];
    const members = new Map<string, Member>();
    if (type === 'structure') {
      for (const [name, memberRef] of Object.entries((ref.members ?? {}) as Record<string, RawRef>)) {
        members.set(name, compileMember(name, memberRef));
      }
    }
    return {
      type,
      members,
      member: type === 'list' ? compileMember('member', (ref.member ?? {}) as RawRef) : undefined,
      key: type === 'map' ? compileMember('key', (ref.key ?? {}) as RawRef) : undefined,
      value: type === 'map' ? compileMember('value', (ref.value ?? {}) as RawRef) : undefined,
      flattened: ref.flattened === true,
      timestampFormat: ref.timestampFormat as string | undefined,
      jsonvalue: ref.jsonvalue === true,
      payload: ref.payload as string | undefined,
    };
  };
  return compileShape;
}

function compileOperation(
  name: string,
  op: RawOperation,
  pag: RawPaginator | undefined,
  compileShape: (ref: RawRef) => Shape,
  protocol: string | undefined,
): Operation {
  const http = (op.http ?? {}) as { method?: string; requestUri?: string; responseCode?: number };
  const requestUri = http.requestUri ?? '/';
  const output = op.output ? compileShape(op.output) : EMPTY_STRUCTURE;
  // Many paginators.json entries omit result_key: the output's only list member is the result.
  const lists = [...output.members.values()].filter((m) => m.shape.type === 'list').map((m) => m.name);
  const resultKey =
    (Array.isArray(pag?.result_key) ? pag.result_key[0] : pag?.result_key) ??
    (pag && lists.length === 1 ? lists[0] : undefined);
  const outputToken = Array.isArray(pag?.output_token) ? pag.output_token[0] : pag?.output_token;
  const inputToken = Array.isArray(pag?.input_token) ? pag.input_token[0] : pag?.input_token;
  return {
    name,
    method: http.method ?? 'POST',
    requestUri,
    responseCode: http.responseCode ?? 200,
    input: op.input ? compileShape(op.input) : EMPTY_STRUCTURE,
    output,
    resultWrapper: op.output?.resultWrapper as string | undefined,
    paginator:
      typeof resultKey === 'string' && typeof outputToken === 'string' && typeof inputToken === 'string'
        ? {
            inputToken,
            outputToken,
            resultKey,
            limitKey: pag?.limit_key as string | undefined,
            moreResults: pag?.more_results as string | undefined,
          }
        : undefined,
    path: protocol === 'rest-json' ? compilePath(requestUri) : undefined,
  };
}

/** `/2021-01-01/opensearch/domain/{DomainName}/config?x=y` → a regex with one group per label. */
function compilePath(requestUri: string): Operation['path'] {
  const [pathPart = '/', queryPart] = requestUri.split('?');
  const labels: string[] = [];
  const greedy = new Set<string>();
  const pattern = pathPart
    .split(/(\{[^}]+\})/)
    .map((piece) => {
      const label = /^\{([^}+]+)(\+?)\}$/.exec(piece);
      if (!label) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      labels.push(label[1] as string);
      if (label[2]) {
        greedy.add(label[1] as string);
        return '(.+)';
      }
      return '([^/]+)';
    })
    .join('');
  const query: Record<string, string> = {};
  for (const pair of (queryPart ?? '').split('&').filter(Boolean)) {
    const [k = '', v = ''] = pair.split('=');
    query[k] = v;
  }
  // `/2015-03-31/functions/` (Lambda) is sent without its trailing slash by v3 clients.
  return { regex: new RegExp(`^${pattern.replace(/\/$/, '')}/?$`), labels, greedy, query };
}
