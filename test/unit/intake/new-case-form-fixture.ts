/** A valid new-case form, as the intake form sends it; tests change one field at a time. */
export function newCaseForm(over: Record<string, unknown> = {}) {
  return {
    member: { id: 'W123456789', name: 'Jordan Sample', dateOfBirth: '1961-04-17' },
    plan: { name: 'Open Access Plus', lineOfBusiness: 'commercial' },
    requestingProvider: { name: 'Dr. Alex Rivera', npi: '1234567893' },
    codes: [{ code: '63650', units: 2, modifiers: [] }],
    diagnoses: [{ code: 'M96.1' }],
    dateOfService: '2026-10-20',
    receivedAt: '2026-10-01T09:00:00-05:00',
    urgency: 'standard',
    guidelineId: 'CMM-211',
    ...over,
  };
}
