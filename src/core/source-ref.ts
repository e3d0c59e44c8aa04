/**
 * The source reference of a scanner's finding: `scanner:<scanner id>:<kind>`. One resource seen by
 * one scanner for one kind is one occurrence, whatever the scan that saw it.
 */

export function scannerSourceRef(scannerId: string, kind: string): string {
  return `scanner:${scannerId}:${kind}`;
}

/** `scanner:<scanner id>:<kind>` → its parts; undefined for any other source's reference. */
export function parseScannerSourceRef(sourceRef: string): { scanner: string; kind: string } | undefined {
  const match = /^scanner:([^:]+)(?::(.*))?$/.exec(sourceRef);
  if (!match?.[1]) return undefined;
  return { scanner: match[1], kind: match[2] ?? '' };
}
