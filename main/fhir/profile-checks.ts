/**
 * The profile rules @medplum/core's validator does not apply, checked here against the same
 * StructureDefinition snapshots (docs/fhir.md lists them and why):
 *
 * 1. Slices. Medplum counts the members of a slice but validates each member against the unsliced
 *    element, so what a slice itself requires is never checked (PASClaim's AdditionalInformation
 *    needs a documentInformation extension and no timing; MessageText needs a string value). It also
 *    files a slice's own sub-slices under the outer element, which makes false "Incorrect number of
 *    values provided for slice" errors (every supportingInfo "lacks" documentInformation, every
 *    careTeam "lacks" careTeamClaimScope). Here every sliced element is matched slice by slice
 *    (value, pattern and type discriminators, FHIRPath paths such as
 *    `extension('…').value.ofType(boolean)` included) and each member is checked against its slice:
 *    cardinality, fixed and pattern values, the profile's own invariants, and sub-slices.
 * 2. Extensions. Medplum does not validate an extension against its StructureDefinition: a
 *    claimResponseReviewer without wasHumanReviewedFlag or a reviewAction with an unknown
 *    sub-extension passes. Every extension whose definition is loaded is checked here.
 * 3. Typed profiles on elements (Claim.item.quantity is a PASQuantity with value 1..1,
 *    itemTraceNumber's value a PASIdentifier with system and value 1..1).
 * 4. Required bindings. Medplum checks no terminology. Every required binding whose ValueSet is
 *    available (the PAS ValueSets and CodeSystems, base R4's) is checked: an enumerated code must be
 *    in the list, and a code from a whole external code system (CPT, HCPCS, ICD-10, X12…) must at
 *    least carry that system. ValueSets published elsewhere (valueset.x12.org, VSAC) cannot be
 *    expanded here and are not checked.
 * 5. References inside a Bundle are resolved and each target is checked against the profile the
 *    reference names for its type (Claim.patient → PASBeneficiary, Claim.insurer → PASInsurer…);
 *    medplum checks Bundle entries against base R4 only.
 */
import { evalFhirPath } from '@medplum/core';

export type Json = Record<string, unknown>;

export interface ElementDefinition {
  id: string;
  path: string;
  sliceName?: string;
  min?: number;
  max?: string;
  type?: { code: string; profile?: string[]; targetProfile?: string[] }[];
  slicing?: { discriminator?: { type: string; path: string }[]; rules?: string };
  binding?: { strength?: string; valueSet?: string };
  constraint?: { key: string; severity?: string; human?: string; expression?: string; source?: string }[];
  contentReference?: string;
  [key: string]: unknown;
}

export interface StructureDefinition {
  url: string;
  name: string;
  type: string;
  kind?: string;
  baseDefinition?: string;
  snapshot?: { element: ElementDefinition[] };
}

export interface ProfileIssue {
  severity: 'error' | 'warning';
  /** FHIRPath-like location, e.g. "Claim.supportingInfo[1].extension". */
  where: string;
  message: string;
}

/** A compiled StructureDefinition: its elements by id and each element's children. */
export class Profile {
  readonly byId = new Map<string, ElementDefinition>();
  readonly children = new Map<string, ElementDefinition[]>();

  constructor(readonly sd: StructureDefinition) {
    for (const e of sd.snapshot?.element ?? []) {
      this.byId.set(e.id, e);
      const parent = parentId(e.id);
      if (parent === undefined) continue;
      const list = this.children.get(parent) ?? [];
      list.push(e);
      this.children.set(parent, list);
    }
  }

  get rootId(): string {
    return this.sd.snapshot?.element[0]?.id ?? this.sd.type;
  }
}

/** "Claim.supportingInfo:AdditionalInformation.extension:documentInformation" → its parent's id (a URL in a slice name would break this; PAS has none). */
function parentId(id: string): string | undefined {
  const i = id.lastIndexOf('.');
  return i < 0 ? undefined : id.slice(0, i);
}
function lastSegment(id: string): { name: string; slice?: string } {
  const seg = id.slice(id.lastIndexOf('.') + 1);
  const colon = seg.indexOf(':');
  return colon < 0 ? { name: seg } : { name: seg.slice(0, colon), slice: seg.slice(colon + 1) };
}

/** What a ValueSet allows, as far as it can be known here. */
export interface ValueSetMatcher {
  /** system → the allowed codes, or 'any' when the whole (external) code system is included. */
  systems: Map<string, Set<string> | 'any'>;
}

export interface CheckContext {
  profiles: Map<string, Profile>;
  valueSet: (url: string) => ValueSetMatcher | undefined;
  /** Resolves a reference inside the Bundle being checked, with where its resource sits. */
  resolve?: (reference: string) => { resource: Json; where: string } | undefined;
  /** Called for each reference target and the profile the reference names for it. */
  onReferenceTarget?: (target: { resource: Json; where: string }, profileUrl: string) => void;
}

const PRIMITIVES = new Set([
  'boolean', 'integer', 'string', 'decimal', 'uri', 'url', 'canonical', 'base64Binary', 'instant', 'date', 'dateTime', 'time', 'code',
  'oid', 'id', 'markdown', 'unsignedInt', 'positiveInt', 'uuid', 'xhtml', 'http://hl7.org/fhirpath/System.String',
]);

const stripVersion = (url: string) => url.split('|')[0] ?? url;
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The instance values of one child element: several for arrays, each with its key (value[x] → valueBoolean) and type. */
function valuesOf(parent: Json, el: ElementDefinition): { key: string; value: unknown; type?: string; index?: number }[] {
  const { name } = lastSegment(el.id);
  const types = (el.type ?? []).map((t) => t.code);
  const out: { key: string; value: unknown; type?: string; index?: number }[] = [];
  const push = (key: string, v: unknown, type?: string) => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) v.forEach((x, index) => out.push({ key, value: x, ...(type ? { type } : {}), index }));
    else out.push({ key, value: v, ...(type ? { type } : {}) });
  };
  if (name.endsWith('[x]')) {
    const stem = name.slice(0, -3);
    for (const t of types) push(`${stem}${upperFirst(t)}`, parent[`${stem}${upperFirst(t)}`], t);
  } else push(name, parent[name], types.length === 1 ? types[0] : undefined);
  return out;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** FHIR pattern semantics: every part the pattern gives is in the value (arrays: each pattern item is matched by some value item). */
export function deepIncludes(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) return Array.isArray(value) && pattern.every((p) => value.some((v) => deepIncludes(v, p)));
  if (isObject(pattern)) return isObject(value) && Object.entries(pattern).every(([k, p]) => deepIncludes(value[k], p));
  return value === pattern;
}
function deepEquals(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function fixedOrPattern(el: ElementDefinition): { kind: 'fixed' | 'pattern'; value: unknown } | undefined {
  for (const [k, v] of Object.entries(el)) {
    if (k.startsWith('fixed')) return { kind: 'fixed', value: v };
    if (k.startsWith('pattern')) return { kind: 'pattern', value: v };
  }
  return undefined;
}

/** Splits a discriminator path on dots outside parentheses and quotes: extension('http://a.b').value → [extension('http://a.b'), value]. */
function splitPath(path: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of path) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (ch === '.' && depth === 0 && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The element inside a slice that a discriminator path points at. */
function discriminatorElement(profile: Profile, sliceId: string, path: string): ElementDefinition | undefined {
  let cur = sliceId;
  for (const seg of splitPath(path)) {
    if (seg === '$this' || seg.startsWith('ofType(') || seg === 'resolve()') continue;
    const ext = /^extension\('([^']+)'\)$/.exec(seg);
    if (ext) {
      const slices = (profile.children.get(cur) ?? []).filter((c) => lastSegment(c.id).name === 'extension' && lastSegment(c.id).slice);
      const hit = slices.find((s) => {
        const url = profile.byId.get(`${s.id}.url`);
        return (url && (url as Json).fixedUri === ext[1]) || (s.type ?? []).some((t) => (t.profile ?? []).some((p) => stripVersion(p) === ext[1]));
      });
      if (!hit) return undefined;
      cur = hit.id;
      continue;
    }
    if (profile.byId.has(`${cur}.${seg}`)) cur = `${cur}.${seg}`;
    else if (profile.byId.has(`${cur}.${seg}[x]`)) cur = `${cur}.${seg}[x]`;
    else return undefined;
  }
  return profile.byId.get(cur);
}

/** Does a code, Coding or CodeableConcept satisfy a ValueSet? undefined when the ValueSet is not available. */
function inValueSet(ctx: CheckContext, url: string, value: unknown, type: string | undefined): boolean | undefined {
  const vs = ctx.valueSet(stripVersion(url));
  if (!vs) return undefined;
  const codingOk = (c: unknown) => {
    if (!isObject(c) || typeof c.system !== 'string') return false;
    const allowed = vs.systems.get(c.system);
    return allowed === 'any' || (allowed !== undefined && typeof c.code === 'string' && allowed.has(c.code));
  };
  if (type === 'code' || typeof value === 'string') {
    if (typeof value !== 'string') return false;
    let anySystem = false;
    for (const allowed of vs.systems.values()) {
      if (allowed === 'any') anySystem = true;
      else if (allowed.has(value)) return true;
    }
    return anySystem;
  }
  if (type === 'Coding' || (isObject(value) && 'system' in value)) return codingOk(value);
  if (isObject(value)) return Array.isArray(value.coding) && value.coding.some(codingOk);
  return false;
}

/** Which slice a value belongs to; 'unknown' when a discriminator cannot be decided here (an external ValueSet). */
function sliceOf(ctx: CheckContext, profile: Profile, sliced: ElementDefinition, slices: ElementDefinition[], value: unknown, valueType: string | undefined): ElementDefinition | 'unknown' | undefined {
  const discriminators = sliced.slicing?.discriminator ?? [];
  let undecided = false;
  for (const slice of slices) {
    let all = true;
    for (const d of discriminators) {
      const targets = d.path === '$this' ? [value] : safeEval(d.path, value);
      if (d.type === 'type') {
        const el = d.path === '$this' ? slice : discriminatorElement(profile, slice.id, d.path);
        const codes = (el?.type ?? []).map((t) => t.code);
        const typeOf = (t: unknown) => (isObject(t) && typeof t.resourceType === 'string' ? t.resourceType : d.path === '$this' ? valueType : undefined);
        if (!targets.some((t) => codes.includes(String(typeOf(t))))) all = false;
        continue;
      }
      if (d.type === 'profile') {
        undecided = true;
        all = false;
        continue;
      }
      const el = d.path === '$this' ? slice : discriminatorElement(profile, slice.id, d.path);
      // An extension slice whose url child is not in the snapshot is fixed by the extension's profile.
      const typedUrl = d.path === 'url' && !el ? (slice.type ?? []).flatMap((t) => t.profile ?? []).map(stripVersion)[0] : undefined;
      const fp = el ? fixedOrPattern(el) : typedUrl ? { kind: 'fixed' as const, value: typedUrl } : undefined;
      if (fp) {
        if (!targets.some((t) => (fp.kind === 'pattern' ? deepIncludes(t, fp.value) : deepEquals(t, fp.value)))) all = false;
      } else if (el?.binding?.valueSet) {
        const verdicts = targets.map((t) => inValueSet(ctx, el.binding!.valueSet!, t, el.type?.[0]?.code));
        if (verdicts.some((v) => v === undefined)) {
          undecided = true;
          all = false;
        } else if (!verdicts.some(Boolean)) all = false;
      } else all = false;
    }
    if (all) return slice;
  }
  return undecided ? 'unknown' : undefined;
}

/** Plain paths (category, type, url) are read directly; medplum's FHIRPath does not resolve some of them (type) on untyped JSON. */
function safeEval(path: string, value: unknown): unknown[] {
  if (/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/.test(path)) {
    let cur: unknown[] = [value];
    for (const seg of path.split('.')) {
      cur = cur.flatMap((v) => {
        if (!isObject(v)) return [];
        const direct = v[seg];
        if (direct !== undefined) return Array.isArray(direct) ? direct : [direct];
        const choice = Object.keys(v).find((k) => k.startsWith(seg) && /^[A-Z]/.test(k.slice(seg.length)));
        return choice ? [v[choice]] : [];
      });
    }
    return cur;
  }
  try {
    return evalFhirPath(path, value);
  } catch {
    return [];
  }
}

const cardinality = (min: number, max: string) => `${min}..${max}`;

/** Checks one resource (or an extension, or a datatype value) against a profile; issues are appended to `issues`. */
export function checkAgainstProfile(ctx: CheckContext, profile: Profile, value: Json, where: string, issues: ProfileIssue[]): void {
  checkChildren(ctx, profile, profile.rootId, value, where, false, issues);
}

function checkChildren(ctx: CheckContext, profile: Profile, elementId: string, value: Json, where: string, strict: boolean, issues: ProfileIssue[]): void {
  const kids = (profile.children.get(elementId) ?? []).filter((c) => !lastSegment(c.id).slice);
  for (const child of kids) {
    const { name } = lastSegment(child.id);
    if (name === 'id' && where.includes('.')) continue;
    const values = valuesOf(value, child);
    const label = `${where}.${name.replace('[x]', '')}`;
    const max = child.max ?? '*';
    if (strict) {
      const min = child.min ?? 0;
      if (values.length < min) {
        issues.push({ severity: 'error', where: label, message: values.length === 0 ? 'Missing required property' : `Invalid number of values: expected ${cardinality(min, max)}, but found ${values.length}` });
      } else if (max !== '*' && values.length > Number(max)) {
        issues.push({ severity: 'error', where: label, message: max === '0' ? 'Not allowed here by the profile' : `Invalid number of values: expected ${cardinality(min, max)}, but found ${values.length}` });
      }
      const fp = fixedOrPattern(child);
      if (fp) {
        for (const v of values) {
          if (!(fp.kind === 'pattern' ? deepIncludes(v.value, fp.value) : deepEquals(v.value, fp.value))) {
            issues.push({ severity: 'error', where: at(label, v.index), message: `Value does not match the ${fp.kind} ${JSON.stringify(fp.value)}` });
          }
        }
      }
      for (const c of child.constraint ?? []) {
        if (!c.expression || (c.source ?? '').startsWith('http://hl7.org/fhir/StructureDefinition/') || c.key.startsWith('ele-') || c.key.startsWith('ext-')) continue;
        for (const v of values) {
          const r = safeEval(c.expression, v.value);
          if (r.length > 0 && r[0] === false) {
            issues.push({ severity: c.severity === 'warning' ? 'warning' : 'error', where: at(label, v.index), message: `Constraint ${c.key} not met: ${c.human ?? c.expression}` });
          }
        }
      }
    }
    if (child.binding?.strength === 'required' && child.binding.valueSet) {
      for (const v of values) {
        const ok = inValueSet(ctx, child.binding.valueSet, v.value, v.type);
        if (ok === false) {
          issues.push({ severity: 'error', where: at(label, v.index), message: `${describeCode(v.value)} is not in the required value set ${stripVersion(child.binding.valueSet)}` });
        }
      }
    }

    const slices = child.slicing ? (profile.children.get(parentId(child.id) ?? '') ?? []).filter((c) => c.id.startsWith(`${child.id}:`) && !c.id.slice(child.id.length + 1).includes('.')) : [];
    const counts = new Map<string, number>();
    let undecided = false;
    for (const v of values) {
      const slice = slices.length ? sliceOf(ctx, profile, child, slices, v.value, v.type) : undefined;
      if (slice === 'unknown') {
        undecided = true;
        checkValue(ctx, profile, child, v, at(label, v.index), strict, issues);
        continue;
      }
      if (slice) {
        counts.set(slice.id, (counts.get(slice.id) ?? 0) + 1);
        checkValue(ctx, profile, slice, v, at(label, v.index), true, issues);
      } else {
        if (slices.length && child.slicing?.rules === 'closed') {
          issues.push({ severity: 'error', where: at(label, v.index), message: 'Matches none of the slices the profile allows here' });
        }
        checkValue(ctx, profile, child, v, at(label, v.index), strict, issues);
      }
    }
    if (!undecided) {
      for (const s of slices) {
        const n = counts.get(s.id) ?? 0;
        const smin = s.min ?? 0;
        const smax = s.max ?? '*';
        if (n < smin || (smax !== '*' && n > Number(smax))) {
          issues.push({ severity: 'error', where: label, message: `Incorrect number of values provided for slice '${s.sliceName ?? lastSegment(s.id).slice}': expected ${cardinality(smin, smax)}, but found ${n}` });
        }
      }
    }
  }
}

function at(label: string, index: number | undefined): string {
  return index === undefined ? label : `${label}[${index}]`;
}

function describeCode(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  if (isObject(v) && Array.isArray(v.coding)) return v.coding.map((c) => (isObject(c) ? `${String(c.system ?? '(no system)')}|${String(c.code ?? '')}` : '?')).join(', ') || '(no coding)';
  if (isObject(v)) return `${String(v.system ?? '(no system)')}|${String(v.code ?? '')}`;
  return String(v);
}

function checkValue(
  ctx: CheckContext,
  profile: Profile,
  el: ElementDefinition,
  v: { key: string; value: unknown; type?: string },
  where: string,
  strict: boolean,
  issues: ProfileIssue[],
): void {
  if (!isObject(v.value)) return;
  const value = v.value;
  const type = v.type ?? el.type?.[0]?.code;
  if (type && PRIMITIVES.has(type)) return;

  // An extension is checked against its own definition when it is loaded.
  if ((type === 'Extension' || lastSegment(el.id).name === 'extension' || lastSegment(el.id).name === 'modifierExtension') && typeof value.url === 'string') {
    const ext = ctx.profiles.get(value.url);
    if (ext && ext !== profile) {
      checkChildren(ctx, ext, ext.rootId, value, where, true, issues);
      return;
    }
  }
  if (type === 'Reference' && ctx.resolve && typeof value.reference === 'string') {
    const target = ctx.resolve(value.reference);
    if (!target) {
      if (!/^https?:\/\//.test(value.reference) || !value.reference.includes('/')) {
        issues.push({ severity: 'warning', where, message: `The reference ${value.reference} is not in the Bundle` });
      }
    } else {
      const allowed = (el.type ?? []).flatMap((t) => t.targetProfile ?? []).map((u) => ctx.profiles.get(stripVersion(u)));
      const type = String(target.resource.resourceType);
      if (allowed.length > 0 && allowed.every(Boolean) && !allowed.some((p) => p!.sd.type === type || p!.sd.type === 'Resource')) {
        issues.push({ severity: 'error', where, message: `The reference points to a ${type}; the profile allows ${[...new Set(allowed.map((p) => `${p!.sd.type} (${p!.sd.name})`))].join(', ')}` });
      }
      for (const p of allowed) if (p && p.sd.type === type) ctx.onReferenceTarget?.(target, p.sd.url);
    }
  }
  // A typed profile on the element (PASQuantity, PASIdentifier) is checked in full.
  const typed = (el.type ?? []).find((t) => t.code === type)?.profile?.map(stripVersion).map((u) => ctx.profiles.get(u)).find(Boolean);
  if (typed && typed !== profile && typed.sd.type !== 'Extension') {
    checkChildren(ctx, typed, typed.rootId, value, where, true, issues);
  }
  if ((profile.children.get(el.id) ?? []).length > 0) {
    checkChildren(ctx, profile, el.id, value, where, strict, issues);
  } else if (el.contentReference) {
    const target = profile.byId.get(el.contentReference.slice(el.contentReference.indexOf('#') + 1));
    if (target) checkChildren(ctx, profile, target.id, value, where, false, issues);
  } else if (type && type !== 'Resource' && !typed) {
    // A datatype the profile does not expand (HumanName, ContactPoint…): its base bindings still hold.
    const base = ctx.profiles.get(`http://hl7.org/fhir/StructureDefinition/${type}`);
    if (base) checkChildren(ctx, base, base.rootId, value, where, false, issues);
  }
}
