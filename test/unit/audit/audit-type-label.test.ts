import { describe, expect, it } from 'vitest';
import { AuditEventType } from '../../../shared/audit/audit-event';
import { AUDIT_TYPE_LABEL } from '../../../shared/audit/audit-type-label';

describe('the Audit tab names every event type in words', () => {
  it('has a label for each type the trail can hold, and none of them is the raw type', () => {
    for (const type of AuditEventType.options) {
      expect(AUDIT_TYPE_LABEL[type], type).toMatch(/^[A-Z][A-Za-z ]+$/);
      expect(AUDIT_TYPE_LABEL[type]).not.toContain('-');
    }
    expect(Object.keys(AUDIT_TYPE_LABEL).sort()).toEqual([...AuditEventType.options].sort());
  });
});
