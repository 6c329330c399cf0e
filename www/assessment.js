// The assessment form: answers about the environment, kept as the documented assessment
// JSON (schema version 1) so it can be saved, loaded and handed to the report.

const YES_NO = ["unknown", "yes", "no"];

/** Every field the form shows: [path, label, kind or choices]. */
export const FIELDS = [
  ["organisation", "Organisation", "text"],
  ["utcOffset", "Time zone offset of the dates (e.g. +01:00)", "text"],
  ["source.exchangeVersion", "Source Exchange version", ["unknown", "2003", "2007", "2010", "2013", "2016", "2019", "subscriptionEdition"]],
  ["source.outlookAnywhereEnabled", "Outlook Anywhere enabled", YES_NO],
  ["source.certificate", "Outlook Anywhere certificate", ["unknown", "trusted", "selfSigned"]],
  ["source.mrsProxyEnabled", "MRS Proxy enabled (Exchange 2010 and later only; not needed from 2003/2007)", YES_NO],
  ["source.permissions.fullAccess", "Migration admin has FullAccess on the mailboxes", YES_NO],
  ["source.permissions.receiveAs", "…or Receive As on the mailbox database", YES_NO],
  ["source.permissions.writeTargetAddress", "…and WriteProperty on TargetAddress", YES_NO],
  ["source.unifiedMessagingDisabled", "Unified Messaging disabled", YES_NO],
  ["source.exchangeServer", "Exchange server FQDN", "text"],
  ["source.rpcProxyServer", "RPC proxy server (Outlook Anywhere host)", "text"],
  ["source.migrationAdmin", "Migration admin account (DOMAIN\\user)", "text"],
  ["source.testMailbox", "Test mailbox address", "text"],
  ["tenant.domainVerified", "Domain verified in Microsoft 365", YES_NO],
  ["tenant.verifiedDomains", "Verified domains (comma-separated)", "list"],
  ["tenant.directorySync", "Directory synchronisation in place", YES_NO],
  ["tenant.federatedSso", "AD FS single sign-on", YES_NO],
  ["tenant.mailboxCount", "Mailboxes to migrate", "number"],
  ["tenant.licencesAvailable", "Licences available", "number"],
  ["dns.mxTtlSeconds", "Current MX TTL (seconds)", "number"],
  ["dns.mxTtlLoweredAt", "MX TTL lowered at", "date"],
  ["dns.previousMxTtlSeconds", "MX TTL before it was lowered (seconds)", "number"],
  ["dns.mxChangedAt", "MX record changed to Exchange Online at", "date"],
  ["schedule.plannedStart", "Planned first batch", "date"],
  ["schedule.plannedMxChange", "Planned MX change", "date"],
  ["schedule.usersCreatedAt", "Cloud users created at", "date"],
  ["schedule.lastSyncAt", "Last batch sync at", "date"],
  ["progress.endpointCreated", "Migration endpoint created", YES_NO],
  ["progress.batchesCreated", "Batches created", YES_NO],
  ["progress.batchesStarted", "Batches started", YES_NO],
  ["progress.mailboxesConverted", "Migrated mailboxes converted to mail users", YES_NO],
  ["progress.batchesDeleted", "Batches deleted", YES_NO],
  ["progress.licencesAssigned", "Licences assigned", YES_NO],
  ["progress.autodiscoverCname", "Autodiscover CNAME published", YES_NO],
  ["progress.decommissioned", "On-premises Exchange decommissioned", YES_NO],
];

function get(object, path) {
  return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), object);
}

function set(object, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let o = object;
  for (const k of keys) o = o[k] ??= {};
  if (value === undefined) delete o[last];
  else o[last] = value;
}

/** Builds the form inside `container`; returns { read, load }. */
export function assessmentForm(container) {
  let data = { schemaVersion: 1 };
  const inputs = new Map();
  for (const [path, label, kind] of FIELDS) {
    const row = document.createElement("label");
    row.className = "field";
    const span = document.createElement("span");
    span.textContent = label;
    let input;
    if (Array.isArray(kind)) {
      input = document.createElement("select");
      for (const choice of kind) input.append(new Option(choice, choice));
    } else {
      input = document.createElement("input");
      input.type = kind === "number" ? "number" : "text";
      if (kind === "date") input.placeholder = "2026-12-01T18:00:00+01:00";
    }
    input.dataset.path = path;
    input.addEventListener("change", () => {
      const raw = input.value.trim();
      let value;
      if (raw === "" || (Array.isArray(kind) && raw === "unknown")) value = undefined;
      else if (kind === "number") value = Number(raw);
      else if (kind === "list") value = raw.split(/[\s,;]+/).filter(Boolean);
      else value = raw;
      set(data, path, value);
      container.dispatchEvent(new Event("assessmentchange"));
    });
    inputs.set(path, [input, kind]);
    row.append(span, input);
    container.append(row);
  }

  function load(json) {
    data = JSON.parse(json);
    for (const [path, [input, kind]] of inputs) {
      const value = get(data, path);
      if (value == null) input.value = Array.isArray(kind) ? "unknown" : "";
      else input.value = Array.isArray(value) ? value.join(", ") : String(value);
    }
    container.dispatchEvent(new Event("assessmentchange"));
  }

  return { read: () => JSON.stringify(data, null, 2), load };
}
