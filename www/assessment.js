// The assessment form (step 4): the answers not asked in steps 1 to 3, grouped as the
// procedure goes (source, tenant, DNS, schedule, progress), in Exchange words. The answers
// live in the page's one state (state.js); the form only shows and edits them. The
// mailbox count is not asked: the CSV files answer it.

const YES_NO = [["unknown", "not known"], ["yes", "yes"], ["no", "no"]];

/** The sections: [title, note naming what is asked elsewhere, fields [path, label, kind]]. */
export const SECTIONS = [
  ["On-premises Exchange (source)", null, [
    ["source.exchangeVersion", "Exchange version of the mailbox servers", [["unknown", "not known"], ["2003", "Exchange 2003"], ["2007", "Exchange 2007"], ["2010", "Exchange 2010"], ["2013", "Exchange 2013"], ["2016", "Exchange 2016"], ["2019", "Exchange 2019"], ["subscriptionEdition", "Exchange Subscription Edition"]]],
    ["source.outlookAnywhereEnabled", "Outlook Anywhere (RPC over HTTP) reachable from the internet", YES_NO],
    ["source.certificate", "Outlook Anywhere certificate", [["unknown", "not known"], ["trusted", "from a public certification authority"], ["selfSigned", "self-signed"]]],
    ["source.rpcProxyServer", "Outlook Anywhere host name (RPC proxy server)", "text"],
    ["source.exchangeServer", "Exchange server FQDN (if Autodiscover does not find it)", "text"],
    ["source.migrationAdmin", "Migration administrator account (DOMAIN\\user)", "text"],
    ["source.permissions.fullAccess", "Migration administrator has FullAccess on every mailbox", YES_NO],
    ["source.permissions.receiveAs", "…or Receive As on the mailbox databases", YES_NO],
    ["source.permissions.writeTargetAddress", "…and WriteProperty on TargetAddress", YES_NO],
    ["source.unifiedMessagingDisabled", "Unified Messaging disabled for these mailboxes (or not deployed)", YES_NO],
    ["source.mrsProxyEnabled", "MRS Proxy enabled (Exchange 2010 and later; not needed from 2003 or 2007)", YES_NO],
    ["source.testMailbox", "Mailbox to test the connection with (an address to migrate)", "text"],
  ]],
  ["Microsoft 365 (tenant)", "Verified domains, organisation name, AD FS and your own banned password terms are asked in step 1; the initial domain in step 3.", [
    ["tenant.domainVerified", "Email domain verified in the Microsoft 365 admin center", YES_NO],
    ["tenant.directorySync", "Users created by directory synchronisation (Microsoft Entra Connect)", YES_NO],
    ["tenant.licencesAvailable", "Exchange Online licences available to assign", "number"],
  ]],
  ["DNS", "The records' answers (verification value, published SPF record, on-premises senders, Autodiscover host, current MX TTL) are asked in step 3.", [
    ["dns.mxTtlLoweredAt", "MX TTL lowered at", "date"],
    ["dns.previousMxTtlSeconds", "MX TTL before it was lowered (seconds)", "number"],
    ["dns.mxChangedAt", "MX pointed to Exchange Online at", "date"],
  ]],
  ["Schedule", "The first batch, the last batch and the MX change are planned in step 3.", [
    ["schedule.usersCreatedAt", "Users created in Microsoft 365 at (the licence grace period starts)", "date"],
    ["schedule.lastSyncAt", "Oldest “Last synced” time of the migration batches", "date"],
  ]],
  ["Progress", null, [
    ["progress.endpointCreated", "Migration endpoint (Outlook Anywhere) created", YES_NO],
    ["progress.batchesCreated", "Migration batches created", YES_NO],
    ["progress.batchesStarted", "Migration batches started", YES_NO],
    ["progress.mailboxesConverted", "Migrated mailboxes converted to mail-enabled users", YES_NO],
    ["progress.licencesAssigned", "Licences assigned to the migrated users", YES_NO],
    ["progress.batchesDeleted", "Migration batches deleted", YES_NO],
    ["progress.autodiscoverCname", "Autodiscover CNAME points to Exchange Online", YES_NO],
    ["progress.decommissioned", "On-premises Exchange decommissioned", YES_NO],
  ]],
];

/** A labelled input for one answer; `kind` is text, number, date, list or the choices. */
export function field(path, label, kind) {
  const row = document.createElement("label");
  row.className = "field";
  const span = document.createElement("span");
  span.textContent = label;
  let input;
  if (Array.isArray(kind)) {
    input = document.createElement("select");
    for (const [value, text] of kind) input.append(new Option(text, value));
  } else {
    input = document.createElement("input");
    input.autocomplete = "off";
    if (kind === "number") {
      input.type = "text";
      input.inputMode = "numeric";
    } else if (kind === "date") {
      input.type = "datetime-local";
    } else {
      input.type = "text";
    }
    if (kind !== "text") input.dataset.kind = kind;
  }
  input.dataset.path = path;
  input.dataset.label = label;
  row.append(span);
  if (kind === "date") {
    const when = document.createElement("span");
    when.className = "when";
    const zone = document.createElement("span");
    zone.className = "zone-label";
    when.append(input, zone);
    row.append(when);
  } else {
    row.append(input);
  }
  return row;
}

/** Builds the grouped form inside `container`. */
export function assessmentForm(container) {
  for (const [title, note, fields] of SECTIONS) {
    const set = document.createElement("fieldset");
    set.className = "assessment-section";
    const legend = document.createElement("legend");
    legend.textContent = title;
    set.append(legend);
    if (note) {
      const p = document.createElement("p");
      p.className = "note";
      p.textContent = note;
      set.append(p);
    }
    const grid = document.createElement("div");
    grid.className = "assessment";
    for (const [path, label, kind] of fields) grid.append(field(path, label, kind));
    set.append(grid);
    container.append(set);
  }
}
