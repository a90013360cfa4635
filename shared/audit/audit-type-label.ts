/**
 * The chip each audit event carries in the Audit tab. Typed by the event enum, so a new event type
 * cannot reach the trail without a name a director reads (a raw "assignment-changed" would).
 */
import type { AuditEventType } from './audit-event';

export const AUDIT_TYPE_LABEL: Record<AuditEventType, string> = {
  'case-created': 'Case created',
  'case-opened': 'Opened',
  'request-edited': 'Request edited',
  'document-added': 'Records added',
  'document-removed': 'Record removed',
  'mark-added': 'Mark',
  'mark-changed': 'Mark changed',
  'mark-removed': 'Mark removed',
  'finding-set': 'Finding',
  'indication-set': 'Indication',
  'check-answered': 'Check answered',
  'custom-criterion-added': 'Criterion added',
  'imaging-changed': 'Imaging',
  'determination-started': 'Determination',
  'determination-changed': 'Determination',
  'cms-policy-acknowledged': 'CMS policy',
  signed: 'Signed',
  amended: 'Amendment',
  'letter-exported': 'Letter exported',
  'trail-repaired': 'Trail repaired',
  'request-updated': 'Request updated by the provider',
  'information-requested': 'Information requested',
  'information-received': 'Information received',
  'assignment-changed': 'Assignment',
};
