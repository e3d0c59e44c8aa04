import type { Member, Shape } from './model.js';

/** Serializes and parses values by a compiled AWS model shape, per protocol. */

// ---------- values ----------

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  return undefined;
}

function formatTimestamp(value: unknown, format: string): string | number | undefined {
  const date = toDate(value);
  if (!date) return undefined;
  if (format === 'unixTimestamp') return date.getTime() / 1000;
  if (format === 'rfc822') return date.toUTCString();
  return date.toISOString();
}

function toBase64(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return Buffer.from(String(value), 'utf8').toString('base64');
}

// ---------- JSON (json, rest-json) ----------

/** Output value → JSON-ready value. Unset (undefined/null) members are left out, as AWS does. */
export function toJson(value: unknown, shape: Shape, timestampFormat?: string, bodyOnly = false): unknown {
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null) return undefined;
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const member of shape.members.values()) {
        if (bodyOnly && member.location) continue;
        const v = source[member.name];
        if (v === undefined || v === null) continue;
        const encoded = toJson(v, member.shape, member.timestampFormat);
        if (encoded !== undefined) out[member.locationName ?? member.name] = encoded;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const member = shape.member as Member;
      return value.map((item) => toJson(item, member.shape, member.timestampFormat) ?? null);
    }
    case 'map': {
      if (typeof value !== 'object' || value === null) return undefined;
      const valueMember = shape.value as Member;
      const out: Record<string, unknown> = {};
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
      for (const [k, v] of entries)
        out[String(k)] = toJson(v, valueMember.shape, valueMember.timestampFormat);
      return out;
    }
    case 'timestamp':
      return formatTimestamp(value, timestampFormat ?? shape.timestampFormat ?? 'unixTimestamp');
    case 'blob':
      return toBase64(value);
    case 'boolean':
      return Boolean(value);
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return Number(value);
    default:
      return shape.jsonvalue && typeof value !== 'string' ? JSON.stringify(value) : String(value);
  }
}

/** Parsed JSON request value → handler input (member names, Date timestamps). */
export function fromJson(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object') return undefined;
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const member of shape.members.values()) {
        if (member.location) continue;
        const v = source[member.locationName ?? member.name];
        if (v !== undefined) out[member.name] = fromJson(v, member.shape);
      }
      return out;
    }
    case 'list':
      return Array.isArray(value)
        ? value.map((item) => fromJson(item, (shape.member as Member).shape))
        : undefined;
    case 'map': {
      if (typeof value !== 'object') return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = fromJson(v, (shape.value as Member).shape);
      return out;
    }
    case 'timestamp':
      return toDate(value);
    default:
      return fromScalar(value, shape);
  }
}

function fromScalar(value: unknown, shape: Shape): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return Number(value);
    case 'boolean':
      return value === true || value === 'true';
    case 'timestamp': {
      const n = Number(value);
      return typeof value === 'string' && !Number.isNaN(n) ? new Date(n * 1000) : toDate(value);
    }
    default:
      return value;
  }
}

// ---------- XML (query, ec2) ----------

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** Appends the members of a structure value as XML elements. */
export function structureToXml(out: string[], value: unknown, shape: Shape, ec2: boolean): void {
  if (typeof value !== 'object' || value === null) return;
  const source = value as Record<string, unknown>;
  for (const member of shape.members.values()) {
    const v = source[member.name];
    if (v === undefined || v === null || member.xmlAttribute) continue;
    memberToXml(out, v, member, member.locationName ?? member.name, ec2);
  }
}

function memberToXml(out: string[], value: unknown, member: Member, name: string, ec2: boolean): void {
  const shape = member.shape;
  if (shape.type === 'list') {
    if (!Array.isArray(value)) return;
    const item = shape.member as Member;
    if (member.flattened && !ec2) {
      for (const v of value) if (v !== undefined && v !== null) memberToXml(out, v, item, name, ec2);
      return;
    }
    const itemName = item.locationName ?? (ec2 ? 'item' : 'member');
    out.push(`<${name}>`);
    for (const v of value) if (v !== undefined && v !== null) memberToXml(out, v, item, itemName, ec2);
    out.push(`</${name}>`);
    return;
  }
  if (shape.type === 'map') {
    if (typeof value !== 'object') return;
    const keyName = (shape.key as Member).locationName ?? 'key';
    const valueMember = shape.value as Member;
    const valueName = valueMember.locationName ?? 'value';
    const flat = member.flattened;
    if (!flat) out.push(`<${name}>`);
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
    for (const [k, v] of entries) {
      out.push(flat ? `<${name}>` : '<entry>');
      out.push(`<${keyName}>${escapeXml(String(k))}</${keyName}>`);
      memberToXml(out, v, valueMember, valueName, ec2);
      out.push(flat ? `</${name}>` : '</entry>');
    }
    if (!flat) out.push(`</${name}>`);
    return;
  }
  if (shape.type === 'structure') {
    out.push(`<${name}>`);
    structureToXml(out, value, shape, ec2);
    out.push(`</${name}>`);
    return;
  }
  let text: string;
  if (shape.type === 'timestamp') {
    const formatted = formatTimestamp(value, member.timestampFormat ?? 'iso8601');
    if (formatted === undefined) return;
    text = String(formatted);
  } else if (shape.type === 'blob') text = toBase64(value);
  else if (shape.type === 'boolean') text = value ? 'true' : 'false';
  else text = escapeXml(String(value));
  out.push(`<${name}>${text}</${name}>`);
}

// ---------- form-encoded input (query, ec2) ----------

type Tree = { [key: string]: Tree | string };

/** `Filter.1.Value.2=x` pairs → a nested tree keyed by path segment. */
export function formToTree(params: URLSearchParams): Tree {
  const root: Tree = {};
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      const next = node[part];
      if (typeof next === 'object') node = next;
      else {
        const created: Tree = {};
        node[part] = created;
        node = created;
      }
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return root;
}

function wireName(member: Member, ec2: boolean): string {
  if (!ec2) return member.locationName ?? member.name;
  if (member.queryName) return member.queryName;
  const base = member.locationName ?? member.name;
  return base.charAt(0).toUpperCase() + base.slice(1);
}

function numbered(node: Tree | string | undefined): Array<Tree | string> {
  if (typeof node !== 'object') return [];
  return Object.keys(node)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => node[k] as Tree | string);
}

/** The form tree → handler input for a structure shape. */
export function fromForm(tree: Tree, shape: Shape, ec2: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of shape.members.values()) {
    const node = tree[wireName(member, ec2)];
    if (node === undefined) continue;
    const value = fromFormValue(node, member, ec2);
    if (value !== undefined) out[member.name] = value;
  }
  return out;
}

function fromFormValue(node: Tree | string, member: Member, ec2: boolean): unknown {
  const shape = member.shape;
  switch (shape.type) {
    case 'structure':
      return typeof node === 'object' ? fromForm(node, shape, ec2) : undefined;
    case 'list': {
      const item = shape.member as Member;
      if (typeof node === 'string') return node === '' ? [] : undefined;
      const items = ec2 || member.flattened ? numbered(node) : numbered(node[item.locationName ?? 'member']);
      return items.map((v) => fromFormValue(v, item, ec2));
    }
    case 'map': {
      if (typeof node !== 'object') return undefined;
      const keyName = (shape.key as Member).locationName ?? 'key';
      const valueMember = shape.value as Member;
      const valueName = valueMember.locationName ?? 'value';
      const entries = member.flattened ? numbered(node) : numbered(node.entry);
      const out: Record<string, unknown> = {};
      for (const entry of entries) {
        if (typeof entry !== 'object') continue;
        const k = entry[keyName];
        const v = entry[valueName];
        if (typeof k === 'string' && v !== undefined) out[k] = fromFormValue(v, valueMember, ec2);
      }
      return out;
    }
    default:
      return typeof node === 'string' ? fromScalar(node, shape) : undefined;
  }
}

/** Scalar from a URI label, query string or header (rest-json). */
export function fromText(text: string, shape: Shape): unknown {
  if (shape.type === 'timestamp') {
    const n = Number(text);
    return Number.isNaN(n) ? toDate(text) : new Date(n * 1000);
  }
  return fromScalar(text, shape);
}
