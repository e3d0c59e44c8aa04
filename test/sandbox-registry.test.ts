import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/sandbox/model.js';
import { sandboxServices } from '../src/sandbox/services/index.js';

describe('sandbox service registry', () => {
  it('has unique service names', () => {
    // Act
    const names = sandboxServices.map((service) => service.name);
    // Assess
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(sandboxServices.map((service) => [service.name, service] as const))(
    '%s: every handler is an operation of its AWS model and its scenario schema accepts {}',
    (_name, service) => {
      // Prepare
      const model = loadModel(service.model);
      // Act
      const unknown = Object.keys(service.handlers).filter((op) => !model.operations.has(op));
      const empty = service.scenario.safeParse({});
      // Assess
      expect(unknown).toEqual([]);
      expect(empty.success).toBe(true);
    },
  );
});
