import type { z } from 'zod';
import type { knobsSchema } from './knobs.js';

/**
 * The sandbox's world as services read it, apart from its loading (scenario.ts), so that services
 * and the loader both depend on these types instead of on each other.
 */

export interface ScenarioAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly status: 'ACTIVE' | 'SUSPENDED';
  readonly ou?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly regions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly global: Readonly<Record<string, unknown>>;
  readonly optInRegions: Readonly<Record<string, 'ENABLED' | 'DISABLED'>>;
  readonly assumeRole: { deny?: boolean; roleNames?: string[]; externalId?: string };
  readonly knobs?: z.output<typeof knobsSchema>;
  /** Account-region knobs (`regions.<region>.knobs`). */
  readonly regionKnobs: Readonly<Record<string, z.output<typeof knobsSchema>>>;
}

export interface Scenario {
  readonly organization: {
    readonly id: string;
    readonly managementAccount: string;
    readonly regions: readonly string[];
    readonly optInRegions: readonly string[];
  };
  readonly knobs?: z.output<typeof knobsSchema>;
  readonly accounts: readonly ScenarioAccount[];
  readonly accountsById: ReadonlyMap<string, ScenarioAccount>;
  /** Where it came from (file, directory, `demo`, or `(object)`), for error messages. */
  readonly source: string;
}
