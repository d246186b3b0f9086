// Proof that the spec serves a TypeScript team: request bodies built against the
// types that openapi-typescript 7.13.0 generates from spec-bundle/openapi.yaml.
// `make check-ts` (tools/ts-proof.sh) generates ./heymarket.d.ts and runs
// `tsc --noEmit` on this file; it must compile without errors.
import type { components, operations, paths } from "./heymarket";

/** The JSON body of a request or response object of the generated types. */
type Json<T extends { content: { "application/json": unknown } }> = T["content"]["application/json"];

// ---- v1 create: POST /v1/contact (phone is required, the rest optional)
export type CreateContactBody = Json<paths["/v1/contact"]["post"]["requestBody"]>;

export const v1Create: CreateContactBody = {
  phone: "15105553344",
  first: "Jordan",
  last: "Rivera",
  email: "jordan.rivera@example.com",
  custom: { "123": "Premium" },
  tags: [{ tag_id: 55 }, { tag_id: 56 }],
  is_opted_out: false,
};
// The operation's body is the named schema.
export const v1CreateAsSchema: components["schemas"]["ContactRequest"] = v1Create;

// ---- v2 create: POST /v2/contact (a contact described by its channels)
export type CreateContactV2Body = Json<paths["/v2/contact"]["post"]["requestBody"]>;

export const v2Create: CreateContactV2Body = {
  contact_channels: [
    { channel_type: "phone", channel_id: "15105553344" },
    { channel_type: "email", channel_id: "help@heymarket.com" },
  ],
  first: "API",
  last: "Contact",
  display_name: "API Contact",
};

// ---- batch create: POST /v1/batch/contacts?overwrite=true (a top-level array)
export type BatchCreateBody = Json<paths["/v1/batch/contacts"]["post"]["requestBody"]>;

export const batch: BatchCreateBody = [v1Create, { phone: "12345678900", display_name: "John Smith", custom: {} }];
export const batchQuery: NonNullable<operations["batchCreateContacts"]["parameters"]["query"]> = { overwrite: true };

// ---- a response: the v1 create result carries both identifiers
type CreateResult = Json<operations["createContact"]["responses"][200]>;

export function v2PathOf(result: CreateResult): `/v2/contact/${string}` {
  const id: number = result.id;
  const rev: number = result.rev;
  void id;
  void rev;
  return `/v2/contact/${result.uuid}`;
}

// ---- enums are literal unions
export const status: components["schemas"]["ContactStatusValue"] = "unsubscribed";
