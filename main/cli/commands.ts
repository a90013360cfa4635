/** Every CLI command, in the order `help` lists them. Add a command by adding its module here. */
import type { CliCommand } from './command';
import { casesList } from './cases-list';
import { rulesCheck } from './rules-check';
import { rulesCriteria } from './rules-criteria';
import { evaluateCaseCommand } from './evaluate-case';
import { codesImport } from './codes-import';
import { auditVerify } from './audit-verify';
import { letter } from './letter';
import { importFhir } from './import-fhir';
import { exportFhir } from './export-fhir';
import { validateFhir } from './validate-fhir';
import { teamInit, teamPush, teamStatus } from './team';

export const commands: CliCommand[] = [casesList, rulesCheck, rulesCriteria, evaluateCaseCommand, codesImport, auditVerify, letter, importFhir, exportFhir, validateFhir, teamInit, teamStatus, teamPush];
