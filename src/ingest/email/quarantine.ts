import type { MailQuarantineRepository, Store, QuarantinedMail as StoredMail } from '../../store/index.js';
import type { QuarantineReasonCode } from './limits.js';

/** The store's mail quarantine, with mail ingestion's reason codes. */
export type QuarantineRepository = MailQuarantineRepository<QuarantineReasonCode>;
export type QuarantinedMail = StoredMail<QuarantineReasonCode>;

/** The store keeps reason codes as text; only mail ingestion writes them, from QUARANTINE_REASONS. */
export function quarantineRepository(store: Pick<Store, 'mailQuarantine'>): QuarantineRepository {
  return store.mailQuarantine as QuarantineRepository;
}
