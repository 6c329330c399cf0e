// A portal's TypeScript using EVERY export of pkg/ and the <migration-preflight> element's
// types. tests/e2e/types.test.mjs type-checks it (tsc --noEmit -p tests/e2e/types) and
// fails when an export of a .d.ts is not named here. Never run: it only has to type-check.
//
// pkg/ holds two wasm modules: the check module (migration_preflight.js: checkCsv,
// checkFiles, exampleCsv, version), small, loaded with the first view; and the plan module
// (migration_preflight_plan.js: everything, including the DNS plan, the readiness report,
// generatePassword, fixCsv, splitCsv, zipFiles and the catalogue), loaded only when a
// section needs it. A portal imports the check functions by name and the plan module as a
// namespace, so each call says which module it needs.
import init, {
  initSync,
  checkCsv,
  checkFiles,
  exampleCsv,
  version,
} from "../../../pkg/migration_preflight.js";
import type {
  Batch,
  CatalogueEntry,
  Change,
  ChangeGroup,
  CheckOptions,
  CsvInput,
  Finding,
  FindingGroup,
  Fixed,
  InitInput,
  InitOutput,
  Report,
  Severity,
  Split,
  SplitOptions,
  Summary,
  SyncInitInput,
  Verdict,
} from "../../../pkg/migration_preflight.js";
import * as plan from "../../../pkg/migration_preflight_plan.js";
import { MigrationPreflight, invalidDomains, summaryLine } from "../../../www/component.js";
import type { MigrationPreflightEventMap, PreflightReport, PreflightReportEvent } from "../../../www/component.js";

// Loading the check module: from its URL (the default) or from bytes the portal already has.
export async function load(source?: InitInput, bytes?: SyncInitInput): Promise<InitOutput> {
  if (bytes) return initSync({ module: bytes });
  return init(source === undefined ? undefined : { module_or_path: source });
}

// Loading the plan module the same ways, once, the first time a section needs it.
let planLoading: Promise<plan.InitOutput> | null = null;
export function loadPlan(source?: plan.InitInput, bytes?: plan.SyncInitInput): Promise<plan.InitOutput> {
  if (bytes) planLoading ??= Promise.resolve(plan.initSync({ module: bytes }));
  planLoading ??= plan.default(source === undefined ? undefined : { module_or_path: source });
  return planLoading;
}

// The first view: one file or several checked with the check module alone.
export function check(file: CsvInput, others: CsvInput[], onRows: (read: number) => void): string[] {
  const options: CheckOptions = { domains: ["contoso.com"], federated: false, tenantName: "Contoso", bannedTerms: ["hockey"], localValues: true };
  const one: Report = checkCsv(file.bytes, options);
  const many: Report = checkFiles([file, ...others], options, (rowsRead, rowsTotal) => onRows(Math.min(rowsRead, rowsTotal)));
  const summary: Summary = many.summary;
  const verdict: Verdict = one.verdict;
  const first: Finding | undefined = one.findings[0];
  const severity: Severity | undefined = first?.severity;
  const groups: FindingGroup[] = one.groups ?? [];
  return [
    verdict,
    `${summary.mailboxes} mailboxes, ${summary.batchesNeeded} batches`,
    severity ?? "none",
    first?.localValue ?? "",
    ...groups.map((g) => `${g.code} ×${g.count}: ${g.rows}`),
    exampleCsv().split("\r\n")[0] ?? "",
    `check module ${version()}`,
  ];
}

// The portal's views, written once against the check module's types: the plan module's
// results (fixCsv, splitCsv, catalogue) have the same shape and are shown by them.
export function showFixed(fixed: Fixed): string[] {
  const changes: Change[] = fixed.changes;
  const kinds: ChangeGroup[] = fixed.changeGroups;
  return [
    `${changes.length} changes, verdict after: ${fixed.report.verdict}`,
    ...kinds.map((k) => `${k.count} × ${k.description}`),
    ...changes.filter((c) => c.row !== null).map((c) => `row ${c.row}: ${c.description}`),
  ];
}

export function showSplit(split: Split, options: SplitOptions): string[] {
  const batches: Batch[] = split.batches;
  return [
    `${batches.length} batches of up to ${options.size ?? 2000} named ${options.prefix ?? "Batch"}…`,
    ...batches.map((b) => `${b.name} (${b.fileName}): ${b.mailboxes} mailboxes`),
  ];
}

export function showRules(rules: CatalogueEntry[]): string[] {
  return rules.map((r) => `${r.code} [${r.severity}] ${r.title}: ${r.help}`);
}

// Fix, split, zip and the directory comparison: the plan module.
export async function prepare(file: plan.CsvInput, others: plan.CsvInput[], directories: plan.DirectoryOptions): Promise<string[]> {
  await loadPlan();
  const options: plan.CheckOptions = { domains: ["contoso.com"], generatePasswords: true, ...directories };
  const fixed: plan.Fixed = plan.fixCsv(file.bytes, options);
  const changes: plan.Change[] = fixed.changes;
  const kinds: plan.ChangeGroup[] = fixed.changeGroups;
  const splitOptions: plan.SplitOptions = { size: 2000, prefix: "Wave1" };
  const split: plan.Split = plan.splitCsv([file], splitOptions, options);
  const batches: plan.Batch[] = split.batches;
  const archive: Uint8Array = plan.zipFiles(batches.map((b) => ({ name: b.fileName, bytes: new TextEncoder().encode(b.csv) })));
  const rules: plan.CatalogueEntry[] = plan.catalogue();
  // The same checks are in the plan module, with the directory exports compared too.
  const alone: plan.Report = plan.checkCsv(file.bytes, options);
  const compared: plan.Report = plan.checkFiles([file, ...others], options, () => {});
  const directory: plan.DirectorySummary | undefined = compared.directory;
  const summary: plan.Summary = compared.summary;
  const verdict: plan.Verdict = compared.verdict;
  const worst: plan.Finding | undefined = compared.findings.find((f) => f.severity === "error");
  const severity: plan.Severity = worst?.severity ?? "info";
  const groups: plan.FindingGroup[] = compared.groups ?? [];
  // Both modules come from one build; the example can come from either, a password from this one.
  const sameBuild = plan.version() === version();
  const example: plan.CsvInput = { name: "example.csv", bytes: new TextEncoder().encode(plan.exampleCsv()) };
  return [
    ...showFixed(fixed),
    ...showSplit(split, splitOptions),
    ...showRules(rules),
    `${changes.length} changes in ${kinds.length} kinds, ${batches.length} batches, ${archive.length} bytes zipped`,
    `alone: ${alone.verdict}; with the directories: ${verdict} (${severity}), ${summary.mailboxes} mailboxes`,
    `${directory?.matched ?? 0} matched, ${directory?.leftBehind ?? 0} left behind`,
    ...groups.map((g) => `${g.code}: ${g.title}`),
    sameBuild ? "one build" : "mixed builds: reload the page",
    `${example.name}: ${plan.splitCsv([example], {}, {}).batches.length} batch`,
    `reset password: ${plan.generatePassword().length} characters`,
  ];
}

// The readiness report and the runbook, from the assessment.
export async function readiness(files: plan.CsvInput[]): Promise<string[]> {
  await loadPlan();
  const answer: plan.Answer = "yes";
  const assessment: plan.Assessment = JSON.parse(plan.assessmentTemplate());
  assessment.tenant = { ...assessment.tenant, domainVerified: answer };
  const options: plan.ReadinessOptions = { pseudonymise: true };
  const report: plan.ReadinessReport = plan.readinessReport(files, JSON.stringify(assessment), options);
  const tasks: plan.Task[] = report.checklist;
  const timeline: plan.Milestone[] = report.timeline;
  const due: plan.Dated | null = report.dates.mxChange;
  const records: plan.DnsRecord[] = report.dns?.records ?? [];
  const progress: plan.Progress | undefined = report.since;
  const format: plan.ReportFormat = "md";
  const scriptFiles: plan.RunbookFile[] = plan.runbookFiles(files);
  return [
    plan.renderReport(files, JSON.stringify(assessment), format, options),
    plan.runbook(files, JSON.stringify(assessment), options),
    ...tasks.map((t) => `${t.id}: ${t.status}`),
    ...timeline.map((m) => m.key),
    due?.at ?? "",
    ...records.map((r) => r.name),
    String(progress?.counts.resolved ?? 0),
    ...scriptFiles.map((f) => `${f.batch} ← ${f.name}`),
  ];
}

// DNS: the plan, rendered, compared with a zone file and with live answers.
export async function dns(assessmentJson: string, zone: string, answerBytes: Uint8Array): Promise<string[]> {
  await loadPlan();
  const domain: plan.DnsDomainInput = { name: "contoso.com", verification: "MS=ms12345678" };
  const input: plan.DnsPlanInput = { ...plan.dnsPlanInputFromAssessment(assessmentJson), domains: [domain] };
  const records: plan.DnsPlan = plan.dnsPlan(input);
  const planned: plan.DnsPlannedRecord[] = records.records;
  const steps: plan.DnsStep[] = records.steps;
  const phase: plan.DnsPhase | undefined = steps[0]?.phase;
  const questions: plan.DnsQuestion[] = plan.dnsLookupQuestions(input);
  const query: Uint8Array = plan.dnsQuery(questions[0]?.name ?? "contoso.com", questions[0]?.type ?? "MX");
  const response: plan.DnsResponse = plan.dnsParseResponse(answerBytes);
  const published: plan.DnsPublishedRecord[] = response.answers;
  const answers: plan.DnsAnswerInput[] = questions.map((q) => ({ name: q.name, type: q.type, bytes: answerBytes }));
  const fromZone: plan.DnsComparison = plan.dnsCompare(input, zone);
  const live: plan.DnsComparison = plan.dnsCompareAnswers(input, answers, "https://dns.example/dns-query");
  const diff: plan.DnsChange[] = [...fromZone.changes, ...live.changes];
  return [
    plan.dnsRender(input, "zone"),
    ...planned.map((r) => `${r.name} ${r.type}`),
    phase ?? "",
    String(query.length),
    ...published.map((r) => r.value),
    ...diff.map((c) => `${c.action} ${c.name}`),
  ];
}

// The element: created from markup or code, configured, listened to.
export function embed(host: HTMLElement): MigrationPreflight {
  const element = document.createElement("migration-preflight");
  element.domains = ["contoso.com", "fabrikam.com"].filter((d) => invalidDomains([d]).length === 0);
  element.organisation = "Contoso";
  element.adfs = true;
  const options: MigrationPreflight["options"] = element.options;
  element.addEventListener("preflight-report", (event: PreflightReportEvent) => {
    const report: PreflightReport = event.detail;
    host.dataset.verdict = report.verdict;
    host.title = `${summaryLine(report.summary)} (${options.domains?.length ?? 0} domains)`;
  });
  const fromMap: MigrationPreflightEventMap["preflight-report"] | null = null;
  const found: MigrationPreflight | null = host.querySelector("migration-preflight");
  host.append(element);
  void element.checkText("EmailAddress\r\npilarp@contoso.com\r\n").then((r: Report) => r.summary.errors);
  void found?.checkFiles([{ name: "a.csv", bytes: new Uint8Array() }]);
  return fromMap ?? (found instanceof MigrationPreflight ? found : element);
}
