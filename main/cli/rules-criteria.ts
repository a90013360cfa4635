/**
 * `rules criteria <guideline> [--date YYYY-MM-DD]`: the criterion ids, facts with their units and
 * thresholds, indications, experimental uses and determination checks in effect for a guideline on
 * a date, so a case file (or a batch QA script) names exactly what the engine reads.
 */
import { isGroup, type CriterionNode, type RuleFile } from '../../shared/rules/schema';
import { criteriaInEffect } from '../../shared/rules/criteria-in-effect';
import { loadRules } from '../rules/load-rules';
import { CliUsageError, takeOption, type CliCommand } from './command';
import { takeRulesDir } from './rules-options';

const KIND = { all: 'all of', any: 'any one of', atLeast: 'at least' } as const;

function treeLines(node: CriterionNode, depth: number): string[] {
  const pad = '  '.repeat(depth);
  if (isGroup(node)) {
    const head = `${pad}${node.id}  [${node.kind === 'atLeast' ? `${KIND.atLeast} ${node.n}` : KIND[node.kind]}]${node.indication ? `  indication=${node.indication}` : ''}`;
    return [head, ...node.children.flatMap((c) => treeLines(c, depth + 1))];
  }
  const tags = [
    node.fact ? `fact ${node.fact.name} (${node.fact.unit}) ${node.fact.op} ${node.fact.threshold}` : '',
    node.appliesWhen ? `applies when ${node.appliesWhen}` : '',
    node.indication ? `indication=${node.indication}` : '',
  ].filter(Boolean);
  return [`${pad}${node.id}${tags.length ? `  {${tags.join('; ')}}` : ''}`, `${pad}    ${node.text}`];
}

function ruleLines(r: RuleFile): string[] {
  const codes = [...r.appliesTo.codes.map((c) => c.code), ...r.appliesTo.companionCodes.map((c) => `${c.code} (with another code)`)];
  const lines = [
    `${r.id} ${r.version} (${r.role}), effective ${r.effectiveFrom} to ${r.effectiveTo ?? 'open'}; ${r.source.file}${codes.length ? `; codes ${codes.join(', ')}` : ''}`,
    ...treeLines(r.criteria, 1),
  ];
  if (r.appliesTo.indications.length) lines.push('  indications (case file "indication.id"; or "not-covered"):', ...r.appliesTo.indications.map((i) => `    ${i.id}  ${i.label}`));
  if (r.experimentalUses.length) lines.push('  experimental uses (a finding "met" confirms one):', ...r.experimentalUses.map((u) => `    ${u.id}  ${u.text}`));
  const checks = r.determinationRules.filter((d) => d.check);
  if (checks.length) lines.push('  checks (case file "checks[].kind"):', ...checks.map((d) => `    ${d.check!.kind}  ${d.check!.question}`));
  return lines;
}

export const rulesCriteria: CliCommand = {
  words: ['rules', 'criteria'],
  usage: 'rules criteria <guideline> [--date YYYY-MM-DD] [--json] [--rules <dir>]',
  summary: 'List the criterion ids, facts and units, indications and checks in effect for a guideline on a date (default today).',
  async run(args, ctx) {
    const { rulesDir, rest: r1 } = takeRulesDir(args, ctx);
    const { rest: r2, value: date } = takeOption(r1, '--date');
    const json = r2.includes('--json');
    const positional = r2.filter((a) => a !== '--json');
    const guidelineId = positional[0];
    if (!guidelineId) throw new CliUsageError('rules criteria needs a guideline id, e.g. CMM-211');
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new CliUsageError('--date is YYYY-MM-DD');
    const on = date ?? new Date().toISOString().slice(0, 10);
    const rules = await loadRules(rulesDir);
    const found = criteriaInEffect(rules, guidelineId, on);
    if (found.errors.length > 0) {
      for (const e of found.errors) ctx.err(e);
      return 1;
    }
    if (json) {
      ctx.out(JSON.stringify({ guidelineId, date: on, rules: found.rules, notYetInEffect: found.notYetInEffect.map((r) => ({ id: r.id, effectiveFrom: r.effectiveFrom })) }, null, 2));
      return 0;
    }
    ctx.out(`Criteria in effect for ${guidelineId} on ${on}:`);
    for (const r of found.rules) ctx.out(['', ...ruleLines(r)].join('\n'));
    for (const r of found.notYetInEffect) ctx.out(`\n${r.id} takes effect on ${r.effectiveFrom}: not in effect on ${on}.`);
    if (!found.rules.some((r) => r.role === 'guideline')) ctx.out(`\n${guidelineId} has no encoded criteria in effect on ${on}: the reviewer adds free-text criteria (customCriteria).`);
    return 0;
  },
};
