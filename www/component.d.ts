// Types of <migration-preflight> (www/component.js), for a portal written in TypeScript.
import type { CsvInput, Report, Summary } from "../pkg/migration_preflight.js";

/** The check report the element fires: what `checkFiles` returns, without local values. */
export type PreflightReport = Report;

/** The `preflight-report` event: bubbles and crosses the shadow root (composed). */
export type PreflightReportEvent = CustomEvent<PreflightReport>;

/** The summary line the element shows: "3 mailboxes in 1 file (1 batch needed) · 1 error, …". */
export function summaryLine(summary: Summary): string;

/** The names of a `domains` list that cannot be domain names (shown by the element). */
export function invalidDomains(names: string[]): string[];

/** `<migration-preflight domains="contoso.com" organisation="Contoso" adfs>`. */
export class MigrationPreflight extends HTMLElement {
    static observedAttributes: string[];
    /** The tenant's verified domains (attribute `domains`, space separated); a change re-checks. */
    domains: string[];
    /** The organisation's name, a banned password term (attribute `organisation`); a change re-checks. */
    organisation: string;
    /** AD FS single sign-on is deployed (boolean attribute `adfs`); a change re-checks. */
    adfs: boolean;
    /** The last report, or null before the first check. */
    readonly report: PreflightReport | null;
    /** The check options the attributes give. */
    readonly options: { domains?: string[]; federated: boolean; tenantName?: string };
    /** Checks these files as a drop does; resolves to the report (also fired as the event). */
    checkFiles(files: CsvInput[]): Promise<PreflightReport>;
    /** Checks pasted CSV text; resolves to the report. */
    checkText(text: string): Promise<PreflightReport>;
    connectedCallback(): void;
    disconnectedCallback(): void;
    attributeChangedCallback(name: string, before: string | null, after: string | null): void;
    addEventListener<K extends keyof MigrationPreflightEventMap>(type: K, listener: (this: MigrationPreflight, ev: MigrationPreflightEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
    addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** The element's own events. */
export interface MigrationPreflightEventMap extends HTMLElementEventMap {
    "preflight-report": PreflightReportEvent;
}

declare global {
    interface HTMLElementTagNameMap {
        "migration-preflight": MigrationPreflight;
    }
    interface HTMLElementEventMap {
        "preflight-report": PreflightReportEvent;
    }
}
