// Breaking-change gate: classify the changes between OpenAPI documents.
//
//   node tools/breaking-gate.mjs --after AFTER.json --before BEFORE.json [--before ...]
//        [--label LABEL ...] [--after-label LABEL] [--same-major-only] [--report REPORT.json]
//
// Called by tools/breaking.sh (make breaking / make check-breaking), which
// bundles every side to JSON first. Each --before is compared with --after by
// api-smart-diff (pinned in package.json), then the rules below are applied on
// top. A comparison fails when it finds a breaking change and the major part of
// info.version was not raised (AFTER's major > BEFORE's major). --label names
// the befores in the output (one per --before, same order). --same-major-only
// (history mode) skips every before but the first whose major differs from
// AFTER's. Exit code: 0 all comparisons pass, 1 one fails, 2 usage or input error.
//
// What counts as breaking is what breaks the code of a team that generates a
// client from the spec. api-smart-diff's verdicts are kept, except:
//  * Diffs under `components` are not judged: api-smart-diff classifies them
//    without knowing whether a schema is sent or received (it calls a new
//    required property of a response-only schema breaking, for one). Every
//    schema an operation uses is judged where the operation uses it, under
//    `paths`, with request/response direction.
//  * Rules that make more changes breaking, because api-smart-diff
//    1.0.6 calls them non-breaking or annotation (for OpenAPI 3.0 and 3.1 alike),
//    while generated code stops compiling or starts failing to decode:
//      enum-value-removed      an enum value removed (request or response);
//      response-type-changed   the `type` of a response schema changed (for
//                              example integer -> string, or null added);
//      response-property-removed  a property of a response schema removed;
//      request-property-removed   a property of a request body schema removed;
//      operation-id-changed    an operationId changed or removed (generated
//                              method names come from it).
//  * Two narrow rules that make a change less than breaking, each for one
//    kind of diff that api-smart-diff 1.0.6 misjudges and that no generated code
//    depends on:
//      example-changed         an Example Object of a request body's or a
//                              response's media type (`content.<type>.examples.<name>`
//                              or `content.<type>.example`) added, removed or changed,
//                              which api-smart-diff leaves `unclassified` (it calls a
//                              whole new `examples` map an annotation, but one more
//                              example in an existing map unclassified). It becomes an
//                              annotation: examples are PATCH-level (CHANGELOG.md).
//                              Applies to `unclassified` verdicts only.
//      response-pattern-removed  a `pattern` removed from a response schema, which
//                              api-smart-diff calls breaking. Generated clients do not
//                              check patterns when they decode (openapi-python-client,
//                              openapi-typescript, typescript-fetch), so a looser
//                              response string breaks none of them; it becomes
//                              non-breaking (a MINOR bump). A removed pattern in a
//                              request was already non-breaking; a pattern added or
//                              changed keeps api-smart-diff's verdict.
//  * Other `unclassified` changes count as breaking (fail closed).
import fs from "node:fs";
import { apiCompare } from "api-smart-diff";

function usage(message) {
  if (message) console.error(`error: ${message}`);
  console.error(
    "usage: node tools/breaking-gate.mjs --after AFTER.json --before BEFORE.json [--before ...] " +
      "[--label LABEL ...] [--after-label LABEL] [--same-major-only] [--bump-check] [--report REPORT.json]",
  );
  process.exit(2);
}

const args = { befores: [], labels: [], after: "", report: "", sameMajorOnly: false, bumpCheck: false, afterLabel: "" };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => {
    if (i + 1 >= argv.length) usage(`${a} needs a value`);
    return argv[++i];
  };
  if (a === "--before") args.befores.push(value());
  else if (a === "--label") args.labels.push(value());
  else if (a === "--after") args.after = value();
  else if (a === "--after-label") args.afterLabel = value();
  else if (a === "--report") args.report = value();
  else if (a === "--same-major-only") args.sameMajorOnly = true;
  else if (a === "--bump-check") args.bumpCheck = true;
  else usage(`unknown argument ${a}`);
}
if (!args.after || args.befores.length === 0) usage("--after and at least one --before are required");
if (args.labels.length && args.labels.length !== args.befores.length) usage("give one --label per --before");

function load(file) {
  try {
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!doc || typeof doc !== "object" || typeof doc.openapi !== "string") throw new Error("not an OpenAPI document");
    return doc;
  } catch (err) {
    console.error(`error: cannot read ${file}: ${err.message}`);
    process.exit(2);
  }
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
function semver(version) {
  const m = typeof version === "string" ? version.match(SEMVER) : null;
  return m ? { major: +m[1], minor: +m[2], patch: +m[3], pre: m[4] ?? "" } : null;
}
function compareSemver(a, b) {
  for (const k of ["major", "minor", "patch"]) if (a[k] !== b[k]) return a[k] - b[k];
  if (a.pre === b.pre) return 0;
  if (!a.pre) return 1; // 1.0.0 > 1.0.0-rc.1
  if (!b.pre) return -1;
  return a.pre < b.pre ? -1 : 1;
}

// ---- where a diff path points inside a schema
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SUBSCHEMAS = new Set([
  "items",
  "additionalProperties",
  "not",
  "contains",
  "propertyNames",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
  "additionalItems",
]);

/** Label each segment after `schema` as keyword / name / index / value. */
function schemaSegments(path) {
  const start = path.indexOf("schema");
  if (start < 0) return null;
  const out = [];
  let state = "schema";
  let keyword = "";
  for (const seg of path.slice(start + 1)) {
    const s = String(seg);
    if (state === "schema") {
      out.push({ kind: "keyword", s });
      keyword = s;
      if (NAME_MAPS.has(s)) state = "name";
      else if (SCHEMA_LISTS.has(s)) state = "index";
      else if (SUBSCHEMAS.has(s)) state = "schema";
      else state = "value";
    } else if (state === "name") {
      out.push({ kind: "name", s, of: keyword });
      state = "schema";
    } else if (state === "index") {
      out.push({ kind: "index", s, of: keyword });
      state = "schema";
    } else {
      out.push({ kind: "value", s, of: keyword });
    }
  }
  return out;
}

function direction(path) {
  // paths / <path> / <method> / responses|requestBody|parameters / ...
  if (path[0] !== "paths") return "";
  if (path[3] === "responses") return "response";
  if (path[3] === "requestBody") return "request";
  if (path[3] === "parameters" || path[2] === "parameters") return "request";
  return "";
}

function sameValues(before, after) {
  return JSON.stringify(before) === JSON.stringify(after);
}

function ruleFor(diff) {
  const { path, action } = diff;
  if (path[0] === "paths" && path.length === 4 && path[3] === "operationId" && action !== "add") {
    return "operation-id-changed";
  }
  const segs = schemaSegments(path);
  if (!segs || segs.length === 0) return "";
  const last = segs[segs.length - 1];
  const dir = direction(path);
  // enum values: a removed value, or a replaced whole enum that lost one
  if (last.kind === "value" && last.of === "enum" && (action === "remove" || action === "replace")) {
    return "enum-value-removed";
  }
  if (last.kind === "keyword" && last.s === "enum" && action !== "add") {
    const before = Array.isArray(diff.before) ? diff.before : [];
    const after = Array.isArray(diff.after) ? diff.after : [];
    if (action === "remove" || before.some((v) => !after.some((w) => sameValues(v, w)))) return "enum-value-removed";
  }
  if (dir === "response") {
    if ((last.kind === "keyword" && last.s === "type") || (last.kind === "value" && last.of === "type")) {
      if (!(last.kind === "keyword" && action === "add")) return "response-type-changed";
    }
    if (last.kind === "name" && last.of === "properties" && action === "remove") return "response-property-removed";
  }
  if (dir === "request" && path[3] === "requestBody") {
    if (last.kind === "name" && last.of === "properties" && action === "remove") return "request-property-removed";
  }
  return "";
}

// The example-changed and response-pattern-removed rules (see the top of this file):
// the verdict they give instead of api-smart-diff's, or "".
function reliefFor(diff) {
  const { path, action, type } = diff;
  if (type === "unclassified" && isMediaTypeExample(path)) return { rule: "example-changed", verdict: "annotation" };
  const segs = schemaSegments(path);
  const last = segs && segs[segs.length - 1];
  if (
    type === "breaking" &&
    action === "remove" &&
    direction(path) === "response" &&
    last?.kind === "keyword" &&
    last.s === "pattern"
  ) {
    return { rule: "response-pattern-removed", verdict: "non-breaking" };
  }
  return null;
}

// paths / <path> / <method> / requestBody / content / <type> / examples|example / ...
// paths / <path> / <method> / responses / <status> / content / <type> / examples|example / ...
function isMediaTypeExample(path) {
  if (path[0] !== "paths") return false;
  const at = path[3] === "requestBody" ? 4 : path[3] === "responses" ? 5 : -1;
  return at > 0 && path[at] === "content" && path.length > at + 2 && ["examples", "example"].includes(path[at + 2]);
}

function describe(diff) {
  if (diff.description) return diff.description;
  const where = diff.path.join(".");
  return `[${diff.action}] ${where}`;
}

function compare(before, after) {
  const { diffs } = apiCompare(before, after);
  const judged = [];
  let components = 0;
  for (const d of diffs) {
    if (d.path[0] === "components") {
      components++;
      continue;
    }
    const rule = ruleFor(d);
    const relief = rule ? null : reliefFor(d);
    let verdict = d.type;
    let source = "api-smart-diff";
    if (rule && d.type !== "breaking") {
      verdict = "breaking";
      source = `rule: ${rule}`;
    } else if (relief) {
      verdict = relief.verdict;
      source = `rule: ${relief.rule}`;
    } else if (d.type === "unclassified") {
      verdict = "breaking";
      source = "unclassified (fail closed)";
    }
    judged.push({
      verdict,
      source,
      toolType: d.type,
      action: d.action,
      path: d.path.join("."),
      description: describe(d),
    });
  }
  return { judged, components };
}

const after = load(args.after);
const afterVersion = after.info?.version;
const afterSemver = semver(afterVersion);
const afterLabel = args.afterLabel || args.after;
if (!afterSemver) {
  console.error(`error: ${afterLabel}: info.version ${JSON.stringify(afterVersion)} is not a semantic version (MAJOR.MINOR.PATCH)`);
  process.exit(1);
}

const results = [];
let failed = false;
args.befores.forEach((file, i) => {
  const label = args.labels[i] || file;
  const before = load(file);
  const beforeVersion = before.info?.version;
  const beforeSemver = semver(beforeVersion);
  const result = {
    before: label,
    after: afterLabel,
    beforeVersion,
    afterVersion,
    verdict: "pass",
    reason: "",
    majorRaised: false,
    breaking: [],
    counts: {},
    componentDiffsNotJudged: 0,
  };
  if (args.sameMajorOnly && i > 0 && (!beforeSemver || beforeSemver.major !== afterSemver.major)) {
    result.verdict = "skipped";
    result.reason = `major version differs (${beforeVersion} vs ${afterVersion})`;
    results.push(result);
    return;
  }
  const { judged, components } = compare(before, after);
  result.componentDiffsNotJudged = components;
  for (const j of judged) result.counts[j.verdict] = (result.counts[j.verdict] ?? 0) + 1;
  result.breaking = judged.filter((j) => j.verdict === "breaking");
  result.changes = judged;
  result.majorRaised = Boolean(beforeSemver && afterSemver.major > beforeSemver.major);
  if (beforeSemver && compareSemver(afterSemver, beforeSemver) < 0) {
    result.verdict = "fail";
    result.reason = `info.version went backwards (${beforeVersion} -> ${afterVersion})`;
  } else if (result.breaking.length === 0) {
    result.reason = judged.length ? "no breaking change" : "no change";
  } else if (result.majorRaised) {
    result.reason = `breaking changes allowed: the major version was raised (${beforeVersion} -> ${afterVersion})`;
  } else {
    result.verdict = "fail";
    const how = beforeSemver
      ? `the major part of info.version was not raised (${beforeVersion} -> ${afterVersion})`
      : `the earlier info.version ${JSON.stringify(beforeVersion)} is not a semantic version`;
    result.reason = `${result.breaking.length} breaking change(s) and ${how}`;
  }
  if (args.bumpCheck && i === 0 && result.verdict === "pass") bumpCheck(result, judged, beforeSemver);
  if (result.verdict === "fail") failed = true;
  results.push(result);
});

// --bump-check, against the first --before (the newest earlier content of the spec): a changed spec
// needs a raised info.version, by as much as its kind of change: major for a breaking change, minor
// for an addition (or a deprecation), patch for descriptions and examples only.
function bumpCheck(result, judged, beforeSemver) {
  const changes = judged.filter((j) => j.path !== "info.version");
  if (changes.length === 0 || !beforeSemver) return;
  const kinds = new Set(changes.map((j) => j.verdict));
  const needed = kinds.has("breaking") ? "major" : kinds.has("non-breaking") || kinds.has("deprecated") ? "minor" : "patch";
  const b = beforeSemver;
  const raised =
    afterSemver.major > b.major
      ? "major"
      : afterSemver.major === b.major && afterSemver.minor > b.minor
        ? "minor"
        : afterSemver.major === b.major && afterSemver.minor === b.minor && afterSemver.patch > b.patch
          ? "patch"
          : "none";
  const rank = { none: 0, patch: 1, minor: 2, major: 3 };
  result.bumpNeeded = needed;
  if (rank[raised] >= rank[needed]) return;
  const next =
    needed === "major" ? `${b.major + 1}.0.0` : needed === "minor" ? `${b.major}.${b.minor + 1}.0` : `${b.major}.${b.minor}.${b.patch + 1}`;
  const counts = [...kinds].map((k) => `${changes.filter((j) => j.verdict === k).length} ${k}`).join(", ");
  result.verdict = "fail";
  result.reason =
    `the spec changed since ${result.before} (${counts}) but info.version was not raised enough: ` +
    `this change needs a ${needed} bump, so set info.version to ${next} (or later) and add a ` +
    `"## [${next}] - YYYY-MM-DD" entry to CHANGELOG.md`;
}

for (const r of results) {
  console.log(`breaking-change gate: ${r.before} (${r.beforeVersion}) -> ${r.after} (${r.afterVersion})`);
  if (r.verdict === "skipped") {
    console.log(`  skipped: ${r.reason}`);
    continue;
  }
  for (const b of r.breaking) console.log(`  BREAKING  ${b.description}  [${b.source}; ${b.path}]`);
  const counts = Object.entries(r.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(", ");
  console.log(`  changes: ${counts || "none"}`);
  console.log(`  verdict: ${r.verdict.toUpperCase()}: ${r.reason}`);
  if (r.verdict === "fail" && r.breaking.length && !r.majorRaised) {
    console.log(
      `  If the break is intended, raise the major version (to ${afterSemver.major + 1}.0.0 or later) ` +
        "and describe it in CHANGELOG.md; otherwise make the change compatible.",
    );
  }
}
if (args.report) fs.writeFileSync(args.report, JSON.stringify(results, null, 2) + "\n");
process.exit(failed ? 1 : 0);
