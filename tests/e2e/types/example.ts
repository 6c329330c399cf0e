// A portal's TypeScript using EVERY export of pkg/ and the <migration-preflight> element's
// types. tests/e2e/types.test.mjs type-checks it (tsc --noEmit -p tests/e2e/types) and
// fails when an export of a .d.ts is not named here. Never run: it only has to type-check.
import init, {
  initSync,
  assessmentTemplate,
  catalogue,
  checkCsv,
  checkFiles,
  dnsCompare,
  dnsCompareAnswers,
  dnsLookupQuestions,
  dnsParseResponse,
  dnsPlan,
  dnsPlanInputFromAssessment,
  dnsQuery,
  dnsRender,
  exampleCsv,
  fixCsv,
  generatePassword,
  readinessReport,
  renderReport,
  runbook,
  runbookFiles,
  splitCsv,
  version,
  zipFiles,
} from "../../../pkg/migration_preflight.js";
import type {
  Answer,
  Assessment,
  Batch,
  CatalogueEntry,
  Change,
  ChangeGroup,
  CheckOptions,
  CsvInput,
  Dated,
  DirectoryOptions,
  DirectorySummary,
  DnsAnswerInput,
  DnsChange,
  DnsComparison,
  DnsDomainInput,
  DnsPhase,
  DnsPlan,
  DnsPlanInput,
  DnsPlannedRecord,
  DnsPublishedRecord,
  DnsQuestion,
  DnsRecord,
  DnsResponse,
  DnsStep,
  Finding,
  FindingGroup,
  Fixed,
  InitInput,
  InitOutput,
  Milestone,
  Progress,
  ReadinessOptions,
  ReadinessReport,
  Report,
  ReportFormat,
  RunbookFile,
  Severity,
  Split,
  SplitOptions,
  Summary,
  SyncInitInput,
  Task,
  Verdict,
} from "../../../pkg/migration_preflight.js";
import { MigrationPreflight, invalidDomains, summaryLine } from "../../../www/component.js";
import type { MigrationPreflightEventMap, PreflightReport, PreflightReportEvent } from "../../../www/component.js";

// Loading the module: from its URL (the default) or from bytes the portal already has.
export async function load(source?: InitInput, bytes?: SyncInitInput): Promise<InitOutput> {
  if (bytes) return initSync({ module: bytes });
  return init(source === undefined ? undefined : { module_or_path: source });
}

// Checking: one file, several files, the corrected CSV and the batches.
export function checkAll(file: CsvInput, others: CsvInput[], directories: DirectoryOptions): string[] {
  const options: CheckOptions = { domains: ["contoso.com"], federated: false, tenantName: "Contoso", bannedTerms: ["hockey"] };
  const one: Report = checkCsv(file.bytes, options);
  let read = 0;
  const many: Report = checkFiles([file, ...others], { ...options, ...directories }, (rowsRead, rowsTotal) => {
    read = Math.min(rowsRead, rowsTotal);
  });
  const directory: DirectorySummary | undefined = many.directory;
  const summary: Summary = one.summary;
  const verdict: Verdict = one.verdict;
  const first: Finding | undefined = one.findings[0];
  const severity: Severity | undefined = first?.severity;
  const groups: FindingGroup[] = one.groups ?? [];
  const fixed: Fixed = fixCsv(file.bytes, { generatePasswords: true });
  const changes: Change[] = fixed.changes;
  const changeGroups: ChangeGroup[] = fixed.changeGroups;
  const splitOptions: SplitOptions = { size: 2000, prefix: "Wave1" };
  const split: Split = splitCsv([file], splitOptions, options);
  const batches: Batch[] = split.batches;
  const archive: Uint8Array = zipFiles(batches.map((b) => ({ name: b.fileName, bytes: new TextEncoder().encode(b.csv) })));
  const rules: CatalogueEntry[] = catalogue();
  return [
    verdict,
    String(summary.mailboxes),
    severity ?? "none",
    String(directory?.matched ?? 0),
    ...groups.map((g) => `${g.code} ×${g.count}`),
    ...changes.map((c) => c.description),
    ...changeGroups.map((g) => `${g.count} × ${g.description}`),
    ...batches.map((b) => `${b.fileName}: ${b.mailboxes}`),
    `${archive.length} bytes zipped, ${read} rows read`,
    `${rules.length} rules`,
    generatePassword().length > 0 ? "password" : "",
    exampleCsv().slice(0, 12),
    version(),
  ];
}

// The readiness report and the runbook, from the assessment.
export function readiness(files: CsvInput[]): string[] {
  const answer: Answer = "yes";
  const assessment: Assessment = JSON.parse(assessmentTemplate());
  assessment.tenant = { ...assessment.tenant, domainVerified: answer };
  const options: ReadinessOptions = { pseudonymise: true };
  const report: ReadinessReport = readinessReport(files, JSON.stringify(assessment), options);
  const tasks: Task[] = report.checklist;
  const timeline: Milestone[] = report.timeline;
  const due: Dated | null = report.dates.mxChange;
  const records: DnsRecord[] = report.dns?.records ?? [];
  const progress: Progress | undefined = report.since;
  const format: ReportFormat = "md";
  const plan: RunbookFile[] = runbookFiles(files);
  return [
    renderReport(files, JSON.stringify(assessment), format, options),
    runbook(files, JSON.stringify(assessment), options),
    ...tasks.map((t) => `${t.id}: ${t.status}`),
    ...timeline.map((m) => m.key),
    due?.at ?? "",
    ...records.map((r) => r.name),
    String(progress?.counts.resolved ?? 0),
    ...plan.map((f) => `${f.batch} ← ${f.name}`),
  ];
}

// DNS: the plan, rendered, compared with a zone file and with live answers.
export function dns(assessmentJson: string, zone: string, answerBytes: Uint8Array): string[] {
  const domain: DnsDomainInput = { name: "contoso.com", verification: "MS=ms12345678" };
  const input: DnsPlanInput = { ...dnsPlanInputFromAssessment(assessmentJson), domains: [domain] };
  const plan: DnsPlan = dnsPlan(input);
  const planned: DnsPlannedRecord[] = plan.records;
  const steps: DnsStep[] = plan.steps;
  const phase: DnsPhase | undefined = steps[0]?.phase;
  const questions: DnsQuestion[] = dnsLookupQuestions(input);
  const query: Uint8Array = dnsQuery(questions[0]?.name ?? "contoso.com", questions[0]?.type ?? "MX");
  const response: DnsResponse = dnsParseResponse(answerBytes);
  const published: DnsPublishedRecord[] = response.answers;
  const answers: DnsAnswerInput[] = questions.map((q) => ({ name: q.name, type: q.type, bytes: answerBytes }));
  const fromZone: DnsComparison = dnsCompare(input, zone);
  const live: DnsComparison = dnsCompareAnswers(input, answers, "https://dns.example/dns-query");
  const diff: DnsChange[] = [...fromZone.changes, ...live.changes];
  return [
    dnsRender(input, "zone"),
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
