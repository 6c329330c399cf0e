// The second WebAssembly module (pkg/migration_preflight_plan.js): the DNS plan, the
// readiness report, the runbook and the assessment template. The first view only checks
// CSV files (pkg/migration_preflight.js), so this module is fetched the first time a
// section that needs it opens (whenShown) or one of its buttons is used (plan), never at
// page load, and is initialised once.
//
//   import { plan } from "./plan.js";
//   const wasm = await plan();
//   const records = wasm.dnsPlan(input);

import { setSchemaVersion } from "./state.js";

let loading = null;

/**
 * The plan module, loaded and initialised on the first call; later calls get the same
 * module. A failed load (offline, a missing file) is not kept: the next call tries again.
 * @returns {Promise<typeof import("../pkg/migration_preflight_plan.js")>}
 */
export function plan() {
  loading ??= load().catch((e) => {
    loading = null;
    throw e;
  });
  return loading;
}

async function load() {
  const module = await import("../pkg/migration_preflight_plan.js");
  await module.default();
  // The answers are written with the schema version of this build's core.
  try {
    setSchemaVersion(JSON.parse(module.assessmentTemplate()).schemaVersion);
  } catch {
    // The template always parses; if not, answers keep the version they were loaded with.
  }
  return module;
}

/**
 * Starts loading the plan module when `element` (a section of the page) comes into
 * view or gets the focus, so it is ready by the time a button is pressed. Loading
 * problems are reported by the `plan()` call of the button that needs the module.
 * @param {Element} element
 */
export function whenShown(element) {
  const start = () => {
    observer?.disconnect();
    element.removeEventListener("focusin", start);
    plan().catch(() => {});
  };
  const observer =
    typeof IntersectionObserver === "function"
      ? new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && start())
      : null;
  observer?.observe(element);
  element.addEventListener("focusin", start);
}
