/**
 * What a decision letter says, built from one signed revision: the member-facing letter
 * (plain language, each code's decision and specific reasons, what was relied on, what would
 * change it, appeal and peer-to-peer rights, the signing director) and a separate section with
 * the criteria detail for the requesting provider. Pure: main/letters lays it out as a PDF and
 * the renderer previews that very PDF.
 */
import { z } from 'zod';
import { addDays, longDate } from '../case/calendar-date';
import type { CaseFile, LineOfBusiness } from '../case/schema';
import { ADVERSE_OUTCOMES, APPROVING_OUTCOMES, type CodeDetermination, type DeterminationReason, type SignedRevision } from '../determination/schema';
import { fill, type AppealRight, type AppealRights, type LetterTemplate, type LetterWording } from './letter-wording';

export interface LetterOptions {
  wording: LetterWording;
  appealRights: AppealRights;
  /** Guideline titles by id (from the rules catalogue), so guidelines are named in words. */
  guidelineTitles?: Readonly<Record<string, string>>;
  /** Titles of policies that have no catalogue id (named without an id), e.g. CLIN-INFO's. */
  documentTitles?: Readonly<Record<string, string>>;
  /** Code descriptions for codes the request carries without one. */
  codeDescriptions?: Readonly<Record<string, string>>;
}

export interface AddressBlock {
  name: string;
  lines: string[];
}

/** `lead`: the opening words of a paragraph that a reader scans for ("What could change this decision:"). */
export type LetterBlock = { kind: 'paragraph'; text: string; lead?: string } | { kind: 'bullets'; items: string[] };

export interface LetterSection {
  heading?: string;
  blocks: LetterBlock[];
}

const para = (text: string): LetterBlock => ({ kind: 'paragraph', text });
/** A paragraph whose words up to the first colon are its lead. */
const leadPara = (text: string): LetterBlock => {
  const i = text.indexOf(': ');
  return i > 0 && i < 60 ? { kind: 'paragraph', text, lead: text.slice(0, i + 1) } : para(text);
};
const bullets = (items: string[]): LetterBlock => ({ kind: 'bullets', items });

export interface DecisionRow {
  service: string;
  requested: string;
  decision: string;
}

export interface ProviderDetailRow {
  code: string;
  decision: string;
  guideline: string;
  criterionId: string;
  criterion: string;
  reason: string;
}

export interface LetterModel {
  template: LetterTemplate;
  title: string;
  /** ISO date of the letter: the day the revision was signed. */
  date: string;
  dateText: string;
  referenceNumber: string;
  revisionId: string;
  organization: LetterWording['organization'];
  member: AddressBlock;
  provider: AddressBlock;
  re: Array<{ label: string; value: string }>;
  salutation: string;
  opening: string[];
  decisions: { heading: string; rows: DecisionRow[] };
  sections: LetterSection[];
  signature: { closing: string; name: string; credentials: string; title: string; specialty?: string };
  /** Copy line: who else receives the letter. */
  copyTo: string;
  providerDetail: { heading: string; intro: string; rows: ProviderDetailRow[]; notes: string[] };
  /** Nondiscrimination and language-assistance notice (45 CFR 92.10, 92.11), with taglines. */
  notice: { heading: string; paragraphs: string[]; taglines: string[] };
  footer: string;
}

export { longDate };

/** Signing waits for a request's gaps to be filled, so a letter never needs this; a draft preview may. */
function longDateOrNotStated(isoDate: string | undefined): string {
  return isoDate ? longDate(isoDate) : 'not stated';
}

const Address = z.union([
  z.string().transform((s) => s.split(/\n|;\s*/).filter(Boolean)),
  z.array(z.string()),
  z.looseObject({ lines: z.array(z.string()) }).transform((a) => a.lines),
]);

/** A mailing address the case may carry (the schema keeps unknown fields); none if absent. */
function addressOf(x: unknown): string[] {
  const parsed = Address.safeParse((x as { address?: unknown } | undefined)?.address);
  return parsed.success ? parsed.data : [];
}

export function chooseTemplate(determinations: readonly CodeDetermination[]): LetterTemplate {
  const adverse = determinations.some((d) => ADVERSE_OUTCOMES.has(d.outcome));
  const approving = determinations.some((d) => APPROVING_OUTCOMES.has(d.outcome));
  if (adverse && approving) return 'partial-approval';
  if (adverse) return 'denial';
  if (approving) return 'approval';
  return 'redirect';
}

const units = (n: number): string => `${n} unit${n === 1 ? '' : 's'}`;

const capitalize = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

function coverageName(line: LineOfBusiness): string {
  return line === 'medicare' ? 'Medicare' : 'a Medicare Advantage plan';
}

export function buildLetterModel(caseFile: CaseFile, revision: SignedRevision, options: LetterOptions): LetterModel {
  if (!caseFile.revisions.some((r) => r.id === revision.id && r.signedAt === revision.signedAt)) {
    throw new Error(`A letter comes only from a signed revision of this case; ${revision.id} is not one.`);
  }
  const { wording } = options;
  const org = wording.organization;
  const req = caseFile.request;
  const line = req.plan.lineOfBusiness;
  const template = chooseTemplate(revision.determinations);
  const date = revision.signedAt.slice(0, 10);
  const referenceNumber = `${caseFile.id}-${revision.number}`;
  const p2pPhone = revision.signer.peerToPeerPhone ?? org.phone;
  const appeal: AppealRight | undefined = options.appealRights.entries.find((e) => e.lineOfBusiness === line);
  if (!appeal) throw new Error(`No appeal rights are set for ${line} members.`);

  const determinationOf = (code: string) => revision.determinations.find((d) => d.code === code);
  /** The service in the member's words (rule data, kept on the determination), else as the request describes it. */
  const plainName = (code: string): string | undefined => determinationOf(code)?.service;
  const described = (code: string): string | undefined => req.codes.find((c) => c.code === code)?.description ?? options.codeDescriptions?.[code];
  const service = (code: string): string => {
    const plain = plainName(code);
    if (plain) return `the ${plain} (procedure code ${code})`;
    const desc = described(code);
    return desc ? `${code} (${desc})` : `the service with procedure code ${code}`;
  };
  const serviceRow = (code: string): string => {
    const plain = plainName(code);
    if (plain) return `${plain.charAt(0).toUpperCase()}${plain.slice(1)} (code ${code})`;
    const desc = described(code);
    return desc ? `${code} (${desc})` : `Procedure code ${code}`;
  };
  const family = (id: string): string | undefined => wording.guidelineFamilies.find((f) => id.startsWith(f.prefix))?.name;
  const guidelineName = (id: string): string => {
    const document = options.guidelineTitles?.[id] === undefined ? options.documentTitles?.[id] : undefined;
    if (document) return `policy “${document}”`;
    const title = options.guidelineTitles?.[id];
    const fam = family(id);
    if (title) return `${title.includes(id) ? title : `${title} (${id})`}${fam ? `, one of the ${fam}` : ''}`;
    return fam ? `${fam}, ${id}` : `guideline ${id}`;
  };
  /** The guideline, its section and version in words: the member's part never shows criterion ids. */
  const citation = (r: DeterminationReason): string | undefined => {
    if (r.guidelineId) {
      const title = guidelineName(r.guidelineId);
      const section = r.section && !title.toLowerCase().includes(r.section.toLowerCase()) && r.section.length <= 80 ? `the section “${r.section}” of ` : '';
      const parts = [`${section}the ${title}`];
      // A dated or numbered version reads "version 1.0.2026"; the SCS/intrathecal FAQ has neither.
      if (r.version) parts.push(/^v?\d/i.test(r.version) ? `version ${r.version.replace(/^v/i, '')}` : /undated/i.test(r.version) ? 'an undated FAQ' : `as published in its ${r.version}`);
      return parts.join(', ');
    }
    return r.source;
  };
  const vars = {
    phone: org.phone,
    tty: org.tty,
    hours: org.hours,
    providerName: req.requestingProvider.name,
    dateOfService: longDateOrNotStated(req.dateOfService),
    memberName: req.member.name,
    plan: req.plan.name,
    reviewerName: `${revision.signer.name}, ${revision.signer.credentials}`,
    p2pPhone,
    reference: referenceNumber,
  };

  const opening = [fill(wording.openings[template], vars)];
  const specialty = revision.signer.specialty?.trim();
  opening.push(specialty ? fill(wording.sentences.reviewedBy, { ...vars, specialty }) : fill(wording.sentences.reviewedByNoSpecialty, vars));
  if (revision.supersedes) {
    const old = caseFile.revisions.find((r) => r.id === revision.supersedes);
    if (old) opening.unshift(fill(wording.sentences.amendment, { date: longDate(old.signedAt), reference: `${caseFile.id}-${old.number}` }));
  }

  const rows: DecisionRow[] = revision.determinations.map((d) => ({
    service: serviceRow(d.code),
    requested: units(d.requestedUnits),
    decision:
      d.outcome === 'partially-approved' && d.approvedUnits !== undefined
        ? `${wording.outcomeLabels[d.outcome]}: ${units(d.approvedUnits)} of ${d.requestedUnits}`
        : wording.outcomeLabels[d.outcome],
  }));

  const sections: LetterSection[] = [];
  const approvals = revision.determinations.filter((d) => APPROVING_OUTCOMES.has(d.outcome));
  if (approvals.length > 0) {
    const lines = approvals.map((d) => {
      const period = d.authorization;
      const u = {
        service: capitalize(service(d.code)), units: units(d.approvedUnits ?? 0), requested: units(d.requestedUnits),
        start: period ? longDate(period.start) : '', end: period ? longDate(period.end) : '',
      };
      return fill(d.outcome === 'partially-approved' ? wording.sentences.partiallyApprovedUnits : wording.sentences.approvedUnits, u);
    });
    const numbers = approvals.filter((d) => d.authorizationNumber).map((d) => para(fill(wording.sentences.authorizationNumber, { code: d.code, authorization: d.authorizationNumber! })));
    const blocks = [bullets(lines), ...numbers, para(wording.sentences.approvalConditions)];
    for (const d of approvals) {
      if (d.exceptionRationale?.trim()) blocks.push(para(fill(wording.sentences.exception, { rationale: d.exceptionRationale.trim() })));
    }
    sections.push({ heading: wording.headings.approvalDetail, blocks });
  }
  for (const d of revision.determinations.filter((x) => ADVERSE_OUTCOMES.has(x.outcome))) {
    const intro = wording.reasonIntros[d.outcome as keyof LetterWording['reasonIntros']];
    const blocks = [para(intro), bullets(d.reasons.map((r) => r.text))];
    const cited = [...new Set(d.reasons.map(citation).filter((c): c is string => Boolean(c)))];
    for (const c of cited) blocks.push(leadPara(fill(wording.sentences.reliedOn, { citation: c })));
    if (d.clinicalRationale.trim()) blocks.push(leadPara(fill(wording.sentences.clinicalJudgment, { rationale: d.clinicalRationale.trim() })));
    if (d.whatWouldChange?.trim()) blocks.push(leadPara(fill(wording.sentences.whatWouldChange, { change: d.whatWouldChange.trim() })));
    sections.push({ heading: fill(d.outcome === 'partially-approved' ? wording.headings.whyNotAll : wording.headings.whyNot, { service: service(d.code) }), blocks });
  }
  const redirected = revision.determinations.filter((d) => d.outcome === 'redirected');
  if (redirected.length > 0) {
    sections.push({
      heading: wording.headings.redirected,
      blocks: redirected.map((d) => para(fill(wording.sentences.redirected, {
        service: capitalize(service(d.code)),
        plan: req.plan.name,
        reason: d.reasons.map((r) => r.text.trim()).filter(Boolean).map((t) => (/[.!?]$/.test(t) ? t : `${t}.`)).join(' ') || 'Your health plan decides requests for this use.',
      }))),
    });
  }
  if (line === 'medicare' || line === 'medicare-advantage') {
    sections.push({ heading: wording.headings.medicare, blocks: [para(fill(wording.sentences.medicare, { coverage: coverageName(line) }))] });
  }
  const adverse = template === 'denial' || template === 'partial-approval';
  if (adverse) {
    sections.push({ heading: wording.headings.guidelineCopy, blocks: [para(fill(wording.sentences.guidelineCopy, vars))] });
    sections.push({ heading: wording.headings.peerToPeer, blocks: [para(fill(wording.sentences.peerToPeer, vars))] });
    const appealVars = {
      ...vars,
      days: appeal.deadlineDays,
      deadlineDate: appeal.deadlineFrom === 'claim-decision' ? '' : longDate(addDays(date, appeal.deadlineDays)),
      appealsAddress: org.appealsAddress,
      appealsFax: org.appealsFax,
      expeditedHours: appeal.expeditedHours ?? '',
    };
    sections.push({
      heading: wording.headings.appeal,
      blocks: [para(fill(appeal.howToAppeal, appealVars)), ...(appeal.furtherReview ? [para(appeal.furtherReview)] : [])],
    });
    sections.push({ heading: wording.headings.expedited, blocks: [para(fill(appeal.expedited, appealVars))] });
  }
  sections.push({ heading: wording.headings.questions, blocks: [para(fill(wording.sentences.questions, vars))] });

  const providerRows: ProviderDetailRow[] = revision.determinations.flatMap((d) => {
    const decision = wording.outcomeLabels[d.outcome];
    const base = d.reasons.map((r) => ({
      code: d.code,
      decision,
      guideline: r.guidelineId ? `${r.guidelineId}${r.version ? ` ${r.version}` : ''}` : (r.source ?? ''),
      criterionId: r.criterionId ?? '',
      criterion: r.criterionText ?? r.text,
      reason: r.text,
    }));
    const none = APPROVING_OUTCOMES.has(d.outcome) ? 'The criteria applied were met.' : '';
    return base.length > 0 ? base : [{ code: d.code, decision, guideline: '', criterionId: '', criterion: '', reason: d.clinicalRationale.trim() || none }];
  });
  const notes: string[] = revision.determinations.flatMap((d) => {
    const out: string[] = [];
    if (d.clinicalRationale.trim()) out.push(`${d.code}: clinical rationale: ${d.clinicalRationale.trim()}`);
    if (d.exceptionRationale?.trim()) out.push(`${d.code}: approved as an exception to the guideline: ${d.exceptionRationale.trim()}`);
    if (d.authorization && d.approvedUnits !== undefined) out.push(`${d.code}: ${units(d.approvedUnits)} authorized ${d.authorization.start} to ${d.authorization.end}${d.authorizationNumber ? `, authorization number ${d.authorizationNumber}` : ''}.`);
    return out;
  });
  if (revision.cmsPolicyAcknowledgedAt) notes.push(`CMS coverage policy applied (acknowledged ${revision.cmsPolicyAcknowledgedAt.slice(0, 10)}).`);
  if (adverse) notes.push(`Appeal timeframe: ${appeal.source}`);
  notes.push(`Peer-to-peer conversation with ${vars.reviewerName}: ${p2pPhone}.`);

  return {
    template,
    title: wording.titles[template],
    date,
    dateText: longDate(date),
    referenceNumber,
    revisionId: revision.id,
    organization: org,
    member: { name: req.member.name, lines: addressOf(req.member) },
    provider: {
      name: req.requestingProvider.name,
      lines: [...(req.requestingProvider.organization ? [req.requestingProvider.organization] : []), ...addressOf(req.requestingProvider)],
    },
    re: [
      { label: 'Member', value: req.member.name },
      { label: 'Member number', value: req.member.id },
      { label: 'Date of birth', value: longDateOrNotStated(req.member.dateOfBirth) },
      { label: 'Health plan', value: req.plan.name },
      { label: 'Requesting provider', value: req.requestingProvider.name },
      { label: 'Planned date of service', value: longDateOrNotStated(req.dateOfService) },
      { label: 'Reference number', value: referenceNumber },
    ],
    salutation: fill(wording.sentences.salutation, vars),
    opening,
    decisions: { heading: wording.headings.decisions, rows },
    sections,
    signature: {
      closing: wording.sentences.closing,
      name: revision.signer.name,
      credentials: revision.signer.credentials,
      title: revision.signer.title ?? 'Medical Director',
      ...(specialty ? { specialty } : {}),
    },
    copyTo: `${req.requestingProvider.name}${req.requestingProvider.organization ? `, ${req.requestingProvider.organization}` : ''} (requesting provider)`,
    providerDetail: { heading: wording.headings.providerSection, intro: fill(wording.sentences.providerIntro, vars), rows: providerRows, notes },
    notice: {
      heading: wording.headings.notice,
      paragraphs: wording.notice.paragraphs.map((t) => fill(t, { ...vars, organization: org.name, coordinator: org.civilRightsCoordinator })),
      taglines: wording.notice.taglines.map((t) => fill(t, vars)),
    },
    footer: fill(wording.footer, vars),
  };
}
