import { z } from 'zod';
import { CATEGORIES } from '../core/types.js';
import { URGENCIES, WORK_ITEM_STATUSES } from '../core/workitems.js';
import {
  actionBodySchema,
  assignBodySchema,
  calendarQuerySchema,
  changesQuerySchema,
  exportQuerySchema,
  listQuerySchema,
  noteBodySchema,
  tokenCreateSchema,
  wontdoBodySchema,
} from './api/schemas.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Query parameters from a zod object schema: one OpenAPI parameter per property. */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = schemaOf(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: required.has(name) && !('default' in rest),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Work item id (42, or #42 URL-encoded)',
  schema: { type: 'string', pattern: '^(#|W-)?\\d{1,15}$' },
};

const problem = { $ref: '#/components/responses/Problem' };
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const body = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: schemaOf(schema) } },
});

const workItemSchema: JsonSchema = {
  type: 'object',
  required: [
    'id',
    'ref',
    'kind',
    'category',
    'status',
    'urgency',
    'accountId',
    'region',
    'resource',
    'title',
  ],
  properties: {
    id: { type: 'integer' },
    ref: { type: 'string', example: '#42' },
    correlationKey: { type: 'string' },
    kind: { type: 'string', description: 'Catalog id' },
    category: { type: 'string', enum: [...CATEGORIES] },
    service: { type: 'string' },
    accountId: { type: 'string' },
    region: { type: 'string' },
    resource: { type: 'string' },
    title: { type: 'string' },
    eventDate: { type: ['string', 'null'], format: 'date-time' },
    dueDate: { type: ['string', 'null'], format: 'date-time' },
    status: { type: 'string', enum: [...WORK_ITEM_STATUSES] },
    urgency: { type: 'string', enum: [...URGENCIES] },
    owner: { type: ['string', 'null'] },
    team: { type: ['string', 'null'] },
    resolution: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    closedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

const historySchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    workItemId: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    actor: { type: 'string' },
    action: { type: 'string' },
    fromStatus: { type: ['string', 'null'] },
    toStatus: { type: ['string', 'null'] },
    note: { type: ['string', 'null'] },
  },
};

function action(summary: string, requestBody: JsonSchema) {
  return {
    post: {
      summary,
      tags: ['work items'],
      security: [{ bearer: ['operator'] }],
      parameters: [idParameter],
      requestBody,
      responses: {
        '200': { description: 'The updated work item', content: json('WorkItem') },
        '400': problem,
        '403': problem,
        '404': problem,
        '409': problem,
      },
    },
  };
}

let cached: JsonSchema | undefined;

/**
 * The OpenAPI 3.1 document of /api and /calendar.ics. Query and body schemas come from the same
 * zod schemas the routes validate with; a test checks every route of the app is listed here.
 */
export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const optionalBody = { required: false, content: body(actionBodySchema).content };
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'opsradar API',
      version: '1',
      description:
        'AWS operational events tracked as work items. On loopback no token is needed; otherwise send Authorization: Bearer <token> (roles viewer < operator < admin). Errors are application/problem+json.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        WorkItem: workItemSchema,
        HistoryEntry: historySchema,
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
      responses: {
        Problem: {
          description: 'Error (RFC 9457)',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/openapi.json': {
        get: {
          summary: 'This document',
          tags: ['meta'],
          responses: { '200': { description: 'OpenAPI 3.1' } },
        },
      },
      '/api/items': {
        get: {
          summary: 'List work items (filters, paging)',
          tags: ['work items'],
          parameters: queryParameters(listQuerySchema),
          responses: {
            '200': {
              description: 'One page',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      items: { type: 'array', items: { $ref: '#/components/schemas/WorkItem' } },
                      total: { type: 'integer' },
                      offset: { type: 'integer' },
                      limit: { type: 'integer' },
                      nextCursor: {
                        type: ['string', 'null'],
                        description: 'Pass as cursor for the next page; null on the last page',
                      },
                    },
                  },
                },
              },
            },
            '400': problem,
          },
        },
      },
      '/api/items/export.csv': {
        get: {
          summary: 'Export the filtered list as CSV (UTF-8 with BOM)',
          tags: ['work items'],
          parameters: queryParameters(exportQuerySchema),
          responses: { '200': { description: 'CSV', content: { 'text/csv': {} } }, '400': problem },
        },
      },
      '/api/items/export.xlsx': {
        get: {
          summary: 'Export the filtered list as an Excel workbook',
          tags: ['work items'],
          parameters: queryParameters(exportQuerySchema),
          responses: {
            '200': {
              description: 'XLSX',
              content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} },
            },
            '400': problem,
          },
        },
      },
      '/api/items/{id}': {
        get: {
          summary: 'One work item with its occurrences (evidence), history and links',
          tags: ['work items'],
          parameters: [idParameter],
          responses: { '200': { description: 'The item', content: json('WorkItem') }, '404': problem },
        },
      },
      '/api/items/{id}/acknowledge': action('Acknowledge (open → acknowledged)', optionalBody),
      '/api/items/{id}/start': action('Start work (→ in progress)', optionalBody),
      '/api/items/{id}/done': action('Mark done', optionalBody),
      '/api/items/{id}/wontdo': action("Close as won't do (reason required)", body(wontdoBodySchema)),
      '/api/items/{id}/reopen': action('Reopen a finished item', optionalBody),
      '/api/items/{id}/assign': action('Assign an owner (and team)', body(assignBodySchema)),
      '/api/items/{id}/notes': action('Add a note to the history', body(noteBodySchema)),
      '/api/counts': {
        get: {
          summary: 'Counts by status; active items by category and urgency',
          tags: ['work items'],
          responses: { '200': { description: 'Counts' } },
        },
      },
      '/api/changes': {
        get: {
          summary: 'Items and history entries changed since an instant (default: 24 hours ago)',
          tags: ['work items'],
          parameters: queryParameters(changesQuerySchema),
          responses: { '200': { description: 'Changes' }, '400': problem },
        },
      },
      '/api/coverage': {
        get: {
          summary: 'The latest scan / ingest runs and what they could not see',
          tags: ['coverage'],
          responses: { '200': { description: 'Runs with coverage entries' } },
        },
      },
      '/api/catalog': {
        get: {
          summary: 'All catalog entries',
          tags: ['catalog'],
          responses: { '200': { description: 'Entries' } },
        },
      },
      '/api/catalog/{id}': {
        get: {
          summary: 'One catalog entry',
          tags: ['catalog'],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Entry' }, '404': problem },
        },
      },
      '/api/tokens': {
        get: {
          summary: 'List access tokens (never their secret)',
          tags: ['tokens'],
          security: [{ bearer: ['admin'] }],
          responses: { '200': { description: 'Tokens' }, '403': problem },
        },
        post: {
          summary: 'Create a token; the secret is returned once',
          tags: ['tokens'],
          security: [{ bearer: ['admin'] }],
          requestBody: body(tokenCreateSchema),
          responses: { '201': { description: 'Created' }, '400': problem, '403': problem },
        },
      },
      '/api/tokens/{id}': {
        delete: {
          summary: 'Revoke a token',
          tags: ['tokens'],
          security: [{ bearer: ['admin'] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Revoked' }, '403': problem, '404': problem },
        },
      },
      '/calendar.ics': {
        get: {
          summary: 'iCalendar feed: due dates and AWS maintenance windows (subscribe with ?token=)',
          tags: ['calendar'],
          parameters: queryParameters(calendarQuerySchema),
          responses: {
            '200': { description: 'text/calendar', content: { 'text/calendar': {} } },
            '401': problem,
          },
        },
      },
    },
  };
  return cached;
}
