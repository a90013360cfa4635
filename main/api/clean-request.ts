/**
 * Every text in every request, checked once at the boundary before the request's schema
 * (shared/validation/clean-text.ts): normalized to NFC, empty when it held only invisible
 * characters (so a required name made of zero-width spaces is refused as empty by the schema), and
 * refused with a sentence naming the field when it holds control, bidirectional or zero-width
 * characters. Texts that must stay byte for byte are left alone: secrets, file bytes, a PAS
 * Bundle's JSON, and a mark's anchor (the record's own text, which re-anchoring matches exactly).
 */
import type { ApiMethod } from '../../shared/api/contract';
import { cleanText } from '../../shared/validation/clean-text';
import { isPrototypeKey } from '../../shared/validation/prototype-keys';

/** Top-level fields kept verbatim, by method. */
const VERBATIM: Partial<Record<ApiMethod, readonly string[]>> = {
  'session.unlock': ['secret'],
  'session.setPassphrase': ['current', 'passphrase'],
  'session.setPin': ['current', 'pin'],
  'cases.validateAttachment': ['data'],
  'cases.importFhir': ['bundleJson'],
  'marks.add': ['anchor'],
};

/** Deeper than any request of the table: a payload nested further is refused, not walked. */
const MAX_DEPTH = 24;

/** A key whose value is a name, shown on one line (member name, reader name, profile name, file name). */
const ONE_LINE_KEY = /name$/i;

export type CleanedRequest = { ok: true; payload: unknown } | { ok: false; field: string; problem: string };

class Refusal {
  constructor(readonly field: string, readonly problem: string) {}
}

/**
 * A copy with every string cleaned (unless `verbatim`), refusing prototype keys at any depth.
 * `verbatimFields` names top-level fields whose strings are kept as they are.
 */
function clean(value: unknown, pathSoFar: string[], verbatim: boolean, verbatimFields: ReadonlySet<string> = new Set()): unknown {
  const field = () => pathSoFar.join('.') || '(request)';
  if (typeof value === 'string') {
    if (verbatim) return value;
    const r = cleanText(value, { oneLine: ONE_LINE_KEY.test(pathSoFar[pathSoFar.length - 1] ?? '') });
    if (!r.ok) throw new Refusal(field(), r.problem);
    return r.value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (pathSoFar.length > MAX_DEPTH) throw new Refusal(field(), `is nested more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) return value.map((v, i) => clean(v, [...pathSoFar, String(i)], verbatim));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (isPrototypeKey(k)) throw new Refusal([...pathSoFar, k].join('.'), `"${k}" is not the name of any field`);
    // defineProperty, not assignment: no key can become this object's prototype.
    Object.defineProperty(out, k, { value: clean(v, [...pathSoFar, k], verbatim || verbatimFields.has(k)), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function cleanRequest(method: ApiMethod, payload: unknown): CleanedRequest {
  try {
    return { ok: true, payload: clean(payload, [], false, new Set(VERBATIM[method] ?? [])) };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, field: e.field, problem: e.problem };
    throw e;
  }
}
